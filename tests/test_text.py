import datetime as dt
import sys
import types

import pytest

from generator import text
from generator.text import fold, heading_slug, slugify, vn_date, vn_money, vn_number


def test_fold_drops_diacritics_and_maps_d_stroke():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("ĐỀ ÁN KHUYẾN CÔNG") == "de an khuyen cong"


def test_slugs_keep_d_stroke_readable():
    assert slugify("Đắk Lắk") == "dak-lak"
    assert heading_slug("Đối tượng được hỗ trợ") == "doi-tuong-duoc-ho-tro"
    assert slugify("235/2025/NĐ-CP") == "235-2025-nd-cp"


def test_a_slug_stays_the_same_with_unidecode_installed_beside(monkeypatch: pytest.MonkeyPatch):
    """python-slugify's default asks for Unidecode first (and, where it is missing, looks for it on the
    disk at every call): the portal names text-unidecode, so an anchor or an address never changes
    with what else is installed."""
    other = types.ModuleType("unidecode")
    other.unidecode = lambda value: "unidecode-was-used"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "unidecode", other)
    text.slugify.cache_clear()
    text.slugify_short.cache_clear()
    try:
        assert heading_slug("Thủ tục hồ sơ") == "thu-tuc-ho-so"
        assert slugify("Đắk Lắk mới") == "dak-lak-moi"
        assert text.slugify_short("Nước mắm Phú Quốc", 12) == "nuoc-mam-phu"
    finally:
        text.slugify.cache_clear()
        text.slugify_short.cache_clear()


def test_dates_and_numbers_as_vietnamese_readers_write_them():
    assert vn_date(dt.date(2025, 9, 23)) == "23/09/2025"
    assert vn_number(36.6) == "36,6"
    assert vn_number(3065628) == "3.065.628"


def test_money():
    assert vn_money(1_436_000_000_000) == "1.436 tỷ đồng"
    assert vn_money(1_500_000_000) == "1,5 tỷ đồng"
    assert vn_money(236_000_000) == "236 triệu đồng"
    assert vn_money(950_000) == "950.000 đồng"
    assert vn_money(None) == ""


def test_suggestions_come_from_a_trigram_index():
    from generator.text import Suggester
    s = Suggester([f"san-pham-so-{i}" for i in range(3000)] + ["che-tan-cuong", "gom-bo-bat"])
    assert s.near("che-tan-coung") == "che-tan-cuong"
    assert s.near("gom bo bat") == "gom-bo-bat"
    assert s.near("san-pham-so-1234x") == "san-pham-so-1234"
    assert s.near("hoan-toan-khac") is None


def test_folding_drops_every_combining_mark_as_the_per_character_rule_does():
    """fold removes U+0300–U+036F by one search and looks at characters one by one only where
    something other than ASCII is left: the same result as dropping every character of category Mn,
    on Vietnamese, other scripts' marks (U+1DC0, U+20D0, U+FE20, Devanagari) and random text."""
    import random
    import re
    import unicodedata

    from generator.text import fold

    def by_character(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.translate(str.maketrans({"đ": "d", "Đ": "D"})))
        stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        return re.sub(r"\s+", " ", stripped.casefold()).strip()

    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x20, 0x2500)] + ["\u0301", "\u0323", "\u1dc0", "\u20d0", "\ufe20", "\u093f"]
    samples = ["Đắk Lắk  ", "Sản phẩm – “Hà Nội”…", "नमस्ते", "a\u20d0b\u0301c", "x\u1dc0y", "\t ĐƯỜNG ", ""]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(5000)]
    assert [fold(s) for s in samples] == [by_character(s) for s in samples]
    assert fold("Đắk Lắk") == "dak lak"
