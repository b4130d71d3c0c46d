/*
 * The 对比 page of a large corpus: the reader chooses regulations (by province, with a filter)
 * and this script places the chosen regulations' pieces side by side in the topic matrix, thresholds,
 * deadlines, roles and the side-by-side texts. Each regulation's bundle (assets/compare/<id>.js, from
 * regkb.render.comparison_bundle) holds its cells, rows and columns as HTML rendered at build time
 * by the same templates as the inline tables (regkb/templates/_cell.html, _picker.html), which
 * escape the data's text; this script makes no markup for them, only the tables around them.
 * Bundles are <script> files so the page also works opened from the file system.
 * The choice is kept in the URL: ?regulations=a,b&topic=review (or ?province=41); links saved with the
 * parameter's old spelling, ?regions=a,b, are read too.
 */
(function start() {
  "use strict";
  const picker = document.getElementById("compare-picker");
  if (!picker) return;
  // the page's scripts are all deferred and run in document order: this one (in the article) comes
  // before dom.js (at the end of <body>), which has run by DOMContentLoaded
  if (!self.RegkbDom) { document.addEventListener("DOMContentLoaded", start, { once: true }); return; }
  const base = picker.dataset.bundles;
  const labels = JSON.parse(document.getElementById("cp-vocab").textContent); // [id, label] pairs, in order
  const boxes = Array.from(picker.querySelectorAll("input[name=regulation]"));
  const provinceBoxes = Array.from(picker.querySelectorAll("input.cp-province"));
  const topicSelect = document.getElementById("cp-topic");
  const filter = document.getElementById("cp-filter");
  const count = document.getElementById("cp-count");
  let shown = 0; // which render is current, so a slow bundle cannot overwrite a newer choice

  const el = RegkbDom.el;

  // A piece of a regulation's bundle (build-time HTML) as nodes; a <template> parses table cells and rows too.
  function piece(html) {
    const holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content;
  }

  function load(regulation) {
    return RegkbDom.loadData("RegkbCompare", base, regulation, "无法加载地区对比数据：");
  }

  function table(id, head, rows, cls) {
    return el("table", { class: "rk-table" + (cls ? " " + cls : ""), id: id }, [
      el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, rows)]);
  }

  function heads(bundles) { return bundles.map((b) => piece(b.head)); }

  function matrix(bundles) {
    const rows = labels.topics.map(([topic, label]) => el("tr", { id: "topic-" + topic }, [
      el("th", {}, [el("a", { href: "#side-by-side", "data-topic": topic, text: label })]),
    ].concat(bundles.map((b) => piece(b.topics[topic])))));
    return table("topic-matrix", [el("th", { text: "主题" })].concat(heads(bundles)), rows, "rk-matrix");
  }

  function rowsOrNone(rows, columns, message) {
    return rows.length ? rows : [el("tr", {}, [el("td", { colspan: String(columns), text: message })])];
  }

  function thresholds(bundles) {
    const rows = bundles.filter((b) => b.thresholds).map((b) => piece(b.thresholds));
    const head = ["地区", "金额", "含本数", "原文措辞", "对象", "触发", "原则上", "条款"].map((h) => el("th", { text: h }));
    return table("threshold-table", head, rowsOrNone(rows, 8, "所选地区暂无金额门槛数据。"));
  }

  function deadlines(bundles) {
    const rows = bundles.filter((b) => b.deadlines).map((b) => piece(b.deadlines));
    const head = ["地区", "时限", "类型", "事项", "责任主体", "条款"].map((h) => el("th", { text: h }));
    return table("deadline-table", head, rowsOrNone(rows, 6, "所选地区暂无时限数据。"));
  }

  function roles(bundles) {
    const rows = labels.roles.map(([role, label]) => el("tr", { id: "role-" + role }, [
      el("th", { text: label }),
    ].concat(bundles.map((b) => piece(b.roles[role])))));
    return table("role-matrix", [el("th", { text: "职能" })].concat(heads(bundles)), rows, "rk-matrix");
  }

  function texts(bundles, topic) {
    return el("div", { class: "rk-columns", "data-topic": topic }, bundles.map((b) => piece(b.texts[topic])));
  }

  function chosen() { return boxes.filter((b) => b.checked).map((b) => b.value); }

  function fill(id, node) { document.getElementById(id).replaceChildren(node); }

  function placeholder(message) {
    for (const id of ["cp-topics", "cp-thresholds", "cp-deadlines", "cp-roles", "cp-texts"]) {
      fill(id, el("p", { class: "rk-none", text: message }));
    }
  }

  function syncProvinces() {
    for (const box of provinceBoxes) {
      const members = boxes.filter((b) => b.closest("details") === box.closest("details"));
      const on = members.filter((b) => b.checked).length;
      box.checked = on === members.length;
      box.indeterminate = on > 0 && on < members.length;
    }
  }

  function updateUrl(ids) {
    const chosenIds = ids.length ? "regulations=" + ids.map(encodeURIComponent).join(",") + "&" : "";
    const query = "?" + chosenIds + "topic=" + encodeURIComponent(topicSelect.value);
    try { history.replaceState(null, "", query + location.hash); } catch (e) { /* file:// may refuse */ }
  }

  function render() {
    const ids = chosen();
    syncProvinces();
    count.textContent = ids.length ? "已选择 " + ids.length + " 个地区" : "尚未选择地区";
    updateUrl(ids);
    const current = ++shown;
    if (!ids.length) { placeholder("请先选择地区。"); return Promise.resolve(); }
    return Promise.all(ids.map(load)).then((bundles) => {
      if (current !== shown) return;
      fill("cp-topics", matrix(bundles));
      fill("cp-thresholds", thresholds(bundles));
      fill("cp-deadlines", deadlines(bundles));
      fill("cp-roles", roles(bundles));
      fill("cp-texts", texts(bundles, topicSelect.value));
      picker.dataset.shown = ids.join(",");
    }).catch((err) => { placeholder(err.message); });
  }

  /* Another topic for the same regulations: only the side-by-side texts change. */
  function showTopic() {
    const ids = chosen();
    updateUrl(ids);
    if (!ids.length) return;
    const current = ++shown;
    Promise.all(ids.map(load)).then((bundles) => {
      if (current === shown) fill("cp-texts", texts(bundles, topicSelect.value));
    }).catch((err) => { placeholder(err.message); });
  }

  function applyFilter() {
    const query = filter.value.trim();
    for (const group of picker.querySelectorAll("details.rk-province")) {
      const whole = group.querySelector("summary").textContent.includes(query);
      let any = false;
      for (const li of group.querySelectorAll("li[data-filter]")) {
        const match = !query || whole || li.dataset.filter.includes(query);
        li.hidden = !match;
        any = any || match;
      }
      group.hidden = !any;
      group.open = query ? any : group.querySelector("input[name=regulation]:checked") !== null;
    }
  }

  picker.addEventListener("change", (event) => {
    const target = event.target;
    if (target.classList.contains("cp-province")) {
      for (const b of boxes) if (b.closest("details") === target.closest("details")) b.checked = target.checked;
    }
    if (target === topicSelect) showTopic();
    else if (target.name === "regulation" || target.classList.contains("cp-province")) render();
  });
  picker.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-topic]");
    if (!link) return;
    topicSelect.value = link.dataset.topic;
    showTopic();
  });
  filter.addEventListener("input", applyFilter);
  document.getElementById("cp-clear").addEventListener("click", () => {
    for (const b of boxes) b.checked = false;
    applyFilter();
    render();
  });

  /* Restore a choice from the URL (a link from a regulation or a province page, or a shared link). */
  const params = new URLSearchParams(location.search);
  const wanted = new Set(["regulations", "regions"].flatMap((name) => params.getAll(name))  // regions=: the old spelling
    .flatMap((list) => list.split(",")).filter(Boolean));
  const province = params.get("province");
  for (const b of boxes) {
    if (wanted.has(b.value) || (province && b.closest("details").dataset.province === province)) b.checked = true;
  }
  if (labels.topics.some(([topic]) => topic === params.get("topic"))) topicSelect.value = params.get("topic");
  applyFilter();
  if (chosen().length) {
    render().then(() => {
      const target = location.hash && document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    });
  }
})();
