"""Facts about a project and the conditions rules, branches and exclusions test them with.

Any fact but the regulation and the amount may be unknown (``None``): the helper never assumes a
default. A condition then evaluates three-valued (:func:`check`): it holds, fails, or depends on
the inputs that are still unknown. The JavaScript helper (docs/javascripts/decide-engine.js)
implements ``check`` over the same JSON form of a condition; tests/test_parity.py proves the
two agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from . import vocab
from .schema import Condition

HOLDS, FAILS, DEPENDS = "holds", "fails", "depends"

# The parts of a condition, in the order they are evaluated and described.
PARTS: tuple[str, ...] = ("amount", "category", "nature", "funding", "classified", "unit_level", "any")


@dataclass(frozen=True)
class Facts:
    regulation: str  # the regulation's id (its file data/regulations/<id>.yml)
    amount: float
    category: str | None = None
    nature: str | None = None
    funding: str | None = None
    classified: bool | None = None
    unit_level: str | None = None

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


def check_part(key: str, wanted: Any, facts: dict[str, Any]) -> tuple[str, list[str]]:
    """One part of a condition: (holds | fails | depends, the unknown inputs it waits on)."""
    if key == "amount":
        return (HOLDS if _in_range(facts["amount"], wanted) else FAILS), []
    if key == "any":
        results = [check(alt, facts) for alt in wanted]
        if any(value == HOLDS for value, _ in results):
            return HOLDS, []
        if all(value == FAILS for value, _ in results):
            return FAILS, []
        return DEPENDS, sorted({w for value, waits in results if value == DEPENDS for w in waits})
    given = facts.get(key)
    if given is None:
        return DEPENDS, [key]
    if key == "classified":
        return (HOLDS if given == wanted else FAILS), []
    return (HOLDS if given in wanted else FAILS), []


def check(when: dict[str, Any], facts: dict[str, Any]) -> tuple[str, list[str]]:
    """A JSON condition over facts (a dict): fails if a part fails, holds if every part holds,
    else depends on the unknown inputs listed."""
    results = [check_part(key, when[key], facts) for key in PARTS if key in when]
    if any(value == FAILS for value, _ in results):
        return FAILS, []
    waits = sorted({w for value, ws in results if value == DEPENDS for w in ws})
    return (DEPENDS, waits) if waits else (HOLDS, [])


def matches(when: dict[str, Any], facts: Facts) -> bool:
    """True when every stated part of a JSON condition holds for the facts (an unknown input fails)."""
    return check(when, facts.as_dict())[0] == HOLDS


def bounds(condition: Condition) -> list[float]:
    """Every amount a condition (or its alternatives) compares against."""
    amount = condition.amount
    own = [] if amount is None else [v for v in (amount.gte, amount.gt, amount.lte, amount.lt) if v is not None]
    return own + [b for alt in condition.any or [] for b in bounds(alt)]


def describe_part(condition: Condition, key: str) -> str:
    """A Chinese reading of one part of a condition, e.g. 金额≥600万元 or 建设性质为新建."""
    if key == "amount":
        amount = condition.amount
        assert amount is not None
        return "且".join(
            f"金额{vocab.COMPARISONS[k]}{getattr(amount, k):g}{vocab.AMOUNT_UNIT}"
            for k in ("gte", "gt", "lte", "lt")
            if getattr(amount, k) is not None
        )
    if key == "classified":
        return "涉密项目" if condition.classified else "非涉密项目"
    if key == "any":
        return "（" + "，或".join(describe(alt) for alt in condition.any or []) + "）"
    names = {
        "category": ("类别为", vocab.CATEGORIES),
        "nature": ("建设性质为", vocab.NATURES),
        "funding": ("资金为", vocab.FUNDINGS),
        "unit_level": ("项目建设单位为", vocab.UNIT_LEVELS),
    }
    prefix, labels = names[key]
    return prefix + "或".join(labels[v] for v in getattr(condition, key))


def parts_text(condition: Condition) -> dict[str, str]:
    """Each stated part of a condition in words, keyed like its JSON form."""
    return {key: describe_part(condition, key) for key in PARTS if getattr(condition, key) is not None}


def describe(condition: Condition) -> str:
    """A Chinese reading of a condition, e.g. 金额≥600万元，类别为软件开发."""
    return "，".join(parts_text(condition).values())


def sample_facts(conditions: list[Condition], regulation: str = "") -> list[Facts]:
    """Facts on and around every bound the conditions mention, over every value they constrain
    (fully known facts: for checking that process branches are complementary)."""
    cuts = sorted({0.0, *(b for c in conditions for b in bounds(c))})
    amounts = sorted({a for cut in cuts for a in (cut, round(cut - 0.01, 2), round(cut + 0.01, 2)) if a >= 0})
    flat = _flatten(conditions)
    constrained = {
        field: any(getattr(c, field) is not None for c in flat)
        for field in ("category", "nature", "funding", "classified", "unit_level")
    }
    categories = list(vocab.CATEGORIES) if constrained["category"] else ["comprehensive"]
    natures: list[str | None] = list(vocab.NATURES) if constrained["nature"] else [None]
    fundings = list(vocab.FUNDINGS) if constrained["funding"] else ["fiscal"]
    classified = [False, True] if constrained["classified"] else [False]
    levels: list[str | None] = list(vocab.UNIT_LEVELS) if constrained["unit_level"] else [None]
    return [
        Facts(regulation, a, c, n, f, k, u)
        for a in amounts
        for c in categories
        for n in natures
        for f in fundings
        for k in classified
        for u in levels
    ]


def _flatten(conditions: list[Condition]) -> list[Condition]:
    return [c for cond in conditions for c in (cond, *_flatten(cond.any or []))]
