"""Site search: one index, cut by jieba at build time, loaded by the browser as script files.

One behaviour at every corpus size and from ``file://`` as well as over HTTP:

- **Segmentation.** The build cuts every clause with jieba (search mode: long words and the
  words inside them) and a user dictionary made from the data: glossary terms and their
  abbreviations, agency names, threshold amounts. Amounts (``600万元``, ``600 万``, ``６００万元``)
  and clause labels (``第十二条``) are single words, cut by :data:`PATTERNS` before jieba.
  The browser never runs a segmenter of its own: it cuts a query into words *of this index*
  (jieba's own algorithm, the most probable route through a DAG of dictionary words, with
  the index's words and counts as the dictionary), so a query's words are always words the
  index was built from. What officials type that the texts do not write is normalised the same
  way on both sides (:func:`normalise`, :func:`canonical`): traditional characters, labels without
  第, spaces inside words, 亿; short forms are looked up by :func:`abbreviations`, amounts no text
  writes by the thresholds they meet (``search/r.js``). Pagefind was dropped for this: it cannot
  run from ``file://``, and its browser side re-segments Chinese queries with ``Intl.Segmenter`` (监理 → 监 + 理).
- **Split by term.** ``search/t/<first character>.js`` holds the words starting with that
  character (count and postings file); ``search/p/<n>.js`` the postings (BM25 weights
  computed here, the best :data:`POSTINGS_CAP` documents per word); ``search/d/<n>.js`` the
  documents (link, region, clause label, text), :data:`CHUNK` per file. Each file is a
  script that hands its JSON to ``regkbSearch.load`` (docs/javascripts/search.js): scripts
  load from ``file://`` where ``fetch`` cannot, and need no inline script or ``eval``.
  A query fetches a few small files, whatever the size of the corpus.
- **Documents** are the citable units of each regulation (a paragraph, item, attachment
  block: each has an anchor), the glossary entries and the sections of the hand-written
  pages. Views that copy clauses (comparison, topic pages) are not indexed: their clauses
  are found on their own pages.

No library fits this: MiniSearch, FlexSearch and lunr load an index whole (a national corpus
would be hundreds of MB), so the engine is small and ours, and the file format is JSON.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import time
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from . import numerals, urls
from .cache import Cache
from .corpus import Corpus
from .digest import code_version, digest
from .model import Reg
from .schema import Node

FOLDER = "search"  # in the site
GLOBAL = "regkbSearch"  # what each index file calls: docs/javascripts/search.js defines it
CHUNK = 32  # documents per d/ file: the first results of a query need only a few
# documents kept per word (the highest weights): bounds what one word costs (about 7 bytes each).
# Above the number of regulations, so that a clause label (第十二条) keeps every regulation's.
POSTINGS_CAP = 10_000
POSTINGS_FILE = 48_000  # characters per p/ file, about
K1, B = 1.2, 0.75  # BM25
# A word of what a citation names a clause by (its label 第十二条, its region, the regulation's short
# title) adds K1 + 1 to the clause's BM25 term weight: more than any number of occurrences in a text
# can give (BM25 stays below K1 + 1), so a clause's own label outranks every mention of it in
# another clause's text (兰考 第十条 says 第七条), and, as a field of its own, it does not depend on
# the length of the text. The names of a glossary entry or a page's section (term, heading, title)
# count as LABEL_WEIGHT occurrences in the text instead: they are not what an official cites, and
# a term's entry must not outrank the clauses of the region the query names (霍邱 竣工验收).
NAME_WEIGHT = K1 + 1
LABEL_WEIGHT = 3
TEXT_LIMIT = 600  # characters of a document kept for the excerpt
EXPANSIONS = 8  # words a short form (可研) stands for, at most: see abbreviations
# The weight of a document found by a synonym of a query's word (初验 for 初步验收): below an exact
# match of the same strength, but not below a mere mention of the exact word. At 0.5 a clause
# about the thing under its other name (霍邱's 初验 clause says 初验 four times) ranked below a
# long clause that names 初步验收 once in passing; BM25's spread between such clauses is below 2.
SYNONYM = 0.75
# Priors of a glossary entry and a page's section (a clause's is 1). An entry explains a term in the
# editors' words and quotes the clauses it rests on: a query of its term finds it (its names count
# LABEL_WEIGHT times), but a query of what a clause says (网络安全法, 随机抽取专家) finds the clause first.
GLOSSARY, PAGE = 0.7, 0.5
# Words of a question that say nothing of what is asked (项目验收需要什么材料, 什么是双业主模式), and the
# 以上/以下 after an amount (an amount is a word, and 以下 is in every 以下简称): a query is ranked
# without them, unless it has no other word; a result with the query as typed still comes first
# (search.js PHRASE). The browser reads them from meta.js.
FILLER = sorted(
    {"什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "谁", "是否", "吗", "呢", "吧", "啊", "的", "了", "是"}
    | {"要", "需要", "应该", "能否", "可以", "有没有", "多少", "怎么办", "请问", "有关", "关于", "规定"}
    | {"以上", "以下", "以内"}
)  # priors of a glossary entry and a page's section (a clause's is 1)
# Pages whose sections are not indexed: the glossary is indexed entry by entry, from the data.
NOT_INDEXED = frozenset({"glossary.html"})
# A --dirty build (`mkdocs serve`) into a site with an index re-indexes up to this many
# regulations (about a second at 500 with the cut words cached); a larger corpus keeps the
# last index until a full build, as re-indexing takes longer than the rest of the reload.
REINDEX_DIRTY_MAX = 500

# Cut before jieba, on normalised text (see normalise): amounts and clause labels are words.
# The browser reads these from meta.js (the same regular expressions, in both languages' syntax).
AMOUNT = r"[0-9]+(?:\.[0-9]+)?(?:万元|万|亿元|亿|元)"
LABEL = r"第[一二三四五六七八九十百千零〇两]+[章节条款项]|附件[0-9]+"
PATTERNS = f"{AMOUNT}|{LABEL}"
_NUMERAL = "零〇一二两三四五六七八九十百千"
CJK = "\u3400-\u9fff"  # the Han characters a word is made of
# Spaces that are not between words: 600 万元, 1,000万, 第 12 条, 第十二 条, 附件 5, and any space
# between two Han characters (监 理 报 告, 霍邱　验收: Chinese is written without spaces, and texts
# taken from PDFs have spaces inside words)
SPACE = (
    r"(?<=[0-9])\s+(?=[0-9万亿元])|(?<=[0-9]),(?=[0-9]{3}(?![0-9]))"
    rf"|(?<=第)\s+(?=[0-9{_NUMERAL}])|(?<=[0-9{_NUMERAL}])\s+(?=[章节条款项])|(?<=附件)\s+(?=[0-9{_NUMERAL}])"
    rf"|(?<=[{CJK}])\s+(?=[{CJK}])"
)
# The capital numerals of financial forms (伍佰万元), as plain numerals: only inside an amount,
# as 陆 and 拾 are also words (陆续, 收拾).
FINANCIAL = ("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")
# Numbers written in Chinese, as officials also type them: an amount (六百万元, 一千万, 1千万,
# 伍佰万元) and a clause label in digits (第12条); both become the spelling the texts use
# (600万元, 1000万元, 第十二条).
CHINESE_AMOUNT = rf"(?:[0-9]+[十百千拾佰仟]|[{_NUMERAL}{FINANCIAL[0]}]+)(?=[万亿])"
# A label typed without its 第 (12条, 十二条, 17条2款; texts write 第十四至十八条 and 第二十三、三十二条):
# 第 is put before it. One Chinese numeral alone (一条, 两款) is a count, not a label.
BARE_LABEL = rf"(?<![第0-9.{_NUMERAL}])(?=[0-9]{{1,4}}[条款]|[{_NUMERAL}]{{2,}}[条款])"
DIGIT_LABEL = r"(?<=第)[0-9]{1,4}(?=[章节条款项])"
# 附件五 is 附件5, as the texts number their attachments
ATTACHMENT = rf"(?<=附件)[{_NUMERAL}]+"
# 第（五）项 is 第五项 (an item's label as printed, and as typed), and so is （五） typed after its 条
ITEM_LABEL = rf"(?<=条)\(([{_NUMERAL}]+)\)"
BRACKET_LABEL = rf"(?<=第)\(([{_NUMERAL}]+)\)(?=项)"
WORD = re.compile(r"\w", re.UNICODE)


def normalise(text: str, variants: dict[int, str] | None = None) -> str:
    """What both the index and a query are cut from: NFKC (６００ → 600), lower case, traditional
    characters in their simplified form (``variants``, see :func:`variants`), no space inside an
    amount or between Han characters, amounts in digits, clause labels in Chinese numerals with
    their 第, attachments in digits. docs/javascripts/search.js does the same with the
    expressions of meta.js."""
    text = unicodedata.normalize("NFKC", text).lower()
    if variants:
        text = text.translate(variants)
    text = re.sub(SPACE, "", text)
    text = re.sub(CHINESE_AMOUNT, _amount_number, text)
    text = re.sub(ITEM_LABEL, r"第\1项", text)
    text = re.sub(BRACKET_LABEL, r"\1", text)
    text = re.sub(BARE_LABEL, "第", text)
    text = re.sub(DIGIT_LABEL, _label_numeral, text)
    return re.sub(ATTACHMENT, lambda found: str(numerals.parse(found.group(0))), text)


def variants() -> dict[int, str]:
    """Traditional characters → their simplified form, for an official who pastes 第十二條 or
    竣工驗收 (OpenCC's character table). Only characters outside GB 2312, the simplified
    character set: 乾 (乾隆) and 著 are simplified characters too, and stay as they are."""
    import opencc

    to_simplified = opencc.OpenCC("t2s").convert
    out: dict[int, str] = {}
    for code in range(0x3400, 0xA000):
        char = chr(code)
        simple = to_simplified(char)
        if simple != char and len(simple) == 1 and not _simplified(char) and _simplified(simple):
            out[code] = simple
    return out


def _simplified(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _amount_number(found: re.Match[str]) -> str:
    """六百 → 600, 伍佰 → 500, 1千 → 1000 (before 万 or 亿)."""
    text = found.group(0).translate(str.maketrans(*FINANCIAL))
    mixed = re.fullmatch(r"([0-9]+)([十百千])", text)
    return str(int(mixed.group(1)) * numerals.UNITS[mixed.group(2)] if mixed else numerals.parse(text))


def _label_numeral(found: re.Match[str]) -> str:
    number = int(found.group(0))
    return numerals.format(number) if number else "零"


def canonical(token: str) -> str:
    """One spelling per amount, in 万元 as the texts count thresholds: 600万 and 600万元 are the same
    word (600万元), 1亿 is 10000万元, 0.5亿元 5000万元, and 6000000元 is 600万元."""
    found = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(万元|万|亿元|亿)", token)
    if found and found.group(2).startswith("亿"):
        return f"{_number(float(found.group(1)) * 10_000)}万元"
    if found:
        return f"{found.group(1)}万元"
    yuan = re.fullmatch(r"([0-9]+)元", token)
    if yuan and int(yuan.group(1)) >= 10_000 and int(yuan.group(1)) % 10_000 == 0:
        return f"{int(yuan.group(1)) // 10_000}万元"
    return token


def _number(value: float) -> str:
    """1000.0 → 1000, 1234.5 → 1234.5 (as JavaScript's String(number) writes it)."""
    value = round(value, 4)
    return str(int(value)) if value == int(value) else str(value)


def places(corpus: Corpus) -> list[str]:
    """The regions' names, with and without their 省/市/县/区 (东源县 and 东源)."""
    names: set[str] = set()
    for reg in corpus.regs:
        for name in (reg.meta.region.province, reg.meta.region.city, reg.meta.region.county):
            if name and len(name) >= 2:
                names.add(name)
                if name[-1] in "省市县区" and len(name) >= 3:
                    names.add(name[:-1])
    return sorted(names)


def user_words(corpus: Corpus) -> list[str]:
    """jieba's user dictionary: glossary terms and abbreviations, agency names, threshold amounts,
    region names with and without their 省/市/县/区 (东源县 and 东源)."""
    words: set[str] = set()
    for reg in corpus.regs:
        region = reg.meta.region
        for name in (region.province, region.city, region.county):
            if name and len(name) >= 2:
                words.add(name)
                if name[-1] in "省市县区" and len(name) >= 3:
                    words.add(name[:-1])
    for term in corpus.glossary.terms:
        words.update(w for w in (term.term, term.full, *term.aliases) if w)
    for reg in corpus.regs:
        for agency in reg.data.agencies:
            words.update((agency.name, *agency.aliases))
        words.update(f"{t.amount:g}{t.unit}" for t in reg.data.thresholds)
    # 县数管局 / 市数管局 are cut 县|数管局, so a search for 数管局 finds every level of government
    cleaned = {_bare(re.sub(r"\s+", "", w)) for w in words if len(w) >= 3}
    return sorted(normalise(w) for w in cleaned | {w for w in words if len(w) == 2})


class Segmenter:
    """jieba with the user dictionary; one per build (loading jieba's dictionary takes ~0.5 s)."""

    def __init__(
        self, words: Iterable[str], places: Iterable[str] = (), variants: dict[int, str] | None = None
    ) -> None:
        import jieba

        jieba.setLogLevel(60)
        self.words = sorted(set(words))
        # region names are cut whole, without the names inside them: 南安山县's text does not say 安山县
        self.places = frozenset(normalise(p) for p in places)
        self.variants = variants or {}
        table = "".join(f"{chr(k)}{v}" for k, v in sorted(self.variants.items()))
        self.version = digest(*self.words, "places", *sorted(self.places), "variants", table)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self._memo: dict[str, list[str]] = {}  # text → words: clauses repeat (boilerplate, copies)
        for word in self.words:
            self._jieba.add_word(word, 100000)

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` as the index holds them (amounts and labels whole, then jieba)."""
        known = self._memo.get(text)
        if known is not None:
            return known
        out: list[str] = []
        original, text = text, normalise(text, self.variants)
        at = 0
        for found in re.finditer(PATTERNS, text):
            out += self._words(text[at : found.start()])
            out.append(canonical(found.group(0)))
            at = found.end()
        out += self._words(text[at:])
        self._memo[original] = out
        return out

    def _words(self, text: str) -> list[str]:
        """jieba's search mode (each word and the dictionary words of two and three characters
        inside it), except that a region name is not split."""
        out: list[str] = []
        for word in self._jieba.cut(text) if text else ():
            if not WORD.search(word):
                continue
            if word not in self.places:
                for size in (2, 3):
                    if len(word) > size:
                        out += [
                            word[i : i + size]
                            for i in range(len(word) - size + 1)
                            if word[i : i + size] in self._jieba.FREQ and self._jieba.FREQ[word[i : i + size]]
                        ]
            out.append(word)
        return out


@dataclass
class Doc:
    """One search result: a clause, a glossary entry or a section of a page."""

    url: str  # relative to the site root, with the anchor
    region: str  # 东源县, or the page's title
    label: str  # 第十二条第一款, or the section's heading
    title: str  # the regulation's short title, or ""
    text: str
    place: str = ""  # what else names it (cut by jieba): a glossary term's other names, a page's title
    names: list[str] = field(default_factory=list)  # words that name it, kept whole: region names, short title
    prior: float = 1.0  # weight of the kind of document: an official searches for clauses first
    words: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)  # a glossary entry's names of one thing: synonyms
    cited: bool = False  # a clause of a regulation: its labels are what a citation names (NAME_WEIGHT)
    parents: list[str] = field(default_factory=list)  # the city and province a county's clause lies in
    chapter: str = ""  # the chapter a clause lies in (第五章 验收), found at half the weight of a name
    context: list[str] = field(default_factory=list)  # its words
    unfound: list[str] = field(default_factory=list)  # words of its text it is not found by (region names)
    # the thresholds the clause sets: [amount in 万元, comparison (vocab.COMPARISONS)]; an amount
    # typed that no text writes (1亿元, 800万) finds the clauses whose thresholds it meets
    thresholds: list[tuple[float, str]] = field(default_factory=list)

    def record(self) -> list[str]:
        return [self.url, self.region, self.label, self.title, self.text[:TEXT_LIMIT]]


def regulation_docs(reg: Reg) -> Iterator[Doc]:
    """Every citable unit of a regulation with text of its own, linked to its anchor."""
    # 东源县 and 东源, whole: a search for 安河 must not rank 安河山县's clauses as 安河's. The region the
    # regulation is of names it; the city and province it lies in only mention it: 六安 监理 is 六安市's
    # clause on 监理 first, then 霍邱县's (a county of 六安市)
    region = reg.meta.region
    levels = [name for name in (region.county, region.city, region.province) if name]
    names = list(dict.fromkeys(normalise(n) for n in [reg.meta.short_title, *_with_short(levels[:1])]))
    parents = [n for n in dict.fromkeys(normalise(n) for n in _with_short(levels[1:])) if n not in names]
    # A point's heading (霍邱 二、（四）1. 竣工验收。) is printed at the start of its first paragraph:
    # one result, the paragraph, rather than the bare heading ranked above the text it heads.
    headings = {
        clause.obj.paragraphs[0].id: clause.text.strip()
        for clause in reg.clauses.values()
        if isinstance(clause.obj, Node) and clause.obj.paragraphs and clause.text.strip()
    }
    thresholds: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for threshold in reg.data.thresholds:
        for cite in threshold.cite:
            thresholds[cite].append((threshold.amount, threshold.comparison))
    chapters: dict[str, str] = {}  # unit id → the labels and headings of the chapters (parts) it lies in

    def within(nodes: list[Node], chapter: str) -> None:
        for node in nodes:
            # chapters, and the parts a notice is divided in (霍邱 二、 实施项目全流程管理 （四） 验收阶段)
            grouping = node.kind in ("chapter", "section", "part", "division")
            here = f"{chapter} {node.label} {node.heading or ''}" if grouping else chapter
            chapters[node.id] = here
            within(node.children, here)

    within(reg.data.body, "")
    for clause in reg.clauses.values():
        text = clause.text.strip()
        folded = isinstance(clause.obj, Node) and bool(clause.obj.paragraphs)
        if clause.kind in ("chapter", "section", "part") or not text or folded:
            continue
        text = headings.get(clause.id, "") + text
        # the sole paragraph of an article is printed 第十二条, and typed 第十二条第一款 as well
        sole = clause.kind == "paragraph" and "条" in clause.label and "款" not in clause.label
        yield Doc(
            urls.clause_url(reg.id, clause.id),
            reg.region_name,
            clause.label,
            reg.meta.short_title,
            text,
            names=[*names, "第一款"] if sole else names,
            parents=parents,
            chapter=chapters.get(clause.unit, ""),
            cited=True,
            thresholds=thresholds.get(clause.id, []),
        )


def _with_short(names: list[str]) -> list[str]:
    """Each region's name with and without its 省/市/县/区 (东源县, 东源)."""
    return [
        short
        for name in names
        for short in ([name, name[:-1]] if name[-1] in "省市县区" and len(name) >= 3 else [name])
    ]


def glossary_docs(corpus: Corpus, page: str = "glossary.html") -> Iterator[Doc]:
    for term in corpus.glossary.terms:
        names = [n for n in (term.term, term.full, *term.aliases) if n]
        text = f"{'、'.join(names)}：{term.definition}"
        same = list(dict.fromkeys(_bare(normalise(n)) for n in names if not re.search(r"[^\w]", n)))
        yield Doc(f"{page}#term-{term.id}", "术语表", term.term, "", text, "、".join(names), prior=GLOSSARY, same=same)


def _bare(word: str) -> str:
    """A name without the level of government it starts with (县数管局 → 数管局), as the user
    dictionary has it."""
    return re.sub(r"^[省市县]", "", word) if len(word) >= 3 else word


def synonyms(names: Iterable[list[str]]) -> dict[str, list[str]]:
    """Word → the other words that name the same thing in a glossary entry (初步验收 → 初验), from each
    document's ``same``. A query's word also finds its synonyms' documents, at :data:`SYNONYM` of the weight."""
    out: dict[str, list[str]] = defaultdict(list)
    for same in names:
        for word in same:
            out[word] += [other for other in same if other != word and other not in out[word]]
    return {word: others for word, others in sorted(out.items()) if others}


class _Sections(HTMLParser):
    """The text of a page's content, cut at its headings that carry an id (h1–h3)."""

    SKIP = frozenset({"svg", "script", "style", "nav"})
    VOID = frozenset(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    )
    # views that copy what the regulations' own pages say (catalogue, comparison tables, the
    # glossary's lists of uses), and charts and tag lists: their clauses are found on their pages
    SKIP_CLASSES = frozenset(
        {"rk-regulations", "rk-compare", "rk-columns", "rk-uses", "rk-chart", "rk-tags", "headerlink"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list[str]] = [["", ""]]  # [anchor, heading] + text pieces
        self._skip = 0  # depth inside an element left out
        self._stack: list[tuple[str, bool]] = []  # open elements: tag, left out
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        classes = (names.get("class") or "").split()
        skip = tag in self.SKIP or "data-search-exclude" in names or not self.SKIP_CLASSES.isdisjoint(classes)
        if tag not in self.VOID:
            self._stack.append((tag, skip))
            self._skip += skip
        if re.fullmatch(r"h[1-3]", tag) and names.get("id") and not self._skip:
            self.sections.append([names["id"] or "", ""])
            self._heading = self.sections[-1]

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = None
        if any(open_tag == tag for open_tag, _ in self._stack):  # closes it and whatever it left open
            while self._stack:
                open_tag, skip = self._stack.pop()
                self._skip -= skip
                if open_tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            self._heading[1] += data.strip()
        else:
            self.sections[-1].append(data)


def page_docs(url: str, page_html: str) -> Iterator[Doc]:
    """The sections of a built hand-written page (its content area only)."""
    start = page_html.find('<article class="md-content__inner')
    end = page_html.rfind("</article>")
    if start < 0 or end < start:
        return
    title = re.search(r"<title>(.*?)</title>", page_html, re.S)
    page_title = html.unescape(title.group(1)).split(" - ")[0].strip() if title else url
    parser = _Sections()
    parser.feed(page_html[start:end])
    for anchor, heading, *pieces in parser.sections:
        text = re.sub(r"\s+", " ", "".join(pieces)).strip()
        if text or heading:
            link = f"{url}#{anchor}" if anchor else url
            yield Doc(link, page_title, heading or page_title, "", text, page_title, prior=PAGE)


def _cut_doc(segmenter: Segmenter, doc: Doc) -> None:
    doc.words = segmenter.cut(doc.text)
    doc.labels = segmenter.cut(doc.label) + list(dict.fromkeys(segmenter.cut(doc.place) + doc.names))
    doc.context = list(dict.fromkeys(segmenter.cut(doc.chapter)))


def cut_regulation(segmenter: Segmenter, reg: Reg, cache: Cache) -> list[Doc]:
    """A regulation's documents with their words, from the build's cache when the extract and the
    dictionary are unchanged (jieba cuts about 1 MB of text a second)."""
    docs = list(regulation_docs(reg))

    def cut() -> str:
        for doc in docs:
            _cut_doc(segmenter, doc)
        return json.dumps([[d.words, d.labels, d.context] for d in docs], ensure_ascii=False)

    if not reg.digest:  # built by hand (a test): nothing to key it by
        cut()
        return docs
    words = json.loads(cache.bytes("search", _cut_name(segmenter, reg), cut))
    for doc, (text_words, label_words, context) in zip(docs, words, strict=True):
        doc.words, doc.labels, doc.context = text_words, label_words, context
    return docs


def _cut_name(segmenter: Segmenter, reg: Reg) -> str:
    key = digest(reg.digest, segmenter.version, code_version())
    return f"{key[:2]}/{key}.json"


def cut_kept(segmenter: Segmenter, reg: Reg, cache: Cache) -> bool:
    """Whether a regulation's cut words are in the cache folder already (see :mod:`regkb.ahead`)."""
    kept_at = cache.path("search", _cut_name(segmenter, reg)) if reg.digest else None
    return kept_at is not None and kept_at.is_file()


def segmenter_for(corpus: Corpus) -> Segmenter:
    """The segmenter a build of ``corpus`` cuts its documents with."""
    return Segmenter(user_words(corpus), places(corpus), variants())


@dataclass
class Index:
    files: dict[str, str]  # path in the site (search/…) → content
    docs: int
    words: int
    seconds: float


def _script(name: str, data: object) -> str:
    return f"{GLOBAL}.load({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


@dataclass
class _Entry:
    """What the index keeps of a document once its words are counted: a national corpus has hundreds
    of thousands of documents, and their word lists (about a gigabyte) are not kept all at once."""

    record: list[str]
    prior: float
    cited: bool
    same: list[str]
    thresholds: list[tuple[float, str]]


def build(documents: Iterable[Doc]) -> Index:
    """The index files of ``documents`` (already cut): vocabulary by first character, postings, documents.

    ``documents`` is read once, in order (a generator, such as :func:`site_docs`, is never held whole)."""
    started = time.perf_counter()
    lengths = array("I")
    docs: list[_Entry] = []
    counts: Counter[str] = Counter()
    # per word, the documents that have it and its weighted count there: compact arrays, as a
    # national corpus has millions of (word, document) pairs
    found_in: dict[str, array] = defaultdict(lambda: array("I"))
    times: dict[str, array] = defaultdict(lambda: array("I"))
    # 4 where the word names the document, 2 where it names its region's city or province, 1 its chapter
    names: dict[str, array] = defaultdict(lambda: array("B"))
    for number, doc in enumerate(documents):
        lengths.append(max(1, len(doc.words)))
        docs.append(_Entry(doc.record(), doc.prior, doc.cited, doc.same, doc.thresholds))
        tf = Counter(doc.words)
        counts.update(tf)
        label = set(doc.labels) if doc.cited else set()
        for word in doc.labels:
            tf[word] += 0 if doc.cited else LABEL_WEIGHT  # a clause its label finds, if its text does not
        # what a clause lies in names it too, the same for every clause in it whatever their length: the
        # city and province of a county's regulation at half the weight of its own names, its chapter
        # (第五章 验收) at a quarter, below a word of its text (财政局 资金审核 is the clause on 资金审核
        # before the other clauses of a chapter headed 审核管理)
        parents = {word for word in doc.parents if word not in label} if doc.cited else set()
        context = {word for word in doc.context if word not in label and word not in parents} if doc.cited else set()
        for word in parents | context:
            tf[word] += 0
        for word in doc.unfound:
            del tf[word]
        for word, n in tf.items():
            found_in[word].append(number)
            times[word].append(n)
            names[word].append(4 if word in label else 2 if word in parents else 1 if word in context else 0)
    total = len(docs)
    average = sum(lengths) / max(1, total)
    impacts: dict[str, tuple[array, array]] = {}
    top = 0.0
    for word, numbers in found_in.items():
        idf = math.log(1 + (total - len(numbers) + 0.5) / (len(numbers) + 0.5))
        scores = array(
            "f",
            (
                docs[n].prior
                * idf
                * (tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[n] / average)) + NAME_WEIGHT * named / 4)
                for n, tf, named in zip(numbers, times[word], names[word], strict=True)
            ),
        )
        if len(numbers) > POSTINGS_CAP:
            best = sorted(sorted(range(len(numbers)), key=lambda i: -scores[i])[:POSTINGS_CAP])
            numbers, scores = array("I", (numbers[i] for i in best)), array("f", (scores[i] for i in best))
        impacts[word] = (numbers, scores)
        top = max(top, max(scores))
    del found_in, times, names
    files: dict[str, str] = {}
    vocabulary: dict[str, dict[str, list[int]]] = defaultdict(dict)
    part, size, number = [], 0, 0

    def flush() -> None:
        nonlocal part, size, number
        if part:
            files[f"{FOLDER}/p/{number}.js"] = _script(f"p/{number}", dict(part))
            number += 1
        part, size = [], 0

    for word in sorted(impacts):
        flat: list[int] = []
        previous = 0
        for n, score in zip(*impacts[word], strict=True):
            flat += [n - previous, max(1, round(4095 * score / top))]
            previous = n
        part.append((word, flat))
        size += len(word) + 4 * len(flat)
        vocabulary[f"{ord(word[0]):x}"][word] = [counts[word] + 1, number]
        if size >= POSTINGS_FILE:
            flush()
    flush()
    for short, longer in abbreviations(counts).items():
        entry = vocabulary[f"{ord(short[0]):x}"].setdefault(short, [1, -1])  # a word of its own, or not
        entry.append(longer)
    for key, words in vocabulary.items():
        files[f"{FOLDER}/t/{key}.js"] = _script(f"t/{key}", words)
    # the clauses that set a threshold, with the weight their amount word gives them
    ranges = []
    weights: dict[str, dict[int, float]] = {}  # amount word → document → weight, made once per word
    for number, doc in enumerate(docs):
        for amount, comparison in doc.thresholds:
            word = canonical(f"{_number(amount)}万元")
            if word in impacts and word not in weights:
                weights[word] = dict(zip(*impacts[word], strict=True))
            weight = weights.get(word, {}).get(number)
            if weight:
                ranges.append([amount, comparison, number, max(1, round(4095 * weight / top))])
    if ranges:
        files[f"{FOLDER}/r.js"] = _script("r", ranges)
    for start in range(0, len(docs), CHUNK):
        chunk = [d.record for d in docs[start : start + CHUNK]]
        files[f"{FOLDER}/d/{start // CHUNK}.js"] = _script(f"d/{start // CHUNK}", chunk)
    # the browser needs the traditional characters whose simplified form can match: those of the index's
    # words and of the amounts and labels it cuts (億 → 亿, 條 → 条); a query's other characters match
    # nothing either way
    used = set("".join(counts)) | set(f"{_NUMERAL}{FINANCIAL[0]}万亿元第章节条款项附件")
    table = {code: simple for code, simple in sorted(variants().items()) if simple in used}
    meta = {
        "docs": total,
        "chunk": CHUNK,
        "total": sum(counts.values()) + len(counts),
        "patterns": PATTERNS,
        "amount": AMOUNT,
        "space": SPACE,
        "bare": BARE_LABEL,
        "attachment": ATTACHMENT,
        "bracket": BRACKET_LABEL,
        "item": ITEM_LABEL,
        "variants": ["".join(chr(k) for k in table), "".join(table.values())],
        "chinese": CHINESE_AMOUNT,
        "financial": FINANCIAL,
        "label": DIGIT_LABEL,
        "shards": sorted(vocabulary),
        "synonyms": synonyms(doc.same for doc in docs),
        "synonym": SYNONYM,
        "ranges": bool(ranges),
        # the regulations' clauses are the first documents (site_docs): an amount one of them writes is
        # found as written, one none writes by the thresholds it meets (r.js)
        "clauses": next((n for n, doc in enumerate(docs) if not doc.cited), len(docs)),
        "filler": FILLER,
    }
    files[f"{FOLDER}/meta.js"] = _script("meta", meta)
    return Index(files, total, len(impacts), time.perf_counter() - started)


def abbreviations(counts: Counter[str]) -> dict[str, list[str]]:
    """Short form → the index's words it stands for, as officials shorten names: the first character
    of each word a compound is made of (可行性|研究|报告: 可研, 可研报; 政府|采购: 政采; 发展|改革|
    委员会: 发改委). A compound's parts are the index's own shorter words (jieba's search mode put
    them there), taken longest first; the expansion is found at :data:`SYNONYM` of the weight, and
    only from its first part on (a part of one character ends it). The most frequent
    :data:`EXPANSIONS` words per short form are kept."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for word, count in counts.items():
        if len(word) < 4 or not re.fullmatch(f"[{CJK}]+", word):
            continue
        parts: list[str] = []
        at = 0
        while at < len(word):
            size = next(
                (n for n in (4, 3, 2) if n < len(word) and at + n <= len(word) and word[at : at + n] in counts), 0
            )
            if not size:
                break
            parts.append(word[at : at + size])
            at += size
        for k in range(2, len(parts) + 1):
            short = "".join(part[0] for part in parts[:k])
            if short not in word:
                found[short][word] += count
    return {
        short: [word for word, _ in sorted(words.items(), key=lambda item: (-item[1], item[0]))[:EXPANSIONS]]
        for short, words in sorted(found.items())
    }


def site_docs(
    corpus: Corpus,
    pages: dict[str, str],
    cache: Cache,
    segmenter: Segmenter | None = None,
    progress: Callable[[str], None] | None = None,
) -> Iterator[Doc]:
    """Every document of the site, cut, one regulation at a time (see :func:`build`): the regulations in
    corpus order, the glossary, ``pages`` (site path → built HTML of the hand-written pages)."""
    segmenter = segmenter or segmenter_for(corpus)
    for done, reg in enumerate(corpus.regs, start=1):
        yield from cut_regulation(segmenter, reg, cache)
        if progress and done % 500 == 0:
            progress(f"search: cut {done}/{len(corpus.regs)} regulations")
    others = list(glossary_docs(corpus))
    for url, page_html in sorted(pages.items()):
        others += page_docs(url, page_html)
    for doc in others:
        _cut_doc(segmenter, doc)
        # a region named in a term's definition or a page's text does not make it the region's:
        # 六安 监理 is 六安's clauses on 监理 first, not the entry that says where 六安 mentions it
        doc.unfound = sorted({word for word in doc.words if word in segmenter.places})
        yield doc


def keep_index(site_dir: Path, regulations: int) -> bool:
    """Whether a build into ``site_dir`` keeps the index already there (see :data:`REINDEX_DIRTY_MAX`).

    A clean build has emptied the site folder when this is asked: an index there means ``--dirty``.
    """
    return regulations > REINDEX_DIRTY_MAX and (site_dir / FOLDER / "meta.js").is_file()


def write(index: Index, site_dir: Path) -> None:
    """Replace the site's search folder with ``index``'s files."""

    folder = site_dir / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    for path, content in index.files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def read(site_dir: Path, name: str) -> Any:
    """The data of one index file of a built site (``meta``, ``t/76d1``, ``d/0``…), for tests and scripts."""
    text = (site_dir / FOLDER / f"{name}.js").read_text(encoding="utf-8")
    prefix = f"{GLOBAL}.load({json.dumps(name)},"
    if not text.startswith(prefix) or not text.rstrip().endswith(");"):
        raise ValueError(f"{FOLDER}/{name}.js is not an index file")
    return json.loads(text[len(prefix) : text.rstrip().rindex(")")])


def documents(site_dir: Path) -> list[list[str]]:
    """Every document of a built site's index, in order: [link, region, label, title, text]."""
    meta = read(site_dir, "meta")
    chunks = -(-meta["docs"] // meta["chunk"])
    return [doc for n in range(chunks) for doc in read(site_dir, f"d/{n}")]


def sample_cases(corpus: Corpus, real: Corpus, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cases of tests/cases/search-sample.yml as asked of a synthetic ``corpus``: each case of a
    real regulation of ``real`` (``from``), for its first, middle and last copy (a copy keeps the
    real one's 文号), with the clause links that must be among the first ``top`` results."""
    numbers = {reg.id: reg.meta.doc_number for reg in real.regs}
    out: list[dict[str, Any]] = []
    for case in cases:
        copies = [reg for reg in corpus.regs if reg.meta.doc_number == numbers[case["from"]]]
        if not copies:
            continue
        expect = case.get("expect", [])
        expect = expect if isinstance(expect, list) else [expect]
        if case.get("anywhere"):
            wanted = [*expect, *case.get("one_of", [])]
            links = [urls.clause_url(reg.id, c) for reg in copies for c in wanted if c in reg.clauses]
            out.append({"query": case["query"], "top": case.get("top", 3), "one_of": links})
            continue
        for reg in (copies[i] for i in sorted({0, len(copies) // 2, len(copies) - 1})):
            region = reg.region_name
            short = region[:-1] if region[-1] in "省市县区" and len(region) >= 3 else region
            made = {"query": case["query"].format(region=region, short=short), "top": case.get("top", 3)}
            made["expect"] = [urls.clause_url(reg.id, c) for c in expect]
            if "one_of" in case:
                made["one_of"] = [urls.clause_url(reg.id, c) for c in case["one_of"]]
            out.append(made)
    return out
