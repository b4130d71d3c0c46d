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

from . import encode, vocab
from .corpus import Corpus
from .decide import agency_name, clause_url, page_url
from .model import Reg
from .schema import Item

SUMMARY_CHARS = 48


def _ref(reg: Reg, clause_id: str) -> dict[str, str]:
    return {"clause": clause_id, "label": reg.label(clause_id), "url": clause_url(reg.id, clause_id)}


def summarise(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence of a text, cut to ``limit`` characters."""
    first = re.split(r"(?<=[。；;])", text.strip(), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def topic_units(reg: Reg, topic: str) -> list[Any]:
    return [node for node in reg.units() if topic in node.topics]


# regulation digest → its cell per topic (one walk of the regulation instead of one per topic)
_cells: dict[str, dict[str, dict[str, Any]]] = {}


def topic_cells(reg: Reg) -> dict[str, dict[str, Any]]:
    """Per topic the region speaks to: a one-line summary and links to every clause on it."""
    if reg.digest and reg.digest in _cells:
        return _cells[reg.digest]
    units: dict[str, list[Any]] = {}
    for node in reg.units():
        for topic in node.topics:
            units.setdefault(topic, []).append(node)
    cells = {
        topic: {
            "summary": summarise(reg.unit_text(units[topic][0])),
            "clauses": [_ref(reg, u.id) for u in units[topic]],
        }
        for topic in vocab.TOPICS
        if topic in units
    }
    if reg.digest:
        _cells[reg.digest] = cells
    return cells


def topic_cell(reg: Reg, topic: str) -> dict[str, Any] | None:
    """One region on one topic (None if the regulation is silent on it)."""
    return topic_cells(reg).get(topic)


def topic_matrix(corpus: Corpus) -> list[dict[str, Any]]:
    """For each topic, per region: a one-line summary and links to every clause on it."""
    rows = []
    for topic, label in vocab.TOPICS.items():
        cells = {reg.id: cell for reg in corpus.regs if (cell := topic_cell(reg, topic)) is not None}
        rows.append({"topic": topic, "label": label, "cells": cells})
    return rows


def region_thresholds(reg: Reg) -> list[dict[str, Any]]:
    """One region's amount thresholds, smallest first, each with its clause."""
    return [
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
        for t in sorted(reg.data.thresholds, key=lambda t: t.amount)
    ]


def thresholds(corpus: Corpus) -> list[dict[str, Any]]:
    return [row for reg in corpus.regs for row in region_thresholds(reg)]


def region_deadlines(reg: Reg) -> list[dict[str, Any]]:
    """One region's deadlines, in the order of the extract, each with its clause."""
    return [
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
        for d in reg.data.deadlines
    ]


def deadlines(corpus: Corpus) -> list[dict[str, Any]]:
    return [row for reg in corpus.regs for row in region_deadlines(reg)]


def region_roles(reg: Reg) -> dict[str, list[dict[str, str]]]:
    """Role → which agency does it in one region, with the duty and the clause."""
    cells: dict[str, list[dict[str, str]]] = {}
    for r in reg.data.roles:
        cells.setdefault(r.role, []).append(
            {"agency": agency_name(reg, r.agency), "duty": r.duty, **_ref(reg, r.cite[0])}
        )
    return cells


def roles(corpus: Corpus) -> list[dict[str, Any]]:
    """Role × region: which agency does what, with the clause."""
    per_region = {reg.id: region_roles(reg) for reg in corpus.regs}
    return [
        {
            "role": role,
            "label": label,
            "cells": {reg_id: cells[role] for reg_id, cells in per_region.items() if role in cells},
        }
        for role, label in vocab.ROLES.items()
    ]


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


def _items(items: list[Item]) -> list[dict[str, Any]]:
    return [{"label": i.label, "text": (i.heading or "") + i.text, "items": _items(i.items)} for i in items]


def region_units(reg: Reg) -> list[dict[str, Any]]:
    """One region's units with their topics and full text: its side-by-side column on any topic."""
    return [
        {
            **_ref(reg, node.id),
            "heading": node.heading,
            "topics": list(node.topics),
            "paragraphs": [{"text": p.text, "items": _items(p.items)} for p in node.paragraphs],
        }
        for node in reg.units()
        if node.topics
    ]


def region_bundle(reg: Reg, province: str) -> dict[str, Any]:
    """Everything the comparison page shows for one region, for the browser to combine with others."""
    return {
        "region": reg.id,
        "region_name": reg.region_name,
        "region_path": reg.region_path,
        "province": province,
        "title": reg.meta.title,
        "url": page_url(reg.id),
        "topics": topic_cells(reg),
        "thresholds": region_thresholds(reg),
        "deadlines": region_deadlines(reg),
        "roles": region_roles(reg),
        "units": region_units(reg),
    }


def _region_rows(reg: Reg) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """One region's rows of each download table, by topic or role where the table is ordered by them."""
    topics = {
        topic: [
            {
                "topic": topic,
                "topic_label": vocab.TOPICS[topic],
                "region": reg.id,
                "summary": cell["summary"],
                "clauses": " ".join(c["clause"] for c in cell["clauses"]),
                "labels": "、".join(c["label"] for c in cell["clauses"]),
            }
        ]
        for topic, cell in topic_cells(reg).items()
    }
    roles = {
        role: [{"role": role, "role_label": vocab.ROLES[role], "region": reg.id, **entry} for entry in entries]
        for role, entries in region_roles(reg).items()
    }
    return {
        "topics": topics,
        "thresholds": {"": region_thresholds(reg)},
        "deadlines": {"": region_deadlines(reg)},
        "roles": roles,
    }


# Table → the order of its groups: the topic and role tables list every region's row on one topic
# (role) before the next; thresholds and deadlines list region by region.
_GROUPS = {"topics": list(vocab.TOPICS), "thresholds": [""], "deadlines": [""], "roles": list(vocab.ROLES)}

Serialised = dict[str, dict[str, list[tuple[str, list[Any]]]]]  # table → group → (row JSON, CSV values)
_serialised: dict[str, tuple[Serialised, dict[str, list[str]]]] = {}  # regulation digest → its rows, for serve


def _rows_of(reg: Reg) -> tuple[Serialised, dict[str, list[str]]]:
    """A region's rows serialised once (memoised by digest): a rebuild joins them instead of
    serialising tens of megabytes again. Also each table's column names."""
    if reg.digest and reg.digest in _serialised:
        return _serialised[reg.digest]
    out: Serialised = {}
    columns: dict[str, list[str]] = {}
    for table, groups in _region_rows(reg).items():
        out[table] = {}
        for group, rows in groups.items():
            out[table][group] = [
                (encode.json_text(row, sort_keys=True), [encode.cell(v) for v in row.values()]) for row in rows
            ]
            if rows:
                columns[table] = list(rows[0])
    if reg.digest:
        _serialised[reg.digest] = (out, columns)
    return out, columns


def prepare_downloads(corpus: Corpus) -> None:
    """Serialise every region's rows now (they are memoised), so that after an edit :func:`downloads`
    serialises only the edited region's (``mkdocs serve`` calls this once it has built the site)."""
    for reg in corpus.regs:
        _rows_of(reg)


def downloads(corpus: Corpus) -> dict[str, str]:
    """File name → content for every comparison table, as CSV and JSON."""
    per_reg = [_rows_of(reg) for reg in corpus.regs]
    files: dict[str, str] = {}
    tables: dict[str, str] = {}
    for table, groups in _GROUPS.items():
        rows = [row for group in groups for rows, _ in per_reg for row in rows[table].get(group, [])]
        columns = next((c[table] for _, c in per_reg if table in c), None)
        buffer = io.StringIO()
        if columns:
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(values for _, values in rows)
        files[f"{table}.csv"] = "\ufeff" + buffer.getvalue()  # BOM so spreadsheet software reads UTF-8
        tables[table] = "[" + ", ".join(text for text, _ in rows) + "]"
        files[f"{table}.json"] = tables[table]
    # as json.dumps(sort_keys=True) would write the four tables in one object
    files["comparison.json"] = "{" + ", ".join(f"{json.dumps(t)}: {tables[t]}" for t in sorted(tables)) + "}"
    return files
