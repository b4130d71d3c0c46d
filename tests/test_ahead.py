"""regkb.ahead: a second process renders regulation pages and cuts search words from the other end
of the build, into the cache folder, and stops where it meets the build; what the build then reads
is exactly what it would have made itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from regkb import ahead, search, site
from regkb.build import Build

from .conftest import ROOT


@pytest.fixture
def built(tmp_path: Path) -> site.SiteData:
    build = Build(ROOT / "data", tmp_path / "cache")
    return build.refresh()


def _pages(data: site.SiteData) -> list[tuple[str, str]]:
    return [(reg.id, "../") for reg in sorted(data.corpus.regs, key=lambda r: r.id)]


def test_the_second_process_makes_what_the_build_would(built: site.SiteData, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _pages(built)
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)  # five regulations: fork anyway
    ahead.start(built, pages)()
    assert all(site.regulation_page_kept(built, reg_id, root) for reg_id, root in pages)
    segmenter = search.segmenter_for(built.corpus)
    assert all(search.cut_kept(segmenter, reg, built.cache) for reg in built.corpus.regs)
    fresh = Build(ROOT / "data").refresh()  # no cache folder: everything made in this process
    for reg_id, root in pages:
        assert site.regulation_html(built, reg_id, root) == site.regulation_html(fresh, reg_id, root)
    for reg in built.corpus.regs:
        kept = [(d.words, d.labels, d.context) for d in search.cut_regulation(segmenter, reg, built.cache)]
        made = [
            (d.words, d.labels, d.context)
            for d in search.cut_regulation(segmenter, fresh.corpus.get(reg.id), fresh.cache)
        ]
        assert kept == made


def test_it_stops_where_it_meets_the_build(built: site.SiteData) -> None:
    """The build has rendered the first pages; the second process, coming from the last, renders what
    the build has not reached and stops at a page the build wrote after it started."""
    pages = _pages(built)
    site.regulation_html(built, *pages[0])
    met = pages[2]

    class Meeting:
        """The build writes ``met`` while the second process renders the page after it."""

        def __init__(self) -> None:
            self.original = site.regulation_html

        def __call__(self, data: site.SiteData, reg_id: str, root: str) -> str:
            if (reg_id, root) == pages[3]:
                self.original(data, *met)
            return self.original(data, reg_id, root)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site, "regulation_html", Meeting())
        ahead._work(built, pages)
    assert [site.regulation_page_kept(built, *page) for page in pages] == [True, False, True, True, True]
