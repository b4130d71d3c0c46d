"""mkdocs-macros entry point: thin wiring from page macros to the regkb core."""

from __future__ import annotations

from regkb import paths, render, scope, site, urls


def _site() -> site.SiteData:
    return site.current(paths.DATA, paths.CACHE)  # refreshed once per build by hooks.on_config


def define_env(env) -> None:
    """Register the macros pages call; each is one call into the core.

    A macro that makes a block of HTML returns a mark (:func:`site.later`) that the hooks replace
    with it after Markdown, as for the generated pages."""

    def root() -> str:
        return site.to_root(env.page.url) if env.page else ""

    @env.macro
    def regions_table(summary: bool = False) -> str:
        return site.later(render.regions_table(_site().corpus, root(), summary))

    @env.macro
    def recent_updates() -> str:
        return site.later(render.recent_updates(_site().corpus, root()))

    @env.macro
    def comparison_page() -> str:
        return site.later(render.comparison_page(_site().corpus, root()))

    @env.macro
    def drafting_workbench(province: str | None = None) -> str:
        return site.later(render.drafting_workbench(_site().corpus, root(), province))

    @env.macro
    def topic_page(topic: str) -> str:
        return site.later(render.topic_page(_site().corpus, topic, root()))

    @env.macro
    def topic_link(topic: str) -> str:
        """For hand-written pages: the Markdown link target where every region's text on a topic is read."""
        return urls.topic_url(scope.is_large(_site().corpus), topic, page=".md")

    @env.macro
    def topic_summaries(topic: str) -> str:
        """For hand-written pages: each region's answer on a topic, from the data, with its status."""
        return site.later(render.topic_summaries(_site().corpus, topic, root()))

    @env.macro
    def status_notices() -> str:
        """For hand-written pages: the regulations with later changes their text does not carry."""
        return site.later(render.status_notices(_site().corpus, root()))

    @env.macro
    def glossary_page() -> str:
        return site.later(render.glossary_page(_site().corpus, root()))

    @env.macro
    def process_page() -> str:
        data = _site()
        return site.later(
            render.process_page(data.corpus, set(data.svgs), lambda n: site.inline_chart(data, n, root()) or "", root())
        )

    @env.macro
    def helper_form() -> str:
        return site.later(render.helper_form(_site().corpus, root()))

    @env.macro
    def counts() -> dict[str, int]:
        return render.counts(_site().corpus)
