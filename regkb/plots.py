"""Pictures of the comparison, drawn from the data at build time as SVG (ElementTree writes the XML,
escaping every text from data):

- the amount thresholds of every regulation on one scale (who requires what at 50 … 1000万元), each mark
  a link to its clause;
- the coverage grid (topic × regulation: 编者摘要 / 未规定 / 不适用, as :func:`compare.topic_cells` defines
  them), each state with its own colour *and* symbol, each cell a link to its comparison cell.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from typing import Any

from . import compare, urls, vocab
from .corpus import Corpus

SVG_NS = "http://www.w3.org/2000/svg"
TICKS = (50, 100, 200, 500, 600, 1000)  # 万元: the amounts these 办法 draw lines at
FONT = "'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"
INK, MUTED, ACCENT = "#1a1a1a", "#595959", "#0b5394"

# state → (fill, text colour, symbol, legend): Okabe–Ito colours, each with a symbol so no state is told by colour alone
STATES = {
    "summary": ("#0072B2", "#ffffff", "●", "有规定（编者摘要）"),
    "none": ("#f2f2f2", "#1a1a1a", "○", "未规定"),
    "not_applicable": ("#E69F00", "#1a1a1a", "—", "不适用"),
}


def _svg(width: int, height: int, ident: str, title: str, desc: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "group",  # not "img": its marks and cells are links a screen reader must reach
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "id": ident,
            "class": "rk-plot",
            "font-family": FONT,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{ident}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{ident}-desc"}).text = desc
    ET.SubElement(svg, "rect", {"width": str(width), "height": str(height), "fill": "#ffffff"})
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", "fill": INK, "font-size": "13", **attrs})
    node.text = text
    return node


def _link(parent: ET.Element, href: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, "a", {"href": href, **attrs})


def _serialise(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode")


# --------------------------------------------------------------------------- thresholds

LEFT, RIGHT, ROW = 24, 876, 50
LOW, HIGH = 35.0, 1300.0  # the scale's ends (万元), logarithmic so 50 and 100 stay apart


def scale_x(amount: float) -> float:
    """Where ``amount`` (万元) sits on the shared scale."""
    span = math.log(HIGH) - math.log(LOW)
    return LEFT + (math.log(min(max(amount, LOW), HIGH)) - math.log(LOW)) / span * (RIGHT - LEFT)


def threshold_plot(corpus: Corpus, to_root: str, on: dt.date | None = None) -> str:
    """Every regulation's amount thresholds on one scale: a row per threshold, grouped by regulation (one
    with none says so); the mark is filled when the amount itself is included, and its bar points to
    the amounts the rule covers."""
    rows: list[tuple[Any, dict[str, Any] | None]] = []
    for reg in corpus.regs:
        found = compare.regulation_thresholds(reg, on)
        rows.extend([(reg, t) for t in found] or [(reg, None)])
    top = 56
    height = top + ROW * len(rows) + 16
    svg = _svg(
        900,
        height,
        "threshold-plot",
        "各地金额门槛（万元，对数刻度）",
        "每行一条金额门槛：左侧文字为地区、比较方式、金额与所触发的要求；刻度上的圆点为门槛金额"
        "（实心含本数，空心不含），横条指向该要求覆盖的金额范围；点击圆点打开所依据的条款。",
    )
    axis = ET.SubElement(svg, "g", {"class": "rk-plot-axis"})
    last = -100.0
    for tick in TICKS:
        x = scale_x(tick)
        label_y, last = (12 if x - last < 60 else 24), x  # close ticks (500, 600) take two lines
        ET.SubElement(
            axis,
            "line",
            {
                "x1": f"{x:g}",
                "x2": f"{x:g}",
                "y1": "30",
                "y2": str(height - 12),
                "stroke": "#bfbfbf",
                "stroke-dasharray": "3 3",
            },
        )
        _text(axis, x, label_y, f"{tick}万元", **{"text-anchor": "middle", "font-size": "12", "fill": MUTED})
    y = top
    previous = None
    for reg, t in rows:
        name = reg.region_name if reg is not previous else ""
        previous = reg
        if t is None:
            _text(svg, LEFT, y + 14, f"{reg.region_name}：无金额门槛", **{"fill": MUTED})
            y += ROW
            continue
        amount = f"{t['comparison']}{t['amount']:g}{t['unit']}"
        hedge = "（原则上）" if t["discretionary"] else ""
        label = f"{name}{'　' if name else ''}{amount}{hedge}：{t['triggers']}"
        _text(svg, LEFT, y + 14, label, **({"font-weight": "bold"} if name else {}))
        x, track = scale_x(t["amount"]), y + 32
        ET.SubElement(
            svg,
            "line",
            {"x1": str(LEFT), "x2": str(RIGHT), "y1": f"{track:g}", "y2": f"{track:g}", "stroke": "#e0e0e0"},
        )
        upward = t["comparison"] in ("≥", ">")
        end = RIGHT if upward else LEFT
        ET.SubElement(
            svg,
            "line",
            {
                "x1": f"{x:g}",
                "x2": f"{end:g}",
                "y1": f"{track:g}",
                "y2": f"{track:g}",
                "stroke": ACCENT,
                "stroke-width": "4",
                "stroke-opacity": "0.45",
            },
        )
        ref = t["clauses"][0]
        mark = _link(
            svg,
            f"{to_root}{ref['url']}",
            **{
                "class": "rk-plot-mark",
                "data-regulation": reg.id,
                "data-threshold": t["id"],
                "data-amount": f"{t['amount']:g}",
                "data-comparison": t["comparison"],
                "aria-label": f"{reg.region_name}{amount}{t['triggers']}（{ref['label']}）",
            },
        )
        ET.SubElement(mark, "title").text = f"{reg.region_name} {amount}：{t['triggers']}（{ref['label']}）"
        ET.SubElement(
            mark,
            "circle",
            {
                "cx": f"{x:g}",
                "cy": f"{track:g}",
                "r": "7",
                "stroke": ACCENT,
                "stroke-width": "2.5",
                "fill": ACCENT if t["inclusive"] else "#ffffff",
            },
        )
        y += ROW
    return _serialise(svg)


# --------------------------------------------------------------------------- coverage grid

HEAD_W, CELL_W, CELL_H = 190, 104, 26


def coverage_grid(corpus: Corpus, to_root: str, on: dt.date | None = None) -> str:
    """Topic × regulation: whether each regulation's text has a provision on each topic."""
    regs = corpus.regs
    top = 64
    width = HEAD_W + CELL_W * len(regs) + 8
    height = top + CELL_H * len(vocab.TOPICS) + 12
    svg = _svg(
        width,
        height,
        "coverage-grid",
        "各地规定覆盖情况（主题 × 地区）",
        "每格一个主题在一个地区的情况：● 有规定（编者摘要）、○ 未规定、— 不适用；点击格子打开该主题的并排对比。",
    )
    x = 8
    for state, (fill, ink, symbol, legend) in STATES.items():
        ET.SubElement(
            svg,
            "rect",
            {
                "x": str(x),
                "y": "6",
                "width": "22",
                "height": "18",
                "fill": fill,
                "stroke": "#7f7f7f",
                "data-legend": state,
            },
        )
        _text(svg, x + 11, 20, symbol, **{"text-anchor": "middle", "fill": ink})
        _text(svg, x + 28, 20, legend)
        x += 40 + 14 * len(legend)
    for col, reg in enumerate(regs):
        _text(
            svg,
            HEAD_W + CELL_W * col + CELL_W / 2,
            top - 10,
            reg.region_name,
            **{"text-anchor": "middle", "font-weight": "bold"},
        )
    cells = {reg.id: compare.topic_cells(reg, on, corpus.cues) for reg in regs}
    for row, (topic, label) in enumerate(vocab.TOPICS.items()):
        y = top + CELL_H * row
        _text(svg, 8, y + 18, label)
        for col, reg in enumerate(regs):
            kind = cells[reg.id][topic]["kind"]
            fill, ink, symbol, legend = STATES[kind]
            cx = HEAD_W + CELL_W * col
            cell = _link(
                svg,
                to_root + urls.topic_url(False, topic, reg.id),
                **{
                    "class": "rk-grid-cell",
                    "data-topic": topic,
                    "data-regulation": reg.id,
                    "data-state": kind,
                    "aria-label": f"{label}：{reg.region_name}{legend}",
                },
            )
            ET.SubElement(cell, "title").text = f"{label} · {reg.region_name}：{legend}"
            ET.SubElement(
                cell,
                "rect",
                {
                    "x": str(cx + 2),
                    "y": str(y + 2),
                    "width": str(CELL_W - 4),
                    "height": str(CELL_H - 4),
                    "fill": fill,
                    "stroke": "#7f7f7f",
                },
            )
            _text(
                cell,
                cx + CELL_W / 2,
                y + 18,
                f"{symbol} {legend[:3]}",
                **{"text-anchor": "middle", "fill": ink, "font-size": "12"},
            )
    return _serialise(svg)
