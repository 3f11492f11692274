"""The eligibility finder, support-level tables, procedures and questions, on the built sample portal.

FINDER is the table of cases: kind of establishment × province as a reader writes it (new or former
name) × need, with what the no-JavaScript answer page must say. Each case is checked in the HTML
of the page the finder leads to, in the section of that kind of establishment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.catalog import build_catalog
from generator.content import load_site
from generator.guidance import answer
from tests.conftest import PORTAL, copy_portal, run_cli, write

CUC = "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
TT28 = "Thông tư 28/2018/TT-BTC"
NQ_DT = "Nghị quyết 08/2024/NQ-HĐND"

# applicant, province as typed (in a centrally-run city, /the case's page), need, eligible (None: the sources
# leave it open, "chưa rõ"), national levels shown, provincial levels shown, contact
FINDER = [
    ("doanh-nghiep-nho-va-vua", "Đồng Tháp", "may-moc-cong-nghe", True,
     ["300 triệu đồng/cơ sở", "450 triệu đồng/cơ sở"], ["300 triệu đồng/cơ sở"], CUC),
    ("ho-kinh-doanh", "Cao Bằng", "mo-hinh-trinh-dien", True, ["1 tỷ đồng/mô hình", "100 triệu đồng/mô hình"], [],
     "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Cao Bằng"),
    ("hop-tac-xa", "Quảng Nam/xa-dac-khu", "san-xuat-sach-hon", True, ["500 triệu đồng/mô hình"], [],
     "Trung tâm Khuyến công và Xúc tiến thương mại Quảng Nam"),
    ("to-hop-tac", "Bac Giang", "hoi-cho-trien-lam", True, ["tối đa 100% chi phí"], [], CUC),
    ("doanh-nghiep-lon", "Hà Nội", "may-moc-cong-nghe", False, [], [], CUC),
    ("doanh-nghiep-lon", "Hà Nội", "san-xuat-sach-hon", True, ["500 triệu đồng/mô hình"], [], CUC),
    ("nghe-nhan", "Đắk Lắk", "dao-tao-nghe", True, [], [], "Sở Công Thương tỉnh Đắk Lắk"),
    ("nghe-nhan", "Đắk Lắk", "may-moc-cong-nghe", None, [], [], "Sở Công Thương tỉnh Đắk Lắk"),  # None: "chưa rõ"
    ("dau-tu-ha-tang-cum-cong-nghiep", "Hải Dương", "cum-cong-nghiep", True, [], [],
     "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hải Dương"),
    ("dau-tu-ha-tang-cum-cong-nghiep", "Hải Phòng", "may-moc-cong-nghe", False, [], [], "Hải Dương"),
    ("doanh-nghiep-nho-va-vua", "Bình Thuận", "nang-cao-quan-ly", True,
     ["10 triệu đồng/doanh nghiệp", "tối đa 100% chi phí"], [], "Trung tâm Khuyến công tỉnh Bình Thuận"),
    ("ho-kinh-doanh", "Quảng Bình", "thuong-hieu-san-pham", True, [], [],
     "Trung tâm Khuyến công và Xúc tiến thương mại Quảng Bình"),
    ("hop-tac-xa", "Đồng Tháp", "mo-hinh-trinh-dien", True, ["1 tỷ đồng/mô hình", "100 triệu đồng/mô hình"],
     ["1 tỷ đồng/mô hình", "100 triệu đồng/mô hình"], CUC),
    ("to-hop-tac", "Tiền Giang", "mo-hinh-trinh-dien", True, ["1 tỷ đồng/mô hình"], ["1 tỷ đồng/mô hình"], CUC),
    ("ho-kinh-doanh", "TP. Hồ Chí Minh/xa-dac-khu", "tu-van", True, [], [], CUC),
    ("doanh-nghiep-nho-va-vua", "Cao Bằng", "san-xuat-sach-hon", True, ["500 triệu đồng/mô hình"], [],
     "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Cao Bằng"),
    ("hop-tac-xa", "Dak Lak", "dao-tao-nghe", True, [], [], "Sở Công Thương tỉnh Đắk Lắk"),
    ("doanh-nghiep-lon", "Đồng Tháp", "san-xuat-sach-hon", True, ["500 triệu đồng/mô hình"], ["500 triệu đồng/mô hình"],
     CUC),
    ("doanh-nghiep-nho-va-vua", "Phú Yên", "hoi-cho-trien-lam", True, ["tối đa 100% chi phí"], [],
     "Sở Công Thương tỉnh Đắk Lắk"),
    ("ho-kinh-doanh", "Hà Nội/phuong-trong-lang-nghe", "dao-tao-nghe", True, [], [], CUC),
    ("doanh-nghiep-lon", "Cao Bằng", "hoi-cho-trien-lam", False, [], [],
     "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Cao Bằng"),
]


@pytest.fixture(scope="module")
def cat():
    raw, problems = load_site(PORTAL)
    assert not problems
    c, problems = build_catalog(raw, dt.date(2026, 11, 22), PORTAL / "content")
    assert not problems
    return c


def section(site: Path, url: str, anchor: str):
    doc = lhtml.parse(str(site / url / "index.html")).getroot()
    found = doc.xpath(f"//section[@id='{anchor}']")
    assert found, f"{url}#{anchor}"
    return found[0]


def words(node) -> str:
    return " ".join(node.text_content().split())


@pytest.mark.parametrize("applicant,typed,need,eligible,national,local,contact", FINDER,
                         ids=[f"{a}|{p}|{n}" for a, p, n, *_ in FINDER])
def test_finder_case_on_the_plain_page(portal_site, cat, applicant, typed, need, eligible, national, local, contact):
    typed, _, case = typed.partition("/")
    unit = cat.index.resolve(typed).unit.id  # as the finder's province list maps a former name
    page = f"ho-tro/{need}/{unit}" + (f"/{case}" if case else "")
    sec = section(portal_site, page, applicant)
    text = words(sec)
    assert ("Có thể được hỗ trợ." in text) is (eligible is True), text[:300]
    assert ("Không được hỗ trợ về nội dung này." in text) is (eligible is False)
    assert ("Chưa rõ." in text) is (eligible is None)
    rows = sec.xpath(".//table[contains(concat(' ', @class, ' '), ' kc-levels ')]/tbody/tr")
    shown_national = [words(r.xpath("./td")[0]) for r in rows]
    shown_local = [words(r.xpath("./td")[1]) for r in rows]
    for cap in national:
        assert any(cap in cell and TT28 in cell for cell in shown_national), (cap, shown_national)
    for cap in local:
        assert any(cap in cell and NQ_DT in cell for cell in shown_local), (cap, shown_local)
    if not local:
        assert not any(NQ_DT in cell for cell in shown_local)
    if not eligible:
        assert not rows and "Trường hợp được ưu tiên" not in text
    else:
        assert "phụ nữ" in text and "Căn cứ:" in text
    way = lhtml.parse(str(portal_site / page / "index.html")).getroot().xpath("//section[@class='kc-way']")[0]
    assert contact in words(way)
    # every legal basis cited links to its text's page
    for href in sec.xpath(".//span[@class='kc-basis']/a/@href"):
        assert (portal_site / page / href / "index.html").resolve().is_file(), href


def test_a_national_scheme_answer_says_what_to_prepare_and_by_when(portal_site):
    text = words(section(portal_site, "ho-tro/may-moc-cong-nghe/cao-bang", "ho-kinh-doanh"))
    assert "Đăng ký đề án khuyến công quốc gia" in text
    assert "Nộp 3 bộ hồ sơ về Sở Công Thương trước ngày 20 tháng 5 hằng năm" in text
    assert "Văn bản đề nghị hỗ trợ của cơ sở thụ hưởng" in text


def test_related_success_stories_are_of_the_same_kind(portal_site, cat):
    sec = section(portal_site, "ho-tro/mo-hinh-trinh-dien/cao-bang", "hop-tac-xa")
    titles = sec.xpath(".//a[@class='kc-card__title']/text()")
    assert titles and titles[0] == "Mô hình trình diễn kỹ thuật sản xuất chiếu tre tại Công ty 688, Nguyên Bình"
    activities = {p.title: p.model.activity for p in cat.projects}
    assert all(activities[t] == "mo-hinh-trinh-dien" for t in titles)


def test_artisans_are_covered_only_from_decree_235(cat):
    raw, _ = load_site(PORTAL)
    before, _ = build_catalog(raw, dt.date(2025, 10, 14), PORTAL / "content")
    assert not answer(before, "nghe-nhan", "dao-tao-nghe", "hue").eligible
    assert "15/10/2025" in answer(before, "nghe-nhan", "dao-tao-nghe", "hue").reason
    assert answer(cat, "nghe-nhan", "dao-tao-nghe", "hue").eligible


def test_every_combination_has_a_page_and_former_names_lead_to_it(portal_site, cat):
    for n in cat.needs:
        need_page = lhtml.parse(str(portal_site / "ho-tro" / n.id / "index.html")).getroot()
        links = {words(a): a.get("href") for a in need_page.xpath("//ul[@class='kc-columns']/li/a")}
        assert links["Bắc Giang (nay thuộc tỉnh Bắc Ninh)"] == "bac-giang/"  # its own page, naming it
        assert links["Hải Dương (nay thuộc thành phố Hải Phòng)"] == "hai-duong/"
        for p in cat.provinces:
            page = portal_site / "ho-tro" / n.id / p.id / "index.html"
            ids = set(lhtml.parse(str(page)).getroot().xpath("//section/@id"))
            assert {a.id for a in cat.applicants} <= ids, page
        for label, href in links.items():
            page = lhtml.parse(str(portal_site / "ho-tro" / n.id / href / "index.html")).getroot()
            assert label in words(page.xpath("//h1")[0])


def test_former_names_are_listed_in_a_readers_alphabetical_order(portal_site):
    """The finder's list of names from before 01/07/2025, on the home page and on each need's page,
    in the order a reader scans it (diacritics aside): "Bạc Liêu" before "Bình Định", "Hải Dương"
    before "Hòa Bình", "Đắk Nông" among the D's, not after "Yên Bái" as by code point."""
    from generator.text import fold

    home = lhtml.parse(str(portal_site / "index.html")).getroot()
    options = [words(o) for o in home.xpath("//optgroup[@label='Tên trước ngày 01/07/2025']/option")]
    need = lhtml.parse(str(portal_site / "ho-tro/may-moc-cong-nghe/index.html")).getroot()
    links = [words(a) for a in need.xpath("//ul[@class='kc-columns']/li/a") if "(nay thuộc" in words(a)]
    for names in (options, links):
        assert len(names) > 20
        assert names == sorted(names, key=lambda n: (fold(n), n))
        assert names.index(next(n for n in names if n.startswith("Bạc Liêu"))) < \
            names.index(next(n for n in names if n.startswith("Bình Định")))


def test_levels_tables_by_activity_and_by_province(portal_site):
    doc = lhtml.parse(str(portal_site / "muc-ho-tro/index.html")).getroot()
    rows = [words(r) for r in doc.xpath("//table[contains(concat(' ', @class, ' '), ' kc-levels ')]/tbody/tr")]
    assert any("Đồng Tháp" in r and NQ_DT in r and "1 tỷ đồng/mô hình" in r for r in rows)
    assert all("Căn cứ:" in r for r in rows)
    side = lhtml.parse(str(portal_site / "muc-ho-tro/dong-thap/index.html")).getroot()
    heads = [words(th) for th in side.xpath("//table[contains(concat(' ', @class, ' '), ' kc-levels ')]/thead//th")]
    assert heads == ["Nội dung được hỗ trợ", "Mức quốc gia", "Mức của Đồng Tháp"]


def test_a_province_text_from_before_the_merger_says_so_beside_each_of_its_levels(portal_site):
    """Đồng Tháp's 08/2024 resolution predates its merger with Tiền Giang (status.py): every row it sets
    says its status is unclear and why, wherever the row is shown, and the way forward says to ask
    before relying on it, on the page of a former unit that had no say in it above all."""
    for page in ("ho-tro/may-moc-cong-nghe/tien-giang", "ho-tro/mo-hinh-trinh-dien/dong-thap", "muc-ho-tro/dong-thap"):
        doc = lhtml.parse(str(portal_site / page / "index.html")).getroot()
        cells = [words(td) for td in doc.xpath("//table[contains(concat(' ', @class, ' '), ' kc-levels ')]//td")]
        ruled = [c for c in cells if NQ_DT in c]
        assert ruled, page
        for cell in ruled:
            assert "chưa rõ hiệu lực" in cell and "Tiền Giang" in cell and "01/07/2025" in cell, (page, cell)
    way = words(lhtml.parse(str(portal_site / "ho-tro/may-moc-cong-nghe/tien-giang/index.html")).getroot()
                .xpath("//section[@class='kc-way']")[0])
    assert "trước khi dựa vào mức này" in way and "Tiền Giang" in way


def test_a_province_text_not_yet_in_the_levels_table_is_named_not_denied(portal_site):
    """Đắk Lắk's resolution on support levels is on the portal, its rows are not in the levels table:
    the answer and the province's levels page send the reader to that text instead of saying the
    portal has no level of the province at all."""
    law = "van-ban/nghi-quyet-hdnd-dak-lak-muc-chi-khuyen-cong-2025/"
    for page in ("ho-tro/may-moc-cong-nghe/dak-lak", "muc-ho-tro/dak-lak"):
        doc = lhtml.parse(str(portal_site / page / "index.html")).getroot()
        text = words(doc)
        assert "Cổng chưa có mức riêng của tỉnh" not in text and "Cổng chưa có mức hỗ trợ riêng" not in text, page
        cells = doc.xpath("//table[contains(concat(' ', @class, ' '), ' kc-levels ')]//tbody/tr/td[2]")
        assert cells, page
        for cell in cells:
            assert "Cổng chưa ghi mức này của Đắk Lắk" in words(cell), page
            hrefs = cell.xpath(".//a/@href")
            assert hrefs and all((portal_site / page / h / "index.html").resolve() ==
                                 (portal_site / law / "index.html").resolve() for h in hrefs), (page, hrefs)
    way = lhtml.parse(str(portal_site / "ho-tro/may-moc-cong-nghe/dak-lak/index.html")).getroot() \
        .xpath("//section[@class='kc-way']")[0]
    assert "Cổng chưa ghi mức hỗ trợ riêng của Đắk Lắk vào bảng" in words(way)
    assert any(h.rstrip("/").endswith(law.rstrip("/").split("/")[-1]) for h in way.xpath(".//a/@href"))


def test_procedures_and_questions(portal_site):
    proc = words(lhtml.parse(str(portal_site / "thu-tuc/binh-chon-san-pham/index.html")).getroot())
    assert "30 ngày làm việc" in proc and "Thông tư 26/2014/TT-BCT" in proc
    qa = lhtml.parse(str(portal_site / "hoi-dap/index.html")).getroot()
    questions = [words(h) for h in qa.xpath("//section[@class='kc-question']/h2")]
    assert questions[:3] == ["Doanh nghiệp nhỏ có được hỗ trợ khuyến công không?",
                             "Nghị định 235/2025/NĐ-CP thay đổi những gì?",
                             "Sau khi bỏ cấp huyện, cơ sở ở xã còn được hỗ trợ khuyến công không?"]


LEVEL = """- id: {id}
  item: {item}
  activity: may-moc-thiet-bi
  what: Máy móc
  share_percent: 50
  cap_vnd: 300000000
{basis}  valid_from: {start}
  source: [{{url: "https://example.org/x"}}]
"""


@pytest.mark.parametrize("rows,expected", [
    ([dict(id="a", item="may", basis="  basis: 28/2018/TT-BTC\n", start="2018-05-11"),
      dict(id="b", item="may", basis="  basis: 28/2018/TT-BTC\n", start="2020-01-01")],
     "site_data/support_levels.yml:17:3: valid_from: mức 'may' trùng thời gian áp dụng với dòng "
     "site_data/support_levels.yml:1"),
    ([dict(id="a", item="may", basis="", start="2018-05-11")],
     "site_data/support_levels.yml:5:3: share_percent: mức hỗ trợ (share_percent, cap_vnd) phải có căn cứ pháp lý"),
    ([dict(id="a", item="may", basis="  basis: 99/2099/TT-BTC\n", start="2018-05-11")],
     "site_data/support_levels.yml:7:3: basis.text: không tìm thấy văn bản '99/2099/TT-BTC'"),
])
def test_check_validates_support_levels(tmp_path, capsys, rows, expected):
    root = copy_portal(tmp_path / "p")
    write(root, {"site_data/support_levels.yml": "".join(LEVEL.format(**r) for r in rows)})
    code, _, err = run_cli(["--root", str(root), "check"], capsys)
    assert code == 1
    assert expected in err, err


def test_check_rejects_an_unknown_activity_and_item(tmp_path, capsys):
    root = copy_portal(tmp_path / "p")
    path = root / "site_data/needs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("items: [may-moc-thiet-bi,", "items: [may-moc-thiet-bj,",
                                                             1), encoding="utf-8")
    levels = root / "site_data/support_levels.yml"
    levels.write_text(levels.read_text(encoding="utf-8").replace("activity: nang-cao-quan-ly", "activity: nang-cao", 1),
                      encoding="utf-8")
    code, _, err = run_cli(["--root", str(root), "check"], capsys)
    assert code == 1
    assert "site_data/needs.yml:" in err and "may-moc-thiet-bj" in err and "may-moc-thiet-bi" in err
    assert "site_data/support_levels.yml:" in err and "nang-cao" in err
