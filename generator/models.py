"""The content types as typed models that forbid unknown keys: a typo is an error, not ignored.

Models check what one item can check alone (types, choices, dates in order). Anything that needs
other items (provinces, references, duplicate ids) is the catalog's job.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.text import fold

# ---- choice lists: code → Vietnamese label. Codes are what data files write. ----------------

LEVELS = {
    "xa": "Cấp xã",
    "huyen": "Cấp huyện (trước 7/2025)",
    "tinh": "Cấp tỉnh",
    "khu-vuc": "Cấp khu vực",
    "quoc-gia": "Cấp quốc gia",
}
PRODUCT_GROUPS = {
    "thu-cong-my-nghe": "Thủ công mỹ nghệ",
    "che-bien-nong-lam-thuy-san": "Chế biến nông, lâm, thủy sản, thực phẩm và đồ uống",
    "co-khi": "Thiết bị, máy móc, dụng cụ và phụ tùng cơ khí",
    "khac": "Sản phẩm khác",
}
ACTIVITIES = {
    "dao-tao-nghe": "Đào tạo nghề, truyền nghề, phát triển nghề",
    "nang-cao-quan-ly": "Nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn",
    "mo-hinh-trinh-dien": "Mô hình trình diễn kỹ thuật",
    "may-moc-thiet-bi": "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ",
    "san-xuat-sach-hon": "Sản xuất sạch hơn, sản xuất và tiêu dùng bền vững",
    "phat-trien-san-pham": "Phát triển sản phẩm tiêu biểu, hội chợ, triển lãm, thương hiệu",
    "tu-van-thong-tin": "Tư vấn, cung cấp thông tin",
    "lien-ket-cum-cong-nghiep": "Liên doanh, liên kết, cụm công nghiệp",
    "nang-luc-khuyen-cong": "Nâng cao năng lực tổ chức khuyến công",
    "hop-tac-quoc-te": "Hợp tác quốc tế về khuyến công",
}
PROJECT_KINDS = {"de-an": "Đề án khuyến công", "mo-hinh": "Mô hình trình diễn kỹ thuật"}
FUNDING = {"quoc-gia": "Khuyến công quốc gia", "dia-phuong": "Khuyến công địa phương"}
PROJECT_STATUS = {"ke-hoach": "Trong kế hoạch", "dang-thuc-hien": "Đang thực hiện", "hoan-thanh": "Đã hoàn thành"}
LEGAL_TYPES = {
    "luat": "Luật",
    "nghi-quyet": "Nghị quyết",
    "nghi-dinh": "Nghị định",
    "quyet-dinh": "Quyết định",
    "chi-thi": "Chỉ thị",
    "thong-tu": "Thông tư",
    "thong-tu-lien-tich": "Thông tư liên tịch",
}
# relation code → (label on the text that acts, label on the text acted upon)
RELATIONS = {
    "sua-doi": ("Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
    "huong-dan": ("Hướng dẫn", "Được hướng dẫn bởi"),
    "thay-the": ("Thay thế", "Được thay thế bởi"),
    "can-cu": ("Căn cứ", "Là căn cứ của"),
}
ORG_KINDS = {
    "bo": "Cơ quan trung ương",
    "so-cong-thuong": "Sở Công Thương",
    "trung-tam-khuyen-cong": "Trung tâm Khuyến công",
}
UNIT_TYPES = {"tinh": "Tỉnh", "thanh-pho": "Thành phố trực thuộc trung ương"}
EVENT_KINDS = {
    "hoi-cho-trien-lam": "Hội chợ, triển lãm",
    "binh-chon": "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
    "dao-tao": "Đào tạo, tập huấn",
    "hoi-nghi": "Hội nghị, hội thảo",
}
FIGURE_KINDS = {"money": "tiền", "count": "số lượng", "percent": "tỷ lệ"}


def _kc(code: str, **ctx: Any) -> PydanticCustomError:
    """A validation error that carries a message-catalogue code (see errors.MESSAGES)."""
    return PydanticCustomError("kc_" + code, code, {k: str(v) for k, v in ctx.items()})


def choice(options: dict[str, Any]) -> BeforeValidator:
    """Accept a code or its Vietnamese label, with or without diacritics; return the code."""
    by_fold = {fold(code): code for code in options}
    for code, label in options.items():
        by_fold.setdefault(fold(label if isinstance(label, str) else label[0]), code)

    def check(value: Any) -> str:
        key = fold(str(value)) if value is not None else ""
        if key in by_fold:
            return by_fold[key]
        raise _kc("bad_choice", value=value, choices=", ".join(options))

    return BeforeValidator(check)


def _web_url(value: Any) -> str:
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in text for c in " <>\"'"):
        raise _kc("bad_url", value=value)
    return text


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _source_list(value: Any) -> Any:
    return [{"url": v} if isinstance(v, str) else v for v in _as_list(value)]


WebUrl = Annotated[str, BeforeValidator(_web_url)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(max_length=100_000)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Money = Annotated[int, Field(ge=0, le=10**15)]
StrList = Annotated[list[Text], BeforeValidator(_as_list)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)


class Publishing(Strict):
    """When an item may be seen. Hidden items are left out of every public output."""

    draft: bool = False
    publish_date: dt.date | None = None  # embargo: hidden before this date
    expires: dt.date | None = None  # hidden after this date
    published: dt.date | None = None  # shown as "Đăng ngày"; feeds date the item by it
    updated: dt.date | None = None
    change_note: Text | None = None

    @model_validator(mode="after")
    def _publishing_order(self) -> Publishing:
        if self.publish_date and self.expires and self.expires < self.publish_date:
            raise _kc("rule", detail="'expires' trước 'publish_date'")
        if self.updated and self.published and self.updated < self.published:
            raise _kc("rule", detail="'updated' trước 'published'")
        if self.change_note and not self.updated:
            raise _kc("rule", detail="'change_note' cần có ngày 'updated'")
        return self


class Source(Strict):
    """Where a fact was published. Every item must name at least one."""

    url: WebUrl
    title: Text | None = None
    publisher: Text | None = None
    accessed: dt.date | None = None


Sources = Annotated[list[Source], BeforeValidator(_source_list), Field(min_length=1)]


class Image(Strict):
    file: Text  # path inside content/, checked by the catalog
    alt: Text
    credit: Text | None = None


class Attachment(Strict):
    file: Text
    title: Text | None = None


class Code(Strict):
    """An administrative code with its scheme: old and new codes reuse numbers with new meanings."""

    scheme: Annotated[str, Field(pattern=r"^(old-2004|new-2025)$")]
    value: Annotated[str, Field(pattern=r"^\d{2}$")]


def _scheme(expected: str, whose: str) -> AfterValidator:
    """Old and new codes reuse numbers, so each place accepts only its own scheme."""

    def check(code: Code) -> Code:
        if code.scheme != expected:
            raise _kc("rule", detail=f"mã của {whose} phải theo hệ '{expected}'")
        return code

    return AfterValidator(check)


class FormerUnit(Strict):
    name: Text
    type: Annotated[str, choice(UNIT_TYPES)] = "tinh"
    code: Annotated[Code, _scheme("old-2004", "đơn vị cũ")]


class Province(Strict):
    id: Slug
    name: Text
    type: Annotated[str, choice(UNIT_TYPES)]
    code: Annotated[Code, _scheme("new-2025", "tỉnh, thành phố mới")]
    admin_centre: Text | None = None
    area_km2: float | None = Field(default=None, gt=0)
    population: int | None = Field(default=None, gt=0)
    former_units: list[FormerUnit] = Field(min_length=1)
    source: Sources


class Organisation(Strict):
    id: Slug
    name: Text
    kind: Annotated[str, choice(ORG_KINDS)]
    province: Text | None = None
    parent: Slug | None = None
    address: Text | None = None
    phone: Annotated[str, Field(pattern=r"^[0-9 +().\-]{6,30}$")] | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$")] | None = None
    website: WebUrl | None = None
    note: Text | None = None
    source: Sources


class Topic(Strict):
    id: Slug
    name: Text
    description: Text | None = None


class Product(Publishing):
    """A typical rural industrial product (sản phẩm công nghiệp nông thôn tiêu biểu)."""

    id: Slug | None = None
    name: Text
    establishment: Text
    province: Text
    commune: Text | None = None
    group: Annotated[str, choice(PRODUCT_GROUPS)] | None = None
    level: Annotated[str, choice(LEVELS)] | None = None
    year: Year | None = None
    decision: Text | None = None
    decision_date: dt.date | None = None
    description: LongText | None = None
    images: list[Image] = []
    tags: StrList = []
    topics: list[Slug] = []
    source: Sources

    @model_validator(mode="after")
    def _district_level_ended(self) -> Product:
        if self.level == "huyen" and self.year and self.year > 2025:
            raise _kc("rule", detail="cấp huyện không còn từ 01/07/2025; chọn cấp xã, tỉnh, khu vực hoặc quốc gia")
        if self.decision_date and self.year and self.decision_date.year != self.year:
            raise _kc("rule", detail="năm của 'decision_date' khác 'year'")
        return self


class Outcomes(Strict):
    productivity_increase_pct: float | None = Field(default=None, ge=0, le=10_000)
    jobs: int | None = Field(default=None, ge=0)
    trainees: int | None = Field(default=None, ge=0)
    note: Text | None = None


class Project(Publishing):
    """An industrial promotion scheme or technical demonstration model: the success stories."""

    id: Slug | None = None
    title: Text
    kind: Annotated[str, choice(PROJECT_KINDS)]
    activity: Annotated[str, choice(ACTIVITIES)]
    funding: Annotated[str, choice(FUNDING)] | None = None
    total_budget_vnd: Money | None = None
    support_vnd: Money | None = None
    beneficiary: Text | None = None
    province: Text
    start_year: Year | None = None
    end_year: Year | None = None
    status: Annotated[str, choice(PROJECT_STATUS)] | None = None
    outcomes: Outcomes | None = None
    summary: Text | None = None
    story: LongText | None = None
    products: list[Slug] = []
    legal_basis: list[Text] = []
    topics: list[Slug] = []
    featured: bool = False
    source: Sources

    @model_validator(mode="after")
    def _consistent(self) -> Project:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise _kc("rule", detail="'end_year' trước 'start_year'")
        if self.support_vnd and self.total_budget_vnd and self.support_vnd > self.total_budget_vnd:
            raise _kc("rule", detail="kinh phí hỗ trợ 'support_vnd' lớn hơn tổng kinh phí 'total_budget_vnd'")
        return self


class Relation(Strict):
    type: Annotated[str, choice(RELATIONS)]
    target: Text  # a legal text's id or its number, e.g. 45/2012/NĐ-CP
    note: Text | None = None


class LegalText(Publishing):
    id: Slug | None = None
    type: Annotated[str, choice(LEGAL_TYPES)]
    number: Annotated[str, Field(min_length=3, max_length=60, pattern=r"^[0-9A-Za-zĐđƯư/\-. ]+$")]
    issuer: Text
    signer: Text | None = None
    issued: dt.date | None = None  # empty when no public source gives it (shown as "chưa rõ")
    effective: dt.date | None = None
    effective_note: Text | None = None
    abstract: Text
    province: Text | None = None  # scope: empty = national
    relations: list[Relation] = []
    summary: LongText | None = None
    attachment: Attachment | None = None
    topics: list[Slug] = []
    source: Sources

    @model_validator(mode="after")
    def _dates(self) -> LegalText:
        if self.effective and self.issued and self.effective < self.issued:
            raise _kc("rule", detail="ngày có hiệu lực 'effective' trước ngày ban hành 'issued'")
        return self


class NewsMeta(Publishing):
    """Front matter of a news item (tin bài) under content/tin-tuc/."""

    title: Text
    date: dt.date
    summary: Text
    provinces: StrList = []
    topics: Annotated[list[Slug], BeforeValidator(_as_list)] = []
    unit: Text | None = None
    image: Image | None = None
    slug: Slug | None = None
    featured: bool = False
    source: Annotated[list[Source], BeforeValidator(_source_list)] = []


class Registration(Strict):
    how: Text | None = None
    url: WebUrl | None = None
    deadline: dt.date | None = None
    contact: Text | None = None


class Event(Publishing):
    """Fairs and exhibitions, voting rounds, training courses, workshops."""

    id: Slug | None = None
    title: Text
    kind: Annotated[str, choice(EVENT_KINDS)]
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    place: Text | None = None
    province: Text | None = None
    organiser: Text | None = None  # an organisation id (linked) or a name
    registration: Registration | None = None
    description: LongText | None = None
    topics: list[Slug] = []
    source: Sources

    @model_validator(mode="after")
    def _order(self) -> Event:
        def day(v: dt.date) -> dt.date:
            return v.date() if isinstance(v, dt.datetime) else v

        if self.end and day(self.end) < day(self.start):
            raise _kc("rule", detail="ngày kết thúc 'end' trước ngày bắt đầu 'start'")
        return self


class PageMeta(Strict):
    """Front matter allowed on the hand-written pages of content/."""

    title: Text | None = None
    description: Text | None = None
    hide: Annotated[list[Annotated[str, Field(pattern=r"^(navigation|toc|footer|path|feedback)$")]], BeforeValidator(_as_list)] = []


class KeyFigure(Strict):
    label: Text
    value: float
    kind: Annotated[str, choice(FIGURE_KINDS)]
    period: Text | None = None
    source: Sources


SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# ---- policy guidance: support levels, the eligibility finder, procedures, questions ---------------


class SupportLevel(Strict):
    """One row of a support-level table: what is supported, how much, under which text, where, when."""

    id: Slug
    item: Slug  # what is supported; rows of one item in one scope must not overlap in time
    activity: Annotated[str, choice(ACTIVITIES)]
    what: Text
    share_percent: Annotated[int, Field(ge=0, le=100)] | None = None
    cap_vnd: Money | None = None
    per: Text | None = None  # the unit the cap is counted per: "mô hình", "cơ sở", ...
    basis: Text | None = None  # number of the legal text that sets the level
    basis_part: Text | None = None  # e.g. "khoản 4 Điều 8"
    province: Text | None = None  # empty = national level
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: Text | None = None
    source: Sources

    @model_validator(mode="after")
    def _rules(self) -> SupportLevel:
        if (self.share_percent is not None or self.cap_vnd is not None) and not self.basis:
            raise _kc("rule", detail="mức hỗ trợ (share_percent, cap_vnd) phải có căn cứ pháp lý: thêm 'basis' là số văn bản")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise _kc("rule", detail="'valid_to' trước 'valid_from'")
        return self


class Applicant(Strict):
    """A kind of establishment the finder asks about, and whether the policy covers it."""

    id: Slug
    name: Text
    description: Text | None = None
    eligible: bool = True
    needs: list[Slug] = []  # the needs it may apply for; empty = every need
    since: dt.date | None = None  # covered from this date (e.g. artisans from Decree 235/2025)
    explanation: LongText
    basis: StrList = []  # legal text numbers
    basis_part: Text | None = None
    source: Sources


class Need(Strict):
    """What an establishment asks for; maps to support-level items and to the procedure to follow."""

    id: Slug
    name: Text
    description: Text | None = None
    items: list[Slug] = []  # SupportLevel.item values
    activities: list[Annotated[str, choice(ACTIVITIES)]] = []  # for related success stories
    procedure: Slug | None = None
    note: LongText | None = None


class Priority(Strict):
    id: Slug
    name: Text
    explanation: Text
    basis: StrList = []
    source: Sources


class Procedure(Strict):
    id: Slug
    title: Text
    summary: Text
    who: Text
    steps: Annotated[list[Text], Field(min_length=1)]
    checklist: list[Text] = []
    deadlines: list[Text] = []
    basis: StrList = []
    note: LongText | None = None
    source: Sources


class Question(Strict):
    id: Slug
    question: Text
    answer: LongText
    basis: StrList = []
    updated: dt.date | None = None
    source: Sources
