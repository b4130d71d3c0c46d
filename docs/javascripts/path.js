/*
 * A project's way through its regulation's approval process (the JavaScript twin of regkb/path.py,
 * over the process the helper bundle carries). Each step and edge is "taken", "depends" (on an
 * input still unknown: never guessed), "occasional" (only on an event of the project's course,
 * such as a failed acceptance) or "skipped". tests/test_parity.py proves both agree.
 */
(function (root) {
  "use strict";
  const RANK = { skipped: 0, occasional: 1, depends: 2, taken: 3 };
  const STATES = ["skipped", "occasional", "depends", "taken"];
  const check = (typeof module === "object" && module.exports)
    ? require("./decide-engine.js").check : root.RegkbDecide.check;

  function own(item, facts) {
    let rank = RANK.taken, waits = [];
    if ("when" in item) {
      const [value, w] = check(item.when, facts);
      waits = w;
      rank = value === "holds" ? RANK.taken : (value === "fails" ? RANK.skipped : RANK.depends);
    }
    if (item.occasional) rank = Math.min(rank, RANK.occasional);
    return [rank, waits];
  }

  /* A branch with a condition of the text no input expresses is undecided wherever the rest of its
     condition holds, and so are its sibling branches there. */
  function branches(edges, own) {
    const out = own.slice();
    edges.forEach((edge, i) => {
      if (!edge.text_condition || own[i][0] < RANK.depends) return;
      out[i] = [RANK.depends, own[i][1]];
      edges.forEach((sibling, j) => {
        if (j !== i && sibling.from === edge.from && sibling.kind === "branch") {
          out[j] = [Math.max(out[j][0], RANK.depends), out[j][1]];
        }
      });
    });
    return out;
  }

  function reachesEnd(process, kinds, stepRank, edgeRank, without) {
    if (process.start === without) return false;
    const seen = new Set([process.start]), todo = [process.start];
    while (todo.length) {
      const here = todo.pop();
      if (kinds[here] === "end") return true;
      process.edges.forEach((edge, i) => {
        const there = edge.to;
        if (edge.from === here && edgeRank[i] >= RANK.depends && there !== without && !seen.has(there)) {
          seen.add(there);
          todo.push(there);
        }
      });
    }
    return false;
  }

  /* A step every undecided way to an end passes through is taken; so is an edge between taken steps. */
  function unavoidable(process, stepRank, edgeRank, ownStep, ownEdge) {
    const kinds = Object.fromEntries(process.steps.map((s) => [s.id, s.kind]));
    if (!reachesEnd(process, kinds, stepRank, edgeRank, "")) return;
    for (const s of process.steps) {
      if (stepRank[s.id] === RANK.depends && ownStep[s.id][0] === RANK.taken &&
          !reachesEnd(process, kinds, stepRank, edgeRank, s.id)) stepRank[s.id] = RANK.taken;
    }
    process.edges.forEach((edge, i) => {
      if (edgeRank[i] === RANK.depends && ownEdge[i][0] === RANK.taken && stepRank[edge.from] === RANK.taken &&
          stepRank[edge.to] === RANK.taken) edgeRank[i] = RANK.taken;
    });
  }

  function compute(process, facts) {
    const ownStep = {}, stepRank = {};
    for (const s of process.steps) { ownStep[s.id] = own(s, facts); stepRank[s.id] = RANK.skipped; }
    const ownEdge = branches(process.edges, process.edges.map((e) => own(e, facts)));
    const edgeRank = process.edges.map(() => RANK.skipped);
    stepRank[process.start] = ownStep[process.start][0];
    let changed = true;
    while (changed) {
      changed = false;
      process.edges.forEach((edge, i) => {
        const rank = Math.min(stepRank[edge.from], ownEdge[i][0], ownStep[edge.to][0]);
        if (rank > edgeRank[i]) { edgeRank[i] = rank; changed = true; }
        if (rank > stepRank[edge.to]) { stepRank[edge.to] = rank; changed = true; }
      });
    }
    unavoidable(process, stepRank, edgeRank, ownStep, ownEdge);
    const steps = {};
    for (const s of process.steps) {
      steps[s.id] = { state: STATES[stepRank[s.id]], waits_on: stepRank[s.id] ? ownStep[s.id][1] : [] };
    }
    return {
      steps: steps,
      edges: process.edges.map((e, i) => ({ state: STATES[edgeRank[i]], waits_on: edgeRank[i] ? ownEdge[i][1] : [] })),
    };
  }

  const api = { compute: compute };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RegkbPath = api;
})(typeof self !== "undefined" ? self : this);
