"""Drafters' tools (issue 19): the Word and Excel exports opened with the libraries a user's program
would use, the pictures checked against the data, the workbench's download and the printouts."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from regkb import compare, drafting, exports, vocab
from regkb.citation import cite, cite_clauses

from .conftest import ROOT, TODAY

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "citations.yml").read_text(encoding="utf-8"))


def test_one_citation_form_in_python_and_js() -> None:
    node = shutil.which("node")
    assert node
    script = (
        "const c=require(process.argv[1]);const cases=JSON.parse(require('fs').readFileSync(0,'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(k=>c.cite(k.title,k.doc_number,k.labels))))"
    )
    run = subprocess.run(
        [node, "-e", script, str(ROOT / "docs" / "javascripts" / "citation.js")],
        input=json.dumps(CASES),
        capture_output=True,
        text=True,
        check=True,
    )
    expected = [case["expected"] for case in CASES]
    assert json.loads(run.stdout) == expected
    assert [cite(c["title"], c["doc_number"], c["labels"]) for c in CASES] == expected


def test_vendored_docx_is_the_installed_package() -> None:
    """The browser's copy is the npm package's own build (same version as package-lock.json)."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    installed = ROOT / "node_modules" / "docx"
    assert (
        json.loads((installed / "package.json").read_text())["version"]
        == lock["packages"]["node_modules/docx"]["version"]
    )
    vendored = ROOT / "docs" / "assets" / "vendor" / "docx" / "docx.iife.js"
    assert vendored.read_bytes() == (installed / "dist" / "index.iife.js").read_bytes()


def test_every_topic_has_one_chapter() -> None:
    placed = [t["id"] for chapter in drafting.outline() for t in chapter["topics"]]
    assert sorted(placed) == sorted(vocab.TOPICS)
    assert [c["name"] for c in drafting.outline()] == [
        "总则",
        "职责",
        "立项",
        "采购",
        "实施",
        "验收",
        "运维",
        "监督",
        "附则",
    ]


def _docx_text(data: bytes) -> tuple[str, str]:
    """The body text (paragraphs and tables) and the text of the footnotes part of a Word file."""
    document = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n" + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/footnotes.xml")
    return body, "\n".join(etree.fromstring(part.blob).itertext())


def test_topic_word_files_hold_every_provision_with_its_citation(site: Path, corpus) -> None:
    for topic in vocab.TOPICS:
        body, notes = _docx_text((site / "downloads" / exports.topic_file(topic)).read_bytes())
        for reg in corpus.regs:
            assert reg.region_name in body
            cell = compare.topic_cell(reg, topic)
            if cell["kind"] != "summary":
                continue
            assert cell["text"] in body, (topic, reg.id)
            assert cite_clauses(reg, [c["clause"] for c in cell["clauses"]]) in notes, (topic, reg.id)
            for unit in compare.regulation_units(reg):
                if topic in unit["topics"]:
                    assert unit["label"] in body and cite_clauses(reg, [unit["clause"]]) in notes, (topic, unit)
                    assert all(line in body for line in compare.unit_lines(unit["paragraphs"])), (topic, unit)
                    assert f"regulations/{reg.id}.html#{unit['clause']}" in notes


def test_matrix_workbook_has_every_cell_and_no_formula(site: Path, corpus) -> None:
    wb = openpyxl.load_workbook(site / "downloads" / exports.MATRIX)
    assert wb.sheetnames == ["主题对比", "金额标准", "时限", "机构职责"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "B2"
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title
        assert all(c.alignment.wrap_text for row in ws.iter_rows() for c in row if c.value is not None)
        assert all(c.font.b for c in ws[1]) and not any(c.font.b for c in ws[2]), ws.title  # bold headers
    topics = wb["主题对比"]
    assert [c.value for c in topics[1]] == ["主题", *(r.region_name for r in corpus.regs)]
    for row, topic in zip(topics.iter_rows(min_row=2), vocab.TOPICS, strict=True):
        assert row[0].value == vocab.TOPICS[topic]
        for c, reg in zip(row[1:], corpus.regs, strict=True):
            cell = compare.topic_cell(reg, topic)
            assert cell["text"] in c.value and cell["label"] in c.value
            if cell["clauses"]:
                assert cite_clauses(reg, [r["clause"] for r in cell["clauses"]]) in c.value
            assert c.hyperlink.target == f"../compare/{topic}.html#{reg.id}"  # relative: no site_url
    amounts = [r[1].value for r in wb["金额标准"].iter_rows(min_row=2)]
    assert amounts == [t["amount"] for t in compare.thresholds(corpus)]


def _csv_rows(path: Path) -> list[list[str]]:
    """A CSV download read as Excel reads it: UTF-8 announced by its byte-order mark, the excel dialect."""
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8), path.name  # without it Excel reads the file as GBK
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), dialect="excel"))


def test_csv_downloads_have_chinese_headers_clause_texts_and_no_formula(site: Path, corpus) -> None:
    for table, columns in compare.CSV_COLUMNS.items():
        rows = _csv_rows(site / "downloads" / f"{table}.csv")
        assert rows[0] == [header for header, _ in columns]
        assert all(re.match(r"[\u4e00-\u9fff]", header) for header in rows[0]), table
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows), table
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), table
    rows = _csv_rows(site / "downloads" / "topics.csv")
    by_cell = {(r["办法代码"], r["主题代码"]): r for r in (dict(zip(rows[0], row, strict=True)) for row in rows[1:])}
    assert len(by_cell) == len(corpus.regs) * len(vocab.TOPICS)
    for reg in corpus.regs:
        for topic, cell in compare.topic_cells(reg).items():
            row = by_cell[(reg.id, topic)]
            assert (row["主题"], row["地区"], row["类型"], row["内容"]) == (
                vocab.TOPICS[topic],
                reg.region_name,
                cell["label"],
                cell["text"],
            )
            cited = [c["clause"] for c in cell["clauses"]]
            assert row["依据条款"] == (cite_clauses(reg, cited) if cited else "")
            for unit in compare.regulation_units(reg):  # every provision on the topic, in full
                if topic in unit["topics"]:
                    assert all(line in row["条款原文"] for line in compare.unit_lines(unit["paragraphs"])), unit
            assert all(reg.clauses[c].text in row["条款原文"] for c in cited), (reg.id, topic)
            assert bool(row["条款原文"]) == (cell["kind"] != "none")


def test_threshold_plot_marks_match_the_data(site: Path, corpus) -> None:
    page = BeautifulSoup((site / "compare" / "index.html").read_text(encoding="utf-8"), "html.parser")
    plot = page.select_one("svg#threshold-plot")
    assert plot.title.string and plot.desc.string
    marks = {
        (a["data-regulation"], a["data-threshold"], float(a["data-amount"]), a["data-comparison"], a["href"])
        for a in plot.select("a.rk-plot-mark")
    }
    assert marks == {
        (t["regulation"], t["id"], t["amount"], t["comparison"], f"../{t['clauses'][0]['url']}")
        for t in compare.thresholds(corpus)
    }
    ticks = [t.string for t in plot.select("g.rk-plot-axis text")]
    assert ticks == ["50万元", "100万元", "200万元", "500万元", "600万元", "1000万元"]
    # the grid is inside a <template> (put in place when scrolled to), where CSS selectors do not look
    grid = page.find("svg", id="coverage-grid")
    cells = {(a["data-topic"], a["data-regulation"]): a for a in grid.select("a.rk-grid-cell")}
    for reg in corpus.regs:
        for topic, cell in compare.topic_cells(reg).items():
            a = cells[(topic, reg.id)]
            assert a["data-state"] == cell["kind"] and a["href"] == f"../compare/{topic}.html#{reg.id}"
            assert a.find("text").string.startswith(("●", "○", "—"))  # a symbol, not colour alone


def test_workbench_download_holds_the_choices(browser, server: str, corpus) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(server + "compare/draft.html#adopt=supervision.luan:a16,approval.dongyuan:a11&own=purpose")
    assert page.is_checked('input[value="supervision.luan:a16"]')
    page.check('input[value="acceptance.xiuwu:a20"]')  # a choice made on the page goes into the address
    assert "acceptance.xiuwu:a20" in page.url
    with page.expect_download() as info:
        page.click("#wb-download")
    data = Path(info.value.path()).read_bytes()
    body, notes = _docx_text(data)
    page.close()
    for reg_id, clause in (("luan", "a16"), ("dongyuan", "a11"), ("xiuwu", "a20")):
        reg = corpus.get(reg_id)
        unit = next(u for u in compare.regulation_units(reg) if u["clause"] == clause)
        assert all(line in body for line in compare.unit_lines(unit["paragraphs"]))
        assert cite_clauses(reg, [clause]) in notes and f"regulations/{reg_id}.html#{clause}" in notes
        assert cite_clauses(reg, [clause]) in body  # the closing table of sources
    assert "【待拟：制定目的与依据——本主题由起草单位自拟】" in body
    assert "【待拟：适用范围——尚未选定参照条款】" in body
    headings = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "Heading 2"]
    assert headings == [c["name"] for c in drafting.outline()] + ["参照条款来源"]


@pytest.mark.parametrize("path", ["compare/approval.html", "compare/index.html"])
def test_printed_comparison_has_every_region(browser, server: str, corpus, path: str) -> None:
    page = browser.new_page()
    page.goto(server + path)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert width > height  # A4 landscape, the named page `wide`
    # PDF text comes back with Kangxi radicals for some ideographs (⽬ for 目) and breaks where lines wrap
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages)))
    for reg in corpus.regs:
        assert reg.region_name in text, (path, reg.region_name)
    if path == "compare/index.html":  # the matrix: the last region's cell on the last topic is printed
        last = corpus.regs[-1]
        assert unicodedata.normalize("NFKC", compare.topic_cell(last, "supplementary")["text"][:12]) in text


def test_province_workbooks_shared_between_processes_come_back_in_order(monkeypatch) -> None:
    """The large layout's workbooks are made in this process and forked ones at once: each job's bytes
    in the order asked, and a job failing in the forked process fails the build, naming the error."""
    monkeypatch.setattr(exports.os, "cpu_count", lambda: 2)
    jobs = [lambda i=i: f"workbook {i}".encode() * 100_000 for i in range(5)]  # more than a pipe's buffer
    assert exports._on_every_core(jobs, [5, 1, 4, 2, 3]) == [job() for job in jobs]

    def broken() -> bytes:
        raise ValueError("no clause 第九十九条")

    with pytest.raises(RuntimeError, match="第九十九条"):  # the lighter job, in the forked process
        exports._on_every_core([jobs[0], broken], [2, 1])


def test_exports_fixed_for_a_date(corpus) -> None:
    on = dt.date.fromisoformat(TODAY)
    assert exports.matrix_workbook(corpus, on, "https://example.org/kb/") == exports.matrix_workbook(
        corpus, on, "https://example.org/kb/"
    )
    wb = openpyxl.load_workbook(io.BytesIO(exports.matrix_workbook(corpus, on, "https://example.org/kb/")))
    assert wb["主题对比"]["B2"].hyperlink.target.startswith("https://example.org/kb/compare/")


def test_regulation_word_file_is_made_in_the_browser_on_demand(browser, server: str, corpus) -> None:
    reg = corpus.get("dongyuan")
    page = browser.new_page(accept_downloads=True)
    page.goto(server + "regulations/dongyuan.html")
    assert page.evaluate("typeof window.docx") == "undefined"  # the docx package loads only when asked
    with page.expect_download() as info:
        page.click("button.rk-regulation-docx")
    body, notes = _docx_text(Path(info.value.path()).read_bytes())
    page.close()
    assert body.startswith(f"状态：{reg.currency(dt.date.fromisoformat(TODAY)).label}")
    for unit in reg.units():
        for p in unit.paragraphs:
            assert p.text in body, p.id
    for r in reg.data.repairs:
        assert r.reason in notes and r.repaired in notes


def test_a_missing_docx_package_is_one_line_saying_what_to_run(tmp_path: Path, monkeypatch) -> None:
    """Without node_modules (npm ci not run) the build stopped with node's stack inside a traceback; it
    now stops with one line naming the package and the command (the plugin reports it as a build error)."""
    import datetime as dt

    from regkb import exports

    script = tmp_path / "topic-docx.cjs"  # a folder with no node_modules beside it
    script.write_text("require('docx');\n", encoding="utf-8")
    monkeypatch.setattr(exports, "NODE_SCRIPT", script)
    with pytest.raises(exports.ToolError) as caught:
        exports.word_files({"x.docx": {}}, dt.date(2026, 11, 30))
    message = str(caught.value)
    assert "docx" in message and "scripts/bootstrap.sh" in message
    assert "\n" not in message and "at Module" not in message
