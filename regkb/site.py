"""Everything the site generates from data: pages, charts, bundles and downloads.

MkDocs-agnostic: the hooks in macros/ add these files to a build and the macros render
the views. Once per build the hooks ask :func:`get`, which rebuilds only when a data file
changed; every page then reads :func:`current`, so the data folder is scanned once a build.

Rebuilds are incremental. What a regulation contributes (its downloads, rule bundle, chart and
page HTML) is memoised by its content digest, in memory for ``mkdocs serve`` and on disk for
the next process; and every generated file carries a digest of what it is made from, so a
``--dirty`` build rewrites only the files whose inputs changed.
"""

from __future__ import annotations

import json
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import compare, encode, exports, graphs, render, scope, store, urls, vocab
from .chain import chain as approval_chain
from .corpus import Corpus, load_corpus
from .decide import bundle
from .model import Reg
from .path import process_json

Progress = Callable[[str], None]
PAGE_MARK = '<div class="rk-generated" data-regkb-page="{0}"></div>'


Content = str | bytes | Path  # a Path: a file on disk that the build copies as it is


@dataclass
class SiteData:
    corpus: Corpus
    svgs: dict[str, graphs.Svg]
    files: dict[str, Content] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # site path → digest of what it is made from
    everything: str = ""  # digest of all the data and page inputs (see everything_digest)
    fingerprint: tuple = ()
    cache_dir: Path | None = None


def _fingerprint(data_dir: Path) -> tuple:
    """What a rebuild of the site data depends on: the data files and the page templates."""
    found = []
    for path in (*data_dir.rglob("*"), *render.TEMPLATES.glob("*.html")):
        try:
            status = path.stat()
        except OSError:  # an editor's lock link to nowhere, a file deleted meanwhile
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(sorted(found))


def page_source(reg_id: str, title: str) -> str:
    """The Markdown of a generated regulation page: front matter and a mark the hooks fill in.

    The page HTML is inserted after Markdown (see :func:`regulation_html`), so Python-Markdown
    never parses the large generated HTML and Jinja never sees clause text.
    """
    return (
        f"---\ntitle: {json.dumps(escape(title), ensure_ascii=False)}\nrender_macros: false\n---\n\n"
        + PAGE_MARK.format(f"regulation:{reg_id}")
        + "\n"
    )


def topic_source(topic: str) -> str:
    return (
        f"---\ntitle: {json.dumps('对比：' + vocab.TOPICS[topic], ensure_ascii=False)}\n"
        "hide: [navigation, toc]\n---\n\n"
        f"{{{{ topic_page({topic!r}) }}}}\n"
    )


def province_source(province: scope.Province) -> str:
    """A province's comparison page (large layout)."""
    return (
        f"---\ntitle: {json.dumps(escape('对比：' + province.name), ensure_ascii=False)}\n"
        "hide: [navigation, toc]\nrender_macros: false\n---\n\n" + PAGE_MARK.format(f"province:{province.code}") + "\n"
    )


def draft_source(province: scope.Province) -> str:
    """A province's drafting workbench (large layout)."""
    return (
        f"---\ntitle: {json.dumps(escape('起草参考：' + province.name), ensure_ascii=False)}\n"
        f"hide: [navigation, toc]\n---\n\n{{{{ drafting_workbench({province.code!r}) }}}}\n"
    )


def comparison_files(corpus: Corpus, cache_dir: Path | None = None) -> dict[str, Content]:
    """The comparison's generated pages: a page per topic, or in the large layout a page per province
    and each region's comparison bundle for the picker (a script, so it loads from file:// too)."""
    if not scope.is_large(corpus):
        return {f"compare/{topic}.md": topic_source(topic) for topic in vocab.TOPICS}
    files: dict[str, Content] = {}
    for province in scope.provinces(corpus):
        files[f"compare/province/{province.code}.md"] = province_source(province)
        files[f"compare/draft/{province.code}.md"] = draft_source(province)
        for reg in province.regs:
            files.update(
                _kept(
                    # the bundle holds HTML: the code and templates that render it are part of the key
                    _folder(
                        cache_dir,
                        reg.digest,
                        render.today().isoformat(),
                        store.code_version(),
                        render.templates_version(),
                        "compare",
                    ),
                    lambda r=reg: _compare_bundle(r),
                )
            )
    return files


def _compare_bundle(reg: Reg) -> dict[str, str]:
    data = encode.js_value(render.comparison_bundle(reg), sort_keys=True, separators=(",", ":"))
    return {f"assets/compare/{reg.id}.js": _script("RegkbCompare", reg.id, data)}


def _script(registry: str, key: str, data: str) -> str:
    """A script adding ``data`` (JSON) to a global registry: loads with a <script> tag, from file:// too."""
    return f"(self.{registry}=self.{registry}||{{}})[{encode.js_value(key)}]={data};\n"


def _folder(cache_dir: Path | None, *key: str) -> Path | None:
    """Where :func:`_kept` keeps the files made from ``key`` (None: keep them in memory)."""
    return cache_dir / "files" / store.digest(*key) if cache_dir and all(key) else None


def _kept(folder: Path | None, make: Callable[[], dict[str, str]]) -> dict[str, Content]:
    """Files (site path → content) made once per key: with a folder, written there by the first build
    and returned as paths, so that no build holds thousands of them in memory or makes them again."""
    if folder is None:
        return dict(make())
    listing = folder / "files.json"
    if listing.is_file():  # checked even when memoised: the cache folder may have been deleted meanwhile
        if folder not in _kept_files:
            found = _kept_listing(folder, listing)
            if found is not None:
                _kept_files[folder] = found
        if folder in _kept_files and all(store.intact(file) for file in _kept_files[folder].values()):
            return _kept_files[folder]
        _kept_files.pop(folder, None)  # a damaged entry: made again below, never published
    made = make()
    names = {path: path.replace("/", "__") for path in made}
    for path, content in made.items():
        store.keep(folder / names[path], content)
    store.keep(listing, json.dumps(names))  # written last: a folder without it was interrupted and is made again
    _kept_files[folder] = {path: folder / name for path, name in names.items()}
    return _kept_files[folder]


def _kept_listing(folder: Path, listing: Path) -> dict[str, Content] | None:
    """The files a kept folder's listing names, or None when the listing is damaged."""
    data = store.kept(listing)
    try:
        names = json.loads(data) if data is not None else None
    except ValueError:
        return None
    if not isinstance(names, dict) or not all(isinstance(n, str) and "/" not in n for n in names.values()):
        return None
    return {path: folder / name for path, name in names.items()}


_kept_files: dict[Path, dict[str, Content]] = {}  # folder → its files, across `mkdocs serve` rebuilds


def regulation_files(reg: Reg, data_dir: Path, cache_dir: Path | None = None) -> dict[str, Content]:
    """The downloads and the helper bundle of one regulation (made once per digest and build date, see
    :func:`_kept`: the bundle carries the regulation's status as of that date)."""
    day = render.today()

    def made() -> dict[str, str]:
        facts = {
            **bundle(reg, day),
            "process": process_json(reg),
            "chain": approval_chain(reg),
            "doc_number": reg.meta.doc_number,
        }
        return {
            f"data/{reg.id}.json": encode.json_text(
                reg.data.model_dump(mode="json", by_alias=True, exclude_none=True), separators=(",", ":")
            ),
            f"assets/decide/{reg.id}.json": encode.json_text(facts, sort_keys=True, separators=(",", ":")),
            f"assets/decide/{reg.id}.js": _script(
                "RegkbBundles", reg.id, encode.js_value(facts, sort_keys=True, separators=(",", ":"))
            ),
        }

    def word_text() -> dict[str, str]:  # the regulation's Word file is made in the browser from this script
        data = encode.js_value(exports.regulation_text(reg), separators=(",", ":"))
        return {f"assets/docx/{reg.id}.js": _script("RegkbRegulationText", reg.id, data)}

    return {
        f"data/{reg.id}.yml": data_dir / "regulations" / f"{reg.id}.yml",
        f"data/{reg.id}.txt": data_dir.parent / reg.meta.source,
        **_kept(_folder(cache_dir, reg.digest, "regulation", day.isoformat()), made),
        **_kept(_folder(cache_dir, reg.digest, store.code_version(), "word"), word_text),
    }


def nav_digest(corpus: Corpus) -> str:
    """What every page's navigation is made from: the regulations' ids, titles and regions."""
    return store.digest(*(f"{r.id}\0{r.meta.title}\0{r.meta.short_title}\0{r.region_path}" for r in corpus.regs))


def page_inputs(corpus: Corpus) -> str:
    """What every generated page depends on besides its data: the code, the templates, the layout
    (the inline one has topic pages, the large one does not), the glossary and the date the status
    badges are computed for."""
    return store.digest(
        store.code_version(),
        render.templates_version(),
        "large" if scope.is_large(corpus) else "inline",
        corpus.glossary_digest,
        render.today().isoformat(),
    )


def everything_digest(corpus: Corpus, inputs: str) -> str:
    """The inputs of a page that may show anything from the data (home, comparisons, glossary)."""
    return store.digest(inputs, corpus.digest)


def regulation_page_digest(corpus: Corpus, reg: Reg, svgs: dict[str, graphs.Svg], inputs: str) -> str:
    """What a regulation page is made from: its data, its chart and the earlier versions it lists."""
    earlier = [corpus.get(d.regulation).digest for d in reg.meta.repeals if d.regulation in corpus.by_id]
    return store.digest(inputs, reg.digest, str(svgs.get(f"process-{reg.id}", "")), *earlier)


def _comparison_digests(corpus: Corpus, everything: str, inputs: str) -> dict[str, str]:
    """A topic page shows every region's text; a province page (large layout) its own regions'."""
    if not scope.is_large(corpus):
        return {f"compare/{topic}.md": everything for topic in vocab.TOPICS}
    digests = {}
    for p in scope.provinces(corpus):
        digests[f"compare/province/{p.code}.md"] = digests[f"compare/draft/{p.code}.md"] = store.digest(
            inputs, *(r.digest for r in p.regs)
        )
    return digests


def generated_files(
    corpus: Corpus,
    svgs: dict[str, graphs.Svg],
    dots: dict[str, str],
    data_dir: Path,
    inputs: str,
    everything: str,
    cache_dir: Path | None = None,
) -> tuple[dict[str, Content], dict[str, str]]:
    """Site path → content for every generated page and download, and site path → input digest.

    With ``cache_dir``, the larger contents are files kept there (see :func:`_kept`)."""
    files: dict[str, Content] = {}
    digests: dict[str, str] = {}
    catalog = []
    for reg in corpus.regs:
        page = f"regulations/{reg.id}.md"
        files[page] = page_source(reg.id, reg.meta.title)
        digests[page] = regulation_page_digest(corpus, reg, svgs, inputs)
        for path, content in regulation_files(reg, data_dir, cache_dir).items():
            files[path] = content
            if isinstance(content, Path):  # made from, or a copy of, the regulation's data: its digest
                digests[path] = store.digest(reg.digest, str(content))
        catalog.append(
            {
                "id": reg.id,
                "title": reg.meta.title,
                "region": reg.region_path,
                "level": reg.meta.level,
                "doc_number": reg.meta.doc_number,
                "json": f"data/{reg.id}.json",
                "yaml": f"data/{reg.id}.yml",
            }
        )
    files["data/index.json"] = encode.json_text(catalog, indent=1)
    files.update(comparison_files(corpus, cache_dir))
    digests.update(_comparison_digests(corpus, everything, inputs))
    downloads = lambda: {f"downloads/{name}": content for name, content in compare.downloads(corpus).items()}  # noqa: E731
    # made from the data, the code and the date (rows carry status notes as of the build date), not the templates
    key = (store.code_version(), corpus.digest, render.today().isoformat(), "downloads")
    files.update(_kept(_folder(cache_dir, *key), downloads))
    for name, svg in svgs.items():
        files[f"charts/{name}.svg"] = svg
        files[f"charts/{name}.dot"] = dots[name]
        if name.startswith("process-") and name.endswith("-tb"):  # the path panel is narrow: top to bottom
            files.update(_chart_script(name.removeprefix("process-").removesuffix("-tb"), svg, cache_dir))
    for path, content in files.items():
        if path not in digests:  # a kept file's or a chart's path names its content
            digests[path] = store.digest(str(content) if isinstance(content, Path) else content)
    return files, digests


def _chart_script(reg_id: str, svg: graphs.Svg, cache_dir: Path | None) -> dict[str, Content]:
    """A region's process chart as a script the 决策助手 loads (``RegkbCharts``; from file:// too),
    made once per chart."""
    key = svg.name if isinstance(svg, Path) else store.digest(svg)

    def made() -> dict[str, str]:
        return {f"assets/charts/{reg_id}.js": _script("RegkbCharts", reg_id, encode.js_value(graphs.svg_text(svg)))}

    return _kept(_folder(cache_dir, key, "chart-script"), made)


def build(data_dir: Path, cache_dir: Path | None, progress: Progress | None = None) -> SiteData:
    """Load and validate the data, draw the charts, and collect every generated file."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    corpus = load_corpus(data_dir, cache_dir / "models" if cache_dir else None, say)
    say(f"{len(corpus.regs)} regulations validated ({time.perf_counter() - started:.1f}s)")
    charts = graphs.all_charts(corpus, cache_dir / "dot" if cache_dir else None)
    svgs = graphs.render_all(charts, cache_dir / "svg" if cache_dir else None, progress=say)
    say(f"{len(svgs)} charts drawn ({time.perf_counter() - started:.1f}s)")
    inputs = page_inputs(corpus)
    everything = everything_digest(corpus, inputs)
    files, digests = generated_files(corpus, svgs, charts, data_dir, inputs, everything, cache_dir)
    say(f"{len(files)} generated files collected ({time.perf_counter() - started:.1f}s)")
    return SiteData(corpus, svgs, files, digests, everything=everything, cache_dir=cache_dir)


_current: SiteData | None = None


def get(data_dir: Path, cache_dir: Path | None = None, progress: Progress | None = None) -> SiteData:
    """The site data for ``data_dir``, rebuilt only when a file under it changed since last time."""
    global _current
    _blocks.clear()  # a new build: its pages' macros run again
    fingerprint = _fingerprint(data_dir)
    if _current is None or _current.fingerprint != fingerprint:
        _current = build(data_dir, cache_dir, progress)
        _current.fingerprint = fingerprint
    return _current


def current(data_dir: Path, cache_dir: Path | None = None) -> SiteData:
    """The site data of this build, without re-checking the data folder (see :func:`get`)."""
    return _current if _current is not None else get(data_dir, cache_dir)


def to_root(page_url: str) -> str:
    """The relative path from a page (``regulations/lankao/``) back to the site root (``../../``)."""
    return "../" * page_url.count("/")


def inline_chart(site: SiteData, name: str, root: str) -> str | None:
    svg = site.svgs.get(name)
    if svg is None:
        return None
    return urls.relink_chart(graphs.inline(graphs.svg_text(svg), name), root)


def _rendered(site: SiteData, path: str, root: str, render_page: Callable[[], str]) -> str:
    """The body of a generated page, rendered once per page digest and kept in the cache folder.

    Not kept in memory: a build asks for each page once, and MkDocs holds every page's HTML already.
    """
    cached = site.cache_dir / "pages" / f"{store.digest(site.digests[path], root)}.html" if site.cache_dir else None
    data = store.kept(cached) if cached else None
    if data is not None:
        return data.decode("utf-8")
    html = render_page()
    if cached:
        store.keep(cached, html)
    return html


def regulation_html(site: SiteData, reg_id: str, root: str) -> str:
    """The body of a regulation page."""
    corpus = site.corpus
    return _rendered(
        site,
        f"regulations/{reg_id}.md",
        root,
        lambda: render.regulation_page(corpus, corpus.get(reg_id), root, inline_chart(site, f"process-{reg_id}", root)),
    )


def province_html(site: SiteData, code: str, root: str) -> str:
    """The body of a province's comparison page (large layout)."""
    return _rendered(
        site,
        f"compare/province/{code}.md",
        root,
        lambda: render.province_page(site.corpus, code, set(site.svgs), root),
    )


_blocks: dict[str, str] = {}  # mark → HTML that a macro made for a hand-written page (see later)


def later(html: str) -> str:
    """A mark that :func:`fill` replaces with ``html`` after Markdown: what a hand-written page's macro
    returns for a block of generated HTML, so that Python-Markdown does not parse it (seconds for the
    large views of a national corpus; the result is the same, raw HTML passes through Markdown as is)."""
    token = store.digest(html)[:32]
    _blocks[token] = html
    return PAGE_MARK.format(f"block:{token}")


def fill(site: SiteData, html: str, root: str, skip: frozenset[str] = frozenset()) -> str:
    """Replace the marks that :func:`page_source`, :func:`province_source` and :func:`later` left
    with the generated HTML (except marks of the kinds in ``skip``)."""
    makers = {"regulation": regulation_html, "province": province_html, "block": lambda _s, token, _r: _blocks[token]}
    for kind_id in _marks(html):
        kind, _, ident = kind_id.partition(":")
        if kind in makers and kind not in skip and (kind != "block" or ident in _blocks):
            html = html.replace(PAGE_MARK.format(kind_id), makers[kind](site, ident, root))
    return html


def _marks(html: str) -> list[str]:
    return re.findall(r'data-regkb-page="([^"]+)"', html)


def anchors(html: str) -> set[str]:
    """The element ids in a page, which links from other pages may point at (``page.html#a12``)."""
    # a literal prefix is twenty times faster than \bid= on a large page; drop data-id= and the like
    return {m.group(1) for m in _ID.finditer(html) if m.start() == 0 or html[m.start() - 1].isspace()}


_ID = re.compile(r'id="([^"]+)"')
