"""Text from data files is data: markup in any field shows as characters and runs nothing."""

import re
from pathlib import Path

from tests.conftest import run_cli, write

EVIL = '<script>alert(1)</script>'
BREAKOUT = '</title><script>alert(2)</script>"><img src=x onerror=alert(3)>'


def test_markup_in_fields_is_shown_not_run(mini: Path, capsys):
    write(mini, {
        "site_data/products/x.yml": (
            f"- id: doc-hai\n  name: '{EVIL}'\n  establishment: '{BREAKOUT}'\n  province: Hà Nội\n"
            f"  description: |\n    {EVIL} [bấm](javascript:alert(4))\n  tags: ['{EVIL}']\n"
            "  source:\n    - url: https://example.org/a\n      title: '<b>nguồn</b>'\n"
            f"    - url: https://example.org/en\n      lang: en\n      title_in_page: '{EVIL}'\n"
        ),
        "content/tin-tuc/tin.md": f"---\ntitle: '{BREAKOUT}'\ndate: 2025-01-02\nsummary: '{EVIL}'\nsource: https://example.org/a\n---\n\n{EVIL}\n\n<iframe src=//evil.example></iframe>\n",
    })
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-01-01"], capsys)
    assert code == 0, err
    site = mini / "site"
    for rel in ("san-pham/doc-hai/index.html", "tin-tuc/tin/index.html", "index.html", "san-pham/index.html", "tinh-thanh/ha-noi/index.html"):
        raw = (site / rel).read_text(encoding="utf-8")
        # JSON-LD is data: it quotes the text, with no '<' left to open or close a tag.
        data = "".join(re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, flags=re.S))
        assert "<" not in data, rel
        raw = re.sub(r'<script type="application/ld\+json">.*?</script>', "", raw, flags=re.S)
        assert "<script>alert" not in raw, rel
        assert "onerror=alert" not in raw.replace("onerror=alert(3)&gt;", ""), rel
        assert "javascript:alert" not in raw and "<iframe" not in raw, rel
    product = (site / "san-pham/doc-hai/index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in product
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - " in product
    assert "&lt;b&gt;nguồn&lt;/b&gt;" in product
    assert '<span lang="en">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in product  # a source's title in its own language
    news = (site / "tin-tuc/tin/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in news
    assert 'content="&lt;script&gt;alert(1)&lt;/script&gt;"' in news  # meta description


def test_hand_written_pages_are_escaped_and_sanitised(mini: Path, capsys):
    """Front matter title and description of a page in content/ reach <title> and <meta> as text, and
    raw HTML in its body cannot run: hand-written pages go through the same sanitiser as news."""
    from tests.conftest import run_cli
    (mini / "content" / "trang-doc.md").write_text(
        '---\ntitle: "<script>alert(1)</script>Trang"\ndescription: "<img src=x onerror=alert(2)>"\n---\n\n'
        '# Trang đọc\n\nĐoạn <script>alert(3)</script> và <img src="x" onerror="alert(4)"> và <a href="#" onclick="alert(5)">liên kết</a>.\n',
        encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    raw = (mini / "site" / "trang-doc" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x onerror" not in raw and 'onerror="' not in raw and "onclick=" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Trang" in raw and 'content="&lt;img src=x onerror=alert(2)&gt;"' in raw
    assert "Đoạn" in raw and "liên kết" in raw
