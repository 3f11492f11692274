"""Jinja2 environment (StrictUndefined, autoescape) and the page functions.

Catalog in, {src_uri: RenderedPage} out. It reads templates/ (Jinja recompiles a template whose
file changed) and writes no file; the last rendering of each page is kept in `MEMORY.renders` (memory.py), keyed by a
digest of its inputs, so `serve` re-renders only what changed. Every page is HTML from templates/,
where data text is escaped by autoescape; Markdown fields go through `markup.render_markdown`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from zlib_ng import zlib_ng  # zlib's format; see pack()

from generator.outputs import linked_data
from generator import models as m
from generator import template_store
from generator.entries import SECTIONS, Catalog, Entry, archive_url, describe, merged_from, news_archive
from generator.status import LEGAL_FACETS, legal_groups
from generator.digest import Digests, hash_of, warm
from generator.errors import Problem
from generator.history import recent_changes
from generator.i18n import (LANGUAGES, is_vietnamese, alternates, language_meta, language_of, en_date, en_money,
                            en_number, en_provision, en_when, interface_text, translations)
from generator.pages.english import english_pages
from generator.guidance import finder_questions, province_choices, reached
from generator.pages.guidance import guidance_pages
from generator.pages.record import record_pages
from generator.pages.spec import PageSpec
from generator.pages.figures import (MAP_CHOICES, figures_pages, progress_groups, progress_pages, province_figures,
                                      tile_map)
from generator.outputs.calendars import CALENDAR_PATH, event_path
from generator.outputs.feeds import FORMATS, feed_links, feeds_for
from generator.outputs.opendata import LICENCE, datasets
from generator.memory import MEMORY
from generator.markdown_store import KEPT
from generator.markup import (MEMO_ALL, UnindentedTemplates, conversions_made, converted_since, drop_links, relative,
                              render_markdown, seed, size_memos)
from generator.paging import paginate
from generator.parallel import shared_map
from generator.publishing import LABELS as HIDDEN_LABELS
from generator.icons import ACTIVITY as ACTIVITY_ICON_NAMES, GROUP as GROUP_ICON_NAMES, card_icon, entry_icon, icon
from generator.statistics import cited
from generator.tables import label_tables
from generator.text import vn_date, vn_money, vn_number, vn_provision, vn_when

PREVIEW = 12  # items of one kind shown on a province or topic page before "see all"
HOME_MAP_SHARE = 3  # the home page shows the tile map once a third of the units have a figure


@dataclass(frozen=True)
class FeedLink:
    """The feed a page advertises, by name only: a rendered page keeps no reference into the
    catalog, so the render cache can be saved to disk (generator/plugin.py, `build --cache`)."""

    stem: str
    title: str

    def url(self, fmt: str) -> str:
        return f"{self.stem}.{FORMATS[fmt]}"


_UNPACKED: list[Any] = [None, ""]  # the page last unpacked, and its HTML (RenderedPage.unpacked)


@dataclass
class RenderedPage:
    title: str
    description: str
    packed: bytes  # the page's HTML, UTF-8 and zlib-compressed (`html` gives it back): see pack()
    feed: FeedLink | None = None
    packed_ld: bytes = b""  # schema.org graph (linked_data.py), packed as the HTML is (`jsonld` gives it back)
    lang: str = "vi"
    alternates: dict[str, str] = field(default_factory=dict)  # the page in each language: lang → address
    template: str = ""  # the template it was made from: its kind of page (tests take one of each)

    @property
    def html(self) -> str:
        return zlib_ng.decompress(self.packed).decode("utf-8")

    @property
    def jsonld(self) -> str:
        """The schema.org graph, wrapped with the site's address by main.html. Kept packed: as text it
        took nearly as much memory as the pages' HTML (1.2 KB of Vietnamese, two bytes a character)."""
        return zlib_ng.decompress(self.packed_ld).decode("utf-8") if self.packed_ld else ""

    def unpacked(self) -> str:
        """The HTML, unpacked once for the asks in a row MkDocs makes when it reads the page and the
        theme makes when it writes it: only the page last asked for is held unpacked."""
        if _UNPACKED[0] is not self:
            _UNPACKED[:] = [self, self.html]
        return _UNPACKED[1]

    def digest(self) -> str:
        """What a reader or a search engine would see change: computed once per rendering (pages
        are reused in serve)."""
        if "_digest" not in self.__dict__:
            ld = zlib_ng.decompress(self.packed_ld) if self.packed_ld else b""
            self.__dict__["_digest"] = self._digest_of(zlib_ng.decompress(self.packed), ld)
        return self.__dict__["_digest"]

    def _digest_of(self, html: bytes, ld: bytes) -> str:
        """The digest of all the page puts in its head and body: title, description, feed,
        language and its versions, schema.org graph (`ld`) and HTML (UTF-8), each part after its
        length; the bytes hashed as they are, not a Python text's repr of them (0.5 s less at
        10,000 pages)."""
        h = hashlib.blake2b(digest_size=16)
        versions = " ".join(f"{lang}={url}" for lang, url in sorted(self.alternates.items()))
        texts = (self.title, self.description, self.feed.url("rss") if self.feed else "", self.lang, versions)
        # UnicodeEncodeError (a ValueError) for a lone surrogate
        for data in (*(text.encode("utf-8") for text in texts), ld, html):
            h.update(b"%d:" % len(data))
            h.update(data)
        return h.hexdigest()

    def meta(self) -> dict[str, Any]:
        """The page's metadata as MkDocs and the theme read it (generator/host_pages.py's PortalPage).

        Titles are HTML-escaped here because Material prints `page.meta.title` unescaped."""
        meta: dict[str, Any] = {"title": html.escape(self.title), "description": html.escape(self.description),
                                "hide": ["navigation", "toc"]}
        if self.feed:  # advertised in <head> by templates/theme/main.html
            meta["kc_feeds"] = [{"href": self.feed.url(fmt), "type": kind, "title": html.escape(self.feed.title)}
                                for fmt, kind in (("rss", "application/rss+xml"), ("atom", "application/atom+xml"),
                                                  ("json", "application/feed+json"))]
        if jsonld := self.jsonld:
            meta["kc_jsonld"] = jsonld
        meta.update(language_meta(self.lang, self.alternates))
        if not self.title:
            del meta["title"]  # the home page: Material then titles it with the site name alone
        return meta

    def data(self) -> dict[str, Any]:
        """The page as plain data, for the build cache (generator/build_cache.py): its metadata and
        its HTML as it is kept here (zlib, in base64)."""
        return {"title": self.title, "description": self.description,
                "html": base64.b64encode(self.packed).decode("ascii"),
                "feed": [self.feed.stem, self.feed.title] if self.feed else None, "jsonld": self.jsonld,
                "lang": self.lang,
                "alternates": self.alternates, "template": self.template}

    @classmethod
    def from_data(cls, data: Any) -> RenderedPage:
        """A page back from plain data; TypeError or ValueError for anything of another shape. Its
        HTML is unpacked once here, and its digest kept: a page that cannot be read is found now,
        and the build asks every page its digest anyway (generator/plugin.py unchanged)."""
        texts = ("title", "description", "html", "jsonld", "lang", "template")
        if not isinstance(data, dict) or set(data) != {*texts, "feed",
                                                       "alternates"} or not all(
                                                           isinstance(data[k], str) for k in texts):
            raise TypeError("not a page")
        feed, versions = data["feed"], data["alternates"]
        if feed is not None and not (isinstance(feed, list) and len(feed) == 2
                                     and all(isinstance(x, str) for x in feed)):
            raise TypeError("not a feed")
        if data["lang"] not in LANGUAGES or not isinstance(versions, dict) \
                or not all(k in LANGUAGES and isinstance(v, str) for k, v in versions.items()):
            raise ValueError("not a language")
        try:
            packed = base64.b64decode(data["html"], validate=True)
            ld = pack(data["jsonld"], fast=True) if data["jsonld"] else b""
            page = cls(data["title"], data["description"], packed, FeedLink(*feed) if feed else None, ld,
                       data["lang"], versions, data["template"])
            html = zlib_ng.decompress(packed)
        except zlib_ng.error as exc:  # what unpacks every page (`html`)
            raise ValueError("not zlib") from exc
        html.decode("utf-8")  # UnicodeDecodeError (a ValueError) for a page `html` could not give back
        page.__dict__["_digest"] = page._digest_of(html, data["jsonld"].encode("utf-8"))
        return page

    def stub(self) -> str:
        """The same metadata as a Markdown file of front matter only, for the few generated pages
        named in the navigation (MkDocs makes their Page objects itself)."""
        # JSON values are valid YAML (flow style), and far cheaper to write than yaml.safe_dump.
        return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v
                                 in self.meta().items()) + "---\n"


def pack(html: str, fast: bool = False) -> bytes:
    """A page's HTML as the build keeps it until MkDocs writes the page. Every generated page is held
    at once (MkDocs reads all pages before it writes any): compressed, 10,000 items' pages take about
    27 MB instead of 170 MB as text, and the worker that renders half of them sends that back.
    `fast` (a portal up to PACK_FAST_UP_TO entries): zlib-ng's level 1, 0.5 s less of CPU at 10,000
    items (a 13.7-KB page in 49 µs against 153 µs), 20% larger. Else the standard library's level 1:
    at 100,000 items zlib-ng's allocations left the heap so scattered that the build and its second
    page writer held 400 MB more while writing (3,181 against 2,782 MB PSS). Both are zlib's format:
    either library unpacks it."""
    return (zlib_ng.compress if fast else zlib.compress)(html.encode("utf-8"), 1)


# Entries up to which pages are packed by zlib-ng (`pack`): at 10,000 items 6 MB more, 0.5 s less of
# CPU; at 100,000 the memory counts more (issue 29's 3 GB)
PACK_FAST_UP_TO = 40_000


@functools.lru_cache(maxsize=4)
def make_env(template_dir: Path) -> jinja2.Environment:
    """One environment per template folder and process: Jinja compiles each template once and
    recompiles it when its file changes (auto_reload), so `serve` rebuilds skip compiling."""
    env = jinja2.Environment(
        loader=UnindentedTemplates(jinja2.FileSystemLoader(str(template_dir))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @jinja2.pass_context
    def url(ctx: jinja2.runtime.Context, target: str) -> str:
        return relative(target, ctx["page_url"])

    @jinja2.pass_context
    def markdown_filter(ctx: jinja2.runtime.Context, text: str | None) -> str:
        if not text:
            return ""
        cat: Catalog = ctx["cat"]
        rendered, dropped = drop_links(render_markdown(text)[0], ctx["page_url"], cat.hidden_urls())
        owner = ctx.get("e")
        for kind, ident, why in dropped:
            if owner is not None:  # a warning of the page's rendering (Renderer.warnings)
                p = owner.origin.problem((), "hidden_ref", kind=kind, value=ident, reason=why)
                ctx["kc_warnings"].append(replace(p, severity="warning"))
        return Markup(rendered)

    @jinja2.pass_context
    def translate(ctx: jinja2.runtime.Context, message: str, **params: Any) -> Markup:
        """`_("Vietnamese text", name=value)`: the text in the page's language (generator/i18n.py)."""
        return interface_text(translations(template_dir, ctx.get("lang") or LANGUAGES[0]), message, params)

    def by_language(vi: Any, en: Any) -> Any:
        return jinja2.pass_context(lambda ctx, *a: (en if ctx.get("lang") == "en" else vi)(*a))

    env.filters.update(
        url=url,
        date=by_language(vn_date, en_date),
        when=by_language(vn_when, en_when),
        money=by_language(vn_money, en_money),
        num=by_language(vn_number, en_number),
        provision=by_language(vn_provision, en_provision),
        markdown=markdown_filter,
    )
    env.globals.update(_=translate, is_vietnamese=is_vietnamese, merged_from=merged_from)
    env.globals.update(
        LEVELS=m.LEVELS,
        PRODUCT_GROUPS=m.PRODUCT_GROUPS,
        ACTIVITIES=m.ACTIVITIES,
        SOURCE_LANGS=m.SOURCE_LANGS,
        PROJECT_KINDS=m.PROJECT_KINDS,
        FUNDING=m.FUNDING,
        PROJECT_STATUS=m.PROJECT_STATUS,
        LEGAL_TYPES=m.LEGAL_TYPES,
        ORG_KINDS=m.ORG_KINDS,
        UNIT_TYPES=m.UNIT_TYPES,
        SECTIONS=SECTIONS,
        PREVIEW=PREVIEW,
        EVENT_KINDS=m.EVENT_KINDS,
        HIDDEN_LABELS=HIDDEN_LABELS,
        CALENDAR_PATH=CALENDAR_PATH,
        event_path=event_path,
        cited=cited,
        icon=icon,
        entry_icon=entry_icon,
        card_icon=card_icon,
        ACTIVITY_ICONS=ACTIVITY_ICON_NAMES,
        GROUP_ICONS=GROUP_ICON_NAMES,
        progress_groups=progress_groups,
        recent_changes=recent_changes,
    )
    template_store.attach(env)  # compiled once on this machine, not in every build (generator/template_store.py)
    return env


class Renderer:
    def __init__(self, cat: Catalog, template_dir: Path):
        self.cat = cat
        self.env = make_env(template_dir)
        self.feeds = feed_links(cat)
        self.template_dir = template_dir
        self.pack_fast = len(cat.by_id) <= PACK_FAST_UP_TO
        self.fresh: dict[str, tuple[str, list[Problem]]] = {}  # what this process rendered anew
        self.warnings: list[Problem] = []  # what rendering found (a link to a hidden item), in page order

    @functools.cached_property
    def digests(self) -> Digests:
        return Digests(self.cat, self.template_dir, sorted((u, f.title) for u, f in self.feeds.items()))

    def page(self, template: str, page_url: str, title: str, description: str, crumbs: list[tuple[str, str]],
             cache_as: tuple[str, Any] | None = None, about: list[Entry] | None = None, **ctx: Any) -> RenderedPage:
        """Render a template; with `cache_as=(src_uri, inputs)` reuse the last rendering of that page
        when the site digest and `inputs` (entries by digest) are unchanged."""
        key = None
        if not MEMORY.keep_pages:
            cache_as = None
        if cache_as is not None:
            uri, inputs = cache_as
            key = hash_of((self.digests.site, template, page_url, title, description, crumbs, self.digests.of(inputs)))
            hit = MEMORY.renders.get(uri)
            if hit is not None and hit[0] == key:
                self.warnings += hit[2]
                return hit[1]
        before = len(self.warnings)
        feed = self.feeds.get(page_url)
        lang = language_of(page_url)
        home = (translations(self.template_dir, lang).gettext("Trang chủ"), "" if lang == LANGUAGES[0] else f"{lang}/")
        crumbs = [home, *crumbs]
        body = self.env.get_template(template).render(
            cat=self.cat, page_url=page_url, title=title, crumbs=crumbs, feed=feed, feed_index=self.feeds,
            routes=SECTION_ROUTES.get(page_url, []), lang=lang, kc_warnings=self.warnings, **ctx
        )
        body = label_tables(body)
        nodes = [linked_data.breadcrumbs(crumbs, title, page_url)]
        nodes += [linked_data.item(e) for e in ([ctx["e"]] if isinstance(ctx.get("e"), Entry) else about or [])]
        page = RenderedPage(title, description, pack(body, self.pack_fast),
                            FeedLink(feed.stem, feed.title) if feed else None,
                            pack(linked_data.graph(nodes), self.pack_fast), lang,
                            alternates(page_url), template)
        if cache_as is not None and key is not None:
            warnings = self.warnings[before:]
            MEMORY.renders[cache_as[0]] = (key, page, warnings)
            self.fresh[cache_as[0]] = (key, warnings)
        return page

    def listing(self, base_uri: str, base_url: str, title: str, description: str, entries: list[Entry],
                crumbs: list[tuple[str, str]], **ctx: Any) -> Iterator[tuple[str, RenderedPage]]:
        """A paginated list of cards: base/ then base/trang/2/, ... so no page lists thousands of links."""
        yield from self.paged("listing.html", base_uri, base_url, title, description, crumbs, entries, cache=True,
                              **ctx)

    def paged(self, template: str, base_uri: str, base_url: str, title: str, description: str,
              crumbs: list[tuple[str, str]],
              items: list[Any], *, key: str = "entries", segment: str = "trang", cache: bool = False,
              **ctx: Any) -> Iterator[tuple[str, RenderedPage]]:
        """A template rendered a page of `items` at a time (generator/paging.py): each page gets its
        part as `key`, the pager, its number and the count of pages and items; the pages after the
        first are titled with their number and lead back to the first in the breadcrumb."""
        for part in paginate(base_uri, base_url, items, segment=segment):
            first = part.n == 1
            number = translations(self.template_dir, language_of(base_url)).gettext("Trang %(n)s") % {"n": part.n}
            yield part.uri, self.page(template, part.url, title if first else f"{title} ({number.lower()})",
                                      description,
                                      crumbs if first else [*crumbs, (title, base_url)],
                                      cache_as=(part.uri, (part.entries, part.pager, len(items), ctx)) if cache
                                      else None,
                                      **{**ctx, key: part.entries}, pager=part.pager, current=part.n, pages=part.pages,
                                      total=len(items))


    def render(self, spec: PageSpec) -> Iterator[tuple[str, RenderedPage]]:
        """The page (or pages, for a paged list) a page module's spec asks for."""
        if spec.paging is None:
            yield spec.uri, self.page(spec.template, spec.url, spec.title, spec.description, spec.crumbs,
                                      **spec.context)
            return
        pg = spec.paging
        yield from self.paged(spec.template, spec.uri, spec.url, spec.title, spec.description, spec.crumbs, pg.items,
                              key=pg.key, segment=pg.segment, cache=pg.cache, **spec.context)


Job = Callable[[], Iterable[tuple[str, RenderedPage]]]
# jobs (about the items) up to which a render worker's conversions come back: while the memos hold
# every text (markup.size_memos), so that what comes back is still in the child's memo
SEEDED_UP_TO = MEMO_ALL


_LAST_SITE: dict[Path, str] = {}  # template folder → the site digest of its last rendering in this process


def render_site(cat: Catalog, template_dir: Path) -> tuple[dict[str, RenderedPage], list[Problem]]:
    """Every generated page of the site, keyed by its MkDocs src_uri, and the warnings rendering
    gave (a link to a hidden item), in page order. The pages are jobs (a page, or a list's pages)
    that a large portal renders on both cores (parallel.shared_map): the lists first, since they
    take longest, then the items; the results come back in page order."""
    r = Renderer(cat, template_dir)
    jobs: list[Job] = []

    def home() -> Iterable[tuple[str, RenderedPage]]:
        tilemap = tile_map(cat, "so-de-an")
        yield "index.md", r.page("home.html", "", "", _HOME_DESC, [], home=True, provinces=province_choices(cat),
                                 asks=finder_questions(cat), tilemap=tilemap, map_choices=MAP_CHOICES,
                                 map_carries_data=len(tilemap.with_data) * HOME_MAP_SHARE >= len(tilemap.tiles))

    jobs.append(home)
    kinds = [("product", cat.products, "product.html"), ("project", cat.projects, "project.html"),
             ("legal", cat.legal, "legal.html"), ("news", cat.news, "news.html")]
    items: list[Job] = []
    for kind, entries, template in kinds:
        section, section_title = SECTIONS[kind]
        if kind == "legal":
            jobs.append(lambda: _legal_listings(r, cat))
        elif kind == "news":
            jobs.append(lambda: _news_listings(r, cat))
        else:
            jobs.append(lambda section=section, section_title=section_title, kind=kind, entries=entries: r.listing(
                section, f"{section}/", section_title, _SECTION_DESC[kind], entries, [], kind=kind))
        items += [functools.partial(_item_page, r, f"{section}/{e.id}.md", template, e, section, section_title)
                  for e in entries]
    lists = len(jobs)
    jobs += items
    jobs.append(lambda: _event_pages(r, cat))
    jobs.append(lambda: [("tim-kiem/index.md", r.page(
        "search.html", "tim-kiem/", "Tìm kiếm", "Tìm tin tức, sản phẩm, đề án, văn bản, sự kiện; lọc theo loại, tỉnh, "
        "nhóm, cấp, năm, hiệu lực.", []))])
    jobs.append(lambda: [("theo-doi/index.md", r.page(
        "subscribe.html", "theo-doi/", "Theo dõi tin mới", "Nhận tin mới của cổng qua RSS, Atom, JSON Feed và lịch sự "
        "kiện.", [], feeds=feeds_for(cat)))])

    def open_data() -> Iterable[tuple[str, RenderedPage]]:
        sets = [(ds, sum(1 for _ in ds.rows(cat))) for ds in datasets("", cat.today)]
        yield "du-lieu/index.md", r.page("open_data.html", "du-lieu/", "Dữ liệu mở",
                                         "Tải dữ liệu khuyến công (CSV, JSON) để dùng lại: sản phẩm, đề án, văn bản, "
                                         "số liệu; mô tả theo Frictionless Data và DCAT.", [], sets=sets,
                                         licence=LICENCE)

    jobs.append(open_data)
    for kind, desc, template in (("province", "34 tỉnh, thành phố sau sắp xếp năm 2025 và 63 đơn vị cũ.",
                                  "province.html"),
                                 ("topic", "Tin tức và thông tin khuyến công theo chủ đề.", "topic.html")):
        jobs.append(functools.partial(_hub_index, r, kind, desc))
        jobs += [functools.partial(_hub_pages, r, cat, kind, hub, template) for hub in getattr(cat, kind + "s")]
    # the page modules' pages: plain specs, rendered here
    jobs += [functools.partial(r.render, spec) for spec in [*guidance_pages(cat), *figures_pages(cat),
                                                             *progress_pages(cat), *english_pages(cat, template_dir),
                                                             *record_pages(cat)]]
    jobs.append(lambda: [("danh-ba/index.md", r.page(
        "directory.html", "danh-ba/", SECTIONS["organisation"][1], "Cơ quan quản lý và đơn vị khuyến công có nguồn "
        "công khai; địa chỉ, điện thoại, thư điện tử khi đã kiểm chứng.", [], about=cat.organisations,
        reached=reached(cat)))])

    def run(job: Job) -> tuple[list[tuple[str, RenderedPage]], list[Problem]]:
        before = len(r.warnings)
        pages = list(job())
        return pages, r.warnings[before:]

    # the lists first, the items last (the shortest jobs fill in at the end), the rest between
    order = [*range(lists), *range(lists + len(items), len(jobs)), *range(lists, lists + len(items))]
    # The child's Markdown conversions come back for the feeds and the index (forked from this process
    # afterwards, they would convert them again; a build from the cache forks theirs before, and finds
    # all but the changed texts' conversions in its memos), on a portal whose conversions fit the memo:
    # at 100,000 items they would take some 300 MB in both processes, past the memory the build is given.
    mark, hand_back = conversions_made(), len(jobs) <= SEEDED_UP_TO
    size_memos(len(jobs))  # before the fork: both processes keep as many (and a cached build's outputs' child)
    # A rebuild in the same process (`serve` after an edit) with the same templates, date and site-wide
    # lists: nearly every page is found by its digest, and this process alone finds them sooner than
    # forking the second core (0.7 s at 10,000 items) and taking half the pages back from it.
    again = bool(MEMORY.keep_pages and MEMORY.renders and _LAST_SITE.get(template_dir) == r.digests.site)
    if MEMORY.keep_pages:  # a one-shot build computes no digest
        _LAST_SITE[template_dir] = r.digests.site
    if MEMORY.keep_pages and not again:  # pages looked up by digest, on both cores: the entries' digests
        warm(cat)  # computed once, before the fork (already, in `build --cache`)
    def child_end() -> tuple[dict, list]:
        KEPT.note()  # the child's conversions, for the benchmark
        template_store.note()
        return r.fresh, converted_since(mark) if hand_back else []

    done, theirs = shared_map(run, jobs, child_end, order=order, serial=again)
    out = {uri: page for pages, _ in done for uri, page in pages}
    if theirs:  # what the child rendered, into this process's cache; what it converted, for the index
        fresh, conversions = theirs
        for uri, (key, warnings) in fresh.items():
            MEMORY.renders[uri] = (key, out[uri], warnings)
        seed(conversions)
    r.warnings[:] = [w for _, warnings in done for w in warnings]
    return out, r.warnings


def _item_page(r: Renderer, uri: str, template: str, e: Entry, section: str,
               section_title: str) -> Iterable[tuple[str, RenderedPage]]:
    return [(uri, r.page(template, e.url, e.title, describe(e), [(section_title, f"{section}/")],
                         cache_as=(uri, r.digests.node(e)) if MEMORY.keep_pages else None, e=e))]


_LISTED = ("product", "project", "legal", "news")


def _event_pages(r: Renderer, cat: Catalog) -> Iterator[tuple[str, RenderedPage]]:
    """Upcoming events (soonest first), the archive of past ones (newest first), a page per event."""
    section, section_title = SECTIONS["event"]
    upcoming = [e for e in cat.events if not e.extra["past"]]
    past = [e for e in reversed(cat.events) if e.extra["past"]]
    yield from r.paged("events.html", section, f"{section}/", section_title,
                       "Hội chợ, triển lãm, bình chọn sản phẩm tiêu biểu, đào tạo, hội nghị về khuyến công.",
                       [], upcoming, key="upcoming", past_count=len(past))
    yield from r.listing(f"{section}/da-dien-ra", f"{section}/da-dien-ra/", "Sự kiện đã diễn ra",
                         "Lưu trữ sự kiện khuyến công đã diễn ra.",
                         past, [(section_title, f"{section}/")], kind="event")
    for e in cat.events:
        uri = f"{section}/{e.id}.md"
        yield uri, r.page("event.html", e.url, e.title, describe(e), [(section_title, f"{section}/")],
                          cache_as=(uri, r.digests.node(e)) if MEMORY.keep_pages else None, e=e)


def _hub_index(r: Renderer, kind: str, index_desc: str) -> Iterable[tuple[str, RenderedPage]]:
    """The index of the province or topic pages."""
    section, section_title = SECTIONS[kind]
    return [(f"{section}/index.md", r.page(f"{kind}s.html", f"{section}/", section_title, index_desc, []))]


def _hub_pages(r: Renderer, cat: Catalog, kind: str, hub: Entry, template: str) -> Iterator[tuple[str, RenderedPage]]:
    """A province or topic page, and its full lists beyond the preview."""
    section, section_title = SECTIONS[kind]
    crumbs = [(section_title, f"{section}/")]
    members = cat.in_province if kind == "province" else cat.in_topic
    groups = {k: members(hub.id, k) for k in _LISTED}
    if kind == "province":
        events = [e for e in cat.in_province(hub.id, "event") if not e.extra["past"]]
        extra = {"orgs": cat.in_province(hub.id, "organisation"), "events": events,
                 "fig": province_figures(cat, hub),
                 "progress": bool(groups["project"])}
        desc = describe(hub)
    else:
        extra, desc = {}, hub.model.description or hub.title
    uri = f"{section}/{hub.id}.md"
    yield uri, r.page(template, hub.url, hub.title, desc, crumbs, cache_as=(uri, (hub, groups, extra)), hub=hub,
                      groups=groups, **extra)
    for k, entries in groups.items():
        if len(entries) > PREVIEW:
            sub, sub_title = SECTIONS[k]
            yield from r.listing(f"{section}/{hub.id}/{sub}", f"{hub.url}{sub}/", f"{sub_title} — {hub.title}", "",
                                 entries, [*crumbs, (hub.title, hub.url)], kind=k)




def _legal_listings(r: Renderer, cat: Catalog) -> Iterator[tuple[str, RenderedPage]]:
    """/van-ban/ and one listing per type, issuer, year and status, each linked from a filter
    panel on every one of them: narrowing works without JavaScript."""
    section, section_title = SECTIONS["legal"]
    groups = legal_groups(cat)

    def panel(current: str) -> list[tuple[str, list[tuple[str, str, int, bool]]]]:
        return [(label, [(v_label, f"{section}/{facet}/{slug}/", len(items), f"{section}/{facet}/{slug}/" == current)
                         for slug, (v_label, items) in groups[facet].items()]) for facet, label in LEGAL_FACETS]

    yield from r.listing(section, f"{section}/", section_title, _SECTION_DESC["legal"], cat.legal, [], kind="legal",
                         filters=panel(f"{section}/"), all_url=None, filter_title="Lọc văn bản")
    for facet, facet_label in LEGAL_FACETS:
        for slug, (label, items) in groups[facet].items():
            base = f"{section}/{facet}/{slug}/"
            yield from r.listing(f"{section}/{facet}/{slug}", base, f"{section_title}: {facet_label.lower()} {label}",
                                 f"Văn bản pháp luật về khuyến công — {facet_label.lower()}: {label}.", items,
                                 [(section_title, f"{section}/")], kind="legal", filters=panel(base),
                                 all_url=f"{section}/",
                                 filter_title="Lọc văn bản")


def _news_listings(r: Renderer, cat: Catalog) -> Iterator[tuple[str, RenderedPage]]:
    """/tin-tuc/, then an archive by year (/tin-tuc/2025/) and month (/tin-tuc/2025/09/), each with a
    panel of plain links to the others (Decree 42/2022 asks portals for archives)."""
    section, section_title = SECTIONS["news"]
    years = news_archive(cat)

    def panel(current: str, year: int | None) -> list[tuple[str, list[tuple[str, str, int, bool]]]]:
        groups = [("Năm", [(str(y), archive_url(y), sum(map(len, ms.values())), archive_url(y) == current) for y, ms
                           in years.items()])]
        if year is not None:
            groups.append((f"Tháng trong năm {year}", [(f"Tháng {mo:02d}", archive_url(year, mo), len(es),
                                                        archive_url(year, mo) == current)
                                                      for mo, es in years[year].items()]))
        return groups

    common = {"kind": "news", "filter_title": "Lưu trữ tin tức"}
    yield from r.listing(section, f"{section}/", section_title, _SECTION_DESC["news"], cat.news, [],
                         filters=panel(f"{section}/", None),
                         all_url=None, **common)
    crumbs = [(section_title, f"{section}/")]
    for y, months in years.items():
        entries = [e for es in months.values() for e in es]
        yield from r.listing(archive_url(y).rstrip("/"), archive_url(y), f"Tin tức năm {y}",
                             f"Tin tức khuyến công năm {y}.", entries, crumbs,
                             filters=panel(archive_url(y), y), all_url=f"{section}/", **common)
        for mo, es in months.items():
            yield from r.listing(archive_url(y, mo).rstrip("/"), archive_url(y, mo), f"Tin tức tháng {mo:02d}/{y}",
                                 f"Tin tức khuyến công tháng {mo:02d}/{y}.",
                                 es, [*crumbs, (f"Năm {y}", archive_url(y))], filters=panel(archive_url(y, mo), y),
                                 all_url=f"{section}/", **common)


# Section landing pages open with cards for their sub-routes: page address → [(icon, title, address,
# what it offers)]. Renderer.page hands each page its own (templates/_macros.html route_cards).
SECTION_ROUTES = {
    "ho-tro/": [("hand-coin-outline", "Bảng mức hỗ trợ", "muc-ho-tro/", "Mức quốc gia và mức của từng tỉnh"),
                ("clipboard-list-outline", "Thủ tục", "thu-tuc/", "Các bước, hồ sơ, thời hạn"),
                ("comment-question-outline", "Hỏi đáp", "hoi-dap/",
                 "Doanh nghiệp nhỏ có được hỗ trợ không, Nghị định 235/2025 thay đổi gì, …")],
    "san-pham/": [("map-marker-outline", "Theo tỉnh, thành phố", "tinh-thanh/",
                   "Sản phẩm tiêu biểu của từng tỉnh, kể cả tên tỉnh cũ"),
                  ("trophy-outline", "Bình chọn sản phẩm", "chu-de/san-pham-tieu-bieu/",
                   "Tin về các đợt bình chọn, công nhận"),
                  ("calendar-month-outline", "Hội chợ, sự kiện", "su-kien/",
                   "Hội chợ, triển lãm, bình chọn sắp diễn ra")],
    "de-an/": [("chart-bar", "Khuyến công qua số liệu", "so-lieu/", "Kinh phí, số đề án, bản đồ 34 tỉnh, thành phố"),
               ("progress-check", "Tiến độ đề án", "de-an/tien-do/",
                "Đăng ký, phê duyệt, thực hiện, nghiệm thu, giải ngân"),
               ("hand-coin-outline", "Mức hỗ trợ", "muc-ho-tro/", "Mức hỗ trợ quốc gia và của từng tỉnh")],
    "van-ban/": [("help-circle-outline", "Tôi được hỗ trợ gì?", "ho-tro/", "Văn bản nào áp dụng cho cơ sở của bạn"),
                 ("clipboard-list-outline", "Thủ tục", "thu-tuc/", "Hồ sơ, thời hạn, nơi nộp"),
                 ("comment-question-outline", "Hỏi đáp", "hoi-dap/", "Giải đáp về chính sách mới")],
    "tinh-thanh/": [("map-outline", "Bản đồ 34 tỉnh, thành phố", "so-lieu/ban-do/so-de-an/",
                     "Số đề án, kinh phí theo tỉnh"),
                    ("hand-coin-outline", "Mức hỗ trợ theo tỉnh", "muc-ho-tro/", "Mức quốc gia và mức riêng của tỉnh"),
                    ("card-account-phone-outline", "Danh bạ liên hệ", "danh-ba/",
                     "Sở Công Thương, Trung tâm Khuyến công")],
}


_HOME_DESC = ("Thông tin khuyến công: tin tức, sản phẩm công nghiệp nông thôn tiêu biểu, đề án và mô hình trình "
              "diễn, văn bản pháp luật, danh bạ liên hệ.")
_SECTION_DESC = {
    "product": "Sản phẩm công nghiệp nông thôn tiêu biểu các cấp, theo tỉnh, nhóm sản phẩm và năm công nhận.",
    "project": "Đề án khuyến công và mô hình trình diễn kỹ thuật: kinh phí, cơ sở thụ hưởng, kết quả.",
    "legal": "Nghị định, thông tư, quyết định về khuyến công, với hiệu lực và quan hệ sửa đổi, thay thế.",
    "news": "Tin tức, thông báo về hoạt động khuyến công.",
}
