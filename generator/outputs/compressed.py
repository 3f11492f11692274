"""The compressed copies a site serves (`x.html.gz`, `x.html.br`), and the store that keeps them
between builds so that an unchanged file is never compressed twice.

**How much.** The setting is chosen per kind of file, from measures of the 10,000-item synthetic
portal (PERFORMANCE.md, "Compression"): the theme's stylesheets and scripts, fetched on a first
visit and then cached for a year, get the best of both (gzip 9, brotli 11); pages, feeds and data,
which change with every publication, get gzip 6 (by zlib-ng) and brotli 5: gzip 9 saves under 1%
at up to 3 times the time, and brotli 6 to 11 saves 0–10% at 1 to 63 times the time.

**The store** is content-addressed: an entry is named by the SHA-256 of the file it compresses and
the setting (`ab/cdef….br5`), so every build on a machine shares it, with or without `--cache`, and
two builds of different portals can never mix their copies. An entry is checked before it is used,
not trusted: it is decompressed and compared with the file (a fraction of the cost of compressing),
and one that does not give the file back is compressed again and replaced. A site's copy is a hard
link to its entry where the file system allows it (one more name, no bytes written), a written copy
elsewhere. Entries are written aside and renamed, so builds running at once share it safely. After a
build, the entries least recently used are removed while the store holds more than three times what
that build used (and at least 256 MB); an entry used within the hour is never removed.

Where: `KHUYENCONG_COMPRESS_STORE`, or `$XDG_CACHE_HOME/khuyencong/compressed` (by default
`~/.cache/khuyencong/compressed`). A store that cannot be created costs speed, never the build:
the copies are then compressed as if it were empty. `KHUYENCONG_COMPRESS_STORE=off` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from zlib_ng import zlib_ng

from generator.memory import machine_cache

KEEP_RECENT = 3600  # seconds: an entry used this recently is never pruned, nor marked again
FLOOR = 256 * 1024 * 1024  # bytes the store may always hold


def settings(rel: str) -> tuple[int, int]:
    """(gzip level, brotli quality) for a site file. The theme's files under assets/ are compressed
    once and served for a year: the best. Everything else: the measured fast settings."""
    if rel.startswith("assets/") and not rel.endswith(".map"):
        return 9, 11
    return 6, 5


def gzip_bytes(data: bytes, level: int) -> bytes:
    """A gzip member with no name and time 0, made by zlib-ng: at level 6 it packs pages 1.7 to 2
    times faster than zlib, for up to 0.6 points more (PERFORMANCE.md); any gzip reader reads it."""
    packer = zlib_ng.compressobj(level, zlib_ng.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def default_folder() -> Path | None:
    chosen = os.environ.get("KHUYENCONG_COMPRESS_STORE")
    if chosen:
        return None if chosen == "off" else Path(chosen).expanduser().resolve()
    return machine_cache() / "compressed"


@dataclass
class Counts:
    """What one build's compression did: copies made, copies taken from the store (checked), and
    entries found wrong and made again."""

    compressed: int = 0
    reused: int = 0
    refused: int = 0
    used: list[str] = field(default_factory=list)  # entries this build used or made (for pruning)

    def add(self, other: Counts) -> None:
        self.compressed += other.compressed
        self.reused += other.reused
        self.refused += other.refused
        self.used += other.used


class Store:
    """The entries under one folder (none: no store)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                self.folder = None

    def _entry(self, digest: str, method: str) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, digest[:2], f"{digest[2:]}.{method}")

    def copy(self, data: bytes, dest: str, method: str, counts: Counts) -> None:
        """Write the compressed copy of `data` at `dest` (`method`: "gz6", "br5", …): from the store when it
        holds a right one, else compressed now and kept."""
        packer = _PACKERS[method[:2]]
        level = int(method[2:])
        if self.folder is None:
            _write(dest, packer[0](data, level))
            counts.compressed += 1
            return
        entry = self._entry(hashlib.sha256(data).hexdigest(), method)
        counts.used.append(entry)
        try:
            with open(entry, "rb") as f:
                packed = f.read()
        except OSError:
            packed = None
        if packed is not None:
            if packer[1](packed, data):
                counts.reused += 1
                if not _link(entry, dest):
                    _write(dest, packed)
                return
            counts.refused += 1
        packed = packer[0](data, level)
        counts.compressed += 1
        try:
            os.makedirs(os.path.dirname(entry), exist_ok=True)
            _write(entry, packed)
        except OSError:  # a full or read-only store: the site still gets its copy
            _write(dest, packed)
            return
        if not _link(entry, dest):
            _write(dest, packed)

    def prune(self, used: list[str]) -> None:
        """Mark this build's entries as used now, those not marked within the hour: an entry and the
        site's copy linked to it share their time, and a build from the cache knows an unchanged
        file by its time (build_cache.py), so builds less than an hour apart leave the copies' times
        as they are. Then, at most once in KEEP_RECENT seconds (a walk of the store costs about a
        second per 400,000 entries), remove the least recently used entries while the store holds
        more than three times what this build used (at least FLOOR bytes); never one used within
        KEEP_RECENT seconds."""
        if self.folder is None:
            return
        now = time.time()
        for entry in used:  # marked as used, if not marked within the hour
            try:
                if os.stat(entry).st_mtime < now - KEEP_RECENT:
                    os.utime(entry, (now, now))
            except OSError:
                pass
        stamp = os.path.join(self.folder, "pruned")
        try:
            if os.stat(stamp).st_mtime > now - KEEP_RECENT:
                return
        except OSError:
            pass
        try:
            Path(stamp).touch()
        except OSError:
            return
        entries, total, mine = [], 0, 0
        used_set = set(used)
        for sub in os.scandir(self.folder):
            if not sub.is_dir(follow_symlinks=False):
                continue
            for e in os.scandir(sub.path):
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                total += st.st_size
                if e.path in used_set:
                    mine += st.st_size
                entries.append((st.st_mtime, st.st_size, e.path))
        limit = max(3 * mine, FLOOR)
        entries.sort()
        for mtime, size, path in entries:
            if total <= limit or mtime > now - KEEP_RECENT:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass


def _gz_ok(packed: bytes, data: bytes) -> bool:
    try:
        return zlib_ng.decompress(packed, 31) == data
    except zlib_ng.error:
        return False


def _br_ok(packed: bytes, data: bytes) -> bool:
    try:
        return brotli.decompress(packed) == data
    except brotli.error:
        return False


_PACKERS = {"gz": (gzip_bytes, _gz_ok), "br": (lambda data, q: brotli.compress(data, quality=q), _br_ok)}


def _link(entry: str, dest: str) -> bool:
    """Make `dest` a new name of `entry` (replacing what was there), or say it cannot."""
    try:
        os.link(entry, dest)  # a new build: nothing there yet
        return True
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        if os.path.samefile(entry, dest):  # already (a build from the cache): renaming a link onto its
            return True  # own file would do nothing and leave the temporary name behind
    except OSError:
        pass
    tmp = f"{dest}.{os.getpid()}.lnk"
    try:
        os.link(entry, tmp)
    except OSError:
        return False
    os.replace(tmp, dest)
    return True


def _write(path: str, data: bytes) -> None:
    """Written aside, then renamed over: a copy linked from the store or from the last build is
    replaced, never changed in place."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
