"""Builds in one process produce what a fresh process produces: nothing a build remembers (the
plugin's Build, its cache) leaks into the next one, whether that is a build of another corpus or a
`mkdocs serve` rebuild after an edit. Site folders are compared byte for byte."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, TODAY, build_site
from .test_incremental import _edit

# Builds as `mkdocs serve` runs them: one process, one config loaded per build, the plugins that have
# on_startup kept (MkDocs caches them) and told the command once.
_BUILDS = """
import logging, os, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

def edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

logging.basicConfig(level=logging.WARNING, format="%(message)s")
logging.getLogger("mkdocs.regkb").setLevel(logging.INFO)  # what each build validated and drew
from pathlib import Path
default, copy, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
started = False
for name, data in (("default", default), ("copy", copy), ("edited", copy)):
    os.environ["REGKB_DATA"] = str(data)
    if name == "edited":
        for path in (copy / "regulations" / "lankao.yml", copy / "sources" / "lankao.txt"):
            edit(path, "包括但不限于大数据", "包括但不限于云计算、大数据")
    config = load_config(config_file=str(Path.cwd() / "mkdocs.yml"), site_dir=str(out / name))
    if not started:
        config.plugins.on_startup(command="serve", dirty=False)
        started = True
    build(config)
    plugin = config.plugins["regkb"]
    if name == "edited":  # the rebuild reused the plugin's Build and the unchanged regulations in it
        print("kept build:", plugin.build is kept, "kept luan:", plugin.build.corpus.get("luan") is luan)
    kept, luan = plugin.build, plugin.build.corpus.get("luan")
"""


def _differences(one: Path, other: Path) -> list[str]:
    """Paths whose bytes differ, or that only one folder has (build.log aside: a fixture's own file)."""
    found = []

    def walk(cmp: filecmp.dircmp, at: str) -> None:
        found.extend(at + n for n in cmp.left_only + cmp.right_only + cmp.funny_files if n != "build.log")
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(at + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{at}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return found


@pytest.fixture(scope="module")
def in_one_process(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("one-process")
    shutil.copytree(ROOT / "data", work / "copy" / "data")
    env = dict(os.environ, REGKB_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", REGKB_CACHE=str(work / "cache"))
    result = subprocess.run(
        [sys.executable, "-c", _BUILDS, str(ROOT / "data"), str(work / "copy" / "data"), str(work / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (work / "log.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return work


def test_a_build_after_another_corpus_equals_a_fresh_build(in_one_process: Path, site: Path) -> None:
    """The real data built in the same process as other corpora (first here; the same code path as
    after them) equals the fresh-process build every other test reads."""
    assert _differences(in_one_process / "out" / "default", site) == []


def test_serve_rebuild_after_an_edit_equals_a_fresh_build(in_one_process: Path) -> None:
    fresh_data = in_one_process / "fresh" / "data"
    shutil.copytree(ROOT / "data", fresh_data)
    _edit(fresh_data, "lankao", "包括但不限于大数据", "包括但不限于云计算、大数据")
    fresh = in_one_process / "fresh" / "site"
    result = build_site(fresh, fresh_data, env={"REGKB_CACHE": str(in_one_process / "fresh" / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    # the plugin kept its Build across the rebuild: only the edited regulation was checked again
    log = (in_one_process / "log.txt").read_text(encoding="utf-8")
    assert log.count("validating 1 of 5 regulations (4 unchanged, cached)") == 1, log
    assert "kept build: True kept luan: True" in log, log
    edited = in_one_process / "out" / "edited"
    assert "云计算、大数据" in (edited / "regulations" / "lankao.html").read_text(encoding="utf-8")
    assert _differences(edited, fresh) == []
    # and the build before the edit, of a copy of the real data after a build of the real data, is that build
    assert _differences(in_one_process / "out" / "copy", in_one_process / "out" / "default") == []
