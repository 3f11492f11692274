"""The catalog's data: `Entry` (one published item, its address and its links both ways) and
`Catalog` (every item of the site, by kind), with the names of the sections and kinds of item.

Built by catalog.py (`build_catalog`); read by everything above it (derived data, pages, outputs).
Nothing here imports a module that reads the catalog: this is the bottom of the upper layers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import models as m
from generator.content import Origin, PageRecord
from generator.errors import Problem
from generator.kinds import KINDS
from generator.provinces import ProvinceIndex, ProvinceRef
from generator.text import vn_when

# kind → (the address of its section, its title): kinds.py
SECTIONS = {k.name: (k.section, k.title) for k in KINDS.values() if k.section}
# What a reader calls each kind of search result or feed item (kinds.py), in the order the search
# page offers them: the answers to "what support can I get" first. `levels` (a support-level table)
# and `page` (a hand-written page) are kinds of search result, not of item.
KIND_LABELS = {"need": KINDS["need"].label, "levels": "Mức hỗ trợ",
               **{n: KINDS[n].label for n in ("procedure", "question", "news", "product", "project", "legal", "event",
                                              "province", "topic", "organisation")},
               "page": "Trang"}


@dataclass(eq=False)
class Entry:
    """One published item with its URL and its links to other items (both directions)."""

    kind: str
    id: str
    title: str
    model: Any
    origin: Origin
    url: str = ""
    provinces: list[ProvinceRef] = field(default_factory=list)
    date: dt.date | None = None
    links: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def province_ids(self) -> set[str]:
        return {p.unit.id for p in self.provinces}

    def __repr__(self) -> str:
        # Entries link to each other both ways: the generated repr would walk the whole graph.
        return f"Entry({self.kind}:{self.id})"


@dataclass(repr=False)  # its entries link to each other: a generated repr would walk the whole graph
class Catalog:
    today: dt.date
    root: Path
    docs_dir: Path
    index: ProvinceIndex
    provinces: list[Entry] = field(default_factory=list)
    topics: list[Entry] = field(default_factory=list)
    organisations: list[Entry] = field(default_factory=list)
    products: list[Entry] = field(default_factory=list)
    projects: list[Entry] = field(default_factory=list)
    legal: list[Entry] = field(default_factory=list)
    news: list[Entry] = field(default_factory=list)
    events: list[Entry] = field(default_factory=list)
    hidden: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) → reason
    hidden_records: dict[tuple[str, str], Any] = field(default_factory=dict)  # (kind, id) → its Record (review.py)
    warnings: list[Problem] = field(default_factory=list)  # found while building the catalog
    preview: bool = False
    statistics: list[Entry] = field(default_factory=list)  # figures and targets (statistics.py)
    pages: list[PageRecord] = field(default_factory=list)
    # the record of change, from Git (history.py): why there is none ("" when there is), each
    # hand-written page's history by its source path, and old addresses → new ones (redirects)
    history_missing: str = ""
    page_history: dict[str, Any] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    reviews: list[Any] = field(default_factory=list)  # what is due, overdue or expired (review.py)
    by_id: dict[tuple[str, str], Entry] = field(default_factory=dict)
    # policy guidance (support levels, finder rules, procedures, questions): see guidance.py
    support_levels: list[Entry] = field(default_factory=list)
    applicants: list[Entry] = field(default_factory=list)
    needs: list[Entry] = field(default_factory=list)
    priorities: list[Entry] = field(default_factory=list)
    procedures: list[Entry] = field(default_factory=list)
    questions: list[Entry] = field(default_factory=list)
    place_rules: list[Entry] = field(default_factory=list)  # where an establishment must be (eligibility.yml)
    owner: m.PortalOwner | None = None  # who runs the portal (site_data/portal.yml), named in every footer
    # other names of places, for search (place_names.py)
    place_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the figures grouped by quantity, scope and period (statistics.Statistics), made by catalog.build_catalog:
    # derived data, so its type lives above this module
    stats: Any = None

    def get(self, kind: str, ident: str) -> Entry | None:
        return self.by_id.get((kind, ident))

    def hidden_urls(self) -> dict[str, tuple[str, str, str]]:
        """Site-relative URL of each hidden item → (kind, id, reason)."""
        return {f"{SECTIONS[kind][0]}/{ident}/": (kind, ident, why) for (kind, ident), why in self.hidden.items()}

    def in_province(self, unit_id: str, kind: str) -> list[Entry]:
        return self._members("province")[(unit_id, kind)]

    def in_topic(self, topic_id: str, kind: str) -> list[Entry]:
        return self._members("topic")[(topic_id, kind)]

    def _members(self, by: str) -> dict[tuple[str, str], list[Entry]]:
        """(province or topic id, kind) → entries in catalog order; built once, on first use."""
        cache = self.__dict__.setdefault("_member_cache", {})
        if by not in cache:
            index: dict[tuple[str, str], list[Entry]] = defaultdict(list)
            for kind, plural in PLURAL.items():
                for e in getattr(self, plural):
                    keys = e.province_ids if by == "province" else getattr(e.model, "topics", [])
                    for key in dict.fromkeys(keys):
                        index[(key, kind)].append(e)
            cache[by] = index
        return cache[by]


PLURAL = {k.name: k.plural for k in KINDS.values()}  # kind → the Catalog's list of it


def news_archive(cat: Catalog) -> dict[int, dict[int, list[Entry]]]:
    """News by year and month of their date, in catalog order (newest first once sorted)."""
    years: dict[int, dict[int, list[Entry]]] = {}
    for e in cat.news:
        years.setdefault(e.model.date.year, {}).setdefault(e.model.date.month, []).append(e)
    return years


def archive_url(year: int, month: int | None = None) -> str:
    return f"{SECTIONS['news'][0]}/{year}/" + (f"{month:02d}/" if month else "")


_UNIT_WORD = {"tinh": "Tỉnh", "thanh-pho": "Thành phố"}


def _unit(kind: str, name: str) -> str:
    """A unit's name after its kind ("Thành phố Hải Phòng"), unless the name says it ("TP. Hồ Chí Minh")."""
    return name if name.startswith(("TP.", "Thành phố", "Tỉnh")) else f"{_UNIT_WORD[kind]} {name}"


def merged_from(unit: Any) -> str:
    """What a unit formed by the 2025 merger was formed from, as its page's lead and its one line
    (`describe`) say it: "hình thành từ việc hợp nhất Ninh Bình, Hà Nam và Nam Định (từ ngày
    01/07/2025)"; "" for a unit with one former unit."""
    names = [f.name for f in unit.former_units]
    if len(names) < 2:
        return ""
    return f"hình thành từ việc hợp nhất {', '.join(names[:-1])} và {names[-1]} (từ ngày 01/07/2025)"


def describe(e: Entry) -> str:
    """The one line that says what an item is: its page's description, its feed item's summary,
    the start of its search snippet."""
    mo = e.model
    if e.kind == "product":
        tail = " ".join(x for x in (m.LEVELS[mo.level] if mo.level else "", f"năm {mo.year}" if mo.year else "") if x)
        return (f"{mo.name} — {mo.establishment}, {e.provinces[0].display if e.provinces else ''}."
                + (f" {tail}." if tail else ""))
    if e.kind == "project":
        return mo.summary or f"{m.PROJECT_KINDS[mo.kind]}: {mo.title}"
    if e.kind == "legal":
        return f"{e.title}: {mo.abstract}. {e.extra['status'].label}."
    if e.kind == "event":
        return f"{m.EVENT_KINDS[mo.kind]}, {vn_when(mo.start)}{', ' + mo.place if mo.place else ''}."
    if e.kind == "news":
        return mo.summary
    if e.kind == "province":  # what its page's lead says (templates/province.html): a result found by a former
        # unit's name ("binh dinh" finds Gia Lai) says why
        merged = merged_from(mo)
        before = f", {merged}" if merged else ""
        if not merged and mo.former_units and mo.former_units[0].name != mo.name:
            before = f" (đơn vị cũ: {mo.former_units[0].name})"  # renamed (Thừa Thiên Huế, now Huế), as its page says
        return (f"{_unit(mo.type, mo.name)}{before}. Khuyến công tại {mo.name}: sản phẩm tiêu biểu, đề án, "
                "văn bản, tin tức.")
    return getattr(mo, "description", None) or e.title


def level_in_force(e: Entry, today: dt.date) -> bool:
    mo = e.model
    return (mo.valid_from or dt.date.min) <= today <= (mo.valid_to or dt.date.max)
