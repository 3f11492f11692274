"""Stage 2: the typed models reject unknown keys and explain wrong values."""

import pytest
from pydantic import ValidationError

from generator.content import Origin, translate
from generator.models import LegalText, Product
from generator.yamlio import parse_yaml

PRODUCT = "name: Chè\nestablishment: HTX\nprovince: Thái Nguyên\nlevel: {level}\nyear: {year}\nsource: https://a.vn/x\n"


def problems_for(model, text):
    loaded, _ = parse_yaml(text, "p.yml")
    with pytest.raises(ValidationError) as exc:
        model.model_validate(loaded.value)
    return [p.format("vi") for p in translate(exc.value, Origin("p.yml", loaded), model)]


def test_labels_with_or_without_diacritics_become_codes():
    loaded, _ = parse_yaml(PRODUCT.format(level="Cấp quốc gia", year=2023) + "group: thu cong my nghe\n", "p.yml")
    product = Product.model_validate(loaded.value)
    assert (product.level, product.group) == ("quoc-gia", "thu-cong-my-nghe")


def test_unknown_key_suggests_the_field_meant():
    text = PRODUCT.format(level="tinh", year=2023) + "descripton: x\n"
    assert problems_for(Product, text) == [
        "p.yml:7:1: descripton: trường 'descripton' không được hỗ trợ; có phải ý bạn là 'description'?"
    ]


def test_bad_choice_lists_the_allowed_values():
    assert problems_for(Product, PRODUCT.format(level="huyện lỵ", year=2023)) == [
        "p.yml:4:1: level: giá trị 'huyện lỵ' không có trong danh sách cho phép: xa, huyen, tinh, khu-vuc, quoc-gia"
    ]


def test_district_level_ended_in_2025():
    assert problems_for(Product, PRODUCT.format(level="huyen", year=2026)) == [
        "p.yml:1:1: cấp huyện không còn từ 01/07/2025; chọn cấp xã, tỉnh, khu vực hoặc quốc gia"
    ]


def test_javascript_url_is_refused():
    text = PRODUCT.format(level="tinh", year=2023).replace("https://a.vn/x", "javascript:alert(1)")
    assert problems_for(Product, text) == [
        "p.yml:6:1: source[0].url: địa chỉ 'javascript:alert(1)' không hợp lệ; chỉ chấp nhận http:// hoặc https://"
    ]


def test_missing_fields_and_wrong_types_together():
    text = "type: thong-tu\nnumber: 1/2020/TT-BCT\nissued: hôm qua\nsource: https://a.vn\n"
    assert problems_for(LegalText, text) == [
        "p.yml:1:1: thiếu trường bắt buộc 'issuer'",
        "p.yml:3:1: issued: ngày không hợp lệ 'hôm qua'. Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-09-23",
        "p.yml:1:1: thiếu trường bắt buộc 'abstract'",
    ]
