"""One user-error type carrying every problem found in site_data/ and content/.

A user mistake is reported as `path:line:col: field: message` in plain words, all problems
together, with no traceback. A bug in the generator stays a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from generator.kinds import KINDS as ALL_KINDS

# What a build that sets its cache aside does instead (the end of the cache_* messages).
_CACHE_OFF = ("; không dùng bộ nhớ đệm, trang được dựng từ đầu",
              "; the build cache is not used and the site is built from nothing")

# Message catalogue: code → (Vietnamese, English). Vietnamese is the default; the
# `KHUYENCONG_LANG=en` environment variable (or `--lang en`) switches to English.
MESSAGES: dict[str, tuple[str, str]] = {
    "yaml_syntax": (
        "lỗi cú pháp YAML: {hint}. Kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép ở dòng này",
        "YAML syntax error: {hint}. Check the indentation, colons and quotes on this line",
    ),
    "yaml_tab": (
        "có ký tự Tab; YAML chỉ chấp nhận dấu cách để thụt lề. Thay Tab bằng dấu cách",
        "a Tab character; YAML indents with spaces only. Replace the Tab with spaces",
    ),
    "duplicate_key": (
        "khóa '{key}' xuất hiện hai lần (lần đầu ở dòng {first}). Xóa một trong hai",
        "key '{key}' appears twice (first on line {first}). Remove one of them",
    ),
    "alias": (
        "không dùng neo/bí danh YAML (&, *) trong dữ liệu. Viết đầy đủ giá trị",
        "YAML anchors and aliases (&, *) are not allowed in data. Write the value out",
    ),
    "too_deep": (
        "dữ liệu lồng nhau quá {limit} cấp. Kiểm tra dấu ngoặc hoặc thụt lề",
        "data nested deeper than {limit} levels. Check the brackets or indentation",
    ),
    "too_large": (
        "tệp quá lớn ({size} byte, tối đa {limit}). Tách thành nhiều tệp nhỏ hơn",
        "file too large ({size} bytes, at most {limit}). Split it into smaller files",
    ),
    "not_utf8": (
        "tệp không phải mã UTF-8 (byte lạ ở vị trí này). Lưu lại tệp với mã hóa UTF-8",
        "the file is not UTF-8 (a stray byte here). Save it again as UTF-8",
    ),
    "stray_line_break": (
        "dấu xuống dòng lạ {char} ({name}) ở đây: trình soạn thảo không hiện nó, nhưng chương trình đọc tệp coi là "
        "xuống dòng, nên số dòng và nội dung bị lệch. Thay bằng một dấu xuống dòng thường (phím Enter) hoặc xóa",
        "an unusual line break {char} ({name}) here: editors do not show it, but the programs that read the file "
        "break the line there, so line numbers and content shift. Replace it with an ordinary line break (the Enter "
        "key) or delete it",
    ),
    "control_char": (
        "ký tự điều khiển {char} ({name}) ở đây, không hiển thị được và làm hỏng nguồn tin, lịch. Xóa ký tự này "
        "(thường lẫn vào khi sao chép)",
        "control character {char} ({name}) here: it cannot be shown and breaks feeds and calendars. Delete it (it "
        "usually comes in with copy and paste)",
    ),
    "control_escape": (
        "ký tự điều khiển {char} ({name}) viết bằng mã thoát trong ngoặc kép (như \\x01 hay \\u0007): không hiển thị "
        "được và làm hỏng nguồn tin, lịch. Xóa mã này",
        "control character {char} ({name}) written as an escape in double quotes (like \\x01 or \\u0007): it cannot "
        "be shown and breaks feeds and calendars. Delete the escape",
    ),
    "empty_slug": (
        "không tạo được địa chỉ trang từ tiêu đề này (không có chữ hoặc số). Thêm trường 'id' viết bằng chữ thường "
        "không dấu, ví dụ 'che-tan-cuong'",
        "no page address can be made from this title (it has no letters or digits). Add an 'id' in lower-case "
        "letters, e.g. 'che-tan-cuong'",
    ),
    "reserved_slug": (
        "địa chỉ '{value}' trùng với trang cổng tự tạo. Đặt 'id' khác",
        "the address '{value}' is one the portal writes itself. Choose another 'id'",
    ),
    "one_line": ("trường này chỉ được viết trên một dòng. Nối các dòng lại (dùng 'summary' hoặc 'description' cho "
                 "đoạn dài)",
                 "this field must be a single line. Join the lines (use 'summary' or 'description' for longer text)"),
    "owner_incomplete": ("chưa đủ thông tin cơ quan chủ quản: cần 'agency', 'address' và 'phone' hoặc 'email' (hoặc "
                         "'sample: true' nếu đây là bản mẫu)",
                         "the owning agency is incomplete: 'agency', 'address' and 'phone' or 'email' are needed (or "
                         "'sample: true' for a sample)"),
    "icon_missing": ("không tìm thấy biểu tượng '{value}' (extra.icon) trong content/ hay thư mục giao diện. Kiểm "
                     "tra đường dẫn",
                     "the icon '{value}' (extra.icon) is in neither content/ nor the theme folder. Check the path"),
    "icon_bad": ("biểu tượng '{value}' (extra.icon) không dùng được: {why}. Dùng ảnh PNG vuông, cạnh ít nhất 512 "
                 "điểm ảnh",
                 "the icon '{value}' (extra.icon) cannot be used: {why}. Use a square PNG of at least 512 pixels"),
    "citation_order": ("trích dẫn căn cứ thiếu cấp trên: có 'point' thì phải có 'clause', có 'clause' thì phải có "
                       "'article'",
                       "a citation skips a level: a 'point' needs its 'clause', a 'clause' needs its 'article'"),
    "place_rule_overlap": ("quy định về địa bàn '{value}' trùng trường hợp với '{other}' ({case}). Mỗi trường hợp "
                           "chỉ được một quy định",
                           "the place rule '{value}' covers the same case as '{other}' ({case}). Each case may have "
                           "one rule only"),
    "place_rule_gap": ("chưa có quy định về địa bàn cho {case}. Thêm quy định cho trường hợp này vào "
                       "site_data/eligibility.yml",
                       "no place rule covers {case}. Add a rule for this case to site_data/eligibility.yml"),
    "place_rule_page": ("quy định '{value}' cần 'page' (đoạn cuối địa chỉ trang trả lời) vì công cụ phải hỏi trường "
                        "hợp này",
                        "the rule '{value}' needs a 'page' (the last part of its answer's address), since the finder "
                        "must ask about this case"),
    "cycle": ("quan hệ vòng tròn: {chain}. Bỏ một quan hệ trên vòng này",
              "the relations loop: {chain}. Remove one relation on this loop"),
    "too_nested": ("đoạn văn lồng danh sách hoặc trích dẫn quá {limit} cấp (dòng {at} của đoạn). Bớt cấp lồng nhau",
                   "lists or quotes nested deeper than {limit} levels (line {at} of the text). Nest less"),
    "too_nested_body": ("danh sách hoặc trích dẫn lồng nhau quá {limit} cấp từ dòng này. Bớt cấp lồng nhau",
                        "lists or quotes nested deeper than {limit} levels from this line. Nest less"),
    "symlink": ("liên kết tượng trưng (symlink) không được phép trong thư mục nội dung. Chép tệp thật vào đây",
                "symbolic links are not allowed in the content folders. Copy the real file here"),
    "yml_name": ("tệp dữ liệu phải có đuôi .yml (chữ thường). Đổi tên '{name}'",
                 "data files end in .yml (lower case). Rename '{name}'"),
    "md_name": ("trang phải có đuôi .md. Đổi tên '{name}'", "pages end in .md. Rename '{name}'"),
    "not_published": ("cổng không đăng loại tệp như '{name}'. Trong content/ chỉ được có trang (.md), ảnh "
                      "({pictures}) và tài liệu ({documents}). "
                      "Chuyển tệp sang một loại này (trang .html viết lại bằng .md, hình .svg xuất ra .png) hoặc xóa "
                      "tệp",
                      "the portal does not publish files like '{name}'. content/ may hold only pages (.md), pictures "
                      "({pictures}) and documents "
                      "({documents}). Convert the file to one of these (rewrite an .html page in .md, export an .svg "
                      "drawing as .png) or delete it"),
    "code_place": ("tệp {suffix} là mã của cổng (do người phát triển quản lý), chỉ được đặt ở {place}. Chuyển "
                   "'{name}' vào đó, hoặc xóa nếu đây là tệp tải lên",
                   "{suffix} files are the portal's own code (kept by its developers), allowed only in {place}. Move "
                   "'{name}' there, or delete it if it is an upload"),
    "config_tag": ("thẻ '{tag}' trong mkdocs.yml sẽ chạy mã khi dựng trang. Xóa thẻ này (chỉ cho phép !ENV và "
                   "!!python/name:generator....)",
                   "the tag '{tag}' in mkdocs.yml would run code during the build. Remove it (only !ENV and "
                   "!!python/name:generator.... are allowed)"),
    "config_file": ("'{value}' phải là một tệp của cổng (đường dẫn trong content/ hay thư mục giao diện), không phải "
                    "địa chỉ: trang chỉ chạy và hiện tệp của chính cổng (Content-Security-Policy)",
                    "'{value}' must be a file of the portal (a path in content/ or the theme folder), not an "
                    "address: pages run and show only the portal's own files (Content-Security-Policy)"),
    "server_path": ("đường dẫn '{value}' có {unwritable}, mà cấu hình {server} không ghi được. Chọn thư mục có tên "
                    "khác",
                    "the path '{value}' holds {unwritable}, which the {server} configuration cannot hold. Choose a "
                    "folder with another name"),
    "server_listen": ("'{value}' không phải một cổng hay địa chỉ:cổng. Viết ví dụ 8080, 127.0.0.1:8080 hoặc [::1]:8080",
                      "'{value}' is not a port or address:port. Write e.g. 8080, 127.0.0.1:8080 or [::1]:8080"),
    "generated_place": ("cổng tự tạo tệp ở vị trí này (nguồn tin, chỉ mục tìm kiếm, biểu đồ, lịch, ảnh thu nhỏ). Đặt "
                        "'{name}' ở thư mục khác",
                        "the portal writes its own files here (feeds, search index, charts, calendars, picture "
                        "copies). Put '{name}' elsewhere"),
    "empty_file": ("tệp rỗng. Thêm nội dung hoặc xóa tệp", "the file is empty. Add content or delete it"),
    "yaml_tag": (
        "thẻ YAML '{tag}' không được phép. Xóa thẻ này",
        "YAML tag '{tag}' is not allowed. Remove it",
    ),
    "expected_list": (
        "tệp phải là một danh sách, mỗi mục bắt đầu bằng '- '",
        "the file must be a list, each item starting with '- '",
    ),
    "expected_item_or_list": (
        "tệp phải là một mục (các cặp 'khóa: giá trị') hoặc một danh sách các mục, mỗi mục bắt đầu bằng '- '",
        "the file must be one item ('key: value' pairs) or a list of items, each starting with '- '",
    ),
    "expected_mapping": (
        "mỗi mục phải là các cặp 'khóa: giá trị'",
        "each item must be a set of 'key: value' pairs",
    ),
    "missing": ("thiếu trường bắt buộc '{name}'", "required field '{name}' is missing"),
    "extra": (
        "trường '{name}' không được hỗ trợ. Xem danh sách trường trong docs/data-reference.md",
        "unknown field '{name}'. See the list of fields in docs/data-reference.md",
    ),
    "extra_near": (
        "trường '{name}' không được hỗ trợ; có phải ý bạn là '{near}'?",
        "unknown field '{name}'; did you mean '{near}'?",
    ),
    "invalid": ("giá trị không hợp lệ: {detail}", "invalid value: {detail}"),
    "bad_date": (
        "ngày không hợp lệ '{value}'. Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-09-23",
        "invalid date '{value}'. Write it as YEAR-MONTH-DAY, e.g. 2025-09-23",
    ),
    "bad_choice": (
        "giá trị '{value}' không có trong danh sách cho phép: {choices}",
        "'{value}' is not one of the allowed values: {choices}",
    ),
    "yaml_bool_number": ("YAML đọc yes, no, on, off, true, false là có/không, không phải số. Ghi con số vào đây",
                         "YAML reads yes, no, on, off, true and false as yes or no, not as a number. Write the "
                         "number here"),
    "yaml_bool_text": ("YAML đọc yes, no, on, off, true, false là có/không, không phải chữ. Nếu muốn ghi chữ này, "
                       "đặt trong ngoặc kép, ví dụ \"yes\"",
                       "YAML reads yes, no, on, off, true and false as yes or no, not as text. To write the word, "
                       "put it in quotes: \"yes\""),
    "bad_type": ("cần {expected}, nhưng nhận được '{value}'", "expected {expected}, got '{value}'"),
    "unknown_province": (
        "không tìm thấy tỉnh, thành phố '{value}'. Xem danh sách trong site_data/provinces.yml",
        "unknown province '{value}'. See the list in site_data/provinces.yml",
    ),
    "unknown_province_near": (
        "không tìm thấy tỉnh, thành phố '{value}'. Có phải ý bạn là '{near}'?",
        "unknown province '{value}'. Did you mean '{near}'?",
    ),
    "unknown_ref": ("không tìm thấy {kind} '{value}'", "no {kind} '{value}' found"),
    "unknown_ref_near": (
        "không tìm thấy {kind} '{value}'. Có phải ý bạn là '{near}'?",
        "no {kind} '{value}' found. Did you mean '{near}'?",
    ),
    "bad_email": ("địa chỉ thư điện tử '{value}' không hợp lệ", "'{value}' is not a valid e-mail address"),
    "bad_phone": (
        "số điện thoại '{value}' chỉ được gồm chữ số, dấu cách và + ( ) - .",
        "phone number '{value}' may hold only digits, spaces and + ( ) - .",
    ),
    "bad_number": (
        "số ký hiệu '{value}' chỉ được gồm chữ, chữ số, dấu cách và / - . (ví dụ 45/2012/NĐ-CP)",
        "document number '{value}' may hold only letters, digits, spaces and / - . (e.g. '45/2012/NĐ-CP')",
    ),
    "bad_alias": (
        "'{value}' không phải địa chỉ cũ trên cổng: ghi đường dẫn bắt đầu bằng '/', chỉ gồm chữ, số và . _ ~ % - "
        "giữa các dấu '/', ví dụ /tin-tuc/ten-cu/",
        "'{value}' is not an old address on the portal: write a path starting with '/', holding only letters, digits "
        "and . _ ~ % - between slashes, e.g. /tin-tuc/old-name/",
    ),
    "alias_taken": (
        "địa chỉ cũ '/{value}' đang là địa chỉ của {other}: bỏ dòng này, hoặc ghi đúng địa chỉ cũ",
        "the old address '/{value}' is the live address of {other}: remove this line, or write the right old address",
    ),
    "review_overdue": (
        "đã quá hạn xem lại ({due}): rà soát nội dung, rồi ghi ngày xem lại mới vào 'review_by'",
        "overdue for review ({due}): check the content, then write the next review date in 'review_by'",
    ),
    "bad_slug": (
        "'{value}' chỉ được gồm chữ thường không dấu, chữ số và dấu '-'",
        "'{value}' may hold only lower-case letters without diacritics, digits and '-'",
    ),
    "duplicate_id": (
        "mã '{value}' đã được dùng ở {other}. Mỗi mục cần một mã riêng",
        "id '{value}' is already used in {other}. Each item needs its own id",
    ),
    "duplicate_url": (
        "trang {url} trùng địa chỉ với {other}. Đổi 'id' hoặc tên tệp của một trong hai",
        "page {url} has the same address as {other}. Change the 'id' or file name of one of them",
    ),
    "generated_url": (
        "trang {url} trùng địa chỉ với {owner}, trang cổng tự tạo. Đặt '{key}' khác",
        "page {url} has the address of {owner}, which the portal writes itself. Choose another '{key}'",
    ),
    "generated_url_file": (
        "trang {url} trùng địa chỉ với {owner}, trang cổng tự tạo. Đổi tên tệp",
        "page {url} has the address of {owner}, which the portal writes itself. Rename the file",
    ),
    "site_url_missing": (
        "cần địa chỉ công khai của cổng (site_url) để nguồn tin, lịch, sơ đồ trang và dữ liệu mở có liên kết đầy đủ. "
        "Thêm dòng 'site_url: https://...' vào mkdocs.yml",
        "the portal's public address (site_url) is needed for absolute links in feeds, calendars, the sitemap and "
        "open data. Add 'site_url: https://...' to mkdocs.yml",
    ),
    "po_missing": (
        "thiếu tệp bản dịch giao diện cho ngôn ngữ '{lang}'. Tạo lại bằng lệnh 'make translations'",
        "the interface translation for language '{lang}' is missing. Create it with 'make translations'",
    ),
    "po_invalid": (
        "dòng '{detail}' của bản dịch giao diện viết sai cú pháp gettext. Mỗi mục gồm một dòng msgid \"...\" rồi một "
        "dòng msgstr \"...\"; chữ đặt giữa hai dấu ngoặc kép, dấu ngoặc kép bên trong viết \\\"",
        "line '{detail}' of the interface translation is not valid gettext. Each entry is a msgid \"...\" line, then "
        "a msgstr \"...\" line; the text goes between two double quotes, and a double quote inside it is written \\\"",
    ),
    "po_symlink": (
        "bản dịch giao diện không được là liên kết tượng trưng (symlink), kể cả thư mục chứa nó; cổng không đọc thứ "
        "nó trỏ tới. Đặt tệp thật vào đây",
        "the interface translation, and the folders holding it, must not be symbolic links; the portal does not read "
        "what one points to. Put the real file here",
    ),
    "po_not_file": (
        "bản dịch giao diện ở đây không phải một tệp thông thường (có thể là thư mục). Đặt tệp messages.po thật vào "
        "đây",
        "the interface translation here is not an ordinary file (a folder, perhaps). Put the real messages.po file "
        "here",
    ),
    "po_no_msgid": (
        "dòng msgstr này không có dòng msgid đi trước. Mỗi bản dịch cần ngay trên nó một dòng msgid \"...\" với câu "
        "tiếng Việt gốc; chép lại dòng đó từ templates/locales/messages.pot",
        "this msgstr line has no msgid line before it. Each translation needs, just above it, a msgid \"...\" line "
        "with the Vietnamese text; copy that line back from templates/locales/messages.pot",
    ),
    "po_no_msgstr": (
        "dòng msgid này không có dòng msgstr đi sau. Thêm ngay dưới nó một dòng msgstr \"...\" với bản dịch",
        "this msgid line has no msgstr line after it. Add a msgstr \"...\" line with the translation just below it",
    ),
    "po_duplicate": (
        "msgid '{value}' đã có ở dòng {first}. Giữ một mục, xóa mục kia",
        "the msgid '{value}' is already on line {first}. Keep one entry and delete the other",
    ),
    "po_charset": (
        "tiêu đề khai báo bảng mã '{value}', nhưng bản dịch giao diện phải là UTF-8. Sửa thành charset=UTF-8 và lưu "
        "tệp với mã hóa UTF-8",
        "the header declares the character set '{value}', but the interface translation must be UTF-8. Write "
        "charset=UTF-8 and save the file as UTF-8",
    ),
    "po_plural_forms": (
        "quy tắc số nhiều '{value}' không đúng dạng gettext. Viết \"Plural-Forms: nplurals=2; plural=(n != 1);\\n\" "
        "(quy tắc của tiếng Anh)",
        "the plural rule '{value}' is not valid gettext. Write \"Plural-Forms: nplurals=2; plural=(n != 1);\\n\" "
        "(the rule for English)",
    ),
    "po_header_date": (
        "ngày '{value}' ở tiêu đề không đúng dạng gettext. Viết NĂM-THÁNG-NGÀY GIỜ:PHÚT+MÚI GIỜ, ví dụ 2026-12-01 "
        "08:30+0700",
        "the date '{value}' in the header is not in gettext's form. Write YEAR-MONTH-DAY HOUR:MINUTE+ZONE, e.g. "
        "2026-12-01 08:30+0700",
    ),
    "po_placeholder_missing": (
        "bản dịch thiếu chỗ điền '{name}' của msgid. Chép nguyên '{name}' vào bản dịch; chỗ điền không được dịch",
        "the translation lacks the msgid's placeholder '{name}'. Copy '{name}' into the translation as it is; "
        "placeholders are not translated",
    ),
    "po_placeholder_renamed": (
        "chỗ điền '{name}' không có trong msgid; msgid dùng '{wanted}'. Viết đúng '{wanted}' như trong msgid: chỗ "
        "điền không được dịch hay đổi tên",
        "the placeholder '{name}' is not in the msgid, which uses '{wanted}'. Write '{wanted}' exactly as the msgid "
        "does: placeholders are not translated or renamed",
    ),
    "po_placeholder_unknown": (
        "chỗ điền '{name}' không có trong msgid (msgid có: {placeholders}). Dùng đúng chỗ điền của msgid, không đổi "
        "tên",
        "the placeholder '{name}' is not in the msgid (it has: {placeholders}). Use the msgid's placeholders as they "
        "are, without renaming them",
    ),
    "po_percent": (
        "dấu '%' trong '{value}' không thuộc chỗ điền nào của msgid (msgid có: {placeholders}). Viết '%%' cho dấu "
        "phần trăm; chỗ điền viết đúng như trong msgid",
        "the '%' in '{value}' is not part of a placeholder of the msgid (it has: {placeholders}). Write '%%' for a "
        "percent sign, and placeholders exactly as the msgid does",
    ),
    "missing_file": (
        "không tìm thấy tệp '{value}'. Đặt tệp vào {folder} hoặc sửa đường dẫn",
        "file '{value}' not found. Put it in {folder} or fix the path",
    ),
    "outside_path": (
        "đường dẫn '{value}' ra ngoài thư mục được phép. Dùng đường dẫn bên trong {folder}",
        "path '{value}' leaves the allowed folder. Use a path inside {folder}",
    ),
    "bad_url": (
        "địa chỉ '{value}' không hợp lệ; chỉ chấp nhận http:// hoặc https://",
        "address '{value}' is not valid; only http:// or https:// are accepted",
    ),
    "empty_value": (
        "trường '{name}' đang để trống. Điền giá trị hoặc xóa cả dòng",
        "field '{name}' is empty. Fill it in or delete the line",
    ),
    "too_big": ("'{value}' lớn hơn mức cho phép ({limit})", "'{value}' is above the allowed maximum ({limit})"),
    "too_small": ("'{value}' nhỏ hơn mức cho phép ({limit})", "'{value}' is below the allowed minimum ({limit})"),
    "bad_link": (
        "liên kết '{value}' không được phép. Chỉ dùng http://, https://, mailto:, tel: hoặc đường dẫn trong cổng",
        "link '{value}' is not allowed. Use only http://, https://, mailto:, tel: or a path within the portal",
    ),
    "front_matter_not_first": (
        "phần thông tin giữa hai dòng '---' phải bắt đầu ở dòng 1, nếu không MkDocs bỏ qua nó và in ra như chữ. Xóa "
        "các dòng phía trên",
        "the front matter between two '---' lines must start on line 1, or MkDocs ignores it and prints it as text. "
        "Delete the lines above it",
    ),
    "front_matter_missing": (
        "tin bài phải bắt đầu bằng phần thông tin giữa hai dòng '---'",
        "a news item must start with a front-matter block between two '---' lines",
    ),
    "front_matter_unclosed": (
        "phần thông tin đầu bài mở bằng '---' nhưng không có dòng '---' đóng lại",
        "the front matter opens with '---' but has no closing '---' line",
    ),
    # Rules between fields and between items: one code each, so each reads in both languages.
    "expires_before_publish": ("'expires' trước 'publish_date'", "'expires' is before 'publish_date'"),
    "updated_before_published": ("'updated' trước 'published'", "'updated' is before 'published'"),
    "news_published": (
        "tin bài chỉ có một ngày đăng là 'date'; bỏ 'published' (ngày cổng đăng tin, nếu muộn hơn, ghi ở 'posted')",
        "a news item has one publication date, 'date'; remove 'published' (the day the portal posted it, if later, "
        "goes in 'posted')",
    ),
    "posted_before_date": (
        "ngày cổng đăng tin trước ngày đăng 'date'; cổng không thể đăng tin trước khi bài được đăng",
        "the day the portal posted the item is before its publication date 'date'; the portal cannot post it before "
        "it was published",
    ),
    "posted_undated_source": (
        "bài nguồn không ghi rõ ngày đăng ('source_undated'), nên 'date' đã là ngày cổng đăng tin; bỏ 'posted'",
        "the source shows no clear publication date ('source_undated'), so 'date' is already the day the portal "
        "posted the item; remove 'posted'",
    ),
    "updated_before_posted": ("ngày cập nhật trước ngày cổng đăng tin ('posted', hoặc 'date' khi không có 'posted')",
                              "the update is before the day the portal posted the item ('posted', or 'date' without "
                              "it)"),
    "title_in_page_needs_lang": (
        "đây là tên trang bằng tiếng nước ngoài; ghi thêm 'lang' (ngôn ngữ của trang, ví dụ en)",
        "this is the page's title in another language; add 'lang' (the page's language, e.g. en)",
    ),
    "foreign_source_needs_title": (
        "nguồn viết bằng tiếng nước ngoài cần 'title' (tên tiếng Việt) hoặc 'title_in_page' (tên trang như trang ghi)",
        "a source in another language needs 'title' (its Vietnamese title) or 'title_in_page' (the page's own title)",
    ),
    "code_scheme": ("mã của {whose} phải theo hệ '{expected}'",
                    "the code of {whose} must be in the '{expected}' scheme"),
    "district_level_ended": (
        "cấp huyện không còn từ 01/07/2025; chọn cấp xã, tỉnh, khu vực hoặc quốc gia",
        "the district level no longer exists from 1 July 2025; choose xa, tinh, khu-vuc or quoc-gia",
    ),
    "decision_year": ("năm của 'decision_date' khác 'year'", "the year of 'decision_date' differs from 'year'"),
    "end_year_before_start": ("'end_year' trước 'start_year'", "'end_year' is before 'start_year'"),
    "support_over_total": ("kinh phí hỗ trợ 'support_vnd' lớn hơn tổng kinh phí 'total_budget_vnd'",
                           "the support 'support_vnd' is more than the whole budget 'total_budget_vnd'"),
    "disbursed_over_planned": ("số đã giải ngân 'disbursed_vnd' lớn hơn kế hoạch 'planned_vnd'",
                               "the amount disbursed 'disbursed_vnd' is more than planned 'planned_vnd'"),
    "history_order": ("'history': ngày {later} trước ngày {earlier}; ghi theo thứ tự thời gian",
                      "'history': {later} comes before {earlier}; list the changes in time order"),
    "status_not_last": ("'status' ({status}) khác trạng thái cuối cùng trong 'history' ({last}); bỏ 'status' hoặc "
                        "sửa cho khớp",
                        "'status' ({status}) differs from the last status in 'history' ({last}); drop 'status' or "
                        "make them match"),
    "effective_before_issued": ("ngày có hiệu lực 'effective' trước ngày ban hành 'issued'",
                                "the date it takes effect, 'effective', is before the date it was issued, 'issued'"),
    "legal_needs_id": ("văn bản chưa rõ số hiệu 'number' cần có 'id' để làm địa chỉ trang",
                       "a legal text without a 'number' needs an 'id' to make its page address"),
    "end_before_start": ("ngày kết thúc 'end' trước ngày bắt đầu 'start'", "the end 'end' is before the start 'start'"),
    "mixed_times": ("'start' và 'end' phải cùng kiểu: cùng có giờ (2026-03-10 08:00) hoặc cùng chỉ có ngày",
                    "'start' and 'end' must be alike: both with a time (2026-03-10 08:00) or both dates only"),
    "mixed_zones": ("'start' và 'end' phải cùng cách ghi giờ: cùng ghi múi giờ (2026-03-10 08:00:00+07:00) hoặc cùng "
                    "không ghi",
                    "'start' and 'end' must be written alike: both with a time zone (2026-03-10 08:00:00+07:00) or "
                    "both without"),
    "end_not_after_start": ("giờ kết thúc 'end' không sau giờ bắt đầu 'start'",
                            "the end time 'end' is not after the start time 'start'"),
    "year_out_of_range": ("năm {year} nằm ngoài khoảng {low}–{high}; kiểm tra lại năm",
                          "the year {year} is outside {low}–{high}; check the year"),
    "not_whole": ("{value} phải là số nguyên (đồng, số lượng)",
                  "{value} must be a whole number (amounts in VND, counts)"),
    "level_needs_basis": ("mức hỗ trợ (share_percent, cap_vnd) phải có căn cứ pháp lý: thêm 'basis' là số văn bản",
                          "a support level (share_percent, cap_vnd) needs its legal basis: add 'basis' with the "
                          "text's number"),
    "valid_to_before_from": ("'valid_to' trước 'valid_from'", "'valid_to' is before 'valid_from'"),
    "self_relation": ("văn bản không thể liên hệ với chính nó", "a legal text cannot relate to itself"),
    "levels_overlap": ("mức '{item}' trùng thời gian áp dụng với dòng {other} (cùng nội dung, cùng phạm vi); sửa "
                       "'valid_to' của dòng cũ hoặc 'valid_from' của dòng này",
                       "level '{item}' applies over the same time as {other} (same item, same scope); fix the "
                       "earlier line's 'valid_to' or this line's 'valid_from'"),
    "file_kind": ("'{value}': chỉ nhận tệp {allowed}", "'{value}': only {allowed} files are accepted"),
    "picture_too_large": ("'{value}': ảnh quá lớn ({width}×{height} điểm ảnh); giảm kích thước xuống dưới {limit} "
                          "triệu điểm ảnh",
                          "'{value}': the picture is too large ({width}×{height} pixels); make it smaller than "
                          "{limit} million pixels"),
    "picture_too_wide": ("'{value}': ảnh quá rộng hoặc quá cao ({width}×{height} điểm ảnh); thu nhỏ ảnh để mỗi chiều "
                         "không quá {limit} điểm ảnh",
                         "'{value}': the picture is too wide or too tall ({width}×{height} pixels); make it at most "
                         "{limit} pixels on each side"),
    "picture_too_long": ("'{value}': ảnh động quá dài ({frames} khung hình, mỗi khung {width}×{height} điểm ảnh); "
                         "các khung hình cộng lại phải dưới {limit} triệu điểm ảnh: bớt khung hình hoặc thu nhỏ ảnh",
                         "'{value}': the animation is too long ({frames} frames of {width}×{height} pixels); "
                         "its frames together must stay under {limit} million pixels: use fewer frames or a smaller "
                         "picture"),
    "picture_bomb": ("'{value}': ảnh quá lớn (hơn {declared} triệu điểm ảnh); giảm kích thước xuống dưới {limit} "
                     "triệu điểm ảnh",
                     "'{value}': the picture is too large (more than {declared} million pixels); make it smaller "
                     "than {limit} million pixels"),
    "picture_format": ("'{value}': tệp ở định dạng {kind}, không phải ảnh JPEG, PNG, WebP hay GIF; mở ảnh và lưu lại "
                       "dưới dạng JPEG hoặc PNG",
                       "'{value}': the file is in {kind} format, not a JPEG, PNG, WebP or GIF picture; open it and "
                       "save it again as JPEG or PNG"),
    "picture_misnamed": ("'{value}': tệp là ảnh {kind} nhưng tên có đuôi {ending}; đổi tên tệp thành đuôi {right} và "
                         "sửa đường dẫn ở đây",
                         "'{value}': the file is a {kind} picture but its name ends in {ending}; rename the file to "
                         "end in {right} and change the path here"),
    "picture_damaged": ("'{value}': ảnh {kind} bị hỏng hoặc không trọn vẹn (thường do tải về hay sao chép chưa "
                        "xong); chép lại tệp từ bản gốc, hoặc mở ảnh và lưu lại",
                        "'{value}': the {kind} picture is damaged or incomplete (often a download or copy that did "
                        "not finish); copy the file again from the original, or open it and save it again"),
    "not_a_picture": ("'{value}': tệp không phải ảnh đọc được (JPEG, PNG, WebP, GIF)",
                      "'{value}': the file is not a picture that can be read (JPEG, PNG, WebP, GIF)"),
    "empty_text": ("không được để trống", "may not be empty"),
    "empty_list": ("cần ít nhất một mục", "needs at least one item"),
    "unknown_place": (
        "tệp dữ liệu không thuộc loại nào. Đặt vào một thư mục {folders}, hoặc dùng một trong các tệp {files}",
        "this data file is of no known kind. Put it in one of the folders {folders}, or use one of the files {files}",
    ),
    "bad_period": (
        "thời kỳ '{value}' không đúng dạng. Viết một năm (2024), một giai đoạn (2021-2025) hoặc số tháng đầu năm ('9 "
        "tháng đầu năm 2025')",
        "period '{value}' is not in a known form. Write a year (2024), a plan period (2021-2025) or the first months "
        "of a year ('9 tháng đầu năm 2025')",
    ),
    "until_outside": (
        "ngày {date} không nằm trong {period}. Chỉ ghi 'until' khi nguồn nêu số liệu lúc thời kỳ chưa kết thúc: một "
        "ngày từ {first} đến trước {last}. Nếu số liệu là của cả thời kỳ, bỏ dòng 'until'",
        "{date} is not within {period_en}. Write 'until' only when the source gave the figure before the period ended: "
        "a day from {first} to before {last}. If the figure covers the whole period, remove the 'until' line",
    ),
    "until_after_source": (
        "ngày {date} sau ngày nguồn đăng ({published}): nguồn không thể nêu số liệu công bố sau chính nó. Sửa "
        "ngày 'until' hoặc ngày đăng của nguồn",
        "{date} is after the source's publication ({published}): a source cannot give figures published after "
        "itself. Correct 'until' or the source's date",
    ),
    "not_finite": ("'{value}' không phải một số cụ thể. Ghi số, ví dụ 224 hoặc 12.6",
                   "'{value}' is not a finite number. Write a number, e.g. 224 or 12.6"),
    "negative": ("số {value} không được âm: số tiền và số lượng luôn từ 0 trở lên",
                 "{value} may not be negative: amounts and counts are 0 or more"),
    "not_share": ("tỷ lệ {value}% phải nằm trong khoảng 0–100", "share {value}% must be between 0 and 100"),
    "unknown_scope": (
        "không rõ phạm vi '{value}'. Ghi 'ca-nuoc', một vùng ({regions}) hoặc tên tỉnh, thành phố (tên cũ cũng được)",
        "unknown scope '{value}'. Write 'ca-nuoc', a region ({regions}) or a province name (former names are accepted)",
    ),
    "unknown_scope_near": (
        "không rõ phạm vi '{value}'. Có phải '{near}'?",
        "unknown scope '{value}'. Did you mean '{near}'?",
    ),
    "statistic_twice": (
        "số liệu này ({what}) đã được ghi từ cùng nguồn ở {other}. Xóa một trong hai",
        "this figure ({what}) is already given from the same source at {other}. Remove one of them",
    ),
    "parts_exceed_total": (
        "{parts} cộng lại ({sum}) lớn hơn tổng kinh phí ({total}, ở {other}) của cùng phạm vi và thời kỳ. Kiểm tra "
        "lại số liệu",
        "{parts} add up to {sum}, more than the total ({total}, at {other}) for the same scope and period. Check the "
        "figures",
    ),
    "shares_exceed": (
        "tỷ trọng quốc gia và địa phương cộng lại {sum}% (quá 100%) cho cùng phạm vi và thời kỳ (dòng kia: {other})",
        "national and local shares add up to {sum}% (over 100%) for the same scope and period (other line: {other})",
    ),
    "parts_mismatch": (
        "{what}: các đơn vị cũ cộng lại {sum}, khác số của cả tỉnh ({total}) quá mức làm tròn của nguồn. Kiểm tra lại",
        "{what}: the former units add up to {sum}, which differs from the merged province's figure ({total}) by more "
        "than the sources' rounding. Check it",
    ),
    "hidden_ref": (
        "liên kết tới {kind} '{value}' đang ẩn ({reason}); liên kết được bỏ khỏi trang công khai",
        "link to {kind} '{value}', which is hidden ({reason}); the link is left out of public pages",
    ),
    "place_name_no_words": (
        "tên '{value}' không có chữ hay chữ số nào để tìm",
        "the name '{value}' holds no letter or digit to search for",
    ),
    "place_name_of_other": (
        "'{value}' đã là tên của một tỉnh, thành phố hoặc đơn vị cũ, không thể là tên khác của '{place}'",
        "'{value}' already names a province or former unit; it cannot be another name of '{place}'",
    ),
    "place_name_twice": (
        "tên '{value}' đã là tên khác của '{other_place}' ({other}); mỗi tên chỉ dùng cho một nơi",
        "the name '{value}' is already another name of '{other_place}' ({other}); a name stands for one place only",
    ),
    # `build --cache DIR` (generator/build_cache.py): the build goes on without the cache, from nothing.
    "cache_not_folder": (
        "đường dẫn --cache này không phải thư mục: không đọc, không ghi bộ nhớ đệm; trang được dựng từ đầu. Chỉ "
        "--cache tới một thư mục (chưa có sẽ được tạo)",
        "this --cache path is not a folder: no build cache is read or written; the site is built from nothing. Point "
        "--cache at a folder (created if missing)",
    ),
    "cache_not_regular": (
        "không phải tệp hay thư mục thường (có thể là liên kết tượng trưng) nên không được đọc" + _CACHE_OFF[0],
        "not a plain file or folder (a symbolic link, say), so it is not read" + _CACHE_OFF[1],
    ),
    "cache_version": (
        "bộ nhớ đệm theo định dạng khác (phiên bản {found}, bản này đọc phiên bản {wanted}), có thể do bản cũ để lại"
        + _CACHE_OFF[0],
        "the build cache is in another format (version {found}, this build reads version {wanted}), left by an older "
        "version maybe" + _CACHE_OFF[1],
    ),
    "cache_missing": (
        "thiếu tệp này trong bộ nhớ đệm" + _CACHE_OFF[0],
        "missing from the build cache" + _CACHE_OFF[1],
    ),
    "cache_unexpected": (
        "tệp lạ: bản dựng không ghi tệp này vào bộ nhớ đệm, nên nó không được đọc" + _CACHE_OFF[0],
        "a file no build wrote into the cache, so it is not read" + _CACHE_OFF[1],
    ),
    "cache_not_json": (
        "không phải JSON hợp lệ (tệp bị hỏng hoặc bị sửa)" + _CACHE_OFF[0],
        "not valid JSON (the file is damaged or was altered)" + _CACHE_OFF[1],
    ),
    "cache_unreadable": (
        "không đọc được ({error})" + _CACHE_OFF[0],
        "cannot be read ({error})" + _CACHE_OFF[1],
    ),
    "cache_shape": (
        "nội dung không đúng cấu trúc của bộ nhớ đệm (bị hỏng hoặc bị sửa)" + _CACHE_OFF[0],
        "not shaped as the build cache writes it (damaged or altered)" + _CACHE_OFF[1],
    ),
    "cache_altered": (
        "nội dung khác với lúc bản dựng ghi vào bộ nhớ đệm (mã SHA-256 không khớp): tệp đã bị sửa" + _CACHE_OFF[0],
        "differs from what the build wrote into the cache (its SHA-256 does not match): it was altered" + _CACHE_OFF[1],
    ),
    "cache_not_moved": (
        "không chuyển được bản dựng giữ trong bộ nhớ đệm vào thư mục trang ({error}), có thể do hai thư mục nằm trên "
        "hai ổ đĩa khác nhau" + _CACHE_OFF[0],
        "the build kept in the cache could not be moved into the site's folder ({error}), the two being on different "
        "disks maybe" + _CACHE_OFF[1],
    ),
    "cache_unwritable": (
        "không ghi được bộ nhớ đệm ({error}); trang vẫn được dựng, lần dựng sau sẽ dựng từ đầu",
        "the build cache could not be written ({error}); the site is built all the same, the next build starts from "
        "nothing",
    ),
    # The command line's own text (generator/cli.py: help, summaries, what `deploy` says)
    'cli_desc': ('Công cụ cho cổng thông tin khuyến công',
        'Tools for the industrial promotion portal'),
    'cli_check': ('kiểm tra dữ liệu và tin bài, không dựng trang',
        'validate data and news without building'),
    'cli_build': ('dựng toàn bộ trang vào thư mục site/',
        'build the whole site into site/'),
    'cli_serve': ('dựng và xem thử tại http://127.0.0.1:8000, tự cập nhật khi sửa tệp',
        'build and preview at http://127.0.0.1:8000, rebuilding on change'),
    'cli_ok': ('Không có lỗi: {products} sản phẩm, {projects} đề án/mô hình, {legal} văn bản, {news} tin bài, '
               '{events} sự kiện, {provinces} tỉnh, thành phố; {hidden} mục đang ẩn (nháp, chưa đến ngày, hết hạn) '
               '({secs:.1f} giây).',
        'No problems: {products} products, {projects} projects/models, {legal} legal texts, {news} news items, '
        '{events} events, {provinces} provinces; {hidden} hidden (draft, embargoed, expired) ({secs:.1f} s).'),
    'cli_history_no-git': ('Lưu ý: thư mục này không nằm trong kho Git, nên trang không có ngày cập nhật, lịch sử '
        'thay đổi và địa chỉ cũ (chuyển hướng) lấy từ Git. Dựng từ một bản sao kho Git đầy đủ để có chúng.',
        'Note: this folder is not in a Git repository, so pages show no last-updated date, change history or old '
        'addresses (redirects) from Git. Build from a full clone of the repository to have them.'),
    'cli_history_no-commits': ('Lưu ý: kho Git chưa có lần ghi (commit) nào cho dữ liệu, nên trang chưa có ngày cập '
        'nhật và lịch sử thay đổi.',
        'Note: the Git repository has no commit of the data yet, so pages show no last-updated date or change '
        'history.'),
    'cli_history_shallow': ('Lưu ý: đây là bản sao nông (shallow clone) của kho Git, thiếu các lần ghi cũ, nên trang '
        'không hiện ngày cập nhật, lịch sử thay đổi và địa chỉ cũ. Lấy đủ lịch sử (git fetch --unshallow, hoặc '
        'fetch-depth: 0 trong CI) để có chúng.',
        'Note: this is a shallow clone of the Git repository, without the older commits, so pages show no '
        'last-updated date, change history or old addresses. Fetch the whole history (git fetch --unshallow, or '
        'fetch-depth: 0 in CI) to have them.'),
    'cli_review': ('liệt kê nội dung đến hạn hoặc quá hạn rà soát, hoặc đã hết hạn, theo tỉnh và theo tệp',
        'list what is due or overdue for review, or expired, by province and by file'),
    'cli_review_none': ('Không có nội dung nào đến hạn rà soát hay đã hết hạn, tính đến ngày {day}.',
        'Nothing is due for review or expired as of {day}.'),
    'cli_review_head': ('Rà soát nội dung, tính đến ngày {day}: {counts}.', 'Review as of {day}: {counts}.'),
    'cli_review_n_overdue': ('{n} quá hạn', '{n} overdue'),
    'cli_review_n_due': ('{n} đến hạn trong 30 ngày', '{n} due within 30 days'),
    'cli_review_n_expired': ('{n} đã hết hạn', '{n} expired'),
    'cli_review_by_province': ('Theo tỉnh, thành phố:', 'By province:'),
    'cli_review_national': ('Toàn quốc', 'National'),
    'cli_review_by_file': ('Theo tệp:', 'By file:'),
    'cli_review_overdue': ('quá hạn từ {day}', 'overdue since {day}'),
    'cli_review_due': ('đến hạn ngày {day}', 'due on {day}'),
    'cli_review_expired': ('đã hết hạn ngày {day}', 'expired on {day}'),
    'cli_review_why_review_by': ('ngày xem lại ghi ở review_by', 'the date in review_by'),
    'cli_review_why_yearly': ('xem lại mỗi năm; cập nhật lần cuối {last}', 'reviewed every year; last updated {last}'),
    'cli_review_why_event': ('sự kiện đã kết thúc: bổ sung kết quả, rồi ghi review_by sau ngày kết thúc',
        'the event is over: add its results, then write a review_by after its end'),
    'cli_review_why_expires': ('đã gỡ xuống theo expires', 'taken down by its expires date'),
    'cli_compliance': ('cho biết cổng đã có những thông tin Nghị định 42/2022/NĐ-CP yêu cầu đến đâu',
        'show where the portal has what Decree 42/2022/ND-CP asks for'),
    'cli_compliance_head': ('Thông tin theo Nghị định 42/2022/NĐ-CP, tính đến ngày {day}: {counts}.',
        'Decree 42/2022/ND-CP checklist as of {day}: {counts}.'),
    'cli_compliance_see': ('Xem:', 'See:'),
    'cli_compliance_caution': ('Lưu ý: theo một bản sao công khai của Nghị định 224/2026/NĐ-CP (chưa đối chiếu '
        'với Công báo), Nghị định 42/2022/NĐ-CP hết hiệu lực từ ngày 01/07/2026; kiểm tra văn bản đang có hiệu lực '
        'trước khi dùng bảng này làm căn cứ.',
        'Note: according to a public copy of Decree 224/2026/ND-CP (not checked against the Official Gazette), Decree '
        '42/2022/ND-CP ceased to have effect on 01/07/2026; check which text is in force before relying on this list.'),
    'cli_compliance_translated': (' (lời văn dịch từ bản tiếng Anh)', ' (worded from an English copy)'),
    'cli_built': ('Đã dựng xong trang vào {site} ({secs:.1f} giây).',
        'Site built into {site} ({secs:.1f} s).'),
    'cli_failed': ('Dựng trang thất bại; thư mục {site} cũ được giữ nguyên.',
        'Build failed; the previous {site} was left as it was.'),
    'cli_template': ('{where}: lỗi trong mẫu trang: {error}. Sửa tệp mẫu này (dữ liệu và tin bài không có lỗi).',
        '{where}: error in a page template: {error}. Fix this template (the data and news are fine).'),
    'cli_date': ('ngày dựng trang (NĂM-THÁNG-NGÀY), mặc định là hôm nay',
        'build date (YEAR-MONTH-DAY), default today'),
    'cli_lang': ('ngôn ngữ thông báo: vi hoặc en',
        'message language: vi or en'),
    'cli_new': ('tạo bản nháp mới: news (tin bài), product, project, legal, event',
        'create a new draft: news, product, project, legal, event'),
    'cli_drafts': ('hiện cả bản nháp, tin chưa đến ngày đăng, tin hết hạn (đánh dấu rõ)',
        'also show drafts, embargoed and expired items (clearly marked)'),
    'cli_kind': ('loại nội dung',
        'kind of content'),
    'cli_title': ('tiêu đề, trong ngoặc kép',
        'title, in quotes'),
    'cli_created': ('Đã tạo {path} (bản nháp). Sửa các chỗ <...> rồi chạy: khuyencong check',
        'Created {path} (a draft). Fill in the <...> parts, then run: khuyencong check'),
    'cli_warnings': ('{n} cảnh báo (trang vẫn được dựng):',
        '{n} warning(s) (the site still builds):'),
    'cli_cache': ('thư mục giữ bản dựng trước (để CI lưu giữa các lần chạy): chỉ dựng lại những gì đã đổi',
        'folder that keeps the last build (for CI to keep between runs): only what changed is built again'),
    'cli_fast': ('chỉ kiểm tra dữ liệu, không dựng thử trang: nhanh, nhưng không thấy lỗi trong mẫu trang và liên '
                 'kết tới mục đang ẩn',
        'validate the data only, without a trial render: fast, but blind to template errors and links to hidden items'),
    'cli_server-config': ('in cấu hình máy chủ web (nginx hoặc Caddy) để phục vụ thư mục đã dựng',
        'print a web server configuration (nginx or Caddy) that serves the built folder'),
    'cli_server': ('máy chủ: nginx hoặc caddy',
        'server: nginx or caddy'),
    'cli_listen': ('cổng (hoặc địa chỉ:cổng) máy chủ nghe',
        'port (or address:port) the server listens on'),
    'cli_deploy': ('đưa thư mục đã dựng lên kho lưu trữ S3 (rclone): tệp tĩnh trước, trang sau, rồi xóa tệp cũ',
        'upload the built folder to S3-compatible storage (rclone): assets first, pages next, old files last'),
    'cli_dest': ('nơi nhận, theo cách viết của rclone, ví dụ portal:khuyencong',
        'where to, as rclone writes it, e.g. portal:khuyencong'),
    'cli_state': ('nơi giữ bản dựng trước để quay lại (mặc định: tên kho + -history)',
        "where the previous build is kept for a rollback (default: the bucket's name + -history)"),
    'cli_dry_run': ('chỉ liệt kê những gì sẽ thay đổi',
        'only list what would change'),
    'cli_rollback': ('quay lại bản dựng trước',
        'put the previous build back'),
    'cli_plan': ('{n} tệp tải lên, {m} tệp xóa{dry}.',
        '{n} file(s) to upload, {m} to remove{dry}.'),
    'cli_would': (' (chưa làm gì: --dry-run)',
        ' (nothing done: --dry-run)'),
    'cli_deploy_rclone': ("không tìm thấy rclone. Cài bằng: pip install 'khuyencong-portal[deploy]' (hoặc make "
                          "test-deps)",
        "rclone was not found. Install it with: pip install 'khuyencong-portal[deploy]' (or make test-deps)"),
    'cli_deploy_no_site': ("chưa có trang đã dựng trong thư mục này. Chạy 'khuyencong build' trước",
        "there is no built site in this folder. Run 'khuyencong build' first"),
    'cli_deploy_no_previous': ('không có bản dựng trước để quay lại',
        'there is no previous build to go back to'),
    'cli_deploy_rclone_failed': ('rclone báo lỗi ({detail}); trang đang chạy không bị xóa gì. Kiểm tra biến môi '
                                 'trường RCLONE_CONFIG_... (khóa truy cập) và tên kho',
        'rclone failed ({detail}); nothing was removed from the live site. Check the RCLONE_CONFIG_... variables '
        '(access keys) and the bucket name'),
}


# Names of content kinds inside messages, per language.
KINDS = {k.name: k.said for k in ALL_KINDS.values() if k.said}  # kinds.py
REASONS = {
    "draft": ("bản nháp", "draft"),
    "embargo": ("chưa đến ngày đăng", "embargoed"),
    "expired": ("đã hết hạn đăng", "expired"),
}
# What a field should have held (bad_type).
TYPES = {
    "number": ("một số", "a number"),
    "text": ("một đoạn chữ", "text"),
    "list": ("một danh sách", "a list"),
    "mapping": ("các cặp 'khóa: giá trị'", "'key: value' pairs"),
    "bool": ("true hoặc false", "true or false"),
}
# What a YAML syntax error most likely means, by the words PyYAML uses (yamlio.py finds the hint).
YAML_HINTS = {
    "colon_in_value": ("dấu ':' đặt sai chỗ — nếu giá trị có dấu ':', đặt nó trong ngoặc kép",
                       "a ':' in the wrong place; if the value holds a ':', put it in quotes"),
    "missing_colon": ("thiếu dấu ':' sau tên trường", "a ':' is missing after the field name"),
    "unclosed": ("thiếu dấu ngoặc kép hoặc ngoặc đóng", "a closing quote or bracket is missing"),
    "indent": ("thụt lề không đều với các dòng trên", "the indentation does not match the lines above"),
    "list_dash": ("mục danh sách thiếu dấu '-' hoặc thụt lề sai", "a list item lacks its '-' or is indented wrongly"),
    "undefined_alias": ("có bí danh YAML (*) chưa được định nghĩa", "a YAML alias (*) that was never defined"),
    "unclosed_list": ("thiếu dấu ']' đóng danh sách mở bằng '['", "a ']' is missing to close the list opened with '['"),
    "unclosed_group": ("thiếu dấu '}' đóng nhóm mở bằng '{'", "a '}' is missing to close the group opened with '{'"),
    "simple_key": ("khóa phải là chữ đơn giản", "keys must be plain words"),
    "two_documents": ("tệp chỉ được có một khối dữ liệu; xóa dòng '---' thứ hai",
                      "a file holds one block of data only; delete the second '---' line"),
    "bad_escape": ("trong ngoặc kép, dấu '\\' mở đầu một mã ký tự không có thật",
                   "in double quotes, a '\\' starts the code of a character that does not exist"),
}
# The pages the portal writes at a fixed address (catalog.build_catalog reserves them; generated_url names them).
OWNERS = {
    "": ("trang chủ", "the home page"),
    "theo-doi/": ("trang theo dõi tin mới", "the subscribe page"),
    "tim-kiem/": ("trang tìm kiếm", "the search page"),
    "so-lieu/": ("trang số liệu", "the figures page"),
    "du-lieu/": ("trang dữ liệu mở", "the open data page"),
    "quan-tri/": ("trang soạn thảo của biên tập viên", "the editors' page"),
    "quan-tri/ra-soat/": ("trang rà soát nội dung của biên tập viên", "the editors' review page"),
    "thong-tin-theo-nghi-dinh-42/": ("trang thông tin theo Nghị định 42", "the Decree 42 checklist page"),
    "de-an/tien-do/": ("trang tiến độ đề án", "the project progress page"),
    "ho-tro/": ("trang tìm hỗ trợ (Tôi được hỗ trợ gì?)", "the support finder"),
    "muc-ho-tro/": ("trang mức hỗ trợ", "the support levels page"),
    "thu-tuc/": ("trang thủ tục", "the procedures page"),
    "hoi-dap/": ("trang hỏi đáp", "the questions page"),
    "su-kien/da-dien-ra/": ("trang sự kiện đã diễn ra", "the past events page"),
    "van-ban/loai/": ("trang văn bản theo loại", "the legal texts by type"),
    "van-ban/co-quan/": ("trang văn bản theo cơ quan ban hành", "the legal texts by issuer"),
    "van-ban/nam/": ("trang văn bản theo năm", "the legal texts by year"),
    "van-ban/hieu-luc/": ("trang văn bản theo hiệu lực", "the legal texts by status"),
    "san-pham/": ("danh sách sản phẩm", "the product list"),
    "de-an/": ("danh sách đề án, mô hình", "the project list"),
    "van-ban/": ("danh sách văn bản", "the legal text list"),
    "tin-tuc/": ("danh sách tin tức", "the news list"),
    "tinh-thanh/": ("danh sách tỉnh, thành phố", "the province list"),
    "chu-de/": ("danh sách chủ đề", "the topic list"),
    "danh-ba/": ("danh bạ liên hệ", "the contact directory"),
    "su-kien/": ("danh sách sự kiện", "the event list"),
    "en/": ("trang giới thiệu tiếng Anh", "the English about page"),
    "en/directory/": ("danh bạ liên hệ tiếng Anh", "the English contact directory"),
    "en/support-levels/": ("trang mức hỗ trợ tiếng Anh", "the English support levels page"),
    "en/legal-texts/": ("trang văn bản tiếng Anh", "the English legal texts page"),
    "en/figures/": ("trang số liệu tiếng Anh", "the English figures page"),
    "en/subscribe/": ("trang theo dõi tin tiếng Anh", "the English subscribe page"),
}
# What a web server's configuration cannot hold (server_path).
UNWRITABLE = {
    "control": ("một ký tự điều khiển (như xuống dòng)", "a control character (such as a line break)"),
    "backslash": ("dấu '\\'", "a backslash '\\'"),
    "caddy_env": ("'{$' (Caddy đọc là biến môi trường)", "'{$' (which Caddy reads as an environment variable)"),
}
# Parameters whose value is a code that each language names in its own words.
TERMS = {"kind": KINDS, "reason": REASONS, "expected": TYPES, "hint": YAML_HINTS, "unwritable": UNWRITABLE,
         "owner": OWNERS}


class Both(tuple):
    """A parameter value written in both languages, (Vietnamese, English): a figure formatted as
    each language writes numbers, say. A message shows the half of its language."""

    def __new__(cls, vi: str, en: str) -> Both:
        return super().__new__(cls, (vi, en))

    def __getnewargs__(self) -> tuple[str, str]:  # pickled as its two halves (a warning a child sends back)
        return self[0], self[1]


def say(code: str, **params: object) -> str:
    """A text of the table (the command line's own, `cli_…`) in the reader's language, its `{names}` filled."""
    return MESSAGES[code][language() == "en"].format(**params)


def language() -> str:
    return "en" if os.environ.get("KHUYENCONG_LANG", "vi").lower().startswith("en") else "vi"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, located as precisely as the source allows."""

    path: str
    line: int = 0
    col: int = 0
    field: str = ""
    code: str = "invalid"
    params: tuple[tuple[str, str | Both], ...] = ()
    severity: str = "error"  # "warning": reported, but the site still builds

    def message(self, lang: str | None = None) -> str:
        vi, en = MESSAGES[self.code]
        english = (lang or language()) == "en"
        params = {}
        for name, value in self.params:
            if isinstance(value, Both):
                value = value[english]
            elif value in TERMS.get(name, {}):
                value = TERMS[name][value][english]
            params[name] = value
        return (en if english else vi).format(**params)

    def format(self, lang: str | None = None) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        field = f" {self.field}:" if self.field else ""
        flag = (" (warning)" if (lang or language()) == "en" else " (cảnh báo)") if self.severity == "warning" else ""
        return f"{where}:{field}{flag} {self.message(lang)}"


MAX_SHOWN = 120  # characters of a value quoted in a message; the rest is counted, not printed


def shorten(value: object) -> str:
    """A value as a message quotes it: a 1 MB line shows its start and its length, not itself."""
    text = str(value).replace("\r", "\\r").replace("\n", "\\n")  # one problem, one line of the report
    if len(text) <= MAX_SHOWN:
        return text
    if language() == "en":
        return f"{text[:60]}… ({len(text):,} characters)"
    return f"{text[:60]}… ({len(text):,} ký tự)".replace(f"{len(text):,}", f"{len(text):,}".replace(",", "."))


def problem(path: str, line: int, col: int, field: str, code: str, **params: object) -> Problem:
    return Problem(path, line, col, field, code, tuple(
        (k, v if isinstance(v, Both) else shorten(v) if k in QUOTED else str(v)) for k, v in params.items()))


QUOTED = {"value", "name", "key", "tag", "near", "url"}  # parameters that quote what the writer wrote


class ContentError(Exception):
    """Raised with every problem found; its text is what the communicator reads."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, lang: str | None = None) -> str:
        head = (
            f"Found {len(self.problems)} problem(s) in the content:"
            if (lang or language()) == "en"
            else f"Có {len(self.problems)} lỗi trong nội dung:"
        )
        return "\n".join([head, *(p.format(lang) for p in self.problems)])
