"""The MkDocs adapter: asks the core for the pages and hands them to MkDocs in memory.

Nothing generated is written into content/.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from html import escape as _escape  # on_page_content's parameter is named `html`
import threading
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import material
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import clean_directory
from watchdog import events as fs_events
from watchdog.events import FileSystemEventHandler

from generator.calendar_ics import render_calendars
from generator.catalog import Catalog
from generator.markup import page_url
from generator.content import NEWS_DIR
from generator import linked_data
from generator.errors import ContentError, problem
from generator.models import SOURCE_LANGS
from generator.parallel import Background
from generator.feeds import render_feeds
from generator.english import english_nav
from generator.frame import Link, links_from, place
from generator.i18n import alternates, interface_text, language_meta, language_of, translations
from generator.images import image_files
from generator.markup import sanitise_page
from generator.tables import label_tables
from generator.outputs.charts import chart_files
from generator.outputs.editor import editor_files
from generator.outputs.identity import Identity, IconError, identity_files, read_icon
from generator.outputs.opendata import open_data_files
from generator.outputs.release import HASHED, release, walk_files, write_new
from generator.outputs.security import page_policy
from generator.outputs.sitemap import site_map_files
from generator.render import RenderedPage, forget_renders, keep_renders
from generator import build_cache
from generator.digest import hash_of, tree
from generator.search import search_files
from generator.stages import mark
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
    editor_backend = c.Type(str, default="git-gateway")
    """The web editor's Git backend (Decap CMS): github, gitlab, gitea or git-gateway."""
    editor_repo = c.Type(str, default="")
    """owner/name of the repository the editor commits to (github, gitlab, gitea)."""
    editor_branch = c.Type(str, default="main")
    editor_api_root = c.Type(str, default="")
    """The Git host's API, for a self-hosted GitLab or Gitea (e.g. https://git.sct.gov.vn/api/v1)."""
    editor_base_url = c.Type(str, default="")
    """Where the editor signs in (an OAuth server), when the backend needs one."""
    editor_app_id = c.Type(str, default="")
    """The OAuth application id for signing in without a server of our own (GitLab, Gitea: PKCE)."""
    editor_workflow = c.Type(bool, default=False)
    """Editorial workflow: a change waits as a branch or merge request until it is approved."""
    release = c.Type(bool, default=True)
    """`build`: fingerprint the assets and write .gz and .br copies of every text file (outputs/release.py)."""
    memory_mb = c.Type(int, default=4096)
    """`build`: the memory the build may take, summed over its processes. The feeds, calendars and
    index are written beside the pages by a second process only when that fits (generator/parallel.py)."""
    editor_proxy = c.Type(str, default="")
    """The local proxy (decap-server) the editor uses on this machine; default http://localhost:8081/api/v1."""


class PortalFile(File):
    """A generated page. In `serve` (MkDocs dirty builds) it counts as modified only when its
    content differs from what the last build wrote, so an edit re-renders a handful of pages."""

    rendered: RenderedPage
    plugin: KhuyenCongPlugin

    def is_modified(self) -> bool:
        return not self.plugin.unchanged(self.dest_uri, self.rendered)


class PortalPage(Page):
    """A generated page as MkDocs sees it: its metadata and HTML come from the core as they are,
    so MkDocs neither parses front matter nor runs Markdown for each of them."""

    file: PortalFile

    def read_source(self, config: Any) -> None:
        self.markdown, self.meta = "", self.file.rendered.meta()

    def render(self, config: Any, files: Files) -> None:
        self.toc = get_toc([])

    # MkDocs reads every page before it writes any, holding each page's content meanwhile. A
    # generated page's HTML stays compressed in its RenderedPage and is unpacked each time it is
    # asked for (MkDocs' checks, on_page_content, the theme's template). MkDocs assigns back what
    # the page_content plugins return: the very text handed out is not kept (it is the page's own),
    # anything else (another plugin's change) is. on_post_page lets go of the last text handed out.
    @property
    def content(self) -> str | None:  # type: ignore[override]
        own = self.__dict__.get("_content")
        if own is not None or not hasattr(self.file, "rendered"):
            return own
        text = self.__dict__["_handed"] = self.file.rendered.html
        return text

    @content.setter
    def content(self, value: str | None) -> None:
        handed = self.__dict__.pop("_handed", None)
        self.__dict__["_content"] = None if value is handed else value


class KhuyenCongPlugin(BasePlugin[PortalConfig]):
    """Defining on_startup makes MkDocs keep this instance across `serve` rebuilds, so it can
    remember what the last build wrote."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.paths: Paths | None = None
        self.serving = False
        self.built: dict[str, str] = {}  # serve: what the last build wrote, dest_uri → digest
        self.layout_key = ""  # serve: digest of what every page's frame depends on
        self.outputs: Background | None = None
        self.dest: dict[str, str] = {}  # src_uri → dest_uri of generated pages
        self.writer: threading.Thread | None = None  # serve: writes feeds and index after the pages
        self.written: dict[str, str] = {}  # serve: feed and index files written, path → digest
        self.fragments: dict[tuple[Any, ...], str] = {}  # theme parts shared by generated pages
        self.identity = Identity("#1d4f91", False)
        self.identity_files: dict[str, bytes] = {}
        self.cache: Path | None = None  # `build --cache DIR`: the last build, kept for the next one
        self.kept: build_cache.Kept | None = None  # what the cache held, checked
        self.started = 0.0  # when this build began writing (files older than this are the cache's)
        self.all_dests: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps this instance for the whole process (tests build many portals in one).
        self._reset()
        self.serving = command == "serve" and dirty
        cache = os.environ.get("KHUYENCONG_BUILD_CACHE")
        self.cache = Path(cache) if cache and command == "build" else None
        keep_renders(self.serving or self.cache is not None)
        if self.cache is not None:
            self._read_cache(self.cache)

    def _read_cache(self, folder: Path) -> None:
        """A build with a cache knows only what its cache holds, checked whole (generator/build_cache.py);
        a cache that cannot be used is set aside with one line, and the build starts from nothing."""
        forget_renders()  # what an earlier build in this process rendered (tests build many portals in one)
        try:
            self.kept = build_cache.read(folder)
        except build_cache.Unusable as exc:
            print(exc.problem.format(), file=sys.stderr)
            self.kept = None
            if not exc.writable:
                self.cache = None  # a build without a cache, then
        if self.kept is not None:
            self.built, self.dest, self.layout_key, self.written = (self.kept.built, self.kept.dest, self.kept.layout,
                                                                    self.kept.written)

    # Runs first at config time so a content mistake stops the build before anything is written.
    def on_config(self, config: Any) -> Any:
        if self.writer is not None:
            self.writer.join()  # serve: the previous build's feed and index writer, if still running
        root = Path(config.config_file_path).resolve().parent
        if not config.site_url:  # feeds, calendars, sitemap, data and linked data need absolute addresses
            raise PluginError(ContentError([problem("mkdocs.yml", 0, 0, "site_url", "site_url_missing")]).report())
        docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        self.paths = Paths(root, self.config.data_dir, docs, self.config.templates)
        today = build_date(self.config.build_date)
        pin_build_time(today)
        try:
            self.identity, self.identity_files = _identity(config)
            self.catalog, self.pages = generate(self.paths, today, preview_mode())
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        for w in [*self.catalog.warnings, *self.catalog.render_warnings]:
            log.warning(w.format())
        return config

    # Runs at files time because that is where MkDocs accepts in-memory pages; news sources are
    # replaced by their rendered pages, since we parse their front matter ourselves.
    def on_files(self, files: Files, config: Any) -> Files:
        # Material's lunr language files serve its own search, which the portal replaces (search.py).
        files = Files([f for f in files if not (f.src_uri.startswith(NEWS_DIR + "/") and f.src_uri.endswith(".md"))
                       and not f.src_uri.startswith("assets/javascripts/lunr/")])
        if self.serving:
            self._forget_if_layout_changed(config)
        elif self.cache is not None:
            self._check_cache(config)
        in_nav = _nav_uris(config.nav)
        kept: set[str] = set()
        for src_uri, page in self.pages.items():
            dest = self.dest.get(src_uri)
            # Serve after the first build: MkDocs is handed only the pages whose content changed
            # (and the navigation's own), so a rebuild costs what changed, not the whole portal.
            # The served sitemap.xml then lists just those; `build` always writes the full one.
            if dest and self.unchanged(dest, page):
                kept.add(dest)  # a build from the cache keeps its file (MkDocs skips it in a dirty build)
                # Serve skips it altogether; a build from the cache hands it over all the same, so
                # hand-written pages' links to it resolve exactly as in a build from nothing.
                if src_uri not in in_nav and self.serving:
                    continue
            # Item pages are reached from listings, not the navigation (a full nav is quadratic).
            named = src_uri in in_nav  # MkDocs makes the Page of a navigation entry itself, from the stub
            f = PortalFile.generated(config, src_uri, content=page.stub() if named else "",
                                     inclusion=InclusionLevel.NOT_IN_NAV)
            f.rendered, f.plugin = page, self
            if not named:
                PortalPage(None, f, config)  # becomes f.page
            files.append(f)
            self.dest[src_uri] = f.dest_uri
        self.all_dests = {f.dest_uri for f in files}  # with the pages and static files MkDocs writes (or keeps)
        if self.cache is not None and self.built:
            self._restore_cache(config, kept, files)
        # Feeds, calendars and the search index need only the catalog: on a large portal they are
        # written by a child process on the second core while MkDocs renders the pages. In serve
        # they are written by a thread after the pages (see on_post_build).
        if not self.serving:
            # A build from the cache writes them in this process: what it wrote is part of the cache.
            self.outputs = Background(lambda: self._write_outputs(config, self.catalog), 0 if self.cache
                                      else len(self.pages),
                                      self.config.memory_mb)
        return files

    def unchanged(self, dest_uri: str, page: RenderedPage) -> bool:
        """Serve, or a build with a cache: the last build wrote this very page (a one-shot build
        writes everything)."""
        return (self.serving or self.cache is not None) and self.built.get(dest_uri) == page.digest()

    def _layout(self, config: Any, with_assets: bool = False) -> str:
        """Digest of what frames every page: mkdocs.yml, templates/, the hand-written pages of the
        navigation (and, for a cached build, content/assets/, whose fingerprints every page names)."""
        assert self.paths is not None
        root = self.paths.root
        assets = tree(root / self.paths.docs_dir / "assets") if with_assets else []
        return hash_of((Path(config.config_file_path).read_bytes(), tree(root / self.paths.templates),
                        sorted((r.src_uri, r.title) for r in self.catalog.pages), assets, config.site_url))

    def _check_cache(self, config: Any) -> None:
        """A build with a cache starts from the last build kept there when nothing that frames every
        page changed since; otherwise from nothing."""
        import time

        key = self._layout(config, with_assets=True)
        if key != self.layout_key or self.kept is None:
            self.built, self.written, self.dest = {}, {}, {}
        self.layout_key = key
        self.started = time.time()

    def _restore_cache(self, config: Any, kept: set[str], files: Files) -> None:
        """The last build's folder becomes this build's (moved, not copied: its files are linked to
        the live site's, and the build writes every file it changes as a new one, outputs/release.py
        write_new). Removed first: pages that changed and what MkDocs itself writes on every build or
        copies in place (hand-written pages, the sitemap, the theme's files), written anew. The
        cache gives up this generation; a build that fails leaves the next one to start from nothing."""
        assert self.cache is not None
        source, site = self.cache / "current" / "site", Path(config.site_dir)
        os.rmdir(site)  # the empty folder the build was given
        try:
            os.rename(source, site)
        except OSError as exc:  # the cache on another disk than the site, say: every page is written
            os.mkdir(site)
            print(build_cache.not_moved(source, exc).format(), file=sys.stderr)
            self.built, self.written = {}, {}
            return
        anew = {self.dest[u] for u in self.pages if u in self.dest and self.dest[u] not in kept}
        anew |= {f.dest_uri for f in files if not isinstance(f, PortalFile)} | {"sitemap.xml"}
        for rel in anew:
            for suffix in ("", ".gz", ".br"):
                (site / f"{rel}{suffix}").unlink(missing_ok=True)

    def _forget_if_layout_changed(self, config: Any) -> None:
        """Serve: when what frames every page changes (mkdocs.yml, templates, the hand-written pages
        of the navigation), empty the served folder so the dirty build writes every page again."""
        key = self._layout(config)
        if key != self.layout_key:
            clean_directory(config.site_dir)
            self.built, self.written, self.layout_key = {}, {}, key

    # Serve: MkDocs makes a new theme environment for every build; compiled Material templates are
    # kept in memory between rebuilds instead of being parsed again (about a second on each).
    # Every build: the theme's navigation, tabs and config script are the same on every generated
    # page of one folder depth (none is in the navigation, so none is marked active); the theme
    # overrides (templates/theme/) render each once per depth through `kc_fragment`.
    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        mark("MkDocs writes pages")
        if self.serving:
            env.bytecode_cache = _THEME_BYTECODE
        env.loader = jinja2.ChoiceLoader([env.loader,
                                          jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(_MATERIAL)})])
        self.fragments = {}
        env.globals["kc_fragment"] = self.fragment
        env.globals["kc_shared"] = lambda page: isinstance(page, PortalPage)
        env.globals["kc_source_langs"] = SOURCE_LANGS  # a hand-written page's sources say a linked page's language
        # The theme's own strings in the page's language (templates/theme/ calls _("…") with the
        # Vietnamese text, like the page templates), and the English section's navigation.
        templates = self.paths.root / self.paths.templates if self.paths else Path("templates")
        env.globals["kc_lang"] = page_language
        def theme_text(ctx: Any, message: str, **params: Any) -> Markup:
            # A shared fragment renders with `page = none`: the frame says the page's language. The
            # theme's environment does not autoescape: the text comes escaped, as in page templates.
            lang = ctx.get("kc_page_lang") or page_language(ctx.get("page"))
            return interface_text(translations(templates, lang), message, params)
        env.globals["_"] = jinja2.pass_context(theme_text)
        env.globals["kc_english_nav"] = english_nav(templates)
        sections = {"vi": links_from(config.nav or [], page_url),
                    "en": tuple(Link(t, u) for t, u, _about in english_nav(templates))}
        env.globals["kc_nav"] = lambda page: (sections[page_language(page)],
                                              place(sections[page_language(page)], page.url if page else ""))
        env.globals["kc_owner"] = self.catalog.owner
        env.globals["kc_identity"] = self.identity
        # The page carries its policy, for hosts that send none (a bucket). Not in `serve`: MkDocs'
        # live reload is an inline script the policy would refuse, and the preview would never refresh.
        env.globals["kc_csp"] = "" if self.serving else page_policy()
        return env

    def fragment(self, name: str, base_url: str, lang: str = "vi", *where: Any, caller: Any) -> str:
        """The theme part `caller` renders, once per (part, folder depth, language, place)."""
        key = (name, base_url, lang, *where)
        if key not in self.fragments:
            self.fragments[key] = caller()
        return self.fragments[key]

    # Runs once MkDocs has read a hand-written page's front matter: the theme prints its title and
    # description unescaped, so they are escaped here, as the generator escapes its own pages'.
    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        if not isinstance(page, PortalPage) and not page.file.generated_by:
            record = next((r for r in self.catalog.pages if r.src_uri == page.file.src_uri), None)
            if record is not None:  # a hand-written page: its breadcrumb trail in schema.org too
                url = page_url(record.src_uri)
                page.meta[
                    "kc_jsonld"] = (
                        linked_data.graph([linked_data.breadcrumbs([("Trang chủ", "")], record.title, url)]))
                page.meta.update(language_meta(language_of(url), alternates(url)))
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = _escape(page.meta[key])
        return markdown

    # Late priority: swap in our HTML after any other plugin touched the (empty) Markdown output.
    # Only the generated pages named in the navigation need it: a PortalPage renders its own. A
    # hand-written page goes through the same sanitiser as news (its raw HTML cannot run).
    @event_priority(-50)
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str | None:
        if isinstance(page, PortalPage):
            return html
        rendered = self.pages.get(page.file.src_uri)
        if rendered is not None and page.file.generated_by:
            return rendered.html
        if getattr(page, "_title_from_render", None):
            page._title_from_render = _escape(page._title_from_render)
        return label_tables(sanitise_page(html))

    # Runs once a page is written: a generated page lets go of its unpacked HTML (PortalPage.content).
    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        page.__dict__.pop("_handed", None)
        return output

    # Runs after the build to wait for (or, on small portals, write) the feeds, calendars and index.
    def on_post_build(self, config: Any) -> None:
        # Our sitemap replaces the one MkDocs just wrote: in a `serve` rebuild MkDocs lists only the
        # pages it was handed; ours lists the whole portal, in build and serve alike.
        urls = [*(page_url(u) for u in self.pages), *(page_url(rec.src_uri) for rec in self.catalog.pages)]
        for rel, data in site_map_files(self.catalog, config.site_url, urls).items():
            write_new(Path(config.site_dir, rel), data)
        if not self.serving:
            assert self.outputs is not None
            mark("wait for feeds and index")
            self.outputs.wait()
            if self.cache is not None:
                self._drop_stale(config, urls)
            if self.config.release:
                mark("fingerprint and compress")
                release(Path(config.site_dir), since=self.started)  # fingerprints and precompressed copies, for a CDN
            if self.cache is not None:
                mark("save the cache")
                self._save_cache(config)
            mark("swap the new build in")
            return
        now = {self.dest[u]: p.digest() for u, p in self.pages.items()}
        for gone in set(self.built) - set(now):  # an item deleted or hidden since the last build
            Path(config.site_dir, gone).unlink(missing_ok=True)
        self.built = now
        # Serve: the browser reloads the changed pages now; feeds and the search index follow a
        # second or two later from this thread (their inputs are cached, unchanged files are not
        # rewritten). The next build waits for it.
        self.writer = threading.Thread(target=self._write_outputs, args=(config, self.catalog), daemon=True)
        self.writer.start()

    def _drop_stale(self, config: Any, urls: list[str]) -> None:
        """A build from the cache: remove what the last build had and this one does not (a page of a
        deleted item, a feed, a search shard), i.e. every file this build neither wrote nor kept."""
        site = Path(config.site_dir)
        keep = {self.dest[u] for u in self.pages if u in self.dest} | set(self.written) | self.all_dests
        keep |= {"sitemap.xml", "sitemap.xml.gz", "robots.txt"} | {f"{u}sitemap.xml" for u in urls}
        for rel, st in walk_files(site):
            base = rel.removesuffix(".gz").removesuffix(".br")
            if base not in keep and not HASHED.match(base) and st.st_mtime < self.started:
                os.unlink(site / rel)

    def _save_cache(self, config: Any) -> None:
        """The build, its page digests and render cache, into the cache folder for the next build
        (generator/build_cache.py). A cache that cannot be written costs the next build its speed,
        not this build its success: one line says so."""
        assert self.cache is not None
        self.built = {self.dest[u]: p.digest() for u, p in self.pages.items() if u in self.dest}
        known = self.kept.known if self.kept is not None else {}
        try:
            build_cache.write(self.cache, Path(config.site_dir),
                              build_cache.Kept(self.layout_key, self.built, self.dest, self.written, known))
        except OSError as exc:
            print(build_cache.unwritable(self.cache, exc).format(), file=sys.stderr)

    def on_shutdown(self) -> None:
        if self.writer is not None:
            self.writer.join()

    def _write_outputs(self, config: Any, cat: Catalog) -> None:
        mark("feeds, calendars, index, data")
        site_url = config.site_url or "http://127.0.0.1:8000/"
        # One kind of output at a time, each written as it comes (the search index file by file):
        # at 100,000 items all of them at once would take gigabytes.
        groups = [lambda: render_feeds(cat, site_url,
                                       self.config.feed_limit).items(), lambda: render_calendars(cat, site_url).items(),
                  lambda: search_files(cat), lambda: chart_files(cat).items(), lambda: image_files(cat).items(),
                  lambda: open_data_files(cat, site_url).items(), lambda: self.identity_files.items(),
                  lambda: editor_files(cat, self._editor_backend(), self.config.editor_proxy or None,
                                       self.config.editor_workflow,
                                       site_url, _site_file(config, str(config.theme.get("logo") or ""))).items()]
        outputs: set[str] = set()
        for rel, data in (item for group in groups for item in group()):
            outputs.add(rel)
            # Serve, or a build from the cache: the folder holds the last build, so skip what the
            # last writer wrote already (its file, maybe fingerprinted and compressed, stays).
            digest = hash_of(data) if self.serving or self.cache is not None else None
            if digest is not None and self.written.get(rel) == digest:
                continue
            path = Path(config.site_dir) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new(path, data)
            if digest is not None:
                self.written[rel] = digest
        if self.cache is not None:  # what this build has, and nothing it no longer has
            self.written = {rel: self.written[rel] for rel in outputs}
        mark("feeds, calendars, index, data done")

    def _editor_backend(self) -> dict[str, Any]:
        backend: dict[str, Any] = {"name": self.config.editor_backend, "branch": self.config.editor_branch}
        for key in ("repo", "api_root", "base_url", "app_id"):
            if value := getattr(self.config, f"editor_{key}"):
                backend[key] = value
        if "app_id" in backend:
            backend["auth_type"] = "pkce"
        return backend

    # Runs at serve time so edits to data and templates rebuild the site like edits to content/.
    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        assert self.paths is not None
        _notified_watcher(server)
        for folder in (self.paths.data_dir, self.paths.templates):
            server.watch(str(self.paths.root / folder))
        return server


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, in memory: entries are keyed by template name and checksum of the
    source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_THEME_BYTECODE = _MemoryBytecodeCache()
_MATERIAL = str(Path(material.__file__).parent / "templates")  # "material/…" reaches the theme's own partials


_CHANGES = (fs_events.FileCreatedEvent, fs_events.FileModifiedEvent, fs_events.FileDeletedEvent,
            fs_events.FileMovedEvent,
            fs_events.FileClosedEvent, fs_events.DirCreatedEvent, fs_events.DirDeletedEvent, fs_events.DirMovedEvent)


def _notified_watcher(server: Any) -> None:
    """MkDocs' server polls the watched folders every half second, reading the status of every file
    (10,000 items: tenths of a second each time, holding the interpreter the rebuild needs). Where
    the kernel can tell of changes itself (Linux inotify), the server is given watchdog's notified
    observer instead: an edit is seen at once. Elsewhere, or if MkDocs' server changes shape, it
    keeps polling."""
    try:
        from watchdog.observers.inotify import InotifyObserver

        class Observer(InotifyObserver):
            """Reports changes only: MkDocs rebuilds on any event, and inotify also tells when a
            file is merely opened or read (by the build itself)."""

            def schedule(self, handler: Any, path: Any, **options: Any) -> Any:
                options["event_filter"] = options.get("event_filter") or list(_CHANGES)
                return super().schedule(handler, path, **options)

        probe = Observer()  # inotify may be missing or out of watches: try it first
        probe.schedule(FileSystemEventHandler(), tempfile.gettempdir(), recursive=False)
        probe.start()
        probe.stop()
        probe.join()
        watched = dict(server._watched_paths)
        if server.observer.is_alive():
            return
    except (ImportError, OSError, AttributeError, RuntimeError):
        return
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Observer()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def _site_file(config: Any, rel: str) -> Path | None:
    """A file mkdocs.yml names, found among the pages' files or the theme's (not a link)."""
    bases = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs)]
    return next((b / rel for b in bases if (b / rel).is_file() and not (b / rel).is_symlink()), None)


def _identity(config: Any) -> tuple[Identity, dict[str, bytes]]:
    """The icons and web manifest made from mkdocs.yml's `extra.icon` (outputs/identity.py), found
    among the pages' files or the theme's."""
    extra = config.extra
    color = str(extra.get("theme_color") or "#1d4f91")
    rel = extra.get("icon")
    if not rel:
        return Identity(color, False), {}
    path = _site_file(config, rel)
    if path is None:
        raise ContentError([problem("mkdocs.yml", 0, 0, "extra.icon", "icon_missing", value=rel)])
    try:
        icon = read_icon(path)
    except IconError as exc:
        raise ContentError([problem("mkdocs.yml", 0, 0, "extra.icon", "icon_bad", value=rel, why=str(exc))]) from None
    short = str(extra.get("short_name") or config.site_name)
    return Identity(color, True), identity_files(icon, config.site_name, short,
                                                 str(config.theme.get("language") or "vi"), color)


def _nav_uris(nav: Any) -> set[str]:
    """Every page file named in mkdocs.yml's `nav`."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_uris(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(_nav_uris(v) for v in nav)) if nav else set()
    return set()


def page_language(page: Any) -> str:
    """The language of a page as the theme renders it (generator/i18n.py's language_meta)."""
    meta = getattr(page, "meta", None) or {}
    return meta.get("kc_lang") or "vi"
