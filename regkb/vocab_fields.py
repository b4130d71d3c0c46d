"""Which YAML fields take which controlled vocabulary, read from the schema itself.

The annotation guide lists every vocabulary with the fields that take its ids (its 受控词表 section).
Written by hand, such a list lags behind the schema; here it is found by walking the pydantic models
from the file's root model and noting each field whose type is one of the vocabulary types.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from . import schema, vocab

# Each vocabulary the guide shows: its heading, its type in the schema, its ids and labels.
VOCABULARIES: tuple[tuple[str, Any, dict[str, str]], ...] = (
    ("主题", schema.TopicId, vocab.TOPICS),
    ("机构", schema.AgencyId, vocab.AGENCIES),
    ("职能", schema.RoleId, vocab.ROLES),
    ("阶段", schema.StageId, vocab.STAGES),
    ("项目类别", schema.CategoryId, vocab.CATEGORIES),
    ("建设性质", schema.NatureId, vocab.NATURES),
    ("资金来源", schema.FundingId, vocab.FUNDINGS),
    ("建设单位层级", schema.UnitLevelId, vocab.UNIT_LEVELS),
    ("时限类型", schema.DeadlineKind, vocab.DEADLINE_KINDS),
    ("金额比较", schema.ComparisonId, vocab.COMPARISONS),
    ("校勘类型", schema.RepairKind, vocab.REPAIR_KINDS),
)

ROOTS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("", schema.Regulation),
    ("glossary.yml: ", schema.Glossary),
    ("topic-cues.yml: ", schema.TopicCues),
)


def _parts(annotation: Any) -> list[Any]:
    """``annotation`` and every type inside it (list[X], X | None, dict[K, V], Annotated[X, ...])."""
    found = [annotation]
    if typing.get_origin(annotation) is typing.Annotated:
        found += _parts(typing.get_args(annotation)[0])
    else:
        for arg in typing.get_args(annotation):
            found += _parts(arg)
    return found


def _suffix(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is list:
        return "[]"
    if origin in (typing.Union, types.UnionType):
        return "".join(_suffix(a) for a in typing.get_args(annotation) if a is not type(None))
    return ""


def fields_taking(kind: Any) -> list[str]:
    """The YAML paths (``rules[].stage``) whose values are ``kind`` ids, in schema order, each once."""
    paths: list[str] = []
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel], prefix: str) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            key = info.alias or name
            path = f"{prefix}{key}{_suffix(info.annotation)}"
            parts = _parts(info.annotation)
            # a field typed X itself keeps only X's base type, its validator moving to the metadata
            direct = any(check in info.metadata for check in typing.get_args(kind)[1:])
            if direct or any(part == kind for part in parts):
                paths.append(path)
            for part in parts:
                if isinstance(part, type) and issubclass(part, BaseModel):
                    walk(part, path + ".")
        seen.discard(model)

    for label, root in ROOTS:
        walk(root, label)
    return list(dict.fromkeys(paths))


def tables() -> list[dict[str, Any]]:
    """Each vocabulary as the guide shows it: heading, the fields that take it, its ids and labels."""
    return [
        {"heading": heading, "fields": fields_taking(kind), "ids": list(ids.items())}
        for heading, kind, ids in VOCABULARIES
    ]
