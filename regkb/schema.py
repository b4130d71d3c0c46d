"""The data format of a regulation extract, as pydantic models.

Pydantic was chosen over jsonschema because the same classes are the typed model the
rest of the core uses: one definition gives validation, error locations and attribute
access. Unknown fields are rejected everywhere (``extra="forbid"``) so a misspelt key
is an error, not silently ignored data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
)

from . import vocab


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


# A citation: one clause id or a list of them (``cite: a12`` or ``cite: [a12, a13-p2]``).
Cite = Annotated[list[str], BeforeValidator(_as_list), Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, allow_inf_nan=False)


def _in_vocab(value: str, allowed: dict[str, str] | tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; valid: {', '.join(allowed)}")
    return value


def _vocab(allowed: dict[str, str] | tuple[str, ...], what: str) -> AfterValidator:
    return AfterValidator(lambda value: _in_vocab(value, allowed, what))


# One type per controlled vocabulary (regkb/vocab.py); a value outside it is an error naming the valid ones.
TopicId = Annotated[str, _vocab(vocab.TOPICS, "topic")]
AgencyId = Annotated[str, _vocab(vocab.AGENCIES, "agency")]
RoleId = Annotated[str, _vocab(vocab.ROLES, "role")]
StageId = Annotated[str, _vocab(vocab.STAGES, "stage")]
CategoryId = Annotated[str, _vocab(vocab.CATEGORIES, "category")]
NatureId = Annotated[str, _vocab(vocab.NATURES, "nature")]
FundingId = Annotated[str, _vocab(vocab.FUNDINGS, "funding")]
RepairKind = Annotated[str, _vocab(vocab.REPAIR_KINDS, "repair kind")]
DeadlineKind = Annotated[str, _vocab(vocab.DEADLINE_KINDS, "deadline kind")]
ComparisonId = Annotated[str, _vocab(vocab.COMPARISONS, "comparison")]
EffectiveRule = Annotated[str, _vocab(vocab.EFFECTIVE_RULES, "effective rule")]
StatusKind = Annotated[str, _vocab(vocab.STATUS_KINDS, "status")]
Level = Annotated[str, _vocab(vocab.LEVELS, "level")]
NoticeKind = Annotated[str, _vocab(vocab.NOTICE_KINDS, "notice kind")]


# --------------------------------------------------------------------------- text


class Item(Strict):
    """A 项: （一）, 1. … possibly with its own sub-items."""

    id: str
    label: str
    number: int
    heading: str | None = None
    text: str = ""
    items: list[Item] = []


class Paragraph(Strict):
    """A 款: one paragraph of an article, optionally introducing items."""

    id: str
    text: str = ""
    items: list[Item] = []


NodeKind = Literal["chapter", "section", "article", "part", "division", "point"]


class Node(Strict):
    """A numbered division: 章, 节, 条, or a notice's 一、 / （一） / 1."""

    id: str
    kind: NodeKind
    label: str
    number: int
    heading: str | None = None
    topics: list[TopicId] = []
    paragraphs: list[Paragraph] = []
    children: list[Node] = []


BlockRole = Literal[
    "header",
    "doc_number",
    "title",
    "addressee",
    "text",
    "signature",
    "date",
    "attachment_index",
    "publication",
    "cc",
    "printed",
    "heading",
    "note",
]


class Block(Strict):
    """Unnumbered text outside the articles: the cover notice, signature, 抄送 lines."""

    id: str
    role: BlockRole = "text"
    text: str
    note: str | None = Field(None, description="editorial note (编者注), e.g. an attachment the source lists but lacks")


class Table(Strict):
    """A form or table: rows of cells, empty strings for the blank fields to be filled."""

    id: str
    rows: list[list[str]] = Field(min_length=1)


def _part_kind(value: object) -> str:
    rows = (isinstance(value, dict) and "rows" in value) or isinstance(value, Table)
    return "Table" if rows else "Block"


# A table when it has rows, else a text block: errors then name only the fields of the one meant.
AttachmentPart = Annotated[Annotated[Block, Tag("Block")] | Annotated[Table, Tag("Table")], Discriminator(_part_kind)]


class Attachment(Strict):
    id: str
    number: int
    label: str | None = Field(None, description="the label as printed, e.g. 附件 1; None when the source lacks one")
    title: str
    note: str | None = Field(None, description="editorial note (编者注), e.g. on a missing label")
    blocks: list[AttachmentPart] = []


class Repair(Strict):
    """An editorial repair (校勘记): the extract differs from the source exactly here."""

    id: str
    clause: str
    kind: RepairKind
    original: str
    repaired: str
    reason: str


# --------------------------------------------------------------------------- metadata


class Region(Strict):
    province: str
    city: str | None = None
    county: str | None = None


class Effective(Strict):
    """When it takes effect; ``rule`` and ``cite`` stay empty when the text does not say."""

    date: dt.date | None = None
    rule: EffectiveRule | None = None
    cite: Cite | None = None


class Status(Strict):
    kind: StatusKind
    trial_years: int | None = Field(None, ge=1)
    cite: Cite


class DocRef(Strict):
    """A document referred to: a basis (依据), a repealed or replacing document."""

    title: str
    number: str | None = None
    regulation: str | None = Field(None, description="id of the regulation in this knowledge base, if any")
    cite: Cite


class Interpreter(Strict):
    agencies: list[AgencyId] = Field(min_length=1)
    cite: Cite


class Provenance(Strict):
    """Where the extract's text came from and when its currency was last checked."""

    url: str | None = Field(None, description="the official publication or the best public copy")
    publication: str | None = Field(None, description="where it was published, when there is no URL or besides it")
    checked: dt.date = Field(description="the day the text and its status were last checked against public sources")
    note: str | None = Field(None, description="what that check found, when it found nothing to record as a notice")


class Evidence(Strict):
    """The document a status notice rests on: a later notice, an interpretation, a third-party copy."""

    title: str
    issuer: str | None = None
    number: str | None = Field(None, description="文号, when known")
    date: dt.date | None = None
    date_wording: str | None = Field(None, description="what is known of the date when not the day, e.g. 2023年")
    url: str
    kind: str = Field(description="what the URL is: 正式文本, 部门解读, 第三方转载 …")


class Notice(Strict):
    """A later change to this regulation that its text does not carry (revision, replacement, repeal)."""

    id: str
    kind: NoticeKind
    summary: str = Field(description="what the change is, in one or two sentences")
    affects: list[str] = Field([], description="clause ids of this text the change touches; empty: the whole text")
    evidence: list[Evidence] = Field(min_length=1)
    checked: dt.date


class Inferred(Strict):
    """A metadata value the text itself does not state (编者推定), and what it rests on instead."""

    field: str = Field(description="the value's path under meta, e.g. region.city, effective.date, status.kind")
    basis: str = Field(description="where the value comes from, since the text does not say it")


class Meta(Strict):
    title: str
    short_title: str
    doc_number: str | None = None
    issuer: str | None = Field(None, description="制发机关 as the text states it; None when it does not (原文未载明)")
    region: Region
    level: Level
    issued: dt.date | None = None
    effective: Effective
    kind: str
    status: Status
    repeals: list[DocRef] = []
    replaced_by: list[DocRef] = []
    basis: list[DocRef] = []
    interpreter: Interpreter | None = None
    source: str
    provenance: Provenance | None = None
    notices: list[Notice] = []
    inferred: list[Inferred] = Field([], description="values above that the text does not state, marked as such")


# --------------------------------------------------------------------------- annotations


class AgencyName(Strict):
    """How one agency of the controlled vocabulary is named in this regulation."""

    agency: AgencyId
    name: str
    aliases: list[str] = []
    cite: Cite


class Role(Strict):
    agency: AgencyId
    role: RoleId
    duty: str
    cite: Cite


class Threshold(Strict):
    id: str
    amount: float = Field(ge=0)
    unit: str
    comparison: ComparisonId
    wording: str
    subject: str
    triggers: str
    discretionary: bool = False
    cite: Cite

    @field_validator("unit")
    @classmethod
    def _unit_known(cls, value: str) -> str:
        if value != vocab.AMOUNT_UNIT:
            raise ValueError(f"unit must be {vocab.AMOUNT_UNIT!r}, got {value!r}")
        return value


class Deadline(Strict):
    id: str
    wording: str
    kind: DeadlineKind
    what: str
    actor: AgencyId
    cite: Cite


class Material(Strict):
    id: str
    step: str
    items: list[str] = Field(min_length=1)
    cite: Cite


class CategoryTerm(Strict):
    """A region's own project category mapped onto the shared category vocabulary."""

    term: str
    categories: list[CategoryId] = Field(min_length=1)
    cite: Cite


class AmountRange(Strict):
    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None


class Condition(Strict):
    """Facts a project must have for a rule, branch or exclusion to apply (all must hold)."""

    amount: AmountRange | None = None
    category: list[CategoryId] | None = None
    nature: list[NatureId] | None = None
    funding: list[FundingId] | None = None
    classified: bool | None = None
    any: list[Condition] | None = Field(None, description="at least one of these must also hold")


class Exclusion(Strict):
    """A case the regulation does not govern (不纳入本办法管理)."""

    id: str
    title: str
    when: Condition
    cite: Cite


class Rule(Strict):
    """A requirement that applies to a project when its condition holds."""

    id: str
    title: str
    stage: StageId
    authority: AgencyId
    materials: list[str] = []
    deadline: str | None = None
    discretionary: bool = False
    when: Condition = Condition()
    threshold: str | None = Field(None, description="id of the threshold this rule implements")
    applies_out_of_scope: bool = False
    cite: Cite


class Step(Strict):
    id: str
    title: str
    kind: Literal["start", "task", "decision", "end"] = "task"
    stage: StageId
    actor: AgencyId
    inputs: list[str] = []
    outputs: list[str] = []
    deadline: str | None = None
    condition: str | None = None
    cite: Cite


class Edge(Strict):
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    kind: Literal["normal", "branch", "loop"] = "normal"
    label: str | None = None
    when: Condition | None = None


class Process(Strict):
    start: str
    steps: list[Step] = Field(min_length=1)
    edges: list[Edge] = []


class Summary(Strict):
    """The editorial answer (编者摘要) of one comparison cell: the topic's question answered for this
    regulation in a sentence or two (who, how much, by when), citing every clause it summarises."""

    topic: TopicId
    text: str = Field(min_length=1)
    cite: Cite


class NotApplicable(Strict):
    """A topic that cannot arise under this regulation (不适用), with the reason and the clauses it rests on."""

    topic: TopicId
    reason: str = Field(min_length=1)
    cite: Cite


class Dismissal(Strict):
    """A ``regkb lint`` finding judged not to apply to this clause, and why (quoting the clause)."""

    check: Literal["topic", "obligation"]
    clause: str = Field(description="the unit (topic check) or paragraph/item (obligation check) the finding names")
    topics: list[TopicId] = Field([], description="the topics whose cues matched; topic check only")
    reason: str = Field(description="why the finding does not apply, quoting the clause's words in “…”")


class ChangeEntry(Strict):
    date: dt.date
    summary: str
    clauses: list[str] = []


# --------------------------------------------------------------------------- the whole


class Regulation(Strict):
    id: str
    meta: Meta
    front: list[Block] = []
    title: Block
    preamble: list[Block] = []
    body: list[Node] = Field(min_length=1)
    back: list[Block] = []
    attachments: list[Attachment] = []
    trailer: list[Block] = []
    repairs: list[Repair] = []
    summaries: list[Summary] = []
    not_applicable: list[NotApplicable] = []
    agencies: list[AgencyName] = []
    roles: list[Role] = []
    thresholds: list[Threshold] = []
    deadlines: list[Deadline] = []
    materials: list[Material] = []
    category_terms: list[CategoryTerm] = []
    exclusions: list[Exclusion] = []
    rules: list[Rule] = []
    process: Process | None = None
    lint: list[Dismissal] = Field([], description="lint findings dismissed, each with a clause-specific reason")
    changelog: list[ChangeEntry] = []


# --------------------------------------------------------------------------- glossary


class Term(Strict):
    """A glossary entry (术语表). Definitions are editorial; where a term occurs is computed."""

    id: str
    term: str
    full: str | None = None
    aliases: list[str] = []
    definition: str
    agency: AgencyId | None = Field(None, description="the agency id when the term names an agency")


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


# --------------------------------------------------------------------------- topic cues


class TopicCues(Strict):
    """Words or phrases that show a unit speaks to a topic (data/topic-cues.yml), for ``regkb lint``."""

    cues: dict[TopicId, Annotated[list[Annotated[str, Field(min_length=2)]], Field(min_length=1)]]
