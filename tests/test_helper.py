"""The 决策助手 as an official's work tool (issue 18), driven in Chromium from file:// at 1280 px and
390 px over the hand-derived cases of tests/cases/helper.yml: the summary, what the project triggers
and why, the path on the chart (equal to Python's), the printed checklist (page.pdf(), read with
pypdf) and the Word checklist (downloaded, opened with python-docx)."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import docx
import pypdf
import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from regkb.amount import parse
from regkb.chain import LINKS
from regkb.decide import bundle, evaluate
from regkb.path import compute, process_json, taken

from .conftest import ROOT, TODAY

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "helper.yml").read_text(encoding="utf-8"))
PROJECT_INPUTS = ("amount", "category", "nature", "funding")


# A PDF's text may name a character by the radical that shares its glyph in the font: NFKC maps the
# Kangxi radicals (⽬ → 目), this table the simplified ones of the CJK Radicals Supplement (⻔ → 门).
RADICALS = str.maketrans(
    "⻔⻓⻋⻅⻉⻛⻜⻢⻚⻥⻦⻰⻳⻘⻮⻧⻨⻩⻬⻙⻝⺠⺟⻆⻄", "门长车见贝风飞马页鱼鸟龙龟青齿卤麦黄齐韦食民母角西"
)


def _compact(text: str) -> str:
    """Without white space, in one form (NFKC, radicals as characters)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(RADICALS))


def _named(when: dict) -> set[str]:
    return {k for k in when if k in PROJECT_INPUTS}.union(*(_named(alt) for alt in when.get("any", [])))


def _facts(case: dict) -> dict:
    query = case["query"]
    return {
        "regulation": query["regulation"],
        "amount": parse(query["amount"]).wan,
        "category": query.get("category"),
        "nature": query.get("nature"),
        "funding": query.get("funding"),
        "classified": False,  # the form's checkbox, unticked
        "unit_level": None,
    }


def _python(corpus, case: dict) -> tuple[dict, dict, dict]:
    reg = corpus.get(case["query"]["regulation"])
    data = bundle(reg, dt.date.fromisoformat(TODAY))
    facts = _facts(case)
    return data, evaluate(data, facts), compute(process_json(reg), facts)


def _triggered(data: dict, answer: dict) -> list[str]:
    rules = {r["id"]: r for r in data["rules"]}
    return [r["id"] for r in answer["requirements"] if _named(rules[r["id"]]["when"])]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_is_backed_by_its_text_and_python_agrees(corpus, case: dict) -> None:
    """Each hand-derived requirement quotes its clause; Python triggers exactly those and takes the
    branch the case names."""
    reg = corpus.get(case["query"]["regulation"])
    source = _compact((ROOT / reg.meta.source).read_text(encoding="utf-8"))
    data, answer, path = _python(corpus, case)
    rules = {r["id"]: r for r in data["rules"]}
    for item in case["triggered"]:
        assert _compact(item["quote"]) in source, item["quote"]
        assert item["label"] in [c["label"] for c in rules[item["id"]]["cite"]], item
    assert _triggered(data, answer) == [t["id"] for t in case["triggered"]]
    steps = set(taken(path))
    assert set(case["path_has"]) <= steps
    assert not set(case["path_lacks"]) & steps


def test_the_two_cases_of_a_region_take_different_paths(corpus) -> None:
    by_regulation: dict[str, list[set[str]]] = {}
    for case in CASES:
        by_regulation.setdefault(case["query"]["regulation"], []).append(set(taken(_python(corpus, case)[2])))
    assert set(by_regulation) == {reg.id for reg in corpus.regs}
    assert all(len(paths) == 2 and paths[0] != paths[1] for paths in by_regulation.values())


def _open(page: Page, site: Path, case: dict) -> None:
    page.goto((site / "helper.html").as_uri() + "?" + urlencode(case["query"]))
    page.wait_for_selector(".rk-path-svg .node", timeout=15_000)


def _check_answer(page: Page, corpus, case: dict) -> dict:
    """The summary, the triggered list and the path, as shown; returns Python's answer."""
    data, answer, path = _python(corpus, case)
    summary = page.locator(".rk-summary")
    assert data["region_name"] in summary.inner_text()
    assert page.locator(".rk-summary [data-scope]").get_attribute("data-scope") == answer["scope"]["status"]
    assert page.locator("dl.rk-chain dt").all_inner_texts() == [label for label, _, _ in LINKS.values()]
    assert page.locator("dl.rk-chain a.rk-cite").count() >= 3  # each link cited
    status = page.locator(".rk-summary .rk-answer-status")
    assert status.count() == 1 and data["status"]["label"] in status.inner_text()
    for note in data["status"]["notes"]:  # an expired or revised text says so in the summary
        assert note["label"] in status.inner_text()
    shown = page.locator(".rk-triggered li").evaluate_all("els => els.map(e => e.dataset.triggeredId)")
    assert shown == [t["id"] for t in case["triggered"]], case["name"]
    for item in case["triggered"]:
        row = page.locator(f'.rk-triggered li[data-triggered-id="{item["id"]}"]')
        assert item["label"] in row.locator("a.rk-cite").all_inner_texts()
    highlighted = page.locator(".rk-path-svg g.node.rk-path-taken").evaluate_all("els => els.map(e => e.id)")
    prefix = f"step-{data['regulation']}-"
    assert {h.removeprefix(prefix) for h in highlighted} == set(taken(path)), case["name"]
    dimmed = page.locator(".rk-path-svg g.node.rk-path-skipped").count()
    assert dimmed == sum(1 for s in path["steps"].values() if s["state"] == "skipped")
    return {"data": data, "answer": answer, "path": path}


def _citation(data: dict, doc_number: str | None, cites: list[dict]) -> str:
    """The formal citation 《标题》（文号）第X条第Y款 (the issue's form), written out here independently."""
    number = f"（{doc_number}）" if doc_number else ""
    return f"《{data['title']}》{number}" + "、".join(c["label"] for c in cites)


def test_helper_cases_in_chromium(browser: Browser, site: Path, corpus, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    highlighted: dict[str, list[frozenset[str]]] = {}
    for case in CASES:
        _open(page, site, case)
        seen = _check_answer(page, corpus, case)
        data, answer = seen["data"], seen["answer"]
        highlighted.setdefault(data["regulation"], []).append(frozenset(taken(seen["path"])))
        wanted = answer["requirements"] + answer["conditional"]
        # the printout: at most three A4 pages, a box and the citation for every requirement
        reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
        assert 1 <= len(reader.pages) <= 3, (case["name"], len(reader.pages))
        printed = _compact("".join(p.extract_text() for p in reader.pages))
        for req in wanted:
            assert _compact(req["title"]) in printed, (case["name"], req["title"])
        assert printed.count("□") >= len(wanted)
        assert _compact(f"《{data['title']}》") in printed and TODAY in printed
        # the Word file, made in the page with the vendored docx
        with page.expect_download() as download:
            page.click("#dh-docx")
        saved = tmp_path / f"{data['regulation']}-{len(highlighted[data['regulation']])}.docx"
        download.value.save_as(saved)
        document = docx.Document(str(saved))
        text = _compact(
            "\n".join(p.text for p in document.paragraphs)
            + "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        )
        for req in wanted:
            assert _compact(req["title"]) in text, (case["name"], req["title"])
            assert _compact(_citation(data, corpus.get(data["regulation"]).meta.doc_number, req["cite"])) in text, (
                case["name"],
                req["id"],
            )
        assert text.count("☐") == len(wanted)
        # 390 px (the same page, narrowed): the same answer, nothing wider than the screen
        page.set_viewport_size({"width": 390, "height": 844})
        _check_answer(page, corpus, case)
        assert page.evaluate("document.documentElement.scrollWidth") <= 392, case["name"]
        assert page.locator(".rk-path-chart").bounding_box()["width"] <= 390
        page.set_viewport_size({"width": 1280, "height": 900})
    assert all(len(sets) == 2 and sets[0] != sets[1] for sets in highlighted.values())
    assert not errors, errors
    context.close()


def test_chart_viewer_feedback_copy_and_compare_in_chromium(browser: Browser, site: Path, corpus) -> None:
    """The site-wide chart viewer (fit, zoom by button and key), 纠错 on every clause, 复制引用's
    spoken confirmation, and compare-all at full width that prints on landscape A4 with every region."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto((site / "process.html").as_uri())
    frame = page.locator(".rk-chart[data-viewer]").first
    frame.wait_for()
    assert page.locator(".rk-chart-tools").count() == page.locator(".rk-chart[data-viewer]").count() >= 7
    fitted = frame.locator("svg").bounding_box()["width"]
    assert fitted <= frame.bounding_box()["width"] + 1  # fit to width by default
    page.locator(".rk-chart-tools").first.get_by_role("button", name=re.compile("放大")).click()
    assert frame.locator("svg").bounding_box()["width"] > fitted * 1.2
    frame.focus()
    page.keyboard.press("0")  # back to fit
    assert abs(frame.locator("svg").bounding_box()["width"] - fitted) < 2

    reg = corpus.get("dongyuan")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((site / "regulations" / "dongyuan.html").as_uri())
    clause = page.locator("p.rk-para[id], li.rk-item[id]").first.get_attribute("id")
    # built without REGKB_FEEDBACK_EMAIL: 纠错 copies the prefilled report (no made-up address)
    buttons = page.locator("button.rk-feedback")
    assert buttons.count() == page.locator("p.rk-para[id], li.rk-item[id]").count() > 40
    assert page.locator('meta[name="regkb-feedback"]').count() == 0
    buttons.first.click()
    expect(page.get_by_role("status").filter(has_text="已复制纠错信息")).to_have_count(1)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert f"条款编号：{clause}" in copied and "dongyuan.html#" + clause in copied and reg.meta.title in copied
    # deployed with an address (<meta name="regkb-feedback">, from extra.feedback_email): a prefilled message
    page.evaluate(
        """() => { document.querySelectorAll('.rk-feedback').forEach((b) => b.remove());
        const meta = document.createElement('meta'); meta.name = 'regkb-feedback'; meta.content = 'jiucuo@example.org';
        document.head.appendChild(meta);
        const again = document.createElement('script');
        again.src = [...document.scripts].find((s) => s.src.includes('feedback.js')).src;
        document.body.appendChild(again); }"""
    )
    links = page.locator("a.rk-feedback")
    links.first.wait_for()
    assert links.count() == page.locator("p.rk-para[id], li.rk-item[id]").count()
    href = links.first.get_attribute("href")
    assert href.startswith("mailto:jiucuo@example.org?subject=")
    assert f"条款编号：{clause}" in _unquote(href) and "dongyuan.html#" + clause in _unquote(href)
    assert reg.meta.title in _unquote(href)

    _open(page, site, CASES[0])
    button = page.locator("#decision-result button.rk-copy-cite").first
    citation = button.get_attribute("data-citation")
    assert citation.startswith(f"《{reg.meta.title}》（{reg.meta.doc_number}）第")
    button.click()
    expect(page.locator("#dh-copy-status")).to_contain_text("已复制引用")  # spoken: role=status

    page.goto((site / "helper.html").as_uri() + "?" + urlencode({**CASES[0]["query"], "compare": "all"}))
    wrap = page.locator(".rk-compare-all-wrap")
    wrap.wait_for()
    assert wrap.bounding_box()["width"] > 1100  # the full width: no sidebar beside it
    assert page.locator("table.rk-compare-all tbody th").first.evaluate("e => getComputedStyle(e).position") == "sticky"
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape, the named page
    printed = _compact("".join(p.extract_text() for p in reader.pages))
    assert all(_compact(r.region_name) in printed for r in corpus.regs)
    context.close()


def _unquote(href: str) -> str:
    from urllib.parse import unquote

    return unquote(href)
