"""Quality gates on the whole built test portal: valid HTML, no broken link or anchor, no page
too heavy for a phone on a slow connection, and builds that reproduce byte for byte. The same
checks hold the repository's sample content to its invariants (test_sample.py).
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.weight import page_weights
from tests.conftest import BUILD_DATE, copy_portal, copy_repository
from tests.gates import LYCHEE, TOOLS, VNU, broken_links, html_errors

PAGE_LIMIT = 150 * 1024  # bytes, gzip-compressed, with the page's own CSS, JavaScript and fonts, before images


@pytest.mark.slow  # the Nu checker (Java) over every page
def test_every_page_is_valid_html(portal_site: Path):
    assert html_errors(portal_site) == []


def test_no_broken_link_or_anchor(portal_site: Path):
    """Every link in every page (Markdown or raw HTML, href or src) that stays on the site leads to a
    file, and every #anchor to an element with that id. Links to other sites are not followed."""
    checked, report = broken_links(portal_site)
    assert report == ""
    assert checked > 1000  # it did look at the site


def test_no_page_weighs_more_than_150_kb(portal_site: Path):
    weights = page_weights(portal_site)  # raises on a stylesheet or script the site lacks
    assert len(weights) > 300  # the whole portal
    home = len(gzip.compress((portal_site / "index.html").read_bytes(), 6))
    fonts = sum(f.stat().st_size for f in (portal_site / "assets/fonts").glob("*.woff2"))
    assert weights["index.html"] > home + fonts + 10_000  # with the theme's CSS and JavaScript and the fonts counted
    assert [f"{page}: {w / 1024:.0f} KB" for page, w in weights.items() if w > PAGE_LIMIT] == []


@pytest.mark.slow  # a copy of the repository building in a process of its own
def test_two_builds_in_two_processes_are_byte_identical(portal_site: Path, tmp_path: Path):
    """The test portal built in this process, and built again by the command in a fresh process that
    runs a copy of the repository from another path (no bytecode, no cache of any kind carried
    over), with another hash seed and another working directory: the same bytes in every file
    (pages, feeds, calendars, search index, charts, sitemap)."""
    repo = copy_repository(tmp_path / "elsewhere" / "repo")
    portal = copy_portal(tmp_path / "elsewhere" / "portal")
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-c",
                          "import sys, generator.cli as c; print(c.__file__); sys.exit(c.main(sys.argv[1:]))",
                          "--root", str(portal), "build", "--site-dir", str(out), "--build-date", BUILD_DATE],
                         capture_output=True, text=True, env=env, cwd=repo)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(repo / "generator" / "cli.py")  # the copy's code ran
    first = {p.relative_to(portal_site): p for p in portal_site.rglob("*") if p.is_file()}
    second = {p.relative_to(out): p for p in out.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differing = [str(k) for k in first if first[k].read_bytes() != second[k].read_bytes()]
    assert differing == []
    kinds = {str(k).split("/")[0] for k in first}
    assert {"feeds", "search", "so-lieu", "sitemap.xml.gz", "index.html"} <= kinds


def test_checkers_are_installed():
    assert VNU.is_file() and LYCHEE.is_file() and (TOOLS / "axe-core" / "axe.min.js").is_file()


def test_fonts_are_the_pinned_files():
    """The self-hosted font files are exactly those listed, with their checksums, in fonts/SOURCE.txt."""
    import hashlib
    folder = Path(__file__).resolve().parents[1] / "content/assets/fonts"
    listed = dict(line.split()[::-1] for line in (folder / "SOURCE.txt").read_text(encoding="utf-8").splitlines()
                  if line.endswith(".woff2"))
    assert set(listed) == {p.name for p in folder.glob("*.woff2")} and len(listed) == 2  # 400 and 700
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
