"""The converter of data Markdown passes by the texts no inline pattern can match (markup._PlainTexts):
it must give exactly what Python-Markdown gives without that shortcut."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator import markup

ROOT = Path(__file__).resolve().parent.parent

# Each inline pattern, and what is next to it: a text that matches one must still be parsed
CASES = [
    "Một đoạn văn thường, không có gì đặc biệt.\n\nĐoạn thứ hai.",
    "## Tiêu đề\n\nVăn bản *nghiêng* và **đậm**, __đậm__ và _nghiêng_, a_b_c, 2 * 3 = 6.",
    "Dòng một  \nDòng hai (ngắt dòng bằng hai dấu cách).",
    "Liên kết [Bộ Công Thương](https://moit.gov.vn) và ![ảnh](a.png) và [tham chiếu][r].\n\n[r]: https://a.vn",
    "Tự động <https://khuyencong.gov.vn> và <thu@example.vn>, <không phải>.",
    "Thực thể &amp; &copy; &#273; &#x111; và & một mình, AT&T.",
    "Mã `a < b` và ``hai ` dấu``, thoát \\*không nghiêng\\* và \\\\.",
    "Chữ có ký tự \x02 và \x03 lạ.",
    "Chỉ dấu thoát: 1\\. không phải danh sách, \\# không phải tiêu đề.",
    "Chỉ _nghiêng_ và __đậm__ bằng gạch dưới.",
    "| Cột | Giá trị |\n|---|---|\n| a | *b* |\n| c | d |",
    "!!! note \"Lưu ý\"\n    Nội dung *ghi chú* và nội dung thường.",
    "- một\n- hai *ba*\n\n1. bốn\n2. năm",
    "> Trích dẫn thường\n> và [liên kết](https://a.vn)",
    "    mã thụt lề *không* nghiêng",
    "Tiêu đề\n=======\n\nVăn bản.\n\nPhụ\n---\n\n[TOC]",
    "Dấu chấm than! Và [ ngoặc vuông ] trống.",
    "",
]


def _texts() -> list[str]:
    """Every Markdown text of the sample and the test portals (news files whole; every text in YAML), and CASES."""
    found = list(CASES)
    for folder in (ROOT / "content", ROOT / "site_data", ROOT / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.is_symlink() or "bad" in path.relative_to(folder).parts[:1]:
                continue  # tests/fixtures/bad: inputs the portal refuses before converting (one takes minutes)
            if path.suffix == ".md":
                found.append(path.read_text(encoding="utf-8", errors="replace"))
            elif path.suffix in (".yml", ".yaml"):
                try:
                    data = yaml.safe_load(path.read_text(encoding="utf-8"))
                except Exception:  # noqa: BLE001 - a fixture of bad input, made to break a reader
                    continue  # the fixtures of bad input
                found += [t for t in _strings(data) if len(t) > 20]
    return found


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def _convert(md, text: str) -> tuple[Any, ...]:  # noqa: ANN001
    md.reset()
    try:
        return md.convert(text), md.toc_tokens, list(md.kc_links)
    except RecursionError:  # a fixture nested past Python-Markdown's depth (the portal refuses it before)
        return ("RecursionError",)


def test_texts_without_inline_markup_are_passed_by_and_the_html_is_the_same():
    fast, plain = markup._converter(), markup._converter(plain_texts=False)
    assert "kc_plain_texts" in fast.treeprocessors and "kc_plain_texts" not in plain.treeprocessors
    texts = _texts()
    assert len(texts) > 500
    for text in texts:
        assert _convert(fast, text) == _convert(plain, text), text[:200]


def test_the_shortcut_is_on_for_the_converter_the_portal_uses():
    """Python-Markdown with another set of inline patterns (an upgrade, an extension) turns it off: this says so."""
    assert "kc_plain_texts" in markup._MD.treeprocessors
    root = markup._MD.parser.parseDocument(["Đoạn văn thường.", "", "Đoạn *có* đánh dấu."]).getroot()
    markup._PlainTexts(markup._MD).run(root)
    kinds = [type(p.text).__name__ for p in root.iter("p")]
    assert kinds == ["AtomicString", "str"]
