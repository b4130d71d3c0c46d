"""Everything the site generates from data: pages, charts, bundles and downloads.

MkDocs-agnostic: :class:`regkb.build.Build` makes a :class:`SiteData` once per build (again only
when a data file changed), the regkb MkDocs plugin (``mkdocs_regkb``) adds its files to the build
and the macros render the views of hand-written pages.

Rebuilds are incremental. What a regulation contributes (its downloads, rule bundle, chart and
page HTML) is kept by its content digest in the build's cache (:class:`regkb.cache.Cache`), in
memory for ``mkdocs serve`` and on disk for the next process; and every generated file carries a
digest of what it is made from, so a ``--dirty`` build rewrites only the files whose inputs changed.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import compare, encode, exports, graphs, layout, render, urls, vocab
from .cache import Cache
from .cache import Content as CachedContent
from .chain import chain as approval_chain
from .corpus import Corpus
from .decide import bundle
from .digest import code_version, digest
from .model import Reg
from .path import process_json

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Page:
    """A generated page: the view that makes its body (``regulation``, ``province``: the pages below;
    ``topic``, ``draft``: a page macro), for which regulation, province or topic, and its title. The
    MkDocs side turns it into the page's Markdown."""

    view: str
    key: str
    title: str


Content = CachedContent | Page


@dataclass
class SiteData:
    corpus: Corpus
    svgs: dict[str, graphs.Svg]
    large: bool  # the layout, decided once by the Build (see regkb.layout)
    templates: render.Templates  # the Build's, kept across rebuilds
    files: dict[str, Content] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # site path → digest of what it is made from
    everything: str = ""  # digest of all the data and page inputs (see everything_digest)
    fingerprint: tuple = ()
    cache: Cache = field(default_factory=lambda: Cache(None))


def fingerprint(data_dir: Path) -> tuple:
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


def comparison_files(corpus: Corpus, cache: Cache, large: bool, templates: render.Templates) -> dict[str, Content]:
    """The comparison's generated pages: a page per topic, or in the large layout a page per province
    and each regulation's comparison bundle for the picker (a script, so it loads from file:// too)."""
    if not large:
        return {f"compare/{topic}.md": Page("topic", topic, "对比：" + vocab.TOPICS[topic]) for topic in vocab.TOPICS}
    files: dict[str, Content] = {}
    version = (code_version(), render.templates_version())  # a bundle is HTML: its code and templates
    for province in layout.provinces(corpus):
        files[f"compare/province/{province.code}.md"] = Page("province", province.code, "对比：" + province.name)
        files[f"compare/draft/{province.code}.md"] = Page("draft", province.code, "起草参考：" + province.name)
        for reg in province.regs:
            files.update(
                cache.files(
                    (reg.digest, render.today().isoformat(), *version, "compare"),
                    lambda r=reg: _compare_bundle(r, corpus.cues, templates),
                )
            )
    return files


def _compare_bundle(reg: Reg, cues: dict[str, list[str]], templates: render.Templates) -> dict[str, str]:
    data = encode.js_value(render.comparison_bundle(reg, templates, cues=cues), sort_keys=True, separators=(",", ":"))
    return {f"assets/compare/{reg.id}.js": _script("RegkbCompare", reg.id, data)}


def _script(registry: str, key: str, data: str) -> str:
    """A script adding ``data`` (JSON) to a global registry: loads with a <script> tag, from file:// too."""
    return f"(self.{registry}=self.{registry}||{{}})[{encode.js_value(key)}]={data};\n"


def regulation_files(reg: Reg, data_dir: Path, cache: Cache) -> dict[str, Content]:
    """The downloads and the helper bundle of one regulation (made once per digest and build date, see
    :meth:`Cache.files`: the bundle carries the regulation's status as of that date)."""
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
        **cache.files((reg.digest, "regulation", day.isoformat()), made),
        **cache.files((reg.digest, code_version(), "word"), word_text),
    }


def nav_digest(corpus: Corpus) -> str:
    """What every page's navigation is made from: the regulations' ids, titles and regions."""
    return digest(*(f"{r.id}\0{r.meta.title}\0{r.meta.short_title}\0{r.region_path}" for r in corpus.regs))


def page_inputs(corpus: Corpus, large: bool) -> str:
    """What every generated page depends on besides its data: the code, the templates, the layout
    (the inline one has topic pages, the large one does not), the glossary and the date the status
    badges are computed for."""
    return digest(
        code_version(),
        render.templates_version(),
        "large" if large else "inline",
        corpus.glossary_digest,
        render.today().isoformat(),
    )


def everything_digest(corpus: Corpus, inputs: str) -> str:
    """The inputs of a page that may show anything from the data (home, comparisons, glossary)."""
    return digest(inputs, corpus.digest)


def regulation_page_digest(corpus: Corpus, reg: Reg, svgs: dict[str, graphs.Svg], inputs: str) -> str:
    """What a regulation page is made from: its data, its chart and the earlier versions it lists."""
    earlier = [corpus.get(d.regulation).digest for d in reg.meta.repeals if d.regulation in corpus.by_id]
    return digest(inputs, reg.digest, str(svgs.get(f"process-{reg.id}", "")), *earlier)


def _comparison_digests(corpus: Corpus, everything: str, inputs: str, large: bool) -> dict[str, str]:
    """A topic page shows every regulation's text; a province page (large layout) its own regulations'."""
    if not large:
        return {f"compare/{topic}.md": everything for topic in vocab.TOPICS}
    digests = {}
    for p in layout.provinces(corpus):
        digests[f"compare/province/{p.code}.md"] = digests[f"compare/draft/{p.code}.md"] = digest(
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
    cache: Cache,
    large: bool,
    templates: render.Templates,
    remember: bool = True,
) -> tuple[dict[str, Content], dict[str, str]]:
    """Site path → content for every generated page and download, and site path → input digest.

    With a cache folder, the larger contents are files kept there (see :meth:`Cache.files`).
    ``remember``: keep in memory what makes a rebuild after an edit cheap (``mkdocs serve``)."""
    files: dict[str, Content] = {}
    digests: dict[str, str] = {}
    catalog = []
    for reg in corpus.regs:
        page = f"regulations/{reg.id}.md"
        files[page] = Page("regulation", reg.id, reg.meta.title)
        digests[page] = regulation_page_digest(corpus, reg, svgs, inputs)
        for path, content in regulation_files(reg, data_dir, cache).items():
            files[path] = content
            if isinstance(content, Path):  # made from, or a copy of, the regulation's data: its digest
                digests[path] = digest(reg.digest, str(content))
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
    files.update(comparison_files(corpus, cache, large, templates))
    digests.update(_comparison_digests(corpus, everything, inputs, large))
    downloads = lambda: {  # noqa: E731
        f"downloads/{name}": content for name, content in compare.downloads(corpus, remember=remember).items()
    }
    # made from the data, the code and the date (rows carry status notes as of the build date), not the templates
    key = (code_version(), corpus.digest, render.today().isoformat(), "downloads")
    files.update(cache.files(key, downloads))
    for name, svg in svgs.items():
        files[f"charts/{name}.svg"] = svg  # (a path: its file may still be being drawn, see chart_files)
        files[f"charts/{name}.dot"] = dots[name]
    _name_contents(files, digests)
    return files, digests


def chart_files(svgs: dict[str, graphs.Svg], cache: Cache) -> tuple[dict[str, Content], dict[str, str]]:
    """The 决策助手's chart scripts, made from the drawn SVGs (the build makes them once ``dot`` is done)."""
    files: dict[str, Content] = {}
    for name, svg in svgs.items():
        if name.startswith("process-") and name.endswith("-tb"):  # the path panel is narrow: top to bottom
            files.update(_chart_script(name.removeprefix("process-").removesuffix("-tb"), svg, cache))
    digests: dict[str, str] = {}
    _name_contents(files, digests)
    return files, digests


def _name_contents(files: dict[str, Content], digests: dict[str, str]) -> None:
    for path, content in files.items():
        if path not in digests:  # a kept file's or a chart's path names its content
            digests[path] = digest(str(content) if isinstance(content, Path) else content)  # type: ignore[arg-type]


def _chart_script(reg_id: str, svg: graphs.Svg, cache: Cache) -> dict[str, Content]:
    """A regulation's process chart as a script the 决策助手 loads (``RegkbCharts``; from file:// too),
    made once per chart."""
    key = svg.name if isinstance(svg, Path) else digest(svg)

    def made() -> dict[str, str]:
        return {f"assets/charts/{reg_id}.js": _script("RegkbCharts", reg_id, encode.js_value(graphs.svg_text(svg)))}

    return cache.files((key, "chart-script"), made)


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
    return site.cache.bytes("pages", _page_name(site, path, root), render_page).decode("utf-8")


def _page_name(site: SiteData, path: str, root: str) -> str:
    return f"{digest(site.digests[path], root)}.html"


def regulation_page_kept(site: SiteData, reg_id: str, root: str) -> bool:
    """Whether the body of a regulation page is in the cache folder already (see :mod:`regkb.ahead`)."""
    kept_at = site.cache.path("pages", _page_name(site, f"regulations/{reg_id}.md", root))
    return kept_at is not None and kept_at.is_file()


def regulation_html(site: SiteData, reg_id: str, root: str) -> str:
    """The body of a regulation page."""
    corpus = site.corpus
    return _rendered(
        site,
        f"regulations/{reg_id}.md",
        root,
        lambda: render.regulation_page(
            corpus,
            corpus.get(reg_id),
            root,
            inline_chart(site, f"process-{reg_id}", root),
            large=site.large,
            templates=site.templates,
        ),
    )


def province_html(site: SiteData, code: str, root: str) -> str:
    """The body of a province's comparison page (large layout)."""
    return _rendered(
        site,
        f"compare/province/{code}.md",
        root,
        lambda: render.province_page(site.corpus, code, set(site.svgs), root, templates=site.templates),
    )


def anchors(html: str) -> set[str]:
    """The element ids in a page, which links from other pages may point at (``page.html#a12``)."""
    # a literal prefix is twenty times faster than \bid= on a large page; drop data-id= and the like
    return {m.group(1) for m in _ID.finditer(html) if m.start() == 0 or html[m.start() - 1].isspace()}


_ID = re.compile(r'id="([^"]+)"')
