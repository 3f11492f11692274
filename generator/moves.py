"""Old addresses kept alive: each item's earlier addresses, read from Git (a renamed file, a changed
`id` or `slug`, or a changed field its address is made from), with the `aliases:` the catalog took.

An address moves when what it is made from changes: a news item's `slug` or file name, another
item's `id` or else its name, title or number (catalog.py). Each earlier version of the item's file
(history.old_paths, read in one `git cat-file --batch`) gives the address it had; every one that no
page holds now leads to the item's address today. outputs/servers.py writes them as 301s for nginx
and Caddy, outputs/redirect_pages.py as small pages for a bucket.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from generator.entries import SECTIONS, Catalog
from generator.history import RepoHistory, old_paths
from generator.text import slugify_short

# The field an item's address is made from when it has no `id` (catalog.py's adders).
ADDRESS_FIELD = {"product": "name", "project": "title", "legal": "number", "event": "title"}


def old_address(kind: str, data: Any, path: str) -> str | None:
    """The address an item of `kind` had in a version whose data was `data`, at `path`."""
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    item = data if isinstance(data, dict) else {}
    if kind == "news":
        ident = str(item.get("slug") or "") or slugify_short(PurePosixPath(path).stem)
    elif kind in ADDRESS_FIELD:
        ident = str(item.get("id") or "") or slugify_short(str(item.get(ADDRESS_FIELD[kind]) or ""))
    else:
        return None
    return f"{SECTIONS[kind][0]}/{ident}/" if ident else None


def find_moves(cat: Catalog, repo: RepoHistory, live: set[str]) -> dict[str, str]:
    """Old address → new, site-relative: the catalog's aliases, then what Git's history gives."""
    moved = dict(cat.moved)
    if repo.available:
        for e in cat.by_id.values():
            if (e.kind != "news" and e.kind not in ADDRESS_FIELD) or not e.url or len(e.origin.base) > 1:
                continue
            for path, data in old_paths(repo, e.origin.rel):
                old = old_address(e.kind, data, path)
                if old and old != e.url and old not in live and old not in moved:
                    moved[old] = e.url
    return dict(sorted(moved.items()))
