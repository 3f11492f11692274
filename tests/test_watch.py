"""The portal's own watcher for `serve` (generator/watch.py): a change of an input rewrites the one
file the preview server watches; reading an input, or a change elsewhere, does not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.watch import POLL_INPUTS, Watcher


def _until(test, limit: float = 20.0) -> bool:
    start = time.monotonic()
    while not test():
        if time.monotonic() - start > limit:
            return False
        time.sleep(0.02)
    return True


class _NoInotify:
    """A kernel that cannot notify (no inotify, or out of watches)."""

    def __init__(self) -> None:
        raise OSError(28, "inotify watch limit reached")


@pytest.fixture(params=["kernel", "polling"])
def watched(tmp_path: Path, request, monkeypatch):
    """The watcher told by the kernel, and the watcher that looks at the inputs itself where the
    kernel cannot tell (the server is left watching the signal folder either way)."""
    if request.param == "polling":
        monkeypatch.setattr("watchdog.observers.inotify.InotifyObserver", _NoInotify)
    data, other = tmp_path / "site_data", tmp_path / "site"
    data.mkdir()
    other.mkdir()
    (data / "a.yml").write_text("name: A\n", encoding="utf-8")
    (data / "read.yml").write_text("name: R\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    w = Watcher([data.resolve()], [tmp_path / "mkdocs.yml"])
    assert w.start()
    if w.polls != (request.param == "polling"):
        pytest.skip("no inotify here: the watcher polls the inputs")
    yield w, tmp_path
    w.stop()
    assert not w.signal_dir.exists()  # the folder the server watched goes with the watcher


def test_an_edit_of_a_watched_folder_or_file_signals(watched):
    w, root = watched
    before = w.signal.read_text()
    (root / "site_data" / "a.yml").write_text("name: B\n", encoding="utf-8")
    assert _until(lambda: w.signal.read_text() != before)
    before = w.signal.read_text()
    (root / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")
    assert _until(lambda: w.signal.read_text() != before)
    before = w.signal.read_text()
    (root / "site_data" / "new").mkdir()
    (root / "site_data" / "new" / "b.yml").write_text("name: C\n", encoding="utf-8")  # a new folder's file too
    assert _until(lambda: w.signal.read_text() != before)


def test_reading_an_input_or_writing_elsewhere_does_not_signal(watched):
    w, root = watched
    before = w.signal.read_text()
    (root / "site_data" / "read.yml").read_text(encoding="utf-8")  # the build reads every input
    (root / "site" / "index.html").write_text("<p>built</p>", encoding="utf-8")  # and writes the site elsewhere
    (root / "notes.txt").write_text("x", encoding="utf-8")  # beside mkdocs.yml, but not it
    # then an edit: once it is seen, everything before it has been seen too (events come in order;
    # polled, each folder by its own thread: after another look at them all)
    (root / "site_data" / "a.yml").write_text("name: D\n", encoding="utf-8")
    assert _until(lambda: w.signal.read_text() != before)
    if w.polls:
        time.sleep(2 * POLL_INPUTS)
    assert set(w.changed) == {str((root / "site_data" / "a.yml").resolve())}
