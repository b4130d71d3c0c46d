"""Which search engine the site uses, and the Pagefind index for large corpora.

Small corpora keep Material's built-in search (lunr + jieba): one JSON index that also works
from ``file://``. Its index grows with the corpus and every visitor downloads all of it on the
first search (41 MB at 300 synthetic regulations), so above :data:`PAGEFIND_ABOVE` regulations
the site uses Pagefind instead, whose index is split into chunks that a query fetches on demand
(about 250 KB for a first query at 300 regulations).
Pagefind needs an HTTP server (it fetches its WebAssembly and index files).

MkDocs-agnostic: the hooks in macros/ switch the theme's search off and call :func:`index`.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PAGEFIND_ABOVE = 50  # more regulations than this: Pagefind; otherwise the theme's lunr search
BACKENDS = ("lunr", "pagefind")
ENV = "REGKB_SEARCH"  # force a backend (tests, benchmarks): lunr or pagefind
# Pagefind holds everything it indexes in memory, about 0.75 MB per regulation page: 2.3 GB for
# 3,000. Above SHARD_PAGES pages the site is indexed in parts of at most that many pages, one
# Pagefind run each, into pagefind/, pagefind-2/, … which the search box merges (mergeIndex).
SHARD_PAGES = 1600
SHARD_ENV = "REGKB_SEARCH_SHARD"  # pages per part (tests use a small number to get several parts)
SHARDS_FILE = "regkb-shards.json"  # in pagefind/: the folders of the other parts, for the search box

# What Pagefind leaves out of the index, inside the indexed root: whatever the theme's search
# leaves out too (tables of contents, charts, tag lists, marked data-search-exclude), the
# permalink signs, and the article label repeated (hidden) at the start of its first paragraph.
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".rk-permalink", ".rk-article-label")
# Views that repeat, for every regulation, text that its own page already has: the topic pages'
# clause copies, the comparison tables, the catalogue of regulations, the glossary's lists of
# occurrences. They grow with the corpus (at 300 regulations compare/index.html holds 1.4 million
# characters) and outrank the clauses they copy, so a first query would fetch them all. Pagefind
# indexes these pages by their title and introduction only; each clause is found on its own page.
AGGREGATES = (".rk-side-by-side .rk-columns", ".rk-compare .rk-table-wrap", ".rk-regions", ".rk-uses")


def backend(regulations: int, forced: str | None = None) -> str:
    """``lunr`` or ``pagefind`` for a corpus of this size (``forced`` or $REGKB_SEARCH wins)."""
    choice = forced if forced is not None else os.environ.get(ENV, "")
    if choice:
        if choice not in BACKENDS:
            raise ValueError(f"{ENV}={choice!r}: expected one of {', '.join(BACKENDS)}")
        return choice
    return "pagefind" if regulations > PAGEFIND_ABOVE else "lunr"


@dataclass
class IndexRun:
    seconds: float
    output: str


def search_copy(html: str, root_selector: str) -> str:
    """What Pagefind reads of a built page: its language, title and content root, without inline SVG.

    Pagefind indexes only the root's text, but it reads and keeps every file whole: the navigation,
    the charts and the glossary tooltips are most of a regulation page's bytes.
    """
    tag, _, cls = root_selector.partition(".")
    start = html.find(f'<{tag} class="{cls}')
    end = html.rfind(f"</{tag}>")
    root = html[start : end + len(tag) + 3] if 0 <= start < end else ""
    title = re.search(r"<title>.*?</title>", html, re.S)
    lang = re.search(r'<html[^>]*\blang="([^"]+)"', html)
    body = re.sub(r"<svg\b.*?</svg>", "", root, flags=re.S)
    body = re.sub(r'\stitle="[^"]*"', "", body)  # the glossary's tooltips: more than half of a regulation page
    return (
        f'<!doctype html><html lang="{lang.group(1) if lang else "zh"}"><head><meta charset="utf-8">'
        f"{title.group(0) if title else ''}</head><body>{body}</body></html>"
    )


def command(pages_dir: Path, root_selector: str, output: Path) -> list[str]:
    """The Pagefind command line that indexes the pages under ``pages_dir`` into ``output``."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages_dir),
        "--output-path",
        str(output),
        "--root-selector",
        root_selector,
        "--exclude-selectors",
        ", ".join(EXCLUDE + AGGREGATES),
        "--force-language",
        "zh",  # the extended binary segments Chinese into words
        "--keep-index-url",  # result links end in index.html, like every link of the site
    ]


def shard_pages() -> int:
    """Pages per Pagefind run (``REGKB_SEARCH_SHARD`` overrides :data:`SHARD_PAGES`)."""
    raw = os.environ.get(SHARD_ENV, "").strip()
    if raw and not (raw.isdigit() and int(raw) > 0):
        raise ValueError(f"{SHARD_ENV}={raw!r}: expected a whole number of pages, e.g. {SHARD_PAGES}")
    return int(raw) if raw else SHARD_PAGES


def shards(pages: list[str], size: int) -> list[list[str]]:
    """``pages`` in order, cut into the fewest parts of at most ``size``, as even as they can be."""
    count = max(1, math.ceil(len(pages) / size))
    cut = [round(i * len(pages) / count) for i in range(count + 1)]
    return [pages[cut[i] : cut[i + 1]] for i in range(count)]


def index(pages_dir: Path, root_selector: str, site_dir: Path) -> IndexRun:
    """Index the pages under ``pages_dir`` (a site, or its :func:`search_copy` pages at the same paths)
    into ``site_dir``'s ``pagefind`` folder, in parts of at most :func:`shard_pages` pages (see
    :data:`SHARD_PAGES`); raise with Pagefind's output if a run fails."""
    started = time.perf_counter()
    pages = sorted(str(p.relative_to(pages_dir)) for p in pages_dir.rglob("*.html"))
    parts = shards(pages, shard_pages())
    folders = ["pagefind", *(f"pagefind-{i}" for i in range(2, len(parts) + 1))]
    for stale in site_dir.glob("pagefind*"):  # an index of an earlier build, perhaps in more parts
        if stale.is_dir() and re.fullmatch(r"pagefind(-\d+)?", stale.name):
            shutil.rmtree(stale)
    outputs = []
    for part, folder in zip(parts, folders, strict=True):
        if len(parts) == 1:
            outputs.append(_run(pages_dir, root_selector, site_dir / folder))
            continue
        with tempfile.TemporaryDirectory(dir=pages_dir.parent) as staged:
            for page in part:  # linked, not copied: the part's pages at their site paths
                target = Path(staged) / page
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(pages_dir / page, target)
            outputs.append(_run(Path(staged), root_selector, site_dir / folder))
    others = [f"{folder}/" for folder in folders[1:]]
    (site_dir / "pagefind" / SHARDS_FILE).write_text(json.dumps(others), encoding="utf-8")
    return IndexRun(time.perf_counter() - started, "\n".join(outputs))


def _run(pages_dir: Path, root_selector: str, output: Path) -> str:
    result = subprocess.run(command(pages_dir, root_selector, output), capture_output=True, text=True, check=False)
    text = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed (exit {result.returncode}):\n{text[-3000:]}")
    return text


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
