"""The sitemap and robots.txt, written from the whole catalog on every build and every `serve`
rebuild (MkDocs' own sitemap in a dirty `serve` build lists only the pages that build rewrote).

Every public page is listed once, with the build date as its last change (builds are reproducible:
no clock enters them), and, for a page with versions in other languages, each version as an
xhtml:link hreflang (Google's sitemap form of the <link rel="alternate"> in the page's head). The web
editor (/quan-tri/) is kept out of search engines.

Material's JavaScript fetches a sitemap.xml beside every <link rel="alternate"> of a page, to match
pages across languages. Each page with versions therefore also gets a small sitemap.xml in its own
folder, listing its versions, so that request finds a file instead of a 404.
"""

from __future__ import annotations

import gzip
from xml.sax.saxutils import escape, quoteattr

from generator.entries import Catalog
from generator.i18n import alternates

NOT_LISTED = ("404.html", "quan-tri/")
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
         ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def site_map_files(cat: Catalog, site_url: str, urls: list[str]) -> dict[str, bytes]:
    """sitemap.xml, sitemap.xml.gz and robots.txt for the given site-relative page addresses, and
    the sitemap.xml of each page that has versions in other languages."""
    pages = sorted({u for u in urls if not u.startswith(NOT_LISTED)})
    day = cat.today.isoformat()
    # A news page last changed when the portal posted it or updated it, not on every build: a search
    # engine then reads an item retelling an article of 2021 as the page it is, not as new.
    changed = {e.url: (e.model.updated or e.model.posted_on).isoformat() for e in cat.news}

    def entry(u: str) -> str:
        versions = "".join(f"<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href={quoteattr(site_url + href)}/>"
                           for lang, href in alternates(u).items())
        return f"<url><loc>{escape(site_url + u)}</loc><lastmod>{changed.get(u, day)}</lastmod>{versions}</url>\n"

    xml = f"{_HEAD}{''.join(map(entry, pages))}</urlset>\n".encode("utf-8")
    robots = (f"User-agent: *\nAllow: /\nDisallow: /quan-tri/\n\nSitemap: {site_url}sitemap.xml\n").encode("utf-8")
    out = {"sitemap.xml": xml, "sitemap.xml.gz": gzip.compress(xml, 9, mtime=0), "robots.txt": robots}
    for u in pages:
        versions = alternates(u)
        if versions and u:
            out[f"{u}sitemap.xml"] = (
                f"{_HEAD}{''.join(entry(v) for v in sorted(set(versions.values())))}</urlset>\n".encode("utf-8"))
    return out
