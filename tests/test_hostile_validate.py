"""Hostile data files: every one is a ``file:line: field: message`` and exit 1, never a traceback,
never a hang. Each case is the valid fixture with one thing broken (tests/fixtures/valid/mini.yml)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from regkb import yamlio
from regkb.validate import validate_data, validate_paths, validate_targets
from regkb.yamlio import dump

from .conftest import FIXTURES, ROOT

MINI = (FIXTURES / "valid" / "mini.yml").read_text(encoding="utf-8")
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9 if prev else ['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


def _edit(old: str, new: str, count: int = 1) -> Callable[[str], bytes]:
    def make(case: str) -> bytes:
        text = MINI.replace("id: mini", f"id: {case}", 1)
        assert old in text, old
        return text.replace(old, new, count).encode("utf-8")

    return make


def _raw(data: bytes) -> Callable[[str], bytes]:
    return lambda _case: data


# case (file name) → (how to make it, field, words the message must contain)
CASES: dict[str, tuple[Callable[[str], bytes], str, str]] = {
    "bad-month": (_edit("level: 县级", "level: 县级\n  issued: 2020-13-45"), "meta.issued", "month must be in 1..12"),
    "bad-day": (_edit("level: 县级", "level: 县级\n  issued: 2020-02-30"), "meta.issued", "day is out of range"),
    "int-tag": (_edit("number: 3\n", "number: !!int abc\n"), "body[0].children[2].number", "invalid int value"),
    "python-tag": (_edit("kind: 办法", "kind: !!python/object/apply:os.system [ls]"), "(file)", "constructor"),
    "unknown-tag": (_edit("kind: 办法", "kind: !custom 办法"), "(file)", "constructor"),
    "complex-key": (_edit("kind: 办法", "kind: 办法\n  ? [a, b]\n  : 1"), "meta", "a key must be a plain name"),
    "nul": (_edit("总则", "总\x00则"), "(file)", "control character U+0000"),
    "form-feed": (_edit("总则", "总\x0c则"), "(file)", "control character U+000C"),
    "line-separator": (_edit("总则", "总\u2028则"), "(file)", "control character U+2028"),
    "gbk": (
        lambda case: _edit("总则", "总则")(case).replace("总则".encode(), "总则".encode("gbk")),
        "(file)",
        "not UTF-8",
    ),
    "alias-bomb": (_raw(BOMB.encode()), "(file)", "once aliases are expanded"),
    "recursive-alias": (_edit("kind: 办法", "kind: &a [*a]"), "(file)", "recursive alias"),
    "deep": (_raw(b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n"), "(file)", "malformed YAML"),
    "list": (_raw(b"- a\n- b\n"), "(file)", "must hold a mapping"),
    "empty": (_raw(b""), "(file)", "empty file"),
    "not-yaml": (_raw(b"id: [unclosed\n"), "(file)", "malformed YAML"),
    "id-hash": (_edit("  - id: a1\n", '  - id: "a1#x"\n'), "body[0].children[0].id", "may hold only"),
    "id-quote": (_edit("- id: expert-review", "- id: 'exp\"ert'"), "rules[0].id", "may hold only"),
    "id-upper": (_edit("  - id: a1\n", "  - id: A1\n"), "body[0].children[0].id", "may hold only"),
    "inf-amount": (_edit("amount: 100", "amount: .inf"), "thresholds[0].amount", "finite"),
    "nan-amount": (_edit("amount: 100", "amount: .nan"), "thresholds[0].amount", "finite"),
    "huge-amount": (_edit("amount: 100", "amount: 1e400"), "thresholds[0].amount", "finite"),
    "inf-range": (
        _edit("when: {amount: {lt: 100}}}", "when: {amount: {lt: .inf}}}"),
        "process.edges[1].when.amount.lt",
        "finite",
    ),
    "empty-range": (
        _edit("when: {amount: {gte: 100}}\n  threshold", "when: {amount: {gte: 500, lt: 100}}\n  threshold"),
        "rules[0].when.amount",
        "no amount satisfies",
    ),
    "closed-range": (
        _edit("when: {amount: {gte: 100}}\n  threshold", "when: {amount: {gt: 100, lte: 100}}\n  threshold"),
        "rules[0].when.amount",
        "no amount satisfies",
    ),
    "negative-range": (
        _edit("when: {amount: {gte: 100}}\n  threshold", "when: {amount: {gte: -5}}\n  threshold"),
        "rules[0].when.amount.gte",
        "negative",
    ),
    "dangling-repeal": (
        _edit("  source: tests", "  repeals:\n  - {title: 旧办法, regulation: nowhere, cite: a3-p1}\n  source: tests"),
        "meta.repeals[0].regulation",
        "'nowhere' is not in the knowledge base",
    ),
    "dangling-basis": (
        _edit("  source: tests", "  basis:\n  - {title: 上位法, regulation: gone, cite: a1-p1}\n  source: tests"),
        "meta.basis[0].regulation",
        "'gone' is not in the knowledge base",
    ),
    "huge-number": (_edit("number: 3\n", "number: 1" + "0" * 400 + "\n"), "body[0].children[2].number", "too large"),
    "huger-number": (
        _edit("number: 3\n", "number: 1" + "0" * 5000 + "\n"),
        "body[0].children[2].number",
        "invalid int",
    ),
    "binary-tag": (_edit("kind: 办法", "kind: !!binary aGVsbG8="), "meta.kind", "!!binary"),
    "long-title": (_edit("  title: 测试县电子政务项目管理办法", "  title: " + "长" * 1_000_000), "meta.title", "limit"),
    "long-text": (
        _edit("制定本办法。}", "制定本办法。" + "长" * 30_000 + "}"),
        "body[0].children[0].paragraphs[0].text",
        "limit",
    ),
    "source-outside": (
        _edit("source: tests/fixtures/mini.txt", "source: ../../etc/passwd"),
        "meta.source",
        "inside the project",
    ),
    "source-absolute": (
        _edit("source: tests/fixtures/mini.txt", "source: /etc/passwd"),
        "meta.source",
        "inside the project",
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cases as files in one folder under the project root (their sources resolve as in data/)."""
    folder = Path(tmp_path_factory.mktemp("hostile-data"))
    for case, (make, _field, _words) in CASES.items():
        (folder / f"{case}.yml").write_bytes(make(case))
    return folder


def test_the_unbroken_fixture_is_valid(tmp_path: Path) -> None:
    (tmp_path / "fine.yml").write_bytes(_edit("总则", "总则")("fine"))
    regs, problems = validate_paths([tmp_path / "fine.yml"], root=ROOT)
    assert problems == [] and [r.id for r in regs] == ["fine"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_is_one_clear_problem(hostile: Path, case: str) -> None:
    _make, field, words = CASES[case]
    started = time.perf_counter()
    _, problems = validate_paths([hostile / f"{case}.yml"], root=ROOT)
    elapsed = time.perf_counter() - started
    printed = [str(p) for p in problems]
    assert any(f"{case}.yml:" in p and f": {field}: " in p and words in p for p in printed), printed
    assert all(p.startswith(str(hostile / f"{case}.yml")) or f"{case}.yml:" in p for p in printed), printed
    assert elapsed < 3, f"{case}: {elapsed:.1f}s (an expansion or a scan that is not linear)"


def test_cli_names_every_file_and_exits_1_without_a_traceback(hostile: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "regkb.cli", "validate", str(hostile)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for case in CASES:
        assert f"{case}.yml:" in result.stdout, case
    for line in result.stdout.splitlines():
        file, lineno, rest = line.split(":", 2)
        assert file.endswith(".yml") and lineno.isdigit() and rest.startswith(" "), line


def _data_folder(root: Path) -> Path:
    """A copy of the project's data folder (regulations, sources, glossary)."""
    data = root / "data"
    for sub in ("regulations", "sources"):
        (data / sub).mkdir(parents=True)
        for path in (ROOT / "data" / sub).iterdir():
            (data / sub / path.name).write_bytes(path.read_bytes())
    (data / "glossary.yml").write_bytes((ROOT / "data" / "glossary.yml").read_bytes())
    return data


def test_the_real_data_and_glossary_validate() -> None:
    regs, problems = validate_data(ROOT / "data")
    assert problems == [] and len(regs) == 5


def _glossary_entry_edit(edit: Callable[[list[dict]], object]) -> Callable[[], str]:
    def make() -> str:
        data = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
        edit(data["terms"])
        return dump(data)

    return make


GLOSSARY_CASES: dict[str, tuple[Callable[[], str], str, str]] = {
    "a list": (lambda: "- a\n- b\n", "(file)", "must hold a mapping"),
    "empty list": (lambda: "terms: []\n", "terms", "at least 1"),
    "unknown agency": (
        _glossary_entry_edit(lambda t: t[0].update(agency="police")),
        "terms[0].agency",
        "unknown agency",
    ),
    "duplicate id": (_glossary_entry_edit(lambda t: t.append(dict(t[0], term="另一个词"))), "terms[", "duplicate id"),
    "markup in a term": (_glossary_entry_edit(lambda t: t[0].update(term="<b>词]")), "terms[0]", "may not hold"),
    "a date": (lambda: "terms:\n- {id: x, term: 词语, definition: 2020-02-02}\n", "terms[0].definition", "string"),
    "bad date": (
        lambda: "terms:\n- {id: x, term: 词语, definition: 2020-02-30}\n",
        "terms[0].definition",
        "day is out of range",
    ),
    "control character": (
        lambda: 'terms:\n- {id: x, term: 词语, definition: "a\\x07b"}\n',
        "terms[0].definition",
        "U+0007",
    ),
    "bad id": (lambda: "terms:\n- {id: 'x y', term: 词语, definition: 定义}\n", "terms[0].id", "may hold only"),
    "long definition": (
        lambda: "terms:\n- {id: x, term: 词语, definition: " + "长" * 5000 + "}\n",
        "terms[0].definition",
        "limit",
    ),
}


@pytest.mark.parametrize("case", sorted(GLOSSARY_CASES))
def test_glossary_problems_are_reported_by_validate(tmp_path: Path, case: str) -> None:
    make, field, words = GLOSSARY_CASES[case]
    (tmp_path / "glossary.yml").write_text(make(), encoding="utf-8")
    _, problems = validate_targets([tmp_path / "glossary.yml"])
    printed = [str(p) for p in problems]
    assert any("glossary.yml:" in p and f": {field}" in p and words in p for p in printed), printed


def test_lock_files_are_skipped_and_stray_files_named(tmp_path: Path) -> None:
    data = _data_folder(tmp_path)
    (data / "regulations" / ".#lankao.yml").symlink_to("user@host.1234:1700000000")  # emacs' lock: a dangling link
    (data / "regulations" / "lankao.yml~").write_text("backup", encoding="utf-8")
    (data / "regulations" / "extra.yaml").write_text("id: extra\n", encoding="utf-8")
    (data / "notes.txt").write_text("stray", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "regkb.cli", "validate", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "extra.yaml:1: (file): not a regulation extract" in result.stdout
    assert "notes.txt:1: (file): unknown data file" in result.stdout
    assert "lankao" not in result.stdout  # the lock and the backup are skipped (with a notice), lankao.yml is fine
    assert ".#lankao.yml" in result.stderr


def test_the_count_without_anchors_is_the_alias_walks_count() -> None:
    """A text without ``&`` is counted by a plain walk; it must give the number the alias-aware walk gives."""
    texts = [MINI, "a: [1, {b: c, d: [e, f]}, ~]\n? x\n: {<<: {g: 1}, h: 2}\n"]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "regulations").glob("*.yml"))]
    for text in texts:
        assert "&" not in text
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        assert yamlio._tree_size(node) == yamlio._expanded_size(node, "x") > 1


def test_too_many_values_without_anchors_is_the_same_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "many.yml").write_text("a: [1, 2, 3, {b: c}]\n", encoding="utf-8")
    monkeypatch.setattr(yamlio, "MAX_VALUES", 6)  # map, a, list, 1, 2, 3, map, b, c: 9 values
    with pytest.raises(yamlio.DataError) as caught:
        yamlio.load(tmp_path / "many.yml", "many.yml")
    assert str(caught.value) == "many.yml:1: (file): holds 9 values once aliases are expanded (limit 6)"
