#!/usr/bin/env python3
"""Time the site search in headless Chromium, as a reader uses it: open a page, type a query, wait
for the first result. Also counts the bytes of the search files each query fetched.

    .venv/bin/python scripts/search_timing.py /tmp/bench/n3000/site 监理 验收 专家评审 运行维护

The site is served over HTTP on 127.0.0.1 (Pagefind needs a server). The first query of a page
load also fetches the search engine and the index files; later ones fetch only what they need.
The time is taken in the page, from the input event to the first result in the list, minus the
200 ms the search box waits after the last keystroke before it searches.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"]
FETCHED: list[str] = []  # paths the open page requested
TYPING_PAUSE_MS = 200  # docs/javascripts/pagefind-search.js: setTimeout(…, 200)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _query(page, root: str, site: Path, query: str, first: bool) -> None:
    fetched = FETCHED
    if first:
        page.goto(root + "index.html", wait_until="networkidle")
        page.on("requestfinished", lambda request: fetched.append(urlparse(request.url).path))
    # focusing the box starts loading the engine: counted with the first query of the page
    fetched.clear()
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("")
    page.wait_for_timeout(300)
    if not first:
        fetched.clear()
    # timed in the page: from the input event to the first result in the list
    page.evaluate(
        """query => {
        const list = document.querySelector(".md-search-result__list");
        const input = document.querySelector("input.md-search__input");
        window.__timing = {};
        new MutationObserver((_, observer) => {
          if (list.querySelector(".md-search-result__item")) {
            window.__timing.done = performance.now();
            observer.disconnect();
          }
        }).observe(list, { childList: true });
        input.value = query;
        window.__timing.start = performance.now();
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }""",
        query,
    )
    page.wait_for_function("window.__timing.done", timeout=30_000)
    total_ms = page.evaluate("window.__timing.done - window.__timing.start")
    page.wait_for_load_state("networkidle")
    files = [site / p.lstrip("/") for p in fetched if p.startswith("/pagefind") or p.startswith("/search/")]
    size = sum(f.stat().st_size for f in files if f.is_file())
    found = re.search(r"\d+", page.locator(".md-search-result__meta").inner_text())
    print(
        f"{query:<12}{'yes' if first else 'no':>14}{total_ms - TYPING_PAUSE_MS:>11.0f}"
        f"{found.group(0) if found else '?':>9}{size / 1024:>12.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()
    site = args.site.resolve()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{httpd.server_address[1]}/"
    print(f"{'query':<12}{'first of page':>14}{'answer ms':>11}{'results':>9}{'fetched KB':>12}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = None
        for query in args.queries:  # each on a fresh page: its engine and index files are fetched anew
            if page is not None:
                page.close()
            page = browser.new_page()
            _query(page, root, site, query, first=True)
        for query in args.queries:  # the same page again: the engine is loaded, some index chunks too
            _query(page, root, site, query, first=False)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
