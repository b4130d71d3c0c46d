"""Process models: a regulation's approval flow as a networkx graph, and its checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import networkx as nx

from .conditions import describe, matches, sample_facts, to_json

if TYPE_CHECKING:
    from .model import Reg
    from .schema import Process
    from .yamlio import Located, PathKey


def graph(process: Process) -> nx.DiGraph:
    """Steps as nodes (with their data), edges as edges (with kind, label and condition)."""
    g = nx.DiGraph()
    for step in process.steps:
        g.add_node(step.id, step=step)
    for edge in process.edges:
        g.add_edge(edge.source, edge.target, edge=edge)
    return g


def check(reg: Reg, located: Located) -> Iterator[tuple[PathKey, str]]:
    """Every step known, reachable and leading to an end; branches cover every case exactly once."""
    process = reg.data.process
    if process is None:
        return
    steps = {step.id: index for index, step in enumerate(process.steps)}
    if process.start not in steps:
        yield ("process", "start"), f"start step {process.start!r} is not one of the steps"
        return
    bad_edge = False
    for index, edge in enumerate(process.edges):
        for end, key in ((edge.source, "from"), (edge.target, "to")):
            if end not in steps:
                bad_edge = True
                yield ("process", "edges", index, key), f"edge refers to unknown step {end!r}"
    if bad_edge:
        return
    g = graph(process)
    reachable = nx.descendants(g, process.start) | {process.start}
    for step_id, index in steps.items():
        if step_id not in reachable:
            yield (
                ("process", "steps", index, "id"),
                f"step {step_id!r} cannot be reached from the start {process.start!r}",
            )
    ends = {s.id for s in process.steps if s.kind == "end"}
    if not ends:
        yield ("process", "steps"), "the process has no step of kind 'end'"
        return
    for step_id, index in steps.items():
        kind = process.steps[index].kind
        if g.out_degree(step_id) == 0 and kind != "end":
            yield (
                ("process", "steps", index, "id"),
                f"step {step_id!r} is a dead end: no edge leaves it and it is not an end",
            )
        elif kind != "end" and not (nx.descendants(g, step_id) & ends):
            yield ("process", "steps", index, "id"), f"no path from step {step_id!r} reaches an end step"
    yield from _branches(process)


def _branches(process: Process) -> Iterator[tuple[PathKey, str]]:
    by_source: dict[str, list[int]] = {}
    for index, edge in enumerate(process.edges):
        if edge.kind == "branch":
            by_source.setdefault(edge.source, []).append(index)
    for source, indexes in by_source.items():
        edges = [process.edges[i] for i in indexes]
        missing = [i for i, e in zip(indexes, edges, strict=True) if e.when is None]
        if missing:
            yield ("process", "edges", missing[0], "when"), f"branch from {source!r} has no condition ('when')"
            continue
        conditions = [e.when for e in edges if e.when is not None]
        for facts in sample_facts(conditions):
            hits = [
                i for i, e in zip(indexes, edges, strict=True) if e.when is not None and matches(to_json(e.when), facts)
            ]
            if len(hits) != 1:
                where = f"amount {facts.amount:g}万元" + (f", category {facts.category}" if len(conditions) else "")
                if hits:
                    text = " and ".join(describe(process.edges[i].when) for i in hits if process.edges[i].when)
                    yield (
                        ("process", "edges", hits[1], "when"),
                        (f"branches from {source!r} overlap at {where}: {text}"),
                    )
                else:
                    yield ("process", "edges", indexes[0], "when"), f"no branch from {source!r} covers {where}"
                break
