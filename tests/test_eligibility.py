"""Who and where Decree 45/2012/NĐ-CP covers since Decree 235/2025/NĐ-CP (Article 1, clause 1, which
rewrites clause 2 of Article 1), read on the built answer pages of the test portal.

The clause's point a covers small and medium enterprises, cooperative groups, cooperatives, unions
of cooperatives and business households that produce in: communes, wards and special zones of
provinces; communes and special zones of centrally-run cities; craft villages recognised by a
provincial People's Committee. Point b covers establishments applying cleaner production, and
investors in industrial-cluster infrastructure, with no condition on the place. So a workshop in a
ward of one of the six centrally-run cities is covered under point a only inside a recognised craft
village. SCENARIOS is written from that text: each case, the page the finder leads to (the place the
reader chose and, in a city, the case's own page) and the answer it must give.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lhtml

from tests.conftest import PORTAL, run_cli, write

POINT_A = "điểm a khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP, sửa đổi bởi khoản 1 Điều 1 Nghị định 235/2025/NĐ-CP"
POINT_B = "điểm b khoản 2 Điều 1 Nghị định 45/2012/NĐ-CP, sửa đổi bởi khoản 1 Điều 1 Nghị định 235/2025/NĐ-CP"
CITIES = ["ha-noi", "hai-phong", "hue", "da-nang", "ho-chi-minh", "can-tho"]
YES, NO, ASK = "Có thể được hỗ trợ.", "Không được hỗ trợ về nội dung này.", "Câu trả lời tùy nơi đặt cơ sở."
UNCLEAR = "Chưa rõ."

# (what the case is, kind of establishment, need, answer page, expected verdict, text the answer must hold)
SCENARIOS = [
    ("household in a commune of a province", "ho-kinh-doanh", "may-moc-cong-nghe", "cao-bang", YES,
     ["ở xã, phường hoặc đặc khu của tỉnh", POINT_A]),
    ("cooperative in a ward of a province", "hop-tac-xa", "may-moc-cong-nghe", "bac-ninh", YES,
     ["ở xã, phường hoặc đặc khu của tỉnh", POINT_A]),
    ("SME in a special zone of a province", "doanh-nghiep-nho-va-vua", "mo-hinh-trinh-dien", "quang-ninh", YES,
     [POINT_A]),
    ("a former province's name, now part of a province", "to-hop-tac", "may-moc-cong-nghe", "bac-giang", YES,
     [POINT_A]),
    ("household in a commune of a city", "ho-kinh-doanh", "may-moc-cong-nghe", "ha-noi/xa-dac-khu", YES,
     ["ở xã hoặc đặc khu của thành phố", POINT_A]),
    ("cooperative group in a special zone of a city", "to-hop-tac", "may-moc-cong-nghe", "hai-phong/xa-dac-khu", YES,
     [POINT_A]),
    ("SME in a ward of a city, inside a recognised craft village", "doanh-nghiep-nho-va-vua", "may-moc-cong-nghe",
     "ha-noi/phuong-trong-lang-nghe", YES,
     ["trong làng nghề được Ủy ban nhân dân thành phố công nhận", POINT_A]),
    ("household in a ward of a city, outside any craft village", "ho-kinh-doanh", "may-moc-cong-nghe",
     "ho-chi-minh/phuong-ngoai-lang-nghe", NO,
     ["ngoài làng nghề được công nhận", "không kể phường", "sản xuất sạch hơn", POINT_A]),
    ("cooperative in a ward of a former province now in a city", "hop-tac-xa", "may-moc-cong-nghe",
     "hai-duong/phuong-ngoai-lang-nghe", NO,
     ["Hải Dương (nay thuộc thành phố Hải Phòng)", POINT_A]),
    ("a city's page before the place is known", "ho-kinh-doanh", "may-moc-cong-nghe", "can-tho", ASK,
     ["xã, phường hay đặc khu"]),
    ("large enterprise applying cleaner production, in a ward of a city: point b has no place condition",
     "doanh-nghiep-lon", "san-xuat-sach-hon",
     "ho-chi-minh/phuong-ngoai-lang-nghe", YES, [POINT_B]),
    ("large enterprise asking for machinery: not under point a", "doanh-nghiep-lon", "may-moc-cong-nghe", "ho-chi-minh",
     NO, [POINT_B]),
    ("household applying cleaner production, in a ward of a city outside any craft village: point b, no place "
     "condition, covers what point a leaves out", "ho-kinh-doanh", "san-xuat-sach-hon",
     "ho-chi-minh/phuong-ngoai-lang-nghe", YES,
     [POINT_A, POINT_B, "không kèm điều kiện về địa bàn", "nếu là cơ sở như vậy"]),
    ("household on a city's page before the place is known, cleaner production: covered wherever it is",
     "ho-kinh-doanh", "san-xuat-sach-hon", "ho-chi-minh", YES,
     [POINT_B, "không kèm điều kiện về địa bàn", "nếu là cơ sở như vậy"]),
    ("SME in a ward of a former province now in a city, cleaner production: the same", "doanh-nghiep-nho-va-vua",
     "san-xuat-sach-hon", "hai-duong/phuong-ngoai-lang-nghe", YES, [POINT_B]),
    ("artisan asking for vocational training and craft transmission: the need the amendment names",
     "nghe-nhan", "dao-tao-nghe", "bac-ninh", YES, ["bảo tồn, phát triển nghề"]),
    ("artisan asking for machinery: the sources neither grant nor exclude it", "nghe-nhan", "may-moc-cong-nghe",
     "bac-ninh", UNCLEAR, ["chưa rõ nghệ nhân có được hỗ trợ về nội dung này"]),
]


def page(site: Path, url: str):
    return lhtml.parse(str(site / url / "index.html")).getroot()


def words(node) -> str:
    return " ".join(node.text_content().split())


@pytest.mark.parametrize("case,applicant,need,where,verdict,holds", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario_on_its_answer_page(portal_site: Path, case, applicant, need, where, verdict, holds):
    doc = page(portal_site, f"ho-tro/{need}/{where}")
    text = words(doc)
    section = doc.xpath(f"//section[@id='{applicant}']")[0]
    assert words(section.xpath(".//p[@class='kc-verdict']")[0]).startswith(verdict), case
    for expected in holds:
        assert expected in text, (case, expected)


@pytest.mark.parametrize("city", CITIES)
def test_each_centrally_run_city_asks_and_states_the_ward_and_craft_village_condition(portal_site: Path, city: str):
    ask = page(portal_site, f"ho-tro/may-moc-cong-nghe/{city}").xpath("//section[@class='kc-ask']")[0]
    choices = {words(a): a.get("href") for a in ask.xpath(".//a")}
    assert choices == {"Xã": "xa-dac-khu/", "Phường": "phuong/", "Đặc khu": "xa-dac-khu/"}
    village = page(portal_site, f"ho-tro/may-moc-cong-nghe/{city}/phuong")
    answers = {words(a): a.get("href") for a in village.xpath("//section[@class='kc-ask']//a")}
    assert answers == {"Có, trong làng nghề được công nhận": "../phuong-trong-lang-nghe/",
                       "Không, ngoài làng nghề được công nhận": "../phuong-ngoai-lang-nghe/"}
    outside = page(portal_site,
                   f"ho-tro/may-moc-cong-nghe/{city}/phuong-ngoai-lang-nghe").xpath("//section[@id='ho-kinh-doanh']")[0]
    assert words(outside.xpath(".//p[@class='kc-verdict']")[0]).startswith(NO)
    assert "chỉ kể xã và đặc khu, không kể phường" in words(outside)


def test_a_province_never_asks_where(portal_site: Path):
    for unit in ("cao-bang", "bac-ninh", "dong-thap", "bac-giang"):
        doc = page(portal_site, f"ho-tro/may-moc-cong-nghe/{unit}")
        assert not doc.xpath("//section[@class='kc-ask']"), unit
        assert not (portal_site / f"ho-tro/may-moc-cong-nghe/{unit}/phuong").exists()


def test_the_place_rules_cover_every_case_once(mini: Path, capsys):
    """A case without a rule, or with two, is a content mistake named at its line."""
    rules = (PORTAL / "site_data" / "eligibility.yml").read_text(encoding="utf-8")
    write(mini, {"site_data/eligibility.yml": rules.replace("places: [xa, dac-khu]", "places: [xa]")})
    code, _, err = run_cli(["--root", str(mini), "check", "--fast"], capsys)
    assert code == 1
    assert ("site_data/eligibility.yml:10:3: chưa có quy định về địa bàn cho đặc khu của thành phố trực thuộc trung "
            "ương, trong làng nghề" in err)
    write(mini, {"site_data/eligibility.yml": rules.replace("places: [phuong]\n  craft_village: true",
                                                            "places: [phuong, xa]\n  craft_village: true")})
    code, _, err = run_cli(["--root", str(mini), "check", "--fast"], capsys)
    assert (code == 1
            and "quy định về địa bàn 'lang-nghe-o-phuong-cua-thanh-pho' trùng trường hợp với 'xa-dac-khu-cua-thanh-pho'"
            in err)
