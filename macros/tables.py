"""MkDocs hook: a Markdown table arrives in the scroll box Material's script would otherwise put it in.

Material's bundle wraps every table without a class in ``div.md-typeset__scrollwrap >
div.md-typeset__table`` when the page loads. Inserting those boxes into the page's content
matches Material's own rule ``.md-typeset table:not([class]) + *``, so the browser restyles the
whole content: in a trace of the maintainer guide (seven tables) that one restyle was the longest
task of the load. Made here, the boxes are in the HTML from the start; the table gets the class
``rk-md-table`` (which keeps Material's script from wrapping it again) and regkb.css gives that
class Material's table look. Only the tables Python-Markdown's ``tables`` extension writes (a bare
``<table>``) are touched; the site's generated tables carry their own classes.
"""

from __future__ import annotations

import re

# Python-Markdown's tables extension writes exactly "<table>" and "</table>" (a bare raw <table> in a page is
# wrapped too, as Material's script did; a table with attributes is left alone).
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_WRAPPED = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    '<table class="rk-md-table">{}</table></div></div>'
)


def wrap_tables(html: str) -> str:
    """``html`` with each bare ``<table>`` in Material's scroll box, classed ``rk-md-table``."""
    return _TABLE.sub(lambda m: _WRAPPED.format(m.group(1)), html)


def on_page_content(html, page, config, files):  # MkDocs' hook signature
    return wrap_tables(html)
