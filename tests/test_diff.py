"""Version comparison: renumbered articles are found by content; the site shows the history."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from regkb.diff import compare
from regkb.validate import load_regulation

from .conftest import FIXTURES, ROOT, build_site

VERSIONS = FIXTURES / "versions"


def _versions():
    return load_regulation(VERSIONS / "old.yml", ROOT), load_regulation(VERSIONS / "new.yml", ROOT)


def test_renumbered_changed_added_and_removed_articles() -> None:
    changes = {(c.kind, c.old.label if c.old else None, c.new.label if c.new else None) for c in compare(*_versions())}
    assert changes == {
        ("unchanged", "第一条", "第一条"),
        ("added", None, "第二条"),
        ("renumbered", "第二条", "第三条"),
        ("changed", "第三条", "第四条"),
        ("changed", "第五条", "第五条"),
        ("removed", "第四条", None),
    }


def test_changed_article_has_a_character_diff() -> None:
    change = next(c for c in compare(*_versions()) if c.kind == "changed" and c.new.label == "第四条")
    inserted = "".join(t for op, t in change.segments if op == "insert")
    deleted = "".join(t for op, t in change.segments if op == "delete")
    assert "原则上" in inserted and "1" in deleted
    assert "".join(t for op, t in change.segments if op != "delete") == "预算50万元以上的项目，原则上应当引入监理。"


def test_cli_diff_prints_marks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "regkb.cli", "diff", str(VERSIONS / "old.yml"), str(VERSIONS / "new.yml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "条号变动：第二条 → 第三条" in result.stdout
    assert "{+原则上+}" in result.stdout


def test_site_shows_version_history_and_repealed_badge(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for version in ("old", "new"):
        shutil.copy(VERSIONS / f"{version}.txt", data / "sources" / f"v{version}.txt")
        extract = yaml.safe_load((VERSIONS / f"{version}.yml").read_text(encoding="utf-8"))
        extract["id"] = f"v{version}"
        extract["meta"]["source"] = f"data/sources/v{version}.txt"
        link = {
            "title": "某县政务信息化项目管理办法",
            "regulation": "vold" if version == "new" else "vnew",
            "cite": "a5",
        }
        extract["meta"]["repeals" if version == "new" else "replaced_by"] = [link]
        (data / "regulations" / f"v{version}.yml").write_text(
            yaml.safe_dump(extract, allow_unicode=True), encoding="utf-8"
        )
    out = tmp_path / "site"
    result = build_site(out, data)
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((out / "regulations" / "vnew.html").read_text(encoding="utf-8"), "html.parser")
    rows = [tr.get_text(" ", strip=True) for tr in page.select("table.rk-diff tbody tr")]
    assert any(r.startswith("条号变动 第二条 第三条") for r in rows), rows
    assert page.select_one("table.rk-diff ins").get_text()
    old = BeautifulSoup((out / "regulations" / "vold.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one(".rk-card-title .rk-badge").get_text() == "已废止"
