"""Search at scale: the backend switch, and a real Pagefind build searched in a real browser.

The Pagefind site is built over a small synthetic corpus with REGKB_SEARCH=pagefind forcing
the backend that a large corpus would get, so the test stays fast.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from regkb import scope, search
from regkb.corpus import load_corpus

from .conftest import ROOT, TODAY, build_site, serve

SYNTHETIC = 8
SHARD = 15  # pages per Pagefind part: this site's pages make several
FILE_URL_MESSAGE = "站内搜索需要通过网站服务器访问，直接打开文件时不可用"


def test_backend_follows_corpus_size_unless_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(search.ENV, raising=False)
    assert search.backend(5) == "lunr"
    assert search.backend(search.PAGEFIND_ABOVE) == "lunr"
    assert search.backend(search.PAGEFIND_ABOVE + 1) == "pagefind"
    assert search.backend(3000) == "pagefind"
    monkeypatch.setenv(search.ENV, "pagefind")
    assert search.backend(5) == "pagefind"
    monkeypatch.setenv(search.ENV, "lunr")
    assert search.backend(3000) == "lunr"
    monkeypatch.setenv(search.ENV, "elastic")
    with pytest.raises(ValueError, match="REGKB_SEARCH"):
        search.backend(5)


def test_small_site_keeps_material_search(site: Path) -> None:
    """The 5-region site is unchanged: lunr index, Material's search box, no Pagefind files."""
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "pagefind").exists()
    assert not (site / "javascripts" / "pagefind-search.js").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' in html and "pagefind" not in html


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("pagefind")
    made = subprocess.run(
        [sys.executable, "-m", "regkb.cli", "synth", str(SYNTHETIC), str(work)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    out = work / "site"
    # --no-strict: the hand-written onboarding page links to real regions a synthetic corpus lacks.
    result = build_site(
        out,
        work / "data",
        strict=False,
        # parts of at most SHARD pages, as a national corpus gets them (see regkb/search.py)
        # and the layout by province, as a national corpus gets it (see regkb/scope.py)
        env={
            "REGKB_SEARCH": "pagefind",
            "REGKB_CACHE": str(work / "cache"),
            search.SHARD_ENV: str(SHARD),
            scope.LIMIT_ENV: "3",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pagefind: site indexed" in result.stderr, result.stderr
    assert "ERROR" not in result.stderr, result.stderr
    yield out
    shutil.rmtree(work, ignore_errors=True)


def test_pages_are_indexed_in_even_parts_of_at_most_the_shard_size(monkeypatch) -> None:
    pages = [f"p{i:02d}.html" for i in range(10)]
    assert search.shards(pages, 10) == [pages]
    assert search.shards(pages, 4) == [pages[:3], pages[3:7], pages[7:]]
    assert search.shards([], 4) == [[]]
    monkeypatch.setenv(search.SHARD_ENV, "0")
    with pytest.raises(ValueError, match=search.SHARD_ENV):
        search.shard_pages()


def test_pagefind_build_replaces_material_search(pagefind_site: Path) -> None:
    assert not (pagefind_site / "search").exists()  # no search_index.json: Material's plugin is off
    entry = json.loads((pagefind_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh"]
    regulations = len(list((pagefind_site / "regulations").glob("syn*.html")))
    assert regulations == SYNTHETIC
    assert entry["languages"]["zh"]["page_count"] > regulations
    page = BeautifulSoup((pagefind_site / "regulations" / "syn0000.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one('[data-md-component="search"]') is None
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert "../javascripts/pagefind-search.js" in scripts
    # clause headings carry the ids Pagefind splits results at (and the chart stays out)
    assert page.select("article.md-content__inner .rk-unit-head[id]:is(h3, h4, h5, h6)")
    assert page.select_one("article.md-content__inner .rk-chart[data-search-exclude]") is not None


def _search(page: Page, query: str) -> list[tuple[str, str]]:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20_000)
    return results.evaluate_all("els => els.map(e => [e.href, e.innerText])")


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_pagefind_search_finds_a_clause_in_the_browser(tab: Page, pagefind_site: Path) -> None:
    page = tab
    with serve(pagefind_site) as root:
        page.goto(root + "index.html", wait_until="networkidle")
        fetched: list[str] = []  # every request under /pagefind/, the web worker's included
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        page.on("requestfinished", lambda request: fetched.append(urlparse(request.url).path))
        hits = _search(page, "监理")
        page.wait_for_load_state("networkidle")
        assert page.locator(".md-search-result__meta").inner_text().endswith("个符合条件的结果")
        clause_hits = [href for href, text in hits if "/regulations/" in href and "#" in href and "监理" in text]
        assert clause_hits, hits
        marks = page.locator(".md-search-result__item mark").evaluate_all("els => els.map(e => e.textContent)")
        assert marks and all("监理" in mark for mark in marks), marks  # not 监督 or 管理 (监 + 理)
        # sizes on disk: the server sends files as they are (Playwright reports 0 for the worker script)
        first_query = [path for path in fetched if path.startswith("/pagefind")]  # every part's files
        first_query_bytes = sum((pagefind_site / path.lstrip("/")).stat().st_size for path in first_query)
        assert any(path.endswith(".pf_index") for path in first_query), first_query
        assert 0 < first_query_bytes < 1_000_000, first_query
        assert hosts == {urlparse(root).netloc}

        page.goto(clause_hits[0])
        anchor = clause_hits[0].split("#")[1]
        assert "监理" in page.locator(f"[id='{anchor}']").locator("xpath=..").inner_text()


def test_pagefind_search_explains_it_needs_a_server(tab: Page, pagefind_site: Path) -> None:
    tab.goto((pagefind_site / "index.html").as_uri())
    tab.locator("input.md-search__input").click()
    tab.fill("input.md-search__input", "验收")
    assert tab.locator(".md-search-result__meta").inner_text() == FILE_URL_MESSAGE


def test_search_covers_every_part_of_a_sharded_index(tab: Page, pagefind_site: Path) -> None:
    """The last regulation is indexed in the last part; the search box finds it all the same."""
    parts = json.loads((pagefind_site / "pagefind" / search.SHARDS_FILE).read_text(encoding="utf-8"))
    assert parts == [f"pagefind-{i}/" for i in range(2, len(parts) + 2)] and parts
    assert all((pagefind_site / part / "pagefind-entry.json").is_file() for part in parts)
    last = max(load_corpus(pagefind_site.parent / "data").regs, key=lambda r: r.id)
    with serve(pagefind_site) as root:
        tab.goto(root + "index.html", wait_until="networkidle")
        hits = _search(tab, last.meta.title)
        assert any(href.split("#")[0].endswith(f"regulations/{last.id}.html") for href, _text in hits), hits


def test_every_generated_block_is_filled_in_after_the_theme(pagefind_site: Path) -> None:
    """With Pagefind the hooks fill the marks after the theme template: none is left."""
    pages = [p for p in pagefind_site.rglob("*.html") if p.name != "404.html"]
    assert [str(p) for p in pages if "data-regkb-page" in p.read_text(encoding="utf-8")] == []
    # one heading per page: the theme adds the title as <h1> only to content that has none
    headings = {
        str(p.relative_to(pagefind_site)): len(
            BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("article h1")
        )
        for p in pages
    }
    assert {page: n for page, n in headings.items() if n != 1} == {}
    assert (pagefind_site / "compare" / "province").is_dir()  # the province pages are among them
    page = BeautifulSoup((pagefind_site / "regulations" / "syn0000.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select("article.md-content__inner .rk-regulation")


def test_a_dirty_build_without_an_index_indexes_every_page(pagefind_site: Path, tmp_path: Path) -> None:
    """`mkdocs build --dirty` into a site whose Pagefind index is gone renders and indexes all pages,
    not only the changed ones."""
    data, cache = pagefind_site.parent / "data", pagefind_site.parent / "cache"
    env = {"REGKB_SEARCH": "pagefind", "REGKB_CACHE": str(cache), search.SHARD_ENV: str(SHARD)}
    site = tmp_path / "site"
    assert build_site(site, data, strict=False, env=env).returncode == 0
    pages = sum(
        json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh"]["page_count"]
        for part in site.glob("pagefind*")
    )
    for part in site.glob("pagefind*"):
        shutil.rmtree(part)
    dirty = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "-d", str(site)],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", REGKB_TODAY=TODAY, REGKB_DATA=str(data), **env),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert dirty.returncode == 0, dirty.stderr
    again = sum(
        json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh"]["page_count"]
        for part in site.glob("pagefind*")
    )
    assert again == pages > SYNTHETIC
