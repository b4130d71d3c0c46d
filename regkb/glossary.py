"""The glossary: which spellings of a term a regulation uses, where, and the tooltips that explain them.

Terms come from data/glossary.yml. Every view that shows a clause's text wraps the terms in it
(:class:`Terms`); the 术语表 page lists each term's uses (:func:`entries`); hand-written pages get
Markdown abbreviations (:func:`abbreviations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from . import encode
from .corpus import Corpus
from .model import Reg

_Lookup = tuple[re.Pattern[str] | None, dict[str, str]]


def _term_lookup(corpus: Corpus) -> _Lookup:
    """The glossary as one regex plus tooltips, compiled once per corpus (not once per page)."""
    return corpus.memo("glossary lookup", lambda: _compile_lookup(corpus))


def _compile_lookup(corpus: Corpus) -> _Lookup:
    titles: dict[str, str] = {}
    for term in corpus.glossary.terms:
        tip = (f"{term.full}：" if term.full else "") + term.definition
        for spelling in (term.term, *term.aliases):
            if len(spelling) >= 2:
                titles.setdefault(str(escape(spelling)), tip)
    pattern = re.compile("|".join(re.escape(s) for s in sorted(titles, key=len, reverse=True))) if titles else None
    return pattern, titles


@dataclass
class Terms:
    """Wraps glossary terms in ``<abbr>`` tooltips, after escaping the text: the first use of each
    term in a section only (a chapter, or an article where there are no chapters; see :meth:`section`).

    Underlining every use put 180 tooltips on one regulation page; a reader who lands on an article
    still finds each term explained where the article's section first uses it, and on 术语表.
    Texts are wrapped in reading order, so one object serves one page (or one column) at a time.
    """

    corpus: Corpus
    seen: set[str] = field(default_factory=set)  # tooltips already given in the current section

    def section(self) -> str:
        """Start a new section: its first use of each term gets the tooltip again. Returns "" so a
        template can call it inline."""
        self.seen.clear()
        return ""

    def __call__(self, text: str) -> Markup:
        pattern, titles = _term_lookup(self.corpus)
        escaped = str(escape(text))
        if pattern is None:
            return Markup(escaped)

        def wrap(match: re.Match[str]) -> str:
            tip = titles[match.group(0)]
            if tip in self.seen:
                return match.group(0)
            self.seen.add(tip)
            return f'<abbr title="{escape(tip)}">{match.group(0)}</abbr>'

        return Markup(pattern.sub(wrap, escaped))


GLOSSARY_REGULATIONS = 10  # large layout: regulations listed per term (the rest are counted)


def terms_in(corpus: Corpus, reg: Reg) -> dict[str, tuple[str, ...]]:
    """Term id → its spellings that ``reg``'s clauses use verbatim (memoised on the regulation by glossary)."""
    return reg.memo(("terms", corpus.glossary_digest), lambda: _terms_in(corpus, reg))


def _terms_in(corpus: Corpus, reg: Reg) -> dict[str, tuple[str, ...]]:
    # spellings hold no newline, so no false hits across clauses
    whole = "\n".join(c.text for c in reg.clauses.values() if c.kind in _TEXT_KINDS)
    found = {}
    for term in corpus.glossary.terms:
        present = tuple(s for s in (term.term, *term.aliases) if s and s in whole)
        if present:
            found[term.id] = present
    return found


_TEXT_KINDS = ("paragraph", "item", "block", "table")


def term_uses(corpus: Corpus, reg: Reg, term_id: str) -> list:
    """The clauses of ``reg`` that use a term verbatim."""
    spellings = terms_in(corpus, reg).get(term_id, ())
    return [
        c for c in reg.clauses.values() if c.kind in _TEXT_KINDS and spellings and any(s in c.text for s in spellings)
    ]


def entries(corpus: Corpus, large: bool) -> list[dict]:
    """Every term, alphabetically, with the regulations and clauses that use it verbatim and the names the
    regulations give its agency. In the large layout (``large``) each term lists its first
    :data:`GLOSSARY_REGULATIONS` regulations and counts the rest, and only their clauses are looked up."""
    limit = GLOSSARY_REGULATIONS if large else None
    per_reg = [(reg, terms_in(corpus, reg)) for reg in corpus.regs]
    out = []
    for term in sorted(corpus.glossary.terms, key=lambda t: t.term):
        using = [reg for reg, found in per_reg if term.id in found]
        uses = [{"reg": reg, "clauses": term_uses(corpus, reg, term.id)} for reg in using[:limit]]
        names = [
            r.agency_name(term.agency)
            for r in corpus.regs
            if term.agency and any(a.agency == term.agency for a in r.data.agencies)
        ]
        out.append({"term": term, "uses": uses, "count": len(using), "names": sorted(set(names))})
    return out


def abbreviations(corpus: Corpus, text: str | None = None) -> str:
    """Markdown abbreviation definitions (Material shows them as tooltips), for terms ``text`` uses."""
    lines = []
    for term in corpus.glossary.terms:
        tip = (f"{term.full}：" if term.full else "") + term.definition
        for spelling in (term.term, *term.aliases):
            line = encode.markdown_abbreviation(spelling, tip)
            if line and len(spelling) >= 2 and (text is None or spelling in text):
                lines.append(line)
    return "\n".join(sorted(set(lines))) + "\n"
