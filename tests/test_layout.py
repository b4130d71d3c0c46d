"""The comparison scope: when the layout switches, province codes, and one source for per-region data."""

from __future__ import annotations

import re

import pytest

from regkb import compare, layout, render, urls, vocab
from regkb.corpus import Corpus
from regkb.model import Reg
from regkb.validate import validate_paths

from .conftest import FIXTURES, ROOT


def test_five_regions_stay_inline_and_the_limit_can_be_lowered(corpus, monkeypatch) -> None:
    monkeypatch.delenv(layout.LIMIT_ENV, raising=False)
    assert layout.inline_limit() == layout.INLINE_LIMIT and not layout.is_large(corpus)
    monkeypatch.setenv(layout.LIMIT_ENV, "4")
    assert layout.is_large(corpus)
    monkeypatch.setenv(layout.LIMIT_ENV, "many")
    with pytest.raises(ValueError, match="REGKB_INLINE_LIMIT"):
        layout.inline_limit()


@pytest.mark.parametrize(
    ("name", "code"), [("河南省", "41"), ("安徽省", "34"), ("广东省", "44"), ("广西", "45"), ("内蒙古", "15")]
)
def test_provinces_get_their_gb_t_2260_code(name: str, code: str) -> None:
    assert layout.province_code(name) == code
    assert vocab.PROVINCES[code].startswith(name)


def test_a_province_outside_the_table_gets_a_stable_fallback_code(corpus) -> None:
    mini, problems = validate_paths([FIXTURES / "valid"], root=ROOT)
    assert problems == []
    mixed = Corpus([*corpus.regs, *mini], corpus.glossary)
    groups = {p.code: p for p in layout.provinces(mixed)}
    fallback = layout.province_code("测试省")
    assert fallback == layout.province_code("测试省") and fallback.startswith("x") and fallback not in vocab.PROVINCES
    assert [r.id for r in groups[fallback].regs] == ["mini"] and not groups[fallback].listed
    assert [r.id for r in groups["41"].regs] == ["lankao", "xiuwu"] and groups["41"].name == "河南省"
    assert list(groups) == sorted(groups)


def test_topic_links_follow_the_layout() -> None:
    assert urls.topic_url(False, "review", "luan") == "compare/review.html#luan"
    assert urls.topic_url(False, "review", page=".md") == "compare/review.md"
    assert urls.topic_url(True, "review", "luan") == "compare/index.html?regulations=luan&topic=review#side-by-side"
    assert urls.topic_url(True, "review", province="34") == "compare/index.html?province=34&topic=review#side-by-side"


def test_the_picker_places_the_cells_and_rows_the_inline_tables_show(corpus) -> None:
    """One renderer: a comparison bundle's cells and rows, less the regulation id compare.js places them by, are
    the inline comparison's (both pages are compare/index.html); its texts list the units on each topic."""
    templates = render.Templates()
    inline = render.comparison_page(corpus, "../", large=False, templates=templates)
    for reg in corpus.regs:
        bundle = render.comparison_bundle(reg, templates)
        rows = [row + "</tr>" for table in ("thresholds", "deadlines") for row in bundle[table].split("</tr>") if row]
        assert len(rows) == len(reg.data.thresholds) + len(reg.data.deadlines)
        for piece in [*bundle["topics"].values(), *bundle["roles"].values(), *rows]:
            assert f' data-regulation="{reg.id}"' in piece
            assert piece.replace(f' data-regulation="{reg.id}"', "") in inline
        for topic in vocab.TOPICS:
            side = next(c for c in compare.side_by_side(corpus, topic) if c["regulation"] == reg.id)
            units = re.findall(
                r'<div class="rk-unit-head"><a class="rk-cite" href="[^"#]*#([^"]+)"', bundle["texts"][topic]
            )
            assert units == [u["id"] for u in side["units"]]


def _neighbour(reg: Reg, reg_id: str, county: str) -> Reg:
    """A copy of ``reg`` for another county of the same city."""
    data = reg.data.model_copy(deep=True)
    data.id = reg_id
    data.meta.region.county = county
    return Reg(data, reg.file)


def test_large_nav_groups_a_province_by_city(corpus) -> None:
    """Each page's nav lists its own city's regulations and one entry per other city (Material renders every
    entry on every page, so a whole province per page made 3,000 regulations twice as slow to build)."""
    from mkdocs_regkb.plugin import generated_nav

    lankao = corpus.get("lankao")
    qixian = _neighbour(lankao, "qixian", "杞县")
    mixed = Corpus([*corpus.regs, qixian], corpus.glossary)
    henan = next(p for p in layout.provinces(mixed) if p.code == "41")
    assert [(city, [r.id for r in regs]) for city, regs in layout.cities(henan)] == [
        ("开封市", ["lankao", "qixian"]),
        ("焦作市", ["xiuwu"]),
    ]
    nav = generated_nav(mixed, large=True)["法规"]
    henan_nav = next(entry["河南省"] for entry in nav if "河南省" in entry)
    assert henan_nav == [
        {
            "开封市": [
                {f"兰考县：{lankao.meta.short_title}": "regulations/lankao.md"},
                {f"杞县：{lankao.meta.short_title}": "regulations/qixian.md"},
            ]
        },
        {f"修武县：{corpus.get('xiuwu').meta.short_title}": "regulations/xiuwu.md"},
    ]


def test_large_hand_written_pages_count_cells_per_province(corpus) -> None:
    """新人入门 and 首页 list every region's cell and status inline; at 3,000 regulations that made the
    onboarding page 21 MB. In the large layout each province is one row of counts, each count backed by
    the same cells and notes the inline lists show, and each row links to where the texts are read."""
    templates = render.Templates()
    on = render.today()
    topic = "supervision"
    html = render.topic_summaries(corpus, topic, "", large=True, templates=templates)
    for province in layout.provinces(corpus):
        row = re.search(rf'<tr data-province="{province.code}">(.*?)</tr>', html).group(1)
        numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", row)]
        kinds = [compare.topic_cell(r, topic, on, corpus.cues)["kind"] for r in province.regs]
        assert numbers == [len(province.regs), *(kinds.count(k) for k in compare.CELL_LABELS)]
        assert f'href="{urls.topic_url(True, topic, province=province.code)}"'.replace("&", "&amp;") in row
    assert "data-regulation=" not in html  # no per-regulation rows
    assert compare.none_note(topic, corpus.cues) in html  # what 未规定 claims, as each cell says it

    html = render.status_notices(corpus, "", large=True, templates=templates)
    warned = [r for r in corpus.regs if r.currency(on).warns]
    assert warned, "the five texts have status notes (revisions, an expired 试行 period)"
    assert f"{len(warned)} 部办法" in html
    for province in layout.provinces(corpus):
        regs = [r for r in province.regs if r.currency(on).warns]
        row = re.search(rf'<tr data-province="{province.code}">(.*?)</tr>', html)
        if not regs:
            assert row is None
            continue
        numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", row.group(1))]
        kinds = [{n.kind for n in r.currency(on).notes} for r in regs]
        assert numbers == [len(regs), *(sum(k in ks for ks in kinds) for k in vocab.NOTICE_KINDS)]
        assert f'href="{urls.catalogue_url(province.code)}"' in row.group(1)
