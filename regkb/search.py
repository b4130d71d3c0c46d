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


def command(site_dir: Path, root_selector: str) -> list[str]:
    """The Pagefind command line that indexes a built site in place (into ``site_dir/pagefind``)."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--root-selector",
        root_selector,
        "--exclude-selectors",
        ", ".join(EXCLUDE + AGGREGATES),
        "--force-language",
        "zh",  # the extended binary segments Chinese into words
        "--keep-index-url",  # result links end in index.html, like every link of the site
    ]


def index(site_dir: Path, root_selector: str) -> IndexRun:
    """Index the built site; raise with Pagefind's output if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command(site_dir, root_selector), capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed (exit {result.returncode}):\n{output[-3000:]}")
    return IndexRun(time.perf_counter() - started, output)
