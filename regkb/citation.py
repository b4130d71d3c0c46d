"""One citation form for every export: 《标题》（文号）第X条第Y款.

The browser writes the same form with docs/javascripts/citation.js; both are tested against
tests/cases/citations.yml, so a Word file made at build time and one made in the browser cite alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Reg


def cite(title: str, doc_number: str | None, labels: Iterable[str] = ()) -> str:
    """``《title》（doc_number）label、label``; without a 文号 the brackets are left out, without
    labels the regulation alone is cited."""
    number = f"（{doc_number}）" if doc_number else ""
    return f"《{title}》{number}" + "、".join(label for label in labels if label)


def cite_clauses(reg: Reg, clause_ids: Iterable[str]) -> str:
    """The citation of clauses of one regulation, by their labels (第十二条第三款)."""
    return cite(reg.meta.title, reg.meta.doc_number, [reg.label(c) for c in clause_ids])
