"""Use the second core for large portals: split work with a forked child process.

Only used above a size threshold, so small portals (the sample, the tests) stay serial and simple.
With `fork`, the child inherits the catalog; only results travel back, pickled through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import threading
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
# items above which the work is split; KHUYENCONG_LARGE sets another threshold (the tests build a
# small portal both ways and compare: tests/test_parallel.py)
LARGE = int(os.environ.get("KHUYENCONG_LARGE") or 2_000)


def die_with_parent() -> None:
    """A child stops when the build is killed (Linux): no orphan keeps writing into a folder that
    the next build removes."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def can_fork() -> bool:
    return hasattr(os, "fork") and os.environ.get("KHUYENCONG_SERIAL") != "1"


def shared_map(func: Callable[[T], R], items: list[T], extra: Callable[[], Any] | None = None,
               order: list[int] | None = None, serial: bool = False) -> tuple[list[R], Any]:
    """[func(x) for x in items], computed by this process and a forked child side by side: each
    takes the next item not yet taken (a counter they share), so neither waits while the other has
    work, however unequal the items. `order`: the indexes in the order to take them (the longest
    first balances best); the results come back in the items' order whatever it is. The child sends
    each result as soon as it has it, and a thread of this process receives it, so the child never
    holds its share of the results (at 100,000 items, hundreds of megabytes). `extra()` is evaluated
    in the child at its end and returned too. Serial below LARGE items, or when the caller knows the
    items are quick (`serial`: forking a large process and sending results back would cost more)."""
    order = order if order is not None else list(range(len(items)))
    if serial or len(items) < LARGE or not can_fork():
        done = {i: func(items[i]) for i in order}
        return [done[i] for i in range(len(items))], None
    ctx = multiprocessing.get_context("fork")
    taken = ctx.Value("l", 0)  # the next position in `order`, behind its lock
    receive, send = ctx.Pipe(duplex=False)
    done: dict[int, R] = {}

    def work(found: Callable[[int, R], None]) -> None:
        while True:
            with taken.get_lock():
                at = taken.value
                taken.value += 1
            if at >= len(order):
                return
            found(order[at], func(items[order[at]]))

    def child() -> None:
        die_with_parent()
        work(lambda i, result: send.send((i, result)))
        send.send((-1, extra() if extra else None))
        send.close()

    more: list[Any] = []

    def receiver() -> None:
        try:
            while True:
                i, result = receive.recv()
                if i < 0:
                    more.append(result)
                    return
                done[i] = result
        except EOFError:  # the child died without a word: its exit code says how
            return

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    thread = threading.Thread(target=receiver, daemon=True)
    thread.start()
    work(done.__setitem__)
    thread.join()
    proc.join()
    if proc.exitcode:
        raise RuntimeError(f"rendering worker failed with exit code {proc.exitcode}")
    return [done[i] for i in range(len(items))], more[0] if more else None


def resident_mb() -> float:
    """This process's resident memory now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Background:
    """Run `job()` in a forked child now; `wait()` later. Serial (run at wait) for small portals,
    and when a second copy of this process would not fit in `budget_mb`: a child that reads the
    whole catalog ends up copying most of it (each object it reads has its reference count written),
    so forking costs up to this process's size again, and this process still grows by about a
    quarter while MkDocs writes the pages. At 100,000 items that is past a 4 GB budget
    (measured 2026-12-06: the job ran after the pages instead of beside them).

    `reply()`, evaluated once the job is done where it ran, is what `wait()` returns: from a child,
    sent back pickled (what the job learned that this process needs: a build from the cache keeps
    what its outputs wrote)."""

    def __init__(self, job: Callable[[], None], size: int, budget_mb: float = float("inf"), start: bool = True,
                 reply: Callable[[], Any] | None = None):
        self.job, self.reply, self.proc, self.receive = job, reply, None, None
        self.forks = size >= LARGE and can_fork() and 2.5 * resident_mb() <= budget_mb
        if start:
            self.start()

    def start(self) -> None:
        """Fork the child now (if it forks at all)."""
        if self.forks and self.proc is None:
            job, reply = self.job, self.reply
            ctx = multiprocessing.get_context("fork")
            self.receive, send = ctx.Pipe(duplex=False)

            def child() -> None:
                die_with_parent()
                job()
                send.send(reply() if reply else None)  # pickled whole before a byte is written
                send.close()

            self.proc = ctx.Process(target=child, daemon=True)
            self.proc.start()
            send.close()

    def stop(self) -> None:
        """The build failed: the child stops now, before the folder it writes in is removed."""
        if self.proc is not None and self.proc.is_alive():
            self.proc.kill()
            self.proc.join()

    def running(self) -> bool:
        """The child is still at work."""
        return self.proc is not None and self.proc.is_alive()

    def wait(self) -> Any:
        """The job done (here, when it does not fork); what `reply()` gave."""
        if not self.forks:
            self.job()
            return self.reply() if self.reply else None
        self.start()
        assert self.proc is not None and self.receive is not None
        try:
            got = self.receive.recv()  # before the child is joined: a large reply fills the pipe
        except EOFError:  # the child died without a word: its exit code says how
            got = None
        self.receive.close()
        self.proc.join()
        if self.proc.exitcode:
            raise RuntimeError(f"background job failed with exit code {self.proc.exitcode}")
        return got


def remove_later(folder: Path) -> None:
    """Remove a folder after this command returns (a large build's old copy takes seconds): renamed
    out of the way at once (`.trash-…`), then deleted by a detached `rm`. One that never goes (the
    machine stopped) is removed again by the next build. Where it cannot be renamed, or no process
    can be started, it is removed now."""
    if not folder.exists():
        return
    trash = folder if folder.name.startswith(".trash-") else folder.with_name(f".trash-{os.getpid()}-{folder.name}")
    try:
        if trash != folder:
            folder.rename(trash)
        subprocess.Popen(["rm", "-rf", str(trash)], start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    except OSError:  # no rename, or no process to spare: removed now
        shutil.rmtree(trash if trash.exists() else folder, ignore_errors=True)
