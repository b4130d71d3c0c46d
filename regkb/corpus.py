"""The whole knowledge base: every regulation plus the glossary, loaded and checked once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .model import Reg
from .schema import Glossary
from .store import Progress
from .validate import load_glossary, validate_paths
from .yamlio import DataError


@dataclass
class Corpus:
    regs: list[Reg]
    glossary: Glossary
    by_id: dict[str, Reg] = field(init=False)
    glossary_digest: str = ""

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


def load_corpus(
    data_dir: Path | None = None, cache_dir: Path | None = None, progress: Progress | None = None
) -> Corpus:
    """Load and validate everything under ``data_dir``; raise :class:`DataError` on any problem.

    With ``cache_dir``, extracts validated by an earlier run with the same content are reused.
    """
    data_dir = data_dir or paths.DATA
    regs, problems = validate_paths(
        [data_dir / "regulations"], root=data_dir.parent, cache_dir=cache_dir, progress=progress
    )
    glossary = None
    try:
        glossary = load_glossary(data_dir / "glossary.yml", data_dir.parent)
    except DataError as exc:
        problems.extend(exc.problems)
    if problems or glossary is None:
        raise DataError(problems)
    glossary_digest = hashlib.sha256((data_dir / "glossary.yml").read_bytes()).hexdigest()
    return Corpus(regs, glossary, glossary_digest=glossary_digest)
