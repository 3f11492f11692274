"""Vietnamese text helpers: folding, slugs, dates and money as Vietnamese readers write them."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from babel.numbers import format_decimal
from slugify import slugify as _slugify

_DD = str.maketrans({"đ": "d", "Đ": "D"})


@functools.lru_cache(maxsize=262_144)  # titles are folded again for every sort and lookup
def fold(text: str) -> str:
    """Lower-case, drop diacritics and map đ→d, so 'Đắk Lắk' and 'dak lak' compare equal."""
    decomposed = unicodedata.normalize("NFD", text.translate(_DD))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


@functools.lru_cache(maxsize=65_536)  # news file names are slugged again on every serve rebuild
def slugify(text: str) -> str:
    """URL slug that keeps Vietnamese readable: 'Đắk Lắk' → 'dak-lak' (not 'ak-lak')."""
    return _slugify(text.translate(_DD))


def heading_slug(value: str, separator: str = "-") -> str:
    """Python-Markdown `toc` slugify hook with the same folding as page slugs."""
    return _slugify(value.translate(_DD), separator=separator)


def vn_date(value: dt.date | None) -> str:
    """23/09/2025."""
    return value.strftime("%d/%m/%Y") if value else ""


def vn_number(value: float | int, digits: int = 3) -> str:
    """1.436 or 2,5 (Vietnamese grouping and decimal marks)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale="vi")


def vn_money(value: int | None) -> str:
    """Amounts in đồng as Vietnamese readers write them: 1.436 tỷ đồng, 236 triệu đồng."""
    if value is None:
        return ""
    if abs(value) >= 1_000_000_000:
        return f"{vn_number(value / 1_000_000_000)} tỷ đồng"
    if abs(value) >= 1_000_000:
        return f"{vn_number(value / 1_000_000)} triệu đồng"
    return f"{vn_number(value, 0)} đồng"
