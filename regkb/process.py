"""Process models: the approval flow of a regulation as a networkx graph, and its checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from .model import Reg
    from .yamlio import Located, PathKey


def check(reg: Reg, located: Located) -> Iterator[tuple[PathKey, str]]:
    """Structural checks of the process (filled in by the process module)."""
    return iter(())


def graph(reg: Reg) -> nx.DiGraph:
    g: Any = nx.DiGraph()
    return g
