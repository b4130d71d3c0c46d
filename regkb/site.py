"""Everything the site generates from data: pages, charts, bundles and downloads.

MkDocs-agnostic: the hooks in macros/ add these files to a build and the macros render
the views. Once per build the hooks ask :func:`get`, which rebuilds only when a data file
changed; every page then reads :func:`current`, so the data folder is scanned once a build.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import compare, graphs, scope, vocab
from .corpus import Corpus, load_corpus
from .decide import bundle

Progress = Callable[[str], None]


@dataclass
class SiteData:
    corpus: Corpus
    svgs: dict[str, str]
    files: dict[str, str | bytes] = field(default_factory=dict)
    fingerprint: tuple = ()


def _fingerprint(data_dir: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in data_dir.rglob("*") if p.is_file()))


def page_source(reg_id: str, title: str) -> str:
    """The Markdown of a generated regulation page: front matter and one macro call."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{{{{ regulation_page({reg_id!r}) }}}}\n"


def topic_source(topic: str) -> str:
    return (
        f"---\ntitle: {json.dumps('对比：' + vocab.TOPICS[topic], ensure_ascii=False)}\n"
        "hide: [navigation, toc]\n---\n\n"
        f"{{{{ topic_page({topic!r}) }}}}\n"
    )


def province_source(province: scope.Province) -> str:
    """A province's comparison page (large layout)."""
    return (
        f"---\ntitle: {json.dumps('对比：' + province.name, ensure_ascii=False)}\n"
        "hide: [navigation, toc]\n---\n\n"
        f"# 对比：{province.name}\n\n{{{{ province_page({province.code!r}) }}}}\n"
    )


def comparison_files(corpus: Corpus) -> dict[str, str]:
    """The comparison's generated pages: a page per topic, or in the large layout a page per province
    and each region's comparison bundle for the picker (a script, so it loads from file:// too)."""
    if not scope.is_large(corpus):
        return {f"compare/{topic}.md": topic_source(topic) for topic in vocab.TOPICS}
    files = {}
    for province in scope.provinces(corpus):
        files[f"compare/province/{province.code}.md"] = province_source(province)
        for reg in province.regs:
            data = json.dumps(
                compare.region_bundle(reg, province.code), ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            files[f"assets/compare/{reg.id}.js"] = (
                f"(self.RegkbCompare=self.RegkbCompare||{{}})[{json.dumps(reg.id)}]={data};\n"
            )
    return files


def generated_files(
    corpus: Corpus, svgs: dict[str, str], dots: dict[str, str], data_dir: Path
) -> dict[str, str | bytes]:
    """Site path → content for every generated page and download."""
    files: dict[str, str | bytes] = {}
    catalog = []
    for reg in corpus.regs:
        files[f"regulations/{reg.id}.md"] = page_source(reg.id, reg.meta.title)
        files[f"data/{reg.id}.json"] = json.dumps(
            reg.data.model_dump(mode="json", by_alias=True, exclude_none=True),
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        files[f"data/{reg.id}.yml"] = (data_dir / "regulations" / f"{reg.id}.yml").read_bytes()
        files[f"data/{reg.id}.txt"] = (data_dir.parent / reg.meta.source).read_bytes()
        data = json.dumps(bundle(reg), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        files[f"assets/decide/{reg.id}.json"] = data
        files[f"assets/decide/{reg.id}.js"] = (
            f"(self.RegkbBundles=self.RegkbBundles||{{}})[{json.dumps(reg.id)}]={data};\n"
        )
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
    files["data/index.json"] = json.dumps(catalog, ensure_ascii=False, indent=1)
    files.update(comparison_files(corpus))
    for name, content in compare.downloads(corpus).items():
        files[f"downloads/{name}"] = content
    for name, svg in svgs.items():
        files[f"charts/{name}.svg"] = svg
        files[f"charts/{name}.dot"] = dots[name]
    return files


def build(data_dir: Path, cache_dir: Path | None, progress: Progress | None = None) -> SiteData:
    """Load and validate the data, draw the charts, and collect every generated file."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    corpus = load_corpus(data_dir)
    say(f"{len(corpus.regs)} regulations validated ({time.perf_counter() - started:.1f}s)")
    charts = graphs.all_charts(corpus)
    svgs = graphs.render_all(charts, cache_dir / "svg" if cache_dir else None)
    say(f"{len(svgs)} charts drawn ({time.perf_counter() - started:.1f}s)")
    files = generated_files(corpus, svgs, {name: chart.source for name, chart in charts.items()}, data_dir)
    return SiteData(corpus, svgs, files)


_current: SiteData | None = None


def get(data_dir: Path, cache_dir: Path | None = None, progress: Progress | None = None) -> SiteData:
    """The site data for ``data_dir``, rebuilt only when a file under it changed since last time."""
    global _current
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
    return graphs.relink(graphs.inline(svg, name), root)
