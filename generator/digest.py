"""Content digests of catalog entries, so a process that renders again (`serve` after an edit)
re-renders only the pages whose inputs changed.

An item page's inputs are its entry, the entries it links to (titles, addresses, statuses), the
templates, the build date and the site-wide lists every page may name (provinces, topics,
organisations, hidden items). `Digests.site` covers the last group; `Digests.node` an entry with
its neighbours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.entries import Catalog, Entry


LONG = 64  # characters from which a string is pictured by its digest
_PLAIN = frozenset((int, float, bool, type(None), dt.date, dt.datetime))  # pictured by their repr, looked up first
_KEPT = _PLAIN | {str}  # Digests.of takes them as they are


def _shape(value: Any) -> Any:
    """A repr-able, deterministic picture of a value; another entry appears by identity and title.
    A long string (an item's converted body) by its digest: its repr, then the repr of the tuple
    holding it, escaped it twice over (0.45 s a process at 10,000 items, on every rebuild of `serve`)."""
    if type(value) in _PLAIN or type(value) is str and len(value) <= LONG:
        return repr(value)
    if isinstance(value, str) and len(value) > LONG:
        return "#" + hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    if isinstance(value, Entry):
        return ("entry", value.kind, value.id, value.title, value.url)
    if isinstance(value, BaseModel):
        return _model_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_shape(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return tuple((k, _shape(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_shape(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items)
    return repr(value)


# id(model) → (model, the digest of its JSON). Models of unchanged files are the same objects from
# one load to the next (content.py caches them), so their JSON is made and hashed once; holding the
# model keeps its id from being reused by another object.
_JSON: dict[int, tuple[BaseModel, str]] = {}


def _model_json(model: BaseModel) -> str:
    """The digest of a model's JSON (its fields, as the file gave them)."""
    hit = _JSON.get(id(model))
    if hit is None or hit[0] is not model:
        if len(_JSON) > 200_000:
            _JSON.clear()
        hit = _JSON[id(model)] = (model, hashlib.blake2b(model.model_dump_json().encode("utf-8"),
                                                         digest_size=16).hexdigest())
    return hit[1]


def hash_of(value: Any) -> str:
    if isinstance(value, bytes):
        return hashlib.blake2b(value, digest_size=16).hexdigest()
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def tree(folder: Path) -> list[tuple[str, str]]:
    """Every file of a folder by its path inside it and its content digest: the same in another
    checkout (a CI run restoring its build cache), unlike sizes and modification times."""
    out = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as fp:
                out.append((os.path.relpath(path, folder), hashlib.file_digest(fp, "blake2b").hexdigest()[:32]))
    return sorted(out)


def entry_digests(cat: Catalog) -> dict[int, str]:
    """The entries' own digests (`Digests.own`), kept with their catalog: an entry's fields, links
    and extras are set while the catalog is loaded, and ids are unique while the catalog lives. A
    catalog reused (the command line's check, then the build; `serve` while no file changed) is not
    digested again. (A template that reads a kind of link an entry lacks adds an empty list to its
    `links`, a defaultdict: a digest taken after that would differ, with the same page; one kept
    from the first look stays the same for every build of the catalog.)"""
    found = cat.__dict__.get("_entry_digests")
    if found is None:
        found = cat.__dict__["_entry_digests"] = {}
    return found


def warm(cat: Catalog, entries: Any = None) -> None:
    """These entries' own digests (every item's by default), computed now and kept with the
    catalog: `build --cache` does this while a child still reads the cache (build_cache.read_ahead),
    time the build would otherwise spend waiting for it; `render_site` before it forks its second
    renderer, which then starts with them."""
    own = entry_digests(cat)
    for e in ([*cat.products, *cat.projects, *cat.legal, *cat.news] if entries is None else entries):
        if id(e) not in own:
            own[id(e)] = _own_digest(e)


class Digests:
    def __init__(self, cat: Catalog, template_dir: Path, extra: Any = ()):
        self.cat = cat
        self._own = entry_digests(cat)
        self._node: dict[int, str] = {}
        shared = [*cat.provinces, *cat.topics, *cat.organisations, *cat.statistics]
        self.site = hash_of((tree(template_dir), cat.today.isoformat(), cat.preview, sorted(cat.hidden.items()),
                             [self.own(e) for e in shared], extra))

    def own(self, e: Entry) -> str:
        """The entry alone: its fields, provinces, computed extras (status, validity, body), and
        the identity and title of what it links to. Provinces by id and displayed name: their own
        content is in the site digest."""
        key = id(e)
        if key not in self._own:
            self._own[key] = _own_digest(e)
        return self._own[key]

    def node(self, e: Entry) -> str:
        """The entry and everything it links to, as its own page shows them."""
        key = id(e)
        if key not in self._node:
            near = [getattr(x, "other", x) for group in e.links.values() for x in group]
            near += [v for v in e.extra.values() if isinstance(v, Entry)]
            self._node[key] = hash_of((self.own(e), sorted(self.own(n) for n in near)))
        return self._node[key]

    def of(self, value: Any) -> Any:
        """Digest-shaped picture of a template context value (entries by digest). Lists and panels of
        plain values are the most of what pages pass (every list page's filters): those are taken
        as they are, without a call each."""
        kind = type(value)
        if kind in _KEPT:
            return value
        if kind is list or kind is tuple:
            return tuple(v if type(v) in _KEPT else self.of(v) for v in value)
        if isinstance(value, Entry):
            hit = self._own.get(id(value))
            return hit if hit is not None else self.own(value)
        if isinstance(value, dict):
            return tuple((k, v if type(v) in _KEPT else self.of(v)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return tuple(self.of(v) for v in value)
        if isinstance(value, (str, int, float, bool, type(None), dt.date)):
            return value
        return _shape(value)


def _own_digest(e: Entry) -> str:
    """`Digests.own`, computed."""
    h = hashlib.blake2b(digest_size=16)
    for part in (e.kind, e.id, e.title, e.url, str(e.date), _model_json(e.model),
                 *(f"{p.unit.id}|{p.display}" for p in e.provinces), repr(_shape(e.extra))):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    if e.kind not in ("province", "topic"):  # hubs link to thousands; their pages list them anyway
        h.update(repr(sorted((k, [_shape(x) for x in v]) for k, v in e.links.items())).encode("utf-8"))
    return h.hexdigest()
