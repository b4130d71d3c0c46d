"""One build: the corpus, its layout and the cache, made once and asked by every page.

A :class:`Build` is what a build remembers. ``mkdocs serve`` keeps one across rebuilds (in the
regkb MkDocs plugin, see ``mkdocs_regkb``), so a rebuild after an edit re-checks, redraws and
re-renders only what the edit changed; a new process starts from the cache folder. Loading and
checking data (``validate``, ``corpus``) know nothing of the cache: the build memoises them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import graphs, layout, render, site
from .cache import Cache, kept
from .corpus import Corpus, load_corpus
from .model import Reg
from .validate import Checked, check_files

Progress = Callable[[str], None]
MIN_SERVED = 16  # charts to draw from which Build.draw uses graphs.DotServer (measured break-even: ~5)


class Build:
    """The site data of ``data_dir`` (see :meth:`refresh`) and the cache that makes rebuilds cheap."""

    def __init__(self, data_dir: Path, cache_dir: Path | None = None, serving: bool = False) -> None:
        self.data_dir = data_dir
        # rebuilds follow edits (`mkdocs serve`): keep in memory what makes them cheap, which a single
        # build would hold until it ends for nothing
        self.serving = serving
        self.cache = Cache(cache_dir)
        self.templates = render.Templates()  # compiled once, used by every build this object makes
        self._site: site.SiteData | None = None

    @property
    def site(self) -> site.SiteData:
        """The site data of the build under way (made by :meth:`refresh`)."""
        if self._site is None:
            raise RuntimeError("Build.refresh() has not run yet")
        return self._site

    @property
    def corpus(self) -> Corpus:
        return self.site.corpus

    @property
    def large(self) -> bool:
        """The layout: by province (large) or every regulation inline (see :mod:`regkb.layout`), decided
        once per corpus when it is loaded; the views are told it, they never work it out."""
        return self.site.large

    def refresh(self, progress: Progress | None = None) -> site.SiteData:
        """The site data, made again only when a file under the data folder (or a template) changed."""
        fingerprint = site.fingerprint(self.data_dir)
        if self._site is None or self._site.fingerprint != fingerprint:
            self._site = self._make(progress or (lambda _msg: None))
            self._site.fingerprint = fingerprint
        return self._site

    def _make(self, say: Progress) -> site.SiteData:
        started = time.perf_counter()
        corpus = load_corpus(self.data_dir, say, self._load)
        say(f"{len(corpus.regs)} regulations validated ({time.perf_counter() - started:.1f}s)")
        large = layout.is_large(corpus)
        charts = graphs.all_charts(corpus, large, self._process_dots, self.cache.memo)
        # `dot` runs in the background (both cores) while the rest is collected: with a cache folder an
        # SVG's path is known before it is drawn; without one the texts are needed first
        svgs, drawn = self.draw(charts, say)
        if self.cache.folder is None:
            drawn()
        inputs = site.page_inputs(corpus, large)
        everything = site.everything_digest(corpus, inputs)
        files, digests = site.generated_files(
            corpus, svgs, charts, self.data_dir, inputs, everything, self.cache, large, self.templates, self.serving
        )
        drawn()
        say(f"{len(svgs)} charts drawn ({time.perf_counter() - started:.1f}s)")
        scripts, script_digests = site.chart_files(svgs, self.cache)
        files.update(scripts)
        digests.update(script_digests)
        say(f"{len(files)} generated files collected ({time.perf_counter() - started:.1f}s)")
        return site.SiteData(
            corpus, svgs, large, self.templates, files, digests, everything=everything, cache=self.cache
        )

    def _load(self, items: list[tuple[Path, str | None]], root: Path | None, say: Progress | None) -> list[Checked]:
        """Each extract checked once per content key: in memory (the same object, with what views
        memoised on it), else from the cache folder, else checked now and kept."""
        out: list[Checked | None] = [None] * len(items)
        todo = []
        for index, (_path, key) in enumerate(items):
            if key:
                found = (
                    self.cache.memo("regulation", key, lambda: None)
                    if self.cache.has("regulation", key)
                    else self._unpickle(key)
                )
                if found is not None:
                    out[index] = found
                    continue
            todo.append(index)
        if todo and say:
            say(f"validating {len(todo)} of {len(items)} regulations ({len(items) - len(todo)} unchanged, cached)")
        for index, result in zip(todo, check_files([items[i][0] for i in todo], root, say), strict=True):
            key = items[index][1]
            if isinstance(result, bytes):
                path = self.cache.path("models", f"{key}.pickle") if key else None
                if path:
                    self.cache.keep(path, result)
                out[index] = self._remember(key, pickle.loads(result))
            else:
                out[index] = result
        return out  # type: ignore[return-value]

    def _unpickle(self, key: str) -> Reg | None:
        path = self.cache.path("models", f"{key}.pickle")
        data = kept(path) if path else None
        try:
            return self._remember(key, pickle.loads(data)) if data is not None else None
        except Exception:  # a damaged or outdated entry of any kind: validate again
            return None

    def _remember(self, key: str | None, reg: Reg) -> Reg:
        if key:
            self.cache.memo("regulation", key, lambda: reg)
        return reg

    def _process_dots(self, reg: Reg) -> tuple[str, str] | None:
        """A process chart's DOT sources (left to right, top to bottom), once per regulation digest
        (building them costs more than reading them)."""
        if not reg.digest:
            return graphs.process_dots(reg)

        def made() -> tuple[str, str] | None:
            names = (f"{reg.digest}.dot", f"{reg.digest}-TB.dot")
            kept_texts = [self.cache.read("dot", name) for name in names]
            if None in kept_texts:
                sources = graphs.process_dots(reg) or ("", "")
                kept_texts = [text.encode("utf-8") for text in sources]
                for name, data in zip(names, kept_texts, strict=True):
                    path = self.cache.path("dot", name)
                    if path:
                        self.cache.keep(path, data)
            across, down = (data.decode("utf-8") for data in kept_texts)  # type: ignore[union-attr]
            return (across, down) if across else None

        return self.cache.memo("dot", reg.digest, made)

    def draw(
        self, charts: dict[str, str], say: Progress | None = None, workers: int | None = None
    ) -> tuple[dict[str, graphs.Svg], Callable[[], None]]:
        """Every chart (name → DOT source) as SVG, ``dot`` processes in parallel threads, each at most
        once per distinct source (one graph per run, so no chart's bytes depend on another's). With a
        cache folder, SVGs are files there named by their source's digest, returned as paths (thousands
        of SVG texts would otherwise stay in memory all build long). Returns at once, with the function
        that waits until every chart is drawn (and raises what a ``dot`` run raised); without a cache
        folder the texts are filled in by then."""
        names = sorted(charts)
        keys = {name: hashlib.sha256(charts[name].encode("utf-8")).hexdigest() for name in names}
        svgs: dict[str, graphs.Svg] = {}
        if self.cache.folder is None:
            todo = sorted({keys[n]: n for n in names if not self.cache.has("svg", keys[n])}.values())
        else:
            svgs = {name: self.cache.path("svg", f"{keys[name]}.svg") for name in names}  # type: ignore[misc]
            todo = sorted({keys[n]: n for n in names if not self.cache.intact(svgs[n])}.values())  # type: ignore[arg-type]
        if todo and say and len(todo) > 1:
            say(f"drawing {len(todo)} of {len(names)} charts")

        # dot's start-up once per thread rather than once per chart (same bytes, see graphs.DotServer);
        # below a few charts starting the helpers costs more than it saves
        server = graphs.DotServer(charts[n] for n in todo) if len(todo) >= MIN_SERVED else None

        def one(name: str) -> None:
            svg = server.svg(charts[name]) if server else graphs.svg(charts[name])
            if self.cache.folder is None:
                self.cache.memo("svg", keys[name], lambda: svg)
            else:
                self.cache.keep(svgs[name], svg)  # type: ignore[arg-type]

        pool = ThreadPoolExecutor(max_workers=workers or (os.cpu_count() or 1) + 1)
        futures = [pool.submit(one, name) for name in todo]

        def drawn() -> None:
            try:
                pool.shutdown(wait=True)
            finally:
                if server:
                    server.close()
            for future in futures:
                future.result()
            if self.cache.folder is None:
                svgs.update({name: self.cache.memo("svg", keys[name], lambda: "") for name in names})

        return svgs, drawn
