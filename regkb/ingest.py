"""Turn an official text into a draft extract: metadata, structure, and flagged damage.

The parser reads the text line by line. It recognises 章/节/条 regulations and
一、/（一）/1. notices, the cover notice before the title, the attachment index,
attachments (with their tables) and the trailer (公开方式, 抄送, 印发). What it cannot
classify it keeps as text and reports; it never drops text, so the extract it returns
reassembles to the input (see ``reassemble.source_equivalent``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import numerals
from .text import collapse_spaces, strip_layout

NUM = f"[{numerals.NUMERAL_CHARS}]+"
CHAPTER_RE = re.compile(rf"^第\s*({NUM})\s*章\s*(.*)$")
SECTION_RE = re.compile(rf"^第\s*({NUM})\s*节\s*(.*)$")
ARTICLE_RE = re.compile(rf"^第\s*({NUM})\s*条(?![件款项例])(\s*)(.*)$")
PART_RE = re.compile(rf"^({NUM})\s*、\s*(.*)$")
DIVISION_RE = re.compile(rf"^([（(]\s*({NUM})\s*[)）])\s*(.*)$")
POINT_RE = re.compile(r"^((\d{1,3})\s*[.．、](?!\d))\s*(.*)$")
BOLD_RE = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")
ATTACHMENT_HEAD_RE = re.compile(r"^附\s*件\s*(\d+)\s*$")
ATTACHMENT_INDEX_RE = re.compile(r"^附\s*件\s*[：:]")
INDEX_ENTRY_RE = re.compile(r"(\d+)\s*[.．、]\s*([^\d]+?)(?=\s*\d+\s*[.．、]|$)")
DOC_NUMBER_RE = re.compile(r"^\S{1,12}[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号$")
DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(印发)?$")
TRAILER_RE = re.compile(r"^(公开方式|抄送)")
LATIN_RE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*([A-Za-z]+\)?)\s*(?=[\u3000-\u9fff\uff00-\uffef])")
STRAY_MARK_RE = re.compile(r"^[A-Za-z]\)\s*")
PAGE_NUMBER_RE = re.compile(r"^(?:[-—－]\s*\d{1,3}\s*[-—－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?)$")
HEADING_GLUED_RE = re.compile(
    r"^(?:【(.{2,12}?)】|([^\s，。；：、（）()为本各根对在凡经由按依]{1}[^\s，。；：、（）()]{1,9})[。．])\s*(.*)$"
)
TERMINAL = tuple("。；：！？;:!?”」』）)》")
TITLE_END_RE = re.compile(r"(办法|规定|细则|规则|意见|通知|方案)(（试行）|\(试行\)|（暂行）)?$")


@dataclass
class Line:
    number: int  # 1-based line number in the source
    start: int  # offset of the first non-space character in the source
    end: int  # offset after the last non-space character
    raw: str
    text: str  # with layout markup removed


@dataclass
class Flag:
    """A spot a maintainer should review."""

    line: int
    kind: str
    message: str
    clause: str = ""
    original: str = ""
    repaired: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v != ""}


@dataclass
class Ingested:
    data: dict[str, Any]
    flags: list[Flag] = field(default_factory=list)


def _lines(source: str) -> list[Line]:
    out, offset = [], 0
    for number, raw in enumerate(source.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = offset + lead
            text = strip_layout(body)
            if text:
                out.append(Line(number, start, start + len(stripped), body, text))
        offset += len(raw)
    return out


def _terminal(text: str) -> bool:
    return text.replace("**", "").rstrip().endswith(TERMINAL)


def _is_marker(text: str) -> bool:
    bare = text.replace("**", "")
    return any(r.match(bare) for r in (CHAPTER_RE, SECTION_RE, ARTICLE_RE, PART_RE, DIVISION_RE, POINT_RE)) or bool(
        ATTACHMENT_HEAD_RE.match(bare) or ATTACHMENT_INDEX_RE.match(bare)
    )


def _block_role(text: str) -> str:
    if DOC_NUMBER_RE.match(text):
        return "doc_number"
    if text.endswith("文件") and len(text) <= 30:
        return "header"
    date = DATE_RE.match(text)
    if date:
        return "printed" if date.group(4) else "date"
    if text.startswith("抄送"):
        return "cc"
    if text.startswith("公开方式"):
        return "publication"
    if ATTACHMENT_INDEX_RE.match(text):
        return "attachment_index"
    if text.startswith("各") and text.endswith(("：", ":")):
        return "addressee"
    if TITLE_END_RE.search(text.replace(" ", "")) and not _terminal(text):
        return "title"
    return "text"


class _Parser:
    def __init__(self, source: str, reg_id: str) -> None:
        self.source = source
        self.reg_id = reg_id
        self.lines = _lines(source)
        self.flags: list[Flag] = []
        self._last_line: Line = self.lines[0] if self.lines else Line(1, 0, 0, "", "")
        self.article_mode = True
        for line in self.lines:
            if PAGE_NUMBER_RE.match(line.raw.strip()):
                self.flags.append(
                    Flag(
                        line.number,
                        "page_number",
                        f"{line.raw.strip()!r} looks like a page number "
                        "(kept as text: remove it with a recorded repair if it is one)",
                    )
                )

    # ----------------------------------------------------------------- helpers

    def flag(
        self, line: Line, kind: str, message: str, clause: str = "", original: str = "", repaired: str = ""
    ) -> None:
        self.flags.append(Flag(line.number, kind, message, clause, original, repaired))

    def _join_span(self, prev: Line, nxt: Line) -> tuple[str, str]:
        """The unique source span around a break between two lines, and its joined form."""
        for width in range(3, 40):
            start = max(prev.start, prev.end - width)
            end = min(nxt.end, nxt.start + width)
            original = self.source[start:end]
            if self.source.count(original) == 1:
                head = STRAY_MARK_RE.sub("", strip_layout(self.source[nxt.start : end]))
                return original, collapse_spaces(self.source[start : prev.end].strip() + head)
        return self.source[prev.start : nxt.end], collapse_spaces(prev.text + nxt.text)

    def check_latin(self, line: Line, text: str, clause: str, joined: bool = False) -> str:
        """Flag Latin words inside Chinese text; drop a stray ``A)``-style mark at a line start.

        In a joined line the page-break repair already covers the dropped mark.
        """
        stray = STRAY_MARK_RE.match(text)
        if stray:
            original = self.source[line.start : line.start + len(stray.group(0)) + 4]
            self.flag(
                line,
                "stray_mark",
                f"stray mark {stray.group(0).strip()!r} before the text",
                clause,
                "" if joined else original,
                "" if joined else text[len(stray.group(0)) :][:4],
            )
            text = text[len(stray.group(0)) :]
        for match in LATIN_RE.finditer(text):
            self.flag(line, "latin_word", f"Latin word {match.group(1)!r} inside Chinese text", clause)
        return text

    def join_lines(self, lines: list[Line], clause_of: Any) -> list[tuple[Line, str]]:
        """Merge lines broken mid-sentence (page breaks), flagging each merge."""
        merged: list[tuple[Line, str]] = []
        for line in lines:
            if merged:
                prev_line, prev_text = merged[-1]
                if (
                    _block_role(prev_text) == "text"
                    and not _terminal(prev_text)
                    and _block_role(line.text) in ("text", "title")
                    and not _is_marker(line.text)
                ):
                    original, repaired = self._join_span(prev_line, line)
                    self.flag(
                        line,
                        "page_break",
                        "line continues the previous one (page break?)",
                        clause_of(len(merged)),
                        original,
                        repaired,
                    )
                    merged[-1] = (
                        prev_line,
                        prev_text + self.check_latin(line, line.text, clause_of(len(merged)), True),
                    )
                    continue
            merged.append((line, line.text))
        return merged

    def blocks(self, lines: list[Line], prefix: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for index, (_, text) in enumerate(self.join_lines(lines, lambda i: f"{prefix}{i}"), start=1):
            text = collapse_spaces(text.replace("**", ""))
            role = _block_role(text)
            if role in ("date", "printed") and out and out[-1]["role"] == "text" and _is_issuer(out[-1]["text"]):
                out[-1]["role"] = "signature"
            out.append({"id": f"{prefix}{index}", "role": role, "text": text})
        return out

    # ----------------------------------------------------------------- segmentation

    def segment(self) -> dict[str, list[Line]]:
        texts = [ln.text.replace("**", "") for ln in self.lines]
        article_mode = any(ARTICLE_RE.match(t) for t in texts)
        body_re = (CHAPTER_RE, ARTICLE_RE) if article_mode else (PART_RE,)
        start = next((i for i, t in enumerate(texts) if any(r.match(t) for r in body_re)), len(texts))
        end = next(
            (
                i
                for i in range(start, len(texts))
                if ATTACHMENT_INDEX_RE.match(texts[i])
                or ATTACHMENT_HEAD_RE.match(texts[i])
                or TRAILER_RE.match(texts[i])
                or (not article_mode and DATE_RE.match(texts[i]))
            ),
            len(texts),
        )
        attach = next((i for i in range(end, len(texts)) if ATTACHMENT_HEAD_RE.match(texts[i])), None)
        trail_from = attach if attach is not None else end
        trailer = next((i for i in range(trail_from, len(texts)) if TRAILER_RE.match(texts[i])), len(texts))
        if attach is None:
            attach = trailer
        self.article_mode = article_mode
        return {
            "head": self.lines[:start],
            "body": self.lines[start:end],
            "back": self.lines[end:attach],
            "attachments": self.lines[attach:trailer],
            "trailer": self.lines[trailer:],
        }

    # ----------------------------------------------------------------- head

    def head(self, lines: list[Line]) -> tuple[list[dict], dict, list[dict]]:
        blocks = self.blocks(lines, "f")
        if self.article_mode:
            title_at = len(blocks) - 1
            while title_at >= 0 and blocks[title_at]["role"] not in ("title", "text"):
                title_at -= 1
        else:
            title_at = next((i for i, b in enumerate(blocks) if b["role"] == "title"), 0)
        if title_at < 0:
            self.flags.append(Flag(1, "unclassified", "no title found before the body"))
            return blocks, {"id": "title", "role": "title", "text": ""}, []
        title = dict(blocks[title_at], id="title", role="title")
        preamble = [dict(b, id=f"pre{i}") for i, b in enumerate(blocks[title_at + 1 :], start=1)]
        return blocks[:title_at], title, preamble

    # ----------------------------------------------------------------- body

    def body(self, lines: list[Line]) -> list[dict]:
        return self._articles(lines) if self.article_mode else self._notice(lines)

    def _add_text(self, line: Line, text: str, owner: dict, id_prefix: str) -> None:
        """Append text to a node: continue a broken line, or start a new paragraph."""
        paragraphs = owner.setdefault("paragraphs", [])
        last = self._last_text_holder(paragraphs)
        if last is not None and not _terminal(last["text"]) and last["text"]:
            original, repaired = self._join_span(self._last_line, line)
            self.flag(
                line, "page_break", "line continues the previous one (page break?)", last["id"], original, repaired
            )
            last["text"] = collapse_spaces(last["text"] + self.check_latin(line, text, last["id"], True))
        else:
            pid = f"{id_prefix}-p{len(paragraphs) + 1}"
            paragraphs.append({"id": pid, "text": collapse_spaces(self.check_latin(line, text, pid)), "items": []})
        self._last_line = line

    @staticmethod
    def _last_text_holder(paragraphs: list[dict]) -> dict | None:
        if not paragraphs:
            return None
        holder = paragraphs[-1]
        while holder.get("items"):
            holder = holder["items"][-1]
        return holder

    def _item(
        self, line: Line, paragraphs: list[dict], owner_id: str, label: str, number: int, text: str, nested: bool
    ) -> None:
        if not paragraphs:
            paragraphs.append({"id": f"{owner_id}-p1", "text": "", "items": []})
        para = paragraphs[-1]
        parent = para
        if nested and para["items"]:
            parent = para["items"][-1]
        iid = f"{parent['id']}-i{len(parent['items']) + 1}"
        heading, text = _split_bold(text)
        item: dict[str, Any] = {"id": iid, "label": label, "number": number}
        if heading:
            item["heading"] = heading
        item["text"] = collapse_spaces(self.check_latin(line, text, iid))
        item["items"] = []
        parent["items"].append(item)
        self._last_line = line

    def _articles(self, lines: list[Line]) -> list[dict]:
        top: list[dict] = []
        chapter: dict | None = None
        section: dict | None = None
        article: dict | None = None
        for line in lines:
            text = line.text
            bare = text.replace("**", "")
            if m := CHAPTER_RE.match(bare):
                n = numerals.parse(m.group(1))
                chapter = _node(
                    f"c{n}", "chapter", f"第{m.group(1)}章", n, collapse_spaces(m.group(2)).replace(" ", "")
                )
                top.append(chapter)
                section = article = None
            elif (m := SECTION_RE.match(bare)) and chapter is not None:
                n = numerals.parse(m.group(1))
                section = _node(
                    f"{chapter['id']}-s{n}",
                    "section",
                    f"第{m.group(1)}节",
                    n,
                    collapse_spaces(m.group(2)).replace(" ", ""),
                )
                chapter["children"].append(section)
                article = None
            elif m := ARTICLE_RE.match(bare):
                n = numerals.parse(m.group(1))
                article = _node(f"a{n}", "article", f"第{m.group(1)}条", n)
                heading, rest = _glued_heading(m.group(3), glued=not m.group(2))
                if heading:
                    article["heading"] = heading
                (section or chapter or {"children": top})["children"].append(article)
                if rest:
                    self._add_text(line, rest, article, article["id"])
                self._last_line = line
            elif article is not None and (m := DIVISION_RE.match(bare)):
                self._item(
                    line,
                    article.setdefault("paragraphs", []),
                    article["id"],
                    m.group(1).replace(" ", ""),
                    numerals.parse(m.group(2)),
                    text[text.index(m.group(1)[-1]) + 1 :].strip(),
                    nested=False,
                )
            elif article is not None and (m := POINT_RE.match(bare)):
                paras = article.setdefault("paragraphs", [])
                nested = bool(paras and paras[-1]["items"] and DIVISION_RE.match(paras[-1]["items"][0]["label"]))
                self._item(
                    line, paras, article["id"], m.group(1).replace(" ", ""), int(m.group(2)), m.group(3), nested=nested
                )
            else:
                owner = article or section or chapter
                if owner is None:
                    self.flag(line, "unclassified", "text before the first chapter or article")
                    owner = _node("a0", "article", "", 0)
                    top.append(owner)
                    article = owner
                self._add_text(line, text.replace("**", ""), owner, owner["id"])
        return top

    def _notice(self, lines: list[Line]) -> list[dict]:
        top: list[dict] = []
        part: dict | None = None
        division: dict | None = None
        point: dict | None = None
        for line in lines:
            text = line.text
            heading, rest = _split_bold(text)
            head_text = heading if heading else text
            if (m := PART_RE.match(head_text)) and not heading:
                n = numerals.parse(m.group(1))
                part = _node(f"s{n}", "part", f"{m.group(1)}、", n, collapse_spaces(m.group(2)))
                top.append(part)
                division = point = None
                self._last_line = line
                continue
            if (m := DIVISION_RE.match(head_text)) and part is not None:
                n = numerals.parse(m.group(2))
                inner = m.group(3).strip()
                division = _node(f"{part['id']}-{n}", "division", m.group(1).replace(" ", ""), n)
                part["children"].append(division)
                point = None
                self._headed(line, division, inner, rest, bool(heading))
                continue
            if (m := POINT_RE.match(head_text)) and (division or part) is not None:
                parent = division or part
                n = int(m.group(2))
                point = _node(f"{parent['id']}-{n}", "point", m.group(1).replace(" ", ""), n)
                parent["children"].append(point)
                self._headed(line, point, m.group(3).strip(), rest, bool(heading))
                continue
            owner = point or division or part
            if owner is None:
                self.flag(line, "unclassified", "text before the first section")
                continue
            self._add_text(line, text.replace("**", ""), owner, owner["id"])
        return top

    def _headed(self, line: Line, node: dict, inner: str, rest: str, bold: bool) -> None:
        """A notice heading: bold ``**1. 标题。**正文`` or a bare ``(一) 标题`` line."""
        if bold:
            node["heading"] = collapse_spaces(inner)
            if rest:
                self._add_text(line, rest, node, node["id"])
        elif inner and _terminal(inner):
            self._add_text(line, inner, node, node["id"])
        elif inner:
            node["heading"] = collapse_spaces(inner)
        self._last_line = line

    # ----------------------------------------------------------------- back and attachments

    def back(self, lines: list[Line]) -> list[dict]:
        out: list[dict] = []
        for line in lines:
            text = collapse_spaces(line.text)
            role = _block_role(text)
            if out and out[-1]["role"] == "attachment_index" and role == "text" and POINT_RE.match(text):
                out[-1]["text"] += "\n" + text
                continue
            if role in ("date", "printed") and out and out[-1]["role"] == "text" and _is_issuer(out[-1]["text"]):
                out[-1]["role"] = "signature"
            out.append({"id": f"b{len(out) + 1}", "role": role, "text": text})
        return out

    def attachments(self, lines: list[Line], index: dict[int, str]) -> list[dict]:
        out: list[dict] = []
        current: dict | None = None
        expect_title = False
        for line in lines:
            text = collapse_spaces(line.text.replace("**", ""))
            if m := ATTACHMENT_HEAD_RE.match(text):
                n = int(m.group(1))
                current = {"id": f"att{n}", "number": n, "label": text, "title": "", "blocks": []}
                out.append(current)
                expect_title = True
                continue
            unlabelled = self._unlabelled_attachment(text, index, out)
            if unlabelled is not None:
                current = {"id": f"att{unlabelled}", "number": unlabelled, "label": None, "title": text, "blocks": []}
                out.append(current)
                self.flag(
                    line, "missing_label", f"attachment {unlabelled} starts without its 附件 label", current["id"]
                )
                continue
            if current is None:
                self.flag(line, "unclassified", "text before the first attachment heading")
                current = {"id": "att0", "number": 0, "label": None, "title": "", "blocks": []}
                out.append(current)
            if expect_title and "\t" not in line.raw:
                current["title"] = text
                expect_title = False
                continue
            expect_title = False
            blocks = current["blocks"]
            if "\t" in line.raw:
                row = [collapse_spaces(strip_layout(cell)) for cell in line.raw.split("\t")]
                if blocks and "rows" in blocks[-1]:
                    blocks[-1]["rows"].append(row)
                else:
                    blocks.append({"id": f"{current['id']}-b{len(blocks) + 1}", "rows": [row]})
            else:
                prev = blocks[-1].get("text", "") if blocks else ""
                if (
                    len(prev) >= 20
                    and not _terminal(prev)
                    and not re.search("[：:]", prev)
                    and not _is_marker(text)
                    and not text.startswith(("（", "("))
                ):
                    original, repaired = self._join_span(self._last_line, line)
                    self.flag(
                        line,
                        "page_break",
                        "line continues the previous one (page break?)",
                        blocks[-1]["id"],
                        original,
                        repaired,
                    )
                    blocks[-1]["text"] = collapse_spaces(blocks[-1]["text"] + text)
                else:
                    blocks.append({"id": f"{current['id']}-b{len(blocks) + 1}", "role": "text", "text": text})
            self._last_line = line
        return out

    @staticmethod
    def _unlabelled_attachment(text: str, index: dict[int, str], out: list[dict]) -> int | None:
        """An attachment whose 附件N label is missing is recognised by its title in the index."""
        seen = {a["number"] for a in out}
        for number, title in index.items():
            if number not in seen and out and out[-1]["blocks"] and text.replace(" ", "") == title.replace(" ", ""):
                return number
        return None


def _node(node_id: str, kind: str, label: str, number: int, heading: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "kind": kind, "label": label, "number": number}
    if heading:
        node["heading"] = heading
    node["paragraphs"] = []
    node["children"] = []
    return node


def _is_issuer(text: str) -> bool:
    return len(text) <= 30 and text.endswith(("人民政府", "办公室", "委员会", "局", "厅"))


def _split_bold(text: str) -> tuple[str, str]:
    """``**标题。**正文`` → (标题。, 正文); a bold heading after a label is found too."""
    m = BOLD_RE.match(text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    inner = re.match(r"^\*\*(.+?)\*\*\s*([。．.]?)\s*(.*)$", text)
    if inner:
        return inner.group(1).strip() + inner.group(2), inner.group(3).strip()
    return "", text.replace("**", "")


def _glued_heading(rest: str, glued: bool) -> tuple[str, str]:
    """``第一条编制目的。为…`` or ``第一条【编制目的】…``: split off a short article heading.

    A plain heading is only recognised when glued to the number; after a space the same
    words are the article's first sentence (东源 第十六条 项目实施工程质量监理。).
    """
    m = HEADING_GLUED_RE.match(rest.strip())
    if not m or (not m.group(1) and not glued):
        return "", rest.strip()
    printed = rest.strip()[: len(rest.strip()) - len(m.group(3))].strip()
    return printed, m.group(3)


def _index_titles(back: list[dict]) -> dict[int, str]:
    titles: dict[int, str] = {}
    for block in back:
        if block["role"] == "attachment_index":
            body = ATTACHMENT_INDEX_RE.sub("", block["text"])
            for m in INDEX_ENTRY_RE.finditer(body.replace("\n", " ")):
                titles[int(m.group(1))] = m.group(2).strip().rstrip("。")
            if not titles and body.strip():
                titles[1] = body.strip().rstrip("。")
    return titles


class IngestError(Exception):
    """The text cannot be drafted; the message says why and what to do."""


MAX_LINES = 20_000  # the longest text today has about 300 lines


def ingest(source: str, reg_id: str, region: dict[str, str] | None = None, source_path: str = "") -> Ingested:
    """Parse ``source`` into a draft extract for regulation ``reg_id``; :class:`IngestError` when it
    cannot be one (empty, too long, or no numbered clause found)."""
    if not source.strip():
        raise IngestError("the file is empty")
    lines = source.count("\n") + 1
    if lines > MAX_LINES:
        raise IngestError(f"the text has {lines:,} lines; a regulation has far fewer (limit {MAX_LINES:,})")
    try:
        result = _ingest(source, reg_id, region, source_path)
    except (ValueError, IndexError) as exc:
        raise IngestError(f"cannot read the text's structure: {exc}") from exc
    if not result.data.get("body"):
        raise IngestError(
            "no numbered clause found (第一条, 一、, （一） at the start of a line): is this the full text of a "
            "regulation, saved as plain UTF-8 text with one paragraph per line?"
        )
    return result


def _ingest(source: str, reg_id: str, region: dict[str, str] | None, source_path: str) -> Ingested:
    parser = _Parser(source, reg_id)
    parts = parser.segment()
    front, title, preamble = parser.head(parts["head"])
    body = parser.body(parts["body"])
    back = parser.back(parts["back"])
    attachments = parser.attachments(parts["attachments"], _index_titles(back))
    trailer = [dict(b, id=f"z{i}") for i, b in enumerate(parser.blocks(parts["trailer"], "z"), start=1)]
    meta = _guess_meta(
        title["text"],
        front + preamble + back + trailer,
        body,
        region or {},
        source_path or f"data/sources/{reg_id}.txt",
    )
    repairs = [
        {
            "id": f"r{i}",
            "clause": f.clause,
            "kind": f.kind,
            "original": f.original,
            "repaired": f.repaired,
            "reason": f.message,
        }
        for i, f in enumerate((f for f in parser.flags if f.original and f.clause), start=1)
    ]
    data: dict[str, Any] = {
        "id": reg_id,
        "meta": meta,
        "front": front,
        "title": title,
        "preamble": preamble,
        "body": body,
        "back": back,
        "attachments": attachments,
        "trailer": trailer,
        "repairs": repairs,
    }
    return Ingested(prune(data), parser.flags)


def prune(value: Any) -> Any:
    """Drop empty lists and None values so the YAML shows only what the text has."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v not in ([], None)}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def _walk(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(_walk(node.get("children", [])))
    return out


def _node_text(node: dict) -> str:
    return "".join(p["text"] + "".join(_item_text(i) for i in p.get("items", [])) for p in node.get("paragraphs", []))


def _item_text(item: dict) -> str:
    return item.get("heading", "") + item["text"] + "".join(_item_text(i) for i in item.get("items", []))


def _guess_meta(title: str, blocks: list[dict], body: list[dict], region: dict[str, str], source_path: str) -> dict:
    """Metadata the text itself states; a maintainer completes the rest."""
    printed_number = next((b["text"] for b in blocks if b["role"] == "doc_number"), None)
    doc_number = re.sub(r"[\[［(（]\s*(\d{4})\s*[\]］)）]", r"〔\1〕", printed_number) if printed_number else None
    date = next((DATE_RE.match(b["text"]) for b in blocks if b["role"] in ("date", "printed")), None)
    header = next((b["text"].removesuffix("文件") for b in blocks if b["role"] == "header"), "")
    signature = next((b["text"] for b in blocks if b["role"] == "signature"), "")
    notice = next((b["text"].split("关于")[0] for b in blocks if b["role"] == "title" and "关于" in b["text"]), "")
    issuer = header or signature or notice
    nodes = _walk(body)
    effective_node = next((n for n in nodes if re.search(r"自(发布|印发)之日起", _node_text(n))), None)
    rule, trial_years = "自发布之日起", None
    if effective_node:
        text = _node_text(effective_node)
        rule = re.search(r"自(发布|印发)之日起", text).group(0)
        trial = re.search(r"试行\s*(\d+|[一二三四五])\s*年", text)
        if trial:
            trial_years = int(trial.group(1)) if trial.group(1).isdigit() else numerals.parse(trial.group(1))
    plain_title = title.replace(" ", "")
    status = "试行" if "试行" in plain_title or trial_years else "暂行" if "暂行" in plain_title else "现行"
    cite = effective_node["id"] if effective_node else (nodes[-1]["id"] if nodes else "title")
    level = "县级" if region.get("county") else "市级" if region.get("city") else "省级"
    meta: dict[str, Any] = {
        "title": plain_title,
        "short_title": plain_title,
        "doc_number": doc_number,
        "issuer": issuer or None,
        "region": region or {"province": ""},
        "level": level,
        "issued": dt.date(int(date.group(1)), int(date.group(2)), int(date.group(3))) if date else None,
        "effective": {"date": None, "rule": rule, "cite": cite},
        "kind": "通知" if plain_title.endswith("通知") else "办法",
        "status": {"kind": status, "cite": cite},
        "source": source_path,
    }
    if trial_years:
        meta["status"]["trial_years"] = trial_years
    if date and rule:
        meta["effective"]["date"] = meta["issued"]
    return meta
