"""MkDocs hooks: add the pages, charts and downloads the core generates to the build."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
from html import escape
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from regkb import compare, exports, paths, render, scope, search, site, store, vocab
from regkb.corpus import Corpus
from regkb.model import Reg
from regkb.yamlio import DataError

log = logging.getLogger("mkdocs.regkb")
# The site's search (regkb/search.py): this script puts the search box in the header and reads
# the index files the build writes into search/. Material's own search is off (mkdocs.yml).
SEARCH_SCRIPT = "javascripts/search.js"
PICKER_SCRIPT = "javascripts/compare.js"


class _Tracked(File):
    """A file that counts as modified (for ``--dirty`` builds) only when its inputs changed.

    ``digest`` names what the output is made from; the digests of the last finished build into
    the same site folder are kept in the cache folder.
    """

    digest: str = ""
    previous: dict[str, str] = {}  # noqa: RUF012 (set per build by on_files)

    def is_modified(self) -> bool:
        return self.previous.get(self.src_uri) != self.digest or not os.path.isfile(self.abs_dest_path)

    def copy_file(self, dirty: bool = False) -> None:
        """Files kept in the cache folder are hard-linked into the site rather than copied.

        They never change once written (their folder or name is the digest of their content), and
        at 3,000 regulations copying them wrote 700 MB twice. Elsewhere, or where linking fails
        (another file system), the file is copied.
        """
        if dirty and not self.is_modified():
            return
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.lexists(target):
            os.unlink(target)  # it may be a link into the cache: never write through it
        source = self.abs_src_path
        if source is not None and Path(source).is_relative_to(paths.CACHE):
            try:
                os.link(source, target)
                return
            except OSError:
                pass
        super().copy_file()


_this_build: dict[str, str] = {}  # site path → digest, for every file of the build under way
_rendered: set[str] = set()  # pages rendered by the build under way
_hand_written: list[str] = []  # site paths of the hand-written pages: search indexes their sections
_kept_index = False  # a --dirty build into a site that already has a search index
_serving = False  # `mkdocs serve`: rebuilds follow edits


def _site() -> site.SiteData:
    """Reload the data if a file changed since the last build (serve), else reuse it."""
    # Loading builds millions of long-lived objects at 3,000 regulations: the collector, which
    # would scan them again and again, waits; afterwards they are frozen out of its sight, since
    # they live as long as the build (see on_config for `mkdocs serve` rebuilds).
    gc.disable()
    try:
        return site.get(paths.DATA, paths.CACHE, log.info)
    except DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise SystemExit(f"regkb: {len(exc.problems)} data problem(s); the site was not built") from exc
    finally:
        gc.freeze()
        gc.enable()


def _site_key(config) -> str:
    return hashlib.sha256(os.path.abspath(config.site_dir).encode()).hexdigest()[:16]


def _digests_file(config) -> os.PathLike:
    return paths.CACHE / "builds" / f"{_site_key(config)}.json"


def _accurate_dirty_builds(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a --dirty build may leave navigation stale (it would fail --strict).

    Here every page's digest includes the navigation's, so a page is re-rendered whenever its
    navigation changed.
    """
    return "'dirty' build is being performed" not in record.getMessage()


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    build_log = logging.getLogger("mkdocs.commands.build")
    if _accurate_dirty_builds not in build_log.filters:
        build_log.addFilter(_accurate_dirty_builds)


def _generated_nav(corpus: Corpus) -> dict[str, list]:
    """Nav entries for the generated pages, by the title of the nav section they join."""

    # Material prints nav titles and page titles as they are (MkDocs' Jinja does not escape):
    # text from data is escaped here, as page_source escapes the page titles
    def entry(reg: Reg) -> dict[str, str]:
        return {escape(f"{reg.region_name}：{reg.meta.short_title}"): f"regulations/{reg.id}.md"}

    if not scope.is_large(corpus):
        return {
            "法规": [entry(r) for r in corpus.regs],
            "对比": [{label: f"compare/{topic}.md"} for topic, label in vocab.TOPICS.items()],
        }

    def by_city(province: scope.Province) -> list[dict]:
        # a page's nav holds its own city's regulations, and one link per other city and province:
        # a few dozen entries instead of a whole province's (Material renders every entry of every page)
        entries: list[dict] = []
        for city, regs in scope.cities(province):
            if city and len(regs) > 1:
                entries.append({escape(city): [entry(r) for r in regs]})
            else:
                entries += [entry(r) for r in regs]
        return entries

    provinces = scope.provinces(corpus)
    return {
        "法规": [{escape(p.name): by_city(p)} for p in provinces],
        "对比": [{escape(p.name): f"compare/province/{p.code}.md"} for p in provinces],
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


@event_priority(100)  # before the other plugins' on_config: the nav is complete when they see it
def on_config(config):
    # A `mkdocs serve` rebuild: collect the previous build's garbage before _site freezes what is
    # alive. The collection skips the frozen data, so it is quick; frozen data that an edit
    # replaces is freed by reference counting (regulations hold no reference cycles).
    gc.collect()
    _site()  # loaded (or reloaded after a data change, in `mkdocs serve`)
    if os.path.abspath(paths.DATA) not in map(os.path.abspath, config.watch):
        config.watch.append(str(paths.DATA))  # REGKB_DATA elsewhere: `mkdocs serve` reloads on its edits too
    if SEARCH_SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SEARCH_SCRIPT)
    corpus = site.current(paths.DATA, paths.CACHE).corpus
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
    record = _digests_file(config)
    try:
        with open(record, encoding="utf-8") as stored:
            previous = json.load(stored)
    except (OSError, ValueError):
        previous = {}
    # A hand-written page may show anything from the data (counts, tables), and every page shows
    # the navigation: both are re-rendered when what they depend on changed.
    navigation = site.nav_digest(data.corpus)
    _Tracked.previous = previous
    tracked = Files([])
    for file in files:
        if file.is_documentation_page() and file.abs_src_path:
            page = _Tracked(file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            page.inclusion = file.inclusion
            page.digest = store.digest(data.everything, navigation, str(os.path.getmtime(file.abs_src_path)))
            file = page
        tracked.append(file)
    for path, content in sorted(data.files.items()):
        if isinstance(content, Path):
            file = _Tracked.generated(config, path, abs_src_path=str(content))
        else:
            file = _Tracked.generated(config, path, content=content)
        file.digest = store.digest(data.digests[path], navigation)
        tracked.append(file)
    # the Word files and matrix workbooks: per topic and whole, or per province in the large layout
    for path, content in exports.files(data.corpus, render.today(), config.site_url, paths.CACHE).items():
        file = _Tracked.generated(config, path, content=content)
        file.digest = store.digest(content, navigation)
        tracked.append(file)
    # a script only the large layout uses: a small site stays as it was
    unused = None if scope.is_large(data.corpus) else tracked.get_file_from_path(PICKER_SCRIPT)
    if unused is not None:
        tracked.remove(unused)
    _this_build.clear()
    _this_build.update({f.src_uri: f.digest for f in tracked if isinstance(f, _Tracked)})
    _rendered.clear()
    _hand_written[:] = sorted(f.dest_uri for f in tracked if f.is_documentation_page() and f.src_uri not in data.files)
    # A clean build has emptied the site folder by now; an index still there means --dirty.
    global _kept_index
    _kept_index = search.keep_index(Path(config.site_dir), len(data.corpus.regs))
    return tracked


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Glossary tooltips for hand-written pages: the definitions of the terms each page uses.

    Generated pages wrap terms in <abbr> themselves; giving every page every definition
    would make Python-Markdown test each definition as a block on every page.
    """
    data = site.current(paths.DATA, paths.CACHE)
    if page.file.src_uri in data.files:
        return markdown
    return markdown + "\n\n" + render.abbreviations(data.corpus, markdown)


def on_page_content(html: str, page, config, files) -> str:
    """Insert the generated pages and blocks (rendered once per digest, never parsed as Markdown).

    A regulation page's body waits for :func:`on_post_page`: MkDocs would otherwise hold every
    regulation page's HTML until the last page is written (about a gigabyte at 3,000
    regulations), and only the theme template reads the content in between (it adds the page
    title as <h1> when the content has none, and a regulation body has none).
    """
    _rendered.add(page.url)
    data, root = site.current(paths.DATA, paths.CACHE), site.to_root(page.url)
    content = site.fill(data, html, root, skip=LATE)
    filled = site.fill(data, content, root)
    if filled is not html and page.present_anchor_ids is not None:
        # MkDocs learnt the anchors from the Markdown; the inserted HTML's are needed to check links to them
        page.present_anchor_ids.update(site.anchors(filled))
    return content


LATE = frozenset({"regulation"})  # what on_post_page inserts


def on_post_page(output: str, page, config) -> str:
    return site.fill(site.current(paths.DATA, paths.CACHE), output, site.to_root(page.url))


def on_post_build(config) -> None:
    """Index the site for search; remember what this build was made from, for the next
    ``--dirty`` build into the same folder."""
    if _kept_index:  # see search.keep_index
        log.info("search: index kept from the previous build (--dirty); a full build re-indexes")
    else:
        data = site.current(paths.DATA, paths.CACHE)
        site_dir = Path(config.site_dir)
        pages = {
            page: (site_dir / page).read_text(encoding="utf-8")
            for page in _hand_written
            if page not in search.NOT_INDEXED and (site_dir / page).is_file()
        }
        docs = search.site_docs(data.corpus, pages, paths.CACHE, progress=log.info)
        index = search.build(docs)
        search.write(index, site_dir)
        log.info(f"search: {index.docs} documents, {index.words} words indexed ({index.seconds:.1f}s)")
    if _serving:  # the next rebuild serialises the downloads' rows of the edited regulation only
        compare.prepare_downloads(site.current(paths.DATA, paths.CACHE).corpus)
    record = _digests_file(config)
    os.makedirs(os.path.dirname(record), exist_ok=True)
    with open(record, "w", encoding="utf-8") as out:
        json.dump(_this_build, out, sort_keys=True)
