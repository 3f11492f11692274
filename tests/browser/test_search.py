"""Search as Vietnamese readers use it, in a real browser, on the built test portal."""

import gzip
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from generator.outputs.search import read_doc
from generator.text import fold
from tests.search_ref import Index


def settled(page: Page) -> None:
    """Wait until the search has drawn its results and then its filters (each is aria-busy while
    it works: the filters' counts come after the first results)."""
    expect(page.get_by_role("status")).to_contain_text("kết quả")
    expect(page.locator("#kc-results")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#kc-facets")).to_have_attribute("aria-busy", "false")


def run_query(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url + "tim-kiem/")
    box = page.get_by_label("Từ cần tìm", exact=False)
    box.fill("")
    box.press_sequentially(query, delay=5)
    box.press("Enter")
    settled(page)
    return page.locator(".kc-result__title").all_text_contents()


@pytest.mark.parametrize(
    "query, expected_first, also",
    [
        ("de an khuyen cong", None, "Hỗ trợ khôi phục nghề gốm Bồ Bát, Ninh Bình"),
        ("banh", "Bánh dừa nướng mè đen Quý Thu", "Bánh chưng bà Ba Hội"),
        ("Dak Lak", None, "Bộ sản phẩm cà phê hạt và cà phê bột Trung Hoa"),
        ("235/2025", "Nghị định 235/2025/NĐ-CP", None),
        ("nd 235", "Nghị định 235/2025/NĐ-CP", None),
        ("235/2025/ND-CP", "Nghị định 235/2025/NĐ-CP", None),
        ("Nghị định 235", "Nghị định 235/2025/NĐ-CP", None),
        ("Hau Giang", None, "Hỗ trợ đầu tư máy cán, uốn tôn cho doanh nghiệp Phi Long, Phụng Hiệp"),
        ("Quang Nam", None, "Giá treo khăn"),
    ],
)
def test_queries_without_diacritics_numbers_and_former_provinces(page: Page, site_url: str, outside_requests, query,
                                                                 expected_first, also):
    titles = run_query(page, site_url, query)
    assert titles, query
    if expected_first:
        assert titles[0] == expected_first, titles
    if also:
        if also not in titles and page.locator("#kc-more").is_visible():
            page.locator("#kc-more").click()
            expect(page.locator(".kc-result").nth(10)).to_be_visible()
            titles = page.locator(".kc-result__title").all_text_contents()
        assert also in titles, titles
    assert outside_requests == []


def all_results(page: Page, site_url: str, query: str) -> list[str]:
    """Every result's address, in the order shown, after asking for more until there is no more."""
    page.goto(site_url + "tim-kiem/?q=" + quote(query))
    settled(page)
    more = page.locator("#kc-more")
    while more.is_visible():
        shown = page.locator(".kc-result").count()
        more.click()
        expect(page.locator(".kc-result")).not_to_have_count(shown)
    return [href.removeprefix(site_url) for href
            in page.locator(".kc-result__title a").evaluate_all("as => as.map(a => a.href)")]


@pytest.fixture(scope="module")
def index(portal_site: Path) -> Index:
    return Index(lambda path: (portal_site / "search" / path).read_bytes())


@pytest.mark.parametrize("typed, plain", [("bản", "ban"), ("đề án", "de an"), ("sản phẩm", "san pham"), ("chè", "che")])
def test_query_with_diacritics_ranks_the_exact_form_first(page: Page, site_url: str, index: Index, typed: str,
                                                          plain: str):
    """Typed with or without diacritics, a query finds the same documents: those holding every
    term. Typed with them, the documents holding the exact form come first."""
    found = index.match(typed)
    exact = all_results(page, site_url, typed)
    folded = all_results(page, site_url, plain)
    assert sorted(exact) == sorted(folded) == sorted(index.url(i) for i in found)
    by_url = {index.url(i): tier for i, tier in found.items()}
    tiers = [by_url[u] for u in exact]
    assert tiers == sorted(tiers, reverse=True), tiers  # exact forms first
    assert max(tiers) > min(tiers)  # the query does tell the forms apart, so the order above means something


@pytest.mark.parametrize("query", ["binh dinh", "Bình Định", "tinh binh dinh", "ninh binh", "ha noi khuyen cong"])
def test_a_places_name_is_asked_for_as_a_name_in_the_browser_too(page: Page, site_url: str, index: Index, query: str):
    """search.js reads a place's name of two words as one word, as the index does (Places.joined):
    the browser finds exactly the documents the reference reading finds, and "binh dinh" none of
    Ninh Bình's pages, which hold "bình" and, in "quyết định", "định"."""
    shown = all_results(page, site_url, query)
    assert shown and sorted(shown) == sorted(index.url(i) for i in index.match(query)), query
    if "dinh" in fold(query):
        assert "tinh-thanh/gia-lai/" in shown and not any("ninh-binh" in u for u in shown), shown


def test_results_show_type_province_date_and_highlight(page: Page, site_url: str):
    run_query(page, site_url, "gia treo khan")
    first = page.locator(".kc-result").first
    expect(first.locator(".kc-result__title")).to_have_text("Giá treo khăn")
    expect(first.locator(".kc-result__meta")).to_contain_text("Sản phẩm tiêu biểu · Quảng Nam (nay thuộc Đà Nẵng)")
    assert [m.lower() for m in first.locator(".kc-result__title mark").all_text_contents()] == ["giá", "treo", "khăn"]
    first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Giá treo khăn")


def test_filtered_url_opens_with_filters_and_results(page: Page, site_url: str, outside_requests):
    page.goto(site_url + "tim-kiem/?q=san+pham&tinh=da-nang&loai=product")
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 11 kết quả")
    expect(page.get_by_role("checkbox", name="Đà Nẵng (", exact=False)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Sản phẩm tiêu biểu (11)")).to_be_checked()
    for meta in page.locator(".kc-result__meta").all_text_contents():
        assert meta.startswith("Sản phẩm tiêu biểu · Quảng Nam")
    # narrowing by level through the keyboard updates the results and the address
    level = page.get_by_role("checkbox", name="Cấp quốc gia", exact=False)
    level.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 7 kết quả")
    settled(page)
    assert "cap=quoc-gia" in page.url and "tinh=da-nang" in page.url
    # the status line says the results are filtered, and by what: on a phone the list is far below the box ticked
    expect(page.get_by_role("status")).to_contain_text("lọc theo Sản phẩm tiêu biểu; Đà Nẵng; Cấp quốc gia.")
    assert outside_requests == []


def test_facet_counts(page: Page, site_url: str):
    """Each value of a facet shows how many results it keeps, and choosing it keeps that many."""
    page.goto(site_url + "tim-kiem/?q=nghi+dinh")
    settled(page)
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 27 kết quả")
    expect(page.locator("#kc-filters")).to_have_attribute("open", "")  # open by itself on a wide screen
    status = page.locator("fieldset.kc-facet").filter(has_text="Hiệu lực văn bản").locator("label")
    assert status.all_text_contents() == ["Còn hiệu lực (4)", "Còn hiệu lực, đã được sửa đổi, bổ sung (1)",
                                          "Hết hiệu lực (1)", "Chưa rõ hiệu lực (6)"]
    kinds = page.locator("fieldset.kc-facet").filter(has_text="Loại nội dung").locator("label")
    assert kinds.all_text_contents() == ["Hỗ trợ khuyến công (1)", "Thủ tục (2)", "Hỏi đáp (3)", "Tin tức (9)",
                                         "Văn bản (12)"]
    for i, label in enumerate(status.all_text_contents()):
        count = int(label.rsplit("(", 1)[1].rstrip(")"))
        status.nth(i).click()
        expect(page.get_by_role("status")).to_contain_text(f"Tìm thấy {count} kết quả")
        settled(page)
        assert page.locator(".kc-result").count() == min(count, 10)
        status = page.locator("fieldset.kc-facet").filter(has_text="Hiệu lực văn bản").locator("label")
        status.nth(i).click()  # and back
        expect(page.get_by_role("status")).to_contain_text("Tìm thấy 27 kết quả")


def test_header_search_box_goes_to_results(page: Page, site_url: str):
    page.goto(site_url + "san-pham/")
    box = page.get_by_role("searchbox", name="Tìm kiếm trên cổng")
    box.fill("che moc cau")
    box.press("Enter")
    expect(page.locator(".kc-result__title").first).to_have_text("Chè móc câu")
    assert "tim-kiem/?q=che+moc+cau" in page.url


def test_search_on_a_phone(page: Page, site_url: str):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + "tim-kiem/?q=che")
    settled(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".kc-result").first.bounding_box()["y"] < 740  # results visible without scrolling past filters
    # the results use the width the form uses (Material indents a list's items by 20 px)
    assert page.locator(".kc-result").first.bounding_box()["x"] == page.locator("#kc-q").bounding_box()["x"]
    page.goto(site_url + "tim-kiem/?q=" + quote("bắt buộc"))  # nothing found, no filter on: none to untick
    settled(page)
    expect(page.get_by_role("status")).to_have_text("Không tìm thấy kết quả nào cho “bắt buộc”. Thử bỏ bớt từ.")
    expect(page.locator("#kc-filters")).to_be_hidden()  # nor an empty box of filters to open
    page.goto(site_url + "tim-kiem/")
    expect(page.get_by_label("Từ cần tìm", exact=False)).to_be_visible()
    expect(page.locator("#kc-filters")).to_be_hidden()


@pytest.mark.parametrize("query", ["ho tro may moc", "hỗ trợ máy móc", "Hỗ trợ máy móc thiết bị"])
def test_the_support_answer_comes_first(page: Page, site_url: str, outside_requests, query: str):
    """A reader asking what support there is for machinery gets the finder's answer (national
    levels, then the choice of province) before the projects that got such support."""
    titles = run_query(page, site_url, query)
    first = page.locator(".kc-result").first
    assert titles[0] == "Máy móc thiết bị, dây chuyền công nghệ", titles
    expect(first.locator(".kc-result__meta")).to_have_text("Hỗ trợ khuyến công")
    expect(first.locator(".kc-result__snippet")).to_contain_text("không quá")
    # the projects follow
    assert any(m.startswith("Đề án, mô hình") for m in page.locator(".kc-result__meta").all_text_contents())
    first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Máy móc thiết bị, dây chuyền công nghệ")
    assert page.url == site_url + "ho-tro/may-moc-cong-nghe/"
    assert outside_requests == []


@pytest.mark.parametrize("query", ["tp hcm", "tphcm", "hcm", "TP.HCM", "Sài Gòn", "thanh pho hcm"])
def test_abbreviations_of_a_place_find_it(page: Page, site_url: str, query: str):
    """Other names of a place (site_data/place_names.yml) find it as its own name does, and the
    result shows the name they stand for highlighted."""
    titles = run_query(page, site_url, query)
    assert titles[0] == "TP. Hồ Chí Minh", titles
    marks = page.locator(".kc-result").first.locator(".kc-result__title mark").all_text_contents()
    assert [m for m in marks if m != "TP"] == ["Hồ", "Chí", "Minh"]  # and "TP" when it was typed
    assert titles == run_query(page, site_url, "Hồ Chí Minh")


def test_a_name_written_as_one_word_finds_the_place(page: Page, site_url: str):
    assert set(run_query(page, site_url, "daklak")) == set(run_query(page, site_url, "Đắk Lắk"))
    assert "Sở Công Thương tỉnh Đắk Lắk" in run_query(page, site_url, "so cong thuong daklak")


def test_procedures_questions_and_contacts_are_found(page: Page, site_url: str):
    assert run_query(page, site_url, "thu tuc dang ky de an quoc gia")[0] == "Đăng ký đề án khuyến công quốc gia"
    expect(page.locator(".kc-result__meta").first).to_have_text("Thủ tục")
    assert run_query(page, site_url, "doanh nghiep nho")[0] == "Doanh nghiệp nhỏ có được hỗ trợ khuyến công không?"
    expect(page.locator(".kc-result__meta").first).to_have_text("Hỏi đáp · 15/10/2025")
    page.locator(".kc-result a").first.click()
    assert page.url == site_url + "hoi-dap/#doanh-nghiep-nho-co-duoc-ho-tro-khong"
    expect(page.locator("#doanh-nghiep-nho-co-duoc-ho-tro-khong")).to_be_in_viewport()
    assert run_query(page, site_url, "so cong thuong dak lak") == ["Sở Công Thương tỉnh Đắk Lắk"]
    expect(page.locator(".kc-result__meta")).to_have_text("Danh bạ liên hệ · Đắk Lắk")
    expect(page.locator(".kc-result__snippet")).to_contain_text("socongthuong.daklak.gov.vn")
    page.locator(".kc-result a").click()
    assert page.url == site_url + "danh-ba/#so-cong-thuong-dak-lak"


def test_the_communicators_guide_is_not_a_public_result(page: Page, site_url: str):
    """Its front matter says `search: false`: words only it holds find nothing."""
    page.goto(site_url + "tim-kiem/?q=" + quote("bắt buộc"))
    expect(page.get_by_role("status")).to_contain_text("Không tìm thấy kết quả nào")
    hrefs = all_results(page, site_url, "hướng dẫn")
    assert hrefs and "huong-dan-dang-tin/" not in hrefs


def test_snippets_open_and_close_on_whole_words(page: Page, site_url: str, portal_site: Path):
    """A snippet cut from a longer text starts after a space and ends before one: no word is cut."""
    texts = [read_doc(p.read_bytes())["x"] for p in (portal_site / "search/d").iterdir()]
    page.goto(site_url + "tim-kiem/?q=" + quote("san pham"))
    settled(page)
    snippets = page.locator(".kc-result__snippet").all_text_contents()
    cut = [s for s in snippets if s.startswith("… ") or s.endswith(" …")]
    assert cut, snippets  # the query finds texts longer than a snippet
    for snippet in cut:
        inner = snippet.removeprefix("… ").removesuffix(" …")
        text = next(t for t in texts if inner in t)
        at = text.index(inner)
        assert at == 0 or text[at - 1] == " ", snippet
        assert at + len(inner) == len(text) or text[at + len(inner)] == " ", snippet


def test_results_without_decompression_stream(page: Page, site_url: str):
    """A browser without DecompressionStream (Safari before 16.4) inflates each shard and result's file
    with the site's own tiny-inflate, fetched only then; a gzip header that names its file (as gzip(1)
    writes one) is read past."""
    routed: list[str] = []

    def named(route):
        routed.append(route.request.url.split("/search/")[1][0])
        response = route.fetch()
        packed = io.BytesIO()
        with gzip.GzipFile(filename="ket-qua.json", mode="wb", fileobj=packed, mtime=0) as out:
            out.write(gzip.decompress(response.body()))
        assert packed.getvalue()[3] & 8  # FNAME
        route.fulfill(response=response, body=packed.getvalue())

    page.add_init_script("delete window.DecompressionStream;")
    page.route("**/search/{s,d}/*.json.gzip", named)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    run_query(page, site_url, "gia treo khan")
    expect(page.locator(".kc-result__title").first).to_have_text("Giá treo khăn")
    expect(page.locator(".kc-result__snippet").first).not_to_be_empty()
    assert [u for u in fetched if "/assets/tiny-inflate." in u], "tiny-inflate was never fetched"
    assert set(routed) == {"s", "d"}, routed


def test_results_from_a_server_that_decodes_the_files(page: Page, site_url: str):
    """A server that sends the index's stored files already decoded (Content-Encoding: gzip on .gzip
    files): each shard and result's file is read as it comes."""
    routed: list[str] = []

    def decoded(route):
        routed.append(route.request.url.split("/search/")[1][0])
        response = route.fetch()
        body = response.body()
        route.fulfill(response=response, body=gzip.decompress(body), headers={"content-type": "application/json"})

    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.route("**/search/{s,d}/*.json.gzip", decoded)
    run_query(page, site_url, "gia treo khan")
    expect(page.locator(".kc-result__title").first).to_have_text("Giá treo khăn")
    assert set(routed) == {"s", "d"}, routed
    assert not [u for u in fetched if "/assets/tiny-inflate." in u]  # a browser with DecompressionStream needs none


def test_a_text_asked_for_by_its_number_under_another_type_is_offered(page: Page, site_url: str):
    """"quyet dinh 235" finds no text numbered 235 (Decree 235 is a Nghị định): the search offers it
    above its results, by its number (generator/outputs/search_docs.py NUMBERED); a query that finds
    it, or whose number is a year that texts hold but none is numbered by ("gốm 2025"), or no text's
    number, is offered nothing."""
    also = page.locator("#kc-also")
    for query in ("quyet dinh 235", "thông tư 235"):
        run_query(page, site_url, query)
        expect(also).to_be_visible()
        expect(also).to_contain_text("Có phải bạn tìm văn bản số 235?")
        link = also.get_by_role("link", name="Nghị định 235/2025/NĐ-CP")
        expect(link).to_have_attribute("href", re.compile(r"van-ban/235-2025-nd-cp/$"))
        box = link.bounding_box()
        assert box and box["height"] >= 24  # a thumb's target
    for query in ("nghị định 235", "gốm 2025", "thong tu 99999"):
        page.goto(site_url + "tim-kiem/?q=" + quote(query))
        settled(page)
        page.wait_for_load_state("networkidle")  # the offer's documents, had any been asked for
        expect(also).to_be_empty()


def test_a_snippet_keeps_its_texts_first_words_when_the_match_is_near_them(page: Page, site_url: str):
    """A match a little way into a text (Bình Định, at the end of the first sentence of Gia Lai's
    description) shows the text from its start, not "… Gia Lai, hình thành …" without its first word."""
    page.goto(site_url + "tim-kiem/?q=" + quote("binh dinh"))
    settled(page)
    result = page.locator(".kc-result").filter(has=page.get_by_role("link", name="Gia Lai", exact=True))
    snippet = result.locator(".kc-result__snippet")
    expect(snippet).to_have_text(re.compile(r"^Tỉnh Gia Lai, hình thành từ việc hợp nhất"))


def test_results_that_only_match_once_marks_are_dropped_are_set_apart(page: Page, site_url: str, index: Index):
    """"chè" typed with its mark also finds "chế" (both "che" once folded): the status says how many
    hold the word as typed, and a line sets the others apart, where they begin; typed without the
    mark, nothing is set apart."""
    found = index.match("chè")
    exact = sum(1 for tier in found.values() if tier == 1)
    assert 0 < exact < len(found)
    all_results(page, site_url, "chè")
    expect(page.get_by_role("status")).to_have_text(
        f"Tìm thấy {len(found)} kết quả cho “chè”. Trong đó {exact} kết quả đúng dấu như đã gõ, "
        f"{len(found) - exact} kết quả chỉ khớp khi bỏ dấu.")
    items = page.locator("#kc-results > li")
    divider = page.locator("li.kc-result-divider")
    expect(divider).to_have_count(1)
    heading = page.get_by_role("heading", name="Các kết quả dưới đây chỉ khớp từ khóa khi bỏ dấu", exact=False)
    expect(heading).to_be_visible()
    assert items.nth(exact).get_attribute("class") == "kc-result-divider"
    all_results(page, site_url, "che")
    expect(page.locator("li.kc-result-divider")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text(f"Tìm thấy {len(found)} kết quả cho “che”.")
