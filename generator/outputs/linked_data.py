"""schema.org in JSON-LD for every generated page: a BreadcrumbList everywhere, and the item the
page is about (Legislation, Product, NewsArticle, Event, Project, GovernmentOrganization).

Nodes name pages by their site-relative address; templates/theme/main.html wraps the graph in its
@context: schema.org as the vocabulary, the properties that hold addresses (url, item, sameAs,
subjectOf, isBasedOn) typed as IRIs, and `@base` set to the site's address (mkdocs.yml
`site_url`), so the core never needs it. The text is
made safe to sit inside <script> (no '<', '>' or '&' survive as such).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator import models as m
from generator.entries import Entry
from generator.markup import plain_text

# Legal status on the build date (status.py codes) → schema.org LegalForceStatus.
LEGAL_FORCE = {"con-hieu-luc": "InForce", "sua-doi": "InForce", "het-hieu-luc": "NotInForce",
               "chua-hieu-luc": "NotInForce"}
# A legal relation (models.RELATIONS) → the schema.org property, on the text that acts.
LEGAL_ACTS = {"sua-doi": "legislationAmends", "thay-the": "legislationRepeals", "huong-dan": "legislationApplies"}
PORTAL = {"@type": "GovernmentOrganization", "name": "Cổng thông tin khuyến công", "url": ""}


def _date(value: dt.date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()


def _place(e: Entry) -> dict[str, Any] | None:
    if not e.provinces:
        return None
    unit = e.provinces[0].unit
    return {"@type": "AdministrativeArea", "name": unit.name, "url": f"tinh-thanh/{unit.id}/"}


DESCRIPTION_CHARS = 300


def _short(text: str | None) -> str | None:
    """A long Markdown field (a product's or an event's description) as the node's `description`:
    its plain words, cut at a word before DESCRIPTION_CHARS. The page shows it whole; the data
    need not carry every page's body a second time."""
    words = plain_text(text)
    if len(words) <= DESCRIPTION_CHARS:
        return words or None
    return words[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, "", [], {})}


def item(e: Entry) -> dict[str, Any] | None:
    """The schema.org node of the item a page shows."""
    mo = e.model
    base = {"@id": e.url, "url": e.url, "name": e.title, "inLanguage": "vi"}
    sources = [s.url for s in getattr(mo, "source", []) or []]
    if e.kind == "legal":
        status = e.extra["status"].code
        acts: dict[str, list[dict[str, str]]] = {}
        for r in e.links["rel_out"]:
            acts.setdefault(LEGAL_ACTS.get(r.type, "legislationChanges"), []).append({"@id": r.other.url})
        return _clean({**base, "@type": "Legislation", "legislationIdentifier": mo.number,
                       "legislationDate": _date(mo.issued),
                       "legislationDateVersion": _date(mo.effective), "legislationType": m.LEGAL_TYPES[mo.type],
                       "legislationLegalForce": {"@id": f"https://schema.org/{LEGAL_FORCE[status]}"} if status
                       in LEGAL_FORCE else None,
                       "legislationPassedBy": {"@type": "GovernmentOrganization", "name": mo.issuer},
                       "legislationJurisdiction": e.provinces[0].unit.name if e.provinces else "Việt Nam",
                       "abstract": mo.abstract, "sameAs": sources, **acts})
    if e.kind == "product":
        award = " ".join(x for x in ("Sản phẩm công nghiệp nông thôn tiêu biểu", m.LEVELS[mo.level].lower() if mo.level
                                     else "", str(mo.year or "")) if x)
        return _clean({**base, "@type": "Product", "description": _short(mo.description), "award": award,
                       "manufacturer": {"@type": "Organization", "name": mo.establishment, "location": _place(e)},
                       "category": m.PRODUCT_GROUPS[mo.group] if mo.group else None, "keywords": ", ".join(mo.tags),
                       "subjectOf": sources})
    if e.kind == "news":
        # its title as `headline` alone, and no `description`: the page's meta description and Open
        # Graph already carry its summary (search engines read an article's headline, not its name)
        article = {k: v for k, v in base.items() if k != "name"}
        return _clean({**article, "@type": "NewsArticle", "headline": e.title,
                       "datePublished": _date(mo.date),
                       "dateCreated": _date(mo.posted), "dateModified": _date(mo.updated), "publisher": PORTAL,
                       "contentLocation": _place(e), "isBasedOn": sources})
    if e.kind == "event":
        return _clean({**base, "@type": "Event", "startDate": _date(mo.start), "endDate": _date(mo.end),
                       "description": _short(mo.description),
                       "location": _clean({"@type": "Place", "name": mo.place
                                           or (e.provinces[0].unit.name if e.provinces else None),
                                           "containedInPlace": _place(e)}),
                       "organizer": {"@type": "Organization", "name": mo.organiser} if mo.organiser else None,
                       "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                       "eventStatus": "https://schema.org/EventScheduled",
                       "sameAs": sources})
    if e.kind == "project":
        return _clean({**base, "@type": "Project", "description": mo.summary, "areaServed": _place(e),
                       "funder": {"@type": "GovernmentOrganization", "name": m.FUNDING[mo.funding]} if mo.funding
                       else None,
                       "subjectOf": sources})
    if e.kind == "organisation":
        return organisation(e)
    return None


def organisation(e: Entry) -> dict[str, Any]:
    mo = e.model
    return _clean({"@type": "GovernmentOrganization", "@id": f"danh-ba/#{e.id}", "name": mo.name, "address": mo.address,
                   "telephone": mo.phone, "email": mo.email, "url": mo.website, "areaServed": _place(e),
                   "parentOrganization": {"@id": f"danh-ba/#{mo.parent}"} if mo.parent else None})


def breadcrumbs(crumbs: list[tuple[str, str]], title: str, page_url: str) -> dict[str, Any]:
    trail = [*crumbs, (title, page_url)] if title and (not crumbs or crumbs[-1][1] != page_url) else crumbs
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": url or "./"} for n, (name, url)
        in enumerate(trail, 1)]}


def graph(nodes: list[dict[str, Any]]) -> str:
    """The nodes as a JSON array safe inside <script>."""
    text = json.dumps([n for n in nodes if n], ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
