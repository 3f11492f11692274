"""Markdown from data files and news, rendered so that it can never inject markup.

Raw HTML is not interpreted (it shows as text), links may only be http(s), mailto, tel or
relative, and the result is sanitised once more by nh3 (the Ammonia sanitiser) as a backstop.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, TypeVar
from urllib.parse import quote

from html.parser import HTMLParser

import jinja2 as _jinja2
import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from generator.markdown_store import KEPT
from generator.memory import MEMORY, digest_of  # noqa: F401  (digest_of: for the memos' users)
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


# The sanitiser of Markdown fields, its rules built once (54 µs a 2-KB body instead of 71 µs when
# nh3.clean is given them on each call)
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRS, url_schemes=set(SAFE_SCHEMES), link_rel="noopener")


class _LinkCollector(Treeprocessor):
    """Every link and image address in the parsed document, as a browser reads it (entities
    decoded): inline, reference-style and autolinks alike. Runs after inline parsing."""

    def run(self, root) -> None:  # noqa: ANN001
        self.md.kc_links = [html.unescape(e.get(attr)) for e in root.iter() for tag, attr
                            in (("a", "href"), ("img", "src"))
                            if e.tag == tag and e.get(attr) is not None]


# The inline patterns of this converter (Python-Markdown 3.11) and what each needs to match at all: a
# backslash (escape, backtick), a backtick, "[" (links, images, references), "<" (autolinks), "&"
# (entities), "*" or "_" (emphasis), two spaces before a line's end (a line break). "&", STX and ETX
# only to be safe: the serializer leaves an entity as it is, and STX and ETX (the marks of
# Python-Markdown's placeholders) are taken out of a source before it is parsed.
_INLINE_PATTERNS = {"backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                    "short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong"}
_MAY_BE_INLINE = re.compile(r"[\\`\[<&*_\x02\x03]|  \n")


class _PlainTexts(Treeprocessor):
    """A block's text in which no inline pattern can match is marked atomic (Python-Markdown's own
    mark for a text not to be parsed), so the inline parser passes it by instead of trying each of
    its 13 patterns on it: the same HTML (tests/test_markup.py), about two fifths less of the
    conversion's time for a body of plain paragraphs (0.53 to 0.31 ms, PERFORMANCE.md). Runs just
    before the inline parser."""

    def run(self, root) -> None:  # noqa: ANN001
        for el in root.iter():
            text = el.text
            if text and not isinstance(text, markdown.util.AtomicString) and not _MAY_BE_INLINE.search(text):
                el.text = markdown.util.AtomicString(text)


def _converter(plain_texts: bool = True) -> markdown.Markdown:
    """`plain_texts`: texts without inline markup passed by (`_PlainTexts`), where the converter's
    inline patterns are the ones it knows; off, Python-Markdown as it is (a test compares both)."""
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", "admonition"],
        extension_configs={"toc": {"slugify": heading_slug, "toc_depth": "2-4"}},
        output_format="html",
    )
    md.preprocessors.deregister("html_block")  # raw HTML becomes text
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_LinkCollector(md), "kc_links", 0)  # last: after inline parsing
    # the patterns by name, emphasis by its characters (an extension may add one, as "~", to the same
    # processor) and Python-Markdown by its version (a pattern may change and keep its name)
    if plain_texts and markdown.__version_info__[:3] == (3, 11, 3) and len(md.inlinePatterns) == len(_INLINE_PATTERNS) \
            and all(name in md.inlinePatterns for name in _INLINE_PATTERNS) \
            and md.delimiters is not None and set(md.delimiters.delimiters) == {"*", "_"}:
        md.treeprocessors.register(_PlainTexts(md), "kc_plain_texts", 21)  # the inline parser's is 20
    return md


_MD = _converter()


Converted = tuple[str, list[dict], tuple[str, ...]]
_SEEDED: dict[str, Converted] = {}  # conversions a render worker made, handed to this process (`seed`)
_MADE: list[str] = []  # the texts this process converted itself, in order


def _convert(text: str) -> Converted:
    """Python-Markdown's HTML (raw HTML already off), table of contents and link addresses, before
    sanitising: one conversion serves both `check` (link_targets) and the page (render_markdown),
    and the search index and feeds after them."""
    return _SEEDED.get(text) or _convert_now(text)


# How many Markdown texts a process keeps converted (`_convert_now`) and rendered (`render_markdown`):
# every text of a portal of at most MEMO_ALL render jobs (`size_memos`; about one job per item, and
# one Markdown body per item), so that a text is converted once for its check, its page, its feeds
# and its index. A larger portal's texts cannot all be kept: a build reads them in order, once per
# pass, and a memo smaller than a pass mostly evicts each text before it comes back, so above that
# the memos keep MEMO_FEW (at 100,000 items, 530 MB less of the two render processes' 3 GB,
# PERFORMANCE.md; measured at 10,000 and 100,000 items only); what is needed again is taken from the
# store of conversions.
MEMO_ALL, MEMO_FEW = 32_768, 2_048


def size_memos(jobs: int) -> None:
    """Size the memos for a portal of so many render jobs, about one per item and Markdown body
    (`render_site`, before it forks)."""
    global _convert_now, _render_memo
    size = MEMO_ALL if jobs <= MEMO_ALL else MEMO_FEW
    if _convert_now.cache_info().maxsize != size:
        _convert_now = functools.lru_cache(maxsize=size)(_convert_now.__wrapped__)
        _render_memo = functools.lru_cache(maxsize=size)(_render_memo.__wrapped__)


def clear_memos() -> None:
    """Forget every conversion and rendering this process made (a test's new process)."""
    _convert_now.cache_clear()
    _render_memo.cache_clear()


@functools.lru_cache(maxsize=MEMO_ALL)
def _convert_now(text: str) -> Converted:
    """Converted by Python-Markdown, or taken from the conversions kept between builds
    (generator/markdown_store.py)."""
    kept = KEPT.get(text)
    if kept is None:
        _MD.reset()
        kept = _MD.convert(text), getattr(_MD, "toc_tokens", []), tuple(getattr(_MD, "kc_links", ()))
        KEPT.put(text, kept)
    _MADE.append(text)
    return kept


def converted_since(mark: int) -> list[tuple[str, Converted]]:
    """The conversions this process made after the `mark`-th (a render worker's, for the build that
    forked it: its search index and feeds need them again)."""
    return [(text, _convert_now(text)) for text in _MADE[mark:][:_convert_now.cache_info().maxsize or 0]]


def conversions_made() -> int:
    return len(_MADE)


def seed(conversions: list[tuple[str, Converted]]) -> None:
    """What a render worker converted, so that this process (and what it forks next) need not."""
    room = max(0, (_convert_now.cache_info().maxsize or 0) - len(_SEEDED))
    _SEEDED.update(conversions[:room])


def render_markdown(text: str, shift_headings: bool = True) -> tuple[str, list[dict]]:
    """HTML and table of contents for a Markdown field. The page has the h1, so if the text uses
    `#` headings, every heading moves down one level; `##` stays `<h2>` otherwise."""
    return _render_memo(text, shift_headings)


@functools.lru_cache(maxsize=MEMO_ALL)
def _render_memo(text: str, shift_headings: bool) -> tuple[str, list[dict]]:
    if shift_headings and any(line.startswith("# ") for line in text.splitlines()):
        text = "\n".join(("#" + line) if line.startswith("#") else line for line in text.splitlines())
    converted, toc, _ = _convert(text)
    clean = _CLEANER.clean(converted)
    if ('href="' in clean or 'src="' in clean) and _ODD_LOCAL.search(clean):
        clean = rewrite_links(clean, lambda tag, attr, url: encode_address(url))
    return clean, toc


# A link or image address inside the site whose path holds more than ASCII letters, digits and
# `_.~/-` (a file named 'Ảnh sản phẩm, mới.jpg'): percent-encoded, so the release step's
# fingerprinting finds it (generator/outputs/release.py) and no comma or space splits it.
# (Without a `\b` before the name, which made the search three times slower: it finds more, never
# less, and what it finds is only the cue for `rewrite_links`, which reads the attributes themselves.)
_ODD_LOCAL = re.compile(r'(?:href|src)="(?![A-Za-z][A-Za-z0-9+.-]*:)[^"#?]*?[^A-Za-z0-9_.~/%#?"-]')
_UNSAFE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9_.~/%-]")


def encode_address(url: str) -> str:
    """The path of an address without a scheme percent-encoded (what is already encoded stays);
    its query and fragment, and any address with a scheme, as they are."""
    if scheme_of(url) or url.startswith("//"):
        return url
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    return _UNSAFE.sub(lambda m: quote(m.group(0), safe=""), url[:cut]) + url[cut:]


class _Text(HTMLParser):
    """The text of an HTML fragment, entities decoded; every tag boundary is a word boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


memo = MEMORY.memo  # the memo of that name, kept by the process (generator/memory.py)


PLAIN = memo("plain-2")  # Markdown → its plain words (the number changes with what plain_text keeps)


def _page_converter() -> markdown.Markdown:
    """Markdown as MkDocs reads a hand-written page (mkdocs.yml adds attribute lists and fenced
    code), for its words only; raw HTML stays text, as on every page."""
    md = markdown.Markdown(extensions=["tables", "sane_lists", "admonition", "attr_list", "fenced_code"],
                           output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_PAGE_MD = _page_converter()
# `{ width="1280" height="800" }`, `{: .class #id }`: an attribute list, wherever one is left (data
# Markdown has no attr_list; on a page, one in the middle of a line, a table cell or code). It is
# markup, never words a reader looks for.
ATTRIBUTE_LIST = re.compile(r"""\{:?[ \t]*(?:(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'{}]+))[ \t]*)+\}""")


def plain_text(text: str | None, page: bool = False) -> str:
    """What a Markdown text says, as plain words for the search index and snippets: Markdown
    parses it (so a link gives its words, a table its cells, and raw HTML stays the text it is
    shown as), then the words of the result are read, without attribute lists. A data field is
    parsed as its page shows it (the conversion the page made is reused); a hand-written page
    (`page`) as MkDocs parses it."""
    if not text:
        return ""

    def words() -> str:
        # A data field's words are kept between builds like its conversion (generator/markdown_store.py)
        kept = None if page else KEPT.get(text, "words")
        if kept is not None:
            return kept
        parser = _Text()
        if page:
            _PAGE_MD.reset()
            parser.feed(_PAGE_MD.convert(text))
        else:
            parser.feed(_convert(text)[0])
        parser.close()
        found = " ".join(ATTRIBUTE_LIST.sub(" ", "".join(parser.parts)).split())
        if not page:
            KEPT.put(text, found, "words")
        return found

    return PLAIN.through(("page\n" if page else "") + text, words)


def link_targets(text: str) -> list[str]:
    """Every link and image address a Markdown text makes, after Markdown has parsed it: inline,
    reference-style and autolinks alike, with entities (`&#106;avascript:`) decoded."""
    return list(_convert(text)[2])


def page_url(src_uri: str) -> str:
    """The address of a hand-written page: 'a.md' → 'a/', 'b/index.md' → 'b/', 'index.md' → ''.
    MkDocs publishes README.md as its folder's index (mkdocs.structure.files), and so does this."""
    p = PurePosixPath(src_uri)
    if p.name in ("index.md", "README.md"):
        return "" if str(p.parent) == "." else f"{p.parent}/"
    return f"{p.with_suffix('')}/"


def resolve(href: str, page_url: str) -> str | None:
    """The site-relative address a relative link on the page at `page_url` ('san-pham/x/', or
    'gioi-thieu/' for content/gioi-thieu.md) leads to, without its #fragment: '' for the home page,
    '..' or '../…' when it climbs above the site; None for a link with a scheme, a
    protocol-relative or site-absolute link, or a link to a place on the same page."""
    if scheme_of(href) or href.startswith(("/", "#")):
        return None
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    target = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return "" if target == "." else target


def relative(target: str, page_url: str) -> str:
    """The link from the page at `page_url` (e.g. 'san-pham/x/') to `target` (site-relative):
    the inverse of `resolve`."""
    target_path, _, fragment = target.partition("#")
    if page_url and (not target_path or _PLAIN.fullmatch(target_path)) and _PLAIN.fullmatch(page_url):
        rel = _between(target_path.rstrip("/").split("/") if target_path else [], page_url.rstrip("/").split("/"))
    else:
        base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
        rel = _relpath(target_path or ".", base or ".")
    if (not target_path or target_path.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two site-relative paths, without asking the system for the working
    directory (relpath's abspath does, on every call: 3 s of a 10,000-item build's links). The
    usual link does not come here: `relative` joins two plain addresses itself."""
    if path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [p for p in posixpath.normpath(path).split("/") if p != "."]
    here = [p for p in posixpath.normpath(start).split("/") if p != "."]
    if ".." in here or ".." in to:  # above the site: only the working directory can tell
        return posixpath.relpath(path, start)
    return _between(to, here)


def _between(to: list[str], here: list[str]) -> str:
    """The relative path from folder `here` to `to`, both given by their parts."""
    common, most = 0, min(len(to), len(here))
    while common < most and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


# The usual link (226,000 at 10,000 items) joins two such paths: folder names only, no `.`, `..`
# nor empty part, so posixpath.normpath would change nothing in them but a trailing slash
_PLAIN = re.compile(r"[^./][^/]*(?:/[^./][^/]*)*/?")  # parts that neither are nor begin with a dot

_KEEP_SPACES = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S | re.I)
_HAS_KEPT = re.compile(r"<(?:pre|textarea)\b", re.I)
_INDENT = re.compile(r"\n[ \t]+")
_ANY_INDENT = re.compile(r"\n[ \t]")


# In a template, a line's indentation that follows a block tag's or a comment's end (`%}`, `#}`)
# is kept: trim_blocks takes the line break after such a tag, so the spaces may follow text in the
# page ("hết hạn</span>   <small>"), where `unindent` would have left them.
_TEMPLATE_INDENT = re.compile(r"(?<![%#]\})\n[ \t]+")


def unindent(page: str, pattern: re.Pattern[str] = _INDENT) -> str:
    """A page without the indentation of its lines (about 1 KB a page: what the templates' layout
    leaves), except inside <pre> and <textarea>, where spaces are text. A browser shows the same:
    elsewhere, a line break and the spaces after it are one space (the portal's stylesheet keeps
    spaces only in code, `pre > code`)."""
    if not _ANY_INDENT.search(page):  # most pages, their templates unindented when loaded
        return page
    if not _HAS_KEPT.search(page):
        return pattern.sub("\n", page)
    parts = _KEEP_SPACES.split(page)
    # split gives: text, whole kept element, its tag name, text, …
    return "".join(pattern.sub("\n", part) if i % 3 == 0 else (part if i % 3 == 1 else "")
                   for i, part in enumerate(parts))


class UnindentedTemplates(_jinja2.BaseLoader):
    """A Jinja loader that gives another loader's templates without their lines' indentation
    (`unindent`), so the pages they make carry little for `unindent` to take out afterwards (each
    page is still passed through it, for what data and Markdown bring)."""

    def __init__(self, loader: _jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: _jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return unindent(source, _TEMPLATE_INDENT), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


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


class _Rewriter(HTMLParser):
    """Passes an HTML fragment through unchanged but for the link and image addresses `change`
    decides on: it gets (tag, attribute, address as a browser reads it) and returns the address to
    write, or None to drop that link and keep its text."""

    def __init__(self, change: Callable[[str, str, str], str | None]):
        super().__init__(convert_charrefs=False)
        self.change, self.out, self.dropping = change, [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, self.get_starttag_text() or ""))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], raw: str) -> str:
        name = {"a": "href", "img": "src"}.get(tag)
        value = dict(attrs).get(name) if name else None
        if value is None:
            if tag == "a":
                self.dropping = 0
            return raw
        new = self.change(tag, name, value)
        if new is None and tag == "a":
            self.dropping = 1
            return ""
        if new is None or new == value:
            return raw
        rest = "".join(f' {k}="{html.escape(v if k != name else new)}"' if v is not None else f" {k}" for k, v in attrs)
        return f"<{tag}{rest}{' /' if raw.endswith('/>') else ''}>"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.dropping:
            self.dropping = 0
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")


def rewrite_links(fragment: str, change: Callable[[str, str, str], str | None]) -> str:
    """The fragment with its link and image addresses rewritten by `change` (see _Rewriter)."""
    if "<a " not in fragment and "<img " not in fragment:
        return fragment
    parser = _Rewriter(change)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


T = TypeVar("T")


def drop_links(fragment: str, page_url: str, targets: dict[str, T]) -> tuple[str, list[T]]:
    """Replace links that resolve to one of `targets` (site-relative URLs) by their text.

    Used for links to hidden items: reported by the caller, shown as plain text, never broken."""
    if not targets:
        return fragment, []
    found: list[T] = []

    def change(tag: str, attr: str, href: str) -> str | None:
        target = resolve(href, page_url) if tag == "a" else None
        if target is not None and target.rstrip("/") + "/" in targets:
            found.append(targets[target.rstrip("/") + "/"])
            return None
        return href

    return rewrite_links(fragment, change), found
