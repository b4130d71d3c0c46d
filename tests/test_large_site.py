"""The site above the inline limit, as a national corpus would get it: built for real, checked as HTML
and in Debian's Chromium.

The large layout is forced with REGKB_INLINE_LIMIT=3 over seventeen regulations (the five real ones
plus twelve synthetic ones in other provinces), so the build takes seconds.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from regkb import compare, layout, vocab
from regkb.corpus import Corpus, load_corpus
from regkb.synth import synthesize

from .conftest import ROOT, build_site
from .test_browser import shot
from .test_names import misnamed

EVIL = "<img src=x onerror=alert(1)>"


def _copy_real_with_markup_in_a_clause(data: Path) -> None:
    """The five real regulations, lankao's 第十七条 (in its source too, so fidelity holds) and short title
    carrying markup."""
    for yml in (ROOT / "data" / "regulations").glob("*.yml"):
        shutil.copy(yml, data / "regulations" / yml.name)
    for txt in (ROOT / "data" / "sources").glob("*.txt"):
        shutil.copy(txt, data / "sources" / txt.name)
    source = data / "sources" / "lankao.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace("本办法自发布之日起施行。", "本办法自发布之日起施行。" + EVIL),
        encoding="utf-8",
    )
    extract = data / "regulations" / "lankao.yml"
    extract.write_text(
        extract.read_text(encoding="utf-8")
        .replace("text: 本办法自发布之日起施行。\n", f"text: {json.dumps('本办法自发布之日起施行。' + EVIL)}\n")
        .replace("short_title: 兰考办法\n", f"short_title: {json.dumps('兰考办法' + EVIL)}\n"),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    work = tmp_path_factory.mktemp("large")
    synthesize(load_corpus(ROOT / "data"), 12, work, ROOT / "data")
    _copy_real_with_markup_in_a_clause(work / "data")
    out = work / "site"
    result = build_site(out, work / "data", env={layout.LIMIT_ENV: "3"})
    assert result.returncode == 0, result.stdout + result.stderr
    (out / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out, load_corpus(work / "data")


@pytest.fixture(scope="module")
def site(large: tuple[Path, Corpus]) -> Path:
    return large[0]


@pytest.fixture(scope="module")
def corpus(large: tuple[Path, Corpus]) -> Corpus:
    return large[1]


@pytest.fixture(scope="module")
def provinces(corpus: Corpus) -> list[layout.Province]:
    return layout.provinces(corpus)


_pages: dict[Path, BeautifulSoup] = {}
_ids: dict[Path, set[str]] = {}


def soup(path: Path) -> BeautifulSoup:
    if path not in _pages:
        _pages[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return _pages[path]


def ids(path: Path) -> set[str]:
    """The ids of a page's elements, collected once (a search of the whole tree per link was most of
    the suite's time)."""
    if path not in _ids:
        _ids[path] = {tag["id"] for tag in soup(path).find_all(id=True)}
    return _ids[path]


def resolves(page: Path, href: str) -> bool:
    """Whether a relative link from ``page`` lands on an existing file (and anchor, for HTML)."""
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if not target.is_file():
        return False
    return not parts.fragment or target.suffix != ".html" or unquote(parts.fragment) in ids(target)


def test_build_is_strict_and_warning_free(site: Path, corpus: Corpus) -> None:
    assert len(corpus.regs) == 17
    log = (site / "build.log").read_text(encoding="utf-8")
    assert "WARNING" not in log and "ERROR" not in log, log


def test_no_topic_pages_and_every_internal_link_resolves(site: Path) -> None:
    assert not [t for t in vocab.TOPICS if (site / "compare" / f"{t}.html").exists()]
    topic_page = re.compile(r"(^|/)compare/(" + "|".join(vocab.TOPICS) + r")\.html")
    broken = []
    for page in sorted(set(site.rglob("*.html")) - {site / "404.html"}):  # 404.html links from the server root
        for a in soup(page).select("a[href]"):
            href = a["href"]
            if re.match(r"^[a-z]+:", href):
                continue
            if topic_page.search(urlsplit(href).path) or not resolves(page, href):
                broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_nav_groups_regulations_by_province_and_is_pruned(site: Path, provinces: list[layout.Province]) -> None:
    own = next(p for p in provinces if p.code == "41")
    nav = soup(site / "regulations" / "lankao.html").select_one("nav.md-nav--primary")
    text = nav.get_text(" ", strip=True)
    assert all(p.name in text for p in provinces)
    to_regulations = [a["href"] for a in nav.select("a[href]") if re.fullmatch(r"(?!index\.)[\w-]+\.html", a["href"])]
    # every regulation of the page's own province, and for each other province only a link to its first page
    assert sorted(to_regulations) == sorted(
        {f"{r.id}.html" for r in own.regs} | {f"{p.regs[0].id}.html" for p in provinces if p is not own}
    )
    assert "兰考" in nav.select_one(".md-nav__link--active").get_text()
    pruned = {a["href"] for a in nav.select(".md-nav__item--pruned > a")}
    assert {f"{p.regs[0].id}.html" for p in provinces if p is not own} <= pruned
    elsewhere = soup(site / "glossary.html").select_one("nav.md-nav--primary")
    assert len([a for a in elsewhere.select("a[href]") if a["href"].startswith("regulations/")]) <= 1


def test_province_pages_compare_their_regions_with_clause_links(site: Path, provinces: list[layout.Province]) -> None:
    for province in provinces:
        path = site / "compare" / "province" / f"{province.code}.html"
        page = soup(path)
        assert [h.get_text() for h in page.select("article h1")] == [f"对比：{province.name}"], province.code
        heads = [th.get_text() for th in page.select("#topic-matrix thead th")][1:]
        assert heads == [r.region_name for r in province.regs], province.code
        cites = [a["href"] for a in page.select("#topic-matrix a.rk-cite, #threshold-table a.rk-cite")]
        assert cites and all(resolves(path, href) for href in cites), province.code
        charts = {a["href"] for a in page.select(".rk-province-page a")}
        assert {f"../../charts/stages-{province.code}.svg", f"../../charts/basis-{province.code}.svg"} <= charts
        topic_links = [a["href"] for a in page.select("#topic-matrix tbody th a")]
        assert topic_links[0] == f"../../compare/index.html?province={province.code}&topic=purpose#side-by-side"


def test_process_page_lists_each_chart_by_province(site: Path, corpus: Corpus, provinces) -> None:
    page = soup(site / "process.html")
    assert page.select(".rk-process-page svg") == []
    assert [h["id"] for h in page.select(".rk-process-page h2")] == [f"province-{p.code}" for p in provinces]
    for reg in corpus.regs:
        links = {a["href"] for a in page.select(f"li[id='{reg.id}'] a")}
        assert {f"regulations/{reg.id}.html#process-chart", f"charts/process-{reg.id}.svg"} <= links


def test_home_summarises_by_province_and_the_catalogue_groups_by_province(
    site: Path, corpus: Corpus, provinces
) -> None:
    home = soup(site / "index.html")
    assert home.select("table.rk-regulations") == []
    rows = home.select("table.rk-provinces tbody tr")
    assert [r["data-province"] for r in rows] == [p.code for p in provinces]
    assert [int(r.select("td")[1].get_text()) for r in rows] == [len(p.regs) for p in provinces]
    catalogue = soup(site / "regulations" / "index.html")
    assert [h["id"] for h in catalogue.select("h2[id^=province-]")] == [f"province-{p.code}" for p in provinces]
    assert sorted(tr["data-regulation"] for tr in catalogue.select("tr[data-regulation]")) == sorted(
        r.id for r in corpus.regs
    )


def test_the_large_site_never_calls_a_regulation_id_a_region(site: Path, corpus: Corpus) -> None:
    """The picker's fields and links, the province pages' Word buttons, the comparison bundles, the
    province workbooks' links: a regulation id is named ``regulation`` (tests/test_names.py)."""
    assert misnamed(site, {reg.id for reg in corpus.regs}) == []


def test_regulation_topic_tags_point_at_the_picker(site: Path) -> None:
    tags = [a["href"] for a in soup(site / "regulations" / "lankao.html").select("a.rk-tag")]
    assert tags and all(t.startswith("../compare/index.html?regulations=lankao&topic=") for t in tags)


# --------------------------------------------------------------------------- in the browser


def _shown(page: Page, regulations: list[str]) -> list[str]:
    """Wait until the picker shows ``regulations``; the regulation ids of the matrix columns."""
    page.wait_for_function(
        "ids => document.getElementById('compare-picker')?.dataset.shown === ids", arg=",".join(regulations)
    )
    return page.locator("#topic-matrix thead th[data-regulation]").evaluate_all(
        "els => els.map(e => e.dataset.regulation)"
    )


def test_choosing_two_regions_shows_their_matrix_with_clause_links(page: Page, site: Path, corpus: Corpus) -> None:
    page.goto((site / "compare" / "index.html").as_uri())
    for code, regulation in (("41", "lankao"), ("44", "dongyuan")):
        page.locator(f"details[data-province='{code}'] summary").click()
        page.check(f"input[name=regulation][value={regulation}]")
    assert _shown(page, ["lankao", "dongyuan"]) == ["lankao", "dongyuan"]
    shot(page, "large-compare-picker")
    chosen = [corpus.get("lankao"), corpus.get("dongyuan")]  # in province-code order, as the picker lists them
    expected = [
        ref["url"]
        for topic in vocab.TOPICS
        for reg in chosen
        for ref in (compare.topic_cell(reg, topic) or {"clauses": []})["clauses"]
    ]
    hrefs = page.locator("#topic-matrix a.rk-cite").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["../" + url for url in expected]
    assert all(resolves(site / "compare" / "index.html", href) for href in hrefs)
    rows = page.locator("#threshold-table tbody tr[data-regulation]").count()
    assert rows == sum(len(r.data.thresholds) for r in chosen)
    first = page.locator("#topic-matrix a.rk-cite").first
    anchor = first.get_attribute("href").split("#")[1]
    first.click()
    page.wait_for_url(re.compile(r"regulations/lankao\.html#"))
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_whole_province_filter_and_side_by_side_text(page: Page, site: Path, provinces) -> None:
    page.goto((site / "compare" / "index.html").as_uri())
    page.fill("#cp-filter", "兰考")
    visible = page.locator("details.rk-province:visible").evaluate_all("els => els.map(e => e.dataset.province)")
    assert visible == ["41"]
    page.fill("#cp-filter", "")
    anhui = [r.id for r in next(p for p in provinces if p.code == "34").regs]
    page.locator("details[data-province='34'] summary").click()
    page.check("input.cp-province[value='34']")
    assert _shown(page, anhui) == anhui
    page.select_option("#cp-topic", "review")
    columns = page.locator("#cp-texts .rk-columns[data-topic=review] section[data-regulation]")
    columns.first.wait_for()
    assert columns.evaluate_all("els => els.map(e => e.dataset.regulation)") == anhui
    assert "topic=review" in page.url and "regulations=" + ",".join(anhui) in page.url


def test_a_regulation_tag_opens_the_picker_on_that_region_and_text_stays_text(page: Page, site: Path) -> None:
    page.goto((site / "regulations" / "lankao.html").as_uri())
    page.locator("[id='a17'] + .rk-tags a.rk-tag").click()
    assert _shown(page, ["lankao"]) == ["lankao"]
    assert page.locator("#cp-topic").input_value() == "supplementary"
    excerpt = page.locator("#cp-texts section[data-regulation=lankao] .rk-excerpt").last
    assert EVIL in excerpt.inner_text()
    assert page.locator("#cp-texts img, #cp-texts script").count() == 0


def test_a_link_saved_with_the_old_parameter_regions_still_chooses(page: Page, site: Path) -> None:
    """?regions= was the picker's parameter before it became ?regulations=: saved links (and the Excel
    files made before) still open the comparison on the regulations they name, under the new name."""
    page.goto((site / "compare" / "index.html").as_uri() + "?regions=xiuwu,lankao&topic=review")
    assert sorted(_shown(page, ["lankao", "xiuwu"])) == ["lankao", "xiuwu"]
    assert page.locator("#cp-topic").input_value() == "review"
    assert "regulations=lankao,xiuwu" in page.url and "regions=" not in page.url


def test_helper_lists_regions_by_province(site: Path, provinces: list[layout.Province]) -> None:
    select = soup(site / "helper.html").select_one("select#dh-regulation")
    groups = [(g["label"], [o["value"] for o in g.select("option")]) for g in select.select("optgroup")]
    assert groups == [(p.name, [r.id for r in p.regs]) for p in provinces]


def test_every_generated_block_is_filled_in(site: Path) -> None:
    """The marks that generated pages and macros leave for the plugin are all replaced."""
    left = [
        str(p.relative_to(site)) for p in site.rglob("*.html") if "data-regkb-page" in p.read_text(encoding="utf-8")
    ]
    assert left == []


def test_markup_in_titles_and_clauses_stays_text(site: Path) -> None:
    """Text from data is escaped on every page: nav labels, page titles and headings included."""
    injected = [str(p.relative_to(site)) for p in site.rglob("*.html") if soup(p).select("img[onerror]")]
    assert injected == []
    page = soup(site / "regulations" / "lankao.html")
    assert EVIL in page.select_one("article h1").get_text()
    assert EVIL in page.select_one("nav.md-nav--primary .md-nav__link--active").get_text()


def _word_text(data: bytes) -> tuple[str, str, list[str]]:
    """A Word file's body text, its footnotes' text and its level-2 headings, read with python-docx."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/footnotes.xml")
    notes = "".join(BeautifulSoup(part.blob, "xml").stripped_strings)
    return body, notes, [p.text for p in document.paragraphs if p.style.name == "Heading 2"]


def test_each_province_has_its_workbook(site: Path, provinces: list[layout.Province]) -> None:
    """Large layout: per province a matrix workbook, linked from the province page and the picker, with
    every region's cell, its text and citation, and no formula."""
    import openpyxl

    from regkb import exports
    from regkb.citation import cite_clauses

    picker = soup(site / "compare" / "index.html")
    for province in provinces:
        name = f"downloads/{exports.province_xlsx(province.code)}"
        page = soup(site / "compare" / "province" / f"{province.code}.html")
        assert [a["href"] for a in page.select("p.rk-exports a[download]")] == [f"../../{name}"]
        tools = picker.select_one(f"details[data-province='{province.code}'] .rk-province-tools")
        assert [a["href"] for a in tools.select("a[download]")] == [f"../{name}"]
        wb = openpyxl.load_workbook(site / name)
        assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
        matrix = wb["主题对比"]
        assert [c.value for c in matrix[1]] == ["主题", *(r.region_name for r in province.regs)]
        for row, topic in zip(matrix.iter_rows(min_row=2), vocab.TOPICS, strict=True):
            assert row[0].hyperlink.target == f"../compare/province/{province.code}.html#topic-{topic}"
            for cell, reg in zip(row[1:], province.regs, strict=True):
                expected = compare.topic_cell(reg, topic)
                assert expected["text"] in cell.value, (reg.id, topic)
                if expected["clauses"]:
                    assert cite_clauses(reg, [c["clause"] for c in expected["clauses"]]) in cell.value
                assert resolves(site / "downloads" / "x", cell.hyperlink.target)


def test_province_and_chosen_regions_as_word(page: Page, site: Path, provinces: list[layout.Province]) -> None:
    """The Word file of a province's regions (its page) and of the regions chosen in the picker, made in
    the browser: every topic, each region's cell and full provisions, a footnote citing and linking each."""
    from regkb.citation import cite_clauses

    province = next(p for p in provinces if len(p.regs) > 1)
    page.goto((site / "compare" / "province" / f"{province.code}.html").as_uri())
    with page.expect_download() as info:
        page.click("p.rk-exports button.rk-regulations-docx")
    assert info.value.suggested_filename == f"{province.name}各地对比.docx"
    body, notes, headings = _word_text(Path(info.value.path()).read_bytes())
    assert headings == list(vocab.TOPICS.values())
    for reg in province.regs:
        for topic, cell in compare.topic_cells(reg).items():
            assert cell["text"] in body, (reg.id, topic)
            if cell["clauses"]:
                assert cite_clauses(reg, [c["clause"] for c in cell["clauses"]]) in notes, (reg.id, topic)
        for unit in compare.regulation_units(reg):
            if unit["topics"]:
                assert all(line in body for line in compare.unit_lines(unit["paragraphs"])), unit["clause"]
                assert cite_clauses(reg, [unit["clause"]]) in notes
                assert f"/regulations/{reg.id}.html#{unit['clause']}" in notes
    page.goto((site / "compare" / "index.html").as_uri())
    page.locator("details[data-province='41'] summary").click()
    page.check("input[name=regulation][value=lankao]")
    with page.expect_download() as info:
        page.click("#compare-picker button.rk-regulations-docx")
    body, notes, _ = _word_text(Path(info.value.path()).read_bytes())
    other = next(p for p in provinces if p.code != "41").regs[0].region_name
    assert "兰考县" in body and other not in body
    assert EVIL in body  # markup in a clause is text in Word too


def test_province_workbench_downloads_its_draft(page: Page, site: Path, provinces: list[layout.Province]) -> None:
    """起草参考 per province (large layout): a provision chosen on the page is in the outline, with its footnote."""
    import io

    import docx

    province = next(p for p in provinces if len(p.regs) > 1)
    reg = province.regs[-1]
    unit = next(u for u in compare.regulation_units(reg) if u["topics"] and u["topics"][0] != "purpose")
    choice = f"{unit['topics'][0]}.{reg.id}:{unit['clause']}"
    page.goto((site / "compare" / "draft" / f"{province.code}.html").as_uri() + "#own=purpose")
    page.check(f"input[value='{choice}']")
    assert choice in page.url
    with page.expect_download() as info:
        page.click("#wb-download")
    document = docx.Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert all(line in body for line in compare.unit_lines(unit["paragraphs"]))
    assert "【待拟：制定目的与依据——本主题由起草单位自拟】" in body
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/footnotes.xml")
    assert f"regulations/{reg.id}.html#{unit['clause']}" in part.blob.decode("utf-8")
