"""Markdown from data files and news, rendered so that it can never inject markup.

Raw HTML is not interpreted (it shows as text), links may only be http(s), mailto, tel or
relative, and the result is sanitised once more by nh3 (the Ammonia sanitiser) as a backstop.
"""

from __future__ import annotations

import markdown
import nh3

from generator.text import heading_slug

_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
    "sup", "sub", "del", "abbr", "div",
}
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


def render_markdown(text: str, shift_headings: bool = True) -> tuple[str, list[dict]]:
    """HTML and table of contents for a Markdown field. The page has the h1, so if the text uses
    `#` headings, every heading moves down one level; `##` stays `<h2>` otherwise."""
    if shift_headings and any(line.startswith("# ") for line in text.splitlines()):
        text = "\n".join(("#" + line) if line.startswith("#") else line for line in text.splitlines())
    _MD.reset()
    html = _MD.convert(text)
    toc = getattr(_MD, "toc_tokens", [])
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )
    return clean, toc
