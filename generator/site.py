"""The core's entry points, shared by the command line (cli.py) and the MkDocs plugin (plugin.py).

- `load_catalog`: read and validate every file of site_data/ and content/ (content.py), check the
  interface translations (i18n.py, po.py), and build the catalog (catalog.py). Every problem of
  those stages is gathered into one ContentError; warnings (e.g. a link to a hidden item) travel
  on the catalog (`warnings`). Within one process the last catalog is reused while no input file's
  digest changed (`check`/`build` validate before MkDocs starts, then the plugin asks again).
- `generate`: that catalog, every generated page rendered from it (pages/render.py,
  `{src_uri: RenderedPage}`) and the warnings rendering gave (links to hidden items); a template
  mistake is Jinja's own error (the CLI names its file and line). The collector is held off while
  loading and the loaded heap frozen while rendering.
- `build_date` (an option, KHUYENCONG_BUILD_DATE, or today in Vietnam), `pin_build_time` (MkDocs'
  SOURCE_DATE_EPOCH set from it), `preview_mode` (drafts shown: KHUYENCONG_PREVIEW, set by
  `serve --drafts`), and `Paths`, where the inputs are.

Nothing here writes a file: build.py writes the outputs, MkDocs the pages.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.entries import Catalog
from generator.catalog import build_catalog
from generator.content import load_site
from generator.errors import ContentError, Problem, problem
from generator.history import attach as attach_history, read_history, repo_state
from generator.i18n import catalogue_problems
from generator.markup import page_url
from generator.moves import find_moves
from generator.review import overdue_warnings, reviews
from generator.pages.render import RenderedPage, render_site
from generator.memory import MEMORY
from generator.stages import mark
from generator.text import ICT

def build_date(value: str | dt.date | None = None) -> dt.date:
    """The date the site is built 'as of': an option, KHUYENCONG_BUILD_DATE, or today in Vietnam."""
    value = value or os.environ.get("KHUYENCONG_BUILD_DATE")
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ContentError([problem("KHUYENCONG_BUILD_DATE", 0, 0, "", "bad_date", value=value)]) from None
    return dt.datetime.now(ICT).date()


def pin_build_time(today: dt.date) -> None:
    """Make MkDocs stamp the build date, not the clock (sitemap dates, gzip headers), so two
    builds of one commit with one build date are byte-identical."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(today, dt.time(), ICT).timestamp()))


def preview_mode() -> bool:
    return os.environ.get("KHUYENCONG_PREVIEW") == "1"


@dataclass
class Paths:
    root: Path
    data_dir: str = "site_data"
    docs_dir: str = "content"
    templates: str = "templates"




def load_catalog(paths: Paths, today: dt.date, preview: bool = False) -> Catalog:
    """The validated catalog; reused within one process while no input file changed (the CLI checks
    before MkDocs starts, then the plugin asks again). Reading is cached file by file (content.py).
    Loading allocates a large, long-lived heap and makes no cycle worth collecting: the collector is
    off meanwhile (on, it walked the growing heap again at each quarter it grew, seven times at
    10,000 items: 3.0–3.4 s of loading instead of 1.9–2.2 s), and as it was after."""
    was_on = gc.isenabled()
    try:
        gc.disable()
        return _load_catalog(paths, today, preview)
    finally:
        if was_on:
            gc.enable()


def _load_catalog(paths: Paths, today: dt.date, preview: bool) -> Catalog:
    raw, problems = load_site(paths.root, paths.data_dir, paths.docs_dir)
    # the interface translations, before any page uses them
    problems += catalogue_problems(paths.root / paths.templates)
    state = repo_state(paths.root)  # a commit changes pages (their history) without changing a file
    key = (paths.root, paths.data_dir, paths.docs_dir, today, preview, tuple(raw.digests), state)
    if key in MEMORY.catalogs and not problems:
        return MEMORY.catalogs[key]
    catalog, more = build_catalog(raw, today, paths.root / paths.docs_dir, preview)
    if problems or more:
        raise ContentError(problems + more)
    mark("history from Git")
    # one `git log`, and one `git cat-file` for earlier versions (history.py); `serve` and `build
    # --cache` keep it while HEAD stays where it is
    repo = MEMORY.histories.get((paths.root, state)) or read_history(paths.root, state)
    MEMORY.histories.clear()
    if MEMORY.keep_memos:
        MEMORY.histories[(paths.root, state)] = repo
    catalog.history_missing = repo.missing
    attach_history(catalog, repo, catalog.by_id.values())
    live = {e.url for e in catalog.by_id.values() if e.url} | {page_url(rec.src_uri) for rec in catalog.pages}
    catalog.moved = find_moves(catalog, repo, live)
    catalog.reviews = reviews(catalog)  # review.py: due, overdue, expired on the build date
    catalog.warnings += overdue_warnings(catalog, catalog.reviews)
    mark("load and check: done")
    MEMORY.catalogs.clear()
    MEMORY.catalogs[key] = catalog
    return catalog


def generate(paths: Paths, today: dt.date, preview: bool = False,
             loaded: Callable[[Catalog], None] | None = None) -> tuple[Catalog, dict[str, RenderedPage], list[Problem]]:
    """The catalog and every page; `loaded(catalog)` is called between the two (a build from the
    cache starts its outputs there: build.py)."""
    # Loading turns the collector off (load_catalog). Rendering makes short-lived cycles (Jinja's
    # contexts), which must be collected as they go or they pile up (about 300 MB at 10,000 items):
    # the loaded heap is frozen out of the collector's sight first, so each collection walks only
    # what rendering made.
    try:
        catalog = load_catalog(paths, today, preview)
        gc.freeze()
        gc.enable()
        if loaded is not None:  # a process forked there collects only what it makes, as rendering does
            loaded(catalog)
        mark("render pages")
        pages, warnings = render_site(catalog, paths.root / paths.templates)
        return catalog, pages, warnings
    finally:
        gc.unfreeze()  # `serve` builds again: the old catalog must remain collectable
        gc.enable()
