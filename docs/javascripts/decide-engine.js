/*
 * The decision engine for the browser (and Node, for the parity test).
 * It evaluates a region's rule bundle, generated from data/regulations/<id>.yml at
 * build time. No rule is written here: this file only knows how to read conditions.
 * regkb/decide.py `evaluate` is its Python twin; tests/test_parity.py proves they agree.
 */
(function (root) {
  "use strict";

  function inRange(amount, bounds) {
    return (!("gte" in bounds) || amount >= bounds.gte) &&
      (!("gt" in bounds) || amount > bounds.gt) &&
      (!("lte" in bounds) || amount <= bounds.lte) &&
      (!("lt" in bounds) || amount < bounds.lt);
  }

  function matches(when, facts) {
    if ("amount" in when && !inRange(facts.amount, when.amount)) return false;
    for (const key of ["category", "nature", "funding"]) {
      if (key in when && !when[key].includes(facts[key])) return false;
    }
    if ("classified" in when && when.classified !== facts.classified) return false;
    return !("any" in when) || when.any.some((alt) => matches(alt, facts));
  }

  const KEYS = ["id", "title", "stage", "authority", "materials", "deadline", "discretionary", "reason", "cite"];

  function evaluate(bundle, facts) {
    const excluded = bundle.exclusions.filter((x) => matches(x.when, facts));
    const inScope = excluded.length === 0;
    const requirements = bundle.rules
      .filter((rule) => matches(rule.when, facts) && (inScope || rule.applies_out_of_scope))
      .map((rule) => Object.fromEntries(KEYS.map((k) => [k, rule[k]])));
    return {
      region: bundle.region,
      inputs: {
        region: facts.region, amount: facts.amount, category: facts.category,
        nature: facts.nature, funding: facts.funding, classified: facts.classified,
      },
      in_scope: inScope,
      exclusions: excluded.map((x) => ({ id: x.id, title: x.title, cite: x.cite })),
      requirements: requirements,
    };
  }

  const api = { matches: matches, evaluate: evaluate };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegkbDecide = api;
})(typeof self !== "undefined" ? self : this);
