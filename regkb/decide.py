"""The decision engine: which requirements apply to a project, each with every clause it rests on.

The rules are data (``rules``, ``exclusions`` and ``interpretations`` in each regulation).
``bundle`` turns them into the JSON the browser helper evaluates with the same logic
(docs/javascripts/decide-engine.js); ``evaluate`` here evaluates that same bundle. A bundle is
made on a given day and carries the regulation's status as of that day.

An answer never assumes an input it was not given: a rule whose condition depends on an unknown
input (or on a condition of the text no input expresses) is listed as conditional, with its
condition in words and the inputs it waits on; an exclusion that depends on one makes the scope
conditional, stated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import vocab
from .conditions import DEPENDS, FAILS, HOLDS, PARTS, Facts, check, check_part, parts_text, to_json
from .model import Reg, StatusNote
from .schema import Condition, Evidence, Rule
from .urls import clause_url


class InputError(ValueError):
    """A fact given to the engine is not valid; the message says what is."""


def cites(reg: Reg, clause_ids: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    """Every clause a fact rests on, each with its label and link."""
    return [
        {"regulation": reg.id, "clause": c, "label": reg.label(c), "url": clause_url(reg.id, c)} for c in clause_ids
    ]


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "title": ev.title,
        "issuer": ev.issuer,
        "number": ev.number,
        "date": ev.date.isoformat() if ev.date else None,
        "date_wording": ev.date_wording,
        "url": ev.url,
        "kind": ev.kind,
    }


def _note(reg: Reg, note: StatusNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "kind": note.kind,
        "label": note.label,
        "summary": note.summary,
        "affects": cites(reg, note.affects),
        "evidence": [_evidence(ev) for ev in note.evidence],
        "cite": cites(reg, note.cite),
        "checked": note.checked.isoformat() if note.checked else None,
    }


def status(reg: Reg, today: dt.date) -> dict[str, Any]:
    """The regulation's status as of ``today`` (the build date), with every notice behind it."""
    currency = reg.currency(today)
    return {
        "as_of": today.isoformat(),
        "label": currency.label,
        "class": currency.cls,
        "notes": [_note(reg, n) for n in currency.notes],
    }


def this_text(reg: Reg) -> str:
    """How an answer names the regulation: 本办法, or 本通知 for a notice (霍邱's text is a 通知)."""
    return "本" + (reg.meta.kind if len(reg.meta.kind) <= 4 else "文件")


def _inputs_read(conditions: list[Condition]) -> list[str]:
    read = set()
    for cond in conditions:
        for key in PARTS:
            if key == "any" and cond.any:
                read.update(_inputs_read(cond.any))
            elif key != "any" and getattr(cond, key) is not None:
                read.add(key)
    return [k for k in vocab.INPUTS if k in read]


def bundle(reg: Reg, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the helper needs for one regulation, in evaluation order (by stage), as of ``today``."""
    from .render import today as build_day

    day = today or build_day()
    currency = reg.currency(day)
    stage_order = list(vocab.STAGES)
    rules = sorted(reg.data.rules, key=lambda r: stage_order.index(r.stage))
    readings = reg.data.interpretations

    def read_for(item_id: str) -> list[str]:
        return [i.id for i in readings if item_id in i.affects]

    return {
        "regulation": reg.id,
        "region_name": reg.region_name,
        "region_path": reg.region_path,
        "title": reg.meta.title,
        "short_title": reg.meta.short_title,
        "this_text": this_text(reg),
        "stages": list(vocab.STAGES.values()),  # the order the helper lists requirements in
        "status": status(reg, day),
        "inputs": _inputs_read([x.when for x in reg.data.exclusions] + [r.when for r in reg.data.rules]),
        "interpretations": [
            {
                "id": i.id,
                "cite": cites(reg, i.cite),
                "question": i.question,
                "reading": i.reading,
                "alternative": i.alternative,
                "affects": list(i.affects),
            }
            for i in readings
        ],
        "exclusions": [
            {
                "id": x.id,
                "title": x.title,
                "when": to_json(x.when),
                "when_text": parts_text(x.when),
                "cite": cites(reg, x.cite),
                "interpretations": read_for(x.id),
            }
            for x in reg.data.exclusions
        ],
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "stage": vocab.STAGES[r.stage],
                "stage_id": r.stage,
                "authority": reg.agency_name(r.authority),
                "authority_id": r.authority,
                "materials": list(r.materials),
                "deadline": r.deadline,
                "discretionary": r.discretionary,
                "when": to_json(r.when),
                "when_text": _when_text(reg, r),
                "text_condition": r.text_condition,
                "applies_out_of_scope": r.applies_out_of_scope,
                "cite": cites(reg, r.cite),
                "status_notes": [n.id for n in currency.notes if reg.affected_by(n, r.cite)],
                "interpretations": read_for(r.id),
            }
            for r in rules
        ],
    }


def _when_text(reg: Reg, rule: Rule) -> dict[str, str]:
    """The words of each part of a rule's condition; the amount quotes the threshold it implements
    and its clauses, e.g. 金额≥600万元（原文：“采购预算600万元（含）以上”，第十二条）."""
    words = parts_text(rule.when)
    threshold = next((t for t in reg.data.thresholds if t.id == rule.threshold), None)
    if threshold is not None and "amount" in words:
        labels = "、".join(c["label"] for c in cites(reg, threshold.cite))
        words["amount"] += f"（原文：“{threshold.wording}”，{labels}）"
    return words


def _parts(item: dict[str, Any], facts: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The words of the parts of an item's condition that hold, and of those still depending."""
    held: list[str] = []
    pending: list[str] = []
    for key in PARTS:
        if key in item["when"]:
            value = check_part(key, item["when"][key], facts)[0]
            if value == HOLDS:
                held.append(item["when_text"][key])
            elif value == DEPENDS:
                pending.append(item["when_text"][key])
    return held, pending


def _exclusion(x: dict[str, Any]) -> dict[str, Any]:
    return {"id": x["id"], "title": x["title"], "cite": x["cite"], "interpretations": x["interpretations"]}


KEYS = (
    "id",
    "title",
    "stage",
    "authority",
    "materials",
    "deadline",
    "discretionary",
    "text_condition",
    "cite",
    "status_notes",
    "interpretations",
)


def evaluate(data: dict[str, Any], given: Facts | dict[str, Any]) -> dict[str, Any]:
    """Apply one regulation's bundle to the facts; the JSON answer of the CLI and the helper."""
    facts = given.as_dict() if isinstance(given, Facts) else dict(given)
    excluded: list[dict[str, Any]] = []
    pending_scope: list[dict[str, Any]] = []
    cleared: list[dict[str, Any]] = []
    for x in data["exclusions"]:
        value, waits = check(x["when"], facts)
        if value == HOLDS:
            excluded.append(_exclusion(x))
        elif value == FAILS:
            cleared.append(_exclusion(x))
        else:
            pending = _parts(x, facts)[1]
            pending_scope.append({**_exclusion(x), "condition": "若" + "，".join(pending), "waits_on": waits})
    scope_status = "out" if excluded else ("conditional" if pending_scope else "in")
    requirements: list[dict[str, Any]] = []
    conditional: list[dict[str, Any]] = []
    for rule in data["rules"]:
        value, waits = check(rule["when"], facts)
        if value == FAILS or (scope_status == "out" and not rule["applies_out_of_scope"]):
            continue
        held, pending = _parts(rule, facts)
        entry = {k: rule[k] for k in KEYS}
        entry["because"] = "，".join(held)
        entry["general"] = not held and not pending and rule["text_condition"] is None
        if value == HOLDS and rule["text_condition"] is None:
            general = f"不纳入{data['this_text']}管理的项目亦须执行" if rule["applies_out_of_scope"] else ""
            entry["reason"] = (
                "因" + entry["because"] if held else (general or f"适用于{data['this_text']}管理的所有项目")
            )
            requirements.append(entry)
        else:
            words = pending + ([rule["text_condition"]] if rule["text_condition"] is not None else [])
            entry["condition"] = "若" + "，".join(words)
            entry["waits_on"] = waits
            entry["reason"] = entry["condition"] + ("；已满足：" + entry["because"] if held else "")
            conditional.append(entry)
    return {
        "regulation": data["regulation"],
        "this_text": data["this_text"],
        "inputs": {k: facts.get(k) for k in ("regulation", *vocab.INPUTS)},
        "unknown": [k for k in data["inputs"] if facts.get(k) is None],
        "in_scope": scope_status != "out",
        "scope": {"status": scope_status, "excluded": excluded, "conditional": pending_scope, "cleared": cleared},
        "exclusions": excluded,
        "status": data["status"],
        "interpretations": data["interpretations"],
        "requirements": requirements,
        "conditional": conditional,
    }


UNKNOWN = ("", "unknown", "未知", "不确定")
YES = ("yes", "true", "1", "是", "涉密")
NO = ("no", "false", "0", "否", "非涉密")


def _known(value: str | None) -> str | None:
    return None if value is None or value.strip() in UNKNOWN else value.strip()


def parse_classified(value: str | bool | None) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    given = _known(value)
    if given is None:
        return None
    if given.lower() in YES:
        return True
    if given.lower() in NO:
        return False
    raise InputError(f"classified must be yes, no or unknown, got {value!r}")


def parse_facts(
    regulation: str,
    amount: str | float,
    category: str | None = None,
    nature: str | None = None,
    funding: str | None = None,
    classified: str | bool | None = None,
    regulations: list[str] | None = None,
    unit_level: str | None = None,
) -> Facts:
    """Check raw inputs against the vocabularies; raise :class:`InputError` with a clear message.
    An omitted input, or ``unknown``, stays unknown: nothing is assumed."""
    if regulations is not None and regulation not in regulations:
        raise InputError(f"unknown regulation {regulation!r}; valid: {', '.join(regulations)}")
    try:
        value = float(amount)
    except (TypeError, ValueError):
        raise InputError(f"amount must be a number of 万元, got {amount!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"amount must be a finite number of 万元, got {amount!r}")
    if value < 0:
        raise InputError(f"amount must not be negative, got {amount!r}")
    known: dict[str, str | None] = {}
    for name, given, allowed in (
        ("category", category, vocab.CATEGORIES),
        ("nature", nature, vocab.NATURES),
        ("funding", funding, vocab.FUNDINGS),
        ("unit level", unit_level, vocab.UNIT_LEVELS),
    ):
        known[name] = _known(given)
        if known[name] is not None and known[name] not in allowed:
            raise InputError(f"unknown {name} {given!r}; valid: {', '.join(allowed)} or unknown")
    return Facts(
        regulation,
        value,
        known["category"],
        known["nature"],
        known["funding"],
        parse_classified(classified),
        known["unit level"],
    )


def decide(reg: Reg, facts: Facts, today: dt.date | None = None) -> dict[str, Any]:
    return evaluate(bundle(reg, today), facts)
