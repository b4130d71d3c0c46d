"""Cross-region comparisons: topic matrix, thresholds, deadlines, agencies and side-by-side texts.

Each function returns plain rows (dicts) so the site, the CSV/JSON downloads and the
tests all read the same data.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from . import vocab
from .corpus import Corpus
from .decide import agency_name, clause_url
from .model import Reg

SUMMARY_CHARS = 48


def _ref(reg: Reg, clause_id: str) -> dict[str, str]:
    return {"clause": clause_id, "label": reg.label(clause_id), "url": clause_url(reg.id, clause_id)}


def summarise(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence of a text, cut to ``limit`` characters."""
    first = re.split(r"(?<=[。；;])", text.strip(), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def topic_units(reg: Reg, topic: str) -> list[Any]:
    return [node for node in reg.units() if topic in node.topics]


def topic_matrix(corpus: Corpus) -> list[dict[str, Any]]:
    """For each topic, per region: a one-line summary and links to every clause on it."""
    rows = []
    for topic, label in vocab.TOPICS.items():
        cells = {}
        for reg in corpus.regs:
            units = topic_units(reg, topic)
            if units:
                cells[reg.id] = {
                    "summary": summarise(reg.unit_text(units[0])),
                    "clauses": [_ref(reg, u.id) for u in units],
                }
        rows.append({"topic": topic, "label": label, "cells": cells})
    return rows


def thresholds(corpus: Corpus) -> list[dict[str, Any]]:
    rows = []
    for reg in corpus.regs:
        for t in sorted(reg.data.thresholds, key=lambda t: t.amount):
            rows.append(
                {
                    "region": reg.id,
                    "region_name": reg.region_name,
                    "id": t.id,
                    "amount": t.amount,
                    "unit": t.unit,
                    "comparison": vocab.COMPARISONS[t.comparison],
                    "inclusive": t.comparison in ("gte", "lte"),
                    "wording": t.wording,
                    "subject": t.subject,
                    "triggers": t.triggers,
                    "discretionary": t.discretionary,
                    **_ref(reg, t.cite[0]),
                }
            )
    return rows


def deadlines(corpus: Corpus) -> list[dict[str, Any]]:
    rows = []
    for reg in corpus.regs:
        for d in reg.data.deadlines:
            rows.append(
                {
                    "region": reg.id,
                    "region_name": reg.region_name,
                    "id": d.id,
                    "wording": d.wording,
                    "kind": vocab.DEADLINE_KINDS[d.kind],
                    "what": d.what,
                    "actor": agency_name(reg, d.actor),
                    **_ref(reg, d.cite[0]),
                }
            )
    return rows


def roles(corpus: Corpus) -> list[dict[str, Any]]:
    """Role × region: which agency does what, with the clause."""
    rows = []
    for role, label in vocab.ROLES.items():
        cells: dict[str, list[dict[str, str]]] = {}
        for reg in corpus.regs:
            for r in reg.data.roles:
                if r.role == role:
                    cells.setdefault(reg.id, []).append(
                        {"agency": agency_name(reg, r.agency), "duty": r.duty, **_ref(reg, r.cite[0])}
                    )
        rows.append({"role": role, "label": label, "cells": cells})
    return rows


def side_by_side(corpus: Corpus, topic: str) -> list[dict[str, Any]]:
    """The full texts of every clause on ``topic``, region by region."""
    out = []
    for reg in corpus.regs:
        units = topic_units(reg, topic)
        out.append(
            {
                "region": reg.id,
                "region_name": reg.region_name,
                "title": reg.meta.title,
                "units": [{**_ref(reg, u.id), "id": u.id} for u in units],
            }
        )
    return out


def _flat_rows(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    matrix = [
        {
            "topic": row["topic"],
            "topic_label": row["label"],
            "region": reg_id,
            "summary": cell["summary"],
            "clauses": " ".join(c["clause"] for c in cell["clauses"]),
            "labels": "、".join(c["label"] for c in cell["clauses"]),
        }
        for row in topic_matrix(corpus)
        for reg_id, cell in row["cells"].items()
    ]
    role_rows = [
        {"role": row["role"], "role_label": row["label"], "region": reg_id, **entry}
        for row in roles(corpus)
        for reg_id, entries in row["cells"].items()
        for entry in entries
    ]
    return {"topics": matrix, "thresholds": thresholds(corpus), "deadlines": deadlines(corpus), "roles": role_rows}


def downloads(corpus: Corpus) -> dict[str, str]:
    """File name → content for every comparison table, as CSV and JSON."""
    files: dict[str, str] = {}
    tables = _flat_rows(corpus)
    for name, rows in tables.items():
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        files[f"{name}.csv"] = "\ufeff" + buffer.getvalue()  # BOM so spreadsheet software reads UTF-8
        files[f"{name}.json"] = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True)
    files["comparison.json"] = json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True)
    return files
