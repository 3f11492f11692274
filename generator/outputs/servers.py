"""Old addresses kept alive, and the nginx and Caddy configurations that serve a built site the way
outputs/release.py prepared it: precompressed files, media types in UTF-8, a year's cache for
fingerprinted assets and a short one for the rest, the portal's 404 page, and 301 redirects.

The old addresses are those of the 63 former provinces: before the 2025 merger a province page
lived at /tinh-thanh/<former name>/; it now leads to the unit that absorbed it. A bucket cannot
redirect by itself: behind a CDN, give the CDN the same list (`redirects`).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.catalog import Catalog
from generator.outputs.release import BINARY, HASHED_PATTERN, IMMUTABLE, SHORT, TYPES
from generator.text import slugify


def redirects(cat: Catalog) -> list[tuple[str, str]]:
    """(old address, new address), site-relative, for every former unit whose name no longer has a page."""
    current = {p.id for p in cat.provinces}
    out = {}
    for p in cat.provinces:
        for former in p.model.former_units:
            slug = slugify(former.name)
            if slug not in current:
                out.setdefault(f"tinh-thanh/{slug}/", p.url)
    return sorted(out.items())


def nginx_config(root: Path, listen: str, moves: list[tuple[str, str]]) -> str:
    """A complete nginx.conf (run as `nginx -c FILE`, or take its `server` block into yours)."""
    simple = [(suffix, kind) for suffix, kind in [*TYPES, *BINARY] if suffix.count(".") == 1]
    types = "".join(f"        {kind} {suffix[1:]};\n" for suffix, kind in simple)
    text_types = " ".join(sorted({kind for _, kind in TYPES} - {"text/html"}))  # nginx counts text/html already
    # Names with two dots (feed.rss.xml) need their own location: nginx types go by the last one.
    feeds = "".join(f'    location ~ "{re.escape(suffix)}$" {{ types {{ }} default_type {kind}; {_nginx_cache(SHORT)} }}\n'
                    for suffix, kind in TYPES if suffix.count(".") > 1)
    moved = "".join(f"    location = /{old} {{ return 301 /{new}; }}\n    location = /{old.rstrip('/')} {{ return 301 /{new}; }}\n"
                    for old, new in moves)
    return f"""# nginx configuration for the khuyến công portal, written by `khuyencong server-config nginx`.
# Needs Debian's libnginx-mod-http-brotli-static for .br files (gzip_static is built in).
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
worker_processes auto;
pid {root.parent / 'nginx.pid'};
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path /tmp/khuyencong-nginx-body;
    proxy_temp_path /tmp/khuyencong-nginx-proxy;
    fastcgi_temp_path /tmp/khuyencong-nginx-fastcgi;
    uwsgi_temp_path /tmp/khuyencong-nginx-uwsgi;
    scgi_temp_path /tmp/khuyencong-nginx-scgi;
    sendfile on;
    server_tokens off;
    types {{
{types}    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types {text_types};
    server {{
    listen {listen};
    root {root};
    index index.html;
    gzip_static on;
    brotli_static on;
    error_page 404 /404.html;
{moved}{feeds}    location ~ "{HASHED_PATTERN}" {{ {_nginx_cache(IMMUTABLE)} }}
    location / {{ try_files $uri $uri/index.html =404; {_nginx_cache(SHORT)} }}
    location = /404.html {{ internal; {_nginx_cache(SHORT)} }}
    }}
}}
"""


def _nginx_cache(value: str) -> str:
    return f'add_header Cache-Control "{value}" always; add_header Vary Accept-Encoding always;'


def caddy_config(root: Path, listen: str, moves: list[tuple[str, str]]) -> str:
    """A Caddyfile (`caddy run --config FILE --adapter caddyfile`)."""
    # Caddy applies every matching `header`; the matchers are made exclusive so one wins plainly.
    kinds = ""
    for n, (suffix, kind) in enumerate(TYPES):
        longer = " ".join(f"*{other}" for other, _ in TYPES if other != suffix and other.endswith(suffix))
        kinds += (f"    @type{n} {{\n        path *{suffix}\n" + (f"        not path {longer}\n" if longer else "")
                  + f'    }}\n    header @type{n} Content-Type "{kind}; charset=utf-8"\n')
    moved = "".join(f"    redir /{old} /{new} 301\n    redir /{old.rstrip('/')} /{new} 301\n" for old, new in moves)
    if listen.isdigit():
        listen = f":{listen}"
    if "://" not in listen:
        listen = f"http://{listen}"  # plain HTTP: TLS is the CDN's or the front server's business
    return f"""# Caddy configuration for the khuyến công portal, written by `khuyencong server-config caddy`.
{{
    admin off
    auto_https off
}}
{listen} {{
    root * {root}
{moved}    header Vary Accept-Encoding
    @immutable path_regexp {HASHED_PATTERN}
    header @immutable Cache-Control "{IMMUTABLE}"
    @mutable not path_regexp {HASHED_PATTERN}
    header @mutable Cache-Control "{SHORT}"
{kinds}    file_server {{
        precompressed br gzip
    }}
    handle_errors {{
        @missing expression {{err.status_code}} == 404
        handle @missing {{
            rewrite * /404.html
            file_server {{
                precompressed br gzip
            }}
        }}
    }}
}}
"""
