"""Generated HTML inserted after Markdown, in place of marks.

A generated page's Markdown is a mark (:data:`regkb.site.PAGE_MARK`), and a macro that makes a
block of HTML for a hand-written page returns one (:meth:`Late.later`): Python-Markdown never
parses the large generated HTML (seconds for the views of a national corpus; the result is the
same, raw HTML passes through Markdown as is) and Jinja never sees clause text. The plugin swaps
the HTML in (:meth:`Late.fill`). This is the only module that knows about the marks' HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from regkb import site, store

Maker = Callable[[site.SiteData, str, str], str]  # site data, the mark's id, the page's way to the root
_MARK = re.compile(r'data-regkb-page="([^"]+)"')


class Late:
    """The blocks that the macros of one build made (a new build starts with a new one)."""

    def __init__(self) -> None:
        self._blocks: dict[str, str] = {}  # token → HTML

    def later(self, html: str) -> str:
        """A mark that :meth:`fill` replaces with ``html``."""
        token = store.digest(html)[:32]
        self._blocks[token] = html
        return site.PAGE_MARK.format(f"block:{token}")

    def fill(self, data: site.SiteData, html: str, root: str, skip: frozenset[str] = frozenset()) -> str:
        """Replace the marks left by the generated pages' sources and by :meth:`later` with the
        generated HTML (except marks of the kinds in ``skip``)."""
        makers: dict[str, Maker] = {
            "regulation": site.regulation_html,
            "province": site.province_html,
            "block": lambda _s, token, _r: self._blocks[token],
        }
        for kind_id in _MARK.findall(html):
            kind, _, ident = kind_id.partition(":")
            if kind in makers and kind not in skip and (kind != "block" or ident in self._blocks):
                html = html.replace(site.PAGE_MARK.format(kind_id), makers[kind](data, ident, root))
        return html
