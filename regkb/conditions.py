"""Facts about a project and the conditions rules, branches and exclusions test them with.

The JavaScript helper (docs/javascripts/decide.js) implements ``matches`` over the same
JSON form of a condition; tests/test_parity.py proves the two agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from . import vocab
from .schema import Condition


@dataclass(frozen=True)
class Facts:
    region: str
    amount: float
    category: str
    nature: str | None = None
    funding: str = "fiscal"
    classified: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def to_json(condition: Condition) -> dict[str, Any]:
    """A condition as plain JSON without unset parts: the form both engines evaluate."""
    return condition.model_dump(exclude_none=True)


def _in_range(amount: float, bounds: dict[str, float]) -> bool:
    return (
        ("gte" not in bounds or amount >= bounds["gte"])
        and ("gt" not in bounds or amount > bounds["gt"])
        and ("lte" not in bounds or amount <= bounds["lte"])
        and ("lt" not in bounds or amount < bounds["lt"])
    )


def matches(when: dict[str, Any], facts: Facts) -> bool:
    """True when every stated part of a JSON condition holds for the facts."""
    if "amount" in when and not _in_range(facts.amount, when["amount"]):
        return False
    for key in ("category", "nature", "funding"):
        if key in when and getattr(facts, key) not in when[key]:
            return False
    if "classified" in when and when["classified"] != facts.classified:
        return False
    return "any" not in when or any(matches(alt, facts) for alt in when["any"])


def bounds(condition: Condition) -> list[float]:
    """Every amount a condition (or its alternatives) compares against."""
    amount = condition.amount
    own = [] if amount is None else [v for v in (amount.gte, amount.gt, amount.lte, amount.lt) if v is not None]
    return own + [b for alt in condition.any or [] for b in bounds(alt)]


def describe(condition: Condition) -> str:
    """A Chinese reading of a condition, e.g. 金额≥600万元，类别为软件开发."""
    parts: list[str] = []
    amount = condition.amount
    if amount is not None:
        for key in ("gte", "gt", "lte", "lt"):
            value = getattr(amount, key)
            if value is not None:
                parts.append(f"金额{vocab.COMPARISONS[key]}{value:g}{vocab.AMOUNT_UNIT}")
    if condition.category is not None:
        parts.append("类别为" + "或".join(vocab.CATEGORIES[c] for c in condition.category))
    if condition.nature is not None:
        parts.append("性质为" + "或".join(vocab.NATURES[n] for n in condition.nature))
    if condition.funding is not None:
        parts.append("资金为" + "或".join(vocab.FUNDINGS[f] for f in condition.funding))
    if condition.classified is not None:
        parts.append("涉密项目" if condition.classified else "非涉密项目")
    if condition.any:
        parts.append("（" + "，或".join(describe(alt) for alt in condition.any) + "）")
    return "，".join(parts)


def sample_facts(conditions: list[Condition], region: str = "") -> list[Facts]:
    """Facts on and around every bound the conditions mention, over every value they constrain."""
    cuts = sorted({0.0, *(b for c in conditions for b in bounds(c))})
    amounts = sorted({a for cut in cuts for a in (cut, round(cut - 0.01, 2), round(cut + 0.01, 2)) if a >= 0})
    flat = _flatten(conditions)
    constrained = {
        field: any(getattr(c, field) is not None for c in flat)
        for field in ("category", "nature", "funding", "classified")
    }
    categories = list(vocab.CATEGORIES) if constrained["category"] else ["comprehensive"]
    natures: list[str | None] = list(vocab.NATURES) if constrained["nature"] else [None]
    fundings = list(vocab.FUNDINGS) if constrained["funding"] else ["fiscal"]
    classified = [False, True] if constrained["classified"] else [False]
    return [
        Facts(region, a, c, n, f, k)
        for a in amounts
        for c in categories
        for n in natures
        for f in fundings
        for k in classified
    ]


def _flatten(conditions: list[Condition]) -> list[Condition]:
    return [c for cond in conditions for c in (cond, *_flatten(cond.any or []))]
