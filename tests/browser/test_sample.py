"""The repository's sample content in a real browser, held only to invariants: one page of every
kind the sample has (each section, the first item of each kind, every hand-written page) passes
axe-core's WCAG 2.1 A and AA rules at 1280 and 360 px, fits the screen, and asks nothing of
another host. Which items exist is read from the content, never written here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.site import Paths, load_catalog
from generator.english import PAGES
from tests.browser.conftest import axe_violations, chart_label_problems, chart_pages, explain
from tests.conftest import BUILD_DATE, ROOT


def pages_of_every_kind() -> list[str]:
    cat = load_catalog(Paths(ROOT), dt.date.fromisoformat(BUILD_DATE))
    urls = ["", "tin-tuc/", "su-kien/", "san-pham/", "de-an/", "de-an/tien-do/", "so-lieu/", "van-ban/", "tinh-thanh/",
            "chu-de/", "ho-tro/", "muc-ho-tro/", "thu-tuc/", "hoi-dap/", "danh-ba/", "theo-doi/", "du-lieu/", "tim-kiem/?q=khuyen+cong"]
    urls += list(PAGES)  # the English section
    for kind in (cat.news, cat.events, cat.products, cat.projects, cat.legal, cat.provinces, cat.topics):
        urls += [kind[0].url] if kind else []
    for record in cat.pages:  # hand-written pages: a.md → a/, b/index.md → b/
        stem = record.src_uri.removesuffix(".md").removesuffix("index").rstrip("/")
        urls.append(stem + "/" if stem else "")
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("width", [1280, 360])
def test_one_page_of_every_kind_passes_axe(page: Page, sample_url: str, outside_requests: list[str], width: int):
    page.set_viewport_size({"width": width, "height": 800})
    failures = []
    for url in pages_of_every_kind():
        response = page.goto(sample_url + url)
        if not response or not response.ok:
            failures.append(f"{url}: {response and response.status}")
            continue
        if violations := axe_violations(page):
            failures.append(f"{url} at {width}px:\n{explain(violations)}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            failures.append(f"{url} scrolls sideways by {overflow}px at {width}px")
    assert failures == []
    assert outside_requests == []


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_every_chart_of_the_sample_is_readable(page: Page, sample_site: Path, sample_url: str, outside_requests: list[str],
                                               width: int, height: int):
    """Whatever figures the sample holds, each chart's labels are at least 11 px as shown and
    none overlaps another (the pages are found in the built site)."""
    problems = [p for url in chart_pages(sample_site) for p in chart_label_problems(page, sample_url + url, width, height)]
    assert problems == []
    assert outside_requests == []
