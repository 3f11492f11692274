"""Provinces: 34 units, 63 former units, and every way a communicator may write one."""


import pytest

from generator.content import load_site
from generator.provinces import ProvinceIndex, province_key
from tests.conftest import PORTAL



@pytest.fixture(scope="module")
def index() -> ProvinceIndex:
    raw, problems = load_site(PORTAL)
    assert problems == []
    return ProvinceIndex([r.model for r in raw.items["provinces.yml"]])


def test_34_units_and_63_former_units(index):
    assert len(index.units) == 34
    former = [f for p in index.units.values() for f in p.former_units]
    assert len(former) == 63
    assert len({province_key(f.name) for f in former}) == 63  # folded names stay distinct


@pytest.mark.parametrize(
    "written, unit, display",
    [
        ("Bắc Ninh", "bac-ninh", "Bắc Ninh"),
        ("Bắc Giang", "bac-ninh", "Bắc Giang (nay thuộc Bắc Ninh)"),
        ("bac giang", "bac-ninh", "Bắc Giang (nay thuộc Bắc Ninh)"),
        ("Tỉnh Bắc Giang", "bac-ninh", "Bắc Giang (nay thuộc Bắc Ninh)"),
        ("Dak Lak", "dak-lak", "Đắk Lắk"),
        ("Phú Yên", "dak-lak", "Phú Yên (nay thuộc Đắk Lắk)"),
        ("TP. Hồ Chí Minh", "ho-chi-minh", "TP. Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "ho-chi-minh", "TP. Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "ho-chi-minh", "Bà Rịa – Vũng Tàu (nay thuộc TP. Hồ Chí Minh)"),
        ("Thừa Thiên Huế", "hue", "Thừa Thiên Huế (nay thuộc Huế)"),
        ("24", "bac-ninh", "Bắc Ninh"),
        ("new-2025:24", "bac-ninh", "Bắc Ninh"),
        ("old-2004:24", "bac-ninh", "Bắc Giang (nay thuộc Bắc Ninh)"),
        ("old-2004:15", "lao-cai", "Yên Bái (nay thuộc Lào Cai)"),
        ("02", "tuyen-quang", "Hà Giang (nay thuộc Tuyên Quang)"),
    ],
)
def test_resolve(index, written, unit, display):
    ref = index.resolve(written)
    assert ref is not None and ref.unit.id == unit
    assert ref.display == display


def test_unknown_name_gets_a_suggestion(index):
    assert index.resolve("Quang Nghai") is None
    assert index.suggest("Quang Nghai") == "Quảng Ngãi"
    assert index.resolve("new-2025:02") is None  # 02 is an old code only
