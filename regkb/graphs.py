"""Graphviz charts built from the process models: DOT text here, SVG from Debian's ``dot``.

Output is deterministic (same data → byte-equal SVG); the build (:meth:`regkb.build.Build.draw`)
keeps SVGs by the hash of their DOT source, so a rebuild re-runs ``dot`` only for charts whose data changed.
Links inside charts are written relative to the chart files' folder (``../regulations/<id>.html#<clause>``,
so that ``charts/*.svg`` opened on its own links to the pages); ``urls.relink_chart`` adapts them to the page that
embeds the chart. Steps and edges carry ids (``step-<id>-<step>``, ``edge-<id>-<index>``, ``<id>`` the
regulation's) by which the 决策助手 highlights a project's path.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import IO, Any

import graphviz

from . import encode, layout, vocab
from .conditions import describe
from .corpus import Corpus
from .model import Reg
from .urls import clause_url, from_charts, page_url

FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
STAGE_COLOURS = {
    "planning": "#ede7f6",
    "declaration": "#e3f2fd",
    "review": "#e0f7fa",
    "approval": "#e8f5e9",
    "procurement": "#fff8e1",
    "implementation": "#fff3e0",
    "acceptance": "#fce4ec",
    "operations": "#eceff1",
}
EDGE_STYLES = {
    "normal": {},
    "branch": {"color": "#1565c0", "fontcolor": "#1565c0"},
    "loop": {"color": "#c62828", "fontcolor": "#c62828", "style": "dashed", "constraint": "false"},
}


def _wrap(text: str, width: int = 12) -> str:
    """Break a Chinese label every ``width`` characters so boxes stay narrow."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width)) or " "


def _base(name: str, rankdir: str = "LR") -> graphviz.Digraph:
    g = graphviz.Digraph(name, format="svg")
    g.attr(
        rankdir=rankdir,
        fontname=FONT,
        fontsize="12",
        newrank="true",
        nodesep="0.25",
        ranksep="0.35",
        bgcolor="transparent",
    )
    g.attr(
        "node", fontname=FONT, fontsize="11", shape="box", style="rounded,filled", fillcolor="white", margin="0.12,0.06"
    )
    g.attr("edge", fontname=FONT, fontsize="10", color="#555555", arrowsize="0.7")
    return g


def process_dots(reg: Reg) -> tuple[str, str] | None:
    """One regulation's process chart as DOT source, left to right and top to bottom (None: it has no
    process). Top to bottom lays the lanes side by side (narrow screens, the 决策助手's path panel).
    Built once: the two differ only in the graph's first statement, the one that sets ``rankdir``."""
    chart = _process_dot(reg, "LR")
    if chart is None:
        return None
    across = chart.source
    chart.body[0] = _base(chart.name, rankdir="TB").body[0]
    return across, chart.source


def _process_dot(reg: Reg, rankdir: str = "LR") -> graphviz.Digraph | None:
    """One regulation's process: a swimlane per agency, stage groups inside each lane."""
    process = reg.data.process
    if process is None:
        return None
    g = _base(f"process_{reg.id}", rankdir=rankdir)
    g.attr(label=encode.dot(f"{reg.meta.short_title}：审批流程（点击步骤查看条款）"), labelloc="t", fontsize="14")
    lanes: dict[str, list] = {}
    for step in process.steps:
        lanes.setdefault(step.actor, []).append(step)
    for lane_index, (actor, steps) in enumerate(lanes.items()):
        with g.subgraph(name=f"cluster_lane_{lane_index}") as lane:
            lane.attr(
                label=encode.dot(reg.agency_name(actor)),
                style="rounded,filled",
                fillcolor="#fafafa",
                color="#9e9e9e",
                labeljust="l",
                fontsize="12",
            )
            stages: dict[str, list] = {}
            for step in steps:
                stages.setdefault(step.stage, []).append(step)
            for stage, members in stages.items():
                with lane.subgraph(name=f"cluster_lane_{lane_index}_{stage}") as group:
                    group.attr(
                        label=encode.dot(vocab.STAGES[stage]),
                        style="rounded,filled",
                        fillcolor=STAGE_COLOURS[stage],
                        color=STAGE_COLOURS[stage],
                        fontsize="10",
                        fontcolor="#424242",
                    )
                    for step in members:
                        _step_node(group, reg, step)
    for index, edge in enumerate(process.edges):
        label = edge.label or (describe(edge.when) if edge.when else "")
        g.edge(
            encode.dot(edge.source),
            encode.dot(edge.target),
            label=encode.dot(_wrap(label, 10)) if label else "",
            id=encode.dot(f"edge-{reg.id}-{index}"),
            **EDGE_STYLES[edge.kind],
        )
    return g


def _step_node(group: graphviz.Digraph, reg: Reg, step) -> None:
    lines = [_wrap(step.title)]
    if step.deadline:
        lines.append(f"时限：{step.deadline}")
    cited = "、".join(reg.label(c) for c in step.cite)  # every clause the step rests on
    lines.append(f"〔{cited}〕")
    shape = {"start": "oval", "end": "doubleoctagon", "decision": "diamond"}.get(step.kind, "box")
    group.node(
        encode.dot(step.id),
        encode.dot("\n".join(lines)),
        shape=shape,
        URL=encode.dot(from_charts(clause_url(reg.id, step.cite[0]))),
        target="_top",
        tooltip=encode.dot(f"{step.title}（{cited}）"),
        id=encode.dot(f"step-{reg.id}-{step.id}"),
    )


def stages_dot(corpus: Corpus, name: str = "stages", title: str = "各地") -> graphviz.Digraph:
    """All regulations side by side: the stages each process goes through, in order."""
    g = _base(name, rankdir="TB")
    g.attr(label=encode.dot(f"{title}流程阶段对比"), labelloc="t", fontsize="14")
    order = list(vocab.STAGES)
    for reg in corpus.regs:
        if reg.data.process is None:
            continue
        present = sorted({s.stage for s in reg.data.process.steps}, key=order.index)
        with g.subgraph(name=f"cluster_{reg.id}") as col:
            col.attr(label=encode.dot(reg.region_name), style="rounded", color="#9e9e9e")
            previous = None
            for stage in present:
                first = next(s for s in reg.data.process.steps if s.stage == stage)
                node = f"{reg.id}_{stage}"
                count = sum(1 for s in reg.data.process.steps if s.stage == stage)
                cites = dict.fromkeys(c for s in reg.data.process.steps if s.stage == stage for c in s.cite)
                col.node(
                    node,
                    encode.dot(f"{vocab.STAGES[stage]}\n（{count}步）"),
                    fillcolor=STAGE_COLOURS[stage],
                    URL=encode.dot(from_charts(clause_url(reg.id, first.cite[0]))),
                    target="_top",
                    tooltip=encode.dot(
                        f"{reg.region_name}·{vocab.STAGES[stage]}（{'、'.join(reg.label(c) for c in cites)}）"
                    ),
                    id=encode.dot(f"stage-{reg.id}-{stage}"),
                )
                if previous:
                    col.edge(previous, node)
                previous = node
    return g


def basis_dot(corpus: Corpus, name: str = "basis", title: str = "") -> graphviz.Digraph:
    """Which superior documents each regulation cites as its basis; shared ones stand out."""
    g = _base(name, rankdir="LR")
    g.attr(label=encode.dot(f"{title}依据文件关系图（多地共同依据的文件加粗）"), labelloc="t", fontsize="14")
    cited: dict[str, list[Reg]] = {}
    for reg in corpus.regs:
        for doc in (*reg.meta.basis, *reg.meta.repeals):
            cited.setdefault(doc.title + (doc.number or ""), []).append(reg)
    for reg in corpus.regs:
        g.node(
            f"reg_{reg.id}",
            encode.dot(_wrap(reg.meta.short_title, 10)),
            fillcolor="#e3f2fd",
            URL=encode.dot(from_charts(page_url(reg.id))),
            target="_top",
            id=f"basis-reg-{reg.id}",
        )
    for index, (key, regs) in enumerate(sorted(cited.items())):
        doc = next(d for d in (*regs[0].meta.basis, *regs[0].meta.repeals) if d.title + (d.number or "") == key)
        label = _wrap(doc.title, 14) + (f"\n{doc.number}" if doc.number else "")
        shared = len({r.id for r in regs}) > 1
        g.node(
            f"doc_{index}",
            encode.dot(label),
            shape="note",
            fillcolor="#fff8e1" if shared else "white",
            penwidth="2.5" if shared else "1",
            id=f"basis-doc-{index}",
        )
        for reg in regs:
            repealed = doc in reg.meta.repeals
            g.edge(
                f"reg_{reg.id}",
                f"doc_{index}",
                label="废止" if repealed else "依据",
                style="dashed" if repealed else "solid",
                URL=encode.dot(from_charts(clause_url(reg.id, doc.cite[0]))),
                target="_top",
                tooltip=encode.dot(f"{reg.region_name}：{'、'.join(reg.label(c) for c in doc.cite)}"),
            )
    return g


# --------------------------------------------------------------------------- rendering


def svg(source: str) -> str:
    """One chart's SVG: one ``dot`` run per graph (several graphs in one run would number their ids
    differently). :class:`DotServer` makes the same bytes for less CPU."""
    return _uncomment(graphviz.Source(source).pipe(format="svg", encoding="utf-8"))


def _uncomment(text: str) -> str:
    return re.sub(r"<!-- Generated by graphviz[^>]*-->\n", "", text)


DOTFORK = "regkb-dotfork"  # built from regkb/dotfork.c by scripts/bootstrap.sh into the venv's bin folder
WARM_SAMPLE = 300  # charts whose characters DotServer's helpers lay out before forking
_FONTSIZE = re.compile(r'fontsize="?([0-9]+(?:\.[0-9]+)?)')


def dotfork_program() -> Path | None:
    """The ``regkb-dotfork`` helper next to this Python (the venv's bin folder) or on PATH; None without one."""
    here = Path(sys.executable).parent / DOTFORK
    if here.is_file() and os.access(here, os.X_OK):
        return here
    found = shutil.which(DOTFORK)
    return Path(found) if found else None


class DotServer:
    """:func:`svg` for many charts at about a quarter of the CPU: ``regkb-dotfork`` (regkb/dotfork.c) does ``dot``'s
    start-up and the font set-up once, then lays out each chart in a fork of itself whose heap is the
    one a fresh ``dot`` would have, so the SVG is byte for byte a plain run's (cluster order depends on
    heap addresses: laying out several graphs in one process would change it).

    One helper process per calling thread, started on its first chart. The first chart is also drawn
    with plain ``dot``; if the two differ (another Graphviz than the helper was built for), or the helper
    is missing, dies or fails on a chart, that chart and the rest go to plain :func:`svg` (which raises
    what ``dot`` raises). ``sources`` (the charts to come) only choose what the warm-up lays out: their
    characters at their font sizes, so those glyphs are measured once rather than in every fork."""

    def __init__(self, sources: Iterable[str] = (), program: Path | None = None) -> None:
        self._program = program or dotfork_program()
        texts = list(sources)
        seen: set[str] = set()
        sizes: set[str] = set()
        for text in texts[:: max(1, len(texts) // WARM_SAMPLE)]:  # a sample: the charts share their words
            seen.update(text)
            sizes.update(_FONTSIZE.findall(text))
        chars = sorted(c for c in seen if c.isprintable() and not c.isspace())[:20000]
        self._warm = [FONT, "".join(chars), *sorted(sizes, key=float)] if chars and sizes else []
        self._local = threading.local()
        self._lock = threading.RLock()
        self._started: list[subprocess.Popen[bytes]] = []
        self._trusted: bool | None = None if self._program else False  # None: not yet compared with plain dot

    def svg(self, source: str) -> str:
        """The chart's SVG, exactly as :func:`svg` makes it."""
        if self._trusted is None:
            with self._lock:
                if self._trusted is None:
                    fast, plain = self._draw(source), svg(source)
                    self._trusted = fast == plain
                    return plain
        fast = self._draw(source) if self._trusted else None
        return svg(source) if fast is None else fast

    @property
    def serving(self) -> bool:
        """Whether charts come from the helper (its first chart matched plain ``dot``, and it is not closed)."""
        return self._trusted is True

    def close(self) -> None:
        """Ends the helper processes (each ends at the end of its input)."""
        with self._lock:
            self._trusted = False
            started, self._started = self._started, []
        for process in started:
            self._stop(process)

    def __enter__(self) -> DotServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _process(self) -> subprocess.Popen[bytes] | None:
        process: subprocess.Popen[bytes] | None = getattr(self._local, "process", None)
        if process is None and not getattr(self._local, "failed", False) and self._program:
            with self._lock:
                if self._trusted is False:
                    return None
                try:
                    process = subprocess.Popen(
                        [str(self._program), *self._warm], stdin=subprocess.PIPE, stdout=subprocess.PIPE
                    )
                except OSError:
                    self._local.failed = True
                    return None
                self._started.append(process)
            self._local.process = process
        return process

    def _draw(self, source: str) -> str | None:
        """The helper's SVG, or None: no helper, or it failed (then this thread stops using it)."""
        process = self._process()
        if process is None:
            return None
        data = source.encode("utf-8")
        try:
            assert process.stdin and process.stdout
            process.stdin.write(struct.pack("=I", len(data)) + data)
            process.stdin.flush()
            status, out_size, err_size = struct.unpack("=3I", _read(process.stdout, 12))
            out, err = _read(process.stdout, out_size), _read(process.stdout, err_size)
        except (OSError, ValueError, struct.error):
            self._local.process, self._local.failed = None, True
            self._stop(process)
            return None
        if status != 0:
            return None
        if err:  # dot's warnings, shown as the graphviz package shows them
            sys.stderr.write(err.decode("utf-8", "replace"))
            sys.stderr.flush()
        return _uncomment(out.decode("utf-8"))

    @staticmethod
    def _stop(process: subprocess.Popen[bytes]) -> None:
        for stream in (process.stdin, process.stdout):
            if stream:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _read(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size) if size else b""
    if len(data) != size:
        raise ValueError("regkb-dotfork ended early")
    return data


Svg = str | Path  # the SVG text, or the file in the cache folder that holds it (see svg_text)
Memo = Callable[[str, Hashable, Callable[[], Any]], Any]  # a build's memo (kind, key, make), e.g. Cache.memo


def svg_text(svg: Svg) -> str:
    return svg.read_text(encoding="utf-8") if isinstance(svg, Path) else svg


def _no_memo(_kind: str, _key: Hashable, make: Callable[[], Any]) -> Any:
    return make()


def all_charts(
    corpus: Corpus, large: bool, dots: Callable[[Reg], tuple[str, str] | None] = process_dots, memo: Memo = _no_memo
) -> dict[str, str]:
    """Chart name → DOT source: ``process-<id>`` per regulation (``process-<id>-tb``: top to bottom), plus
    ``stages`` and ``basis`` (in the large layout, ``stages-<code>`` and ``basis-<code>`` per province
    instead). A build passes ``dots`` (see :func:`process_dots`) and a ``memo`` that remember what it drew before."""
    charts: dict[str, str] = {}
    for reg in corpus.regs:
        sources = dots(reg)
        if sources is not None:
            charts[f"process-{reg.id}"], charts[f"process-{reg.id}-tb"] = sources
    if not large:
        charts["stages"] = stages_dot(corpus).source
        charts["basis"] = basis_dot(corpus).source
        return charts
    for province in layout.provinces(corpus):
        regs = layout.subset(corpus, province.regs)

        def make(regs: Corpus = regs, province: layout.Province = province) -> tuple[str, str]:
            return (
                stages_dot(regs, f"stages_{province.code}", province.name).source,
                basis_dot(regs, f"basis_{province.code}", province.name).source,
            )

        if all(r.digest for r in province.regs):
            key = "\0".join((province.code, province.name, *(r.digest for r in province.regs)))
            sources = memo("province charts", key, make)
        else:
            sources = make()
        charts[f"stages-{province.code}"], charts[f"basis-{province.code}"] = sources
    return charts


def inline(svg: str, prefix: str) -> str:
    """SVG markup for inlining into HTML: no XML prolog, and ids prefixed so several charts can share a page."""
    svg = re.sub(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", "", svg)
    return re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
