"""Comparisons across regulations: topic matrix, thresholds, deadlines, agencies and side-by-side texts.

Each function returns plain rows (dicts) so the site, the CSV/JSON downloads and the
tests all read the same data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from . import corpus as _corpus
from . import encode, vocab
from .citation import cite_clauses
from .corpus import Corpus
from .model import Reg
from .schema import Item
from .urls import clause_url, status_url


def _ref(reg: Reg, clause_id: str) -> dict[str, str]:
    return {"clause": clause_id, "label": reg.label(clause_id), "url": clause_url(reg.id, clause_id)}


def _refs(reg: Reg, clause_ids: list[str] | tuple[str, ...]) -> list[dict[str, str]]:
    """Every clause a fact rests on, in the order the data cites them."""
    return [_ref(reg, cid) for cid in clause_ids]


def _on(on: dt.date | None) -> dt.date:
    if on is not None:
        return on
    from .render import today  # the build date; render imports this module

    return today()


def status_marks(reg: Reg, clause_ids: list[str] | tuple[str, ...], on: dt.date) -> list[dict[str, str]]:
    """The status notes (later revision, newer rules, expired 试行 period) that touch a fact citing
    ``clause_ids``, each linking to the note on the regulation page."""
    return [
        {"id": note.id, "label": note.label, "summary": note.summary, "url": status_url(reg.id, note.id)}
        for note in reg.currency(on).notes
        if reg.affected_by(note, clause_ids)
    ]


def topic_units(reg: Reg, topic: str) -> list[Any]:
    return [node for node in reg.units() if topic in node.topics]


CELL_LABELS = {"summary": "编者摘要", "not_applicable": "不适用", "none": "未规定"}


def topic_cues() -> dict[str, list[str]]:
    """Topic → the cue words ``regkb lint`` checks every untagged unit for (data/topic-cues.yml; empty if
    the data has no cues file): what backs a 未规定 cell. A corpus keeps them (``corpus.cues``)."""
    return _corpus.topic_cues()


def none_note(topic: str, cues: dict[str, list[str]]) -> str:
    """What a 未规定 cell claims, and on what check it rests."""
    if topic not in cues:
        return "本办法没有条款标注此主题。"
    words = "、".join(f"“{w}”" for w in cues[topic])
    return (
        f"本办法没有条款标注此主题；全文已按本主题的提示词（{words}）逐条核查（regkb lint），"
        "命中提示词的条款均已另行标注，或在数据中逐条说明不属此主题。"
    )


def topic_cells(
    reg: Reg, on: dt.date | None = None, cues: dict[str, list[str]] | None = None
) -> dict[str, dict[str, Any]]:
    """Every topic's cell for one regulation: the editorial summary (编者摘要) citing the clauses it
    summarises, 不适用 with its reason, or 未规定 (no clause tagged); with every tagged clause (the
    full texts, one click away) and the status notes touching what it cites. ``cues``: the corpus's
    (see :func:`topic_cues`); memoised on the regulation by date and cues."""
    on = _on(on)
    if cues is None:
        return _cells_for(reg, on, topic_cues())
    # Equal cues share cells, so their text is the key; it is worked out once per cues object (a
    # corpus keeps one, ``corpus.cues``), not on every call. The entry holds the object, so its id
    # cannot be reused by another while the entry lives.
    return reg.memo(("cells-of", on, id(cues)), lambda: (cues, _cells_for(reg, on, cues)))[1]


def _cells_for(reg: Reg, on: dt.date, cues: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    key = ("cells", on, json.dumps(cues, ensure_ascii=False, sort_keys=True))
    return reg.memo(key, lambda: _topic_cells(reg, on, cues))


def _topic_cells(reg: Reg, on: dt.date, cues: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    tagged: dict[str, list[str]] = {}
    for node in reg.units():
        for topic in node.topics:
            tagged.setdefault(topic, []).append(node.id)
    answers: dict[str, tuple[str, str, list[str]]] = {}
    for s in reg.data.summaries:
        answers[s.topic] = ("summary", s.text, list(s.cite))
    for n in reg.data.not_applicable:
        answers.setdefault(n.topic, ("not_applicable", n.reason, list(n.cite)))
    cells = {}
    for topic in vocab.TOPICS:
        kind, text, cite = answers.get(topic, ("none", none_note(topic, cues), []))
        cells[topic] = {
            "kind": kind,
            "label": CELL_LABELS[kind],
            "text": text,
            "clauses": _refs(reg, cite),
            "tagged": _refs(reg, tagged.get(topic, [])),
            "status": status_marks(reg, cite, on),
        }
    return cells


def topic_cell(
    reg: Reg, topic: str, on: dt.date | None = None, cues: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """One regulation on one topic."""
    return topic_cells(reg, on, cues)[topic]


def topic_matrix(corpus: Corpus, on: dt.date | None = None) -> list[dict[str, Any]]:
    """For each topic, per regulation: its cell (summary, 不适用 or 未规定) with its clause links."""
    on = _on(on)
    by_regulation = {reg.id: topic_cells(reg, on, corpus.cues) for reg in corpus.regs}  # one memo look-up each
    return [
        {"topic": topic, "label": label, "cells": {reg_id: cells[topic] for reg_id, cells in by_regulation.items()}}
        for topic, label in vocab.TOPICS.items()
    ]


def _cited(reg: Reg, cite: list[str], on: dt.date) -> dict[str, Any]:
    """The citation fields of a row: every clause it rests on and the status notes touching them."""
    return {"clauses": _refs(reg, cite), "status": status_marks(reg, cite, on)}


def regulation_thresholds(reg: Reg, on: dt.date | None = None) -> list[dict[str, Any]]:
    """One regulation's amount thresholds, smallest first, each with every clause it rests on."""
    on = _on(on)
    return [
        {
            "regulation": reg.id,
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
            **_cited(reg, t.cite, on),
        }
        for t in sorted(reg.data.thresholds, key=lambda t: t.amount)
    ]


def thresholds(corpus: Corpus, on: dt.date | None = None) -> list[dict[str, Any]]:
    return [row for reg in corpus.regs for row in regulation_thresholds(reg, on)]


def regulation_deadlines(reg: Reg, on: dt.date | None = None) -> list[dict[str, Any]]:
    """One regulation's deadlines, in the order of the extract, each with every clause it rests on."""
    on = _on(on)
    return [
        {
            "regulation": reg.id,
            "region_name": reg.region_name,
            "id": d.id,
            "wording": d.wording,
            "kind": vocab.DEADLINE_KINDS[d.kind],
            "what": d.what,
            "actor": reg.agency_name(d.actor),
            **_cited(reg, d.cite, on),
        }
        for d in reg.data.deadlines
    ]


def deadlines(corpus: Corpus, on: dt.date | None = None) -> list[dict[str, Any]]:
    return [row for reg in corpus.regs for row in regulation_deadlines(reg, on)]


def regulation_roles(reg: Reg, on: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Role → which agency does it under one regulation, with the duty and every clause it rests on."""
    on = _on(on)
    cells: dict[str, list[dict[str, Any]]] = {}
    for r in reg.data.roles:
        cells.setdefault(r.role, []).append(
            {"agency": reg.agency_name(r.agency), "duty": r.duty, **_cited(reg, r.cite, on)}
        )
    return cells


def roles(corpus: Corpus, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Role × regulation: which agency does what, with its clauses."""
    per_regulation = {reg.id: regulation_roles(reg, on) for reg in corpus.regs}
    return [
        {
            "role": role,
            "label": label,
            "cells": {reg_id: cells[role] for reg_id, cells in per_regulation.items() if role in cells},
        }
        for role, label in vocab.ROLES.items()
    ]


def side_by_side(corpus: Corpus, topic: str) -> list[dict[str, Any]]:
    """The full texts of every clause on ``topic``, regulation by regulation."""
    out = []
    for reg in corpus.regs:
        units = topic_units(reg, topic)
        out.append(
            {
                "regulation": reg.id,
                "region_name": reg.region_name,
                "title": reg.meta.title,
                "units": [{**_ref(reg, u.id), "id": u.id} for u in units],
            }
        )
    return out


def _items(items: list[Item]) -> list[dict[str, Any]]:
    return [{"label": i.label, "text": (i.heading or "") + i.text, "items": _items(i.items)} for i in items]


def regulation_units(reg: Reg) -> list[dict[str, Any]]:
    """One regulation's units with their topics and full text: its side-by-side column on any topic."""
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


def _regulation_rows(reg: Reg, on: dt.date, cues: dict[str, list[str]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """One regulation's rows of each download table, by topic or role where the table is ordered by them."""
    topics = {
        topic: [
            {
                "topic": topic,
                "topic_label": vocab.TOPICS[topic],
                "regulation": reg.id,
                "region_name": reg.region_name,
                "kind": cell["label"],
                "text": cell["text"],
                "clauses": cell["clauses"],
                "status": cell["status"],
                "regulation_status": reg.currency(on).label,
            }
        ]
        for topic, cell in topic_cells(reg, on, cues).items()
    }
    roles = {
        role: [{"role": role, "role_label": vocab.ROLES[role], "regulation": reg.id, **entry} for entry in entries]
        for role, entries in regulation_roles(reg, on).items()
    }
    return {
        "topics": topics,
        "thresholds": {"": regulation_thresholds(reg, on)},
        "deadlines": {"": regulation_deadlines(reg, on)},
        "roles": roles,
    }


def unit_lines(paragraphs: list[dict[str, Any]]) -> list[str]:
    """A unit's paragraphs and (sub)items (as :func:`regulation_units` gives them) as lines of text,
    each item with its label."""
    lines: list[str] = []

    def items(entries: list[dict[str, Any]]) -> None:
        for item in entries:
            lines.append(f"{item['label']}{item['text']}")
            items(item["items"])

    for p in paragraphs:
        lines.append(p["text"])
        items(p["items"])
    return lines


def topic_texts(reg: Reg) -> dict[str, list[tuple[str, str]]]:
    """Topic → (unit id, full text headed by its 条 label) of every unit of ``reg`` tagged with it."""
    texts: dict[str, list[tuple[str, str]]] = {}
    for unit in regulation_units(reg):
        head = f"{unit['label']}　{unit['heading']}" if unit["heading"] else unit["label"]
        text = f"{head}　" + "\n".join(unit_lines(unit["paragraphs"]))
        for topic in unit["topics"]:
            texts.setdefault(topic, []).append((unit["clause"], text))
    return texts


def provisions(reg: Reg, tagged: list[tuple[str, str]], cited: list[str]) -> str:
    """The provisions a topics.csv row carries beside its cell: the full text of every unit tagged
    with the topic, then any clause the cell cites outside them (a preamble, an attachment), each
    headed by its label."""
    units = {unit for unit, _ in tagged}
    extra = [f"{reg.label(c)}　{reg.clauses[c].text}" for c in cited if reg.clauses[c].unit not in units]
    return "\n".join([text for _, text in tagged] + extra)


def _cited_text(reg: Reg, row: dict[str, Any]) -> str:
    refs = row.get("clauses", [])
    return cite_clauses(reg, [r["clause"] for r in refs]) if refs else ""


def _yes(value: bool) -> str:
    return "是" if value else "否"


# The CSV downloads' columns: Chinese headers (officials open them in Excel), the reading columns
# first, then the ids and site paths a program joins on. A column is a row field or a function of
# (regulation, row). Each cited clause is cited in full (《标题》（文号）第X条第Y款); its link is a
# path from the site's root.
_CsvColumn = tuple[str, str | Any]
_CITED: list[_CsvColumn] = [
    ("依据条款", _cited_text),
    ("状态提示", lambda _reg, row: "；".join(f"{m['label']}：{m['summary']}" for m in row.get("status", []))),
]
_IDS: list[_CsvColumn] = [
    ("条款编号", lambda _reg, row: " ".join(r["clause"] for r in row.get("clauses", []))),
    ("条款链接（站内路径）", lambda _reg, row: " ".join(r["url"] for r in row.get("clauses", []))),
]
CSV_COLUMNS: dict[str, list[_CsvColumn]] = {
    "topics": [
        ("主题", "topic_label"),
        ("地区", "region_name"),
        ("类型", "kind"),
        ("内容", "text"),
        *_CITED,
        ("法规状态", "regulation_status"),
        ("条款原文", "provisions"),
        ("主题代码", "topic"),
        ("办法代码", "regulation"),
        *_IDS,
    ],
    "thresholds": [
        ("地区", "region_name"),
        ("金额", "amount"),
        ("单位", "unit"),
        ("比较", "comparison"),
        ("含本数", lambda _reg, row: _yes(row["inclusive"])),
        ("原文表述", "wording"),
        ("适用对象", "subject"),
        ("触发事项", "triggers"),
        ("可酌情", lambda _reg, row: _yes(row["discretionary"])),
        *_CITED,
        ("办法代码", "regulation"),
        ("编号", "id"),
        *_IDS,
    ],
    "deadlines": [
        ("地区", "region_name"),
        ("时限", "wording"),
        ("类型", "kind"),
        ("事项", "what"),
        ("责任主体", "actor"),
        *_CITED,
        ("办法代码", "regulation"),
        ("编号", "id"),
        *_IDS,
    ],
    "roles": [
        ("职责", "role_label"),
        ("地区", lambda reg, _row: reg.region_name),
        ("机构", "agency"),
        ("职责内容", "duty"),
        *_CITED,
        ("职责代码", "role"),
        ("办法代码", "regulation"),
        *_IDS,
    ],
}


def _csv_values(reg: Reg, table: str, row: dict[str, Any]) -> list[Any]:
    """A row as spreadsheet cells, in the order of :data:`CSV_COLUMNS`, each through :func:`encode.cell`."""
    return [
        encode.cell(row[field] if isinstance(field, str) else field(reg, row)) for _header, field in CSV_COLUMNS[table]
    ]


# Table → the order of its groups: the topic and role tables list every regulation's row on one topic
# (role) before the next; thresholds and deadlines list regulation by regulation.
_GROUPS = {"topics": list(vocab.TOPICS), "thresholds": [""], "deadlines": [""], "roles": list(vocab.ROLES)}

Serialised = dict[str, dict[str, list[tuple[str, list[Any]]]]]  # table → group → (row JSON, CSV values)


def _rows_of(reg: Reg, on: dt.date, cues: dict[str, list[str]], remember: bool = True) -> Serialised:
    """A regulation's rows serialised once (memoised on the regulation by date and cues when ``remember``):
    a rebuild joins them instead of serialising tens of megabytes again. A build that is not followed by
    rebuilds does not keep them (about 250 MB at 3,000 regulations), but uses those kept before."""
    key = ("rows", on, json.dumps(cues, ensure_ascii=False, sort_keys=True))
    if remember:
        return reg.memo(key, lambda: _serialise(reg, on, cues))
    return reg.recall(key) or _serialise(reg, on, cues)


def _serialise(reg: Reg, on: dt.date, cues: dict[str, list[str]]) -> Serialised:
    out: Serialised = {}
    tagged = topic_texts(reg)

    def csv_row(table: str, row: dict[str, Any]) -> list[Any]:
        if table == "topics":
            cited = [r["clause"] for r in row["clauses"]]
            row = {**row, "provisions": provisions(reg, tagged.get(row["topic"], []), cited)}
        return _csv_values(reg, table, row)

    for table, groups in _regulation_rows(reg, on, cues).items():
        out[table] = {}
        for group, rows in groups.items():
            out[table][group] = [(encode.json_text(row, sort_keys=True), csv_row(table, row)) for row in rows]
    return out


def prepare_downloads(corpus: Corpus, on: dt.date | None = None) -> None:
    """Serialise every regulation's rows now (they are memoised), so that after an edit :func:`downloads`
    serialises only the edited regulation's (``mkdocs serve`` calls this once it has built the site)."""
    on = _on(on)
    for reg in corpus.regs:
        _rows_of(reg, on, corpus.cues)


def downloads(corpus: Corpus, on: dt.date | None = None, remember: bool = True) -> dict[str, str]:
    """File name → content for every comparison table, as CSV and JSON; each row carries every
    clause it rests on and the status notes (as of ``on``, the build date) touching them.
    ``remember``: keep each regulation's serialised rows on it for the next rebuild (see :func:`_rows_of`)."""
    on = _on(on)
    per_reg = [_rows_of(reg, on, corpus.cues, remember) for reg in corpus.regs]
    files: dict[str, str] = {}
    tables: dict[str, str] = {}
    for table, groups in _GROUPS.items():
        rows = [row for group in groups for rows in per_reg for row in rows[table].get(group, [])]
        buffer = io.StringIO()
        # CRLF as RFC 4180 has it; a line break inside a cell (a clause's paragraphs) stays LF in quotes
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([header for header, _field in CSV_COLUMNS[table]])
        writer.writerows(values for _, values in rows)
        files[f"{table}.csv"] = "\ufeff" + buffer.getvalue()  # BOM: Excel reads the file as UTF-8
        tables[table] = "[" + ", ".join(text for text, _ in rows) + "]"
        files[f"{table}.json"] = tables[table]
    # as json.dumps(sort_keys=True) would write the four tables in one object
    files["comparison.json"] = "{" + ", ".join(f"{json.dumps(t)}: {tables[t]}" for t in sorted(tables)) + "}"
    return files
