"""Peak memory of a process tree, summed over all its processes, sampled from /proc.

RSS counts a page shared by a forked worker and its parent in both; PSS shares it out between them,
so the sum of PSS is what the tree really holds. Both sums are kept; the issue's target is read on
the sum of RSS, the stricter one.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _kb(pid: int, path: str, keys: tuple[str, ...]) -> dict[str, int]:
    out = {}
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                name = line.split(":", 1)[0]
                if name in keys:
                    out[name] = int(line.split()[1])
    except OSError:
        pass
    return out


def tree_usage(root: int) -> tuple[int, int, int]:
    """(processes, summed RSS KB, summed PSS KB) of `root` and all its descendants, now."""
    tree = _children()
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(tree.get(pid, ()))
    rss = pss = 0
    for pid in seen:
        roll = _kb(pid, "smaps_rollup", ("Rss", "Pss"))
        rss += roll.get("Rss", 0)
        pss += roll.get("Pss", 0)
    return len(seen), rss, pss


class PeakSampler:
    """Samples the tree under `pid` every `every` seconds until stopped; keeps the peaks."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every = pid, every
        self.rss_kb = self.pss_kb = self.processes = 0
        self.samples: list[tuple[float, int, int]] = []  # (time.monotonic(), summed RSS KB, summed PSS KB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            began = time.monotonic()
            n, rss, pss = tree_usage(self.pid)
            self.samples.append((time.monotonic(), rss, pss))
            self.processes = max(self.processes, n)
            self.rss_kb = max(self.rss_kb, rss)
            self.pss_kb = max(self.pss_kb, pss)
            # Reading a large process's memory map takes the kernel a while: sampling keeps to about
            # a tenth of one core, so it does not slow the build it measures.
            time.sleep(max(self.every, 9 * (time.monotonic() - began)))

    @property
    def rss_mb(self) -> float:
        return self.rss_kb / 1024

    @property
    def pss_mb(self) -> float:
        return self.pss_kb / 1024


def per_stage(marks: list[tuple[float, int, str]], samples: list[tuple[float, int, int]],
              end: float) -> list[tuple[str, float, float, float]]:
    """(stage, seconds, peak summed RSS MB, peak summed PSS MB) for each stage the build's main
    process marked (generator/stages.py); a stage lasts until the next mark. What a worker does
    meanwhile counts in the memory of the stage it overlaps."""
    main = marks[0][1]
    own = [(t, name) for t, pid, name in marks if pid == main and not name.endswith(" done")]
    out = []
    for (start, name), (stop, _n) in zip(own, [*own[1:], (end, "")]):
        inside = [(r, p) for t, r, p in samples if start <= t <= stop]
        # shorter than a sample: the last one
        inside = inside or [(r, p) for t, r, p in samples if t <= stop][-1:] or [(0, 0)]
        out.append((name, stop - start, max(r for r, _ in inside) / 1024, max(p for _, p in inside) / 1024))
    return out


def worker_spans(marks: list[tuple[float, int, str]]) -> list[tuple[str, float]]:
    """(stage, seconds) of what workers marked (a start, then the same name with " done")."""
    started: dict[tuple[int, str], float] = {}
    out = []
    for t, pid, name in marks:
        if name.endswith(" done"):
            base = name.removesuffix(" done")
            begin = next((v for (p, n), v in started.items() if p == pid and n.startswith(base)), None)
            if begin is not None:
                out.append((base, t - begin))
        else:
            started[(pid, name)] = t
    return out


@dataclass
class Run:
    """A command's run: wall and CPU seconds (all its processes), the peak of memory summed over
    them; and, for the stages of a build, its pid, when it started and ended (time.monotonic())
    and the memory samples."""
    wall: float = 0.0
    cpu: float = 0.0
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    pid: int = 0
    start: float = 0.0
    end: float = 0.0
    samples: list[tuple[float, int, int]] = field(default_factory=list, repr=False)
    counts: dict[str, int] = field(default_factory=dict)  # what the build counted (generator/stages.py: note)

    def then(self, other: "Run") -> "Run":
        """Two commands run one after the other: times add up, the memory peak is the higher one."""
        return Run(self.wall + other.wall, self.cpu + other.cpu, max(self.rss_mb, other.rss_mb),
                   max(self.pss_mb, other.pss_mb))


def measured(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` to its end, sampling its process tree; a failure stops the bench with its output."""
    before = os.times()
    t, start = time.perf_counter(), time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    with PeakSampler(proc.pid) as peak:
        output = proc.communicate()[0]
    wall, end = time.perf_counter() - t, time.monotonic()
    after = os.times()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{output[-3000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Run(wall, cpu, peak.rss_mb, peak.pss_mb, proc.pid, start, end, peak.samples)
