"""Glossary tooltips on clause text: the first use of each term in a section, not every use."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

from regkb import glossary
from regkb.corpus import Corpus


def _tips(html: str) -> list[str]:
    return re.findall(r'<abbr title="([^"]*)">', html)


def test_a_term_gets_its_tooltip_once_per_section(corpus: Corpus) -> None:
    terms = glossary.Terms(corpus)
    first = str(terms("项目建设单位报送立项申请，立项后由项目建设单位实施。"))
    assert Counter(_tips(first)) and max(Counter(_tips(first)).values()) == 1
    assert "项目建设单位" in re.sub(r"<[^>]+>", "", first)
    again = str(terms("立项"))  # the same section: already explained
    assert "<abbr" not in again and again == "立项"
    terms.section()
    assert len(_tips(str(terms("立项")))) == 1  # a new section explains it again


def test_no_section_of_a_regulation_page_repeats_a_tooltip(site: Path, corpus: Corpus) -> None:
    """Each top unit of the body (a chapter, or an article where there are none) explains a term once."""
    for reg in corpus.regs:
        page = (site / "regulations" / f"{reg.id}.html").read_text(encoding="utf-8")
        ids = "|".join(re.escape(n.id) for n in reg.data.body)
        starts = [m.start() for m in re.finditer(r'<h\d[^>]* id="(?:' + ids + ')"', page)]
        assert len(starts) == len(reg.data.body), reg.id
        end = page.find('id="attachments"')
        bounds = [*starts, end if end > 0 else len(page)]
        tips = 0
        for start, stop in pairwise(bounds):
            found = Counter(_tips(page[start:stop]))
            assert not found or max(found.values()) == 1, (reg.id, found.most_common(1))
            tips += len(found)
        assert tips >= 10, reg.id  # the texts use the glossary's terms: tooltips are still there
