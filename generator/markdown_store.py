"""Markdown conversions kept between builds on this machine, so that a later build does not convert
an unchanged text again; and, beside them, what the search index reads from a text (its plain words,
a document's weighted terms) and the YAML documents parsed, which a later build does not work out
again either.

Python-Markdown took about 1 ms for a news item of 400 words, a third of the time spent rendering
pages at 10,000 items (PERFORMANCE.md); about 0.3 ms since slugs name their transliterator and texts
without inline markup are passed by (markup.py `_PlainTexts`). A conversion depends only on the text
and on the code that converts it, so it is kept by the SHA-256 of both: the text and its salt (SALTS:
the sources of generator/markup.py and generator/text.py, which configure the converter and make the
headings' anchors, and the versions of Python, Python-Markdown, python-slugify and the transliterator
it is told to use, text-unidecode), read once when this module is imported, so a process forked later
keeps the code it runs (without those sources, as in an install of compiled files only, nothing is
kept). A change to any of them makes every key new; the old entries are never read again and expire.

What is kept is what `markup._convert` returns: Python-Markdown's HTML before sanitising, the table
of contents and the link addresses. Sanitising (nh3) and everything after it runs on every build,
so a kept conversion can never carry markup that the sanitiser of this build would not let through.
For the search index (issue 29: at 10,000 items, about 4 s of the worker that writes the feeds and
the index), the kinds `words` (`markup.plain_text`: a text's words) and `terms`
(`outputs.search._weights`: a document's syllables and their weights) are kept the same way, and
the key holds the kind. Each kind has its own salt (SOURCES): `words` follows markup.py and
text.py like the conversions; `terms` follows generator/outputs/search.py and text.py, so an edit of
the search code leaves the conversions kept. This module's source is in every salt (the shapes
kept). A hand-written page's words are not kept (they are few). The kind `yaml` keeps what
yamlio.parse_yaml makes of a YAML document without a problem (a data file, a page's front matter,
an earlier version in Git's history: values and the line and column of each), keyed by the text and
its line offset; its salt follows generator/yamlio.py and the versions of PyYAML and libyaml (at
10,000 items, parsing took half of the 3.2 s of loading the portal on one core).

**Where.** One SQLite database, `KHUYENCONG_MARKDOWN_STORE/markdown.sqlite3` (by default
`$XDG_CACHE_HOME/khuyencong/markdown/`, under `~/.cache`; `off` for none). It belongs to this machine:
a conversion cannot be checked against its text without converting it again, so the database must
not be shared through a cache that others can write (unlike the compressed copies, which are
checked before use and may be). A database that holds anything but its one table (a trigger, a
view, another table) is set aside before it is used. SQLite lets builds running at once, and the
processes of one build, read and write it safely (write-ahead log); a forked process opens its own
connection. Each process writes its new entries 200 to a transaction, and the rest when it tells
its counts (`note`, at the end of its part of the build); `check` writes what it converted too.

**Never the build's problem.** A database that cannot be opened, is locked more than 5 s, is full or
damaged costs speed only: the process stops using it and converts its texts (a file found damaged
when opened is set aside and a new one made). An entry that does not unpack to the expected shape
is converted again.

**Expiry.** An entry records the day it was last used (marked at most once a day); entries unused
for EXPIRE_DAYS days are removed after a build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import math
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import yaml
from zlib_ng import zlib_ng as zlib  # zlib's format, in less time (pages/render.py: pack)

from generator.memory import machine_cache
from generator.stages import note

EXPIRE_DAYS = 30
BATCH = 200  # entries written in one transaction
FILE = "markdown.sqlite3"
_HERE = Path(__file__).parent
_ABANDONED: list[sqlite3.Connection] = []  # a parent's connection, held (never used nor closed) in a child


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


SOURCES = {  # what each kind's value is made by, besides the libraries (this module: the shapes kept)
    "md": ("markup.py", "text.py", "markdown_store.py"),
    "words": ("markup.py", "text.py", "markdown_store.py"),
    "terms": ("outputs/search.py", "text.py", "markdown_store.py"),
    "yaml": ("yamlio.py", "markdown_store.py"),
}
# the libraries each kind's value is made by (a kind not named: the Markdown converter's)
LIBRARIES = {"yaml": ("PyYAML",)}


def _libyaml() -> str:
    """libyaml's version, which PyYAML's C parser and loader are (none: the pure-Python ones)."""
    try:
        from yaml import _yaml  # noqa: PLC0415 - only where a salt is made
        return str(_yaml.get_version_string())
    except (ImportError, AttributeError):
        return "-"


def _salt(kind: str = "md") -> bytes | None:
    """What a value of `kind` depends on besides its text (None: the sources cannot be read, so
    nothing can be kept safely)."""
    libraries = LIBRARIES.get(kind, ("markdown", "python-slugify", "text-unidecode"))
    versions = " ".join(_version(d) for d in libraries) + (f" libyaml {_libyaml()}" if kind in LIBRARIES else "")
    h = hashlib.sha256(f"3 {kind} {sys.version} {versions}".encode())
    try:
        for name in SOURCES[kind]:
            h.update((_HERE / name).read_bytes())
    except OSError:
        return None
    return h.digest()


SALTS: dict[str, bytes | None] = {kind: _salt(kind) for kind in SOURCES}
TABLE = ("CREATE TABLE conversion (key BLOB PRIMARY KEY, used INTEGER NOT NULL, value BLOB NOT NULL) "
         "WITHOUT ROWID")  # `used` before the value: expiring reads no value


def folder() -> Path | None:
    chosen = os.environ.get("KHUYENCONG_MARKDOWN_STORE")
    if None in SALTS.values() or chosen == "off":
        return None
    try:
        return Path(chosen).expanduser() if chosen else machine_cache() / "markdown"
    except RuntimeError:  # a home that cannot be found (`~nobody/…`): no store
        return None


def _today() -> int:
    return int(time.time() // 86400)


class Conversions:
    """The kept conversions (none when the store is off or unusable), with what this process took
    from them and converted itself since it last told the benchmark."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._env: tuple[str | None, ...] = ("unread",)  # the variables `folder` read when last asked
        self._lock = threading.Lock()  # `serve` converts in its outputs thread too
        self._pending: list[tuple[bytes, int, bytes]] = []
        self._used: list[bytes] = []  # entries taken that were last marked before today
        self.taken = self.made = 0  # Markdown conversions
        self.others: dict[str, list[int]] = {}  # the other kinds: [made, taken]

    def forked(self) -> None:
        """In a forked child: the parent's connection is the parent's; this process opens its own."""
        self._stop()
        self._pid, self.taken, self.made, self._pending, self._used = 0, 0, 0, [], []
        self.others = {}
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection | None:
        env = tuple(os.environ.get(v) for v in ("KHUYENCONG_MARKDOWN_STORE", "XDG_CACHE_HOME", "HOME"))
        if env != self._env:  # the store's place is worked out again only when the environment changed
            self._env = env
            where = folder()
            path = where / FILE if where is not None else None
            if path != self.path:  # another store named since (a test): this process opens it
                self.forked()
                self.path = path
        path = self.path
        if self._pid == os.getpid():
            return self._db
        self._pid = os.getpid()
        if path is None:
            return None
        for attempt in (1, 2):
            db = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                # A machine's first build writes some 35,000 entries at 10,000 items, two processes at
                # once: the log copied into the store every 40 MB instead of every 4 MB (SQLite's default),
                # and 16 MB of pages kept by the connection instead of 2 MB, halve what writing them costs
                # (20,000 entries of 4 KB: 1.9 → 1.1–1.4 s). A larger log is only ever this store's.
                db.execute("PRAGMA wal_autocheckpoint=10000")
                db.execute("PRAGMA cache_size=-16384")
                db.execute(TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
                schema = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
                if schema != [("table", "conversion", TABLE)]:  # a trigger or a view would run with our
                    raise sqlite3.DatabaseError("unexpected schema")  # statements; another table, misread
                self._db = db
                return db
            except sqlite3.OperationalError:  # locked, read-only, full: not now
                return None
            except sqlite3.DatabaseError:  # damaged, or not ours: set aside once, then a new one
                if db is not None:
                    db.close()
                if attempt == 2:
                    return None
                try:
                    os.replace(path, f"{path}.damaged")
                except OSError:
                    return None
                for log in ("-wal", "-shm"):  # its logs: not to be replayed into the new file
                    try:
                        os.unlink(f"{path}{log}")
                    except OSError:
                        pass
            except OSError:
                return None
        return None

    def _stop(self) -> None:
        """Locked too long, full, damaged, or forked: this process does not use that connection again
        (left open: closing a connection a parent shares would release the parent's locks)."""
        if self._db is not None:
            _ABANDONED.append(self._db)
        self._db = None

    def get(self, text: str, kind: str = "md") -> Any:
        """What was kept for `text` (a conversion, or another `kind`: UNPACK), or None."""
        with self._lock:
            db = self._open()
            if db is None:
                return None
            key = _key(text, kind)
            try:
                row = db.execute("SELECT used, value FROM conversion WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                self._stop()
                return None
        value = UNPACK[kind](row[1]) if row is not None else None
        if value is not None:
            if kind == "md":
                self.taken += 1
            else:
                self.others.setdefault(kind, [0, 0])[1] += 1
            if not isinstance(row[0], int) or row[0] < _today():  # marked as used today, with the next batch
                self._used.append(key)
        return value

    def counts(self, kind: str) -> tuple[int, int]:
        """What this process worked out and took from the store of another `kind` than conversions,
        since it last told the benchmark (`note`)."""
        made, taken = self.others.get(kind, (0, 0))
        return made, taken  # a copy: `others` holds lists, which later counts change

    def put(self, text: str, value: Any, kind: str = "md") -> None:
        """Kept with the next BATCH: one write transaction for many entries, so the two processes of a
        build rarely wait for each other's lock. `value`: plain JSON, of the shape UNPACK[kind] reads."""
        if kind == "md":
            self.made += 1
        else:
            self.others.setdefault(kind, [0, 0])[0] += 1
        try:  # orjson: the JSON's UTF-8 bytes at once; zlib-ng's level 1, 16 µs a 4-KB conversion against 37 µs
            blob = zlib.compress(orjson.dumps(value), 1)  # at level 2, for a store a third larger
        except (ValueError, TypeError):  # a text JSON cannot carry (a lone surrogate): not kept
            return
        self._pending.append((_key(text, kind), _today(), blob))
        if len(self._pending) + len(self._used) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what `put` holds (called at every BATCH, and when the process tells its counts)."""
        with self._lock:
            rows, used, self._pending, self._used = self._pending, self._used, [], []
            db = self._open() if rows or used else None
            if db is None:
                return
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO conversion VALUES (?, ?, ?)", rows)
                db.executemany("UPDATE conversion SET used = ? WHERE key = ?", [(_today(), key) for key in used])
                db.execute("COMMIT")
            except sqlite3.Error:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                self._stop()

    def note(self) -> None:
        """Write what is pending, then tell the benchmark what this process converted and took since
        it last told (generator/stages.py)."""
        self.flush()
        note("markdown converted", self.made)
        note("markdown taken from the store", self.taken)
        for kind, (made, taken) in sorted(self.others.items()):
            what = NAMES.get(kind, f"search {kind}")
            note(f"{what} worked out", made)
            note(f"{what} taken from the store", taken)
        self.made = self.taken = 0
        self.others = {}

    def expire(self) -> None:
        """Remove the entries no build has used for EXPIRE_DAYS days."""
        self.flush()
        with self._lock:
            db = self._open()
            if db is None:
                return
            try:
                db.execute("DELETE FROM conversion WHERE used < ?", (_today() - EXPIRE_DAYS,))
            except sqlite3.Error:
                self._stop()


def _key(text: str, kind: str = "md") -> bytes:
    salt = SALTS[kind] or b""
    return hashlib.sha256(salt + kind.encode() + b"\0" + text.encode("utf-8", "surrogatepass")).digest()


def _json(blob: bytes) -> Any:
    """Plain JSON (the store never runs a format that can execute code, like the build cache); None
    for an entry that is not."""
    try:
        return orjson.loads(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError, RecursionError):  # ValueError: Unicode and JSON errors alike
        return None


def _unpack(blob: bytes) -> tuple[str, list[dict], tuple[str, ...]] | None:
    """An entry's value as `markup._convert` returns it, or None if it is not one."""
    value = _json(blob)
    if (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and isinstance(value[1], list)
            and isinstance(value[2], list) and all(isinstance(x, str) for x in value[2])):
        return value[0], value[1], tuple(value[2])
    return None


def _words(blob: bytes) -> str | None:
    value = _json(blob)
    return value if isinstance(value, str) else None


def _terms(blob: bytes) -> tuple[list[str], list[int]] | None:
    """A document's syllables and their weights (outputs/search.py `_weights`): kept as two texts, the
    syllables and the weights each joined by tabs (quicker to check than two lists of values)."""
    value = _json(blob)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], str)):
        return None
    syllables = value[0].split("\t") if value[0] else []
    try:
        weights = [int(w) for w in value[1].split("\t")] if value[1] else []
    except ValueError:
        return None
    if len(syllables) != len(weights) or any(not 0 < w < 2**31 for w in weights):  # weights fit an array("l")
        return None
    return syllables, weights


# Parsed YAML (kind `yaml`). YAML's values are JSON's, but for dates, times and the
# floats JSON cannot write (inf, nan): those are kept as a text that starts with NUL, the one
# character no text of a value can start with here (yamlio.decode refuses it in a file, and
# parse_yaml an escape that writes it); a document that holds anything else (a key that is not a
# text or starts with NUL, bytes, an integer of more than 64 bits) is not kept, and is parsed again
# by the next build.
_TAG = "\x00"


def pack_yaml(value: Any, text: str) -> Any:
    """`value`, parsed from `text`, as plain JSON; TypeError where it cannot be (then it is not
    kept). A document has fewer values than its text has characters, unless aliases repeat a part of
    it: one that has more (a "billion laughs") is not kept, never expanded."""
    budget = len(text) + 1

    def pack(value: Any) -> Any:
        nonlocal budget
        budget -= 1
        if budget < 0:
            raise TypeError("more values than characters: aliases")
        kind = type(value)
        if kind is str:
            if value.startswith(_TAG):
                raise TypeError("a text starting with NUL")
            return value
        if value is None or kind is bool or kind is int:
            return value
        if kind is float:
            return value if math.isfinite(value) else f"{_TAG}f{value!r}"
        if kind is dict:
            packed = {}
            for key, item in value.items():
                if type(key) is not str or key.startswith(_TAG):  # (a key is never read back as a tag)
                    raise TypeError("a key that is not a text, or starts with NUL")
                packed[key] = pack(item)
            return packed
        if kind is list:
            return [pack(item) for item in value]
        if kind is dt.datetime:
            return f"{_TAG}t{value.isoformat()}"
        if kind is dt.date:
            return f"{_TAG}d{value.isoformat()}"
        raise TypeError(f"a value of type {kind.__name__}")

    return pack(value)


# as PyYAML builds them: its NaN is one object (with its sign bit set), and a list holding it equals
# another list holding it, as two parses of one document do
_FLOATS = {"inf": math.inf, "-inf": -math.inf, "nan": yaml.constructor.SafeConstructor.nan_value}


def _unpack_value(value: Any) -> Any:
    """What `pack_yaml` was given; ValueError for what it cannot have written."""
    kind = type(value)
    if kind is str:
        if not value.startswith(_TAG):
            return value
        tag, text = value[1:2], value[2:]
        if tag == "t":
            return dt.datetime.fromisoformat(text)
        if tag == "d":
            return dt.date.fromisoformat(text)
        if tag == "f" and text in _FLOATS:
            return _FLOATS[text]
        raise ValueError("an unknown tag")
    if kind is dict:
        return {key: _unpack_value(item) for key, item in value.items()}
    if kind is list:
        return [_unpack_value(item) for item in value]
    return value  # None, a bool, an int or a float: orjson reads nothing else


def _yaml(blob: bytes) -> tuple[Any, dict[tuple[Any, ...], tuple[int, int]]] | None:
    """A document's values and the position of each key and item (yamlio.Loaded), or None. The
    positions are kept as a list of [path, line, column], a path as a list of keys (texts) and
    indexes (integers)."""
    try:
        raw = zlib.decompress(blob)
        found = orjson.loads(raw)
        if not (isinstance(found, list) and len(found) == 2 and isinstance(found[1], list)):
            return None
        # the tagged texts read back in the values (only where the entry holds one, which JSON writes
        # as an escaped NUL), never in the marks' paths: a key is a text as written
        value = _unpack_value(found[0]) if b"\\u0000" in raw else found[0]
        marks = {}
        for path, line, col in found[1]:
            if type(line) is not int or type(col) is not int or type(path) is not list:
                return None
            marks[tuple(path)] = (line, col)  # TypeError for a list or a mapping in a path
    except (zlib.error, ValueError, TypeError, RecursionError):  # not JSON, not three values, a bad date
        return None
    return value, marks


UNPACK: dict[str, Callable[[bytes], Any]] = {"md": _unpack, "words": _words, "terms": _terms, "yaml": _yaml}
NAMES = {"yaml": "YAML documents"}  # as the benchmark's counts name them
KEPT = Conversions()
os.register_at_fork(after_in_child=KEPT.forked)
