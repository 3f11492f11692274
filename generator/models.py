"""The content types as typed models that forbid unknown keys: a typo is an error, not ignored.

Models check what one item can check alone (types, choices, dates in order). Anything that needs
other items (provinces, references, duplicate ids) is the catalog's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, TypeAdapter,
                      ValidationError,
                      ValidationInfo, create_model, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from generator.text import MAX_NESTING, fold, too_nested, vn_date

# ---- choice lists: code → Vietnamese label. Codes are what data files write. ----------------

LEVELS = {
    "xa": "Cấp xã",
    "huyen": "Cấp huyện (trước 01/07/2025)",
    "tinh": "Cấp tỉnh",
    "khu-vuc": "Cấp khu vực",
    "quoc-gia": "Cấp quốc gia",
}
PRODUCT_GROUPS = {
    "thu-cong-my-nghe": "Sản phẩm thủ công mỹ nghệ",
    "che-bien-nong-lam-thuy-san": "Sản phẩm bảo quản, chế biến nông, lâm, thủy sản và đồ uống",
    "co-khi": "Sản phẩm thiết bị, máy móc, dụng cụ và phụ tùng cơ khí",
    "khac": "Sản phẩm khác",
}
# Short names communicators use for the groups.
GROUP_ALIASES = {"thủ công mỹ nghệ": "thu-cong-my-nghe", "chế biến nông lâm thủy sản": "che-bien-nong-lam-thuy-san",
                 "chế biến nông, lâm, thủy sản": "che-bien-nong-lam-thuy-san", "cơ khí": "co-khi", "khác": "khac"}
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
# The life of a scheme, in order. `ke-hoach` ("in the plan") is read as approved.
PROJECT_STATUS = {
    "dang-ky": "Đã đăng ký",
    "phe-duyet": "Đã phê duyệt",
    "dang-thuc-hien": "Đang thực hiện",
    "nghiem-thu": "Đã nghiệm thu, hoàn thành",
    "huy": "Đã hủy",
}
STATUS_ALIASES = {"ke-hoach": "phe-duyet", "hoan-thanh": "nghiem-thu", "trong-ke-hoach": "phe-duyet",
                  "da-hoan-thanh": "nghiem-thu"}
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
# Measured quantities of the programme (site_data/statistics/): code → (label, unit). Units:
# money (whole đồng), count, percent (a share, 0–100), change (a percentage change, may be negative).
QUANTITIES = {
    "so-de-an": ("Số đề án, hoạt động khuyến công", "count"),
    "tong-kinh-phi": ("Tổng kinh phí khuyến công", "money"),
    "kinh-phi-quoc-gia": ("Kinh phí khuyến công quốc gia", "money"),
    "kinh-phi-dia-phuong": ("Kinh phí khuyến công địa phương", "money"),
    "ty-le-quoc-gia": ("Tỷ trọng kinh phí quốc gia", "percent"),
    "ty-le-dia-phuong": ("Tỷ trọng kinh phí địa phương", "percent"),
    "bien-dong-kinh-phi": ("Thay đổi tổng kinh phí so với cùng kỳ năm trước", "change"),
    "co-so-duoc-ho-tro": ("Số cơ sở được hỗ trợ", "count"),
    "co-so-may-moc-thiet-bi": ("Số cơ sở được hỗ trợ máy móc, thiết bị tiên tiến", "count"),
    "kinh-phi-may-moc-thiet-bi": ("Kinh phí hỗ trợ máy móc, thiết bị tiên tiến", "money"),
    "nguoi-duoc-dao-tao": ("Số người được đào tạo, tập huấn", "count"),
    "co-so-duoc-dao-tao": ("Số cơ sở được đào tạo, tập huấn", "count"),
    "lop-dao-tao": ("Số lớp đào tạo, tập huấn, hội thảo", "count"),
    "tang-nang-suat": ("Thay đổi năng suất bình quân", "change"),
    "ty-le-giai-ngan": ("Tỷ lệ giải ngân so với kế hoạch năm", "percent"),
    "mo-hinh-trinh-dien": ("Số mô hình trình diễn kỹ thuật", "count"),
    "hoi-cho-trien-lam": ("Số hội chợ, triển lãm", "count"),
    "dot-binh-chon": ("Số đợt bình chọn sản phẩm công nghiệp nông thôn tiêu biểu", "count"),
    "san-pham-tieu-bieu": ("Số sản phẩm công nghiệp nông thôn tiêu biểu được công nhận", "count"),
    # a province's products recognised in one round at one level: national (Bộ Công Thương) or regional
    # (the northern, the central and Central Highlands, the southern provinces), each round its year
    "san-pham-cap-quoc-gia": ("Số sản phẩm công nghiệp nông thôn tiêu biểu cấp quốc gia được công nhận", "count"),
    "san-pham-cap-khu-vuc": ("Số sản phẩm công nghiệp nông thôn tiêu biểu cấp khu vực được công nhận", "count"),
    "diem-trung-bay": ("Số điểm trưng bày, giới thiệu sản phẩm", "count"),
    "de-an-tu-van": ("Số dự án được tư vấn", "count"),
    "doanh-thu-tu-van": ("Doanh thu dịch vụ tư vấn", "money"),
    "ty-le-doanh-thu-tu-van": ("Tỷ lệ doanh thu tư vấn so với kế hoạch năm", "percent"),
    "don-vi-cap-xa": ("Số đơn vị hành chính cấp xã", "count"),
}
# How the source qualifies a figure: "hơn 33 tỷ", "gần 62 tỷ", "khoảng 90 cơ sở", "ít nhất 3 mô hình".
QUALIFIERS = {"hon": "hơn", "gan": "gần", "khoang": "khoảng", "it-nhat": "ít nhất"}
# Languages of a cited page other than Vietnamese (its `lang`): the code is the page's language tag.
SOURCE_LANGS = {"en": "tiếng Anh", "fr": "tiếng Pháp", "de": "tiếng Đức", "ro": "tiếng Rumani", "ja": "tiếng Nhật",
                "ru": "tiếng Nga", "fa": "tiếng Ba Tư", "sv": "tiếng Thụy Điển"}
# Regions that sources report on as a whole; their member provinces are not listed by any source we hold.
REGIONS = {
    "ca-nuoc": "Cả nước",
    "phia-bac": "Các tỉnh, thành phố phía Bắc",
    "mien-trung-tay-nguyen": "Các tỉnh miền Trung và Tây Nguyên",
    "phia-nam": "Các tỉnh, thành phố phía Nam",
}


def _kc(code: str, **ctx: Any) -> PydanticCustomError:
    """A validation error that carries a message-catalogue code (see errors.MESSAGES)."""
    return PydanticCustomError("kc_" + code, code, {k: str(v) for k, v in ctx.items()})


@dataclasses.dataclass(frozen=True)
class Choice(BeforeValidator):
    """The validator of a choice list, carrying the list (code → label) for the web editor."""

    options: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)


def choice(options: dict[str, Any], aliases: dict[str, str] | None = None) -> Choice:
    """Accept a code or its Vietnamese label, with or without diacritics; return the code.
    `aliases` maps older codes to the current ones."""
    by_fold = {fold(code): code for code in options}
    for code, label in options.items():
        by_fold.setdefault(fold(label if isinstance(label, str) else label[0]), code)
    for old, code in (aliases or {}).items():
        by_fold.setdefault(fold(old), code)

    def check(value: Any) -> str:
        key = fold(str(value)) if value is not None else ""
        if key in by_fold:
            return by_fold[key]
        raise _kc("bad_choice", value=value, choices=", ".join(options))

    return Choice(check, options=options)


_HTTP_URL = TypeAdapter(HttpUrl)
_REWRITTEN = re.compile(r"[\s<>\"'`]")  # characters HttpUrl would silently percent-encode: a paste gone wrong


def _web_url(value: Any) -> str:
    """An http(s) address, validated by pydantic's HttpUrl (scheme, host, port, length), and kept
    as written: the site links to exactly what the source gave."""
    text = str(value).strip()
    try:
        _HTTP_URL.validate_python(text)
    except ValidationError:
        raise _kc("bad_url", value=value) from None
    if _REWRITTEN.search(text):
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
def _one_line(value: str) -> str:
    """Titles, names and short fields are one line: a line break inside one breaks calendars,
    feeds' titles and page titles."""
    if "\n" in value or "\r" in value:
        raise _kc("one_line")
    return value


Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_one_line)]
_ALIAS = re.compile(r"/?(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)*(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)?")


def _alias(value: Any) -> str:
    """An old address of this item on the portal, site-relative ('tin-tuc/ten-cu/', '/tin-cu.html'):
    letters, digits and . _ ~ % - between slashes; no '..', no query, no other host. Kept without its
    leading '/'."""
    text = str(value).strip()
    if not text.strip("/") or not _ALIAS.fullmatch(text) or "//" in text:
        raise _kc("bad_alias", value=value)
    return text.lstrip("/")


Alias = Annotated[str, BeforeValidator(_alias)]
def _shallow(value: str) -> str:
    if line := too_nested(value):
        raise _kc("too_nested", at=line, limit=MAX_NESTING)
    return value


LongText = Annotated[str, Field(max_length=100_000), AfterValidator(_shallow)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Money = Annotated[int, Field(ge=0, le=10**15)]
StrList = Annotated[list[Text], BeforeValidator(_as_list)]


# ---- rules between fields ------------------------------------------------------------------
# Pydantic runs an "after" model validator only when every field is valid, so a rule between
# fields (history in time order, an end after its start) would be reported only once an unrelated
# mistake in the same item is fixed. A rule here is a method marked @rule that yields what it finds
# as (where, code, params): it runs on a valid item (Ruled), and `validate` runs it on the fields that
# are valid when some are not. A rule that reads a field that did not validate is left out. So every
# problem of an item comes out in one report, each at the field it is about.

Found = tuple[tuple[Any, ...], str, dict[str, Any]]  # (where in the item, message code, its parameters)


def rule(check: Callable[[Any], Iterator[Found]]) -> Callable[[Any], Iterator[Found]]:
    check.kc_rule = True  # type: ignore[attr-defined]
    return check


class _NotValid(Exception):
    """A rule read a field that did not validate: the rule cannot be judged."""


class _Valid:
    """An item as its rules read it: a field that did not validate cannot be read."""

    def __init__(self, model: BaseModel, not_valid: frozenset[str]):
        self._model, self._not_valid = model, not_valid

    def __getattr__(self, name: str) -> Any:
        if name in self._not_valid:
            raise _NotValid(name)
        return getattr(self._model, name)


@functools.cache
def _rules_of(cls: type) -> tuple[Callable[[Any], Iterator[Found]], ...]:
    names = dict.fromkeys(name for base in reversed(cls.__mro__) for name, value in vars(base).items()
                          if getattr(value, "kc_rule", False))
    return tuple(getattr(cls, name) for name in names)  # in the order they are written, a base's first


# ---- yes and no where a number or text goes ------------------------------------------------------
# YAML 1.1 reads yes, no, on, off, true and false as booleans, and pydantic takes True for the number 1:
# "support_vnd: yes" would be published as 1. A boolean written where the field is not a yes/no
# is wrapped (YamlBool) before pydantic sees it, so the field refuses it and the report says why.


class YamlBool:
    """A YAML boolean (yes, on, true; no, off, false) written where a number or text is expected."""

    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"

    __repr__ = __str__


def _admits_bool(annotation: Any) -> bool:
    if annotation is bool or annotation is Any:
        return True
    if get_origin(annotation) is Annotated:
        return _admits_bool(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return any(map(_admits_bool, get_args(annotation)))
    return False


@functools.cache
def _not_bool(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of `cls` that are not a yes/no (nor a list of them)."""
    out = set()
    for name, info in cls.model_fields.items():
        items = [get_args(a)[0] for a in _options(info.annotation) if get_args(a)]
        if not _admits_bool(info.annotation) and not any(map(_admits_bool, items)):
            out.add(name)
    return frozenset(out)


def _holds_bool(value: Any) -> bool:
    return value is True or value is False or type(value) is list and any(v is True or v is False for v in value)


def _wrap_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return YamlBool(value)
    if isinstance(value, list):
        return [YamlBool(v) if isinstance(v, bool) else v for v in value]
    return value


class Strict(BaseModel):
    # A docstring under a field documents it: "Label — hint", shown by the web editor (outputs/editor.py).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True,
                              use_attribute_docstrings=True)

    @model_validator(mode="before")
    @classmethod
    def _no_yaml_bools(cls, data: Any) -> Any:
        if isinstance(data, dict):
            fields = _not_bool(cls)
            if any(_holds_bool(v) and k in fields for k, v in data.items()):
                return {k: _wrap_bool(v) if k in fields and _holds_bool(v) else v for k, v in data.items()}
        return data

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if _rules_of(cls) and not issubclass(cls, Ruled):
            raise TypeError(f"{cls.__name__} has rules between fields: derive it from Ruled, which runs them")


class Ruled(Strict):
    """A model with rules between fields (@rule). A model without derives from Strict and does
    without the validator below (validating 100,000 items, it costs)."""

    @model_validator(mode="after")
    def _rules(self) -> Any:
        not_valid = _PARTS.get(type(self))
        item = self if not_valid is None else _Valid(self, not_valid)
        found = []
        for check in _rules_of(type(self)):
            try:
                for where, code, params in check(item):
                    # `kc_rule`: how deep in the error's place the item that broke the rule lies
                    ctx = {**{k: str(v) for k, v in params.items()}, "kc_rule": len(where) + 1}
                    found.append({"type": PydanticCustomError("kc_" + code, code, ctx), "loc": where, "input": None})
            except _NotValid:
                continue
        if found:
            raise ValidationError.from_exception_data(type(self).__name__, found)
        return self


def validate(model: type[BaseModel], raw: Any) -> Any:
    """`model.model_validate(raw)`, whose error also holds what the rules between fields find in
    the fields that are valid, in the item and in each item inside it (a source, a citation)."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        found = _rules_beside(model, raw, errors)
        if not found:
            raise
        raise ValidationError.from_exception_data(model.__name__, [*map(_detail, errors),
                                                                   *map(_detail, found)]) from None


def _rules_beside(model: type[BaseModel], raw: Any, errors: list[Any]) -> list[Any]:
    """The rules pydantic left out: each item (at a place in `raw`) one of whose fields is not valid
    is validated again without those fields, so its rules run on the others."""
    not_valid: dict[tuple[Any, ...], set[str]] = {}  # place of an item → its fields that are not valid
    for error in errors:
        loc = tuple(error["loc"])
        depth = (error.get("ctx") or {}).get("kc_rule")
        owner = len(loc) + 1 - depth if depth else len(loc)  # a rule's error is not its own item's field's
        for end in range(owner):
            if isinstance(loc[end], str) and _model_at(model, loc[:end]) is not None:
                not_valid.setdefault(loc[:end], set()).add(loc[end])
    found = []
    for place, names in not_valid.items():
        cls, data = _model_at(model, place), _raw_at(raw, place)
        if not (isinstance(cls, type) and issubclass(cls, Ruled)) or not isinstance(data, dict):
            continue
        try:
            _valid_part(cls,
                        frozenset(
                            names) & frozenset(
                                cls.model_fields)).model_validate({k: v for k, v in data.items() if k not in names})
        except ValidationError as more:
            found += [{**e, "loc": place + tuple(e["loc"])} for e in more.errors()
                      # the item's own rules; its parts' were run already
                      if (e.get("ctx") or {}).get("kc_rule") == len(e["loc"]) + 1]
    return found


_PARTS: dict[type, frozenset[str]] = {}  # a model made of the valid fields of another → the fields that were not valid


@functools.cache
def _valid_part(cls: type[BaseModel], not_valid: frozenset[str]) -> type[BaseModel]:
    """`cls` with the fields that did not validate made optional and unchecked (they are left
    out of the data), so the others are validated as `cls` validates them and its rules can run."""
    part = create_model(cls.__name__, __base__=cls, __module__=cls.__module__,
                        **{name: (Any, None) for name in not_valid})
    _PARTS[part] = not_valid
    return part


def _model_at(model: Any, place: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model of the item at `place` (a pydantic `loc`) inside an item of `model`, if one is there."""
    current: Any = model
    for part in place:
        current = _unwrap(current)
        if isinstance(part, str):
            if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        else:
            current = next((args[0] for args in map(get_args, _options(current)) if args), None)
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _options(annotation: Any) -> list[Any]:
    """The lists among an annotation's alternatives (`list[Source] | None` → [list[Source]])."""
    alternatives = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    return [a for a in map(_unwrap, alternatives) if get_origin(a) in (list, tuple)]


def _unwrap(annotation: Any) -> Any:
    """`Annotated[X, ...]` → X; `X | None` → X when X is the only other alternative."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, types.UnionType):
            others = [a for a in get_args(annotation) if a is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def _raw_at(raw: Any, place: tuple[Any, ...]) -> Any:
    """The data written at `place`, or None where it is not written in that shape (a single
    source written as its address, say)."""
    for part in place:
        if isinstance(part, str) and isinstance(raw, dict) and part in raw:
            raw = raw[part]
        elif isinstance(part, int) and isinstance(raw, list) and 0 <= part < len(raw):
            raw = raw[part]
        else:
            return None
    return raw


def _detail(error: Any) -> Any:
    """A pydantic error, as ValidationError.from_exception_data takes it back."""
    kind, ctx = error["type"], error.get("ctx")
    if kind.startswith("kc_"):
        return {"type": PydanticCustomError(kind, kind[3:], ctx), "loc": error["loc"], "input": error.get("input")}
    return {"type": kind, "loc": error["loc"], "input": error.get("input"), **({"ctx": ctx} if ctx else {})}


class Publishing(Ruled):
    """When an item may be seen. Hidden items are left out of every public output."""

    draft: bool = False
    """Bản nháp — bản nháp chỉ hiện khi xem trước, không đăng công khai"""
    publish_date: dt.date | None = None  # embargo: hidden before this date
    """Hẹn giờ đăng — mục chỉ hiện từ ngày này; để trống là đăng ngay"""
    expires: dt.date | None = None  # hidden after this date
    """Gỡ xuống sau — mục bị ẩn sau ngày này; để trống là không gỡ"""
    published: dt.date | None = None  # shown as "Đăng ngày"; feeds date the item by it
    """Ngày đăng — ngày hiện trên trang; nguồn tin dùng ngày này"""
    updated: dt.date | None = None
    """Ngày cập nhật — khi sửa nội dung đã đăng"""
    change_note: Text | None = None
    """Ghi chú thay đổi — một câu nói đã sửa gì; hiện trong lịch sử trang và nguồn tin. Sửa nhỏ thì để nguyên"""
    review_by: dt.date | None = None
    """Xem lại trước ngày — ngày phải rà soát lại nội dung này"""
    aliases: list[Alias] = []
    """Địa chỉ cũ — địa chỉ trước đây của trang này (ví dụ /tin-tuc/ten-cu/), sẽ chuyển hướng về đây"""
    editor_note: LongText | None = None  # for editors only: never shown on the site, in feeds, search or open data
    """Ghi chú cho biên tập viên — không hiện trên cổng; ví dụ nguồn không ghi ngày đăng hay không nêu cấp công nhận"""

    @rule
    def _embargo_before_expiry(self) -> Iterator[Found]:
        if self.publish_date and self.expires and self.expires < self.publish_date:
            yield ("expires",), "expires_before_publish", {}

    @rule
    def _updated_after_published(self) -> Iterator[Found]:
        if self.updated and self.published and self.updated < self.published:
            yield ("updated",), "updated_before_published", {}



class Source(Ruled):
    """Where a fact was published. Every item must name at least one.

    Vietnamese pages cite a source by a Vietnamese title: the page's own, or, when the linked page
    is in another language (`lang`), the title of the Vietnamese article it translates or of the
    Vietnamese document it is about. The linked page's own title then goes in `title_in_page`,
    shown in its language; an article written in English has only that one."""

    url: WebUrl
    """Địa chỉ nguồn — trang công khai nêu thông tin, bắt đầu bằng http:// hoặc https://"""
    title: Text | None = None
    ("Tên bài, trang nguồn bằng tiếng Việt — với trang tiếng nước ngoài: tên bài gốc tiếng Việt hoặc tên văn bản "
     "mà trang nói tới")
    lang: Annotated[str, choice(SOURCE_LANGS)] | None = None
    """Ngôn ngữ của trang nguồn — để trống khi trang viết bằng tiếng Việt"""
    title_in_page: Text | None = None
    """Tên trang bằng ngôn ngữ của trang — ghi đúng như trang ghi, khi trang không viết bằng tiếng Việt"""
    publisher: Text | None = None
    """Đơn vị đăng"""
    published: dt.date | None = None  # the source's own publication date, when it shows one
    """Ngày nguồn đăng — nếu nguồn ghi ngày"""
    accessed: dt.date | None = None
    """Ngày truy cập"""

    @rule
    def _title_in_page_has_language(self) -> Iterator[Found]:
        if self.title_in_page and not self.lang:
            yield ("title_in_page",), "title_in_page_needs_lang", {}

    @rule
    def _foreign_source_titled(self) -> Iterator[Found]:
        if self.lang and not (self.title or self.title_in_page):
            yield ("lang",), "foreign_source_needs_title", {}


Sources = Annotated[list[Source], BeforeValidator(_source_list), Field(min_length=1)]


class Citation(Ruled):
    """Where in a legal text a rule is written: the text's number and, as far as a source shows it,
    the article, clause and point; and the provision that gave it its present wording."""

    text: Text
    """Số văn bản — có trong site_data/legal/, ví dụ 45/2012/NĐ-CP"""
    article: Annotated[int, Field(ge=1, le=500)] | None = None
    """Điều"""
    clause: Annotated[int, Field(ge=1, le=100)] | None = None
    """Khoản"""
    point: Annotated[str, Field(pattern=r"^[a-zđ]$")] | None = None
    """Điểm — một chữ cái thường: a, b, c, d, đ, e…"""
    amended_by: Citation | None = None
    """Sửa đổi bởi — điều, khoản của văn bản đã viết lại quy định này"""

    @rule
    def _nested(self) -> Iterator[Found]:
        if self.point and not self.clause:
            yield ("point",), "citation_order", {}
        elif self.clause and not self.article:
            yield ("clause",), "citation_order", {}


def _citations(value: Any) -> Any:
    return [{"text": v} if isinstance(v, str) else v for v in _as_list(value)]


def _citation(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


# A legal basis: text numbers ("45/2012/NĐ-CP") or citations down to the point.
Basis = Annotated[list[Citation], BeforeValidator(_citations)]
OneBasis = Annotated[Citation, BeforeValidator(_citation)]


class Image(Strict):
    """A picture from a public source: who made it and under which licence it may be shown."""

    file: Text  # path inside content/, checked by the catalog
    """Tệp ảnh — JPEG, PNG hoặc WebP trong content/assets/anh/"""
    alt: Text  # what the picture shows, for readers who cannot see it
    """Mô tả ảnh — ảnh cho thấy gì, cho người không xem được ảnh"""
    credit: Text  # author or owner, as the source gives it
    """Tác giả, chủ sở hữu ảnh — như nguồn ghi"""
    licence: Text  # e.g. "CC BY 4.0", or the permission the source states
    """Giấy phép — ví dụ CC BY 4.0, hoặc sự cho phép nguồn nêu"""


class Attachment(Strict):
    file: Text
    """Tệp đính kèm — PDF hoặc Word trong content/assets/"""
    title: Text | None = None
    """Tên tệp hiện trên trang"""


class Code(Strict):
    """An administrative code with its scheme: old and new codes reuse numbers with new meanings."""

    scheme: Annotated[str, Field(pattern=r"^(old-2004|new-2025)$")]
    value: Annotated[str, Field(pattern=r"^\d{2}$")]


def _scheme(expected: str, whose: str) -> AfterValidator:
    """Old and new codes reuse numbers, so each place accepts only its own scheme."""

    def check(code: Code) -> Code:
        if code.scheme != expected:
            raise _kc("code_scheme", whose=whose, expected=expected)
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


class EnglishName(Strict):
    """A name or title in English, only as a public source gives it (an official or published
    translation): the portal never translates a name itself."""

    text: Text
    """Tên tiếng Anh — đúng như nguồn ghi"""
    source: Source
    """Nguồn của tên tiếng Anh — trang công khai nêu tên này"""


Phone = Annotated[str, Field(pattern=r"^[0-9 +().\-]{6,30}$")]
Email = Annotated[str, Field(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$")]


class PortalOwner(Ruled):
    """Who runs the portal (site_data/portal.yml), named in the footer of every page. A deployment
    writes its own agency; the repository's sample says that it is a sample and names none."""

    sample: bool = False
    """Bản mẫu — true khi cổng chưa có cơ quan chủ quản (bản mẫu của phần mềm)"""
    agency: Text | None = None
    """Cơ quan chủ quản — ví dụ Sở Công Thương tỉnh …"""
    agency_en: EnglishName | None = None
    """Tên tiếng Anh của cơ quan chủ quản"""
    operator: Text | None = None
    """Đơn vị quản lý, vận hành cổng — ví dụ Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"""
    responsible: Text | None = None
    """Người chịu trách nhiệm nội dung — họ tên và chức vụ"""
    licence: Text | None = None
    """Giấy phép thiết lập trang thông tin điện tử — số, ngày, cơ quan cấp (nếu có)"""
    address: Text | None = None
    """Địa chỉ"""
    phone: Phone | None = None
    """Điện thoại"""
    email: Email | None = None
    """Thư điện tử"""
    website: WebUrl | None = None
    """Trang web của cơ quan"""

    @rule
    def _named(self) -> Iterator[Found]:
        if not self.sample and not (self.agency and self.address and (self.phone or self.email)):
            yield (), "owner_incomplete", {}


class Organisation(Strict):
    id: Slug
    """Mã — chữ thường không dấu và dấu '-', ví dụ trung-tam-khuyen-cong-cao-bang"""
    name: Text
    """Tên cơ quan, đơn vị"""
    name_en: EnglishName | None = None
    """Tên tiếng Anh — chỉ ghi khi có nguồn nêu tên này"""
    kind: Annotated[str, choice(ORG_KINDS)]
    """Loại cơ quan"""
    province: Text | None = None
    """Tỉnh, thành phố — để trống nếu là cơ quan trung ương"""
    parent: Slug | None = None
    """Cơ quan cấp trên"""
    address: Text | None = None
    """Địa chỉ"""
    phone: Phone | None = None
    """Điện thoại — chỉ chữ số, dấu cách và + ( ) - ."""
    email: Email | None = None
    """Thư điện tử"""
    website: WebUrl | None = None
    """Trang web"""
    note: Text | None = None
    """Ghi chú"""
    review_by: dt.date | None = None
    """Xem lại trước ngày — ngày phải rà soát lại nội dung này"""
    change_note: Text | None = None
    """Ghi chú thay đổi — một câu nói đã sửa gì; hiện trong lịch sử trang và nguồn tin. Sửa nhỏ thì để nguyên"""
    source: Sources
    """Nguồn — ít nhất một trang công khai nêu thông tin này"""


class Topic(Strict):
    id: Slug
    name: Text
    description: Text | None = None  # what the topic gathers; a fact stated here needs `source`
    source: Annotated[list[Source], BeforeValidator(_source_list)] = []


class Product(Publishing):
    """A typical rural industrial product (sản phẩm công nghiệp nông thôn tiêu biểu)."""

    id: Slug | None = None
    """Mã (địa chỉ trang) — chữ thường không dấu và dấu '-', ví dụ che-tan-cuong; đặt một lần, không đổi"""
    name: Text
    """Tên sản phẩm — như trong quyết định công nhận"""
    establishment: Text
    """Cơ sở sản xuất — hộ kinh doanh, hợp tác xã, doanh nghiệp"""
    province: Text
    """Tỉnh, thành phố — tên mới, hoặc tên tỉnh cũ trước 01/07/2025 (cổng tự ghi 'nay thuộc')"""
    commune: Text | None = None
    """Xã, phường — như nguồn ghi"""
    group: Annotated[str, choice(PRODUCT_GROUPS, GROUP_ALIASES)] | None = None
    """Nhóm sản phẩm"""
    level: Annotated[str, choice(LEVELS)] | None = None
    """Cấp công nhận"""
    year: Year | None = None
    """Năm công nhận"""
    decision: Text | None = None
    """Số quyết định công nhận"""
    decision_date: dt.date | None = None
    """Ngày quyết định công nhận"""
    description: LongText | None = None
    """Mô tả sản phẩm"""
    images: list[Image] = []
    """Ảnh — mỗi ảnh cần tác giả và giấy phép"""
    tags: StrList = []
    """Từ khóa"""
    topics: list[Slug] = []
    """Chủ đề"""
    source: Sources
    """Nguồn — ít nhất một trang công khai nêu thông tin này"""

    @rule
    def _district_level_ended(self) -> Iterator[Found]:
        if self.level == "huyen" and self.year and self.year > 2025:
            yield ("level",), "district_level_ended", {}

    @rule
    def _decision_in_its_year(self) -> Iterator[Found]:
        if self.decision_date and self.year and self.decision_date.year != self.year:
            yield ("decision_date",), "decision_year", {}


class Outcomes(Strict):
    productivity_increase_pct: float | None = Field(default=None, ge=0, le=10_000)
    """Tăng năng suất (%)"""
    jobs: int | None = Field(default=None, ge=0)
    """Số việc làm"""
    trainees: int | None = Field(default=None, ge=0)
    """Số người được đào tạo"""
    note: Text | None = None
    """Ghi chú"""


class StatusChange(Strict):
    status: Annotated[str, choice(PROJECT_STATUS, STATUS_ALIASES)]
    """Trạng thái"""
    date: dt.date
    """Ngày đổi trạng thái"""
    note: Text | None = None
    """Ghi chú"""


class Project(Publishing):
    """An industrial promotion scheme or technical demonstration model: the success stories."""

    id: Slug | None = None
    """Mã (địa chỉ trang) — chữ thường không dấu và dấu '-'; đặt một lần, không đổi"""
    title: Text
    """Tên đề án, mô hình"""
    kind: Annotated[str, choice(PROJECT_KINDS)]
    """Loại"""
    activity: Annotated[str, choice(ACTIVITIES)] | None = None
    """Nội dung hoạt động khuyến công — để trống khi nguồn không nêu"""
    funding: Annotated[str, choice(FUNDING)] | None = None
    """Nguồn kinh phí"""
    total_budget_vnd: Money | None = None
    """Tổng kinh phí (đồng) — chỉ ghi khi nguồn nêu chính xác"""
    support_vnd: Money | None = None
    """Kinh phí khuyến công hỗ trợ (đồng)"""
    beneficiary: Text | None = None
    """Cơ sở thụ hưởng"""
    province: Text
    """Tỉnh, thành phố — tên mới, hoặc tên tỉnh cũ"""
    start_year: Year | None = None
    """Năm bắt đầu"""
    end_year: Year | None = None
    """Năm kết thúc"""
    status: Annotated[str, choice(PROJECT_STATUS, STATUS_ALIASES)] | None = None
    """Trạng thái"""
    history: list[StatusChange] = []  # each change of status with its date, oldest first
    """Các lần đổi trạng thái — theo thứ tự thời gian, cũ trước"""
    planned_vnd: Money | None = None  # funds planned (allocated) for the scheme
    """Kinh phí kế hoạch (đồng)"""
    disbursed_vnd: Money | None = None  # funds disbursed so far
    """Kinh phí đã giải ngân (đồng)"""
    outcomes: Outcomes | None = None
    """Kết quả — chỉ ghi số khi nguồn nêu chính xác"""
    summary: Text | None = None
    """Tóm tắt — một câu"""
    story: LongText | None = None
    """Câu chuyện, kết quả"""
    products: list[Slug] = []
    """Sản phẩm liên quan"""
    legal_basis: list[Text] = []
    """Căn cứ pháp lý — văn bản làm căn cứ"""
    topics: list[Slug] = []
    """Chủ đề"""
    featured: bool = False
    """Nêu bật trên trang chủ"""
    source: Sources
    """Nguồn — ít nhất một trang công khai nêu thông tin này"""

    @property
    def years(self) -> str:
        """The years it ran, as every page writes them: "2018", "2016–2018", "" when no source gives one."""
        return "–".join(str(y) for y in dict.fromkeys((self.start_year, self.end_year)) if y)

    @rule
    def _years_in_order(self) -> Iterator[Found]:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            yield ("end_year",), "end_year_before_start", {}

    @rule
    def _support_within_budget(self) -> Iterator[Found]:
        if self.support_vnd and self.total_budget_vnd and self.support_vnd > self.total_budget_vnd:
            yield ("support_vnd",), "support_over_total", {}

    @rule
    def _disbursed_within_plan(self) -> Iterator[Found]:
        if self.disbursed_vnd is not None and self.planned_vnd is not None and self.disbursed_vnd > self.planned_vnd:
            yield ("disbursed_vnd",), "disbursed_over_planned", {}

    @rule
    def _history_in_order(self) -> Iterator[Found]:
        for i, (earlier, later) in enumerate(zip(self.history, self.history[1:]), start=1):
            if later.date < earlier.date:
                yield ("history", i, "date"), "history_order", {"later": later.date.isoformat(),
                                                                "earlier": earlier.date.isoformat()}

    @rule
    def _status_is_the_last(self) -> Iterator[Found]:
        if self.history and self.status is not None and self.status != self.history[-1].status:
            yield ("status",), "status_not_last", {"status": self.status, "last": self.history[-1].status}

    @model_validator(mode="after")
    def _status_from_history(self) -> Project:
        if self.history and self.status is None:
            self.status = self.history[-1].status
        return self


class Relation(Strict):
    type: Annotated[str, choice(RELATIONS)]
    """Quan hệ"""
    target: Text  # a legal text's id or its number, e.g. 45/2012/NĐ-CP
    """Văn bản liên quan"""
    note: Text | None = None
    """Ghi chú"""


class LegalText(Publishing):
    id: Slug | None = None
    """Mã (địa chỉ trang) — bắt buộc khi chưa rõ số hiệu; chữ thường không dấu và dấu '-'"""
    type: Annotated[str, choice(LEGAL_TYPES)]
    """Loại văn bản"""
    # Empty only when no public source gives it; then `id` is required and the title names the issuer.
    number: Annotated[str, Field(min_length=3, max_length=60, pattern=r"^[0-9A-Za-zĐđƯư/\-. ]+$")] | None = None
    """Số hiệu — ví dụ 45/2012/NĐ-CP; để trống nếu nguồn không nêu"""
    issuer: Text
    """Cơ quan ban hành"""
    signer: Text | None = None
    """Người ký"""
    issued: dt.date | None = None  # empty when no public source gives it (shown as "chưa rõ")
    """Ngày ban hành — để trống nếu nguồn không nêu"""
    effective: dt.date | None = None
    """Ngày có hiệu lực"""
    effective_note: Text | None = None
    """Ghi chú về hiệu lực"""
    # A source says the text may no longer be in force, and the portal could not confirm it (against
    # the Official Gazette): the text's status is "chưa rõ hiệu lực", with this as the reason.
    status_unclear: LongText | None = None
    """Vì sao chưa rõ hiệu lực — khi một nguồn cho thấy văn bản có thể đã hết hiệu lực nhưng chưa đối chiếu được"""
    abstract: Text
    """Trích yếu"""
    title_en: EnglishName | None = None
    """Trích yếu tiếng Anh — chỉ ghi khi có bản dịch chính thức hoặc đã công bố, kèm nguồn"""
    province: Text | None = None  # scope: empty = national
    """Phạm vi — tỉnh, thành phố; để trống là toàn quốc"""
    relations: list[Relation] = []
    """Quan hệ với văn bản khác — sửa đổi, thay thế, hướng dẫn"""
    summary: LongText | None = None
    """Tóm tắt nội dung"""
    attachment: Attachment | None = None
    """Tệp đính kèm"""
    topics: list[Slug] = []
    """Chủ đề"""
    source: Sources
    """Nguồn — ít nhất một trang công khai nêu thông tin này"""

    @rule
    def _effective_after_issued(self) -> Iterator[Found]:
        if self.effective and self.issued and self.effective < self.issued:
            yield ("effective",), "effective_before_issued", {}

    @rule
    def _named(self) -> Iterator[Found]:
        if not self.number and not self.id:
            yield (), "legal_needs_id", {}

    @property
    def title(self) -> str:
        """'Nghị định 235/2025/NĐ-CP', or 'Nghị quyết của Hội đồng nhân dân tỉnh Đắk Lắk (chưa rõ số hiệu)'."""
        return (f"{LEGAL_TYPES[self.type]} {self.number}" if self.number
                else f"{LEGAL_TYPES[self.type]} của {self.issuer} (chưa rõ số hiệu)")


class NewsMeta(Publishing):
    """Front matter of a news item (tin bài) under content/tin-tuc/."""

    title: Text
    """Tiêu đề"""
    date: dt.date  # the one publication date: archive, listings, feeds, sitemap and linked data follow it
    """Ngày đăng — tin thuật lại một bài báo: ngày bài đó đăng (nếu nguồn ghi); tin của cổng: ngày cổng đăng"""
    posted: dt.date | None = None  # the day the portal posted it, when later than `date`
    """Ngày đăng trên cổng — khi cổng đăng sau ngày đăng của bài gốc; trang tin hiện "Đăng trên cổng" ngày này"""
    source_undated: bool = False  # `date` is then the portal's: the page and the listings say so
    """Bài nguồn không ghi rõ ngày đăng — khi đó 'date' là ngày cổng đăng tin; trang tin và danh sách tin nói rõ"""
    summary: Text
    """Tóm tắt — một hai câu, hiện ở danh sách tin và nguồn tin"""
    provinces: StrList = []
    """Tỉnh, thành phố liên quan"""
    topics: Annotated[list[Slug], BeforeValidator(_as_list)] = []
    """Chủ đề"""
    unit: Text | None = None
    """Đơn vị đăng tin"""
    image: Image | None = None
    """Ảnh đại diện"""
    slug: Slug | None = None
    """Địa chỉ trang — để trống thì lấy từ tên tệp"""
    featured: bool = False
    """Nêu bật trên trang chủ"""
    source: Sources
    """Nguồn — ít nhất một trang công khai nêu thông tin này, ví dụ bài gốc hoặc thông cáo của đơn vị"""

    @rule
    def _one_publication_date(self) -> Iterator[Found]:
        if self.published:  # a second publication date would leave listings and feeds to pick one
            yield ("published",), "news_published", {}

    @rule
    def _posted_after_date(self) -> Iterator[Found]:
        if self.posted and self.posted < self.date:
            yield ("posted",), "posted_before_date", {}

    @rule
    def _posted_needs_a_source_date(self) -> Iterator[Found]:
        if self.source_undated and self.posted:
            yield ("posted",), "posted_undated_source", {}

    @rule
    def _updated_after_posted(self) -> Iterator[Found]:
        if self.updated and self.updated < (self.posted or self.date):
            yield ("updated",), "updated_before_posted", {}

    @property
    def posted_on(self) -> dt.date:
        """The day the portal posted the item: `posted`, or its publication date."""
        return self.posted or self.date


class Registration(Strict):
    how: Text | None = None
    """Cách đăng ký"""
    url: WebUrl | None = None
    """Trang đăng ký"""
    deadline: dt.date | None = None
    """Hạn đăng ký"""
    contact: Text | None = None
    """Liên hệ"""


class Event(Publishing):
    """Fairs and exhibitions, voting rounds, training courses, workshops."""

    id: Slug | None = None
    """Mã (địa chỉ trang) — chữ thường không dấu và dấu '-'; đặt một lần, không đổi"""
    title: Text
    """Tên sự kiện"""
    kind: Annotated[str, choice(EVENT_KINDS)]
    """Loại sự kiện"""
    start: dt.datetime | dt.date
    """Bắt đầu"""
    end: dt.datetime | dt.date | None = None
    """Kết thúc"""
    place: Text | None = None
    """Địa điểm"""
    province: Text | None = None
    """Tỉnh, thành phố"""
    organiser: Text | None = None  # an organisation id (linked) or a name
    """Đơn vị tổ chức"""
    registration: Registration | None = None
    """Đăng ký tham gia"""
    description: LongText | None = None
    """Nội dung"""
    topics: list[Slug] = []
    """Chủ đề"""
    source: Sources
    """Nguồn — ít nhất một trang công khai nêu thông tin này"""

    @rule
    def _end_after_start(self) -> Iterator[Found]:
        def day(v: dt.date) -> dt.date:
            return v.date() if isinstance(v, dt.datetime) else v

        if not self.end:
            return
        if day(self.end) < day(self.start):
            yield ("end",), "end_before_start", {}
        elif isinstance(self.start, dt.datetime) != isinstance(self.end, dt.datetime):
            yield ("end",), "mixed_times", {}
        elif isinstance(self.start, dt.datetime) and (self.start.tzinfo is None) != (self.end.tzinfo is None):
            yield ("end",), "mixed_zones", {}
        elif isinstance(self.start, dt.datetime) and self.end <= self.start:
            yield ("end",), "end_not_after_start", {}

    @rule
    def _start_in_range(self) -> Iterator[Found]:
        yield from _year_in_range("start", self.start)

    @rule
    def _end_in_range(self) -> Iterator[Found]:
        yield from _year_in_range("end", self.end)


def _year_in_range(name: str, value: dt.date | None) -> Iterator[Found]:
    if value is not None and not 1990 <= value.year <= 2100:
        yield (name,), "year_out_of_range", {"name": name, "year": value.year, "low": 1990, "high": 2100}


class PageMeta(Strict):
    """Front matter allowed on the hand-written pages of content/."""

    title: Text | None = None
    description: Text | None = None
    hide: Annotated[list[Annotated[str, Field(pattern=r"^(navigation|toc|footer|path|feedback)$")]],
                    BeforeValidator(_as_list)] = []
    # for the page's factual claims, shown at its end
    source: Annotated[list[Source], BeforeValidator(_source_list)] = []
    search: bool = True  # false: left out of the portal's search (a page for the portal's staff, not its readers)


@dataclass(frozen=True)
class Period:
    """A year, the first N months of a year, or a plan period of several years."""

    start: int
    end: int
    months: int | None = None  # first N months of `start` (== end)
    # A figure given before the period ended (a report of 07/7/2025 on 2021–2025): the period as far
    # as that day. It is another period: never ranked, mapped or charted beside the whole one.
    until: dt.date | None = None

    @property
    def _until(self) -> str:
        """What tells a period as far as one day from the whole one, in its key and its kind."""
        return f"-den-{self.until.isoformat()}" if self.until else ""

    @property
    def span_key(self) -> str:
        """The period's years and months alone: 2024, 2025-9t, 2021-2025."""
        if self.months:
            return f"{self.start}-{self.months}t"
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def key(self) -> str:
        """Stable, sortable, and usable in an address: 2024, 2025-9t, 2021-2025, 2021-2025-den-2025-07-07."""
        return self.span_key + self._until

    @property
    def last_day(self) -> dt.date:
        """The period's last day: 31/12 of its last year, or the last day of its last month."""
        if self.months:
            return dt.date(self.start + self.months // 12, self.months % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(self.end, 12, 31)

    @property
    def label(self) -> str:
        if self.months:
            text = f"{self.months} tháng đầu năm {self.start}"
        else:
            text = f"năm {self.start}" if self.start == self.end else f"giai đoạn {self.start}–{self.end}"
        return text + (f", công bố ngày {vn_date(self.until)}, khi chưa hết giai đoạn" if self.until else "")

    @property
    def label_en(self) -> str:
        """The label in English, for messages."""
        if self.months:
            text = f"the first {self.months} months of {self.start}"
        else:
            text = str(self.start) if self.start == self.end else f"{self.start}–{self.end}"
        return text + (f", published {self.until.isoformat()}, before the period ended" if self.until else "")

    @property
    def kind(self) -> str:
        """What makes two periods comparable: the same length and kind ('nam', '9t', '5nam'). A
        year beside the first nine months of the next, or a five-year total beside one year, is not;
        nor is a period as far as one day beside a whole one."""
        if self.months:
            text = f"{self.months}t"
        else:
            years = self.end - self.start + 1
            text = "nam" if years == 1 else f"{years}nam"
        return text + self._until

    @property
    def kind_label(self) -> str:
        """Periods of this kind, as a chart's title says it: 'các năm', '9 tháng đầu các năm'."""
        if self.months:
            return f"{self.months} tháng đầu các năm"
        years = self.end - self.start + 1
        return "các năm" if years == 1 else f"các giai đoạn {years} năm"

    def sort_key(self) -> tuple[int, int, int, int]:
        """Oldest first; a period as far as one day before the whole period."""
        return (self.end, self.months or 12, -self.start, self.until.toordinal() if self.until else 10**7)

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


_PERIOD_FORMS = (
    (re.compile(r"^(\d{4})$"), lambda g: Period(int(g[0]), int(g[0]))),
    (re.compile(r"^(?:giai doan )?(\d{4})\s*[-–]\s*(\d{4})$"), lambda g: Period(int(g[0]), int(g[1]))),
    (re.compile(r"^(\d{1,2}) thang (?:dau )?(?:nam )?(\d{4})$"), lambda g: Period(int(g[1]), int(g[1]), int(g[0]))),
)


def parse_period(value: Any) -> Period:
    """'2024', '2021-2025' (or with an en dash), '9 tháng đầu năm 2025' / '9 thang 2025'."""
    if isinstance(value, Period):
        return value
    text = fold(str(value))
    text = text[4:] if text.startswith("nam ") else text
    for pattern, make in _PERIOD_FORMS:
        if found := pattern.match(text):
            p = make(found.groups())
            if 1990 <= p.start <= p.end <= 2100 and (p.months is None
                                                     or 1 <= p.months <= 11) and (
                                                         p.start < p.end or p.months or "-" not in text and "–"
                                                         not in text):
                return p
            break
    raise _kc("bad_period", value=value)


class Statistic(Strict):
    """One measured quantity (or a target) for one scope and one period, from one source."""

    quantity: Annotated[str, choice(QUANTITIES)]
    """Chỉ tiêu"""
    scope: Text  # "ca-nuoc", a region code, or a province (current or former name)
    """Phạm vi — cả nước, một vùng, hoặc một tỉnh, thành phố (tên cũ cũng được)"""
    period: Annotated[Period, BeforeValidator(parse_period)]
    """Thời kỳ — một năm (2024), một giai đoạn (2021-2025) hoặc '9 tháng đầu năm 2025'"""
    value: Annotated[float, Field(allow_inf_nan=False, ge=-10**15, le=10**15)]
    """Giá trị — số tiền ghi bằng đồng; tỷ lệ ghi số phần trăm"""
    qualifier: Annotated[str, choice(QUALIFIERS)] | None = None
    """Mức độ — khi nguồn ghi 'hơn', 'gần', 'khoảng', 'ít nhất'"""
    target: bool = False  # a planned target rather than a result
    """Là mục tiêu kế hoạch, không phải kết quả"""
    featured: bool = False  # shown among the key figures of the home page
    """Nêu bật trên trang chủ"""
    note: Text | None = None
    """Ghi chú"""
    source: Annotated[list[Source], BeforeValidator(_source_list), Field(min_length=1, max_length=1)]
    """Nguồn — đúng một nguồn cho mỗi số liệu"""
    until: dt.date | None = None  # the report's or the article's date, when the period had not ended
    """Ngày công bố số liệu — chỉ ghi khi nguồn nêu số liệu lúc thời kỳ chưa kết thúc (ngày của báo cáo hoặc bài)"""

    @field_validator("until")
    @classmethod
    def _within_period(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        period = info.data.get("period")
        if value is not None and isinstance(period, Period) and not (
                dt.date(period.start, 1, 1) <= value < period.last_day):
            raise _kc("until_outside", date=vn_date(value), period=period.label, period_en=period.label_en,
                      first=vn_date(dt.date(period.start, 1, 1)), last=vn_date(period.last_day))
        published = (info.data.get("source") or [None])[0]
        published = getattr(published, "published", None)
        if value is not None and published is not None and value > published:
            raise _kc("until_after_source", date=vn_date(value), published=vn_date(published))
        return value

    @model_validator(mode="after")
    def _period_until(self) -> Statistic:
        """A figure given before its period ended is of the period as far as `until`. It is written, not
        taken from the source's date: a target, a round of recognition or a source's estimate for the
        whole period is of the whole period even when published before it ended."""
        if self.until is not None:
            self.period = dataclasses.replace(self.period, until=self.until)
        return self

    @field_validator("value")
    @classmethod
    def _in_range(cls, value: float, info: ValidationInfo) -> float:
        """Bounds that depend on the quantity (validated first, so known here when it is valid)."""
        quantity = info.data.get("quantity")
        unit = QUANTITIES[quantity][1] if quantity in QUANTITIES else None
        if unit in ("money", "count") and value < 0:
            raise _kc("negative", value=_plain(value))
        if unit == "percent" and not 0 <= value <= 100:
            raise _kc("not_share", value=_plain(value))
        if unit in ("money", "count") and value != int(value):
            raise _kc("not_whole", value=_plain(value))
        return value

    @property
    def unit(self) -> str:
        return QUANTITIES[self.quantity][1]


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# ---- policy guidance: support levels, the eligibility finder, procedures, questions ---------------


class SupportLevel(Ruled):
    """One row of a support-level table: what is supported, how much, under which text, where, when."""

    id: Slug
    item: Slug  # what is supported; rows of one item in one scope must not overlap in time
    activity: Annotated[str, choice(ACTIVITIES)]
    what: Text
    share_percent: Annotated[int, Field(ge=0, le=100)] | None = None
    cap_vnd: Money | None = None
    per: Text | None = None  # the unit the cap is counted per: "mô hình", "cơ sở", ...
    basis: OneBasis | None = None  # the legal text, article and clause that set the level
    province: Text | None = None  # empty = national level
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: Text | None = None
    review_by: dt.date | None = None
    """Xem lại trước ngày — ngày phải rà soát lại nội dung này"""
    change_note: Text | None = None
    """Ghi chú thay đổi — một câu nói đã sửa gì; hiện trong lịch sử trang và nguồn tin. Sửa nhỏ thì để nguyên"""
    source: Sources

    @rule
    def _level_has_basis(self) -> Iterator[Found]:
        if (self.share_percent is not None or self.cap_vnd is not None) and not self.basis:
            yield ("share_percent" if self.share_percent is not None else "cap_vnd",), "level_needs_basis", {}

    @rule
    def _valid_in_order(self) -> Iterator[Found]:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            yield ("valid_to",), "valid_to_before_from", {}


class Applicant(Strict):
    """A kind of establishment the finder asks about, and whether the policy covers it."""

    id: Slug
    name: Text
    description: Text | None = None
    eligible: bool = True
    needs: list[Slug] = []  # the needs it may apply for; empty = every need
    since: dt.date | None = None  # covered from this date (e.g. artisans from Decree 235/2025)
    by_place: bool = False  # covered only where a place rule says so (site_data/eligibility.yml)
    # for a need outside `needs`: what the sources leave open, when they neither grant nor exclude it
    # (the answer is then "chưa rõ" with this text, not "không được hỗ trợ")
    others_unclear: LongText | None = None
    explanation: LongText
    basis: Basis = []
    source: Sources


class AnyPlace(Strict):
    """Those a clause covers for a need wherever they produce (point b: establishments applying
    cleaner production): an establishment a place rule leaves out may still be covered for it."""

    who: Text  # as the clause names them: "cơ sở sản xuất công nghiệp áp dụng sản xuất sạch hơn, …"
    basis: Annotated[list[Citation], BeforeValidator(_citations), Field(min_length=1)]


class Need(Strict):
    """What an establishment asks for; maps to support-level items and to the procedure to follow."""

    id: Slug
    name: Text
    description: Text | None = None
    items: list[Slug] = []  # SupportLevel.item values
    activities: list[Annotated[str, choice(ACTIVITIES)]] = []  # for related success stories
    procedure: Slug | None = None
    note: LongText | None = None
    any_place: AnyPlace | None = None  # who is covered for this need without the place rule
    source: Sources  # what it says about the support (content, who sets the levels) has a source


class Priority(Strict):
    id: Slug
    name: Text
    explanation: Text
    basis: Basis = []
    source: Sources


class PlaceName(Strict):
    """Other names readers type for a province or former unit (site_data/place_names.yml): search
    reads them as the name they stand for, in documents and queries alike."""

    province: Text  # a unit or former unit, as `province` fields name it
    names: Annotated[list[Text], Field(min_length=1)]  # abbreviations and common names: "TP.HCM", "Sài Gòn"
    note: Text | None = None
    source: Sources  # where the names are used: the place's own portal, a dictionary, the press


class Procedure(Strict):
    id: Slug
    title: Text
    summary: Text
    who: Text
    steps: Annotated[list[Text], Field(min_length=1)]
    checklist: list[Text] = []
    deadlines: list[Text] = []
    forms: list[Source] = []  # forms a public source publishes for this procedure
    basis: Basis = []
    note: LongText | None = None
    review_by: dt.date | None = None
    """Xem lại trước ngày — ngày phải rà soát lại nội dung này"""
    change_note: Text | None = None
    """Ghi chú thay đổi — một câu nói đã sửa gì; hiện trong lịch sử trang và nguồn tin. Sửa nhỏ thì để nguyên"""
    source: Sources


class Question(Strict):
    id: Slug
    question: Text
    answer: LongText
    basis: Basis = []
    updated: dt.date | None = None
    source: Sources


PLACES = {"xa": "Xã", "phuong": "Phường", "dac-khu": "Đặc khu"}


class PlaceRule(Strict):
    """Where an establishment must produce to be covered (site_data/eligibility.yml): for a kind of
    provincial unit (a province, or a centrally-run city), the kinds of place within it and, where
    it decides, whether the place is a craft village recognised by the provincial People's
    Committee. The finder asks only what tells the rules apart."""

    id: Slug
    unit_type: Annotated[str, choice(UNIT_TYPES)]
    places: Annotated[list[Annotated[str, choice(PLACES)]], Field(min_length=1)]
    craft_village: bool | None = None  # None: whether it is a craft village does not matter
    covered: bool
    page: Slug | None = None  # the answer page's last address segment, when the finder must ask
    situation: Text  # the case as the reader would say it: "ở phường, trong làng nghề được công nhận"
    rule: LongText  # what the clause says for this case, in plain words
    otherwise: LongText | None = None  # when not covered: what else may apply (Markdown, no links)
    see: list[Slug] = []  # needs whose pages the answer links to as what else may apply
    valid_from: dt.date | None = None
    basis: Annotated[list[Citation], BeforeValidator(_citations), Field(min_length=1)]
    source: Sources

