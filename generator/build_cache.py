"""`build --cache DIR`: what a build keeps for the next one, in plain data checked whole before any
of it is used.

A CI cache is input from outside the repository: another branch or workflow may have written it.
So it holds no code-carrying format (JSON only, read by orjson), and the next build trusts nothing
in it it has not checked. DIR/current holds one generation:

- `state.json`: format and version; the key (a digest of the generator's code, the Python version
  and every installed package's version); the layout digest (generator/build.py layout_key); what
  the build wrote (page digests, page addresses, other outputs' digests); the SHA-256 of every
  file of `site/` and of `renders.json`.
- `renders.json`: rendered pages by the digest of their inputs (metadata, HTML zlib-compressed in
  base64, the warnings their rendering gave) and the memos (generator/memory.py Memo) the build used.
- `site/`: the build itself, its files linked to the live site's. Written once the new site is in
  place, from the build it replaced (moved aside by the command line, `write`'s `replaced`), brought
  up to date (`_mirror`): most of its files are the new build's very files.

A cache of another key was made by other code or packages: it is set aside without a word (its
pages may differ from what this code renders). Anything else unexpected (a file missing or extra,
not a folder, unreadable JSON, another format or shape, a digest that does not match: a page
altered inside the cache) sets the whole cache aside with one line saying why, and the build
starts from nothing. The whole of it, not the altered file alone: an altered file says the cache
was written by something other than this build, and nothing else in it can then be told good.

A large cache is read by a child process while the command line loads the portal (`read_ahead`,
forked before anything is loaded): the same reading and checks, whose outcome (what the cache holds,
or the line that says why it is set aside) the child sends back pickled. That pickle is made by this
code from what it read and checked, between two processes of one build; nothing read from the cache
is ever unpickled.
"""

from __future__ import annotations

import errno
import functools
import gc
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Iterator

import orjson

import generator
# the modules whose memos (memory.py) the cache holds: imported so each memo is known when it is read
from generator import images, markup  # noqa: F401
from generator.outputs import calendars, feeds, release, search  # noqa: F401
from generator.errors import MESSAGES, Both, Problem, problem
from generator.parallel import LARGE, Background, can_fork, die_with_parent, remove_later
from generator.memory import MEMORY
from generator.stages import mark, note
from generator.pages.render import RenderedPage

FORMAT = "khuyencong-build-cache"
VERSION = 2  # 1 was the pickle of the render cache (issue 17), never read
STATE, RENDERS, SITE = "state.json", "renders.json", "site"
_STATE_KEYS = {"format", "version", "key", "layout", "built", "dest", "written", "files", "renders"}
# imported so that every memo the cache may hold exists when it is read
_MEMO_HOLDERS = (calendars, feeds, search, release)


def _line(path: Path | str, code: str, line: int = 0, col: int = 0, where: str = "", **params: object) -> Problem:
    """One plain line about the cache: a warning, since the build goes on (from nothing). Names
    found in the cache (a file's, a page's) are shown with their control characters escaped and
    cut short, so that what a cache holds can neither break the line nor write to the terminal."""
    return replace(problem(_printable(str(path)), line, col, _printable(where), code, **params), severity="warning")


def _printable(text: str) -> str:
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= 300 else text[:300] + "…"


class Unusable(Exception):
    """The cache cannot be used: `problem` says why, as one line. `writable` is False when the
    build cannot keep a cache there either (the path is not a folder)."""

    def __init__(self, found: Problem, writable: bool = True):
        super().__init__(found.format())
        self.problem, self.writable = found, writable


@dataclass
class Kept:
    """What the last build left for this one, checked."""

    layout: str = ""
    built: dict[str, str] = field(default_factory=dict)  # page address → digest of the rendered page
    dest: dict[str, str] = field(default_factory=dict)  # src_uri → address of generated pages
    written: dict[str, str] = field(default_factory=dict)  # feeds, data, index: path → digest of what was written
    # a checked file (inode, size, mtime) → its SHA-256
    known: dict[tuple[int, int, int], str] = field(default_factory=dict)


@functools.cache
def code_key() -> str:
    """What the rendering depends on besides the content and the layout: the generator's code (its
    folder, as this process runs it), the Python version, and every installed package's version.
    A change to any of them never serves a page the old code rendered."""
    here = Path(generator.__file__).parent
    code = []
    for folder, dirs, names in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "node_modules") and not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fp:
                    code.append((os.path.relpath(path, here), hashlib.file_digest(fp, "sha256").hexdigest()))
    packages = sorted({(str(d.name).lower(), str(d.version)) for d in importlib.metadata.distributions()})
    return hashlib.sha256(repr((sorted(code), sys.version, sys.implementation.cache_tag,
                                packages)).encode("utf-8")).hexdigest()


def read(folder: Path) -> Kept | None:
    """The last generation kept in `folder`, checked whole, its rendered pages and memos put back
    in place; None when there is none or it was made by other code (not a problem). Raises
    Unusable for anything else unexpected, having put nothing in place. What a child read ahead
    (`read_ahead`) is taken when it has it; else the cache is read here."""
    mark("wait for the cache")
    ahead = _AHEAD.pop(folder, None)
    outcome = ahead.outcome() if ahead is not None else None
    if outcome is None:
        outcome = _outcome(folder)
    else:
        note("cache read ahead", 1)
    if outcome[0] == "unusable":
        raise Unusable(outcome[1], outcome[2])
    found = outcome[1]
    if found is None:
        return None
    kept, pages, memos = found
    mark("cache read")
    MEMORY.renders.update(pages)
    for name, values in memos.items():
        MEMORY.memos[name].data.update(values)
    return kept


def _outcome(folder: Path, early: Any = None) -> tuple[Any, ...]:
    """("read", what _read found) or ("unusable", the line that says why, whether a cache can be kept
    there). `early(pages, memos)`, when given, is called as soon as they are read (`_Ahead`)."""
    try:
        return "read", _read(folder, early)
    except OSError as exc:  # a folder or file of the cache that cannot be listed or read
        return "unusable", _line(exc.filename or folder, "cache_unreadable", error=_errno(exc)), True
    except Unusable as exc:
        return "unusable", exc.problem, exc.writable


# Caches whose renders.json has LARGE pages' worth are read ahead by a child (`read_ahead`), up to
# AHEAD_MAX: while this process takes the child's result, both hold it (at 10,000 items, 108 MB of
# JSON; a 100,000-item cache is read here, as before, within the build's memory).
AHEAD_BYTES = LARGE * 4096
AHEAD_MAX = 256 * 1024 * 1024
_AHEAD: dict[Path, _Ahead] = {}


class _Ahead:
    """The cache read by a forked child while this process loads and checks the portal (at 10,000
    items, 3 s of reading beside 2 s of loading). The child starts from this small process, before
    anything is loaded, and sends what it found: the same checks, the same outcome. Anything else
    (the child killed, a result that does not come back whole) leaves `outcome` None, and `read`
    reads the cache itself.

    The rendered pages and memos (90 MB pickled at 10,000 items, 0.9 s from the child's pickling to
    this process's unpickling) are sent as soon as they are read ("early"), while the child goes on
    checking the kept site, and a thread of this process receives them meanwhile; they are put in
    place only once the child's outcome says the whole cache checked ("read-early")."""

    WAIT = 600  # seconds for the child's result before the build reads the cache itself

    def __init__(self, folder: Path) -> None:
        ctx = multiprocessing.get_context("fork")
        self.receive, send = ctx.Pipe(duplex=False)
        self.got: list[Any] = []  # what the child sent: its early part, then its outcome
        try:
            self.proc = ctx.Process(target=_ahead, args=(folder, send, self.receive), daemon=True)
            self.proc.start()  # OSError where no process can be made now: the caller reads the cache itself
        except BaseException:
            self.receive.close()
            raise
        finally:
            send.close()
        self.thread = threading.Thread(target=self._receive, daemon=True)
        try:
            self.thread.start()
        except RuntimeError as exc:  # no thread to be had now: the caller reads the cache itself
            self.proc.kill()
            self.proc.join()
            self.receive.close()
            raise OSError(str(exc)) from None

    def _receive(self) -> None:
        try:
            while True:
                got = self.receive.recv()
                self.got.append(got)
                if not (isinstance(got, tuple) and got and got[0] == "early"):
                    return
        except Exception:  # EOFError (the child died or was stopped), or a result that cannot be read back
            return

    def outcome(self) -> tuple[Any, ...] | None:
        try:
            self.thread.join(self.WAIT)
        finally:  # Ctrl-C meanwhile: the child stopped all the same
            self.drop()
        got, early = (self.got[-1] if self.got else None), (self.got[0] if len(self.got) == 2 else None)
        if isinstance(got, tuple) and len(got) == 2 and got[0] == "read-early" and isinstance(early, tuple) \
                and len(early) == 3 and early[0] == "early":
            note("cache pages sent ahead", 1)
            return "read", (got[1], early[1], early[2])
        return got if isinstance(got, tuple) and got and got[0] in ("read", "unusable") else None

    def drop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.thread.join()  # the child's end of the pipe is closed now: the thread has its last word
        self.receive.close()


def _ahead(folder: Path, send: Any, receive: Any) -> None:
    """The child: Ctrl-C is the parent's to handle (it stops this child); the parent's end of the
    pipe closed here, so that a child whose parent is gone is not left waiting to send. The pages
    and memos go as soon as they are read, from a thread, while the site is checked (`_Ahead`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    gc.disable()  # what it reads is one large heap, kept until it ends (site.load_catalog says why)
    receive.close()
    sent: list[threading.Thread] = []

    def early(pages: dict[str, Any], memos: dict[str, dict[bytes, Any]]) -> None:
        def go() -> None:
            try:
                send.send(("early", pages, memos))
            except Exception:  # the parent gone, or what cannot be pickled: the parent reads the cache itself
                pass
        thread = threading.Thread(target=go, daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no thread: all of it goes with the outcome
            return
        sent.append(thread)

    try:
        outcome: tuple[Any, ...] | None = _outcome(folder, early)
    except Exception:  # unforeseen: the parent reads the cache itself and says what it finds
        outcome = None
    for thread in sent:
        thread.join()
    if sent and outcome is not None and outcome[0] == "read" and outcome[1] is not None:
        outcome = "read-early", outcome[1][0]  # the pages and memos went ahead
    try:
        send.send(outcome)  # pickled whole before a byte is written: the parent gets all of it or nothing
    except Exception:  # the parent gone, or a result that cannot be pickled: the parent reads the cache
        pass
    send.close()


def read_ahead(folder: Path) -> None:
    """Start reading a large cache in a child now (`read` takes what it found). The command line
    calls this before it loads the portal; small caches, and a machine without fork, are read when
    the build asks."""
    if folder in _AHEAD or not can_fork():
        return
    try:
        if not AHEAD_BYTES <= (folder / "current" / RENDERS).stat().st_size <= AHEAD_MAX:
            return
        _AHEAD[folder] = _Ahead(folder)
    except OSError:  # no size to go by, or no process to be had: read when the build asks
        return


def drop_ahead() -> None:
    """A build that stopped before it asked for its cache: no child left waiting."""
    while _AHEAD:
        _AHEAD.popitem()[1].drop()


def _read(folder: Path, early: Any = None) -> tuple[Kept, dict[str, Any], dict[str, dict[bytes, Any]]] | None:
    """What the cache holds, checked; nothing put in place (a child may run this: `read_ahead`, which
    sends the pages and memos ahead through `early` while the site is checked)."""
    if not folder.exists() and not folder.is_symlink():
        return None
    if not folder.is_dir():
        raise Unusable(_line(folder, "cache_not_folder"), writable=False)
    current = folder / "current"
    if not current.exists() and not current.is_symlink():
        return None  # the first build, or the last one was killed before it kept anything
    if current.is_symlink() or not current.is_dir():
        raise Unusable(_line(current, "cache_not_regular"))
    state = _json(current / STATE)
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("version") != VERSION:
        found = state.get("version") if isinstance(state, dict) and state.get("format") == FORMAT else None
        raise Unusable(_line(current / STATE, "cache_version", found=_shown(found), wanted=VERSION))
    if state.get("key") != code_key():
        return None
    _check_state(state, current / STATE)
    _check_entries(current)
    data = _verified(current / RENDERS, state["renders"])
    mark("cache: renders.json read and its digest checked")
    pages, memos = _renders(_parse(data, current / RENDERS), current / RENDERS)
    mark("cache: its pages and memos taken apart")
    if early is not None:
        early(pages, memos)
    known = _check_site(current / SITE, state["files"])
    mark("cache: the kept site checked")
    return Kept(state["layout"], state["built"], state["dest"], state["written"], known), pages, memos


def write(folder: Path, site: Path, kept: Kept, budget_mb: float = float("inf"), replaced: Path | None = None,
          made: tuple[int, int] | None = None) -> None:
    """This build into `folder` as one new generation, then swapped in (a build killed meanwhile
    leaves the previous generation or none, never a mix). Files are linked, not copied: no later
    build writes into them (outputs/release.py write_new). `replaced`, the build this one replaced
    (moved aside by the command line), becomes the generation's copy, brought up to date
    (`_mirror`); where it cannot be moved into `folder` (another disk), it is removed and the site
    linked into a new copy. `made`: the device and inode `site` must have from start to end (another
    build that put its own site in place meanwhile would pair this build's record with its files).
    Raises OSError when it cannot."""
    fresh, current, old = folder / "next", folder / "current", folder / "previous"
    _remove(fresh)
    os.makedirs(fresh)
    # renders.json by a child on the second core while this process links the site (a large cache)
    renders = Background(lambda: None, len(MEMORY.renders), budget_mb, reply=lambda: _renders_or_none(fresh / RENDERS))
    try:
        _still(site, made)
        files = None
        if replaced is not None:
            try:
                os.rename(replaced, fresh / SITE)
            except OSError:
                remove_later(replaced)
            else:
                files = _mirror(fresh / SITE, site, kept.known)
        if files is None:
            files = _link_and_digest(site, fresh / SITE, kept.known)
        _still(site, made)
    except BaseException:
        renders.stop()
        raise
    try:
        digest = renders.wait()
    except RuntimeError:  # the child died
        digest = None
    if not isinstance(digest, str):  # the child could not write it (a full disk): this process says why
        digest = _write_renders(fresh / RENDERS)
    state = {"format": FORMAT, "version": VERSION, "key": code_key(), "layout": kept.layout, "built": kept.built,
             "dest": kept.dest, "written": kept.written, "files": files, "renders": digest}
    (fresh / STATE).write_bytes(orjson.dumps(state, option=orjson.OPT_SORT_KEYS))
    _remove(old)
    if current.exists() or current.is_symlink():
        current.rename(old)
    fresh.rename(current)
    remove_later(old)
    for trash in folder.glob(".trash-*"):  # a detached removal that never finished
        remove_later(trash)


def _still(site: Path, made: tuple[int, int] | None) -> None:
    st = os.stat(site)
    if made is not None and (st.st_dev, st.st_ino) != made:
        raise OSError(errno.EBUSY, "another build put its site in place", str(site))


def not_moved(site: Path, exc: OSError) -> Problem:
    """The line a build prints when the kept site, checked, cannot be moved into place."""
    return _line(site, "cache_not_moved", error=_errno(exc))


def unwritable(folder: Path, exc: BaseException) -> Problem:
    """The line a build prints when it could not keep its cache (it succeeded all the same)."""
    return _line(getattr(exc, "filename", None) or folder, "cache_unwritable", error=_errno(exc))


# Reading: each step raises Unusable with the place it found wrong.

def _regular_bytes(path: Path) -> bytes:
    """A regular file's bytes, never through a link nor from a pipe or device (a cache is an archive
    from outside: a FIFO named state.json would hold the build forever, a link to /dev/zero fill the
    memory). Opened without blocking and checked before anything is read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(path)
        with os.fdopen(fd, "rb", closefd=False) as fp:
            return fp.read()
    finally:
        os.close(fd)


def _json(path: Path) -> Any:
    try:
        return _parse(_regular_bytes(path), path)
    except FileNotFoundError:
        raise Unusable(_line(path, "cache_missing")) from None
    except IsADirectoryError:
        raise Unusable(_line(path, "cache_not_regular")) from None
    except OSError as exc:
        raise Unusable(_line(path, "cache_unreadable", error=_errno(exc))) from None


def _parse(data: bytes, path: Path) -> Any:
    """JSON read by orjson (renders.json at 10,000 items: json.loads took 1.0 s of it), which reads
    back what `_dump` wrote. What orjson refuses goes to json.loads, which names a mistake's line and
    column (and reads what it always read: NaN, say, which no value written here holds)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise Unusable(_line(path, "cache_not_json", exc.lineno, exc.colno)) from None
    except (ValueError, RecursionError):  # not UTF-8; nested deeper than Python reads; a number of thousands of digits
        raise Unusable(_line(path, "cache_not_json")) from None


def _shape(path: Path, where: str) -> Unusable:
    return Unusable(_line(path, "cache_shape", where=where))


def _texts(value: Any) -> bool:
    """A JSON object of texts to texts."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _check_state(state: dict[str, Any], path: Path) -> None:
    wrong = sorted(_STATE_KEYS ^ set(state))
    if wrong:
        raise _shape(path, wrong[0])
    for name in ("layout", "renders"):
        if not isinstance(state[name], str):
            raise _shape(path, name)
    for name in ("built", "dest", "written", "files"):
        if not _texts(state[name]):
            raise _shape(path, name)


def _check_entries(current: Path) -> None:
    """current/ holds the state, the render cache and the site, and nothing else (a file named as
    the old pickle is one more reason to set the cache aside, never read)."""
    with os.scandir(current) as entries:
        found = {e.name: e for e in entries}
    for name in sorted(set(found) - {STATE, RENDERS, SITE}):
        raise Unusable(_line(current / name, "cache_unexpected"))
    for name in (RENDERS, SITE):
        if name not in found:
            raise Unusable(_line(current / name, "cache_missing"))
    if not found[RENDERS].is_file(follow_symlinks=False):
        raise Unusable(_line(current / RENDERS, "cache_not_regular"))
    if not found[SITE].is_dir(follow_symlinks=False):
        raise Unusable(_line(current / SITE, "cache_not_regular"))


def _verified(path: Path, digest: str) -> bytes:
    try:
        data = _regular_bytes(path)
    except IsADirectoryError:
        raise Unusable(_line(path, "cache_not_regular")) from None
    except OSError as exc:
        raise Unusable(_line(path, "cache_unreadable", error=_errno(exc))) from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise Unusable(_line(path, "cache_altered"))
    return data


def _renders(data: Any, path: Path) -> tuple[dict[str, Any], dict[str, dict[bytes, Any]]]:
    """The render cache and memos from plain data, in new dicts (nothing is put in place here)."""
    if not isinstance(data, dict) or set(data) != {"pages", "memos"} or not isinstance(data["pages"], dict) \
            or not isinstance(data["memos"], dict):
        raise _shape(path, "")
    pages: dict[str, Any] = {}
    for uri, entry in data["pages"].items():
        try:
            if not isinstance(entry, dict) or set(entry) != {"key", "page",
                                                             "warnings"} or not isinstance(entry["key"], str) \
                    or not isinstance(entry["warnings"], list):
                raise TypeError("not an entry")
            pages[uri] = (entry["key"], RenderedPage.from_data(entry["page"]), [_warning(w) for w in entry["warnings"]])
        except (TypeError, ValueError, OverflowError):
            raise _shape(path, f"pages.{uri}") from None
    memos: dict[str, dict[bytes, Any]] = {}
    for name, values in data["memos"].items():
        if name not in MEMORY.memos or not isinstance(values, dict):
            raise _shape(path, f"memos.{name}")
        decode = MEMORY.memos[name].decode
        try:
            memos[name] = {_memo_key(k): decode(v) for k, v in values.items()}
        except (TypeError, ValueError, OverflowError):
            raise _shape(path, f"memos.{name}") from None
    return pages, memos


def _memo_key(text: str) -> bytes:
    """A memo's key (a digest of its input) back from hexadecimal."""
    if not 0 < len(text) <= 128:
        raise ValueError("not a memo key")
    return bytes.fromhex(text)


def _warning(data: Any) -> Problem:
    """A warning a page's rendering gave, back from plain data: one this code can word in both languages."""
    fields = {"path": str, "line": int, "col": int, "field": str, "code": str, "severity": str}
    if not isinstance(data, dict) or set(data) != {*fields,
                                                   "params"} or not all(type(data[k]) is t for k, t in fields.items()):
        raise TypeError("not a warning")
    if data["code"] not in MESSAGES or data["severity"] not in ("warning",
                                                                "error") or not isinstance(data["params"], list):
        raise ValueError("not a warning")
    params = []
    for pair in data["params"]:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise TypeError("not a parameter")
        name, value = pair
        if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            value = Both(*value)
        elif not isinstance(value, str):
            raise TypeError("not a parameter")
        params.append((name, value))
    found = Problem(data["path"], data["line"], data["col"], data["field"], data["code"], tuple(params),
                    data["severity"])
    try:
        found.message("vi"), found.message("en")
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError("not a warning") from exc
    return found


def _check_site(site: Path, files: dict[str, str]) -> dict[tuple[int, int, int], str]:
    """Every file of the kept site is a plain file the state lists, with the content it listed
    (SHA-256, on two threads: hashing and reading run outside the interpreter's lock)."""
    found = _walk(site)
    for rel in sorted(set(files) - {rel for rel, _ in found}):
        raise Unusable(_line(site / rel, "cache_missing"))
    for rel, st in found:
        if rel not in files:
            raise Unusable(_line(site / rel, "cache_unexpected"))
    base = str(site)  # paths as strings: 68,000 Path objects cost a second
    digests = _on_two_threads(lambda part: [_sha256(f"{base}/{rel}") for rel, _ in part], found)
    known = {}
    for (rel, st), digest in zip(found, digests):
        if digest != files[rel]:
            raise Unusable(_line(site / rel, "cache_altered"))
        known[(st.st_ino, st.st_size, st.st_mtime_ns)] = digest
    return known


def _walk(folder: Path, rel: str = "") -> list[tuple[str, os.stat_result]]:
    """Every file under `folder` with its status; anything but folders and plain files (a link
    could publish a file from elsewhere) makes the cache unusable."""
    out = []
    with os.scandir(os.path.join(folder, rel) if rel else folder) as entries:
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                out += _walk(folder, name)
            elif stat.S_ISREG(st.st_mode):
                out.append((name, st))
            else:
                raise Unusable(_line(folder / name, "cache_not_regular"))
    return out


def _sha256(path: Path | str) -> str:
    """A file's SHA-256, never through a link (one put there since the walk fails: ELOOP). Read with
    os.read rather than hashlib.file_digest: a third of the time for the small files a site is
    made of (68,000 files, 550 MB: about 1.2 s against 3.3 s on the bench machine)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def _on_two_threads(work: Any, items: list[Any]) -> list[Any]:
    """work(items), its second half on another thread."""
    half = len(items) // 2
    result: list[Any] = []
    failed: list[BaseException] = []

    def second() -> None:
        try:
            result.extend(work(items[half:]))
        except BaseException as exc:  # raised again in the calling thread
            failed.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    first = work(items[:half])
    thread.join()
    if failed:
        raise failed[0]
    return first + result


def _shown(value: Any) -> str:
    """A version as found in the state file, in a message: none, or its JSON cut short."""
    text = "—" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "…"


def _errno(exc: BaseException) -> str:
    """The system's name of an error (ENOSPC, EACCES), else the exception's: the same words in every language."""
    return errno.errorcode.get(getattr(exc, "errno", None) or 0, type(exc).__name__)


# Writing.

def _renders_or_none(path: Path) -> str | None:
    """_write_renders, None where it cannot write (said once, by the build's own attempt: write)."""
    try:
        return _write_renders(path)
    except OSError:
        return None


def _write_renders(path: Path) -> str:
    """renders.json written a page and a memo entry at a time (never the whole of it in memory: 108
    MB of JSON at 10,000 items); its SHA-256."""
    digest = hashlib.sha256()
    with open(path, "wb") as fp:
        for data in _renders_chunks():
            digest.update(data)
            fp.write(data)
    return digest.hexdigest()


def _dump(value: Any) -> bytes:
    """A value as compact JSON in UTF-8, by orjson (1.1 s of json.dumps at 10,000 items take 0.4 s).
    TypeError for what orjson refuses: dataclasses and dates (as json.dumps always did), and an
    integer of more than 64 bits, which json.dumps would write and orjson read back as a float."""
    return orjson.dumps(value, option=orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME)


def _entry(key: Any, value: Any) -> bytes | None:
    """`"key":value` for renders.json, or None for a value `_dump` refuses: that page or memo entry
    is not kept (the next build renders or computes it again)."""
    try:
        return _dump(key) + b":" + _dump(value)
    except TypeError:
        return None


def _renders_chunks() -> Iterator[bytes]:
    """renders.json's bytes in pieces: {"pages": {src_uri: {"key", "page", "warnings"}}, "memos":
    {name: {key in hexadecimal: value}}}, each sorted, the memos only what this build used."""
    yield b'{"pages":{'
    sep = b""
    for uri, (key, page, warnings) in sorted(MEMORY.renders.items()):
        entry = _entry(uri, {"key": key, "page": page.data(), "warnings": [_warning_data(w) for w in warnings]})
        if entry is not None:
            yield sep + entry
            sep = b","
    yield b'},"memos":{'
    for i, (name, memo) in enumerate(sorted(MEMORY.memos.items())):
        yield (b"," if i else b"") + _dump(name) + b":{"
        sep = b""
        for k, v in sorted(memo.used_part().items()):
            entry = _entry(k.hex(), memo.encode(v))
            if entry is not None:
                yield sep + entry
                sep = b","
        yield b"}"
    yield b"}}"


def _warning_data(w: Problem) -> dict[str, Any]:
    return {"path": w.path, "line": w.line, "col": w.col, "field": w.field, "code": w.code,
            "params": [[k, list(v) if isinstance(v, Both) else v] for k, v in w.params], "severity": w.severity}


def _link_and_digest(site: Path, copy: Path, known: dict[tuple[int, int, int], str]) -> dict[str, str]:
    """The site linked into `copy` (some 50,000 files in 12,000 folders at 10,000 items), and the
    SHA-256 of each file: carried over for a file checked when the cache was read and left as it
    was (the same inode, size and time), computed for every other. Two threads share the work by
    top-level folder, each making its folders and then linking its files: a folder and everything
    in it belong to one thread, and the system calls run outside the interpreter's lock."""
    found = _walk(site)
    source, target = str(site), str(copy)  # os functions on strings: Path objects cost a second
    by_top: dict[str, list[tuple[str, os.stat_result]]] = {}
    for item in found:
        by_top.setdefault(item[0].partition("/")[0] if "/" in item[0] else "", []).append(item)
    halves: tuple[list[tuple[str, os.stat_result]], list[tuple[str, os.stat_result]]] = ([], [])
    for part in sorted(by_top.values(), key=len, reverse=True):  # the largest first, to the lighter half
        min(halves, key=len).extend(part)
    os.makedirs(copy, exist_ok=True)

    def work(part: list[tuple[str, os.stat_result]]) -> dict[str, str]:
        # each folder after its parent (a prefix sorts first): one mkdir each, not makedirs' look at every parent
        for rel in sorted(_parents(rel for rel, _ in part)):
            os.mkdir(f"{target}/{rel}")
        out = {}
        for rel, st in part:
            os.link(f"{source}/{rel}", f"{target}/{rel}")
            out[rel] = known.get((st.st_ino, st.st_size, st.st_mtime_ns)) or _sha256(f"{source}/{rel}")
        return out

    first, second = _on_two_threads(lambda halves: [work(h) for h in halves], list(halves))
    return {**first, **second}


def _parents(rels: Iterable[str]) -> set[str]:
    """Every folder that holds one of the files `rels` ("a/b/c.html" gives "a" and "a/b"), the
    site's own top not included."""
    folders: set[str] = set()
    for rel in rels:
        parent = rel.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


def _mirror(copy: Path, site: Path, known: dict[tuple[int, int, int], str]) -> dict[str, str]:
    """`copy`, the build `site` replaced, made the same as `site`, and the SHA-256 of each file (as
    `_link_and_digest` gives them). A file of `copy` that is the very file of `site` (the same
    inode: an unchanged file, linked from the cache the build started from) stays; every other is
    replaced by a link to the new one; what `site` no longer has, and anything in `copy` but folders
    and plain files, is removed. After a build that changed a few files, a few links are made
    instead of every folder and link of the site (at 10,000 items, 8,000 folders and 49,000 links)."""
    found = _walk(site)
    want = dict(found)
    folders = _parents(want) | {""}
    have: dict[str, os.stat_result] = {}
    have_folders: set[str] = set()

    def sweep(rel: str) -> None:
        have_folders.add(rel)
        with os.scandir(os.path.join(copy, rel) if rel else copy) as entries:
            for entry in entries:
                name = f"{rel}/{entry.name}" if rel else entry.name
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode) and name in folders:
                    sweep(name)
                elif stat.S_ISDIR(st.st_mode):
                    shutil.rmtree(entry.path)
                elif stat.S_ISREG(st.st_mode) and name in want:
                    have[name] = st
                else:  # a file the new build does not have, a link, a pipe: removed
                    os.unlink(entry.path)

    sweep("")
    source, target = str(site), str(copy)
    for rel in sorted(folders - have_folders):  # each folder after its parent
        os.mkdir(f"{target}/{rel}")
    out = {}
    for rel, st in found:
        was = have.get(rel)
        if was is None or (was.st_ino, was.st_dev) != (st.st_ino, st.st_dev):
            if was is not None:
                os.unlink(f"{target}/{rel}")
            os.link(f"{source}/{rel}", f"{target}/{rel}")
        out[rel] = known.get((st.st_ino, st.st_size, st.st_mtime_ns)) or _sha256(f"{source}/{rel}")
    return out


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
