"""Generated HTML inserted after Markdown, in place of marks.

A generated page's Markdown is a mark (:func:`markdown`), and a macro that makes a block of HTML
for a hand-written page returns one (:meth:`Late.later`): Python-Markdown never
parses the large generated HTML (seconds for the views of a national corpus; the result is the
same, raw HTML passes through Markdown as is) and Jinja never sees clause text. The plugin swaps
the HTML in (:meth:`Late.fill`). This is the only module that knows about the marks' HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape

from regkb import site
from regkb.digest import digest

Maker = Callable[[site.SiteData, str, str], str]  # site data, the mark's id, the page's way to the root
PAGE_MARK = '<div class="rk-generated" data-regkb-page="{0}"></div>'
_MARK = re.compile(r'data-regkb-page="([^"]+)"')


def markdown(page: site.Page) -> str:
    """The Markdown of a generated page: front matter, and a mark (filled in after Markdown) or, for
    the pages a macro renders, the macro call."""
    if page.view == "topic":  # the title is the topic's label from vocab, never text from data
        return (
            f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\nhide: [navigation, toc]\n---\n\n"
            f"{{{{ topic_page({page.key!r}) }}}}\n"
        )
    title = f"---\ntitle: {json.dumps(escape(page.title), ensure_ascii=False)}\n"
    if page.view == "draft":
        return title + f"hide: [navigation, toc]\n---\n\n{{{{ drafting_workbench({page.key!r}) }}}}\n"
    hide = "hide: [navigation, toc]\n" if page.view == "province" else ""
    return title + hide + "render_macros: false\n---\n\n" + PAGE_MARK.format(f"{page.view}:{page.key}") + "\n"


class Late:
    """The blocks that the macros of one build made (a new build starts with a new one)."""

    def __init__(self) -> None:
        self._blocks: dict[str, str] = {}  # token → HTML

    def later(self, html: str) -> str:
        """A mark that :meth:`fill` replaces with ``html``."""
        token = digest(html)[:32]
        self._blocks[token] = html
        return PAGE_MARK.format(f"block:{token}")

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
                html = html.replace(PAGE_MARK.format(kind_id), makers[kind](data, ident, root))
        return html
