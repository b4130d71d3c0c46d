"""mkdocs-macros entry point: thin wiring from page macros to the regkb core.

The macros read the build that the regkb plugin (``mkdocs_regkb``) owns: one corpus per build, loaded
once, kept across ``mkdocs serve`` rebuilds."""

from __future__ import annotations

from regkb import render, site, urls


def define_env(env) -> None:
    """Register the macros pages call; each is one call into the core.

    A macro that makes a block of HTML returns a mark (:meth:`mkdocs_regkb.late.Late.later`) that the
    plugin replaces with it after Markdown, as for the generated pages."""
    plugin = env.conf["plugins"]["regkb"]  # its on_config (priority 100) has loaded the build by now

    def data() -> site.SiteData:
        return plugin.site

    def later(html: str) -> str:
        return plugin.late.later(html)

    def root() -> str:
        return site.to_root(env.page.url) if env.page else ""

    @env.macro
    def regulations_table(summary: bool = False) -> str:
        return later(
            render.regulations_table(data().corpus, root(), summary, large=data().large, templates=data().templates)
        )

    @env.macro
    def recent_updates() -> str:
        return later(render.recent_updates(data().corpus, root(), templates=data().templates))

    @env.macro
    def comparison_page() -> str:
        return later(render.comparison_page(data().corpus, root(), large=data().large, templates=data().templates))

    @env.macro
    def drafting_workbench(province: str | None = None) -> str:
        return later(
            render.drafting_workbench(data().corpus, root(), province, large=data().large, templates=data().templates)
        )

    @env.macro
    def topic_page(topic: str) -> str:
        return later(render.topic_page(data().corpus, topic, root(), large=data().large, templates=data().templates))

    @env.macro
    def topic_link(topic: str) -> str:
        """For hand-written pages: the Markdown link target where every regulation's text on a topic is read."""
        return urls.topic_url(data().large, topic, page=".md")

    @env.macro
    def topic_summaries(topic: str) -> str:
        """For hand-written pages: each regulation's answer on a topic, from the data, with its status."""
        built = data()
        return later(render.topic_summaries(built.corpus, topic, root(), large=built.large, templates=built.templates))

    @env.macro
    def status_notices() -> str:
        """For hand-written pages: the regulations with later changes their text does not carry."""
        return later(render.status_notices(data().corpus, root(), large=data().large, templates=data().templates))

    @env.macro
    def glossary_page() -> str:
        return later(render.glossary_page(data().corpus, root(), large=data().large, templates=data().templates))

    @env.macro
    def process_page() -> str:
        built = data()
        return later(
            render.process_page(
                built.corpus,
                set(built.svgs),
                lambda n: site.inline_chart(built, n, root()) or "",
                root(),
                large=built.large,
                templates=built.templates,
            )
        )

    @env.macro
    def helper_form() -> str:
        return later(render.helper_form(data().corpus, root(), large=data().large, templates=data().templates))

    @env.macro
    def vocab_tables() -> str:
        """For the annotation guide: every controlled vocabulary, read from regkb/vocab.py and the schema."""
        return later(render.vocab_tables(templates=data().templates))

    @env.macro
    def counts() -> dict[str, int]:
        return render.counts(data().corpus)
