"""Old addresses kept alive, and the nginx and Caddy configurations that serve a built site the way
outputs/release.py prepared it: precompressed files, media types in UTF-8, a year's cache for
fingerprinted assets and a short one for the rest, the portal's 404 page, 301 redirects, and on
every response `X-Content-Type-Options: nosniff` and the Content-Security-Policy of
outputs/security.py (the web editor's at /quan-tri/). Every value is written quoted.

The old addresses are those of the 63 former provinces: before the 2025 merger a province page
lived at /tinh-thanh/<former name>/; it now leads to the unit that absorbed it. A bucket cannot
redirect by itself: behind a CDN, give the CDN the same list (`redirects`).
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from generator.entries import Catalog
from generator.errors import Problem, problem
from generator.outputs.release import BINARY, HASHED_PATTERN, IMMUTABLE, SHORT, TYPES
from generator.outputs.security import CSP, EDITOR_PREFIX, EDITOR_SERVER_POLICY, NOSNIFF, SITE_POLICY
from generator.text import slugify


def redirects(cat: Catalog) -> list[tuple[str, str]]:
    """(old address, new address), site-relative: every former unit whose name no longer has a page,
    and every item's old addresses (moves.py: Git's history of renames and `aliases:`)."""
    current = {p.id for p in cat.provinces}
    out = dict(cat.moved)
    for p in cat.provinces:
        for former in p.model.former_units:
            slug = slugify(former.name)
            if slug not in current:
                out.setdefault(f"tinh-thanh/{slug}/", p.url)
    return sorted(out.items())


def _forms(old: str) -> list[str]:
    """The requests an old address answers: a folder's with and without its closing slash."""
    return [old, old.rstrip("/")] if old.endswith("/") else [old]


# A value written into a configuration is one token, quoted, whatever it holds. What a server's syntax
# cannot hold at all is refused with its reason (errors.MESSAGES "server_path"): a control character
# (a line break would end the directive) anywhere; in a Caddyfile, a backslash (its lexer keeps it, or
# reads it as escaping the closing quote or a brace) and '{$', which Caddy replaces with an
# environment variable before it reads the file.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LISTEN = (
    re.compile(r"(?:(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):)?(?P<port>[0-9]{1,5})",
               re.ASCII))


def check_values(server: str, root: Path, listen: str) -> list[Problem]:
    """What in `--site-dir` and `--listen` a configuration for `server` cannot hold."""
    problems = []
    text = str(root)
    what = ("control" if _CONTROL.search(text) else "backslash" if server == "caddy" and "\\" in text
            else "caddy_env" if server == "caddy" and "{$" in text else None)
    if what:
        shown = _CONTROL.sub(lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(m[0], f"\\x{ord(m[0]):02x}"), text)
        problems.append(problem("--site-dir", 0, 0, "", "server_path", value=shown, unwritable=what,
                                server={"nginx": "nginx", "caddy": "Caddy"}[server]))
    address = listen.removeprefix("http://") if server == "caddy" else listen
    found = _LISTEN.fullmatch(address)  # ASCII digits only, nothing after the port (not even a line break)
    if not found or not 0 < int(found["port"]) < 65536 or not _host_ok(found["host"]):
        problems.append(problem("--listen", 0, 0, "", "server_listen", value=listen))
    return problems


def _host_ok(host: str | None) -> bool:
    """A host name, or an address that is one: digits and dots only make an IPv4 address (1.2.3.4.5
    is neither), brackets an IPv6 one."""
    if host is None:
        return True
    try:
        if host.startswith("["):
            ipaddress.IPv6Address(host[1:-1])
        elif re.fullmatch(r"[0-9.]+", host):
            ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


def _nginx(value: str, variables: bool = False) -> str:
    r"""One nginx token: double-quoted, `\` and `"` escaped. In a directive that reads variables
    (root, return, add_header), nginx would take `$name` for one and has no escape for `$`: it is
    written as the variable $kc_dollar, which holds a `$` (`geo` in nginx_config)."""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + (quoted.replace("$", "${kc_dollar}") if variables else quoted) + '"'


def _caddy(value: str) -> str:
    """One Caddyfile token: double-quoted, `"` escaped, braces escaped so Caddy does not read a
    placeholder (check_values refuses what cannot be written)."""
    return '"' + value.replace('"', '\\"').replace("{", "\\{").replace("}", "\\}") + '"'


def _nginx_headers(cache: str | None, policy: str) -> str:
    """Every header of a location: nginx drops the server's add_header lines in a location that has its own."""
    lines = ([f"add_header Cache-Control {_nginx(cache)} always; add_header Vary Accept-Encoding always;"] if cache
             else [])
    lines += [f"add_header {NOSNIFF[0]} {NOSNIFF[1]} always;", f"add_header {CSP} {_nginx(policy, True)} always;"]
    return " ".join(lines)


def nginx_config(root: Path, listen: str, moves: list[tuple[str, str]]) -> str:
    """A complete nginx.conf (run as `nginx -c FILE`, or take its `server` block into yours)."""
    simple = [(suffix, kind) for suffix, kind in [*TYPES, *BINARY] if suffix.count(".") == 1]
    types = "".join(f"        {kind} {suffix[1:]};\n" for suffix, kind in simple)
    text_types = " ".join(sorted({kind for _, kind in TYPES} - {"text/html"}))  # nginx counts text/html already
    site = _nginx_headers(None, SITE_POLICY)
    # Names with two dots (feed.rss.xml) need their own location: nginx types go by the last one.
    feeds = "".join(f'    location ~ {_nginx(re.escape(suffix) + "$")} {{ types {{ }} default_type {kind}; '
                    f'{_nginx_headers(SHORT, SITE_POLICY)} }}\n'
                    for suffix, kind in TYPES if suffix.count(".") > 1)
    # A redirect has no add_header of its own, so it carries the server's (nosniff, the policy).
    moved = "".join(f"    location = {_nginx('/' + form)} {{ return 301 {_nginx('/' + new, True)}; }}\n"
                    for old, new in moves for form in _forms(old))
    dollar = ('    geo $kc_dollar { default "$"; }  # a literal $ in the site\'s path (see root)\n' if "$" in str(root)
              else "")
    return f"""# nginx configuration for the khuyến công portal, written by `khuyencong server-config nginx`.
# Needs Debian's libnginx-mod-http-brotli-static for .br files (gzip_static is built in).
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
worker_processes auto;
pid {_nginx(str(root.parent / 'nginx.pid'))};
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
{dollar}    server {{
    listen {listen};
    root {_nginx(str(root), True)};
    index index.html;
    gzip_static on;
    brotli_static on;
    error_page 404 /404.html;
    # Every response: no type guessed other than the one given, and only the site's own scripts run
    # (generator/outputs/security.py). Each location below repeats them with its cache headers.
    {site}
{moved}{feeds}    location ~ {_nginx(HASHED_PATTERN)} {{ {_nginx_headers(IMMUTABLE, SITE_POLICY)} }}
    location / {{ try_files $uri $uri/index.html =404; {_nginx_headers(SHORT, SITE_POLICY)} }}
    location = /404.html {{ internal; {_nginx_headers(SHORT, SITE_POLICY)} }}
    # The web editor (Decap CMS) needs a policy of its own; its page narrows it further.
    location ^~ {EDITOR_PREFIX} {{ try_files $uri $uri/index.html =404; {_nginx_headers(SHORT, EDITOR_SERVER_POLICY)} }}
    location = {EDITOR_PREFIX.rstrip('/')} {{ return 301 {EDITOR_PREFIX}; }}
    }}
}}
"""


def caddy_config(root: Path, listen: str, moves: list[tuple[str, str]]) -> str:
    """A Caddyfile (`caddy run --config FILE --adapter caddyfile`)."""
    # Caddy applies every matching `header`; the matchers are made exclusive so one wins plainly.
    # Every type is named, binary ones too: a type Caddy does not know it would guess from the bytes.
    kinds = ""
    known = [*TYPES, *BINARY]
    for n, (suffix, kind) in enumerate(known):
        longer = " ".join(f"*{other}" for other, _ in known if other != suffix and other.endswith(suffix))
        charset = "; charset=utf-8" if (suffix, kind) in TYPES else ""
        kinds += (f"    @type{n} {{\n        path *{suffix}\n" + (f"        not path {longer}\n" if longer else "")
                  + f'    }}\n    header @type{n} Content-Type "{kind}{charset}"\n')
    moved = "".join(f"    redir {_caddy('/' + form)} {_caddy('/' + new)} 301\n"
                    for old, new in moves for form in _forms(old))
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
    root * {_caddy(str(root))}
{moved}    header Vary Accept-Encoding
    # Every response: no type guessed other than the one given, and only the site's own scripts run
    # (generator/outputs/security.py); the web editor (Decap CMS) has a policy of its own.
    header {NOSNIFF[0]} {NOSNIFF[1]}
    @editor path {EDITOR_PREFIX}*
    header @editor {CSP} {_caddy(EDITOR_SERVER_POLICY)}
    @site not path {EDITOR_PREFIX}*
    header @site {CSP} {_caddy(SITE_POLICY)}
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
