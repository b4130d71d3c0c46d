#!/usr/bin/env python3
"""Time the site search in headless Chromium, as a reader uses it, over HTTP and from file://: open
a page, focus the search box, type a query, wait for the first result. Counts the bytes of the
index files (search/…) fetched at page load (none, by design), on the first focus, and by each query.

    .venv/bin/python scripts/search_timing.py /tmp/bench/n3000/site 监理 验收 专家评审 运行维护
    .venv/bin/python scripts/search_timing.py --check /tmp/bench/n3000/site 监理   # and the sample

The site is served over HTTP on 127.0.0.1 and opened as files. The first query of a page load
also loads the index files it needs; later ones on the same page reuse what was loaded. The time
is taken in the page, from the input event to the first result in the list, minus the 200 ms the
search box waits after the last keystroke. The load average is printed with each first query:
on a shared machine it shows in the times. The summary is the table of the maintainer guide.

With ``--check``, tests/cases/search-sample.yml is asked of the site in both modes (regkb/search.py
sample_cases), with the data folder beside the site (as ``regkb synth`` and bench.py leave it) and
the build's cache there, if any, so that the 3,000 extracts are not validated again:

    .venv/bin/regkb synth 3000 /tmp/s3000
    REGKB_DATA=/tmp/s3000/data REGKB_CACHE=/tmp/s3000/cache .venv/bin/mkdocs build -d /tmp/s3000/site
    .venv/bin/python scripts/search_timing.py --check /tmp/s3000/site 监理 600万元 第十二条 绩效自评报告
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import statistics
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml
from playwright.sync_api import Page, sync_playwright

from regkb import paths, search
from regkb.build import Build
from regkb.corpus import load_corpus

CHROMIUM = "/usr/bin/chromium"
SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "cases" / "search-sample.yml"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"]
TYPING_PAUSE_MS = 200  # docs/javascripts/search.js: setTimeout(…, 200)
ASK = """query => new Promise((resolve, reject) => {
  const list = document.querySelector(".md-search-result__list");
  const input = document.querySelector("input.md-search__input");
  const start = performance.now();
  let first = 0;
  new MutationObserver(() => {
    if (!first && list.querySelector(".md-search-result__item")) first = performance.now();
  }).observe(list, { childList: true });
  const root = new URL(JSON.parse(document.getElementById("__config").textContent).base + "/", location.href).href;
  const poll = () => {
    if (list.dataset.query !== query) return performance.now() - start > 30000 ? reject(query) : setTimeout(poll, 5);
    resolve({
      ms: (first || performance.now()) - start,
      found: document.querySelector(".md-search-result__meta").textContent,
      error: list.dataset.error || "",
      hrefs: [...list.querySelectorAll(".md-search-result__item a")].map(a => a.href.replace(root, "")),
    });
  };
  input.value = query;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  poll();
})"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Fetched:
    """The index files a page fetched, as paths under the site, and their bytes on disk."""

    def __init__(self, page: Page, site: Path, prefix: str) -> None:
        self.site, self.prefix, self.paths = site, prefix, []
        page.on("requestfinished", lambda request: self.paths.append(unquote(urlparse(request.url).path)))

    def take(self) -> float:
        """KB of the index files fetched since the last call."""
        files = [self.site / p[len(self.prefix) :] for p in self.paths if p.startswith(self.prefix + "search/")]
        self.paths.clear()
        return sum(f.stat().st_size for f in files if f.is_file()) / 1024


def _open(page: Page, url: str, fetched: _Fetched) -> tuple[float, float]:
    """Open a page and focus the box: KB of index files at load and on focus."""
    page.goto(url, wait_until="networkidle")
    at_load = fetched.take()
    with page.expect_request_finished(lambda request: request.url.endswith("search/meta.js")):
        page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_timeout(200)
    return at_load, fetched.take()


def _ask(page: Page, query: str, fetched: _Fetched) -> tuple[dict, float]:
    answer = page.evaluate(ASK, query)
    page.wait_for_timeout(100)  # the files of the results shown after the first
    return answer, fetched.take()


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes), printed with each measurement: a shared
    machine's load shows in the times."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--check", action="store_true", help="also run tests/cases/search-sample.yml")
    parser.add_argument("--data", type=Path, help="the data folder the sample is drawn from (default: beside the site)")
    parser.add_argument("--cache", type=Path, help="the build's cache folder (default: beside the site, if there)")
    args = parser.parse_args()
    site = args.site.resolve()
    cases = []
    if args.check:
        data = args.data or site.parent / "data"
        cache = args.cache or (site.parent / "cache" if (site.parent / "cache").is_dir() else None)
        # the build's loader: extracts it checked before come from its cache, unchecked again
        corpus = load_corpus(data, print, Build(data, cache)._load)
        sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
        cases = search.sample_cases(corpus, load_corpus(paths.DATA), sample)
    meta = search.read(site, "meta")
    print(f"site {site}: {meta['docs']} documents; load average {_load()}")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    modes = {"http": (f"http://127.0.0.1:{httpd.server_address[1]}/", "/"), "file": (site.as_uri() + "/", f"{site}/")}
    print(f"{'mode':<6}{'query':<14}{'first of page':>14}{'answer ms':>11}{'results':>9}{'fetched KB':>12}")
    failures = []
    summary: dict[str, dict[str, list[float]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for mode, (root, prefix) in modes.items():
            seen = summary[mode] = {"load": [], "focus": [], "first": [], "first_kb": [], "later": []}
            page = None
            for query in args.queries:  # each on a fresh page: its index files are loaded anew
                if page is not None:
                    page.close()
                page = browser.new_page()
                fetched = _Fetched(page, site, prefix)
                at_load, on_focus = _open(page, root + "index.html", fetched)
                answer, kb = _ask(page, query, fetched)
                found = re.search(r"\d+", answer["found"])
                ms = answer["ms"] - TYPING_PAUSE_MS
                seen["load"].append(at_load)
                seen["focus"].append(on_focus)
                seen["first"].append(ms)
                seen["first_kb"].append(kb)
                print(
                    f"{mode:<6}{query:<14}{'yes':>14}{ms:>11.0f}{found.group(0) if found else 0:>9}{kb:>12.1f}"
                    f"   (page load {at_load:.1f} KB, focus {on_focus:.1f} KB; load average {_load()})",
                    flush=True,
                )
            for query in args.queries:  # the same page again: some files are loaded already
                answer, kb = _ask(page, query, fetched)
                found = re.search(r"\d+", answer["found"])
                seen["later"].append(answer["ms"] - TYPING_PAUSE_MS)
                print(
                    f"{mode:<6}{query:<14}{'no':>14}{answer['ms'] - TYPING_PAUSE_MS:>11.0f}"
                    f"{found.group(0) if found else 0:>9}{kb:>12.1f}",
                    flush=True,
                )
            for case in cases:
                answer, _kb = _ask(page, case["query"], fetched)
                shown = answer["hrefs"][: case.get("top", 3)]
                missing = [want for want in case.get("expect", []) if want not in shown]
                if "one_of" in case and not set(case["one_of"]) & set(shown):
                    missing.append(f"one of {len(case['one_of'])}: {case['one_of'][:3]}…")
                if missing:
                    error = f" (search failed: {answer['error']})" if answer["error"] else ""
                    failures.append(f"{mode} {case['query']}: {missing} not in {shown}{error}")
            if page is not None:
                page.close()
        browser.close()
    httpd.shutdown()
    print(f"\nsummary ({meta['docs']} documents; load average {_load()} at the end)")
    print(
        "| mode | index bytes at page load | bytes on first focus | first query: KB fetched (median–max)"
        " | first answer ms (median, max) | later answers ms (median) |"
    )
    print("|---|---|---|---|---|---|")
    for mode, seen in summary.items():
        first, later = seen["first"], seen["later"]
        print(
            f"| {mode} | {max(seen['load']) * 1024:.0f} | {max(seen['focus']) * 1024:,.0f} | "
            f"{statistics.median(seen['first_kb']):.0f}–{max(seen['first_kb']):.0f} | "
            f"{statistics.median(first):.0f}, {max(first):.0f} | {statistics.median(later):.0f} |"
        )
    if cases:
        print(f"sample: {len(cases) * len(modes) - len(failures)} of {len(cases) * len(modes)} cases pass")
        for failure in failures:
            print("  FAILED", failure)
        if failures:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
