"""Compare two versions of a regulation article by article.

Articles are matched by content, not number, so an article that moved (第十条 → 第十一条)
is reported as renumbered rather than as one removed and one added. Changed text gets a
character-level diff, which suits Chinese (no spaces between words).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .model import Reg
from .schema import Node
from .text import normalise

SIMILAR = 0.6  # below this two articles are different articles, not two versions of one


@dataclass
class Change:
    kind: str  # unchanged, renumbered, changed, added, removed
    old: Node | None
    new: Node | None
    similarity: float = 1.0
    segments: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)

    def as_dict(self, old: Reg, new: Reg) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old": {"id": self.old.id, "label": self.old.label} if self.old else None,
            "new": {"id": self.new.id, "label": self.new.label} if self.new else None,
            "similarity": round(self.similarity, 3),
            "segments": [list(s) for s in self.segments],
        }


def unit_text(reg: Reg, node: Node) -> str:
    return reg.unit_text(node) or (node.heading or "")


def char_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``[("equal", …), ("delete", …), ("insert", …)]`` turning ``before`` into ``after``."""
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", before[i1:i2]))
        else:
            if i2 > i1:
                segments.append(("delete", before[i1:i2]))
            if j2 > j1:
                segments.append(("insert", after[j1:j2]))
    return segments


def compare(old: Reg, new: Reg) -> list[Change]:
    """Changes from ``old`` to ``new``, in the order of the new text (removed ones after their neighbours)."""
    old_units, new_units = list(old.units()), list(new.units())
    old_text = {u.id: normalise(unit_text(old, u)) for u in old_units}
    new_text = {u.id: normalise(unit_text(new, u)) for u in new_units}
    pairs: dict[str, tuple[Node, float]] = {}
    taken: set[str] = set()
    # 1. identical text, 2. best remaining similar text (greedy by similarity)
    by_text: dict[str, list[Node]] = {}
    for unit in old_units:
        by_text.setdefault(old_text[unit.id], []).append(unit)
    for unit in new_units:
        same = [u for u in by_text.get(new_text[unit.id], []) if u.id not in taken]
        if same:
            pairs[unit.id] = (same[0], 1.0)
            taken.add(same[0].id)
    candidates = []
    for unit in new_units:
        if unit.id in pairs:
            continue
        for other in old_units:
            if other.id in taken:
                continue
            ratio = difflib.SequenceMatcher(None, old_text[other.id], new_text[unit.id], autojunk=False).ratio()
            if ratio >= SIMILAR:
                candidates.append((ratio, unit.id, other))
    for ratio, new_id, other in sorted(candidates, key=lambda c: (-c[0], c[1], c[2].id)):
        if new_id not in pairs and other.id not in taken:
            pairs[new_id] = (other, ratio)
            taken.add(other.id)
    changes: list[Change] = []
    for unit in new_units:
        if unit.id not in pairs:
            changes.append(Change("added", None, unit, 0.0, [("insert", unit_text(new, unit))]))
            continue
        before, ratio = pairs[unit.id]
        renumbered = before.label != unit.label
        if ratio == 1.0:
            changes.append(Change("renumbered" if renumbered else "unchanged", before, unit))
        else:
            changes.append(
                Change("changed", before, unit, ratio, char_diff(unit_text(old, before), unit_text(new, unit)))
            )
    for unit in old_units:
        if unit.id not in taken:
            changes.append(Change("removed", unit, None, 0.0, [("delete", unit_text(old, unit))]))
    return changes


def summary(changes: list[Change]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return counts


def format_text(changes: list[Change]) -> str:
    """Plain-text report: ``[-删去-]{+新增+}`` marks inside changed articles."""
    names = {"renumbered": "条号变动", "changed": "修改", "added": "新增", "removed": "删除"}
    lines = []
    for change in changes:
        if change.kind == "unchanged":
            continue
        old = change.old.label if change.old else "—"
        new = change.new.label if change.new else "—"
        lines.append(f"{names[change.kind]}：{old} → {new}" if change.kind != "added" else f"新增：{new}")
        if change.kind in ("changed", "added", "removed"):
            marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
            lines.append("  " + "".join(marks[op].format(text) for op, text in change.segments))
    counts = summary(changes)
    lines.append("合计：" + "，".join(f"{names.get(k, '未变')} {v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)
