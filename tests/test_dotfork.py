"""graphs.DotServer (regkb/dotfork.c: dot's start-up once, a fork per chart) makes exactly the bytes a plain
``dot`` run makes. The helper is compiled here from the current source (as scripts/bootstrap.sh does), so the
test checks that source, not whatever binary an older bootstrap left in the venv."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import graphviz
import pytest

from regkb import graphs
from regkb.corpus import load_corpus

from .conftest import ROOT


@pytest.fixture(scope="module")
def helper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("cc") or not Path("/usr/include/graphviz/gvc.h").is_file():
        pytest.skip("no C compiler or Graphviz headers (scripts/bootstrap.sh installs them)")
    program = tmp_path_factory.mktemp("dotfork") / graphs.DOTFORK
    subprocess.run(
        ["cc", "-O2", "-o", str(program), str(ROOT / "regkb" / "dotfork.c"), "-lgvc", "-lcgraph"], check=True
    )
    return program


@pytest.fixture(scope="module")
def sources() -> list[str]:
    corpus = load_corpus(ROOT / "data")
    found = [source for reg in corpus.regs for source in graphs.process_dots(reg) or ()]
    assert len(found) >= 10, "the five regulations' charts, both directions"
    return found


def _plain(source: str) -> str:
    """What a plain ``dot`` run makes, without regkb's code in between."""
    out = subprocess.run(["dot", "-Kdot", "-Tsvg"], input=source.encode(), capture_output=True, check=True).stdout
    return graphs._uncomment(out.decode("utf-8"))


def test_same_bytes_as_plain_dot(helper: Path, sources: list[str]) -> None:
    plain = [_plain(source) for source in sources]
    with graphs.DotServer(sources, program=helper) as server:
        # twice round, from three threads (three helpers), as Build.draw calls it
        with ThreadPoolExecutor(3) as pool:
            served = list(pool.map(server.svg, sources + sources))
        assert server.serving, "the first chart matched plain dot, so the helper stays in use"
    assert served == plain + plain


def test_falls_back_to_plain_dot(sources: list[str]) -> None:
    with graphs.DotServer(sources[:1], program=Path("/nonexistent/regkb-dotfork")) as server:
        assert server.svg(sources[0]) == _plain(sources[0])
        assert not server.serving


def test_a_broken_chart_raises_as_plain_dot_does(helper: Path, sources: list[str]) -> None:
    with graphs.DotServer(sources, program=helper) as server:
        server.svg(sources[0])
        with pytest.raises(graphviz.CalledProcessError):
            server.svg("digraph { a -> }")
        assert server.svg(sources[1]) == _plain(sources[1]), "one chart's error leaves the helper in use"
        assert server.serving
