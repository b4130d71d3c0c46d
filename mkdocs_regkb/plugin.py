"""The regkb MkDocs plugin: adds the pages, charts and downloads the core generates to the build.

MkDocs keeps a plugin object that has ``on_startup`` across the rebuilds of ``mkdocs serve`` (and
re-imports a hooks module on every one), so the :class:`regkb.build.Build` that a rebuild reuses
lives here. Everything one build remembers (the files it wrote, the pages it rendered) is on the
plugin object and made again in ``on_config``; nothing is module state.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
from collections.abc import Callable
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from regkb import ahead, compare, exports, glossary, layout, paths, render, search, site, vocab
from regkb.build import Build
from regkb.corpus import Corpus
from regkb.digest import digest
from regkb.model import Reg
from regkb.yamlio import DataError

from . import late
from .late import Late

log = logging.getLogger("mkdocs.regkb")
# The site's search (regkb/search.py): this script puts the search box in the header and reads
# the index files the build writes into search/. Material's own search is off (mkdocs.yml).
SEARCH_SCRIPT = "javascripts/search.js"
PICKER_SCRIPT = "javascripts/compare.js"
LATE = frozenset({"regulation"})  # what on_post_page inserts


def data_dir() -> Path:
    """The data folder (REGKB_DATA, read at each build so that one process may build several)."""
    return Path(os.environ.get("REGKB_DATA", paths.ROOT / "data"))


def cache_dir() -> Path:
    return Path(os.environ.get("REGKB_CACHE", paths.ROOT / ".cache"))


class _Tracked(File):
    """A file that counts as modified (for ``--dirty`` builds) only when its inputs changed.

    ``digest`` names what the output is made from; ``previous`` holds the digests of the last finished
    build into the same site folder (kept in the cache folder).
    """

    digest: str = ""
    previous: dict[str, str]
    cache: Path | None = None  # files kept under this folder are linked, not copied

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
        if source is not None and self.cache is not None and Path(source).is_relative_to(self.cache):
            try:
                os.link(source, target)
                return
            except OSError:
                pass
        super().copy_file()


def _accurate_dirty_builds(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a --dirty build may leave navigation stale (it would fail --strict).

    Here every page's digest includes the navigation's, so a page is re-rendered whenever its
    navigation changed.
    """
    return "'dirty' build is being performed" not in record.getMessage()


def generated_nav(corpus: Corpus, large: bool) -> dict[str, list]:
    """Nav entries for the generated pages, by the title of the nav section they join."""

    # Material prints nav titles and page titles as they are (MkDocs' Jinja does not escape):
    # text from data is escaped here, as late.markdown escapes the page titles
    def entry(reg: Reg) -> dict[str, str]:
        return {escape(f"{reg.region_name}：{reg.meta.short_title}"): f"regulations/{reg.id}.md"}

    if not large:
        return {
            "法规": [entry(r) for r in corpus.regs],
            "对比": [{label: f"compare/{topic}.md"} for topic, label in vocab.TOPICS.items()],
        }

    def by_city(province: layout.Province) -> list[dict]:
        # a page's nav holds its own city's regulations, and one link per other city and province:
        # a few dozen entries instead of a whole province's (Material renders every entry of every page)
        entries: list[dict] = []
        for city, regs in layout.cities(province):
            if city and len(regs) > 1:
                entries.append({escape(city): [entry(r) for r in regs]})
            else:
                entries += [entry(r) for r in regs]
        return entries

    provinces = layout.provinces(corpus)
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


class RegkbPlugin(BasePlugin):
    """Owns the :class:`Build` (kept across ``mkdocs serve`` rebuilds) and adds its files to each build."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.serving = False  # `mkdocs serve`: rebuilds follow edits
        self.late = Late()
        self.this_build: dict[str, str] = {}  # site path → digest, for every file of the build under way
        self.hand_written: list[str] = []  # site paths of the hand-written pages: search indexes their sections
        self.kept_index = False  # a --dirty build into a site that already has a search index
        self.ahead: Callable[[], None] = lambda: None  # waits for the process working ahead (regkb.ahead)

    @property
    def site(self) -> site.SiteData:
        """The site data of the build under way."""
        assert self.build is not None, "on_config has not run"
        return self.build.site

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        build_log = logging.getLogger("mkdocs.commands.build")
        if _accurate_dirty_builds not in build_log.filters:
            build_log.addFilter(_accurate_dirty_builds)

    def _refresh(self) -> None:
        """Reload the data if a file changed since the last build (serve), else reuse it."""
        data, cache = data_dir(), cache_dir()
        if self.build is None or self.build.data_dir != data or self.build.cache.folder != cache:
            self.build = Build(data, cache, serving=self.serving)
        # Loading builds millions of long-lived objects at 3,000 regulations: the collector, which
        # would scan them again and again, waits; afterwards they are frozen out of its sight, since
        # they live as long as the build (see on_config for `mkdocs serve` rebuilds).
        gc.disable()
        try:
            self.build.refresh(log.info)
        except DataError as exc:
            for problem in exc.problems:
                log.error(str(problem))
            raise SystemExit(f"regkb: {len(exc.problems)} data problem(s); the site was not built") from exc
        finally:
            gc.freeze()
            gc.enable()

    @event_priority(100)  # before the other plugins' on_config: the nav is complete when they see it
    def on_config(self, config):
        # A `mkdocs serve` rebuild: collect the previous build's garbage before _refresh freezes what
        # is alive. The collection skips the frozen data, so it is quick; frozen data that an edit
        # replaces is freed by reference counting (regulations hold no reference cycles).
        gc.collect()
        self.late = Late()  # a new build: its pages' macros run again
        self._refresh()
        assert self.build is not None
        if os.path.abspath(self.build.data_dir) not in map(os.path.abspath, config.watch):
            config.watch.append(str(self.build.data_dir))  # REGKB_DATA elsewhere: `mkdocs serve` reloads on its edits
        if SEARCH_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SEARCH_SCRIPT)
        generated = generated_nav(self.site.corpus, self.site.large)
        for section in config.nav or []:
            for title, entries in generated.items():
                if isinstance(section, dict) and isinstance(section.get(title), list):
                    section[title] += [e for e in entries if e not in section[title]]
        if self.build.large:
            _prune_nav(config.theme["features"])
        return config

    def _digests_file(self, config) -> Path:
        key = hashlib.sha256(os.path.abspath(config.site_dir).encode()).hexdigest()[:16]
        return cache_dir() / "builds" / f"{key}.json"

    def on_files(self, files: Files, config) -> Files:
        data = self.site
        try:
            with open(self._digests_file(config), encoding="utf-8") as stored:
                previous = json.load(stored)
        except (OSError, ValueError):
            previous = {}
        # A hand-written page may show anything from the data (counts, tables), and every page shows
        # the navigation: both are re-rendered when what they depend on changed.
        navigation = site.nav_digest(data.corpus)
        kept_in = data.cache.folder

        def tracked_file(file: _Tracked, digest: str) -> _Tracked:
            file.digest, file.previous, file.cache = digest, previous, kept_in
            return file

        tracked = Files([])
        for file in files:
            if file.is_documentation_page() and file.abs_src_path:
                page = _Tracked(file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                page.inclusion = file.inclusion
                mtime = str(os.path.getmtime(file.abs_src_path))
                file = tracked_file(page, digest(data.everything, navigation, mtime))
            tracked.append(file)
        regulation_pages: list[tuple[str, str]] = []  # (id, way to the root), in the order MkDocs writes them
        for path, content in sorted(data.files.items()):
            if isinstance(content, site.Page):
                file = _Tracked.generated(config, path, content=late.markdown(content))
                if content.view == "regulation":
                    regulation_pages.append((content.key, site.to_root(file.url)))
            elif isinstance(content, Path):
                file = _Tracked.generated(config, path, abs_src_path=str(content))
            else:
                file = _Tracked.generated(config, path, content=content)
            tracked.append(tracked_file(file, digest(data.digests[path], navigation)))
        large = data.large
        # the Word files and matrix workbooks: per topic and whole, or per province in the large layout
        try:
            made = exports.files(data.corpus, render.today(), config.site_url, data.cache, large=large)
        except exports.ToolError as exc:
            raise PluginError(f"regkb: {exc}") from None
        for path, content in made.items():
            file = _Tracked.generated(config, path, content=content)
            tracked.append(tracked_file(file, digest(content, navigation)))
        # a script only the large layout uses: a small site stays as it was
        unused = None if large else tracked.get_file_from_path(PICKER_SCRIPT)
        if unused is not None:
            tracked.remove(unused)
        self.this_build = {f.src_uri: f.digest for f in tracked if isinstance(f, _Tracked)}
        self.hand_written = sorted(
            f.dest_uri for f in tracked if f.is_documentation_page() and f.src_uri not in data.files
        )
        # A clean build has emptied the site folder by now; an index still there means --dirty.
        self.kept_index = search.keep_index(Path(config.site_dir), len(data.corpus.regs))
        if not self.serving:  # (serve's first build does without: its server threads and forking do not mix)
            self.ahead = ahead.start(data, regulation_pages)
        return tracked

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """Glossary tooltips for hand-written pages: the definitions of the terms each page uses.

        Generated pages wrap terms in <abbr> themselves; giving every page every definition
        would make Python-Markdown test each definition as a block on every page.
        """
        data = self.site
        if page.file.src_uri in data.files:
            return markdown
        return markdown + "\n\n" + glossary.abbreviations(data.corpus, markdown)

    def on_page_content(self, html: str, page, config, files) -> str:
        """Insert the generated pages and blocks (rendered once per digest, never parsed as Markdown).

        A regulation page's body waits for :meth:`on_post_page`: MkDocs would otherwise hold every
        regulation page's HTML until the last page is written (about a gigabyte at 3,000
        regulations), and only the theme template reads the content in between (it adds the page
        title as <h1> when the content has none, and a regulation body has none).
        """
        data, root = self.site, site.to_root(page.url)
        content = self.late.fill(data, html, root, skip=LATE)
        filled = self.late.fill(data, content, root)
        if filled is not html and page.present_anchor_ids is not None:
            # MkDocs learnt the anchors from the Markdown; the inserted HTML's are needed to check links to them
            page.present_anchor_ids.update(site.anchors(filled))
        return content

    def on_post_page(self, output: str, page, config) -> str:
        return self.late.fill(self.site, output, site.to_root(page.url))

    def on_build_error(self, error: Exception) -> None:
        self.ahead()  # a failed build leaves no process behind
        self.ahead = lambda: None

    def on_post_build(self, config) -> None:
        """Index the site for search; remember what this build was made from, for the next
        ``--dirty`` build into the same folder."""
        if self.kept_index:  # see search.keep_index
            log.info("search: index kept from the previous build (--dirty); a full build re-indexes")
        else:
            data = self.site
            site_dir = Path(config.site_dir)
            pages = {
                page: (site_dir / page).read_text(encoding="utf-8")
                for page in self.hand_written
                if page not in search.NOT_INDEXED and (site_dir / page).is_file()
            }
            docs = search.site_docs(data.corpus, pages, data.cache, progress=log.info)
            index = search.build(docs)
            search.write(index, site_dir)
            log.info(f"search: {index.docs} documents, {index.words} words indexed ({index.seconds:.1f}s)")
        if self.serving:  # the next rebuild serialises the downloads' rows of the edited regulation only
            compare.prepare_downloads(self.site.corpus)
        self.ahead()
        self.ahead = lambda: None
        record = self._digests_file(config)
        os.makedirs(os.path.dirname(record), exist_ok=True)
        with open(record, "w", encoding="utf-8") as out:
            json.dump(self.this_build, out, sort_keys=True)
