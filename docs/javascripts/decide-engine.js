/*
 * The decision engine for the browser (and Node, for the parity test).
 * It evaluates a regulation's rule bundle, generated from data/regulations/<id>.yml at
 * build time. No rule is written here: this file only knows how to read conditions.
 * Inputs may be unknown (null): a condition then holds, fails or depends on them, and a
 * rule that depends is listed as conditional, never dropped or assumed.
 * regkb/decide.py `evaluate` is its Python twin; tests/test_parity.py proves they agree.
 */
(function (root) {
  "use strict";

  const HOLDS = "holds", FAILS = "fails", DEPENDS = "depends";
  const PARTS = ["amount", "category", "nature", "funding", "classified", "unit_level", "any"];
  const INPUTS = ["amount", "category", "nature", "funding", "classified", "unit_level"];

  function inRange(amount, bounds) {
    return (!("gte" in bounds) || amount >= bounds.gte) &&
      (!("gt" in bounds) || amount > bounds.gt) &&
      (!("lte" in bounds) || amount <= bounds.lte) &&
      (!("lt" in bounds) || amount < bounds.lt);
  }

  function sortedUnique(values) {
    return Array.from(new Set(values)).sort();
  }

  function checkPart(key, wanted, facts) {
    if (key === "amount") return [inRange(facts.amount, wanted) ? HOLDS : FAILS, []];
    if (key === "any") {
      const results = wanted.map((alt) => check(alt, facts));
      if (results.some(([v]) => v === HOLDS)) return [HOLDS, []];
      if (results.every(([v]) => v === FAILS)) return [FAILS, []];
      return [DEPENDS, sortedUnique([].concat(...results.filter(([v]) => v === DEPENDS).map(([, w]) => w)))];
    }
    const given = facts[key];
    if (given === null || given === undefined) return [DEPENDS, [key]];
    if (key === "classified") return [given === wanted ? HOLDS : FAILS, []];
    return [wanted.includes(given) ? HOLDS : FAILS, []];
  }

  function check(when, facts) {
    const results = PARTS.filter((k) => k in when).map((k) => checkPart(k, when[k], facts));
    if (results.some(([v]) => v === FAILS)) return [FAILS, []];
    const waits = sortedUnique([].concat(...results.filter(([v]) => v === DEPENDS).map(([, w]) => w)));
    return waits.length ? [DEPENDS, waits] : [HOLDS, []];
  }

  function matches(when, facts) {
    return check(when, facts)[0] === HOLDS;
  }

  function parts(item, facts) {
    const held = [], pending = [];
    for (const key of PARTS) {
      if (!(key in item.when)) continue;
      const value = checkPart(key, item.when[key], facts)[0];
      if (value === HOLDS) held.push(item.when_text[key]);
      else if (value === DEPENDS) pending.push(item.when_text[key]);
    }
    return [held, pending];
  }

  function exclusion(x) {
    return { id: x.id, title: x.title, cite: x.cite, interpretations: x.interpretations };
  }

  const KEYS = ["id", "title", "stage", "authority", "materials", "deadline", "discretionary", "text_condition",
    "cite", "status_notes", "interpretations"];

  function evaluate(bundle, given) {
    const facts = Object.assign({}, given);
    const excluded = [], pendingScope = [], cleared = [];
    for (const x of bundle.exclusions) {
      const [value, waits] = check(x.when, facts);
      if (value === HOLDS) excluded.push(exclusion(x));
      else if (value === FAILS) cleared.push(exclusion(x));
      else {
        const pending = parts(x, facts)[1];
        pendingScope.push(Object.assign(exclusion(x), { condition: "若" + pending.join("，"), waits_on: waits }));
      }
    }
    const scopeStatus = excluded.length ? "out" : (pendingScope.length ? "conditional" : "in");
    const requirements = [], conditional = [];
    for (const rule of bundle.rules) {
      const [value, waits] = check(rule.when, facts);
      if (value === FAILS || (scopeStatus === "out" && !rule.applies_out_of_scope)) continue;
      const [held, pending] = parts(rule, facts);
      const entry = Object.fromEntries(KEYS.map((k) => [k, rule[k]]));
      entry.because = held.join("，");
      entry.general = !held.length && !pending.length && rule.text_condition === null;
      if (value === HOLDS && rule.text_condition === null) {
        entry.reason = held.length ? "因" + entry.because : (rule.applies_out_of_scope
          ? "不纳入" + bundle.this_text + "管理的项目亦须执行" : "适用于" + bundle.this_text + "管理的所有项目");
        requirements.push(entry);
      } else {
        const words = pending.concat(rule.text_condition !== null ? [rule.text_condition] : []);
        entry.condition = "若" + words.join("，");
        entry.waits_on = waits;
        entry.reason = entry.condition + (held.length ? "；已满足：" + entry.because : "");
        conditional.push(entry);
      }
    }
    const inputs = { regulation: facts.regulation };
    for (const k of INPUTS) inputs[k] = facts[k] === undefined ? null : facts[k];
    return {
      regulation: bundle.regulation,
      this_text: bundle.this_text,
      inputs: inputs,
      unknown: bundle.inputs.filter((k) => facts[k] === null || facts[k] === undefined),
      in_scope: scopeStatus !== "out",
      scope: { status: scopeStatus, excluded: excluded, conditional: pendingScope, cleared: cleared },
      exclusions: excluded,
      status: bundle.status,
      interpretations: bundle.interpretations,
      requirements: requirements,
      conditional: conditional,
    };
  }

  const api = { check: check, matches: matches, evaluate: evaluate };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegkbDecide = api;
})(typeof self !== "undefined" ? self : this);
