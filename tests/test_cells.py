"""Comparison cells, status notes and multi-clause citations, as an official reads them on the built site."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from regkb import compare, summaries, vocab
from regkb.corpus import Corpus
from regkb.validate import validate_paths

from .conftest import FIXTURES, ROOT


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _hrefs(cell) -> list[str]:
    return [a["href"] for a in cell.select("a.rk-cite")]


def test_matrix_cells_are_summaries_with_every_clause_or_backed_none(site: Path, corpus: Corpus) -> None:
    page = soup(site / "compare" / "index.html")
    regions = [th.get_text(strip=True) for th in page.select("#topic-matrix thead th")][1:]
    assert regions == [r.region_name for r in corpus.regs]
    for topic in vocab.TOPICS:
        cells = page.select(f"#topic-{topic} td")
        for reg, td in zip(corpus.regs, cells, strict=True):
            tagged = summaries.tagged(reg).get(topic, [])
            summary = next((s for s in reg.data.summaries if s.topic == topic), None)
            if tagged:  # a topic the text speaks to: the editorial summary, never 未规定
                assert "未规定" not in td.get_text() and td.select_one(".rk-editorial").get_text() == "编者摘要"
                assert summary is not None and summary.text in td.get_text()
                assert _hrefs(td) == [f"../regulations/{reg.id}.html#{c}" for c in summary.cite]
            elif summary is None:
                assert td.select_one(".rk-none").get_text() == "未规定", (reg.id, topic)
    ids = [r.id for r in corpus.regs]
    luan_audit = page.select("#topic-audit td")[ids.index("luan")]
    assert "市审计局负责电子政务项目审计监督工作" in luan_audit.get_text()
    assert _hrefs(luan_audit) == ["../regulations/luan.html#a5-p6"]
    none = [td for td in page.select("#topic-matrix td.rk-cell-none")]
    assert none and all("regkb lint" in td.get_text() for td in none)  # 未规定 says what check backs it
    dongyuan = page.select("#topic-scope td")[ids.index("dongyuan")]
    assert "起点金额50万元（含）" in dongyuan.get_text() and "本办法适用范围：资金范围。" not in dongyuan.get_text()


def test_topic_page_shows_each_regions_summary_above_its_full_text(site: Path, corpus: Corpus) -> None:
    page = soup(site / "compare" / "scope.html")
    column = page.select_one("section.rk-column#dongyuan")
    cell = column.select_one(".rk-cell")
    assert cell.select_one(".rk-editorial").get_text() == "编者摘要" and "50万元（含）" in cell.get_text()
    assert _hrefs(cell) == [
        "../regulations/dongyuan.html#a2-p1-i1",
        "../regulations/dongyuan.html#a2-p1-i2",
        "../regulations/dongyuan.html#a4-p1",
    ]
    assert cell.select_one("a.rk-status-mark")["href"] == "../regulations/dongyuan.html#status-trial-expired"
    assert column.select_one(".rk-excerpt#dongyuan-a2") is not None  # the full text stays one click away


def test_luan_page_has_the_revision_banner_and_marks_on_the_affected_clauses(site: Path) -> None:
    page = soup(site / "regulations" / "luan.html")
    note = page.select_one("#status-notes #status-revised-2023")
    assert "2023年" in note.get_text() and "皖数安〔2022〕2号" in note.get_text()
    assert "https://www.luan.gov.cn/public/6608171/10437542.html" in note.select_one(".rk-url").get_text()
    assert [a["href"] for a in note.select("a[href^='#a']")] == ["#a5-p2", "#a9-p3"]
    marked = {a.find_parent(id=True)["id"] for a in page.select("a.rk-status-mark")}
    assert marked == {"a5-p2", "a9-p3"}
    assert all(a["href"] == "#status-revised-2023" for a in page.select("a.rk-status-mark"))
    meta = page.select_one("table.rk-meta").get_text()
    assert "文本来源" in meta and "最近核查：2026-11-30" in meta


def test_dongyuan_page_says_the_trial_period_ended(site: Path) -> None:
    page = soup(site / "regulations" / "dongyuan.html")
    note = page.select_one("#status-trial-expired")
    assert "试行期至2022-07-12" in note.get_text()
    assert note.select_one("a[href='#a31-p1']") is not None  # the clause that sets the period


def test_thresholds_and_roles_link_every_clause_and_carry_status(site: Path, corpus: Corpus) -> None:
    page = soup(site / "compare" / "index.html")
    rows = page.select("#threshold-table tbody tr")
    expected = [t for t in compare.thresholds(corpus)]
    assert [_hrefs(r) for r in rows] == [["../" + c["url"] for c in t["clauses"]] for t in expected]
    luan_500 = next(r for r in rows if r.td.get_text() == "六安市" and "500" in r.get_text())
    assert "已修订" in luan_500.select_one("a.rk-status-mark").get_text()
    several = [r for r in corpus.regs for role in r.data.roles if len(role.cite) > 1]
    assert several, "some role rests on several clauses"


def test_downloads_carry_every_clause_and_the_status(site: Path, corpus: Corpus) -> None:
    text = (site / "downloads" / "topics.csv").read_text(encoding="utf-8-sig")
    rows = {(r["办法代码"], r["主题代码"]): r for r in csv.DictReader(io.StringIO(text))}
    assert len(rows) == len(corpus.regs) * len(vocab.TOPICS)
    scope = rows[("dongyuan", "scope")]
    assert scope["类型"] == "编者摘要" and scope["条款编号"] == "a2-p1-i1 a2-p1-i2 a4-p1"
    assert scope["状态提示"].startswith("试行期满：")
    assert rows[("luan", "approval")]["状态提示"].startswith("已修订：")
    assert rows[("luan", "purpose")]["状态提示"] == ""  # the revision touches other clauses
    thresholds = json.loads((site / "downloads" / "thresholds.json").read_text(encoding="utf-8"))
    for row in thresholds:
        reg = corpus.get(row["regulation"])
        cited = next(t.cite for t in reg.data.thresholds if t.id == row["id"])
        assert [c["clause"] for c in row["clauses"]] == cited
    assert any(m["id"] == "revised-2023" for row in thresholds if row["regulation"] == "luan" for m in row["status"])


def test_onboarding_takes_facts_from_the_data(site: Path) -> None:
    page = soup(site / "onboarding.html")
    text = page.select_one("article").get_text()
    assert "发改委管立项" not in text and "报发改委审批（" not in text
    approval = page.select_one("ul.rk-topic-cells[data-topic=approval] li[data-regulation=luan]")
    assert "2021年文本" in approval.get_text() and "已修订" in approval.select_one("a.rk-status-mark").get_text()
    huoqiu = page.select_one("ul.rk-topic-cells[data-topic=approval] li[data-regulation=huoqiu]").get_text()
    assert "县数管局统一申请审批" in huoqiu and "审批机关是县发改委" in huoqiu
    home = soup(site / "index.html")
    assert home.select_one("ul.rk-status-list li[data-regulation=luan] .rk-status-revised") is not None


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda s: s.replace("- {topic: procurement,", "- {topic: oversight,"), "summaries[1].cite", "cites no clause"),
        (
            lambda s: s.replace("- {topic: supplementary, text: 自发布之日起施行。, cite: [a3-p1]}\n", ""),
            "body[0]",
            "no summary",
        ),
        (lambda s: s.replace("cite: [a3-p1]}", "cite: [a9-p1]}"), "summaries[2].cite", "does not exist"),
    ],
)
def test_summary_problems_name_file_line_and_field(tmp_path: Path, change, field, words) -> None:
    broken = tmp_path / "mini.yml"
    broken.write_text(change((FIXTURES / "valid" / "mini.yml").read_text(encoding="utf-8")), encoding="utf-8")
    _, problems = validate_paths([broken], root=ROOT)
    printed = [str(p) for p in problems]
    assert any("mini.yml:" in p and f": {field}" in p and words in p for p in printed), printed


def test_interpretation_notes_sit_beside_the_clauses_they_read(site: Path, corpus: Corpus) -> None:
    page = soup(site / "regulations" / "huoqiu.html")
    reg = corpus.get("huoqiu")
    for note in reg.data.interpretations:
        box = page.select_one(f"aside.rk-interpretation#interp-{note.id}")
        text = box.get_text()
        assert "本库采用的理解" in text and note.reading in text and "另一种理解" in text and note.alternative in text
        assert [a["href"] for a in box.select("p:first-child a")] == [f"#{c}" for c in note.cite]
    box = page.select_one("#interp-approval-groups")
    assert box.find_previous_sibling("p")["id"] == "s2-2-3-p1"  # right after the clause it reads
