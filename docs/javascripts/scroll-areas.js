/* A wide Markdown table on a hand-written page sits in Material's .md-typeset__scrollwrap, which
 * scrolls sideways on a narrow screen but cannot be reached by keyboard. While it overflows, this
 * makes it a focusable, labelled region (named by the nearest heading), as the generated pages'
 * scroll areas are in their templates; when it fits again it leaves the tab order. */
(function () {
  "use strict";
  function heading(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.replace(/¶$/, "").trim();
      }
    }
    return "";
  }
  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (heading(wrap) || "表格") + "（表格可横向滚动）");
        wrap.dataset.rkScroll = "";
      } else if (!scrolls && wrap.dataset.rkScroll !== undefined) {
        ["tabindex", "role", "aria-label", "data-rk-scroll"].forEach(function (a) { wrap.removeAttribute(a); });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("resize", update);
})();
