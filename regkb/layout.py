"""Page layout by corpus size: how the views that grow with the number of regulations are laid out.

Up to :data:`INLINE_LIMIT` regulations, every aggregate view shows every regulation inline: a column
per regulation in the comparison, a page per topic with every regulation's text, every chart on 流程,
a row per regulation on the home page. Above it those views would grow with the corpus on every page,
so they switch to a layout by province (GB/T 2260 code) and the comparison is made in the browser for
the regulations a reader chooses. Which layout applies depends only on the corpus, so the core and the
MkDocs glue decide it the same way.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from . import vocab
from .corpus import Corpus
from .model import Reg

INLINE_LIMIT = 20
LIMIT_ENV = "REGKB_INLINE_LIMIT"  # lets tests exercise the large layout with a small corpus

_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_CODES = {name: code for code, name in vocab.PROVINCES.items()} | {
    _SUFFIX.sub("", name): code for code, name in vocab.PROVINCES.items()
}


def inline_limit() -> int:
    """The largest corpus still shown inline (``REGKB_INLINE_LIMIT`` overrides :data:`INLINE_LIMIT`)."""
    raw = os.environ.get(LIMIT_ENV, "").strip()
    if not raw:
        return INLINE_LIMIT
    if not raw.isdigit():
        raise ValueError(f"{LIMIT_ENV}={raw!r}: expected a whole number of regulations, e.g. 20")
    return int(raw)


def is_large(corpus: Corpus) -> bool:
    """True when the corpus has more regulations than the inline layout is made for."""
    return len(corpus.regs) > inline_limit()


def province_code(name: str) -> str:
    """The GB/T 2260 code of a province (全称 河南省 or 简称 河南).

    A name outside the table gets ``x`` and six hex digits of its hash: deterministic, so its
    pages keep their URLs from build to build, and visibly not a GB/T 2260 code.
    """
    code = _CODES.get(name.strip())
    return code or "x" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:6]


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    regs: tuple[Reg, ...]

    @property
    def listed(self) -> bool:
        """Whether the province is in the GB/T 2260 table (else its code is a fallback)."""
        return self.code in vocab.PROVINCES


def provinces(corpus: Corpus) -> list[Province]:
    """The corpus by province, in code order; each province's regulations keep the corpus order."""
    groups: dict[str, list[Reg]] = {}
    for reg in corpus.regs:
        groups.setdefault(province_code(reg.meta.region.province), []).append(reg)
    return [
        Province(code, vocab.PROVINCES.get(code, regs[0].meta.region.province), tuple(regs))
        for code, regs in sorted(groups.items())
    ]


def cities(province: Province) -> list[tuple[str, tuple[Reg, ...]]]:
    """A province's regulations by city (a city's own regulation and its counties'), in corpus order;
    ``""`` for the province's own regulations."""
    groups: dict[str, list[Reg]] = {}
    for reg in province.regs:
        groups.setdefault(reg.meta.region.city or "", []).append(reg)
    return [(city, tuple(regs)) for city, regs in groups.items()]


def province_of(corpus: Corpus, code: str) -> Province:
    found = next((p for p in provinces(corpus) if p.code == code), None)
    if found is None:
        raise KeyError(f"no regulation in the corpus is in province {code!r}")
    return found


def subset(corpus: Corpus, regs: tuple[Reg, ...] | list[Reg]) -> Corpus:
    """A corpus of some of the regulations (one province), for views made for a small corpus."""
    return Corpus(list(regs), corpus.glossary, data_dir=corpus.data_dir)
