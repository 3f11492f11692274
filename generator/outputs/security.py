"""What a browser may do with the portal: the headers every response carries and the two
Content-Security-Policies, one for the portal's pages and one for the web editor at /quan-tri/.

The portal's pages run only the site's own script files (assets/portal.js, search.js, finder.js,
and tiny-inflate.js where a browser cannot inflate a search result's file itself):
no inline script, no script from another host, so a script injected into a page would not run.
The JSON-LD `<script type="application/ld+json">` in every page is data: a browser never runs it,
and a policy does not apply to it. Styles are the site's own files too (the tile map places its
tiles by class, not by `style` attributes); pictures are the site's own, or `data:` (Material's
stylesheet draws its icons from data: addresses). Nothing is fetched from another host.

The web editor (Decap CMS) needs more, and only it gets it: `'unsafe-eval'` (Decap compiles its
configuration's schema with `new Function`, and loads WebAssembly), inline styles (its interface is
styled by emotion, which writes <style> elements), `blob:` pictures (previews of an upload), and
connections to its Git host, its sign-in server and the local proxy of `make edit`, read from
mkdocs.yml (plugin options `editor_*`). The editor's page carries its exact policy; a web server adds
one that does not depend on mkdocs.yml, so the two can never contradict each other.

outputs/servers.py writes all of this into the nginx and Caddy configurations. A bucket cannot: S3
keeps per object only Content-Type, Cache-Control, Content-Encoding, Content-Disposition,
Content-Language, Expires and user metadata, which it sends back only as `x-amz-meta-*`, so
every page also carries its policy in a `<meta http-equiv>` element (`page_policy`), which needs no
server; `frame-ancestors` cannot be set that way, and `nosniff` must come from the CDN in front.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from markupsafe import Markup

NOSNIFF = ("X-Content-Type-Options", "nosniff")
CSP = "Content-Security-Policy"
EDITOR_PREFIX = "/quan-tri/"

# `default-src` is what scripts, stylesheets, fonts, fetches, frames and workers fall back to, so
# they are not named again (every page carries the policy); pictures may also be `data:` addresses.
_SITE = [
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]
# Directives a <meta> element cannot carry: a browser ignores them there, and says so in its console.
_HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")

SITE_POLICY = "; ".join(_SITE)
# The editor's policy as a web server sends it: what does not depend on the backend (its scripts,
# frames, plugins, base address). The editor's page narrows the rest (editor_policy).
EDITOR_SERVER_POLICY = "; ".join(["script-src 'self' 'unsafe-eval'", "object-src 'none'", "base-uri 'self'",
                                  "frame-ancestors 'none'"])
# Where each backend's API lives when mkdocs.yml names no `editor_api_root` (Decap's defaults).
_API = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": "",
        "bitbucket": "https://api.bitbucket.org",
        "azure": "https://dev.azure.com"}
_PROXY = "http://localhost:8081"  # decap-server's default address (`make edit`)


def meta_policy(policy: str) -> str:
    """A policy as a page's <meta http-equiv> element may carry it."""
    return "; ".join(d for d in policy.split("; ") if not d.startswith(_HEADER_ONLY))


def page_policy() -> Markup:
    """The policy as a page's <meta> attribute value, escaped (its quotes `'` need not be: the
    attribute is in double quotes)."""
    return Markup(html.escape(meta_policy(SITE_POLICY), quote=False).replace('"', "&quot;"))


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def editor_policy(backend: dict[str, str], proxy: str | None) -> str:
    """The web editor's own policy: the site's files, plus what Decap needs, plus the hosts its
    backend talks to (the Git host's API, the sign-in server) and the local proxy."""
    hosts = [_API.get(backend.get("name", ""), ""), backend.get("api_root", ""), backend.get("base_url", ""), proxy
             or _PROXY]
    connect = " ".join(dict.fromkeys(o for o in map(_origin, hosts) if o))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {connect}".rstrip(),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
