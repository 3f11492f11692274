"""A static search index built for Vietnamese readers, fetched in small pieces by the browser.

Why not Material's search: it downloads its whole index on page load and folds no diacritics.
Here every syllable is indexed under its folded form (no diacritics, đ→d), split by the exact
accented variant so a query typed with diacritics ranks the exact form first. Postings are
hash-sharded: a query fetches only the shards of its own terms. Facets come from one compact
table; titles, addresses and text for snippets come from one small file per result shown.

Layout under search/: meta.json (facet table, labels, shard count), s/<n>.json (postings),
d/<id>.json (one document). The browser side is content/assets/search.js; both sides must hash
and fold alike (see `shard_of` and `fold`).
"""

from __future__ import annotations

import json
from array import array
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from generator import models as m
from generator.catalog import KIND_LABELS, Catalog, Entry, describe
from generator.markup import memo, plain_text
from generator.status import STATUS_LABELS
from generator.text import fold, vn_date

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
TEXT_LIMIT = 1500  # characters of text kept per document for snippets
WEIGHTS = {"title": 8, "key": 4, "place": 3, "body": 1}
FACETS = ("loai", "tinh", "nhom", "cap", "nam", "hieu-luc")
# Abbreviations people type for document types; indexed beside the legal text's own words.
LEGAL_ABBR = {"nghi-dinh": "nđ", "thong-tu": "tt", "quyet-dinh": "qđ", "nghi-quyet": "nq", "chi-thi": "ct",
              "thong-tu-lien-tich": "ttlt", "luat": "luật"}


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over the token's code points; content/assets/search.js computes the same."""
    h = 0x811C9DC5
    for ch in token:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def tokens(text: str) -> list[str]:
    """Lower-case syllables with their diacritics (NFC); numbers and codes split at / - . ."""
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


@dataclass
class Doc:
    url: str
    title: str
    kind: str
    places: str = ""
    date: str = ""
    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # weight name → text
    facets: dict[str, list[str]] = field(default_factory=dict)


def _places(e: Entry, cat: Catalog) -> tuple[str, str, list[str]]:
    """Displayed province names; indexed names (new unit plus all its former units); facet ids."""
    shown = ", ".join(p.display for p in e.provinces)
    names = []
    for p in e.provinces:
        names += [p.unit.name, *(f.name for f in p.unit.former_units)]
    return shown, " ".join(names), sorted({p.unit.id for p in e.provinces})


def doc_for(e: Entry, cat: Catalog) -> Doc:
    mo = e.model
    shown, place_words, province_ids = _places(e, cat)
    d = Doc(e.url, e.title, e.kind, shown, vn_date(e.date) if e.date else "")
    d.facets = {"loai": [e.kind], "tinh": province_ids}
    topics = " ".join(t.title for t in (cat.get("topic", tid) for tid in getattr(mo, "topics", [])) if t)
    if e.kind == "news":
        key, body = mo.summary, plain_text(e.extra["body"])
        d.facets["nam"] = [str(mo.date.year)]
    elif e.kind == "product":
        key = f"{mo.establishment} {mo.commune or ''} {' '.join(mo.tags)} {mo.decision or ''}"
        body = plain_text(mo.description)
        d.facets.update(nhom=[mo.group] if mo.group else [], cap=[mo.level] if mo.level else [], nam=[str(mo.year)] if mo.year else [])
    elif e.kind == "project":
        key = f"{mo.beneficiary or ''} {m.ACTIVITIES[mo.activity] if mo.activity else ''} {m.PROJECT_KINDS[mo.kind]}"
        body = f"{mo.summary or ''} {plain_text(mo.story)}"
        d.facets.update(nhom=[mo.activity] if mo.activity else [], nam=[str(y) for y in {mo.start_year, mo.end_year} if y])
    elif e.kind == "legal":
        number_words = (mo.number or "").replace("/", " ").replace("-", " ")
        key = f"{mo.abstract} {mo.number or ''} {number_words} {LEGAL_ABBR.get(mo.type, '')} {mo.issuer} {mo.signer or ''}"
        body = plain_text(mo.summary)
        d.facets.update(nam=[str(mo.issued.year)] if mo.issued else [], **{"hieu-luc": [e.extra["status"].code]})
    elif e.kind == "event":
        key = f"{m.EVENT_KINDS[mo.kind]} {mo.place or ''} {mo.organiser or ''}"
        body = plain_text(mo.description)
        d.facets["nam"] = [str(e.date.year)]
    else:  # province, topic
        key = " ".join(f.name for f in mo.former_units) if e.kind == "province" else (mo.description or "")
        body = ""
        if e.kind == "province":
            place_words = f"{mo.name} {key}"
            d.facets["tinh"] = [e.id]
    d.text = f"{describe(e)} {body}".strip()[:TEXT_LIMIT]
    d.fields = {"title": e.title, "key": f"{key} {topics}", "place": place_words, "body": body}
    return d


def page_doc(url: str, title: str, markdown_body: str) -> Doc:
    body = plain_text(markdown_body)
    return Doc(url, title, "page", text=body[:TEXT_LIMIT], fields={"title": title, "body": body}, facets={"loai": ["page"]})


def collect(cat: Catalog, pages: list[tuple[str, str, str]]) -> Iterator[Doc]:
    """Every published item and hand-written page, in a stable order (made one at a time: at
    100,000 items their texts together would take hundreds of megabytes)."""
    entries = [*cat.news, *cat.products, *cat.projects, *cat.legal, *cat.events, *cat.provinces, *cat.topics]
    for e in entries:
        yield doc_for(e, cat)
    for p in pages:
        yield page_doc(*p)


CHUNK = 2048  # documents per facet file (search/f/<k>.json)


def build_index(docs: Iterable[Doc], facet_labels: dict[str, dict[str, str]], target_shard_bytes: int = 12_000) -> dict[str, bytes]:
    """search/ files as {path: bytes}: deterministic for the same documents."""
    return dict(index_files(docs, lambda _facets: facet_labels, target_shard_bytes))


def index_files(docs: Iterable[Doc], labels_for: Callable[[list[dict[str, list[str]]]], dict[str, dict[str, str]]],
                target_shard_bytes: int = 12_000) -> Iterator[tuple[str, bytes]]:
    """The search/ files, one at a time: each document's own file as soon as it is read, then the
    postings shards, the facet files and meta.json. `labels_for(facets of every document)` gives
    each facet's values in display order.

    What a first search downloads stays small however large the portal: meta.json holds no
    per-document data; the facets (for filters and their counts) are in files of CHUNK documents
    that the browser fetches after it has shown the first results, or first when a filter is on."""
    # Per folded syllable and exact variant: the documents (ascending, as they are visited) and
    # weights, in compact arrays (a dict per posting took ~30 times the memory at 10,000 items).
    postings: dict[str, dict[str, tuple[array, array]]] = defaultdict(dict)
    facets: list[dict[str, list[str]]] = []
    for i, d in enumerate(docs):
        pairs, counts = _weights(tuple(d.fields.items()))
        for (folded, tok), w in zip(pairs, counts):
            ids, weights = postings[folded].get(tok) or postings[folded].setdefault(tok, (array("l"), array("l")))
            ids.append(i)
            weights.append(w)
        facets.append(d.facets)
        yield f"search/d/{i}.json", _doc_json(d.title, d.url, KIND_LABELS[d.kind], d.places, d.date, d.text)
    size = sum(len(v[0]) for variants in postings.values() for v in variants.values()) * 4
    shards = max(1, min(4096, size // target_shard_bytes))
    buckets: list[dict[str, Any]] = [{} for _ in range(shards)]
    for folded in sorted(postings):
        entry = {}
        for variant in sorted(postings[folded]):
            ids, weights = postings[folded][variant]
            entry[variant] = [[b - a for a, b in zip([0, *ids], ids)], weights.tolist()]
        buckets[shard_of(folded, shards)][folded] = entry
    del postings
    for n, bucket in enumerate(buckets):
        yield f"search/s/{n}.json", _json(bucket)
    labels = labels_for(facets)
    codes = {name: {v: i for i, v in enumerate(labels[name])} for name in FACETS}
    chunks = max(1, -(-len(facets) // CHUNK))
    for k in range(chunks):
        part = facets[k * CHUNK : (k + 1) * CHUNK]
        yield f"search/f/{k}.json", _json({name: [[codes[name][v] for v in f.get(name, [])] for f in part] for name in FACETS})
    meta = {"version": 2, "docs": len(facets), "shards": shards, "weights": WEIGHTS, "chunk": CHUNK, "chunks": chunks,
            "labels": {name: list(labels[name].values()) for name in FACETS},
            "keys": {name: list(labels[name]) for name in FACETS}}
    yield "search/meta.json", _json(meta)


_SYLLABLES: dict[str, tuple[str, str]] = {}  # exact syllable → (folded, exact), one shared pair each
_TERMS = memo("search_terms")  # a document's fields → what _weights gives


def _weights(fields: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, str], ...], array]:
    """The (folded syllable, exact syllable) pairs of one document's fields, and their summed
    weights. Memoised per document (`serve`, `build --cache`); the pairs are shared between
    documents, so the memo holds a pointer and a number per syllable of each document."""
    return _TERMS.through(lambda: repr(fields), lambda: _count(fields))


def _count(fields: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, str], ...], array]:
    out: dict[str, int] = {}
    for name, text in fields:
        w = WEIGHTS[name]
        for tok in tokens(text):
            out[tok] = out.get(tok, 0) + w
    pairs = tuple(_SYLLABLES.get(tok) or _SYLLABLES.setdefault(tok, (fold(tok), tok)) for tok in out)
    return pairs, array("l", out.values())


def _doc_json(title: str, url: str, kind: str, places: str, date: str, text: str) -> bytes:
    return _json({"t": title, "u": url, "k": kind, "p": places, "d": date, "x": text})


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def facet_labels(cat: Catalog, facets: list[dict[str, list[str]]]) -> dict[str, dict[str, str]]:
    """Each facet's values in display order (code → Vietnamese label), for documents with these facets."""
    years = sorted({y for f in facets for y in f.get("nam", [])}, reverse=True)
    present = {k for f in facets for k in f.get("loai", [])}
    kinds = [k for k in KIND_LABELS if k in present]
    return {
        "loai": {k: KIND_LABELS[k] for k in kinds},
        "tinh": {p.id: p.title for p in cat.provinces},
        "nhom": {**m.PRODUCT_GROUPS, **m.ACTIVITIES},
        "cap": dict(m.LEVELS),
        "nam": {y: y for y in years},
        "hieu-luc": STATUS_LABELS,
    }


def search_files(cat: Catalog, pages: list[tuple[str, str, str]]) -> Iterator[tuple[str, bytes]]:
    return index_files(collect(cat, pages), lambda facets: facet_labels(cat, facets))
