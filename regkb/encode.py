"""One encoder per output: text from data reaches HTML, Markdown, DOT, JSON, JS and CSV only through these.

Each function takes any text and returns something that, placed where its name says, is read as
that text and nothing more: never markup, a script, a formula or a second Markdown line.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import graphviz
from markupsafe import Markup, escape

# C0/C1 control characters and the Unicode line/paragraph separators: each becomes one space where a
# target has no way to show it (a Markdown line, a DOT label, a spreadsheet cell keeps \n only).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def html(text: object) -> Markup:
    """Text for an HTML element or a quoted attribute value."""
    return escape(str(text))


def one_line(text: str) -> str:
    """``text`` on one line: every newline or control character becomes a space, runs collapse."""
    return re.sub(r" {2,}", " ", _CONTROL.sub(" ", text)).strip()


# Python-Markdown's abbreviation definitions: ``*[term]: title`` with no backslash or bracket in the
# term (otherwise the line is not a definition and would be parsed as Markdown text).
_ABBR_TERM_FORBIDDEN = re.compile(r"[\\\[\]*`<>&\"]")


def markdown_abbreviation(term: str, definition: str) -> str | None:
    """One ``*[term]: definition`` line, or None when ``term`` cannot be one.

    The definition becomes the tooltip (an attribute, so Markdown in it is never parsed) and is kept
    on one line, so nothing after a newline can start a block of raw HTML or a link.
    """
    term = one_line(term)
    if not term or _ABBR_TERM_FORBIDDEN.search(term):
        return None
    return f"*[{term}]: {one_line(definition)}"


def dot(text: object) -> str:
    """A Graphviz attribute value (label, tooltip, URL) always read as a quoted string: never an
    HTML-like ``<…>`` label, a backslash escape (``\\l``, ``\\N``) or an unterminated string."""
    return graphviz.escape(_CONTROL_BUT_NEWLINE.sub(" ", str(text)))


def json_text(value: Any, **options: Any) -> str:
    """Strict JSON (no Infinity or NaN, which JSON does not have): raises ValueError instead."""
    options.setdefault("ensure_ascii", False)
    return json.dumps(value, allow_nan=False, **options)


_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def js_value(value: Any, **options: Any) -> str:
    """A JavaScript expression for ``value`` (strict JSON), safe inside a script file or a <script>
    element: ``</script>``, ``<!--`` and the line separators are written as escapes (by str.replace:
    a bundle of HTML has millions of ``<``, a regular expression called back for each)."""
    text = json_text(value, **options)
    for unsafe, escaped in _JS_UNSAFE.items():
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value: Any) -> Any:
    """A CSV or spreadsheet cell: text that a spreadsheet would read as a formula gets a leading
    apostrophe (the convention spreadsheets show as text); numbers pass unchanged, NaN/inf refused."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise ValueError(f"not a finite number: {value!r}")
    if isinstance(value, str):
        value = _CONTROL_BUT_NEWLINE.sub(" ", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


SAFE_SCHEMES = ("http", "https")


def href(url: str) -> str | None:
    """``url`` when a link to it is safe: http(s), or a path within the site; else None.

    Refused: other schemes (``javascript:``, ``data:``, ``vbscript:``, however cased or padded),
    protocol-relative ``//host`` links, and anything with a control character or space.
    """
    if not isinstance(url, str) or not url or re.search(r"[\x00-\x20\x7f-\x9f\u2028\u2029\\]", url):
        return None
    parts = urlsplit(url)
    if parts.scheme:
        return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None
    if url.startswith("//") or ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None
    return url
