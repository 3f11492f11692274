"""Builds the whole site in memory (its data: entries.py): ids, URL plan, province aliases,
relations both ways, collisions.

`build_catalog` takes what `content.load_site` read and either returns a Catalog or the full
list of cross-reference problems (unknown province, dangling link, two items on one URL, ...).
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from generator import models as m
from generator import statistics
from generator.statistics import Statistics
from generator.content import DOCUMENTS, GENERATED_PLACES, NEWS_DIR, NewsRecord, Origin, RawSite, Record, where_written
from generator.yamlio import Loaded
from generator.kinds import KINDS
from generator.entries import PLURAL, SECTIONS, Catalog, Entry, archive_url, news_archive
from generator.errors import OWNERS, Both, Problem, problem
from generator.images import PICTURES, Picture, inspect
from generator.markup import link_targets, page_url, scheme_of
from generator.place_names import place_name_table
from generator.provinces import ProvinceIndex, ProvinceRef
from generator.publishing import visibility
from generator.status import certificate_rule, certificate_valid_until, legal_status
from generator.text import Suggester, fold, slugify_short

IMAGE_EXT = set(PICTURES)  # raster only: an SVG can carry script
ATTACHMENT_EXT = set(DOCUMENTS)  # what content/ may hold as documents (content.py)

class _Builder:
    """Holds the problem list while the catalog is assembled, so every problem is reported."""

    def __init__(self, raw: RawSite, today: dt.date, docs_dir: Path, preview: bool):
        self.raw, self.problems = raw, []
        provinces = [r.model for r in raw.items[KINDS["province"].source]]
        self.cat = Catalog(today, raw.root, docs_dir, ProvinceIndex(provinces), preview=preview)
        self.urls: dict[str, Origin] = {}
        self.alias_of: dict[str, str] = {}  # an old address (aliases:) → the file:line that claims it
        self.url_fields: dict[str, tuple[Any, ...]] = {}  # the field an item's address comes from
        self.owners: dict[str, str | Both] = {}  # address → the page the generator writes there (errors.OWNERS)
        self.legal_by_number: dict[str, Entry] = {}
        self.hidden_numbers: dict[str, str] = {}
        self._suggesters: dict[str, tuple[Any, Suggester]] = {}

    def report(self, origin: Origin, path: tuple[Any, ...], code: str, **params: object) -> None:
        self.problems.append(origin.problem(path, code, **params))

    def warn(self, origin: Origin, path: tuple[Any, ...], code: str, **params: object) -> None:
        p = origin.problem(path, code, **params)
        self.cat.warnings.append(replace(p, severity="warning"))

    # ---- identities and URLs ---------------------------------------------------------------
    def claim_url(self, url: str, origin: Origin, field: tuple[Any, ...] = ("id",), owner: str | Both
                  | None = None) -> None:
        """Take an address for an item, or for a page the generator writes (`origin` GENERATED,
        `owner` naming it as errors.OWNERS or a Both does); two claims are an error at the file's."""
        other = self.urls.get(url)
        if origin is GENERATED:
            self.owners[url] = owner if owner is not None else Both(f"/{url}", f"/{url}")
            self.urls[url] = GENERATED
            if other is not None and other is not GENERATED:  # an item took it first: the error is the item's
                self._generated(other, self.url_fields[url], url)
        elif other is GENERATED:
            self._generated(origin, field, url)
        elif other is not None:
            self.report(origin, field, "duplicate_url", url="/" + url, other=other.where)
        else:
            self.urls[url] = origin
            self.url_fields[url] = field

    def claim_page_of_list(self, url: str) -> None:
        """A list cut into pages writes its pages after the first at `<list>trang/<n>/` (`page/<n>/` in
        English, paging.paginate): a hand-written page there is on an address the generator writes,
        whatever the number, so it is claimed for the list before the page is."""
        m = re.fullmatch(r"(.*?)(trang|page)/([0-9]+)/", url)
        if not m or m[1] not in self.urls or url in self.urls:
            return
        base = self.owners.get(m[1])
        vi, en = (base if isinstance(base, Both) else Both(*OWNERS[base]) if base in OWNERS
                  else Both(f"trang /{m[1]}", f"the page /{m[1]}"))
        self.claim_url(url, GENERATED, owner=Both(f"trang {m[3]} của {vi}", f"page {m[3]} of {en}"))

    def _generated(self, origin: Origin, field: tuple[Any, ...], url: str) -> None:
        """An item or page on an address the generator writes: what to change is its id (or slug), or
        else its file's name (a page's address, a news item's without a slug, comes from it)."""
        if field and field[0] in ("id", "slug"):
            self.report(origin, field, "generated_url", url="/" + url, owner=self.owners[url], key=field[0])
        elif field:
            self.report(origin, field, "generated_url", url="/" + url, owner=self.owners[url], key="id")
        else:
            self.report(origin, field, "generated_url_file", url="/" + url, owner=self.owners[url])

    def register(self, entry: Entry) -> bool:
        """Take the entry's (kind, id), or report that another item has it already."""
        key = (entry.kind, entry.id)
        if key in self.cat.by_id:
            self.report(entry.origin, ("id",), "duplicate_id", value=entry.id, other=self.cat.by_id[key].origin.where)
            return False
        self.cat.by_id[key] = entry
        return True

    def add(self, kind: str, ident: str, title: str, rec: Record, with_url: bool = True,
            field: tuple[str, ...] = ("id",)) -> Entry | None:
        """Register an item; a hidden one (draft, embargoed, expired) only in preview. The address
        part (from `field`) must be usable: not empty (a title of emoji or punctuation) and not one
        the site writes itself."""
        if not ident:
            self.report(rec.origin, field, "empty_slug")
            return None
        if ident in RESERVED_IDS.get(kind, set()) | RESERVED_IDS["*"]:
            self.report(rec.origin, field, "reserved_slug", value=ident)
            return None
        reason = visibility(rec.model, self.cat.today)
        if reason and not self.cat.preview:
            self.cat.hidden[(kind, ident)] = reason
            self.cat.hidden_records[(kind, ident)] = rec
            if kind == "legal":
                if rec.model.number:
                    self.hidden_numbers[_number_key(rec.model.number)] = ident
            return None
        entry = Entry(kind, ident, title, rec.model, rec.origin)
        if reason:
            entry.extra["hidden"] = reason
        if not self.register(entry):
            return entry
        if with_url:
            entry.url = f"{SECTIONS[kind][0]}/{ident}/"
            self.claim_url(entry.url, rec.origin, field)
        getattr(self.cat, PLURAL[kind]).append(entry)
        return entry

    # ---- cross references ------------------------------------------------------------------
    def province(self, entry: Entry, value: str, path: tuple[Any, ...]) -> ProvinceRef | None:
        ref = self.cat.index.resolve(value)
        if ref is None:
            near = self.cat.index.suggest(value)
            if near:
                self.report(entry.origin, path, "unknown_province_near", value=value, near=near)
            else:
                self.report(entry.origin, path, "unknown_province", value=value)
            return None
        entry.provinces.append(ref)
        return ref

    def lookup(self, entry: Entry, kind: str, value: str, path: tuple[Any, ...]) -> Entry | None:
        found = self.cat.get(kind, value)
        if found is None and kind == "legal":
            found = self.legal_by_number.get(_number_key(value))
        hidden_id = self.hidden_numbers.get(_number_key(value), value) if kind == "legal" else value
        if found is None and (kind, hidden_id) in self.cat.hidden:
            self.warn(entry.origin, path, "hidden_ref", kind=kind, value=value,
                      reason=self.cat.hidden[(kind, hidden_id)])
        elif found is None:
            near = self.suggester(kind).near(value)
            if near:
                self.report(entry.origin, path, "unknown_ref_near", kind=kind, value=value, near=near)
            else:
                self.report(entry.origin, path, "unknown_ref", kind=kind, value=value)
        return found

    def suggester(self, kind: str) -> Suggester:
        """One index of the ids of `kind` while no item is added (lookups come after all adds)."""
        key = (kind, len(self.cat.by_id))
        if self._suggesters.get(kind, (None,))[0] != key:
            self._suggesters[kind] = (key, Suggester([i for (k, i) in self.cat.by_id if k == kind]))
        return self._suggesters[kind][1]

    def picture(self, entry: Entry, value: str, path: tuple[Any, ...]) -> Picture | None:
        """An image file inside content/ that the site can resize and serve."""
        rel = self.local_file(entry, value, path, IMAGE_EXT)
        if rel is None:
            return None
        found = inspect(self.cat.docs_dir / rel, rel)
        if isinstance(found, tuple):
            self.report(entry.origin, path, found[0], value=value, **found[1])
            return None
        return found

    def body_pictures(self, origin: Origin, body: str, first_line: int, base: str) -> None:
        """The pictures a Markdown body shows or links to from content/, checked as a picture field
        is, each refusal at the line that writes its address. `base`: the folder its relative
        addresses start from. An address that leads nowhere is left to the link checks."""
        if "](" not in body and "]:" not in body:
            return
        docs = self.cat.docs_dir
        for url in dict.fromkeys(link_targets(body)):
            if scheme_of(url) or url.startswith(("/", "#")):
                continue
            rel = posixpath.normpath(posixpath.join(base, unquote(url.split("#")[0].split("?")[0])))
            if (rel.startswith("../") or PurePosixPath(rel).suffix.lower() not in IMAGE_EXT or
                not (docs / rel).is_file()):
                continue
            found = inspect(docs / rel, rel)
            if isinstance(found, tuple):
                line, col = where_written(body, url)
                self.problems.append(problem(origin.rel, first_line + line - 1, col, "", found[0], value=url,
                                             **found[1]))

    def local_file(self, entry: Entry, value: str, path: tuple[Any, ...], allowed: set[str]) -> str | None:
        """A path inside content/ that exists; returned relative to content/ for links."""
        docs = self.cat.docs_dir
        folder = docs.relative_to(self.cat.root).as_posix() + "/"
        pure = PurePosixPath(value.replace("\\", "/"))
        target = (docs / pure).resolve()
        if pure.is_absolute() or ".." in pure.parts or not target.is_relative_to(docs.resolve()):
            self.report(entry.origin, path, "outside_path", value=value, folder=folder)
            return None
        if pure.suffix.lower() not in allowed:
            self.report(entry.origin, path, "file_kind", value=value, allowed=", ".join(sorted(allowed)))
            return None
        if not target.is_file():
            self.report(entry.origin, path, "missing_file", value=value, folder=folder)
            return None
        return pure.as_posix()


# Address parts the generator writes itself beside items: a listing's index page, the events calendar.
RESERVED_IDS = {"*": {"index"}, "event": {"lich", "da-dien-ra"}, "project": {"tien-do"}, "news": {"trang"}}


def _slug_field(model: Any, default: str) -> tuple[str, ...]:
    """The field an item's address comes from: its `id` when written, else the one it is made from."""
    return ("id",) if model.id else (default,)


def _number_key(number: str) -> str:
    return fold(number).replace(" ", "")


GENERATED = Origin("", Loaded({}))  # the owner of the addresses the generator writes itself


def build_catalog(raw: RawSite, today: dt.date, docs_dir: Path, preview: bool = False) -> tuple[Catalog, list[Problem]]:
    """`preview` keeps drafts, embargoed and expired items (marked) for `serve --drafts`."""
    b = _Builder(raw, today, docs_dir, preview)
    cat = b.cat
    for url in OWNERS:  # the pages the portal writes at a fixed address, English ones included
        b.claim_url(url, GENERATED, owner=url)
    for kind in ("province", "topic"):
        for rec in raw.items[KINDS[kind].source]:
            b.add(kind, rec.model.id, rec.model.name, rec)
    cat.owner = next((rec.model for rec in raw.items["portal.yml"]), None)
    cat.place_names = place_name_table(raw.items["place_names.yml"], cat.index, b.report)
    adders = [("organisation", _add_organisation), ("product", _add_product), ("project", _add_project),
              ("legal", _add_legal), ("event", _add_event), ("statistic", _add_statistic)]
    for kind, adder in adders:
        for rec in raw.items[KINDS[kind].source]:
            adder(b, rec)
    for rec in raw.news:
        _add_news(b, rec)
    for year, months in news_archive(cat).items():  # the archive pages render._news_listings writes
        b.claim_url(archive_url(year), GENERATED, owner=Both(f"trang lưu trữ tin năm {year}",
                                                             f"the news archive of {year}"))
        for month in months:
            b.claim_url(archive_url(year, month), GENERATED,
                        owner=Both(f"trang lưu trữ tin tháng {month}/{year}",
                                   f"the news archive of {year}-{month:02d}"))
    for rec in raw.pages:
        b.claim_page_of_list(page_url(rec.src_uri))
        b.claim_url(page_url(rec.src_uri), rec.origin, ())
        b.body_pictures(rec.origin, rec.body, rec.body_line, posixpath.dirname(rec.src_uri))  # MkDocs: from the file
    for rec in raw.news:  # rendered by our templates: from the page's address
        b.body_pictures(rec.origin, rec.body, rec.body_line, page_url(f"{NEWS_DIR}/{rec.stem}.md").rstrip("/"))
    _link(b)
    _check_cycles(b)
    _add_guidance(b)
    _add_aliases(b)
    statistics.check(cat.statistics, lambda e, path, code, **kw: b.report(e.origin, path, code, **kw),
                     lambda e, path, code, **kw: b.warn(e.origin, path, code, **kw))
    for e in cat.legal:
        e.extra["status"] = legal_status(e, today)
    for e in cat.legal:
        e.extra["chain"] = _chain(e)
    _sort(cat)
    cat.pages = raw.pages
    cat.stats = Statistics(cat.statistics)
    return cat, b.problems


def _add_aliases(b: _Builder) -> None:
    """`aliases:` are old addresses that lead to the item (outputs/servers.py redirects them): one
    that is any page's address now, or another item's old address too, is refused at its line."""
    for e in list(b.cat.by_id.values()):
        for i, alias in enumerate(getattr(e.model, "aliases", None) or []):
            if not e.url or "#" in e.url:
                continue
            key = alias if alias.endswith(("/", ".html", ".htm")) else alias + "/"
            other = b.urls.get(key) or b.urls.get(alias)
            if key.startswith((*GENERATED_PLACES, "assets/")):  # the feeds', the index's, the theme's files
                b.report(e.origin, ("aliases", i), "alias_taken", value=key, other="/" + key.split("/")[0] + "/")
            elif other is not None:
                name = other.where if other is not GENERATED else "/" + key
                b.report(e.origin, ("aliases", i), "alias_taken", value=key, other=name)
            elif key in b.cat.moved and b.cat.moved[key] != e.url:
                b.report(e.origin, ("aliases", i), "alias_taken", value=key, other=b.alias_of[key])
            else:
                b.cat.moved[key] = e.url
                b.alias_of[key] = e.origin.where


def _add_organisation(b: _Builder, rec: Record) -> None:
    e = b.add("organisation", rec.model.id, rec.model.name, rec, with_url=False)
    if e is not None:
        e.url = f"danh-ba/#{rec.model.id}"
        if rec.model.province:
            b.province(e, rec.model.province, ("province",))


def _add_product(b: _Builder, rec: Record) -> None:
    mo = rec.model
    e = b.add("product", mo.id or slugify_short(mo.name), mo.name, rec, field=_slug_field(mo, "name"))
    if e is not None:
        e.date = mo.published or mo.decision_date or (dt.date(mo.year, 12, 31) if mo.year else None)
        b.province(e, mo.province, ("province",))
        e.extra["images"] = [b.picture(e, img.file, ("images", i, "file")) for i, img in enumerate(mo.images)]
        e.extra["valid_until"] = certificate_valid_until(mo)
        e.extra["validity_rule"] = certificate_rule(mo)


def _add_project(b: _Builder, rec: Record) -> None:
    mo = rec.model
    e = b.add("project", mo.id or slugify_short(mo.title), mo.title, rec, field=_slug_field(mo, "title"))
    if e is not None:
        year = mo.end_year or mo.start_year
        e.date = mo.published or (dt.date(year, 12, 31) if year else None)
        b.province(e, mo.province, ("province",))


def _add_legal(b: _Builder, rec: Record) -> None:
    mo = rec.model
    e = b.add("legal", mo.id or slugify_short(mo.number), mo.title, rec, field=_slug_field(mo, "number"))
    if e is not None:
        e.date = mo.published or mo.issued or mo.effective
        if mo.number:
            b.legal_by_number[_number_key(mo.number)] = e
        if mo.province:
            b.province(e, mo.province, ("province",))
        if mo.attachment:
            e.extra["attachment"] = b.local_file(e, mo.attachment.file, ("attachment", "file"), ATTACHMENT_EXT)


def _add_event(b: _Builder, rec: Record) -> None:
    mo = rec.model
    e = b.add("event", mo.id or slugify_short(mo.title), mo.title, rec, field=_slug_field(mo, "title"))
    if e is not None:
        e.date = _day(mo.start)
        last_day = _day(mo.end or mo.start)
        e.extra["past"] = last_day < b.cat.today
        if mo.province:
            b.province(e, mo.province, ("province",))


def _add_statistic(b: _Builder, rec: Record) -> None:
    """A figure has no page of its own: it is shown on /so-lieu/ and on its province's page."""
    mo = rec.model
    scope = statistics.resolve_scope(mo.scope, b.cat.index)
    if scope is None:
        near = statistics.suggest_scope(mo.scope, b.cat.index)
        if near:
            b.report(rec.origin, ("scope",), "unknown_scope_near", value=mo.scope, near=near)
        else:
            b.report(rec.origin, ("scope",), "unknown_scope", value=mo.scope, regions=", ".join(m.REGIONS))
        return
    e = Entry("statistic", f"{len(b.cat.statistics) + 1}", m.QUANTITIES[mo.quantity][0], mo, rec.origin)
    e.extra["scope"] = scope
    if scope.kind == "province":
        e.provinces.append(ProvinceRef(b.cat.index.units[scope.id], scope.former))
    b.cat.statistics.append(e)


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _add_news(b: _Builder, rec: NewsRecord) -> None:
    mo = rec.model
    slug = mo.slug or slugify_short(rec.stem)
    e = b.add("news", slug, mo.title, rec, field=("slug",) if mo.slug else ())  # else the file's own name
    if e is None:
        return
    e.date = mo.date
    e.extra["body"], e.extra["body_line"] = rec.body, rec.body_line
    for i, value in enumerate(mo.provinces):
        b.province(e, value, ("provinces", i))
    if mo.image:
        e.extra["image"] = b.picture(e, mo.image.file, ("image", "file"))


def _link(b: _Builder) -> None:
    """Resolve every reference and record it in both directions."""
    cat = b.cat
    for e in cat.organisations:
        if e.model.parent:
            parent = b.lookup(e, "organisation", e.model.parent, ("parent",))
            if parent:
                e.links["parent"].append(parent)
                parent.links["children"].append(e)
    for e in [*cat.products, *cat.projects, *cat.legal, *cat.news, *cat.events]:
        for i, t in enumerate(getattr(e.model, "topics", [])):
            topic = b.lookup(e, "topic", t, ("topics", i))
            if topic:
                topic.links[e.kind].append(e)
    for e in cat.projects:
        for i, pid in enumerate(e.model.products):
            prod = b.lookup(e, "product", pid, ("products", i))
            if prod:
                e.links["products"].append(prod)
                prod.links["projects"].append(e)
        for i, num in enumerate(e.model.legal_basis):
            law = b.lookup(e, "legal", num, ("legal_basis", i))
            if law:
                e.links["legal"].append(law)
                law.links["projects"].append(e)
    for e in cat.legal:
        for i, rel in enumerate(e.model.relations):
            target = b.lookup(e, "legal", rel.target, ("relations", i, "target"))
            if target is e:
                b.report(e.origin, ("relations", i, "target"), "self_relation")
            elif target:
                e.links["rel_out"].append(_Rel(rel.type, target, rel.note, i))
                target.links["rel_in"].append(_Rel(rel.type, e, rel.note))
    for e in cat.news:
        unit = e.model.unit
        if unit and (org := cat.get("organisation", unit)):
            e.extra["unit_entry"] = org
    for e in cat.events:
        if e.model.organiser and (org := cat.get("organisation", e.model.organiser)):
            e.extra["unit_entry"] = org


def _check_cycles(b: _Builder) -> None:
    """Relations that must not loop: a text amending or replacing itself through others, an
    organisation that is its own parent. Each loop is reported once, naming every file and line on it."""
    def edges(e: Entry) -> list[tuple[Entry, tuple[Any, ...]]]:
        """Where `e` points, each with the field that says so (where a loop it closes is reported)."""
        if e.kind == "organisation":
            return [(parent, ("parent",)) for parent in e.links["parent"]]
        return [(r.other, ("relations", r.at)) for r in e.links["rel_out"] if r.type in CHAIN_RELATIONS]

    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for start in [*b.cat.organisations, *b.cat.legal]:
        if id(start) in state:
            continue
        path: list[Entry] = []
        stack: list[tuple[Entry, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[id(node)] = 1
                path.append(node)
            nexts = edges(node)
            if i < len(nexts):
                stack.append((node, i + 1))
                nxt, field = nexts[i]
                if state.get(id(nxt)) == 1:  # the relation that closes the loop: reported where it is written
                    loop = path[path.index(nxt):]
                    b.report(node.origin, field, "cycle",
                             chain=" → ".join(f"'{x.title}' ({x.origin.where})" for x in [*loop, loop[0]]))
                elif id(nxt) not in state:
                    stack.append((nxt, 0))
            else:
                state[id(node)] = 2
                path.pop()


@dataclass
class _Rel:
    type: str
    other: Entry
    note: str | None
    at: int | None = None  # its place in the item's `relations` (an outgoing relation), to locate it

    @property
    def labels(self) -> tuple[str, str]:
        return m.RELATIONS[self.type]


# policy guidance: data file → (kind, the Catalog's list, field giving its title, URL of an item or None)
GUIDANCE = {KINDS[kind].source: (kind, KINDS[kind].plural, title, url) for kind, title, url in (
    ("support", "what", None), ("applicant", "name", None), ("need", "name", "ho-tro/{id}/"),
    ("priority", "name", None), ("procedure", "title", "thu-tuc/{id}/"), ("question", "question", "hoi-dap/#{id}"),
    ("place_rule", "situation", None))}


def _add_guidance(b: _Builder) -> None:
    """Support levels and the finder's rules: ids, references to legal texts, needs, procedures and
    provinces, and no two rows of one item and one scope valid on the same day."""
    cat = b.cat
    for name, (kind, plural, title, url) in GUIDANCE.items():
        for rec in b.raw.items[name]:
            e = Entry(kind, rec.model.id, getattr(rec.model, title), rec.model, rec.origin)
            if not b.register(e):
                continue
            if url:
                e.url = url.format(id=e.id)
                if "#" not in e.url:
                    b.claim_url(e.url, rec.origin)
            getattr(cat, plural).append(e)
    items = {e.model.item for e in cat.support_levels}
    for e in [*cat.support_levels, *cat.applicants, *cat.priorities, *cat.procedures, *cat.questions, *cat.place_rules]:
        _cite(b, e)
    for e in cat.needs:
        if e.model.any_place:
            _cite(b, e, e.model.any_place.basis, ("any_place", "basis"), "any_place_citations")
    for e in cat.support_levels:
        if e.model.province:
            b.province(e, e.model.province, ("province",))
    for e in cat.applicants:
        for i, need in enumerate(e.model.needs):
            if found := b.lookup(e, "need", need, ("needs", i)):
                e.links["needs"].append(found)
    for e in cat.place_rules:
        e.extra["see"] = [found for i, n in enumerate(e.model.see) if (found := b.lookup(e, "need", n, ("see", i)))]
    for e in cat.needs:
        for i, item in enumerate(e.model.items):
            if item not in items:
                near = difflib.get_close_matches(item, sorted(items), n=1)
                b.report(e.origin, ("items", i), "unknown_ref_near" if near else "unknown_ref", kind="support",
                         value=item,
                         **({"near": near[0]} if near else {}))
        if e.model.procedure and (proc := b.lookup(e, "procedure", e.model.procedure, ("procedure",))):
            e.extra["procedure"] = proc
    _check_overlaps(b)
    _check_place_rules(b)


def _cite(b: _Builder, e: Entry, basis: object = None, field: tuple[str, ...] = ("basis",),
          key: str = "citations") -> None:
    """An entry's legal basis (or another list of citations of it, at `field`): each citation (and
    the provision that amended it) resolved to its legal text, kept as (citation, text, amending
    text) in `e.extra[key]`, and the texts linked both ways."""
    basis = e.model.basis if basis is None else basis
    cites = [basis] if isinstance(basis, m.Citation) else list(basis or [])
    out = []
    for i, c in enumerate(cites):
        at = field if isinstance(basis, m.Citation) else (*field, i)
        law = b.lookup(e, "legal", c.text, (*at, "text"))
        by = b.lookup(e, "legal", c.amended_by.text, (*at, "amended_by", "text")) if c.amended_by else None
        for found in (law, by):
            if found and found not in e.links["basis"]:
                e.links["basis"].append(found)
                found.links["guidance"].append(e)
        if law:
            out.append((c, law, by))
    e.extra[key] = out


def _check_place_rules(b: _Builder) -> None:
    """Every case (kind of unit, kind of place, craft village or not) falls under exactly one place
    rule, and a rule the finder must ask about has an answer page of its own."""
    rules = b.cat.place_rules
    if not rules:
        return
    said: set[tuple[str, str]] = set()
    for unit_type, unit_label in m.UNIT_TYPES.items():
        mine = [e for e in rules if e.model.unit_type == unit_type]
        for place, place_label in m.PLACES.items():
            for village in (True, False):
                case = (f"{place_label.lower()} của {unit_label.lower()}, {'trong' if village else 'ngoài'} làng "
                        f"nghề được công nhận")
                hits = [e for e in mine if place in e.model.places and e.model.craft_village in (None, village)]
                if not hits:
                    b.report(rules[0].origin, (), "place_rule_gap", case=case)
                for other, e in zip(hits, hits[1:]):
                    if (e.id, other.id) not in said:
                        said.add((e.id, other.id))
                        b.report(e.origin, ("places",), "place_rule_overlap", value=e.id, other=other.id, case=case)
        if len({e.model.covered for e in mine}) > 1:  # the finder asks: each case needs its page
            for e in mine:
                if not e.model.page:
                    b.report(e.origin, (), "place_rule_page", value=e.id)


def _check_overlaps(b: _Builder) -> None:
    rows: dict[tuple[str, str | None], list[Entry]] = defaultdict(list)
    for e in b.cat.support_levels:
        rows[(e.model.item, e.provinces[0].unit.id if e.provinces else None)].append(e)
    for group in rows.values():
        group.sort(key=lambda e: e.model.valid_from or dt.date.min)
        for earlier, later in zip(group, group[1:]):
            end = earlier.model.valid_to or dt.date.max
            if (later.model.valid_from or dt.date.min) <= end:
                b.report(later.origin, ("valid_from",), "levels_overlap", item=later.model.item,
                         other=earlier.origin.where)


CHAIN_RELATIONS = ("sua-doi", "thay-the")


def _chain(e: Entry) -> list[Entry]:
    """The text's amendment chain: every text linked to it through amending or replacing, in
    either direction and transitively, oldest first (a text alone has none)."""
    seen, todo = {id(e): e}, [e]
    while todo:
        cur = todo.pop()
        for r in [*cur.links["rel_out"], *cur.links["rel_in"]]:
            if r.type in CHAIN_RELATIONS and id(r.other) not in seen:
                seen[id(r.other)] = r.other
                todo.append(r.other)
    if len(seen) < 2:
        return []
    return sorted(seen.values(), key=lambda x: (x.model.effective or x.model.issued or dt.date.min, x.model.issued
                                                or dt.date.min, x.title))


def _sort(cat: Catalog) -> None:
    newest = lambda e: (-(e.date or dt.date.min).toordinal(), fold(e.title))  # noqa: E731
    for name in ("products", "projects", "legal", "news"):
        getattr(cat, name).sort(key=newest)
    cat.events.sort(key=lambda e: (e.date, fold(e.title)))  # soonest first
    cat.provinces.sort(key=lambda e: fold(e.title))
    cat.topics.sort(key=lambda e: fold(e.title))
    cat.organisations.sort(key=lambda e: (fold(e.provinces[0].unit.name) if e.provinces else "", fold(e.title)))
