"""A small page at each old address (outputs/servers.py `redirects`), for hosts that cannot send a
301 themselves (a bucket behind a CDN): it names the new address as canonical, sends the browser
there at once (`meta refresh`, which works without script and is allowed by the pages' policy), and
says so in a sentence with a plain link, for readers and crawlers that do not follow the refresh.
Search engines are told not to index it. Written for nginx and Caddy too: they answer 301 first.
"""

from __future__ import annotations

import html
import posixpath
from urllib.parse import urljoin

from generator.entries import Catalog
from generator.outputs.servers import redirects


def page_path(old: str) -> str:
    """The file an old address is served from: a folder's index.html, or the .html file itself."""
    return old if old.endswith((".html", ".htm")) else old.rstrip("/") + "/index.html"


def redirect_page(old: str, new: str, site_url: str, title: str = "") -> bytes:
    here = posixpath.dirname(page_path(old)) or "."
    relative = posixpath.relpath(new.rstrip("/") or ".", here) + ("/" if new.endswith("/") else "")
    canonical = urljoin(site_url, new)
    link, full = html.escape(relative, quote=True), html.escape(canonical, quote=True)
    home = html.escape(posixpath.relpath(".", here) + "/", quote=True)
    named = html.escape(title or "/" + new)
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Trang đã chuyển địa chỉ — Cổng thông tin khuyến công</title>
<link rel="canonical" href="{full}">
<meta http-equiv="refresh" content="0; url={link}">
</head>
<body>
<main>
<h1>Trang đã chuyển địa chỉ</h1>
<p>Trang bạn tìm nay ở địa chỉ mới: <a href="{link}">{named}</a>. Hãy cập nhật dấu trang hoặc liên kết của bạn.</p>
<p><a href="{home}">Về trang chủ Cổng thông tin khuyến công</a></p>
</main>
</body>
</html>
""".encode("utf-8")


def redirect_files(cat: Catalog, site_url: str) -> dict[str, bytes]:
    titles = {e.url: e.title for e in cat.by_id.values() if e.url}
    return {page_path(old): redirect_page(old, new, site_url, titles.get(new, "")) for old, new in redirects(cat)}
