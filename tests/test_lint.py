"""``regkb lint``: the five extracts pass; planted findings are named by file:line; cues re-find every tag."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from regkb.lint import duties, lint_paths, load_cues, matching_cues, unit_text

ROOT = Path(__file__).resolve().parent.parent
PLANTED = Path(__file__).resolve().parent / "fixtures" / "lint" / "planted.yml"
CUES = ROOT / "data" / "topic-cues.yml"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "regkb.cli", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_five_extracts_pass_lint() -> None:
    result = _cli("lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok: 5 regulation(s), no lint findings"


def test_every_topic_cue_list_refinds_every_unit_tagged_with_it(corpus) -> None:
    cues, _ = load_cues(CUES)
    missed = [
        f"{reg.id}:{node.id}:{topic}"
        for reg in corpus.regs
        for node in reg.units()
        for topic in node.topics
        if not matching_cues(cues.cues[topic], unit_text(reg, node))
    ]
    assert missed == []


def test_planted_untagged_audit_clause_is_named_by_file_and_line() -> None:
    result = _cli("lint", str(PLANTED))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # 第二条 says 审计 and is tagged only oversight: the finding points at its topics line (28)
    assert (
        "tests/fixtures/lint/planted.yml:28: body[1].topics: 第二条 (a2) is not tagged 'audit' "
        "but speaks to it (cue 审计)"
    ) in "\n".join(lines)
    assert any(line.startswith("tests/fixtures/lint/planted.yml:5: meta.provenance: no provenance") for line in lines)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "3 finding(s) in 1 file(s)"


def test_a_generic_dismissal_reason_is_rejected() -> None:
    _, problems = lint_paths([PLANTED], CUES)
    reasons = [p for p in problems if p.field == "lint[0].reason"]
    assert len(reasons) == 1
    assert reasons[0].line == 55  # after the fixture's summaries
    assert "must quote the words of 第三条" in reasons[0].message


def _planted(tmp_path: Path, lint_section: str) -> Path:
    """The planted fixture with another ``lint:`` section, in a project layout (data/sources beside it)."""
    text = PLANTED.read_text(encoding="utf-8")
    head = text[: text.index("lint:\n")]
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    source = tmp_path / "tests" / "fixtures" / "lint"
    source.mkdir(parents=True)
    (source / "planted.txt").write_bytes((PLANTED.parent / "planted.txt").read_bytes())
    path = tmp_path / "planted.yml"
    path.write_text(head + lint_section, encoding="utf-8")
    return path


def test_a_duty_no_rule_cites_is_a_finding_until_dismissed_with_a_quoting_reason(tmp_path: Path) -> None:
    bare = _planted(tmp_path, "")
    _, problems = lint_paths([bare], CUES)
    duty = [p for p in problems if p.field == "body[2].paragraphs[0].text"]
    assert len(duty) == 1 and duty[0].line == 37
    assert "第三条 (a3-p1) carries a duty (应当" in duty[0].message

    good = _planted(
        tmp_path / "good",
        "lint:\n- check: obligation\n  clause: a3-p1\n"
        "  reason: 第三条“按照相应规定组织采购”只转引其他规定，本办法不另设采购步骤\n"
        "- check: topic\n  clause: a2\n  topics: [audit]\n"
        "  reason: 第二条“依法对电子政务项目进行审计监督”在测试中作为已考虑的审计条款\n",
    )
    _, problems = lint_paths([good], CUES)
    assert [p.field for p in problems] == ["meta.provenance"]


def test_a_dismissal_of_something_the_lint_no_longer_finds_is_stale(tmp_path: Path) -> None:
    path = _planted(
        tmp_path,
        "lint:\n- check: topic\n  clause: a1\n  topics: [audit]\n  reason: 第一条“为规范电子政务项目管理”不涉及审计监督\n",
    )
    _, problems = lint_paths([path], CUES)
    assert any(
        "dismisses a topic finding for a1 (audit) that the lint no longer reports" in p.message for p in problems
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("项目单位应当组织验收", ["应当"]),
        ("应及时报送", ["应"]),
        ("制定相应管理办法，对应的供应商响应适应", []),
        ("原则上需提交监理报告", ["需"]),
        ("提出项目需求，需要政府出资维护的，确需调整的，按需服务", []),
        ("必须接入；不得新建；不予审批；严禁泄露；须经审批", ["必须", "不得", "不予", "严禁", "须"]),
        ("符合国家信息共享要求的，按要求报送", []),
        ("开展督查，要求限期整改", ["要求"]),
    ],
)
def test_duty_words_are_found_and_look_alikes_are_not(text: str, words: list[str]) -> None:
    assert [d.word for d in duties(text)] == words
