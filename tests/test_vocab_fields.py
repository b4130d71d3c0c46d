"""The annotation guide's 受控词表: every vocabulary, its ids and the fields that take them, from the code."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from regkb import schema, vocab_fields


def test_the_fields_are_found_in_the_schema() -> None:
    assert vocab_fields.fields_taking(schema.StageId) == ["rules[].stage", "process.steps[].stage"]
    agencies = vocab_fields.fields_taking(schema.AgencyId)
    for path in ("agencies[].agency", "roles[].agency", "deadlines[].actor", "process.steps[].actor"):
        assert path in agencies
    assert "rules[].when.category[]" in vocab_fields.fields_taking(schema.CategoryId)
    assert "glossary.yml: terms[].agency" in agencies


def test_every_vocabulary_a_schema_field_takes_is_in_the_guide() -> None:
    """A vocabulary type added to the schema without a table in the guide fails here."""
    shown = {id(kind) for _heading, kind, _ids in vocab_fields.VOCABULARIES}
    for _heading, kind, ids in vocab_fields.VOCABULARIES:
        assert vocab_fields.fields_taking(kind), f"no field takes {ids}"
    for name in ("TopicId", "AgencyId", "RoleId", "StageId", "CategoryId", "NatureId", "FundingId", "UnitLevelId"):
        assert id(getattr(schema, name)) in shown, name


def test_the_built_guide_lists_every_id_with_its_label(site: Path) -> None:
    page = (site / "maintainers" / "annotation-guide.html").read_text(encoding="utf-8")
    tables = page[page.index(">受控词表") :].split("<h3")[1:]
    assert len(tables) == len(vocab_fields.VOCABULARIES)
    for html, (heading, kind, ids) in zip(tables, vocab_fields.VOCABULARIES, strict=True):
        assert f">{heading}</h3>" in html
        rows = re.findall(r"<tr><td><code>([^<]+)</code></td><td>([^<]*)</td></tr>", html)
        assert [(unescape(i), unescape(label)) for i, label in rows] == list(ids.items())
        for field in vocab_fields.fields_taking(kind):
            assert f"<code>{field}</code>" in html
