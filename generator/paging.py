"""Long lists cut into pages of a fixed size, with a pager of a fixed size: no listing, province,
topic or progress page grows with the portal (issue 17: sound at 100,000 items)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 30  # items per listing page


@dataclass(frozen=True)
class Part:
    """One page of a paginated list: its number, address, entries, and the pager it shows."""

    n: int
    pages: int
    uri: str
    url: str
    entries: list[Any]
    pager: list[tuple[int | None, str]]


def paginate(base_uri: str, base_url: str, entries: list[Any], size: int = PAGE_SIZE,
             segment: str = "trang") -> list[Part]:
    """`entries` cut into pages of `size`: base/ then base/<segment>/2/, … (at least one page, empty
    or not). What any page holds, its pager included, stays the same size however long the list."""
    pages = max(1, math.ceil(len(entries) / size))
    def url(n: int) -> str:
        return base_url if n == 1 else f"{base_url}{segment}/{n}/"
    return [Part(n, pages, f"{base_uri}/index.md" if n == 1 else f"{base_uri}/{segment}/{n}.md", url(n),
                 entries[(n - 1) * size : n * size], [(i, url(i)) if i else (None, "") for i
                                                      in pager_numbers(n, pages)])
            for n in range(1, pages + 1)]


def pager_numbers(current: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager links: the first, the last, and those around the current one;
    None where numbers are left out (shown as "…"). 1 … 4 5 [6] 7 8 … 40."""
    shown = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    out: list[int | None] = []
    for i in shown:
        if out and i - (out[-1] or 0) > 1:
            out.append(None)
        out.append(i)
    return out
