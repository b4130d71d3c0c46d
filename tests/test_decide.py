"""The decision engine: hand-checked cases from the texts, in Python and in JavaScript, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from regkb import vocab
from regkb.conditions import DEPENDS, FAILS, HOLDS, Facts, check
from regkb.decide import bundle, evaluate

from .conftest import ROOT, TODAY

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "decisions.yml").read_text(encoding="utf-8"))
DAY = dt.date.fromisoformat(TODAY)


def _facts(case: dict) -> Facts:
    f = case["facts"]
    return Facts(
        f["regulation"],
        float(f["amount"]),
        f.get("category"),
        f.get("nature"),
        f.get("funding"),
        f.get("classified"),
        f.get("unit_level"),
    )


@pytest.fixture(scope="module")
def answers(corpus) -> dict[str, dict[str, dict]]:
    """Each case answered by both runtimes: {"python": {name: answer}, "javascript": {...}}."""
    bundles = {reg.id: bundle(reg, DAY) for reg in corpus.regs}
    facts = [_facts(c) for c in CASES]
    python = {c["name"]: evaluate(bundles[f.regulation], f) for c, f in zip(CASES, facts, strict=True)}
    payload = json.dumps({"bundles": bundles, "facts": [f.as_dict() for f in facts]}, ensure_ascii=False)
    node = shutil.which("node")
    assert node, "node is needed (scripts/bootstrap.sh installs it)"
    out = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "evaluate.js")], input=payload, capture_output=True, text=True, check=True
    )
    javascript = dict(zip([c["name"] for c in CASES], json.loads(out.stdout), strict=True))
    return {"python": python, "javascript": javascript}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_quotes_its_source(corpus, case: dict) -> None:
    """Every case carries the words of the text it was derived from, and they are in the source."""
    reg = corpus.get(case["facts"]["regulation"])
    source = _compact((ROOT / reg.meta.source).read_text(encoding="utf-8"))
    quotes = case["quote"] if isinstance(case["quote"], list) else [case["quote"]]
    for quote in quotes:
        assert _compact(quote) in source, quote


def _check_item(got: dict, expected: dict, regulation: str) -> None:
    labels = [c["label"] for c in got["cite"]]
    if "label" in expected:
        assert labels[0] == expected["label"], labels
    if "labels" in expected:
        assert labels == expected["labels"]
    for cite in got["cite"]:
        assert cite["url"] == f"regulations/{regulation}.html#{cite['clause']}"
    for key in ("discretionary", "waits_on", "status_notes", "interpretations", "general", "authority"):
        if key in expected:
            assert got[key] == expected[key], (key, got[key])
    for key in ("because", "condition", "reason"):
        if key in expected:
            assert expected[key] in got[key], (key, got[key])


@pytest.mark.parametrize("runtime", ["python", "javascript"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hand_checked_case(answers, case: dict, runtime: str) -> None:
    answer = answers[runtime][case["name"]]
    regulation = case["facts"]["regulation"]
    assert answer["in_scope"] is case["in_scope"]
    if "scope" in case:
        assert answer["scope"]["status"] == case["scope"]
    assert [x["id"] for x in answer["exclusions"]] == case.get("exclusions", [])
    if "scope_conditional" in case:
        assert [x["id"] for x in answer["scope"]["conditional"]] == case["scope_conditional"]
    if "unknown" in case:
        assert answer["unknown"] == case["unknown"]
    if "status" in case:
        assert answer["status"]["class"] == case["status"]["class"]
        assert [n["id"] for n in answer["status"]["notes"]] == case["status"]["notes"]
    by_id = {r["id"]: r for r in answer["requirements"]}
    pending = {r["id"]: r for r in answer["conditional"]}
    for expected in case.get("present", []):
        got = by_id.get(expected["id"])
        assert got is not None, f"{expected['id']} missing; got {sorted(by_id)}, conditional {sorted(pending)}"
        _check_item(got, expected, regulation)
    for expected in case.get("conditional", []):
        got = pending.get(expected["id"])
        assert got is not None, f"{expected['id']} not conditional; got {sorted(pending)}, definite {sorted(by_id)}"
        _check_item(got, expected, regulation)
    for absent in case.get("absent", []):
        assert absent not in by_id and absent not in pending, absent


def test_conditions_are_three_valued() -> None:
    when = {"category": ["software_development"], "nature": ["new"]}
    known = {"amount": 1, "category": "software_development", "nature": "new"}
    assert check(when, known) == (HOLDS, [])
    assert check(when, {**known, "nature": "upgrade"}) == (FAILS, [])
    assert check(when, {**known, "nature": None}) == (DEPENDS, ["nature"])
    assert check(when, {**known, "category": "operations", "nature": None}) == (FAILS, [])
    either = {"any": [{"category": ["operations"]}, {"amount": {"gt": 1000}}]}
    assert check(either, {"amount": 2000, "category": None}) == (HOLDS, [])
    assert check(either, {"amount": 10, "category": None}) == (DEPENDS, ["category"])
    assert check({"classified": False}, {"amount": 1, "classified": None}) == (DEPENDS, ["classified"])


def test_every_requirement_cites_every_clause_and_says_why(corpus) -> None:
    for reg in corpus.regs:
        data = bundle(reg, DAY)
        for rule, source in zip(
            data["rules"], sorted(reg.data.rules, key=lambda r: list(vocab.STAGES).index(r.stage)), strict=True
        ):
            assert [c["clause"] for c in rule["cite"]] == list(source.cite)
            assert all(c["label"] == reg.label(c["clause"]) for c in rule["cite"])
        facts = Facts(reg.id, 100, "software_development", "new", "fiscal", False, "county")
        for req in evaluate(data, facts)["requirements"]:
            assert req["reason"].startswith(("因", "适用于", "不纳入")), req
            assert req["general"] is (not req["because"])


def test_threshold_reason_quotes_the_text_and_its_clause(corpus) -> None:
    answer = evaluate(bundle(corpus.get("dongyuan"), DAY), Facts("dongyuan", 600, "hardware_purchase"))
    rule = next(r for r in answer["requirements"] if r["id"] == "procurement-600")
    assert rule["reason"] == "因金额≥600万元（原文：“采购预算600万元（含）以上”，第十二条）"
    assert rule["general"] is False


def test_status_is_as_of_the_build_date_and_marks_the_revised_clauses(corpus) -> None:
    data = bundle(corpus.get("luan"), DAY)
    assert data["status"]["as_of"] == TODAY and data["status"]["class"] == "revised"
    note = data["status"]["notes"][0]
    assert note["kind"] == "revised" and {c["clause"] for c in note["affects"]} == {"a5-p2", "a9-p3"}
    assert note["evidence"][0]["url"].startswith("https://www.luan.gov.cn/")
    marked = {r["id"] for r in data["rules"] if r["status_notes"]}
    assert marked == {"approval-500-above", "approval-500-below"}
    before = bundle(corpus.get("dongyuan"), dt.date(2021, 1, 1))
    assert before["status"]["notes"] == [] and before["status"]["class"] == "trial"


def _cli(*args: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REGKB_TODAY=today)
    return subprocess.run(
        [sys.executable, "-m", "regkb.cli", "decide", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )


def test_cli_json_has_the_documented_shape() -> None:
    result = _cli(
        "--regulation", "dongyuan", "--amount", "600", "--category", "hardware_purchase", "--nature", "new", "--json"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"regulation", "inputs", "unknown", "in_scope", "scope", "status", "requirements", "conditional"} <= set(
        answer
    )
    assert answer["inputs"] == {
        "regulation": "dongyuan",
        "amount": 600.0,
        "category": "hardware_purchase",
        "nature": "new",
        "funding": None,
        "classified": None,
        "unit_level": None,
    }
    assert answer["unknown"] == ["classified", "unit_level"]
    assert answer["scope"]["status"] == "conditional"
    assert answer["status"]["as_of"] == TODAY and answer["status"]["notes"][0]["kind"] == "expired"
    keys = {"id", "title", "stage", "authority", "materials", "deadline", "discretionary", "reason", "cite"}
    keys |= {"because", "general", "text_condition", "status_notes", "interpretations"}
    assert all(set(r) == keys for r in answer["requirements"])
    assert all(set(r) == keys | {"condition", "waits_on"} for r in answer["conditional"])
    cites = [c for r in answer["requirements"] for c in r["cite"]]
    assert all(set(c) == {"regulation", "clause", "label", "url"} for c in cites)


def test_cli_plain_output_is_a_chinese_checklist() -> None:
    args = ("--regulation", "dongyuan", "--amount", "49.99", "--category", "software_development")
    result = _cli(*args, "--classified", "no", "--unit-level", "county")
    assert result.returncode == 0
    assert "不纳入本办法管理" in result.stdout and "第二条第（一）项" in result.stdout
    assert "□" in result.stdout and "？" not in result.stdout
    assert "试行期至2022-07-12" in result.stdout.split("【")[0]
    unknown = _cli(*args).stdout
    assert "□" not in unknown and "？ 将项目建设方案、招投标文件、合同及验收材料报县政务服务数据管理局备案" in unknown
    assert "若非涉密项目，项目建设单位为县本级（县直）单位" in unknown


def test_cli_says_at_the_top_that_luan_was_revised_and_what_it_touches() -> None:
    result = _cli("--regulation", "luan", "--amount", "600", "--category", "software_development")
    assert result.returncode == 0, result.stderr
    head = result.stdout.split("【")[0]
    assert "已修订" in head and "2023" in head and "第九条第三款" in head
    assert "涉及本答案的要求：由项目建设单位编制项目建议书及实施方案报市发改委审批" in head
    assert "未填写：建设性质、资金来源、是否涉密、项目建设单位层级" in head
    assert "若建设性质为新建" in result.stdout  # 第十六条 测评/等保 waits on the nature, never dropped


def test_cli_accepts_unknown_and_explicit_answers() -> None:
    args = ("--regulation", "xiuwu", "--amount", "80", "--json")
    unknown = json.loads(_cli(*args, "--category", "unknown", "--classified", "unknown").stdout)
    assert unknown["inputs"]["category"] is None and unknown["inputs"]["classified"] is None
    told = json.loads(_cli(*args, "--classified", "no", "--unit-level", "county").stdout)
    assert told["inputs"]["classified"] is False and told["scope"]["status"] == "in"
    flag = json.loads(_cli(*args, "--classified").stdout)
    assert flag["inputs"]["classified"] is True and flag["scope"]["status"] == "out"


def test_cli_old_region_flag_still_works_for_one_release_and_says_what_replaces_it() -> None:
    old = _cli("--region", "xiuwu", "--amount", "80", "--json")
    new = _cli("--reg", "xiuwu", "--amount", "80", "--json")
    assert old.returncode == new.returncode == 0 and old.stdout == new.stdout
    assert "--region is now --regulation" in old.stderr and new.stderr == ""
    missing = _cli("--amount", "80")
    assert missing.returncode == 2 and "--regulation" in missing.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regulation", "nowhere", "--amount", "1", "--category", "operations"], "unknown regulation 'nowhere'"),
        (["--regulation", "luan", "--amount", "1", "--category", "cooking"], "unknown category 'cooking'"),
        (["--regulation", "luan", "--amount", "-1", "--category", "operations"], "不能是负数"),
        (["--regulation", "luan", "--amount", "十万", "--category", "operations"], "must be a number"),
        (["--regulation", "luan", "--amount", "nan", "--category", "operations"], "finite number"),
        (
            ["--regulation", "luan", "--amount", "1", "--category", "operations", "--nature", "old"],
            "unknown nature 'old'",
        ),
        (["--regulation", "luan", "--amount", "1", "--classified", "maybe"], "classified must be yes, no or unknown"),
        (["--regulation", "luan", "--amount", "1", "--unit-level", "province"], "unknown unit level 'province'"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_names_an_interpretation_that_affects_no_rule(tmp_path) -> None:
    """An interpretation's ``affects`` are rule and exclusion ids (not clauses); a stray one is named by file:line."""
    from regkb.validate import validate_paths

    from .conftest import FIXTURES

    text = (FIXTURES / "valid" / "mini.yml").read_text(encoding="utf-8")  # its source path is relative to ROOT
    reading = (
        "interpretations:\n- id: which\n  cite: a2-p1\n  question: 问\n  reading: 读\n  alternative: 另\n"
        "  affects: [expert-review, no-such-rule]\nprocess:\n"
    )
    bad = tmp_path / "mini.yml"
    bad.write_text(text.replace("process:\n", reading, 1), encoding="utf-8")
    _, problems = validate_paths([bad], root=ROOT)
    printed = [str(p) for p in problems]
    assert len(printed) == 1, printed
    assert ":68: interpretations[0].affects[1]: " in printed[0] and "'no-such-rule'" in printed[0]
