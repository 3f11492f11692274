"""The programme in figures, on a fixture portal the tests own: the statistics model, ranges and
disagreements between sources, former units' parts, the charts with their tables and CSV, the
tile map of the 34 units, and the progress of schemes with its filters."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from generator import models as m
from generator.provinces import TILES
from tests.conftest import run_cli, write

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
    stat("so-de-an", "Đồng Tháp", "2024", 14),
    stat("so-de-an", "Tiền Giang", "9 tháng đầu năm 2025", 6),
    stat("so-de-an", "Đồng Tháp", "9 tháng đầu năm 2025", 6),
    stat("tong-kinh-phi", "ca-nuoc", "2021-2025", 1436000000000, featured="true"),
    stat("ty-le-quoc-gia", "ca-nuoc", "2021-2025", 36.6),
    stat("tong-kinh-phi", "phia-nam", "9 tháng đầu năm 2025", 55753000000),
    stat("ty-le-giai-ngan", "Các tỉnh, thành phố phía Nam", "9 tháng đầu năm 2025", 12.6, qualifier="khoang"),
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
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import copy_portal
    root = copy_portal(tmp_path_factory.mktemp("figures") / "portal", with_data=False)
    write(root, {"site_data/statistics/a.yml": FIGURES, "site_data/projects/a.yml": PROJECTS})
    from generator.cli import main
    assert main(["--root", str(root), "build", "--build-date", "2026-11-22"]) == 0
    return root


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
    rows = {words(r.xpath("./th")[0]): r for r in section.xpath(".//table[contains(@class,'kc-province-figures')]//tbody/tr")}
    projects, funding = rows["Số đề án, hoạt động khuyến công"], rows["Tổng kinh phí khuyến công"]
    assert words(projects.xpath("./td")[0]) == "224"
    assert words(projects.xpath("./td")[1]) == "Bắc Giang (cũ): 104 Bắc Ninh (cũ): 120"
    assert words(funding.xpath("./td")[0]).startswith("61–62 tỷ đồng Các nguồn nêu khác nhau")
    cites = words(funding.xpath("./td")[2])
    assert "gần 62 tỷ đồng" in cites and "hơn 61 tỷ đồng" in cites  # both sources, each with what it says
    assert set(funding.xpath("./td[3]//a/@href")) == {S1, S2}
    target = section.xpath(".//table[caption='Mục tiêu và kết quả đến nay']//tbody/tr")[0]
    assert [words(c) for c in target.xpath("./*")][:3] == ["Số mô hình trình diễn kỹ thuật, giai đoạn 2026–2030", "ít nhất 3", "chưa có số liệu"]


def test_a_province_with_several_periods_gets_a_small_chart(portal: Path):
    page = doc(portal, "tinh-thanh/dong-thap")
    charts = page.xpath("//section[@class='kc-chart']")
    assert len(charts) == 1
    img = charts[0].xpath(".//img/@src")[0]
    assert (portal / "site/tinh-thanh/dong-thap" / img).is_file()
    assert [words(r) for r in charts[0].xpath(".//tbody/tr/th")] == ["Năm 2024", "9 tháng đầu năm 2025"]
    # Tiền Giang's figure is a former unit's: listed under the merged province's period, not charted as its own
    assert "Tiền Giang (cũ): 6" in words(page)


def test_every_chart_table_is_its_data_and_its_csv(portal: Path):
    page = doc(portal, "so-lieu")
    charts = page.xpath("//section[@class='kc-chart']")
    assert [words(c.xpath("./h2")[0]) for c in charts] == [
        "Tổng kinh phí khuyến công của cả nước và các vùng", "Kinh phí khuyến công theo tỉnh, thành phố và thời kỳ",
        "Số đề án, hoạt động khuyến công theo tỉnh, thành phố và thời kỳ", "Tỷ trọng kinh phí khuyến công quốc gia và địa phương"]
    expected = {
        0: [["Cả nước, 2021–2025", "1.436 tỷ đồng"], ["Các tỉnh, thành phố phía Nam, 9T/2025", "55,753 tỷ đồng"]],
        1: [["Bắc Ninh, 2021–2025", "61–62 tỷ đồng"]],
        2: [["Bắc Ninh, 2021–2025", "224"], ["Đồng Tháp, 2024", "14"], ["Đồng Tháp, 9T/2025", "6"]],
        3: [["Cả nước, 2021–2025: quốc gia", "36,6%"]],
    }
    for i, chart in enumerate(charts):
        rows = [[words(r.xpath("./th")[0]), r.xpath("./td[1]//strong/text()")[0]] for r in chart.xpath(".//tbody/tr")]
        assert rows == expected[i]
        assert chart.xpath("./p[@class='kc-chart__reading']/text()")[0].startswith(("Cao nhất là", "Có một số liệu"))
        csv_href = chart.xpath(".//a[@download]/@href")[0]
        raw = (portal / "site/so-lieu" / csv_href).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert table[0] == ["pham_vi", "thoi_ky", "dai_luong", "gia_tri_thap", "gia_tri_cao", "don_vi", "dien_giai", "nguon"]
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
    funding = list(csv.reader(io.StringIO((portal / "site/so-lieu/bieu-do/kinh-phi-theo-tinh.csv").read_text(encoding="utf-8-sig"))))
    assert funding[1][:6] == ["Bắc Ninh", "2021-2025", "tong-kinh-phi", "61000000000", "62000000000", "đồng"]
    assert funding[1][7] == f"{S1} ; {S2}"


def test_tile_map_has_one_link_per_unit_in_place(portal: Path):
    page = doc(portal, "so-lieu")
    tiles = page.xpath("//ul[@class='kc-tilemap']/li")
    assert len(tiles) == 34 == len(TILES)
    provinces = {words(p): p for p in doc(portal, "tinh-thanh").xpath("//table//th[@scope='row']/a")}
    seen = set()
    for li in tiles:
        a = li.xpath("./a")[0]
        name = words(a.xpath("./span[@class='kc-tile__name']")[0])
        assert name in provinces and name not in seen
        seen.add(name)
        target = (portal / "site/so-lieu" / a.get("href") / "index.html").resolve()
        assert target == (portal / "site/tinh-thanh" / provinces[name].get("href") / "index.html").resolve()
        row, col = re.match(r"grid-row: (\d+); grid-column: (\d+)", li.get("style")).groups()
        assert TILES[target.parent.name] == (int(row), int(col))
    bac_ninh = page.xpath("//li[contains(@class,'kc-tile')][a/span[.='Bắc Ninh']]")[0]
    assert "kc-tile--4" in bac_ninh.get("class") and words(bac_ninh) == "Bắc Ninh 224 (giai đoạn 2021–2025)"
    assert "kc-tile--0" in page.xpath("//li[contains(@class,'kc-tile')][a/span[.='Cà Mau']]")[0].get("class")
    legend = [words(li) for li in page.xpath("//div[@class='kc-legend']/div[@class='kc-for-grid']/ul/li")]
    assert legend[0] == "chưa có số liệu" and legend[-1] == "trên 168 đến 224"
    # the other colourings are plain pages, linked from the legend
    for href in page.xpath("//div[@class='kc-legend']/ul//a/@href"):
        other = lhtml.fromstring((portal / "site/so-lieu" / href / "index.html").read_bytes())
        assert len(other.xpath("//ul[@class='kc-tilemap']/li/a")) == 34
    funding = doc(portal, "so-lieu/ban-do/tong-kinh-phi")
    assert words(funding.xpath("//li[a/span[.='Bắc Ninh']]")[0]) == "Bắc Ninh 61–62 tỷ đồng (giai đoạn 2021–2025)"


def test_progress_lists_projects_by_status_and_narrows_by_plain_links(portal: Path):
    page = doc(portal, "de-an/tien-do")
    groups = {words(s.xpath("./h2")[0]): [words(a) for a in s.xpath(".//tbody/tr/th/a")] for s in page.xpath("//section[starts-with(@aria-labelledby,'tt-')]")}
    assert groups == {"Đang thực hiện (1)": ["Mô hình B đang làm"], "Đã nghiệm thu, hoàn thành (1)": ["Đề án A đã nghiệm thu"],
                      "Đã hủy (1)": ["Đề án C bị hủy"]}
    a_row = page.xpath("//tr[th/a='Đề án A đã nghiệm thu']")[0]
    assert [words(li) for li in a_row.xpath(".//ol/li")] == ["Đã đăng ký: 10/05/2024", "Đã phê duyệt: 02/09/2024", "Đang thực hiện: 15/01/2025", "Đã nghiệm thu, hoàn thành: 20/11/2025"]
    assert words(a_row.xpath("./td")[2]) == "300 triệu đồng" and words(a_row.xpath("./td")[3]) == "240 triệu đồng (80%)"
    assert "cơ sở rút đăng ký" in words(page.xpath("//tr[th/a='Đề án C bị hủy']")[0])
    giai_ngan = page.xpath("//section[@aria-labelledby='giai-ngan']//tbody/tr")
    assert [[words(c) for c in r.xpath("./*")] for r in giai_ngan] == [["Các tỉnh, thành phố phía Nam, 9 tháng đầu năm 2025", "khoảng 12,6%", f"Báo 1: {S1}"]]
    filters = {words(a): a.get("href") for a in page.xpath("//nav[@aria-label='Lọc đề án']//a")}
    assert set(filters) == {"Bắc Ninh (1)", "Đồng Tháp (2)", "2025 (2)", "2024 (1)", "2023 (1)"}
    expect = {"Bắc Ninh (1)": {"Đề án A đã nghiệm thu"}, "Đồng Tháp (2)": {"Mô hình B đang làm", "Đề án C bị hủy"},
              "2025 (2)": {"Đề án A đã nghiệm thu", "Mô hình B đang làm"}, "2024 (1)": {"Đề án A đã nghiệm thu"}, "2023 (1)": {"Đề án C bị hủy"}}
    for label, href in filters.items():
        narrowed = lhtml.fromstring((portal / "site/de-an/tien-do" / href / "index.html").read_bytes())
        assert {words(a) for a in narrowed.xpath("//section[starts-with(@aria-labelledby,'tt-')]//tbody/tr/th/a")} == expect[label]
        assert narrowed.xpath(f"//strong[@aria-current='page'][.='{label}']")


def test_former_units_that_do_not_add_up_are_a_warning(tmp_path: Path, capsys):
    from tests.conftest import copy_portal
    root = copy_portal(tmp_path / "p", with_data=False)
    write(root, {"site_data/statistics/a.yml": stat("so-de-an", "Bắc Ninh", "2021-2025", 224) + stat("so-de-an", "Bắc Ninh (cũ)", "2021-2025", 120)
                 + stat("so-de-an", "Bắc Giang", "2021-2025", 90)})
    code, out, err = run_cli(["--root", str(root), "--lang", "vi", "check"], capsys)
    assert code == 0
    assert ("site_data/statistics/a.yml:4:3: value: (cảnh báo) Số đề án, hoạt động khuyến công, Bắc Ninh, giai đoạn 2021–2025: các đơn vị cũ "
            "cộng lại 210, khác số của cả tỉnh (224) quá mức làm tròn của nguồn. Kiểm tra lại") in err
    # within the sources' rounding ("hơn 33 tỷ" + "hơn 28 tỷ" against "gần 62 tỷ"): no warning
    write(root, {"site_data/statistics/a.yml": FIGURES})
    code, out, err = run_cli(["--root", str(root), "--lang", "vi", "check"], capsys)
    assert code == 0 and "làm tròn" not in err


def test_every_figure_on_a_province_page_cites_a_web_source(portal_site: Path):
    """Every figure on a province page cites a source that resolves
    to an http(s) address, and every province page has its figures section."""
    for province in (portal_site / "tinh-thanh").iterdir():
        if not (province / "index.html").is_file() or province.name == "trang":
            continue
        page = lhtml.fromstring((province / "index.html").read_bytes())
        section = page.xpath("//section[@aria-labelledby='khuyen-cong-tai']")
        assert section, province.name
        for row in section[0].xpath(".//table//tbody/tr"):
            assert row.xpath(".//a[starts-with(@href,'http')]"), (province.name, words(row))
