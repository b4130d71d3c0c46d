"""The one amount parser: what an official types as a project's amount, read the same way by the CLI
(``regkb decide --amount``) and the 决策助手 page (docs/javascripts/amount.js mirrors it; both are
run against tests/cases/amounts.yml).

Accepted: digits in any width (６００), groups of three split by commas (1,000) or underscores
between digits (1_000), a decimal point, and a unit typed after the number (万元 / 万 / 元), which
wins over the unit chosen beside the box. Amounts are bounded: no 400-digit numbers, no Infinity.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_WAN = 100_000_000  # 1万亿元 in 万元: more than any project; a larger number is a typing error
MAX_CHARS = 40
UNITS = {"万元": "wan", "万": "wan", "元": "yuan"}
UNIT_NAMES = {"wan": "万元", "yuan": "元"}
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?")  # ASCII digits only, as in JS


# The command line's wording of each kind of error (the page shows the Chinese message).
ENGLISH = {
    "unit": "unit must be wan (万元) or yuan (元)",
    "too_long": f"amount must be a finite number of at most {MAX_CHARS} characters",
    "empty": "amount is empty",
    "negative": "amount must not be negative",
    "not_number": "amount must be a number of 万元 in digits (a finite number such as 600, 1,000 or 599.99; "
    "a unit may follow: 6000000元)",
    "too_large": f"amount must be a finite number of at most {MAX_WAN:,}万元",
}


class AmountError(ValueError):
    """An amount that cannot be read; ``code`` names the kind (the case file and the page use it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.english = ENGLISH[code]


@dataclass(frozen=True)
class Amount:
    wan: float  # the amount in 万元, as the rules compare it
    unit: str  # "wan" or "yuan": the unit the number was read in
    typed_unit: bool  # the unit was typed in the box (and overrode the selector)
    understood: str  # what was understood, e.g. "600万元" or "6000000元（600万元）"


def parse(text: str, unit: str = "wan") -> Amount:
    """Read ``text`` as an amount in ``unit`` ("wan" or "yuan") unless it names its own unit."""
    if unit not in UNIT_NAMES:
        raise AmountError("unit", f"单位只能是万元或元，而不是“{unit}”。")
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if len(raw) > MAX_CHARS:
        raise AmountError("too_long", f"金额太长（超过{MAX_CHARS}个字符）。")
    raw = re.sub(r"\s+", "", raw)
    if raw == "":
        raise AmountError("empty", "请填写项目金额。")
    typed = next((u for u in UNITS if raw.endswith(u)), None)
    if typed:
        raw, unit = raw[: -len(typed)], UNITS[typed]
    if raw.startswith("-"):
        raise AmountError("negative", "金额只能是不小于 0 的数字，不能是负数。")
    if not _NUMBER.fullmatch(raw):
        raise AmountError("not_number", "金额只能是不小于 0 的数字，例如 600、1,000 或 599.99（可带单位万元或元）。")
    number = float(raw.replace(",", "").replace("_", ""))
    wan = number / 10_000 if unit == "yuan" else number
    if wan > MAX_WAN:
        raise AmountError("too_large", f"金额超过{MAX_WAN:,}万元，请检查是否多输入了数字。")
    shown = _plain(number) + UNIT_NAMES[unit] + (f"（{_plain(wan)}万元）" if unit == "yuan" else "")
    return Amount(wan, unit, typed is not None, shown)


def _plain(value: float) -> str:
    """A number as people write it: no exponent, no trailing zeros (6e-05 → 0.00006)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"
