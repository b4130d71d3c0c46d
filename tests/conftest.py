"""Shared fixtures: the real corpus, one real site build, and a local HTTP server for it.

The suite runs in two processes (pytest-xdist, ``-n 2`` in scripts/test.sh): the real site is still
built once per run, by the first process that needs it, into a folder both processes read; each
process launches Chromium once."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from regkb.corpus import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-22"


# The modules that take longest (their own builds, Chromium), longest first, alternating those that read
# the real site with those that build their own: with two test processes (scripts/test.sh runs
# `-n 2 --dist loadscope --no-loadscope-reorder`) one process builds the real site while the other builds
# its own, and no long module is left to run alone at the end. Every other module follows in file order.
LONG_FIRST = (
    "test_a11y.py",
    "test_large_site.py",
    "test_search.py",
    "test_parity.py",
    "test_helper.py",
    "test_incremental.py",
    "test_one_process.py",
    "test_maintainer_flow.py",
    "test_print.py",
    "test_hostile_output.py",
    "test_browser.py",
    "test_site.py",
    "test_exports.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):  # only the order the processes take modules in; each runs as before
        rank = {name: i for i, name in enumerate(LONG_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: file order otherwise


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT / "data")


def build_site(
    out: Path, data: Path | None = None, *, strict: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real ``mkdocs build --strict`` of the project (optionally over another data folder)."""
    env = dict(os.environ, REGKB_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **(env or {}))
    if data is not None:
        env["REGKB_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


# The folder the real site is built into, shared by the test processes of one run (see site()).
SITE_ENV = "REGKB_TEST_SITE"


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and SITE_ENV not in os.environ:  # the main process, not a worker
        # World-readable: LinkChecker, run as root, drops privileges to `nobody` before reading files.
        folder = Path(tempfile.mkdtemp(prefix="regkb-site-"))
        folder.chmod(0o755)
        os.environ[SITE_ENV] = str(folder)  # the workers, started after this, inherit it
        config.stash[_SITE_KEY] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_SITE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[SITE_ENV]


_SITE_KEY = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def site() -> Path:
    """The real site, built once per run: the first test process to ask builds it (holding a lock),
    the other waits and reads the same files."""
    folder = Path(os.environ[SITE_ENV])
    out = folder / "site"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "build.log").is_file():  # written last: its presence means a finished build
            shutil.rmtree(out, ignore_errors=True)
            result = build_site(out)
            assert result.returncode == 0, result.stdout + result.stderr
            (out / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A local HTTP server for a built site; yields its root URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright: no browser download. One launch per test process; each
    test opens its own context (its own cookies, storage and viewport)."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(executable).exists(), "Debian's chromium is needed (scripts/bootstrap.sh --browser installs it)"
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop-sized Chinese tab; the test fails if the page raised an uncaught error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []
