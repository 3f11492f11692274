"""Real-browser fixtures: Playwright driving Debian's chromium, pages served from loopback only.

pytest-playwright's browser download is never used: the launch arguments point at
/usr/bin/chromium (installed by `make test-deps`), and every request to another host is
aborted and recorded, so a test can assert that nothing leaves the site.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).resolve().parents[1] / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def settle(page) -> None:  # noqa: ANN001
    """Wait until every CSS transition and animation running on the page has finished (Material
    fades its tabs and the skip link in): what a reader sees once the page is still."""
    page.evaluate("() => Promise.all(document.getAnimations()"
                  ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
                  ".map(a => a.finished.catch(() => null)))")


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """axe-core's WCAG 2.1 A and AA violations on the page as it stands, once it is still."""
    settle(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG
    )
    return result["violations"]


def explain(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} [{v['impact']}] {v['help']}: "
                     + "; ".join(n["target"][0] + " " + n.get("failureSummary", "").replace("\n", " ")
                                                                    for n in v["nodes"][:3]) for v in violations)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing address with the site's 404.html, as the deployed server does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(portal_site: Path) -> Iterator[str]:
    """The test portal, served: exact assertions."""
    yield from serve(portal_site)


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    """The repository's sample content, served: invariants only (test_sample.py)."""
    yield from serve(sample_site)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Pages carry a Content-Security-Policy that runs no inline script; these contexts bypass it so
    a test can inject axe-core. tests/browser/test_csp.py makes its own contexts that enforce it."""
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 800}, "bypass_csp": True}


@pytest.fixture
def outside_requests(page) -> list[str]:
    """Every request to another host than this machine's loopback servers is aborted and listed here."""
    seen: list[str] = []

    def route(r):  # noqa: ANN001
        if r.request.url.startswith(("http://127.0.0.1:", "data:")):
            r.continue_()
        else:
            seen.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return seen


@pytest.fixture
def shoot(page):
    """Save a screenshot of the current page as a test artefact."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


def chart_pages(site: Path) -> list[str]:
    """The address of every page of a built site that shows a chart, read from the site itself."""
    found = []
    for index in sorted(site.rglob("index.html")):
        if 'class="kc-chart"' in index.read_text(encoding="utf-8"):
            folder = index.parent.relative_to(site).as_posix()
            found.append("" if folder == "." else folder + "/")
    return found


# Inlines an SVG into a blank page at the width its <img> was shown at, then reads every visible
# <text> as laid out: its font size times the scale between the viewBox and the shown width, and
# its box on the screen.
_MEASURE = """([svg, shown]) => {
  document.body.style.margin = '0';
  document.body.innerHTML = `<div style="width:${shown}px">${svg}</div>`;
  const root = document.querySelector('svg');
  root.style.width = '100%'; root.style.height = 'auto'; root.style.display = 'block';
  const box = root.viewBox.baseVal;
  const natural = box && box.width ? box.width : root.width.baseVal.value;
  const scale = root.getBoundingClientRect().width / natural;
  const visible = (el) => {
    for (let e = el; e && e !== root.parentNode; e = e.parentNode) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return el.getClientRects().length > 0 && el.textContent.trim() !== '';
  };
  return [...root.querySelectorAll('text')].filter(visible).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: [r.left, r.top, r.right, r.bottom]};
  });
}"""


# The picked SVG and the width its picture is painted at: the <img>'s box less border and padding.
_SHOWN = """img => {
  const s = getComputedStyle(img);
  const edges = ['borderLeftWidth', 'borderRightWidth', 'paddingLeft', 'paddingRight'].map(k => parseFloat(s[k]));
  return [img.currentSrc, img.getBoundingClientRect().width - edges.reduce((a, b) => a + b, 0)];
}"""


def chart_label_problems(page, url: str, width: int, height: int) -> list[str]:  # noqa: ANN001
    """Every chart of the page at `url`, as shown at this viewport: labels under 11 px as rendered,
    labels whose boxes overlap, and a page that scrolls sideways."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    problems = []
    measuring = page.context.new_page()
    measuring.set_viewport_size({"width": width, "height": height})
    images = page.locator("img.kc-chart__img")
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0 && img.currentSrc",
                               arg=img.element_handle())
        src, shown = img.evaluate(_SHOWN)
        labels = measuring.evaluate(_MEASURE, [page.request.get(src).text(), shown])
        name = f"{url} at {width}px, {src.rsplit('/', 1)[-1]} shown {shown:.0f}px wide"
        if not labels:
            problems.append(f"{name}: no text label")
        problems += [f"{name}: «{t['text']}» at {t['px']:.1f}px" for t in labels if t["px"] < 11]
        for a, t in enumerate(labels):
            for u in labels[a + 1:]:
                (l1, t1, r1, b1), (l2, t2, r2, b2) = t["box"], u["box"]
                if min(r1, r2) - max(l1, l2) > 0.5 and min(b1, b2) - max(t1, t2) > 0.5:
                    problems.append(f"{name}: «{t['text']}» overlaps «{u['text']}»")
    measuring.close()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"{url} scrolls sideways by {overflow}px at {width}px")
    return problems
