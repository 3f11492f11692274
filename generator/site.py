"""The whole pipeline as one function: load → validate → catalog → render.

It gathers everything before anything is written, and raises one ContentError carrying every
problem found in any stage. Warnings (e.g. a link to a hidden item) travel on the catalog.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import Catalog, build_catalog
from generator.content import load_site
from generator.errors import ContentError, problem
from generator.render import RenderedPage, render_site

ICT = dt.timezone(dt.timedelta(hours=7))


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


def _fingerprint(paths: Paths) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every input file: a changed file means a new catalog."""
    out = []
    for folder in (paths.data_dir, paths.docs_dir):
        for dirpath, _, names in os.walk(paths.root / folder):
            for name in names:
                st = os.stat(os.path.join(dirpath, name))
                out.append((os.path.join(dirpath, name), st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


_LAST: dict[tuple, Catalog] = {}


def load_catalog(paths: Paths, today: dt.date, preview: bool = False) -> Catalog:
    """The validated catalog; reused within one process while no input file changed (the CLI checks
    before MkDocs starts, then the plugin asks again)."""
    key = (paths.root, paths.data_dir, paths.docs_dir, today, preview, _fingerprint(paths))
    if key in _LAST:
        return _LAST[key]
    raw, problems = load_site(paths.root, paths.data_dir, paths.docs_dir)
    catalog, more = build_catalog(raw, today, paths.root / paths.docs_dir, preview)
    if problems or more:
        raise ContentError(problems + more)
    _LAST.clear()
    _LAST[key] = catalog
    return catalog


def generate(paths: Paths, today: dt.date, preview: bool = False) -> tuple[Catalog, dict[str, RenderedPage]]:
    catalog = load_catalog(paths, today, preview)
    return catalog, render_site(catalog, paths.root / paths.templates)
