"""Every npm lock of the repository installs on a fresh machine, whatever the registry's dist-tags say.

`npm ci` refuses a lock when a package asks for a dependency by a dist-tag ("latest") and the tag
has moved since the lock was written (issue 18: Lighthouse's trace engine asks for
`third-party-web@latest`). Each such request must be pinned by an `overrides` entry of the folder's
package.json, to the very version its lock holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

LOCKS = sorted(p.parent for p in ROOT.glob("**/package-lock.json") if "node_modules" not in p.parts)
RANGE = re.compile(r"^[\d^~<>=*xX| .-]|^(?:npm|file|git|git\+\w+|https?|link|workspace):")


def tag_requests(lock: dict) -> dict[str, set[str]]:
    """Dependency name → the dist-tags packages of the lock ask it by ("latest", "next", …)."""
    out: dict[str, set[str]] = {}
    for info in lock.get("packages", {}).values():
        for field in ("dependencies", "optionalDependencies", "peerDependencies"):
            for name, spec in (info.get(field) or {}).items():
                if spec and not RANGE.match(spec):
                    out.setdefault(name, set()).add(spec)
    return out


def test_the_locks_are_found():
    assert {p.relative_to(ROOT).as_posix() for p in LOCKS} >= {"bench/tools", "tests/tools"}


@pytest.mark.parametrize("folder", LOCKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_dependency_asked_by_a_tag_is_pinned(folder: Path):
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    overrides = json.loads((folder / "package.json").read_text(encoding="utf-8")).get("overrides", {})
    for name, tags in tag_requests(lock).items():
        locked = lock["packages"].get(f"node_modules/{name}", {}).get("version")
        assert (overrides.get(name) == locked), (f"{folder.name}: {name}@{'/'.join(sorted(tags))} must be pinned in "
                                                 f"overrides to {locked}")


def test_a_tag_request_is_recognised():
    lock = {"packages": {"node_modules/a": {"dependencies": {"b": "latest", "c": "^1.2.0", "d": "*", "e": "1.x",
                                                             "f": "npm:g@1"},
                                             "peerDependencies": {"h": "next"}}}}
    assert tag_requests(lock) == {"b": {"latest"}, "h": {"next"}}
