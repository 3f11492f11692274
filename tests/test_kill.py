"""A build killed at any moment (SIGKILL) leaves the previous site whole and servable, and nothing
that the next build trips over (generator/cli.py: built aside, swapped in in one step)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BUILD_DATE, ROOT, copy_portal

# Eleven builds, each in a process of its own: `make test` runs it, `make test-fast` leaves it out.
pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# Every stage a build marks (generator/stages.py), in order: the test kills a build inside each.
STAGES = ["load and check", "render pages", "MkDocs writes pages", "feeds, calendars, index, data",
          "wait for feeds and index",
          "fingerprint and compress", "swap the new build in", "swapped in, leave"]


def build(root: Path, site: str = "site", stop_at: str | None = None, marks: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if stop_at:
        env.update(KHUYENCONG_STOP_AT=stop_at, KHUYENCONG_STAGES=str(marks))
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir", site,
                             "--build-date", BUILD_DATE],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)


def reached(marks: Path, stage: str, process: subprocess.Popen) -> bool:
    """Wait until a process of the build has marked `stage` (it then stops there), or the build ended."""
    while process.poll() is None:
        if marks.is_file() and any(line.split(" ", 2)[2] == stage for line
                                   in marks.read_text(encoding="utf-8").splitlines()):
            return True
        time.sleep(0.05)
    return False


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_no_debris(tmp_path: Path):
    root = copy_portal(tmp_path / "p")
    assert build(root).wait() == 0
    old = tree(root / "site")
    news = sorted((root / "content" / "tin-tuc").glob("*.md"))[0]
    news.write_text(news.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa ", 1), encoding="utf-8")
    assert build(root, "reference").wait() == 0  # the new build, whole, for comparison
    new = tree(root / "reference")
    assert new != old
    killed = []
    for stage in STAGES:
        marks = tmp_path / f"marks-{len(killed)}"
        process = build(root, stop_at=stage, marks=marks)
        assert reached(marks, stage, process), f"the build ended without reaching '{stage}'"
        os.killpg(process.pid, signal.SIGKILL)  # the build and any worker it forked
        assert process.wait() == -signal.SIGKILL
        killed.append(stage)
        now = tree(root / "site")
        assert now in (old, new), f"killed in '{stage}': the site is neither the old build nor the new one"
        if now == new:  # the swap had happened: go on killing builds of the same content
            old = new
    assert old == new  # the last stage comes after the swap
    # The next build runs as if nothing had happened and leaves no build folder behind.
    assert build(root).wait() == 0
    assert tree(root / "site") == new
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
