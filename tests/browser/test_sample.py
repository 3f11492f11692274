"""The repository's sample content in a real browser, held only to invariants: one page of every
kind the sample has (one per template, every hand-written page, the 404 page) reads on a phone and
a wide screen, passes axe and HTML_CodeSniffer, and asks nothing of another host
(tests/browser/reading.py). Which items exist is read from the content, never written here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import chart_label_problems, chart_pages
from tests.browser.reading import SIZES, html_codesniffer_errors, reading_failures
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def test_every_kind_of_page_reads_on_a_phone_and_a_wide_screen(page: Page, sample_url: str,
                                                               outside_requests: list[str]):
    failures = reading_failures(page, sample_url, ROOT)
    assert not failures, "\n".join(failures)
    assert outside_requests == []


@pytest.mark.parametrize("width,height", SIZES)
def test_html_codesniffer_finds_no_error_on_any_kind_of_page(sample_url: str, width: int, height: int):
    found = html_codesniffer_errors(sample_url, ROOT, width, height)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.parametrize("width, height", SIZES)
def test_every_chart_of_the_sample_is_readable(page: Page, sample_site: Path, sample_url: str,
                                               outside_requests: list[str],
                                               width: int, height: int):
    """Whatever figures the sample holds, each chart's labels are at least 11 px as shown and
    none overlaps another (the pages are found in the built site)."""
    problems = [p for url in chart_pages(sample_site) for p
                in chart_label_problems(page, sample_url + url, width, height)]
    assert problems == []
    assert outside_requests == []


def test_each_support_answer_comes_first_when_asked_for(page: Page, sample_url: str):
    """Whatever needs the sample's finder knows, asking for support with a need's name, typed
    without diacritics as most readers type, shows that need's answer first; and "ho tro may moc"
    shows a support answer first (the sample has always had machinery among its needs: if it ever
    has none, any kind of result may come first, and only the first part holds)."""
    import datetime as dt
    from urllib.parse import quote

    from generator.site import Paths, load_catalog
    from generator.text import fold
    from tests.browser.test_search import settled
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(ROOT), dt.date.fromisoformat(BUILD_DATE))
    assert cat.needs
    for need in cat.needs:
        page.goto(sample_url + "tim-kiem/?q=" + quote("ho tro " + fold(need.title)))
        settled(page)
        assert page.locator(".kc-result__title a").first.get_attribute("href").endswith(need.url), need.title
    if any("may moc" in fold(n.title) for n in cat.needs):
        page.goto(sample_url + "tim-kiem/?q=ho+tro+may+moc")
        settled(page)
        assert page.locator(".kc-result__meta").first.text_content() == "Hỗ trợ khuyến công"
