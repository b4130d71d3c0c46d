/*
 * The 对比 page of a large corpus: the reader chooses regions (by province, with a filter) and
 * this script builds the topic matrix, thresholds, deadlines, roles and the side-by-side texts
 * from each chosen region's bundle (assets/compare/<id>.js, written by regkb.compare.region_bundle).
 * Bundles are <script> files so the page also works opened from the file system. Text from the
 * data only ever reaches the page through textContent and attribute values, never as markup.
 * The choice is kept in the URL: ?regions=a,b&topic=review (or ?province=41).
 */
(function () {
  "use strict";
  const picker = document.getElementById("compare-picker");
  if (!picker) return;
  const base = picker.dataset.bundles;
  const root = picker.dataset.root;
  const labels = JSON.parse(document.getElementById("cp-vocab").textContent); // [id, label] pairs, in order
  const boxes = Array.from(picker.querySelectorAll("input[name=region]"));
  const provinceBoxes = Array.from(picker.querySelectorAll("input.cp-province"));
  const topicSelect = document.getElementById("cp-topic");
  const filter = document.getElementById("cp-filter");
  const count = document.getElementById("cp-count");
  let shown = 0; // which render is current, so a slow bundle cannot overwrite a newer choice

  const el = RegkbDom.el;

  function text(value) { return document.createTextNode(value); }

  function load(region) {
    return RegkbDom.loadData("RegkbCompare", base, region, "无法加载地区对比数据：");
  }

  function cite(ref) {
    return el("a", { class: "rk-cite", href: root + ref.url, "data-clause": ref.clause, text: ref.label });
  }

  function cites(refs) {
    const out = [];
    refs.forEach((ref, i) => { if (i) out.push(text(" ")); out.push(cite(ref)); });
    return out;
  }

  // The status notes (later revision, newer rules, expired 试行) touching a fact, each linking to its note.
  function marks(status) {
    return (status || []).flatMap((m) => [text(" "), el("a", {
      class: "rk-status-mark", href: root + m.url, title: m.summary, text: "〔" + m.label + "〕" })]);
  }

  // A fact's citations: every clause it rests on, then the status marks.
  function cited(row) { return cites(row.clauses).concat(marks(row.status)); }

  // A topic × region cell: the editorial summary (编者摘要) with its clauses, 不适用 with its reason, or 未规定.
  function cell(c) {
    if (c.kind === "summary") {
      return [el("span", { class: "rk-editorial", title: "编者对所引条款的概括，以条款原文为准", text: "编者摘要" }),
        text(" " + c.text), el("br")].concat(cited(c));
    }
    if (c.kind === "not_applicable") {
      return [el("span", { class: "rk-none", text: "不适用" }), text("：" + c.text), el("br")].concat(cited(c));
    }
    return [el("span", { class: "rk-none", title: c.text, text: "未规定" }),
      el("span", { class: "rk-none-note", text: "（" + c.text + "）" })].concat(marks(c.status));
  }

  function table(id, head, rows, cls) {
    return el("table", { class: "rk-table" + (cls ? " " + cls : ""), id: id }, [
      el("thead", {}, [el("tr", {}, head)]), el("tbody", {}, rows)]);
  }

  function regionHeads(bundles) {
    return bundles.map((b) => el("th", { "data-region": b.region, title: b.title }, [
      el("a", { href: root + b.url, text: b.region_name })]));
  }

  function matrix(bundles) {
    const rows = labels.topics.map(([topic, label]) => el("tr", { id: "topic-" + topic }, [
      el("th", {}, [el("a", { href: "#side-by-side", "data-topic": topic, text: label })]),
    ].concat(bundles.map((b) => {
      const c = b.topics[topic];
      return el("td", { "data-region": b.region, class: "rk-cell rk-cell-" + c.kind }, cell(c));
    }))));
    return table("topic-matrix", [el("th", { text: "主题" })].concat(regionHeads(bundles)), rows, "rk-matrix");
  }

  function rowsOrNone(rows, columns, message) {
    return rows.length ? rows : [el("tr", {}, [el("td", { colspan: String(columns), text: message })])];
  }

  function thresholds(bundles) {
    const rows = bundles.flatMap((b) => b.thresholds.map((t) => el("tr", { "data-region": b.region }, [
      el("td", { text: t.region_name }),
      el("td", { text: t.comparison + t.amount + t.unit }),
      el("td", { text: t.inclusive ? "是" : "否" }),
      el("td", { text: t.wording }), el("td", { text: t.subject }), el("td", { text: t.triggers }),
      el("td", { text: t.discretionary ? "是" : "" }),
      el("td", {}, cited(t)),
    ])));
    const head = ["地区", "金额", "含本数", "原文措辞", "对象", "触发", "原则上", "条款"].map((h) => el("th", { text: h }));
    return table("threshold-table", head, rowsOrNone(rows, 8, "所选地区暂无金额门槛数据。"));
  }

  function deadlines(bundles) {
    const rows = bundles.flatMap((b) => b.deadlines.map((d) => el("tr", { "data-region": b.region }, [
      el("td", { text: d.region_name }), el("td", { text: d.wording }), el("td", { text: d.kind }),
      el("td", { text: d.what }), el("td", { text: d.actor }), el("td", {}, cited(d)),
    ])));
    const head = ["地区", "时限", "类型", "事项", "责任主体", "条款"].map((h) => el("th", { text: h }));
    return table("deadline-table", head, rowsOrNone(rows, 6, "所选地区暂无时限数据。"));
  }

  function roles(bundles) {
    const rows = labels.roles.map(([role, label]) => el("tr", { id: "role-" + role }, [
      el("th", { text: label }),
    ].concat(bundles.map((b) => {
      const entries = b.roles[role] || [];
      return el("td", { "data-region": b.region }, entries.length
        ? entries.map((e) => el("div", { class: "rk-role" }, [
          el("strong", { text: e.agency }), text("：" + e.duty + " ")].concat(cited(e))))
        : [el("span", { class: "rk-none", text: "—" })]);
    }))));
    return table("role-matrix", [el("th", { text: "职能" })].concat(regionHeads(bundles)), rows, "rk-matrix");
  }

  function items(list) {
    return el("ol", { class: "rk-items" }, list.map((item) => el("li", {}, [
      el("span", { class: "rk-label", text: item.label }), text(item.text),
      item.items.length ? items(item.items) : null,
    ])));
  }

  function texts(bundles, topic) {
    return el("div", { class: "rk-columns", "data-topic": topic }, bundles.map((b) => {
      const units = b.units.filter((u) => u.topics.includes(topic));
      return el("section", { class: "rk-column", "data-region": b.region }, [
        el("h3", {}, [el("a", { href: root + b.url, text: b.region_name })]),
        el("p", { class: "rk-column-title", text: b.title }),
        el("div", { class: "rk-cell rk-cell-" + b.topics[topic].kind }, cell(b.topics[topic])),
      ].concat(units.length ? units.map((u) => el("div", { class: "rk-unit rk-excerpt" }, [
        el("div", { class: "rk-unit-head" }, [cite(u), u.heading ? text(" ") : null,
          u.heading ? el("strong", { text: u.heading }) : null]),
      ].concat(u.paragraphs.flatMap((p) => [el("p", { text: p.text }), p.items.length ? items(p.items) : null]))))
        : []));
    }));
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
    const regions = ids.length ? "regions=" + ids.map(encodeURIComponent).join(",") + "&" : "";
    const query = "?" + regions + "topic=" + encodeURIComponent(topicSelect.value);
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

  /* Another topic for the same regions: only the side-by-side texts change. */
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
      group.open = query ? any : group.querySelector("input[name=region]:checked") !== null;
    }
  }

  picker.addEventListener("change", (event) => {
    const target = event.target;
    if (target.classList.contains("cp-province")) {
      for (const b of boxes) if (b.closest("details") === target.closest("details")) b.checked = target.checked;
    }
    if (target === topicSelect) showTopic();
    else if (target.name === "region" || target.classList.contains("cp-province")) render();
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
  const wanted = new Set((params.get("regions") || "").split(",").filter(Boolean));
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
