"""Synthetic corpora for scale tests: N valid regulations derived from the real ones.

Each synthetic regulation copies a real one (text, repairs, annotations, the comparison cells'
summaries and 不适用 entries, rules, process) under a made-up region and scales its thresholds
(the summaries, like the copied text, keep the template's wording and amounts), so that every part of the pipeline —
validation, pages, comparisons, charts, helper bundles and search — runs at size.
The same replacements are applied to the copied source text, so fidelity still holds.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import yaml

from .corpus import Corpus
from .yamlio import dump

PROVINCES = [
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "江苏省",
    "浙江省",
    "福建省",
    "江西省",
    "山东省",
    "湖北省",
    "湖南省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
]
SYLLABLES = "安平清河山阳东西南北新永长宁丰泰华兴"
SCALES = [0.5, 0.8, 1.0, 1.5, 2.0, 3.0]


def _names(n: int) -> list[str]:
    """Distinct two- or three-character place names, deterministic."""
    out = []
    for length in (2, 3):
        for combo in itertools.product(SYLLABLES, repeat=length):
            out.append("".join(combo))
            if len(out) == n:
                return out
    raise ValueError(f"cannot make {n} names")


def _replace_strings(value: Any, pairs: list[tuple[str, str]], skip: frozenset[str]) -> Any:
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_strings(v, pairs, skip) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in skip else _replace_strings(v, pairs, skip)) for k, v in value.items()}
    return value


def _scale_amounts(value: Any, factor: float) -> Any:
    """Multiply every amount bound (gte/gt/lte/lt) and threshold ``amount`` by ``factor``."""
    if isinstance(value, list):
        return [_scale_amounts(v, factor) for v in value]
    if isinstance(value, dict):
        return {
            k: (
                round(v * factor, 2)
                if k in ("gte", "gt", "lte", "lt", "amount") and isinstance(v, int | float)
                else _scale_amounts(v, factor)
            )
            for k, v in value.items()
        }
    return value


def synthesize(corpus: Corpus, n: int, out: Path, data_dir: Path) -> list[str]:
    """Write ``n`` synthetic regulations (and their sources and the glossary) under ``out``/data."""
    target = out / "data"
    if target.exists():
        shutil.rmtree(target)
    (target / "regulations").mkdir(parents=True)
    (target / "sources").mkdir()
    shutil.copy(data_dir / "glossary.yml", target / "glossary.yml")
    if (data_dir / "topic-cues.yml").is_file():  # what backs the 未规定 cells, as for the real data
        shutil.copy(data_dir / "topic-cues.yml", target / "topic-cues.yml")
    templates = sorted(corpus.regs, key=lambda r: r.id)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raws = {
        t.id: yaml.load((data_dir / "regulations" / f"{t.id}.yml").read_text(encoding="utf-8"), Loader=loader)
        for t in templates
    }
    sources = {t.id: (data_dir.parent / t.meta.source).read_text(encoding="utf-8") for t in templates}
    ids = []
    for index, name in enumerate(_names(n)):
        template = templates[index % len(templates)]
        raw = raws[template.id]  # _replace_strings copies, so the template stays intact
        region = template.meta.region
        old_place = region.county or region.city or region.province
        new_place = name + old_place[-1]
        pairs = [(old_place, new_place), (old_place[:-1], name)] if len(old_place) > 2 else [(old_place, new_place)]
        reg_id = f"syn{index:04d}"
        data = _replace_strings(
            raw,
            pairs,
            frozenset(
                {
                    "id",
                    "cite",
                    "clause",
                    "clauses",
                    "source",
                    "agency",
                    "actor",
                    "authority",
                    "from",
                    "to",
                    "start",
                    "threshold",
                }
            ),
        )
        data = _scale_amounts(data, SCALES[index % len(SCALES)])
        data["id"] = reg_id
        data["meta"]["source"] = f"data/sources/{reg_id}.txt"
        data["meta"]["region"]["province"] = PROVINCES[index % len(PROVINCES)]
        for key in ("repeals", "replaced_by"):
            for doc in data["meta"].get(key, []):
                doc.pop("regulation", None)
        source = sources[template.id]
        for old, new in pairs:
            source = source.replace(old, new)
        (target / "sources" / f"{reg_id}.txt").write_text(source, encoding="utf-8")
        (target / "regulations" / f"{reg_id}.yml").write_text(dump(data), encoding="utf-8")
        ids.append(reg_id)
    return ids
