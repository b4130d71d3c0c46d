"""The site's addresses: the one place a page, clause, chart or comparison URL is made.

Every URL here is relative to the site root (a page prefixes it with its ``to_root``), so the site
also works opened from the file system. Pages are ``.html`` files for the same reason (Material's
offline plugin). Python views, the Jinja templates (as globals, see :data:`GLOBALS`), the rule
bundles the browser reads and the charts all take their links from here. This module imports
nothing from the package, so every layer may use it.
"""

from __future__ import annotations

import re

PAGES = "regulations/"  # the regulation pages' folder
CHARTS = "charts/"  # the charts' folder
CHARTS_TO_ROOT = "../"  # from a file in CHARTS back to the site root


def page_url(reg_id: str) -> str:
    """A regulation's page."""
    return f"{PAGES}{reg_id}.html"


def clause_url(reg_id: str, clause_id: str) -> str:
    """A clause anchor on its regulation's page: regulations/<id>.html#<clause>."""
    return f"{page_url(reg_id)}#{clause_id}"


def status_url(reg_id: str, note_id: str) -> str:
    """A status note (later revision, newer rules, expired 试行 period) in its regulation page's banner."""
    return f"{page_url(reg_id)}#status-{note_id}"


def chart_url(name: str, suffix: str = ".svg") -> str:
    """A chart file (``process-<id>``, ``stages``, ``basis-<code>`` …) as SVG or DOT."""
    return f"{CHARTS}{name}{suffix}"


def province_compare_url(code: str) -> str:
    """A province's comparison page (large layout)."""
    return f"compare/province/{code}.html"


def catalogue_url(province: str) -> str:
    """A province's section of the regulations' catalogue (large layout)."""
    return f"{PAGES}index.html#province-{province}"


def process_url(anchor: str) -> str:
    """A place on the 流程 page: a regulation's chart (its id) or a province's list (``province-<code>``)."""
    return f"process.html#{anchor}"


def compare_url(province: str | None = None, anchor: str | None = None) -> str:
    """The 对比 page; in the large layout with ``province``'s regulations chosen."""
    return "compare/index.html" + (f"?province={province}" if province else "") + (f"#{anchor}" if anchor else "")


def draft_url(province: str | None = None, anchor: str | None = None) -> str:
    """起草参考: the workbench (in the large layout, ``province``'s)."""
    return (f"compare/draft/{province}.html" if province else "compare/draft.html") + (f"#{anchor}" if anchor else "")


def topic_url(
    large: bool, topic: str, regulation: str | None = None, province: str | None = None, page: str = ".html"
) -> str:
    """Where the texts on ``topic`` are read side by side.

    Inline layout: the topic's own page (at ``regulation``'s column, its id). Large layout: the
    comparison page with ``regulation`` (or every regulation of ``province``) chosen and the topic
    open; compare.js still reads the parameter's old spelling ``regions=`` in saved links.
    ``page=".md"`` gives the link a hand-written Markdown page uses.
    """
    if not large:
        return f"compare/{topic}{page}" + (f"#{regulation}" if regulation else "")
    chosen = f"regulations={regulation}&" if regulation else f"province={province}&" if province else ""
    return f"compare/index{page}?{chosen}topic={topic}#side-by-side"


def to_root(url: str) -> str:
    """From the page at ``url`` back to the site root (``compare/index.html`` → ``../``)."""
    return "../" * url.count("/")


def from_charts(url: str) -> str:
    """A root-relative URL as written inside a chart file (relative to :data:`CHARTS`)."""
    return CHARTS_TO_ROOT + url


_CHART_PAGE_LINK = re.compile(rf'(xlink:href|href)="{re.escape(CHARTS_TO_ROOT)}({re.escape(PAGES)}[^"]*)"')


def relink_chart(svg: str, to_root: str) -> str:
    """A chart's links to the regulation pages (written by :func:`from_charts`), made relative to a
    page ``to_root`` (e.g. ``../../``) that embeds the chart."""
    return _CHART_PAGE_LINK.sub(lambda m: f'{m.group(1)}="{to_root}{m.group(2)}"', svg)


GLOBALS = {
    "page_url": page_url,
    "clause_url": clause_url,
    "status_url": status_url,
    "chart_url": chart_url,
    "province_compare_url": province_compare_url,
    "catalogue_url": catalogue_url,
    "process_url": process_url,
    "compare_url": compare_url,
    "draft_url": draft_url,
    "topic_url": topic_url,
}
