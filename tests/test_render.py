"""Stage 4: rendering — escaping, Markdown safety, relative links."""

from generator.markup import render_markdown
from generator.render import relative


def test_relative_links_work_from_any_depth():
    assert relative("tinh-thanh/ha-noi/", "san-pham/x/") == "../../tinh-thanh/ha-noi/"
    assert relative("", "san-pham/x/") == "../../"
    assert relative("danh-ba/#so-ct", "") == "danh-ba/#so-ct"
    assert relative("san-pham/", "san-pham/") == "./"


def test_markdown_fields_cannot_inject_markup():
    html, toc = render_markdown("# Đắk Lắk\n\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "")
    assert '<h2 id="dak-lak">Đắk Lắk</h2>' in html and toc[0]["id"] == "dak-lak"
