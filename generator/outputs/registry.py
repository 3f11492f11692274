"""Every file the site serves beside its pages, made from the catalog: one registry the build walks
(generator/build.py `output_files`), one kind of output at a time.

Each output is a pure function of the catalog and the build's settings: it returns (site-relative
path, bytes) pairs and writes nothing. The sitemap (outputs/sitemap.py) is made after the pages,
from their addresses, and the release step (outputs/release.py) fingerprints and compresses the
finished folder: both are steps of the build, not entries here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.entries import Catalog
from generator.outputs.calendars import render_calendars
from generator.outputs.charts import chart_files
from generator.outputs.editor import editor_files
from generator.outputs.feeds import render_feeds
from generator.outputs.images import image_files
from generator.outputs.opendata import open_data_files
from generator.outputs.redirect_pages import redirect_files
from generator.outputs.search import search_files


@dataclass
class OutputSettings:
    """What the outputs need besides the catalog (mkdocs.yml, through the adapter)."""

    site_url: str
    feed_limit: int = 50
    editor_backend: dict[str, Any] = field(default_factory=dict)  # Decap CMS's `backend` (outputs/editor.py)
    editor_proxy: str | None = None
    editor_workflow: bool = False
    logo: Path | None = None  # the agency's logo, shown on the editor's sign-in page
    identity_files: dict[str, bytes] = field(default_factory=dict)  # icons and manifest (outputs/identity.py)


Output = Callable[[Catalog, OutputSettings], Iterable[tuple[str, bytes]]]

# name → the function making that output's files, in the order they are written.
OUTPUTS: dict[str, Output] = {
    "feeds": lambda cat, s: render_feeds(cat, s.site_url, s.feed_limit).items(),
    "calendars": lambda cat, s: render_calendars(cat, s.site_url).items(),
    "search index": lambda cat, s: search_files(cat),  # written file by file: at 100,000 items it is large
    "charts": lambda cat, s: chart_files(cat).items(),
    "image variants": lambda cat, s: image_files(cat).items(),
    "open data": lambda cat, s: open_data_files(cat, s.site_url).items(),
    "icons": lambda cat, s: s.identity_files.items(),
    "redirect pages": lambda cat, s: redirect_files(cat, s.site_url).items(),
    "web editor": lambda cat, s: editor_files(cat, s.editor_backend, s.editor_proxy, s.editor_workflow, s.site_url,
                                              s.logo).items(),
}
