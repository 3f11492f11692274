"""The built site served by real nginx and Caddy with the configurations `khuyencong server-config`
writes (generator/outputs/servers.py), asserted with real HTTP requests."""

from __future__ import annotations

import gzip
import http.client
import subprocess
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from generator.outputs.release import IMMUTABLE, SHORT, content_type
from generator.outputs.security import EDITOR_SERVER_POLICY, SITE_POLICY
from tests.conftest import module_folder
from tests.webservers import INSTALLED, SERVERS, WHY_NOT, check_command, config, env, running, write_config

# One pytest-xdist worker runs this module (`make test-fast`, --dist loadgroup): each server is started once.
pytestmark = [pytest.mark.skipif(not INSTALLED, reason=WHY_NOT), pytest.mark.xdist_group("servers")]


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest, portal_root: Path, portal_site: Path,
           tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[tuple[str, int, Path]]:
    kind = request.param
    # `work`: the configuration and the log; the site is served as built, read only
    with module_folder(request, tmp_path_factory, kind) as work, running(kind, portal_root, portal_site, work) as port:
        yield kind, port, portal_site


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


@pytest.mark.parametrize("what, path", [
    ("page", "/san-pham/"), ("home", "/"), ("hashed asset", "assets/portal.*.css"), ("font", "assets/fonts/*.woff2"),
    ("feed", "/feeds/tin-tuc.rss.xml"), ("data", "/du-lieu/san-pham.csv"), ("sitemap", "/sitemap.xml"),
    ("missing page", "/khong-co-trang-nay/"), ("missing file", "/khong-co.xyz"), ("redirect", "/tinh-thanh/bac-giang/"),
    ("redirect without slash", "/tinh-thanh/bac-giang"),
])
def test_every_response_carries_nosniff_and_the_sites_policy(server, what: str, path: str):
    _, port, site = server
    path = path if path.startswith("/") else _one(site, path)
    status, headers, _ = get(port, path, "br, gzip")
    assert status in (200, 301, 404), (what, status)
    assert headers.get("x-content-type-options") == "nosniff", (what, headers)
    assert headers.get("content-security-policy") == SITE_POLICY, (what, headers)


@pytest.mark.parametrize("path", ["/quan-tri/", "/quan-tri/config.yml"])
def test_the_web_editor_has_its_own_policy(server, path: str):
    _, port, _ = server
    status, headers, _ = get(port, path, "gzip")
    assert status == 200 and headers.get("x-content-type-options") == "nosniff"
    assert headers.get("content-security-policy") == EDITOR_SERVER_POLICY


def test_every_file_of_the_site_has_a_type_and_keeps_it(server):
    """No file is served with a type guessed from its bytes: each has one from the serving policy,
    and the server sends that one."""
    _, port, site = server
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and
                   not p.name.endswith((".gz", ".br")))
    assert not [f for f in files if content_type(f) == "application/octet-stream"]
    one_of_each = {}
    for f in files:
        if f != "404.html":  # served only as the answer to a missing address
            one_of_each.setdefault(f.rsplit(".", 1)[-1], f)
    for f in one_of_each.values():
        status, headers, _ = get(port, "/" + f)
        assert status == 200 and headers["content-type"].replace(" ", "").lower() == content_type(f).replace(" ", ""), f


# Characters a folder's name may hold that mean something in an nginx or Caddy configuration:
# each must reach the server as part of the path.
HOSTILE = {"space": "a b", "double quote": 'a"b', "semicolon": "a;b", "braces": "a{b}c {", "dollar": "a$b${x}",
           "single quote and backtick": "a'b`c", "hash": "a #b"}
ONLY = {"nginx": {"backslash": "a\\b", "env placeholder": "a{$HOME}b"}, "caddy": {}}


@pytest.mark.parametrize("kind", SERVERS)
@pytest.mark.parametrize("name", list(HOSTILE) + ["backslash", "env placeholder"])
def test_a_site_path_is_written_quoted_and_the_server_accepts_it(kind: str, name: str, portal_root: Path,
                                                                 tmp_path: Path):
    folder = {**HOSTILE, **ONLY[kind]}.get(name)
    if folder is None:
        pytest.skip(f"{kind} refuses it (test_what_a_configuration_cannot_hold_is_refused)")
    site = tmp_path / folder / "site"
    site.mkdir(parents=True)  # nginx -t opens the pid file beside it
    code, text, err = config(kind, portal_root, site, "127.0.0.1:8080")
    assert code == 0, err
    conf = write_config(kind, text, tmp_path)
    checked = subprocess.run(check_command(kind, conf, tmp_path), capture_output=True, text=True, env=env(tmp_path))
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("kind", SERVERS)
def test_a_site_in_a_folder_with_every_such_character_is_served(kind: str, portal_root: Path, tmp_path: Path):
    work = tmp_path / "".join({**HOSTILE, **ONLY[kind]}.values())
    site = work / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>trang chủ</p>\n", encoding="utf-8")
    (site / "404.html").write_text("<p>không có</p>\n", encoding="utf-8")
    with running(kind, portal_root, site, tmp_path) as port:
        status, headers, body = get(port, "/")
        assert (status, body) == (200, (site / "index.html").read_bytes())
        status, headers, body = get(port, "/khong-co/")
        assert (status, body) == (404, (site / "404.html").read_bytes())
        assert headers["content-security-policy"] == SITE_POLICY


@pytest.mark.parametrize("kind, folder, says", [
    ("nginx", "a\nb",
     "a\\nb' holds a control character (such as a line break), which the nginx configuration cannot hold"),
    ("caddy", "a\tb",
     "a\\tb' holds a control character (such as a line break), which the Caddy configuration cannot hold"),
    ("caddy", "a\\b", "a\\b' holds a backslash '\\', which the Caddy configuration cannot hold"),
    ("caddy", "a{$HOME}b",
     "a{$HOME}b' holds '{$' (which Caddy reads as an environment variable), which the Caddy configuration cannot hold"),
])
def test_what_a_configuration_cannot_hold_is_refused(kind: str, folder: str, says: str, portal_root: Path,
                                                     tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KHUYENCONG_LANG", "en")
    code, out, err = config(kind, portal_root, tmp_path / folder, "8080")
    assert code == 1 and out == "" and "Traceback" not in err
    assert f"--site-dir: the path '{tmp_path}/" in err and says in err
    monkeypatch.setenv("KHUYENCONG_LANG", "vi")
    code, out, err = config(kind, portal_root, tmp_path / folder, "8080")
    assert code == 1 and out == "" and "mà cấu hình " in err


@pytest.mark.parametrize("kind", SERVERS)
@pytest.mark.parametrize("listen", ["8080; include /etc/passwd", "127.0.0.1:8080 {", "a b:80", "[::1]:99999", "",
                                    "８０８０", "18080\n", "1.2.3.4.5:80", "[zz]:80", "256.1.1.1:80"])
def test_a_listen_address_is_a_port_or_an_address_and_port(kind: str, listen: str, portal_root: Path, tmp_path: Path,
                                                           monkeypatch):
    monkeypatch.setenv("KHUYENCONG_LANG", "en")
    code, out, err = config(kind, portal_root, tmp_path / "site", listen)
    assert code == 1 and out == "" and "Traceback" not in err
    shown = listen.replace("\n", "\\n")
    assert f"--listen: '{shown}' is not a port or address:port. Write e.g. 8080, 127.0.0.1:8080 or [::1]:8080" in err
