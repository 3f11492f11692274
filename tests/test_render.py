"""Stage 4: rendering — escaping, Markdown safety, link addresses (markup.py)."""

from pathlib import Path

import pytest

from generator.markup import (drop_links, link_targets, page_url, plain_text, relative, render_markdown, resolve,
                              rewrite_links)


def test_relative_links_work_from_any_depth():
    assert relative("tinh-thanh/ha-noi/", "san-pham/x/") == "../../tinh-thanh/ha-noi/"
    assert relative("", "san-pham/x/") == "../../"
    assert relative("danh-ba/#so-ct", "") == "danh-ba/#so-ct"
    assert relative("san-pham/", "san-pham/") == "./"


def test_relative_links_are_those_posixpath_gives():
    """markup.relative takes a short way for the usual link (folder names only); for every pair of
    addresses, usual or not, it gives what posixpath.relpath gives (with a slash kept at the end)."""
    import itertools
    import posixpath

    from generator.markup import _PLAIN

    def addresses(parts: list[str], most: int) -> set[str]:
        found = {"/".join(p) for n in range(most + 1) for p in itertools.product(parts, repeat=n)}
        return found | {a + "/" for a in found}

    # dots, `..` and empty parts, three deep; then names a short way must not misread, two deep
    every = addresses(["san-pham", "x", ".", "..", "", ".w"], 3)
    every |= addresses(["a", "ab", "index.html", "a..b", "x.", "sản phẩm", "a%20b", "q?x", "", ".."], 2)
    checked = short = 0
    for target, here in itertools.product(sorted(every), repeat=2):
        if target.startswith("/") or here.startswith("/"):
            continue  # not a link inside the site
        if ".." in posixpath.normpath(target or ".").split("/") or ".." in posixpath.normpath(here or ".").split("/"):
            continue  # above the site: only the working directory can tell
        base = posixpath.dirname(here.rstrip("/") + "/x") if here else "."
        expected = posixpath.relpath(target or ".", base or ".")
        if (not target or target.endswith("/")) and not expected.endswith("/"):
            expected += "/"
        assert relative(target, here) == expected, (target, here)
        assert relative(target + "#muc", here) == expected + "#muc"
        checked += 1
        short += bool(here and (not target or _PLAIN.fullmatch(target)) and _PLAIN.fullmatch(here))
    assert checked > 50_000 and short > 10_000


def test_markdown_fields_cannot_inject_markup():
    html, toc = (render_markdown("# Đắk Lắk\n\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x "
                                 "onerror=alert(1)>"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "")
    assert '<h2 id="dak-lak">Đắk Lắk</h2>' in html and toc[0]["id"] == "dak-lak"


@pytest.mark.parametrize("href, here, target", [
    ("../../san-pham/a/", "tin-tuc/x/", "san-pham/a"),
    ("../y/#muc", "tin-tuc/x/", "tin-tuc/y"),
    ("../../", "tin-tuc/x/", ""),
    ("../../../ngoai", "tin-tuc/x/", "../ngoai"),
    ("a/", "", "a"),
    ("#muc", "tin-tuc/x/", None),
    ("https://moit.gov.vn/", "tin-tuc/x/", None),
    ("mailto:a@b.vn", "", None),
    ("/tuyet-doi/", "tin-tuc/x/", None),
    ("java\tscript:x", "", None),
])
def test_resolve_is_the_inverse_of_relative(href: str, here: str, target):
    assert resolve(href, here) == target
    if target is not None and not target.startswith(".."):
        assert resolve(relative(target + "/" if target else "", here), here) == target


def test_page_addresses_of_hand_written_pages():
    assert [page_url(u) for u in ("index.md", "gioi-thieu.md", "ho-tro/index.md",
                                  "a/b.md")] == ["", "gioi-thieu/", "ho-tro/", "a/b/"]


def test_link_targets_are_read_from_the_parsed_markdown():
    text = ("[a](&#106;avascript:x) [b][r] <http://a.vn/?b=1&c=2> ![ảnh](p.png) `[c](không-phải-liên-kết)`\n\n[r]: "
            "../r/\n")
    assert link_targets(text) == ["javascript:x", "../r/", "http://a.vn/?b=1&c=2", "p.png"]


def test_drop_links_keeps_the_text_of_links_to_hidden_items_only():
    fragment = ('<p>Xem <a href="../../san-pham/an/" title="t">sản phẩm <em>ẩn</em></a>, '
                '<a href="../../san-pham/an/#gia">lần nữa</a>, <a href="../../san-pham/hien/">hiện</a>, '
                '<a href="https://a.vn/san-pham/an/">ngoài</a> &amp; <img src="../../san-pham/an/" alt="x" /></p>')
    out, found = drop_links(fragment, "tin-tuc/x/", {"san-pham/an/": "AN"})
    assert found == ["AN", "AN"]
    assert out == ('<p>Xem sản phẩm <em>ẩn</em>, lần nữa, <a href="../../san-pham/hien/">hiện</a>, '
                   '<a href="https://a.vn/san-pham/an/">ngoài</a> &amp; <img src="../../san-pham/an/" alt="x" /></p>')
    assert drop_links(fragment, "tin-tuc/x/", {}) == (fragment, [])
    # the same address written with entities is the same link
    assert drop_links('<a href="../../san-pham/&#97;n/">x</a>', "tin-tuc/x/", {"san-pham/an/": 1}) == ("x", [1])


def test_rewrite_links_changes_addresses_and_nothing_else():
    fragment = ('<p title="a &amp; b"><a href="../x/?a=1&amp;b=2" rel="noopener">x &lt; y</a><br><img src="p.png" '
                'alt="&quot;"/><!-- c --></p>')
    out = rewrite_links(fragment, lambda tag, attr, href: "http://h/" + href)
    assert out == ('<p title="a &amp; b"><a href="http://h/../x/?a=1&amp;b=2" rel="noopener">x &lt; y</a><br>'
                   '<img src="http://h/p.png" alt="&quot;" /><!-- c --></p>')
    assert rewrite_links(fragment, lambda tag, attr, href: href) == fragment


def test_plain_text_is_what_the_markdown_says():
    text = ("## Tiêu đề\n\n**Đậm** [liên kết](http://x.vn) `mã` <b>thẻ</b> &amp; hết\n\n| a | b |\n|---|---|\n| 1 | "
            "2 |\n\n- một\n- hai\n")
    assert plain_text(text) == "Tiêu đề Đậm liên kết mã <b>thẻ</b> & hết a b 1 2 một hai"
    assert plain_text("") == plain_text(None) == ""


def test_templates_lose_their_indentation_where_the_page_would_and_nowhere_else():
    """Templates are unindented when loaded (markup.UnindentedTemplates), so that most pages need no
    pass afterwards; a page is the same as the template's page unindented afterwards, spaces kept
    where a block tag took the line break before them (they follow text there), and inside <pre>."""
    import jinja2

    from generator.markup import UnindentedTemplates, unindent

    source = ("<ul>\n  <li>{{ a }}</li>\n    {% if a %}\n    <li>b</li>\n  {% endif %}\n</ul>\n"
              "<p>đã hết hạn{% if a %}\n    <small>(x)</small>{% endif %}\n  {# note #}\n   <em>y</em></p>\n"
              "<pre>\n    kept\n</pre>\n")
    templates = {"t.html": source}
    plain = jinja2.Environment(loader=jinja2.DictLoader(templates), trim_blocks=True, lstrip_blocks=True)
    loaded = jinja2.Environment(loader=UnindentedTemplates(jinja2.DictLoader(templates)), trim_blocks=True,
                                lstrip_blocks=True)
    for a in (True, False):  # the page as the build writes it (plugin.py unindents every page) is the same
        page = loaded.get_template("t.html").render(a=a)
        assert unindent(page) == unindent(plain.get_template("t.html").render(a=a))
    page = loaded.get_template("t.html").render(a=True)
    assert "đã hết hạn    <small>" in page and "</small>   <em>" in page and "<pre>\n    kept\n</pre>" in page
    assert "\n  <li>" not in page  # indentation after a line break that stays: gone when loaded
    done = unindent(page.split("<pre>")[0])
    assert unindent(done) is done  # nothing left to take out: the page is handed back as it is


def test_a_page_packed_at_either_level_or_by_zlib_unpacks_to_its_html():
    """Pages are packed by zlib-ng up to PACK_FAST_UP_TO entries, else by the standard library's
    zlib, and unpacked by zlib-ng; a build cache holds either: all of them read back alike."""
    import zlib as stdlib_zlib

    from generator.pages.render import RenderedPage, pack

    html = "<p>Sản phẩm công nghiệp nông thôn tiêu biểu – Đắk Lắk</p>" * 40
    for packed in (pack(html, fast=True), pack(html, fast=False), stdlib_zlib.compress(html.encode("utf-8"), 9)):
        assert stdlib_zlib.decompress(packed).decode("utf-8") == html
        assert RenderedPage("t", "d", packed).html == html
    assert max(len(pack(html, fast=True)), len(pack(html))) < len(html.encode("utf-8")) // 4


def test_a_local_address_with_other_letters_is_encoded_in_a_markdown_field():
    """A link or picture address inside the site with letters, spaces or commas in its path is
    percent-encoded (so the release finds it); others are left as they are; text that only looks
    like an attribute is left as text."""
    from generator.markup import render_markdown

    html, _ = render_markdown("[Ảnh](../../assets/anh/Ảnh sản phẩm, mới.jpg) and [x](https://vi.wikipedia.org/wiki/Đ) "
                              'and plain/ok-path [y](../y/) and text src="a b"')
    assert 'href="../../assets/anh/%E1%BA%A2nh%20s%E1%BA%A3n%20ph%E1%BA%A9m%2C%20m%E1%BB%9Bi.jpg"' in html
    assert 'href="https://vi.wikipedia.org/wiki/Đ"' in html and 'href="../y/"' in html
    assert 'src="a b"' in html or "src=&quot;a b&quot;" in html


def test_a_page_digest_changes_with_anything_its_head_or_body_shows_and_survives_the_cache():
    """A build from the cache keeps a page whose digest is unchanged (build.py BuildState.unchanged):
    the digest must change with every part the written page shows, the schema.org graph and the
    language versions included, and be the same for the page read back from the cache's data."""
    from generator.pages.render import FeedLink, RenderedPage, pack

    base = dict(title="Tiêu đề", description="Mô tả", packed=pack("<p>Nội dung</p>"),
                feed=FeedLink("feeds/tin-tuc", "Tin"), packed_ld=pack('{"@graph":[]}'), lang="vi",
                alternates={"vi": "gioi-thieu/", "en": "en/"}, template="news.html")
    page = RenderedPage(**base)
    changed = {"title": "Tiêu đề khác", "description": "Mô tả khác", "packed": pack("<p>Nội dung khác</p>"),
               "feed": FeedLink("feeds/van-ban", "Tin"), "packed_ld": pack('{"@graph":[{}]}'), "lang": "en",
               "alternates": {"vi": "gioi-thieu/"}}
    for name, value in changed.items():
        assert RenderedPage(**{**base, name: value}).digest() != page.digest(), name
    assert RenderedPage(**{**base, "packed": pack("<p>Nội dung</p>", fast=True)}).digest() == page.digest()
    assert RenderedPage.from_data(page.data()).digest() == page.digest()
    # the parts cannot run into each other: "ab" + "c" is not "a" + "bc"
    assert RenderedPage(**{**base, "title": "ab", "description": "c"}).digest() != \
        RenderedPage(**{**base, "title": "a", "description": "bc"}).digest()



def test_rendering_sizes_the_memos_to_the_portal(mini: Path, monkeypatch):
    """A portal whose render jobs fit the memos keeps every text; one with more (here: a memo of 3)
    keeps few, as render_site decides before it forks, and its pages are the same."""
    import datetime as dt

    from generator import markup
    from generator.catalog import build_catalog
    from generator.content import load_site
    from generator.pages import render
    from tests.conftest import ROOT

    def rendered() -> dict[str, str]:
        raw, _ = load_site(mini)
        cat, _ = build_catalog(raw, dt.date(2026, 12, 1), mini / "content")
        pages, _ = render.render_site(cat, ROOT / "templates")
        return {uri: page.unpacked() for uri, page in pages.items()}

    try:
        before = rendered()
        assert markup._convert_now.cache_info().maxsize == markup._render_memo.cache_info().maxsize == markup.MEMO_ALL
        monkeypatch.setattr(markup, "MEMO_ALL", 3)
        assert rendered() == before
        assert markup._convert_now.cache_info().maxsize == markup._render_memo.cache_info().maxsize == markup.MEMO_FEW
    finally:
        monkeypatch.undo()
        markup.size_memos(0)
    assert markup._convert_now.cache_info().maxsize == markup.MEMO_ALL
