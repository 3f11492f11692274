"""A large portal is built on both cores (generator/parallel.py): pages rendered and written by two
processes, each taking the next job, the feeds and index written beside them, the compressed copies
made by two. Whatever order the two processes take the pages in, the site must be the one a single
process builds: the test portal is built with the threshold at one item (KHUYENCONG_LARGE=1), so
every step that splits for a large portal splits, and compared with the session's serial build."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html

from tests.conftest import BUILD_DATE, ROOT, copy_portal, module_folder, run_cli


@pytest.fixture(scope="module")
def parallel_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with module_folder(request, tmp_path_factory, "parallel") as work:
        root = copy_portal(work / "portal")
        out = work / "site"
        env = {**os.environ, "KHUYENCONG_LARGE": "1", "NO_MKDOCS_2_WARNING": "1",
               "KHUYENCONG_STAGES": str(work / "marks.txt")}
        run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir", str(out),
                              "--build-date", BUILD_DATE], capture_output=True, text=True, env=env, cwd=ROOT,
                             timeout=600)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        yield out


@pytest.mark.slow  # the test portal built again in a process of its own, split everywhere
def test_two_processes_build_the_site_one_builds(portal_site: Path, parallel_site: Path):
    one = {p.relative_to(portal_site): p for p in portal_site.rglob("*") if p.is_file()}
    two = {p.relative_to(parallel_site): p for p in parallel_site.rglob("*") if p.is_file()}
    assert sorted(one) == sorted(two)
    differing = [str(k) for k in one if one[k].read_bytes() != two[k].read_bytes()]
    assert differing == []
    assert len([k for k in one if k.name == "index.html"]) > 500


@pytest.mark.slow  # as above
def test_the_feeds_and_index_are_written_from_the_moment_the_pages_are_rendered(parallel_site: Path):
    """The child that writes the feeds, calendars, index and data starts as soon as the pages are
    rendered, beside MkDocs' reading of them and the writing of them, where the build is alone at
    work; the build then writes every page itself."""
    marks = [line.split(" ", 2) for line in (parallel_site.parent / "marks.txt").read_text(encoding="utf-8")
             .splitlines() if not line.startswith("= ")]
    build = marks[0][1]
    when = {(pid == build, name): float(at) for at, pid, name in marks}
    assert when[(False, "feeds, calendars, index, data")] < when[(True, "MkDocs writes pages")]
    assert when[(True, "render pages")] < when[(False, "feeds, calendars, index, data")]


def _footer_targets(site: Path, page: Path) -> tuple[str, frozenset[str]]:
    """The page's language and where its footer's links lead (site-relative addresses)."""
    doc = html.fromstring(page.read_bytes())
    here = page.parent.relative_to(site).as_posix()
    here = "" if here == "." else here + "/"
    hrefs = doc.xpath("//nav[contains(@class, 'kc-footer__links')]//a/@href")
    targets = {posixpath.normpath(posixpath.join(here, h)) + "/" for h in hrefs if "://" not in h}
    return doc.get("lang"), frozenset(t.removeprefix("./") for t in targets)


@pytest.mark.parametrize("which", ["serial", pytest.param("parallel", marks=pytest.mark.slow)])  # slow: as above
def test_the_frame_links_lead_to_the_same_pages_from_every_page(request: pytest.FixtureRequest, portal_site: Path,
                                                               which: str):
    """The header, tabs, menu and footer are rendered once per folder depth and place (kc_fragment)
    and MkDocs writes a link to the page itself as `./`: shared with a page they did not come from,
    such links would lead elsewhere. The footer's links lead to the same pages from every page of a
    language, in both builds."""
    site = portal_site if which == "serial" else request.getfixturevalue("parallel_site")
    seen: dict[str, set[frozenset[str]]] = {}
    for page in sorted(site.rglob("index.html")):
        if page.relative_to(site).parts[0] in ("quan-tri",):
            continue
        lang, targets = _footer_targets(site, page)
        if targets:
            seen.setdefault(lang, set()).add(targets)
    assert set(seen) == {"vi", "en"}
    assert {lang: len(sets) for lang, sets in seen.items()} == {"vi": 1, "en": 1}, seen


@pytest.mark.slow  # the test portal built again, split, in this process
def test_pages_compressed_while_the_feeds_are_written_are_those_one_process_makes(
        portal_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """build.finish compresses its pages while the child writes the feeds and the index, for as long
    as the child is busy: how many depends on timing. Here the child counts as busy for as long as
    it was forked at all, so every page this process wrote is compressed early, into a store of its
    own (nothing taken from the session's); the release that follows leaves them alone. The site
    must still be the one a single process builds, compressed copies included."""
    import generator.build
    import generator.parallel
    from generator.memory import MEMORY
    from generator.outputs import release

    monkeypatch.delenv("KHUYENCONG_SERIAL", raising=False)
    monkeypatch.setattr(generator.parallel, "LARGE", 1)
    monkeypatch.setattr(release, "LARGE", 1)  # the release's compression split too
    for module in (generator.parallel, generator.build):  # children forked whatever this process holds
        monkeypatch.setattr(module, "resident_mb", lambda: 0.0)
    monkeypatch.setattr(generator.parallel.Background, "running", lambda self: self.proc is not None)
    monkeypatch.setenv("KHUYENCONG_COMPRESS_STORE", str(tmp_path / "store"))
    seen = []
    real = generator.build.compress_while

    def spy(site: Path, files: list[str], *args, **kwargs):
        seen.append((list(files), real(site, files, *args, **kwargs)))
        return seen[-1][1]

    monkeypatch.setattr(generator.build, "compress_while", spy)
    later: list[list[str]] = []  # what the release compresses after the early pages
    real_precompress = release.precompress

    def spy_later(site: Path, files: list[str], *args, **kwargs):
        later.append(list(files))
        return real_precompress(site, files, *args, **kwargs)

    monkeypatch.setattr(release, "precompress", spy_later)
    MEMORY.catalogs.clear()
    root = copy_portal(tmp_path / "portal")
    out = tmp_path / "site"
    code, _, err = run_cli(["--root", str(root), "build", "--site-dir", str(out), "--build-date", BUILD_DATE], capsys)
    assert code == 0, err[-3000:]
    assert len(seen) == 1
    mine, early = seen[0]
    expected = {rel for rel in mine if release.is_text(rel) and not rel.startswith(release.SKIP)}
    assert set(early.status) == expected and len(expected) > 100  # every page this process wrote
    assert early.references and all(k.startswith("assets/") for k in early.references)  # the planned names
    assert len(later) == 1 and later[0] and not set(later[0]) & expected  # the release left them alone
    assert early.counts.compressed + early.counts.reused == 2 * len(expected)
    assert early.counts.compressed > len(expected)  # made now, in a store of its own
    one = {p.relative_to(portal_site): p for p in portal_site.rglob("*") if p.is_file()}
    two = {p.relative_to(out): p for p in out.rglob("*") if p.is_file()}
    assert sorted(one) == sorted(two)
    assert [str(k) for k in one if one[k].read_bytes() != two[k].read_bytes()] == []
