"""Checks of the comparison cells' data: every topic a regulation speaks to has its editorial summary.

A cell of the comparison is the summary (编者摘要) of a topic the text has clauses on, 不适用 with a
reason, or 未规定 (no clause tagged). These checks keep the three apart: a tagged topic without a
summary, a summary or 不适用 on a topic it does not match, and a topic answered twice are errors.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import vocab
from .model import Reg
from .schema import Node
from .yamlio import PathKey


def tagged(reg: Reg) -> dict[str, list[str]]:
    """Topic → the ids of the units tagged with it, in document order."""
    out: dict[str, list[str]] = {}
    for node in reg.units():
        for topic in node.topics:
            out.setdefault(topic, []).append(node.id)
    return out


def _topics_of(reg: Reg, clause_id: str) -> list[str]:
    clause = reg.clauses.get(clause_id)
    if clause is None:
        return []
    unit = reg.clauses.get(clause.unit)
    return list(getattr(unit.obj, "topics", []) or []) if unit else []


def _unit_paths(nodes: list[Node], path: PathKey) -> Iterator[tuple[str, PathKey]]:
    for index, node in enumerate(nodes):
        yield node.id, path + (index,)
        yield from _unit_paths(node.children, path + (index, "children"))


def check(reg: Reg) -> Iterator[tuple[PathKey, str]]:
    """(path, message) for each problem with ``summaries`` and ``not_applicable``.

    Citations to clauses that do not exist are reported by the general citation check. A summary
    citing only text outside the numbered units (a notice's preamble, which carries no topics) is
    accepted: 霍邱's purpose is stated there."""
    topics = tagged(reg)
    answered: dict[str, str] = {}
    for section, entries in (("summaries", reg.data.summaries), ("not_applicable", reg.data.not_applicable)):
        for index, entry in enumerate(entries):
            label = vocab.TOPICS[entry.topic]
            if entry.topic in answered:
                yield (
                    (section, index, "topic"),
                    f"topic {entry.topic!r} ({label}) is already answered in {answered[entry.topic]}",
                )
                continue
            answered[entry.topic] = f"{section}[{index}]"
            known = [cid for cid in entry.cite if cid in reg.clauses]
            if section == "not_applicable" and entry.topic in topics:
                yield (
                    (section, index, "topic"),
                    f"topic {entry.topic!r} ({label}) is tagged on {', '.join(topics[entry.topic])}: "
                    "a topic the text speaks to needs a summary, not 不适用",
                )
            elif (
                section == "summaries"
                and known
                and not any(entry.topic in _topics_of(reg, c) for c in known)
                and not all(reg.clauses[c].kind == "block" for c in known)  # a preamble carries no topics
            ):
                yield (
                    (section, index, "cite"),
                    f"the summary of {entry.topic!r} ({label}) cites no clause tagged with that topic "
                    f"(tagged: {', '.join(topics.get(entry.topic, [])) or 'none'})",
                )
    where = dict(_unit_paths(reg.data.body, ("body",)))
    for topic, units in topics.items():
        if topic not in answered:
            yield (
                where[units[0]] + ("topics", reg.clauses[units[0]].obj.topics.index(topic)),
                f"topic {topic!r} ({vocab.TOPICS[topic]}) is tagged on {', '.join(units)} but has no summary; "
                f"add {{topic: {topic}, text: …, cite: […]}}",
            )
