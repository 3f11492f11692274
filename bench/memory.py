"""Peak memory of a process tree, summed over all its processes, sampled from /proc.

RSS counts a page shared by a forked worker and its parent in both; PSS shares it out between them,
so the sum of PSS is what the tree really holds. Both sums are kept; the issue's target is read on
the sum of RSS, the stricter one.
"""

from __future__ import annotations

import os
import threading
import time
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
            n, rss, pss = tree_usage(self.pid)
            self.processes = max(self.processes, n)
            self.rss_kb = max(self.rss_kb, rss)
            self.pss_kb = max(self.pss_kb, pss)
            time.sleep(self.every)

    @property
    def rss_mb(self) -> float:
        return self.rss_kb / 1024

    @property
    def pss_mb(self) -> float:
        return self.pss_kb / 1024
