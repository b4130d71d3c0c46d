/*
 * The 决策助手 page: reads the form (or the URL query), loads the selected region's rule
 * bundle (generated from data/ at build time) and shows what RegkbDecide.evaluate returns.
 * Bundles are loaded as <script> files so the page also works opened from the file system.
 */
(function () {
  "use strict";
  const form = document.getElementById("decision-helper");
  if (!form) return;
  const result = document.getElementById("decision-result");
  const bundleBase = form.dataset.bundles;
  const root = form.dataset.root;
  const STAGES = ["谋划", "申报", "论证", "审批", "采购", "实施", "验收", "运维"];

  function loadBundle(region) {
    return RegkbDom.loadData("RegkbBundles", bundleBase, region, "无法加载地区规则：");
  }

  const el = RegkbDom.el;

  function citeLink(cite) {
    return el("a", { class: "rk-cite", href: root + cite.url, "data-clause": cite.clause, text: cite.label });
  }

  /* Every clause a fact rests on, each a link: 〔第十一条、第十条第二款〕. */
  function citeLinks(cites) {
    const span = el("span", { class: "rk-cites" }, [document.createTextNode("〔")]);
    const between = cites.some((c) => c.label.endsWith("、")) ? "；" : "、";  // a notice's 二、 labels
    cites.forEach((c, i) => {
      if (i) span.appendChild(document.createTextNode(between));
      span.appendChild(citeLink(c));
    });
    span.appendChild(document.createTextNode("〕"));
    return span;
  }

  const INPUT_NAMES = ["category", "nature", "funding", "classified", "unit_level"];

  /* How the form names an input (its label) and one of its values (the option's text). */
  function inputLabel(name) {
    if (name === "amount") return "项目金额";
    const label = form.querySelector("label[for=dh-" + name + "]");
    return label ? label.textContent : name;
  }

  function valueLabel(name, value) {
    const wanted = name === "classified" ? String(value) : value;
    const option = Array.from(form[name].options).find((o) => o.value === wanted);
    return option ? option.textContent : String(value);
  }

  function statusBlock(answer, bundle) {
    const status = answer.status;
    const warn = status.notes.length > 0;
    const box = el("div", { class: "admonition rk-answer-status " + (warn ? "warning" : "info"),
      "data-status": status.class }, [
      el("p", { class: "admonition-title", text: "文本状态（截至" + status.as_of + "）：" + status.label }),
    ]);
    if (!warn) box.appendChild(el("p", { text: "截至该日未发现" + answer.this_text + "被修订、取代或废止的记录。" }));
    for (const note of status.notes) {
      const item = el("div", { class: "rk-status-note", "data-note-id": note.id, "data-kind": note.kind }, [
        el("p", {}, [el("strong", { text: note.label + "：" }), document.createTextNode(note.summary)]),
      ]);
      if (note.affects.length) {
        item.appendChild(el("p", {}, [document.createTextNode("涉及条款："), citeLinks(note.affects)]));
        const touched = answer.requirements.concat(answer.conditional).filter((r) => r.status_notes.includes(note.id));
        if (touched.length) {
          item.appendChild(el("p", { text: "本答案中受影响的要求：" }));
          item.appendChild(el("ul", { class: "rk-plain" }, touched.map((r) =>
            el("li", {}, [el("a", { href: "#req-" + r.id, text: r.title })]))));
        }
      } else {
        item.appendChild(el("p", { text: "涉及：全文（下列每项要求均依据本文本）。" }));
      }
      if (note.cite.length) item.appendChild(el("p", {}, [document.createTextNode("依据：" + answer.this_text), citeLinks(note.cite)]));
      for (const ev of note.evidence) {
        const parts = [ev.issuer, ev.number, ev.date || ev.date_wording, ev.kind].filter((p) => p);
        item.appendChild(el("p", { class: "rk-evidence" }, [document.createTextNode("依据："),
          el("a", { href: ev.url, rel: "noopener", text: ev.title }), document.createTextNode("（" + parts.join("，") + "）")]));
      }
      box.appendChild(item);
    }
    return box;
  }

  function assumptionsBlock(answer) {
    const given = INPUT_NAMES.filter((k) => answer.inputs[k] !== null)
      .map((k) => inputLabel(k) + "：" + valueLabel(k, answer.inputs[k]));
    const lines = [el("p", { text: "按所填：项目金额 " + answer.inputs.amount + " 万元" +
      (given.length ? "；" + given.join("；") : "") + "。" })];
    if (answer.unknown.length) {
      lines.push(el("p", { class: "rk-unknown", text: "未填写：" + answer.unknown.map(inputLabel).join("、") +
        "。取决于这些信息的要求列在“有条件适用”中，写明条件，未作任何假定。" }));
    }
    return el("div", { class: "rk-assumptions" }, lines);
  }

  function readings(answer, ids) {
    return ids.map((id) => answer.interpretations.find((i) => i.id === id)).filter((i) => i).map((i) =>
      el("div", { class: "rk-interpretation", "data-interpretation-id": i.id }, [
        el("p", {}, [el("strong", { text: "对原文的理解" }), citeLinks(i.cite), document.createTextNode("：" + i.question)]),
        el("p", { text: "本库采用：" + i.reading }),
        el("p", { text: "另一种理解：" + i.alternative }),
      ]));
  }

  function scopeBlock(answer) {
    const scope = answer.scope;
    if (scope.status === "out") {
      return scope.excluded.map((x) =>
        el("div", { class: "admonition warning rk-out-of-scope", "data-exclusion-id": x.id }, [
          el("p", { class: "admonition-title", text: "不纳入" + answer.this_text + "管理" }),
          el("p", {}, [document.createTextNode(x.title + " "), citeLinks(x.cite)]),
        ].concat(readings(answer, x.interpretations))));
    }
    const box = el("div", { class: "admonition rk-scope " + (scope.status === "in" ? "success" : "question"),
      "data-scope": scope.status }, [
      el("p", { class: "admonition-title", text: scope.status === "in" ? "适用范围：纳入" + answer.this_text + "管理"
        : "适用范围：取决于未填写的信息" }),
    ]);
    for (const x of scope.conditional) {
      box.appendChild(el("div", { class: "rk-scope-conditional", "data-exclusion-id": x.id }, [
        el("p", {}, [document.createTextNode(x.condition + "，则不纳入" + answer.this_text + "管理：" + x.title + " "), citeLinks(x.cite)]),
      ].concat(readings(answer, x.interpretations))));
    }
    if (scope.cleared.length) {
      box.appendChild(el("p", { text: "已按所填信息排除以下情形：" }));
      box.appendChild(el("ul", { class: "rk-plain" }, scope.cleared.map((x) =>
        el("li", { "data-exclusion-id": x.id }, [document.createTextNode(x.title + " "), citeLinks(x.cite)]
          .concat(readings(answer, x.interpretations))))));
    }
    return [box];
  }

  function regionOptions() {
    return Array.from(form.region.options).map((o) => ({ id: o.value, name: o.textContent }));
  }

  /* Read and check the form; returns facts or null after showing what is wrong. */
  function readFacts() {
    const error = document.getElementById("dh-amount-error");
    const raw = form.amount.value.trim().replace(/[,，\s]/g, "");
    let message = "";
    if (raw === "") message = "请填写项目金额。";
    else if (!/^\d+(\.\d+)?$/.test(raw)) message = "金额只能是不小于 0 的数字，例如 600 或 599.99。";
    error.textContent = message;
    form.amount.setAttribute("aria-invalid", message ? "true" : "false");
    if (message) { form.amount.focus(); return null; }
    let amount = Number(raw);
    if (form.unit.value === "yuan") amount = amount / 10000;
    return {
      region: form.region.value,
      amount: amount,
      category: form.category.value || null,
      nature: form.nature.value || null,
      funding: form.funding.value || null,
      classified: form.classified.value === "" ? null : form.classified.value === "true",
      unit_level: form.unit_level.value || null,
    };
  }

  function requirementItem(answer, req, conditional) {
    const notes = answer.status.notes.filter((n) => req.status_notes.includes(n.id) && n.affects.length);
    const why = conditional
      ? el("span", { class: "rk-req-condition", text: req.condition +
        (req.waits_on.length ? "（待填：" + req.waits_on.map(inputLabel).join("、") + "）" : "（原文条件，助手无法判断，请自行核对）") +
        (req.because ? "；已满足：" + req.because : "") })
      : el("span", { class: req.general ? "rk-req-reason rk-general" : "rk-req-reason rk-triggered",
        text: req.general ? req.reason : "触发：" + req.because });
    const meta = el("div", { class: "rk-req-meta" }, [
      el("span", { class: "rk-req-authority", text: "负责机构：" + req.authority }),
      req.deadline ? el("span", { class: "rk-req-deadline", text: "时限：" + req.deadline }) : null,
      why,
    ]);
    const materials = req.materials.length
      ? el("div", { class: "rk-req-materials", text: "材料：" + req.materials.join("、") }) : null;
    const attrs = { class: "rk-requirement" + (conditional ? " rk-conditional" : ""), id: "req-" + req.id,
      "data-requirement-id": req.id };
    if (conditional) attrs["data-conditional"] = "true";
    return el("li", attrs, [
      el("div", { class: "rk-req-title" }, [
        conditional ? el("span", { class: "rk-badge rk-conditional-badge", text: "有条件" }) : null,
        el("strong", { text: req.title }),
        req.discretionary ? el("span", { class: "rk-badge rk-discretionary", title: "原文为“原则上”，有裁量空间", text: "原则上" }) : null,
        document.createTextNode(" "), citeLinks(req.cite),
      ]),
      meta, materials,
    ].concat(notes.map((n) => el("p", { class: "rk-req-status", "data-note-id": n.id,
      text: "！所依条款" + n.label + "：见上方文本状态说明" })), readings(answer, req.interpretations)));
  }

  function stages(answer, list, conditional) {
    return STAGES.map((stage) => {
      const reqs = list.filter((r) => r.stage === stage);
      if (!reqs.length) return null;
      return el("section", { class: "rk-stage", "data-stage": stage }, [
        el(conditional ? "h4" : "h3", { text: stage + "阶段" }),
        el("ol", { class: "rk-requirements" }, reqs.map((r) => requirementItem(answer, r, conditional))),
      ]);
    }).filter((x) => x);
  }

  function showOne(answer, bundle) {
    result.replaceChildren();
    result.appendChild(el("p", { class: "rk-result-head" }, [
      el("strong", { text: bundle.region_name + "：" }),
      document.createTextNode("依据《" + bundle.title + "》，确定适用 " + answer.requirements.length + " 项要求" +
        (answer.conditional.length ? "，另有 " + answer.conditional.length + " 项有条件适用" : "") + "。"),
    ]));
    result.appendChild(statusBlock(answer, bundle));
    result.appendChild(assumptionsBlock(answer));
    for (const node of scopeBlock(answer)) result.appendChild(node);
    const triggered = answer.requirements.filter((r) => !r.general && r.because);
    if (triggered.length) {
      result.appendChild(el("div", { class: "admonition tip rk-triggered-list" }, [
        el("p", { class: "admonition-title", text: "因所填条件触发的要求（" + triggered.length + " 项）" }),
        el("p", { text: "其余确定适用的要求适用于所有纳入管理的项目。" }),
        el("ul", { class: "rk-plain" }, triggered.map((r) => el("li", { "data-triggered-id": r.id }, [
          el("a", { href: "#req-" + r.id, text: r.title }), document.createTextNode(" "), citeLinks(r.cite),
          document.createTextNode("——因" + r.because)]))),
      ]));
    }
    for (const node of stages(answer, answer.requirements, false)) result.appendChild(node);
    if (answer.conditional.length) {
      result.appendChild(el("section", { class: "rk-conditional-list" }, [
        el("h3", { text: "有条件适用" }),
        el("p", { text: "以下要求取决于未填写的信息，或取决于原文中助手无法判断的条件；条件写在每项之下。" }),
      ].concat(stages(answer, answer.conditional, true))));
    }
  }

  function showAll(facts, pairs) {
    result.replaceChildren();
    result.appendChild(el("p", { class: "rk-result-head", text: "同一项目在各地的要求对比（点击条款查看原文）。" }));
    const head = el("tr", {}, [el("th", { text: "阶段" })].concat(pairs.map(([b, a]) =>
      el("th", { "data-region": b.region, text: b.region_name + (a.in_scope ? "" : "（不适用）") +
        (a.status.notes.length ? "（" + a.status.label + "）" : "") }))));
    const rows = STAGES.map((stage) => el("tr", { "data-stage": stage }, [el("th", { text: stage })].concat(
      pairs.map(([b, a]) => el("td", { "data-region": b.region }, [el("ul", { class: "rk-plain" },
        a.requirements.filter((r) => r.stage === stage).map((r) =>
          el("li", { "data-requirement-id": r.id }, [
            document.createTextNode(r.title + (r.discretionary ? "（原则上）" : "") + " "), citeLinks(r.cite)]))
          .concat(a.conditional.filter((r) => r.stage === stage).map((r) =>
            el("li", { "data-requirement-id": r.id, "data-conditional": "true", class: "rk-conditional" }, [
              el("span", { class: "rk-badge rk-conditional-badge", text: "有条件" }),
              document.createTextNode(" " + r.title + "（" + r.condition + "） "), citeLinks(r.cite)]))))])))));
    result.appendChild(el("div", { class: "rk-table-wrap" }, [
      el("table", { class: "rk-table rk-compare-all" }, [el("thead", {}, [head]), el("tbody", {}, rows)])]));
  }

  function updateUrl(compareAll) {
    const query = new URLSearchParams();
    for (const name of ["region", "amount", "unit", "category", "nature", "funding", "classified", "unit_level"]) {
      const value = form[name].value;
      if (value && !(name === "unit" && value === "wan")) query.set(name, value.trim());
    }
    if (compareAll) query.set("compare", "all");
    try { history.replaceState(null, "", "?" + query.toString()); } catch (e) { /* file:// may refuse */ }
  }

  function run(compareAll) {
    const facts = readFacts();
    if (!facts) return;
    updateUrl(compareAll);
    const regions = compareAll ? regionOptions().map((r) => r.id) : [facts.region];
    Promise.all(regions.map(loadBundle)).then((bundles) => {
      const pairs = bundles.map((b) => [b, RegkbDecide.evaluate(b, Object.assign({}, facts, { region: b.region }))]);
      if (compareAll) showAll(facts, pairs); else showOne(pairs[0][1], pairs[0][0]);
    }).catch((err) => { result.replaceChildren(el("p", { class: "rk-error", role: "alert", text: err.message })); });
  }

  /* Under the region list: the selected text's status as of the build date, before any question is asked. */
  const regionStatus = document.getElementById("dh-region-status");
  function showRegionStatus() {
    const region = form.region.value;
    loadBundle(region).then((bundle) => {
      if (form.region.value !== region) return;
      const status = bundle.status;
      regionStatus.textContent = "文本状态（截至" + status.as_of + "）：" + status.label +
        (status.notes.length ? "。" + status.notes.map((n) => n.label + "：" + n.summary).join(" ") : "");
      regionStatus.className = "rk-region-status" + (status.notes.length ? " rk-warns" : "");
    }).catch(() => { regionStatus.textContent = ""; });
  }
  form.region.addEventListener("change", showRegionStatus);

  form.addEventListener("submit", (event) => { event.preventDefault(); run(false); });
  document.getElementById("dh-compare").addEventListener("click", () => run(true));
  document.getElementById("dh-copy").addEventListener("click", () => {
    const url = location.href;
    if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => window.prompt("复制此链接：", url));
    else window.prompt("复制此链接：", url);
  });

  const query = new URLSearchParams(location.search);
  for (const name of ["region", "amount", "unit", "category", "nature", "funding", "classified", "unit_level"]) {
    if (query.has(name) && form[name]) form[name].value = query.get(name);
  }
  showRegionStatus();
  if (query.has("amount")) run(query.get("compare") === "all");
})();
