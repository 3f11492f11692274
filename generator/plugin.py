"""The MkDocs adapter: asks the core for the pages and hands them to MkDocs in memory.

Nothing generated is written into content/.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.calendar_ics import render_calendars
from generator.catalog import page_url
from generator.content import NEWS_DIR
from generator.errors import ContentError
from generator.parallel import Background
from generator.feeds import render_feeds
from generator.render import RenderedPage
from generator.search import search_files
from generator.site import Paths, build_date, generate, pin_build_time, preview_mode

log = logging.getLogger("mkdocs.plugins.khuyencong")


class PortalConfig(Config):
    data_dir = c.Type(str, default="site_data")
    """Folder of YAML data, relative to mkdocs.yml."""
    templates = c.Type(str, default="templates")
    """Folder of the portal's Jinja2 page templates, relative to mkdocs.yml."""
    build_date = c.Optional(c.Type(str))
    """ISO date the site is built as of (else KHUYENCONG_BUILD_DATE, else today)."""
    feed_limit = c.Type(int, default=50)
    """Items per feed, newest first."""


class KhuyenCongPlugin(BasePlugin[PortalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.paths: Paths | None = None

    # Runs first at config time so a content mistake stops the build before anything is written.
    def on_config(self, config: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        self.paths = Paths(root, self.config.data_dir, docs, self.config.templates)
        today = build_date(self.config.build_date)
        pin_build_time(today)
        try:
            self.catalog, self.pages = generate(self.paths, today, preview_mode())
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        for w in [*self.catalog.warnings, *self.catalog.render_warnings]:
            log.warning(w.format())
        return config

    # Runs at files time because that is where MkDocs accepts in-memory pages; news sources are
    # replaced by their rendered pages, since we parse their front matter ourselves.
    def on_files(self, files: Files, config: Any) -> Files:
        for f in list(files):
            if f.src_uri.startswith(NEWS_DIR + "/") and f.src_uri.endswith(".md"):
                files.remove(f)
        for src_uri, page in self.pages.items():
            # Item pages are reached from listings, not the navigation (a full nav is quadratic).
            files.append(File.generated(config, src_uri, content=page.stub(), inclusion=InclusionLevel.NOT_IN_NAV))
        # Feeds, calendars and the search index need only the catalog: on a large portal they are
        # written by a child process on the second core while MkDocs renders the pages.
        self.outputs = Background(lambda: self._write_outputs(config), len(self.pages))
        return files

    # Late priority: swap in our HTML after any other plugin touched the (empty) Markdown output.
    @event_priority(-50)
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str | None:
        rendered = self.pages.get(page.file.src_uri) if page.file.generated_by else None
        return rendered.html if rendered else html

    # Runs after the build to wait for (or, on small portals, write) the feeds, calendars and index.
    def on_post_build(self, config: Any) -> None:
        self.outputs.wait()

    def _write_outputs(self, config: Any) -> None:
        site_url = config.site_url or "http://127.0.0.1:8000/"
        pages = [(page_url(rec.src_uri), rec.title, rec.body) for rec in self.catalog.pages]
        outputs = {**render_feeds(self.catalog, site_url, self.config.feed_limit), **render_calendars(self.catalog, site_url),
                   **search_files(self.catalog, pages)}
        for rel, data in outputs.items():
            path = Path(config.site_dir) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    # Runs at serve time so edits to data and templates rebuild the site like edits to content/.
    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        assert self.paths is not None
        for folder in (self.paths.data_dir, self.paths.templates):
            server.watch(str(self.paths.root / folder))
        return server
