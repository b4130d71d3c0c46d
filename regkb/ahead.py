"""Work a build will ask for later, done from the other end in a second process.

MkDocs writes pages one after another in one process, and the search index is made after the last
one: at 3,000 regulations that is about a minute and a half during which the machine's second core
has nothing to do. A forked process renders the regulation pages' bodies from the last page back, and
then cuts the regulations' search words from the last regulation back, into the build's cache folder,
where the build finds them (:func:`regkb.site.regulation_html`, :func:`regkb.search.cut_regulation`)
instead of making them. Each part stops where it meets the build coming the other way (an entry the
build has written since), so no work is done twice except the one entry both may be making at that
moment; cache writes are atomic, and both make the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from . import search, site

T = TypeVar("T")
AHEAD_FROM = 100  # regulations from which a build works ahead (below, forking costs more than it saves)


def start(data: site.SiteData, pages: list[tuple[str, str]]) -> Callable[[], None]:
    """Fork the process that works ahead on ``pages`` (regulation id, the page's way to the root, in
    the order the build writes them) and on the search words. Returns the function that waits for it
    (the build calls it when it has finished; by then the process has met the build and stopped)."""
    if data.cache.folder is None or len(data.corpus.regs) < AHEAD_FROM or not hasattr(os, "fork"):
        return lambda: None
    pid = os.fork()
    if pid == 0:  # the second process: it never returns into MkDocs, and a failure costs only time
        status = 1
        try:
            _work(data, pages)
            status = 0
        finally:
            os._exit(status)

    def wait() -> None:
        os.waitpid(pid, 0)

    return wait


def _work(data: site.SiteData, pages: list[tuple[str, str]]) -> None:
    _backwards(
        pages, lambda page: site.regulation_page_kept(data, *page), lambda page: site.regulation_html(data, *page)
    )
    segmenter = search.segmenter_for(data.corpus)
    _backwards(
        data.corpus.regs,
        lambda reg: search.cut_kept(segmenter, reg, data.cache),
        lambda reg: search.cut_regulation(segmenter, reg, data.cache),
    )


def _backwards(items: Sequence[T], kept: Callable[[T], bool], make: Callable[[T], object]) -> None:
    """Make the items not kept when this starts, from the last back, until one has been kept since (the
    build, coming from the first, has come this far)."""
    for item in reversed([item for item in items if not kept(item)]):
        if kept(item):
            break
        make(item)
