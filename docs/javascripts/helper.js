/*
 * The 决策助手 page: reads the form (or the URL query), loads the selected regulation's rule
 * bundle (generated from data/ at build time) and shows what RegkbDecide.evaluate returns.
 * Bundles are loaded as <script> files so the page also works opened from the file system.
 */
(function () {
  "use strict";
  // the form, not whatever else has the id (a heading on another page may be called decision-helper)
  const form = document.querySelector("form#decision-helper");
  if (!form) return;
  const result = document.getElementById("decision-result");
  const bundleBase = form.dataset.bundles;
  const root = form.dataset.root;

  function loadBundle(regulation) {
    return RegkbDom.loadData("RegkbBundles", bundleBase, regulation, "无法加载地区规则：");
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

  function regulationOptions() {
    return Array.from(form.regulation.options).map((o) => ({ id: o.value, name: o.textContent }));
  }

  /* Read and check the form; returns facts or null after showing what is wrong. */
  function readFacts() {
    const error = document.getElementById("dh-amount-error");
    const read = RegkbAmount.parse(form.amount.value, form.unit.value);
    const message = read.ok ? "" : read.message;
    error.textContent = message;
    understood().textContent = read.ok ? "按 " + read.understood + " 计算" + (read.typed_unit ? "（以框内填写的单位为准）" : "") + "。" : "";
    form.amount.setAttribute("aria-invalid", message ? "true" : "false");
    if (message) { form.amount.focus(); return null; }
    if (read.typed_unit) form.unit.value = read.unit;  // the selector shows the unit the number was read in
    return {
      regulation: form.regulation.value,
      amount: read.wan,
      category: form.category.value || null,
      nature: form.nature.value || null,
      funding: form.funding.value || null,
      classified: form.classified.value === "" ? null : form.classified.value === "true",
      unit_level: form.unit_level.value || null,
    };
  }

  /* Where the page says how it read the amount (600万元, or 6000000元（600万元）). */
  function understood() {
    let note = document.getElementById("dh-amount-understood");
    if (!note) {
      note = el("small", { id: "dh-amount-understood", class: "rk-hint", "aria-live": "polite" });
      document.getElementById("dh-amount-error").after(note);
    }
    return note;
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


  /* The answer laid out for work (RegkbAnswer), the project's path on the regulation's chart beside it,
     and the checklist the printout and the Word file are made from. */
  function showOne(answer, bundle, facts) {
    result.replaceChildren();
    const path = bundle.process ? RegkbPath.compute(bundle.process, Object.assign({}, facts, { regulation: bundle.regulation })) : null;
    const list = RegkbAnswer.checklist(answer, bundle, queryText(facts), location.href, form.dataset.buildDate || "");
    const docx = el("button", { type: "button", class: "md-button", id: "dh-docx", text: "下载 Word 清单" });
    docx.addEventListener("click", () => {
      docx.disabled = true;
      RegkbChecklistDocx.download(list, root).then(
        () => { say("已生成 Word 清单"); },
        (err) => { say("无法生成 Word 文件：" + err.message); },
      ).then(() => { docx.disabled = false; });
    });
    const printButton = el("button", { type: "button", class: "md-button", id: "dh-print", text: "打印清单" });
    printButton.addEventListener("click", () => window.print());
    result.appendChild(el("div", { class: "rk-answer-tools" }, [printButton, docx]));
    const layout = el("div", { class: "rk-answer-layout" + (path ? " rk-with-path" : "") }, [
      el("div", { class: "rk-answer" }, RegkbAnswer.render(answer, bundle, path, root, {
        status: statusBlock(answer, bundle),
        assumptions: assumptionsBlock(answer),
        scope: scopeBlock(answer),
        item: (req, conditional) => withCopy(requirementItem(answer, req, conditional), bundle, req.cite),
      })),
      path ? pathPanel(bundle, path) : null,
    ]);
    result.appendChild(layout);
    result.appendChild(RegkbAnswer.checklistHtml(list));
  }

  const INPUT_LABELS = { regulation: "地区", amount: "金额", category: "类别", nature: "建设性质", funding: "资金来源", classified: "涉密", unit_level: "建设单位层级" };

  /* The query in words, as the form shows it (for the printout and the Word file). */
  function queryText(facts) {
    const shown = (name) => {
      const field = form[name];
      if (!field) return null;
      if (field.type === "checkbox") return field.checked ? "是" : "否";
      if (field.options) return field.options[field.selectedIndex] ? field.options[field.selectedIndex].textContent : null;
      return field.value;
    };
    const parts = [INPUT_LABELS.regulation + "：" + shown("regulation"), INPUT_LABELS.amount + "：" + facts.amount + "万元"];
    for (const name of ["category", "nature", "funding", "classified", "unit_level"]) {
      const value = shown(name);
      if (value !== null) parts.push(INPUT_LABELS[name] + "：" + (value || "未填写"));
    }
    return parts.join("；");
  }

  const PATH_WORDS = { taken: "本项目经过", depends: "待定（取决于未填写的信息）", occasional: "视情况（如变更、整改）", skipped: "不经过" };

  /* The regulation's chart with this project's steps and edges marked (ids from regkb/graphs.py). */
  function pathPanel(bundle, path) {
    const frame = el("div", { class: "rk-chart rk-path-chart", role: "region", tabindex: "0", "data-search-exclude": "",
      "aria-label": bundle.region_name + "流程图：本项目的路径（高亮为经过的步骤）" });
    const steps = bundle.process.steps;
    const names = Object.fromEntries(steps.map((s) => [s.id, s.title]));
    const taken = steps.filter((s) => path.steps[s.id].state === "taken");
    const open = bundle.process.edges.map((e, i) => [e, path.edges[i]]).filter(([e, p]) => e.when && p.state === "depends");
    const panel = el("aside", { class: "rk-path", "aria-labelledby": "rk-path-title" }, [
      el("h3", { id: "rk-path-title", text: "本项目的流程路径" }),
      el("p", { class: "rk-path-legend" }, ["taken", "depends", "occasional", "skipped"].map((k) =>
        el("span", { class: "rk-legend rk-legend-" + k, text: PATH_WORDS[k] }))),
      frame,
      el("details", { class: "rk-path-text" }, [
        el("summary", { text: "路径文字说明（" + taken.length + " 个必经步骤）" }),
        el("ol", { class: "rk-path-steps" }, taken.map((s) => el("li", { "data-step": s.id, text: s.title }))),
        open.length ? el("p", { class: "rk-path-open" }, [document.createTextNode("待定分支：" + open.map(([e, p]) =>
          names[e.from] + " → " + names[e.to] + "（" + (e.label || "") + "；" + (p.waits_on.length
            ? "待填写：" + p.waits_on.map((k) => INPUT_LABELS[k] || k).join("、")
            : "取决于原文条件：" + bundle.process.edges.filter((x) => x.from === e.from && x.text_condition)
              .map((x) => x.text_condition).join("；")) + "）").join("；"))]) : null,
      ]),
    ]);
    RegkbDom.loadData("RegkbCharts", root + "assets/charts/", bundle.regulation, "无法加载流程图：").then((svgText) => {
      const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
      const svg = document.importNode(doc.documentElement, true);
      svg.querySelectorAll("a").forEach((a) => {
        for (const attr of ["href", "xlink:href"]) {
          const value = a.getAttribute(attr);
          if (value && value.startsWith("../")) a.setAttribute(attr, root + value.slice(3));
        }
      });
      for (const s of steps) {
        const node = svg.querySelector("#" + CSS.escape("step-" + bundle.regulation + "-" + s.id));
        if (node) { node.classList.add("rk-path-" + path.steps[s.id].state); node.dataset.state = path.steps[s.id].state; }
      }
      path.edges.forEach((p, i) => {
        const edge = svg.querySelector("#" + CSS.escape("edge-" + bundle.regulation + "-" + i));
        if (edge) { edge.classList.add("rk-path-" + p.state); edge.dataset.state = p.state; }
      });
      svg.classList.add("rk-path-svg");
      frame.appendChild(svg);
      RegkbChart.attach(frame);
    }).catch((err) => { frame.appendChild(el("p", { class: "rk-error", text: err.message })); });
    return panel;
  }

  /* A requirement with its 复制引用 button beside its clause links. */
  function withCopy(node, bundle, cites) {
    const title = node.querySelector(".rk-req-title");
    const citation = RegkbAnswer.citation(bundle, cites);
    (title || node).appendChild(el("button", { type: "button", class: "rk-copy-cite", "data-citation": citation,
      title: "复制正式引用：" + citation, text: "复制引用" }));
    return node;
  }

  /* Spoken confirmations (copy link, copy citation, Word file). */
  function say(message) {
    const status = document.getElementById("dh-copy-status");
    if (status) { status.textContent = ""; setTimeout(() => { status.textContent = message; }, 30); }
  }

  function copy(value, message) {
    RegkbDom.copyText(value, () => say(message));
  }

  result.addEventListener("click", (event) => {
    const button = event.target.closest("button.rk-copy-cite");
    if (button) copy(button.dataset.citation, "已复制引用：" + button.dataset.citation);
  });

  function showAll(facts, pairs) {
    result.replaceChildren();
    result.appendChild(el("p", { class: "rk-result-head", text: "同一项目在各地的要求对比（点击条款查看原文）。" }));
    const head = el("tr", {}, [el("th", { text: "阶段" })].concat(pairs.map(([b, a]) =>
      el("th", { "data-regulation": b.regulation, text: b.region_name + (a.in_scope ? "" : "（不适用）") +
        (a.status.notes.length ? "（" + a.status.label + "）" : "") }))));
    const rows = pairs[0][0].stages.map((stage) => el("tr", { "data-stage": stage }, [el("th", { text: stage })].concat(
      pairs.map(([b, a]) => el("td", { "data-regulation": b.regulation }, [el("ul", { class: "rk-plain" },
        a.requirements.filter((r) => r.stage === stage).map((r) =>
          el("li", { "data-requirement-id": r.id }, [
            document.createTextNode(r.title + (r.discretionary ? "（原则上）" : "") + " "), citeLinks(r.cite)]))
          .concat(a.conditional.filter((r) => r.stage === stage).map((r) =>
            el("li", { "data-requirement-id": r.id, "data-conditional": "true", class: "rk-conditional" }, [
              el("span", { class: "rk-badge rk-conditional-badge", text: "有条件" }),
              document.createTextNode(" " + r.title + "（" + r.condition + "） "), citeLinks(r.cite)]))))])))));
    result.appendChild(el("div", { class: "rk-table-wrap rk-compare-all-wrap", tabindex: "0", role: "region", "aria-label": "各地要求对比表（可横向滚动）" }, [
      el("table", { class: "rk-table rk-compare-all" }, [el("thead", {}, [head]), el("tbody", {}, rows)])]));
  }

  function updateUrl(compareAll) {
    const query = new URLSearchParams();
    for (const name of ["regulation", "amount", "unit", "category", "nature", "funding", "classified", "unit_level"]) {
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
    const regulations = compareAll ? regulationOptions().map((r) => r.id) : [facts.regulation];
    Promise.all(regulations.map(loadBundle)).then((bundles) => {
      const pairs = bundles.map((b) => [b, RegkbDecide.evaluate(b, Object.assign({}, facts, { regulation: b.regulation }))]);
      if (compareAll) showAll(facts, pairs); else showOne(pairs[0][1], pairs[0][0], facts);
    }).catch((err) => { result.replaceChildren(el("p", { class: "rk-error", role: "alert", text: err.message })); });
  }

  /* Under the list of regulations (named by region): the selected text's status as of the build date, before any question is asked. */
  const regulationStatus = document.getElementById("dh-regulation-status");
  function showRegulationStatus() {
    const regulation = form.regulation.value;
    loadBundle(regulation).then((bundle) => {
      if (form.regulation.value !== regulation) return;
      const status = bundle.status;
      regulationStatus.textContent = "文本状态（截至" + status.as_of + "）：" + status.label +
        (status.notes.length ? "。" + status.notes.map((n) => n.label + "：" + n.summary).join(" ") : "");
      regulationStatus.className = "rk-regulation-status" + (status.notes.length ? " rk-warns" : "");
    }).catch(() => { regulationStatus.textContent = ""; });
  }
  form.regulation.addEventListener("change", showRegulationStatus);

  form.addEventListener("submit", (event) => { event.preventDefault(); run(false); });
  document.getElementById("dh-compare").addEventListener("click", () => run(true));
  document.getElementById("dh-copy").addEventListener("click", () => copy(location.href, "已复制查询链接"));

  /* Fill the form from the URL, trusting nothing: a value the form does not offer is reported and
     the field keeps its default; an unknown regulation, a parameter given twice with different values
     (which one was meant?) or no regulation at all stops the query (its answer would be another's).
     A parameter's old spelling (region=, in links saved before it was regulation=) is read as the new
     one, so region=a&regulation=b is a parameter given twice. */
  function prefill(raw) {
    const query = new URLSearchParams();
    for (const [name, value] of raw) query.append(OLD_PARAMS.get(name) || name, value);
    const ignored = [], repeated = [];
    let regulationUnknown = false;
    for (const name of new Set(query.keys())) {
      const values = Array.from(new Set(query.getAll(name)));
      if (PARAMS.includes(name) && values.length > 1) repeated.push(name + "（" + values.join("、") + "）");
    }
    for (const [name, value] of query) {
      if (!PARAMS.includes(name)) { ignored.push("未知参数 " + name); continue; }
      if (name === "amount") { form.amount.value = value.slice(0, 100); continue; }
      if (name === "compare") {
        if (value !== "all") ignored.push(name + "=" + value);
        continue;
      }
      const field = form[name];
      const known = Array.from(field.options).some((o) => o.value === value);
      if (known) field.value = value;
      else if (name === "regulation") regulationUnknown = value;
      else ignored.push(name + "=" + value + "（可选值：" + Array.from(field.options).map((o) => o.value || "空").join("、") + "）");
    }
    const notes = [];
    if (regulationUnknown !== false) {
      notes.push(el("p", { class: "rk-error", role: "alert", "data-unknown": "regulation",
        text: "网址中的地区“" + regulationUnknown + "”不在本知识库中，请在上方选择地区。" }));
    }
    const comparing = query.get("compare") === "all";
    const regulationMissing = query.has("amount") && !query.has("regulation") && !comparing;
    if (regulationMissing) {
      notes.push(el("p", { class: "rk-error", role: "alert", "data-unknown": "regulation-missing",
        text: "网址中没有地区（regulation），没有自动查询：请在上方选择地区后点“查询适用要求”。" }));
    }
    if (repeated.length) {
      notes.push(el("p", { class: "rk-error", role: "alert", "data-unknown": "repeated",
        text: "网址中同一参数给了不同的值，无法确定用哪一个，没有自动查询：" + repeated.join("；") + "。请在上方核对后点“查询适用要求”。" }));
    }
    if (ignored.length) {
      notes.push(el("p", { class: "rk-warning", role: "status", "data-unknown": "params",
        text: "网址中有无法识别的参数，已忽略并使用默认值：" + ignored.join("；") }));
    }
    return { notes: notes, refused: regulationUnknown !== false || regulationMissing || repeated.length > 0 };
  }

  const PARAMS = ["regulation", "amount", "unit", "category", "nature", "funding", "classified", "unit_level", "compare"];
  const OLD_PARAMS = new Map([["region", "regulation"]]);  // old spelling → parameter; kept for saved links
  const query = new URLSearchParams(location.search);
  const given = prefill(query);
  const report = el("div", { id: "dh-url-report", class: "rk-url-report" }, given.notes);
  form.after(report);
  showRegulationStatus();
  if (query.has("amount") && !given.refused) run(query.get("compare") === "all");
})();
