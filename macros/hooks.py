"""MkDocs hooks: add the pages, charts and downloads the core generates to the build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from regkb import paths, render, search, site, vocab
from regkb.yamlio import DataError

log = logging.getLogger("mkdocs.regkb")
SUPPORT = paths.ROOT / ".cache"  # mkdocs.yml names the search word list kept here
# Search for large corpora (see regkb/search.py): the search box, styled by Material's own CSS,
# and what Pagefind indexes on each page, Material's content area (no navigation, no sidebars).
PAGEFIND_SCRIPT = "javascripts/pagefind-search.js"
PAGEFIND_ROOT = "article.md-content__inner"


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


def _search_backend() -> str:
    try:
        return search.backend(len(site.current(paths.DATA, paths.CACHE).corpus.regs))
    except ValueError as exc:  # a bad REGKB_SEARCH
        raise SystemExit(f"regkb: {exc}") from exc


@event_priority(100)  # before the search plugin's on_config, which loads the word list and sets itself up
def on_config(config):
    _write_support_files()  # again, for `mkdocs serve` rebuilds after a data change
    if _search_backend() == "pagefind":
        # Material's own switch: no search box in the header, no search_index.json; the
        # Pagefind script puts a search box of the same look in its place.
        config.plugins["material/search"].config.enabled = False
        config.extra_javascript.append(PAGEFIND_SCRIPT)
    generated = {
        "法规": [{f"{r.region_name}：{r.meta.short_title}": f"regulations/{r.id}.md"} for r in _site().corpus.regs],
        "对比": [{label: f"compare/{topic}.md"} for topic, label in vocab.TOPICS.items()],
    }
    for section in config.nav or []:
        for title, entries in generated.items():
            if isinstance(section, dict) and isinstance(section.get(title), list):
                section[title] += [e for e in entries if e not in section[title]]
    return config


def on_files(files: Files, config) -> Files:
    for path, content in sorted(site.current(paths.DATA, paths.CACHE).files.items()):
        files.append(File.generated(config, path, content=content))
    unused = files.get_file_from_path(PAGEFIND_SCRIPT)
    if unused is not None and _search_backend() != "pagefind":  # a small site stays as it was
        files.remove(unused)
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


def on_post_build(config) -> None:
    if _search_backend() == "pagefind":
        try:
            run = search.index(Path(config.site_dir), PAGEFIND_ROOT)
        except RuntimeError as exc:
            raise SystemExit(f"regkb: {exc}") from exc
        log.debug(run.output)
        log.info(f"pagefind: site indexed for search ({run.seconds:.1f}s)")
