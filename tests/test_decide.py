"""The decision engine: hand-checked cases from the texts, in Python and in JavaScript, and the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from regkb.conditions import Facts
from regkb.decide import bundle, evaluate

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "decisions.yml").read_text(encoding="utf-8"))


def _facts(case: dict) -> Facts:
    f = case["facts"]
    return Facts(
        f["region"],
        float(f["amount"]),
        f["category"],
        f.get("nature"),
        f.get("funding", "fiscal"),
        f.get("classified", False),
    )


@pytest.fixture(scope="module")
def answers(corpus) -> dict[str, dict[str, dict]]:
    """Each case answered by both runtimes: {"python": {name: answer}, "javascript": {...}}."""
    bundles = {reg.id: bundle(reg) for reg in corpus.regs}
    facts = [_facts(c) for c in CASES]
    python = {c["name"]: evaluate(bundles[f.region], f) for c, f in zip(CASES, facts, strict=True)}
    payload = json.dumps({"bundles": bundles, "facts": [f.as_dict() for f in facts]}, ensure_ascii=False)
    node = shutil.which("node")
    assert node, "node is needed (scripts/bootstrap.sh installs it)"
    out = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "evaluate.js")], input=payload, capture_output=True, text=True, check=True
    )
    javascript = dict(zip([c["name"] for c in CASES], json.loads(out.stdout), strict=True))
    return {"python": python, "javascript": javascript}


@pytest.mark.parametrize("runtime", ["python", "javascript"])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hand_checked_case(answers, case: dict, runtime: str) -> None:
    answer = answers[runtime][case["name"]]
    assert answer["in_scope"] is case["in_scope"]
    assert [x["id"] for x in answer["exclusions"]] == case.get("exclusions", [])
    by_id = {r["id"]: r for r in answer["requirements"]}
    for expected in case.get("present", []):
        got = by_id.get(expected["id"])
        assert got is not None, f"{expected['id']} missing; got {sorted(by_id)}"
        assert got["cite"]["label"] == expected["label"]
        assert got["cite"]["url"] == f"regulations/{case['facts']['region']}.html#{got['cite']['clause']}"
        if "discretionary" in expected:
            assert got["discretionary"] is expected["discretionary"]
    for absent in case.get("absent", []):
        assert absent not in by_id


def test_every_requirement_has_a_citation_and_a_reason(corpus) -> None:
    for reg in corpus.regs:
        for rule in bundle(reg)["rules"]:
            assert rule["cite"]["clause"] in reg.clauses and rule["cite"]["label"]
            assert rule["reason"].startswith(("因", "适用于"))


def test_threshold_reason_quotes_the_text(corpus) -> None:
    rule = next(r for r in bundle(corpus.get("dongyuan"))["rules"] if r["id"] == "procurement-600")
    assert rule["reason"].startswith("因金额≥600万元（原文：")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regkb.cli", "decide", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_cli_json_has_the_documented_shape() -> None:
    result = _cli(
        "--region", "dongyuan", "--amount", "600", "--category", "hardware_purchase", "--nature", "new", "--json"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"region", "inputs", "in_scope", "requirements"} <= set(answer)
    assert answer["inputs"] == {
        "region": "dongyuan",
        "amount": 600.0,
        "category": "hardware_purchase",
        "nature": "new",
        "funding": "fiscal",
        "classified": False,
    }
    keys = {"id", "title", "stage", "authority", "materials", "deadline", "discretionary", "reason", "cite"}
    assert all(set(r) == keys for r in answer["requirements"])
    assert all(set(r["cite"]) == {"regulation", "clause", "label", "url"} for r in answer["requirements"])


def test_cli_plain_output_is_a_chinese_checklist() -> None:
    result = _cli("--region", "dongyuan", "--amount", "49.99", "--category", "software_development")
    assert result.returncode == 0
    assert "不纳入本办法管理" in result.stdout and "第二条第（一）项" in result.stdout
    assert "□" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "nowhere", "--amount", "1", "--category", "operations"], "unknown region 'nowhere'"),
        (["--region", "luan", "--amount", "1", "--category", "cooking"], "unknown category 'cooking'"),
        (["--region", "luan", "--amount", "-1", "--category", "operations"], "must not be negative"),
        (["--region", "luan", "--amount", "十万", "--category", "operations"], "must be a number"),
        (["--region", "luan", "--amount", "nan", "--category", "operations"], "finite number"),
        (["--region", "luan", "--amount", "1", "--category", "operations", "--nature", "old"], "unknown nature 'old'"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
