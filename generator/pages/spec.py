"""What a page module returns: which template renders which address, with what (no rendering here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Paging:
    """A list cut into pages (generator/paging.py): each page gets its part as `key`."""

    items: list[Any]
    key: str = "entries"
    segment: str = "trang"  # the address part before the page number: /trang/2/ (English: /page/2/)
    cache: bool = False  # reuse the last rendering of a page whose part did not change (`serve`, `build --cache`)


@dataclass
class PageSpec:
    """One page (or, with `paging`, one list of pages) for the engine to render.

    `uri` is the page's source name (`ho-tro/index.md`); for a paged list, the base the pages' names
    are made from (`de-an/tien-do` → `de-an/tien-do/index.md`, `de-an/tien-do/trang/2.md`, …)."""

    uri: str
    template: str
    url: str
    title: str
    description: str
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    paging: Paging | None = None
