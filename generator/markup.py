"""Markdown from data files and news, rendered so that it can never inject markup.

Raw HTML is not interpreted (it shows as text), links may only be http(s), mailto, tel or
relative, and the result is sanitised once more by nh3 (the Ammonia sanitiser) as a backstop.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from typing import TypeVar

from html.parser import HTMLParser

import markdown
import nh3

from generator.text import heading_slug

_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
    "sup", "sub", "del", "abbr", "div",
}
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # the only links Markdown may carry
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")  # a URL's scheme, if it has one

_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"align"}, "td": {"align"}, "abbr": {"title"}, "div": {"class"},
}


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", "admonition"],
        extension_configs={"toc": {"slugify": heading_slug, "toc_depth": "2-4"}},
        output_format="html",
    )
    md.preprocessors.deregister("html_block")  # raw HTML becomes text
    md.inlinePatterns.deregister("html")
    return md


_MD = _converter()


@functools.lru_cache(maxsize=32_768)
def _convert(text: str) -> tuple[str, list[dict]]:
    """Python-Markdown's HTML (raw HTML already off) and table of contents, before sanitising: one
    conversion serves both `check` (link_targets) and the page (render_markdown)."""
    _MD.reset()
    return _MD.convert(text), getattr(_MD, "toc_tokens", [])


@functools.lru_cache(maxsize=32_768)
def render_markdown(text: str, shift_headings: bool = True) -> tuple[str, list[dict]]:
    """HTML and table of contents for a Markdown field. The page has the h1, so if the text uses
    `#` headings, every heading moves down one level; `##` stays `<h2>` otherwise."""
    if shift_headings and any(line.startswith("# ") for line in text.splitlines()):
        text = "\n".join(("#" + line) if line.startswith("#") else line for line in text.splitlines())
    html, toc = _convert(text)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes=set(SAFE_SCHEMES),
        link_rel="noopener",
    )
    return clean, toc


class _Links(HTMLParser):
    """Addresses of links and images in rendered HTML, entities decoded as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in (("a", "href"), ("img", "src")) and value is not None:
                self.urls.append(value)


def link_targets(text: str) -> list[str]:
    """Every link and image address a Markdown text makes, after Markdown has parsed it: inline,
    reference-style and autolinks alike, with entities (`&#106;avascript:`) decoded."""
    parser = _Links()
    parser.feed(_convert(text)[0])
    return parser.urls


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read (it ignores spaces and control characters inside it)."""
    found = SCHEME.match(re.sub(r"[\x00-\x20]", "", url))
    return found[1].lower() if found else None


# Hand-written pages (content/*.md) are rendered by MkDocs: they get the same sanitiser as news, with
# what MkDocs' own extensions add (the page's h1, heading permalinks, admonitions).
_PAGE_TAGS = _TAGS | {"h1", "span", "p", "dl", "dt", "dd"}
_PAGE_ATTRS = {**_ATTRS, "a": {"href", "title", "class"}, "h1": {"id"}, "p": {"class"}, "span": {"class"},
               "div": {"class"}, "code": {"class"}, "img": {"src", "alt", "title", "width", "height"}}


def sanitise_page(fragment: str) -> str:
    """A hand-written page's HTML without scripts, event handlers, styles or unsafe links."""
    return nh3.clean(fragment, tags=_PAGE_TAGS, attributes=_PAGE_ATTRS, url_schemes=set(SAFE_SCHEMES), link_rel=None)


T = TypeVar("T")
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def drop_links(fragment: str, page_url: str, targets: dict[str, T]) -> tuple[str, list[T]]:
    """Replace links that resolve to one of `targets` (site-relative URLs) by their text.

    Used for links to hidden items: reported by the caller, shown as plain text, never broken."""
    if not targets:
        return fragment, []
    found: list[T] = []
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""

    def check(mt: re.Match[str]) -> str:
        href = html.unescape(mt[1])
        if SCHEME.match(href) or href.startswith("#"):
            return mt[0]
        target = posixpath.normpath(posixpath.join(base, href.split("#")[0])).lstrip("./") + "/"
        if target in targets:
            found.append(targets[target])
            return mt[2]
        return mt[0]

    return _LINK.sub(check, fragment), found
