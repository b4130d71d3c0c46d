"""Text alternatives for the charts, from the same process data the charts are drawn from.

A flowchart is a picture: a screen reader user, a keyboard user or someone on a phone needs the
same content as a list. Each process chart gets its steps in order (a topological order of the
flow, loops set aside), each with who does it, its stage, deadline, condition, the clauses it rests
on (linked) and where it leads; the stage overview and the basis chart get the lists they draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from . import vocab
from .conditions import describe
from .corpus import Corpus
from .model import Reg
from .schema import Process, Step
from .urls import clause_url, page_url


@dataclass(frozen=True)
class Link:
    label: str
    url: str  # relative to the site root


def _link(reg: Reg, clause_id: str) -> Link:
    return Link(reg.label(clause_id), clause_url(reg.id, clause_id))


@dataclass(frozen=True)
class Next:
    title: str
    kind: str  # normal, branch, loop
    label: str


@dataclass
class StepText:
    number: int
    title: str
    kind: str
    actor: str
    stage: str
    deadline: str | None
    condition: str | None
    cites: list[Link]
    next: list[Next] = field(default_factory=list)


def ordered_steps(process: Process) -> list[Step]:
    """The steps in the order the flow runs: a topological order of the forward edges (loops such as
    整改 go back and are left out), ties in the order the data lists them, the start step first."""
    index = {step.id: i for i, step in enumerate(process.steps)}
    index[process.start] = -1
    graph = nx.DiGraph()
    graph.add_nodes_from(index)
    graph.add_edges_from(
        (e.source, e.target) for e in process.edges if e.kind != "loop" and e.source in index and e.target in index
    )
    try:
        order = list(nx.lexicographical_topological_sort(graph, key=index.__getitem__))
    except nx.NetworkXUnfeasible:  # a cycle not marked as a loop: keep the order of the data
        order = sorted(index, key=index.__getitem__)
    steps = {step.id: step for step in process.steps}
    return [steps[i] for i in order if i in steps]


def process_steps(reg: Reg) -> list[StepText]:
    """One regulation's process chart as a list: the steps in order, each linked to its clauses."""
    process = reg.data.process
    if process is None:
        return []
    steps = ordered_steps(process)
    titles = {step.id: step.title for step in steps}
    out = []
    for number, step in enumerate(steps, 1):
        out.append(
            StepText(
                number=number,
                title=step.title,
                kind=step.kind,
                actor=reg.agency_name(step.actor),
                stage=vocab.STAGES[step.stage],
                deadline=step.deadline,
                condition=step.condition,
                cites=[_link(reg, c) for c in step.cite],
                next=[
                    Next(titles[e.target], e.kind, e.label or (describe(e.when) if e.when else ""))
                    for e in process.edges
                    if e.source == step.id and e.target in titles
                ],
            )
        )
    return out


@dataclass
class StageRow:
    region: str
    page: str
    stages: list[tuple[str, int, Link]]  # stage name, number of steps, the first step's clause


def stage_rows(corpus: Corpus) -> list[StageRow]:
    """The stage overview chart as a list: per region, the stages its process goes through, in order."""
    order = list(vocab.STAGES)
    rows = []
    for reg in corpus.regs:
        if reg.data.process is None:
            continue
        steps = reg.data.process.steps
        present = sorted({s.stage for s in steps}, key=order.index)
        stages = []
        for stage in present:
            first = next(s for s in steps if s.stage == stage)
            count = sum(1 for s in steps if s.stage == stage)
            stages.append((vocab.STAGES[stage], count, _link(reg, first.cite[0])))
        rows.append(StageRow(reg.region_name, page_url(reg.id), stages))
    return rows


@dataclass
class BasisRow:
    title: str
    page: str
    documents: list[tuple[str, str, Link]]  # 依据 or 废止, the document, the clause that says so


def basis_rows(corpus: Corpus) -> list[BasisRow]:
    """The basis chart as a list: per regulation, the documents it rests on or repeals."""
    rows = []
    for reg in corpus.regs:
        docs = [
            (relation, doc.title + (f"（{doc.number}）" if doc.number else ""), _link(reg, doc.cite[0]))
            for relation, group in (("依据", reg.meta.basis), ("废止", reg.meta.repeals))
            for doc in group
        ]
        rows.append(BasisRow(reg.meta.short_title, page_url(reg.id), docs))
    return rows
