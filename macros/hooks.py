"""MkDocs hooks: add the pages, charts and downloads the core generates to the build."""

from __future__ import annotations

import logging

from mkdocs.structure.files import File, Files

from regkb import paths, render, site
from regkb.yamlio import DataError

log = logging.getLogger("mkdocs.regkb")
CACHE = paths.ROOT / ".cache"


def _site() -> site.SiteData:
    try:
        return site.get(paths.DATA, CACHE, log.info)
    except DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise SystemExit(f"regkb: {len(exc.problems)} data problem(s); the site was not built") from exc


def on_config(config):
    data = _site()
    CACHE.mkdir(exist_ok=True)
    (CACHE / "abbreviations.md").write_text(render.abbreviations(data.corpus), encoding="utf-8")
    for section in config.nav or []:
        if isinstance(section, dict) and "法规" in section:
            entries = section["法规"]
            for reg in data.corpus.regs:
                entry = {f"{reg.region_name}：{reg.meta.short_title}": f"regulations/{reg.id}.md"}
                if entry not in entries:
                    entries.append(entry)
    return config


def on_files(files: Files, config) -> Files:
    for path, content in sorted(_site().files.items()):
        files.append(File.generated(config, path, content=content))
    return files
