"""A built site as a CDN wants it (generator/outputs/release.py): fingerprinted assets with every
reference rewritten, and .gz and .br copies of every text file."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from pathlib import Path, PurePosixPath

import brotli
from lxml import html as lhtml

from generator.outputs.release import (FINGERPRINTED, HASHED, KEPT_NAMES, SMALLEST, _rewrite, cache_control,
                                       content_type, is_text)


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_every_asset_name_carries_its_content_hash(portal_site: Path):
    assets = [f for f in _files(portal_site) if f.startswith("assets/") and PurePosixPath(f).suffix in FINGERPRINTED]
    assert assets
    assert [f for f in assets if not HASHED.match(f) and not f.startswith(KEPT_NAMES)] == []
    assert all(cache_control(f) == "public, max-age=31536000, immutable" for f in assets if
               not f.startswith(KEPT_NAMES))


def test_every_reference_to_an_asset_leads_to_a_file(portal_site: Path):
    """Pages (stylesheets, scripts, preloaded fonts, pictures) and stylesheets (url())."""
    checked = 0
    for f in _files(portal_site):
        if f.startswith("quan-tri/"):
            continue
        here = (portal_site / f).parent
        if f.endswith(".html"):
            doc = lhtml.fromstring((portal_site / f).read_bytes())
            refs = (doc.xpath("//link/@href | //script/@src | //img/@src")
                    + [u.split()[0] for s in doc.xpath("//@srcset") for u in s.split(",")])
        elif f.endswith(".css"):
            refs = [m.group(2) for m in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)",
                                                    (portal_site / f).read_text(encoding="utf-8"))]
        else:
            continue
        for ref in refs:
            if re.match(r"^[a-z]+:|^#|^data:", ref) or "assets/" not in (ref if f.endswith(".html") else f + ref):
                continue
            path = ref.split("#")[0].split("?")[0]
            target = Path(os.path.normpath(portal_site / path[1:] if path.startswith("/") else here / path))
            assert target.is_file(), f"{f}: {ref}"
            checked += 1
    assert checked > 100


def test_every_text_file_has_its_compressed_copies(portal_site: Path):
    files = set(_files(portal_site))
    texts = [f for f in files if is_text(f) and not f.startswith("quan-tri/")]
    assert len(texts) > 100
    for f in texts:
        data = (portal_site / f).read_bytes()
        if len(data) < SMALLEST:
            assert f + ".gz" not in files
            continue
        assert gzip.decompress((portal_site / f"{f}.gz").read_bytes()) == data, f
        assert brotli.decompress((portal_site / f"{f}.br").read_bytes()) == data, f


def test_references_are_rewritten_where_they_are_and_nowhere_else():
    renamed = {"assets/fonts/a.woff2": "assets/fonts/a.0123456789.woff2",
               "assets/portal.css": "assets/portal.abcdef0123.css"}
    css = (b"@font-face{src:url(fonts/a.woff2?v=1) format('woff2')} .x{background:url('fonts/a.woff2#x')} "
           b".y{background:url(data:x)}")
    assert _rewrite("assets/portal.css", css, renamed) == (
        b"@font-face{src:url(fonts/a.0123456789.woff2?v=1) format('woff2')} "
        b".x{background:url('fonts/a.0123456789.woff2#x')} .y{background:url(data:x)}")
    page = (b'<link href="../../assets/portal.css"><a href="https://kc.gov.vn/assets/portal.css">x</a><a '
            b'href="/tin-tuc/bai-assets/portal.css">')
    assert _rewrite("a/b/index.html", page, renamed) == (
        b'<link href="../../assets/portal.abcdef0123.css"><a '
        b'href="https://kc.gov.vn/assets/portal.abcdef0123.css">x</a>'
        b'<a href="/tin-tuc/bai-assets/portal.css">')



def test_a_name_with_any_letters_is_found_by_its_encoded_address():
    """Pages name a picture called 'Ảnh sản phẩm, mới.jpg' by its percent-encoded address (a space
    or a comma would end it); the rewrite finds it and writes the new name encoded too."""
    renamed = {"assets/anh/Ảnh sản phẩm, mới.jpg": "assets/anh/Ảnh sản phẩm, mới.0123456789.jpg"}
    page = b'<img src="../../assets/anh/%E1%BA%A2nh%20s%E1%BA%A3n%20ph%E1%BA%A9m%2C%20m%E1%BB%9Bi.jpg" alt="">'
    assert _rewrite("a/b/index.html", page, renamed) == (
        b'<img src="../../assets/anh/%E1%BA%A2nh%20s%E1%BA%A3n%20ph%E1%BA%A9m%2C%20m%E1%BB%9Bi.0123456789.jpg" alt="">')

def test_the_serving_policy_names_utf8_for_every_text_type():
    for name in ("a/index.html", "feeds/x.rss.xml", "feeds/x.atom.xml", "feeds/x.json", "lich.ics", "d.csv",
                 "sitemap.xml", "c.jsonld"):
        assert content_type(name).endswith("; charset=utf-8"), name
    assert content_type("feeds/x.rss.xml").startswith("application/rss+xml")
    assert (content_type("a.woff2") == "font/woff2"
            and cache_control("tin-tuc/index.html") == "public, max-age=300, must-revalidate")


def test_a_large_site_is_compressed_by_two_processes_alike(portal_site: Path, tmp_path: Path, monkeypatch):
    """Above LARGE text files, half are compressed by a second interpreter (generator/outputs/
    release.py run as a module): the copies are the same bytes as those one process makes, here
    those the build of the test portal made (fewer than LARGE text files: one process)."""
    import shutil

    from generator.outputs import release

    texts = sorted(f for f in _files(portal_site) if release.is_text(f) and not f.startswith("quan-tri/"))
    assert len(texts) < release.LARGE, "the test portal's build split its compression: compress a copy in one process"
    one, two = portal_site, tmp_path / "two"
    for f in texts:
        (two / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(portal_site / f, two / f)
    monkeypatch.setattr(release, "LARGE", 1)
    started = []
    real = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a[0]) or real(*a, **k))
    release.precompress(two, texts)
    assert started and started[0][1:3] == ["-m", "generator.outputs.release"]
    for f in texts:
        for suffix in (".gz", ".br"):
            a, b = one / f"{f}{suffix}", two / f"{f}{suffix}"
            assert a.exists() == b.exists(), f
            if a.exists():
                assert a.read_bytes() == b.read_bytes(), f


def test_a_walk_for_names_finds_what_a_walk_for_status_finds(portal_site: Path):
    """A build from nothing walks the site for names only (release.walk_names): the same files."""
    from generator.outputs.release import walk_files, walk_names

    names = walk_names(portal_site)
    assert len(names) > 1000 and sorted(names) == sorted(rel for rel, _ in walk_files(portal_site))
