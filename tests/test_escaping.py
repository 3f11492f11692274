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
        "content/tin-tuc/tin.md": f"---\ntitle: '{BREAKOUT}'\ndate: 2025-01-02\nsummary: '{EVIL}'\nsource: "
                                  f"https://example.org/a\n---\n\n{EVIL}\n\n<iframe src=//evil.example></iframe>\n",
    })
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-01-01"], capsys)
    assert code == 0, err
    site = mini / "site"
    for rel in ("san-pham/doc-hai/index.html", "tin-tuc/tin/index.html", "index.html", "san-pham/index.html",
                "tinh-thanh/ha-noi/index.html"):
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
    # a source's title in its own language
    assert '<span lang="en">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in product
    news = (site / "tin-tuc/tin/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in news
    assert 'content="&lt;script&gt;alert(1)&lt;/script&gt;"' in news  # meta description


def test_hand_written_pages_are_escaped_and_sanitised(mini: Path, capsys):
    """Front matter title and description of a page in content/ reach <title> and <meta> as text, and
    raw HTML in its body cannot run: hand-written pages go through the same sanitiser as news."""
    from tests.conftest import run_cli
    (mini / "content" / "trang-doc.md").write_text(
        '---\ntitle: "<script>alert(1)</script>Trang"\ndescription: "<img src=x onerror=alert(2)>"\n---\n\n'
        '# Trang đọc\n\nĐoạn <script>alert(3)</script> và <img src="x" onerror="alert(4)"> và <a href="#" '
        'onclick="alert(5)">liên kết</a>.\n',
        encoding="utf-8")
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", "2026-11-22"], capsys)
    assert code == 0, err
    raw = (mini / "site" / "trang-doc" / "index.html").read_text(encoding="utf-8")
    assert ("<script>alert" not in raw and "<img src=x onerror" not in raw and 'onerror="' not in raw and "onclick="
            not in raw)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Trang" in raw and 'content="&lt;img src=x onerror=alert(2)&gt;"' in raw
    assert "Đoạn" in raw and "liên kết" in raw


MARKUP = "<b>B</b><script>alert(1)</script>"


def _catalogue_with_markup(root: Path) -> None:
    """Every translation of the English catalogue starts with markup (placeholders kept)."""
    from babel.messages.pofile import read_po, write_po

    from generator.i18n import catalogue_path

    path = catalogue_path(root / "templates", "en")
    with path.open("rb") as fp:
        catalogue = read_po(fp)
    for message in catalogue:
        if message.id and message.string:
            message.string = MARKUP + message.string
    with path.open("wb") as fp:
        write_po(fp, catalogue, width=0)


def test_markup_in_a_translation_is_shown_not_run_on_every_english_page(tmp_path: Path, capsys):
    """A translation is text, in the theme (header, tabs, menu, footer, <title>, attributes) as in
    the page templates: markup in the English catalogue shows as characters on every English page,
    a second page of a list included."""
    from lxml import html as lhtml

    from generator.pages.english import PAGES
    from tests.conftest import copy_portal

    root = copy_portal(tmp_path / "portal")
    _catalogue_with_markup(root)
    write(root, {f"site_data/legal/thu-{i}.yml": (  # enough texts for a second page of /en/legal-texts/
        f"type: quyet-dinh\nnumber: {i}/2025/QĐ-UBND\nissuer: UBND tỉnh Cao Bằng\nissued: 2025-01-{i:02d}\n"
        f"abstract: Về khuyến công số {i}\nprovince: Cao Bằng\nsource: https://example.org/{i}\n") for i
                 in range(1, 13)})
    code, _, err = run_cli(["--root", str(root), "build", "--build-date", "2026-01-01"], capsys)
    assert code == 0, err
    pages = [*PAGES, "en/legal-texts/page/2/"]
    assert (root / "site" / pages[-1] / "index.html").is_file()
    for url in pages:
        raw = (root / "site" / url / "index.html").read_text(encoding="utf-8")
        assert MARKUP not in raw and "<script>alert" not in raw, url
        tree = lhtml.fromstring(raw)
        assert (not tree.xpath("//b[. = 'B']") and
                not tree.xpath("//script[not(@type = 'application/ld+json')][contains(., 'alert(1)')]")), url
        # data, quoted without '<'
        assert "<" not in "".join(tree.xpath("//script[@type = 'application/ld+json']/text()")), url
        shown = {  # each part of the page as a reader (or a screen reader) gets it: the markup as text
            "title": tree.xpath("string(//title)"),
            "skip link": tree.xpath("string(//a[contains(@class, 'kc-skip')])"),
            "search button": tree.xpath("string(//*[contains(@class, 'kc-header__button')]/@aria-label)"),
            "navigation": tree.xpath("string(//nav[@id = 'kc-nav']//a)"),
            "menu": tree.xpath("string(//*[contains(@class, 'kc-menu__label')])"),
            "footer": tree.xpath("string(//nav[contains(@class, 'kc-footer__links')]//a)"),
            "heading": tree.xpath("string(//h1)"),
        }
        if url != "en/":  # the section's first page has no breadcrumb trail
            shown["breadcrumb"] = tree.xpath("string(//nav[contains(@class, 'kc-crumbs')]//a)")
        assert {part: text.startswith(MARKUP) or MARKUP in text for part, text
                in shown.items()} == dict.fromkeys(shown, True), (url, shown)
