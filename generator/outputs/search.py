"""A static search index built for Vietnamese readers, fetched in small pieces by the browser.

Why not Material's search: it downloads its whole index on page load and folds no diacritics.
Here every syllable is indexed under its folded form (no diacritics, đ→d), split by the exact
accented variant so a query typed with diacritics ranks the exact form first. Postings are
hash-sharded: a query fetches only the shards of its own terms. Facets come from one compact
table; titles, addresses and text for snippets come from one small file per result shown.
What is indexed (one document per item, answer, page) is generator/outputs/search_docs.py.

Other names of places (site_data/place_names.yml: "TP.HCM", "HCM", "Sài Gòn") are read as the name
they stand for, in the documents and in the query alike: `with_place_names` here, `terms` in
search.js, with the table meta.json carries.

Layout under search/: meta.json (facet labels, counts, other names of places), s/<n>.json.gzip
(postings), f/<k>.json (facets), d/<id>.json.gzip (one document). Postings and documents are stored
gzip-compressed, as Pagefind stores its own (at 10,000 items the postings take 5.2 MB as JSON,
0.9 MB stored); search.js inflates them, and reads them as they come when a server has already
decoded them. The browser side is
content/assets/search.js; both sides must hash and fold alike (see `shard_of`, `fold`,
`with_place_names`).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import compress
from operator import itemgetter
from typing import Any

import orjson

from generator import models as m
from generator.entries import KIND_LABELS, Catalog
from generator.markdown_store import KEPT
from generator.markup import memo
from generator.outputs.compressed import gzip_bytes
from generator.outputs.search_docs import NUMBERED, Doc, collect
from generator.place_names import bare
from generator.status import STATUS_LABELS
from generator.text import fold, tokens

__all__ = ["Doc", "Places", "build_index", "collect", "facet_labels", "packed", "query_terms", "read_doc",
           "search_files", "shard_of", "tokens", "unpacked", "with_place_names"]

WEIGHTS = {"answer": 16, "title": 8, "key": 4, "place": 3, "body": 1}
FACETS = ("loai", "tinh", "nhom", "cap", "nam", "hieu-luc")
# folded other name ("tp hcm") → the words it stands for ("hồ", "chí", "minh")
PlaceNames = Mapping[str, tuple[str, ...]]


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over the token's code points; content/assets/search.js computes the same."""
    h = 0x811C9DC5
    for ch in token:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


class Places:
    """A table of other names of places, ready to apply: the first words of its names, and their
    greatest length in words. And the places' own names of two words or more (`phrases`, folded:
    "binh dinh"), each also read as one word, its words joined (`joined`)."""

    def __init__(self, names: PlaceNames, phrases: Iterable[str] = ()):
        self.names = dict(sorted(names.items()))
        self.firsts = frozenset(k.split(" ", 1)[0] for k in self.names)
        self.longest = max((len(k.split(" ")) for k in self.names), default=0)
        self.phrases = frozenset(p for p in phrases if " " in p)
        self.phrase_firsts = frozenset(p.split(" ", 1)[0] for p in self.phrases)
        self.phrase_starts = frozenset(" ".join(p.split(" ")[:2]) for p in self.phrases)
        self.phrase_longest = max((len(p.split(" ")) for p in self.phrases), default=0)
        # what a memo of a document's terms depends on
        self.key = repr(self.names) + (repr(sorted(self.phrases)) if self.phrases else "")

    def replace(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """(folded, exact) words with each other name of a place replaced by the words of its name,
        longest first ("tp hcm" before "hcm"), compared folded."""
        if self.firsts.isdisjoint(f for f, _ in pairs):
            return pairs
        out, i = [], 0
        while i < len(pairs):
            if pairs[i][0] in self.firsts:
                for n in range(min(self.longest, len(pairs) - i), 0, -1):
                    found = self.names.get(" ".join(f for f, _ in pairs[i : i + n]))
                    if found is not None:
                        out += [_pair(w) for w in found]
                        i += n
                        break
                else:
                    out.append(pairs[i])
                    i += 1
            else:
                out.append(pairs[i])
                i += 1
        return out


    def joined(self, pairs: list[tuple[str, str]], keep: bool) -> list[tuple[str, str]]:
        """(folded, exact) words with each place's name of two words or more (longest first,
        compared folded) also read as one word, its words joined: "Bình Định" as "bìnhđịnh". A
        document (`keep`) keeps the words beside it, so that "binh" still finds it; a query's words
        are replaced by it, so that "binh dinh" asks for the place, not for "bình" and "định"
        anywhere (Ninh Bình's pages, which say "quyết định")."""
        if not self.phrases:
            return pairs
        folds = list(map(_FOLDED, pairs))
        if self.phrase_firsts.isdisjoint(folds):
            return pairs
        # the words that may start a name found by C loops; Python looks only there (at 10,000 items,
        # 3.7 million words, of which nearly every document holds one that may: "bình", "quảng")
        out: list[tuple[str, str]] = []
        at = 0  # where the words not yet in `out` start
        for i in compress(range(len(folds)), map(self.phrase_firsts.__contains__, folds)):
            if i < at or " ".join(folds[i : i + 2]) not in self.phrase_starts:  # inside a name just found;
                continue  # or no name starts with these two words ("bình thường")
            for n in range(min(self.phrase_longest, len(folds) - i), 1, -1):
                if " ".join(folds[i : i + n]) in self.phrases:
                    break
            else:
                continue
            one = _pair("".join(e for _, e in pairs[i : i + n]))
            out += pairs[at:i]
            out += [*pairs[i : i + n], one] if keep else [one]
            at = i + n
        if not at:
            return pairs
        out += pairs[at:]
        return out


def with_place_names(words: list[str], names: PlaceNames, phrases: Iterable[str] = ()) -> list[str]:
    """The words with each other name of a place replaced by the words of its name (Places.replace),
    then each place's name of two words or more read as one word (Places.joined): the index reads
    documents so (keeping the name's words), and search.js `terms` reads a query so."""
    places = Places(names, phrases)
    return [exact for _, exact in places.joined(places.replace([_pair(w) for w in words]), keep=False)]


def query_terms(query: str, names: PlaceNames, phrases: Iterable[str] = ()) -> list[str]:
    """The terms a query looks up, each once, in order (search.js `terms`)."""
    return list(dict.fromkeys(with_place_names(tokens(query), names, phrases)))


CHUNK = 2048  # documents per facet file (search/f/<k>.json)


def build_index(docs: Iterable[Doc], facet_labels: dict[str, dict[str, str]], target_shard_bytes: int = 12_000,
                place_names: PlaceNames | None = None, phrases: Iterable[str] = ()) -> dict[str, bytes]:
    """search/ files as {path: bytes}: deterministic for the same documents."""
    return dict(index_files(docs, lambda _facets: facet_labels, target_shard_bytes, place_names or {}, phrases))


def index_files(docs: Iterable[Doc], labels_for: Callable[[list[dict[str, list[str]]]], dict[str, dict[str, str]]],
                target_shard_bytes: int = 12_000, place_names: PlaceNames | None = None,
                phrases: Iterable[str] = ()) -> Iterator[tuple[str, bytes]]:
    """The search/ files, one at a time: each document's own file as soon as it is read, then the
    postings shards, the facet files and meta.json. `labels_for(facets of every document)` gives
    each facet's values in display order.

    What a first search downloads stays small however large the portal: meta.json holds no
    per-document data; the facets (for filters and their counts) are in files of CHUNK documents
    that the browser fetches after it has shown the first results, or first when a filter is on."""
    # Per folded syllable and exact variant: the documents (ascending, as they are visited) and
    # weights, in compact arrays (a dict per posting took ~30 times the memory at 10,000 items).
    # by exact syllable (each has one folded form: _pair), one lookup a syllable
    postings: dict[str, tuple[array, array]] = {}
    facets: list[dict[str, list[str]]] = []
    places = Places(place_names or {}, phrases)
    for i, d in enumerate(docs):
        pairs, counts = _weights(tuple(d.fields.items()), places)
        for (_, tok), w in zip(pairs, counts):
            found = postings.get(tok)
            if found is None:
                found = postings[tok] = (array("l"), array("l"))
            found[0].append(i)
            found[1].append(w)
        facets.append(d.facets)
        yield f"search/d/{i}.json.gzip", _doc_json(d.title, d.url, KIND_LABELS[d.kind], d.places, d.date, d.text)
    size = sum(len(v[0]) for v in postings.values()) * 4
    shards = max(1, min(4096, size // target_shard_bytes))
    buckets: list[dict[str, Any]] = [{} for _ in range(shards)]
    for folded, variant in sorted(_pair(tok) for tok in postings):
        ids, weights = postings.pop(variant)
        entry = [[b - a for a, b in zip([0, *ids], ids)], weights.tolist()]
        buckets[shard_of(folded, shards)].setdefault(folded, {})[variant] = entry
    for n, bucket in enumerate(buckets):
        yield f"search/s/{n}.json.gzip", _packed_shard(_json(bucket))
    labels = labels_for(facets)
    codes = {name: {v: i for i, v in enumerate(labels[name])} for name in FACETS}
    chunks = max(1, -(-len(facets) // CHUNK))
    for k in range(chunks):
        part = facets[k * CHUNK : (k + 1) * CHUNK]
        yield f"search/f/{k}.json", _json({name: [[codes[name][v] for v in f.get(name, [])] for f in part] for name
                                           in FACETS})
    meta = {"version": 3, "docs": len(facets), "shards": shards, "weights": WEIGHTS, "chunk": CHUNK, "chunks": chunks,
            "places": {k: list(v) for k, v in places.names.items()},
            "phrases": sorted(places.phrases),
            "numbered": NUMBERED,
            "labels": {name: list(labels[name].values()) for name in FACETS},
            "keys": {name: list(labels[name]) for name in FACETS}}
    yield "search/meta.json", _json(meta)


_SYLLABLES: dict[str, tuple[str, str]] = {}  # exact syllable → (folded, exact), one shared pair each
_FOLDED, _EXACT = itemgetter(0), itemgetter(1)  # a pair's parts
def _terms_data(value: tuple[tuple[tuple[str, str], ...], array]) -> dict[str, list[Any]]:
    """A memo of _weights as plain data (`build --cache`): the exact syllables and their weights."""
    pairs, weights = value
    return {"s": [exact for _, exact in pairs], "w": weights.tolist()}


def _terms_value(data: Any) -> tuple[tuple[tuple[str, str], ...], array]:
    """Back from plain data: each syllable folded by this code (_pair), never taken from the cache."""
    if not isinstance(data, dict) or set(data) != {"s",
                                                   "w"} or not isinstance(
                                                       data["s"], list) or not isinstance(data["w"], list):
        raise TypeError("not a document's terms")
    syllables, weights = data["s"], data["w"]
    # the types of all items at once (C loops: 1.2 million syllables at 10,000 items); `int` exactly, not bool
    if len(syllables) != len(weights) or not set(map(type, syllables)) <= {str} \
            or not set(map(type, weights)) <= {int}:
        raise TypeError("not a document's terms")
    return _pairs(syllables), array("l", weights)


# a document's fields and the place names → what _weights gives
_TERMS = memo("search_terms-2", _terms_data, _terms_value)


def _pair(syllable: str) -> tuple[str, str]:
    return _SYLLABLES.get(syllable) or _SYLLABLES.setdefault(syllable, (fold(syllable), syllable))


def _pairs(syllables: list[str]) -> tuple[tuple[str, str], ...]:
    """Each syllable's shared pair (_pair): the new ones folded first, then all looked up by a C loop."""
    for syllable in set(syllables).difference(_SYLLABLES):
        _pair(syllable)
    return tuple(map(_SYLLABLES.__getitem__, syllables))


def _weights(fields: tuple[tuple[str, str], ...], places: Places) -> tuple[tuple[tuple[str, str], ...], array]:
    """The (folded syllable, exact syllable) pairs of one document's fields, and their summed
    weights. Memoised per document and table of place names (`serve`, `build --cache`); the pairs
    are shared between documents, so the memo holds a pointer and a number per syllable of each
    document."""
    return _TERMS.through(lambda: repr(fields) + places.key, lambda: _kept_count(fields, places))


def _kept_count(fields: tuple[tuple[str, str], ...], places: Places) -> tuple[tuple[tuple[str, str], ...], array]:
    """_count, kept between builds on this machine (generator/markdown_store.py, kind `terms`):
    each syllable folded again by this code (_pair), its weight as counted."""
    source = repr(fields) + places.key
    kept = KEPT.get(source, "terms")
    if kept is not None:
        return _pairs(kept[0]), array("l", kept[1])
    value = _count(fields, places)
    syllables = [exact for _, exact in value[0]]
    if not any("\t" in s for s in syllables):
        KEPT.put(source, ["\t".join(syllables), "\t".join(map(str, value[1]))], "terms")
    return value


def _count(fields: tuple[tuple[str, str], ...], places: Places) -> tuple[tuple[tuple[str, str], ...], array]:
    out: dict[str, int] = {}
    for name, text in fields:
        w = WEIGHTS[name]
        # the names of the places an item is indexed under (its unit and every former unit) are there to
        # find it by its place: as names, not as words ("tre" of Bến Tre found every item of Vĩnh Long)
        keep = name != "place"
        # each syllable counted by C (Counter: in the order first met, as `out` keeps them), then weighed
        found = Counter(map(_EXACT, places.joined(places.replace(list(_pairs(tokens(text)))), keep=keep)))
        for tok, n in found.items():
            out[tok] = out.get(tok, 0) + n * w
    return tuple(map(_SYLLABLES.__getitem__, out)), array("l", out.values())


def _bytes_data(value: bytes) -> str:
    """A memo of a stored file of the index (a result's, a shard's) as plain data (`build --cache`):
    its bytes in base64."""
    return base64.b64encode(value).decode("ascii")


def _bytes_value(data: Any) -> bytes:
    if not isinstance(data, str):
        raise TypeError("not a stored file")
    return base64.b64decode(data, validate=True)  # binascii.Error, a ValueError, on anything but base64


# a result's title, address, kind, places, date and text → its file (`serve`, `build --cache`)
_DOCS = memo("search_docs-1", _bytes_data, _bytes_value)


def _doc_json(title: str, url: str, kind: str, places: str, date: str, text: str) -> bytes:
    """A result's file (memoised per document: `_packed_doc`)."""
    return _DOCS.through(lambda: repr((title, url, kind, places, date, text)),
                         lambda: _packed_doc(title, url, kind, places, date, text))


def _packed_doc(title: str, url: str, kind: str, places: str, date: str, text: str) -> bytes:
    return packed(_json({"t": title, "u": url, "k": kind, "p": places, "d": date, "x": text}))


# a postings shard's JSON → its stored file (`serve`, `build --cache`): an edit changes a few shards,
# and the others are not compressed again (at 10,000 items, 5.2 MB of JSON each build)
_SHARDS = memo("search_shards-1", _bytes_data, _bytes_value)


def _packed_shard(data: bytes) -> bytes:
    if not _SHARDS.owner.keep_memos:
        return packed(data)
    key = hashlib.blake2b(data, digest_size=16).digest()
    found = _SHARDS.get(key)
    return _SHARDS.put(key, packed(data)) if found is None else found


def packed(data: bytes) -> bytes:
    """A file of the index as it is stored: gzip-compressed (level 6: level 9 saves 2% at 1.5 times
    the time), with no name, time 0 and the operating system 'unknown' (zlib writes the one it was
    built for), so that two builds, on any system, write the same bytes."""
    out = gzip_bytes(data, 6)
    return out[:9] + b"\xff" + out[10:]


def unpacked(data: bytes) -> Any:
    """A stored file of the index (`packed`) read back as JSON."""
    return json.loads(gzip.decompress(data))


def read_doc(data: bytes) -> dict[str, Any]:
    """A result's file (`_doc_json`) read back: its title `t`, address `u`, kind `k`, places `p`,
    date `d` and text `x`."""
    return unpacked(data)


def _json(value: Any) -> bytes:
    """Compact JSON in UTF-8: orjson's, the same bytes as json.dumps gives texts and whole numbers
    (0.2 s of json.dumps at 10,000 items), json.dumps's for what orjson refuses."""
    try:
        return orjson.dumps(value)
    except TypeError:
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


def place_phrases(cat: Catalog) -> list[str]:
    """The names of the 34 units and of the former units, folded, without their type words: those
    of two words or more are read as one word in documents and queries (Places.joined)."""
    names = [n for p in cat.provinces for n in (p.model.name, *(f.name for f in p.model.former_units))]
    return sorted({" ".join(fold(w) for w in words) for n in names if len(words := bare(n)) > 1})


def search_files(cat: Catalog) -> Iterator[tuple[str, bytes]]:
    return index_files(collect(cat), lambda facets: facet_labels(cat, facets), place_names=cat.place_names,
                       phrases=place_phrases(cat))
