"""One engine, two runtimes: the JavaScript helper and the Python engine agree on a full grid."""

from __future__ import annotations

import json
import shutil
import subprocess

from regkb import vocab
from regkb.conditions import Facts, bounds
from regkb.decide import bundle, evaluate

from .conftest import ROOT


def _amounts(reg) -> list[float]:
    """0, every threshold and rule bound, and values just around each."""
    cuts = {0.0}
    cuts.update(t.amount for t in reg.data.thresholds)
    for rule in reg.data.rules:
        cuts.update(bounds(rule.when))
    for exclusion in reg.data.exclusions:
        cuts.update(bounds(exclusion.when))
    return sorted({v for c in cuts for v in (c, round(c - 0.01, 2), round(c + 0.01, 2), c * 10 + 1) if v >= 0})


def test_python_and_javascript_engines_agree_on_the_full_grid(corpus) -> None:
    node = shutil.which("node")
    assert node, "node is needed for the parity test (scripts/bootstrap.sh installs it)"
    bundles = {reg.id: bundle(reg) for reg in corpus.regs}
    grid = [
        Facts(reg.id, amount, category, nature, funding, classified)
        for reg in corpus.regs
        for amount in _amounts(reg)
        for category in vocab.CATEGORIES
        for nature in [None, *vocab.NATURES]
        for funding in vocab.FUNDINGS
        for classified in (False, True)
    ]
    payload = json.dumps({"bundles": bundles, "facts": [f.as_dict() for f in grid]}, ensure_ascii=False)
    result = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "evaluate.js")],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    js_answers = json.loads(result.stdout)
    assert len(js_answers) == len(grid) > 10_000
    mismatches = [
        (facts, py, js)
        for facts, js in zip(grid, js_answers, strict=True)
        if (py := evaluate(bundles[facts.region], facts)) != js
    ]
    assert not mismatches, mismatches[:3]
    # The grid exercises both sides of the rules: some facts are excluded, some rules are discretionary.
    assert any(not a["in_scope"] for a in js_answers)
    assert any(r["discretionary"] for a in js_answers for r in a["requirements"])
