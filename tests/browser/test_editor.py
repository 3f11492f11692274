"""The web editor at /quan-tri/ (Decap CMS) against a real local backend.

The test portal is copied to a scratch repository; decap-server (the Decap proxy, pinned in
generator/outputs/editor/) serves that folder to the editor, which the portal builds with its
configuration generated from the models. A communicator's work is then done through the forms in
chromium, and the files the editor writes are held to what the portal promises: they land where
the portal reads them, `khuyencong check` passes, and the built site shows them. Screenshots of
each step are saved for the publishing guide (test-artifacts/editor/).

A news item is also written on a 360 px phone and a 1280 px screen in a browser set to English (en-US)
and Vietnam's time zone: the form fits the screen, dates are typed and shown day first whatever the
browser's language, and 'Xem trên cổng' opens the item's own page.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from generator.cli import main
from generator.outputs.editor import DIST
from generator.yamlio import load_file, split_front_matter
from tests.browser.conftest import ARTIFACTS, axe_violations, explain, serve, settle
from tests.conftest import BUILD_DATE, copy_portal, module_folder, run_cli

SERVER = DIST.parents[1] / "decap-server" / "dist" / "index.js"
SHOTS = ARTIFACTS / "editor"
SCREENS = {"dien-thoai": {"width": 360, "height": 740}, "may-tinh": {"width": 1280, "height": 800}}
# Characters drawn as a box: each visible character is drawn in its element's font and compared with
# characters no font here has (U+E000 is private, U+0378 unassigned).
TOFU = """() => {
  const seen = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || !el.checkVisibility()) continue;
    const font = getComputedStyle(el).fontFamily;
    for (const ch of walker.currentNode.data) if (ch.codePointAt(0) > 0x7e && ch.trim()) seen.set(ch + font, [ch, \
font]);
  }
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (ch, font) => { ctx.font = "40px " + font; ctx.clearRect(0, 0, 64, 64); ctx.fillText(ch, 4, 48);
                               return ctx.getImageData(0, 0, 64, 64).data.join(); };
  return [...new Set([...seen.values()].filter(([ch, font]) => [draw("\\uE000", font), draw("\\u0378", \
font)].includes(draw(ch, font)))
                                       .map(([ch]) => ch))];
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with module_folder(request, tmp_path_factory, "editor") as work:
        yield copy_portal(work / "repo")


@pytest.fixture(scope="module")
def proxy(repo: Path) -> Iterator[str]:
    """decap-server in its file-system mode, on loopback only, over the scratch repository."""
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo), "MODE": "fs"}
    process = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(100):
            try:
                request = urllib.request.Request(url, data=json.dumps({"action": "info"}).encode(),
                                                 headers={"Content-Type": "application/json"})
                if json.load(urllib.request.urlopen(request, timeout=1))["type"] == "local_fs":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("decap-server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def editor_url(request: pytest.FixtureRequest, repo: Path, proxy: str, tmp_path_factory: pytest.TempPathFactory,
               ) -> Iterator[str]:
    with module_folder(request, tmp_path_factory, "editor-site") as work:
        site = work / "site"
        os.environ["EDITOR_PROXY"] = proxy
        try:
            assert main(["--root", str(repo), "build", "--site-dir", str(site), "--build-date", BUILD_DATE]) == 0
        finally:
            del os.environ["EDITOR_PROXY"]
        yield from serve(site)


def open_editor(page: Page, base: str, route: str) -> None:
    page.goto(base + "quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Bộ sưu tập")).to_be_visible()
    page.goto(base + "quan-tri/#/collections/" + route)


def choose(page: Page, label: str, typed: str, option: str) -> None:
    """Pick from a select or relation list by typing, as a communicator does."""
    page.get_by_label(label).first.click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option).first.click()


def shoot(page: Page, name: str) -> None:
    """A screenshot for the publishing guide, once Decap's transitions have finished."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    page.screenshot(path=str(SHOTS / name))


def add_source(page: Page, url: str) -> None:
    page.get_by_role("button", name="Thêm nguồn").click()
    page.get_by_label("Địa chỉ nguồn", exact=True).fill(url)


def publish(page: Page, shot: str) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()
    expect(page).to_have_url(re.compile(r"/entries/"))
    expect(page.get_by_text("Thay đổi đã được lưu", exact=False)).to_be_visible()
    shoot(page, f"{shot}.png")


def built(repo: Path, tmp_path: Path, capsys) -> Path:  # noqa: ANN001
    code, _, err = run_cli(["--root", str(repo), "check"], capsys)
    assert code == 0, err
    site = tmp_path / "built"
    code, _, err = run_cli(["--root", str(repo), "build", "--site-dir", str(site), "--build-date", BUILD_DATE], capsys)
    assert code == 0, err
    return site


def test_a_news_item_written_in_the_form_is_published(page: Page, editor_url: str, repo: Path, outside_requests,
                                                      tmp_path: Path, capsys):
    open_editor(page, editor_url, "tin-tuc/new")
    page.get_by_label("Tiêu đề", exact=True).fill("Đắk Lắk mở lớp tập huấn khởi nghiệp cho cơ sở công nghiệp nông thôn")
    page.get_by_label("Tóm tắt", exact=True).fill("Tin thử của bộ kiểm thử, đăng qua trình soạn thảo web.")
    page.locator("[data-slate-editor=true]").last.click()
    page.keyboard.type("Nội dung thử, viết trong trình soạn thảo.")
    page.get_by_label("Ngày đăng", exact=True).fill("20/11/2026")
    page.get_by_label("Tiêu đề", exact=True).scroll_into_view_if_needed()
    shoot(page, "1-tin-moi.png")
    add_source(page, "https://example.org/tin-thu-dak-lak")
    choose(page, "Tỉnh, thành phố liên quan", "Đắk Lắk", "Đắk Lắk")
    publish(page, "2-da-cong-bo")
    path = repo / "content" / "tin-tuc" / ("2026-11-20-dak-lak-mo-lop-tap-huan-khoi-nghiep-cho-co-so-cong-nghiep-"
                                           "nong-thon.md")
    doc, problems = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert problems == []
    assert doc.meta.value["title"] == "Đắk Lắk mở lớp tập huấn khởi nghiệp cho cơ sở công nghiệp nông thôn"
    assert str(doc.meta.value["date"]) == "2026-11-20" and doc.meta.value["provinces"] == ["Đắk Lắk"]
    assert "Nội dung thử" in doc.body
    site = built(repo, tmp_path, capsys)
    news = site / "tin-tuc" / path.stem / "index.html"
    assert "Đắk Lắk mở lớp tập huấn khởi nghiệp" in news.read_text(encoding="utf-8")
    assert outside_requests == []


def test_a_product_from_a_former_province_is_published(page: Page, editor_url: str, repo: Path, tmp_path: Path, capsys):
    open_editor(page, editor_url, "san-pham/new")
    page.get_by_label("Mã (địa chỉ trang)", exact=True).fill("mien-dong-thu-bac-giang")
    page.get_by_label("Tên sản phẩm", exact=True).fill("Miến dong thử")
    page.get_by_label("Cơ sở sản xuất", exact=True).fill("Hợp tác xã thử")
    choose(page, "Tỉnh, thành phố", "Bắc Giang", "Bắc Giang (tỉnh cũ, nay thuộc Bắc Ninh)")
    add_source(page, "https://example.org/mien-dong-thu")
    publish(page, "3-san-pham")
    loaded, problems = load_file(repo / "site_data" / "products" / "mien-dong-thu-bac-giang.yml", "p.yml")
    assert problems == [] and loaded.value["province"] == "Bắc Giang"
    site = built(repo, tmp_path, capsys)
    page_html = (site / "san-pham" / "mien-dong-thu-bac-giang" / "index.html").read_text(encoding="utf-8")
    assert "Bắc Giang (nay thuộc Bắc Ninh)" in page_html


def test_a_legal_relation_changed_in_the_form_changes_both_pages(page: Page, editor_url: str, repo: Path,
                                                                 tmp_path: Path, capsys):
    open_editor(page, editor_url, "van-ban/entries/235-2025-nd-cp")
    expect(page.get_by_label("Số hiệu (không bắt buộc)", exact=True)).to_have_value("235/2025/NĐ-CP")
    page.get_by_label("Mã (địa chỉ trang)", exact=True).fill("235-2025-nd-cp")
    choose(page, "Văn bản liên quan", "134", "134/2004/NĐ-CP")
    publish(page, "4-van-ban")
    site = built(repo, tmp_path, capsys)
    d235 = (site / "van-ban" / "235-2025-nd-cp" / "index.html").read_text(encoding="utf-8")
    d134 = (site / "van-ban" / "134-2004-nd-cp" / "index.html").read_text(encoding="utf-8")
    assert "Nghị định 134/2004/NĐ-CP" in d235 and "Nghị định 235/2025/NĐ-CP" in d134


def test_a_required_field_left_empty_is_refused(page: Page, editor_url: str, repo: Path):
    before = sorted((repo / "content" / "tin-tuc").iterdir())
    open_editor(page, editor_url, "tin-tuc/new")
    page.get_by_label("Tiêu đề", exact=True).fill("Tin thiếu tóm tắt")
    page.get_by_label("Ngày đăng", exact=True).fill("21/11/2026")
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()
    expect(page.get_by_text("Bạn còn thiếu vài thông tin bắt buộc", exact=False)).to_be_visible()
    shoot(page, "5-thieu-thong-tin.png")
    assert sorted((repo / "content" / "tin-tuc").iterdir()) == before


def within_screen(locator: Locator, width: int) -> Locator:
    """The control, once it is on screen, and all of it within the screen's width."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{locator} is off-screen at {width} px: {box}"
    return locator


def fits(page: Page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.body.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS)
def test_a_news_item_on_a_phone_and_a_computer_in_an_english_browser(screen: str, browser: Browser, editor_url: str,
                                                                     repo: Path,
                                                                     tmp_path: Path, capsys):
    """A communicator's browser is often set to English: the form still reads and writes dates day first."""
    size = SCREENS[screen]
    width = size["width"]
    context = browser.new_context(locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport=size, bypass_csp=True)
    outside: list[str] = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
                  else (outside.append(r.request.url), r.abort()))
    page = context.new_page()
    folder = repo / "content" / "tin-tuc"
    before = set(folder.iterdir())
    title = {"dien-thoai": "Tập huấn trên điện thoại", "may-tinh": "Tập huấn trên máy tính"}[screen] + \
        ": Đắk Lắk mở lớp khởi nghiệp cho cơ sở công nghiệp nông thôn năm 2026"
    day, typed = {"dien-thoai": ("04/12/2026", "04122026"), "may-tinh": ("05/12/2026", "5/12/2026")}[screen]
    stored = "-".join(reversed(day.split("/")))

    open_editor(page, editor_url, "tin-tuc")
    within_screen(page.get_by_role("link", name=re.compile(r"Thêm mới")), width).click()
    expect(page.get_by_label("Tiêu đề", exact=True)).to_be_visible()
    # the toolbar, where Decap says whether it saved
    expect(page.get_by_role("link", name=re.compile("Tin tức"))).to_be_visible()
    expect(page.get_by_text("Thay đổi đã được lưu", exact=False)).not_to_be_visible()  # nothing is saved yet
    fits(page, width)
    assert page.evaluate(TOFU) == []
    page.get_by_label("Tiêu đề", exact=True).fill(title)
    page.get_by_label("Tóm tắt", exact=True).fill("Tin thử của bộ kiểm thử, viết trên màn hình rộng " + str(width)
                                                  + " điểm ảnh.")
    page.locator("[data-slate-editor=true]").last.click()
    page.keyboard.type("Nội dung thử.")
    date = page.get_by_label("Ngày đăng", exact=True)
    assert date.get_attribute("type") == "text" and date.get_attribute("placeholder") == "ngày/tháng/năm"
    date.press_sequentially(typed)
    date.press("Tab")
    expect(date).to_have_value(day)  # 04122026 and 5/12/2026 read back as 04/12/2026 and 05/12/2026
    within_screen(page.get_by_role("button", name="Thêm nguồn"), width).click()
    page.get_by_label("Địa chỉ nguồn", exact=True).fill("https://example.org/tin-thu-" + screen)
    expect(page.get_by_text("Thay đổi chưa được lưu", exact=False)).to_be_visible()
    fits(page, width)
    # Decap's own Markdown toolbar still has unnamed controls (its code); the colours are ours to fix
    contrast = [v for v in axe_violations(page) if v["id"] == "color-contrast"]
    assert contrast == [], explain(contrast)
    shoot(page, f"{screen}-1-tin-moi.png")

    within_screen(page.get_by_role("button", name="Công bố", exact=True), width).click()
    within_screen(page.get_by_text("Công bố ngay"), width).click()
    expect(page.get_by_text("Thay đổi đã được lưu", exact=False)).to_be_visible()
    (path,) = set(folder.iterdir()) - before
    assert path.name.startswith(stored + "-") and len(path.stem) <= 80  # the day as typed, in Vietnam's time
    assert re.search(rf"^date: '?{stored}'?$", path.read_text(encoding="utf-8"), re.M)
    fits(page, width)
    shoot(page, f"{screen}-2-da-cong-bo.png")
    site = built(repo, tmp_path, capsys)
    # the file's name is the address
    assert title in (site / "tin-tuc" / path.stem / "index.html").read_text(encoding="utf-8")

    # Reopened (Decap offers the link for an item it has loaded, and the portal shows it once rebuilt):
    page.reload()
    expect(page.get_by_label("Ngày đăng", exact=True)).to_have_value(day)  # read back from the file, day first
    view = within_screen(page.get_by_role("link", name="Xem trên cổng"), width)
    assert urllib.parse.urljoin(page.url, view.get_attribute("href")) == f"{editor_url}tin-tuc/{path.stem}/"
    fits(page, width)
    shoot(page, f"{screen}-3-xem-tren-cong.png")
    within_screen(page.get_by_role("link", name=re.compile("Tin tức")), width).click()  # ← back to the list
    cards = page.locator("a[href*='/collections/tin-tuc/entries/']")
    expect(cards.first).to_be_visible()
    shown = [re.match(r"\s*(\d\d)/(\d\d)/(\d{4}) · ", text) for text in cards.all_inner_texts()]
    assert all(shown), "every news item is listed with its date"
    assert [(y, mo, d) for d, mo, y in (m.groups() for m
                                        in shown)] == sorted(((y, mo, d) for d, mo, y in (m.groups() for m in shown)),
                                                                           reverse=True)  # newest first
    assert f"{day} · {title}" in cards.all_inner_texts()
    fits(page, width)
    assert page.evaluate(TOFU) == []
    violations = axe_violations(page)
    assert violations == [], explain(violations)
    shoot(page, f"{screen}-4-danh-sach.png")
    assert outside == []
    context.close()


def test_the_editor_works_under_its_own_policy_with_the_local_proxy(browser: Browser, browser_context_args: dict,
                                                                    editor_url: str):
    """With the Content-Security-Policy enforced (the other tests bypass it, to inject axe-core) and
    `make edit`'s proxy: the page's policy (served here with no header: its <meta> element's) names
    the proxy, so Decap signs in, lists a collection and opens a form, with no violation."""
    from tests.browser.test_csp import Strict

    strict = Strict(browser, browser_context_args)
    try:
        page = strict.page
        open_editor(page, editor_url, "tin-tuc")
        expect(page.get_by_role("link", name=re.compile("Thêm|Tạo|New", re.I)).first).to_be_visible()
        page.goto(editor_url + "quan-tri/#/collections/tin-tuc/new")
        page.get_by_label("Tiêu đề", exact=True).fill("Thử chính sách bảo mật nội dung")
        page.locator("[data-slate-editor=true]").last.click()
        page.keyboard.type("Nội dung thử.")
        assert strict.violations() == [] and strict.outside == []
    finally:
        strict.context.close()
