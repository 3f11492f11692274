"""The MkDocs adapter: MkDocs hosts the theme and writes the pages; the build is the core's
(generator/build.py), which this module calls from MkDocs' events, using only MkDocs' public API.

Nothing generated is written into content/.
"""

from __future__ import annotations

import logging
from html import escape as _escape  # on_page_content's parameter is named `html`
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import clean_directory

from generator.outputs import linked_data
from generator.build import (BuildState, Settings, finish, generate_site, hand_over, keep_cache, plan_assets,
                             prepare, restore_cache, start_outputs, write_pages)
from generator.content import NEWS_DIR
from generator.errors import ContentError, problem
from generator.host_pages import PortalFile, PortalPage
from generator.i18n import alternates, language_meta, language_of
from generator.markup import UnindentedTemplates, page_url, sanitise_page, unindent
from generator.outputs.editor import EDITOR_KEYS, editor_backend
from generator.outputs.registry import OutputSettings
from generator.shared_frames import enabled as shared_frames_on
from generator.site import Paths, preview_mode
from generator import template_store
from generator.tables import label_tables
from generator.theme import (MATERIAL, MemoryBytecodeCache, asset_urls, named_file, nav_uris, page_framer,
                             site_identity, static_files, theme_globals, unused_theme_file)
from generator.watch import Watcher, serve_with

log = logging.getLogger("mkdocs.plugins.khuyencong")
THEME_BYTECODE = MemoryBytecodeCache()  # serve: the theme's compiled templates, kept between rebuilds


class PortalConfig(Config):
    """The plugin's options in mkdocs.yml (each explained in docs/operations.md, "The plugin's options")."""

    data_dir = c.Type(str, default="site_data")  # YAML data, relative to mkdocs.yml
    templates = c.Type(str, default="templates")  # the page templates, relative to mkdocs.yml
    build_date = c.Optional(c.Type(str))  # ISO date the site is built as of (else KHUYENCONG_BUILD_DATE, else today)
    feed_limit = c.Type(int, default=50)  # items per feed, newest first
    editor_backend = c.Type(str, default="git-gateway")  # the web editor's Git backend: github, gitlab, gitea…
    editor_repo = c.Type(str, default="")  # owner/name of the repository the editor commits to
    editor_branch = c.Type(str, default="main")
    editor_api_root = c.Type(str, default="")  # a self-hosted GitLab's or Gitea's API
    editor_base_url = c.Type(str, default="")  # where the editor signs in (an OAuth server), if needed
    editor_app_id = c.Type(str, default="")  # an OAuth application id, for signing in with PKCE
    editor_workflow = c.Type(bool, default=False)  # a change waits as a branch until it is approved
    editor_proxy = c.Type(str, default="")  # the local proxy (decap-server); default http://localhost:8081/api/v1
    release = c.Type(bool, default=True)  # `build`: fingerprints, .gz and .br copies (outputs/release.py)
    memory_mb = c.Type(int, default=4096)  # `build`: the memory its processes may take together (parallel.py)


class KhuyenCongPlugin(BasePlugin[PortalConfig]):
    """Defining on_startup makes MkDocs keep this instance across `serve` rebuilds, so its
    BuildState remembers what the last build wrote."""

    def __init__(self) -> None:
        self.state = BuildState()
        self.settings: Settings | None = None
        self.cache: Path | None = None  # `build --cache DIR`, set by the command line (cli.py) before on_startup
        self.watcher: Watcher | None = None
        self.own_pages, self.nav = False, None  # `build` (dirty): the core writes the pages not in the nav
        self.unnamed: dict[str, PortalPage] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.state = BuildState.start(command == "serve" and dirty, self.cache if command == "build" else None)
        self.own_pages = command == "build" and dirty  # MkDocs leaves alone the pages the core writes

    # Runs first at config time so a content mistake stops the build before anything is written.
    def on_config(self, config: Any) -> Any:
        self.state.wait_for_writer()
        root = Path(config.config_file_path).resolve().parent
        if not config.site_url:  # feeds, calendars, sitemap, data and linked data need absolute addresses
            raise PluginError(ContentError([problem("mkdocs.yml", 0, 0, "site_url", "site_url_missing")]).report())
        docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        paths = Paths(root, self.config.data_dir, docs, self.config.templates)
        bases = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs)]
        o = self.config
        try:
            self.identity, icons = site_identity(config.extra, config.site_name, config.theme.get("language") or "vi",
                                                 bases)
            outputs = OutputSettings(config.site_url, o.feed_limit, editor_backend({k: o[f"editor_{k}"] for k in
                                                                                    EDITOR_KEYS}),
                                     o.editor_proxy or None, o.editor_workflow,
                                     named_file(bases, str(config.theme.get("logo") or "")), icons)
            self.settings = Settings(paths, Path(config.site_dir), Path(config.config_file_path), outputs,
                                     o.build_date, o.release, o.memory_mb)
            warnings = generate_site(self.settings, self.state, preview_mode(), own_folder=self.own_pages)
            if self.own_pages:  # MkDocs leaves the site's folder as it is: the feeds and index, beside what follows
                start_outputs(self.settings, self.state, now=True)
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        for w in warnings:
            log.warning(w.format())
        return config

    # Runs at files time because that is where MkDocs accepts in-memory pages; news sources are
    # replaced by their rendered pages, since we parse their front matter ourselves.
    def on_files(self, files: Files, config: Any) -> Files:
        assert self.settings is not None
        files = Files([f for f in files if not (f.src_uri.startswith(NEWS_DIR + "/") and f.src_uri.endswith(".md"))
                       and not unused_theme_file(f.src_uri)])
        self.unnamed = {}
        quiet = self.own_pages and alone(config)
        if prepare(self.settings, self.state):
            clean_directory(config.site_dir)  # serve: what frames every page changed; every page is written again
        for src_uri, page, named in hand_over(self.state, nav_uris(config.nav)):
            # Item pages are reached from listings, not the navigation (a full nav is quadratic).
            # MkDocs makes the Page of a navigation entry itself, from the stub.
            f = PortalFile.generated(config, src_uri, content=page.stub() if named else "",
                                     inclusion=InclusionLevel.NOT_IN_NAV)
            f.rendered, f.state = page, self.state
            # The core writes it, and no other plugin reads it: MkDocs need not read it either
            f.core_writes = quiet and not named
            if not named:
                self.unnamed[src_uri] = PortalPage(None, f, config)  # becomes f.page
            files.append(f)
            self.state.dest[src_uri] = f.dest_uri
        self.state.all_dests = {f.dest_uri for f in files}  # with the pages and static files MkDocs writes
        restore_cache(self.settings, self.state, {f.dest_uri for f in files if not isinstance(f, PortalFile)})
        if not self.own_pages:  # MkDocs emptied the site's folder after on_config: from here on
            start_outputs(self.settings, self.state, now=False)
        return files

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        assert self.settings is not None and self.state.catalog is not None
        if self.state.serving:
            env.bytecode_cache = THEME_BYTECODE
        else:  # a build: no template changes while it runs, so no file is looked at again for each page
            env.auto_reload = False
        env.trim_blocks = env.lstrip_blocks = True  # a line of template logic leaves no blank line in the page
        env.loader = UnindentedTemplates(jinja2.ChoiceLoader(
            [env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(MATERIAL)})]))
        paths = self.settings.paths
        env.globals.update(theme_globals(paths.root / paths.templates, config.nav, self.state.catalog, self.identity,
                                         self.state.serving, lambda page: isinstance(page, PortalPage)))
        asset_urls(env, plan_assets(self.settings, self.state, static_files(files)))  # as the release will name them
        template_store.attach(env)  # a build's compiled templates kept on this machine (serve keeps its own)
        if self.own_pages:  # the pages not in the navigation, framed as MkDocs would (build.write_pages)
            # Pages of one shape share a frame unless another plugin could add to their context.
            frame, frames = page_framer(env, config, self.nav, files, shared=alone(config) and shared_frames_on())
            write_pages(self.settings, self.state, list(self.unnamed), lambda uri: frame(self.unnamed[uri]),
                        frames.note if frames is not None else None)
        return env

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self.nav = nav
        return nav

    # Runs once MkDocs has read a hand-written page's front matter: the theme prints its title and
    # description unescaped, so they are escaped here, as the generator escapes its own pages'.
    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        assert self.state.catalog is not None
        if not isinstance(page, PortalPage) and not page.file.generated_by:
            record = next((r for r in self.state.catalog.pages if r.src_uri == page.file.src_uri), None)
            if record is not None:  # a hand-written page: its breadcrumb trail in schema.org too
                url = page_url(record.src_uri)
                page.meta["kc_jsonld"] = linked_data.graph([linked_data.breadcrumbs([("Trang chủ", "")], record.title,
                                                                                    url)])
                page.meta.update(language_meta(language_of(url), alternates(url)))
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = _escape(page.meta[key])
        return markdown

    # Late priority: swap in our HTML after any other plugin touched the (empty) Markdown output.
    # Only the generated pages named in the navigation need it: a PortalPage renders its own. A
    # hand-written page goes through the same sanitiser as news (its raw HTML cannot run), and its
    # title taken from its first heading is escaped like one written in its front matter.
    @event_priority(-50)
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str | None:
        if isinstance(page, PortalPage):
            return html
        rendered = self.state.pages.get(page.file.src_uri)
        if rendered is not None and page.file.generated_by:
            return rendered.html
        if "title" not in page.meta and page.title:
            page.meta["title"] = _escape(page.title)
        return label_tables(sanitise_page(html))

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if isinstance(page, PortalPage):
            page.kc_handed = None  # a generated page lets go of its unpacked HTML
        return unindent(output)

    # Runs after MkDocs wrote the pages: the sitemap, the outputs and release (build.py).
    def on_post_build(self, config: Any) -> None:
        assert self.settings is not None
        finish(self.settings, self.state)

    def after_swap(self, site: Path, replaced: Path | None, made: tuple[int, int] | None = None) -> None:
        """The command line, once the new build is in place at `site` (cli.py; `made`, the device and
        inode of the folder it built in): the cache of a build with `--cache`, from `replaced`, the
        build it replaced (removed otherwise)."""
        assert self.settings is not None
        keep_cache(self.settings, self.state, site, replaced, made)

    # A build that fails after the feeds-and-index child started (on_config): it stops before the
    # command line removes the unfinished folder it writes in.
    def on_build_error(self, *, error: Exception) -> None:
        if self.state.outputs is not None:
            self.state.outputs.stop()

    def on_shutdown(self) -> None:
        self.state.wait_for_writer()
        if self.watcher is not None:
            self.watcher.stop()

    # Serve: the inputs are watched by the portal's own watcher (watch.py), which tells MkDocs' server
    # to rebuild through the one small folder the server is left watching. Where the kernel cannot
    # notify, the watcher looks at the inputs every 0.5 s itself.
    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        assert self.settings is not None
        paths = self.settings.paths
        inputs = [paths.root / paths.docs_dir, paths.root / paths.data_dir, paths.root / paths.templates]
        self.watcher = serve_with(server, self.watcher, inputs, Path(config.config_file_path), config.docs_dir)
        return server


def alone(config: Any) -> bool:
    """Whether the portal's plugin is MkDocs' only one: no other plugin's event can read or change a page."""
    return all(isinstance(p, KhuyenCongPlugin) for p in config.plugins.values())
