"""The programme in figures, on a fixture portal the tests own: the statistics model, ranges and
disagreements between sources, former units' parts, the charts with their tables and CSV, the
tile map of the 34 units, and the progress of schemes with its filters."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from generator import models as m
from generator.provinces import TILES
from tests.conftest import module_folder, moved_page, run_cli, write
from tests.figure_rules import capitals_mid_sentence, chart_csvs, chart_problems, place_names

# One pytest-xdist worker runs this module (`make test-fast`, --dist loadgroup): its portal is built once.
pytestmark = pytest.mark.xdist_group("statistics")

S1 = "https://example.org/bao-1"
S2 = "https://example.org/bao-2"


def stat(quantity: str, scope: str, period: str, value: float, url: str = S1, **more: object) -> str:
    extra = "".join(f"  {k}: {v}\n" for k, v in more.items())
    return (f"- quantity: {quantity}\n  scope: {scope}\n  period: {period}\n  value: {value}\n{extra}"
            f"  source:\n    - url: {url}\n      publisher: Báo {url[-1]}\n")


FIGURES = "".join([
    stat("so-de-an", "Bắc Ninh", "2021-2025", 224),
    stat("tong-kinh-phi", "Bắc Ninh", "2021-2025", 62000000000, qualifier="gan"),
    stat("tong-kinh-phi", "Bắc Ninh", "2021-2025", 61000000000, S2, qualifier="hon"),
    stat("so-de-an", "Bắc Ninh (cũ)", "2021-2025", 120),
    stat("tong-kinh-phi", "Bắc Ninh (cũ)", "2021-2025", 33000000000, qualifier="hon"),
    stat("so-de-an", "Bắc Giang", "2021-2025", 104),
    stat("tong-kinh-phi", "Bắc Giang", "2021-2025", 28000000000, qualifier="hon"),
    stat("mo-hinh-trinh-dien", "Bắc Ninh", "2026-2030", 3, qualifier="it-nhat", target="true"),
    stat("tong-kinh-phi", "Bắc Giang", "2022", 2000000000, target="true"),  # a former unit's plan
    stat("so-de-an", "Đồng Tháp", "2024", 14, note="Chưa rõ có gồm Tiền Giang cũ."),
    stat("so-de-an", "Tiền Giang", "9 tháng đầu năm 2025", 6),
    stat("so-de-an", "Đồng Tháp", "9 tháng đầu năm 2025", 6),
    stat("tong-kinh-phi", "ca-nuoc", "2021-2025", 1436000000000, featured="true"),
    stat("ty-le-quoc-gia", "ca-nuoc", "2021-2025", 36.6),
    stat("tong-kinh-phi", "phia-nam", "9 tháng đầu năm 2025", 55753000000),
    stat("ty-le-giai-ngan", "Các tỉnh, thành phố phía Nam", "9 tháng đầu năm 2025", 12.6, qualifier="khoang"),
    # synthetic, so that each kind of chart has something to compare like with like
    stat("so-de-an", "Đồng Tháp", "2021-2025", 40),
    stat("so-de-an", "Đồng Tháp", "2023", 10),
    stat("so-de-an", "Cà Mau", "2024", 5),
    stat("so-de-an", "Tiền Giang", "2022", 8),  # a year with a former unit's figure only
    stat("tong-kinh-phi", "phia-bac", "9 tháng đầu năm 2025", 40000000000),
    stat("tong-kinh-phi", "ca-nuoc", "2016-2020", 1200000000000, qualifier="khoang"),
    stat("ty-le-quoc-gia", "phia-nam", "9 tháng đầu năm 2025", 21.3, qualifier="khoang"),
    stat("ty-le-dia-phuong", "phia-nam", "9 tháng đầu năm 2025", 78.7),
    stat("tang-nang-suat", "Đồng Tháp", "2024", 40, qualifier="khoang",
         note="Chưa rõ có gồm Tiền Giang cũ. Do máy mới."),
    stat("co-so-duoc-ho-tro", "Đồng Tháp", "2024", 18, note="Chưa rõ có gồm Tiền Giang cũ."),
    # a figure of 2021–2025 reported before the period ended: never ranked or coloured beside the whole period's
    stat("so-de-an", "Cao Bằng", "2021-2025", 300, until="2025-07-07"),
])

PROJECTS = """\
- id: a
  title: Đề án A đã nghiệm thu
  kind: de-an
  activity: may-moc-thiet-bi
  province: Bắc Giang
  planned_vnd: 300000000
  disbursed_vnd: 240000000
  history:
    - {status: dang-ky, date: 2024-05-10}
    - {status: phe-duyet, date: 2024-09-02}
    - {status: dang-thuc-hien, date: 2025-01-15}
    - {status: nghiem-thu, date: 2025-11-20}
  source: https://example.org/a
- id: b
  title: Mô hình B đang làm
  kind: mo-hinh
  activity: mo-hinh-trinh-dien
  province: Đồng Tháp
  start_year: 2025
  status: dang-thuc-hien
  source: https://example.org/b
- id: c
  title: Đề án C bị hủy
  kind: de-an
  activity: dao-tao-nghe
  province: Đồng Tháp
  history:
    - {status: phe-duyet, date: 2023-03-01}
    - {status: huy, date: 2023-08-01, note: cơ sở rút đăng ký}
  source: https://example.org/c
"""


@pytest.fixture(scope="module")
def portal(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from tests.conftest import copy_portal
    with module_folder(request, tmp_path_factory, "figures") as work:
        root = copy_portal(work / "portal", with_data=False)
        write(root, {"site_data/statistics/a.yml": FIGURES, "site_data/projects/a.yml": PROJECTS})
        from generator.cli import main
        assert main(["--root", str(root), "build", "--build-date", "2026-11-22"]) == 0
        yield root


def doc(portal: Path, url: str):
    return lhtml.fromstring((portal / "site" / url / "index.html").read_bytes())


def words(node) -> str:
    return " ".join(node.text_content().split())


def test_periods_read_as_communicators_write_them():
    assert m.parse_period("2021–2025") == m.Period(2021, 2025)
    assert m.parse_period("giai đoạn 2026-2030").label == "giai đoạn 2026–2030"
    assert m.parse_period("9 tháng đầu năm 2025") == m.parse_period("9 thang 2025") == m.Period(2025, 2025, 9)
    assert m.parse_period("năm 2024").key == "2024"
    for bad in ("2025-2021", "0 tháng 2025", "12 tháng 2025", "2025-2025", "quý 3/2025", "1989"):
        with pytest.raises(Exception):
            m.parse_period(bad)


def test_province_page_shows_the_merged_total_the_range_and_the_former_units(portal: Path):
    section = doc(portal, "tinh-thanh/bac-ninh").xpath("//section[@aria-labelledby='khuyen-cong-tai']")[0]
    rows = {words(r.xpath("./th")[0]): r for r
            in section.xpath(".//table[contains(@class,'kc-province-figures')]//tbody/tr")}
    projects, funding = rows["Số đề án, hoạt động khuyến công"], rows["Tổng kinh phí khuyến công"]
    assert words(projects.xpath("./td")[0]) == "224"
    assert words(projects.xpath("./td")[1]) == "Bắc Giang (cũ): 104 Bắc Ninh (cũ): 120"
    assert words(funding.xpath("./td")[0]).startswith("61–62 tỷ đồng Các nguồn nêu khác nhau")
    cites = words(funding.xpath("./td")[2])
    assert "gần 62 tỷ đồng" in cites and "hơn 61 tỷ đồng" in cites  # both sources, each with what it says
    assert set(funding.xpath("./td[3]//a/@href")) == {S1, S2}
    targets = section.xpath(".//table[caption='Mục tiêu và kết quả đến nay']//tbody/tr")
    assert [[words(c) for c in t.xpath("./*")][:3] for t in targets] == [
        ["Số mô hình trình diễn kỹ thuật, giai đoạn 2026–2030", "ít nhất 3", "chưa có số liệu"],
        # a former unit's target names the unit: it is not the merged province's
        ["Tổng kinh phí khuyến công, năm 2022, Bắc Giang (cũ)", "2 tỷ đồng", "chưa có số liệu"]]


def test_a_province_page_says_first_what_it_holds_and_each_link_reaches_its_section(portal: Path):
    page = doc(portal, "tinh-thanh/bac-ninh")
    nav = page.xpath("//nav[@aria-label='Trong trang này']")
    assert len(nav) == 1 and nav[0].getprevious() is not None
    links = [(words(a), a.get("href")) for a in nav[0].xpath(".//a")]
    assert links[0] == ("Số liệu khuyến công", "#khuyen-cong-tai") and links[-1] == ("Liên hệ", "#lien-he")
    assert ("Đề án và mô hình trình diễn (1)", "#muc-project") in links  # Đề án A, in Bắc Giang (cũ)
    for _, href in links:
        assert len(page.xpath(f"//h2[@id='{href[1:]}']")) == 1, href
    # every list the page shows is in it, and nothing it does not show
    assert {h.get("id") for h in page.xpath("//h2[starts-with(@id,'muc-')]")} == {
        h[1:] for _, h in links if h.startswith("#muc-")}


def test_a_province_table_shows_the_merged_province_column_only_where_it_has_a_figure(portal: Path):
    """A period whose figures are all the former units' has no column of dashes for the merged province."""
    shapes = set()
    for page in sorted((portal / "site/tinh-thanh").glob("*/index.html")):
        for table in lhtml.fromstring(page.read_bytes()).xpath("//table[contains(@class,'kc-province-figures')]"):
            heads = [words(th) for th in table.xpath("./thead/tr/th")]
            merged = [i for i, h in enumerate(heads) if h not in ("Chỉ tiêu", "Theo tỉnh cũ", "Nguồn")]
            rows = table.xpath("./tbody/tr")
            assert all(len(r.xpath("./th|./td")) == len(heads) for r in rows), page
            if merged:
                assert any(words(r.xpath("./th|./td")[merged[0]]) != "—" for r in rows), (page, heads)
            shapes.add(tuple(heads[1:-1]) if not merged else ("merged", *heads[merged[0] + 1:-1]))
    # the fixture has all three: a province alone, a merged one with its total, one with its former units' only
    assert shapes == {("merged",), ("merged", "Theo tỉnh cũ"), ("Theo tỉnh cũ",)}, shapes


def test_a_province_chart_compares_periods_of_one_kind_only(portal: Path):
    page = doc(portal, "tinh-thanh/dong-thap")
    charts = page.xpath("//section[@class='kc-chart']")
    assert [words(c.xpath("./h3")[0]) for c in charts] == ["Số đề án, hoạt động khuyến công qua các năm"]
    img = charts[0].xpath(".//img/@src")[0]
    assert (portal / "site/tinh-thanh/dong-thap" / img).is_file()
    # the years side by side; the five-year total and the first nine months of 2025 stay in the tables
    assert [words(r) for r in charts[0].xpath(".//tbody/tr/th")] == ["Năm 2023", "Năm 2024"]
    assert words(charts[0].xpath("./p[@class='kc-chart__reading']")[0]) == (
        "Số đề án, hoạt động khuyến công của Đồng Tháp tăng từ 10 (năm 2023) lên 14 (năm 2024).")
    # Tiền Giang's figure is a former unit's: listed under the merged province's period, not charted as its own
    assert "Tiền Giang (cũ): 6" in words(page)


def test_former_units_are_compared_in_one_period(portal: Path):
    charts = doc(portal, "tinh-thanh/bac-ninh").xpath("//section[@class='kc-chart']")
    assert [(words(c.xpath("./h3")[0]), words(c.xpath("./p[@class='kc-chart__reading']")[0])) for c in charts] == [
        ("Số đề án, hoạt động khuyến công giai đoạn 2021–2025 theo tỉnh cũ",
         "Giai đoạn 2021–2025, Bắc Ninh (cũ) nhiều hơn Bắc Giang (cũ): 120 so với 104."),
        ("Tổng kinh phí khuyến công giai đoạn 2021–2025 theo tỉnh cũ",
         "Giai đoạn 2021–2025, Bắc Ninh (cũ) nhiều hơn Bắc Giang (cũ): hơn 33 tỷ đồng so với hơn 28 tỷ đồng.")]
    assert [words(th) for th in charts[0].xpath(".//thead/tr/th")] == ["Tỉnh cũ", "Số liệu", "Nguồn"]


def test_a_caveat_every_figure_of_a_period_carries_is_said_once(portal: Path):
    table = doc(portal,
                "tinh-thanh/dong-thap").xpath(
                    "//table[contains(@class,'kc-province-figures')][caption[starts-with(.,'Số "
                                              "liệu năm 2024')]]")[0]
    assert words(table.xpath("./caption")[0]) == "Số liệu năm 2024 Chưa rõ có gồm Tiền Giang cũ."
    rows = {words(r.xpath("./th")[0]): words(r.xpath("./td")[0]) for r in table.xpath(".//tbody/tr")}
    assert rows["Thay đổi năng suất bình quân"] == "tăng khoảng 40% Do máy mới."
    assert rows["Số cơ sở được hỗ trợ"] == "18"


def test_every_chart_table_is_its_data_and_its_csv(portal: Path):
    page = doc(portal, "so-lieu")
    charts = page.xpath("//section[@class='kc-chart']")
    assert [(words(c.xpath("./h3")[0]), words(c.xpath("./p[@class='kc-chart__reading']")[0])) for c in charts] == [
        ("Số đề án, hoạt động khuyến công theo tỉnh, thành phố, giai đoạn 2021–2025",
         "Giai đoạn 2021–2025, Bắc Ninh nhiều hơn Đồng Tháp: 224 so với 40."),
        ("Tổng kinh phí khuyến công theo vùng, 9 tháng đầu năm 2025",
         "9 tháng đầu năm 2025, các tỉnh, thành phố phía Nam nhiều hơn các tỉnh, thành phố phía Bắc: 55,753 tỷ đồng "
         "so với 40 tỷ đồng."),
        ("Tổng kinh phí khuyến công của cả nước qua các giai đoạn 5 năm",
         "Tổng kinh phí khuyến công của cả nước tăng từ khoảng 1.200 tỷ đồng (giai đoạn 2016–2020) lên 1.436 tỷ đồng "
         "(giai đoạn 2021–2025)."),
    ]
    expected = {
        0: [["Bắc Ninh", "224"], ["Đồng Tháp", "40"]],
        1: [["Các tỉnh, thành phố phía Nam", "55,753 tỷ đồng"], ["Các tỉnh, thành phố phía Bắc", "40 tỷ đồng"]],
        2: [["Giai đoạn 2016–2020", "khoảng 1.200 tỷ đồng"], ["Giai đoạn 2021–2025", "1.436 tỷ đồng"]],
    }
    for i, chart in enumerate(charts):
        rows = [[words(r.xpath("./th")[0]), r.xpath("./td[1]//strong/text()")[0]] for r in chart.xpath(".//tbody/tr")]
        assert rows == expected[i]
        csv_href = chart.xpath(".//a[@download]/@href")[0]
        raw = (portal / "site/so-lieu" / csv_href).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert table[0] == ["pham_vi", "thoi_ky", "dai_luong", "gia_tri_thap", "gia_tri_cao", "don_vi", "dien_giai",
                            "nguon"]
        assert [r[6] for r in table[1:]] == [r[1] for r in rows]
        # the phone's SVG and the wide screen's each write every label and every value once
        sources = chart.xpath(".//picture/source/@srcset") + chart.xpath(".//img[@class='kc-chart__img']/@src")
        assert len(sources) == 2 and sources[0] == sources[1].replace(".svg", "-hep.svg")
        for src in sources:
            svg = (portal / "site/so-lieu" / src).read_text(encoding="utf-8")
            assert "<script" not in svg and not re.findall(r"(?:href|src)=\"https?:", svg)
            texts = [" ".join(" ".join(t.itertext()).split()) for t in etree.fromstring(svg.encode()).iter("{*}text")]
            assert [t for t in texts if t in {label for label, _ in rows}] == [label for label, _ in rows]
            assert sorted(t for t in texts if t in {value for _, value in rows}) == sorted(value for _, value in rows)
    projects = (
        list(csv.reader(
            io.StringIO(
                (portal / "site/so-lieu/bieu-do/so-de-an-theo-tinh-2021-2025.csv").read_text(encoding="utf-8-sig")))))
    assert [r[:6] for r in projects[1:]] == [["Bắc Ninh", "2021-2025", "so-de-an", "224", "224", "số lượng"],
                                             ["Đồng Tháp", "2021-2025", "so-de-an", "40", "40", "số lượng"]]


def test_no_chart_mixes_quantities_periods_or_kinds_of_scope(portal: Path):
    """Every chart of the portal, read from its CSV: one quantity; one period when it sets scopes
    side by side, one kind of period when it follows one scope; never a whole beside its parts. And
    the reading sentences, the tile maps and the absence of '9T/' (tests/figure_rules.py)."""
    assert len(chart_csvs(portal / "site")) == 6
    assert chart_problems(portal / "site") == []


def test_the_rules_catch_what_they_are_for(tmp_path: Path):
    site = tmp_path / "site"
    (site / "so-lieu/bieu-do").mkdir(parents=True)
    head = "pham_vi,thoi_ky,dai_luong,gia_tri_thap,gia_tri_cao,don_vi,dien_giai,nguon\r\n"
    (site / "so-lieu/bieu-do/a.csv").write_text(head + "Cả nước,2021-2025,tong-kinh-phi,1,1,đồng,1 đồng,x\r\n"
                                                "\"Các tỉnh, thành phố phía Nam\",2025-9t,tong-kinh-phi,1,1,đồng,1 "
                                                "đồng,x\r\n", encoding="utf-8-sig")
    (site / "so-lieu/index.html").write_text('<p class="kc-chart__reading">Cao nhất là Năm 2024: 9T/2025.</p><i '
                                             'class="kc-chart"></i>', encoding="utf-8")
    problems = chart_problems(site)
    assert any("periods of different kinds" in p for p
               in problems) and any("several scopes over several periods" in p for p in problems)
    assert any("capitals mid-sentence ['Năm']" in p for p in problems) and any("'9T/'" in p for p in problems)
    assert capitals_mid_sentence("Cao nhất là Các tỉnh, thành phố phía Nam: 5.", place_names()) == ["Các"]
    assert capitals_mid_sentence("9 tháng đầu năm 2025, các tỉnh, thành phố phía Nam nhiều hơn Bắc Ninh (cũ).",
                                 place_names()) == []


def test_national_and_local_shares_are_a_composition_not_a_ranking(portal: Path):
    page = doc(portal, "so-lieu")
    section = page.xpath("//section[@aria-labelledby='co-cau-kinh-phi']")[0]
    rows = [[words(c) for c in r.xpath("./*")][:3] for r in section.xpath(".//tbody/tr")]
    assert rows == [["Cả nước, giai đoạn 2021–2025", "36,6%", "—"],
                    ["Các tỉnh, thành phố phía Nam, 9 tháng đầu năm 2025", "khoảng 21,3%", "78,7%"]]
    # the shares are not repeated in the tables of whole figures, nor charted
    tables = words(page.xpath("//section[@aria-labelledby='ca-nuoc-va-vung']")[0])
    assert "Tỷ trọng" not in tables
    assert not [c for c in page.xpath("//section[@class='kc-chart']") if "Tỷ trọng" in words(c)]


def test_tile_map_has_one_link_per_unit_in_place(portal: Path):
    page = doc(portal, "so-lieu")
    tiles = page.xpath("//ul[@class='kc-tilemap']/li")
    assert len(tiles) == 34 == len(TILES)
    provinces = {words(p): p for p in doc(portal, "tinh-thanh").xpath("//table//th[@scope='row']/a")}
    seen = set()
    css = (portal / "content" / "assets" / "portal.css").read_text(encoding="utf-8")
    for li in tiles:
        a = li.xpath("./a")[0]
        name = words(a.xpath("./span[@class='kc-tile__name']")[0])
        assert name in provinces and name not in seen
        seen.add(name)
        target = (portal / "site/so-lieu" / a.get("href") / "index.html").resolve()
        assert target == (portal / "site/tinh-thanh" / provinces[name].get("href") / "index.html").resolve()
        # no style attribute: the CSP allows none
        row, col = re.search(r"\bkc-row-(\d+) kc-col-(\d+)\b", li.get("class")).groups()
        assert TILES[target.parent.name] == (int(row), int(col)) and li.get("style") is None
        assert f".kc-row-{row} {{ grid-row: {row}; }}" in css and f".kc-col-{col} {{ grid-column: {col}; }}" in css
    # the other colourings are plain pages, linked from the legend
    for href in page.xpath("//div[@class='kc-legend']/ul//a/@href"):
        other = lhtml.fromstring((portal / "site/so-lieu" / href / "index.html").read_bytes())
        assert len(other.xpath("//ul[@class='kc-tilemap']/li/a")) == 34


def test_tile_map_colours_one_period_and_says_which(portal: Path):
    """Bắc Ninh and Đồng Tháp report schemes for 2021–2025, Cà Mau only for 2024: the map is coloured
    by 2021–2025, says so, and gives Cà Mau's figure in its table, not in a colour."""
    page = doc(portal, "so-lieu")
    tile = lambda name: page.xpath(f"//li[contains(@class,'kc-tile')][a/span[.='{name}']]")[0]  # noqa: E731
    assert ("kc-tile--4" in tile("Bắc Ninh").get("class")
            and words(tile("Bắc Ninh")) == "Bắc Ninh 224 (giai đoạn 2021–2025)")
    assert ("kc-tile--1" in tile("Đồng Tháp").get("class")
            and words(tile("Đồng Tháp")) == "Đồng Tháp 40 (giai đoạn 2021–2025)")
    assert "kc-tile--0" in tile("Cà Mau").get("class")
    assert (words(tile("Cà Mau")) == "Cà Mau khác kỳ (không có số liệu giai đoạn 2021–2025, có số liệu thời kỳ khác "
                                     "ở bảng)")
    assert "kc-tile--0" in tile("Lào Cai").get("class") and words(tile("Lào Cai")) == "Lào Cai — chưa có số liệu"
    # Cao Bằng's 300 (more than Bắc Ninh's 224) is of 2021–2025 as far as 07/7/2025: another period
    assert "kc-tile--0" in tile("Cao Bằng").get("class") and words(tile("Cao Bằng")).startswith("Cao Bằng khác kỳ")
    legend = page.xpath("//div[@class='kc-legend']/div[@class='kc-for-grid']")[0]
    assert words(legend.xpath("./p")[0]) == "Chú giải: số đề án, hoạt động khuyến công, giai đoạn 2021–2025"
    assert [words(li) for li in legend.xpath("./ul/li")] == [
        "chưa có số liệu giai đoạn 2021–2025", "từ 0 đến 56", "trên 56 đến 112", "trên 112 đến 168", "trên 168 đến 224",
        "«khác kỳ»: chỉ có số liệu thời kỳ khác, ghi ở bảng"]
    table = page.xpath("//details[@class='kc-tilemap-table']//table")[0]
    assert [words(th) for th in table.xpath("./thead/tr/th")] == ["Tỉnh, thành phố", "Giai đoạn 2021–2025",
                                                                  "Thời kỳ khác (không so sánh)"]
    rows = {words(r.xpath("./th")[0]): [words(c) for c in r.xpath("./td")] for r in table.xpath("./tbody/tr")}
    assert rows["Cà Mau"] == ["—", "5 (năm 2024)"]
    assert rows["Đồng Tháp"] == ["40", "10 (năm 2023); 14 (năm 2024); 6 (9 tháng đầu năm 2025)"]
    assert rows["Bắc Ninh"] == ["224", "—"]
    assert rows["Cao Bằng"] == ["—", "300 (giai đoạn 2021–2025, công bố ngày 07/07/2025, khi chưa hết giai đoạn)"]
    funding = doc(portal, "so-lieu/ban-do/tong-kinh-phi")
    assert (words(funding.xpath("//h1")[0]) == "Bản đồ 34 tỉnh, thành phố: tổng kinh phí khuyến công, giai đoạn "
                                               "2021–2025")
    assert words(funding.xpath("//li[a/span[.='Bắc Ninh']]")[0]) == "Bắc Ninh 61–62 tỷ đồng (giai đoạn 2021–2025)"


def test_a_figure_reported_before_its_period_ended_is_not_ranked_beside_whole_ones(portal: Path):
    """Cao Bằng's schemes of 2021–2025 as far as 07/7/2025 (300, more than any other) are in no
    ranking of 2021–2025 and in no reading sentence; its province page says as far as when."""
    page = doc(portal, "so-lieu")
    for figure in page.xpath("//figure[contains(@class,'kc-chart')]"):
        text = words(figure)
        if "theo tỉnh" in text:
            assert "Cao Bằng" not in text and "300" not in text, text
    province = words(doc(portal, "tinh-thanh/cao-bang").xpath("//section[@aria-labelledby='khuyen-cong-tai']")[0])
    assert "giai đoạn 2021–2025, công bố ngày 07/07/2025, khi chưa hết giai đoạn" in province and "300" in province


@pytest.mark.parametrize("until,message", [
    ("2026-01-05", "site_data/statistics/a.yml:5:3: until: ngày 05/01/2026 không nằm trong giai đoạn 2021–2025. "
                   "Chỉ ghi 'until' khi nguồn nêu số liệu lúc thời kỳ chưa kết thúc: một ngày từ 01/01/2021 đến "
                   "trước 31/12/2025. Nếu số liệu là của cả thời kỳ, bỏ dòng 'until'"),
    ("2025-08-01", "site_data/statistics/a.yml:5:3: until: ngày 01/08/2025 sau ngày nguồn đăng (10/07/2025): "
                   "nguồn không thể nêu số liệu công bố sau chính nó"),
])
def test_until_outside_the_period_or_after_the_source_is_explained(tmp_path: Path, capsys, until: str,
                                                                   message: str):
    from tests.conftest import copy_portal
    root = copy_portal(tmp_path / "p", with_data=False)
    write(root, {"site_data/statistics/a.yml": stat("so-de-an", "Cao Bằng", "2021-2025", 23, until=until).replace(
        "      publisher:", "      published: 2025-07-10\n      publisher:")})
    code, out, err = run_cli(["--root", str(root), "--lang", "vi", "check"], capsys)
    assert code == 1 and message in err and "Traceback" not in err, err


def test_until_outside_the_period_reads_in_english_too(tmp_path: Path, capsys):
    from tests.conftest import copy_portal
    root = copy_portal(tmp_path / "p", with_data=False)
    write(root, {"site_data/statistics/a.yml": stat("so-de-an", "Cao Bằng", "2021-2025", 23, until="2020-05-01")})
    code, out, err = run_cli(["--root", str(root), "--lang", "en", "check"], capsys)
    assert code == 1 and "until: 01/05/2020 is not within 2021–2025. Write 'until' only when" in err, err


def test_the_comparable_period_is_the_one_most_units_report_the_latest_of_a_tie():
    from generator.statistics import comparable_period

    class F:
        def __init__(self, period: str):
            self.period = m.parse_period(period)

    assert comparable_period([F("2024"), F("2024"), F("2021-2025")]) == m.Period(2024, 2024)
    assert comparable_period([F("2024"), F("9 tháng 2025"), F("2021-2025")]) == m.Period(2021, 2025)
    assert comparable_period([F("2023"), F("2024")]) == m.Period(2024, 2024)
    assert comparable_period([]) is None


def test_periods_are_comparable_only_when_of_one_length_and_kind():
    kinds = {text: m.parse_period(text).kind for text in ("2023", "2024", "9 tháng đầu năm 2024",
                                                          "9 tháng đầu năm 2025",
                                                          "6 tháng đầu năm 2025", "2016-2020", "2021-2025",
                                                          "2021-2023")}
    assert kinds == {"2023": "nam", "2024": "nam", "9 tháng đầu năm 2024": "9t", "9 tháng đầu năm 2025": "9t",
                     "6 tháng đầu năm 2025": "6t", "2016-2020": "5nam", "2021-2025": "5nam", "2021-2023": "3nam"}
    assert not hasattr(m.Period(2025, 2025, 9), "short")  # "9T/2025" is written nowhere: "9 tháng đầu năm 2025"


def test_reading_sentences_keep_lower_case_mid_sentence(portal: Path):
    """The reading under each chart is a sentence: after its first word only names are capitalised."""
    names = place_names()
    for url in ("so-lieu", "tinh-thanh/bac-ninh", "tinh-thanh/dong-thap"):
        for p in doc(portal, url).xpath("//p[@class='kc-chart__reading']"):
            text = words(p)
            assert not capitals_mid_sentence(text, names), text


def test_progress_lists_projects_by_status_and_narrows_by_plain_links(portal: Path):
    page = doc(portal, "de-an/tien-do")
    groups = {words(s.xpath("./h2")[0]): [words(a) for a in s.xpath(".//tbody/tr/th/a")] for s
              in page.xpath("//section[starts-with(@aria-labelledby,'tt-')]")}
    assert groups == {"Đang thực hiện (1)": ["Mô hình B đang làm"],
                      "Đã nghiệm thu, hoàn thành (1)": ["Đề án A đã nghiệm thu"],
                      "Đã hủy (1)": ["Đề án C bị hủy"]}
    # each table is named by its status for a screen reader; on screen the heading above says it, once
    captions = {words(c): c.get("class") for c
                in page.xpath("//section[starts-with(@aria-labelledby,'tt-')]//caption")}
    assert captions == {"Đang thực hiện": "kc-sr-only", "Đã nghiệm thu, hoàn thành": "kc-sr-only",
                        "Đã hủy": "kc-sr-only"}
    a_row = page.xpath("//tr[th/a='Đề án A đã nghiệm thu']")[0]
    assert [words(li) for li in a_row.xpath(".//ol/li")] == ["Đã đăng ký: 10/05/2024", "Đã phê duyệt: 02/09/2024",
                                                             "Đang thực hiện: 15/01/2025",
                                                             "Đã nghiệm thu, hoàn thành: 20/11/2025"]
    assert words(a_row.xpath("./td")[2]) == "300 triệu đồng" and words(a_row.xpath("./td")[3]) == "240 triệu đồng (80%)"
    assert "cơ sở rút đăng ký" in words(page.xpath("//tr[th/a='Đề án C bị hủy']")[0])
    giai_ngan = page.xpath("//section[@aria-labelledby='giai-ngan']//tbody/tr")
    assert [[words(c) for c in r.xpath("./*")] for r
            in giai_ngan] == [["Các tỉnh, thành phố phía Nam, 9 tháng đầu năm 2025", "khoảng 12,6%", f"Báo 1: {S1}"]]
    filters = {words(a): a.get("href") for a in page.xpath("//nav[@aria-label='Lọc đề án']//a")}
    assert set(filters) == {"Bắc Ninh (1)", "Đồng Tháp (2)", "2025 (2)", "2024 (1)", "2023 (1)"}
    expect = {"Bắc Ninh (1)": {"Đề án A đã nghiệm thu"}, "Đồng Tháp (2)": {"Mô hình B đang làm", "Đề án C bị hủy"},
              "2025 (2)": {"Đề án A đã nghiệm thu", "Mô hình B đang làm"}, "2024 (1)": {"Đề án A đã nghiệm thu"},
              "2023 (1)": {"Đề án C bị hủy"}}
    for label, href in filters.items():
        narrowed = lhtml.fromstring((portal / "site/de-an/tien-do" / href / "index.html").read_bytes())
        assert {words(a) for a
                in narrowed.xpath("//section[starts-with(@aria-labelledby,'tt-')]//tbody/tr/th/a")} == expect[label]
        assert narrowed.xpath(f"//strong[@aria-current='page'][.='{label}']")


def test_former_units_that_do_not_add_up_are_a_warning(tmp_path: Path, capsys):
    from tests.conftest import copy_portal
    root = copy_portal(tmp_path / "p", with_data=False)
    write(root, {"site_data/statistics/a.yml": stat("so-de-an", "Bắc Ninh", "2021-2025", 224)
                 + stat("so-de-an", "Bắc Ninh (cũ)", "2021-2025", 120)
                 + stat("so-de-an", "Bắc Giang", "2021-2025", 90)})
    code, out, err = run_cli(["--root", str(root), "--lang", "vi", "check"], capsys)
    assert code == 0
    assert ("site_data/statistics/a.yml:4:3: value: (cảnh báo) Số đề án, hoạt động khuyến công, Bắc Ninh, giai đoạn "
            "2021–2025: các đơn vị cũ "
            "cộng lại 210, khác số của cả tỉnh (224) quá mức làm tròn của nguồn. Kiểm tra lại") in err
    # within the sources' rounding ("hơn 33 tỷ" + "hơn 28 tỷ" against "gần 62 tỷ"): no warning
    write(root, {"site_data/statistics/a.yml": FIGURES})
    code, out, err = run_cli(["--root", str(root), "--lang", "vi", "check"], capsys)
    assert code == 0 and "làm tròn" not in err


def test_every_figure_on_a_province_page_cites_a_web_source(portal_site: Path):
    """Every figure on a province page cites a source that resolves
    to an http(s) address, and every province page has its figures section."""
    for province in (portal_site / "tinh-thanh").iterdir():
        if not (province / "index.html").is_file() or province.name == "trang" or moved_page(province / "index.html"):
            continue
        page = lhtml.fromstring((province / "index.html").read_bytes())
        section = page.xpath("//section[@aria-labelledby='khuyen-cong-tai']")
        assert section, province.name
        for row in section[0].xpath(".//table//tbody/tr"):
            assert row.xpath(".//a[starts-with(@href,'http')]"), (province.name, words(row))


def test_a_value_that_rounds_to_zero_is_shown_as_0(mini: Path):
    """-0, -0% and a change too small to show are written 0 (not -0, not "giảm 0%"), in both languages."""
    write(mini, {"site_data/statistics/a.yml": "".join([
        stat("so-de-an", "Cà Mau", "2024", "-0"),
        stat("ty-le-quoc-gia", "Cà Mau", "2024", "-0.0"),
        stat("tang-nang-suat", "Cà Mau", "2024", -0.0001),
        stat("bien-dong-kinh-phi", "Cà Mau", "2024", "-0.0004"),
        stat("bien-dong-kinh-phi", "ca-nuoc", "2024", "-0.0"),
    ])})
    from generator.cli import main
    assert main(["--root", str(mini), "build", "--build-date", "2026-11-22"]) == 0
    shown = {p: words(lhtml.fromstring(p.read_bytes())) for p in (mini / "site").rglob("*.html")}
    assert "Cà Mau" in shown[mini / "site" / "tinh-thanh" / "ca-mau" / "index.html"]
    signed = re.compile(r"(?<![\w.,/-])[-−]0(?![\d.,])|giảm 0%|tăng 0%|down 0%|up 0%")
    assert not {str(p.relative_to(mini)): signed.findall(text) for p, text in shown.items() if signed.search(text)}
