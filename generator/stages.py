"""Where a build is, for the benchmark (bench/run.py, `make bench-large`): with KHUYENCONG_STAGES
set to a file, each stage's start is appended to it as "<monotonic seconds> <pid> <stage>", so
time and memory sampled from outside can be told per stage, and a count as "= <pid> <name>=<n>"
(what the compression made and reused). Without it, nothing is written.

With KHUYENCONG_STOP_AT set to a stage's name, the process that reaches that stage stops there
until it is killed: tests/test_kill.py kills builds inside each stage, whatever the machine's speed."""

from __future__ import annotations

import os
import time


def note(name: str, value: int) -> None:
    """A count for the benchmark, beside the stages: "= <pid> <name>=<value>"."""
    path = os.environ.get("KHUYENCONG_STAGES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"= {os.getpid()} {name}={value}\n")


def mark(stage: str) -> None:
    path = os.environ.get("KHUYENCONG_STAGES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{time.monotonic():.3f} {os.getpid()} {stage}\n")
    if os.environ.get("KHUYENCONG_STOP_AT") == stage:
        while True:
            time.sleep(3600)
