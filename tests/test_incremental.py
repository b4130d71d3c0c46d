"""Incremental builds: a changed clause re-renders its own page (and chart) and nothing else's.

Real builds of a copy of the data: one clean build, then ``mkdocs build --dirty`` after an edit,
comparing which output files were rewritten, how many charts ``dot`` drew, and that the result
equals a clean build of the edited data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regkb import search
from regkb.build import Build
from regkb.cache import Cache

from .conftest import ROOT, TODAY

REGIONS = ("dongyuan", "huoqiu", "lankao", "luan", "xiuwu")


def _build(out: Path, data: Path, cache: Path, *, dirty: bool = False) -> None:
    env = dict(os.environ, REGKB_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", REGKB_DATA=str(data), REGKB_CACHE=str(cache))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)] + (["--dirty"] if dirty else [])
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def _stamps(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, stamp in after.items() if before.get(path) != stamp}


def _edit(data: Path, reg_id: str, old: str, new: str, *, in_source: bool = True) -> None:
    """Replace a phrase in an extract (and in its source text, so the fidelity check still holds)."""
    files = [data / "regulations" / f"{reg_id}.yml"] + ([data / "sources" / f"{reg_id}.txt"] if in_source else [])
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    work = tmp_path_factory.mktemp("incremental")
    shutil.copytree(ROOT / "data", work / "data")
    _build(work / "site", work / "data", work / "cache")
    return work / "data", work / "site", work / "cache"


def test_changed_clause_rerenders_only_its_regulation(built: tuple[Path, Path, Path]) -> None:
    data, site, cache = built
    before = _stamps(site)
    charts_before = set((cache / "svg").iterdir())
    # 兰考 第二条: text only, so its page changes but its process chart does not
    _edit(data, "lankao", "包括但不限于大数据", "包括但不限于云计算、大数据")
    _build(site, data, cache, dirty=True)
    rewritten = _rewritten(before, _stamps(site))

    assert "regulations/lankao.html" in rewritten
    assert "data/lankao.json" in rewritten and "data/lankao.yml" in rewritten
    assert "包括但不限于云计算、大数据" in (site / "regulations" / "lankao.html").read_text(encoding="utf-8")
    for other in REGIONS:
        if other != "lankao":
            assert f"regulations/{other}.html" not in rewritten
            assert f"data/{other}.json" not in rewritten
            assert f"assets/decide/{other}.js" not in rewritten
    assert not {p for p in rewritten if p.startswith("charts/")}, "no chart's DOT changed, so none is redrawn"
    assert set((cache / "svg").iterdir()) == charts_before

    # the search index still covers every regulation, with the edited text
    docs = search.documents(site)
    assert {f"regulations/{r}.html" for r in REGIONS} <= {doc[0].split("#")[0] for doc in docs}
    assert any("包括但不限于云计算、大数据" in doc[4] for doc in docs if doc[0].startswith("regulations/lankao"))


def test_changed_step_redraws_only_its_chart(built: tuple[Path, Path, Path]) -> None:
    data, site, cache = built
    before = _stamps(site)
    charts_before = set((cache / "svg").iterdir())
    # 修武: a process step's title is editorial (not source text), so the source stays as it is
    _edit(data, "xiuwu", "title: 报送下一年度建设或者采购计划", "title: 报送下一年度建设或采购计划", in_source=False)
    _build(site, data, cache, dirty=True)
    rewritten = _rewritten(before, _stamps(site))

    assert {p for p in rewritten if p.startswith("charts/process-")} == {
        "charts/process-xiuwu.svg",
        "charts/process-xiuwu.dot",
        "charts/process-xiuwu-tb.svg",  # its top-to-bottom layout (narrow screens, the helper's path)
        "charts/process-xiuwu-tb.dot",
    }
    assert len(set((cache / "svg").iterdir()) - charts_before) == 2, "dot ran for one chart's two layouts"
    assert "regulations/xiuwu.html" in rewritten  # it embeds the chart
    assert not {f"regulations/{r}.html" for r in REGIONS if r != "xiuwu"} & rewritten


def test_dirty_build_equals_clean_build(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data, site, _cache = built
    _build(tmp_path / "clean", data, tmp_path / "cache")
    clean = tmp_path / "clean"
    for path in sorted(clean.rglob("*.html")):
        relative = path.relative_to(clean)
        assert (site / relative).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), relative
    index = sorted(p.relative_to(clean) for p in (clean / search.FOLDER).rglob("*.js"))
    assert index == sorted(p.relative_to(site) for p in (site / search.FOLDER).rglob("*.js"))
    assert all((site / p).read_bytes() == (clean / p).read_bytes() for p in index)


def test_validated_extracts_are_reused_from_the_cache(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    cache = tmp_path / "models"
    first = Build(tmp_path / "data", tmp_path).refresh().corpus
    assert len(list(cache.glob("*.pickle"))) == len(first.regs)
    _edit(tmp_path / "data", "lankao", "包括但不限于大数据", "包括但不限于云计算、大数据")
    second = Build(tmp_path / "data", tmp_path).refresh().corpus  # a new process: nothing in memory
    assert len(list(cache.glob("*.pickle"))) == len(first.regs) + 1  # only lankao validated again
    assert second.get("lankao").digest != first.get("lankao").digest
    assert second.get("luan").digest == first.get("luan").digest
    assert "包括但不限于云计算、大数据" in second.get("lankao").clauses["a2-p1"].text


def test_kept_files_are_made_again_when_the_cache_is_deleted(tmp_path: Path) -> None:
    """A long `mkdocs serve` keeps the kept files' paths in memory; deleting the cache (which the
    maintainer guide allows at any time) makes them again instead of pointing at nothing."""
    made = []

    def make() -> dict[str, str]:
        made.append(1)
        return {"data/x.json": '{"a": 1}'}

    cache = Cache(tmp_path / "cache")
    first = cache.files(("k",), make)
    assert cache.files(("k",), make) == first and len(made) == 1  # made once
    shutil.rmtree(tmp_path / "cache")
    again = cache.files(("k",), make)
    assert len(made) == 2 and again["data/x.json"].read_text(encoding="utf-8") == '{"a": 1}'
