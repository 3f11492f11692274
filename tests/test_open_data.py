"""Open data at /du-lieu/ (generator/outputs/opendata.py): every dataset as CSV and JSON, valid
against the Frictionless Data Package that describes it, listed in the DCAT catalogue, and nothing
hidden in any of them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from frictionless import validate

from tests.conftest import run_cli, write

EXPECTED_ROWS = {"tinh-thanh": 34, "tinh-cu": 63, "co-quan": 8, "san-pham": 19, "de-an": 9, "van-ban": 21, "van-ban-quan-he": 14,
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
        assert list(table[0]) == list(records[0]) == [f["name"] for f in next(r for r in package["resources"] if r["name"] == name)["schema"]["fields"]]
    product = next(r for r in json.loads((portal_site / "du-lieu/san-pham.json").read_bytes()) if r["id"] == "gia-treo-khan")
    assert product["tinh"] == "da-nang" and product["tinh_cu"] == "Quảng Nam" and product["nam"] == 2023
    project = next(r for r in json.loads((portal_site / "du-lieu/de-an.json").read_bytes()) if r["id"] == "ho-tro-may-can-ton-phi-long-hau-giang")
    assert project["ho_tro_vnd"] == 300_000_000  # whole đồng
    legal = {r["id"]: r for r in rows(portal_site, "van-ban")}
    assert legal["45-2012-nd-cp"]["ngay_ban_hanh"] == "2012-05-21" and legal["45-2012-nd-cp"]["hieu_luc"] == "sua-doi"
    assert {"van_ban": "235-2025-nd-cp", "quan_he": "sua-doi", "van_ban_lien_quan": "45-2012-nd-cp"} in rows(portal_site, "van-ban-quan-he")
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
    assert catalogue["@type"] == "dcat:Catalog" and catalogue["dct:license"]["@id"].startswith("https://creativecommons.org/")
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
        "site_data/products/p.yml": ("- id: cong-khai\n  name: Công khai\n  establishment: A\n  province: Hà Nội\n" + source +
                                     "- id: ban-nhap-an\n  name: Nháp\n  establishment: B\n  province: Hà Nội\n  draft: true\n" + source +
                                     "- id: chua-den-ngay\n  name: Hẹn giờ\n  establishment: C\n  province: Hà Nội\n  publish_date: 2099-01-01\n" + source +
                                     "- id: het-han-roi\n  name: Hết hạn\n  establishment: D\n  province: Hà Nội\n  expires: 2020-01-01\n" + source),
        "content/tin-tuc/tin-an.md": "---\ntitle: Tin ẩn\ndate: 2025-01-02\nsummary: Nháp\ndraft: true\nsource: https://example.org/a\n---\nNội dung.\n",
        "content/tin-tuc/tin-hien.md": "---\ntitle: Tin hiện\ndate: 2025-01-02\nsummary: Đăng\nsource: https://example.org/a\n---\nNội dung.\n",
    })
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    text = "".join(p.read_text(encoding="utf-8-sig") for p in (mini / "site" / "du-lieu").iterdir() if p.suffix not in (".gz", ".br"))
    assert "cong-khai" in text and "tin-hien" in text
    for hidden in ("ban-nhap-an", "chua-den-ngay", "het-han-roi", "tin-an", "Tin ẩn"):
        assert hidden not in text, hidden
    assert validate(str(mini / "site" / "du-lieu" / "datapackage.json")).valid
