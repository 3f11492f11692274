"""The search index (generator/outputs/search.py) on its own: hashing, tokens, text, sharding, layout.
The browser side is held to the same hashing in tests/browser/test_search_shards.py."""

from __future__ import annotations

import html
import json

import pytest

from generator.outputs.search import Doc, build_index, read_doc, shard_of, tokens, unpacked
from generator.text import fold
from tests.search_ref import Index


@pytest.mark.parametrize("text, h", [("", 0x811C9DC5), ("a", 0xE40C292C), ("foobar", 0xBF9CF968)])
def test_shard_hash_is_fnv_1a_32(text: str, h: int):
    """Published FNV-1a test vectors (the same function search.js computes)."""
    assert shard_of(text, 2**32) == h


def test_shard_hash_runs_over_code_points():
    """Non-ASCII syllables hash by code point, not by UTF-8 byte (JavaScript's codePointAt)."""
    expected = 0x811C9DC5
    for ch in "đề":
        expected = ((expected ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    assert shard_of("đề", 2**32) == expected
    assert shard_of("de", 7) == shard_of(fold("Đề"), 7)


def test_tokens_are_nfc_lower_case_syllables_and_split_codes():
    decomposed = "Nghi\u0323 \u0111i\u0323nh"  # NFD marks, as some keyboards write them
    assert tokens(decomposed) == ["nghị", "định"]
    assert tokens("Nghị định 235/2025/NĐ-CP, ngày 01.09") == ["nghị", "định", "235", "2025", "nđ", "cp", "ngày", "01",
                                                              "09"]
    assert tokens("a_b") == ["a", "b"]


def _docs(n: int) -> list[Doc]:
    words = ["gốm", "chè", "đề án", "khuyến công", "Bắc Ninh", "sản phẩm", "cà phê", "mây tre", "bánh", "dệt"]
    return [Doc(f"x/{i}/", f"Mục {i} {words[i % 10]}", "news", fields={"title": f"Mục {i} {words[i % 10]}",
                                                                       "body": words[(i + 3) % 10]},
                facets={"loai": ["news"], "nam": [str(2020 + i % 3)]}) for i in range(n)]


def _labels() -> dict[str, dict[str, str]]:
    return {"loai": {"news": "Tin tức"}, "tinh": {}, "nhom": {}, "cap": {},
            "nam": {"2022": "2022", "2021": "2021", "2020": "2020"},
            "hieu-luc": {}}


def test_every_term_is_in_the_shard_its_hash_names():
    files = build_index(_docs(120), _labels(), target_shard_bytes=200)
    meta = json.loads(files["search/meta.json"])
    assert meta["shards"] > 8 and meta["docs"] == 120
    for n in range(meta["shards"]):
        for term in unpacked(files[f"search/s/{n}.json.gzip"]):
            assert shard_of(term, meta["shards"]) == n, term
    docs = sorted(p for p in files if p.startswith("search/d/"))
    assert docs == sorted(f"search/d/{i}.json.gzip" for i in range(120))
    # documents and shards each a gzip member with no name, time 0 and no system (two builds, the same
    # bytes), holding its JSON
    shards = [f"search/s/{n}.json.gzip" for n in range(meta["shards"])]
    assert sorted(p for p in files if p.startswith("search/s/")) == sorted(shards)
    assert all(files[p][:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" for p in docs + shards)
    assert read_doc(files["search/d/7.json.gzip"])["t"] == _docs(120)[7].title
    facets = json.loads(files["search/f/0.json"])
    # per document, its year as a code into the labels (2022, 2021, 2020)
    assert facets["nam"][:4] == [[2], [1], [0], [2]]


def test_meta_holds_nothing_per_document_and_facets_come_in_chunks():
    """What a first search must fetch (meta.json) does not grow with the portal; the facets of
    document i are in f/<i // chunk>.json at position i % chunk."""
    from generator.outputs.search import CHUNK

    n = 2 * CHUNK + 5
    small, large = build_index(_docs(5), _labels()), build_index(_docs(n), _labels())
    meta = json.loads(large["search/meta.json"])
    assert len(large["search/meta.json"]) < len(small["search/meta.json"]) + 40  # only the counts differ
    assert (meta["docs"], meta["chunk"], meta["chunks"]) == (n, CHUNK, 3)
    chunks = [json.loads(large[f"search/f/{k}.json"]) for k in range(3)]
    assert [len(c["nam"]) for c in chunks] == [CHUNK, CHUNK, 5]
    i = CHUNK + 7
    assert chunks[i // CHUNK]["nam"][i % CHUNK] == [meta["keys"]["nam"].index(str(2020 + i % 3))]


def test_postings_decode_to_the_documents_and_weights_written():
    files = build_index(_docs(30), _labels(), target_shard_bytes=100)
    index = Index(lambda path: files["search/" + path])
    found = index.match("gốm")
    assert {index.url(i) for i in found} == {f"x/{i}/" for i in range(30) if i % 10 in (0, 7)}  # title or body
    assert index.match("gom").keys() == found.keys()
    assert set(index.match("gốm").values()) == {1}  # all hold the exact form
    entry = unpacked(files["search/" + index.shard_file("gom")])["gom"]["gốm"]
    ids = [sum(entry[0][: k + 1]) for k in range(len(entry[0]))]
    assert ids == sorted(ids) and entry[1][0] == 8  # document 0 has it in its title: weight 8


def test_the_index_is_the_same_bytes_for_the_same_documents():
    assert build_index(_docs(50), _labels(), 150) == build_index(_docs(50), _labels(), 150)
    assert build_index(_docs(1), _labels())["search/meta.json"] == build_index(_docs(1), _labels())["search/meta.json"]
    assert json.loads(build_index(_docs(5), _labels())["search/meta.json"])["shards"] == 1


# ---- what is indexed, on the built test portal ---------------------------------------------------

def _documents(site) -> list[dict]:
    meta = json.loads((site / "search" / "meta.json").read_bytes())
    return [read_doc((site / "search" / "d" / f"{i}.json.gzip").read_bytes()) for i in range(meta["docs"])]


def test_plain_text_drops_attribute_lists():
    """Attribute lists are markup: the words of a page or a field never include one, whether
    Markdown attached it to an element (as MkDocs does on pages) or left it in the text."""
    from generator.markup import plain_text

    image = '[![Biểu mẫu tin mới](a.webp){ width="1280" height="800" }](a.webp "Mở ảnh cỡ lớn") Điền các ô.'
    for page in (True, False):
        assert plain_text(image, page=page) == "Điền các ô."
        assert plain_text("## Nguồn { #nguon .kc-x }\n\nĐoạn văn\n{: .kc-lead }", page=page) == "Nguồn Đoạn văn"
        assert plain_text('chữ { width="1" } giữa, {: #a } và `{ .b }`', page=page) == "chữ giữa, và"
    assert plain_text("Giá {từ 1 đến 2} triệu", page=True) == "Giá {từ 1 đến 2} triệu"  # braces of words stay


@pytest.mark.parametrize("fixture", ["portal_site", "sample_site"])
def test_no_attribute_list_reaches_the_index(fixture: str, request: pytest.FixtureRequest):
    """Over the whole index (the test portal's about page carries two; the sample's guide a dozen,
    but it is not searched): no title, snippet or indexed term holds an attribute list."""
    from generator.markup import ATTRIBUTE_LIST

    site = request.getfixturevalue(fixture)
    for doc in _documents(site):
        for text in (doc["t"], doc["x"]):
            assert not ATTRIBUTE_LIST.search(text) and "width=" not in text, (doc["u"], text)
    terms = {t for shard in (site / "search" / "s").glob("*.json.gzip") for t in unpacked(shard.read_bytes())}
    assert terms and not {"width", "height"} & terms


def test_the_about_page_is_indexed_without_its_attribute_lists(portal_site):
    about = next(d for d in _documents(portal_site) if d["u"] == "gioi-thieu/")
    assert about["x"].startswith("Giới thiệu Cổng thông tin khuyến công tổng hợp")
    assert "công khai. Nguồn dữ liệu Mọi mục" in about["x"]  # `{: .kc-lead }` and `{ #nguon-du-lieu }` gone


def test_a_page_whose_front_matter_says_search_false_is_not_indexed(portal_site):
    """The communicators' guide is for the portal's staff: public search leaves it out (its front
    matter says `search: false`)."""
    urls = {d["u"] for d in _documents(portal_site)}
    assert "huong-dan-dang-tin/" not in urls
    assert {"gioi-thieu/", "tiep-can/"} <= urls
    assert (portal_site / "huong-dan-dang-tin" / "index.html").is_file()  # the page itself is published


def test_answers_procedures_questions_and_contacts_are_indexed_once(portal_site, portal_root):
    """One document per need (its national answer, not one per province), the levels tables
    (national, and each province that has levels of its own), each procedure, each question (at its
    place on /hoi-dap/) and each directory entry (at its place on /danh-ba/)."""
    import datetime as dt

    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    docs = _documents(portal_site)
    by_kind: dict[str, list[str]] = {}
    for d in docs:
        by_kind.setdefault(d["k"], []).append(d["u"])
    assert by_kind["Hỗ trợ khuyến công"] == [f"ho-tro/{n.id}/" for n in cat.needs] and len(cat.needs) == 9
    assert by_kind["Mức hỗ trợ"] == ["muc-ho-tro/", "muc-ho-tro/dong-thap/"]  # Đồng Tháp alone has rows of its own
    assert by_kind["Thủ tục"] == [f"thu-tuc/{p.id}/" for p in cat.procedures] and len(cat.procedures) == 3
    assert by_kind["Hỏi đáp"] == [f"hoi-dap/#{q.id}" for q in cat.questions] and len(cat.questions) == 3
    assert sorted(by_kind["Danh bạ liên hệ"]) == sorted(f"danh-ba/#{o.id}" for o in cat.organisations)
    # no per-province answer
    assert not [d["u"] for d in docs if d["u"].count("/") > 2 and d["u"].startswith("ho-tro/")]
    machinery = next(d for d in docs if d["u"] == "ho-tro/may-moc-cong-nghe/")
    assert machinery["t"] == "Máy móc thiết bị, dây chuyền công nghệ"
    assert "không quá" in machinery["x"] and "Căn cứ: Thông tư 28/2018/TT-BTC" in machinery["x"]
    contact = next(d for d in docs if d["u"] == "danh-ba/#so-cong-thuong-dak-lak")
    assert (contact["t"], contact["p"]) == ("Sở Công Thương tỉnh Đắk Lắk", "Đắk Lắk")
    assert contact["x"].startswith("Sở Công Thương.") and "socongthuong.daklak.gov.vn" in contact["x"]


def test_a_province_page_is_found_by_what_it_says_first(portal_site):
    """"khuyen cong bac ninh" finds the province's page, as "bac ninh" does: its section is "Khuyến công
    tại Bắc Ninh", its lead "Tỉnh"."""
    from tests.search_ref import Index

    index = Index(lambda path: (portal_site / "search" / path).read_bytes())
    for query in ("bac ninh", "khuyen cong bac ninh", "khuyến công tại Bắc Ninh", "tinh bac ninh"):
        assert "tinh-thanh/bac-ninh/" in {index.url(i) for i in index.match(query)}, query
    assert "tinh-thanh/bac-ninh/" not in {index.url(i) for i in index.match("thanh pho truc thuoc trung uong bac ninh")}


def test_a_snippet_says_each_part_once(portal_site, portal_root):
    """A project's story opened its snippet with the summary twice (once as the line that
    describes it, once as the start of its body)."""
    import datetime as dt

    from generator.entries import describe
    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    texts = {d["u"]: d["x"] for d in _documents(portal_site)}
    checked = 0
    for e in [*cat.projects, *cat.news, *cat.products, *cat.legal, *cat.events]:
        lead = describe(e)
        assert texts[e.url].startswith(lead[:200]) and texts[e.url].count(lead[:80]) == 1, e.url
        checked += e.kind == "project" and bool(e.model.summary)
    assert checked == 9  # the test portal's projects with a summary


def test_a_result_shows_no_day_its_item_does_not_have(portal_site, portal_root):
    """A project or product dated only by its year sorts at that year's end; its result shows the
    year (the years of a project, as its card does), never "31/12/2018" as if a source gave that day."""
    import datetime as dt
    import re

    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    dates = {d["u"]: d["d"] for d in _documents(portal_site)}
    seen = 0
    for e in [*cat.projects, *cat.products]:
        mo = e.model
        if mo.published or getattr(mo, "decision_date", None):
            continue
        years = [y for y in (getattr(mo, "start_year", None), getattr(mo, "end_year", None), getattr(mo, "year", None))
                 if y]
        assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", dates[e.url]), (e.url, dates[e.url])
        assert all(str(y) in dates[e.url] for y in years), (e.url, dates[e.url])
        seen += bool(years)
    assert seen >= 2  # the test portal has projects and products dated by their year only


# ---- other names of places ----------------------------------------------------------------------

HCM = ("hồ", "chí", "minh")
PLACES = {"hcm": HCM, "tp hcm": HCM, "tphcm": HCM, "thanh pho hcm": HCM, "sai gon": HCM, "tp ho chi minh": HCM,
          "thanh pho ho chi minh": HCM}


def test_other_names_of_places_are_read_alike_in_documents_and_queries():
    """A document that writes "TP.HCM" or "Sài Gòn", one placed in "TP. Hồ Chí Minh" and one that
    writes "Thành phố Hồ Chí Minh" are all found by each way of typing the city, and one that only
    says "hồ sơ" by none."""
    from generator.outputs.search import query_terms, with_place_names

    texts = ["Hội chợ tại TP.HCM", "Gốm Sài Gòn xưa", "Cơ sở ở TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh hỗ trợ",
             "Hồ sơ khuyến công"]
    docs = [Doc(f"x/{i}/", t, "news", fields={"title": t}, facets={"loai": ["news"]}) for i, t in enumerate(texts)]
    files = build_index(docs, _labels(), place_names=PLACES)
    index = Index(lambda path: files["search/" + path])
    assert json.loads(files["search/meta.json"])["places"]["tp hcm"] == list(HCM)
    for query in ["tp hcm", "TP.HCM", "tphcm", "TPHCM", "hcm", "HCM", "Sài Gòn", "sai gon", "TP. Hồ Chí Minh",
                  "thành phố HCM",
                  "Ho Chi Minh"]:
        assert {index.url(i) for i in index.match(query)} == {"x/0/", "x/1/", "x/2/", "x/3/"}, query
    assert query_terms("hội chợ tp hcm 2025", PLACES) == ["hội", "chợ", "hồ", "chí", "minh", "2025"]
    assert with_place_names(["tp", "hà", "nội"], PLACES) == ["tp", "hà", "nội"]  # only the names in the table
    assert query_terms("tp", PLACES) == ["tp"]


def test_a_places_name_is_asked_for_as_a_name_not_as_its_words_apart():
    """"binh dinh" asks for the place Bình Định: not a page about Ninh Bình that says "quyết định"
    (both words, apart), which it found first before. A document keeps the name's words, so "binh"
    alone still finds all three; typed with diacritics, the exact form still comes first."""
    from generator.outputs.search import query_terms

    texts = ["Gốm Ninh Bình được quyết định công nhận", "Sản phẩm của Bình Định (nay thuộc Gia Lai)",
             "Hội chợ tỉnh Binh Dinh"]
    docs = [Doc(f"x/{i}/", t, "news", fields={"title": t}, facets={"loai": ["news"]}) for i, t in enumerate(texts)]
    phrases = ["binh dinh", "gia lai", "ninh binh"]
    files = build_index(docs, _labels(), phrases=phrases)
    index = Index(lambda path: files["search/" + path])
    assert json.loads(files["search/meta.json"])["phrases"] == phrases
    urls = lambda query: {index.url(i) for i in index.match(query)}  # noqa: E731
    assert urls("binh dinh") == urls("Bình Định") == urls("binhdinh") == {"x/1/", "x/2/"}
    assert {index.url(i): t for i, t in index.match("Bình Định").items()} == {"x/1/": 1, "x/2/": 0}
    assert urls("ninh binh") == {"x/0/"} and urls("binh") == urls("dinh") == {"x/0/", "x/1/", "x/2/"}
    assert urls("quyet dinh ninh binh") == {"x/0/"}
    assert query_terms("hội chợ Bình Định 2025", {}, phrases) == ["hội", "chợ", "bìnhđịnh", "2025"]


def test_names_of_several_words_are_found_where_they_start_longest_first_once_each():
    """Places.joined looks only where a name may start (found by C loops over the words): the
    longest name there first, the words of a name just found never read again as another's start,
    two names side by side, a name at the very end, a first word with no name after it, and a
    query's words replaced by the name, the document's kept beside it; and a document's terms
    weigh each word by its fields, in the order first met."""
    from generator.outputs.search import WEIGHTS, Places, _count, _pair

    places = Places({"tp hcm": ("hồ", "chí", "minh")},
                    ["ninh binh", "binh dinh", "thua thien hue", "thien hue", "gia lai", "ba ria", "ba ria vung tau",
                     "ho chi minh"])

    def joined(words: str, keep: bool = True) -> list[str]:
        return [e for _, e in places.joined([_pair(w) for w in words.split()], keep=keep)]

    assert joined("gốm ninh bình định") == ["gốm", "ninh", "bình", "ninhbình", "định"]
    assert joined("thừa thiên huế") == ["thừa", "thiên", "huế", "thừathiênhuế"]
    assert joined("thiên huế gia lai") == ["thiên", "huế", "thiênhuế", "gia", "lai", "gialai"]
    assert joined("bà rịa vũng tàu") == ["bà", "rịa", "vũng", "tàu", "bàrịavũngtàu"]  # the longest, not "bà rịa"
    assert joined("bà rịa vũng") == ["bà", "rịa", "bàrịa", "vũng"]
    assert joined("bình thường bình") == ["bình", "thường", "bình"]
    assert joined("ở binh dinh", keep=False) == ["ở", "binhdinh"]
    for text in ("không có tên nào", "bình thường"):  # no name's first word; a first word, no name
        words = [_pair(w) for w in text.split()]
        assert places.joined(words, keep=True) is words
    pairs, weights = _count((("title", "Gia Lai gia lai"), ("body", "lai gia công")), places)
    assert [e for _, e in pairs] == ["gia", "lai", "gialai", "công"]
    assert list(weights) == [2 * WEIGHTS["title"] + WEIGHTS["body"], 2 * WEIGHTS["title"] + WEIGHTS["body"],
                             2 * WEIGHTS["title"], WEIGHTS["body"]]
    # a place's names (keep=False: the name alone) and another name of a place (replaced by its own)
    pairs, weights = _count((("place", "Gia Lai"), ("body", "hội chợ TP HCM")), places)
    assert [e for _, e in pairs] == ["gialai", "hội", "chợ", "hồ", "chí", "minh", "hồchíminh"]
    assert list(weights) == [WEIGHTS["place"], *[WEIGHTS["body"]] * 6]


def test_the_names_read_as_one_word_are_the_units_and_former_units_of_two_words_or_more(portal_root, portal_site):
    import datetime as dt

    from generator.outputs.search import place_phrases
    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    phrases = place_phrases(cat)
    assert {"binh dinh", "gia lai", "ninh binh", "ho chi minh", "thua thien hue"} <= set(phrases)
    assert "hue" not in phrases and not any(p.startswith(("tinh ", "thanh pho ", "tp ")) for p in phrases)
    index = Index(lambda path: (portal_site / "search" / path).read_bytes())
    found = {index.url(i) for i in index.match("binh dinh")}
    assert "tinh-thanh/gia-lai/" in found and not any("ninh-binh" in u for u in found), found


def test_place_names_come_from_the_data_with_their_type_words(portal_root):
    """The table site_data/place_names.yml gives (the test portal's copy): each other name, and
    the place's own name, with and without the words of its type."""
    import datetime as dt

    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    assert cat.place_names == {**PLACES, "tp sai gon": HCM, "thanh pho sai gon": HCM,
                               "daklak": ("đắk", "lắk"), "tinh daklak": ("đắk", "lắk"), "tinh dak lak": ("đắk", "lắk")}


def test_a_shard_already_compressed_is_taken_from_its_memo(monkeypatch: pytest.MonkeyPatch):
    """`serve` and `build --cache` keep each postings shard's stored file by the digest of its JSON:
    the same documents again compress no shard, and a changed document compresses only the shards
    it changed, into the same files a build without the memo writes."""
    from generator.memory import MEMORY
    from generator.outputs import search

    compressed: list[bytes] = []
    real = search.packed
    monkeypatch.setattr(search, "packed", lambda data: compressed.append(data) or real(data))
    monkeypatch.setattr(MEMORY, "keep_memos", True)
    monkeypatch.setitem(MEMORY.memos, "search_shards-1", search._SHARDS)
    monkeypatch.setattr(search._SHARDS, "data", {})

    def shards(docs: list[Doc]) -> dict[str, bytes]:
        files = build_index(docs, _labels(), target_shard_bytes=200)
        return {k: v for k, v in files.items() if k.startswith("search/s/")}

    docs = _docs(60)
    first = shards(docs)
    assert len(first) > 4
    compressed.clear()
    assert shards(docs) == first
    assert [c for c in compressed if c.startswith(b"{") and b'"t":' not in c] == []  # no shard compressed again
    edited = [*docs[:-1], Doc(docs[-1].url, "Mục gốm Bát Tràng", "news", fields={"title": "Mục gốm Bát Tràng"},
                              facets={"loai": ["news"], "nam": ["2022"]})]
    compressed.clear()
    again = shards(edited)
    redone = [c for c in compressed if c.startswith(b"{") and b'"t":' not in c]
    assert 0 < len(redone) < len(first)
    monkeypatch.setattr(MEMORY, "keep_memos", False)
    assert shards(edited) == again  # the same files as without the memo


def test_a_province_found_by_a_former_units_name_says_it_was_formed_from_it(portal_site, portal_root):
    """"binh dinh" finds Gia Lai's page (Bình Định's content is gathered there): its result says why,
    as its page's lead does, and its page's description says the same."""
    import datetime as dt
    import re

    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    texts = {d["u"]: d["x"] for d in _documents(portal_site)}
    index = Index(lambda path: (portal_site / "search" / path).read_bytes())
    renamed = [p for p in cat.provinces if any(f.name != p.model.name for f in p.model.former_units)]
    assert len(renamed) > 1 and any(len(p.model.former_units) == 1 for p in renamed)  # merged ones and Huế
    for p in renamed:
        former = [f.name for f in p.model.former_units if f.name != p.model.name]
        merged = len(p.model.former_units) > 1
        assert ("hình thành từ việc hợp nhất" in texts[p.url]) == merged, p.url
        assert all(name in texts[p.url] for name in former), p.url
        assert "Thành phố TP." not in texts[p.url] and "thành phố TP." not in texts[p.url], texts[p.url]
        assert all(p.url in {index.url(i) for i in index.match(name)} for name in former), p.url
        page = (portal_site / p.url / "index.html").read_text(encoding="utf-8")
        described = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
        assert html.unescape(described) == texts[p.url], p.url


def test_a_legal_text_is_indexed_under_one_word_for_its_number(portal_site):
    """"quyet dinh 235" offers Nghị định 235/2025/NĐ-CP (search.js numbered) through the one word
    NUMBERED + 235 that only the texts numbered 235 hold; 2025, the year in its number, is no text's."""
    from generator.outputs.search_docs import NUMBERED

    index = Index(lambda path: (portal_site / "search" / path).read_bytes())
    assert index.meta["numbered"] == NUMBERED
    held = lambda word: {index.url(i) for ids in index.postings(word).values() for i in ids}  # noqa: E731
    assert held(f"{NUMBERED}235") == {"van-ban/235-2025-nd-cp/"}
    assert held(f"{NUMBERED}2025") == set() and held(f"{NUMBERED}45") == {"van-ban/45-2012-nd-cp/"}


def test_the_places_an_item_is_indexed_under_are_names_not_words():
    """An item is found by its unit's name and every former unit's ("ben tre" finds Vĩnh Long's
    items), but not by one word of them: "tre" found every item of Vĩnh Long through Bến Tre, and
    "long" every item of Vĩnh Long. Words the item writes itself still count ("mây tre")."""
    docs = [Doc("x/0/", "Nước cốt dừa", "product", fields={"title": "Nước cốt dừa", "place": "Vĩnh Long Bến Tre"},
                facets={"loai": ["news"]}),
            Doc("x/1/", "Sọt mây tre", "product", fields={"title": "Sọt mây tre", "place": "Huế Thừa Thiên Huế"},
                facets={"loai": ["news"]})]
    files = build_index(docs, _labels(), phrases=["ben tre", "vinh long", "thua thien hue"])
    index = Index(lambda path: files["search/" + path])
    urls = lambda query: {index.url(i) for i in index.match(query)}  # noqa: E731
    assert urls("ben tre") == urls("Vĩnh Long") == {"x/0/"} and urls("hue") == urls("thua thien hue") == {"x/1/"}
    assert urls("tre") == {"x/1/"} and urls("long") == urls("thien") == set()


def test_a_news_item_without_its_sources_date_has_no_year_to_filter_by(portal_site, portal_root):
    """A story the portal posted in 2026 from a source of unknown date (about the 2023 awards) was
    listed under "Năm 2026": it has no year facet; a dated one keeps its year."""
    import datetime as dt

    from generator.site import Paths, load_catalog
    from tests.conftest import BUILD_DATE

    cat = load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))
    meta = json.loads((portal_site / "search" / "meta.json").read_bytes())
    ids = {d["u"]: i for i, d in enumerate(_documents(portal_site))}
    chunks = {k: json.loads((portal_site / "search" / "f" / f"{k}.json").read_bytes()) for k in range(meta["chunks"])}
    years = lambda url: [meta["keys"]["nam"][v] for v in chunks[ids[url] // meta["chunk"]]["nam"][ids[url] % meta["chunk"]]]  # noqa: E501,E731
    undated = [e for e in cat.news if e.model.source_undated]
    dated = [e for e in cat.news if not e.model.source_undated]
    assert undated and dated
    assert all(years(e.url) == [] for e in undated)
    assert all(years(e.url) == [str(e.model.date.year)] for e in dated)
