"""Status badges: their classes are data (regkb.vocab), each with a style and a rule for the in-force count."""

from __future__ import annotations

import datetime as dt

from regkb import vocab
from regkb.model import StatusNote, _status_class

from .conftest import ROOT


def _note(kind: str) -> StatusNote:
    return StatusNote(id=kind, kind=kind, summary="", affects=(), evidence=(), cite=(), checked=dt.date(2026, 1, 1))


def test_every_status_class_has_a_badge_style_and_every_source_of_a_class_is_listed() -> None:
    css = (ROOT / "docs" / "stylesheets" / "regkb.css").read_text(encoding="utf-8")
    assert [c for c in vocab.STATUS_CLASSES if f".rk-status-{c} " not in css] == []
    assert set(vocab.NOTICE_CLASSES) == set(vocab.NOTICE_KINDS)
    assert set(vocab.TEXT_STATUS_CLASSES) == set(vocab.STATUS_KINDS)
    assert set(vocab.NOTICE_CLASSES.values()) | set(vocab.TEXT_STATUS_CLASSES.values()) <= set(vocab.STATUS_CLASSES)


def test_the_strongest_notice_decides_the_badge_unless_the_text_is_repealed() -> None:
    assert _status_class("现行", []) == "current"
    assert _status_class("试行（至2022-07-12，已到期）", []) == "trial"
    assert _status_class("试行（至2022-07-12，已到期）", [_note("newer"), _note("expired")]) == "expired"
    assert _status_class("暂行", [_note("newer"), _note("replaced")]) == "repealed"
    assert _status_class("已废止", [_note("newer")]) == "repealed"


def test_a_block_is_cited_by_its_role_not_as_the_title(corpus) -> None:
    """霍邱's 通知 opens with a paragraph (pre2) its 制定目的 cell cites; it was labelled 标题, and 东源's
    附件说明 附注. Every block role has its 公文 name, and the five texts' blocks are cited by it."""
    from typing import get_args

    from regkb.schema import BlockRole

    assert set(get_args(BlockRole)) - {"text"} == set(vocab.BLOCK_LABELS)
    labels = {(r.id, cid): c.label for r in corpus.regs for cid, c in r.clauses.items() if c.kind == "block"}
    assert labels[("huoqiu", "title")] == "标题"
    assert labels[("huoqiu", "pre1")] == "主送机关"
    assert labels[("huoqiu", "pre2")] == "正文开头"
    assert labels[("huoqiu", "b2")] == "成文日期"
    assert labels[("dongyuan", "b1")] == "附件说明"
    assert labels[("dongyuan", "z2")] == "抄送机关"
    assert labels[("dongyuan", "f3")] == "印发通知"  # the issuing notice, whatever the block
