"""The whole test portal (tests/fixtures/portal/), built in process, read as HTML."""

import re
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.site import Paths, load_catalog
from tests.conftest import BUILD_DATE

import datetime as dt


def page(site: Path, url: str):
    path = site / url / "index.html"
    assert path.is_file(), url
    return lhtml.fromstring(path.read_bytes())


def fact(doc, label: str) -> str:
    """The value shown against a label in a page's facts list."""
    return " ".join(doc.xpath(f"//dt[normalize-space()='{label}']/following-sibling::dd[1]")[0].text_content().split())


def text(doc) -> str:
    return " ".join(doc.text_content().split())


@pytest.fixture(scope="module")
def cat(portal_root):
    return load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))


def test_every_item_has_its_page(portal_site, cat):
    for e in [*cat.products, *cat.projects, *cat.legal, *cat.news, *cat.provinces, *cat.topics]:
        doc = page(portal_site, e.url)
        assert e.title in text(doc.xpath("//h1")[0]), e.url


def test_item_pages_name_their_topics_and_provinces_once(portal_site, cat):
    """An item's topics are a line of its page, its provinces are in its facts or byline: the side
    column repeats neither."""
    seen = 0
    for e in [*cat.products, *cat.projects, *cat.legal, *cat.news, *cat.events]:
        doc = page(portal_site, e.url)
        main = doc.xpath("//div[contains(@class, 'kc-grid__main')]")[0]
        topics = getattr(e.model, "topics", None) or []
        line = main.xpath(".//p[@class='kc-tags'][starts-with(normalize-space(), 'Chủ đề:')]//a")
        assert [a.text_content() for a in line] == [cat.get("topic", t).title for t in topics], e.url
        hrefs = {h.split("#")[0] for h in main.xpath(".//a/@href")}
        for ref in e.provinces:
            assert any(h.endswith(f"tinh-thanh/{ref.unit.id}/") for h in hrefs), (e.url, ref.unit.id)
        side = doc.xpath("//aside[contains(@class, 'kc-side')]//a/@href")
        assert not [h for h in side if "/chu-de/" in h or "/tinh-thanh/" in h], e.url
        seen += bool(topics) and e.kind != "news"
    assert seen >= 3  # products, projects or legal texts with topics: the line is not the news' only


def test_pages_are_in_their_language_and_local_only(portal_site):
    for path in portal_site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        english = path.relative_to(portal_site).parts[0] == "en"
        assert f'<html lang="{"en" if english else "vi"}"' in raw, path
        assert "fonts.googleapis" not in raw and "fonts.gstatic" not in raw, path
        doc = lhtml.fromstring(raw)
        for src in doc.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src"):
            assert not re.match(r"^(https?:)?//", src), (path, src)


def test_home_shows_news_stories_and_figures(portal_site):
    doc = page(portal_site, "")
    body = text(doc)
    assert "1.436 tỷ đồng" in body and "36,6%" in body
    news_dates = doc.xpath("//section[@aria-labelledby='tin-moi']//time/@datetime")
    assert news_dates and news_dates == sorted(news_dates, reverse=True)  # newest first
    assert len(doc.xpath("//section[@aria-labelledby='dien-hinh']//li")) == 3


def test_product_page_links_to_its_province_and_project(portal_site):
    doc = page(portal_site, "san-pham/gom-bo-bat")
    crumbs = doc.xpath("//nav[@class='kc-crumbs']//li")
    assert [text(li) for li in crumbs] == ["Trang chủ", "Sản phẩm công nghiệp nông thôn tiêu biểu"]  # then the h1
    links = doc.xpath("//a/@href")
    assert "../../tinh-thanh/ninh-binh/" in links
    assert "../../de-an/bao-ton-phat-trien-gom-bo-bat-ninh-binh/" in links
    project = page(portal_site, "de-an/bao-ton-phat-trien-gom-bo-bat-ninh-binh")
    assert "../../san-pham/gom-bo-bat/" in project.xpath("//a/@href")


def test_former_province_names_display_and_aggregate(portal_site):
    product = text(page(portal_site, "san-pham/gia-treo-khan"))
    assert "Quảng Nam (nay thuộc Đà Nẵng)" in product
    assert "có giá trị đến 31/12/2026" in product and "còn hiệu lực" in product
    province = page(portal_site, "tinh-thanh/da-nang")
    assert "Giá treo khăn" in province.xpath("//a/text()")
    assert "hình thành từ việc hợp nhất Đà Nẵng và Quảng Nam (từ ngày 01/07/2025)" in text(province)


def test_legal_page_shows_status_and_relations_both_ways(portal_site):
    d45 = page(portal_site, "van-ban/45-2012-nd-cp")
    assert "Còn hiệu lực, đã được sửa đổi, bổ sung" in text(d45)
    assert "Được sửa đổi, bổ sung bởi Nghị định 235/2025/NĐ-CP" in text(d45)
    assert fact(d45, "Ngày có hiệu lực") == "05/07/2012"
    assert fact(d45, "Ngày ban hành") == "21/05/2012"
    d235 = page(portal_site, "van-ban/235-2025-nd-cp")
    assert "Sửa đổi, bổ sung Nghị định 45/2012/NĐ-CP" in text(d235)
    assert fact(d235, "Người ký") == "Phó Thủ tướng Bùi Thanh Sơn"


def test_money_and_anchors(portal_site):
    project = page(portal_site, "de-an/ho-tro-may-can-ton-phi-long-hau-giang")
    assert fact(project, "Kinh phí khuyến công hỗ trợ") == "300 triệu đồng"
    news = page(portal_site, "tin-tuc/2025-08-27-nghi-dinh-235-sua-doi-nghi-dinh-45-ve-khuyen-cong")
    assert news.xpath("//h2/@id")[:2] == ["ai-duoc-huong-chinh-sach", "nhung-thay-doi-khac"]


def test_listings_are_sections_not_every_item_in_nav(portal_site):
    home = page(portal_site, "")
    tabs = [t.strip() for t in home.xpath("//nav[@id='kc-nav']/ul/li/a/text()")]
    assert tabs == ["Trang chủ", "Tin tức", "Sự kiện", "Sản phẩm tiêu biểu", "Đề án, mô hình", "Số liệu", "Hỗ trợ",
                    "Văn bản", "Tỉnh, thành phố", "Danh bạ", "Giới thiệu"]
    assert not home.xpath("//nav[contains(@class,'md-nav')]//a[contains(@href,'san-pham/gom-bo-bat')]")
    listing = page(portal_site, "san-pham")
    assert len(listing.xpath("//ul[@class='kc-cards']/li")) == 19


def test_shared_navigation_holds_on_every_page(portal_site):
    """Generated pages share one rendering of the theme's tabs and navigation per folder depth
    (generator/plugin.py `fragment`): every link must still land on a page from wherever it is
    shown, and a section's own page must still mark its tab."""
    tab_targets = None
    for url in ["", "san-pham", "chu-de/chinh-sach", "tinh-thanh/bac-ninh", "van-ban/loai/nghi-dinh",
                "ho-tro/may-moc-cong-nghe/bac-ninh", "de-an/tien-do/tinh/cao-bang"]:
        doc = page(portal_site, url)  # fails when a listed page is missing
        hrefs = (doc.xpath("//nav[@id='kc-nav']//a/@href")
                 + doc.xpath("//nav[contains(@class,'md-nav--primary')]//a/@href"))
        assert hrefs, url
        for href in hrefs:
            target = (portal_site / url / href.split("#")[0]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), f"{url}: {href}"
        targets = {(portal_site / url / h).resolve() for h in doc.xpath("//nav[@id='kc-nav']/ul/li/a/@href")}
        tab_targets = tab_targets or targets
        assert targets == tab_targets, url  # the same tabs from every depth
    active = page(portal_site, "san-pham").xpath("//nav[@id='kc-nav']/ul/li/a[@aria-current]/text()")
    assert [t.strip() for t in active] == ["Sản phẩm tiêu biểu"]


def test_the_menu_lists_the_readers_section_with_its_pages_and_the_others_as_tabs(portal_site):
    """Every section is a tab on every page; a section's pages are listed on its own pages only
    (generator/frame.py `listed`), where the row under the tabs lists them all."""
    def links(doc, where: str, url: str) -> set[Path]:
        return {(portal_site / url / h.split("#")[0]).resolve() for h in doc.xpath(where + "//a/@href")}

    def at(*urls: str) -> set[Path]:
        return {(portal_site / u).resolve() for u in urls}

    tabs = at("", "tin-tuc", "su-kien", "san-pham", "de-an", "so-lieu", "ho-tro", "van-ban", "tinh-thanh", "danh-ba",
              "gioi-thieu")
    sections = {"tin-tuc": at("tin-tuc", "chu-de"), "ho-tro": at("ho-tro", "muc-ho-tro", "thu-tuc", "hoi-dap"),
                "gioi-thieu": at("gioi-thieu", "theo-doi", "du-lieu", "huong-dan-dang-tin", "tiep-can", "tim-kiem")}
    here = {"": None, "san-pham": None, "tin-tuc": "tin-tuc", "chu-de/chinh-sach": "tin-tuc",
            "ho-tro/may-moc-cong-nghe/bac-ninh": "ho-tro", "thu-tuc": "ho-tro", "tiep-can": "gioi-thieu",
            "du-lieu": "gioi-thieu"}
    for url, section in here.items():
        doc = page(portal_site, url)
        menu = links(doc, "//nav[@id='kc-nav']", url)
        assert tabs <= menu, url
        assert menu - tabs == (sections[section] - tabs if section else set()), url
        assert len(doc.xpath("//nav[@id='kc-nav']//ul[@aria-label]")) == (1 if section else 0), url
    for first, pages in sections.items():  # on the section's first page, the row under the tabs lists them all
        assert pages <= links(page(portal_site, first), "//nav[@id='kc-nav']", first) | at(first), first


def test_news_archive_by_year_and_month(portal_site):
    """Every news item is in the archive of its year and of its month, and nowhere else; the
    archive pages link to each other with plain links."""
    listing = page(portal_site, "tin-tuc")
    years = listing.xpath("//nav[@aria-label='Lưu trữ tin tức']//a/@href")
    assert years
    seen = 0
    for href in years:
        year = href.strip("/").split("/")[-1]
        doc = page(portal_site, f"tin-tuc/{year}")
        dates = doc.xpath("//ul[@class='kc-cards']//time/@datetime")
        assert dates and all(d.startswith(year + "-") for d in dates)
        seen += int(doc.xpath("//p[@class='kc-count']/text()")[0].split()[0])
        for month_href in (doc.xpath("//nav[@aria-label='Lưu trữ tin tức']//a[starts-with(normalize-space(), "
                                     "'Tháng')]/@href")):
            month = month_href.strip("/").split("/")[-1]
            month_dates = page(portal_site, f"tin-tuc/{year}/{month}").xpath("//ul[@class='kc-cards']//time/@datetime")
            assert month_dates and all(d.startswith(f"{year}-{month}-") for d in month_dates)
    assert seen == int(listing.xpath("//p[@class='kc-count']/text()")[0].split()[0])


def test_a_source_in_english_is_named_in_vietnamese_and_says_its_language(portal_site):
    """models.Source: a Vietnamese page names a source by its Vietnamese title; a linked page in
    English is marked so, with its own title in English."""
    doc = page(portal_site, "tin-tuc/2025-08-27-nghi-dinh-235-sua-doi-nghi-dinh-45-ve-khuyen-cong")
    item = doc.xpath("//section[@class='kc-sources']//li[a[contains(@href, 'luatvietnam')]]")[0]
    link = item.xpath("a")[0]
    assert link.get("hreflang") == "en" and text(link) == "Nghị định 235/2025/NĐ-CP"
    assert text(item) == "Nghị định 235/2025/NĐ-CP (trang tiếng Anh: Decree No. 235/2025/ND-CP)"
    assert [text(s) for s in item.xpath(".//span[@lang='en']")] == ["Decree No. 235/2025/ND-CP"]
    vietnamese = page(portal_site, "tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023")
    plain = vietnamese.xpath("//section[@class='kc-sources']//li/a")[0]
    assert plain.get("hreflang") is None and "trang tiếng" not in text(plain.getparent())
