"""HTML for the site's generated views, from Jinja2 templates with autoescaping.

Every string from the data reaches HTML through Jinja2's escaping (or ``markupsafe.escape``
before glossary terms are wrapped in ``<abbr>``), so text such as ``<script>`` in a clause
shows as text. The output has no blank lines, so Markdown passes it through untouched.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from . import chart_text, compare, diff, drafting, exports, glossary, layout, plots, urls, vocab, vocab_fields
from .corpus import Corpus
from .digest import digest
from .model import Reg
from .schema import Node, Paragraph, Table
from .text import CHECKBOX

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Templates:
    """The page templates' Jinja environment, with the templates it compiled: a build owns one
    (``Build.templates``) and hands it to every view, so no module keeps it."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("regkb", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals.update(urls.GLOBALS)

    def html(self, template: str, **context: object) -> str:
        """Render a template and drop blank lines (a blank line would end Markdown's raw-HTML block)."""
        out = self.env.get_template(template).render(**context)
        return "\n".join(line for line in out.splitlines() if line.strip())

    def module(self, template: str) -> Any:
        """A template's macros, to call from Python."""
        return self.env.get_template(template).module


def templates_version() -> str:
    """A digest of the page templates, so cached pages are re-rendered when a template changes."""
    paths = sorted(TEMPLATES.glob("*.html"))
    return digest(*(part for p in paths for part in (p.name, p.read_bytes())))


def today() -> dt.date:
    """The date status badges are computed for (REGKB_TODAY=YYYY-MM-DD fixes it for reproducible builds)."""
    import os

    fixed = os.environ.get("REGKB_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


class _Context:
    """What the clause templates call back into: anchors, repair notes, topic tags."""

    def __init__(
        self, corpus: Corpus, reg: Reg, to_root: str, large: bool, templates: Templates, on: dt.date | None = None
    ) -> None:
        self.reg = reg
        self.templates = templates
        self._notes: dict[str, list] = {}
        self._note_refs: dict[str, list] = {}
        self._marked: dict[str, list] = {}
        if on is not None:  # on the regulation page: clauses a status note names carry a mark to it
            for note in reg.currency(on).notes:
                for cid in note.affects:
                    self._marked.setdefault(cid, []).append(note)
        self.to_root = to_root
        self.terms = glossary.Terms(corpus)
        self.large = large
        self._repairs: dict[str, list] = {}
        for repair in reg.data.repairs:
            self._repairs.setdefault(repair.clause, []).append(repair)
        if on is not None:
            self._place_interpretations()

    def permalink(self, clause_id: str) -> Markup:
        return Markup('<a class="rk-permalink" href="#{0}" title="{1}">¶</a>').format(
            clause_id, f"{self.reg.label(clause_id)}的链接"
        )

    def repairs(self, clause_id: str) -> Markup:
        notes = self._repairs.get(clause_id, [])
        return Markup("").join(
            Markup(
                '<span class="rk-repair" id="note-{0}" title="{1}">校勘记：原文“{2}”，今作“{3}”。{4}'
                '<a href="#repair-{0}">〔详〕</a></span>'
            ).format(r.id, vocab.REPAIR_KINDS[r.kind], _visible(r.original), r.repaired, r.reason)
            for r in notes
        )

    def _place_interpretations(self) -> None:
        """Each interpretation's note goes beside the first clause of the body it cites (in document
        order); the other clauses it cites get a reference to it."""
        order = {cid: i for i, cid in enumerate(self.reg.clauses)}
        for note in getattr(self.reg.data, "interpretations", []):
            # the box goes with the body's text when it cites any (a cover notice is folded away)
            cited = sorted(
                (c for c in note.cite if c in order),
                key=lambda c: (self.reg.clauses[c].kind == "block", order[c]),
            )
            if not cited:
                continue
            self._notes.setdefault(cited[0], []).append(note)
            for cid in cited[1:]:
                self._note_refs.setdefault(cid, []).append(note)

    def interpretations(self, *clause_ids: str) -> Markup:
        """编者注 boxes for an ambiguous clause: the reading the data follows, the other reading, and
        the helper's rules and exclusions that follow it; or a reference to the box at another clause."""
        out = []
        for cid in clause_ids:
            for note in self._notes.get(cid, []):
                out.append(
                    self.templates.html("_interpretation.html", note=note, reg=self.reg, affects=self._affected(note))
                )
            for note in self._note_refs.get(cid, []):
                out.append(
                    str(
                        Markup(
                            '<p class="rk-interpretation-ref"><a href="#interp-{0}">编者注：{1}（本条亦涉及）</a></p>'
                        ).format(note.id, note.question)
                    )
                )
        return Markup("".join(out))

    def paragraph_notes(self, para: Paragraph) -> Markup:
        """The notes on a paragraph or any of its items, after the paragraph."""
        ids = [para.id]
        stack = list(para.items)
        while stack:
            item = stack.pop(0)
            ids.append(item.id)
            stack[:0] = item.items
        return self.interpretations(*ids)

    def _affected(self, note) -> list[str]:
        titles = {r.id: r.title for r in (*self.reg.data.rules, *self.reg.data.exclusions)}
        return [titles.get(a, a) for a in note.affects]

    def status_marks(self, clause_id: str) -> Markup:
        """An inline mark on a clause a later change touches, linking to its note in the status banner."""
        return Markup("").join(
            Markup(
                '<a class="rk-status-mark rk-status-{0}" href="#status-{1}" title="{2}" data-search-exclude>'
                "〔{3}，见本页顶部说明〕</a>"
            ).format(note.kind, note.id, note.summary, note.label)
            for note in self._marked.get(clause_id, [])
        )

    def unit_meta(self, node: Node) -> Markup:
        tags = Markup("").join(
            Markup('<a class="rk-tag" href="{0}{1}" title="比较各地关于“{2}”的规定">{2}</a>').format(
                self.to_root, urls.topic_url(self.large, topic, self.reg.id), vocab.TOPICS[topic]
            )
            for topic in node.topics
        )
        return Markup('<div class="rk-tags" data-search-exclude>{0}</div>').format(tags) if tags else Markup("")

    def checkboxes(self, text: str) -> Markup:
        return Markup(str(self.terms(text)).replace(CHECKBOX, '<span class="rk-checkbox" aria-hidden="true">☐</span>'))


def _visible(text: str) -> str:
    return text.replace("\n", "⏎")


def status_class(reg: Reg, on: dt.date) -> str:
    return reg.currency(on).cls


def history(corpus: Corpus, reg: Reg) -> list[dict]:
    """Earlier versions of ``reg`` held in the knowledge base, each with the changes since."""
    out = []
    for doc in reg.meta.repeals:
        if doc.regulation and doc.regulation in corpus.by_id:
            old = corpus.get(doc.regulation)
            changes = [c for c in diff.compare(old, reg) if c.kind != "unchanged"]
            out.append({"old": old, "changes": changes, "counts": diff.summary(changes)})
    return out


def regulation_page(
    corpus: Corpus, reg: Reg, to_root: str, chart: str | None, *, large: bool, templates: Templates
) -> str:
    on = today()
    return templates.html(
        "regulation.html",
        reg=reg,
        meta=reg.meta,
        currency=reg.currency(on),
        ctx=_Context(corpus, reg, to_root, large, templates, on),
        to_root=to_root,
        history=history(corpus, reg),
        status=reg.status_label(on),
        status_class=status_class(reg, on),
        chart=Markup(chart or ""),
        has_chart=chart is not None,
        chart_steps=chart_text.process_steps(reg) if chart is not None else [],
        agency=reg.agency_name,
        repair_kind=lambda k: vocab.REPAIR_KINDS[k],
        width=_width,
    )


def _width(table: Table) -> int:
    return max(len(row) for row in table.rows)


def _regulation_rows(regs: list[Reg] | tuple[Reg, ...], on: dt.date) -> list[dict]:
    return [{"reg": r, "status": r.status_label(on), "cls": status_class(r, on)} for r in regs]


def regulations_table(corpus: Corpus, to_root: str, summary: bool = False, *, large: bool, templates: Templates) -> str:
    """The catalogue: one table of every regulation; in the large layout, one table per province,
    or with ``summary`` (the home page) one row per province."""
    on = today()
    if not large:
        return templates.html(
            "regulations.html", groups=[{"province": None, "rows": _regulation_rows(corpus.regs, on)}], to_root=to_root
        )
    provinces = layout.provinces(corpus)
    if summary:
        return provinces_summary(provinces, on, to_root, templates)
    groups = [{"province": p, "rows": _regulation_rows(p.regs, on)} for p in provinces]
    return templates.html("regulations.html", groups=groups, to_root=to_root)


def provinces_summary(provinces: list[layout.Province], on: dt.date, to_root: str, templates: Templates) -> str:
    """One row per province: how many regulations at each level, how many in force, and where to read them."""
    rows = []
    for province in provinces:
        levels: dict[str, int] = {}
        for reg in province.regs:
            levels[reg.meta.level] = levels.get(reg.meta.level, 0) + 1
        in_force = sum(vocab.STATUS_CLASSES[status_class(r, on)] for r in province.regs)
        rows.append({"province": province, "levels": levels, "in_force": in_force})
    return templates.html("provinces.html", rows=rows, levels=vocab.LEVELS, to_root=to_root)


def recent_updates(corpus: Corpus, to_root: str, limit: int = 10, *, templates: Templates) -> str:
    """最近更新: the newest change-log entries across all regulations."""
    entries = sorted(
        ((e, r) for r in corpus.regs for e in r.data.changelog), key=lambda p: (p[0].date, p[1].id), reverse=True
    )[:limit]
    return templates.html("recent.html", entries=entries, to_root=to_root)


def comparison_page(corpus: Corpus, to_root: str, *, large: bool, templates: Templates) -> str:
    """对比: every regulation in one set of tables, or in the large layout the picker."""
    if large:
        return templates.html(
            "compare_picker.html",
            count=len(corpus.regs),
            provinces=layout.provinces(corpus),
            topics=vocab.TOPICS,
            labels={"topics": list(vocab.TOPICS.items()), "roles": list(vocab.ROLES.items())},  # ordered pairs
            to_root=to_root,
        )
    return templates.html(
        "compare.html",
        **_comparison(corpus, lambda topic: urls.topic_url(False, topic)),
        figures=Markup(plots.threshold_plot(corpus, to_root)),
        figures_grid=Markup(plots.coverage_grid(corpus, to_root)),
        to_root=to_root,
    )


def _comparison(corpus: Corpus, topic_href: Callable[[str], str]) -> dict[str, object]:
    return {
        "regs": corpus.regs,
        "matrix": compare.topic_matrix(corpus),
        "thresholds": compare.thresholds(corpus),
        "deadlines": compare.deadlines(corpus),
        "roles": compare.roles(corpus),
        "topics": vocab.TOPICS,
        "topic_href": topic_href,
    }


def comparison_bundle(
    reg: Reg, templates: Templates, on: dt.date | None = None, cues: dict[str, list[str]] | None = None
) -> dict[str, object]:
    """One regulation's pieces of the large layout's comparison, for compare.js to place beside the chosen
    regulations' (it makes no markup of its own): its column head, its cell on every topic and role, its
    threshold and deadline rows, and its side-by-side column on every topic. Rendered by the macros
    that render the inline tables, with the comparison page's ``to_root``."""
    on = on or today()
    to_root = urls.to_root(urls.compare_url())
    table = templates.module("_cell.html")
    picker = templates.module("_picker.html")
    cells = compare.topic_cells(reg, on, cues)
    roles = compare.regulation_roles(reg, on)
    units = compare.regulation_units(reg)
    thresholds, deadlines = compare.regulation_thresholds(reg, on), compare.regulation_deadlines(reg, on)
    # each topic's cell rendered once: the table's cell and the side-by-side column show the same markup
    shown = {topic: table.cell(cells[topic], to_root) for topic in vocab.TOPICS}
    return {
        "head": str(picker.head(reg, to_root)),
        "topics": {
            topic: str(table.matrix_cell(cells[topic], to_root, reg.id, shown[topic])) for topic in vocab.TOPICS
        },
        "thresholds": "".join(str(table.threshold_row(t, to_root, reg.id)) for t in thresholds),
        "deadlines": "".join(str(table.deadline_row(d, to_root, reg.id)) for d in deadlines),
        "roles": {role: str(table.role_cell(roles.get(role, []), to_root, reg.id)) for role in vocab.ROLES},
        "texts": {
            topic: str(
                picker.column(reg, cells[topic], [u for u in units if topic in u["topics"]], to_root, shown[topic])
            )
            for topic in vocab.TOPICS
        },
        # the same cells and texts as data, for the Word file made in the browser (compare-docx.js):
        # a document, not markup, so docx-documents.js stays its one writer
        "word": {
            "region_name": reg.region_name,
            "title": reg.meta.title,
            "doc_number": reg.meta.doc_number,
            "status": reg.currency(on).label,
            "url": urls.page_url(reg.id),
            "cells": cells,
            "units": units,
        },
    }


def province_page(corpus: Corpus, code: str, charts: set[str], to_root: str, *, templates: Templates) -> str:
    """A province's comparison (large layout): the inline tables over that province's regulations."""
    province = layout.province_of(corpus, code)
    return templates.html(
        "province.html",
        **_comparison(
            layout.subset(corpus, province.regs), lambda topic: urls.topic_url(True, topic, province=province.code)
        ),
        province=province,
        charts=charts,
        to_root=to_root,
    )


def topic_summaries(corpus: Corpus, topic: str, to_root: str, *, large: bool, templates: Templates) -> str:
    """For hand-written pages: every regulation's cell on ``topic`` (编者摘要 with its clauses, 不适用 or
    未规定) and the regulation's status, so that a page stating such facts takes them from the data.

    In the large layout thousands of cells do not fit one page (3,000 regulations made the 新人入门
    page 21 MB): each province gets one row counting its cells by kind, linking to where its regulations'
    texts on the topic are read side by side."""
    on = today()
    if large:
        rows = []
        for province in layout.provinces(corpus):
            kinds = Counter(compare.topic_cell(r, topic, on, corpus.cues)["kind"] for r in province.regs)
            rows.append({"province": province, "kinds": kinds})
        totals = sum((row["kinds"] for row in rows), Counter())
        return templates.html(
            "topic_counts.html",
            topic=topic,
            rows=rows,
            totals=totals,
            count=len(corpus.regs),
            labels=compare.CELL_LABELS,
            none_note=compare.none_note(topic, corpus.cues),
            topic_href=lambda code: urls.topic_url(True, topic, province=code),
            to_root=to_root,
        )
    rows = [
        {"reg": r, "cell": compare.topic_cell(r, topic, on, corpus.cues), "currency": r.currency(on)}
        for r in corpus.regs
    ]
    return templates.html("topic_cells.html", topic=topic, rows=rows, to_root=to_root)


def status_notices(corpus: Corpus, to_root: str, *, large: bool, templates: Templates) -> str:
    """For hand-written pages: the regulations whose text may not state the rules in force as of the
    build date (a later revision, newer rules, an expired 试行 period), each note linking to its banner.

    In the large layout, one row per province counting its regulations by kind of notice, linking to
    the province's catalogue, where each regulation carries its badge."""
    on = today()
    rows = [{"reg": r, "currency": c} for r in corpus.regs if (c := r.currency(on)).warns]
    if large:
        counts = []
        for province in layout.provinces(corpus):
            kinds = Counter(kind for r in province.regs for kind in {n.kind for n in r.currency(on).notes})
            warned = sum(1 for r in province.regs if r.currency(on).warns)
            if warned:
                counts.append({"province": province, "kinds": kinds, "warned": warned})
        return templates.html(
            "status_counts.html", rows=counts, warned=len(rows), kinds=vocab.NOTICE_KINDS, today=on, to_root=to_root
        )
    return templates.html("status_list.html", rows=rows, today=on, to_root=to_root)


def drafting_workbench(
    corpus: Corpus, to_root: str, province: str | None = None, *, large: bool, templates: Templates
) -> str:
    """起草参考: every topic by chapter, each regulation's provisions side by side to adopt (workbench.js).

    In the large layout the workbench is per province (the texts of thousands of regulations do not fit
    one page): without ``province`` it lists the provinces' workbenches."""
    if large and province is None:
        return templates.html("workbench_provinces.html", provinces=layout.provinces(corpus), to_root=to_root)
    regs = list(layout.province_of(corpus, province).regs) if province else corpus.regs
    columns = {
        reg.id: [{**unit, "lines": exports.paragraphs(unit["paragraphs"])} for unit in compare.regulation_units(reg)]
        for reg in regs
    }
    return templates.html(
        "workbench.html",
        outline=drafting.outline(),
        regs=regs,
        columns=columns,
        cells={reg.id: compare.topic_cells(reg, cues=corpus.cues) for reg in regs},
        topic_href=lambda topic: urls.topic_url(large, topic, province=province),
        today=today().isoformat(),
        to_root=to_root,
    )


def topic_page(corpus: Corpus, topic: str, to_root: str, *, large: bool, templates: Templates) -> str:
    columns = []
    for column in compare.side_by_side(corpus, topic):
        reg = corpus.get(column["regulation"])
        ctx = _Context(corpus, reg, to_root, large, templates)
        units = [reg.clauses[u["id"]].obj for u in column["units"]]
        columns.append(
            {**column, "reg": reg, "ctx": ctx, "nodes": units, "cell": compare.topic_cell(reg, topic, cues=corpus.cues)}
        )
    return templates.html(
        "topic.html", topic=topic, label=vocab.TOPICS[topic], columns=columns, to_root=to_root, topics=vocab.TOPICS
    )


def counts(corpus: Corpus) -> dict[str, int]:
    """How many regulations, article-level units, helper rules and amount thresholds the corpus holds
    (once per corpus: a page may ask several times)."""
    return corpus.memo(
        "counts",
        lambda: {
            "regulations": len(corpus.regs),
            "articles": sum(len(list(r.units())) for r in corpus.regs),
            "rules": sum(len(r.data.rules) for r in corpus.regs),
            "thresholds": sum(len(r.data.thresholds) for r in corpus.regs),
        },
    )


def glossary_page(corpus: Corpus, to_root: str, *, large: bool, templates: Templates) -> str:
    """术语表. In the large layout each term lists its first regulations and counts the rest."""
    return templates.html("glossary.html", entries=glossary.entries(corpus, large=large), to_root=to_root)


def process_page(
    corpus: Corpus, charts: set[str], inline: Callable[[str], str], to_root: str, *, large: bool, templates: Templates
) -> str:
    """流程: every chart inlined, or in the large layout a list by province linking to each chart."""
    if large:
        return templates.html(
            "process_index.html",
            count=len(corpus.regs),
            provinces=layout.provinces(corpus),
            charts=charts,
            to_root=to_root,
        )
    svgs = {name: Markup(inline(name)) for name in sorted(charts)}
    return templates.html(
        "process.html",
        regs=corpus.regs,
        svgs=svgs,
        steps={reg.id: chart_text.process_steps(reg) for reg in corpus.regs},
        stage_rows=chart_text.stage_rows(corpus),
        basis_rows=chart_text.basis_rows(corpus),
        to_root=to_root,
    )


def helper_form(corpus: Corpus, to_root: str, *, large: bool, templates: Templates) -> str:
    """决策助手's form; in the large layout its list of regulations is grouped by province."""
    return templates.html(
        "helper.html",
        regs=corpus.regs,
        provinces=layout.provinces(corpus) if large else None,
        categories=vocab.CATEGORIES,
        natures=vocab.NATURES,
        fundings=vocab.FUNDINGS,
        unit_levels=vocab.UNIT_LEVELS,
        build_date=today().isoformat(),
        to_root=to_root,
    )


def vocab_tables(*, templates: Templates) -> str:
    """The annotation guide's 受控词表: every vocabulary's ids and labels with the fields that take them."""
    return templates.html("vocab_tables.html", tables=vocab_fields.tables())
