"""What one part of an extract says, the parts that repeat it say the same way: a rule's materials are
the ones its regulation lists (the helper's checklist shows the rule's), and a time limit the
extract records is stated by a rule of the same clause (the helper shows only rules)."""

from __future__ import annotations

import re

import pytest
import yaml

from regkb import compare
from regkb.corpus import load_corpus

from .conftest import ROOT

REGS = load_corpus(ROOT / "data").regs


@pytest.mark.parametrize("reg", REGS, ids=[r.id for r in REGS])
def test_each_rule_material_is_one_the_regulation_lists(reg) -> None:
    """修武 第九条 names 项目预算 and 绩效目标 as two materials; a rule must not merge them into one."""
    data = reg.data
    listed = {item for m in data.materials for item in m.items}
    if data.process is not None:
        for step in data.process.steps:
            listed.update(step.inputs)
            listed.update(step.outputs)
    merged = [(rule.id, item) for rule in data.rules for item in rule.materials if item not in listed]
    assert merged == []


@pytest.mark.parametrize("reg", REGS, ids=[r.id for r in REGS])
def test_each_recorded_time_limit_is_carried_by_a_rule_of_its_clause(reg) -> None:
    """修武 第二十一条 限期整改 and 第十八条 连续三年未予安排资金 are time limits: the answer says so."""
    missing = [
        d.id
        for d in reg.data.deadlines
        if not any(rule.deadline and set(rule.cite) & set(d.cite) for rule in reg.data.rules)
    ]
    assert missing == []


def test_dongyuan_principles_cell_is_backed_by_article_7_not_none() -> None:
    """东源 第七条 asks what 兰考 and 修武 第三条 state as their principle (避免重复建设): the 建设原则 cell
    must say so and cite it, not claim 未规定 for the whole text."""
    reg = next(r for r in REGS if r.id == "dongyuan")
    words = "充分利用现有信息化基础和平台系统资源，避免重复建设"
    assert words in (ROOT / reg.data.meta.source).read_text(encoding="utf-8")
    cell = compare.topic_cell(reg, "principles")
    assert cell["kind"] == "summary" and words in cell["text"]
    assert [c["clause"] for c in cell["clauses"]] == ["a7-p1"] and words in reg.clauses["a7-p1"].text


def test_glossary_gives_luan_its_own_definition_of_the_project() -> None:
    """六安 第二条 has no 政府和社会企业联合建设: the 电子政务项目 entry must not say it defines the term as
    兰考 and 修武 do, and what it quotes from 六安 is in 六安's text."""
    entries = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    definition = next(e["definition"] for e in entries if e["id"] == "dianzi_zhengwu_xiangmu")
    luan = (ROOT / "data" / "sources" / "luan.txt").read_text(encoding="utf-8")
    assert "政府和社会企业联合建设" not in luan
    quoted = re.findall(r"六安第二条[^；。]*定义为“([^”]+)”", definition)
    assert quoted and all(q in luan for q in quoted)
    assert "兰考、修武、六安各办法第二条" not in definition


def test_glossary_states_luan_approver_with_the_2023_revision() -> None:
    """六安 revised its 办法 in 2023 and changed who approves (its notice): a 术语表 entry that says 六安's
    projects go to 市发改委 must say that this is the 2021 text and that the revision changed it."""
    reg = next(r for r in REGS if r.id == "luan")
    revised = [n for n in reg.data.meta.notices if n.kind == "revised"]
    assert revised and "市发改委审批" in revised[0].summary
    entries = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    about = [e for e in entries if "六安" in e["definition"] and "发改委" in e["definition"]]
    assert {e["id"] for e in about} >= {"fagaiwei", "lixiang", "dabang_bianzhi", "xiangmu_jianyishu"}
    unmarked = [e["id"] for e in about if "2023年修订版" not in e["definition"]]
    assert unmarked == []


def test_luan_oversight_cell_names_the_clauses_that_set_up_oversight() -> None:
    """六安 第三条 (全流程监管 in the 市电子政务项目管理系统) and 第二十三条 (市数管局加强项目运维监管) are its
    oversight clauses; the cell quoted only 第十八条's supervision of contractors."""
    reg = next(r for r in REGS if r.id == "luan")
    cell = compare.topic_cell(reg, "oversight")
    cited = [c["clause"] for c in cell["clauses"]]
    for clause, words in [
        ("a3-p1", "实施全流程监管"),
        ("a23-p1", "加强项目运维监管"),
        ("a18-p1", "建设运营企业的监管"),
    ]:
        assert words in reg.clauses[clause].text and clause in cited, clause
    assert "全流程监管" in cell["text"] and "运维监管" in cell["text"]
