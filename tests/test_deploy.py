"""`khuyencong deploy` against a real S3 server (`rclone serve s3` on a temporary folder), with a
reader fetching pages through plain HTTP while the deploy runs, as a CDN would."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from generator.deploy import rclone
from tests.conftest import BUILD_DATE, copy_portal, module_folder, run_cli

# Real uploads (rclone to a local S3 server) and a second build: `make test` runs it, `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

KEY, SECRET = "AKIDPORTALTEST1", "SECRETPORTALTEST1"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _started(cmd: list[str], port: int, log: Path) -> subprocess.Popen:
    """A server whose log goes to a file (a pipe nobody reads would fill and stop it)."""
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=out)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(log.read_text(errors="replace"))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:
    """An S3 server (with access keys) and, on the same folder, a plain HTTP server for readers."""
    data = tmp_path / "store"
    data.mkdir()
    s3, web = _port(), _port()
    servers = [_started([rclone(), "serve", "s3", "--addr", f"127.0.0.1:{s3}", "--auth-key", f"{KEY},{SECRET}",
                         str(data)], s3, tmp_path / "s3.log"),
               _started([sys.executable, "-m", "http.server", str(web), "--bind", "127.0.0.1", "--directory",
                         str(data)], web, tmp_path / "web.log")]
    # The credentials reach rclone as a CI secret would: from the environment.
    for name, value in {"TYPE": "s3", "PROVIDER": "Rclone", "ENDPOINT": f"http://127.0.0.1:{s3}",
                        "ACCESS_KEY_ID": KEY, "SECRET_ACCESS_KEY": SECRET}.items():
        monkeypatch.setenv(f"RCLONE_CONFIG_PORTAL_{name}", value)
    try:
        yield data, web
    finally:
        for p in servers:
            p.terminate()
            p.wait(10)


@pytest.fixture(scope="module")
def builds(request: pytest.FixtureRequest, portal_root: Path, portal_site: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """Build A (the test portal) and build B: a new stylesheet, an edited page, a news item gone."""
    with module_folder(request, tmp_path_factory, "b") as work:
        root = copy_portal(work / "p")
        css = root / "content" / "assets" / "portal.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n.kc-deploy-test { color: #123456; }\n", encoding="utf-8")
        gone = sorted((root / "content" / "tin-tuc").glob("*.md"))[0]
        gone.unlink()
        from generator.cli import main
        assert main(["--root", str(root), "--lang", "en", "build", "--build-date", BUILD_DATE]) == 0
        yield portal_site, root / "site"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def deploy(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(["--lang", "en", "deploy", *args], capsys)


def test_a_deploy_never_shows_a_page_without_its_assets_and_a_rollback_restores_the_build(store, builds, capsys):
    data, web = store
    a, b = builds
    assert deploy(["portal:khuyencong", "--site-dir", str(a)], capsys)[0] == 0
    assert tree(data / "khuyencong") == tree(a)  # the bucket serves exactly the build

    pages = sorted({p for site in (a, b) for p in tree(site) if p.endswith("index.html")})[:400]
    failures: list[str] = []
    fetched = [0]
    done = threading.Event()

    def reader() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", web, timeout=10)
        while not done.is_set():
            for page in pages:
                if done.is_set():
                    break
                conn.request("GET", f"/khuyencong/{page}")
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    continue  # a page of the other build, not (or no longer) there
                fetched[0] += 1
                here = PurePosixPath(page).parent
                for ref in re.findall(rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', body):
                    path = _normal(str(here / ref.decode()))
                    conn.request("HEAD", f"/khuyencong/{path}")
                    asset = conn.getresponse()
                    asset.read()
                    if asset.status != 200:
                        failures.append(f"{page} -> {path}: {asset.status}")

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        code, out, err = deploy(["portal:khuyencong", "--site-dir", str(b)], capsys)
    finally:
        done.set()
        thread.join()
    assert code == 0, err
    assert fetched[0] > 50 and failures == []
    assert tree(data / "khuyencong") == tree(b)
    # The previous build comes back byte for byte, in the same safe order.
    code, out, err = deploy(["portal:khuyencong", "--rollback"], capsys)
    assert code == 0, err
    assert tree(data / "khuyencong") == tree(a)


def _normal(path: str) -> str:
    import posixpath
    return posixpath.normpath(path)


def test_each_file_carries_its_type_encoding_and_cache(store, builds, capsys):
    data, _ = store
    a, _ = builds
    assert deploy(["portal:khuyencong", "--site-dir", str(a)], capsys)[0] == 0
    import json
    listed = json.loads(subprocess.run([rclone(), "lsjson", "-R", "-M", "--files-only", "portal:khuyencong"],
                                       capture_output=True, text=True, check=True).stdout)
    meta = {item["Path"]: item.get("Metadata", {}) for item in listed}
    css = next(p for p in meta if re.fullmatch(r"assets/portal\.[0-9a-f]{10}\.css", p))
    assert (meta[css]["content-type"], meta[css]["cache-control"]) == ("text/css; charset=utf-8",
                                                                       "public, max-age=31536000, immutable")
    assert meta[css + ".br"]["content-encoding"] == "br" and meta[css
                                                                  + ".br"]["content-type"] == "text/css; charset=utf-8"
    page = meta["tin-tuc/index.html.gz"]
    assert (page["content-type"], page["content-encoding"],
            page["cache-control"]) == ("text/html; charset=utf-8", "gzip", "public, max-age=300, must-revalidate")
    assert meta["feeds/tin-tuc.rss.xml"]["content-type"] == "application/rss+xml; charset=utf-8"


def test_a_dry_run_lists_the_changes_and_makes_none(store, builds, capsys):
    data, _ = store
    a, b = builds
    assert deploy(["portal:khuyencong", "--site-dir", str(a)], capsys)[0] == 0
    before = tree(data / "khuyencong")
    code, out, _ = deploy(["portal:khuyencong", "--site-dir", str(b), "--dry-run"], capsys)
    assert code == 0 and tree(data / "khuyencong") == before
    changed = {line[2:] for line in out.splitlines() if line.startswith("+ ")}
    removed = {line[2:] for line in out.splitlines() if line.startswith("- ")}
    ta, tb = tree(a), tree(b)
    assert changed == {f for f in tb if ta.get(f) != tb[f]} and removed == set(ta) - set(tb)
    assert out.strip().endswith("(nothing done: --dry-run).")


def test_wrong_credentials_are_said_plainly_and_change_nothing(store, builds, capsys, monkeypatch):
    data, _ = store
    a, _ = builds
    monkeypatch.setenv("RCLONE_CONFIG_PORTAL_SECRET_ACCESS_KEY", "wrong-secret-key")
    code, out, err = deploy(["portal:khuyencong", "--site-dir", str(a)], capsys)
    assert code == 1 and "Traceback" not in err
    assert "rclone failed" in err and "RCLONE_CONFIG_" in err
    assert not (data / "khuyencong").exists() or tree(data / "khuyencong") == {}
