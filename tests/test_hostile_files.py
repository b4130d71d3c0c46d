"""Nothing is lost: ingest never overwrites or half-writes an extract, and a damaged cache entry
is made again, never published."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from regkb import cli
from regkb.cache import Cache, keep, kept

from .conftest import ROOT


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``regkb …`` in this process (the CLI's main), with what it printed."""

    def call(*args: str) -> Run:
        capsys.readouterr()
        code = cli.main(list(args))
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return call


LANKAO = str(ROOT / "data" / "sources" / "lankao.txt")


def test_ingest_refuses_to_overwrite_without_force(run: Callable[..., Run], tmp_path: Path) -> None:
    curated = tmp_path / "lankao.yml"
    curated.write_text("id: lankao  # curated\n", encoding="utf-8")
    refused = run("ingest", LANKAO, "--id", "lankao", "-o", str(curated))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert curated.read_text(encoding="utf-8") == "id: lankao  # curated\n"
    forced = run("ingest", LANKAO, "--id", "lankao", "-o", str(curated), "--force")
    assert forced.returncode == 0, forced.stderr
    assert curated.read_text(encoding="utf-8").startswith("id: lankao\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["lankao.yml"]  # no temporary file left behind


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("empty.txt", b"", 1, "the file is empty"),
        ("blank.txt", b"  \n\n \n", 1, "the file is empty"),
        ("prose.txt", "这是一段说明文字。\n没有任何条款。\n".encode(), 1, "no numbered clause found"),
        ("gbk.txt", "第一条 为规范管理，制定本办法。\n".encode("gbk"), 2, "not UTF-8"),
        ("long.txt", ("第一条 总则。\n" + "段落。\n" * 25_000).encode(), 1, "lines"),
    ],
)
def test_ingest_bad_texts_are_messages(
    run: Callable[..., Run], tmp_path: Path, name: str, content: bytes, code: int, words: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out.yml"
    result = run("ingest", str(source), "--id", "x", "-o", str(out))
    assert result.returncode == code, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_ingest_into_a_missing_folder_or_with_a_bad_id(run: Callable[..., Run], tmp_path: Path) -> None:
    missing = run("ingest", LANKAO, "--id", "lankao", "-o", str(tmp_path / "no" / "such" / "x.yml"))
    assert missing.returncode == 2 and "no folder" in missing.stderr and "Traceback" not in missing.stderr
    bad_id = run("ingest", LANKAO, "--id", 'a"b#c', "-o", str(tmp_path / "x.yml"))
    assert bad_id.returncode == 2 and "may hold only" in bad_id.stderr


def test_many_paragraphs_in_one_article_are_a_message_not_a_traceback(run: Callable[..., Run], tmp_path: Path) -> None:
    source = tmp_path / "many.txt"
    source.write_text(
        "某县项目管理办法\n\n第一条 总则。\n" + "".join(f"第{i}段。\n" for i in range(10_050)), encoding="utf-8"
    )
    result = run("ingest", str(source), "--id", "many", "-o", str(tmp_path / "many.yml"))
    assert "Traceback" not in result.stderr
    if result.returncode == 0:  # drafted: validating it reports, never crashes
        check = run("validate", str(tmp_path / "many.yml"))
        assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
        assert all(line.split(":", 2)[1].isdigit() for line in check.stdout.splitlines())


def test_store_write_is_atomic_and_kept_entries_are_checked(tmp_path: Path) -> None:
    entry = tmp_path / "entry.html"
    keep(entry, "<p>页面</p>")
    assert kept(entry) == "<p>页面</p>".encode()
    for damage in (b"", b"<p>", b"garbage \xff", "<p>页面</p>".encode() + b" "):
        entry.write_bytes(damage)
        assert kept(entry) is None, damage
        assert not Cache(tmp_path).intact(entry)
    keep(entry, "<p>页面</p>")
    (entry.parent / ".sha256" / entry.name).unlink()  # killed between the entry and its digest
    assert kept(entry) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sha256", "entry.html"]


# A build's generated files and page bodies, by name → SHA-256, printed as JSON (run in a fresh process so
# that nothing is remembered in memory between the builds).
_BUILD = """
import hashlib, json, sys
from pathlib import Path
from regkb import site
from regkb.build import Build
data = Build(Path(sys.argv[1]), Path(sys.argv[2])).refresh()
out = {}
for path, content in data.files.items():
    if isinstance(content, site.Page):
        content = repr(content)
    raw = content.read_bytes() if isinstance(content, Path) else (content.encode() if isinstance(content, str) else content)
    out[path] = hashlib.sha256(raw).hexdigest()
for reg in data.corpus.regs:
    out["page:" + reg.id] = hashlib.sha256(site.regulation_html(data, reg.id, "../").encode()).hexdigest()
for name, svg in data.svgs.items():
    out["svg:" + name] = hashlib.sha256(site.graphs.svg_text(svg).encode()).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def _build(data: Path, cache: Path) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", _BUILD, str(data), str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, REGKB_TODAY="2026-11-22"),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_damaged_cache_entries_are_made_again_never_published(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    for name in (
        "regulations/lankao.yml",
        "regulations/xiuwu.yml",
        "sources/lankao.txt",
        "sources/xiuwu.txt",
        "glossary.yml",
    ):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes((ROOT / "data" / name).read_bytes())
    first = _build(data, cache)
    entries = sorted(p for p in cache.rglob("*") if p.is_file() and ".sha256" not in p.parts)
    assert len(entries) > 20
    kinds = set()
    for index, entry in enumerate(entries):  # every entry damaged, in turn emptied, cut short or overwritten
        whole = entry.read_bytes()
        damaged = (b"", whole[: len(whole) // 2], b"\x80garbage" + whole[8:])[index % 3]
        entry.write_bytes(damaged)
        kinds.add(entry.suffix)
    assert {".pickle", ".svg", ".dot", ".html", ".json"} <= kinds
    assert _build(data, cache) == first
    assert all(kept(entry) is not None for entry in entries)  # and each was written again, whole
