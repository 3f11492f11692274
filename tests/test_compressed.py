"""The compressed copies a site serves and the store every build shares (generator/outputs/
compressed.py): each kind of file at its own setting; an unchanged file never compressed twice;
an entry of the store checked before it is used, never trusted; a store that cannot be used costs
speed, never the build."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import brotli
import pytest

from generator.outputs import compressed, release
from generator.outputs.compressed import Counts, Store
from tests.conftest import BUILD_DATE, copy_portal, run_cli

PAGE = ("<!doctype html><html lang=vi><title>Trang</title><p>" + "Sản phẩm công nghiệp nông thôn tiêu biểu. " * 80
        + "</p></html>").encode("utf-8")
STYLE = ("body{margin:0}" + ".kc-card{padding:1rem;border:1px solid #ccc}" * 40).encode("ascii")


def _site(folder: Path) -> list[str]:
    (folder / "tin-tuc" / "mot").mkdir(parents=True)
    (folder / "tin-tuc" / "mot" / "index.html").write_bytes(PAGE)
    (folder / "assets").mkdir()
    (folder / "assets" / "portal.0123456789.css").write_bytes(STYLE)
    (folder / "robots.txt").write_bytes(b"User-agent: *\n")  # below SMALLEST: no copies
    return ["assets/portal.0123456789.css", "robots.txt", "tin-tuc/mot/index.html"]


def test_each_kind_of_file_gets_its_setting(tmp_path: Path):
    """Pages, feeds and data: gzip 6 and brotli 5; the theme's stylesheets and scripts: gzip 9 and
    brotli 11 (the figures behind the choice are in PERFORMANCE.md). The copies give the file back."""
    site = tmp_path / "site"
    files = _site(site)
    release.precompress(site, files, tmp_path / "store")
    page, style = site / "tin-tuc/mot/index.html", site / "assets/portal.0123456789.css"
    assert (Path(f"{page}.br")).read_bytes() == brotli.compress(PAGE, quality=5)
    assert (Path(f"{page}.gz")).read_bytes() == compressed.gzip_bytes(PAGE, 6)
    assert (Path(f"{style}.br")).read_bytes() == brotli.compress(STYLE, quality=11)
    assert (Path(f"{style}.gz")).read_bytes() == compressed.gzip_bytes(STYLE, 9)
    for f, data in ((page, PAGE), (style, STYLE)):  # any gzip reader reads them: here Python's own
        assert gzip.decompress(Path(f"{f}.gz").read_bytes()) == data
    assert compressed.gzip_bytes(PAGE, 6)[:10] == gzip.compress(PAGE, 6, mtime=0)[:10]  # no name, time 0
    assert not (site / "robots.txt.gz").exists() and not (site / "robots.txt.br").exists()
    assert compressed.settings("feeds/tin-tuc.rss.xml") == (6, 5)
    assert compressed.settings("assets/javascripts/bundle.a5f9d56c.min.js.map") == (6, 5)


def test_an_unchanged_file_is_compressed_once_for_every_build(tmp_path: Path):
    """Two sites with the same files and one store: the second build compresses nothing, and its
    copies are the first's bytes. A changed file is compressed again; the others are not."""
    store = tmp_path / "store"
    one, two = tmp_path / "one", tmp_path / "two"
    files = _site(one)
    _site(two)
    first = release.precompress(one, files, store)
    assert (first.compressed, first.reused) == (4, 0)
    second = release.precompress(two, files, store)
    assert (second.compressed, second.reused, second.refused) == (0, 4, 0)
    for f in ("tin-tuc/mot/index.html", "assets/portal.0123456789.css"):
        for suffix in (".gz", ".br"):
            assert (one / f"{f}{suffix}").read_bytes() == (two / f"{f}{suffix}").read_bytes()
    changed = PAGE.replace(b"Trang", "Trang mới".encode("utf-8"))
    (two / "tin-tuc/mot/index.html").write_bytes(changed)
    third = release.precompress(two, files, store)
    assert (third.compressed, third.reused) == (2, 2)
    assert brotli.decompress((two / "tin-tuc/mot/index.html.br").read_bytes()) == changed


def test_an_entry_of_the_store_is_checked_not_trusted(tmp_path: Path):
    """An entry that does not give the file back (changed on disk, or planted in a CI cache) is
    refused: the copy is compressed again and the entry replaced. The site never serves it."""
    store = tmp_path / "store"
    one, two = tmp_path / "one", tmp_path / "two"
    files = _site(one)
    _site(two)
    release.precompress(one, files, store)
    planted = brotli.compress("<p>Trang giả</p>".encode("utf-8"), quality=5)
    entries = sorted(store.glob("*/*.br5"))
    assert len(entries) == 1
    entries[0].unlink()  # not written through a link to the first site's copy
    entries[0].write_bytes(planted)
    done = release.precompress(two, files, store)
    assert (done.refused, done.compressed, done.reused) == (1, 1, 3)
    assert (two / "tin-tuc/mot/index.html.br").read_bytes() == brotli.compress(PAGE, quality=5)
    assert entries[0].read_bytes() == brotli.compress(PAGE, quality=5)


@pytest.mark.parametrize("kind", ["a file", "off"])
def test_without_a_store_the_copies_are_still_made(tmp_path: Path, kind: str):
    """A store that cannot be created (its place is a file), or one turned off: every copy is made."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    folder = blocker / "store" if kind == "a file" else None
    site = tmp_path / "site"
    files = _site(site)
    done = release.precompress(site, files, folder)
    assert (done.compressed, done.reused) == (4, 0)
    assert brotli.decompress((site / "tin-tuc/mot/index.html.br").read_bytes()) == PAGE


def test_the_store_forgets_what_no_build_used_for_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Past its limit (three times what the last build used, at least FLOOR), the entries used
    longest ago go first; an entry used within the hour stays."""
    store = Store(tmp_path / "store")
    assert store.folder is not None
    old = time.time() - 2 * compressed.KEEP_RECENT
    paths = []
    for i in range(6):
        entry = store.folder / f"{i:02d}" / f"{i:062d}.br5"
        entry.parent.mkdir()
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (old + i, old + i))
        paths.append(entry)
    recent = paths[5]
    os.utime(recent, (time.time(), time.time()))
    monkeypatch.setattr(compressed, "FLOOR", 2500)
    store.prune([str(paths[4])])  # this build used 1,000 bytes: the limit is 3,000 (above FLOOR)
    assert [p.exists() for p in paths] == [False, False, False, True, True, True]
    for p in paths[:3]:
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(b"x" * 1000)
        os.utime(p, (old, old))
    store.prune([])  # pruned within the hour: not walked again
    assert all(p.exists() for p in paths[:3])


@pytest.mark.slow  # a small portal built twice
def test_a_build_takes_its_copies_from_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch):
    """`khuyencong build` twice into two folders with one store: the second build's copies are all
    from the store (its counts, as the bench reads them), and both sites are the same bytes."""
    root = copy_portal(tmp_path / "portal", with_data=False)
    store, marks = tmp_path / "store", tmp_path / "marks.txt"
    monkeypatch.setenv("KHUYENCONG_COMPRESS_STORE", str(store))
    monkeypatch.setenv("KHUYENCONG_STAGES", str(marks))
    counts = []
    for name in ("one", "two"):
        code, out, err = run_cli(["--root", str(root), "build", "--build-date", BUILD_DATE, "--site-dir",
                                  str(tmp_path / name)], capsys)
        assert code == 0, out + err
        notes = dict(line.split(" ", 2)[2].rsplit("=", 1) for line in marks.read_text(encoding="utf-8").splitlines()
                     if line.startswith("= "))
        counts.append((int(notes["compressed"]), int(notes["reused from the store"])))
        marks.unlink()
    (made, taken), again = counts
    assert made > 50 and again == (0, made + taken)
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert one == two
    assert all((tmp_path / "one" / p).read_bytes() == (tmp_path / "two" / p).read_bytes() for p in one)
    assert not [p for p in one if p.name.endswith((".lnk", ".tmp"))]


def test_counts_travel_from_the_second_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Above LARGE files, a second interpreter compresses half: its counts add to the first's."""
    monkeypatch.setattr(release, "LARGE", 1)
    site = tmp_path / "site"
    files = _site(site)
    done = release.precompress(site, files, tmp_path / "store")
    assert isinstance(done, Counts) and (done.compressed, done.reused) == (4, 0) and len(done.used) == 4


def test_pages_compressed_while_the_feeds_are_written_are_not_compressed_again(tmp_path: Path):
    """build.finish compresses the pages it wrote while the child writes the feeds and the index
    (`compress_while`, as long as the child is busy); the release then leaves those files alone,
    unless one was replaced since, which gets copies of what it holds now."""
    site = tmp_path / "site"
    _site(site)
    (site / "tin-tuc" / "hai").mkdir()
    (site / "tin-tuc" / "hai" / "index.html").write_bytes(PAGE.replace(b"Trang", b"Trang hai"))
    pages = ["tin-tuc/mot/index.html", "tin-tuc/hai/index.html"]
    calls = iter([True, False])  # busy for one chunk only
    early = release.compress_while(site, pages, tmp_path / "store", lambda: next(calls), chunk=1)
    assert list(early.status) == ["tin-tuc/mot/index.html"] and early.counts.compressed == 2
    assert (site / "tin-tuc/mot/index.html.br").is_file() and not (site / "tin-tuc/hai/index.html.br").exists()
    kept = [os.stat(site / f"tin-tuc/mot/index.html{suffix}") for suffix in (".gz", ".br")]
    done = release.release(site, store=tmp_path / "store", early=early)
    # the first page's two copies (early), the second page's and the stylesheet's; none looked at twice
    assert (done.compressed, done.reused) == (6, 0)
    assert [os.stat(site / f"tin-tuc/mot/index.html{suffix}") for suffix in (".gz", ".br")] == kept
    assert (site / "tin-tuc/hai/index.html.br").is_file()

    again = release.compress_while(site, pages, tmp_path / "store", lambda: True)
    assert set(again.status) == set(pages) and (again.counts.compressed, again.counts.reused) == (0, 4)
    changed = PAGE.replace(b"Trang", b"Trung hai")  # the same size
    (tmp_path / "new.html").write_bytes(changed)
    os.replace(tmp_path / "new.html", site / "tin-tuc/hai/index.html")  # as every writer of a build does
    done = release.release(site, store=tmp_path / "store", early=again)
    assert brotli.decompress((site / "tin-tuc/hai/index.html.br").read_bytes()) == changed
    assert gzip.decompress((site / "tin-tuc/hai/index.html.gz").read_bytes()) == changed
    assert gzip.decompress((site / "tin-tuc/mot/index.html.gz").read_bytes()) == PAGE
    assert done.compressed == 2  # the replaced page's two copies, nothing else

    # folders the release leaves alone are left alone early too
    left = release.compress_while(site, pages, tmp_path / "store", lambda: True, skip=("tin-tuc/hai/",))
    assert list(left.status) == ["tin-tuc/mot/index.html"] and left.counts.compressed + left.counts.reused == 2


def test_pages_compressed_early_carry_the_assets_planned_names(tmp_path: Path):
    """The pages compressed while the feeds are written get the assets' planned names first
    (`references`, as the release would write them); the release leaves them alone when the assets
    turned out as planned, and rewrites and compresses them again when one did not."""
    site = tmp_path / "site"
    _site(site)
    (site / "assets" / "extra.css").write_bytes(STYLE)
    page = PAGE.replace(b"<p>", b'<link href="../../assets/extra.css"><p>')
    (site / "tin-tuc" / "mot" / "index.html").write_bytes(page)
    planned, _ = release.plan(["assets/extra.css"], lambda f: (site / f).read_bytes())
    hashed = planned["assets/extra.css"].encode()
    early = release.compress_while(site, ["tin-tuc/mot/index.html"], tmp_path / "store", lambda: True,
                                   references=planned)
    rewritten = page.replace(b"assets/extra.css", hashed)
    assert (site / "tin-tuc/mot/index.html").read_bytes() == rewritten
    assert gzip.decompress((site / "tin-tuc/mot/index.html.gz").read_bytes()) == rewritten
    done = release.release(site, store=tmp_path / "store", planned=planned, early=early)
    assert (site / planned["assets/extra.css"]).is_file()
    assert done.compressed + done.reused == 2 * 2 + 2  # the two stylesheets' copies, and the page's early ones

    # an asset that changed after it was planned: its planned name is rewritten to the one it got
    other = tmp_path / "other"
    _site(other)
    (other / "assets" / "extra.css").write_bytes(STYLE + b".z{}")
    (other / "tin-tuc" / "mot" / "index.html").write_bytes(page)
    early = release.compress_while(other, ["tin-tuc/mot/index.html"], tmp_path / "store", lambda: True,
                                   references=planned)
    done = release.release(other, store=tmp_path / "store", planned=planned, early=early)
    final = [f.name for f in (other / "assets").glob("extra.*.css")]
    assert len(final) == 1 and final[0].encode() != hashed.rsplit(b"/", 1)[1]
    now = page.replace(b"assets/extra.css", b"assets/" + final[0].encode())
    assert (other / "tin-tuc/mot/index.html").read_bytes() == now
    assert brotli.decompress((other / "tin-tuc/mot/index.html.br").read_bytes()) == now


def test_the_second_worker_rewrites_references_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Above LARGE files half the text files are rewritten and compressed by a second interpreter:
    it is handed the references as the first."""
    import subprocess

    monkeypatch.delenv("KHUYENCONG_SERIAL", raising=False)
    monkeypatch.setattr(release, "LARGE", 1)
    started = []
    real = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a[0]) or real(*a, **k))
    site = tmp_path / "site"
    _site(site)
    pages = []
    for name in ("mot", "hai", "ba", "bon"):
        (site / "tin-tuc" / name).mkdir(parents=True, exist_ok=True)
        (site / "tin-tuc" / name / "index.html").write_bytes(PAGE.replace(b"<p>", b'<img src="../../assets/a.png"><p>'))
        pages.append(f"tin-tuc/{name}/index.html")
    refs = {"assets/a.png": "assets/a.0123456789.png"}
    release.precompress(site, pages, tmp_path / "store", references=refs)
    assert started and started[0][1:3] == ["-m", "generator.outputs.release"]
    for rel in pages:
        data = (site / rel).read_bytes()
        assert b"assets/a.0123456789.png" in data and b"assets/a.png" not in data
        assert gzip.decompress((site / f"{rel}.gz").read_bytes()) == data


@pytest.mark.parametrize("workers", ["one", "two"])
def test_a_renamed_stylesheet_keeps_the_text_its_name_was_hashed_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      workers: str):
    """A stylesheet that names another stylesheet renamed after it (plan: leaves first, then
    stylesheets and scripts in order) is written by `plan` and not rewritten again as it is
    compressed: the hash in its name is that of what it holds."""
    import hashlib

    monkeypatch.delenv("KHUYENCONG_SERIAL", raising=False)
    if workers == "two":
        monkeypatch.setattr(release, "LARGE", 1)
    site = tmp_path / "site"
    _site(site)
    (site / "assets" / "a.css").write_bytes(b"/* see assets/b.css */ " + STYLE)
    (site / "assets" / "b.css").write_bytes(STYLE + b".b{}")
    (site / "tin-tuc" / "mot" / "index.html").write_bytes(PAGE.replace(b"<p>", b'<link href="../../assets/a.css"><p>'))
    release.release(site, store=tmp_path / "store")
    for name in ("a", "b"):
        [found] = list((site / "assets").glob(f"{name}.*.css"))
        assert found.name.split(".")[1] == hashlib.sha256(found.read_bytes()).hexdigest()[:10], found.name
        assert gzip.decompress(found.with_name(found.name + ".gz").read_bytes()) == found.read_bytes()
    page = (site / "tin-tuc/mot/index.html").read_bytes()
    assert b"assets/a.css" not in page and b"assets/a." in page
