"""The whole knowledge base: every regulation plus the glossary, loaded and checked once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from . import paths
from .model import Reg
from .schema import Glossary
from .validate import Loader, Progress, load_glossary, validate_paths
from .yamlio import DataError

T = TypeVar("T")


@dataclass
class Corpus:
    regs: list[Reg]
    glossary: Glossary
    by_id: dict[str, Reg] = field(init=False)
    glossary_digest: str = ""
    data_dir: Path | None = None  # where it was loaded from (None: the project's data folder)

    def __post_init__(self) -> None:
        self.regs.sort(key=lambda r: (r.meta.region.province, r.meta.region.city or "", r.meta.region.county or ""))
        self.by_id = {r.id: r for r in self.regs}

    def get(self, reg_id: str) -> Reg:
        return self.by_id[reg_id]

    @property
    def digest(self) -> str:
        """Changes whenever any extract, source text or the glossary changes."""
        digest = hashlib.sha256(self.glossary_digest.encode())
        for reg in self.regs:
            digest.update(reg.digest.encode())
        return digest.hexdigest()

    @cached_property
    def cues(self) -> dict[str, list[str]]:
        """Topic → the cue words ``regkb lint`` checks every untagged unit for (what backs a 未规定 cell)."""
        return topic_cues(self.data_dir)

    def memo(self, kind: Hashable, make: Callable[[], T]) -> T:
        """``make()`` once per ``kind`` for this corpus (e.g. the glossary's lookup, compiled once a build)."""
        memo = self.__dict__.setdefault("_memo", {})
        if kind not in memo:
            memo[kind] = make()
        return memo[kind]


def topic_cues(data_dir: Path | None = None) -> dict[str, list[str]]:
    """Topic → cue words, from ``data_dir``/topic-cues.yml (empty if the data has no cues file)."""
    path = (data_dir or paths.DATA) / "topic-cues.yml"
    if not path.is_file():
        return {}
    from .lint import load_cues  # lint checks the regulations, as validate does

    return dict(load_cues(path)[0].cues)


def load_corpus(data_dir: Path | None = None, progress: Progress | None = None, load: Loader | None = None) -> Corpus:
    """Load and validate everything under ``data_dir``; raise :class:`DataError` on any problem.

    ``load`` (see :func:`validate.validate_paths`) lets a build reuse extracts it checked before.
    """
    data_dir = data_dir or paths.DATA
    regs, problems = validate_paths([data_dir / "regulations"], root=data_dir.parent, progress=progress, load=load)
    glossary = None
    try:
        glossary = load_glossary(data_dir / "glossary.yml", data_dir.parent)
    except DataError as exc:
        problems.extend(exc.problems)
    if problems or glossary is None:
        raise DataError(problems)
    glossary_digest = hashlib.sha256((data_dir / "glossary.yml").read_bytes()).hexdigest()
    return Corpus(regs, glossary, glossary_digest=glossary_digest, data_dir=data_dir)
