"""The search index (generator/search.py) on its own: hashing, tokens, text, sharding, layout.
The browser side is held to the same hashing in tests/browser/test_search_shards.py."""

from __future__ import annotations

import json

import pytest

from generator.search import Doc, build_index, shard_of, tokens
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
    assert tokens("Nghị định 235/2025/NĐ-CP, ngày 01.09") == ["nghị", "định", "235", "2025", "nđ", "cp", "ngày", "01", "09"]
    assert tokens("a_b") == ["a", "b"]


def _docs(n: int) -> list[Doc]:
    words = ["gốm", "chè", "đề án", "khuyến công", "Bắc Ninh", "sản phẩm", "cà phê", "mây tre", "bánh", "dệt"]
    return [Doc(f"x/{i}/", f"Mục {i} {words[i % 10]}", "news", fields={"title": f"Mục {i} {words[i % 10]}", "body": words[(i + 3) % 10]},
                facets={"loai": ["news"], "nam": [str(2020 + i % 3)]}) for i in range(n)]


def _labels() -> dict[str, dict[str, str]]:
    return {"loai": {"news": "Tin tức"}, "tinh": {}, "nhom": {}, "cap": {}, "nam": {"2022": "2022", "2021": "2021", "2020": "2020"},
            "hieu-luc": {}}


def test_every_term_is_in_the_shard_its_hash_names():
    files = build_index(_docs(120), _labels(), target_shard_bytes=200)
    meta = json.loads(files["search/meta.json"])
    assert meta["shards"] > 8 and meta["docs"] == 120
    for n in range(meta["shards"]):
        for term in json.loads(files[f"search/s/{n}.json"]):
            assert shard_of(term, meta["shards"]) == n, term
    assert sorted(p for p in files if p.startswith("search/d/")) == sorted(f"search/d/{i}.json" for i in range(120))
    facets = json.loads(files["search/f/0.json"])
    assert facets["nam"][:4] == [[2], [1], [0], [2]]  # per document, its year as a code into the labels (2022, 2021, 2020)


def test_meta_holds_nothing_per_document_and_facets_come_in_chunks():
    """What a first search must fetch (meta.json) does not grow with the portal; the facets of
    document i are in f/<i // chunk>.json at position i % chunk."""
    from generator.search import CHUNK

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
    entry = json.loads(files["search/" + index.shard_file("gom")])["gom"]["gốm"]
    ids = [sum(entry[0][: k + 1]) for k in range(len(entry[0]))]
    assert ids == sorted(ids) and entry[1][0] == 8  # document 0 has it in its title: weight 8


def test_the_index_is_the_same_bytes_for_the_same_documents():
    assert build_index(_docs(50), _labels(), 150) == build_index(_docs(50), _labels(), 150)
    assert build_index(_docs(1), _labels())["search/meta.json"] == build_index(_docs(1), _labels())["search/meta.json"]
    assert json.loads(build_index(_docs(5), _labels())["search/meta.json"])["shards"] == 1
