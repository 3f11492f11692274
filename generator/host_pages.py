"""The generated pages as MkDocs sees them: a File and a Page whose HTML and metadata come from
the core's RenderedPage as they are (part of the MkDocs adapter, generator/plugin.py; MkDocs' public
classes only). MkDocs neither parses front matter nor runs Markdown for any of them.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.build import BuildState
from generator.pages.render import RenderedPage


class PortalFile(File):
    """A generated page. In `serve` (MkDocs dirty builds) it counts as modified only when its
    content differs from what the last build wrote, so an edit re-renders a handful of pages."""

    rendered: RenderedPage
    state: BuildState
    core_writes = False  # `build`: the core writes this page and no other plugin reads it

    def is_modified(self) -> bool:
        """Whether MkDocs reads and writes it. A page the core writes (core_writes) is neither
        read nor written by MkDocs: its HTML is the core's already, and no plugin waits for it."""
        return not self.core_writes and self.state.host_writes(self.dest_uri, self.rendered)


_META: list[Any] = [None, {}]  # the PortalPage whose metadata was last asked for, and that metadata


class PortalPage(Page):
    """A generated page as MkDocs sees it: its metadata and HTML come from the core as they are,
    so MkDocs neither parses front matter nor runs Markdown for each of them.

    MkDocs reads every page before it writes any, holding each page's content meanwhile (not those
    the core writes, when the portal's plugin is its only one: PortalFile.core_writes). A generated
    page's HTML stays compressed in its RenderedPage and is unpacked each time it is asked for. What
    a page_content plugin returns is assigned back: the very text handed out is not kept (it is the
    page's own), anything else (another plugin's change) is. on_post_page lets go of the text."""

    file: PortalFile
    kc_own: str | None = None  # content set by MkDocs or another plugin
    kc_handed: str | None = None  # the text last handed out
    kc_meta: dict[str, Any] | None = None  # metadata set by MkDocs or another plugin

    def __init__(self, title: str | None, file: File, config: Any) -> None:
        # MkDocs joins the site's address and the page's with urljoin, which took 0.7 s for 11,600
        # pages at 10,000 items: the page is made without the address, and the two are joined here
        super().__init__(title, file, _WithoutSiteUrl(config))
        self.canonical_url, self.abs_url = canonical(config.get("site_url"), self.url)
        self.kc_meta = None  # MkDocs assigned `{}` as it made the page: nothing assigned yet
        # as read_source and render leave them, for a page MkDocs does not read (PortalFile.core_writes)
        self.markdown, self.toc = "", get_toc([])

    def read_source(self, config: Any) -> None:
        self.markdown = ""

    # Its metadata too is made from the RenderedPage when asked, and held for the page last asked
    # for only: held for every page, it took some 500 MB at 100,000 items (the schema.org graph
    # unpacked, titles escaped), copied again by the second writer that reads it (issue 29). So a
    # plugin that changes a generated page's metadata must assign it (`page.meta = {...}`), which
    # is kept; a change made inside the dict handed out lasts until another page's is asked for.
    # (No plugin of the portal changes it: plugin.py's events leave generated pages' metadata alone.)
    @property
    def meta(self) -> dict[str, Any]:  # type: ignore[override]
        if self.kc_meta is not None or not hasattr(self.file, "rendered"):
            return self.kc_meta if self.kc_meta is not None else {}
        if _META[0] is not self:
            _META[:] = [self, self.file.rendered.meta()]
        return _META[1]

    @meta.setter
    def meta(self, value: dict[str, Any]) -> None:
        self.kc_meta = value

    def render(self, config: Any, files: Files) -> None:
        self.toc = get_toc([])

    @property
    def content(self) -> str | None:  # type: ignore[override]
        if self.kc_own is not None or not hasattr(self.file, "rendered"):
            return self.kc_own
        self.kc_handed = self.file.rendered.unpacked()
        return self.kc_handed

    @content.setter
    def content(self, value: str | None) -> None:
        self.kc_own = None if value is self.kc_handed else value
        self.kc_handed = None


class _WithoutSiteUrl:
    """The configuration as MkDocs' Page reads it, its `site_url` left out."""

    def __init__(self, config: Any) -> None:
        self.config = config

    def get(self, key: str, default: Any = None) -> Any:
        return None if key == "site_url" else self.config.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return None if key == "site_url" else self.config[key]


# A page address made of plain path segments (none of them "." or ".."; no query, fragment or scheme):
# joined to a base that ends with "/", it is the base followed by it, as urljoin would make it.
_PLAIN = re.compile(r"(?:[\w~-][\w.~%-]*/)*(?:[\w~-][\w.~%-]*)?\Z", re.ASCII)


@functools.lru_cache(maxsize=8)
def _base(site_url: str) -> tuple[str, str, bool]:
    """The base, its path, and whether a plain address is simply appended to it: not where it has a
    query or fragment, nor where urljoin would rewrite it (empty or dot segments, a scheme it does
    not join, such as ipfs:)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    parts = urlsplit(base)
    probe = "kc/x.html"
    plain = not parts.query and not parts.fragment and urljoin(base, probe) == base + probe \
        and urlsplit(base + probe).path == parts.path + probe
    return base, parts.path, plain


def canonical(site_url: str | None, url: str) -> tuple[str | None, str | None]:
    """A page's full address and its path (`canonical_url`, `abs_url`), as MkDocs' Page makes them."""
    if not site_url:
        return None, None
    base, path, plain_base = _base(site_url)
    if plain_base and _PLAIN.match(url):
        return base + url, path + url
    full = urljoin(base, url)
    return full, urlsplit(full).path
