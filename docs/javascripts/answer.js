/*
 * The 决策助手's answer laid out for work (issue 18): a summary first (scope and its assumption,
 * the status warning, the approval chain, what this project triggers and why), then the rules that
 * wait on an input left unknown, then every requirement by stage with the generic ones folded; and
 * the same answer as a checklist model that the printout and the Word file are both made from.
 * Everything comes from the answer of RegkbDecide.evaluate, the regulation's bundle and RegkbPath.
 */
(function (root) {
  "use strict";
  const INPUT_NAMES = {
    category: "项目类别", nature: "建设性质", funding: "资金来源", classified: "是否涉密", unit_level: "建设单位层级",
  };
  const el = (...args) => root.RegkbDom.el(...args);
  const text = (value) => document.createTextNode(value);

  /* 《标题》（文号）第X条第Y款: the one citation form every export uses (RegkbCitation, shared with
     the drafters' exports). */
  function citation(bundle, cites) {
    return root.RegkbCitation.cite(bundle.title, bundle.doc_number, cites.map((c) => c.label));
  }

  function citeLinks(cites, base) {
    const out = [];
    cites.forEach((c, i) => {
      if (i) out.push(text("、"));
      out.push(el("a", { class: "rk-cite", href: base + c.url, "data-clause": c.clause, text: c.label }));
    });
    return el("span", { class: "rk-cites" }, out);
  }

  /* A cited fact's links plus its 复制引用 button (the formal citation goes to the clipboard). */
  function cited(bundle, cites, base) {
    return el("span", { class: "rk-cited" }, [
      citeLinks(cites, base), text(" "),
      el("button", { type: "button", class: "rk-copy-cite", "data-citation": citation(bundle, cites),
        title: "复制正式引用：" + citation(bundle, cites), text: "复制引用" }),
    ]);
  }

  function scopeBlock(answer, bundle, base) {
    const scope = answer.scope;
    if (scope.status === "out") {
      return el("div", { class: "rk-scope rk-scope-out", "data-scope": "out" }, [
        el("strong", { text: "不纳入本办法管理" }), text("："),
      ].concat(scope.excluded.map((x) => el("span", { class: "rk-scope-reason", "data-exclusion-id": x.id },
        [text(x.title + " "), cited(bundle, x.cite, base)]))));
    }
    const parts = [el("strong", { text: "属于本办法管理范围" })];
    if (scope.status === "conditional") {
      parts.push(text("，前提是（尚未填写，未作假定）："));
      parts.push(el("ul", { class: "rk-assumptions" }, scope.conditional.map((x) =>
        el("li", { "data-exclusion-id": x.id }, [text("不属于“" + x.title + "”（" + x.condition + "时不纳入）"),
          text(" "), cited(bundle, x.cite, base)]))));
    } else {
      parts.push(text("：已按填写的信息排除全部不纳入情形（" +
        (scope.cleared.map((x) => x.title).join("；") || "本办法未规定不纳入情形") + "）。"));
    }
    return el("div", { class: "rk-scope rk-scope-" + scope.status, "data-scope": scope.status }, parts);
  }

  function statusBlock(bundle, base) {
    const notes = (bundle.status && bundle.status.notes) || [];
    if (!notes.length) return null;
    return el("div", { class: "admonition warning rk-status-warning", role: "note" }, [
      el("p", { class: "admonition-title", text: "文本状态（截至 " + bundle.status.as_of + "）：" + bundle.status.label }),
      el("ul", {}, notes.map((n) => el("li", { "data-note-id": n.id }, [
        el("strong", { text: n.label + "：" }), text(n.summary + " "),
        n.affects.length ? el("span", { class: "rk-affects" }, [text("涉及 "), citeLinks(n.affects, base)]) : null,
        ...n.evidence.filter((e) => e.url).map((e) => el("a", { class: "rk-evidence", href: e.url,
          text: " 〔" + e.title + (e.number ? "，" + e.number : "") + "〕" })),
      ]))),
    ]);
  }

  /* Who declares, reviews, approves, funds and accepts (regkb/chain.py), with the steps of this
     project's own path at that stage. */
  function chainBlock(bundle, path, base) {
    const steps = bundle.process ? bundle.process.steps : [];
    const rows = (bundle.chain || []).map((link) => {
      const mine = path ? steps.filter((s) => link.stage_id && s.stage === link.stage_id &&
        path.steps[s.id].state === "taken") : [];
      const actors = link.actors.length ? link.actors.map((a) => el("li", { "data-agency": a.agency }, [
        el("strong", { text: a.name }), text("：" + a.duty + " "), cited(bundle, a.cite, base)]))
        : [el("li", { class: "rk-none", text: "本办法未明确" })];
      return [
        el("dt", { "data-link": link.link, text: link.label }),
        el("dd", { "data-link": link.link }, [
          el("ul", { class: "rk-plain" }, actors),
          mine.length ? el("p", { class: "rk-chain-mine", text: "本项目流程：" + mine.map((s) => s.title).join(" → ") }) : null,
        ]),
      ];
    });
    return el("dl", { class: "rk-chain" }, [].concat(...rows));
  }

  function triggeredItem(req, bundle, base) {
    return el("li", { class: "rk-triggered-item", "data-triggered-id": req.id }, [
      el("strong", { text: req.title }), text(" —— "),
      el("span", { class: "rk-because", text: req.because }), text(" "), cited(bundle, req.cite, base),
    ]);
  }

  function requirementItem(req, bundle, base, conditional) {
    const meta = el("div", { class: "rk-req-meta" }, [
      el("span", { class: "rk-req-authority", text: "负责机构：" + req.authority }),
      req.deadline ? el("span", { class: "rk-req-deadline", text: "时限：" + req.deadline }) : null,
      el("span", { class: "rk-req-reason", text: req.reason }),
    ]);
    const notes = (req.status_notes || []).length
      ? el("div", { class: "rk-req-status", text: "注意：本条所依据的条款已有后续变化（见上方文本状态）" }) : null;
    const readings = (req.interpretations || []).map((id) => bundle.interpretations.find((i) => i.id === id))
      .filter(Boolean).map((i) => el("div", { class: "rk-req-reading", "data-interpretation": i.id },
        [text("本站理解：" + i.reading + "（另一种理解：" + i.alternative + "） "), citeLinks(i.cite, base)]));
    return el("li", { class: "rk-requirement" + (conditional ? " rk-conditional" : ""), "data-requirement-id": req.id }, [
      el("div", { class: "rk-req-title" }, [
        el("strong", { text: req.title }),
        req.discretionary ? el("span", { class: "rk-badge rk-discretionary", title: "原文为“原则上”，有裁量空间", text: "原则上" }) : null,
        text(" "), cited(bundle, req.cite, base),
      ]),
      meta,
      req.materials.length ? el("div", { class: "rk-req-materials", text: "材料：" + req.materials.join("、") }) : null,
      notes,
    ].concat(readings));
  }

  function waitsText(waits) {
    return waits.map((k) => INPUT_NAMES[k] || k).join("、");
  }

  /* The inputs among amount, category, nature and funding a requirement applies because of (its
     rule's condition names them; the condition held, or it would not be a requirement). */
  const PROJECT_INPUTS = ["amount", "category", "nature", "funding"];
  function named(when) {
    return Object.keys(when).filter((k) => PROJECT_INPUTS.includes(k))
      .concat(...(when.any || []).map(named));
  }
  function triggeredBy(bundle, req) {
    const rule = bundle.rules.find((r) => r.id === req.id);
    return rule ? Array.from(new Set(named(rule.when))) : [];
  }

  /* The answer, triaged. `path` may be null (a regulation without a process model). */
  function render(answer, bundle, path, base, opts) {
    /* opts (all optional) lets the page supply its own blocks: status, assumptions, scope (nodes)
       and item(req, conditional) for one requirement. */
    const o = opts || {};
    const item = o.item || ((r, conditional) => requirementItem(r, bundle, base, conditional));
    const out = [];
    const total = answer.requirements.length + answer.conditional.length;
    const triggered = answer.requirements.filter((r) => triggeredBy(bundle, r).length);
    const summary = el("section", { class: "rk-summary", "aria-labelledby": "rk-summary-title" }, [
      el("h3", { id: "rk-summary-title", text: "结论摘要" }),
      el("p", { class: "rk-result-head" }, [el("strong", { text: bundle.region_name + "：" }),
        text("依据《" + bundle.title + "》" + (bundle.rules.length
          ? "，本项目须办理 " + answer.requirements.length + " 项要求" +
            (answer.conditional.length ? "，另有 " + answer.conditional.length + " 项取决于未填写的信息" : "") + "。"
          : "。"))]),
      bundle.rules.length ? null : el("p", { class: "rk-no-rules", text: "本办法未标注审批规则：本知识库尚未把这部办法的审批要求整理为规则，请阅读原文。" }),
      o.status || statusBlock(bundle, base),
      o.assumptions || null,
      ...(o.scope || [scopeBlock(answer, bundle, base)]),
      el("h4", { text: "审批链条：谁申报、谁审核、谁审批、谁出资、谁验收" }),
      chainBlock(bundle, path, base),
      el("h4", { text: "因本项目的金额、类别、性质或资金来源而触发的要求" }),
      triggered.length
        ? el("ol", { class: "rk-triggered" }, triggered.map((r) => triggeredItem(r, bundle, base)))
        : el("p", { class: "rk-triggered-none", text: "没有因金额、类别、性质或资金来源而另行触发的要求；适用的均为本办法对所有项目的一般要求。" }),
    ]);
    out.push(summary);
    if (answer.conditional.length) {
      out.push(el("section", { class: "rk-pending", "aria-labelledby": "rk-pending-title" }, [
        el("h3", { id: "rk-pending-title", text: "取决于未填写信息的要求（" + answer.conditional.length + " 项）" }),
        el("p", { text: "下列要求是否适用，取决于" + (answer.unknown.length ? "尚未填写的" + waitsText(answer.unknown) + "或" : "") +
          "原文中无法由表单表达的条件；本工具不作假定。" }),
        el("ol", { class: "rk-requirements" }, answer.conditional.map((r) => {
          const node = item(r, true);
          if (!o.item) {
            node.insertBefore(el("div", { class: "rk-condition", text: r.condition +
              (r.waits_on && r.waits_on.length ? "（待填写：" + waitsText(r.waits_on) + "）" : "") }), node.firstChild);
          }
          return node;
        })),
      ]));
    }
    if (total) {
      const stages = el("section", { class: "rk-by-stage", "aria-labelledby": "rk-stages-title" },
        [el("h3", { id: "rk-stages-title", text: "全部要求（按阶段）" })]);
      for (const stage of bundle.stages) {
        const reqs = answer.requirements.filter((r) => r.stage === stage);
        if (!reqs.length) continue;
        const specific = reqs.filter((r) => !r.general), general = reqs.filter((r) => r.general);
        stages.appendChild(el("section", { class: "rk-stage", "data-stage": stage }, [
          el("h4", { text: stage + "阶段" }),
          specific.length ? el("ol", { class: "rk-requirements" }, specific.map((r) => item(r, false))) : null,
          general.length ? el("details", { class: "rk-general" }, [
            el("summary", { text: "适用于" + (bundle.this_text || "本办法") + "管理的所有项目的一般要求（" + general.length + " 项）" }),
            el("ol", { class: "rk-requirements" }, general.map((r) => item(r, false))),
          ]) : null,
        ]));
      }
      out.push(stages);
    }
    return out;
  }

  /* The checklist the printout and the Word file share: plain data, each item with its formal citation. */
  function checklist(answer, bundle, queryText, url, buildDate) {
    const item = (r, conditional) => ({
      id: r.id,
      title: r.title + (r.discretionary ? "（原则上）" : ""),
      authority: r.authority,
      deadline: r.deadline || "",
      materials: r.materials,
      reason: conditional ? r.condition : r.reason,
      citation: citation(bundle, r.cite),
      conditional: !!conditional,
    });
    const sections = bundle.stages.map((stage) => ({
      stage: stage,
      items: answer.requirements.filter((r) => r.stage === stage).map((r) => item(r, false)),
    })).filter((s) => s.items.length);
    return {
      title: bundle.region_name + "政务信息化项目审批事项清单",
      regulation: "《" + bundle.title + "》" + (bundle.doc_number ? "（" + bundle.doc_number + "）" : ""),
      queryText: queryText,
      url: url,
      buildDate: buildDate,
      status: ((bundle.status && bundle.status.notes) || []).map((n) => n.label + "：" + n.summary),
      scope: answer.scope.status === "out"
        ? "不纳入本办法管理：" + answer.scope.excluded.map((x) => x.title + "（" + citation(bundle, x.cite) + "）").join("；")
        : "属于本办法管理范围" + (answer.scope.status === "conditional"
          ? "，前提是：" + answer.scope.conditional.map((x) => "不属于“" + x.title + "”").join("；") : ""),
      chain: (bundle.chain || []).map((link) => ({
        label: link.label,
        text: link.actors.length
          ? link.actors.map((a) => a.name + "（" + a.cite.map((c) => c.label).join("、") + "）").join("；") : "本办法未明确",
      })),
      sections: sections,
      conditional: answer.conditional.map((r) => item(r, true)),
    };
  }

  /* The checklist as HTML: shown only in print (see regkb.css, 决策助手 print). */
  function checklistHtml(list) {
    const box = (it) => el("li", { class: "rk-check-item", "data-check-id": it.id }, [
      el("span", { class: "rk-box", "aria-hidden": "true", text: "□" }),
      el("div", {}, [
        el("strong", { text: it.title }),
        el("div", { class: "rk-check-meta", text: ["负责机构：" + it.authority, it.deadline ? "时限：" + it.deadline : "",
          it.materials.length ? "材料：" + it.materials.join("、") : ""].filter(Boolean).join("；") }),
        el("div", { class: "rk-check-cite", text: (it.conditional ? it.reason + "；" : "") + "依据：" + it.citation }),
      ]),
    ]);
    return el("div", { class: "rk-checklist", "aria-hidden": "true" }, [
      el("h2", { text: list.title }),
      el("p", { class: "rk-check-query", text: "依据：" + list.regulation + "。查询条件：" + list.queryText }),
      el("p", { class: "rk-check-scope", text: list.scope }),
      ...list.status.map((s) => el("p", { class: "rk-check-status", text: "文本状态：" + s })),
      el("table", { class: "rk-check-chain" }, [el("tbody", {}, list.chain.map((c) =>
        el("tr", {}, [el("th", { text: c.label }), el("td", { text: c.text })])))]),
      ...list.sections.map((s) => el("section", {}, [el("h3", { text: s.stage + "阶段" }),
        el("ul", { class: "rk-check-list" }, s.items.map(box))])),
      list.conditional.length ? el("section", {}, [el("h3", { text: "取决于未填写信息的要求" }),
        el("ul", { class: "rk-check-list" }, list.conditional.map(box))]) : null,
      el("p", { class: "rk-check-foot", text: "查询网址：" + list.url + "　网站生成日期：" + list.buildDate }),
    ]);
  }

  root.RegkbAnswer = { render: render, checklist: checklist, checklistHtml: checklistHtml, citation: citation, cited: cited };
})(self);
