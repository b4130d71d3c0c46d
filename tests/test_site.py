"""The built site, checked as HTML: every clause, every link, escaping, search and charts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from regkb import graphs, search
from regkb.model import Reg
from regkb.schema import Block, Item, Node, Paragraph, Table

from .conftest import ROOT, build_site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def own_text(element: Tag) -> str:
    """An element's text without anchors, labels, repair notes or nested item lists."""
    clone = BeautifulSoup(str(element), "html.parser")
    for junk in clone.select(".rk-permalink, .rk-repair, .rk-status-mark, .rk-label, ol"):
        junk.decompose()
    return clone.get_text()


def test_build_is_strict_and_warning_free(site: Path) -> None:
    log = (site / "build.log").read_text(encoding="utf-8")
    assert "WARNING" not in log and "ERROR" not in log, log
    # MkDocs checks links into the generated pages against their anchors (reported at INFO level)
    assert "does not contain an anchor" not in log, log


@pytest.mark.parametrize("reg_id", ["lankao", "xiuwu", "huoqiu", "dongyuan", "luan"])
def test_every_clause_has_its_anchor_and_exact_text(site: Path, corpus, reg_id: str) -> None:
    reg: Reg = corpus.get(reg_id)
    page = soup(site / "regulations" / f"{reg_id}.html")
    for clause in reg.clauses.values():
        element = page.find(id=clause.id)
        assert element is not None, f"{reg_id}: no anchor #{clause.id}"
        obj = clause.obj
        if isinstance(obj, Paragraph | Block):
            assert own_text(element) == obj.text, (clause.id, own_text(element))
        elif isinstance(obj, Item):
            assert own_text(element) == (obj.heading or "") + obj.text, clause.id
        elif isinstance(obj, Table):
            cells = [td.get_text() for td in element.find_all(["th", "td"]) if td.get_text()]
            assert cells == [c for row in obj.rows for c in row if c], clause.id
        elif isinstance(obj, Node) and obj.kind == "article":
            assert obj.label in element.get_text()


def test_comparison_links_point_at_existing_anchors(site: Path) -> None:
    page = soup(site / "compare" / "index.html")
    assert len(page.select("a.rk-cite")) > 50


def test_every_internal_anchor_lands_on_an_element(site: Path) -> None:
    """Every link into a page of the site with a #fragment names an element of that page (each page
    parsed once); LinkChecker (below) checks that the files exist."""
    pages = {path.resolve(): soup(path) for path in site.rglob("*.html")}
    ids = {path: {tag["id"] for tag in page.find_all(id=True)} for path, page in pages.items()}
    broken = []
    checked = 0
    for path, page in pages.items():
        for link in page.find_all("a", href=True):
            href = link["href"]
            if "#" not in href or href.startswith(("http:", "https:", "mailto:", "javascript:")):
                continue
            target, _, anchor = href.partition("#")
            if not anchor:
                continue
            goal = (path.parent / target).resolve() if target else path
            if goal.is_dir():
                goal = goal / "index.html"
            checked += 1
            if goal.suffix == ".html" and anchor not in ids.get(goal, set()):
                broken.append(f"{path.relative_to(site.resolve())}: {href}")
    assert checked > 500
    assert broken == []


def test_no_internal_link_is_broken(site: Path) -> None:
    """LinkChecker over the built files: every internal link resolves, none leaves the site."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [
            str(linkchecker),
            "--config",
            str(ROOT / "tests" / "linkcheckerrc"),
            "--no-warnings",
            str(site / "index.html"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 errors found" in result.stdout


def test_no_page_refers_to_another_host(site: Path) -> None:
    offenders = []
    for page in site.rglob("*.html"):
        for match in re.finditer(r'(?:src|href)="(https?:)?//[^"]+"', page.read_text(encoding="utf-8")):
            offenders.append((page.relative_to(site), match.group(0)))
    assert offenders == []


def test_search_index_has_segmented_chinese(site: Path) -> None:
    """Whole words in the index (regkb/search.py; tests/test_search.py searches it in the browser)."""
    for term in ("监理", "验收", "数管局", "600万元", "第十二条"):
        assert term in search.read(site, f"t/{ord(term[0]):x}"), term
    pages = {doc[0].split("#")[0] for doc in search.documents(site)}
    assert {f"regulations/{reg}.html" for reg in ("lankao", "xiuwu", "dongyuan", "luan", "huoqiu")} <= pages


def test_open_data_is_published(site: Path, corpus) -> None:
    for reg in corpus.regs:
        data = json.loads((site / "data" / f"{reg.id}.json").read_text(encoding="utf-8"))
        assert data["id"] == reg.id and len(data["body"]) == len(reg.data.body)
        assert yaml.safe_load((site / "data" / f"{reg.id}.yml").read_text(encoding="utf-8"))["id"] == reg.id
    for name in ("topics", "thresholds", "deadlines", "roles"):
        assert (site / "downloads" / f"{name}.csv").read_text(encoding="utf-8-sig").count("\n") > 1
        assert json.loads((site / "downloads" / f"{name}.json").read_text(encoding="utf-8"))


def test_thresholds_table_lists_every_threshold_with_its_clause(site: Path, corpus) -> None:
    rows = soup(site / "compare" / "index.html").select("#threshold-table tbody tr")
    expected = [(reg.region_name, t) for reg in corpus.regs for t in reg.data.thresholds]
    assert len(rows) == len(expected)
    for row in rows:
        cite = row.select_one("a.rk-cite")
        assert cite is not None and "#" in cite["href"]


def test_one_chart_per_region_each_node_links_to_an_existing_anchor(site: Path, corpus) -> None:
    for reg in corpus.regs:
        svg = (site / "charts" / f"process-{reg.id}.svg").read_text(encoding="utf-8")
        links = re.findall(r'xlink:href="([^"]+)"', svg)
        assert len(links) >= len(reg.data.process.steps)
        page = soup(site / "regulations" / f"{reg.id}.html")
        for link in links:
            target, _, anchor = link.partition("#")
            # relative to the chart file, so the SVG opened on its own links to the page
            assert target == f"../regulations/{reg.id}.html"
            assert (site / "charts" / target).resolve() == (site / "regulations" / f"{reg.id}.html").resolve()
            assert page.find(id=anchor) is not None, (reg.id, link)


def test_charts_are_byte_identical_across_renders(corpus, tmp_path: Path) -> None:
    from regkb.build import Build

    charts = graphs.all_charts(corpus, large=False)
    first, drawn = Build(ROOT / "data").draw(charts)
    drawn()
    second, drawn = Build(ROOT / "data", tmp_path).draw(charts)
    drawn()
    assert all(isinstance(svg, Path) for svg in second.values())  # kept in the cache, not in memory
    assert first == {name: graphs.svg_text(svg) for name, svg in second.items()}
    assert set(first) == {f"process-{r.id}{tb}" for r in corpus.regs for tb in ("", "-tb")} | {"stages", "basis"}


def test_both_chart_directions_are_what_a_direct_build_makes(corpus) -> None:
    """process_dots builds the chart once and swaps its rankdir statement: each source must equal the
    chart built from scratch in that direction."""
    for reg in corpus.regs:
        across, down = graphs._process_dot(reg, "LR"), graphs._process_dot(reg, "TB")
        assert across is not None and down is not None, reg.id
        assert graphs.process_dots(reg) == (across.source, down.source), reg.id
        assert "rankdir=TB" in down.source and "rankdir=LR" in across.source


def test_text_from_data_is_escaped(tmp_path: Path) -> None:
    """A clause containing HTML shows as text on every page that prints it."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    evil = "<script>alert('x')</script>{{ 7*7 }}"
    source = data / "sources" / "lankao.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("第十七条 本办法自发布之日起施行。", f"第十七条 本办法自发布之日起施行。{evil}"), encoding="utf-8"
    )
    extract = data / "regulations" / "lankao.yml"
    loaded = extract.read_text(encoding="utf-8")
    assert "text: 本办法自发布之日起施行。\n" in loaded
    extract.write_text(
        loaded.replace("text: 本办法自发布之日起施行。\n", f"text: {json.dumps('本办法自发布之日起施行。' + evil)}\n"),
        encoding="utf-8",
    )
    (data / "regulations" / "lankao.yml").touch()
    out = tmp_path / "site"
    result = build_site(out, data)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (out / "regulations" / "lankao.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;{{ 7*7 }}" in html
    assert "<script>alert" not in html
    assert "49" not in soup(out / "regulations" / "lankao.html").find(id="a17-p1").get_text()


def test_small_helper_lists_regions_flat(site: Path, corpus) -> None:
    select = soup(site / "helper.html").select_one("select#dh-regulation")
    assert select.select("optgroup") == []  # a few regions need no grouping by province
    assert [o["value"] for o in select.select("option")] == [r.id for r in corpus.regs]


def test_every_generated_block_is_filled_in(site: Path) -> None:
    left = [
        str(p.relative_to(site)) for p in site.rglob("*.html") if "data-regkb-page" in p.read_text(encoding="utf-8")
    ]
    assert left == []


def test_issuer_the_text_does_not_state_reads_not_stated(site: Path) -> None:
    """修武's text has no 版头, 落款 or 印发通知: the page says 原文未载明, not a guessed issuer."""
    rows = {
        th.get_text(): th.find_next_sibling("td")
        for th in soup(site / "regulations" / "xiuwu.html").select(".rk-meta th")
    }
    assert rows["发文机关"].get_text() == "原文未载明"
    rows = {
        th.get_text(): th.find_next_sibling("td")
        for th in soup(site / "regulations" / "lankao.html").select(".rk-meta th")
    }
    assert rows["发文机关"].get_text() == "兰考县人民政府办公室"
