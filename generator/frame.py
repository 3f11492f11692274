"""The page frame's navigation: the portal's sections, their pages, and where an address belongs.

The frame (templates/theme/base.html) shows the sections as tabs on a wide screen and as the menu
on phones and tablets, the current section's pages under the tabs, and marks where the reader is.
Generated pages are not in MkDocs' navigation, so "where the reader is" is found from the page's
address: the section whose page address is the longest prefix of it (a news item under
`tin-tuc/`, an answer under `ho-tro/`, a province's support levels under `muc-ho-tro/`).

The sections are plain values (`Link`), made once per build from the navigation of mkdocs.yml or
the English section's list, so nothing here depends on MkDocs' types.

A section's pages are listed only on the section's own pages (`listed`), where they are the row
under the tabs and, on a phone, the open section of the menu: everywhere else the section is its
tab, whose page leads to the others (Material's `navigation.prune`, GOV.UK's menu). Listing every
section's pages on every page cost 0.8 KB a page, 9 MB at 10,000 items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # from the site root, '' for the home page; a section's is its first page's
    children: tuple[Link, ...] = ()

    @property
    def pages(self) -> tuple[Link, ...]:
        """The pages a reader can open: the section's own, or the link itself."""
        return self.children or (self,)


def listed(section: Link, here: bool) -> bool:
    """Whether the navigation lists a section's pages: on the section's own pages only."""
    return here and len(section.children) > 1


@dataclass(frozen=True)
class Place:
    """Where an address sits in the sections: indexes, and whether it is the page itself."""

    section: int | None = None
    page: int | None = None
    exact: bool = False


def links_from(nav: Iterable[Any], url_of: Callable[[str], str]) -> tuple[Link, ...]:
    """Sections from a navigation as mkdocs.yml writes it: `{title: page}` or `{title: [entries]}`
    (a page as a file name, which `url_of` turns into its address, or a web address)."""
    out = []
    for entry in nav:
        title, value = next(iter(entry.items())) if isinstance(entry, dict) else ("", entry)
        if isinstance(value, list):
            children = links_from(value, url_of)
            out.append(Link(str(title), children[0].url if children else "", children))
        else:
            out.append(Link(str(title), value if "://" in str(value) else url_of(str(value))))
    return tuple(out)


def place(sections: tuple[Link, ...], url: str) -> Place:
    """The section and page of `sections` that `url` belongs to (longest address prefix)."""
    best: tuple[int, Place] = (-1, Place())
    for s, section in enumerate(sections):
        for p, page in enumerate(section.pages):
            if url == page.url:
                return Place(s, p, True)
            if page.url and "://" not in page.url and url.startswith(page.url) and len(page.url) > best[0]:
                best = (len(page.url), Place(s, p, False))
    return best[1]
