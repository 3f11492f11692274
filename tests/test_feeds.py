"""Feeds: valid RSS 2.0 and Atom (RFC 4287), stable, newest first, dated in Vietnam time."""

import json
import re
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from tests.conftest import PORTAL
from tests.feedlint import lint_atom, lint_feeds, lint_json_feed, lint_rss

SITE_URL = "http://127.0.0.1:8000/"


def feed_files(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.*"))


def test_every_feed_is_valid(portal_site: Path):
    count, problems = lint_feeds(portal_site)
    # all, legal, products, projects; 34 provinces; 5 topics; 30 lists of legal texts (by type, issuer,
    # year, status); the 9 needs' national answers, and 68 answers of a unit whose list is its own (levels,
    # texts or success stories of its own; the others follow the national answer's feed)
    assert count == 3 * (4 + 34 + 5 + 30 + 9 + 68)
    assert problems == []
    atom = [p for p in feed_files(portal_site) if p.name.endswith(".atom.xml")]
    assert len(atom) == 43 + 30 + 9 + 68


def test_json_feed_carries_what_the_specification_requires(portal_site: Path):
    doc = json.loads((portal_site / "feeds/tin-tuc.json").read_bytes())
    rss = feedparser.parse((portal_site / "feeds/tin-tuc.rss.xml").read_bytes())
    assert doc["title"].startswith("Tin tức") and doc["feed_url"] == SITE_URL + "feeds/tin-tuc.json"
    assert [i["url"] for i in doc["items"]] == [e.link for e in rss.entries]  # the same items as the RSS feed, in order
    first = doc["items"][0]
    assert first["id"] == first["url"] and "<p>" in first["content_html"] and first["date_published"].endswith("+07:00")


def test_the_json_feed_check_catches_what_the_specification_forbids(portal_site: Path):
    doc = json.loads((portal_site / "feeds/tin-tuc.json").read_bytes())
    item = doc["items"][0]
    cases = {
        "no title": {k: v for k, v in doc.items() if k != "title"},
        "wrong version": {**doc, "version": "1.1"},
        "item without id": {**doc, "items": [{k: v for k, v in item.items() if k != "id"}]},
        "item without content": {**doc, "items": [{k: v for k, v in item.items() if not k.startswith("content_")}]},
        "date not RFC 3339": {**doc, "items": [{**item, "date_published": "04/12/2025"}]},
        "relative url": {**doc, "home_page_url": "/tin-tuc/"},
        "author without name, url or avatar": {**doc, "authors": [{}]},
        "items repeated": {**doc, "items": [item, item]},
    }
    for name, broken in cases.items():
        assert lint_json_feed(json.dumps(broken).encode(), "feeds/tin-tuc.json"), name
    assert lint_json_feed(json.dumps(doc).encode(), "feeds/tin-tuc.json") == []


def test_the_validators_catch_broken_feeds(portal_site: Path, tmp_path: Path):
    """The checks above can fail: a feed missing required parts is reported."""
    rss = (portal_site / "feeds/tin-tuc.rss.xml").read_bytes()
    broken = re.sub(rb"<description>[^<]*</description>", b"", rss,
                    count=1).replace(b"+0700</lastBuildDate>", b"+0700 (ICT)x</lastBuildDate>")
    built = re.search(rb"<lastBuildDate>([^<]*)</lastBuildDate>", rss)[1].decode()
    assert lint_rss(broken) == ["channel has no description", f"channel lastBuildDate not RFC 822: {built} (ICT)x"]
    atom = (portal_site / "feeds/tin-tuc.atom.xml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.atom.xml"
    bad.write_text(re.sub(r"<updated>[^<]*</updated>", "<updated>04/12/2025</updated>", atom, count=1),
                   encoding="utf-8")
    assert any("ISO date" in e for e in lint_atom(bad))


def test_news_feed_content(portal_site: Path):
    rss = etree.parse(str(portal_site / "feeds/tin-tuc.rss.xml")).getroot().find("channel")
    assert rss.findtext("link") == SITE_URL + "tin-tuc/"
    self_link = rss.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == SITE_URL + "feeds/tin-tuc.rss.xml"
    items = rss.findall("item")
    news_files = list((PORTAL / "content/tin-tuc").glob("*.md"))
    assert len(items) == min(50, len(news_files))
    dates = [i.findtext("pubDate") for i in items]
    assert all(d.endswith("+0700") for d in dates)
    parsed = feedparser.parse((portal_site / "feeds/tin-tuc.rss.xml").read_bytes())
    stamps = [e.published_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    first = items[0]
    assert first.findtext("guid") == first.findtext("link") and first.findtext("link").startswith(SITE_URL + "tin-tuc/")
    assert [c.text for c in first.findall("category")][0] == "Tin tức"
    content = first.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content and "<p>" in content  # the whole item, as HTML


def test_feed_links_are_absolute_and_province_feeds_gather_former_units(portal_site: Path):
    parsed = feedparser.parse((portal_site / "feeds/tinh-thanh/thai-nguyen.atom.xml").read_bytes())
    assert parsed.version == "atom10"
    tn_news = [e for e in parsed.entries if "/tin-tuc/" in e.link]
    # a province's feed gives each item's title, summary and link; the section's feed carries it whole
    assert tn_news and all(e.summary and "content" not in e for e in parsed.entries if "Cập nhật" not in e.title)
    section = feedparser.parse((portal_site / "feeds/tin-tuc.atom.xml").read_bytes())
    body = next(e for e in section.entries if e.link == tn_news[0].link).content[0].value
    assert 'href="http://127.0.0.1:8000/san-pham/"' in body  # the news body's relative link, made absolute
    province_json = json.loads((portal_site / "feeds/tinh-thanh/thai-nguyen.json").read_bytes())
    assert all(i["content_text"] == i["summary"] and "content_html" not in i for i in province_json["items"]
               if not i["title"].startswith("Cập nhật"))
    da_nang = feedparser.parse((portal_site / "feeds/tinh-thanh/da-nang.rss.xml").read_bytes())
    assert any("Giá treo khăn" == e.title for e in da_nang.entries)  # recorded under Quảng Nam


def test_pages_advertise_and_show_their_feed(portal_site: Path):
    for url, feed in [("", "tin-tuc"), ("san-pham/", "san-pham"), ("tinh-thanh/bac-ninh/", "tinh-thanh/bac-ninh"),
                      ("chu-de/chinh-sach/", "chu-de/chinh-sach"), ("van-ban/", "van-ban")]:
        raw = (portal_site / url / "index.html").read_text(encoding="utf-8")
        doc = etree.HTML(raw)
        alternates = (doc.xpath("//head/link[contains(concat(' ', @rel, ' '), ' alternate "
                                "')][@type='application/rss+xml']/@href"))
        assert alternates and alternates[0].endswith(f"feeds/{feed}.rss.xml"), url
        assert doc.xpath(f"//p[@class='kc-subscribe']/a[contains(@href, 'feeds/{feed}.rss.xml')]"), url
    subscribe = etree.HTML((portal_site / "theo-doi/index.html").read_bytes())
    # the general, province and topic feeds, the 9 needs' national answers and the 30 lists of legal texts
    assert len(subscribe.xpath("//a[contains(@href, '.rss.xml')]")) == 43 + 9 + 30
    assert subscribe.xpath("//a[contains(@href, 'su-kien/lich.ics')]")


@pytest.mark.xdist_group("edited-portal")  # one worker builds `edited_portal` (conftest.py) for its three tests
def test_feed_limit(edited_portal: Path):
    """`feed_limit: 3` in mkdocs.yml (one of `edited_portal`'s edits): three entries in a feed."""
    assert len(feedparser.parse((edited_portal / "site/feeds/tin-tuc.atom.xml").read_bytes()).entries) == 3
