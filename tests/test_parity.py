"""One engine, two runtimes: the JavaScript helper and the Python engine agree on a full grid,
unknown inputs included: the same requirements, conditional rules, scope and status."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

from regkb import vocab
from regkb.conditions import Facts, bounds
from regkb.decide import bundle, evaluate
from regkb.path import compute, process_json

from .conftest import ROOT, TODAY


def _amounts(reg) -> list[float]:
    """0, every threshold and rule bound, and values just around each."""
    cuts = {0.0}
    cuts.update(t.amount for t in reg.data.thresholds)
    for rule in reg.data.rules:
        cuts.update(bounds(rule.when))
    for exclusion in reg.data.exclusions:
        cuts.update(bounds(exclusion.when))
    return sorted({v for c in cuts for v in (c, round(c - 0.01, 2), round(c + 0.01, 2), c * 10 + 1) if v >= 0})


def _mentioned(when: dict, key: str) -> set:
    own = set(when[key]) if key in when and isinstance(when[key], list) else set()
    if key in when and not isinstance(when[key], list):
        own.add(when[key])
    return own.union(*(_mentioned(alt, key) for alt in when.get("any", [])))


def _values(data: dict, key: str, known: list) -> list:
    """Unknown, every value of the input the region's conditions name, and one they do not name."""
    named = set().union(*(_mentioned(item["when"], key) for item in data["rules"] + data["exclusions"]))
    other = [v for v in known if v not in named][:1]
    return [None, *(v for v in known if v in named), *other]


def test_python_and_javascript_engines_agree_on_the_full_grid(corpus) -> None:
    node = shutil.which("node")
    assert node, "node is needed for the parity test (scripts/bootstrap.sh installs it)"
    bundles = {reg.id: bundle(reg, dt.date.fromisoformat(TODAY)) for reg in corpus.regs}
    grid = [
        Facts(reg.id, amount, category, nature, funding, classified, level)
        for reg in corpus.regs
        for amount in _amounts(reg)
        for category in _values(bundles[reg.id], "category", list(vocab.CATEGORIES))
        for nature in _values(bundles[reg.id], "nature", list(vocab.NATURES))
        for funding in _values(bundles[reg.id], "funding", list(vocab.FUNDINGS))
        for classified in _values(bundles[reg.id], "classified", [False, True])
        for level in _values(bundles[reg.id], "unit_level", list(vocab.UNIT_LEVELS))
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
    assert len(js_answers) == len(grid) > 5_000
    mismatches = [
        (facts, py, js)
        for facts, js in zip(grid, js_answers, strict=True)
        if (py := evaluate(bundles[facts.regulation], facts)) != js
    ]
    assert not mismatches, mismatches[:1]
    # The grid exercises every branch: excluded, conditional scope, conditional rules, status notes.
    assert any(not a["in_scope"] for a in js_answers)
    assert any(a["scope"]["status"] == "conditional" for a in js_answers)
    assert any(r["waits_on"] for a in js_answers for r in a["conditional"])
    assert any(r["discretionary"] for a in js_answers for r in a["requirements"])
    assert any(r["status_notes"] for a in js_answers for r in a["requirements"])
    assert any(r["interpretations"] for a in js_answers for r in a["requirements"] + a["conditional"])


def test_python_and_javascript_paths_agree(corpus) -> None:
    """The project's way through its process (regkb/path.py and docs/javascripts/path.js): the same
    state for every step and edge, over every bound the process's conditions name and every value of
    the inputs they read, unknown included."""
    processes = {reg.id: process_json(reg) for reg in corpus.regs if reg.data.process is not None}
    grid = []
    for reg in corpus.regs:
        if reg.data.process is None:
            continue
        whens = [s.when for s in reg.data.process.steps if s.when] + [e.when for e in reg.data.process.edges if e.when]
        cuts = {0.0, *(b for w in whens for b in bounds(w))}
        amounts = sorted({v for c in cuts for v in (c, round(c - 0.01, 2), round(c + 0.01, 2)) if v >= 0})
        for amount in amounts:
            for category in (None, *vocab.CATEGORIES):
                for nature in (None, *vocab.NATURES):
                    grid.append(Facts(reg.id, amount, category, nature, None, None, None).as_dict())
    payload = json.dumps({"processes": processes, "facts": grid}, ensure_ascii=False)
    result = subprocess.run(
        [shutil.which("node") or "node", str(ROOT / "tests" / "js" / "path.js")],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    js_paths = json.loads(result.stdout)
    assert len(js_paths) == len(grid) > 1_000
    mismatches = [(f, js) for f, js in zip(grid, js_paths, strict=True) if compute(processes[f["regulation"]], f) != js]
    assert not mismatches, mismatches[:1]
    states = {s["state"] for p in js_paths for s in p["steps"].values()} | {
        e["state"] for p in js_paths for e in p["edges"]
    }
    assert states == {"taken", "depends", "occasional", "skipped"}
    # an unknown input leaves its branch undecided, and says which input it waits on
    assert any(e["state"] == "depends" and e["waits_on"] for p in js_paths for e in p["edges"])
