"""Shared fixtures: the real corpus, one real site build, and a local HTTP server for it."""

from __future__ import annotations

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

from regkb.corpus import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-22"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT / "data")


def build_site(
    out: Path, data: Path | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real ``mkdocs build --strict`` of the project (optionally over another data folder)."""
    env = dict(os.environ, REGKB_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **(extra_env or {}))
    if data is not None:
        env["REGKB_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def site() -> Iterator[Path]:
    # World-readable: LinkChecker, run as root, drops privileges to `nobody` before reading files.
    out = Path(tempfile.mkdtemp(prefix="regkb-site-"))
    out.chmod(0o755)
    result = build_site(out)
    assert result.returncode == 0, result.stdout + result.stderr
    (out / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    yield out
    shutil.rmtree(out, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
