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
