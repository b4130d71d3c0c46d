"""Printing: a regulation page printed by Chromium (page.pdf) and read back with pypdf.

Officials print regulations. The printout must hold every article, the whole flowchart within the
page width, and say where it came from and when (the page's address and the build date); the
landscape pages the comparison tables print on must not turn a regulation's pages.
"""

from __future__ import annotations

import io
import re
import unicodedata

from playwright.sync_api import Page
from pypdf import PdfReader

from regkb.corpus import Corpus
from regkb.model import walk

from .conftest import TODAY


def _normal(text: str) -> str:
    """PDF text as comparable text: Chromium's CJK fonts map some characters to Kangxi radicals
    (NFKC folds them back); line breaks and spaces from the layout are dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _finds(text: str, wanted: str) -> bool:
    """``wanted`` in the PDF text, allowing each character to come out as a CJK radical NFKC does not fold."""
    pattern = "".join(f"[{re.escape(c)}\u2e80-\u2eff]" for c in _normal(wanted))
    return re.search(pattern, text) is not None


def _print(page: Page, url: str) -> PdfReader:
    page.goto(url, wait_until="load")
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def test_printed_regulation_holds_every_article_the_whole_chart_its_url_and_date(
    page: Page, server: str, corpus: Corpus
) -> None:
    reg = corpus.get("dongyuan")
    pdf = _print(page, server + "regulations/dongyuan.html")
    pages = [_normal(p.extract_text()) for p in pdf.pages]
    text = "".join(pages)

    # every article, by its label and the start of its text
    articles = [n for n in walk(reg.data.body) if n.kind == "article"]
    assert len(articles) > 20
    for article in articles:
        assert _finds(text, article.label), article.label
        assert _finds(text, article.paragraphs[0].text[:12]), article.label

    # every step of the flowchart is printed, and nothing of the chart lies beyond the page's edge
    chart_pages = [i for i, t in enumerate(pages) if _finds(t, "审批流程（点击步骤查看条款）")]
    assert chart_pages, "the flowchart is not in the printout"
    chart_text = "".join(pages[i] for i in chart_pages)
    for step in reg.data.process.steps:
        assert _finds(chart_text, step.title[:6]), step.title
    for i in chart_pages:
        width = float(pdf.pages[i].mediabox.width)
        xs: list[float] = []

        def seen(text: str, cm: list[float], tm: list[float], *_: object, xs: list[float] = xs) -> None:
            if text.strip():
                xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

        pdf.pages[i].extract_text(visitor_text=seen)
        assert xs and min(xs) >= 0 and max(xs) < width, (i, min(xs), max(xs), width)

    # the widest form (13 columns) keeps its last column
    assert _finds(text, "现小计") and _finds(text, "备注")

    # where it came from and when: the page's address and the build date, in the footer
    assert _normal(server + "regulations/dongyuan.html") in pages[-1]
    assert _finds(pages[-1], "网站生成日期") and TODAY in pages[-1]

    # portrait throughout: the comparison's landscape pages do not leak into other pages
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in pdf.pages)


def test_comparison_tables_print_on_landscape_pages(page: Page, server: str) -> None:
    pdf = _print(page, server + "compare/index.html")
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages]
    assert any(w > h for w, h in sizes), sizes
    text = "".join(_normal(p.extract_text()) for p in pdf.pages)
    assert _finds(text, "修武")  # the last region's column is printed, not cut
