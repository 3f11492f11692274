"""The English section (/en/, generator/pages/english.py): its pages, their language, their links to the
Vietnamese versions, and an interface that is wholly translated through the gettext catalogue."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from lxml import etree
from lxml import html as lhtml

from generator import models as m
from generator.pages.english import PAGES
from generator.i18n import COUNTERPARTS, catalogue_path, en_money, is_vietnamese
from generator.site import Paths, load_catalog
from tests.conftest import BUILD_DATE, ROOT, copy_portal, run_cli

SITE = "http://127.0.0.1:8000/"
EN_PAGES = list(PAGES)
TEXT_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "content")


class _Untranslated(HTMLParser):
    """Text a reader sees (and attributes a screen reader reads) in Vietnamese, outside any element
    marked lang="vi": an interface string the catalogue did not translate."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, language in force)
        self.found: list[str] = []

    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        lang = a.get("lang") or self.lang()
        if lang != "vi" and not (tag == "meta" and a.get("property", "").startswith("og:locale")):
            self.found += [f"<{tag} {k}>: {v}" for k, v in attrs if k in TEXT_ATTRIBUTES and v and is_vietnamese(v)]
        if tag not in self.VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        if self.lang() != "vi" and is_vietnamese(data):
            self.found.append(data.strip())


def untranslated(page: str) -> list[str]:
    parser = _Untranslated()
    parser.feed(page)
    return parser.found


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cat(portal_root: Path):
    return load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))


@pytest.mark.parametrize("url", EN_PAGES)
def test_each_english_page_is_english_and_shows_no_untranslated_string(portal_site: Path, url: str):
    page = read(portal_site, url)
    assert re.search(r'<html lang="en"', page)
    assert untranslated(page) == []


def test_the_check_sees_an_untranslated_string():
    """The check above can fail: Vietnamese text outside lang="vi" is found, in text and attributes."""
    assert (untranslated(
        '<html lang="en"><body><p>Trang chủ</p><span lang="vi">Cao Bằng</span></body></html>') == ["Trang chủ"])
    assert untranslated('<html lang="en"><body><a aria-label="Tìm">x</a></body></html>') == ["<a aria-label>: Tìm"]
    assert untranslated('<html lang="en"><body><p lang="vi">Đắk Lắk <b>Sở</b></p><br><p>ok</p></body></html>') == []


@pytest.mark.xdist_group("edited-portal")  # one worker builds `edited_portal` (conftest.py) for its three tests
def test_a_new_string_left_untranslated_shows_on_the_page_and_fails_the_catalogue_check(edited_portal: Path):
    assert untranslated(read(edited_portal / "site", "en/directory/")) == ["Chuỗi mới chưa dịch"]
    assert "Chuỗi mới chưa dịch" in catalogue_gaps(edited_portal)["missing"]


def catalogue_gaps(root: Path) -> dict[str, list[str]]:
    """What Babel extracts from the templates and the generator, against the English catalogue."""
    with (ROOT / "templates" / "locales" / "babel.cfg").open(encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    extracted = {msg for _file, _line, msg, _comments, _context in extract_from_dir(str(root), method_map, options_map)}
    with catalogue_path(root / "templates", "en").open("rb") as fp:
        po = read_po(fp)
    translated = {msg.id for msg in po if msg.id and msg.string and not msg.fuzzy}
    return {"missing": sorted(extracted - translated), "unused": sorted({msg.id for msg in po if msg.id} - extracted),
            "errors": [f"{msg.id}: {errors}" for msg, errors in po.check()]}


def test_the_english_catalogue_translates_every_interface_string_and_nothing_else():
    gaps = catalogue_gaps(ROOT)
    assert gaps == {"missing": [], "unused": [], "errors": []}, "run `make translations` and fill the empty msgstr"


def test_the_language_versions_link_to_each_other(portal_site: Path):
    for en, vi in COUNTERPARTS.items():
        for url, other in ((en, vi), (vi, en)):
            doc = lhtml.fromstring((portal_site / url / "index.html").read_bytes())
            links = {a.get("hreflang"): a.get("href") for a in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}
            assert links == {"vi": SITE + vi, "en": SITE + en, "x-default": SITE + vi}, url
            switch = doc.xpath("//a[contains(@class, 'kc-lang-switch')]")
            assert len(switch) == 1 and switch[0].get("hreflang") == ("vi" if url == en else "en")
            assert (portal_site / url / switch[
                0].get("href") / "index.html").resolve() == (portal_site / other / "index.html").resolve()
    # A page with one language: no hreflang, and the switch leads to the English section's first page.
    doc = lhtml.fromstring((portal_site / "san-pham" / "index.html").read_bytes())
    assert doc.xpath("//head/link[@hreflang]") == []
    assert doc.xpath("//a[contains(@class, 'kc-lang-switch')]/@href") == ["../en/"]


def test_english_pages_have_english_navigation_and_metadata(portal_site: Path):
    doc = lhtml.fromstring((portal_site / "en" / "directory" / "index.html").read_bytes())
    tabs = doc.xpath("//nav[@id='kc-nav']/ul/li/a")
    assert [a.text_content().strip() for a in tabs] == ["About", "Contacts", "Support levels", "Legal texts",
                                                        "Key figures", "Subscribe"]
    assert [a.get("href") for a in tabs if a.get("aria-current")] == ["./"]
    assert doc.xpath("//meta[@property='og:locale']/@content") == ["en_US"]
    assert doc.xpath("//meta[@property='og:site_name']/@content") == ["Industrial Promotion Portal"]
    assert doc.xpath("//nav[@class='kc-crumbs']//a/text()") == ["Home"]


def test_the_legal_texts_show_an_english_title_only_where_a_source_gives_one(portal_site: Path, cat):
    doc = lhtml.fromstring((portal_site / "en" / "legal-texts" / "index.html").read_bytes())
    rows = {tr.get("id"): tr for tr in doc.xpath("//table//tr[@id]")}
    assert set(rows) == {e.id for e in cat.legal}
    for e in cat.legal:
        row = rows[e.id]
        head = row.xpath("th")[0]
        if e.model.title_en:
            assert e.model.title_en.text in head.text_content()
            assert head.xpath(".//a/@href")[-1] == e.model.title_en.source.url
            assert not head.xpath(".//*[@lang='vi'][contains(., $t)]", t=e.model.abstract)
        else:
            assert head.xpath(".//*[@lang='vi']/text()")[-1] == e.model.abstract
            assert "(Vietnamese title)" in head.text_content()
        assert row.xpath("td")[-1].text_content() == {"con-hieu-luc": "In force", "sua-doi": "In force, as amended",
                                                      "het-hieu-luc": "No longer in force",
                                                      "chua-hieu-luc": "Not yet in force",
                                                      "khong-ro": "Legal force not known"}[e.extra["status"].code]
    assert [e.id for e in cat.legal if e.model.title_en] == ["28-2018-tt-btc"]
    assert "Circular 28/2018/TT-BTC" in rows["28-2018-tt-btc"].text_content()


def test_the_directory_lists_every_organisation_with_its_contacts(portal_site: Path, cat):
    doc = lhtml.fromstring((portal_site / "en" / "directory" / "index.html").read_bytes())
    entries = doc.xpath("//div[@class='kc-org']")
    assert [d.get("id") for d in entries] == [o.id for o in cat.organisations]
    for d, o in zip(entries, cat.organisations, strict=True):
        assert d.xpath("h3//*[@lang='vi']/text()") == [o.model.name]
        assert d.xpath("string(.//p[@class='kc-org__meta'])").startswith(
            ("Central government agency", "Provincial Department of Industry and Trade", "Industrial Promotion Centre"))
        assert d.xpath("string(.//p[@class='kc-org__source'])").startswith("Source:")
        if o.model.phone:
            assert f"tel:{o.model.phone.replace(' ', '')}" in d.xpath(".//a/@href")


@pytest.mark.xdist_group("edited-portal")  # one worker builds `edited_portal` (conftest.py) for its three tests
def test_an_english_name_with_its_source_heads_the_directory_entry(edited_portal: Path):
    doc = lhtml.fromstring((edited_portal / "site" / "en" / "directory" / "index.html").read_bytes())
    entry = doc.xpath("//div[@id='trung-tam-khuyen-cong-cao-bang']")[0]
    assert entry.xpath("h3/text()") == ["Test Centre (a test's name)"]
    assert "https://example.org/ten" in entry.xpath(".//a/@href")
    # The Vietnamese directory keeps the Vietnamese name.
    vi = lhtml.fromstring((edited_portal / "site" / "danh-ba" / "index.html").read_bytes())
    assert "Test Centre" not in vi.xpath("//div[@id='trung-tam-khuyen-cong-cao-bang']/h3")[0].text_content()


def test_an_english_name_without_its_source_is_refused(tmp_path: Path, capsys):
    root = copy_portal(tmp_path / "p")
    law = root / "site_data" / "legal" / "45-2012-nd-cp.yml"
    text = law.read_text(encoding="utf-8").replace("abstract: Về khuyến công\n",
                                                   "abstract: Về khuyến công\ntitle_en:\n  text: On industrial "
                                                   "promotion\n", 1)
    law.write_text(text, encoding="utf-8")
    line = text.splitlines().index("title_en:") + 1
    code, _, err = run_cli(["--root", str(root), "--lang", "en", "check"], capsys)
    assert code == 1 and "Traceback" not in err
    assert f"site_data/legal/45-2012-nd-cp.yml:{line}:1: title_en: required field 'source' is missing" in err, err


def test_the_national_support_levels_are_the_national_rows_of_the_data(portal_site: Path, cat):
    doc = lhtml.fromstring((portal_site / "en" / "support-levels" / "index.html").read_bytes())
    rows = doc.xpath("//table[contains(@class, 'kc-levels')]/tbody/tr")
    national = [e for e in cat.support_levels if not e.provinces]
    assert len(rows) == len(national) > 0
    assert sorted(r.xpath("th//*[@lang='vi']/text()")[0] for r in rows) == sorted(e.model.what for e in national)
    headings = doc.xpath("//h2/text()")
    assert all(not is_vietnamese(h) for h in headings)
    for e in national:
        if e.model.cap_vnd:
            assert en_money(e.model.cap_vnd) in doc.text_content()


def test_the_key_figures_are_the_data_in_english(portal_site: Path, cat):
    doc = lhtml.fromstring((portal_site / "en" / "figures" / "index.html").read_bytes())
    national = cat.stats.select(kind="country", target=None)
    tables = doc.xpath("//table")
    rows = tables[0].xpath("tbody/tr")
    assert len(rows) == len(national) > 0
    labels = {m.QUANTITIES[q][0]: q for q in m.QUANTITIES}
    assert labels  # the labels are translated: none of them is shown as written in Vietnamese
    for r in rows:
        cells = [c.text_content().strip() for c in r.xpath("th|td")]
        assert cells[0] not in labels
    total = next(f for f in national if f.quantity == "tong-kinh-phi")
    assert en_money(int(total.low)) in doc.text_content()


def test_the_sitemap_names_each_language_version(portal_site: Path):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = etree.fromstring((portal_site / "sitemap.xml").read_bytes())
    for en, vi in COUNTERPARTS.items():
        for url in (en, vi):
            links = tree.xpath("//s:url[s:loc=$u]/x:link", namespaces=ns, u=SITE + url)
            assert {(a.get("hreflang"), a.get("href")) for a in links} == {("vi", SITE + vi), ("en", SITE + en)}
            # Material fetches a sitemap.xml beside each hreflang link: it is there, and names both.
            pair = etree.fromstring((portal_site / url / "sitemap.xml").read_bytes())
            assert sorted(pair.xpath("//s:loc/text()", namespaces=ns)) == sorted([SITE + en, SITE + vi])


def test_a_broken_catalogue_is_reported_with_its_line(tmp_path: Path, capsys):
    root = copy_portal(tmp_path / "p")
    po = catalogue_path(root / "templates", "en")
    lines = po.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith('msgstr "About"'))
    lines[n] = 'msgstr "About'  # the closing quote forgotten
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    code, _, err = run_cli(["--root", str(root), "--lang", "en", "build", "--build-date", BUILD_DATE], capsys)
    assert code == 1 and "Traceback" not in err
    assert (f"templates/locales/en/LC_MESSAGES/messages.po:{n + 1}:1: line 'msgstr \"About' of the interface "
            f"translation is not valid gettext" in err), err
    # `check` reads the catalogue too (here in Vietnamese).
    code, _, err = run_cli(["--root", str(root), "--lang", "vi", "check"], capsys)
    assert (code == 1
            and f"messages.po:{n + 1}:1: dòng 'msgstr \"About' của bản dịch giao diện viết sai cú pháp gettext"
            in err), err
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_the_open_data_carries_the_sourced_english_titles(portal_site: Path, cat):
    import csv

    with (portal_site / "du-lieu" / "van-ban.csv").open(encoding="utf-8-sig", newline="") as fp:
        rows = {r["id"]: r for r in csv.DictReader(fp)}
    for e in cat.legal:
        t = e.model.title_en
        assert (rows[e.id]["trich_yeu_tieng_anh"],
                rows[e.id]["nguon_tieng_anh"]) == ((t.text, t.source.url) if t else ("", ""))
