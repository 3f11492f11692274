"""schema.org JSON-LD on generated pages (generator/outputs/linked_data.py), read back with a JSON-LD
processor (pyld) from the built HTML and held to the data it comes from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html as lhtml
from pyld import jsonld

from generator.site import Paths, load_catalog
from tests.conftest import BUILD_DATE, moved_page

S = "http://schema.org/"
SITE = "http://127.0.0.1:8000/"


def graph(site: Path, url: str) -> list[dict]:
    doc = lhtml.fromstring((site / url / "index.html").read_bytes())
    scripts = doc.xpath("//script[@type='application/ld+json']/text()")
    assert len(scripts) == 1, url
    import json
    return jsonld.expand(json.loads(scripts[0]))


def node(expanded: list[dict], kind: str) -> dict:
    return next(n for n in expanded if f"https://schema.org/{kind}" in n.get("@type", []))


def value(n: dict, prop: str) -> list:
    return [v.get("@value", v.get("@id")) for v in n.get(f"https://schema.org/{prop}", [])]


@pytest.fixture(scope="module")
def cat(portal_root: Path):
    return load_catalog(Paths(portal_root), dt.date.fromisoformat(BUILD_DATE))


def test_every_item_page_has_json_ld_matching_its_data(portal_site: Path, cat):
    kinds = {"legal": "Legislation", "product": "Product", "news": "NewsArticle", "event": "Event",
             "project": "Project"}
    for e in [*cat.legal, *cat.products, *cat.news, *cat.events, *cat.projects]:
        expanded = graph(portal_site, e.url)
        item = node(expanded, kinds[e.kind])
        named = "headline" if e.kind == "news" else "name"
        assert item["@id"] == SITE + e.url and value(item, named) == [e.title], e.url
        crumbs = node(expanded, "BreadcrumbList")
        trail = sorted(crumbs["https://schema.org/itemListElement"],
                       key=lambda x: x["https://schema.org/position"][0]["@value"])
        assert value(trail[-1], "item") == [SITE + e.url] and value(trail[0], "item") == [SITE]


def test_hand_written_pages_have_their_breadcrumb_trail(portal_site: Path):
    for url in ("gioi-thieu/", "tiep-can/", "huong-dan-dang-tin/"):
        crumbs = node(graph(portal_site, url), "BreadcrumbList")
        items = [value(x, "item")[0] for x in crumbs["https://schema.org/itemListElement"]]
        assert items == [SITE, SITE + url], url


def test_legislation_carries_its_number_dates_force_and_changes(portal_site: Path, cat):
    d235 = node(graph(portal_site, "van-ban/235-2025-nd-cp/"), "Legislation")
    assert value(d235,
                 "legislationIdentifier") == ["235/2025/NĐ-CP"] and value(d235, "legislationDate") == ["2025-08-27"]
    assert value(d235, "legislationLegalForce") == ["https://schema.org/InForce"]
    assert value(d235, "legislationAmends") == [SITE + "van-ban/45-2012-nd-cp/"]
    assert value(d235["https://schema.org/legislationPassedBy"][0], "name") == ["Chính phủ"]
    d134 = node(graph(portal_site, "van-ban/134-2004-nd-cp/"), "Legislation")
    assert value(d134, "legislationLegalForce") == ["https://schema.org/NotInForce"]  # replaced by 45/2012
    for e in cat.legal:
        n = node(graph(portal_site, e.url), "Legislation")
        assert value(n, "legislationIdentifier") == ([e.model.number] if e.model.number else [])


def test_products_news_events_and_the_directory(portal_site: Path, cat):
    product = node(graph(portal_site, "san-pham/gia-treo-khan/"), "Product")
    assert value(product["https://schema.org/manufacturer"][0],
                 "name") == [cat.get("product", "gia-treo-khan").model.establishment]
    # a product's description: the plain words its page starts with, cut at a word, not the whole body again
    from generator.markup import plain_text
    from generator.outputs.linked_data import DESCRIPTION_CHARS
    for p in cat.products:
        said = value(node(graph(portal_site, p.url), "Product"), "description")
        whole = plain_text(p.model.description)
        if not whole:
            assert said == [], p.url
            continue
        assert len(said[0]) <= DESCRIPTION_CHARS + 2 and "*" not in said[0] and "](" not in said[0], p.url
        assert said[0] == whole if len(whole) <= DESCRIPTION_CHARS else whole.startswith(said[0].removesuffix(" …"))
    assert any(len(plain_text(p.model.description)) > DESCRIPTION_CHARS for p in cat.products)  # some are cut
    news = cat.news[0]
    article = node(graph(portal_site, news.url), "NewsArticle")
    assert value(article,
                 "datePublished") == [news.model.date.isoformat()] and value(article, "headline") == [news.title]
    event = cat.events[0]
    assert value(node(graph(portal_site, event.url), "Event"), "startDate")[0].startswith(event.date.isoformat())
    orgs = [n for n in graph(portal_site, "danh-ba/") if "https://schema.org/GovernmentOrganization"
            in n.get("@type", [])]
    assert len(orgs) == len(cat.organisations)


def test_json_ld_cannot_be_broken_out_of():
    from generator.outputs.linked_data import graph as write

    text = write([{"name": "</script><script>alert(1)</script> & co"}])
    assert "<" not in text and ">" not in text and "&" not in text
    import json
    assert json.loads(text)[0]["name"] == "</script><script>alert(1)</script> & co"


def test_every_page_has_open_graph_tags_and_its_canonical_address(portal_site: Path):
    for path in portal_site.rglob("index.html"):
        rel = path.parent.relative_to(portal_site).as_posix()
        if rel.startswith("quan-tri") or moved_page(path):
            continue
        doc = lhtml.fromstring(path.read_bytes())
        url = SITE + ("" if rel == "." else rel + "/")
        assert doc.xpath("//link[@rel='canonical']/@href") == [url], rel
        og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[starts-with(@property, 'og:')]")}
        assert (og["og:url"] == url and og["og:title"] and og["og:description"]
                and og["og:locale"] == ("en_US" if rel.split("/")[0] == "en" else "vi_VN")), rel
        assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary"], rel


def test_the_sitemap_lists_every_public_page_and_robots_points_at_it(portal_site: Path):
    import gzip

    from lxml import etree

    listed = etree.fromstring((portal_site / "sitemap.xml").read_bytes()).xpath("//*[local-name()='loc']/text()")
    pages = {SITE + ("" if p.parent == portal_site else p.parent.relative_to(portal_site).as_posix() + "/")
             for p in portal_site.rglob("index.html") if
             not p.parent.relative_to(portal_site).as_posix().startswith("quan-tri") and not moved_page(p)}
    assert sorted(listed) == sorted(pages) and len(listed) > 500
    assert gzip.decompress((portal_site / "sitemap.xml.gz").read_bytes()) == (portal_site / "sitemap.xml").read_bytes()
    robots = (portal_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE}sitemap.xml" in robots and "Disallow: /quan-tri/" in robots


def test_a_portal_without_site_url_is_refused_with_a_clear_message(tmp_path: Path, capsys):
    from tests.conftest import copy_portal, run_cli

    root = copy_portal(tmp_path / "p")
    cfg = root / "mkdocs.yml"
    cfg.write_text("\n".join(line for line in cfg.read_text(encoding="utf-8").splitlines() if
                             not line.startswith("site_url:")) + "\n", encoding="utf-8")
    code, _, err = run_cli(["--root", str(root), "--lang", "vi", "build", "--build-date", BUILD_DATE], capsys)
    assert code == 1 and "Traceback" not in err
    assert "mkdocs.yml: site_url: cần địa chỉ công khai của cổng (site_url)" in err
    assert not (root / "site").exists()
