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

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PAGEFIND_ABOVE = 50  # more regulations than this: Pagefind; otherwise the theme's lunr search
BACKENDS = ("lunr", "pagefind")
ENV = "REGKB_SEARCH"  # force a backend (tests, benchmarks): lunr or pagefind

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


def index(pages_dir: Path, root_selector: str, output: Path) -> IndexRun:
    """Index the pages under ``pages_dir`` (a site, or its :func:`search_copy` pages at the same paths)
    into ``output`` (the site's ``pagefind`` folder); raise with Pagefind's output if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command(pages_dir, root_selector, output), capture_output=True, text=True, check=False)
    output_text = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed (exit {result.returncode}):\n{output_text[-3000:]}")
    return IndexRun(time.perf_counter() - started, output_text)
