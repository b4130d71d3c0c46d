"""``regkb lint``: what a schema cannot see — clauses that speak to a topic or carry a duty and are not annotated.

A comparison cell that says 未规定 is a claim about the whole text, and a duty no rule cites is a requirement
the helper never shows. The lint backs both claims: every untagged unit a topic's cues match
(data/topic-cues.yml) and every paragraph or item with a duty word that no rule, role or exclusion cites
is a finding, unless the regulation's ``lint:`` section dismisses it with a reason that quotes the clause.
A regulation without ``meta.provenance`` is a finding too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pydantic

from . import paths
from .model import Reg
from .schema import Dismissal, Item, Node, TopicCues
from .validate import _expand, _path_of_id, load_regulation
from .yamlio import DataError, Located, PathKey, Problem, dotted, load

# Duty and prohibition words as these texts write them. 应 alone is a duty (应及时, 应将) but not inside
# 相应/对应/供应/响应/适应/反应/回应/效应/呼应 nor in 应用/应急/应对; 需 is not a duty in 需求/需要/无需/确需
# (确需 is a condition: 确需调整的, 按需 a manner); 要求 counts as a verb opening a clause
# (…督查，要求限期整改), not as a noun (符合…要求, 按要求).
DUTY = re.compile(
    r"应当|必须|不得|不予|严禁"
    r"|(?<![相对供响适反回效呼答])应(?![当用急对])"
    r"|(?<![必无])须"
    r"|(?<![无确按所急])需(?![求要])"
    r"|(?<=[，。；,当])要求"
)

# A reason must quote at least this many characters of the clause.
MIN_QUOTE = 4
# … and say something besides the quote.
MIN_EXPLANATION = 6
QUOTE = re.compile(r"“([^”]+)”|「([^」]+)」")


@dataclass
class Duty:
    """A duty word found in a clause, with a little of its context for the message."""

    word: str
    context: str


def duties(text: str) -> list[Duty]:
    """The duty and prohibition words of ``text``, in order."""
    found = []
    for match in DUTY.finditer(text):
        start, end = max(0, match.start() - 8), min(len(text), match.end() + 10)
        found.append(Duty(match.group(), text[start:end]))
    return found


def load_cues(path: Path) -> tuple[TopicCues, Located]:
    """The topic cues file, checked: every topic has at least one cue; an unknown topic is an error."""
    located = load(path)
    try:
        cues = TopicCues.model_validate(located.data)
    except pydantic.ValidationError as exc:
        raise DataError(
            [
                Problem(located.file, located.line_of(tuple(e["loc"])), dotted(tuple(e["loc"])), e["msg"])
                for e in exc.errors()
            ]
        ) from exc
    from . import vocab

    missing = [t for t in vocab.TOPICS if t not in cues.cues]
    if missing:
        raise DataError(
            [Problem(located.file, located.line_of(("cues",)), "cues", f"no cues for topic(s): {', '.join(missing)}")]
        )
    return cues, located


def matching_cues(cues: list[str], text: str) -> list[str]:
    return [cue for cue in cues if cue in text]


def unit_text(reg: Reg, node: Node) -> str:
    """Everything a unit says: its heading, paragraphs and items (the text its topics describe)."""
    return (node.heading or "") + reg.unit_text(node)


def lint_paths(targets: list[Path], cues_path: Path | None = None) -> tuple[int, list[Problem]]:
    """Lint every regulation file under ``targets``; return how many were linted and every finding."""
    cues_path = cues_path or paths.DATA / "topic-cues.yml"
    try:
        cues, _ = load_cues(cues_path)
    except DataError as exc:
        return 0, exc.problems
    files, problems = _expand(targets)  # a stray file in a folder is a finding too
    count = 0
    for path in files:
        try:
            reg = load_regulation(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        count += 1
        problems.extend(lint(reg, load(path, reg.file), cues))
    return count, problems


def lint(reg: Reg, located: Located, cues: TopicCues) -> Iterator[Problem]:
    """Every finding for one regulation (``located`` gives the lines)."""

    def problem(path: PathKey, field: str, message: str) -> Problem:
        return Problem(located.file, located.line_of(path), field, message)

    if reg.meta.provenance is None:
        yield problem(("meta",), "meta.provenance", "no provenance: record where the text came from and when")
    for index, inferred in enumerate(reg.meta.inferred):
        value: object = reg.meta
        for part in inferred.field.split("."):
            value = getattr(value, part, None)
        if value is None:
            yield problem(
                ("meta", "inferred", index, "field"),
                f"meta.inferred[{index}].field",
                f"marks meta.{inferred.field} as inferred, but it has no value",
            )
    dismissals = list(enumerate(reg.data.lint))
    used: set[tuple[int, str | None]] = set()

    def dismissed(check: str, clause: str, topic: str | None = None) -> bool:
        for index, d in dismissals:
            if d.check == check and d.clause == clause and (topic is None or topic in d.topics):
                used.add((index, topic))
                return True
        return False

    for index, d in dismissals:
        yield from _check_dismissal(reg, d, problem, ("lint", index))

    for node in reg.units():
        text = unit_text(reg, node)
        path = _path_of_id(located, node.id)[:-1]
        for topic, topic_cues in cues.cues.items():
            hits = matching_cues(topic_cues, text)
            if not hits or topic in node.topics or dismissed("topic", node.id, topic):
                continue
            yield problem(
                path + ("topics",),
                f"{dotted(path)}.topics",
                f"{reg.label(node.id)} ({node.id}) is not tagged {topic!r} but speaks to it "
                f"(cue {'、'.join(hits[:3])}); tag it or dismiss it under lint: with a reason quoting the clause",
            )

    cited = _covered(reg)
    for clause_id, text in _duty_clauses(reg):
        found = duties(text)
        if not found or cited(clause_id) or dismissed("obligation", clause_id):
            continue
        path = _path_of_id(located, clause_id)[:-1]
        yield problem(
            path + ("text",),
            f"{dotted(path)}.text",
            f"{reg.label(clause_id)} ({clause_id}) carries a duty ({found[0].word}: “…{found[0].context}…”) "
            "that no rule, role or exclusion cites; add a rule or dismiss it under lint: with a reason",
        )

    for index, d in dismissals:
        for topic in d.topics or [None]:
            if (index, topic) not in used:
                yield problem(
                    ("lint", index),
                    f"lint[{index}]",
                    f"dismisses a {d.check} finding for {d.clause}"
                    + (f" ({topic})" if topic else "")
                    + " that the lint no longer reports; remove it",
                )


def _check_dismissal(reg: Reg, d: Dismissal, problem, path: PathKey) -> Iterator[Problem]:
    field = dotted(path)
    if d.clause not in reg.clauses:
        return  # `regkb validate` already names the missing clause
    clause = reg.clauses[d.clause]
    if d.check == "topic" and (not d.topics or not isinstance(clause.obj, Node)):
        yield problem(path, field, "a topic dismissal names a unit (条 or division) and the topics whose cues matched")
        return
    if d.check == "obligation" and d.topics:
        yield problem(path + ("topics",), field + ".topics", "an obligation dismissal has no topics")
    text = unit_text(reg, clause.obj) if isinstance(clause.obj, Node) else clause.text
    quotes = [a or b for a, b in QUOTE.findall(d.reason)]
    good = [q for q in quotes if len(q.strip()) >= MIN_QUOTE and q.strip() in text]
    rest = QUOTE.sub("", d.reason).strip()
    if not good:
        yield problem(
            path + ("reason",),
            field + ".reason",
            f"the reason must quote the words of {reg.label(d.clause)} it is about, in “…” "
            f"(at least {MIN_QUOTE} characters found verbatim in the clause)",
        )
    elif len(rest) < MIN_EXPLANATION:
        yield problem(path + ("reason",), field + ".reason", "the reason must say why, besides quoting the clause")


def _duty_clauses(reg: Reg) -> Iterator[tuple[str, str]]:
    """(id, own text) of every paragraph and item of the body."""
    for clause in reg.clauses.values():
        if clause.kind in ("paragraph", "item"):
            yield clause.id, clause.text


def _covered(reg: Reg):
    """A predicate: is this clause cited by a rule, a role or an exclusion (itself or a unit containing it)?

    A role counts: many duties of these texts are role descriptions (县财政局负责…), and a role
    that cites the clause shows the duty on the regulation's agencies table.
    """
    cited: set[str] = set()
    for group in (reg.data.rules, reg.data.roles, reg.data.exclusions):
        for entry in group:
            cited.update(entry.cite)
    parents: dict[str, str] = {}

    def items(its: list[Item], parent: str) -> None:
        for item in its:
            parents[item.id] = parent
            items(item.items, item.id)

    def nodes(ns: list[Node], parent: str | None) -> None:
        for node in ns:
            if parent:
                parents[node.id] = parent
            for para in node.paragraphs:
                parents[para.id] = node.id
                items(para.items, para.id)
            nodes(node.children, node.id)

    nodes(reg.data.body, None)

    def covered(clause_id: str) -> bool:
        current: str | None = clause_id
        while current:
            if current in cited:
                return True
            current = parents.get(current)
        return False

    return covered
