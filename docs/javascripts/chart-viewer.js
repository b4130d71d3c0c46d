/*
 * One chart viewer for the whole site (流程, regulation pages, 决策助手): every `.rk-chart` that
 * holds an SVG is fitted to the width of its box, with buttons to zoom in, zoom out, fit and show
 * at full size; the box scrolls (pan) with the keyboard (it is focusable), with +/-/0 keys, and by
 * dragging. On narrow screens a process chart too wide for its box is replaced by its top-to-bottom
 * layout.
 *
 * Charts cost nothing until shown: the build puts each chart's inline SVG in a <template data-rk-chart>
 * (parsed, but not in the document, so not styled, laid out or counted in the page's DOM). It is put in
 * place when its box comes near the viewport, when the keyboard is first used (so Tab reaches every
 * link in every chart), before printing (a printout holds every chart), and when a script asks
 * (RegkbChart.show). Without JavaScript a <noscript> picture of the chart stands in its place.
 */
(function (root) {
  "use strict";
  const STEP = 1.25, MIN = 0.1, MAX = 4;

  function natural(svg) {
    const box = svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) return { w: box.width, h: box.height };
    return { w: svg.getBBox().width || 800, h: svg.getBBox().height || 600 };
  }

  /* Puts a <template data-rk-chart>'s chart in place of the template (once). */
  function show(template) {
    if (!template.parentNode) return;
    const host = template.parentElement;
    template.replaceWith(template.content);
    if (host.classList.contains("rk-chart")) {
      attach(host);
      twin(host);
      host.dispatchEvent(new Event("rk-layout"));
    }
  }

  function showIn(scope) {
    (scope || document).querySelectorAll("template[data-rk-chart]").forEach(show);
  }

  function attach(frame) {
    if (frame.dataset.viewer) return;
    const all = () => Array.from(frame.querySelectorAll(":scope > svg"));
    if (!all().length && !frame.querySelector(":scope > template[data-rk-chart]")) return;
    frame.dataset.viewer = "on";
    let scale = null;  // null: fit to width
    const status = RegkbDom.el("span", { class: "rk-zoom-level", "aria-live": "polite" });

    function apply() {
      for (const svg of all()) {
        const size = natural(svg);
        svg.removeAttribute("width");
        svg.removeAttribute("height");
        if (scale === null) {
          svg.style.width = "100%";
          svg.style.maxWidth = size.w + "px";
        } else {
          svg.style.width = Math.round(size.w * scale) + "px";
          svg.style.maxWidth = "none";
        }
        svg.style.height = "auto";
      }
      frame.classList.toggle("rk-chart-fit", scale === null);
      status.textContent = scale === null ? "适应宽度" : Math.round(scale * 100) + "%";
    }

    function current() {
      if (scale !== null) return scale;
      const svg = all().find((s) => s.getBoundingClientRect().width) || all()[0];
      if (!svg) return 1;
      return svg.getBoundingClientRect().width / natural(svg).w || 1;
    }

    function zoom(factor) {
      const before = current();
      const next = Math.min(MAX, Math.max(MIN, before * factor));
      const cx = frame.scrollLeft + frame.clientWidth / 2, cy = frame.scrollTop + frame.clientHeight / 2;
      scale = next;
      apply();
      frame.scrollLeft = cx * (next / before) - frame.clientWidth / 2;
      frame.scrollTop = cy * (next / before) - frame.clientHeight / 2;
    }

    const label = frame.getAttribute("aria-label") || "流程图";
    const button = (text, title, action) => {
      const b = RegkbDom.el("button", { type: "button", class: "rk-zoom-button", "aria-label": title + "（" + label + "）", title: title, text: text });
      b.addEventListener("click", () => { showIn(frame); action(); });
      return b;
    };
    const bar = RegkbDom.el("div", { class: "rk-chart-tools", role: "toolbar", "aria-label": label + "：缩放" }, [
      button("适应宽度", "适应宽度", () => { scale = null; apply(); }),
      button("＋", "放大", () => zoom(STEP)),
      button("－", "缩小", () => zoom(1 / STEP)),
      button("1:1", "1:1 原始大小", () => { scale = 1; apply(); }),
      status,
    ]);
    frame.before(bar);
    frame.addEventListener("keydown", (event) => {
      if (event.target !== frame) return;
      showIn(frame);
      if (event.key === "+" || event.key === "=") { zoom(STEP); event.preventDefault(); }
      else if (event.key === "-") { zoom(1 / STEP); event.preventDefault(); }
      else if (event.key === "0") { scale = null; apply(); event.preventDefault(); }
    });
    // drag to pan (a click on a step still follows its link)
    let drag = null;
    frame.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || scale === null) return;
      drag = { x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop, moved: false };
    });
    frame.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      frame.scrollLeft = drag.left - dx;
      frame.scrollTop = drag.top - dy;
    });
    const stop = () => { setTimeout(() => { drag = null; }, 0); };
    frame.addEventListener("pointerup", stop);
    frame.addEventListener("pointerleave", () => { drag = null; });
    frame.addEventListener("click", (event) => { if (drag && drag.moved) event.preventDefault(); }, true);
    frame.addEventListener("rk-layout", apply);
    apply();
  }

  function attachAll(scope) {
    (scope || document).querySelectorAll(".rk-chart").forEach((frame) => { attach(frame); twin(frame); });
  }

  /* Narrow screens: a process chart whose left-to-right layout is much wider than its box is shown in
     its top-to-bottom layout (drawn at build time, assets/charts/<id>.js), chosen by a media query. */
  const here = document.currentScript ? document.currentScript.src : "";
  const siteRoot = here.replace(/javascripts\/chart-viewer\.js(\?.*)?$/, "");
  const narrow = window.matchMedia ? window.matchMedia("(max-width: 44.9375em)") : null;

  function twin(frame) {
    const wide = frame.querySelector(":scope > svg");
    const group = wide && wide.querySelector("g[id$='graph0']");
    const match = group && /^process-(.+)-graph0$/.exec(group.id);
    if (!match || !narrow || !siteRoot || frame.classList.contains("rk-path-chart") || frame.dataset.twin) return;
    frame.dataset.twin = "on";
    const regulation = match[1];
    let tall = null;
    const choose = () => {
      const useTall = narrow.matches && natural(wide).w > frame.clientWidth * 2;
      if (useTall && !tall) {
        RegkbDom.loadData("RegkbCharts", siteRoot + "assets/charts/", regulation, "").then((text) => {
          if (tall) return;
          const doc = new DOMParser().parseFromString(text, "image/svg+xml");
          tall = document.importNode(doc.documentElement, true);
          tall.querySelectorAll("[id]").forEach((n) => { n.id = "tb-" + n.id; });
          tall.querySelectorAll("a").forEach((a) => {
            for (const attr of ["href", "xlink:href"]) {
              const value = a.getAttribute(attr);
              if (value && value.startsWith("../")) a.setAttribute(attr, siteRoot + value.slice(3));
            }
          });
          tall.classList.add("rk-chart-tall");
          frame.appendChild(tall);
          choose();
        }, () => {});
        return;
      }
      wide.style.display = useTall && tall ? "none" : "";
      if (tall) tall.style.display = useTall ? "" : "none";
      frame.dataset.layout = useTall && tall ? "TB" : "LR";
      frame.dispatchEvent(new Event("rk-layout"));
    };
    if (narrow.addEventListener) narrow.addEventListener("change", choose);
    choose();
  }

  /* Pending charts: those on the first screen are shown at once (before the first paint
     where the parser allows, so nothing below them moves), the others as they come into view. */
  function watch() {
    const pending = Array.from(document.querySelectorAll("template[data-rk-chart]"));
    if (!pending.length) return;
    const near = window.innerHeight;
    const later = pending.filter((t) => {
      if (t.parentElement.getBoundingClientRect().top < near) { show(t); return false; }
      return true;
    });
    if (!later.length) return;
    if (!("IntersectionObserver" in window)) { later.forEach(show); return; }
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        showIn(entry.target);
      }
    });  // no margin: nothing more is built at load than the first screen shows
    later.forEach((t) => observer.observe(t.parentElement));
    const everything = () => { observer.disconnect(); showIn(); };
    window.addEventListener("beforeprint", everything);
    // keyboard users: every chart's links are in the tab order from the first Tab on
    const onTab = (event) => {
      if (event.key !== "Tab") return;
      document.removeEventListener("keydown", onTab, true);
      everything();
    };
    document.addEventListener("keydown", onTab, true);
    document.addEventListener("focusin", (event) => {
      if (event.target.matches && event.target.matches(".rk-chart")) showIn(event.target);
    });
  }

  function start() { attachAll(); watch(); }

  root.RegkbChart = { attach: attach, attachAll: attachAll, show: showIn };
  // at the end of <body> the article is already parsed: start now, before the first paint if possible
  if (document.readyState === "loading" && !document.querySelector(".md-content")) document.addEventListener("DOMContentLoaded", start);
  else start();
})(self);
