"""The browser finds a term in the shard Python put it in.

The sample has one shard, so a hashing mismatch between generator/search.py and
content/assets/search.js would go unseen there. This test serves the search page with an index of
the test portal cut into many shards, and checks, for Vietnamese terms with every kind of mark,
that the browser fetches exactly the shards Python names and finds exactly the documents the
Python reading of the index finds.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, Route, expect

from generator import search
from generator.site import Paths, load_catalog
from tests.browser.test_search import settled
from tests.conftest import BUILD_DATE
from tests.search_ref import Index

QUERIES = ["đề án", "Nghị định", "khuyến công", "Bắc Ninh", "gốm", "chè", "Đắk Lắk", "sản phẩm tiêu biểu", "hỗ trợ",
           "ĐỒNG THÁP", "thủ công mỹ nghệ", "cơ sở công nghiệp nông thôn", "năm 2025", "Quảng Nam"]


@pytest.fixture(scope="module")
def sharded(portal_root) -> dict[str, bytes]:
    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    docs = search.collect(cat, [])
    files = search.build_index(docs, search.facet_labels(cat, docs), target_shard_bytes=300)
    assert json.loads(files["search/meta.json"])["shards"] >= 32
    return {path.removeprefix("search/"): body for path, body in files.items()}


def test_python_and_javascript_put_vietnamese_terms_in_the_same_shards(page: Page, site_url: str, sharded: dict[str, bytes]):
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
        wanted = {index.shard_file(t) for t in search.tokens(query)}
        assert {p for p in fetched if p.startswith("s/")} == wanted, query
        found = index.match(query)
        assert found, f"{query}: the test portal should hold it"
        expect(page.get_by_role("status")).to_contain_text(f"Tìm thấy {len(found)} kết quả")
        shown = page.locator(".kc-result__title a").evaluate_all("as => as.map(a => a.href)")
        assert shown and {h.removeprefix(site_url) for h in shown} <= {index.url(i) for i in found}, query
        shards_seen |= wanted
    assert len(shards_seen) >= 10  # the queries did spread over the shards
