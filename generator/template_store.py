"""Compiled templates kept between builds on this machine (issue 29: templates compiled once).

Jinja compiles a template's source to Python code the first time a process uses it: about 0.4 s
for the portal's templates and 0.2 s for the theme's, in every build whatever its size (0.03 s when
kept). Jinja's own bytecode cache (`jinja2.FileSystemBytecodeCache`) keeps that code in files, each
checked against the SHA-1 of the source it was compiled from, so a template edited since is
compiled again. What else the code depends on is in the folder's name (`_shape`):
Jinja's and Python's versions, the environment's syntax and options, and the names of its filters and
tests (a template that names an unknown one is refused as it compiles). Two environments that differ
in any of them never share code.

**Where.** Beside the Markdown conversions (generator/markdown_store.py):
`KHUYENCONG_MARKDOWN_STORE/templates/<shape>/`, by default `~/.cache/khuyencong/markdown/templates/`;
`off` for none. Like the conversions it belongs to this machine: the files hold code that is run as
it is, so they must never come from a cache that others can write (a CI cache restored from outside
goes to `build --cache`, which holds no code).

**Never the build's problem.** A folder that cannot be made leaves the environment without a cache
(it compiles, as before); Jinja writes each file to a temporary name and renames it, so builds
running at once never read half a file, and a file it cannot read or write is compiled again.
"""

from __future__ import annotations

import hashlib
import os
import sys

import jinja2

from generator import markdown_store
from generator.stages import note as stage_note

FOLDER = "templates"
_COUNTS = [os.getpid(), 0, 0]  # the process that counts, templates compiled, templates taken from the store


def _count(index: int) -> None:
    if _COUNTS[0] != os.getpid():  # a forked child counts its own
        _COUNTS[:] = [os.getpid(), 0, 0]
    _COUNTS[index] += 1


class _Store(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in files, counting what it took and what was compiled."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (Jinja checks its header and code, not its checksum's pickle)
            bucket.reset()
        if bucket.code is not None:
            _count(2)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _count(1)  # Jinja keeps only what it has just compiled
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk, a folder removed meanwhile: kept next time, perhaps
            pass


def note() -> None:
    """Tell the benchmark what this process compiled and took since it last told (generator/stages.py)."""
    if _COUNTS[0] == os.getpid():
        stage_note("templates compiled", _COUNTS[1])
        stage_note("templates taken from the store", _COUNTS[2])
    _COUNTS[:] = [os.getpid(), 0, 0]


def _shape(env: jinja2.Environment) -> str:
    """What the compiled code of `env` depends on besides each template's source, as a short key."""
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else getattr(
        env.autoescape, "__qualname__", type(env.autoescape).__name__)
    policies = sorted((k, v) for k, v in env.policies.items() if isinstance(v, str | int | bool | type(None)))
    parts = (
        jinja2.__version__, sys.version, sys.implementation.cache_tag,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        autoescape, env.is_async, sorted(env.extensions), sorted(env.filters), sorted(env.tests), policies,
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]


def attach(env: jinja2.Environment) -> None:
    """Give `env` the machine's store of compiled templates, once its filters and tests are set.
    An environment with a cache of its own (`serve` keeps the theme's in memory) keeps it."""
    if env.bytecode_cache is not None:
        return
    where = markdown_store.folder()
    if where is None:
        return
    folder = where / FOLDER / _shape(env)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:  # a store that cannot be made: the templates are compiled, as without one
        return
    env.bytecode_cache = _Store(str(folder))
