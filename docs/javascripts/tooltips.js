/* Tooltips made on demand, for glossary terms (<abbr title>) and every other element with a title.
 *
 * Material's content.tooltips feature builds a tooltip component for each [title] and <abbr> when
 * the page loads: on a regulation page (about 340 titles and 180 glossary terms) that is a long
 * main-thread task before anyone reads anything. Here nothing is built at load: one tooltip element
 * is made the first time a pointer rests on, or the keyboard focuses, an element with a title, and
 * is reused. Glossary terms are made focusable so their definitions reach keyboard users too; the
 * tooltip stays while hovered and closes with Escape (WCAG 1.4.13).
 */
(function () {
  "use strict";

  var SELECTOR = "[title], [data-rk-title]";
  var tip = null;
  var host = null;
  var hideTimer = 0;

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "rk-tooltip";
      tip.className = "rk-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("mouseleave", function () { hideSoon(); });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function target(node) {
    if (!node || node.nodeType !== 1 || !node.closest) return null;
    var el = node.closest(SELECTOR);
    // SVG charts carry their own <title> children; <iframe>s and the tooltip itself are left alone
    if (!el || el.closest("svg") || el.tagName === "IFRAME") return null;
    return el;
  }

  function place(el) {
    var box = el.getBoundingClientRect();
    var t = tooltip();
    var width = t.offsetWidth;
    var height = t.offsetHeight;
    var left = Math.min(Math.max(8, box.left), document.documentElement.clientWidth - width - 8);
    var top = box.bottom + 6;
    if (top + height > window.innerHeight && box.top - height - 6 > 0) top = box.top - height - 6;
    t.style.left = Math.max(8, left + window.scrollX) + "px";
    t.style.top = top + window.scrollY + "px";
  }

  function show(el) {
    clearTimeout(hideTimer);
    if (host === el) return;
    hide();
    var text = el.getAttribute("title") || el.getAttribute("data-rk-title");
    if (!text) return;
    // the title moves aside while shown, so the browser does not draw a second (native) tooltip
    el.setAttribute("data-rk-title", text);
    el.removeAttribute("title");
    var described = el.getAttribute("aria-describedby");
    el.setAttribute("aria-describedby", described ? described + " rk-tooltip" : "rk-tooltip");
    var t = tooltip();
    t.textContent = text;
    t.hidden = false;
    host = el;
    place(el);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!host) return;
    host.setAttribute("title", host.getAttribute("data-rk-title"));
    host.removeAttribute("data-rk-title");
    var described = (host.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== "rk-tooltip";
    });
    if (described.length) host.setAttribute("aria-describedby", described.join(" "));
    else host.removeAttribute("aria-describedby");
    tip.hidden = true;
    host = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 150);
  }

  document.addEventListener("mouseover", function (event) {
    var el = target(event.target);
    if (el) show(el);
    else if (host && !(tip && tip.contains(event.target))) hideSoon();
  });
  document.addEventListener("mouseout", function (event) {
    if (host && host.contains(event.target) && !host.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var el = target(event.target);
    if (el) show(el);
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (host && host === event.target) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && host) hide();
  });
  window.addEventListener("scroll", function () { if (host) place(host); }, { passive: true });

  // Glossary terms become keyboard-reachable (an attribute each, no component): focus shows the definition.
  var terms = document.querySelectorAll(".md-content abbr[title]");
  for (var i = 0; i < terms.length; i++) terms[i].tabIndex = 0;
})();
