"""MkDocs hooks: add the pages, charts and downloads the core generates to the build."""

from __future__ import annotations

import logging

from mkdocs.structure.files import File, Files

from regkb import paths, render, scope, site, vocab
from regkb.corpus import Corpus
from regkb.model import Reg
from regkb.yamlio import DataError

log = logging.getLogger("mkdocs.regkb")
SUPPORT = paths.ROOT / ".cache"  # mkdocs.yml names the search word list kept here
PICKER_SCRIPT = "javascripts/compare.js"


def _site() -> site.SiteData:
    """Reload the data if a file changed since the last build (serve), else reuse it."""
    try:
        return site.get(paths.DATA, paths.CACHE, log.info)
    except DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise SystemExit(f"regkb: {len(exc.problems)} data problem(s); the site was not built") from exc


def _write_support_files() -> None:
    """The jieba word list the search plugin reads from disk."""
    SUPPORT.mkdir(exist_ok=True)
    (SUPPORT / "search-words.txt").write_text(render.search_words(_site().corpus), encoding="utf-8")


def on_startup(command, dirty):
    # Runs before every plugin's on_config, where the search plugin loads its jieba dictionary.
    _write_support_files()


def _generated_nav(corpus: Corpus) -> dict[str, list]:
    """Nav entries for the generated pages, by the title of the nav section they join."""

    def entry(reg: Reg) -> dict[str, str]:
        return {f"{reg.region_name}：{reg.meta.short_title}": f"regulations/{reg.id}.md"}

    if not scope.is_large(corpus):
        return {
            "法规": [entry(r) for r in corpus.regs],
            "对比": [{label: f"compare/{topic}.md"} for topic, label in vocab.TOPICS.items()],
        }
    provinces = scope.provinces(corpus)
    return {
        "法规": [{p.name: [entry(r) for r in p.regs]} for p in provinces],
        "对比": [{p.name: f"compare/province/{p.code}.md"} for p in provinces],
    }


def _prune_nav(features: list[str]) -> None:
    """Render only the open branch of the nav on each page (else every page carries every regulation).

    Material prunes only collapsible groups, and with ``navigation.sections`` the province groups
    under the 法规 tab would be always-open sections; nothing else in the nav is nested that deep.
    """
    if "navigation.prune" not in features:
        features.append("navigation.prune")
    if "navigation.sections" in features:
        features.remove("navigation.sections")


def on_config(config):
    _write_support_files()  # again, for `mkdocs serve` rebuilds after a data change
    corpus = _site().corpus
    generated = _generated_nav(corpus)
    for section in config.nav or []:
        for title, entries in generated.items():
            if isinstance(section, dict) and isinstance(section.get(title), list):
                section[title] += [e for e in entries if e not in section[title]]
    if scope.is_large(corpus):
        _prune_nav(config.theme["features"])
    return config


def on_files(files: Files, config) -> Files:
    data = site.current(paths.DATA, paths.CACHE)
    for path, content in sorted(data.files.items()):
        files.append(File.generated(config, path, content=content))
    picker_script = files.get_file_from_path(PICKER_SCRIPT)
    if picker_script is not None and not scope.is_large(data.corpus):
        files.remove(picker_script)  # only the region picker (large layout) loads it
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Glossary tooltips for hand-written pages: the definitions of the terms each page uses.

    Generated pages wrap terms in <abbr> themselves; giving every page every definition
    would make Python-Markdown test each definition as a block on every page.
    """
    data = site.current(paths.DATA, paths.CACHE)
    if page.file.src_uri in data.files:
        return markdown
    return markdown + "\n\n" + render.abbreviations(data.corpus, markdown)
