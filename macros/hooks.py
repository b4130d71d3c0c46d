"""MkDocs hooks: add the pages, charts and downloads the core generates to the build."""

from __future__ import annotations

import logging

from mkdocs.structure.files import File, Files

from regkb import paths, render, site, vocab
from regkb.yamlio import DataError

log = logging.getLogger("mkdocs.regkb")
SUPPORT = paths.ROOT / ".cache"  # mkdocs.yml names these files: abbreviations, search words


def _site() -> site.SiteData:
    try:
        return site.get(paths.DATA, paths.CACHE, log.info)
    except DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise SystemExit(f"regkb: {len(exc.problems)} data problem(s); the site was not built") from exc


def _write_support_files() -> None:
    """Files plugins read from disk: abbreviations for Markdown pages, jieba words for search."""
    corpus = _site().corpus
    SUPPORT.mkdir(exist_ok=True)
    (SUPPORT / "abbreviations.md").write_text(render.abbreviations(corpus), encoding="utf-8")
    (SUPPORT / "search-words.txt").write_text(render.search_words(corpus), encoding="utf-8")


def on_startup(command, dirty):
    # Runs before every plugin's on_config, where the search plugin loads its jieba dictionary.
    _write_support_files()


def on_config(config):
    _write_support_files()  # again, for `mkdocs serve` rebuilds after a data change
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
    for path, content in sorted(_site().files.items()):
        files.append(File.generated(config, path, content=content))
    return files
