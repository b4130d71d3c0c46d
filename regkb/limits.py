"""Checks on every value of a data file that no schema type expresses: sizes, ids, links, numbers, ranges.

They run on the parsed YAML before the schema, so they cover every field, including ones added
to the schema later: an id is any value under a key ``id``, a number any number anywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from . import encode
from .yamlio import Located, PathKey, Problem, dotted

# Characters per string. Clause text and the original/repaired text of a repair are whole paragraphs
# (the longest today is 243 characters); prose annotations are sentences; everything else is a name.
LONG_TEXT = 20_000
PROSE = 2_000
NAME = 300
LONG_FIELDS = frozenset({"text", "original", "repaired", "rows"})
PROSE_FIELDS = frozenset(
    {"definition", "duty", "reason", "note", "triggers", "summary", "what", "condition", "subject", "wording"}
    | {"deadline", "materials", "items", "inputs", "outputs", "aliases"}
)
MAX_ITEMS = 10_000  # entries in any one list (a regulation has at most a few hundred articles)
RANGE_KEYS = frozenset({"gte", "gt", "lte", "lt"})
LINK_FIELDS = frozenset({"url", "href", "link", "evidence_url", "source_url"})  # a value the site makes a link of
# as yamlio refuses in a file's text, here in values that a YAML escape ("\x07", "\u2028") produced
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def limit(field: str) -> int:
    return LONG_TEXT if field in LONG_FIELDS else PROSE if field in PROSE_FIELDS else NAME


def check(located: Located, id_pattern: re.Pattern[str]) -> Iterator[Problem]:
    """Every string within its size limit, every ``id`` matching ``id_pattern``, every number finite,
    every amount range (``{gte: 500, lt: 100}``) possible."""

    def problem(path: PathKey, message: str) -> Problem:
        return Problem(located.file, located.line_of(path), dotted(path), message)

    stack: list[tuple[Any, PathKey, str]] = [(located.data, (), "")]
    while stack:
        value, path, field = stack.pop()
        if isinstance(value, dict):
            if field == "amount" and value and set(value) <= RANGE_KEYS:
                yield from _range(value, path, problem)
            stack.extend((child, path + (key,), str(key)) for key, child in value.items())
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                yield problem(path, f"{len(value):,} entries; the limit is {MAX_ITEMS:,}")
                continue
            stack.extend((child, path + (index,), field) for index, child in enumerate(value))
        elif isinstance(value, str):
            most = limit(field)
            if len(value) > most:
                yield problem(path, f"{len(value):,} characters; the limit for {field or 'this value'} is {most:,}")
            elif control := _CONTROL.search(value):
                yield problem(
                    path, f"control character U+{ord(control.group(0)):04X} is not allowed (written as an escape)"
                )
            elif field in LINK_FIELDS and encode.href(value) is None:
                yield problem(path, f"link {value[:80]!r} must be an http(s) address or a path within the site")
            elif field == "id" and not id_pattern.fullmatch(value):
                yield problem(
                    path,
                    f"id {value[:80]!r} may hold only lower-case letters a-z, digits, '-' and '_' (it is part of URLs)",
                )
        elif isinstance(value, (bytes, set)):
            yield problem(
                path, f"a YAML {type(value).__name__} value (!!binary, !!set) is not allowed here; write text"
            )
        elif isinstance(value, float) and not math.isfinite(value):
            yield problem(path, f"{value} is not a number a regulation can state; write a finite number")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
            yield problem(path, f"a number of about {value.bit_length() * 3 // 10 + 1} digits is too large")


def _range(bounds: dict[str, Any], path: PathKey, problem: Any) -> Iterator[Problem]:
    numbers = {k: v for k, v in bounds.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    if len(numbers) != len(bounds) or not all(math.isfinite(v) for v in numbers.values()):
        return  # the schema or the finite-number check reports it
    for key, value in numbers.items():
        if value < 0:
            yield problem(path + (key,), f"amount {value:g} is negative; amounts are 万元 from 0 up")
    lows = [(v, k == "gt") for k, v in numbers.items() if k in ("gte", "gt")]
    highs = [(v, k == "lt") for k, v in numbers.items() if k in ("lte", "lt")]
    if len(lows) > 1 or len(highs) > 1:
        yield problem(path, "give at most one lower bound (gte or gt) and one upper bound (lte or lt)")
        return
    if lows and highs:
        (low, low_open), (high, high_open) = lows[0], highs[0]
        if low > high or (low == high and (low_open or high_open)):
            shown = ", ".join(f"{k}: {v:g}" for k, v in numbers.items())
            yield problem(path, f"no amount satisfies {{{shown}}}")
