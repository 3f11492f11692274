"""What Decree 42/2022/NĐ-CP asks a state agency's portal to publish and provide, and where this
portal has each item: present (with links), incomplete (and what is missing), or missing.

The rows are the clauses read in public copies of the decree (SOURCES; docs/developers.md says
which could not be read). A clause whose point letter could not be confirmed is cited by its article
and clause only. Each check reads the catalog, never a fixed answer: a portal that adds the missing
content sees its row change at the next build.

`khuyencong compliance` prints the table; `/thong-tin-theo-nghi-dinh-42/` shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.entries import SECTIONS

STATES = {"co": ("Có", "present"), "chua-du": ("Chưa đủ", "incomplete"), "chua-co": ("Chưa có", "missing")}

# Public copies of the decree the rows were read in (stored pages; the official Gazette was not reachable).
# (address, title, what it gave). A row links the copy its wording comes from.
SOURCES = {
    "vn1": ("https://baomoi.net.vn/cac-kenh-cung-cap-thong-tin-cua-co-quan-nha-nuoc-tren-mang-c43021472.epi",
            "Các kênh cung cấp thông tin của cơ quan nhà nước trên mạng (Báo Mới, đăng lại tin Cổng TTĐT Chính phủ)",
            "lời văn Điều 4 khoản 1 các điểm a, b, c"),
    "vn2": ("https://truyenhinhthanhhoa.vn/print/cung-cap-thong-tin-va-dich-vu-cong-truc-tuyen-cua-co-quan-nha-nuoc-tren-"
            "moi-truong-mang-180220801134314478.htm",
            "Cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng (Truyền hình "
            "Thanh Hóa, đăng lại tin Cổng TTĐT Chính phủ)", "lời văn về chức năng, cơ cấu tổ chức và liên hệ"),
    "vn3": ("https://vietjack.me/phap-luat/nghi-dinh-42-2022-nd-cp-1772.html", "Nghị định 42/2022/NĐ-CP (VietJack)",
            "lời văn Điều 4 khoản 1 các điểm d, đ; danh mục thông tin phải công khai; báo cáo tài chính, thống kê"),
    "en-a": ("https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/what-are-regulations-on-"
             "the-provision-of-online-information-of-regulatory-bodies-in-vietnam-370340",
             "Regulations on the provision of online information of regulatory bodies (LawNet, tiếng Anh)",
             "chữ cái các điểm a đến đ của Điều 4 khoản 1"),
    "d7-1": ("https://thuvienphapluat.vn/hoi-dap-phap-luat/839FDAB-hd-cong-thong-tin-dien-tu-la-gi-cac-chuc-nang-ho-"
             "tro-co-ban-cua-cong-thong-tin-dien-tu.html",
             "Cổng thông tin điện tử là gì? Các chức năng hỗ trợ cơ bản (Thư viện Pháp luật)",
             "lời văn Điều 7 khoản 1 các điểm a, b, c"),
    "d7-2": ("https://lawnet.vn/thong-tin-phap-luat/thong-bao-van-ban-moi/cac-chuc-nang-ho-tro-co-ban-cua-cong-thong-"
             "tin-dien-tu-103052.html", "Các chức năng hỗ trợ cơ bản của cổng thông tin điện tử (LawNet)",
             "lời văn Điều 7 khoản 2 (thông tin bằng tiếng Anh và việc cập nhật)"),
    "d8": ("https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/what-are-regulations-on-"
           "online-interaction-with-organizations-and-individuals-of-regulatory-bodies-in-vietnam-370313",
           "Regulations on online interaction with organizations and individuals (LawNet, tiếng Anh)",
           "Điều 8 khoản 1 các điểm a đến đ, chỉ có bản tiếng Anh"),
    "nd224": ("https://github.com/diepxuan/diepxuan.github.io/blob/3c4977d6dbc9164c97bacdbce1d6fca1c99f5563/van-ban/"
              "hanh-chinh/224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md",
              "Nghị định 224/2026/NĐ-CP, bản chép công khai từ LuatVietnam (chưa đối chiếu với Công báo)",
              "Điều 90 khoản 2 điểm b: Nghị định 42/2022/NĐ-CP hết hiệu lực từ 01/07/2026"),
}


@dataclass(frozen=True)
class Finding:
    state: str  # co | chua-du | chua-co
    links: tuple[tuple[str, str], ...] = ()  # (label, site-relative address)
    note: str = ""


@dataclass(frozen=True)
class Row:
    id: str
    cite: str  # "Điều 4 khoản 1 điểm a"
    requirement: str  # what the clause asks, in our own words
    source: str  # the key of SOURCES its wording comes from
    check: Callable[[Any], Finding]
    translated: bool = False  # worded from an English copy: the Vietnamese text was not read


def _legal_attributes(cat: Any) -> Finding:
    texts = cat.legal
    if not texts:
        return Finding("chua-co", note="Chưa có văn bản nào.")
    lacking = [e for e in texts if not (e.model.number and e.model.issued and e.model.effective)]
    links = ((SECTIONS["legal"][1], SECTIONS["legal"][0] + "/"),)
    if lacking:
        return Finding("chua-du", links, f"{len(lacking)}/{len(texts)} văn bản chưa ghi đủ số ký hiệu, ngày ban hành "
                                         "và ngày có hiệu lực (nguồn công khai chưa nêu); chưa đồng bộ với Cơ sở dữ "
                                         "liệu quốc gia về văn bản pháp luật.")
    return Finding("chua-du", links, f"{len(texts)} văn bản, mỗi văn bản có loại, cơ quan ban hành, số ký hiệu, ngày "
                                     "ban hành, ngày có hiệu lực và trích yếu; chưa đồng bộ với Cơ sở dữ liệu quốc gia "
                                     "về văn bản pháp luật.")


def _legal_files(cat: Any) -> Finding:
    texts = cat.legal
    with_file = [e for e in texts if e.extra.get("attachment")]
    links = ((SECTIONS["legal"][1], SECTIONS["legal"][0] + "/"),)
    if not with_file:
        return Finding("chua-co", links, "Chưa văn bản nào có tệp để tải về; mỗi văn bản dẫn tới nguồn công khai.")
    if len(with_file) < len(texts):
        return Finding("chua-du", links, f"{len(with_file)}/{len(texts)} văn bản có tệp để tải về.")
    return Finding("co", links, f"Cả {len(texts)} văn bản có tệp để tải về.")


def _search(cat: Any) -> Finding:
    return Finding("co", (("Tìm kiếm", "tim-kiem/"), ("Văn bản theo loại, cơ quan, năm, hiệu lực", "van-ban/")),
                   "Tìm được khi gõ có dấu hoặc không dấu, theo số ký hiệu văn bản; lọc theo loại, tỉnh, năm.")


def _procedures(cat: Any) -> Finding:
    if not cat.procedures:
        return Finding("chua-co", note="Chưa có thủ tục nào.")
    return Finding("chua-du", (("Thủ tục", "thu-tuc/"),),
                   f"Có {len(cat.procedures)} thủ tục, mỗi thủ tục nêu các bước và căn cứ pháp lý; chưa tích hợp từ "
                   "Cổng Dịch vụ công quốc gia.")


def _guidance(cat: Any) -> Finding:
    links = tuple((label, url) for label, url, have in (
        ("Tôi được hỗ trợ gì?", "ho-tro/", cat.needs), ("Mức hỗ trợ", "muc-ho-tro/", cat.support_levels),
        ("Hỏi đáp", "hoi-dap/", cat.questions)) if have)
    return Finding("co" if len(links) == 3 else "chua-du" if links else "chua-co", links)


def _programmes(cat: Any) -> Finding:
    links = tuple((label, url) for label, url, have in (
        ("Đề án, mô hình trình diễn", "de-an/", cat.projects), ("Tiến độ đề án", "de-an/tien-do/", cat.projects),
        ("Số liệu chương trình", "so-lieu/", cat.statistics)) if have)
    if not links:
        return Finding("chua-co", note="Chưa có đề án hay số liệu nào.")
    return Finding("chua-du", links, "Chưa có chương trình, kế hoạch công tác hằng năm của cơ quan.")


def _agency(cat: Any) -> Finding:
    owner = cat.owner
    links = [("Giới thiệu", "gioi-thieu/")] if any(p.src_uri == "gioi-thieu.md" for p in cat.pages) else []
    if cat.organisations:
        links.append(("Danh bạ liên hệ", "danh-ba/"))
    if owner is None or owner.sample:
        return Finding("chua-du", tuple(links), "Cổng chưa ghi cơ quan chủ quản; chưa có chức năng, nhiệm vụ, sơ đồ "
                                                "tổ chức và đầu mối liên hệ của cơ quan.")
    return Finding("chua-du", tuple(links), "Chưa có sơ đồ tổ chức của cơ quan và các đơn vị trực thuộc.")


def _statistics(cat: Any) -> Finding:
    if not cat.statistics:
        return Finding("chua-co", note="Chưa có số liệu nào.")
    return Finding("chua-du", (("Số liệu", "so-lieu/"), ("Dữ liệu mở", "du-lieu/")),
                   f"{len(cat.statistics)} số liệu của chương trình khuyến công tổng hợp từ nguồn công khai, mỗi số "
                   "liệu ghi nguồn; chưa có thống kê chính thức của cơ quan.")


def _missing(note: str) -> Callable[[Any], Finding]:
    return lambda cat: Finding("chua-co", note=note)


def _links(cat: Any) -> Finding:
    with_site = [e for e in cat.organisations if e.model.website]
    if not with_site:
        return Finding("chua-co", note="Danh bạ chưa có địa chỉ trang thông tin của cơ quan nào.")
    return Finding("co", (("Danh bạ liên hệ", "danh-ba/"),),
                   f"{len(with_site)} cơ quan trong danh bạ có đường dẫn tới trang thông tin điện tử của mình.")


def _print_archive(cat: Any) -> Finding:
    return Finding("co", (("Lưu trữ tin theo năm, tháng", "tin-tuc/"),),
                   "Mỗi tin, bài in ra không kèm thanh điều hướng; địa chỉ trang được in ở cuối khi trình duyệt chạy "
                   "JavaScript (không có JavaScript, chỉ có địa chỉ trình duyệt tự in ở lề trang, nếu bật tùy chọn "
                   "này); tin lưu trữ theo năm, tháng.")


def _english(cat: Any) -> Finding:
    return Finding("chua-du", (("Giới thiệu (tiếng Anh)", "en/"), ("Danh bạ (tiếng Anh)", "en/directory/")),
                   "Có giới thiệu chương trình khuyến công và danh bạ các cơ quan bằng tiếng Anh; chưa có cơ cấu tổ "
                   "chức, chức năng, nhiệm vụ của cơ quan chủ quản và họ tên, chức vụ của cán bộ đầu mối; ghi chú "
                   "trong danh bạ còn bằng tiếng Việt.")


def _english_current(cat: Any) -> Finding:
    return Finding("co", (("Giới thiệu (tiếng Anh)", "en/"),),
                   "Các trang tiếng Anh lấy từ cùng dữ liệu với trang tiếng Việt, nên đổi theo mỗi lần cập nhật.")


def _questions(cat: Any) -> Finding:
    if not cat.questions:
        return Finding("chua-co", note="Chưa có hỏi đáp.")
    return Finding("chua-du", (("Hỏi đáp", "hoi-dap/"), ("Danh bạ liên hệ", "danh-ba/")),
                   "Có câu hỏi thường gặp và nơi liên hệ; chưa có cách gửi câu hỏi, góp ý trực tuyến trên cổng.")


ROWS = (
    Row("van-ban-thuoc-tinh", "Điều 4 khoản 1 điểm a",
        "Văn bản quy phạm pháp luật và văn bản quản lý hành chính thuộc thẩm quyền ban hành hoặc được giao chủ trì "
        "soạn thảo, nêu rõ hình thức văn bản, thẩm quyền ban hành, số ký hiệu, ngày ban hành, ngày hiệu lực, trích "
        "yếu; bảo đảm đồng bộ với Cơ sở dữ liệu quốc gia về văn bản pháp luật hoặc Công báo.", "vn1",
        _legal_attributes),
    Row("van-ban-tep", "Điều 4 khoản 1 điểm a", "Tệp văn bản cho phép tải về.", "vn1", _legal_files),
    Row("van-ban-tim-kiem", "Điều 4 khoản 1 điểm a", "Công cụ tìm kiếm văn bản.", "vn1", _search),
    Row("dieu-uoc", "Điều 4 khoản 1 điểm b",
        "Điều ước quốc tế mà Việt Nam là thành viên, thỏa thuận quốc tế mà Việt Nam là một bên.", "vn1",
        _missing("Cổng chưa đăng điều ước, thỏa thuận quốc tế nào; cơ quan chủ quản cần xác định điều ước, thỏa "
                 "thuận nào thuộc lĩnh vực mình quản lý để đăng.")),
    Row("thu-tuc", "Điều 4 khoản 1 điểm c",
        "Thủ tục hành chính, dịch vụ công trực tuyến, quy trình giải quyết công việc, thống nhất và tích hợp từ Cổng "
        "Dịch vụ công quốc gia, cổng dịch vụ công cấp bộ, cấp tỉnh.", "vn1", _procedures),
    Row("pho-bien", "Điều 4 khoản 1 điểm d",
        "Thông tin phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách đối với những lĩnh vực thuộc phạm vi "
        "quản lý.", "vn3", _guidance),
    Row("chuong-trinh", "Điều 4 khoản 1 điểm đ",
        "Chiến lược, chương trình, dự án, đề án, kế hoạch, quy hoạch phát triển kinh tế - xã hội của quốc gia, địa "
        "phương; quy hoạch ngành, lĩnh vực và phương thức, kết quả thực hiện; chương trình, kế hoạch công tác hằng "
        "năm của cơ quan.", "vn3", _programmes),
    Row("co-quan", "Điều 4 khoản 1",
        "Chức năng, nhiệm vụ, quyền hạn, cơ cấu tổ chức, sơ đồ tổ chức của cơ quan và đơn vị trực thuộc; địa chỉ, số "
        "điện thoại, số fax, thư điện tử của cơ quan; họ tên, chức vụ, đơn vị, điện thoại, thư điện tử của cán bộ làm "
        "đầu mối liên hệ.", "vn2", _agency),
    Row("danh-muc", "Điều 4 khoản 1", "Danh mục thông tin phải được công khai (theo pháp luật về tiếp cận thông tin).",
        "vn3", _missing("Cổng chưa có danh mục này; cơ quan chủ quản lập danh mục thông tin phải công khai của mình.")),
    Row("thong-ke", "Điều 4 khoản 1", "Thông tin thống kê về ngành, lĩnh vực quản lý.", "vn3", _statistics),
    Row("tai-chinh", "Điều 4 khoản 1", "Báo cáo tài chính năm của cơ quan.", "vn3",
        _missing("Cổng chưa đăng báo cáo tài chính năm; đây là thông tin của cơ quan chủ quản.")),
    Row("tim-kiem", "Điều 7 khoản 1 điểm a",
        "Chức năng tra cứu, tìm kiếm đầy đủ và chính xác nội dung thông tin, tin, bài.", "d7-1", _search),
    Row("lien-ket", "Điều 7 khoản 1 điểm b",
        "Đường liên kết đầy đủ, chính xác đến cổng thông tin điện tử của cơ quan nhà nước khác có liên quan.", "d7-1",
        _links),
    Row("in-luu-tru", "Điều 7 khoản 1 điểm c", "Chức năng in ấn và lưu trữ cho mỗi tin, bài.", "d7-1",
        _print_archive),
    Row("tieng-anh", "Điều 7 khoản 2",
        "Thông tin bằng tiếng Anh: cơ cấu tổ chức, chức năng, nhiệm vụ, quyền hạn của cơ quan và đơn vị trực thuộc; "
        "thông tin liên hệ của cán bộ có thẩm quyền (họ tên, chức vụ, đơn vị, điện thoại, fax, thư điện tử).", "d7-2",
        _english),
    Row("tieng-anh-cap-nhat", "Điều 7 khoản 2",
        "Các mục thông tin bằng tiếng Anh được cập nhật kịp thời khi có thay đổi.", "d7-2", _english_current),
    Row("hoi-dap", "Điều 8 khoản 1 điểm a",
        "Chức năng hỏi đáp, tiếp nhận phản hồi: tổ chức, cá nhân gửi câu hỏi, ý kiến trực tuyến và theo dõi việc "
        "xử lý.", "d8", _questions, translated=True),
    Row("mang-xa-hoi", "Điều 8 khoản 1 điểm b", "Chức năng mạng xã hội.", "d8",
        _missing("Cổng chưa có chức năng này."), translated=True),
    Row("xay-dung-phap-luat", "Điều 8 khoản 1 điểm c",
        "Cho phép tổ chức, cá nhân tham gia xây dựng pháp luật, chính sách của cơ quan.", "d8",
        _missing("Cổng chưa có mục lấy ý kiến góp ý."), translated=True),
    Row("danh-gia", "Điều 8 khoản 1 điểm d",
        "Cho phép tổ chức, cá nhân đánh giá việc cung cấp thông tin trực tuyến (giao diện, nội dung, chất lượng, hỗ "
        "trợ).", "d8", _missing("Cổng chưa có chức năng đánh giá; cần một dịch vụ tiếp nhận của cơ quan chủ quản."),
        translated=True),
    Row("cong-khai-tuong-tac", "Điều 8 khoản 1 điểm đ",
        "Công khai thông tin về việc tương tác với tổ chức, cá nhân theo quy định.", "d8",
        _missing("Cổng chưa có chức năng tương tác trực tuyến nên chưa có thông tin này."), translated=True),
)


def checklist(cat: Any) -> list[tuple[Row, Finding]]:
    return [(row, row.check(cat)) for row in ROWS]
