"""The browser finds a term in the shard Python put it in.

The sample has one shard, so a hashing mismatch between generator/outputs/search.py and
content/assets/search.js would go unseen there. This test serves the search page with an index of
the test portal cut into many shards, and checks, for Vietnamese terms with every kind of mark and
for other names of places ("tp hcm" is looked up as "hồ chí minh"), that the browser looks up the
terms Python does, fetches exactly the shards Python names and finds exactly the documents the
Python reading of the index finds.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, Route, expect

from generator.outputs import search
from generator.site import Paths, load_catalog
from tests.browser.test_search import settled
from tests.conftest import BUILD_DATE
from tests.search_ref import Index

QUERIES = ["đề án", "Nghị định", "khuyến công", "Bắc Ninh", "gốm", "chè", "Đắk Lắk", "sản phẩm tiêu biểu", "hỗ trợ",
           "ĐỒNG THÁP", "thủ công mỹ nghệ", "cơ sở công nghiệp nông thôn", "năm 2025", "Quảng Nam",
           "tp hcm", "TPHCM", "TP.HCM", "Sài Gòn", "thành phố HCM", "Daklak", "tỉnh Đắk Lắk"]
# Ways of writing a query Python and the browser must read into the same terms, found or not.
SPELLINGS = [*QUERIES, "hcm hcm", "tp", "tp tp hcm", "hội chợ TP. Hồ Chí Minh 2025", "Sài Gòn – Daklak",
             "THÀNH PHỐ SÀI GÒN",
             "sài gòn tphcm", "tinh daklak cà phê", "Nghi\u0323 \u0111i\u0323nh", "Hà Nội", "ho-chi-minh", "",
             "binh dinh", "Bình Định", "Bình dinh", "ninh binh dinh", "ba ria vung tau", "quyết định bình", "binh"]


@pytest.fixture(scope="module")
def sharded(portal_root) -> dict[str, bytes]:
    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    docs = list(search.collect(cat))
    files = search.build_index(docs, search.facet_labels(cat, [d.facets for d in docs]), target_shard_bytes=300,
                               place_names=cat.place_names, phrases=search.place_phrases(cat))
    assert json.loads(files["search/meta.json"])["shards"] >= 32
    return {path.removeprefix("search/"): body for path, body in files.items()}


def test_python_and_javascript_put_vietnamese_terms_in_the_same_shards(page: Page, site_url: str,
                                                                       sharded: dict[str, bytes]):
    index = Index(lambda path: sharded[path])
    fetched: list[str] = []

    def serve(route: Route) -> None:
        path = route.request.url.split("/search/", 1)[1]
        fetched.append(path)
        if path in sharded:
            route.fulfill(body=sharded[path], content_type="application/json")
        else:
            route.fulfill(status=404)

    page.route("**/search/**", serve)
    shards_seen = set()
    for query in QUERIES:
        fetched.clear()
        page.goto(site_url + "tim-kiem/?q=" + quote(query))
        settled(page)
        wanted = {index.shard_file(t) for t in [*index.terms(query), *index.numbered(query)]}
        assert {p for p in fetched if p.startswith("s/")} == wanted, query
        found = index.match(query)
        assert found, f"{query}: the test portal should hold it"
        expect(page.get_by_role("status")).to_contain_text(f"Tìm thấy {len(found)} kết quả")
        shown = page.locator(".kc-result__title a").evaluate_all("as => as.map(a => a.href)")
        assert shown and {h.removeprefix(site_url) for h in shown} <= {index.url(i) for i in found}, query
        shards_seen |= wanted
    assert len(shards_seen) >= 10  # the queries did spread over the shards


def test_python_and_javascript_read_a_query_into_the_same_terms(page: Page, site_url: str, sharded: dict[str, bytes]):
    """Other names of places are replaced alike on both sides (generator/outputs/search.py
    with_place_names, search.js terms), from the table meta.json carries, and places' names of two
    words or more joined into one alike (Places.joined, search.js joined)."""
    index = Index(lambda path: sharded[path])
    assert len(index.meta["places"]) >= 10
    page.route("**/search/meta.json", lambda route: route.fulfill(body=sharded["meta.json"],
                                                                  content_type="application/json"))
    page.goto(site_url + "tim-kiem/")
    browser = page.evaluate("qs => Promise.all(qs.map(q => window.kcSearch.terms(q)))", SPELLINGS)
    assert dict(zip(SPELLINGS, browser)) == {q: index.terms(q) for q in SPELLINGS}
    assert index.terms("tp tp hcm") == ["tp", "hồchíminh"] and index.terms("TP.HCM") == ["hồchíminh"]
    assert index.terms("ninh binh dinh") == ["ninhbinh", "dinh"] and index.terms("binh") == ["binh"]


def test_first_results_wait_for_no_facet_file(page: Page, site_url: str):
    """The facets (filters, their counts) are fetched after the first results are shown, unless a
    filter is on or the query holds a number (legal texts first): a first search downloads the
    terms' shards and the shown documents, nothing that grows with the portal's size otherwise."""
    def before_results(url: str) -> list[str]:
        page.goto(url)
        settled(page)
        return page.evaluate("""() => {
            const shown = performance.getEntriesByName('kc-results')[0].startTime;
            return performance.getEntriesByType('resource').filter(r => r.responseEnd <= shown).map(r => \
r.name.split('/search/')[1]).filter(Boolean);
        }""")

    plain = before_results(site_url + "tim-kiem/?q=banh+trang")
    assert "meta.json" in plain and any(p.startswith("s/") for p in plain) and any(p.startswith("d/") for p in plain)
    assert not [p for p in plain if p.startswith("f/")], plain
    assert page.locator("fieldset.kc-facet").count() > 0  # and the filters came after
    assert [p for p in before_results(site_url + "tim-kiem/?q=banh&loai=product") if p.startswith("f/")]
    assert [p for p in before_results(site_url + "tim-kiem/?q=235") if p.startswith("f/")]


def _served(page: Page, files: dict[str, bytes]) -> None:
    """The search page reads this index instead of the portal's."""
    def serve(route: Route) -> None:
        path = route.request.url.split("/search/", 1)[1]
        body = files.get("search/" + path)
        route.fulfill(body=body, content_type="application/json") if body is not None else route.fulfill(status=404)
    page.route("**/search/**", serve)


def _shown(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url + "tim-kiem/?q=" + quote(query))
    settled(page)
    hrefs = page.locator(".kc-result__title a").evaluate_all("as => as.map(a => a.href)")
    return [h.removeprefix(site_url) for h in hrefs]


def test_a_word_written_two_ways_in_a_document_counts_once(page: Page, site_url: str):
    """"máy móc" asks for machinery: a page titled so comes before the story of a sewing machine
    ("máy may"), whose many "máy" and "may" (one word when folded) once counted as two matches of
    the term and put it first though it says "máy móc" once, in passing. Typed with diacritics, a
    query's plain words are read as written too: "máy may" puts the sewing machine first; a query
    typed without them ("hcm may moc") is not read so because a place's other name stands for an
    accented one."""
    labels = {"loai": {"project": "Đề án"}, "tinh": {}, "nhom": {}, "cap": {}, "nam": {}, "hieu-luc": {}}
    docs = [search.Doc("x/may-may/", "Máy may lập trình tự động", "project", facets={"loai": ["project"]},
                fields={"title": "Máy may lập trình tự động",
                        "body": "Công ty may ở Hồ Chí Minh mua máy may; máy may giúp may nhanh hơn nhờ máy móc mới."}),
            search.Doc("x/may-moc/", "Máy móc thiết bị", "project", facets={"loai": ["project"]},
                fields={"title": "Máy móc thiết bị", "body": "Hỗ trợ thiết bị tiên tiến ở Hồ Chí Minh."})]
    files = search.build_index(docs, labels, place_names={"hcm": ("hồ", "chí", "minh")}, phrases=["ho chi minh"])
    _served(page, files)
    assert _shown(page, site_url, "máy móc") == _shown(page, site_url, "may moc") == ["x/may-moc/", "x/may-may/"]
    # typed without diacritics, a query stays so when the table reads "hcm" as the accented "Hồ Chí Minh"
    assert _shown(page, site_url, "hcm may moc") == ["x/may-moc/", "x/may-may/"]
    assert _shown(page, site_url, "máy may") == ["x/may-may/", "x/may-moc/"]
    index = Index(lambda path: files["search/" + path])
    assert {index.url(i): t for i, t in index.match("máy may").items()} == {"x/may-may/": 2, "x/may-moc/": 1}
    assert set(index.match("may may").values()) == set(index.match("hcm may moc").values()) == {0}
