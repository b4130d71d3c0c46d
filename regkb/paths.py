"""Where the project keeps its data (overridable with REGKB_DATA for tests and benchmarks)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("REGKB_DATA", ROOT / "data"))
REGULATIONS = DATA / "regulations"
SOURCES = DATA / "sources"
GLOSSARY = DATA / "glossary.yml"
CACHE = Path(os.environ.get("REGKB_CACHE", ROOT / ".cache"))  # chart SVGs by content hash, search words
