"""Each extract reassembles to its source text: nothing lost, added or altered but the recorded repairs."""

from __future__ import annotations

import pytest

from regkb.model import reassemble
from regkb.text import normalise
from regkb.validate import apply_repairs

from .conftest import ROOT

REGIONS = ["lankao", "xiuwu", "huoqiu", "dongyuan", "luan"]


@pytest.mark.parametrize("reg_id", REGIONS)
def test_extract_equals_source_after_recorded_repairs(corpus, reg_id: str) -> None:
    reg = corpus.get(reg_id)
    source = (ROOT / reg.meta.source).read_text(encoding="utf-8")
    repaired, failures = apply_repairs(source, reg)
    assert failures == []
    assert normalise(reassemble(reg.data)) == normalise(repaired)


@pytest.mark.parametrize("reg_id", REGIONS)
def test_without_the_repairs_the_texts_differ_exactly_where_recorded(corpus, reg_id: str) -> None:
    """Every non-whitespace repair is needed: undoing one breaks the equality."""
    reg = corpus.get(reg_id)
    source = (ROOT / reg.meta.source).read_text(encoding="utf-8")
    extract = normalise(reassemble(reg.data))
    for repair in reg.data.repairs:
        if normalise(repair.original) != normalise(repair.repaired):
            assert normalise(repair.repaired) in extract
            assert extract != normalise(source)


# Damage the issue names, each of which must be repaired with a note (never silently).
KNOWN_DAMAGE = [
    ("lankao", "service", "服务"),
    ("lankao", " and ", "和"),
    ("lankao", "A)", "现印发"),
    ("lankao", "技术\n\n路线", "技术路线"),
    ("lankao", "重\n\n新审核", "重新审核"),
]


@pytest.mark.parametrize(("reg_id", "damaged", "fixed"), KNOWN_DAMAGE)
def test_known_damage_is_repaired_with_a_note(corpus, reg_id: str, damaged: str, fixed: str) -> None:
    reg = corpus.get(reg_id)
    notes = [r for r in reg.data.repairs if damaged in r.original]
    assert notes, f"no repair records {damaged!r}"
    assert all(fixed in r.repaired and r.reason for r in notes)
    assert all(damaged.strip() not in reg.clauses[r.clause].text for r in notes)
