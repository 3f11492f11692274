"""A news item has one publication date, which everything follows; the day the portal posted it is
said only when it is another day (models.NewsMeta: `date`, `posted`).

On the test portal, the Bắc Ninh item (tin-tuc/2025-11-24-…) retells an article of 24/11/2025 that
the portal posted on 30/11/2026, the southern region's (2025-10-24-…) one of 24/10/2025 also posted
on 30/11/2026; the Đồng Tháp item gives `posted` equal to its `date`; the national recognition of 2023
(2023-12-15-tôn-vinh-…) retells an article that shows no clear date (`source_undated`): its `date` is the
portal's, 22/11/2026, and its page and cards say so; the rest are the portal's own items of 22 and
30/11/2026. Notes for editors (`editor_note`, on that Đồng Tháp item and on the Bồ Bát
product) carry the marker GHI-CHU-NOI-BO, which no output may hold.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import feedparser
from lxml import etree
from lxml import html as lhtml

from generator.outputs.search import read_doc

BAC_NINH = "tin-tuc/2025-11-24-bac-ninh-224-de-an-khuyen-cong-2021-2025/"
SOUTH = "tin-tuc/2025-10-24-khuyen-cong-phia-nam-sau-sap-nhap/"
DONG_THAP = "tin-tuc/2026-11-30-dong-thap-khuyen-cong-2024-9-thang-2025/"
UNDATED = "tin-tuc/2023-12-15-ton-vinh-173-san-pham-cap-quoc-gia/"
MARKER = "GHI-CHU-NOI-BO"


def _doc(site: Path, url: str) -> lhtml.HtmlElement:
    return lhtml.fromstring((site / url / "index.html").read_bytes())


def _text(node: lhtml.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_the_archive_has_a_year_for_each_publication_year(portal_site: Path):
    listing = _doc(portal_site, "tin-tuc/")
    years = [_text(a) for a in listing.xpath("//a[@href]") if re.fullmatch(r"\d{4}/", a.get("href"))]
    assert years == ["2026 (15)", "2025 (2)"]
    year = _doc(portal_site, "tin-tuc/2025/")
    links = {a.get("href") for a in year.xpath("//main//a")}
    assert any(h.endswith("2025-11-24-bac-ninh-224-de-an-khuyen-cong-2021-2025/") for h in links)
    assert (portal_site / "tin-tuc/2025/11/index.html").is_file() and (
        portal_site / "tin-tuc/2025/10/index.html").is_file()
    assert "Bắc Ninh: 224 đề án" not in _text(_doc(portal_site, "tin-tuc/2026/"))


def test_listings_are_ordered_by_publication_date(portal_site: Path):
    listing = _doc(portal_site, "tin-tuc/")
    days = listing.xpath("//ul[contains(@class, 'kc-cards')]//time/@datetime")
    assert days == sorted(days, reverse=True)
    assert days[-2:] == ["2025-11-24", "2025-10-24"]  # the two retold articles come last, not among the new
    cards = [_text(li) for li in listing.xpath("//ul[contains(@class, 'kc-cards')]/li")]
    assert "24/11/2025" in cards[-2] and "Bắc Ninh" in cards[-2]
    assert not any("30/11/2026" in c for c in cards[-2:])  # a card shows the publication date only


def test_feeds_date_an_item_by_its_publication(portal_site: Path):
    rss = feedparser.parse((portal_site / "feeds/tin-tuc.rss.xml").read_bytes())
    dated = {e.link.rsplit("/", 2)[-2]: e.published for e in rss.entries}
    assert dated["2025-11-24-bac-ninh-224-de-an-khuyen-cong-2021-2025"] == "Mon, 24 Nov 2025 00:00:00 +0700"
    assert dated["2025-10-24-khuyen-cong-phia-nam-sau-sap-nhap"] == "Fri, 24 Oct 2025 00:00:00 +0700"
    assert [e.link for e in rss.entries][-2:] == [f"http://127.0.0.1:8000/{BAC_NINH}", f"http://127.0.0.1:8000/{SOUTH}"]
    atom = etree.parse(str(portal_site / "feeds/tin-tuc.atom.xml")).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in atom.findall("a:entry", ns) if e.findtext("a:id", namespaces=ns).endswith(BAC_NINH))
    assert entry.findtext("a:published", namespaces=ns).startswith("2025-11-24")
    assert entry.findtext("a:updated", namespaces=ns).startswith("2025-11-24")
    doc = json.loads((portal_site / "feeds/tin-tuc.json").read_bytes())
    item = next(i for i in doc["items"] if i["url"].endswith(BAC_NINH))
    assert item["date_published"] == "2025-11-24T00:00:00+07:00"
    # a province's feed dates the item the same way
    province = feedparser.parse((portal_site / "feeds/tinh-thanh/bac-ninh.rss.xml").read_bytes())
    assert next(e for e in province.entries if e.link.endswith(BAC_NINH)).published.startswith("Mon, 24 Nov 2025")


def test_the_portal_posting_date_is_shown_only_when_it_is_another_day(portal_site: Path):
    bac_ninh = _doc(portal_site, BAC_NINH)
    assert bac_ninh.xpath("//p[@class='kc-byline']/time/@datetime") == ["2025-11-24"]
    posted = bac_ninh.xpath("//p[@class='kc-pubdates']")
    assert len(posted) == 1 and _text(posted[0]) == "Đăng trên cổng 30/11/2026"
    assert posted[0].xpath("time/@datetime") == ["2026-11-30"]
    same_day = _doc(portal_site, DONG_THAP)  # `posted` is its `date`: nothing more to say
    assert not same_day.xpath("//p[@class='kc-pubdates']") and "Đăng trên cổng" not in _text(same_day)
    own = _doc(portal_site, "tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/")  # no `posted` at all
    assert "Đăng trên cổng" not in _text(own)


def test_a_date_that_is_the_portals_because_the_source_shows_none_says_so(portal_site: Path):
    """A reader must not take the day the portal posted a retold article for the day of the article."""
    undated = _doc(portal_site, UNDATED)
    byline = undated.xpath("//p[@class='kc-byline']")[0]
    assert _text(byline).startswith("Đăng trên cổng 22/11/2026 (bài nguồn không ghi rõ ngày đăng)")
    assert byline.xpath("time/@datetime") == ["2026-11-22"]
    assert not undated.xpath("//p[@class='kc-pubdates']")  # said once, in the byline
    for url in ("tin-tuc/", "tin-tuc/2026/", "chu-de/san-pham-tieu-bieu/"):  # its cards, wherever listed
        card = _doc(portal_site, url).xpath(f"//li[contains(@class, 'kc-card')][a[contains(@href, '{UNDATED[8:]}')]]")
        assert len(card) == 1 and "Đăng trên cổng 22/11/2026" in _text(card[0]), url
    # an item of the portal's own, dated the same day, shows its date alone
    own = _doc(portal_site, "tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/")
    assert _text(own.xpath("//p[@class='kc-byline']")[0]).startswith("22/11/2026")
    cards = [_text(li) for li in _doc(portal_site, "tin-tuc/").xpath("//ul[contains(@class, 'kc-cards')]/li")]
    assert sum("Đăng trên cổng" in c for c in cards) == 1
    # and its search result (the date a result shows: its file's `d`)
    docs = {d["u"]: d["d"] for d in map(read_doc, (p.read_bytes() for p in (portal_site / "search/d").iterdir()))}
    assert docs[UNDATED] == "Đăng trên cổng 22/11/2026"
    assert docs["tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/"] == "22/11/2026"


def test_linked_data_and_sitemap_follow_the_same_dates(portal_site: Path):
    doc = _doc(portal_site, BAC_NINH)
    data = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
    article = next(n for d in data for n in (d.get("@graph") or [d]) if n.get("@type") == "NewsArticle")
    assert article["datePublished"] == "2025-11-24" and article["dateCreated"] == "2026-11-30"
    sitemap = (portal_site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>[^<]*?/([^/<]*/[^/<]*/)</loc><lastmod>([^<]*)</lastmod>", sitemap))
    # the page changed when posted
    assert lastmod["tin-tuc/2025-11-24-bac-ninh-224-de-an-khuyen-cong-2021-2025/"] == "2026-11-30"
    assert lastmod["tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/"] == "2026-11-22"


def test_open_data_gives_the_publication_date_and_the_posting_day(portal_site: Path):
    rows = (portal_site / "du-lieu/tin-tuc.csv").read_text(encoding="utf-8-sig").splitlines()
    header = rows[0].split(",")
    row = next(r for r in rows if "2025-11-24-bac-ninh" in r)
    assert header[header.index("ngay")] and "2025-11-24" in row and "2026-11-30" in row
    flags = {r["id"]: r["nguon_khong_ghi_ngay"] for r in csv.DictReader(rows)}  # titles hold commas: read as CSV
    assert flags["2023-12-15-ton-vinh-173-san-pham-cap-quoc-gia"] == "true"
    assert flags["2025-11-24-bac-ninh-224-de-an-khuyen-cong-2021-2025"] == "false"


def test_notes_for_editors_reach_no_output(portal_site: Path):
    """`editor_note` is for the people who edit the portal: no page, feed, calendar, search file or
    dataset holds it (the editor's own files, which describe the field, are not outputs of data)."""
    found = [str(p.relative_to(portal_site)) for p in portal_site.rglob("*")
             if p.is_file() and not p.relative_to(portal_site).parts[0] == "quan-tri"
             and p.suffix not in (".gz", ".br", ".png", ".webp", ".jpg", ".woff2", ".ico")
             and MARKER.encode() in p.read_bytes()]
    assert found == []
