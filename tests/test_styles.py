"""macros/styles.py: Material's look, without the stylesheet rules that restyled whole pages at load."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import material
import tinycss2

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("regkb_styles_hook", ROOT / "macros" / "styles.py")
styles = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(styles)

MATERIAL_CSS = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))
UNUSED = (styles.CLASSLESS_TABLE, styles.TABBED)


def _rules(css: str) -> list[str]:
    """Every style rule as 'context | selector | declarations', one entry per selector."""
    out = []

    def walk(rules, context):
        for rule in rules:
            if rule.type == "qualified-rule":
                body = tinycss2.serialize(rule.content)
                out.extend(f"{context}|{s}|{body}" for s in styles._selectors(rule.prelude))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                walk(tinycss2.parse_rule_list(rule.content), context + tinycss2.serialize(rule.prelude).strip())

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), "")
    return out


def test_markdown_tables_are_boxed_and_classed_generated_ones_left_alone() -> None:
    html = '<p>a</p>\n<table>\n<tr><td>1</td></tr>\n</table>\n<table class="rk-table"><tr><td>2</td></tr></table>'
    out = styles.wrap_tables(html)
    assert out == (
        '<p>a</p>\n<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="rk-md-table">'
        '\n<tr><td>1</td></tr>\n</table></div></div>\n<table class="rk-table"><tr><td>2</td></tr></table>'
    )


def test_only_the_rules_for_unused_markup_leave_materials_stylesheet() -> None:
    css = MATERIAL_CSS.read_text(encoding="utf-8")
    before, after = _rules(css), _rules(styles.drop_rules(css, UNUSED))
    dropped = [r for r in before if any(part in r.split("|")[1] for part in UNUSED)]
    assert dropped, "Material's stylesheet no longer has these rules: drop the hook's step"
    # every other selector keeps its declarations, in its @media context, in order
    assert after == [r for r in before if r not in dropped]


def test_unused_markup_follows_the_markdown_extensions() -> None:
    assert styles.unused_markup({"markdown_extensions": ["tables"]}) == UNUSED
    assert styles.unused_markup({"markdown_extensions": ["pymdownx.tabbed"]}) == (styles.CLASSLESS_TABLE,)


def test_built_site_has_no_table_material_would_wrap_and_no_dropped_rule(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert "<table>" not in page.read_text(encoding="utf-8"), f"{page}: a table without a class"
    for css in (site / "assets" / "stylesheets").glob("main.*.css"):
        selectors = [rule.split("|")[1] for rule in _rules(css.read_text(encoding="utf-8"))]
        assert len(selectors) > 1000, css
        assert not [s for s in selectors if any(part in s for part in UNUSED)], css
