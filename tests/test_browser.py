"""The site in a real browser: Debian's Chromium driven by Playwright, no browser download."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

from regkb.conditions import Facts
from regkb.decide import decide

from .conftest import ROOT

SHOTS = ROOT / "tests" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_pages_make_no_request_to_another_host(page: Page, server: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    for path, name in (
        ("", "home"),
        ("regulations/dongyuan.html", "regulation"),
        ("compare/index.html", "compare"),
        ("process.html", "process"),
        ("glossary.html", "glossary"),
    ):
        page.goto(server + path, wait_until="networkidle")
        shot(page, name)
    page.goto(
        server + "helper.html?regulation=luan&amount=100&category=software_development&nature=new",
        wait_until="networkidle",
    )
    assert hosts == {urlparse(server).netloc}


def test_search_finds_a_clause_by_jianli(page: Page, server: str) -> None:
    page.goto(server + "index.html", wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("监理")
    field.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20_000)
    shot(page, "search-jianli")
    hits = results.evaluate_all("els => els.map(e => [e.href, e.innerText.replaceAll('\u200b', '')])")
    clause_hits = [href for href, text in hits if "/regulations/" in href and "#" in href and "监理" in text]
    assert clause_hits, hits
    page.goto(clause_hits[0])
    anchor = clause_hits[0].split("#")[1]
    assert "监理" in page.locator(f"[id='{anchor}']").locator("xpath=..").inner_text()


def _helper_answer(page: Page) -> list[tuple[str, list[str], bool]]:
    """Each requirement shown: its id, every clause it cites, and whether it is marked conditional."""
    page.locator("#decision-result [data-requirement-id]").first.wait_for(timeout=10_000)
    return page.locator("#decision-result li.rk-requirement").evaluate_all(
        """els => els.map(e => [e.dataset.requirementId,
            Array.from(e.querySelectorAll(".rk-req-title a.rk-cite")).map(a => a.textContent),
            e.dataset.conditional === "true"])"""
    )


def _expected(answer: dict) -> list[tuple[str, list[str], bool]]:
    return [(r["id"], [c["label"] for c in r["cite"]], False) for r in answer["requirements"]] + [
        (r["id"], [c["label"] for c in r["cite"]], True) for r in answer["conditional"]
    ]


@pytest.mark.parametrize(
    "query",
    [
        "regulation=dongyuan&amount=600&category=hardware_purchase&nature=new",
        "regulation=luan&amount=100&category=software_development&nature=new",
        "regulation=huoqiu&amount=1000&category=hardware_purchase",
        "regulation=xiuwu&amount=80&category=software_development&nature=upgrade",
    ],
)
def test_helper_query_url_matches_the_python_engine(page: Page, server: str, corpus, query: str) -> None:
    page.goto(f"{server}helper.html?{query}", wait_until="networkidle")
    shown = _helper_answer(page)
    params = dict(p.split("=") for p in query.split("&"))
    facts = Facts(params["regulation"], float(params["amount"]), params["category"], params.get("nature"))
    expected = decide(corpus.get(facts.regulation), facts)
    # the page lists what the project triggers first and folds the generic ones, so compare as sets
    assert sorted(map(list, shown)) == sorted(map(list, _expected(expected)))
    assert page.locator("#dh-amount").input_value() == params["amount"]
    shot(page, "helper-" + params["regulation"])


def test_helper_by_keyboard_only(page: Page, server: str, corpus) -> None:
    page.goto(server + "helper.html", wait_until="networkidle")
    page.locator("#dh-regulation").focus()
    page.keyboard.press("End")  # last regulation in the list
    regulation = page.locator("#dh-regulation").input_value()
    page.keyboard.press("Tab")
    page.keyboard.type("5000000")  # 元
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # 元 instead of 万元
    page.keyboard.press("Tab")  # the category
    page.keyboard.press("Home")  # 未知/不确定
    page.keyboard.press("ArrowDown")  # the first category
    for _ in range(5):  # nature, funding, 涉密, unit level (all left 未知), then the submit button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    shown = _helper_answer(page)
    facts = Facts(regulation, 500.0, "software_purchase", None)
    expected = _expected(decide(corpus.get(regulation), facts))
    assert sorted(map(list, shown)) == sorted(map(list, expected))
    assert "amount=5000000" in page.url and "unit=yuan" in page.url
    shot(page, "helper-keyboard")


def test_helper_answer_states_status_unknowns_and_conditions(page: Page, server: str) -> None:
    """六安: the 2023 revision at the top with the requirement it touches; the nature left 未知 keeps
    第十六条's 测评/等保 as a conditional requirement, marked, with its condition."""
    page.goto(f"{server}helper.html?regulation=luan&amount=600&category=software_development", wait_until="networkidle")
    status = page.locator("#decision-result .rk-answer-status")
    status.wait_for(timeout=10_000)
    head = status.inner_text()
    assert "已修订" in head and "2023" in head and "第九条第三款" in head
    assert "由项目建设单位编制项目建议书及实施方案报市发改委审批" in head
    assert page.locator("#dh-nature").input_value() == "" and "未知" in page.locator("#dh-nature").inner_text()
    item = page.locator("#decision-result [data-requirement-id=testing-classified-protection]")
    assert item.get_attribute("data-conditional") == "true"
    assert "若建设性质为新建" in item.inner_text() and "待填：建设性质" in item.inner_text()
    revised = page.locator("#decision-result [data-requirement-id=approval-500-above] .rk-req-status")
    assert "已修订" in revised.inner_text()
    page.goto(
        f"{server}helper.html?regulation=dongyuan&amount=600&category=hardware_purchase", wait_until="networkidle"
    )
    page.locator("#decision-result .rk-answer-status").wait_for(timeout=10_000)
    assert "试行期至2022-07-12" in page.locator("#decision-result .rk-answer-status").inner_text()


def test_helper_rejects_bad_amounts_with_a_message(page: Page, server: str) -> None:
    page.goto(server + "helper.html", wait_until="networkidle")
    page.fill("#dh-amount", "-5")
    page.click("button[type=submit]")
    assert "不小于 0 的数字" in page.locator("#dh-amount-error").inner_text()
    assert page.locator("#decision-result [data-requirement-id]").count() == 0


def test_helper_compares_all_regions_and_fits_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(
        server + "helper.html?regulation=dongyuan&amount=600&category=hardware_purchase&nature=new&compare=all",
        wait_until="networkidle",
    )
    page.locator("table.rk-compare-all").wait_for()
    regions = page.locator("table.rk-compare-all thead th[data-regulation]").evaluate_all(
        "els => els.map(e => e.dataset.regulation)"
    )
    assert len(regions) == 5
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # the wide table scrolls inside its own box, not the page
    shot(page, "helper-phone")
    context.close()


def test_site_works_from_the_file_system_search_included(page: Page, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill("验收")
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
    page.goto((site / "helper.html").as_uri() + "?regulation=dongyuan&amount=49.99&category=software_development")
    page.locator("#decision-result .rk-out-of-scope").wait_for(timeout=10_000)
