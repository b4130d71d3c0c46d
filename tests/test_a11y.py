"""Accessibility in a real browser: axe-core on every page type, and the keyboard-only paths.

axe-core is the npm package (installed into node_modules by scripts/bootstrap.sh), injected into
Debian's Chromium through Playwright. Every rule axe runs by default runs here, plus two it leaves
off (target-size, WCAG 2.5.8; td-has-header, tables' headers associated); none is disabled and no
selector is excluded. The light palette is checked at 1280 px and 390 px; the dark palette with
the colour rules (contrast, links told apart from text) at 390 px.
"""

from __future__ import annotations

import contextlib
import json
import runpy
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# The page types of the site: the list scripts/lighthouse.py measures, read from it so the two never differ.
PAGE_TYPES: dict[str, str] = runpy.run_path(str(ROOT / "scripts" / "lighthouse.py"))["PAGE_TYPES"]
EXTRA_RULES = {"target-size": {"enabled": True}, "td-has-header": {"enabled": True}}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: scripts/bootstrap.sh installs it (npm ci)"
    return AXE.read_text(encoding="utf-8")


def _loaded(page: Page, url: str) -> None:
    page.goto(url, wait_until="load")
    if "helper.html?" in url:
        page.locator("#decision-result [data-requirement-id]").first.wait_for(timeout=10_000)


# After the viewport changes, Material (code blocks) and scroll-areas.js (wide tables) decide which
# boxes scroll in their resize callbacks, a frame or more later; axe must see the page after them.
# Wait until every box that overflows has been given its tab stop, or 2 s: on timeout axe itself
# reports the box that stayed unreachable, naming it.
SETTLED = """() => [...document.querySelectorAll(".md-typeset pre > code, .md-typeset__scrollwrap")]
  .every(el => el.scrollWidth <= el.clientWidth + 1 || el.hasAttribute("tabindex"))"""


def _settle(page: Page) -> None:
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(SETTLED, timeout=2_000)


def _serious(page: Page, axe_source: str, options: dict) -> list[str]:
    """axe's serious and critical violations on the page, one line per rule with its first nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}): " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


# Text that sticks out of a phone's screen (the page scrolls sideways, or a line is cut) outside the
# boxes made to scroll (wide tables, charts), and outside what is hidden or inside a picture.
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth, wide = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg, template, [hidden], .md-sidebar, .md-search, .md-tabs, .rk-tooltip")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 1) continue;
    let up = el.parentElement, scrolls = false;
    for (; up && up !== document.body && !scrolls; up = up.parentElement)
      scrolls = /(auto|scroll|hidden|clip)/.test(getComputedStyle(up).overflowX);
    if (!scrolls) wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""));
  }
  return wide;
}"""


def _wider_than_screen(page: Page) -> list[str]:
    """Elements wider than a 390 px screen outside a scrolling box, as one line (none: an empty list)."""
    wide = page.evaluate(WIDER_THAN_SCREEN)
    return [f"wider than the screen ({len(wide)}): " + "; ".join(dict.fromkeys(wide))] if wide else []


def test_axe_finds_nothing_serious_on_any_page_type(browser: Browser, server: str, axe_source: str) -> None:
    """Each page is loaded once: checked at 1280 px, then narrowed to 390 px and checked again (and for
    text wider than the screen), then switched to the dark palette with its own toggle and checked for
    the colour rules."""
    found: dict[str, list[str]] = {}
    # axe-core is injected as an inline script, which the site's policy refuses: this context lets it in
    # (the policy itself is tested with the helper and search, not here).
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="light", locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    for name, path in PAGE_TYPES.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        _loaded(page, server + path)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _settle(page)
            problems = _serious(page, axe_source, {"rules": EXTRA_RULES, "resultTypes": ["violations"]})
            if width == 390:
                problems += _wider_than_screen(page)
            if problems:
                found[f"{name} at {width}px, light"] = problems
        page.locator("label[for='__palette_1']").click()  # Material's own palette toggle
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        options = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}
        if problems := _serious(page, axe_source, options):
            found[f"{name} at 390px, dark"] = problems
        page.evaluate("localStorage.clear()")  # the next page opens in the light palette again
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- keyboard only


@pytest.fixture
def keyboard_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    yield page
    context.close()


def _tab_to(page: Page, wanted: Callable[[Page], bool], limit: int = 400) -> int:
    """Press Tab until the focused element is the wanted one; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if wanted(page):
            return presses
    raise AssertionError(f"not reached with {limit} presses of Tab")


def _focused(page: Page, script: str) -> bool:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({script}); }})()")


def _choose(page: Page, value: str) -> None:
    """Change the focused <select> with the arrow keys until it holds ``value``."""
    page.keyboard.press("Home")
    for _ in range(40):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value} not reached with the arrow keys")


def test_helper_query_and_clause_by_keyboard_only(keyboard_page: Page, server: str) -> None:
    page = keyboard_page
    page.goto(server + "helper.html", wait_until="load")
    _tab_to(page, lambda p: _focused(p, "el.id === 'dh-regulation'"))
    _choose(page, "dongyuan")
    _tab_to(page, lambda p: _focused(p, "el.id === 'dh-amount'"), limit=5)
    page.keyboard.type("600")
    _tab_to(page, lambda p: _focused(p, "el.id === 'dh-category'"), limit=5)
    _choose(page, "hardware_purchase")
    _tab_to(page, lambda p: _focused(p, "el.type === 'submit'"), limit=10)
    page.keyboard.press("Enter")
    page.locator("#decision-result [data-requirement-id]").first.wait_for(timeout=10_000)
    assert page.locator("#dh-result-title").is_visible()  # the result is announced under a heading
    assert "amount=600" in page.url

    # copy the query's link: the confirmation is spoken through a status region
    _tab_to(page, lambda p: _focused(p, "el.id === 'dh-copy'"), limit=10)
    page.keyboard.press("Enter")
    status = page.locator("#dh-copy-status")
    status.filter(has_text="已复制").wait_for(timeout=5_000)
    assert status.get_attribute("role") == "status"
    assert "amount=600" in page.evaluate("navigator.clipboard.readText()")

    # on into the answer, to the first clause it cites, and open it
    _tab_to(page, lambda p: _focused(p, "el.matches('#decision-result a.rk-cite')"))
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/regulations/dongyuan.html#*")
    anchor = href.split("#")[1]
    assert page.url.endswith("#" + anchor)
    target = page.locator(f"[id='{anchor}']")
    assert target.is_visible() and target.evaluate("el => el.matches(':target')")


def test_every_chart_and_its_text_alternative_by_keyboard(keyboard_page: Page, server: str) -> None:
    page = keyboard_page
    page.goto(server + "process.html", wait_until="load")
    charts = page.locator(".rk-chart").count()
    texts = page.locator("details.rk-chart-text").count()
    assert charts >= 3 and texts == charts  # every chart has its text alternative
    reached = []
    for index in range(charts):
        chart = f"document.querySelectorAll('.rk-chart')[{index}]"
        _tab_to(page, lambda p, c=chart: _focused(p, f"el === {c}"))
        assert page.evaluate(f"{chart}.getAttribute('aria-label')")
        summary = f"document.querySelectorAll('details.rk-chart-text')[{index}].querySelector('summary')"
        _tab_to(page, lambda p, s=summary: _focused(p, f"el === {s}"))
        page.keyboard.press("Enter")  # opens the text alternative
        assert page.evaluate(f"{summary}.parentElement.open")
        page.keyboard.press("Tab")  # the first step's clause link
        link = page.evaluate(
            f"(() => {{ const el = document.activeElement; return {summary}.parentElement.contains(el) && el.tagName === 'A' ? el.getAttribute('href') : null; }})()"
        )
        assert link and "regulations/" in link, index
        reached.append(link)
    assert len(reached) == charts


def test_chart_text_lists_the_steps_in_order_with_their_clauses(browser: Browser, server: str, corpus) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "regulations/dongyuan.html", wait_until="load")
        steps = page.locator("#process-chart-text ol.rk-steps > li")
        process = corpus.get("dongyuan").data.process
        assert steps.count() == len(process.steps)
        assert steps.first.locator("strong").text_content() == next(
            s.title for s in process.steps if s.id == process.start
        )
        for i in range(steps.count()):
            links = steps.nth(i).locator("a.rk-cite")
            assert links.count() >= 1
            for href in links.evaluate_all("els => els.map(a => a.getAttribute('href'))"):
                assert href.startswith("../regulations/dongyuan.html#")
                assert page.locator(f"[id='{href.split('#')[1]}']").count() == 1
    finally:
        page.close()


def test_tooltips_are_made_on_demand_and_shown_on_hover_and_focus(browser: Browser, server: str) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "regulations/dongyuan.html", wait_until="load")
        assert page.locator(".md-tooltip2, .md-tooltip, #rk-tooltip").count() == 0  # nothing built at load
        term = page.locator("article.rk-article abbr").first
        definition = term.get_attribute("title")
        term.hover()
        tip = page.locator("#rk-tooltip")
        assert tip.is_visible() and tip.inner_text() == definition
        assert term.get_attribute("aria-describedby") == "rk-tooltip"
        page.keyboard.press("Escape")
        assert not tip.is_visible()
        page.mouse.move(0, 0)
        other = page.locator("article.rk-article abbr").nth(5)
        other.focus()  # glossary terms are focusable: a keyboard user reads the definition too
        assert tip.is_visible() and tip.inner_text() == other.get_attribute("data-rk-title")
        assert page.locator(".md-tooltip2, .md-tooltip").count() == 0 and page.locator("#rk-tooltip").count() == 1
    finally:
        page.close()
