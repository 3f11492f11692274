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
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.numbers import format_decimal
from markupsafe import Markup

from generator import models as m
from generator import po
from generator.errors import ContentError, Problem
from generator.status import STATUS_LABELS
from generator.text import N_, money_scale, unsigned_zero  # noqa: F401  (N_: here for the page modules)

LANGUAGES = ("vi", "en")  # the first is the portal's own language (the message ids)
DOMAIN = "messages"
_AS_WRITTEN = gettext.NullTranslations()


def catalogue_path(template_dir: Path, lang: str) -> Path:
    return template_dir / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(template_dir: Path, lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (Vietnamese: the strings as written)."""
    if lang == LANGUAGES[0]:
        return _AS_WRITTEN
    compiled, problems = _catalogue(template_dir, lang)
    if problems:
        raise ContentError(list(problems))
    return compiled


def catalogue_problems(template_dir: Path) -> list[Problem]:
    """Every problem of every catalogue, found before anything is rendered (site.load_catalog), so
    `check`, `check --fast` and `build` report them with the content's, each with its line."""
    return [p for lang in LANGUAGES[1:] for p in _catalogue(template_dir, lang)[1]]


def _catalogue(template_dir: Path, lang: str) -> tuple[gettext.GNUTranslations | None, tuple[Problem, ...]]:
    path = catalogue_path(template_dir, lang)
    identity, problems = po.locate(template_dir.parent, path, lang)
    if problems:
        return None, tuple(problems)
    return _compiled(path, po.display_name(path, template_dir.parent), identity)


@functools.lru_cache(maxsize=8)
def _compiled(path: Path, shown: str, identity: tuple[int, int,
                                                      int]) -> tuple[gettext.GNUTranslations | None,
                                                                     tuple[Problem, ...]]:
    """Read and check the .po file and compile it in memory (`identity`, its modification time,
    size and inode, keys the cache: `serve` picks up an edited catalogue)."""
    catalog, problems = po.read(path, shown)
    if catalog is None:
        return None, tuple(problems)
    buf = io.BytesIO()
    write_mo(buf, catalog)  # fuzzy entries are left out, like msgfmt does
    buf.seek(0)
    return gettext.GNUTranslations(buf), ()


def interface_text(tr: gettext.NullTranslations, message: str, params: dict[str, Any]) -> Markup:
    """`_("Vietnamese text", name=value)` in a template, page or theme alike: the translation is text,
    so it is escaped (markup in it shows, it does not act); a parameter is escaped unless it is
    markup already (a link made by the template)."""
    text = Markup.escape(tr.gettext(message))
    return text % params if params else text


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


def extract_tables(fileobj: BinaryIO, keywords: Any, comment_tags: Any,
                   options: dict[str, Any]) -> Iterator[tuple[int, str, str, list[str]]]:
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


# The English pages and their Vietnamese counterparts (generator/pages/english.py renders them): each pair
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
