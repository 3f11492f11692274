"""Stage 2: the typed models reject unknown keys and explain wrong values."""

import pytest
from pydantic import ValidationError

from generator.content import Origin, translate
from generator.models import Event, LegalText, NewsMeta, Product, Project, validate
from generator.yamlio import parse_yaml

PRODUCT = "name: Chè\nestablishment: HTX\nprovince: Thái Nguyên\nlevel: {level}\nyear: {year}\nsource: https://a.vn/x\n"


def problems_for(model, text):
    loaded, _ = parse_yaml(text, "p.yml")
    with pytest.raises(ValidationError) as exc:
        validate(model, loaded.value)
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
        "p.yml:4:1: level: cấp huyện không còn từ 01/07/2025; chọn cấp xã, tỉnh, khu vực hoặc quốc gia"
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


def test_rules_between_fields_run_beside_field_errors():
    """A rule between fields (history in time order, status as its last step) is reported in the
    same report as an unrelated field's mistake, each at the field it is about; a rule that reads a
    field that is wrong itself is left out rather than guessed."""
    text = ("title: Đề án\nkind: de-an\nprovince: Cao Bằng\ntotal_budget_vnd: nhiều\nstatus: dang-thuc-hien\nhistory:\n"
            "  - {status: phe-duyet, date: 2024-05-01}\n  - {status: dang-thuc-hien, date: 2024-03-01}\n"
            "support_vnd: 5\nsource: https://a.vn/x\n")
    assert problems_for(Project, text) == [
        "p.yml:4:1: total_budget_vnd: cần một số, nhưng nhận được 'nhiều'",
        "p.yml:8:30: history[1].date: 'history': ngày 2024-03-01 trước ngày 2024-05-01; ghi theo thứ tự thời gian",
    ]
    source = ("title: T\ndate: 2025-01-02\nsummary: S\nsource:\n  - url: javascript:x\n    title_in_page: Page\n"
              "posted: 2024-01-01\n")
    assert problems_for(NewsMeta, source) == [
        "p.yml:5:5: source[0].url: địa chỉ 'javascript:x' không hợp lệ; chỉ chấp nhận http:// hoặc https://",
        "p.yml:7:1: posted: ngày cổng đăng tin trước ngày đăng 'date'; cổng không thể đăng tin trước khi bài được đăng",
        "p.yml:6:5: source[0].title_in_page: đây là tên trang bằng tiếng nước ngoài; ghi thêm 'lang' (ngôn ngữ của "
        "trang, ví dụ en)",
    ]


def test_a_valid_item_gets_every_rule_it_breaks():
    text = "title: E\nkind: hoi-nghi\nstart: 1980-03-10\nend: 1979-03-11\nsource: https://a.vn/x\n"
    assert problems_for(Event, text) == [
        "p.yml:4:1: end: ngày kết thúc 'end' trước ngày bắt đầu 'start'",
        "p.yml:3:1: start: năm 1980 nằm ngoài khoảng 1990–2100; kiểm tra lại năm",
        "p.yml:4:1: end: năm 1979 nằm ngoài khoảng 1990–2100; kiểm tra lại năm",
    ]


def test_yaml_yes_and_no_are_refused_where_a_number_or_text_goes():
    """YAML 1.1 reads yes, no, on, off, true, false as booleans, and pydantic would take True for 1."""
    text = ("title: no\nkind: mo-hinh\nprovince: Cao Bằng\nsupport_vnd: yes\nstart_year: on\nproducts: [che, off]\n"
            "draft: no\nsource: https://a.vn/x\n")
    assert [p.split(": ", 2)[:2] for p in problems_for(Project, text)] == [
        ["p.yml:1:1", "title"], ["p.yml:4:1", "support_vnd"], ["p.yml:5:1", "start_year"],
        ["p.yml:6:17", "products[1]"]]
    assert "không phải số" in problems_for(Project, text)[1] and "ngoặc kép" in problems_for(Project, text)[0]
    loaded, _ = (parse_yaml("title: T\nkind: mo-hinh\nprovince: Cao Bằng\ndraft: yes\nfeatured: off\nsource: "
                            "https://a.vn/x\n", "p.yml"))
    project = validate(Project, loaded.value)  # a yes/no field still takes them
    assert project.draft is True and project.featured is False


@pytest.mark.parametrize("years, shown", [("start_year: 2016\nend_year: 2018\n", "2016–2018"),
                                          ("start_year: 2018\nend_year: 2018\n", "2018"),
                                          ("start_year: 2018\n", "2018"), ("end_year: 2018\n", "2018"), ("", "")])
def test_a_projects_years_are_written_one_way(years: str, shown: str):
    """Its card, its page, the progress table and its search result all write `years` (a project a
    source dates only by its end year showed no year on its card and its page)."""
    loaded, _ = parse_yaml("title: Đề án\nkind: de-an\nprovince: Cao Bằng\nsource: https://a.vn/x\n" + years, "p.yml")
    assert Project.model_validate(loaded.value).years == shown
