"""The built site served by real nginx and Caddy with the configurations `khuyencong server-config`
writes (generator/outputs/servers.py), asserted with real HTTP requests."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from generator.outputs.release import IMMUTABLE, SHORT

pytestmark = pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("caddy")), reason="make test-deps installs nginx and caddy")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


@pytest.fixture(scope="module", params=["nginx", "caddy"])
def server(request: pytest.FixtureRequest, portal_root: Path, portal_site: Path, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[tuple[str, int, Path]]:
    kind = request.param
    work = tmp_path_factory.mktemp(kind)
    site = work / "site"
    shutil.copytree(portal_site, site)
    port = _free_port()
    from generator.cli import main
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(portal_root), "server-config", kind, "--site-dir", str(site), "--listen", f"127.0.0.1:{port}"]) == 0
    conf = work / ("nginx.conf" if kind == "nginx" else "Caddyfile")
    text = out.getvalue()
    if kind == "nginx" and os.geteuid() == 0:  # the test's folders are root's own; a real site is readable by nginx's user
        text = "user root;\n" + text
    conf.write_text(text, encoding="utf-8")
    cmd = (["nginx", "-c", str(conf), "-p", str(work), "-g", "daemon off;"] if kind == "nginx"
           else ["caddy", "run", "--config", str(conf), "--adapter", "caddyfile"])
    log = work / "server.log"  # a file, not a pipe: a pipe nobody reads fills and stops the server
    with log.open("wb") as err:
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env={"HOME": str(work), "PATH": "/usr/sbin:/usr/bin:/bin"})
    try:
        _wait(port, process, log)
        yield kind, port, site
    finally:
        process.terminate()
        process.wait(10)


def get(port: int, path: str, encoding: str | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def decoded(headers: dict[str, str], body: bytes) -> bytes:
    enc = headers.get("content-encoding")
    return brotli.decompress(body) if enc == "br" else gzip.decompress(body) if enc == "gzip" else body


@pytest.mark.parametrize("encoding", ["br", "gzip", None])
def test_pages_come_precompressed_as_asked(server, encoding: str | None):
    _, port, site = server
    status, headers, body = get(port, "/san-pham/", encoding)
    assert status == 200
    assert headers.get("content-encoding") == encoding
    assert decoded(headers, body) == (site / "san-pham" / "index.html").read_bytes()
    assert headers["content-type"].replace(" ", "").lower() == "text/html;charset=utf-8"
    assert headers["cache-control"] == SHORT
    assert "accept-encoding" in headers.get("vary", "").lower()


def _one(site: Path, pattern: str) -> str:
    found = sorted(p.relative_to(site).as_posix() for p in site.glob(pattern) if not p.name.endswith((".gz", ".br")))
    assert found, pattern
    return "/" + found[0]


@pytest.mark.parametrize("pattern, kind, cache", [
    ("assets/portal.*.css", "text/css; charset=utf-8", IMMUTABLE),
    ("assets/search.*.js", "text/javascript; charset=utf-8", IMMUTABLE),
    ("assets/fonts/*.woff2", "font/woff2", IMMUTABLE),
    ("feeds/tin-tuc.rss.xml", "application/rss+xml; charset=utf-8", SHORT),
    ("feeds/tin-tuc.atom.xml", "application/atom+xml; charset=utf-8", SHORT),
    ("feeds/tin-tuc.json", "application/json; charset=utf-8", SHORT),
    ("su-kien/lich.ics", "text/calendar; charset=utf-8", SHORT),
    ("du-lieu/san-pham.csv", "text/csv; charset=utf-8", SHORT),
    ("du-lieu/catalog.jsonld", "application/ld+json; charset=utf-8", SHORT),
    ("sitemap.xml", "application/xml; charset=utf-8", SHORT),
])
def test_each_kind_of_file_has_its_type_and_cache(server, pattern: str, kind: str, cache: str):
    _, port, site = server
    path = _one(site, pattern)
    status, headers, body = get(port, path, "br, gzip")
    assert status == 200, path
    assert headers["content-type"].replace(" ", "").lower() == kind.replace(" ", ""), path
    assert headers["cache-control"] == cache, path
    assert decoded(headers, body) == (site / path.lstrip("/")).read_bytes()


def test_a_missing_page_gets_the_portals_404(server):
    _, port, site = server
    status, headers, body = get(port, "/khong-co-trang-nay/", "gzip")
    assert status == 404
    assert decoded(headers, body) == (site / "404.html").read_bytes()
    assert headers["content-type"].replace(" ", "").lower() == "text/html;charset=utf-8"


def test_a_former_provinces_address_redirects_to_its_new_unit(server):
    _, port, _ = server
    for path in ("/tinh-thanh/bac-giang/", "/tinh-thanh/bac-giang"):
        status, headers, _ = get(port, path)
        assert status == 301 and headers["location"].endswith("/tinh-thanh/bac-ninh/"), (path, status, headers)
