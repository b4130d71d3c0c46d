"""Hostile text reaches every output as text. The string fields are listed from the pydantic models
when the test runs (a field added later is covered without editing this file); every occurrence in a
copy of the real data gets a formula-like prefix and a payload from tests/fixtures/hostile/payloads.yml;
the site is built, and the bytes of every output are checked: HTML and SVG, DOT, JSON, the data
scripts and CSV. Then a real browser opens the pages with the Content-Security-Policy removed, and
no dialog may open."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import typing
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml
from playwright.sync_api import Browser

from regkb.model import Reg, reassemble
from regkb.schema import Glossary, Regulation
from regkb.validate import validate_data
from regkb.yamlio import dump

from .conftest import ROOT, build_site, serve

PAYLOADS: list[str] = yaml.safe_load((ROOT / "tests" / "fixtures" / "hostile" / "payloads.yml").read_text("utf-8"))
FORMULAS = ['=HYPERLINK("http://evil.example/","x")', "+cmd", "-cmd", "@SUM(A)", "=cmd|' /C calc'!A"]
# Fields whose value another field refers to, that name a file, or that the schema checks against a
# vocabulary or a fixed value (links: http(s) or within the site): hostile values there are refused by validate
# (tests/test_hostile_validate.py).
REFERENCES = {
    "id",
    "cite",
    "clause",
    "clauses",
    "threshold",
    "start",
    "from",
    "to",
    "source",
    "regulation",
    "unit",
    "url",
    "affects",
}
BOUND_TO_SOURCE = {("Repair", "repaired")}  # must be a substring of its clause's text


def _models(annotation: Any) -> list[type[pydantic.BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _is_text(field: pydantic.fields.FieldInfo) -> bool:
    """A free-text field: str somewhere in its type, no vocabulary validator, not a Literal."""
    if any(type(m).__name__ == "AfterValidator" for m in field.metadata):
        return False

    def has_str(annotation: Any) -> bool:
        if annotation is str:
            return True
        if typing.get_origin(annotation) is typing.Literal:
            return False
        if typing.get_origin(annotation) is typing.Annotated:
            args = typing.get_args(annotation)
            return not any(type(m).__name__ == "AfterValidator" for m in args[1:]) and has_str(args[0])
        return any(has_str(arg) for arg in typing.get_args(annotation))

    return has_str(field.annotation)


def text_fields(root: type[pydantic.BaseModel]) -> set[tuple[str, str]]:
    """(model, field) for every free-text field reachable from ``root``, read from the models now."""
    found, todo, seen = set(), [root], set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            key = field.alias or name
            if _is_text(field) and key not in REFERENCES and (model.__name__, key) not in BOUND_TO_SOURCE:
                found.add((model.__name__, key))
            todo.extend(_models(field.annotation))
    return found


def _occurrences(value: Any, model: type[pydantic.BaseModel], path: tuple) -> Iterator[tuple[str, str, tuple]]:
    """(model, field, path) of every value of a text field in ``value`` (data shaped as ``model``)."""
    if not isinstance(value, dict):
        return
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in value:
            continue
        child, child_path = value[key], path + (key,)
        if (model.__name__, key) in TEXT:
            yield model.__name__, key, child_path
        for sub in _models(field.annotation):
            items = child if isinstance(child, list) else [child]
            for index, item in enumerate(items):
                if isinstance(item, dict) and _fits(item, sub, _models(field.annotation)):
                    yield from _occurrences(item, sub, child_path + ((index,) if isinstance(child, list) else ()))


def _fits(item: dict, model: type[pydantic.BaseModel], choices: list) -> bool:
    if len(choices) == 1:
        return True
    return ("rows" in item) == ("rows" in model.model_fields)  # a table or a text block


TEXT = text_fields(Regulation) | text_fields(Glossary)


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _hostile(text: str, index: int) -> str:
    return FORMULAS[index % len(FORMULAS)] + text + PAYLOADS[index % len(PAYLOADS)]


def _inject(value: Any, index: int) -> Any:
    if isinstance(value, str):
        return _hostile(value, index)
    if isinstance(value, list):
        return [_inject(v, index + i) for i, v in enumerate(value)]
    return value


def _source(data: dict) -> str:
    """The source text the injected extract is a faithful copy of: its text with the repairs undone."""
    text = reassemble(Regulation.model_validate(data))
    for repair in data.get("repairs", []):
        text = text.replace(repair["repaired"], repair["original"], 1)
    return text


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[str, str]]]:
    """A copy of the data with every text field made hostile; returns it and the fields covered."""
    data = Path(tmp_path_factory.mktemp("hostile")) / "data"
    shutil.copytree(ROOT / "data", data)
    covered: set[tuple[str, str]] = set()
    counter = 0
    for path in sorted((data / "regulations").glob("*.yml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        for model, field, where in list(_occurrences(doc, Regulation, ())):
            counter += 1
            _set(doc, where, _inject(_get(doc, where), counter))
            covered.add((model, field))
        path.write_text(dump(doc), encoding="utf-8")
        (data / "sources" / f"{doc['id']}.txt").write_text(_source(doc), encoding="utf-8")
    glossary = yaml.safe_load((data / "glossary.yml").read_text("utf-8"))
    for model, field, where in list(_occurrences(glossary, Glossary, ())):
        if field in ("term", "aliases"):  # spellings must be found verbatim in the text: markup is refused
            continue
        counter += 1
        _set(glossary, where, _inject(_get(glossary, where), counter))
        covered.add((model, field))
    (data / "glossary.yml").write_text(dump(glossary), encoding="utf-8")
    return data, covered


def test_every_text_field_of_the_models_is_covered(hostile_data: tuple[Path, set]) -> None:
    _data, covered = hostile_data
    present = {(m, f) for m, f in TEXT if (m, f) not in {("Term", "term"), ("Term", "aliases")}}
    assert len(present) > 40
    missing = present - covered
    # a field no extract uses yet has no value to make hostile; every other one must be covered
    unused = {(m, f) for m, f in missing if not _used(m, f)}
    assert missing == unused, sorted(missing - unused)


def _used(model: str, field: str) -> bool:
    for path in (ROOT / "data" / "regulations").glob("*.yml"):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if any((m, f) == (model, field) for m, f, _ in _occurrences(doc, Regulation, ())):
            return True
    return False


def test_the_hostile_data_is_valid(hostile_data: tuple[Path, set]) -> None:
    data, _ = hostile_data
    regs, problems = validate_data(data)
    assert problems == [], "\n".join(map(str, problems[:20]))
    assert len(regs) == 5 and isinstance(regs[0], Reg)


@pytest.fixture(scope="module")
def hostile_site(hostile_data: tuple[Path, set], tmp_path_factory: pytest.TempPathFactory) -> Path:
    data, _ = hostile_data
    out = Path(tmp_path_factory.mktemp("hostile-site")) / "site"
    result = build_site(out, data, env={"REGKB_CACHE": str(out.parent / "cache")})
    assert result.returncode == 0, result.stderr[-3000:]
    return out


_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "srcdoc", "data", "poster"}


class _Audit(HTMLParser):
    """Elements and attributes a payload could have made: inline handlers, script links, its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in _URL_ATTRIBUTES and value and _SCHEMES.match(value):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in ("iframe", "object", "embed", "math", "img") and any(n == "src" and v == "x" for n, v in attrs):
            self.found.append(f"<{tag}> from a payload")
        self._script = tag == "script" and not any(n == "src" for n, _ in attrs)

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"inline script {data[:60]!r}")


def test_html_and_svg_hold_payloads_only_as_text(hostile_site: Path) -> None:
    checked = 0
    for path in [*hostile_site.rglob("*.html"), *hostile_site.rglob("*.svg")]:
        text = path.read_text("utf-8")
        audit = _Audit()
        audit.feed(text)
        assert audit.found == [], (path.relative_to(hostile_site), audit.found[:5])
        assert "<script>alert(" not in text and "<img src=x" not in text and "<svg onload" not in text, path
        checked += "alert(" in text  # the payloads are there, as text
    assert checked > 10


def test_dot_labels_are_quoted_strings(hostile_site: Path) -> None:
    dots = list((hostile_site / "charts").glob("*.dot"))
    assert dots
    for path in dots:
        text = path.read_text("utf-8")
        assert not re.search(r"\b(label|xlabel|tooltip)=<", text), path  # never an HTML-like label
        assert "alert(" in text or path.stem in ("stages",), path
    svgs = "".join(path.read_text("utf-8") for path in (hostile_site / "charts").glob("*.svg"))
    assert "&lt;b&gt;尖括号&lt;/b&gt;" in svgs and "反斜杠\\" in svgs  # brackets and backslashes kept, as text


def _strict(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def test_json_is_strict_and_data_scripts_are_only_data(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*.json"):
        json.loads(path.read_text("utf-8"), parse_constant=_strict)
    scripts = [*(hostile_site / "assets" / "decide").glob("*.js"), *(hostile_site / "assets" / "compare").glob("*.js")]
    assert scripts
    for path in scripts:
        text = path.read_text("utf-8")
        found = re.fullmatch(r"\(self\.(\w+)=self\.\1\|\|\{\}\)\[(\"[a-z0-9_-]+\")\]=(.*);\n", text, re.DOTALL)
        assert found, path
        json.loads(found.group(3), parse_constant=_strict)
        assert not re.search("[<>\u2028\u2029]", text), path  # never </script>, <!-- or a line separator


def test_csv_cells_never_start_a_formula(hostile_site: Path) -> None:
    files = list((hostile_site / "downloads").glob("*.csv"))
    assert files
    cells = 0
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell[:40])
                cells += cell.startswith("'=")
    assert cells > 0  # hostile cells are there, neutralised


PAGES = ["index.html", "glossary.html", "process.html", "onboarding.html", "compare/procurement.html"]
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def test_no_dialog_opens_in_a_browser_without_the_policy(hostile_site: Path, browser: Browser) -> None:
    pages = PAGES + [f"regulations/{p.name}" for p in sorted((hostile_site / "regulations").glob("*.html"))]
    page = browser.new_page()
    dialogs: list[str] = []
    stripped: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def without_policy(route: Any) -> None:
        response = route.fetch()
        body = response.text()
        stripped.append(route.request.url) if _POLICY.search(body) else None
        route.fulfill(response=response, body=_POLICY.sub("", body))

    page.route(re.compile(r".*\.html(\?.*)?$"), without_policy)
    with serve(hostile_site) as url:
        for name in pages:
            page.goto(url + name)
        page.goto(url + "helper.html?regulation=lankao&amount=600&category=hardware_purchase&compare=all")
        page.locator("#decision-result [data-requirement-id]").first.wait_for(timeout=10_000)
        for link in page.locator("a[href^='javascript:' i]").all():
            link.click()
    page.close()
    assert dialogs == []
    assert len(stripped) == len(pages) + 1  # every page was opened with its policy removed
