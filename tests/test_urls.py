"""regkb.urls is the one place a page, clause or chart address is made."""

from __future__ import annotations

import re

from regkb import urls
from regkb.render import TEMPLATES


def test_clause_and_status_links_point_into_the_regulation_page() -> None:
    assert urls.page_url("luan") == "regulations/luan.html"
    assert urls.clause_url("luan", "a12-p1") == "regulations/luan.html#a12-p1"
    assert urls.status_url("luan", "trial-expired") == "regulations/luan.html#status-trial-expired"


def test_a_chart_link_is_rewritten_for_the_page_that_embeds_the_chart() -> None:
    svg = f'<a xlink:href="{urls.from_charts(urls.clause_url("luan", "a3"))}" href="../other/x.html">'
    assert urls.relink_chart(svg, "../../") == '<a xlink:href="../../regulations/luan.html#a3" href="../other/x.html">'


def test_no_template_spells_out_a_site_address() -> None:
    """A template links through the URL globals, so a change of address is made in urls.py alone."""
    spelled = re.compile(r"\{\{ to_root \}\}(regulations|charts|compare|process)[/.]")
    offenders = [p.name for p in TEMPLATES.glob("*.html") if spelled.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
