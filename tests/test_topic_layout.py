"""A topic page puts every region side by side on a desktop screen, and stacks them on a phone."""

from __future__ import annotations

from playwright.sync_api import Browser

from regkb import vocab
from regkb.corpus import Corpus


def test_every_region_in_one_row_at_1280_and_one_column_at_390(browser: Browser, server: str, corpus: Corpus) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    topic = next(iter(vocab.TOPICS))
    page.goto(f"{server}compare/{topic}.html")
    boxes = page.locator(".rk-columns > .rk-column").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.top, r.left, r.right]; })"
    )
    assert len(boxes) == len(corpus.regs)
    assert len({round(top) for top, _left, _right in boxes}) == 1, boxes  # one row: none wrapped below
    assert max(right for _t, _l, right in boxes) <= 1280
    page.set_viewport_size({"width": 390, "height": 844})
    lefts = page.locator(".rk-columns > .rk-column").evaluate_all("els => els.map(e => e.getBoundingClientRect().left)")
    assert len({round(x) for x in lefts}) == 1  # stacked
    context.close()
