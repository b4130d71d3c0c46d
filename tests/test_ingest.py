"""Ingest: drafts from official texts keep every character and find the structure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from regkb.ingest import ingest
from regkb.model import reassemble
from regkb.schema import Regulation
from regkb.text import normalise

from .conftest import FIXTURES, ROOT

VARIANTS = FIXTURES / "ingest"


def draft(path: Path, reg_id: str = "draft") -> dict:
    return ingest(path.read_text(encoding="utf-8"), reg_id).data


def outline(nodes: list[dict]) -> list[tuple]:
    return [
        (
            n["id"],
            n["label"],
            n.get("heading"),
            [p["text"] for p in n.get("paragraphs", [])],
            outline(n.get("children", [])),
        )
        for n in nodes
    ]


def assert_nothing_dropped(path: Path) -> None:
    """The reassembled draft equals the input modulo white space and the suggested repairs."""
    source = path.read_text(encoding="utf-8")
    data = ingest(source, "draft").data
    for repair in data.get("repairs", []):
        source = source.replace(repair["original"], repair["repaired"], 1)
    assert normalise(reassemble(Regulation.model_validate(data))) == normalise(source)


@pytest.mark.parametrize(
    "path", sorted(VARIANTS.glob("*.txt")) + sorted((ROOT / "data" / "sources").glob("*.txt")), ids=lambda p: p.stem
)
def test_nothing_is_ever_dropped(path: Path) -> None:
    assert_nothing_dropped(path)


def test_glued_headings_odd_spacing_sections_and_a_split_title() -> None:
    data = draft(VARIANTS / "glued_headings.txt")
    assert data["title"]["text"] == "某市政务信息化项目管理办法"
    chapters = data["body"]
    assert [(c["label"], c["heading"]) for c in chapters] == [("第一章", "总则"), ("第二章", "审批")]
    first, second, third = chapters[0]["children"]
    assert (first["heading"], first["paragraphs"][0]["text"]) == (
        "编制目的。",
        "为规范政务信息化项目管理，制定本办法。",
    )
    assert (second["heading"], second["paragraphs"][0]["text"]) == (
        "【适用范围】",
        "本办法适用于市本级政务信息化项目。",
    )
    assert "heading" not in third and third["paragraphs"][0]["text"].startswith("为加强统筹")
    section = chapters[1]["children"][0]
    assert (section["id"], section["kind"], section["heading"]) == ("c2-s1", "section", "申报")
    items = section["children"][0]["paragraphs"][0]["items"]
    assert [(i["id"], i["label"], i["number"]) for i in items] == [("a4-p1-i1", "(一)", 1), ("a4-p1-i2", "(二)", 2)]


def test_no_chapters_and_paragraphs() -> None:
    data = draft(VARIANTS / "no_chapters.txt")
    assert [n["id"] for n in data["body"]] == ["a1", "a2", "a3"]
    assert [p["id"] for p in data["body"][1]["paragraphs"]] == ["a2-p1", "a2-p2"]
    assert data["meta"]["effective"]["rule"] == "自发布之日起"


def test_a_text_that_starts_in_the_middle_keeps_its_numbers() -> None:
    result = ingest((VARIANTS / "mid_text.txt").read_text(encoding="utf-8"), "draft")
    assert [(n["id"], n["number"]) for n in result.data["body"]] == [("a32", 32), ("a33", 33), ("a34", 34)]
    assert any(f.kind == "unclassified" and "title" in f.message for f in result.flags)


def test_notice_style_with_half_width_brackets_and_attachments() -> None:
    data = draft(VARIANTS / "notice_style.txt")
    assert data["meta"]["doc_number"] == "某政办〔2025〕7号"
    assert data["meta"]["kind"] == "通知"
    assert [(n["id"], n["heading"]) for n in data["body"]] == [("s1", "统筹规划"), ("s2", "严格审批")]
    assert [(c["id"], c["label"]) for c in data["body"][0]["children"]] == [("s1-1", "1、"), ("s1-2", "2、")]
    assert [c["label"] for c in data["body"][1]["children"]] == ["（一）", "（二）"]
    assert [(a["id"], a["title"]) for a in data["attachments"]] == [("att1", "项目申报表"), ("att2", "项目评审表")]
    assert data["attachments"][0]["blocks"][0]["rows"] == [["项目名称", ""], ["申报单位", "联系人"]]
    assert [b["role"] for b in data["back"]] == ["attachment_index", "signature", "date"]


def test_extraction_damage_is_flagged() -> None:
    result = ingest((ROOT / "data" / "sources" / "lankao.txt").read_text(encoding="utf-8"), "lankao")
    kinds = {(f.kind, f.clause) for f in result.flags}
    assert ("latin_word", "a2-p1") in kinds and ("latin_word", "a9-p1") in kinds
    assert ("page_break", "a4-p1") in kinds and ("page_break", "a12-p1") in kinds
    assert ("stray_mark", "f5") in kinds


def test_cli_ingest_writes_a_draft_and_reports_flags(tmp_path: Path) -> None:
    out = tmp_path / "lankao.yml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "regkb.cli",
            "ingest",
            "data/sources/lankao.txt",
            "--id",
            "lankao",
            "--region",
            "河南省/开封市/兰考县",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "data/sources/lankao.txt:23: latin_word [a2-p1]" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("id: lankao\n")


def _skeleton(nodes: list[dict]) -> list[tuple]:
    def items(its: list[dict]) -> list[tuple]:
        return [(i["id"], i["label"], i["number"], i.get("heading"), items(i.get("items", []))) for i in its]

    return [
        (
            n["id"],
            n["kind"],
            n["label"],
            n["number"],
            n.get("heading"),
            [(p["id"], items(p.get("items", []))) for p in n.get("paragraphs", [])],
            _skeleton(n.get("children", [])),
        )
        for n in nodes
    ]


def _attachment_outline(data: dict) -> list[tuple]:
    return [
        (a["id"], a.get("label"), a["title"], [(b["id"], "rows" in b) for b in a.get("blocks", [])])
        for a in data.get("attachments", [])
    ]


@pytest.mark.parametrize("reg_id", ["lankao", "xiuwu", "huoqiu", "dongyuan", "luan"])
def test_ingest_reproduces_the_committed_extract(reg_id: str) -> None:
    """Structure and text of the hand-checked extracts, annotations and repairs aside."""
    committed = yaml.safe_load((ROOT / "data" / "regulations" / f"{reg_id}.yml").read_text(encoding="utf-8"))
    drafted = draft(ROOT / "data" / "sources" / f"{reg_id}.txt", reg_id)
    assert _skeleton(drafted["body"]) == _skeleton(committed["body"])
    assert _attachment_outline(drafted) == _attachment_outline(committed)
    for section in ("front", "preamble", "back", "trailer"):
        assert [b["id"] for b in drafted.get(section, [])] == [b["id"] for b in committed.get(section, [])]
    text = normalise(reassemble(Regulation.model_validate(drafted)))
    for repair in committed.get("repairs", []):
        text = text.replace(normalise(repair["original"]), normalise(repair["repaired"]))
    assert text == normalise(reassemble(Regulation.model_validate(committed)))


def test_page_numbers_are_flagged_and_kept() -> None:
    source = (VARIANTS / "page_numbers.txt").read_text(encoding="utf-8")
    result = ingest(source, "draft")
    flagged = [(f.line, f.kind) for f in result.flags if f.kind == "page_number"]
    assert flagged == [(5, "page_number"), (9, "page_number")]
    assert [n["id"] for n in result.data["body"]] == ["a1", "a2", "a3"]
