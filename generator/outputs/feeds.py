"""RSS 2.0, Atom and JSON Feed 1.1 for announcements, as pure functions of the catalog.

Feeds are byte-identical across builds of one commit: every date comes from the content (the
newest entry's date stamps the feed), never from the clock, and entries keep catalog order.
feedgen traps handled here: entries appended (its default prepends), the self link added first so
the alternate link becomes RSS `<channel><link>`, and lastBuildDate set explicitly.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from generator.kinds import KINDS
from generator.entries import KIND_LABELS, SECTIONS, Catalog, Entry, describe
from generator.status import LEGAL_FACETS, legal_groups
from generator.guidance import answer_url, level_rows, places_of, rules_for
from generator.history import Change
from generator.markup import drop_links, memo, render_markdown, rewrite_links
from generator.text import ICT, vn_date, vn_money

FORMATS = {"rss": "rss.xml", "atom": "atom.xml", "json": "json"}


@dataclass
class Feed:
    """One subscription: a set of entries and the page that lists them."""

    stem: str  # e.g. "feeds/tin-tuc"; the files are stem + ".rss.xml", ".atom.xml", ".json"
    title: str
    description: str
    page_url: str  # the HTML page this feed mirrors
    entries: list[Entry | Update]
    group: str = ""  # a list's feed (list_feeds): "legal", "need" (national answer) or "need-place"
    # A section's feed carries each item whole; a narrowed list's (a province, a topic, a list of
    # legal texts, an answer) its title, summary and link, as a CMS's collection feeds do: the same
    # bodies written again into some 240 lists' feeds made a third of the bytes feeds and pages
    # share at 10,000 items (PERFORMANCE.md). A noted change's short content is in every feed.
    full: bool = False

    def url(self, fmt: str) -> str:
        return f"{self.stem}.{FORMATS[fmt]}"


@dataclass(frozen=True)
class Update:
    """A noted change of an item (history.py), announced in the item's feeds as an entry of its own:
    its address is the change's place in the page's history."""

    entry: Entry
    change: Change

    @property
    def title(self) -> str:
        return f"Cập nhật: {self.entry.title}"

    @property
    def url(self) -> str:
        if not self.entry.url:  # a support level is a row of /muc-ho-tro/, whose history names it (levels.html)
            return f"muc-ho-tro/#{self.change.anchor}-{self.entry.id}"
        return f"{self.entry.url}#{self.change.anchor}"


def feed_date(e: Entry | Update) -> dt.date | None:
    """The date an entry is announced: `published` if given, else its own date. A news item has
    one publication date (`date`, the retold article's), never the day the portal posted it, so a
    feed does not call an article of 2021 new. An update is announced on the day of its commit."""
    if isinstance(e, Update):
        return e.change.date
    return getattr(e.model, "published", None) or e.date


def last_change(e: Entry | Update) -> dt.date | None:
    """When an entry last changed: its last commit (history.py), else its `updated`, else its date."""
    if isinstance(e, Update):
        return e.change.date
    h = e.extra.get("history")
    return (h.last if h else None) or getattr(e.model, "updated", None) or feed_date(e)


def with_updates(entries: list[Entry]) -> list[Entry | Update]:
    """The entries and each noted change of theirs."""
    found: list[Entry | Update] = list(entries)
    for e in entries:
        h = e.extra.get("history")
        if h is not None:
            found += [Update(e, c) for c in h.changes]
    return found


def feeds_for(cat: Catalog) -> list[Feed]:
    """Every feed of the site, in the order the subscribe page lists them; made once per catalog (the
    pages, the subscribe pages and the outputs all ask, and the lists' feeds walk every need and unit)."""
    cache = cat.__dict__
    if "_feeds" not in cache:
        cache["_feeds"] = _feeds_for(cat)
    return cache["_feeds"]


def _feeds_for(cat: Catalog) -> list[Feed]:
    dated = lambda entries: [e for e in with_updates(entries) if feed_date(e)]  # noqa: E731
    newest = lambda entries: sorted(dated(entries), key=lambda e: (feed_date(e), e.title), reverse=True)  # noqa: E731
    with_feed = sorted((k for k in KINDS.values() if k.feed), key=lambda k: k.feed)  # kinds.py
    kinds = [k.name for k in with_feed]
    # The titles are message ids: shown in English on /en/subscribe/ (generator/i18n.py).
    feeds = [Feed(f"feeds/{k.section}", k.feed[1], k.feed[2], f"{k.section}/", newest(getattr(cat, k.plural)),
                  full=True) for k in with_feed]
    for p in cat.provinces:
        entries = [e for k in kinds for e in cat.in_province(p.id, k)]
        feeds.append(Feed(f"feeds/tinh-thanh/{p.id}", f"Khuyến công tại {p.title}",
                          f"Tin tức, sản phẩm, đề án, văn bản tại {p.title} (kể cả tên tỉnh cũ).", p.url,
                          newest(entries)))
    for t in cat.topics:
        entries = [e for k in kinds for e in cat.in_topic(t.id, k)]
        feeds.append(Feed(f"feeds/chu-de/{t.id}", f"Chủ đề: {t.title}", t.model.description or t.title, t.url,
                          newest(entries)))
    return feeds + list_feeds(cat, newest)


def list_feeds(cat: Catalog, newest: Any) -> list[Feed]:
    """A feed for each other list a reader can narrow, once per list that exists: the legal texts of a
    type, an issuer, a year or a status (/van-ban/loai/…), and each answer of "Tôi được hỗ trợ gì?"
    (a need, nationally and in each of the 34 units): the legal texts its levels and procedure rest
    on, the success stories of its activities there, and every noted change of those levels, that
    procedure and those texts. A former unit's answer, or a case within a city, advertises its unit's
    (`feed_links`): the same list."""
    feeds = []
    section, title = SECTIONS["legal"]
    groups = legal_groups(cat)
    named = {"loai": "Văn bản: {}", "co-quan": "Văn bản của {}", "nam": "Văn bản năm {}", "hieu-luc": "Văn bản {}"}
    for facet, facet_label in LEGAL_FACETS:
        for slug, (label, items) in groups[facet].items():
            name = named[facet].format(label if facet != "hieu-luc" else label[0].lower() + label[1:])
            feeds.append(Feed(f"feeds/{section}/{facet}/{slug}", name,
                              f"Văn bản pháp luật về khuyến công — {facet_label.lower()}: {label}.",
                              f"{section}/{facet}/{slug}/", newest(items), "legal"))
    for n in cat.needs:
        procedure = cat.get("procedure", n.model.procedure) if n.model.procedure else None
        national: list[Any] = []
        for p in [None, *cat.provinces]:
            rows = level_rows(cat, n.model.items, p.id if p else None)
            followed = [e for r in rows for e in (r.national, r.local) if e] + ([procedure] if procedure else [])
            texts = list(dict.fromkeys(t for e in followed for t in e.links.get("basis", []) if t.kind == "legal"))
            stories = [pr for pr in cat.projects if pr.model.activity in n.model.activities
                       and (p is None or p.id in pr.province_ids)]
            changes = [Update(e, c) for e in followed if e.extra.get("history") for c in e.extra["history"].changes]
            listed = newest([*texts, *stories]) + sorted(changes, key=lambda u: u.change.date, reverse=True)
            if p is None:
                national = listed
            elif listed == national:
                continue  # the same list as the national answer: its page advertises that feed (feed_links)
            where = f" tại {p.title}" if p else ""
            need = n.title[0].lower() + n.title[1:]
            feeds.append(Feed(f"feeds/ho-tro/{n.id}" + (f"/{p.id}" if p else ""), f"Hỗ trợ {need}{where}",
                              f"Căn cứ, thay đổi mức hỗ trợ và câu chuyện thành công về {n.title.lower()}{where}.",
                              answer_url(n.id, p.id) if p else n.url,
                              listed, "need-place" if p else "need"))
    return feeds


def _when(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(), ICT)


_HTML = memo("feed_html")  # Markdown → its HTML, for the entries of feeds


def _md(text: str, e: Entry, cat: Catalog) -> str:
    """Markdown as in the item's page: links to hidden items dropped (already reported there)."""
    if not text:
        return ""
    found = _HTML.through(text, lambda: render_markdown(text)[0])
    return drop_links(found, e.url, cat.hidden_urls())[0]


def _absolute(fragment: str, base: str) -> str:
    """Every link and image address made absolute against the item's own address, for readers
    that show the item away from the site."""
    return rewrite_links(fragment, lambda tag, attr, href: urljoin(base, href))


def content(e: Entry, permalink: str, cat: Catalog) -> str:
    """Full content as HTML with absolute links, for feed readers."""
    mo = e.model
    head = f"<p>{html.escape(describe(e))}</p>"
    if e.kind == "news":
        body = e.extra["body"]
    elif e.kind == "product":
        body = mo.description or ""
    elif e.kind == "project":
        money = f"<p>Kinh phí hỗ trợ: {vn_money(mo.support_vnd)}</p>" if mo.support_vnd else ""
        return _absolute(head + money + _md(mo.story or "", e, cat), permalink)
    elif e.kind == "legal":
        facts = (f"<p>{'Ban hành ngày ' + vn_date(mo.issued) if mo.issued else 'Ngày ban hành chưa rõ'}; "
                 f"{html.escape(e.extra['status'].explanation)}</p>")
        return _absolute(head + facts + _md(mo.summary or "", e, cat), permalink)
    else:
        body = getattr(mo, "description", "") or ""
    return _absolute(head + _md(body, e, cat), permalink)


def update_content(u: Update, permalink: str) -> str:
    """An update's content: its note, and which fields it changed (the page shows how)."""
    parts = [f"<p>{html.escape(u.change.note)}</p>"]
    if u.change.fields:
        said = [f"{f.label}: {f.before} → {f.after}" if f.before and f.after and max(len(f.before), len(f.after)) <= 40
                else f.label for f in u.change.fields]
        parts.append("<p>Nội dung đã thay đổi: " + html.escape("; ".join(said)) + ".</p>")
    parts.append(f'<p><a href="{html.escape(permalink)}">Xem lịch sử thay đổi của trang</a></p>')
    return "".join(parts)


def categories(e: Entry | Update, cat: Catalog) -> list[str]:
    if isinstance(e, Update):
        return ["Cập nhật", *categories(e.entry, cat)]
    names = [KIND_LABELS.get(e.kind, "Mức hỗ trợ"), *(p.display for p in e.provinces)]
    names += [t.title for t in (cat.get("topic", tid) for tid in getattr(e.model, "topics", [])) if t]
    return list(dict.fromkeys(names))


def render_feed(feed: Feed, cat: Catalog, site_url: str, limit: int, memo: dict | None = None) -> dict[str, bytes]:
    """The three files of one feed. `memo` shares each entry's rendered content across feeds."""
    memo = {} if memo is None else memo

    def content_of(e: Entry | Update, url: str) -> str | None:
        if isinstance(e, Update):
            return update_content(e, url)
        if not feed.full:
            return None
        if (e.kind, e.id) not in memo:
            memo[(e.kind, e.id)] = content(e, url, cat)
        return memo[(e.kind, e.id)]

    entries = feed.entries[:limit]
    stamp = _when(max((last_change(e) for e in entries), default=cat.today))
    page = urljoin(site_url, feed.page_url)
    fg = FeedGenerator()
    fg.id(urljoin(site_url, feed.url("atom")))
    fg.title(f"{feed.title} — Cổng thông tin khuyến công")
    fg.subtitle(feed.description)
    fg.author({"name": "Ban biên tập Cổng thông tin khuyến công"})
    fg.language("vi")
    fg.updated(stamp)
    fg.lastBuildDate(stamp)
    for e in entries:
        url = urljoin(site_url, e.url)
        published = _when(feed_date(e))
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.guid(url, permalink=True)
        fe.title(e.title)
        fe.link(href=url)
        fe.summary(e.change.note if isinstance(e, Update) else describe(e))
        body = content_of(e, url)
        if body is not None:
            fe.content(body, type="CDATA")
        fe.published(published)
        fe.updated(_when(last_change(e)))
        for c in categories(e, cat):
            fe.category(term=c)
    out = {}
    fg.link(href=urljoin(site_url, feed.url("rss")), rel="self", type="application/rss+xml")
    fg.link(href=page, rel="alternate")
    out[feed.url("rss")] = fg.rss_str(pretty=False)
    fg.link([{"href": urljoin(site_url, feed.url("atom")), "rel": "self", "type": "application/atom+xml"},
             {"href": page, "rel": "alternate"}], replace=True)
    for fe in fg.entry():
        if fe.content():
            fe.content(fe.content()["content"], type="html")
    out[feed.url("atom")] = fg.atom_str(pretty=False)
    out[feed.url("json")] = _json_feed(feed, entries, cat, site_url, page, content_of)
    return out


# noqa: ANN001
def _json_feed(feed: Feed, entries: list[Entry], cat: Catalog, site_url: str, page: str, content_of) -> bytes:
    items = []
    for e in entries:
        url = urljoin(site_url, e.url)
        updated = last_change(e)
        summary = e.change.note if isinstance(e, Update) else describe(e)
        body = content_of(e, url)
        item = {"id": url, "url": url, "title": e.title, "summary": summary,
                **({"content_html": body} if body is not None else {"content_text": summary}),
                "date_published": _when(feed_date(e)).isoformat(), "tags": categories(e, cat)}
        if updated and updated != feed_date(e):
            item["date_modified"] = _when(updated).isoformat()
        items.append(item)
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": f"{feed.title} — Cổng thông tin khuyến công",
           "home_page_url": page, "feed_url": urljoin(site_url, feed.url("json")), "description": feed.description,
           "language": "vi", "items": items}
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def render_feeds(cat: Catalog, site_url: str, limit: int) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    memo: dict = {}
    for feed in feeds_for(cat):
        out.update(render_feed(feed, cat, site_url, limit, memo))
    return out


def feed_links(cat: Catalog) -> dict[str, Feed]:
    """Which feed each listing page advertises, keyed by page URL."""
    links = {f.page_url: f for f in feeds_for(cat)}
    for n in cat.needs:
        # a former unit's answers, and the cases of a city, follow their unit's list; a unit whose list is
        # the national one (no levels, texts or stories of its own) follows the national answer's feed
        for w in places_of(cat):
            unit = links.get(answer_url(n.id, w.unit.id)) or links.get(n.url)
            if unit is None:
                continue
            links.setdefault(answer_url(n.id, w.slug), unit)
            for rule in rules_for(cat, w.unit.model.type):
                links.setdefault(answer_url(n.id, w.slug, rule.model.page), unit)
    news = links[SECTIONS["news"][0] + "/"]  # the home page and the events advertise the news feed
    links[""] = links[SECTIONS["event"][0] + "/"] = news
    return links
