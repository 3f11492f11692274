"""Open data at /du-lieu/: every collection as CSV and JSON, a Frictionless Data Package that
describes them (a Table Schema per resource: types, constraints, primary and foreign keys), and a
DCAT-AP catalogue (JSON-LD) that lists them.

One declaration per dataset (DATASETS) gives its columns once; the CSV, the JSON and the schema
are all written from it, so they cannot disagree. Only what the catalog publishes is exported:
drafts, embargoed and expired items are not in the catalog of a public build, so they are in no
dataset. Money is whole đồng, dates ISO 8601, administrative codes carry their scheme
(`new-2025:04`, `old-2004:24`).

CSV files are UTF-8 *with* a byte-order mark: Excel, which most provincial offices open them with,
reads UTF-8 without one as the local code page and garbles every Vietnamese letter; Python
(`utf-8-sig`), R, LibreOffice and Frictionless read the mark and drop it. The Data Package says so
(`encoding: utf-8-sig`). Text cells are written so that a spreadsheet never runs one as a formula
(generator/outputs/spreadsheet.py); the package's description says how.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator import models as m
from generator.text import vn_date, vn_provision
from generator.entries import Catalog, Entry
from generator.outputs.spreadsheet import csv_bytes
from generator.status import STATUS_LABELS

FOLDER = "du-lieu"
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
PUBLISHER = "Cổng thông tin khuyến công"
# The package's description, with the one change the CSV files make to text (outputs/spreadsheet.py).
DESCRIPTION = ("Dữ liệu mở của Cổng thông tin khuyến công, tổng hợp từ nguồn công khai; mỗi dòng ghi nguồn. Trong các "
               "tệp CSV, mọi ô chữ nằm trong dấu ngoặc kép, và ô chữ nào bắt đầu bằng =, +, -, @, dấu tab hoặc dấu "
               "xuống dòng (kể cả sau dấu cách), hoặc bằng dấu nháy đơn ', được thêm một dấu nháy đơn ' ở đầu, để bảng "
               "tính hiển thị nó như chữ mà không chạy như công thức (theo hướng dẫn CSV Injection của OWASP). Vì vậy "
               "ô chữ bắt đầu bằng ' luôn có đúng một dấu do cổng thêm: bỏ ký tự đầu ấy là được giá trị gốc. Cột số "
               "vẫn là số (số âm như -5 không bị thêm dấu). Tệp JSON giữ nguyên mọi giá trị.")


@dataclass
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime, year
    title: str
    get: Callable[[Entry], Any]
    required: bool = False
    enum: list[str] | None = None


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    rows: Callable[[Catalog], Iterable[Any]]
    columns: list[Column]
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)


def _province(e: Entry) -> str | None:
    return e.provinces[0].unit.id if e.provinces else None


def _former(e: Entry) -> str | None:
    return e.provinces[0].former if e.provinces else None


def _source(e: Entry) -> str | None:
    sources = getattr(e.model, "source", None) or []
    return sources[0].url if sources else None


def _code(code: m.Code) -> str:
    return f"{code.scheme}:{code.value}"


def _page(site_url: str) -> Callable[[Entry], str]:
    return lambda e: site_url + e.url


def _fk(column: str, resource: str, target: str = "id") -> dict[str, Any]:
    return {"fields": column, "reference": {"resource": resource, "fields": target}}


def datasets(site_url: str, today: dt.date) -> list[Dataset]:
    # Columns several datasets share: an item's page id and address, its source, its province.
    ident = Column("id", "string", "Mã trang", lambda e: e.id, True)
    link = Column("trang", "string", "Trang trên cổng", _page(site_url), True)
    source = Column("nguon", "string", "Nguồn", _source, True)

    def province(title: str = "Tỉnh, thành phố (mã trang)", required: bool = False) -> Column:
        return Column("tinh", "string", title, _province, required)

    province_fk = _fk("tinh", "tinh-thanh")
    return [
        Dataset("tinh-thanh", "Tỉnh, thành phố", "34 đơn vị hành chính cấp tỉnh từ ngày 01/07/2025, mã theo hệ mới.",
                lambda cat: cat.provinces, [
                    ident,
                    Column("ten", "string", "Tên", lambda e: e.model.name, True),
                    Column("loai", "string", "Loại", lambda e: e.model.type, True, list(m.UNIT_TYPES)),
                    Column("ma", "string", "Mã hành chính (hệ new-2025)", lambda e: _code(e.model.code), True),
                    Column("trung_tam_hanh_chinh", "string", "Trung tâm hành chính", lambda e: e.model.admin_centre),
                    Column("dien_tich_km2", "number", "Diện tích (km²)", lambda e: e.model.area_km2),
                    Column("dan_so", "integer", "Dân số", lambda e: e.model.population),
                ], ["id"]),
        Dataset("tinh-cu", "Tỉnh, thành phố trước 01/07/2025",
                "63 đơn vị cấp tỉnh cũ và đơn vị mới mà mỗi đơn vị cũ nay thuộc về.",
                lambda cat: [(p, f) for p in cat.provinces for f in p.model.former_units], [
                    Column("ten", "string", "Tên đơn vị cũ", lambda r: r[1].name, True),
                    Column("ma", "string", "Mã hành chính (hệ old-2004)", lambda r: _code(r[1].code), True),
                    Column("tinh", "string", "Nay thuộc (mã trang)", lambda r: r[0].id, True),
                ], ["ma"], [province_fk]),
        Dataset("co-quan", "Cơ quan, đơn vị", "Danh bạ cơ quan quản lý và trung tâm khuyến công.",
                lambda cat: cat.organisations, [
                    Column("id", "string", "Mã", lambda e: e.id, True),
                    Column("ten", "string", "Tên", lambda e: e.model.name, True),
                    Column("ten_tieng_anh", "string", "Tên tiếng Anh (chỉ khi có nguồn)", lambda e: e.model.name_en
                           and e.model.name_en.text),
                    Column("nguon_tieng_anh", "string", "Nguồn của tên tiếng Anh", lambda e: e.model.name_en
                           and e.model.name_en.source.url),
                    Column("loai", "string", "Loại", lambda e: e.model.kind, True, list(m.ORG_KINDS)),
                    province(),
                    Column("cap_tren", "string", "Cơ quan cấp trên (mã)", lambda e: e.model.parent),
                    Column("dia_chi", "string", "Địa chỉ", lambda e: e.model.address),
                    Column("dien_thoai", "string", "Điện thoại", lambda e: e.model.phone),
                    Column("email", "string", "Thư điện tử", lambda e: e.model.email),
                    Column("trang_web", "string", "Trang web", lambda e: e.model.website),
                    source,
                ], ["id"], [province_fk, _fk("cap_tren", "co-quan")]),
        Dataset("san-pham", "Sản phẩm công nghiệp nông thôn tiêu biểu",
                "Sản phẩm được công nhận các cấp, theo tỉnh, nhóm, cấp và năm.",
                lambda cat: cat.products, [
                    ident,
                    Column("ten", "string", "Tên sản phẩm", lambda e: e.model.name, True),
                    Column("co_so", "string", "Cơ sở sản xuất", lambda e: e.model.establishment, True),
                    province(required=True),
                    Column("tinh_cu", "string", "Tên tỉnh cũ như nguồn ghi", _former),
                    Column("xa", "string", "Xã, phường", lambda e: e.model.commune),
                    Column("nhom", "string", "Nhóm sản phẩm", lambda e: e.model.group, enum=list(m.PRODUCT_GROUPS)),
                    Column("cap", "string", "Cấp công nhận", lambda e: e.model.level, enum=list(m.LEVELS)),
                    Column("nam", "integer", "Năm công nhận", lambda e: e.model.year),
                    Column("quyet_dinh", "string", "Quyết định công nhận", lambda e: e.model.decision),
                    Column("ngay_quyet_dinh", "date", "Ngày quyết định", lambda e: e.model.decision_date),
                    link,
                    source,
                ], ["id"], [province_fk]),
        Dataset("de-an", "Đề án khuyến công, mô hình trình diễn",
                "Đề án, mô hình: kinh phí (đồng), cơ sở thụ hưởng, thời gian, trạng thái.",
                lambda cat: cat.projects, [
                    ident,
                    Column("ten", "string", "Tên", lambda e: e.model.title, True),
                    Column("loai", "string", "Loại", lambda e: e.model.kind, True, list(m.PROJECT_KINDS)),
                    Column("noi_dung", "string", "Nội dung hoạt động", lambda e: e.model.activity,
                           enum=list(m.ACTIVITIES)),
                    Column("nguon_kinh_phi", "string", "Nguồn kinh phí", lambda e: e.model.funding,
                           enum=list(m.FUNDING)),
                    Column("tong_kinh_phi_vnd", "integer", "Tổng kinh phí (đồng)", lambda e: e.model.total_budget_vnd),
                    Column("ho_tro_vnd", "integer",
                           "Kinh phí khuyến công hỗ trợ (đồng)", lambda e: e.model.support_vnd),
                    Column("ke_hoach_vnd", "integer", "Kinh phí kế hoạch (đồng)", lambda e: e.model.planned_vnd),
                    Column("giai_ngan_vnd", "integer", "Đã giải ngân (đồng)", lambda e: e.model.disbursed_vnd),
                    Column("co_so_thu_huong", "string", "Cơ sở thụ hưởng", lambda e: e.model.beneficiary),
                    province(required=True),
                    Column("nam_bat_dau", "integer", "Năm bắt đầu", lambda e: e.model.start_year),
                    Column("nam_ket_thuc", "integer", "Năm kết thúc", lambda e: e.model.end_year),
                    Column("trang_thai", "string", "Trạng thái", lambda e: e.model.status, enum=list(m.PROJECT_STATUS)),
                    link,
                    source,
                ], ["id"], [province_fk]),
        Dataset("van-ban", "Văn bản pháp luật về khuyến công",
                f"Văn bản, số hiệu, ngày, và hiệu lực tính đến ngày {vn_date(today)}.",
                lambda cat: cat.legal, [
                    ident,
                    Column("loai", "string", "Loại văn bản", lambda e: e.model.type, True, list(m.LEGAL_TYPES)),
                    Column("so_hieu", "string", "Số hiệu", lambda e: e.model.number),
                    Column("co_quan_ban_hanh", "string", "Cơ quan ban hành", lambda e: e.model.issuer, True),
                    Column("nguoi_ky", "string", "Người ký", lambda e: e.model.signer),
                    Column("ngay_ban_hanh", "date", "Ngày ban hành", lambda e: e.model.issued),
                    Column("ngay_hieu_luc", "date", "Ngày có hiệu lực", lambda e: e.model.effective),
                    Column("trich_yeu", "string", "Trích yếu", lambda e: e.model.abstract, True),
                    Column("trich_yeu_tieng_anh", "string",
                           "Trích yếu tiếng Anh (chỉ khi có nguồn)", lambda e: e.model.title_en
                           and e.model.title_en.text),
                    Column("nguon_tieng_anh", "string", "Nguồn của trích yếu tiếng Anh", lambda e: e.model.title_en
                           and e.model.title_en.source.url),
                    Column("hieu_luc", "string", "Hiệu lực (tính đến ngày dựng)", lambda e: e.extra["status"].code,
                           True, list(STATUS_LABELS)),
                    province("Phạm vi (mã trang; trống là toàn quốc)"),
                    link,
                    source,
                ], ["id"], [province_fk]),
        Dataset("van-ban-quan-he", "Quan hệ giữa các văn bản", "Văn bản nào sửa đổi, thay thế, hướng dẫn văn bản nào.",
                lambda cat: [(e, r) for e in cat.legal for r in e.links["rel_out"]], [
                    Column("van_ban", "string", "Văn bản (mã trang)", lambda r: r[0].id, True),
                    Column("quan_he", "string", "Quan hệ", lambda r: r[1].type, True, list(m.RELATIONS)),
                    Column("van_ban_lien_quan", "string", "Văn bản liên quan (mã trang)", lambda r: r[1].other.id,
                           True),
                ], ["van_ban", "quan_he", "van_ban_lien_quan"], [_fk("van_ban", "van-ban"),
                                                                 _fk("van_ban_lien_quan", "van-ban")]),
        Dataset("tin-tuc", "Tin tức",
                "Tiêu đề, ngày, tóm tắt và địa chỉ của tin bài (nội dung đầy đủ ở trang tin và nguồn tin).",
                lambda cat: cat.news, [
                    ident,
                    Column("tieu_de", "string", "Tiêu đề", lambda e: e.title, True),
                    Column("ngay", "date", "Ngày đăng", lambda e: e.model.date, True),
                    Column("ngay_dang_tren_cong", "date",
                           "Ngày đăng trên cổng (khi muộn hơn ngày đăng)", lambda e: e.model.posted),
                    Column("nguon_khong_ghi_ngay", "boolean",
                           "Bài nguồn không ghi rõ ngày đăng (khi đó ngày đăng là ngày cổng đăng tin)",
                           lambda e: e.model.source_undated, True),
                    Column("tom_tat", "string", "Tóm tắt", lambda e: e.model.summary, True),
                    Column("tinh", "string",
                           "Tỉnh, thành phố (mã trang, cách nhau bởi ;)", lambda e: ";".join(
                               p.unit.id for p in e.provinces) or None),
                    Column("chu_de", "string", "Chủ đề (cách nhau bởi ;)", lambda e: ";".join(e.model.topics) or None),
                    link,
                ], ["id"]),
        Dataset("su-kien", "Sự kiện", "Hội chợ, bình chọn, đào tạo, hội nghị khuyến công.",
                lambda cat: cat.events, [
                    ident,
                    Column("ten", "string", "Tên", lambda e: e.title, True),
                    Column("loai", "string", "Loại", lambda e: e.model.kind, True, list(m.EVENT_KINDS)),
                    Column("bat_dau", "string", "Bắt đầu (ngày, hoặc ngày giờ giờ Việt Nam)", lambda e: e.model.start,
                           True),
                    Column("ket_thuc", "string", "Kết thúc", lambda e: e.model.end),
                    Column("dia_diem", "string", "Địa điểm", lambda e: e.model.place),
                    province(),
                    link,
                    source,
                ], ["id"], [province_fk]),
        Dataset("muc-ho-tro", "Mức hỗ trợ khuyến công",
                "Mức hỗ trợ theo nội dung, phạm vi và thời gian áp dụng, với căn cứ pháp lý.",
                lambda cat: cat.support_levels, [
                    Column("id", "string", "Mã", lambda e: e.id, True),
                    Column("noi_dung", "string", "Nội dung hoạt động", lambda e: e.model.activity, True,
                           list(m.ACTIVITIES)),
                    Column("muc", "string", "Mức hỗ trợ cho", lambda e: e.model.what, True),
                    Column("ty_le_phan_tram", "integer", "Tỷ lệ hỗ trợ (%)", lambda e: e.model.share_percent),
                    Column("toi_da_vnd", "integer", "Tối đa (đồng)", lambda e: e.model.cap_vnd),
                    Column("tinh_theo", "string", "Tính theo", lambda e: e.model.per),
                    Column("can_cu", "string", "Căn cứ (số hiệu văn bản)", lambda e: e.model.basis.text if e.model.basis
                           else None),
                    Column("can_cu_dieu_khoan", "string",
                           "Căn cứ: điều, khoản, điểm", lambda e: vn_provision(e.model.basis) if e.model.basis
                           else None),
                    province("Phạm vi (mã trang; trống là toàn quốc)"),
                    Column("ap_dung_tu", "date", "Áp dụng từ", lambda e: e.model.valid_from),
                    Column("ap_dung_den", "date", "Áp dụng đến", lambda e: e.model.valid_to),
                    source,
                ], ["id"], [province_fk]),
        Dataset("so-lieu", "Số liệu khuyến công",
                "Chỉ tiêu, phạm vi, thời kỳ, giá trị và nguồn; mục tiêu kế hoạch được đánh dấu.",
                lambda cat: cat.statistics, [
                    Column("chi_tieu", "string", "Chỉ tiêu", lambda e: e.model.quantity, True, list(m.QUANTITIES)),
                    Column("loai_pham_vi", "string", "Loại phạm vi", lambda e: e.extra["scope"].kind, True,
                           ["country", "region", "province"]),
                    Column("pham_vi", "string", "Phạm vi: mã vùng, hoặc mã trang tỉnh, thành phố (trống là cả nước)",
                           lambda e: e.extra["scope"].id if e.extra["scope"].kind != "country" else None),
                    Column("don_vi_cu", "string",
                           "Đơn vị cũ mà số liệu thuộc về (tên)", lambda e: e.extra["scope"].former),
                    Column("thoi_ky", "string",
                           "Thời kỳ (2024, 2021-2025, 2025-9t = 9 tháng đầu năm 2025)",
                           lambda e: e.model.period.span_key, True),
                    Column("cong_bo_ngay", "date",
                           "Ngày công bố số liệu, khi nguồn nêu số liệu lúc thời kỳ chưa kết thúc",
                           lambda e: e.model.until),
                    Column("gia_tri", "number", "Giá trị (đồng, số lượng, hoặc phần trăm)", lambda e: e.model.value,
                           True),
                    Column("don_vi", "string", "Đơn vị", lambda e: e.model.unit, True),
                    Column("muc_do", "string", "Mức độ nguồn ghi", lambda e: e.model.qualifier,
                           enum=list(m.QUALIFIERS)),
                    Column("muc_tieu", "boolean", "Là mục tiêu kế hoạch", lambda e: e.model.target, True),
                    source,
                ]),
    ]


def _value(value: Any, kind: str) -> Any:
    """The JSON value of a cell (CSV writes its str())."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "integer":
        return int(value)
    if kind == "number":
        return int(value) if float(value).is_integer() else float(value)
    return value


def open_data_files(cat: Catalog, site_url: str) -> dict[str, bytes]:
    """du-lieu/<name>.csv and .json per dataset, du-lieu/datapackage.json, du-lieu/catalog.jsonld."""
    out: dict[str, bytes] = {}
    resources = []
    distributions = []
    for ds in datasets(site_url, cat.today):
        rows = [[_value(c.get(item), c.type) for c in ds.columns] for item in ds.rows(cat)]
        out[f"{FOLDER}/{ds.name}.csv"] = csv_bytes([c.name for c in ds.columns], rows,
                                                   [c.type == "string" for c in ds.columns])
        out[f"{FOLDER}/{ds.name}.json"] = _json([dict(zip((c.name for c in ds.columns), row)) for row in rows])
        schema: dict[str, Any] = {"fields": [_field(c) for c in ds.columns], "missingValues": [""]}
        if ds.primary_key:
            schema["primaryKey"] = ds.primary_key
        if ds.foreign_keys:
            schema["foreignKeys"] = ds.foreign_keys
        resources.append({"name": ds.name, "title": ds.title, "description": ds.description, "path": f"{ds.name}.csv",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                          "profile": "tabular-data-resource",
                          "schema": schema})
        distributions.append(ds)
    package = {"profile": "tabular-data-package", "name": "khuyen-cong", "title": "Dữ liệu khuyến công",
               "description": DESCRIPTION,
               "homepage": site_url + f"{FOLDER}/", "created": f"{cat.today.isoformat()}T00:00:00+07:00",
               "licenses": [LICENCE], "resources": resources}
    out[f"{FOLDER}/datapackage.json"] = _json(package)
    out[f"{FOLDER}/catalog.jsonld"] = _json(dcat(distributions, site_url, cat.today))
    return out


def _field(c: Column) -> dict[str, Any]:
    f: dict[str, Any] = {"name": c.name, "type": c.type, "title": c.title}
    constraints: dict[str, Any] = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = c.enum
    if c.type == "integer" and c.name.endswith("_vnd"):
        constraints["minimum"] = 0
    if constraints:
        f["constraints"] = constraints
    return f


def dcat(sets: list[Dataset], site_url: str, today: dt.date) -> dict[str, Any]:
    """A DCAT-AP catalogue in JSON-LD: each dataset with its CSV and JSON distributions."""
    base = site_url + f"{FOLDER}/"
    publisher = {"@type": "foaf:Agent", "foaf:name": PUBLISHER, "foaf:homepage": {"@id": site_url}}
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": base + "catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "Dữ liệu khuyến công", "@language": "vi"},
        "dct:description": {"@value": "Dữ liệu mở về sản phẩm, đề án, văn bản, số liệu khuyến công.",
                            "@language": "vi"},
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE["path"]},
        "dct:modified": {"@value": today.isoformat(), "@type": "xsd:date"},
        "foaf:homepage": {"@id": base},
        "dcat:dataset": [{
            "@id": base + f"#{ds.name}",
            "@type": "dcat:Dataset",
            "dct:identifier": ds.name,
            "dct:title": {"@value": ds.title, "@language": "vi"},
            "dct:description": {"@value": ds.description, "@language": "vi"},
            "dct:publisher": publisher,
            "dct:license": {"@id": LICENCE["path"]},
            "dct:modified": {"@value": today.isoformat(), "@type": "xsd:date"},
            "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
            "dcat:landingPage": {"@id": base + f"#{ds.name}"},
            "dcat:distribution": [{
                "@type": "dcat:Distribution",
                "dct:title": f"{ds.title} ({fmt.upper()})",
                "dcat:accessURL": {"@id": base + f"{ds.name}.{fmt}"},
                "dcat:downloadURL": {"@id": base + f"{ds.name}.{fmt}"},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
                "dct:format": fmt.upper(),
                "dct:license": {"@id": LICENCE["path"]},
            } for fmt, media in (("csv", "text/csv"), ("json", "application/json"))],
        } for ds in sets],
    }


def _json(value: Any) -> bytes:
    """Compact, as data is read by programs (at 10,000 items an indented copy was 0.5 MB more)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
