"""Site search as officials use it: the query set of tests/cases/search.yml typed into the search box
of the real site in Chromium, over HTTP and from file://, plus a sample on a synthetic corpus.

One built site (the session's), one browser, one page per mode; each query is typed into the box
and the results are read from the list the box shows.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page

from regkb import layout, search
from regkb.corpus import Corpus, load_corpus

from .conftest import ROOT, build_site, serve

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "search.yml").read_text(encoding="utf-8"))
SAMPLE = yaml.safe_load((Path(__file__).parent / "cases" / "search-sample.yml").read_text(encoding="utf-8"))
SYNTHETIC = 8
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

# Pastes a query into the box as a reader does (the input event of a paste: searched at once, without
# the pause the box leaves after a keystroke) and waits until the box shows its results.
ASK = """async query => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  input.focus();
  input.value = query;
  input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  const root = new URL(JSON.parse(document.getElementById("__config").textContent).base + "/", location.href).href;
  for (let waited = 0; list.dataset.query !== query; waited += 20) {
    if (waited > 10000) throw new Error(`no results for ${query}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return [...list.querySelectorAll(".md-search-result__item")].map(item => ({
    href: item.querySelector("a").href.replace(root, ""),
    heading: item.querySelector("h1").textContent,
    marks: [...item.querySelectorAll("mark")].map(mark => mark.textContent),
  }));
}"""


def _words(text: str, variants: dict[int, str] | None = None) -> str:
    """A query or a marked word as the index compares them: normalised, amounts in one spelling."""
    plain = re.sub(r"\s+", "", search.normalise(text, variants))
    return re.sub(search.AMOUNT, lambda found: search.canonical(found.group(0)), plain)


def made_of_query_words(
    mark: str, query: str, also: Iterable[str] = (), variants: dict[int, str] | None = None
) -> bool:
    """Whether ``mark`` is the query's words put together: pieces of the query of two characters
    or more (one, if the query is one character), never a single character of a longer query.
    ``also``: the words the browser says it also found (a synonym, the word a short form stands
    for, a threshold an amount meets), whole words that may be marked as well."""
    whole = {_words(word) for word in also}
    mark, query = _words(mark), _words(query, variants)
    shortest = 1 if len(query) == 1 else 2
    can = [True] + [False] * len(mark)  # can[i]: mark[:i] is made of query pieces and whole words found
    for end in range(1, len(mark) + 1):
        can[end] = any(
            can[start] and (mark[start:end] in query or mark[start:end] in whole)
            for start in range(0, end - shortest + 1)
            if end - start >= shortest
        )
    return can[-1]


def test_marks_are_checked_against_the_query_words() -> None:
    assert made_of_query_words("600万", "600万元") and made_of_query_words("600 万元", "６００万")
    assert made_of_query_words("评审专家", "专家评审")  # two words of the query, side by side
    assert not made_of_query_words("监", "监理") and not made_of_query_words("监督", "监理")


def test_amounts_and_clause_labels_are_single_words(corpus: Corpus) -> None:
    cut = search.Segmenter(search.user_words(corpus)).cut
    for typed in ("600万元", "600万", "600 万元", "６００万元", "６００ 万"):
        assert cut(typed) == ["600万元"], typed
    assert cut("东源 第十二条") == ["东源", "第十二条"]
    assert cut("1000万") == ["1000万元"]
    assert "监理" in cut("工程监理") and "数管局" in cut("县数管局")


def test_amounts_are_one_word_however_written(corpus: Corpus) -> None:
    """A digit before 千/百, the capital numerals of financial forms, a sum in 元 and a spaced label."""
    cut = search.Segmenter(search.user_words(corpus)).cut
    for typed in ("1千万", "1千万元", "一千万", "壹仟万元", "10000000元"):
        assert cut(typed) == ["1000万元"], typed
    assert cut("伍佰万元") == cut("5百万") == ["500万元"]
    assert cut("第 12 条") == cut("第十二 条") == ["第十二条"]
    assert "陆续" in "".join(cut("陆续提交")), "陆 is a numeral only in an amount"


def test_what_officials_type_is_cut_as_the_texts_write_it(corpus: Corpus) -> None:
    """亿 in 万元, a label without its 第, 附件五, spaces inside words, traditional characters."""
    cut = search.Segmenter(search.user_words(corpus), search.places(corpus), search.variants()).cut
    assert cut("1亿元") == cut("一亿") == cut("1 亿") == ["10000万元"]
    assert cut("0.1亿元") == ["1000万元"] and cut("1.5亿") == ["15000万元"]
    assert cut("12条") == cut("十二条") == cut("第十二條") == cut("第１２条") == ["第十二条"]
    assert cut("17条2款") == ["第十七条", "第二款"]
    assert cut("第十一条第（五）项") == cut("第十一条（五）") == ["第十一条", "第五项"]
    assert cut("东源 附件五") == ["东源", "附件5"] == cut("东源附件 5")
    assert cut("监 理") == cut("監理") == ["监理"]
    assert cut("東源縣") == ["东源县"]
    # one numeral alone is a count, and the simplified characters of GB 2312 stay as they are
    assert "第一条" not in cut("一条龙") and search.normalise("乾隆著作", search.variants()) == "乾隆著作"


def test_short_forms_are_the_initials_of_a_compounds_words() -> None:
    """可行性|研究|报告 gives 可研 and 可研报; a short form written in the word itself is not one."""
    counts = Counter({"可行性研究报告": 3, "可行性": 5, "研究": 4, "报告": 9, "政府采购": 2, "政府": 7, "采购": 6})
    found = search.abbreviations(counts)
    assert found["可研"] == ["可行性研究报告"] and found["可研报"] == ["可行性研究报告"]
    assert found["政采"] == ["政府采购"]
    assert "可行" not in found and all(len(words) <= search.EXPANSIONS for words in found.values())


def test_an_amount_finds_the_clauses_whose_thresholds_it_meets() -> None:
    """search/r.js: a clause that sets a threshold, with its comparison and the weight of its amount."""
    docs = [
        search.Doc("r.html#a12-p1", "甲县", "第十二条", "", "", cited=True, words=["600万元", "专家"],
                   labels=["第十二条"], thresholds=[(600.0, "gte")]),
        search.Doc("r.html#a2-p1", "甲县", "第二条", "", "", cited=True, words=["50万元"], labels=["第二条"],
                   thresholds=[(50.0, "lt")]),
    ]  # fmt: skip
    index = search.build(docs)
    ranges = json.loads(index.files["search/r.js"].split(",", 1)[1].rstrip().rstrip(");"))
    assert [r[:3] for r in ranges] == [[600.0, "gte", 0], [50.0, "lt", 1]] and all(r[3] > 0 for r in ranges)
    meta = json.loads(index.files["search/meta.js"].split(",", 1)[1].rstrip().rstrip(");"))
    assert meta["ranges"] is True and meta["clauses"] == 2  # an amount a clause writes is found as written


def _weights(index: search.Index, word: str) -> dict[int, int]:
    """Document number → the weight ``word`` gives it in ``index`` (decoded as search.js does)."""
    files = index.files
    shard = f"{ord(word[0]):x}"
    vocabulary = json.loads(files[f"search/t/{shard}.js"].split(",", 1)[1].rstrip().rstrip(");"))
    postings = files[f"search/p/{vocabulary[word][1]}.js"]
    flat = json.loads(postings.split(",", 1)[1].rstrip().rstrip(");"))[word]
    out, doc = {}, 0
    for i in range(0, len(flat), 2):
        doc += flat[i]
        out[doc] = flat[i + 1]
    return out


def test_a_clauses_own_label_outranks_a_clause_that_cites_it() -> None:
    """兰考 第十条, short, cites 第七条: 第七条 itself (long) still weighs more for 第七条, however
    long its text and however rare the word; the region, named by every clause, weighs the same
    in each whatever their length."""
    long_text = ["目录"] * 60
    docs = [
        search.Doc("r.html#a7-p1", "甲县", "第七条", "", "", cited=True, words=long_text, labels=["第七条", "甲县"]),
        search.Doc("r.html#a10-p1", "甲县", "第十条", "", "", cited=True, words=["第七条"], labels=["第十条", "甲县"]),
    ] + [
        search.Doc(f"o.html#a{n}", "乙县", "第一条", "", "", cited=True, words=["其他"] * 5, labels=["第一条", "乙县"])
        for n in range(200)
    ]
    index = search.build(docs)
    label = _weights(index, "第七条")
    assert label[0] > label[1] > 0
    region = _weights(index, "甲县")
    assert region[0] == region[1]


def _ask(page: Page, query: str) -> list[dict]:
    return page.evaluate(ASK, query)


def _check(
    case: dict, results: list[dict], corpus: Corpus, also: Iterable[str] = (), variants: dict[int, str] | None = None
) -> list[str]:
    """What is wrong with the results of one case ([] if nothing). ``also`` and ``variants``: see
    made_of_query_words."""
    query, top = case["query"], case.get("top", 3)
    expected = case.get("expect", [])
    expected = expected if isinstance(expected, list) else [expected]
    shown = [r["href"] for r in results[:top]]
    problems = [f"{query}: {want} not in the first {top}: {shown}" for want in expected if want not in shown]
    if "one_of" in case and not set(case["one_of"]) & set(shown):
        problems.append(f"{query}: none of {case['one_of']} in the first {top}: {shown}")
    for result in results[: max(top, 3)]:
        problems += [
            f"{query}: marked {mark!r} in {result['href']}"
            for mark in result["marks"]
            if not made_of_query_words(mark, query, also, variants)
        ]
        clause = re.fullmatch(r"regulations/(\w+)\.html#(.+)", result["href"])
        if clause:  # titled by its region and its label, as a citation prints it
            reg = corpus.get(clause.group(1))
            if result["heading"] != f"{reg.region_name} {reg.label(clause.group(2))}":
                problems.append(f"{query}: {result['href']} titled {result['heading']!r}")
    if results and not results[0]["marks"]:
        problems.append(f"{query}: nothing marked in the first result {results[0]['href']}")
    return problems


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_query_set_over_http_and_from_the_folder(tab: Page, site: Path, corpus: Corpus) -> None:
    """Every case passes in both modes, both modes give the same first results, and the browser
    cuts each query as the build would."""
    assert len(CASES) >= 30
    cut = search.Segmenter(search.user_words(corpus), search.places(corpus), search.variants())
    variants = _variants(site)
    problems: list[str] = []
    tops: dict[str, list[list[str]]] = {}
    with serve(site) as root:
        for mode, start in (("http", root + "index.html"), ("file", (site / "index.html").as_uri())):
            tab.goto(start)
            tops[mode] = []
            for case in CASES:
                results = _ask(tab, case["query"])
                problems += [f"[{mode}] {p}" for p in _check(case, results, corpus, _also(tab), variants)]
                problems += [f"[{mode}] {p}" for p in _same_cut(case["query"], _cut_in_browser(tab), site, cut)]
                tops[mode].append([r["href"] for r in results[:3]])
    assert problems == [], "\n".join(problems)
    assert tops["http"] == tops["file"]


def _cut_in_browser(tab: Page) -> list[str]:
    return tab.evaluate("document.querySelector('.md-search-result__list').dataset.words").split(" ")


def _also(tab: Page) -> list[str]:
    """The other words the last query found results by (synonyms, expansions, thresholds met)."""
    return tab.evaluate("document.querySelector('.md-search-result__list').dataset.also || ''").split()


def _variants(site: Path) -> dict[int, str]:
    """The traditional → simplified table the site's search applies to a query (meta.js)."""
    traditional, simplified = search.read(site, "meta")["variants"]
    return {ord(t): s for t, s in zip(traditional, simplified, strict=True)}


def _same_cut(query: str, words: list[str], site: Path, cut: search.Segmenter) -> list[str]:
    """Parity of the browser's cut with the build's: the same amounts and clause labels (the same
    normalisation: 六百万 → 600万元, 第12条 → 第十二条), and every longer word a word of the index."""
    pattern = re.compile(search.PATTERNS)
    problems = []
    built = list(dict.fromkeys(w for w in cut.cut(query) if pattern.fullmatch(w)))
    if [w for w in words if pattern.fullmatch(w)] != built:
        problems.append(f"{query}: cut {words} in the browser, {cut.cut(query)} by the build")
    shards = set(search.read(site, "meta")["shards"])
    for word in words:
        key = f"{ord(word[0]):x}"
        if (
            len(word) > 1
            and not pattern.fullmatch(word)
            and (key not in shards or word not in search.read(site, f"t/{key}"))
        ):
            problems.append(f"{query}: {word!r} is not a word of the index")
    return problems


def test_nothing_is_fetched_before_the_first_search(tab: Page, site: Path) -> None:
    """No index byte at page load; the first focus fetches meta.js only; a query a few small files."""
    with serve(site) as root:
        fetched: list[str] = []
        hosts: set[str] = set()
        tab.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        tab.on("requestfinished", lambda request: fetched.append(urlparse(request.url).path))
        tab.goto(root + "regulations/dongyuan.html", wait_until="networkidle")
        assert [p for p in fetched if p.startswith("/search/")] == []
        with tab.expect_request_finished(lambda request: request.url.endswith("/search/meta.js")):
            tab.locator("label.md-search__icon, .md-search__input").first.click()
        tab.wait_for_timeout(200)  # nothing else follows
        assert [p for p in fetched if p.startswith("/search/")] == ["/search/meta.js"]
        _ask(tab, "绩效自评报告")
        first = [site / p.lstrip("/") for p in fetched if p.startswith("/search/")]
        assert 0 < sum(f.stat().st_size for f in first) < 1_000_000
        assert hosts == {urlparse(root).netloc}
        assert tab.locator(".md-search[role=dialog]").get_attribute("aria-label")  # axe aria-dialog-name
        tab.fill("input.md-search__input", "")
        tab.keyboard.press("Escape")
        tab.keyboard.press("/")  # the keyboard opens it again, and Enter goes to the first result
        tab.keyboard.type("东源 第十二条")
        tab.wait_for_function(
            "() => document.querySelector('.md-search-result__list')?.dataset.query === '东源 第十二条'"
        )
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/regulations/dongyuan.html#a12-p1")


def test_search_holds_under_a_strict_content_security_policy(tab: Page, site: Path, tmp_path: Path) -> None:
    """Index files are scripts of the site: no inline script, no eval; from file:// as well."""
    strict = tmp_path / "site"
    shutil.copytree(site, strict)
    page = strict / "glossary.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "<head>", f'<head><meta http-equiv="Content-Security-Policy" content="{CSP}">', 1
        ),
        encoding="utf-8",
    )
    violations: list[str] = []
    tab.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    with serve(strict) as root:
        for start in (root + "glossary.html", page.as_uri()):
            tab.goto(start)
            assert _ask(tab, "600万")[0]["href"] == "regulations/dongyuan.html#a12-p1"
    # Material's own inline scripts are refused here (the CSP developer's concern): none of ours
    assert [v for v in violations if "eval" in v or "search" in v] == []


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("synthetic")
    made = subprocess.run(
        [sys.executable, "-m", "regkb.cli", "synth", str(SYNTHETIC), str(work)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    out = work / "site"
    # --no-strict: the hand-written onboarding page links to real regions a synthetic corpus lacks;
    # the layout by province, as a national corpus gets it (see regkb/layout.py)
    result = build_site(
        out, work / "data", strict=False, env={"REGKB_CACHE": str(work / "cache"), layout.LIMIT_ENV: "3"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "search: " in result.stderr and "ERROR" not in result.stderr, result.stderr
    yield out
    shutil.rmtree(work, ignore_errors=True)


def test_query_sample_on_a_synthetic_corpus(tab: Page, synthetic_site: Path, corpus: Corpus) -> None:
    """tests/cases/search-sample.yml on copies of the real regulations under made-up regions."""
    real, corpus = corpus, load_corpus(synthetic_site.parent / "data")
    cases = search.sample_cases(corpus, real, SAMPLE)
    supervision = [
        f"regulations/{reg.id}.html#{c.id}" for reg in corpus.regs for c in reg.clauses.values() if "监理" in c.text
    ]
    cases.append({"query": "监理", "one_of": supervision})
    assert len(cases) > len(SAMPLE)
    page = synthetic_site / "index.html"
    variants = _variants(synthetic_site)
    html = page.read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in html and "search_index" not in html
    problems: list[str] = []
    with serve(synthetic_site) as root:
        for start in (root + "index.html", page.as_uri()):
            tab.goto(start)
            for case in cases:
                results = _ask(tab, case["query"])
                problems += [f"{start}: {p}" for p in _check(case, results, corpus, _also(tab), variants)]
    assert problems == []


def test_index_files_are_scripts_that_hand_their_data_to_the_engine(synthetic_site: Path) -> None:
    folder = synthetic_site / search.FOLDER
    meta = folder / "meta.js"
    text = meta.read_text(encoding="utf-8")
    assert text.startswith(f'{search.GLOBAL}.load("meta",')
    data = json.loads(text[text.index(",") + 1 : text.rindex(")")])
    assert data["docs"] > SYNTHETIC * 50 and sorted(data["shards"]) == data["shards"]
    assert {p.stem for p in (folder / "t").glob("*.js")} == set(data["shards"])
    assert len(list((folder / "d").glob("*.js"))) == -(-data["docs"] // data["chunk"])


def test_dirty_builds_keep_the_index_only_for_large_corpora(tmp_path: Path) -> None:
    (tmp_path / search.FOLDER).mkdir()
    assert not search.keep_index(tmp_path, search.REINDEX_DIRTY_MAX + 1)
    (tmp_path / search.FOLDER / "meta.js").write_text("", encoding="utf-8")
    assert not search.keep_index(tmp_path, search.REINDEX_DIRTY_MAX)
    assert search.keep_index(tmp_path, search.REINDEX_DIRTY_MAX + 1)
