"""Compiled templates kept between builds on this machine (issue 29: templates compiled once).

Jinja compiles a template's source to Python code the first time a process uses it: about 0.4 s
for the portal's templates and 0.2 s for the theme's, in every build whatever its size (0.03 s when
kept). Jinja's bytecode cache interface (`jinja2.BytecodeCache`, made to be subclassed) lets that
code be kept in files (`Store`): each file holds Jinja's header, the SHA-1 of the source it was
compiled from and the code, and is used only when its header and checksum are the very bytes this
process expects (compared as bytes: nothing in the file is unpickled), so a template edited since is
compiled again. What else the code depends on names the folder (`_shape`, worked out when the first
template is looked up, once every plugin has added its filters): Jinja's and Python's versions, the
environment's syntax and options, its finalizer, and each filter and test by name and by what Jinja
passes it first (the context, the evaluation context, the environment, or nothing), since the
compiled code calls them so. Two environments that differ in any of these never share code.

**Where.** Beside the Markdown conversions (generator/markdown_store.py):
`KHUYENCONG_MARKDOWN_STORE/templates/<shape>/`, by default `~/.cache/khuyencong/markdown/templates/`;
`off` for none. The files hold code that runs as it is, with the build's rights (and a deploying
build holds its secrets), so the store belongs to the user who builds: its folders are made
readable by that user only, and a folder owned by another user, or that others may write, is not
used. Never let CI cache `~/.cache` (or `XDG_CACHE_HOME`) as a whole, nor point
`KHUYENCONG_MARKDOWN_STORE` at a folder others can write.

**Never the build's problem.** A store that cannot be made or used, a file that cannot be read or
written, a damaged or foreign file: the template is compiled, as without a store. Each file is
written to a temporary name and renamed, so builds running at once never read half of one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import stat
import sys
import tempfile
from typing import Any

import jinja2
from jinja2.bccache import Bucket, bc_magic

from generator import markdown_store
from generator.stages import note as stage_note

FOLDER = "templates"
_COUNTS = [os.getpid(), 0, 0]  # the process that counts, templates compiled, templates taken from the store


def _count(index: int) -> None:
    if _COUNTS[0] != os.getpid():  # a forked child counts its own
        _COUNTS[:] = [os.getpid(), 0, 0]
    _COUNTS[index] += 1


def note() -> None:
    """Tell the benchmark what this process compiled and took since it last told (generator/stages.py)."""
    if _COUNTS[0] == os.getpid():
        stage_note("templates compiled", _COUNTS[1])
        stage_note("templates taken from the store", _COUNTS[2])
    _COUNTS[:] = [os.getpid(), 0, 0]


def _passed(f: Any) -> str:
    """What Jinja passes a filter, test or finalizer first (pass_context and its kind), as the
    compiled code calls it."""
    kind = getattr(f, "jinja_pass_arg", None)
    return getattr(kind, "name", None) or ("" if kind is None else repr(kind))


def _shape(env: jinja2.Environment) -> str:
    """What the compiled code of `env` depends on besides each template's source, as a short key."""
    escape = env.autoescape
    autoescape = escape if isinstance(escape, bool) else (
        getattr(escape, "__module__", ""), getattr(escape, "__qualname__", type(escape).__name__))
    policies = sorted((k, v) for k, v in env.policies.items() if isinstance(v, str | int | bool | type(None)))
    parts = (
        jinja2.__version__, sys.version, sys.implementation.cache_tag,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        autoescape, env.is_async, env.finalize is not None, _passed(env.finalize),
        getattr(env, "newstyle_gettext", None), sorted(env.extensions),
        sorted((name, _passed(f)) for name, f in env.filters.items()),
        sorted((name, _passed(f)) for name, f in env.tests.items()), policies,
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]


def _private_folder(path: str) -> bool:
    """Made if missing, readable by this user only; False where it is not this user's alone."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


class Store(jinja2.BytecodeCache):
    """One environment's compiled templates, in files under `root`, in the folder of its shape."""

    def __init__(self, root: str):
        self.root = root
        self.folder: str | None = None  # worked out at the first template looked up ("" : not usable)

    def _file(self, bucket: Bucket) -> str | None:
        if self.folder is None:  # one environment per store (`attach`)
            folder = os.path.join(self.root, _shape(bucket.environment))
            self.folder = folder if _private_folder(self.root) and _private_folder(folder) else ""
        return os.path.join(self.folder, f"{bucket.key}.cache") if self.folder else None

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self._file(bucket)
        if path is None:
            return
        header = bc_magic + pickle.dumps(bucket.checksum, 2)
        try:
            with open(path, "rb") as fp:
                data = fp.read()
            if not data.startswith(header):  # another Jinja, another source, or a damaged file
                return
            code = marshal.loads(data[len(header):])
        except (OSError, EOFError, ValueError, TypeError):
            return
        bucket.code = code
        _count(2)

    def dump_bytecode(self, bucket: Bucket) -> None:
        _count(1)  # Jinja keeps only what it has just compiled
        path = self._file(bucket)
        if path is None or bucket.code is None:
            return
        try:
            fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fp:
                    fp.write(bc_magic + pickle.dumps(bucket.checksum, 2) + marshal.dumps(bucket.code))
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:  # a full disk, a folder removed meanwhile: kept next time, perhaps
            pass


def attach(env: jinja2.Environment) -> None:
    """Give `env` the machine's store of compiled templates. An environment with a cache of its own
    (`serve` keeps the theme's in memory) keeps it."""
    if env.bytecode_cache is not None:
        return
    where = markdown_store.folder()
    if where is None:
        return
    env.bytecode_cache = Store(str(where / FOLDER))
