"""The build, with no MkDocs in it: the catalog, the pages, the outputs, the cache generations.

A page host (MkDocs, through generator/plugin.py, the adapter) calls these steps in order and writes
the pages through its theme; everything else is written here:

1. `BuildState.start`: a build (`cache` given: starting from the last build kept there) or `serve`.
2. `generate_site`: read and check the inputs, build the catalog, render every page (site.py);
   `start_outputs`: the outputs of the registry (outputs/registry.py) start, in a second process
   on a large portal (a host that empties the site's folder afterwards starts them after step 5).
   A build from a cache it can use takes the cached folder as soon as the catalog is loaded
   (`take_cache`), and its outputs start then, beside the rendering.
3. `prepare`: in `serve` or a cached build, decide what the last build left that is still good.
4. `hand_over`: the pages the host must write (a rebuild hands only the changed ones).
5. `restore_cache`: the cached folder becomes this build's (taken, if not yet), its changed pages removed.
6. `finish`: the sitemap, the outputs done, stale files dropped, fingerprints and compression
   (outputs/release.py).
7. `keep_cache`: once the host has put the new site in place, the cache of a build with `--cache`,
   from the build the new one replaced.

Nothing here reads an environment variable or a module-level switch: what one process keeps from
build to build is in its `BuildState`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import build_cache, template_store
from generator.digest import hash_of, tree
from generator.entries import Catalog
from generator.errors import Problem
from generator.markdown_store import KEPT
from generator.markup import page_url, size_memos
from generator.outputs import compressed
from generator.outputs.registry import OUTPUTS, OutputSettings
from generator.outputs.release import (HASHED, STAGE, compress_while, fingerprintable, plan, release, staging,
                                      unstage, walk_files, write_new)
from generator.outputs.sitemap import site_map_files
from generator.memory import MEMORY, Memory
from generator.pages.render import RenderedPage
from generator.parallel import Background, remove_later, resident_mb, shared_map
from generator.site import Paths, build_date, generate, pin_build_time
from generator.stages import mark, note


@dataclass
class Settings:
    """What the build needs to know (the adapter reads it from mkdocs.yml)."""

    paths: Paths
    site_dir: Path
    config_file: Path  # mkdocs.yml: part of what frames every page
    outputs: OutputSettings
    build_date: str | None = None
    release: bool = True  # fingerprints and precompressed copies (outputs/release.py)
    memory_mb: int = 4096  # what the build may take, summed over its processes (parallel.Background)
    # the store of compressed copies every build on the machine shares (outputs/compressed.py)
    compress_store: Path | None = field(default_factory=compressed.default_folder)


@dataclass
class BuildState:
    """What one process keeps from one build to the next (`serve`) or reads from and writes to the
    cache (`build --cache`): what the last build wrote, and this build's catalog and pages."""

    serving: bool = False
    cache: Path | None = None  # `build --cache DIR`: the last build, kept for the next one
    kept: build_cache.Kept | None = None  # what the cache held, checked
    built: dict[str, str] = field(default_factory=dict)  # what the last build wrote: dest_uri → digest
    dest: dict[str, str] = field(default_factory=dict)  # src_uri → dest_uri of generated pages
    written: dict[str, str] = field(default_factory=dict)  # outputs written: path → digest
    outputs_new: list[str] = field(default_factory=list)  # the outputs this build wrote (not kept as they were)
    layout_key: str = ""  # digest of what every page's frame depends on
    asset_names: dict[str, str] = field(default_factory=dict)  # asset → its hashed name, planned (plan_assets)
    pages_written: set[str] = field(default_factory=set)  # pages the core wrote itself (write_pages): dest paths
    pages_mine: list[str] = field(default_factory=list)  # those this process wrote, with the outputs' child beside
    started: float = 0.0  # when this build began writing (older files are the cache's)
    taken: bool = False  # a build from the cache: what the last build left is decided (take_cache)
    all_dests: set[str] = field(default_factory=set)  # every file the host writes or keeps
    kept_dests: set[str] = field(default_factory=set)  # pages the last build wrote as they are now
    catalog: Catalog | None = None
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    outputs: Background | None = None
    writer: threading.Thread | None = None  # serve: writes the outputs after the pages
    # what the process remembers between builds (memory.py): kept by `serve` and `build --cache`
    memory: Memory = field(default_factory=lambda: MEMORY)

    @classmethod
    def start(cls, serving: bool, cache: Path | None) -> BuildState:
        """A new build: `serve` (rebuilds keep what did not change), or `build` with or without a cache."""
        state = cls(serving=serving, cache=cache)
        state.memory.keep(serving or cache is not None)
        if cache is not None:
            state._read_cache(cache)
        return state

    def _read_cache(self, folder: Path) -> None:
        """A build with a cache knows only what its cache holds, checked whole (build_cache.py); a
        cache that cannot be used is set aside with one line, and the build starts from nothing."""
        self.memory.forget()  # what an earlier build in this process rendered (tests build many portals in one)
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

    def wait_for_writer(self) -> None:
        if self.writer is not None:
            self.writer.join()  # serve: the previous build's outputs, if still being written

    def unchanged(self, dest_uri: str, page: RenderedPage) -> bool:
        """Serve, or a build with a cache: the last build wrote this very page (a one-shot build
        writes everything)."""
        return (self.serving or self.cache is not None) and self.built.get(dest_uri) == page.digest()

    def host_writes(self, dest_uri: str, page: RenderedPage) -> bool:
        """Whether the host must write this page: neither kept from the last build nor written by the core."""
        return not self.unchanged(dest_uri, page) and dest_uri not in self.pages_written


def generate_site(settings: Settings, state: BuildState, preview: bool, own_folder: bool = False) -> list[Problem]:
    """The catalog and every page, on the state; the warnings of both (ContentError on a mistake).
    `own_folder`: the host leaves the site's folder as it is, so a build from the cache can take the
    cached folder once the catalog is loaded and start its outputs beside the rendering (they need
    the catalog and the pages' conversions, which the cache's memos hold; a build that renders
    every page starts them after, when the rendering has made the conversions)."""
    today = build_date(settings.build_date)
    pin_build_time(today)
    state.outputs, state.taken = None, False  # this build's (a host may keep the state from an earlier one)

    def loaded(catalog: Catalog) -> None:
        state.catalog = catalog
        if own_folder and state.cache is not None:
            take_cache(settings, state)
            if state.built:
                size_memos(len(catalog.by_id))  # as render_site will, for the child forked now
                start_outputs(settings, state, now=True)

    state.catalog, state.pages, rendering = generate(settings.paths, today, preview, loaded)
    return [*state.catalog.warnings, *rendering]


def layout_key(settings: Settings, state: BuildState, with_assets: bool = False) -> str:
    """Digest of what frames every page: mkdocs.yml, templates/, the hand-written pages (and, for a
    cached build, content/assets/, whose fingerprints every page names)."""
    assert state.catalog is not None
    paths = settings.paths
    assets = tree(paths.root / paths.docs_dir / "assets") if with_assets else []
    return hash_of((settings.config_file.read_bytes(), tree(paths.root / paths.templates),
                    sorted((r.src_uri, r.title) for r in state.catalog.pages), assets, settings.outputs.site_url))


def plan_assets(settings: Settings, state: BuildState, static: dict[str, Callable[[], bytes]]) -> dict[str, str]:
    """The hashed names the release will give the assets the host copies (`static`: site path → its
    bytes), known before any page is rendered, so that pages name them from the start and the release
    rewrites none of them (outputs/release.py: plan). None where there is no release (`serve`).
    Called as the host starts writing pages."""
    mark("MkDocs writes pages")
    state.asset_names = {}
    if settings.release and not state.serving:
        state.asset_names, _ = plan(fingerprintable(sorted(static)), lambda rel: static[rel]())
    return state.asset_names


def write_pages(settings: Settings, state: BuildState, uris: list[str], frame: Callable[[str], str],
                done: Callable[[], None] | None = None) -> None:
    """Write generated pages in the host's frame (`frame(src_uri)`: the page's whole HTML, as the host
    would write it), instead of the host, page by page: a large portal's on both cores when the
    second is free. A page kept from the last build is not written. `done()` is called in each
    process that wrote pages, once it has written its share (its counts for the bench).
    The host is told which pages it need not write (`host_writes`)."""
    site = settings.site_dir
    stage = None if state.serving else staging(site)

    def write(src_uri: str) -> str | None:
        dest, page = state.dest[src_uri], state.pages[src_uri]
        if state.unchanged(dest, page):
            return None
        html = frame(src_uri)
        if not html.strip():  # as MkDocs does: an empty page is not written
            return None
        path = site / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new(path, html.encode("utf-8", errors="xmlcharrefreplace"), stage)
        return dest

    # Where the feeds and the index are written beside the pages (a portal of 10,000 items), their
    # child started as soon as the pages were rendered, or the catalog loaded in a build from the
    # cache (start_outputs), and this process writes every
    # page. Where they wait for the pages (100,000 items, for memory), a second writer shares the
    # writing, if the budget holds it (the child copies what it reads).
    outputs = state.outputs
    if outputs is not None and outputs.proc is not None:
        state.pages_mine = [d for d in (write(u) for u in uris) if d]
        if done is not None:
            done()
        state.pages_written = set(state.pages_mine)
        return
    fork = (outputs is None or not outputs.forks) and resident_mb() * 1.5 <= settings.memory_mb
    written, _ = shared_map(write, uris, done) if fork else ([write(u) for u in uris], None)
    if done is not None:
        done()
    state.pages_written = {d for d in written if d}


def prepare(settings: Settings, state: BuildState) -> bool:
    """Serve: when what frames every page changed, nothing the last build wrote is kept (the caller
    empties the served folder: True). A cached build starts from the cache when nothing that frames
    every page changed, otherwise from nothing."""
    if state.serving:
        key = layout_key(settings, state)
        if key == state.layout_key:
            return False
        state.built, state.written, state.layout_key = {}, {}, key
        return True
    take_cache(settings, state)
    return False


def take_cache(settings: Settings, state: BuildState) -> None:
    """A build from the cache, once: it starts from the cache when nothing that frames every page
    changed, otherwise from nothing; the cached folder becomes this build's (moved, not copied: its
    files are linked to the live site's, and the build writes every file it changes as a new one,
    release.write_new). The cache gives up this generation; a build that fails leaves the next one
    to start from nothing."""
    if state.cache is None or state.taken:
        return
    state.taken = True
    key = layout_key(settings, state, with_assets=True)
    if key != state.layout_key or state.kept is None:
        state.built, state.written, state.dest = {}, {}, {}
    state.layout_key = key
    state.started = time.time()
    if not state.built:
        return
    source, site = state.cache / "current" / "site", settings.site_dir
    os.rmdir(site)  # the empty folder the build was given
    try:
        os.rename(source, site)
    except OSError as exc:  # the cache on another disk than the site, say: every page is written
        os.mkdir(site)
        print(build_cache.not_moved(source, exc).format(), file=sys.stderr)
        state.built, state.written = {}, {}


def hand_over(state: BuildState, in_nav: set[str]) -> Iterator[tuple[str, RenderedPage, bool]]:
    """(src_uri, page, named in the navigation) of each page the host must be given. A `serve`
    rebuild skips the pages the last build wrote as they are now (not those of the navigation,
    whose Page the host makes itself); a build from the cache hands them over all the same, so
    hand-written pages' links to them resolve exactly as in a build from nothing."""
    state.kept_dests = set()
    for src_uri, page in state.pages.items():
        dest = state.dest.get(src_uri)
        if dest and state.unchanged(dest, page):
            state.kept_dests.add(dest)
            if src_uri not in in_nav and state.serving:
                continue
        yield src_uri, page, src_uri in in_nav


def restore_cache(settings: Settings, state: BuildState, others: set[str]) -> None:
    """The last build's folder becomes this build's (`take_cache`, if not yet done). Removed from it:
    pages that changed and what the host writes on every build or copies in place (`others`:
    hand-written pages, the theme's files; and the sitemap), written anew."""
    take_cache(settings, state)
    if state.cache is None or not state.built:
        return
    site = settings.site_dir
    anew = {state.dest[u] for u in state.pages if u in state.dest and state.dest[u] not in state.kept_dests}
    anew |= others | {"sitemap.xml"}
    for rel in anew:
        for suffix in ("", ".gz", ".br"):
            (site / f"{rel}{suffix}").unlink(missing_ok=True)


def start_outputs(settings: Settings, state: BuildState, now: bool) -> None:
    """Feeds, calendars, the index and the rest need only the catalog and the pages' conversions. On
    a large portal a child process on the second core writes them: `now`, from the moment the pages
    are rendered (where the core writes the pages, this process is otherwise alone at work while
    MkDocs reads them and they are written), else after the pages (a host that empties the site's
    folder after on_config). Where a second copy of the build would not fit in the memory it is
    given, and on a small portal, this process writes them after the pages (`finish`). In `serve`, a
    thread writes them after the pages. A build from the cache writes them in this process, unless it
    started from the cached folder (`generate_site`): then a child sends back what it wrote and which
    memos it used or added (memory.py), part of the cache. Started once."""
    if state.serving or state.outputs is not None:
        return
    if state.cache is None:
        state.outputs = Background(lambda: write_outputs(settings, state), len(state.pages), settings.memory_mb,
                                   start=now)
        return
    marked = MEMORY.mark()
    size = len(state.catalog.by_id) if state.built and state.catalog is not None else 0
    state.outputs = Background(lambda: write_outputs(settings, state), size, settings.memory_mb, start=now,
                               reply=lambda: (state.written, MEMORY.since(marked), state.outputs_new))


def output_files(cat: Catalog, settings: OutputSettings) -> Iterator[tuple[str, bytes]]:
    """Every output of the registry, one kind at a time, each file as it comes: at 100,000 items all
    of them at once would take gigabytes."""
    for make in OUTPUTS.values():
        yield from make(cat, settings)


def write_outputs(settings: Settings, state: BuildState) -> None:
    mark("feeds, calendars, index, data")
    assert state.catalog is not None
    incremental = state.serving or state.cache is not None
    stage = None if state.serving else staging(settings.site_dir)
    made: set[str] = set()
    state.outputs_new = []
    for rel, data in output_files(state.catalog, settings.outputs):
        made.add(rel)
        # Serve, or a build from the cache: the folder holds the last build, so skip what the last
        # writer wrote already (its file, maybe fingerprinted and compressed, stays).
        digest = hash_of(data) if incremental else None
        if digest is not None and state.written.get(rel) == digest:
            continue
        path = settings.site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new(path, data, stage)
        state.outputs_new.append(rel)
        if digest is not None:
            state.written[rel] = digest
    if state.cache is not None:  # what this build has, and nothing it no longer has
        state.written = {rel: state.written[rel] for rel in made}
    mark("feeds, calendars, index, data done")
    KEPT.note()
    template_store.note()


def finish(settings: Settings, state: BuildState) -> None:
    """After the host wrote the pages: the sitemap of the whole portal (a `serve` rebuild hands the
    host only the changed pages), then the outputs, stale files, release and cache of a build; in
    `serve`, the pages of deleted items removed and the outputs written by a thread."""
    cat = state.catalog
    assert cat is not None
    urls = [*(page_url(u) for u in state.pages), *(page_url(rec.src_uri) for rec in cat.pages)]
    for rel, data in site_map_files(cat, settings.outputs.site_url, urls).items():
        write_new(settings.site_dir / rel, data)
    if not state.serving:
        assert state.outputs is not None
        early = None
        if settings.release and state.outputs.running():
            # The child still writes the feeds and index: meanwhile, this process compresses its pages
            mark("compress pages while the feeds and index are written")
            early = compress_while(settings.site_dir, state.pages_mine, settings.compress_store, state.outputs.running,
                                   references=state.asset_names)
        mark("wait for feeds and index")
        walked = None
        if state.cache is not None and state.outputs.running():
            # Meanwhile, the site as it is: every file but the child's, which it names in its reply
            # (`_drop_stale`; the folder it stages them in passed over)
            mark("walk the site while the feeds and index are written")
            walked = walk_files(settings.site_dir, skip=STAGE)
        reply = state.outputs.wait()
        late = None
        if reply is not None:  # a build from the cache: what its outputs wrote, the memos they used
            state.written, late = reply[0], reply[2]
            MEMORY.take(reply[1])
        unstage(settings.site_dir)
        written = None
        if state.cache is not None:
            written = _drop_stale(settings, state, urls, walked if late is not None else None, late or ())
        if settings.release:
            mark("fingerprint and compress")
            # fingerprints and precompressed copies, for a CDN
            done = release(settings.site_dir, since=state.started, store=settings.compress_store,
                           planned=state.asset_names, early=early, found=written)
            note("compressed", done.compressed)
            note("reused from the store", done.reused)
        KEPT.note()
        template_store.note()
        KEPT.expire()
        mark("swap the new build in")  # then the cache, from the build it replaced (keep_cache)
        return
    now = {state.dest[u]: p.digest() for u, p in state.pages.items()}
    for gone in set(state.built) - set(now):  # an item deleted or hidden since the last build
        (settings.site_dir / gone).unlink(missing_ok=True)
    state.built = now
    # The browser reloads the changed pages now; feeds and the index follow a second or two later
    # (their inputs are cached, unchanged files are not rewritten). The next build waits for it.
    state.writer = threading.Thread(target=write_outputs, args=(settings, state), daemon=True)
    state.writer.start()


def _drop_stale(settings: Settings, state: BuildState, urls: list[str],
                walked: list[tuple[str, os.stat_result]] | None = None, late: Iterable[str] = ()) -> list[str]:
    """A build from the cache: remove what the last build had and this one does not (a page of a
    deleted item, a feed, a search shard), i.e. every file this build neither wrote nor kept. Gives
    the files this build wrote, found on the same walk (the release takes them). `walked`: that walk,
    made while the outputs' child still wrote (`finish`: time the build would otherwise spend
    waiting for it), then `late`, the files the child wrote, are this build's too (a file it
    replaced after the walk passed it was seen old, and is kept: its output is this build's)."""
    site = settings.site_dir
    keep = {state.dest[u] for u in state.pages if u in state.dest} | set(state.written) | state.all_dests
    keep |= {"sitemap.xml", "sitemap.xml.gz", "robots.txt"} | {f"{u}sitemap.xml" for u in urls}
    late = set(late)
    written = sorted(late)
    for rel, st in walk_files(site) if walked is None else walked:
        if rel in late:
            continue
        if st.st_mtime >= state.started:
            written.append(rel)
            continue
        base = rel.removesuffix(".gz").removesuffix(".br")
        if base not in keep and not HASHED.match(base):
            os.unlink(site / rel)
    return written


def keep_cache(settings: Settings, state: BuildState, site: Path, replaced: Path | None,
               made: tuple[int, int] | None = None) -> None:
    """Once the new site is in place (`site`; `made`, the device and inode of the folder this build
    made, which `site` must still be): a build with `--cache` keeps the build, its page digests and
    render cache in the cache folder for the next build (build_cache.py). `replaced`, the build the
    new one replaced, moved aside, becomes the cache's copy of the site: most of its files are the new
    build's very files (linked from the cache it started from), so it is brought up to date rather
    than made again; it is removed otherwise. The site is published by then: whatever goes wrong here
    costs the next build its speed, never this build its success (one line says so, the build exits 0)."""
    if state.cache is None:
        if replaced is not None:
            remove_later(replaced)
        return
    mark("save the cache")
    state.built = {state.dest[u]: p.digest() for u, p in state.pages.items() if u in state.dest}
    known = state.kept.known if state.kept is not None else {}
    try:
        build_cache.write(state.cache, site,
                          build_cache.Kept(state.layout_key, state.built, state.dest, state.written, known),
                          settings.memory_mb, replaced, made)
    except Exception as exc:  # noqa: BLE001 - the site is live: one line, never a traceback
        print(build_cache.unwritable(state.cache, exc).format(), file=sys.stderr)
        if replaced is not None and replaced.exists():
            remove_later(replaced)

