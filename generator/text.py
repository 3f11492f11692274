"""Vietnamese text helpers: folding, slugs, dates and money as Vietnamese readers write them."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from babel.numbers import format_decimal
from slugify import slugify as _slugify

_DD = str.maketrans({"đ": "d", "Đ": "D"})
# python-slugify's transliterator named rather than found: its default ("auto") asks for Unidecode
# first, which is not installed, and a failed import is looked up on the disk again at every call
# (61 µs a slug instead of 9 µs: a tenth of Python-Markdown's time on a news item with a heading).
# Named, a slug also stays the same if Unidecode is ever installed beside it.
_BACKEND = "text-unidecode"


@functools.lru_cache(maxsize=262_144)  # titles are folded again for every sort and lookup
def fold(text: str) -> str:
    """Lower-case, drop diacritics and map đ→d, so 'Đắk Lắk' and 'dak lak' compare equal."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_DD)))
    if not stripped.isascii():  # marks of other blocks may be left (Vietnamese has none there)
        stripped = "".join(c for c in stripped if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


# U+0300–U+036F, the combining diacritical marks (all of category Mn): every mark Vietnamese
# letters decompose into; removed by one search instead of a look-up per character
_MARKS = re.compile("[\u0300-\u036f]+")
_SPACES = re.compile(r"\s+")


TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-case syllables with their diacritics (NFC), as search indexes and looks up words;
    numbers and codes split at / - . (content/assets/search.js splits alike)."""
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


@functools.lru_cache(maxsize=65_536)  # news file names are slugged again on every serve rebuild
def slugify(text: str) -> str:
    """URL slug that keeps Vietnamese readable: 'Đắk Lắk' → 'dak-lak' (not 'ak-lak')."""
    return _slugify(text.translate(_DD), backend=_BACKEND)


@functools.lru_cache(maxsize=65_536)
def slugify_short(text: str, limit: int = 80) -> str:
    """An item's default address part: readable, and short enough for any file system (a 328-character
    title gives at most 80 characters, cut at a word)."""
    return _slugify(text.translate(_DD), max_length=limit, word_boundary=True, backend=_BACKEND)


def heading_slug(value: str, separator: str = "-") -> str:
    """Python-Markdown `toc` slugify hook with the same folding as page slugs."""
    return _slugify(value.translate(_DD), separator=separator, backend=_BACKEND)


ICT = dt.timezone(dt.timedelta(hours=7))  # Vietnam's time: build dates, feed and calendar times


def vn_date(value: dt.date | None) -> str:
    """23/09/2025."""
    return value.strftime("%d/%m/%Y") if value else ""


def vn_provision(c: object) -> str:
    """Where in a text a citation points, as Vietnamese writes it: 'điểm a khoản 2 Điều 1'."""
    parts = [f"điểm {c.point}" if c.point else "", f"khoản {c.clause}" if c.clause else "", f"Điều {c.article}"
             if c.article else ""]
    return " ".join(p for p in parts if p)


def vn_when(value: dt.date | dt.datetime | None) -> str:
    """23/09/2025, or 14:00 23/09/2025 when a time is known."""
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M} {vn_date(value.date())}"
    return vn_date(value)


def vn_number(value: float | int, digits: int = 3) -> str:
    """1.436 or 2,5 (Vietnamese grouping and decimal marks)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return unsigned_zero(format_decimal(value, format=pattern, locale="vi"))


def unsigned_zero(shown: str) -> str:
    """'0' for '-0': a value that rounds to zero (or is -0.0) is written without a sign."""
    return shown[1:] if shown.startswith("-") and not any(c in "123456789" for c in shown) else shown


def money_scale(value: int) -> tuple[float, int, int]:
    """An amount in đồng as readers count it: (number, scale 2 billions / 1 millions / 0 đồng, decimals)."""
    if abs(value) >= 1_000_000_000:
        return value / 1_000_000_000, 2, 3
    if abs(value) >= 1_000_000:
        return value / 1_000_000, 1, 3
    return value, 0, 0


def vn_money(value: int | None) -> str:
    """Amounts in đồng as Vietnamese readers write them: 1.436 tỷ đồng, 236 triệu đồng."""
    if value is None:
        return ""
    number, scale, digits = money_scale(value)
    return f"{vn_number(number, digits)} {('đồng', 'triệu đồng', 'tỷ đồng')[scale]}"


class Suggester:
    """"Did you mean …?" for one list of names, fast however many lookups miss: a trigram index picks
    a handful of candidates, and only those are compared closely (difflib over the whole list for every
    miss grows with the square of a bulk import)."""

    def __init__(self, words: list[str]):
        self.words = list(words)
        self.grams: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            for g in _trigrams(word):
                self.grams.setdefault(g, []).append(i)

    def near(self, value: str, cutoff: float = 0.6, candidates: int = 25) -> str | None:
        import difflib
        from collections import Counter

        counts = Counter(i for g in _trigrams(value) for i in self.grams.get(g, ()))
        pool = [self.words[i] for i, _ in counts.most_common(candidates)]
        found = difflib.get_close_matches(value, pool, n=1, cutoff=cutoff)
        return found[0] if found else None


def _trigrams(word: str) -> set[str]:
    text = f"  {fold(word)} "
    return {text[i : i + 3] for i in range(len(text) - 2)}


MAX_NESTING = 20  # lists and quotes inside each other; Python-Markdown recurses once per level
_NEST = re.compile(r"(?:[-*+>]|\d{1,9}[.)])(?=\s|$)")


def nesting_depth(line: str) -> int:
    """How many list markers and quote marks open a line of Markdown (indentation counts as one per
    two spaces, the way a nested list is written)."""
    depth, i = 0, 0
    stripped = line.lstrip(" ")
    depth += (len(line) - len(stripped)) // 4
    while i < len(stripped):
        m = _NEST.match(stripped, i)
        if not m:
            break
        depth += 1
        i = m.end()
        while i < len(stripped) and stripped[i] == " ":
            i += 1
    return depth


def too_nested(text: str) -> int:
    """The first line (1-based) nested deeper than MAX_NESTING, or 0."""
    for n, line in enumerate(text.splitlines(), start=1):
        if nesting_depth(line) > MAX_NESTING:
            return n
    return 0


STEM_BYTES = 180  # a disk holds names of 255 bytes: room for the hash, the ending and write_new's '.….<pid>.tmp'


def short_stem(stem: str) -> str:
    """A file's name without its ending, cut to STEM_BYTES of UTF-8 (at a letter's boundary), for the
    names the build makes from it: a communicator's file may be named up to the disk's limit."""
    return stem.encode("utf-8", "surrogateescape")[:STEM_BYTES].decode("utf-8", "ignore")


def N_(message: str) -> str:
    """Marks a Vietnamese string that another language's page translates later (gettext's no-op)."""
    return message
