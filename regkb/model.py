"""The loaded knowledge base: regulations with an index of every citable unit."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from pydantic import BaseModel

from . import numerals, vocab
from .schema import Attachment, Block, Evidence, Item, Node, Paragraph, Regulation, Table

T = TypeVar("T")
ARTICLE_KINDS = ("article", "division", "point")


@dataclass
class Clause:
    """Any unit a citation may point at: a node, paragraph, item, block, attachment or table."""

    id: str
    kind: str
    label: str  # how a citation prints it: 第十二条第二款, 二、（二）3., 附件1
    text: str  # its own text (without children), for search and comparison
    unit: str  # the id of the article-level unit it belongs to (for anchors and topics)
    obj: Node | Paragraph | Item | Block | Attachment | Table


def _compact(data: BaseModel) -> None:
    """Share what the models of one regulation repeat, in place: a third of a regulation's memory
    (about 450 MB at 3,000 regulations) otherwise holds copies of the same few values.

    - pydantic keeps on every model the set of fields its input gave (``__pydantic_fields_set__``, read
      only by ``exclude_unset`` and ``model_fields_set``, which nothing here uses): about 340 sets per
      regulation with a few dozen distinct contents; models given the same fields get one set.
    - Identifiers (``a9-p1``, ``data_bureau``, ``approval``), read from YAML as a new string at each
      use, are interned.

    Pickling keeps the sharing, so a regulation read from the cache shares them too."""
    shared: dict[frozenset[str], set[str]] = {}
    stack: list[object] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            names = item.__pydantic_fields_set__
            object.__setattr__(item, "__pydantic_fields_set__", shared.setdefault(frozenset(names), names))
            values = item.__dict__
            for key, value in values.items():
                if type(value) is str:
                    values[key] = _identifier(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            for index, value in enumerate(item):
                if type(value) is str:
                    item[index] = _identifier(value)
                else:
                    stack.append(value)
        elif isinstance(item, tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _identifier(text: str) -> str:
    return sys.intern(text) if len(text) <= 40 and text.isascii() else text


@dataclass
class Reg:
    """A validated regulation plus derived indexes."""

    data: Regulation
    file: str = ""
    clauses: dict[str, Clause] = field(default_factory=dict)
    digest: str = ""  # content key of the extract and its source (set by validate_paths)

    def __post_init__(self) -> None:
        if not self.clauses:
            self.clauses = dict((c.id, c) for c in _index(self.data))
            _compact(self.data)

    @property
    def id(self) -> str:
        return self.data.id

    def memo(self, kind: Hashable, make: Callable[[], T]) -> T:
        """``make()`` once per ``kind`` for this regulation (what views derive from it, e.g. its
        comparison cells); kept on the object, which a build reuses while its content is unchanged.
        A regulation without a content digest (built by hand, e.g. in a test) memoises nothing."""
        if not self.digest:
            return make()
        memo = self.__dict__.setdefault("_memo", {})
        if kind not in memo:
            memo[kind] = make()
        return memo[kind]

    def recall(self, kind: Hashable) -> Any:
        """What :meth:`memo` keeps for ``kind``, if it has made it (None otherwise)."""
        return self.__dict__.get("_memo", {}).get(kind)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_memo"}

    @property
    def meta(self):
        return self.data.meta

    @cached_property
    def region_name(self) -> str:
        region = self.data.meta.region
        return region.county or region.city or region.province

    @cached_property
    def region_path(self) -> str:
        region = self.data.meta.region
        return " / ".join(p for p in (region.province, region.city, region.county) if p)

    def units(self) -> Iterator[Node]:
        """Units that carry text and topics, in order: 条, or a notice's divisions with text."""
        for node in walk(self.data.body):
            if node.kind == "article" or node.paragraphs:
                yield node

    def articles(self) -> list[Node]:
        return [n for n in walk(self.data.body) if n.kind == "article"]

    def label(self, clause_id: str) -> str:
        return self.clauses[clause_id].label

    def agency_name(self, agency: str) -> str:
        """What this regulation calls an agency (its own name for it, else the shared vocabulary's)."""
        named = next((a.name for a in self.data.agencies if a.agency == agency), None)
        return named or vocab.AGENCIES[agency]

    def unit_text(self, node: Node) -> str:
        """All text of a unit, its paragraphs and items, as one string."""
        return "".join(c.text for c in self.clauses.values() if c.unit == node.id and c.kind in ("paragraph", "item"))

    @cached_property
    def trial_end(self) -> dt.date | None:
        """Last day of a 试行 period: 试行2年 from 2020-07-13 runs to 2022-07-12."""
        status, effective = self.data.meta.status, self.data.meta.effective.date
        if status.kind != "试行" or not status.trial_years or effective is None:
            return None
        try:
            end = effective.replace(year=effective.year + status.trial_years)
        except ValueError:  # 29 February
            end = effective.replace(year=effective.year + status.trial_years, day=28)
        return end - dt.timedelta(days=1)

    def status_label(self, today: dt.date) -> str:
        """The status badge text, e.g. 试行（至2022-07-12，已到期）or 现行；已修订."""
        return self.currency(today).label

    def _text_status(self, today: dt.date) -> str:
        meta = self.data.meta
        if meta.replaced_by or meta.status.kind == "已废止":
            return "已废止"
        if self.trial_end:
            passed = "已到期" if today > self.trial_end else "试行期内"
            return f"试行（至{self.trial_end.isoformat()}，{passed}）"
        return meta.status.kind

    def currency(self, today: dt.date) -> Currency:
        """What is known, as of ``today``, about whether this text still states the rules in force:
        the status the text gives itself (a 试行 period that has run out becomes a notice citing the
        clause that sets it) plus the dated notices of later changes recorded with their evidence.
        Made once per date (every cell and fact of the comparison asks for it)."""
        return self.memo(("currency", today), lambda: self._currency(today))

    def _currency(self, today: dt.date) -> Currency:
        meta = self.data.meta
        notes: list[StatusNote] = []
        if self.trial_end and today > self.trial_end:
            notes.append(
                StatusNote(
                    id="trial-expired",
                    kind="expired",
                    summary=(
                        f"本办法规定试行{meta.status.trial_years}年，试行期至{self.trial_end.isoformat()}，"
                        f"截至{today.isoformat()}已期满；文本本身未规定期满后的效力。"
                    ),
                    affects=(),
                    evidence=(),
                    cite=tuple(meta.status.cite),
                    checked=meta.provenance.checked if meta.provenance else None,
                )
            )
        for notice in meta.notices:
            notes.append(
                StatusNote(
                    id=notice.id,
                    kind=notice.kind,
                    summary=notice.summary,
                    affects=tuple(notice.affects),
                    evidence=tuple(notice.evidence),
                    cite=(),
                    checked=notice.checked,
                )
            )
        notes.sort(key=lambda n: list(vocab.NOTICE_KINDS).index(n.kind))
        base = self._text_status(today)
        extra = [vocab.NOTICE_KINDS[n.kind] for n in notes if n.kind != "expired"]
        label = "；".join([base, *dict.fromkeys(extra)])
        return Currency(today=today, label=label, cls=_status_class(base, notes), notes=tuple(notes))

    def affected_by(self, note: StatusNote, clause_ids: list[str] | tuple[str, ...]) -> bool:
        """Whether a fact citing ``clause_ids`` rests on a clause the note says has changed
        (a note without ``affects`` concerns the whole text)."""
        if not note.affects:
            return True
        for cid in clause_ids:
            unit = self.clauses[cid].unit if cid in self.clauses else cid
            for target in note.affects:
                if cid == target or cid.startswith(target + "-") or target == unit or target.startswith(cid + "-"):
                    return True
        return False


@dataclass(frozen=True)
class StatusNote:
    """One reason the text may not state the rules in force, with what backs it: the clause of the
    text itself (``cite``, for a derived note such as an expired 试行 period) or outside evidence."""

    id: str
    kind: str  # vocab.NOTICE_KINDS
    summary: str
    affects: tuple[str, ...]  # clause ids; empty: the whole text
    evidence: tuple[Evidence, ...]
    cite: tuple[str, ...]
    checked: dt.date | None

    @property
    def label(self) -> str:
        return vocab.NOTICE_KINDS[self.kind]


@dataclass(frozen=True)
class Currency:
    """The status of a regulation as of a date: the badge, its class and the notes behind it."""

    today: dt.date
    label: str
    cls: str  # vocab.STATUS_CLASSES
    notes: tuple[StatusNote, ...]

    @property
    def warns(self) -> bool:
        """True when an official acting on the text should be warned before relying on it."""
        return bool(self.notes)


def _status_class(base: str, notes: list[StatusNote]) -> str:
    """The badge class (vocab.STATUS_CLASSES): a repealed text's, else the strongest notice's, else the text's."""
    text = next((cls for kind, cls in vocab.TEXT_STATUS_CLASSES.items() if base.startswith(kind)), "current")
    if text == "repealed" or not notes:
        return text
    strongest = min(notes, key=lambda n: list(vocab.NOTICE_KINDS).index(n.kind))
    return vocab.NOTICE_CLASSES[strongest.kind]


def walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def _node_label(node: Node, parents: list[Node]) -> str:
    if node.kind in ("article", "chapter", "section"):
        return node.label
    chain = [p for p in parents if p.kind in ("part", "division", "point")] + [node]
    return "".join(p.label for p in chain)


def _item_labels(items: list[Item], base: str, unit: str) -> Iterator[Clause]:
    for item in items:
        if item.label.startswith(("（", "(")):
            label = f"{base}第{item.label}项"
        else:
            label = f"{base}第{item.label.rstrip('.．、')}目"
        yield Clause(item.id, "item", label, (item.heading or "") + item.text, unit, item)
        yield from _item_labels(item.items, label, unit)


def _index(reg: Regulation) -> Iterator[Clause]:
    for block in reg.front:
        yield Clause(block.id, "block", "印发通知", block.text, block.id, block)
    yield Clause(reg.title.id, "block", "标题", reg.title.text, reg.title.id, reg.title)
    yield from _blocks(reg.preamble, "preamble")
    yield from _index_nodes(reg.body, [])
    yield from _blocks(reg.back, "back")
    yield from _blocks(reg.trailer, "trailer")
    for att in reg.attachments:
        yield Clause(att.id, "attachment", f"附件{att.number}", att.title, att.id, att)
        for part in att.blocks:
            text = part.text if isinstance(part, Block) else " ".join(" ".join(r) for r in part.rows)
            kind = "block" if isinstance(part, Block) else "table"
            yield Clause(part.id, kind, f"附件{att.number}", text, att.id, part)


def _blocks(blocks: list[Block], part: str) -> Iterator[Clause]:
    """Blocks around the articles, each named in a citation by its 公文 element (主送机关, 成文日期, …),
    a plain text block by where it stands (正文开头 before the articles)."""
    for block in blocks:
        label = vocab.BLOCK_TEXT_LABELS[part] if block.role == "text" else vocab.BLOCK_LABELS[block.role]
        yield Clause(block.id, "block", label, block.text, block.id, block)


def _index_nodes(nodes: list[Node], parents: list[Node]) -> Iterator[Clause]:
    for node in nodes:
        label = _node_label(node, parents)
        unit = node.id
        yield Clause(node.id, node.kind, label, node.heading or "", unit, node)
        many = len(node.paragraphs) > 1
        for index, para in enumerate(node.paragraphs, start=1):
            plabel = (
                f"{label}第{numerals.format(index)}款"
                if many and node.kind == "article"
                else (f"{label}第{index}段" if many else label)
            )
            yield Clause(para.id, "paragraph", plabel, para.text, unit, para)
            yield from _item_labels(para.items, plabel, unit)
        yield from _index_nodes(node.children, parents + [node])


def reassemble_pieces(reg: Regulation) -> list[tuple[str, str]]:
    """(clause id, text) pieces of the extract in document order, as printed in the source."""
    out: list[tuple[str, str]] = [(b.id, b.text) for b in (*reg.front, reg.title, *reg.preamble)]

    def items(its: list[Item]) -> None:
        for item in its:
            out.append((item.id, item.label + (item.heading or "") + item.text))
            items(item.items)

    def nodes(ns: list[Node]) -> None:
        for node in ns:
            out.append((node.id, node.label + (node.heading or "")))
            for para in node.paragraphs:
                out.append((para.id, para.text))
                items(para.items)
            nodes(node.children)

    nodes(reg.body)
    out += [(b.id, b.text) for b in reg.back]
    for att in reg.attachments:
        out.append((att.id, (att.label or "") + att.title))
        for part in att.blocks:
            text = part.text if isinstance(part, Block) else "".join(cell for row in part.rows for cell in row)
            out.append((part.id, text))
    out += [(b.id, b.text) for b in reg.trailer]
    return out


def reassemble(reg: Regulation) -> str:
    """The text of the extract in document order, one piece per line."""
    return "\n".join(text for _, text in reassemble_pieces(reg))
