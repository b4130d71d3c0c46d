/*
 * What the 决策助手 and the 对比 picker share: building DOM nodes (data only ever becomes
 * text or attribute values, never markup) and loading a regulation's generated data file once.
 * Data files are <script> files that add themselves to a global (self.RegkbBundles[id] = …), so
 * pages also work opened from the file system, where fetch() of a local file is refused.
 */
(function (root) {
  "use strict";
  const loading = {};

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  // Resolves to self[store][id], loading base + id + ".js" at most once; `failure` prefixes the error.
  function loadData(store, base, id, failure) {
    const have = (self[store] || {})[id];
    if (have) return Promise.resolve(have);
    const url = base + encodeURIComponent(id) + ".js";
    if (!loading[url]) {
      loading[url] = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = url;
        script.onload = () => resolve(self[store][id]);
        script.onerror = () => { delete loading[url]; reject(new Error(failure + id)); };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  // Puts `value` on the clipboard, then calls `done`; where the clipboard API is refused (an http://
  // intranet address is not a secure context) it copies from an off-screen field, else asks the reader
  // to copy it from a prompt showing `value` under `ask`.
  function copyText(value, done, ask) {
    const fallback = () => {
      const area = el("textarea", { class: "rk-offscreen", "aria-hidden": "true" });
      area.value = value;
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) done(); else window.prompt(ask || "请复制：", value);
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(value).then(done, fallback);
    else fallback();
  }

  root.RegkbDom = { el, loadData, copyText };
})(self);
