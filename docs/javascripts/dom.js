/*
 * What the 决策助手 and the 对比 region picker share: building DOM nodes (data only ever becomes
 * text or attribute values, never markup) and loading a region's generated data file once.
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

  root.RegkbDom = { el, loadData };
})(self);
