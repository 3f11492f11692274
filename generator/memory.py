"""What a process remembers from one build to the next, in one place.

`serve` builds again after every edit and `build --cache` starts from the last build: both redo
only what changed because the process remembers, by the digest of their inputs, what it read
(content.py), converted (the memos: Markdown, search terms and result files, calendar entries,
pictures examined),
rendered (pages/render.py), drawn (outputs/charts.py) and encoded (outputs/images.py), and the last
catalog (site.py). All of it is held here, by the one `Memory` of the process, which the build's
state controls (`BuildState.start`: kept between builds or not, forgotten) and the build cache saves
and fills again (build_cache.py). A one-shot build keeps no rendered page and no memo.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def machine_cache() -> Path:
    """This machine's cache folder for the generator: `$XDG_CACHE_HOME/khuyencong`, by default
    `~/.cache/khuyencong` (the stores of compressed copies and of Markdown conversions live under it)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "khuyencong"


def digest_of(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Memo:
    """Results by the digest of their input, kept for the process (`serve` builds again after each
    edit) and saved with the render cache by `build --cache` (generator/build_cache.py), which keeps
    only what the build used: a memo does not grow from one CI run to the next. The cache holds
    plain data only: `encode` turns a value into JSON's types, `decode` turns it back and raises
    TypeError or ValueError on anything of another shape (the default codec: text)."""

    def __init__(self, owner: Memory, encode: Callable[[Any], Any] | None = None,
                 decode: Callable[[Any], Any] | None = None) -> None:
        self.owner = owner
        self.data: dict[bytes, Any] = {}
        self.used: set[bytes] = set()
        self.encode = encode or _text
        self.decode = decode or _text

    def get(self, key: bytes) -> Any:
        found = self.data.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: bytes, value: Any) -> Any:
        if self.owner.keep_memos:
            self.data[key] = value
            self.used.add(key)
        return value

    def through(self, source: str | Callable[[], str], compute: Callable[[], Any]) -> Any:
        """compute(), kept by the digest of `source` (a text, or what a function returns) when
        memos are kept; when they are not (a one-shot build), no digest is computed."""
        if not self.owner.keep_memos:
            return compute()
        key = digest_of(source if isinstance(source, str) else source())
        found = self.get(key)
        return self.put(key, compute()) if found is None else found

    def used_part(self) -> dict[bytes, Any]:
        return {k: self.data[k] for k in self.used if k in self.data}


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


class Memory:
    """Everything the process remembers between builds (see the module's description)."""

    def __init__(self) -> None:
        self.keep_memos = True  # off for a one-shot build: nothing is asked twice, and 100,000 items'
        # memos would take hundreds of megabytes
        self.keep_pages = False  # rendered pages are kept by `serve` and `build --cache` only
        self.memos: dict[str, Memo] = {}
        self.renders: dict[str, tuple[str, Any, list[Any]]] = {}  # src_uri → (inputs' digest, page, warnings)
        self.files: dict[Path, tuple[Any, ...]] = {}  # content.py: each file read, by its status and bytes
        self.catalogs: dict[tuple[Any, ...], Any] = {}  # site.py: the last catalog, by its inputs
        # site.py: the repository's history (history.py RepoHistory) by the portal's folder and the
        # repository's state (HEAD): an edit in `serve` changes files, not commits
        self.histories: dict[tuple[Any, ...], Any] = {}
        self.webp: dict[str, bytes] = {}  # outputs/images.py: variant address → WebP bytes
        self.drawings: dict[str, str] = {}  # outputs/charts.py: a chart's drawing by its specification

    def memo(self, name: str, encode: Callable[[Any], Any] | None = None,
             decode: Callable[[Any], Any] | None = None) -> Memo:
        """The memo of that name; `encode` and `decode` as Memo takes them, for values other than text."""
        return self.memos.setdefault(name, Memo(self, encode, decode))

    def keep(self, on: bool) -> None:
        """Kept between builds (`serve`, `build --cache`) or not (a one-shot build)."""
        self.keep_memos = self.keep_pages = on
        if not on:
            self.forget()

    def mark(self) -> dict[str, int]:
        """How many results each memo holds now: a child process forked here sends back what it
        added after (`since`), and what it used."""
        return {name: len(m.data) for name, m in self.memos.items()}

    def since(self, marked: dict[str, int]) -> dict[str, tuple[set[bytes], dict[bytes, Any]]]:
        """Per memo: the keys used, and the results added since `marked` (a dict keeps its order of
        insertion, and a memo only grows within a build)."""
        return {name: (m.used, dict(itertools.islice(m.data.items(), marked.get(name, 0), None)))
                for name, m in self.memos.items()}

    def take(self, changes: dict[str, tuple[set[bytes], dict[bytes, Any]]]) -> None:
        """What a child process used and added (`since`), as if this process had done it."""
        for name, (used, added) in changes.items():
            memo = self.memos.get(name)
            if memo is not None and self.keep_memos:
                memo.data.update(added)
                memo.used |= used

    def forget(self) -> None:
        """Nothing rendered or converted before is known: a build with a cache knows only what its
        cache holds."""
        self.renders.clear()
        self.histories.clear()
        for m in self.memos.values():
            m.data.clear()
            m.used.clear()


MEMORY = Memory()
