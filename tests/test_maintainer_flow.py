"""A maintainer adds a sixth regulation: ingest → annotate → validate → rebuild, and it shows everywhere."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from regkb.conditions import Facts
from regkb.decide import evaluate

from .conftest import FIXTURES, ROOT, build_site

SIXTH = FIXTURES / "sixth"


def regkb(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "regkb.cli", *args], cwd=ROOT, capture_output=True, text=True)


def annotate(draft: dict, notes: dict) -> dict:
    """Apply the maintainer's annotations to the ingested draft."""
    topics = notes.pop("topics")

    def walk(nodes: list[dict]) -> None:
        for node in nodes:
            if node["id"] in topics:
                node["topics"] = topics[node["id"]]
            walk(node.get("children", []))

    walk(draft["body"])
    draft["meta"].update(notes.pop("meta"))
    draft.update(notes)
    return draft


def test_a_sixth_regulation_from_text_to_site(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(SIXTH / "qinghe.txt", data / "sources" / "qinghe.txt")
    extract = data / "regulations" / "qinghe.yml"

    ingested = regkb(
        "ingest",
        str(data / "sources" / "qinghe.txt"),
        "--id",
        "qinghe",
        "--region",
        "河北省/邢台市/清河县",
        "--source-path",
        "data/sources/qinghe.txt",
        "-o",
        str(extract),
    )
    assert ingested.returncode == 0, ingested.stderr

    # Before annotation the draft is structurally sound but not publishable: every article lacks topics.
    before = regkb("validate", str(extract))
    assert before.returncode == 1 and "第一条 has no topics" in before.stdout

    draft = annotate(
        yaml.safe_load(extract.read_text(encoding="utf-8")),
        yaml.safe_load((SIXTH / "annotations.yml").read_text(encoding="utf-8")),
    )
    extract.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = regkb("validate", str(extract))
    assert after.returncode == 0, after.stdout

    out = tmp_path / "site"
    built = build_site(out, data)
    assert built.returncode == 0, built.stdout + built.stderr

    page = BeautifulSoup((out / "regulations" / "qinghe.html").read_text(encoding="utf-8"), "html.parser")
    assert "县数据局组织专家对项目进行评审" in page.find(id="a4-p1").get_text()
    assert "试行（至2025-03-14，已到期）" in page.select_one(".rk-card-title .rk-badge").get_text()
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("tr[data-regulation=qinghe]") is not None
    compare = BeautifulSoup((out / "compare" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = [r.get_text(" ", strip=True) for r in compare.select("#threshold-table tbody tr")]
    assert any(r.startswith("清河县 ≥300万元") for r in rows), rows
    assert (out / "charts" / "process-qinghe.svg").is_file()

    bundle = json.loads((out / "assets" / "decide" / "qinghe.json").read_text(encoding="utf-8"))
    answer = evaluate(bundle, Facts("qinghe", 300, "software_development"))
    assert [r["id"] for r in answer["requirements"]] == ["declare", "government-review"]
    assert [c["label"] for c in answer["requirements"][1]["cite"]] == ["第四条"]
    small = evaluate(bundle, Facts("qinghe", 19.99, "software_development"))
    assert small["in_scope"] is False and [r["id"] for r in small["requirements"]] == ["filing"]
