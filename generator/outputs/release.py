"""What makes a built site ready for a CDN, applied to the finished folder by `build`:

- **fingerprints**: each file under assets/ whose name carries no content hash yet is renamed
  `name.<hash>.ext`, and every reference to it in the site's text files is rewritten (CSS `url()`
  relative to the stylesheet; any other text file by its address from the site's root, relative or
  absolute, and percent-encoded when the name holds more than ASCII letters, digits and
  `_-.`). Fonts and pictures first, then the stylesheets and scripts that name them, so a hash
  always covers what the file says. Material's bundle and our WebP variants already carry a hash.
- **precompression**: every text file gets `.gz` and `.br` beside it, so a server sends them as
  they are (`gzip_static`, Caddy's `precompressed`); each kind of file at its own setting, and a
  copy already made by any build on the machine taken from the store (outputs/compressed.py).
- **the serving policy** (`content_type`, `cache_control`): one table that the nginx and Caddy
  configurations (generator/outputs/servers.py) and the deploy (generator/deploy.py) all read.

Everything here is deterministic (no clock, sorted walks), so two builds stay byte-identical.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from generator.outputs.compressed import Counts, Store, settings
from generator.text import short_stem
from generator.parallel import LARGE, can_fork, die_with_parent

# Text the site serves, by the end of its name → its media type. Longest suffixes first.
TYPES: list[tuple[str, str]] = [
    (".rss.xml", "application/rss+xml"),
    (".atom.xml", "application/atom+xml"),
    (".html", "text/html"),
    (".css", "text/css"),
    (".js", "text/javascript"),
    (".json", "application/json"),
    (".jsonld", "application/ld+json"),
    (".xml", "application/xml"),
    (".svg", "image/svg+xml"),
    (".ics", "text/calendar"),
    (".csv", "text/csv"),
    (".txt", "text/plain"),
    (".yml", "text/yaml"),
    (".map", "application/json"),
    (".webmanifest", "application/manifest+json"),
]
BINARY: list[tuple[str, str]] = [
    (".woff2", "font/woff2"), (".woff", "font/woff"), (".ttf", "font/ttf"),
    (".png", "image/png"), (".jpg", "image/jpeg"), (".jpeg", "image/jpeg"), (".webp", "image/webp"),
    (".gif", "image/gif"), (".ico", "image/x-icon"), (".pdf", "application/pdf"),
    (".doc", "application/msword"),
    (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (".xls", "application/vnd.ms-excel"),
    (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (".ppt", "application/vnd.ms-powerpoint"),
    (".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (".odt", "application/vnd.oasis.opendocument.text"), (".ods", "application/vnd.oasis.opendocument.spreadsheet"),
    (".odp", "application/vnd.oasis.opendocument.presentation"),
    (".wasm", "application/wasm"), (".gz", "application/gzip"),
    (".gzip", "application/gzip"),  # search/s/*.json.gzip, search/d/*.json.gzip (outputs/search.py): as stored
]
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"  # pages, feeds, data: a CDN revalidates within 5 minutes
# A name that carries a content hash: Material's `bundle.a5f9d56c.min.js`, our `portal.1a2b3c4d5e.css`,
# the picture variants `name-<digest>-640.webp`.
HASHED = re.compile(r"^assets/.*[.-][0-9a-f]{8,}[.-][^/]*$")
HASHED_PATTERN = r"^/assets/.*[.-][0-9a-f]{8,}[.-][^/]*$"  # the same, as servers see a request path
FINGERPRINTED = {".css", ".js", ".woff2", ".woff", ".ttf", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg", ".ico"}
KEPT_NAMES = ("assets/fonts/LICENSE", "assets/fonts/SOURCE")  # read by people, linked by name
SMALLEST = 256  # bytes: below this a compressed copy saves nothing worth a request's headers


STAGE = ".kc-writing"  # the folder at a site's root where a build writes its files before naming them
_SEQ = itertools.count()


def write_new(path: Path, data: bytes, stage: Path | None = None) -> None:
    """Write a file as a new one (written aside, then renamed over): a file of the last build that a
    build from the cache linked in (generator/plugin.py) is replaced, never changed in place.
    `stage` (`staging`): written there, then renamed into its folder. On the disk we measure on, a file
    made in a folder just created costs some 0.3 ms of the kernel's time and one made in a folder that
    already exists and then renamed some 0.03 ms (PERFORMANCE.md, "Where a build's time goes"): a
    portal of 10,000 items writes 11,000 pages, each in a folder of its own."""
    if stage is None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    else:  # a folder of each writing process's own: none waits for another's lock; made on its first file
        tmp = stage / str(os.getpid()) / str(next(_SEQ))
    try:
        tmp.write_bytes(data)
    except FileNotFoundError:
        if stage is None:
            raise
        tmp.parent.mkdir(exist_ok=True)
        tmp.write_bytes(data)
    os.replace(tmp, path)


def staging(site: Path) -> Path:
    """The folder `write_new` writes a build's files in before it names them (inside the site, so on
    the same disk); `unstage` removes it before the site is released."""
    stage = site / STAGE
    stage.mkdir(parents=True, exist_ok=True)
    return stage


def unstage(site: Path) -> None:
    shutil.rmtree(site / STAGE, ignore_errors=True)  # empty, unless a writer was stopped midway


def content_type(rel: str) -> str:
    """The Content-Type of a site file (text in UTF-8)."""
    name = rel.lower().removesuffix("/")
    for suffix, kind in TYPES:
        if name.endswith(suffix):
            return f"{kind}; charset=utf-8"
    for suffix, kind in BINARY:
        if name.endswith(suffix):
            return kind
    return "application/octet-stream"


def cache_control(rel: str) -> str:
    return IMMUTABLE if HASHED.match(rel) else SHORT


def is_text(rel: str) -> bool:
    return any(rel.lower().endswith(suffix) for suffix, _ in TYPES)


SKIP = ("quan-tri/",)  # the web editor's files are served only to staff, by name


@dataclass
class Early:
    """Files compressed before the release (`compress_while`): what that did, and each file's
    status then, so the release leaves a file alone only if it is still that file (every writer of
    the build replaces a file, `write_new`, never edits one in place: a new inode and time)."""

    counts: Counts = field(default_factory=Counts)
    status: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)  # the asset names written into them

    def unchanged(self, site: Path, rel: str) -> bool:
        if rel not in self.status:
            return False
        try:
            return _status(os.path.join(site, rel)) == self.status[rel]
        except OSError:
            return False


def compress_while(site: Path, files: list[str], store: Path | None, busy: Callable[[], bool],
                   chunk: int = 100, skip: tuple[str, ...] = SKIP, references: dict[str, str] | None = None) -> Early:
    """Compress `files` (pages already written, in their final place), a chunk at a time, as long as
    `busy()`: this process would otherwise wait for the child that writes the feeds and the index
    (build.finish), and the release then compresses only the rest on both cores. `skip`: the
    folders the release will leave as they are (the same as `release`'s). `references`: the assets'
    planned names (`plan`), written into each file first as the release would."""
    early, own = Early(references=dict(references or {})), Store(store)
    texts = [f for f in files if is_text(f) and not f.startswith(skip)]
    for at in range(0, len(texts), chunk):
        if not busy():
            break
        early.counts.add(_compress(site, texts[at:at + chunk], own, early.references, early.status))
    return early


def release(site: Path, skip: tuple[str, ...] = SKIP, since: float = 0.0, store: Path | None = None,
            planned: dict[str, str] | None = None, early: Early | None = None,
            found: list[str] | None = None) -> Counts:
    """Fingerprint the assets, then precompress every text file, in place. `skip`: folders left
    as they are (the web editor's files are served only to staff, by name). `since`: a build from
    the cache (generator/plugin.py) treats only the files written from that time; the others were
    released by the build it comes from. `store`: the store of compressed copies. `planned`: the
    asset names the pages were rendered with (`plan`). `early`: files compressed already
    (`compress_while`), left alone if unchanged since. `found`: the files written since `since`,
    when the caller has just walked the folder. Gives what the compression did."""
    # a build from nothing takes every file: their names alone (a third of the time of their status)
    if found is None:
        found = walk_names(site) if not since else [rel for rel, st in walk_files(site) if st.st_mtime >= since]
    files = sorted(rel for rel in found if not rel.endswith((".gz", ".br")))
    files = [f for f in files if not f.startswith(skip)]
    renamed, references = fingerprint(site, files, planned)
    files = sorted(renamed.get(f, f) for f in files)
    if early is not None and early.references == references:  # else each file is rewritten and compressed again
        files = [f for f in files if not early.unchanged(site, f)]
    # the renamed assets' own text was written by `plan`: rewritten again, it would no longer be
    # what its name's hash was taken from
    return precompress(site, files, store, early.counts if early is not None else None, references,
                       fixed=set(renamed.values()))


def walk_files(folder: Path, skip: str = "") -> list[tuple[str, os.stat_result]]:
    """Every regular file under `folder`, by its path inside it, with its status (os.scandir: a
    site of 10,000 items has some 70,000 files, and pathlib's walk costs seconds more); `skip`, a
    folder at its root passed over (the one a writer at work stages its files in)."""
    return [(name, entry.stat(follow_symlinks=False)) for name, entry in _walk(str(folder), "", skip)]


def walk_names(folder: Path) -> list[str]:
    """The same files' paths only: no status asked of the disk (0.09 s instead of 0.24 s at 10,000 items)."""
    return [name for name, _ in _walk(str(folder), "")]


def _walk(folder: str, rel: str, skip: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    with os.scandir(os.path.join(folder, rel) if rel else folder) as entries:
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir(follow_symlinks=False):
                if name != skip:
                    yield from _walk(folder, name)
            elif entry.is_file(follow_symlinks=False):
                yield name, entry


def fingerprintable(files: list[str]) -> list[str]:
    """The files of a site that get a hashed name: under assets/, of a kind a page links to, not
    hashed yet, not read by people by name."""
    return [f for f in files if f.startswith("assets/") and PurePosixPath(f).suffix.lower() in FINGERPRINTED
            and not HASHED.match(f) and not f.startswith(KEPT_NAMES)]


def plan(assets: list[str], read: Callable[[str], bytes]) -> tuple[dict[str, str], dict[str, bytes]]:
    """The hashed name of each asset (old name → new name), and the stylesheets' and scripts' text
    with what they name rewritten: fonts and pictures first, then the files that name them, so a
    hash always covers what the file says. The build plans them before the pages are rendered, so
    pages name the hashed files from the start and are not rewritten afterwards."""
    leaves = [f for f in assets if PurePosixPath(f).suffix.lower() not in (".css", ".js")]
    renamed = {f: _hashed_name(f, read(f)) for f in leaves}
    texts: dict[str, bytes] = {}
    for f in [f for f in assets if f not in renamed]:  # stylesheets and scripts, once what they name is renamed
        texts[f] = _rewrite(f, read(f), renamed)
        renamed[f] = _hashed_name(f, texts[f])
    return renamed, texts


def fingerprint(site: Path, files: list[str], planned: dict[str, str] | None = None) -> tuple[dict[str, str],
                                                                                             dict[str, str]]:
    """Rename the unhashed assets, the references in the stylesheets and scripts among them
    rewritten; old name → new name, and the references every other text file must have rewritten
    (`_rewrite`: precompress does it, file by file, on both cores, as it reads each file to compress
    it). `planned`: the names pages were given when rendered (`plan`), where a file turned out other
    than planned, its planned name is rewritten too."""
    renamed, texts = plan(fingerprintable(files), lambda f: (site / f).read_bytes())
    for f, data in texts.items():
        write_new(site / f, data)
    for old, new in renamed.items():
        os.replace(site / old, site / new)
    references = dict(renamed)
    references.update({was: renamed[old] for old, was in (planned or {}).items()
                       if old in renamed and renamed[old] != was})
    return renamed, references


def _hashed_name(rel: str, data: bytes) -> str:
    p = PurePosixPath(rel)
    return str(p.with_name(f"{short_stem(p.stem)}.{hashlib.sha256(data).hexdigest()[:10]}{p.suffix}"))


_CSS_URL = re.compile(rb"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
# No look-behind: it would be tried at every byte (2.8 s over the 300 MB of a 10,000-item site,
# against 0.1 s for a search that starts at the literal); the byte before is checked in `anywhere`.
_ASSET_REF = re.compile(rb"assets/[A-Za-z0-9_\-./%]+")
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.")


def _rewrite(rel: str, data: bytes, renamed: dict[str, str]) -> bytes:
    """References in one text file to renamed assets. In a stylesheet, `url()` is read relative
    to the stylesheet; everywhere, an address naming `assets/…` from the site's root (relative
    pages write `../../assets/…`, feeds and data the absolute address) is matched by its path."""
    if not renamed:
        return data
    here = PurePosixPath(rel).parent

    def css(m: re.Match[bytes]) -> bytes:
        target = m.group(2).decode("utf-8", "replace")
        if re.match(r"^[a-z]+:|^/|^#", target):
            return m.group(0)
        path, sep, tail = target.partition("?") if "?" in target else target.partition("#")
        full = os.path.normpath((here / path).as_posix())
        if full in renamed:
            new = os.path.relpath(renamed[full], here.as_posix())
            return b"url(" + m.group(1) + (new + sep + tail).encode() + m.group(1) + b")"
        return m.group(0)

    if rel.endswith(".css"):
        data = _CSS_URL.sub(css, data)

    def anywhere(m: re.Match[bytes]) -> bytes:
        if m.start() and data[m.start() - 1] in _NAME_BYTES:  # inside a longer name (`myassets/`)
            return m.group(0)
        found = m.group(0).decode("utf-8", "replace")
        new = renamed.get(found)
        # a name with any letters, spaces, commas
        if new is None and "%" in found and (new := renamed.get(unquote(found))):
            return quote(new).encode()
        return new.encode() if new else m.group(0)

    return _ASSET_REF.sub(anywhere, data)


def precompress(site: Path, files: list[str], store: Path | None = None, before: Counts | None = None,
                references: dict[str, str] | None = None, fixed: set[str] | None = None) -> Counts:
    """`.gz` and `.br` beside every text file worth compressing, at the setting its kind is given
    (outputs/compressed.py), taken from the store of compressed copies when it holds them. A large
    site is split with a second worker, on the second core. Gives what was compressed and reused,
    with `before` (what was compressed earlier in this build: its entries are marked as used too).
    `references` (`fingerprint`): rewritten in each text file first, except in those `fixed`."""
    texts = [f for f in files if is_text(f)]
    if len(texts) >= LARGE and can_fork():
        # A fresh interpreter, not a fork: it needs none of the build's heap (2.7 GB at 100,000
        # items), which a forked child would map, and be counted for, all along.
        import json
        import subprocess
        import sys

        half = len(texts) // 2
        child = subprocess.Popen([sys.executable, "-m", "generator.outputs.release", str(site), str(store or "")],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=die_with_parent)
        assert child.stdin is not None and child.stdout is not None
        rewrite = {"references": references or {}, "fixed": sorted(fixed or ())}
        child.stdin.write(json.dumps(rewrite).encode("utf-8") + b"\n")
        child.stdin.write("\n".join(texts[half:]).encode("utf-8"))
        child.stdin.close()
        counts = _compress(site, texts[:half], Store(store), references, fixed=fixed)
        theirs = json.loads(child.stdout.read() or b"{}")
        if child.wait():
            raise RuntimeError(f"compression worker failed with exit code {child.returncode}")
        counts.add(Counts(**theirs))
    else:
        counts = _compress(site, texts, Store(store), references, fixed=fixed)
    if before is not None:
        counts.add(before)
    Store(store).prune(counts.used)
    return counts


def _compress(site: Path, files: list[str], store: Store, references: dict[str, str] | None = None,
              status: dict[str, tuple[int, int, int]] | None = None, fixed: set[str] | None = None) -> Counts:
    """Each text file's `references` rewritten (`_rewrite`; not in those `fixed`), then its copies
    made. `status`: each file's, noted (`Early`) before it is read, so that one replaced meanwhile
    is not left alone later, and again after this wrote it anew."""
    counts = Counts()
    for f in files:
        if not is_text(f):
            continue
        path = os.path.join(site, f)
        if status is not None:
            status[f] = _status(path)
        with open(path, "rb") as fh:
            data = fh.read()
        if references and not (fixed and f in fixed) and (new := _rewrite(f, data, references)) != data:
            write_new(Path(path), new)
            data = new
            if status is not None:
                status[f] = _status(path)
        if len(data) < SMALLEST:  # none; and none left from a build this one started from (build --cache)
            for suffix in (".gz", ".br"):
                try:
                    os.unlink(path + suffix)
                except FileNotFoundError:
                    pass
            continue
        gz, br = settings(f)
        store.copy(data, path + ".gz", f"gz{gz}", counts)
        store.copy(data, path + ".br", f"br{br}", counts)
    return counts


def _status(path: str) -> tuple[int, int, int]:
    """What tells one file from another written in its place (`Early`)."""
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


if __name__ == "__main__":  # precompress's second worker: the site and the store as arguments; on stdin the
    import sys  # references to rewrite and the files to leave as they are (JSON), then the files, one per line

    import json

    store = Store(Path(sys.argv[2]) if sys.argv[2] else None)
    first, *names = sys.stdin.read().splitlines()
    rewrite = json.loads(first)
    sys.stdout.write(json.dumps(_compress(Path(sys.argv[1]), names, store, rewrite["references"],
                                          fixed=set(rewrite["fixed"])).__dict__))

