"""The helper trusts no URL and reads amounts with the one parser; every page carries a strict
Content-Security-Policy that still lets the site work."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Page

from regkb import amount, cli
from regkb.decide import Facts, decide

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "amounts.yml").read_text("utf-8"))


def _expected(case: dict) -> dict:
    return {k: v for k, v in case.items() if k not in ("text", "unit")}


def _python(case: dict) -> dict:
    try:
        read = amount.parse(case["text"], case.get("unit", "wan"))
    except amount.AmountError as exc:
        return {"error": exc.code}
    return {"wan": read.wan, "unit_used": read.unit, "typed_unit": read.typed_unit, "understood": read.understood}


@pytest.mark.parametrize("case", CASES, ids=[repr(c["text"])[:30] for c in CASES])
def test_python_parser_reads_each_case(case: dict) -> None:
    assert _python(case) == _expected(case)


def test_javascript_parser_reads_each_case_the_same() -> None:
    node = shutil.which("node")
    assert node, "node is needed (scripts/bootstrap.sh installs it)"
    result = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "amount.js")],
        input=json.dumps([{"text": c["text"], "unit": c.get("unit", "wan")} for c in CASES]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for case, read in zip(CASES, json.loads(result.stdout), strict=True):
        got = (
            {
                "wan": read["wan"],
                "unit_used": read["unit"],
                "typed_unit": read["typed_unit"],
                "understood": read["understood"],
            }
            if read["ok"]
            else {"error": read["code"]}
        )
        assert got == _expected(case), case["text"]


def test_cli_decide_reads_amounts_with_the_same_parser(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(["decide", "--reg", "lankao", "--amount", "６，０００，０００元", "--category", "hardware_purchase"])
        == 0
    )
    assert "项目金额：600万元" in capsys.readouterr().out
    assert cli.main(["decide", "--reg", "lankao", "--amount", "9" * 400, "--category", "hardware_purchase"]) == 2
    assert "金额太长" in capsys.readouterr().err


# --------------------------------------------------------------------------- in the browser, policy on


def _answer(page: Page) -> list[str]:
    page.locator("#decision-result [data-requirement-id]").first.wait_for(timeout=10_000)
    return page.locator("#decision-result [data-requirement-id]").evaluate_all(
        "els => els.map(e => e.dataset.requirementId)"
    )


def _page_ids(answer: dict) -> list[str]:
    """The ids the page shows: the requirements and the conditional ones (each once, in any section)."""
    return sorted(r["id"] for r in answer["requirements"] + answer["conditional"])


def test_unknown_url_values_are_reported_and_defaults_used(page: Page, server: str, corpus) -> None:
    page.goto(f"{server}helper.html?regulation=lankao&amount=600&category=nope&nature=%3Cb%3E&funding=zzz&colour=red")
    shown = _answer(page)
    report = page.locator("#dh-url-report").inner_text()
    for bad in ("category=nope", "nature=<b>", "funding=zzz", "colour"):
        assert bad in report
    category = page.locator("#dh-category").input_value()
    facts = Facts("lankao", 600.0, category or None)  # the ignored values stay unknown, nothing is assumed
    assert sorted(shown) == _page_ids(decide(corpus.get("lankao"), facts))


def test_an_unknown_regulation_says_so_and_answers_nothing(page: Page, server: str) -> None:
    page.goto(f"{server}helper.html?regulation={quote('<img src=x>')}&amount=600&category=hardware_purchase")
    message = page.locator("#dh-url-report [data-unknown=regulation]")
    message.wait_for(timeout=10_000)
    assert "<img src=x>" in message.inner_text() and "不在本知识库中" in message.inner_text()
    assert page.locator("#decision-result [data-requirement-id]").count() == 0


@pytest.mark.parametrize(
    ("query", "kind", "words"),
    [
        # the same parameter twice with different values: which one the sender meant is unknown
        ("regulation=dongyuan&amount=600&amount=30", "repeated", "amount（600、30）"),
        ("regulation=lankao&amount=600&classified=false&classified=true", "repeated", "classified（false、true）"),
        ("regulation=lankao&regulation=xiuwu&amount=600", "repeated", "regulation（lankao、xiuwu）"),
        # the old spelling of the parameter (links saved before it was renamed) is the same parameter
        ("region=lankao&regulation=xiuwu&amount=600", "repeated", "regulation（lankao、xiuwu）"),
        # an amount with no regulation: answering for the first one of the list would be another's answer
        ("amount=600&category=hardware_purchase", "regulation-missing", "没有地区"),
    ],
)
def test_a_query_the_url_does_not_settle_is_refused(page: Page, server: str, query: str, kind: str, words: str) -> None:
    page.goto(f"{server}helper.html?{query}")
    message = page.locator(f"#dh-url-report [data-unknown={kind}]")
    message.wait_for(timeout=10_000)
    assert words in message.inner_text() and "没有自动查询" in message.inner_text()
    page.wait_for_load_state("networkidle")  # an answer would have loaded its regulation's bundle by now
    assert page.locator("#decision-result [data-requirement-id]").count() == 0


def test_a_link_saved_with_the_old_parameter_region_still_answers(page: Page, server: str, corpus) -> None:
    """region= was the helper's parameter for the regulation's id before it became regulation=: links
    officials saved and shared with it answer as before, and the page then shows the new address."""
    page.goto(f"{server}helper.html?region=xiuwu&amount=80&category=software_development&nature=upgrade")
    shown = _answer(page)
    assert page.locator("#dh-url-report [data-unknown]").count() == 0
    assert page.locator("#dh-regulation").input_value() == "xiuwu"
    facts = Facts("xiuwu", 80.0, "software_development", "upgrade")
    assert sorted(shown) == _page_ids(decide(corpus.get("xiuwu"), facts))
    assert "regulation=xiuwu" in page.url and "region=" not in page.url


def test_a_repeated_parameter_with_one_value_is_read(page: Page, server: str, corpus) -> None:
    page.goto(f"{server}helper.html?regulation=lankao&region=lankao&amount=600&category=hardware_purchase")
    shown = _answer(page)
    assert page.locator("#dh-url-report [data-unknown]").count() == 0
    assert sorted(shown) == _page_ids(decide(corpus.get("lankao"), Facts("lankao", 600.0, "hardware_purchase")))


def test_a_unit_typed_in_the_box_wins_and_the_page_says_what_it_read(page: Page, server: str, corpus) -> None:
    page.goto(
        f"{server}helper.html?regulation=dongyuan&amount={quote('６，０００，０００ 元')}&unit=wan&category=hardware_purchase"
    )
    shown = _answer(page)
    assert "6000000元（600万元）" in page.locator("#dh-amount-understood").inner_text()
    assert page.locator("#dh-unit").input_value() == "yuan"
    facts = Facts("dongyuan", 600.0, "hardware_purchase")
    assert sorted(shown) == _page_ids(decide(corpus.get("dongyuan"), facts))


def test_a_400_digit_amount_is_refused(page: Page, server: str) -> None:
    page.goto(f"{server}helper.html?regulation=lankao&amount={'9' * 400}&category=hardware_purchase")
    page.locator("#dh-amount-error").filter(has_text="金额").wait_for(timeout=10_000)
    assert page.locator("#decision-result [data-requirement-id]").count() == 0


def test_every_page_has_the_policy_and_it_blocks_what_it_must(page: Page, server: str, site) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages and all('http-equiv="Content-Security-Policy"' in p.read_text("utf-8") for p in pages)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server) else None)

    def injected(route) -> None:  # what an escaping bug would put on a page: it must not run
        response = route.fetch()
        body = response.text().replace(
            "</article>",
            '<script>window.__ran = 1</script><img src="x" onerror="window.__ran = 2">'
            '<script src="https://unpkg.com/mermaid@11/dist/mermaid.min.js"></script></article>',
            1,
        )
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/glossary\.html$"), injected)
    page.goto(server + "glossary.html", wait_until="networkidle")
    assert page.evaluate("window.__ran") is None
    assert all("unpkg.com" in url for url in outside), outside  # the one fetch tried was refused by the policy
    page.goto(server + "maintainers/annotation-guide.html", wait_until="networkidle")
    assert page.locator("#decision-rules").count() == 1 and page.locator("#decision-helper").count() == 0


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.gov.cn/zhengce/content/2020-01/01/content_1.htm", True),
        ("http://example.gov.cn/a?b=c#d", True),
        ("regulations/lankao.html#a12", True),
        ("../data/lankao.json", True),
        ("#a12", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/x.js", False),
        ("https:evil", False),
        ("file:///etc/passwd", False),
        ("\\\\evil\\share", False),
        ("", False),
    ],
)
def test_links_are_only_http_or_within_the_site(url: str, safe: bool) -> None:
    from regkb import encode

    assert (encode.href(url) is not None) is safe
