"""The decision engine: which requirements apply to a project, each with its citation.

The rules are data (``rules`` and ``exclusions`` in each regulation). ``bundle`` turns
them into the JSON the browser helper evaluates with the same logic
(docs/javascripts/decide-engine.js); ``decide`` here evaluates that same bundle.
"""

from __future__ import annotations

from typing import Any

from . import vocab
from .conditions import Facts, describe, matches, to_json
from .model import Reg
from .schema import Rule


class InputError(ValueError):
    """A fact given to the engine is not valid; the message says what is."""


def page_url(reg_id: str) -> str:
    """A regulation page relative to the site root. Pages are ``.html`` files so that the
    site also works opened from the file system (Material's offline plugin)."""
    return f"regulations/{reg_id}.html"


def clause_url(reg_id: str, clause_id: str) -> str:
    """A clause anchor relative to the site root: regulations/<id>.html#<clause>."""
    return f"{page_url(reg_id)}#{clause_id}"


def _cite(reg: Reg, clause_ids: list[str]) -> dict[str, str]:
    first = clause_ids[0]
    return {"regulation": reg.id, "clause": first, "label": reg.label(first), "url": clause_url(reg.id, first)}


def _reason(reg: Reg, rule: Rule) -> str:
    threshold = next((t for t in reg.data.thresholds if t.id == rule.threshold), None)
    described = describe(rule.when)
    if threshold is not None:
        return f"因{described}（原文：{threshold.wording}）"
    return f"因{described}" if described else "适用于本办法管理的所有项目"


def agency_name(reg: Reg, agency: str) -> str:
    named = next((a.name for a in reg.data.agencies if a.agency == agency), None)
    return named or vocab.AGENCIES[agency]


def bundle(reg: Reg) -> dict[str, Any]:
    """Everything the helper needs for one region, in evaluation order (by stage)."""
    stage_order = list(vocab.STAGES)
    rules = sorted(reg.data.rules, key=lambda r: stage_order.index(r.stage))
    return {
        "region": reg.id,
        "region_name": reg.region_name,
        "region_path": reg.region_path,
        "title": reg.meta.title,
        "short_title": reg.meta.short_title,
        "exclusions": [
            {"id": x.id, "title": x.title, "when": to_json(x.when), "cite": _cite(reg, x.cite)}
            for x in reg.data.exclusions
        ],
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "stage": vocab.STAGES[r.stage],
                "stage_id": r.stage,
                "authority": agency_name(reg, r.authority),
                "authority_id": r.authority,
                "materials": list(r.materials),
                "deadline": r.deadline,
                "discretionary": r.discretionary,
                "reason": _reason(reg, r),
                "when": to_json(r.when),
                "applies_out_of_scope": r.applies_out_of_scope,
                "cite": _cite(reg, r.cite),
            }
            for r in rules
        ],
    }


def evaluate(data: dict[str, Any], facts: Facts) -> dict[str, Any]:
    """Apply one region's bundle to the facts; the JSON answer of the CLI and the helper."""
    excluded = [x for x in data["exclusions"] if matches(x["when"], facts)]
    in_scope = not excluded
    keys = ("id", "title", "stage", "authority", "materials", "deadline", "discretionary", "reason", "cite")
    requirements = [
        {k: rule[k] for k in keys}
        for rule in data["rules"]
        if matches(rule["when"], facts) and (in_scope or rule["applies_out_of_scope"])
    ]
    return {
        "region": data["region"],
        "inputs": facts.as_dict(),
        "in_scope": in_scope,
        "exclusions": [{"id": x["id"], "title": x["title"], "cite": x["cite"]} for x in excluded],
        "requirements": requirements,
    }


def parse_facts(
    region: str,
    amount: str | float,
    category: str,
    nature: str | None = None,
    funding: str | None = None,
    classified: bool = False,
    regions: list[str] | None = None,
) -> Facts:
    """Check raw inputs against the vocabularies; raise :class:`InputError` with a clear message."""
    if regions is not None and region not in regions:
        raise InputError(f"unknown region {region!r}; valid: {', '.join(regions)}")
    try:
        value = float(amount)
    except (TypeError, ValueError):
        raise InputError(f"amount must be a number of 万元, got {amount!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"amount must be a finite number of 万元, got {amount!r}")
    if value < 0:
        raise InputError(f"amount must not be negative, got {amount!r}")
    for name, given, allowed in (
        ("category", category, vocab.CATEGORIES),
        ("nature", nature, vocab.NATURES),
        ("funding", funding, vocab.FUNDINGS),
    ):
        if given is not None and given not in allowed:
            raise InputError(f"unknown {name} {given!r}; valid: {', '.join(allowed)}")
    return Facts(region, value, category, nature, funding or "fiscal", bool(classified))


def decide(reg: Reg, facts: Facts) -> dict[str, Any]:
    return evaluate(bundle(reg), facts)
