"""A reading of the built search index in Python, to check the browser's search against.

It looks terms up the way generator/outputs/search.py wrote them (other names of places read as the name they
stand for, fold, then FNV-1a to a shard) and matches as content/assets/search.js promises: a document
must hold every term (AND); a query typed with diacritics is read as written, every word of it, and a
document holding more of its words in the exact form is in a higher tier. If the JavaScript hashed or
folded a term differently, it would read another shard and find other documents than these.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from generator.outputs.search import query_terms, read_doc, shard_of, tokens, unpacked
from generator.text import fold


class Index:
    def __init__(self, read: Callable[[str], bytes]):
        """`read` gives a file under search/ by its path there (meta.json, s/3.json.gzip, d/12.json.gzip)."""
        self.read = read
        self.meta = json.loads(read("meta.json"))

    def terms(self, query: str) -> list[str]:
        """What a query looks up (search.js `terms`), with the table of place names meta.json holds."""
        return query_terms(query, {k: tuple(v) for k, v in self.meta.get("places", {}).items()},
                           self.meta.get("phrases", ()))

    def numbered(self, query: str) -> list[str]:
        """The words search.js looks up to offer the legal texts numbered as the query says (`numbered`)."""
        numbers = dict.fromkeys(str(int(t)) for t in tokens(query) if t.isascii() and t.isdigit())
        return [self.meta["numbered"] + n for n in numbers] if self.meta.get("numbered") else []

    def shard_file(self, term: str) -> str:
        return f"s/{shard_of(fold(term), self.meta['shards'])}.json.gzip"

    def postings(self, term: str) -> dict[str, set[int]]:
        """Exact variant → ids of the documents holding it, for one term."""
        entry = unpacked(self.read(self.shard_file(term))).get(fold(term), {})
        out = {}
        for variant, (deltas, _weights) in entry.items():
            ids, at = set(), 0
            for d in deltas:
                at += d
                ids.add(at)
            out[variant] = ids
        return out

    def match(self, query: str) -> dict[int, int]:
        """Documents holding every term → their tier: how many of the terms they hold in the exact
        form, when the query was typed with diacritics (0 otherwise: a place's other name, "hcm", that
        the table replaces with an accented name does not make a query typed without them exact)."""
        found: dict[int, int] | None = None
        terms = self.terms(query)
        exactly = any(fold(word) != word for word in tokens(query))
        for term in terms:
            variants = self.postings(term)
            here = set().union(*variants.values()) if variants else set()
            exact = variants.get(term, set()) if exactly else set()
            found = {i: (found[i] if found is not None else 0) + (i in exact)
                     for i in here if found is None or i in found}
        return found or {}

    def url(self, doc: int) -> str:
        return read_doc(self.read(f"d/{doc}.json.gzip"))["u"]
