"""A regulation id is never called a region (issue #16).

A regulation's id (``dongyuan``, its file ``data/regulations/dongyuan.yml``) is named ``regulation``
wherever the site writes it: the helper's facts and answers, the rule and comparison bundles, the
download tables (column 办法代码), HTML attributes, form fields and link parameters. ``region`` names a
place: a region's name (东源县) or its 省/市/县 path. These tests read what a build wrote, whatever
the code calls it, and report every key, attribute, parameter or column named after a region that
holds regulation ids.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from openpyxl import load_workbook

from regkb import compare, exports, render
from regkb.corpus import Corpus
from regkb.decide import bundle, evaluate, parse_facts

# the data scripts a page loads: (self.RegkbBundles=self.RegkbBundles||{})["dongyuan"]={...};
_DATA_SCRIPT = re.compile(r'^\(self\.(\w+)=self\.\1\|\|\{\}\)\[("[^"]*")\]=(.*?);?\s*$', re.S)
_SEARCH_SCRIPT = re.compile(r'^regkbSearch\.load\(("[^"]*"),(.*)\);?\s*$', re.S)
ID_COLUMN = "办法代码"  # the download tables' header of a column of regulation ids


def holds_ids(value: Any, ids: set[str]) -> bool:
    """Whether ``value`` is a regulation id, a comma-separated list of them or a list of them."""
    if isinstance(value, str):
        parts = [p for p in value.split(",") if p]
        return bool(parts) and all(p in ids for p in parts)
    if isinstance(value, list) and value:
        return all(isinstance(v, str) and v in ids for v in value)
    return False


def _region_named(name: str) -> bool:
    return "region" in name.lower() or "地区" in name


def misnamed_keys(data: Any, ids: set[str], where: str) -> Iterator[str]:
    """Every key of a JSON value named after a region that holds regulation ids."""
    if isinstance(data, dict):
        for key, value in data.items():
            if _region_named(str(key)) and holds_ids(value, ids):
                yield f"{where}: key {key!r} holds {value!r}"
            yield from misnamed_keys(value, ids, f"{where}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from misnamed_keys(value, ids, f"{where}[{i}]")


def _link_params(href: str, ids: set[str], where: str) -> Iterator[str]:
    for key, value in parse_qsl(urlsplit(href).query, keep_blank_values=True):
        if _region_named(key) and holds_ids(value, ids):
            yield f"{where}: link parameter {key}={value} in {href}"


def _markup(path: Path, rel: str, ids: set[str]) -> Iterator[str]:
    with warnings.catch_warnings():  # an SVG file: its attributes are all this reads, as HTML's are
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if _region_named(name) and holds_ids(text, ids):
                yield f"{rel}: <{tag.name} {name}={text!r}>"
            if name in ("href", "src", "action"):
                yield from _link_params(text, ids, rel)
        field = tag.get("name")
        if tag.name in ("select", "input") and field and _region_named(field):
            values = (
                [o.get("value", "") for o in tag.find_all("option")] if tag.name == "select" else [tag.get("value")]
            )
            if holds_ids([v for v in values if v], ids):
                yield f"{rel}: form field {field!r} takes regulation ids"


def _script(path: Path, rel: str, ids: set[str]) -> Iterator[str]:
    text = path.read_text(encoding="utf-8")
    found = _DATA_SCRIPT.match(text) or _SEARCH_SCRIPT.match(text)
    if found:
        yield from misnamed_keys(json.loads(found.groups()[-1]), ids, rel)


def _table(path: Path, rel: str, ids: set[str]) -> Iterator[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for col, header in enumerate(rows[0]):
        values = [row[col] for row in rows[1:]]
        if values and all(v in ids for v in values) and header != ID_COLUMN:
            yield f"{rel}: column {header!r} holds regulation ids (header {ID_COLUMN})"


def _workbook(path: Path, rel: str, ids: set[str]) -> Iterator[str]:
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is not None and cell.hyperlink.target:
                    yield from _link_params(cell.hyperlink.target, ids, f"{rel}!{ws.title}{cell.coordinate}")


def misnamed(site: Path, ids: set[str]) -> list[str]:
    """Everything a built site calls a region that holds regulation ids."""
    readers = {".html": _markup, ".svg": _markup, ".js": _script, ".csv": _table, ".xlsx": _workbook}
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/vendor/", "javascripts/", "assets/javascripts/", "assets/stylesheets/")):
            continue  # code and third-party files, not what the build wrote from data
        if path.suffix == ".json":
            found += misnamed_keys(json.loads(path.read_text(encoding="utf-8")), ids, rel)
        elif path.suffix in readers:
            found += readers[path.suffix](path, rel, ids)
    return found


def test_the_checker_sees_a_regulation_id_called_a_region(tmp_path: Path) -> None:
    """The checks below find what they are for (so that their passing means something)."""
    ids = {"dongyuan", "luan"}
    (tmp_path / "a.html").write_text(
        '<tr data-region="luan"></tr><a href="helper.html?region=dongyuan&amount=6"></a>'
        '<select name="region"><option value="luan"></option></select><p data-region-name="六安市"></p>',
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(json.dumps([{"region": "luan", "region_name": "六安市"}]), encoding="utf-8")
    (tmp_path / "c.js").write_text('(self.X=self.X||{})["luan"]={"regions":["luan","dongyuan"]};', encoding="utf-8")
    (tmp_path / "d.csv").write_text("地区,地区代码\n六安市,luan\n", encoding="utf-8-sig")
    found = misnamed(tmp_path, ids)
    assert len(found) == 6, found
    assert not [f for f in found if "六安市" in f]  # a region's name is a region


def test_facts_and_the_answer_name_the_regulation(corpus: Corpus) -> None:
    ids = {reg.id for reg in corpus.regs}
    facts = parse_facts("dongyuan", 600, "hardware_purchase", regulations=sorted(ids))
    assert [f.name for f in fields(facts) if getattr(facts, f.name) == "dongyuan"] == ["regulation"]
    answer = evaluate(bundle(corpus.get("dongyuan")), facts)
    assert answer["regulation"] == "dongyuan" and answer["inputs"]["regulation"] == "dongyuan"
    assert list(misnamed_keys(answer, ids, "answer")) == []


def test_no_bundle_calls_a_regulation_id_a_region(corpus: Corpus) -> None:
    """The helper's rule bundles, the large layout's comparison bundles and the Word files' data (made
    here for every regulation, whatever the layout of the test site)."""
    ids = {reg.id for reg in corpus.regs}
    templates = render.Templates()
    for reg in corpus.regs:
        assert bundle(reg)["regulation"] == reg.id
        assert list(misnamed_keys(bundle(reg), ids, f"decide/{reg.id}")) == []
        pieces = render.comparison_bundle(reg, templates)
        assert list(misnamed_keys(pieces, ids, f"compare/{reg.id}")) == []
        assert f'data-regulation="{reg.id}"' in pieces["head"] and "data-region=" not in json.dumps(pieces)
    for table in (compare.thresholds(corpus), compare.deadlines(corpus)):
        assert {row["regulation"] for row in table} <= ids
        assert list(misnamed_keys(table, ids, "rows")) == []
    document = exports.topic_document(corpus, "approval", render.today(), "")
    assert len(document["regulations"]) == len(corpus.regs)
    assert list(misnamed_keys(document, ids, "topic-approval")) == []


def test_the_built_site_never_calls_a_regulation_id_a_region(site: Path, corpus: Corpus) -> None:
    """Every file the build wrote from the data: pages, charts, bundles, downloads (JSON, CSV, Excel)."""
    assert misnamed(site, {reg.id for reg in corpus.regs}) == []
    with (site / "downloads" / "thresholds.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {row[ID_COLUMN] for row in rows} == {reg.id for reg in corpus.regs if reg.data.thresholds}
