"""Chinese numerals as printed in regulations (第三十六条, （十二）) to and from integers."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def parse(text: str) -> int:
    """Return the value of a Chinese numeral such as 三十六, 十二 or 一百零五.

    >>> parse("三十六"), parse("十"), parse("一百零五")
    (36, 10, 105)
    """
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    return total + (digit or 0)


def format(value: int) -> str:
    """Write a positive integer below 10,000 the way articles are numbered.

    >>> format(36), format(10), format(105)
    ('三十六', '十', '一百零五')
    """
    if not 0 < value < 10_000:
        raise ValueError(f"out of range: {value}")
    names = "零一二三四五六七八九"
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if not (unit == "十" and digit == 1 and not parts):
            parts.append(names[digit])
        parts.append(unit)
    return "".join(parts)
