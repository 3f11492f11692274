"""Stage 3: the catalog — relations both ways, legal status by build date, collisions."""

import datetime as dt

import pytest

from generator.catalog import certificate_valid_until
from generator.errors import ContentError
from generator.models import Product
from generator.site import Paths, load_catalog

from tests.conftest import TEMPLATES
from tests.conftest import PORTAL as ROOT  # the frozen test portal: exact assertions


@pytest.fixture(scope="module")
def cat():
    return load_catalog(Paths(ROOT, templates=TEMPLATES), dt.date(2026, 11, 22))


def status(cat, number, today=None):
    c = cat if today is None else load_catalog(Paths(ROOT, templates=TEMPLATES), today)
    return next(e for e in c.legal if e.model.number == number).extra["status"]


def test_sample_counts_meet_the_brief(cat):
    assert len(cat.provinces) == 34
    assert len(cat.legal) >= 10 and len(cat.products) >= 12 and len(cat.projects) >= 8 and len(cat.news) >= 10
    for e in [*cat.legal, *cat.products, *cat.projects, *cat.organisations]:
        assert e.model.source, e.id  # every item carries its public source


def test_relations_link_both_ways(cat):
    d45 = cat.get("legal", "45-2012-nd-cp")
    d235 = cat.get("legal", "235-2025-nd-cp")
    assert [(r.type, r.other) for r in d235.links["rel_out"]] == [("sua-doi", d45)]
    assert ("sua-doi", d235) in [(r.type, r.other) for r in d45.links["rel_in"]]
    bo_bat = cat.get("product", "gom-bo-bat")
    project = cat.get("project", "bao-ton-phat-trien-gom-bo-bat-ninh-binh")
    assert bo_bat.links["projects"] == [project] and project.links["products"] == [bo_bat]
    assert project in d45.links["projects"]


@pytest.mark.parametrize(
    "today, code",
    [
        (dt.date(2012, 7, 4), "chua-hieu-luc"),
        (dt.date(2012, 7, 5), "con-hieu-luc"),
        (dt.date(2025, 10, 14), "con-hieu-luc"),
        (dt.date(2025, 10, 15), "sua-doi"),
    ],
)
def test_decree_45_status_either_side_of_each_date(today, code):
    assert status(None, "45/2012/NĐ-CP", today).code == code


def test_replaced_and_unknown_dates(cat):
    assert status(cat, "26/2014/TTLT-BTC-BCT").code == "het-hieu-luc"
    assert status(cat, "134/2004/NĐ-CP").code == "het-hieu-luc"
    s = status(cat, "28/2018/TT-BTC")
    assert s.code == "sua-doi" and "64/2024/TT-BTC (chưa rõ ngày hiệu lực)" in s.explanation
    assert status(cat, "64/2024/TT-BTC").code == "khong-ro"


def test_certificate_validity_rule():
    base = {"name": "x", "establishment": "y", "province": "Hà Nội", "source": "https://a.vn"}
    assert certificate_valid_until(Product(**base, year=2023)) == dt.date(2026, 12, 31)
    assert certificate_valid_until(Product(**base, year=2015)) == dt.date(2017, 12, 31)
    assert certificate_valid_until(Product(**base)) is None


def test_former_province_kept_for_display(cat):
    product = cat.get("product", "gia-treo-khan")
    assert product.provinces[0].unit.id == "da-nang"
    assert product.provinces[0].display == "Quảng Nam (nay thuộc Đà Nẵng)"
    assert product in cat.in_province("da-nang", "product")


def test_content_error_lists_every_problem(tmp_path):
    from tests.conftest import copy_portal, write

    root = copy_portal(tmp_path / "p", with_data=False)
    write(root, {
        "site_data/products/a.yml": "- name: Trùng\n  establishment: A\n  province: Quang Nghai\n  source: "
                                    "https://a.vn\n",
        "site_data/products/b.yml": "- name: Trùng\n  establishment: B\n  province: Hà Nội\n  source: https://a.vn\n",
        "site_data/projects/p.yml": (
            "- title: Dự án\n  kind: mo-hinh\n  activity: mo-hinh-trinh-dien\n  province: 01\n"
            "  products: [khong-co]\n  legal_basis: [45/2012/NĐ-CP]\n  source: https://a.vn\n"
        ),
    })
    with pytest.raises(ContentError) as exc:
        load_catalog(Paths(root, templates=TEMPLATES), dt.date(2026, 1, 1))
    assert exc.value.report("vi").splitlines() == [
        "Có 4 lỗi trong nội dung:",
        "site_data/products/a.yml:3:3: province: không tìm thấy tỉnh, thành phố 'Quang Nghai'. Có phải ý bạn là "
        "'Quảng Ngãi'?",
        "site_data/products/b.yml:1:3: id: mã 'trung' đã được dùng ở site_data/products/a.yml:1. Mỗi mục cần một mã "
        "riêng",
        "site_data/projects/p.yml:5:14: products[0]: không tìm thấy sản phẩm 'khong-co'",
        "site_data/projects/p.yml:6:17: legal_basis[0]: không tìm thấy văn bản '45/2012/NĐ-CP'",
    ]


@pytest.mark.parametrize("collector_on", [True, False])
def test_loading_runs_without_the_collector_and_leaves_it_as_it_was(tmp_path, monkeypatch, collector_on):
    """Loading allocates a large heap the collector would walk again at each quarter it grows (at
    10,000 items, seven walks: a third of loading): it is off while the files are read and while the
    catalog is made and checked, on a good portal and on one with mistakes alike, and as it was
    afterwards."""
    import gc

    from generator import site
    from tests.conftest import copy_portal, write

    root = copy_portal(tmp_path / "p")
    bad = copy_portal(tmp_path / "bad", with_data=False)
    write(bad, {"site_data/products/a.yml": "- name: Gốm\n  establishment: A\n  province: Quang Nghai\n"
                                            "  source: https://a.vn\n"})
    seen: list[tuple[str, bool]] = []
    for name in ("load_site", "build_catalog"):
        real = getattr(site, name)
        monkeypatch.setattr(site, name, lambda *a, _real=real, _name=name, **k: (
            seen.append((_name, gc.isenabled())), _real(*a, **k))[1])
    was = gc.isenabled()
    (gc.enable if collector_on else gc.disable)()
    try:
        cat = load_catalog(Paths(root, templates=TEMPLATES), dt.date(2026, 11, 22))
        after_good = gc.isenabled()
        with pytest.raises(ContentError):
            load_catalog(Paths(bad, templates=TEMPLATES), dt.date(2026, 11, 22))
        after_bad = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert cat.products and after_good is after_bad is collector_on
    assert seen == [("load_site", False), ("build_catalog", False), ("load_site", False), ("build_catalog", False)]
