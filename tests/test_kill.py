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


# Every stage a build without --cache marks (generator/stages.py), in order: the test kills a build inside each
# ("save the cache", between the swap and "swapped in, leave", comes only with --cache).
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


def test_a_cached_build_killed_while_it_keeps_its_cache_leaves_the_new_site_and_no_debris(tmp_path: Path):
    """`build --cache` puts its site in place, then keeps its cache ("save the cache"): killed there,
    the new site is published whole, and the next build from the cache runs (from nothing, the
    generation given up) and leaves no build folder behind."""
    root = copy_portal(tmp_path / "p")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "generator", "--root", str(root), "build", "--build-date", BUILD_DATE,
            "--cache", str(cache)]
    assert subprocess.run(args, env=env, capture_output=True).returncode == 0
    news = sorted((root / "content" / "tin-tuc").glob("*.md"))[0]
    news.write_text(news.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa ", 1), encoding="utf-8")
    assert build(root, "reference").wait() == 0
    new = tree(root / "reference")
    marks = tmp_path / "marks"
    process = subprocess.Popen(args, env={**env, "KHUYENCONG_STOP_AT": "save the cache",
                                          "KHUYENCONG_STAGES": str(marks)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    assert reached(marks, "save the cache", process)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert tree(root / "site") == new
    again = subprocess.run(args, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert tree(root / "site") == new
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    assert tree(cache / "current" / "site") == new
