"""`serve` watches the portal's inputs itself, with the kernel's notifications (watchdog's inotify
observer): an edit is seen at once, and nothing polls the status of every file of a large portal
(10,000 items: tenths of a second every half second, holding the interpreter the rebuild needs).

The preview server rebuilds when a file it watches changes; it is given one small folder to watch,
holding one file (`signal`), which the watcher rewrites on each change of an input. Where the kernel
cannot notify (no inotify, or out of watches), the watcher looks at the inputs every 0.5 s itself
(watchdog's polling observer) and signals the same way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from watchdog import events as fs_events
from watchdog.events import FileSystemEventHandler
from watchdog.utils import UnsupportedLibcError

POLL_INPUTS = 0.5  # seconds between looks at the inputs where the kernel cannot notify (as MkDocs' server)
# What counts as a change: inotify also tells when a file is merely opened or read (by the build itself).
CHANGES = (fs_events.FileCreatedEvent, fs_events.FileModifiedEvent, fs_events.FileDeletedEvent,
           fs_events.FileMovedEvent, fs_events.FileClosedEvent, fs_events.DirCreatedEvent, fs_events.DirDeletedEvent,
           fs_events.DirMovedEvent)


class Watcher(FileSystemEventHandler):
    """Watches folders (whole) and files; on a change of any, rewrites `signal`."""

    def __init__(self, folders: list[Path], files: list[Path]) -> None:
        super().__init__()
        self.folders, self.files = folders, {f.resolve() for f in files}
        self.signal_dir = Path(tempfile.mkdtemp(prefix="khuyencong-watch-"))
        self.signal = self.signal_dir / "changed"
        self.signal.write_text("0")
        self.observer: Any = None
        self.polls = False  # whether the inputs are polled (the kernel could not notify)
        self.changed: list[str] = []  # the paths whose change was signalled, in order

    def start(self) -> bool:
        """Start watching: told by the kernel (inotify) where it can tell, else by looking at the
        inputs every POLL_INPUTS seconds (watchdog's polling observer, as MkDocs' server polls). The
        server watches the signal folder either way. False when neither starts."""
        from watchdog.observers.polling import PollingObserver

        def inotify() -> Any:
            from watchdog.observers.inotify import InotifyObserver

            return InotifyObserver()

        for make in (inotify, lambda: PollingObserver(timeout=POLL_INPUTS)):
            observer = None
            try:
                observer = make()
                for folder in self.folders:
                    if folder.is_dir():
                        observer.schedule(self, str(folder), recursive=True, event_filter=list(CHANGES))
                for parent in {f.parent for f in self.files}:
                    observer.schedule(self, str(parent), recursive=False, event_filter=list(CHANGES))
                observer.start()
            except (ImportError, OSError, RuntimeError, UnsupportedLibcError):  # no inotify here, or out of watches
                if observer is not None:
                    try:
                        observer.stop()
                    except (OSError, RuntimeError):
                        pass
                continue
            self.observer, self.polls = observer, isinstance(observer, PollingObserver)
            return True
        self.stop()  # its signal folder goes too
        return False

    def on_any_event(self, event: fs_events.FileSystemEvent) -> None:
        paths = [event.src_path, getattr(event, "dest_path", "")]
        in_folder = any(p and any(_under(str(p), folder) for folder in self.folders) for p in paths)
        named = any(p and Path(str(p)).resolve() in self.files for p in paths)
        if in_folder or named:
            self.changed.append(str(event.src_path))
            self.signal.write_text(str(time.monotonic_ns()))

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None
        shutil.rmtree(self.signal_dir, ignore_errors=True)


def serve_with(server: Any, watcher: Watcher | None, inputs: list[Path], config_file: Path,
               docs_dir: str) -> Watcher | None:
    """Tell MkDocs' server (its public `watch`/`unwatch`) what to watch: the one signal folder the
    portal's watcher rewrites when an input changes; were no watcher to start at all (not even
    watchdog's polling thread), the inputs themselves, which the server then looks at as often as
    at the signal (serve.py). Gives the watcher."""
    if watcher is None:
        watcher = Watcher([p.resolve() for p in inputs], [config_file])
        if not watcher.start():
            watcher = None
    if watcher is None:
        for folder in inputs[1:]:
            server.watch(str(folder))
        return None
    for path in (docs_dir, str(config_file)):
        try:
            server.unwatch(os.path.abspath(path))
        except (KeyError, ValueError):
            pass  # not watched by the server (no live reload)
    server.watch(str(watcher.signal_dir))
    return watcher


def _under(path: str, folder: Path) -> bool:
    return path == str(folder) or path.startswith(str(folder).rstrip("/") + "/")
