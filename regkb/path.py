"""A project's way through its regulation's approval process, computed from the process data.

Steps and branch edges carry conditions in the rules' language (``when``); a step marked
``occasional`` happens only on an event of the project's course no input expresses (a change, a
failed acceptance). Each step and edge gets one state:

- ``taken``: the project goes this way;
- ``depends``: it goes this way only if an input still unknown turns out so (never guessed);
- ``occasional``: only if the event happens;
- ``skipped``: the project does not go this way.

A branch carrying a ``text_condition`` (a condition of the text no input expresses) is undecided,
and so are its siblings, wherever the rest of its condition holds. The states are then the least
fixpoint of: a step is as reached as its best incoming edge, an edge as its source, and neither more
than its own condition allows. Then a step every undecided way to an end passes through (where two
undecided branches meet again) is taken, and so is an edge between two taken steps that no condition
of its own holds back. docs/javascripts/path.js is the
JavaScript twin over the same JSON (``process_json``); tests/test_parity.py proves they agree.
"""

from __future__ import annotations

from typing import Any

from .conditions import DEPENDS, FAILS, HOLDS, check, to_json
from .model import Reg

TAKEN, MAYBE, OCCASIONAL, SKIPPED = "taken", "depends", "occasional", "skipped"
RANK = {SKIPPED: 0, OCCASIONAL: 1, MAYBE: 2, TAKEN: 3}
STATES = {value: key for key, value in RANK.items()}


def process_json(reg: Reg) -> dict[str, Any] | None:
    """The process as the helper bundle carries it: only what the path needs, ids as in the chart."""
    process = reg.data.process
    if process is None:
        return None
    return {
        "start": process.start,
        "steps": [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "stage": s.stage,
                "actor": s.actor,
                "condition": s.condition,
                "occasional": s.occasional,
                **({"when": to_json(s.when)} if s.when is not None else {}),
            }
            for s in process.steps
        ],
        "edges": [
            {
                "from": e.source,
                "to": e.target,
                "kind": e.kind,
                "label": e.label,
                **({"when": to_json(e.when)} if e.when is not None else {}),
                **({"text_condition": e.text_condition} if e.text_condition else {}),
            }
            for e in process.edges
        ],
    }


def _own(item: dict[str, Any], facts: dict[str, Any]) -> tuple[int, list[str]]:
    """The most a step or edge allows by its own condition, and the unknown inputs it waits on."""
    rank, waits = RANK[TAKEN], []
    if "when" in item:
        value, waits = check(item["when"], facts)
        rank = {HOLDS: RANK[TAKEN], FAILS: RANK[SKIPPED], DEPENDS: RANK[MAYBE]}[value]
    if item.get("occasional"):
        rank = min(rank, RANK[OCCASIONAL])
    return rank, waits


def compute(process: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """Each step's and edge's state for the facts (unknown inputs are ``None``)."""
    steps = {s["id"]: s for s in process["steps"]}
    edges = process["edges"]
    own_step = {sid: _own(s, facts) for sid, s in steps.items()}
    own_edge = _branches(edges, [_own(e, facts) for e in edges])
    step_rank = {sid: RANK[SKIPPED] for sid in steps}
    edge_rank = [RANK[SKIPPED] for _ in edges]
    step_rank[process["start"]] = own_step[process["start"]][0]
    changed = True
    while changed:
        changed = False
        for index, edge in enumerate(edges):
            target_own = own_step[edge["to"]][0]
            rank = min(step_rank[edge["from"]], own_edge[index][0], target_own)
            if rank > edge_rank[index]:
                edge_rank[index] = rank
                changed = True
            if rank > step_rank[edge["to"]]:
                step_rank[edge["to"]] = rank
                changed = True
    _unavoidable(process, steps, edges, step_rank, edge_rank, own_step, own_edge)
    return {
        "steps": {
            sid: {"state": STATES[step_rank[sid]], "waits_on": own_step[sid][1] if step_rank[sid] else []}
            for sid in steps
        },
        "edges": [
            {"state": STATES[edge_rank[i]], "waits_on": own_edge[i][1] if edge_rank[i] else []}
            for i in range(len(edges))
        ],
    }


def _branches(edges: list[dict[str, Any]], own: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A branch with a condition of the text no input expresses is undecided wherever the rest of its
    condition holds, and so are its sibling branches there (the text's condition may not hold)."""
    out = list(own)
    for index, edge in enumerate(edges):
        if edge.get("text_condition") and own[index][0] >= RANK[MAYBE]:
            out[index] = (RANK[MAYBE], own[index][1])
            for other, sibling in enumerate(edges):
                if other != index and sibling["from"] == edge["from"] and sibling["kind"] == "branch":
                    out[other] = (max(out[other][0], RANK[MAYBE]), out[other][1])
    return out


def _reaches_end(
    process: dict[str, Any], steps: dict, edges: list, step_rank: dict, edge_rank: list, without: str
) -> bool:
    """Whether the start reaches an end step over steps and edges not yet ruled out, avoiding ``without``."""
    if process["start"] == without:
        return False
    seen, todo = {process["start"]}, [process["start"]]
    while todo:
        here = todo.pop()
        if steps[here]["kind"] == "end":
            return True
        for index, edge in enumerate(edges):
            there = edge["to"]
            if edge["from"] == here and edge_rank[index] >= RANK[MAYBE] and there != without and there not in seen:
                seen.add(there)
                todo.append(there)
    return False


def _unavoidable(process, steps, edges, step_rank, edge_rank, own_step, own_edge) -> None:
    """Promote undecided steps every way to an end passes through, then the edges between taken steps."""
    if not _reaches_end(process, steps, edges, step_rank, edge_rank, ""):
        return
    for sid in steps:
        if (
            step_rank[sid] == RANK[MAYBE]
            and own_step[sid][0] == RANK[TAKEN]
            and not _reaches_end(process, steps, edges, step_rank, edge_rank, sid)
        ):
            step_rank[sid] = RANK[TAKEN]
    for index, edge in enumerate(edges):
        if (
            edge_rank[index] == RANK[MAYBE]
            and own_edge[index][0] == RANK[TAKEN]
            and step_rank[edge["from"]] == RANK[TAKEN]
            and step_rank[edge["to"]] == RANK[TAKEN]
        ):
            edge_rank[index] = RANK[TAKEN]


def taken(path: dict[str, Any]) -> list[str]:
    """The ids of the steps the project certainly takes, in process order."""
    return [sid for sid, s in path["steps"].items() if s["state"] == TAKEN]
