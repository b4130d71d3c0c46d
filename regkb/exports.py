"""The comparison as files officials open in Word and Excel, made with well-kept libraries.

- ``downloads/topic-<topic>.docx``: per topic, each regulation's cell and full provision texts with
  their 条/款 labels, the regulation's title and 文号, and a footnote citing and linking each clause.
  Written by the npm ``docx`` package under Node (scripts/topic-docx.cjs; python-docx has no
  footnotes or hyperlinks), all topics in one Node run.
- ``downloads/comparison.xlsx``: the matrix, a sheet per view (topics, thresholds, deadlines,
  agencies/roles), written with openpyxl; every cell through :func:`encode.cell`, every link
  through :func:`encode.href`.
- In the large layout (by province, no topic pages) the matrix per province,
  ``downloads/province-<code>.xlsx``. The Word file of a province's (or the picker's chosen) regulations
  is made in the browser from their comparison bundles (docs/javascripts/compare-docx.js): at 3,000
  regulations the npm docx package under Node needed about 0.07 s of CPU per regulation, several times
  the whole build's budget, for files few readers open.

Links are absolute when the site has a URL (``site_url`` in mkdocs.yml), else relative to the
downloads folder the files are published in.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import multiprocessing
import os
import subprocess
import traceback
import zipfile
from collections.abc import Callable
from copy import copy
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import tostring

from . import compare, encode, layout, urls, vocab
from .cache import Cache
from .citation import cite, cite_clauses
from .corpus import Corpus
from .digest import code_version, digest
from .model import Reg

ROOT = Path(__file__).resolve().parent.parent
NODE_SCRIPT = ROOT / "scripts" / "topic-docx.cjs"
# what the Word files are written by, besides this package: part of the cache key
WRITERS = (
    NODE_SCRIPT,
    ROOT / "docs" / "javascripts" / "docx-documents.js",
    ROOT / "docs" / "javascripts" / "citation.js",
)
DOWNLOADS = "downloads"
MATRIX = "comparison.xlsx"


def topic_file(topic: str) -> str:
    return f"topic-{topic}.docx"


def link(url: str, base: str) -> str | None:
    """A site path (``regulations/luan.html#a1``) as the exports link it: under the site URL, or
    relative to the downloads folder."""
    return encode.href(base + url)


def base_url(site_url: str | None) -> str:
    return site_url.rstrip("/") + "/" if site_url else "../"


# a unit's lines of text as the Word files and the workbench (render.py) quote them
paragraphs = compare.unit_lines


def cell_citation(reg: Reg, cell: dict[str, Any]) -> str:
    """The citation of a cell's clauses; empty for 未规定 (which cites none)."""
    ids = [ref["clause"] for ref in cell["clauses"]]
    return cite_clauses(reg, ids) if ids else ""


def topic_document(corpus: Corpus, topic: str, on: dt.date, base: str) -> dict[str, Any]:
    """What the Word file of one topic holds (docs/javascripts/docx-documents.js topicDocument)."""
    regulations = []
    for reg in corpus.regs:
        cell = compare.topic_cell(reg, topic, on, corpus.cues)
        first = cell["clauses"][0]["url"] if cell["clauses"] else urls.page_url(reg.id)
        units = [
            {
                "label": unit["label"],
                "heading": unit["heading"],
                "paragraphs": compare.unit_lines(unit["paragraphs"]),
                "citation": cite_clauses(reg, [unit["clause"]]),
                "url": link(unit["url"], base),
            }
            for unit in compare.regulation_units(reg)
            if topic in unit["topics"]
        ]
        regulations.append(
            {
                "region_name": reg.region_name,
                "title": reg.meta.title,
                "doc_number": reg.meta.doc_number,
                "status": reg.currency(on).label,
                "cell": {
                    "label": cell["label"],
                    "text": cell["text"],
                    "citation": cell_citation(reg, cell),
                    "url": link(first, base),
                },
                "status_notes": [f"{m['label']}：{m['summary']}" for m in cell["status"]],
                "units": units,
            }
        )
    return {
        "title": f"各地对比：{vocab.TOPICS[topic]}",
        "note": f"政务信息化项目法规知识库，截至{on.isoformat()}。{NOTE}",
        "regulations": regulations,
    }


def topic_documents(corpus: Corpus, on: dt.date, base: str) -> dict[str, bytes]:
    """Every topic's Word file, made by one Node run of scripts/topic-docx.cjs."""
    return word_files({topic_file(t): topic_document(corpus, t, on, base) for t in vocab.TOPICS}, on)


class ToolError(RuntimeError):
    """A tool the build runs outside Python (node with the npm docx package) is missing or failed; the
    message says what to run. The plugin reports it as a build error, without a traceback."""


def word_files(wanted: dict[str, dict[str, Any]], on: dt.date) -> dict[str, bytes]:
    """File name → Word file for each document's data, written by one Node run of scripts/topic-docx.cjs."""
    if not wanted:
        return {}
    try:
        run = subprocess.run(
            ["node", str(NODE_SCRIPT)],
            input=encode.json_text(wanted),
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env={"PATH": _path(), "REGKB_BUILD_TIME": f"{on.isoformat()}T00:00:00Z"},
            timeout=600,
        )
    except FileNotFoundError as exc:
        raise ToolError("node is needed to write the comparison's Word files: run scripts/bootstrap.sh") from exc
    if run.returncode != 0 and "Cannot find module 'docx'" in run.stderr:
        raise ToolError(f"{NODE_SCRIPT.name} needs the npm package docx, not installed: run scripts/bootstrap.sh")
    if run.returncode != 0:
        raise ToolError(f"{NODE_SCRIPT.name} failed: {run.stderr.strip()[-2000:]}")
    return {name: base64.b64decode(data) for name, data in json.loads(run.stdout).items()}


def _path() -> str:
    return os.environ.get("PATH", "/usr/bin:/bin")


# --------------------------------------------------------------------------- the matrix workbook

WIDE, NARROW = 48, 14
NOTE = "编者摘要仅为概括，以所引条款原文为准；脚注为条款出处及链接。"


class _Sheet:
    """A sheet written row by row (openpyxl's write-only mode: no cell objects kept, the XML streamed
    as rows come). Every cell wrapped and top-aligned, the header row bold. The style is set on one
    cell of each kind and copied to the others (openpyxl's way to copy a style): setting a style object
    on each cell looks it up afresh. Against openpyxl's default mode (every cell kept, styled after,
    the last row looked up per link) about a fifth less CPU per regulation; the sheets' XML is the same
    but for the optional ``<dimension>`` element, which write-only mode leaves out."""

    def __init__(self, wb: Workbook, title: str, headers: list[str], widths: list[int]) -> None:
        self.ws = wb.create_sheet(title)
        for i, width in enumerate(widths, start=1):  # before the first row: written at the top
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "B2"  # header row and first column stay in view
        self.styles: dict[bool, Any] = {}
        for header in (True, False):
            model = WriteOnlyCell(self.ws)
            model.alignment = Alignment(wrap_text=True, vertical="top")
            if header:
                model.font = Font(bold=True)
            self.styles[header] = model._style
        self._append(headers, None, header=True)

    def row(self, values: list[Any], links: dict[int, str | None] | None = None) -> None:
        self._append(values, links, header=False)

    def _append(self, values: list[Any], links: dict[int, str | None] | None, header: bool) -> None:
        style = self.styles[header]
        cells = []
        for col, value in enumerate(values, start=1):
            c = WriteOnlyCell(self.ws, encode.cell(value))
            c._style = copy(style)
            url = links.get(col) if links else None
            if url:
                c.hyperlink = url
            cells.append(c)
        self.ws.append(cells)


def _refs(reg: Reg, refs: list[dict[str, str]]) -> str:
    return cite_clauses(reg, [r["clause"] for r in refs]) if refs else ""


def _status(marks: list[dict[str, str]]) -> str:
    return "；".join(f"{m['label']}：{m['summary']}" for m in marks)


def matrix_workbook(corpus: Corpus, on: dt.date, base: str, province: str | None = None) -> bytes:
    """The comparison matrix as one workbook, a sheet per view, Chinese headers. With ``province``
    (large layout, no topic pages) a topic links to its row on the province's comparison page and a
    cell to the regulation's texts on the topic, side by side on the comparison page."""
    if province is None:
        row_href = lambda topic: urls.topic_url(False, topic)  # noqa: E731
        cell_href = lambda topic, reg_id: urls.topic_url(False, topic, reg_id)  # noqa: E731
    else:
        row_href = lambda topic: f"{urls.province_compare_url(province)}#topic-{topic}"  # noqa: E731
        cell_href = lambda topic, reg_id: urls.topic_url(True, topic, regulation=reg_id)  # noqa: E731
    wb = Workbook(write_only=True)
    regs = corpus.regs
    names = [r.region_name for r in regs]

    ws = _Sheet(wb, "主题对比", ["主题", *names], [16] + [WIDE] * len(regs))
    for row in compare.topic_matrix(corpus, on):
        values: list[Any] = [row["label"]]
        links: dict[int, str | None] = {1: link(row_href(row["topic"]), base)}
        for col, reg in enumerate(regs, start=2):
            cell = row["cells"][reg.id]
            text = f"【{cell['label']}】{cell['text']}"
            cited = cell_citation(reg, cell)
            if cited:
                text += f"\n依据：{cited}"
            if cell["status"]:
                text += f"\n状态：{_status(cell['status'])}"
            values.append(text)
            links[col] = link(cell_href(row["topic"], reg.id), base)
        ws.row(values, links)

    ws = _Sheet(
        wb,
        "金额标准",
        ["地区", "金额（万元）", "比较", "原文表述", "适用对象", "触发事项", "依据条款", "状态提示"],
        [NARROW, 12, 8, 36, 20, 36, WIDE, 36],
    )
    for t in compare.thresholds(corpus, on):
        reg = corpus.get(t["regulation"])
        cited = _refs(reg, t["clauses"])
        ws.row(
            [
                t["region_name"],
                t["amount"],
                t["comparison"],
                t["wording"],
                t["subject"],
                t["triggers"],
                cited,
                _status(t["status"]),
            ],
            {7: link(t["clauses"][0]["url"], base) if t["clauses"] else None},
        )

    ws = _Sheet(
        wb,
        "时限",
        ["地区", "时限", "类型", "事项", "责任主体", "依据条款", "状态提示"],
        [NARROW, 20, 14, 40, 20, WIDE, 36],
    )
    for d in compare.deadlines(corpus, on):
        reg = corpus.get(d["regulation"])
        ws.row(
            [
                d["region_name"],
                d["wording"],
                d["kind"],
                d["what"],
                d["actor"],
                _refs(reg, d["clauses"]),
                _status(d["status"]),
            ],
            {6: link(d["clauses"][0]["url"], base) if d["clauses"] else None},
        )

    ws = _Sheet(wb, "机构职责", ["职责", *names], [16] + [WIDE] * len(regs))
    for row in compare.roles(corpus, on):
        values = [row["label"]]
        for reg in regs:
            entries = row["cells"].get(reg.id, [])
            values.append(
                "\n".join(f"{e['agency']}：{e['duty']}（{_refs(reg, e['clauses'])}）" for e in entries) or "未规定"
            )
        ws.row(values)

    when = dt.datetime.combine(on, dt.time())
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = "政务信息化项目法规知识库"
    out = io.BytesIO()
    # openpyxl's writer into an uncompressed archive: _pinned_zip compresses each entry once
    ExcelWriter(wb, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED)).save()
    return _pinned_zip(out.getvalue(), on, {"docProps/core.xml": tostring(wb.properties.to_tree())})


def _pinned_zip(data: bytes, on: dt.date, replaced: dict[str, bytes]) -> bytes:
    """The same archive with every entry dated ``on`` and the ``replaced`` entries' new content:
    the same data gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(on.year, on.month, on.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, replaced.get(info.filename) or src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- the build's files


def province_xlsx(code: str) -> str:
    return f"province-{code}.xlsx"


def _writers() -> tuple[str, ...]:
    return (code_version(), *(p.read_text() for p in WRITERS))


def _from_cache(cache: Cache, folder: str) -> dict[str, bytes] | None:
    """The exports kept under ``exports/<folder>``, or None if any is missing or damaged."""
    listing = cache.read("exports", f"{folder}/files.json")
    if listing is None:
        return None
    found = {path: cache.read("exports", f"{folder}/{name}") for path, name in json.loads(listing).items()}
    return found if all(v is not None for v in found.values()) else None  # type: ignore[return-value]


def _to_cache(cache: Cache, folder: str, made: dict[str, bytes]) -> None:
    if cache.folder is None:
        return
    names = {path: path.replace("/", "__") for path in made}
    for path, data in made.items():
        cache.keep(cache.folder / "exports" / folder / names[path], data)
    cache.keep(cache.folder / "exports" / folder / "files.json", json.dumps(names))  # last: marks it complete


def files(corpus: Corpus, on: dt.date, site_url: str | None, cache: Cache, *, large: bool) -> dict[str, bytes]:
    """Site path → bytes of every export, for the build's layout (``large``): a Word file per topic and
    the matrix workbook over every regulation, or in the large layout a workbook per province. Kept in
    the build's ``cache`` per data, code, date and site URL; in the large layout per province, so that an
    edit makes its own province's workbook again."""
    if large:
        return province_files(corpus, on, site_url, cache)
    base = base_url(site_url)
    folder = digest(*_writers(), corpus.digest, on.isoformat(), base)
    made = _from_cache(cache, folder)
    if made is None:
        made = {f"{DOWNLOADS}/{name}": data for name, data in topic_documents(corpus, on, base).items()}
        made[f"{DOWNLOADS}/{MATRIX}"] = matrix_workbook(corpus, on, base)
        _to_cache(cache, folder, made)
    return made


def province_files(corpus: Corpus, on: dt.date, site_url: str | None, cache: Cache) -> dict[str, bytes]:
    """Site path → bytes of each province's matrix workbook (large layout). Those not in the cache are
    made on every core at once (see :func:`_on_every_core`)."""
    base = base_url(site_url)
    writers = _writers()
    found: dict[str, dict[str, bytes]] = {}
    todo: list[tuple[str, layout.Province]] = []
    for p in layout.provinces(corpus):
        key = digest(*writers, p.code, p.name, *(r.digest for r in p.regs), on.isoformat(), base)
        folder = f"province/{key}"
        made = _from_cache(cache, folder)
        if made is None:
            todo.append((folder, p))
        else:
            found[p.code] = made

    def workbook(p: layout.Province) -> Callable[[], bytes]:
        return lambda: matrix_workbook(layout.subset(corpus, p.regs), on, base, p.code)

    workbooks = _on_every_core([workbook(p) for _, p in todo], [len(p.regs) for _, p in todo])
    for (folder, p), data in zip(todo, workbooks, strict=True):
        found[p.code] = {f"{DOWNLOADS}/{province_xlsx(p.code)}": data}
        _to_cache(cache, folder, found[p.code])
    return {path: data for p in layout.provinces(corpus) for path, data in found[p.code].items()}


def _on_every_core(jobs: list[Callable[[], bytes]], weights: list[int]) -> list[bytes]:
    """Each job's bytes, the jobs shared by weight between this process and one forked process per
    further core, all at once. The workbooks of a cold build at 3,000 regulations take tens of seconds
    of CPU; a forked process inherits the corpus, which a pool would pickle at about the cost of the
    workbooks themselves."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one after the other here
        return [job() for job in jobs]
    shares: list[list[int]] = [[] for _ in range(min(os.cpu_count() or 1, len(jobs)))]
    if len(shares) < 2:
        return [job() for job in jobs]
    loads = [0] * len(shares)
    for i in sorted(range(len(jobs)), key=lambda i: -weights[i]):
        least = loads.index(min(loads))
        shares[least].append(i)
        loads[least] += weights[i]
    results: list[bytes] = [b""] * len(jobs)
    children = []
    try:
        for share in shares[1:]:
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_made_in_child, args=(send, [jobs[i] for i in share]), daemon=True)
            child.start()
            send.close()
            children.append((child, receive, share))
        for i in shares[0]:
            results[i] = jobs[i]()
        for child, receive, share in children:
            try:
                ok, made = receive.recv()
            except EOFError:
                ok, made = False, "it ended without an answer"
            receive.close()
            child.join()
            if not ok:
                raise RuntimeError(f"making the province workbooks in a second process failed: {made}")
            for i, data in zip(share, made, strict=True):
                results[i] = data
    finally:
        for child, _, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()
    return results


def _made_in_child(send: Connection, jobs: list[Callable[[], bytes]]) -> None:
    try:
        send.send((True, [job() for job in jobs]))
    except Exception:
        send.send((False, traceback.format_exc()))
    finally:
        send.close()


# --------------------------------------------------------------------------- the regulation, for the browser

SOURCE_NOTE = "政务信息化项目法规知识库据原文整理；"
REPAIRS_NOTE = "校勘记（原文受损处的修复）见脚注。"
_HEADING_LEVEL = {"chapter": 2, "section": 3, "part": 2, "division": 3}


def regulation_text(reg: Reg) -> dict[str, Any]:
    """One regulation as its Word file holds it (docx-documents.js regulationDocument, built in the
    browser on demand): the text as published, in order, each 校勘记 a footnote on the block it
    repaired. The status as of the build date comes from the page (the button's data attributes), so
    this script is made once per text, not once per build date."""
    repairs: dict[str, list[str]] = {}
    for r in reg.data.repairs:
        original = r.original.replace("\n", "↵")  # the line breaks the repair removed, shown
        repairs.setdefault(r.clause, []).append(f"校勘记：原文“{original}”，本文作“{r.repaired}”。{r.reason}")
    blocks: list[dict[str, Any]] = []

    def block(ident: str, text: str, indent: int = 0) -> None:
        blocks.append({"text": text, "indent": indent, "repairs": repairs.get(ident, [])})

    def items(entries: list[Any], depth: int) -> None:
        for item in entries:
            block(item.id, f"{item.label}{item.heading or ''}{item.text}", depth)
            items(item.items, depth + 1)

    def node(n: Any) -> None:
        head = f"{n.label}　{n.heading}" if n.heading else n.label
        if n.kind in _HEADING_LEVEL and not n.paragraphs:
            blocks.append({"text": head, "heading": _HEADING_LEVEL[n.kind]})
        for i, p in enumerate(n.paragraphs):
            block(p.id, f"{head}　{p.text}" if i == 0 else p.text)
            items(p.items, 1)
        if not n.paragraphs and n.kind not in _HEADING_LEVEL:
            block(n.id, head)
        for child in n.children:
            node(child)

    data = reg.data
    for b in data.front:
        block(b.id, b.text)
    blocks.append({"text": data.title.text, "heading": 1})
    for b in data.preamble:
        block(b.id, b.text)
    for n in data.body:
        node(n)
    for b in data.back:
        block(b.id, b.text)
    for att in data.attachments:
        blocks.append({"text": f"{att.label or f'附件{att.number}'}　{att.title}", "heading": 2})
        for part in att.blocks:
            if hasattr(part, "rows"):
                for row in part.rows:
                    block(part.id, "　".join(row))
            else:
                block(part.id, part.text)
    for b in data.trailer:
        block(b.id, b.text)
    return {
        "title": reg.meta.title,
        "doc_number": reg.meta.doc_number,
        "source_note": f"{SOURCE_NOTE}{cite(reg.meta.title, reg.meta.doc_number)}。{REPAIRS_NOTE}",
        "blocks": blocks,
    }
