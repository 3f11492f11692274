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

# Public copies of the decree the rows were read in (stored pages; the official Công báo was not reachable).
SOURCES = {
    "d4": ("https://baomoi.net.vn/cac-kenh-cung-cap-thong-tin-cua-co-quan-nha-nuoc-tren-mang-c43021472.epi",
           "Các kênh cung cấp thông tin của cơ quan nhà nước trên mạng (Báo Mới, đăng lại tin Cổng TTĐT Chính phủ)"),
    "d4-letters": ("https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/"
                   "what-are-regulations-on-the-provision-of-online-information-of-regulatory-bodies-in-vietnam-370340",
                   "Regulations on the provision of online information of regulatory bodies (LawNet, tiếng Anh)"),
    "d7-1": ("https://thuvienphapluat.vn/hoi-dap-phap-luat/839FDAB-hd-cong-thong-tin-dien-tu-la-gi-cac-chuc-nang-ho-tro-"
             "co-ban-cua-cong-thong-tin-dien-tu.html",
             "Cổng thông tin điện tử là gì? Các chức năng hỗ trợ cơ bản (Thư viện Pháp luật)"),
    "d7-2": ("https://lawnet.vn/thong-tin-phap-luat/thong-bao-van-ban-moi/cac-chuc-nang-ho-tro-co-ban-cua-cong-thong-"
             "tin-dien-tu-103052.html", "Các chức năng hỗ trợ cơ bản của cổng thông tin điện tử (LawNet)"),
    "nd224": ("https://github.com/diepxuan/diepxuan.github.io/blob/3c4977d6dbc9164c97bacdbce1d6fca1c99f5563/van-ban/"
              "hanh-chinh/224-2026-nd-cp-thi-hanh-luat-chuyen-doi-so.md",
              "Nghị định 224/2026/NĐ-CP, bản chép công khai từ LuatVietnam (chưa đối chiếu với Công báo)"),
    "d8": ("https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/what-are-regulations-on-"
           "online-interaction-with-organizations-and-individuals-of-regulatory-bodies-in-vietnam-370313",
           "Regulations on online interaction with organizations and individuals (LawNet, tiếng Anh)"),
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
    source: str  # a key of SOURCES
    check: Callable[[Any], Finding]


def _legal_attributes(cat: Any) -> Finding:
    texts = cat.legal
    if not texts:
        return Finding("chua-co", note="Chưa có văn bản nào.")
    lacking = [e for e in texts if not (e.model.number and e.model.issued and e.model.effective)]
    links = ((SECTIONS["legal"][1], SECTIONS["legal"][0] + "/"),)
    if lacking:
        return Finding("chua-du", links, f"{len(lacking)}/{len(texts)} văn bản chưa ghi đủ số ký hiệu, ngày ban hành "
                                         "và ngày có hiệu lực (nguồn công khai chưa nêu).")
    return Finding("co", links, f"{len(texts)} văn bản, mỗi văn bản có loại, cơ quan ban hành, số ký hiệu, ngày ban "
                                "hành, ngày có hiệu lực và trích yếu.")


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
                   f"{len(cat.procedures)} thủ tục với các bước và căn cứ pháp lý; chưa tích hợp từ Cổng "
                   "Dịch vụ công quốc gia.")


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
        return Finding("chua-du", tuple(links), "Cổng mẫu chưa ghi cơ quan chủ quản (site_data/portal.yml); chưa có "
                                                "sơ đồ tổ chức và đầu mối liên hệ của cơ quan.")
    return Finding("chua-du", tuple(links), "Chưa có sơ đồ tổ chức của cơ quan và các đơn vị trực thuộc.")


def _statistics(cat: Any) -> Finding:
    if not cat.statistics:
        return Finding("chua-co", note="Chưa có số liệu nào.")
    return Finding("co", (("Số liệu", "so-lieu/"), ("Dữ liệu mở", "du-lieu/")),
                   f"{len(cat.statistics)} số liệu của chương trình khuyến công, mỗi số liệu có nguồn.")


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
                   "Mỗi tin, bài in ra không kèm thanh điều hướng, có địa chỉ trang ở cuối; tin lưu trữ theo năm, "
                   "tháng.")


def _english(cat: Any) -> Finding:
    return Finding("chua-du", (("Giới thiệu (tiếng Anh)", "en/"), ("Danh bạ (tiếng Anh)", "en/directory/")),
                   "Có chức năng, nhiệm vụ của chương trình và danh bạ cơ quan bằng tiếng Anh; chưa có họ tên, chức vụ "
                   "của cán bộ đầu mối.")


def _questions(cat: Any) -> Finding:
    if not cat.questions:
        return Finding("chua-co", note="Chưa có hỏi đáp.")
    return Finding("chua-du", (("Hỏi đáp", "hoi-dap/"), ("Danh bạ liên hệ", "danh-ba/")),
                   "Có câu hỏi thường gặp và nơi liên hệ; chưa có cách gửi câu hỏi, góp ý trực tuyến trên cổng.")


ROWS = (
    Row("van-ban-thuoc-tinh", "Điều 4 khoản 1 điểm a",
        "Văn bản quy phạm pháp luật và văn bản quản lý hành chính, nêu rõ hình thức văn bản, thẩm quyền ban hành, số "
        "ký hiệu, ngày ban hành, ngày hiệu lực, trích yếu.", "d4", _legal_attributes),
    Row("van-ban-tep", "Điều 4 khoản 1 điểm a", "Tệp văn bản cho phép tải về.", "d4", _legal_files),
    Row("van-ban-tim-kiem", "Điều 4 khoản 1 điểm a", "Công cụ tìm kiếm văn bản.", "d4", _search),
    Row("dieu-uoc", "Điều 4 khoản 1 điểm b",
        "Điều ước quốc tế mà Việt Nam là thành viên, thỏa thuận quốc tế mà Việt Nam là một bên.", "d4",
        _missing("Cổng chưa đăng điều ước, thỏa thuận quốc tế nào; cơ quan vận hành xác định những văn bản thuộc "
                 "lĩnh vực của mình.")),
    Row("thu-tuc", "Điều 4 khoản 1 điểm c",
        "Thủ tục hành chính, dịch vụ công trực tuyến, quy trình giải quyết công việc, thống nhất và tích hợp từ Cổng "
        "Dịch vụ công quốc gia, cổng dịch vụ công cấp bộ, cấp tỉnh.", "d4", _procedures),
    Row("pho-bien", "Điều 4 khoản 1 điểm d",
        "Thông tin phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách trong lĩnh vực quản lý.", "d4",
        _guidance),
    Row("chuong-trinh", "Điều 4 khoản 1 điểm đ",
        "Chiến lược, chương trình, dự án, đề án, kế hoạch, quy hoạch và phương thức, kết quả thực hiện; chương trình, "
        "kế hoạch công tác hằng năm của cơ quan.", "d4", _programmes),
    Row("co-quan", "Điều 4 khoản 1",
        "Chức năng, nhiệm vụ, quyền hạn, cơ cấu tổ chức, sơ đồ tổ chức của cơ quan và đơn vị trực thuộc; địa chỉ, số "
        "điện thoại, số fax, thư điện tử của cơ quan; họ tên, chức vụ, đơn vị, điện thoại, thư điện tử của cán bộ làm "
        "đầu mối liên hệ.", "d4", _agency),
    Row("thong-ke", "Điều 4 khoản 1", "Thông tin thống kê về ngành, lĩnh vực quản lý.", "d4", _statistics),
    Row("tai-chinh", "Điều 4 khoản 1", "Báo cáo tài chính năm của cơ quan.", "d4",
        _missing("Cổng chưa đăng báo cáo tài chính năm; đây là thông tin của cơ quan vận hành.")),
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
    Row("hoi-dap", "Điều 8 khoản 1 điểm a",
        "Chức năng hỏi đáp, tiếp nhận phản hồi trực tuyến của tổ chức, cá nhân.", "d8", _questions),
    Row("danh-gia", "Điều 8 khoản 1 điểm d",
        "Cho phép tổ chức, cá nhân đánh giá việc cung cấp thông tin trực tuyến (giao diện, nội dung, chất lượng).",
        "d8",
        _missing("Cổng tĩnh chưa có chức năng đánh giá; cần một dịch vụ tiếp nhận của cơ quan vận hành.")),
)


def checklist(cat: Any) -> list[tuple[Row, Finding]]:
    return [(row, row.check(cat)) for row in ROWS]
