"""Pages that share their frame (issue 29): the theme's frame rendered once for the generated pages
of one shape, then filled with each page's own values, instead of running the theme's templates for
every page (about 0.7 ms a page, most of the time the build spends writing pages).

A page's shape is what the frame's templates choose by: its template, its folder depth, its place
in the navigation, the first folder of its address, its metadata other than the values below (the
language and its versions in other languages, its feeds, what it hides), which of the values below
it has, and the tests the templates make on them (`FACTS`: whether the content has its own
`<h1>`, whether the page is a news article, whether the edit address is a "/blob/" one). The
values that differ from page to page (`HOLES`: the content, the title and description, the
schema.org graph, the canonical and edit addresses) are holes in the shared frame.

How a frame is made, from the second page of a shape (the first is rendered in full):
1. the page is rendered twice with each of its values wrapped in two tokens (a random nonce, so no
   page's text can hold them), the second time with characters that escaping, `striptags` and
   `tojson` change (`PAYLOAD`) added to each value: between its tokens, each place a value lands
   shows which of those the template applied (`TRANSFORMS`), and the text around the tokens is the
   frame. Two renderings whose frames differ, a value changed otherwise in either rendering, or a
   token where no value ends: no shared frame for that shape.
2. the frame filled with the first and the second page's values must give, byte for byte, what the
   templates gave for them; else no shared frame for that shape.
A shape without a shared frame has each of its pages rendered in full, as before. A page is then
either rendered by the templates or filled from a frame that reproduced two of their pages exactly.
What the checks cannot see: a template testing a page's value for something other than `FACTS`
(`{% if "x" in page.title %}`: such a test must be added to `FACTS`), or a filter that changes a
value only in a way neither the payload nor the shape's first two pages show (`truncate(500)`,
`replace("x", "y")`, `trim`): none of the portal's templates does either, and a test reads every
template the frame renders to keep it so (tests/test_shared_frames.py). The test portal is built
with and without shared frames and compared byte for byte (tests/test_shared_frames.py), and so
was the 10,000-item bench portal when this was written.

Only when the portal's plugin is MkDocs' only plugin: another plugin's page_context event could add
to a page's context what the frame does not hold.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from generator import stages

HOLES = ("content", "title", "description", "kc_jsonld", "canonical_url", "edit_url")
META_HOLES = frozenset(("title", "description", "kc_jsonld"))  # in the page's metadata
PAGE_HOLES = ("content", "canonical_url", "edit_url")  # the page's own attributes
# What the frame's templates test in a page's own values (Material's view action, off in the portal,
# tests the edit address for "/blob/")
FACTS = (("content", "<h1"), ("kc_jsonld", '"NewsArticle"'), ("edit_url", "/blob/"))
# Not ending in a space: `striptags` strips a value's ends, which between the tokens it cannot see.
PAYLOAD = ' a &amp; <b>Bb</b> "c" \'d\'  Éé\nf\\g\tH'
TRANSFORMS: tuple[Callable[[str], str], ...] = (
    lambda v: v,
    lambda v: str(escape(v)),
    lambda v: str(Markup(v).striptags()),
    lambda v: str(htmlsafe_json_dumps(v))[1:-1],
)


def enabled() -> bool:
    """`KHUYENCONG_SHARED_FRAMES=off` renders every page's frame in full (to compare, or if ever in doubt)."""
    return os.environ.get("KHUYENCONG_SHARED_FRAMES", "on") != "off"


def values(page: Any) -> dict[str, Any]:
    meta = page.meta
    return {"content": page.content, "title": meta.get("title"), "description": meta.get("description"),
            "kc_jsonld": meta.get("kc_jsonld"), "canonical_url": page.canonical_url,
            "edit_url": getattr(page, "edit_url", None)}


def _frozen(value: Any) -> Any:
    """A value as a key, its type kept (a dict and a list of pairs, 1 and "1", are not the same)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    if isinstance(value, (str, int, float, bool)) or value is None:
        return (type(value).__name__, value)
    return ("repr", repr(value))


def shape(page: Any, template: str, base_url: str, here: Any, own: dict[str, Any]) -> tuple[Any, ...] | None:
    """What the frame's templates choose by (above); None for a page with a value that is not text."""
    if any(v is not None and not isinstance(v, str) for v in own.values()):
        return None
    meta = tuple(sorted((str(k), _frozen(v)) for k, v in page.meta.items() if k not in META_HOLES))
    have = tuple(bool(own[h]) for h in HOLES)
    facts = tuple(bool(own[h]) and text in own[h] for h, text in FACTS)
    return (template, base_url, _frozen(here), page.url.split("/", 1)[0], bool(page.is_homepage), meta, have, facts)


@dataclass
class Frame:
    pieces: list[str]  # the text around the holes: one more than the holes
    holes: list[tuple[str, Callable[[str], str]]]  # which value, and how the template changed it

    def fill(self, own: dict[str, Any]) -> str:
        out = [self.pieces[0]]
        for (name, transform), piece in zip(self.holes, self.pieces[1:], strict=True):
            out.append(transform(own[name]))
            out.append(piece)
        return "".join(out)


@dataclass
class _Seen:
    first: Any  # the shape's first page, rendered in full, and the digest of what it gave; None
    digest: bytes  # once its second page was tried (then no frame: the shape is rendered in full)
    frame: Frame | None = None


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _split(output: str, nonce: str, names: list[str]) -> tuple[list[str], list[tuple[str, str]]] | None:
    """The text around each wrapped value and, for each, which value and what landed between its
    tokens; None if a token is left outside a pair."""
    pattern = re.compile(f"kc{nonce}s(\\d+)x(.*?)kc{nonce}e\\1x", re.S)
    pieces, found, at = [], [], 0
    for m in pattern.finditer(output):
        pieces.append(output[at:m.start()])
        found.append((names[int(m.group(1))], m.group(2)))
        at = m.end()
    pieces.append(output[at:])
    if any(f"kc{nonce}" in p for p in pieces) or any(f"kc{nonce}" in inner for _, inner in found):
        return None
    return pieces, found


class SharedFrames:
    """`frame(page)`: the page's HTML before the post_page event, from a shared frame where its shape
    has one (above), else from `render(page)`, the theme's templates. `probe(page, values)`: a copy
    of the page with those values in place of its own."""

    def __init__(self, render: Callable[[Any], str], probe: Callable[[Any, dict[str, str]], Any],
                 shape_of: Callable[[Any, dict[str, Any]], tuple[Any, ...] | None]) -> None:
        self.render, self.probe, self.shape_of = render, probe, shape_of
        self.seen: dict[tuple[Any, ...], _Seen] = {}
        self.filled = self.rendered = 0

    def frame(self, page: Any) -> str:
        own = values(page)
        key = self.shape_of(page, own)
        seen = self.seen.get(key) if key is not None else None
        if seen is not None and seen.frame is not None:
            self.filled += 1
            return seen.frame.fill(own)
        output = self.render(page)
        self.rendered += 1
        if key is None:
            return output
        if seen is None:
            self.seen[key] = _Seen(page, _digest(output))
        elif seen.first is not None:
            made = self._make(page, own)
            ok = (made is not None and made.fill(own) == output
                  and _digest(made.fill(values(seen.first))) == seen.digest)
            seen.frame, seen.first = (made if ok else None), None
        return output

    def _make(self, page: Any, own: dict[str, Any]) -> Frame | None:
        nonce = secrets.token_hex(8)
        names = [h for h in HOLES if own[h]]
        if any(f"kc{nonce}" in own[h] for h in names):
            return None
        wrap = {h: (f"kc{nonce}s{i}x", f"kc{nonce}e{i}x") for i, h in enumerate(names)}
        plain = _split(self.render(self.probe(page, {h: s + own[h] + e for h, (s, e) in wrap.items()})), nonce, names)
        marked = _split(self.render(self.probe(page, {h: s + own[h] + PAYLOAD + e for h, (s, e) in wrap.items()})),
                        nonce, names)
        if plain is None or marked is None or plain[0] != marked[0] or len(plain[1]) != len(marked[1]):
            return None
        holes = []
        for (name, inner), (again, inner_marked) in zip(plain[1], marked[1], strict=True):
            if name != again:
                return None
            transform = next((t for t in TRANSFORMS if t(own[name]) == inner
                              and t(own[name] + PAYLOAD) == inner_marked), None)
            if transform is None:
                return None
            holes.append((name, transform))
        return Frame(plain[0], holes)

    def note(self) -> None:
        stages.note("pages filled from a shared frame", self.filled)
        stages.note("pages framed by the templates", self.rendered)

