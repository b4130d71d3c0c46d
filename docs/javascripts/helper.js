/*
 * The 决策助手 page: reads the form (or the URL query), loads the selected region's rule
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
  const STAGES = ["谋划", "申报", "论证", "审批", "采购", "实施", "验收", "运维"];

  function loadBundle(region) {
    return RegkbDom.loadData("RegkbBundles", bundleBase, region, "无法加载地区规则：");
  }

  const el = RegkbDom.el;

  function citeLink(cite) {
    return el("a", { class: "rk-cite", href: root + cite.url, "data-clause": cite.clause, text: cite.label });
  }

  function regionOptions() {
    return Array.from(form.region.options).map((o) => ({ id: o.value, name: o.textContent }));
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
      region: form.region.value,
      amount: read.wan,
      category: form.category.value,
      nature: form.nature.value || null,
      funding: form.funding.value,
      classified: form.classified.checked,
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

  function requirementItem(req) {
    const meta = el("div", { class: "rk-req-meta" }, [
      el("span", { class: "rk-req-authority", text: "负责机构：" + req.authority }),
      req.deadline ? el("span", { class: "rk-req-deadline", text: "时限：" + req.deadline }) : null,
      el("span", { class: "rk-req-reason", text: req.reason }),
    ]);
    const materials = req.materials.length
      ? el("div", { class: "rk-req-materials", text: "材料：" + req.materials.join("、") }) : null;
    return el("li", { class: "rk-requirement", "data-requirement-id": req.id }, [
      el("div", { class: "rk-req-title" }, [
        el("strong", { text: req.title }),
        req.discretionary ? el("span", { class: "rk-badge rk-discretionary", title: "原文为“原则上”，有裁量空间", text: "原则上" }) : null,
        document.createTextNode(" "), citeLink(req.cite),
      ]),
      meta, materials,
    ]);
  }

  function showOne(answer, bundle) {
    result.replaceChildren();
    const head = el("p", { class: "rk-result-head" }, [
      el("strong", { text: bundle.region_name + "：" }),
      document.createTextNode("依据《" + bundle.title + "》，共 " + answer.requirements.length + " 项要求。"),
    ]);
    result.appendChild(head);
    if (!answer.in_scope) {
      for (const x of answer.exclusions) {
        result.appendChild(el("div", { class: "admonition warning rk-out-of-scope", "data-exclusion-id": x.id }, [
          el("p", { class: "admonition-title", text: "不纳入本办法管理" }),
          el("p", {}, [document.createTextNode(x.title + " "), citeLink(x.cite)]),
        ]));
      }
    }
    for (const stage of STAGES) {
      const reqs = answer.requirements.filter((r) => r.stage === stage);
      if (!reqs.length) continue;
      result.appendChild(el("section", { class: "rk-stage", "data-stage": stage }, [
        el("h3", { text: stage + "阶段" }),
        el("ol", { class: "rk-requirements" }, reqs.map(requirementItem)),
      ]));
    }
  }

  function showAll(facts, pairs) {
    result.replaceChildren();
    result.appendChild(el("p", { class: "rk-result-head", text: "同一项目在各地的要求对比（点击条款查看原文）。" }));
    const head = el("tr", {}, [el("th", { text: "阶段" })].concat(pairs.map(([b, a]) =>
      el("th", { "data-region": b.region, text: b.region_name + (a.in_scope ? "" : "（不适用）") }))));
    const rows = STAGES.map((stage) => el("tr", { "data-stage": stage }, [el("th", { text: stage })].concat(
      pairs.map(([b, a]) => el("td", { "data-region": b.region }, [el("ul", { class: "rk-plain" },
        a.requirements.filter((r) => r.stage === stage).map((r) =>
          el("li", { "data-requirement-id": r.id }, [
            document.createTextNode(r.title + (r.discretionary ? "（原则上）" : "") + " "), citeLink(r.cite)])))])))));
    result.appendChild(el("div", { class: "rk-table-wrap" }, [
      el("table", { class: "rk-table rk-compare-all" }, [el("thead", {}, [head]), el("tbody", {}, rows)])]));
  }

  function updateUrl(compareAll) {
    const query = new URLSearchParams();
    for (const name of ["region", "amount", "unit", "category", "nature", "funding"]) {
      const value = form[name].value;
      if (value && !(name === "unit" && value === "wan")) query.set(name, value.trim());
    }
    if (form.classified.checked) query.set("classified", "true");
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

  form.addEventListener("submit", (event) => { event.preventDefault(); run(false); });
  document.getElementById("dh-compare").addEventListener("click", () => run(true));
  document.getElementById("dh-copy").addEventListener("click", () => {
    const url = location.href;
    if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => window.prompt("复制此链接：", url));
    else window.prompt("复制此链接：", url);
  });

  /* Fill the form from the URL, trusting nothing: a value the form does not offer is reported and
     the field keeps its default; an unknown region stops the query (its answer would be another's). */
  function prefill(query) {
    const ignored = [];
    let regionUnknown = false;
    for (const [name, value] of query) {
      if (!PARAMS.includes(name)) { ignored.push("未知参数 " + name); continue; }
      if (name === "amount") { form.amount.value = value.slice(0, 100); continue; }
      if (name === "classified" || name === "compare") {
        const allowed = name === "classified" ? ["true", "false"] : ["all"];
        if (!allowed.includes(value)) ignored.push(name + "=" + value);
        continue;
      }
      const field = form[name];
      const known = Array.from(field.options).some((o) => o.value === value);
      if (known) field.value = value;
      else if (name === "region") regionUnknown = value;
      else ignored.push(name + "=" + value + "（可选值：" + Array.from(field.options).map((o) => o.value || "空").join("、") + "）");
    }
    form.classified.checked = query.get("classified") === "true";
    const notes = [];
    if (regionUnknown !== false) {
      notes.push(el("p", { class: "rk-error", role: "alert", "data-unknown": "region",
        text: "网址中的地区“" + regionUnknown + "”不在本知识库中，请在上方选择地区。" }));
    }
    if (ignored.length) {
      notes.push(el("p", { class: "rk-warning", role: "status", "data-unknown": "params",
        text: "网址中有无法识别的参数，已忽略并使用默认值：" + ignored.join("；") }));
    }
    return { notes: notes, regionUnknown: regionUnknown !== false };
  }

  const PARAMS = ["region", "amount", "unit", "category", "nature", "funding", "classified", "compare"];
  const query = new URLSearchParams(location.search);
  const given = prefill(query);
  const report = el("div", { id: "dh-url-report", class: "rk-url-report" }, given.notes);
  form.after(report);
  if (query.has("amount") && !given.regionUnknown) run(query.get("compare") === "all");
})();
