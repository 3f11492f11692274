"""The Content-Security-Policy in chromium, with the site served by real nginx and Caddy as
`khuyencong server-config` configures them (tests/webservers.py), and by a server that sends no
header at all, as a bucket does (the policy then comes only from the pages' <meta> element).

Every kind of page loads with no violation of the policy; a page of a built copy with a script
injected into it (inline, in an event handler, from another host) runs none of it. These tests make
their own browser contexts with the policy enforced: the other browser tests bypass it, to inject
axe-core (tests/browser/conftest.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.outputs.security import EDITOR_SERVER_POLICY, SITE_POLICY, page_policy
from tests.browser.conftest import serve
from tests.conftest import module_folder
from tests.webservers import INSTALLED, SERVERS, WHY_NOT, running

pytestmark = pytest.mark.browser

# Recorded from the first script of every document, before the page's own (an init script is not
# subject to the page's policy); console messages catch what an event cannot (a violation in a worker).
LISTEN = """window.__kcViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__kcViolations.push(`${e.effectiveDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));"""
INJECTED = ('<script>window.kcInjected = "inline script";</script>'
            '<img src="x-khong-co.png" alt="" onerror="window.kcInjected = \'event handler\'">'
            '<script src="https://example.org/x.js"></script>'
            '<a id="kc-injected-link" href="javascript:window.kcInjected = \'javascript: link\'">x</a>')


def page_kinds(site: Path) -> list[str]:
    """One address of every kind of page the site has, read from the site: the first page of each
    section at each depth (paginated or not), and of each combination of the scripts it loads and
    what it shows (a tile map, a chart, a picture, a form, a table); the web editor apart."""
    seen: dict[tuple, str] = {}
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        parts = [] if rel == "." else rel.split("/")
        if parts[:1] == ["quan-tri"]:
            continue
        text = index.read_text(encoding="utf-8")
        scripts = tuple(sorted(re.sub(r"\.[0-9a-f]{10}\.js$", ".js", s.rsplit("/", 1)[-1]) for s
                               in re.findall(r'<script src="([^"]+)"', text)))
        shows = tuple(f for f in ("kc-tilemap", "kc-chart", "<img", "<form", "<table") if f in text)
        key = (tuple(parts[:2] if parts[:1] == ["en"] else parts[:1]), len(parts), bool({"trang", "page"} & set(parts)),
               scripts, shows)
        seen.setdefault(key, "" if not parts else rel + "/")
    return sorted(seen.values())


def inject(site: Path) -> str:
    """A copy of the product listing at a new address (same depth, so its links hold), with the
    injection in its content; no .gz/.br copy, so every server sends this file."""
    page = (site / "san-pham" / "index.html").read_text(encoding="utf-8")
    assert "<article" in page
    (site / "thu-tiem-ma").mkdir()
    (site / "thu-tiem-ma" / "index.html").write_text(re.sub(r"(<article[^>]*>)", r"\1" + INJECTED.replace("\\", "\\\\"),
                                                            page, count=1), encoding="utf-8")
    return "thu-tiem-ma/"


@pytest.fixture(scope="module")
def site_copy(request: pytest.FixtureRequest, portal_site: Path, tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[Path]:
    with module_folder(request, tmp_path_factory, "csp") as work:
        site = work / "site"
        shutil.copytree(portal_site, site)
        inject(site)
        yield site


@pytest.fixture(scope="module", params=SERVERS)
def served(request: pytest.FixtureRequest, portal_root: Path, site_copy: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not INSTALLED:
        pytest.skip(WHY_NOT)
    with module_folder(request, tmp_path_factory, request.param) as work, \
            running(request.param, portal_root, site_copy, work) as port:
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def bucket(site_copy: Path) -> Iterator[str]:
    """The same files from a server that sends no security header, as object storage does."""
    yield from serve(site_copy)


class Strict:
    """A page in a context that enforces the policy, with every violation and request to another host recorded."""

    def __init__(self, browser: Browser, args: dict) -> None:
        self.context = browser.new_context(**{**args, "bypass_csp": False})
        self.page: Page = self.context.new_page()
        self.console: list[str] = []
        self.outside: list[str] = []
        self.page.add_init_script(LISTEN)
        self.page.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:  # noqa: ANN001
        if route.request.url.startswith(("http://127.0.0.1:", "http://localhost:", "data:", "blob:")):  # this machine
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def violations(self) -> list[str]:
        return [*self.page.evaluate("window.__kcViolations"), *self.console]


@pytest.fixture
def strict(browser: Browser, browser_context_args: dict) -> Iterator[Strict]:
    s = Strict(browser, browser_context_args)
    yield s
    s.context.close()


def test_every_kind_of_page_loads_with_no_violation(served: str, portal_site: Path, strict: Strict):
    pages = page_kinds(portal_site)
    assert len(pages) > 30 and "" in pages and "so-lieu/" in pages and "tim-kiem/" in pages
    found = {}
    for path in [*pages, "khong-co-trang-nay/"]:
        response = strict.page.goto(served + path)
        assert response is not None and response.headers.get("content-security-policy") == SITE_POLICY, path
        expect(strict.page.locator("h1").first).to_be_attached()
        strict.page.wait_for_load_state("load")
        if v := strict.violations():
            found[path] = v
            strict.console.clear()
    assert found == {} and strict.outside == []


def test_the_sites_own_scripts_run_under_the_policy(served: str, strict: Strict):
    """Search fetches its index and shows results; the finder answers from its form."""
    page = strict.page
    page.goto(served + "tim-kiem/?q=g%E1%BB%91m")  # "gốm"
    expect(page.locator("#kc-results")).to_have_attribute("aria-busy", "false")
    expect(page.locator(".kc-result__title").first).to_be_visible()
    page.goto(served + "ho-tro/?loai=ho-kinh-doanh&tinh=cao-bang&can=may-moc-cong-nghe")
    expect(page).to_have_url(served + "ho-tro/may-moc-cong-nghe/cao-bang/#ho-kinh-doanh")
    assert strict.violations() == [] and strict.outside == []


def test_an_injected_script_does_not_run(served: str, strict: Strict):
    response = strict.page.goto(served + "thu-tiem-ma/")
    assert response is not None and response.headers.get("content-security-policy") == SITE_POLICY
    assert response.headers.get("x-content-type-options") == "nosniff"
    _runs_none_of_it(strict)


def test_an_injected_script_does_not_run_from_a_bucket(bucket: str, strict: Strict):
    """No header: the page's own <meta> element carries the policy."""
    response = strict.page.goto(bucket + "thu-tiem-ma/")
    assert response is not None and response.headers.get("content-security-policy") is None
    assert strict.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") == page_policy()
    _runs_none_of_it(strict)


def _runs_none_of_it(strict: Strict) -> None:
    page = strict.page
    expect(page.locator("#kc-injected-link")).to_be_attached()
    page.locator("#kc-injected-link").click()
    page.wait_for_function("window.__kcViolations.length >= 4")  # the script, the handler, the other host, the link
    assert page.evaluate("window.kcInjected") is None
    kinds = " ".join(page.evaluate("window.__kcViolations"))
    assert ("script-src-elem inline" in kinds and "script-src-attr inline" in kinds
            and "script-src-elem https://example.org/x.js" in kinds)
    assert strict.outside == []  # the policy stopped the other host before any request
    expect(page.locator("h1").first).to_be_visible()  # the page itself is whole


def test_the_web_editor_runs_under_its_own_policy(served: str, strict: Strict):
    """Decap CMS starts (its sign-in button shows) with the editor's policy from the server and its
    page, and breaks neither."""
    page = strict.page
    response = page.goto(served + "quan-tri/")
    assert response is not None and response.headers.get("content-security-policy") == EDITOR_SERVER_POLICY
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    assert strict.violations() == [] and strict.outside == []
