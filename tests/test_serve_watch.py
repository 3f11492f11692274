"""`khuyencong serve` as a communicator runs it: a real server process, a real edit on disk.

The portal's own watcher (generator/watch.py) follows content/, site_data/, templates/ and
mkdocs.yml through the kernel's notifications and tells MkDocs' server to rebuild: an edit of a news
item or of a data file is rebuilt once, promptly, and the build's own reading of files does not set
off another build.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BUILD_DATE, ROOT, copy_portal

# A real server process, edited while it runs: `make test` runs it, `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

NEWS = "content/tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023.md"


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def _until(test, limit: float, proc: subprocess.Popen, log: Path) -> float:
    start = time.monotonic()
    while not test():
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() - start < limit, log.read_text(encoding="utf-8")
        time.sleep(0.05)
    return time.monotonic() - start


def test_an_edit_is_rebuilt_once_and_shows(tmp_path: Path):
    root = copy_portal(tmp_path / "portal")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "serve.log"
    env = {**os.environ, "KHUYENCONG_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"],
                                env=env, stdout=out, stderr=out, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/"
    page = base + "tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/"
    try:
        _until(lambda: "Quảng Nam bình chọn" in _get(page), 120, proc, log)
        shown = _get(page)  # the preview reloads itself: MkDocs' inline live-reload script, which a policy would refuse
        assert "livereload(" in shown and "Content-Security-Policy" not in shown
        time.sleep(1.5)  # nothing more happens while nobody edits (no build set off by reading files)
        builds = log.read_text(encoding="utf-8").count("Building documentation")
        assert builds == 1, log.read_text(encoding="utf-8")
        # MkDocs' server polls nothing of the portal: it watches the one folder the watcher signals through
        watching = [line for line in log.read_text(encoding="utf-8").splitlines() if "Watching paths" in line]
        assert len(watching) == 1 and "khuyencong-watch-" in watching[0] and str(root) not in watching[0], watching
        with pytest.raises(urllib.error.HTTPError) as missing:  # an address that does not exist: the portal's 404 page
            urllib.request.urlopen(base + "khong-co-trang-nay/", timeout=5)
        assert missing.value.code == 404 and "<h1>Không tìm thấy trang</h1>" in missing.value.read().decode("utf-8")

        path = root / NEWS
        path.write_text(path.read_text(encoding="utf-8").replace("title: Quảng Nam bình chọn",
                                                                 "title: Quảng Nam (đã sửa) bình chọn", 1),
                        encoding="utf-8")
        _until(lambda: "Quảng Nam (đã sửa) bình chọn" in _get(page), 30, proc, log)
        time.sleep(1.5)
        assert log.read_text(encoding="utf-8").count("Building documentation") == 2, log.read_text(encoding="utf-8")

        data = root / "site_data" / "products" / "banh-chung-ba-ba-hoi.yml"  # a data file: site_data/ is watched
        data.write_text(data.read_text(encoding="utf-8").replace("establishment: Hộ kinh doanh Phạm Thị Hội",
                                                                 "establishment: Hộ kinh doanh Phạm Thị Hội (đã sửa)",
                                                                 1), encoding="utf-8")
        product = base + "san-pham/banh-chung-ba-ba-hoi/"  # its address comes from its name, unchanged
        _until(lambda: "Phạm Thị Hội (đã sửa)" in _get(product), 30, proc, log)
        time.sleep(1.5)
        assert log.read_text(encoding="utf-8").count("Building documentation") == 3, log.read_text(encoding="utf-8")
        assert "Traceback" not in log.read_text(encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
