"""Every kind of page as a reader meets it on a phone (360×740) and on a wide screen (1280×800),
for the test portal (test_phone.py) and the repository's sample (test_sample.py).

One page of each kind the build makes (one per template, read from the rendering itself, never
listed here), every hand-written page and the 404 page: the menu (phones) or the tabs (wide
screens) show the portal's sections; no page scrolls sideways; no word in a table is split across
lines; the home page fits in five screens of a phone; axe and pa11y's HTML_CodeSniffer (WCAG 2 AA)
find nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from generator.pages.english import english_nav
from generator.markup import page_url
from generator.site import Paths, generate
from tests.browser.conftest import axe_violations, explain
from tests.conftest import BUILD_DATE, ROOT

SIZES = [(360, 740), (1280, 800)]
PA11Y = ROOT / "tests" / "tools" / "pa11y-run.js"
# Words as a reader sees them: a line may break at spaces and dashes, never inside a word.
SPLIT_WORDS = """() => {
  const bad = [];
  for (const table of document.querySelectorAll("article table")) {
    const walk = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      // A path or an address may break after a slash (not a date: 24/11/2025).
      for (const m of node.textContent.matchAll(/(?:[^\\s\\u2013\\u2014\\/-]|\\/(?=\\d))+\\/?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) bad.push(m[0]);
      }
    }
  }
  return bad;
}"""


def pages_of_each_kind(root: Path) -> list[str]:
    """The first page made from each template, every hand-written page, and the 404 page."""
    cat, pages, _warnings = generate(Paths(root), dt.date.fromisoformat(BUILD_DATE))
    first: dict[str, str] = {}
    for uri in sorted(pages):
        first.setdefault(pages[uri].template, page_url(uri))
    urls = sorted(first.values()) + [page_url(rec.src_uri) for rec in cat.pages] + ["404.html"]
    return list(dict.fromkeys(urls))


def sections(root: Path) -> list[str]:
    """The section titles of mkdocs.yml's navigation, read as plain YAML (its !ENV tags ignored)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    nav = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]
    return [next(iter(entry)) for entry in nav]


def reading_failures(page: Page, base: str, root: Path) -> list[str]:
    """What a reader would trip on, page by page, at both sizes."""
    urls, titles = pages_of_each_kind(root), sections(root)
    english = [title for title, _url, _about in english_nav(root / "templates")]  # the English section's own
    assert len(urls) >= 25 and len(titles) >= 8  # the portal's kinds of page and sections were found
    failures: list[str] = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            page.goto(base + url)
            where = f"{url or '/'} at {width}px"
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                failures.append(f"{where}: scrolls sideways by {overflow}px")
            if split := page.evaluate(SPLIT_WORDS):
                failures.append(f"{where}: words split across lines in a table: {split[:5]}")
            shown = _sections_shown(page, width)
            if missing := [t for t in (english if url.startswith("en/") else titles) if t not in shown]:
                failures.append(f"{where}: the navigation does not show {missing}")
            if violations := axe_violations(page):
                failures.append(f"{where}:\n{explain(violations)}")
        page.goto(base)
        if width == 360 and (tall := page.evaluate("document.documentElement.scrollHeight")) > 5 * height:
            failures.append(f"the home page is {tall}px tall at 360px, more than five screens ({5 * height}px)")
    return failures


def _sections_shown(page: Page, width: int) -> list[str]:
    """The section titles a reader sees: in the tabs on a wide screen, in the menu once opened."""
    if width >= 1220:
        tabs = page.locator("nav#kc-nav")
        expect(tabs).to_be_visible()
        for pages in tabs.locator(":scope > ul > li:not(.kc-here) > ul").all():
            expect(pages).to_be_hidden()  # other sections' pages; the current section's: the row under the tabs
        here = tabs.locator(".kc-here > ul")
        if here.count():
            expect(here).to_be_visible()
            row, main = here.bounding_box(), page.locator("main").bounding_box()
            assert main["y"] >= row["y"] + row["height"] - 1  # the row covers nothing of the page
        return [t.strip() for t in tabs.locator(":scope > ul > li > a").all_text_contents()]
    panel = page.locator("nav#kc-nav")
    expect(panel).to_be_hidden()
    page.locator("details.kc-menu > summary").click()  # "Danh mục", "Menu" on English pages
    expect(panel).to_be_visible()
    shown = [t.strip() for t in panel.locator(":scope > ul > li > a").all_text_contents()]
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    return shown


def html_codesniffer_errors(base: str, root: Path, width: int, height: int) -> dict[str, list]:
    """pa11y's HTML_CodeSniffer (WCAG 2 AA) errors on every kind of page, by address."""
    urls = pages_of_each_kind(root)
    run = subprocess.run(["node", str(PA11Y), str(width), str(height), *(base + u for u in urls)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return {url: issues for url, issues in json.loads(run.stdout).items() if issues}
