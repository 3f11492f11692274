"""Large portals split work across two processes; the output must not change."""

from pathlib import Path

import pytest

import generator.parallel
from tests.conftest import ROOT, run_cli


def tree(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow  # the sample built twice, the second split over two processes
def test_parallel_build_is_identical_to_serial(tmp_path: Path, capsys, monkeypatch):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    monkeypatch.setenv("KHUYENCONG_SERIAL", "1")
    assert run_cli(["--root", str(ROOT), "build", "--site-dir", str(serial), "--build-date", "2026-11-22"],
                   capsys)[0] == 0
    monkeypatch.delenv("KHUYENCONG_SERIAL")
    monkeypatch.setattr(generator.parallel, "LARGE", 1)  # split even the sample portal
    from generator.memory import MEMORY

    MEMORY.catalogs.clear()
    assert run_cli(["--root", str(ROOT), "build", "--site-dir", str(parallel), "--build-date", "2026-11-22"],
                   capsys)[0] == 0
    a, b = tree(serial), tree(parallel)
    assert a.keys() == b.keys() and len(a) > 300
    # pages and outputs are written in a folder at the site's root, then named: none is left there
    assert not (serial / ".kc-writing").exists() and not (parallel / ".kc-writing").exists()
    assert [str(k) for k in a if a[k] != b[k]] == []


def test_a_worker_is_forked_only_when_two_copies_fit_the_memory_budget(tmp_path: Path):
    """The feeds-and-index worker copies most of what it reads (reference counts are written), so
    it is started only when twice this process fits the budget (plugin option `memory_mb`);
    otherwise its job runs in this process when waited for."""
    import os

    from generator.parallel import LARGE, Background, resident_mb

    here = resident_mb()
    assert here > 10
    ran = tmp_path / "ran"

    def job() -> None:
        ran.write_text(str(os.getpid()))

    tight = Background(job, LARGE, budget_mb=1.5 * here)
    assert tight.proc is None and not ran.exists()
    tight.wait()
    assert ran.read_text() == str(os.getpid())
    roomy = Background(job, LARGE, budget_mb=4 * here)
    roomy.wait()
    assert roomy.proc is not None and ran.read_text() != str(os.getpid())


def test_a_failed_build_stops_the_child_that_writes_beside_it(monkeypatch: pytest.MonkeyPatch):
    """The feeds-and-index child starts once the pages are rendered; if the build fails after that
    (plugin.on_build_error), it is stopped at once rather than left writing into a folder the
    command line removes."""
    import signal
    import time

    monkeypatch.delenv("KHUYENCONG_SERIAL", raising=False)
    from generator.parallel import LARGE, Background

    child = Background(lambda: time.sleep(60), LARGE)
    assert child.forks and child.running()
    child.stop()
    assert not child.running() and child.proc is not None
    assert child.proc.exitcode == -signal.SIGKILL  # killed, not waited for through its minute of work
