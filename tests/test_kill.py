"""A build killed at any moment (SIGKILL) leaves the previous site whole and servable, and nothing
that the next build trips over (generator/cli.py: built aside, swapped in in one step)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import BUILD_DATE, ROOT, copy_portal


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(root: Path, site: str = "site") -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir", site, "--build-date", BUILD_DATE],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_no_debris(tmp_path: Path):
    root = copy_portal(tmp_path / "p")
    assert build(root).wait() == 0
    old = tree(root / "site")
    news = sorted((root / "content" / "tin-tuc").glob("*.md"))[0]
    news.write_text(news.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa ", 1), encoding="utf-8")
    start = time.perf_counter()
    assert build(root, "reference").wait() == 0  # the new build, whole, for comparison
    duration = time.perf_counter() - start
    new = tree(root / "reference")
    assert new != old
    killed = 0
    for fraction in (0.3, 0.5, 0.65, 0.8, 0.9, 0.95, 0.98):
        process = build(root)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        code = process.wait()
        now = tree(root / "site")
        assert now in (old, new), f"killed at {fraction:.0%} of a build: the site is neither the old build nor the new one"
        killed += code == -signal.SIGKILL
        if now == new:  # the swap had happened: go on killing builds of the same content
            old = new
    assert killed >= 4
    # The next build runs as if nothing had happened and leaves no build folder behind.
    assert build(root).wait() == 0
    assert tree(root / "site") == new
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
