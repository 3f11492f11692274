"""The sitemap and robots.txt, written from the whole catalog on every build and every `serve`
rebuild (MkDocs' own sitemap in a dirty `serve` build lists only the pages that build rewrote).

Every public page is listed once, with the build date as its last change (builds are reproducible:
no clock enters them). The web editor (/quan-tri/) is kept out of search engines.
"""

from __future__ import annotations

import gzip
from xml.sax.saxutils import escape

from generator.catalog import Catalog

NOT_LISTED = ("404.html", "quan-tri/")


def site_map_files(cat: Catalog, site_url: str, urls: list[str]) -> dict[str, bytes]:
    """sitemap.xml, sitemap.xml.gz and robots.txt for the given site-relative page addresses."""
    pages = sorted({u for u in urls if not u.startswith(NOT_LISTED)})
    day = cat.today.isoformat()
    body = "".join(f"<url><loc>{escape(site_url + u)}</loc><lastmod>{day}</lastmod></url>\n" for u in pages)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"{body}</urlset>\n").encode("utf-8")
    robots = (f"User-agent: *\nAllow: /\nDisallow: /quan-tri/\n\nSitemap: {site_url}sitemap.xml\n").encode("utf-8")
    return {"sitemap.xml": xml, "sitemap.xml.gz": gzip.compress(xml, 9, mtime=0), "robots.txt": robots}
