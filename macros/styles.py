"""MkDocs hook: Material's look without the rules of its stylesheet that restyled whole pages at load.

Material styles a Markdown table through selectors such as ``.md-typeset table:not([class]) + *``
and ``.md-typeset table:not([class]) th > :first-child``, and its bundle wraps each such table in
a scroll box when the page loads. In Chromium those selectors make every insertion of an element
and every write of a ``class`` attribute restyle the whole subtree around it: the bundle's own
``no-js`` → ``js`` on ``<html>`` restyled the whole page, its table wrapping the whole content of
the maintainer guide (the longest task of that page's load), and each chart the viewer put in place
the whole regulation. So:

- each Markdown table is put in Material's scroll box at build time and classed ``rk-md-table``
  (:func:`wrap_tables`; the bundle then leaves it alone), and regkb.css gives that class Material's
  table look;
- the copy of Material's stylesheet in the built site loses the rules for tables without a class
  (after the first step no page has one, and the rules' only effect left was the restyling) and,
  unless pymdownx.tabbed is among the Markdown extensions, the rules for its tabbed sets: their
  ``.tabbed-labels > :nth-child(n)`` selectors made every element's children count as placed by
  position, so inserting one element (a chart's toolbar, 纠错's button) restyled its parent's whole
  subtree. :func:`drop_rules` does it through the tinycss2 parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

# Python-Markdown's tables extension writes exactly "<table>" and "</table>" (a bare raw <table> in a page is
# wrapped too, as Material's script did; a table with attributes is left alone).
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_WRAPPED = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    '<table class="rk-md-table">{}</table></div></div>'
)
CLASSLESS_TABLE = "table:not([class])"
TABBED = ".tabbed-"  # pymdownx.tabbed's markup (.tabbed-set, .tabbed-labels, .tabbed-content, .tabbed-block)


def wrap_tables(html: str) -> str:
    """``html`` with each bare ``<table>`` in Material's scroll box, classed ``rk-md-table``."""
    return _TABLE.sub(lambda m: _WRAPPED.format(m.group(1)), html)


def _selectors(prelude: list) -> list[str]:
    """A rule's selector list, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def _filter(rules: list, unused: tuple[str, ...]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [s for s in _selectors(rule.prelude) if not any(part in s for part in unused)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = _filter(tinycss2.parse_rule_list(rule.content), unused)
            if inner:
                out.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + inner + "}")
        elif rule.type != "comment":
            out.append(rule.serialize())
    return "".join(out)


def drop_rules(css: str, unused: tuple[str, ...]) -> str:
    """``css`` without the selectors that contain one of ``unused`` (a rule left with none goes)."""
    if not any(part in css for part in unused):
        return css
    return _filter(tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True), unused)


def on_page_content(html, page, config, files):  # MkDocs' hook signature
    return wrap_tables(html)


def unused_markup(config) -> tuple[str, ...]:
    """What of Material's stylesheet no page of this site has."""
    tabbed = "pymdownx.tabbed" in config["markdown_extensions"]
    return (CLASSLESS_TABLE,) if tabbed else (CLASSLESS_TABLE, TABBED)


def on_post_build(config):  # MkDocs' hook signature
    unused = unused_markup(config)
    for path in sorted((Path(config["site_dir"]) / "assets" / "stylesheets").glob("main.*.css")):
        css = path.read_text(encoding="utf-8")
        lean = drop_rules(css, unused)
        if lean != css:  # a --dirty build keeps the copy made before: it is left as it is
            path.write_text(lean, encoding="utf-8")
