"""The interface in other languages: gettext catalogues compiled with Babel, and English number,
date and money formats.

The portal is written in Vietnamese, so the message ids are the Vietnamese interface strings and a
Vietnamese page needs no catalogue. `templates/locales/<lang>/LC_MESSAGES/messages.po` gives each
string in another language; it is compiled with Babel when the site is built (no .mo file is kept in
the repository), and a string with no translation, or only a fuzzy one, falls back to Vietnamese,
which the tests catch (tests/test_english.py). `make translations` extracts the strings from the
templates and from the label tables below, and merges them into the catalogues.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from generator import models as m
from generator.errors import ContentError, problem
from generator.status import STATUS_LABELS
from generator.text import money_scale, unsigned_zero

LANGUAGES = ("vi", "en")  # the first is the portal's own language (the message ids)
DOMAIN = "messages"
_AS_WRITTEN = gettext.NullTranslations()


def N_(message: str) -> str:
    """Marks a Vietnamese string that another language's page translates later (gettext's no-op)."""
    return message


def catalogue_path(template_dir: Path, lang: str) -> Path:
    return template_dir / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(template_dir: Path, lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (Vietnamese: the strings as written)."""
    if lang == LANGUAGES[0]:
        return _AS_WRITTEN
    path = catalogue_path(template_dir, lang)
    shown = Path(os.path.relpath(path, template_dir.parent)).as_posix()  # as messages name files: from the portal's folder
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContentError([problem(shown, 0, 0, "", "po_missing", lang=lang)]) from None
    return _compiled(path, shown, stamp)


@functools.lru_cache(maxsize=8)
def _compiled(path: Path, shown: str, stamp: int) -> gettext.GNUTranslations:
    """Read the .po file and compile it in memory (`stamp`, its modification time, keys the cache:
    `serve` picks up an edited catalogue)."""
    data = path.read_bytes()
    bad = _malformed_line(data.decode("utf-8", errors="replace"))
    if bad:
        raise ContentError([problem(shown, bad[0], 0, "", "po_invalid", detail=bad[1])])
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", 0) or 0
        lines = data.decode("utf-8", errors="replace").splitlines()
        text = lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""
        raise ContentError([problem(shown, line, 0, "", "po_invalid", detail=text)]) from None
    buf = io.BytesIO()
    write_mo(buf, catalog)  # fuzzy entries are left out, like msgfmt does
    buf.seek(0)
    return gettext.GNUTranslations(buf)


# A line of a .po file: a comment, a keyword with its quoted text, or more quoted text. Babel's
# reader takes a line with a missing quote as text less one letter, so the lines are checked first.
_PO_LINE = re.compile(r'\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"([^"\\]|\\.)*"|"([^"\\]|\\.)*")?\s*')


def _malformed_line(text: str) -> tuple[int, str] | None:
    for n, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.fullmatch(line):
            return n, line.strip()[:80]
    return None


# Label tables whose labels appear on the English pages: each label is a message id.
TABLES: dict[str, dict[str, Any]] = {
    "LEGAL_TYPES": m.LEGAL_TYPES,
    "ORG_KINDS": m.ORG_KINDS,
    "ACTIVITIES": m.ACTIVITIES,
    "QUANTITIES": {k: v[0] for k, v in m.QUANTITIES.items()},
    "QUALIFIERS": m.QUALIFIERS,
    "REGIONS": m.REGIONS,
    "STATUS_LABELS": STATUS_LABELS,
}


def extract_tables(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method (templates/locales/babel.cfg): the labels of TABLES, with the line
    where each is written in `fileobj` (generator/models.py or generator/status.py)."""
    text = fileobj.read().decode("utf-8")
    for name, table in TABLES.items():
        for code, label in table.items():
            found = re.search(re.escape(f'"{label}"'), text)
            if found:
                yield text.count("\n", 0, found.start()) + 1, "_", label, [f"{name}[{code!r}]"]


# English formats (Vietnamese ones are in generator/text.py).

def en_date(value: dt.date | None) -> str:
    """23 September 2025."""
    return format_date(value, "d MMMM y", locale="en") if value else ""


def en_provision(c: object) -> str:
    """'Article 1(2)(a)': where in a text a citation points, as English translations of Vietnamese law write it."""
    if not c.article:
        return ""
    return f"Article {c.article}" + (f"({c.clause})" if c.clause else "") + (f"({c.point})" if c.point else "")


def en_when(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        return f"{en_date(value.date())}, {value:%H:%M}"
    return en_date(value)


def en_number(value: float | int, digits: int = 3) -> str:
    """1,436 or 2.5."""
    return unsigned_zero(format_decimal(value, format="#,##0" + ("." + "#" * digits if digits else ""), locale="en"))


def en_money(value: int | None) -> str:
    """VND 1,436 billion; VND 236 million; VND 10,000."""
    if value is None:
        return ""
    number, scale, digits = money_scale(value)
    return f"VND {en_number(number, digits)}{('', ' million', ' billion')[scale]}"


def en_figure(value: float, unit: str, qualifier: str | None, tr: gettext.NullTranslations) -> str:
    """A programme figure in English: 'nearly VND 62 billion', 'down more than 21%'."""
    q = tr.gettext(m.QUALIFIERS[qualifier]) + " " if qualifier else ""
    if unit == "change":
        shown = en_number(abs(value))
        verb = "" if shown == "0" else "up " if value > 0 else "down "  # a change that rounds to 0 is neither
        return f"{verb}{q}{shown}%"
    if unit == "money":
        return q + en_money(int(value))
    if unit == "percent":
        return f"{q}{en_number(value)}%"
    return q + en_number(value)


# The English pages and their Vietnamese counterparts (generator/english.py renders them): each pair
# is linked both ways with hreflang and by the language switch in the header.
COUNTERPARTS = {
    "en/": "gioi-thieu/",
    "en/directory/": "danh-ba/",
    "en/support-levels/": "muc-ho-tro/",
    "en/legal-texts/": "van-ban/",
    "en/figures/": "so-lieu/",
    "en/subscribe/": "theo-doi/",
}
_BY_URL = {url: {"vi": vi, "en": en} for en, vi in COUNTERPARTS.items() for url in (en, vi)}


def alternates(page_url: str) -> dict[str, str]:
    """The page's versions by language ({} when it has one language only)."""
    return _BY_URL.get(page_url, {})


def language_of(page_url: str) -> str:
    return "en" if page_url == "en/" or page_url.startswith("en/") else LANGUAGES[0]


def language_meta(lang: str, versions: dict[str, str]) -> dict[str, Any]:
    """What templates/theme/ reads from a page's metadata: its language (when not Vietnamese), and
    its versions for hreflang links and the language switch."""
    meta: dict[str, Any] = {}
    if lang != LANGUAGES[0]:
        meta["kc_lang"] = lang
    if versions:
        meta["kc_alternates"] = [{"lang": code, "href": versions[code]} for code in LANGUAGES if code in versions]
    return meta


# The marks of Vietnamese letters (tones; breve, circumflex and horn) and đ, once the text is
# decomposed: how the English pages tell Vietnamese data from English text.
_VIETNAMESE = re.compile("[đĐ\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]")


def is_vietnamese(text: object) -> bool:
    return bool(_VIETNAMESE.search(unicodedata.normalize("NFD", str(text))))
