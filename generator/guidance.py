"""Policy guidance: support-level tables, the "Tôi được hỗ trợ gì?" finder, procedures, questions.

The finder's answer is a pure function of the catalog (`answer`), so the same rules give the plain
pages (one per need and province, a section per kind of establishment: every combination has a
stable address and works without JavaScript) and the tests. Its pages: pages/guidance.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.entries import Catalog, Entry, level_in_force
from generator.models import ACTIVITIES, PLACES, UNIT_TYPES
from generator.text import fold, slugify, vn_date

STORIES = 4  # related success stories shown in an answer


@dataclass
class Level:
    """One supported item: the national row and, beside it, the province's own row if any."""

    item: str
    national: Entry | None
    local: Entry | None


@dataclass(frozen=True)
class Where:
    """Where the reader said the establishment is: a provincial unit, by its present name or a
    former one (the answer names what the reader chose), and, in a unit where it decides, the place
    rule of its kind of place (commune, ward, special zone; craft village or not)."""

    unit: Entry
    label: str  # "Bắc Ninh", or "Bắc Giang (nay thuộc tỉnh Bắc Ninh)"
    slug: str  # its part of the answer's address: the unit's id or the former unit's
    rule: Entry | None = None

    @property
    def url_base(self) -> str:
        return f"{self.slug}/"


@dataclass
class Answer:
    applicant: Entry
    need: Entry
    province: Entry
    eligible: bool
    reason: str
    where: Where | None = None
    rule: Entry | None = None  # the place rule applied, when the kind of establishment has one
    undecided: bool = False  # covered or not depends on the kind of place: the page asks
    unclear: bool = False  # the sources neither grant nor exclude this need for this kind of establishment
    any_place: bool = False  # covered for this need by a clause with no place condition, not by the place rule
    levels: list[Level] = field(default_factory=list)
    priorities: list[Entry] = field(default_factory=list)
    procedure: Entry | None = None
    contacts: list[Entry] = field(default_factory=list)
    stories: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.applicant.id

    @property
    def url(self) -> str:
        return f"{answer_url(self.need.id, self.province.id)}#{self.applicant.id}"


def answer_url(need: str, province: str, rule_page: str | None = None) -> str:
    return f"ho-tro/{need}/{province}/" + (f"{rule_page}/" if rule_page else "")


def levels_for(cat: Catalog, item: str, province: str | None) -> Entry | None:
    """The row of `item` in force on the build date: national (`province` None) or the province's."""
    for e in cat.support_levels:
        here = e.provinces[0].unit.id if e.provinces else None
        if e.model.item == item and here == province and level_in_force(e, cat.today):
            return e
    return None


def level_rows(cat: Catalog, items: list[str], province: str | None = None) -> list[Level]:
    """For each item with a level in force: the national row and, given a province, its own row."""
    rows = [Level(i, levels_for(cat, i, None), levels_for(cat, i, province) if province else None) for i in items]
    return [row for row in rows if row.national or row.local]


@dataclass
class Setting:
    """What an answer shows that depends on the need and the province, not on the kind of establishment."""

    levels: list[Level]
    contacts: list[Entry]
    stories: list[Entry]


def setting(cat: Catalog, need: Entry, province: str) -> Setting:
    orgs = cat.in_province(province, "organisation")
    same = [pr for pr in cat.projects if pr.model.activity in need.model.activities]
    here = [pr for pr in same if province in pr.province_ids]
    return Setting(level_rows(cat, need.model.items, province),
                   orgs or [o for o in cat.organisations if o.model.kind == "bo"],
                   (here + [pr for pr in same if province not in pr.province_ids])[:STORIES])


def rules_for(cat: Catalog, unit_type: str) -> list[Entry]:
    """The place rules in force for a kind of provincial unit."""
    return [e for e in cat.place_rules if e.model.unit_type == unit_type
            and (e.model.valid_from or cat.today) <= cat.today]


def place_decides(cat: Catalog, unit_type: str) -> bool:
    """Whether the kind of place (and craft village) changes the answer in this kind of unit: only
    then does the finder ask about it."""
    return len({e.model.covered for e in rules_for(cat, unit_type)}) > 1


def answer(cat: Catalog, applicant: str, need: str, province: str, where: Setting | None = None, place: Where
           | None = None) -> Answer:
    """What an establishment of kind `applicant` in `province` may get for `need`, on the build date.
    `where` is `setting(...)` for this need and province when the caller already has it; `place`
    says where in the province the establishment is, as far as the reader said."""
    a, n, p = cat.get("applicant", applicant), cat.get("need", need), cat.get("province", province)
    assert a is not None and n is not None and p is not None, (applicant, need, province)
    mo = a.model
    rule, undecided, unclear, any_place = None, False, False, False
    if not mo.eligible:
        eligible, reason = False, "Không thuộc đối tượng hưởng chính sách khuyến công."
    elif mo.since and mo.since > cat.today:
        eligible, reason = False, f"Chỉ thuộc đối tượng hưởng chính sách từ ngày {vn_date(mo.since)}."
    elif mo.needs and need not in mo.needs:
        eligible, unclear = False, bool(mo.others_unclear)
        allowed = ", ".join(x.title for x in a.links["needs"])
        reason = mo.others_unclear or f"{mo.name} chỉ được hỗ trợ về: {allowed}."
    else:
        eligible, reason = True, "Thuộc đối tượng được hỗ trợ."
        if mo.by_place and (rules := rules_for(cat, p.model.type)):
            rule = place.rule if place and place.rule else (rules[0] if not place_decides(cat, p.model.type) else None)
            if n.model.any_place and (rule is None or not rule.model.covered):
                # the place rule leaves this place out, or may (the place is not known yet), but a clause
                # with no place condition covers those it names for this need: under that condition only
                where_said = ("Ở nơi này, cơ sở không thuộc đối tượng theo quy định về địa bàn" if rule else
                              "Theo quy định về địa bàn, câu trả lời tùy nơi đặt cơ sở")
                any_place, reason = True, (f"{where_said}, nhưng {n.model.any_place.who} thuộc đối tượng ở mọi "
                                           f"nơi: cơ sở của bạn có thể được hỗ trợ nội dung này nếu là cơ sở như vậy.")
            elif rule is None:
                eligible, undecided, reason = False, True, "Tùy nơi đặt cơ sở: chọn xã, phường hay đặc khu ở dưới."
            elif not rule.model.covered:
                eligible, reason = False, "Không thuộc đối tượng theo quy định về địa bàn."
    where = where or setting(cat, n, province)
    out = Answer(a, n, p, eligible, reason, place, rule, undecided, unclear, any_place, contacts=where.contacts,
                 stories=where.stories)
    if eligible:
        out.levels, out.priorities, out.procedure = where.levels, list(cat.priorities), n.extra.get("procedure")
    return out


@dataclass
class Route:
    """Which programme an establishment in a province turns to: the province's own levels (a local
    programme) where the portal has them, the national programme in any case."""

    local_levels: list[Entry]  # the province's support levels in force
    local_basis: list[Entry]  # the legal texts that set them
    national: Entry | None  # the national scheme procedure
    local: Entry | None  # the local scheme procedure
    bodies: list[Entry]  # the province's bodies in the directory
    reachable: bool  # whether any of them has an address, phone, e-mail or website from a source
    centre: list[Entry]  # the national bodies, named where the province's cannot be reached
    # the province's other legal texts the portal holds, not replaced (where a province's levels are
    # not in the levels table yet, its own text may still set them: the reader is sent to it)
    local_texts: list[Entry] = field(default_factory=list)


def has_contact(o: Entry) -> bool:
    mo = o.model
    return bool(mo.address or mo.phone or mo.email or mo.website)


def route(cat: Catalog, unit: Entry) -> Route:
    levels = [e for e in cat.support_levels if e.provinces and e.provinces[0].unit.id == unit.id
              and level_in_force(e, cat.today)]
    laws = list(dict.fromkeys(law for e in levels for law in e.links["basis"]))
    bodies = cat.in_province(unit.id, "organisation")
    texts = [law for law in cat.in_province(unit.id, "legal")
             if law not in laws and law.extra["status"].code != "het-hieu-luc"]
    return Route(levels, laws, cat.get("procedure", "de-an-quoc-gia"), cat.get("procedure", "de-an-dia-phuong"), bodies,
                 any(has_contact(o) for o in bodies), [o for o in cat.organisations if o.model.kind == "bo"], texts)


def reached(cat: Catalog) -> list[Entry]:
    """The provincial units whose industrial promotion bodies the directory can be reached at."""
    return [p for p in cat.provinces if any(has_contact(o) for o in cat.in_province(p.id, "organisation"))]


def unit_phrase(unit: Entry) -> str:
    """'tỉnh Bắc Ninh', 'thành phố Hải Phòng': how a sentence names a provincial unit."""
    kind = "thành phố" if unit.model.type == "thanh-pho" else "tỉnh"
    title = unit.title.removeprefix("TP. ").removeprefix("Thành phố ")
    return f"{kind} {title}"


def places_of(cat: Catalog) -> list[Where]:
    """Every name a reader may choose: the 34 units, then each former unit whose name differs,
    named with the unit it now belongs to."""
    units = [Where(p, p.title, p.id) for p in cat.provinces]
    former = sorted((Where(p, f"{f.name} (nay thuộc {unit_phrase(p)})", slugify(f.name)) for p in cat.provinces
                     for f in p.model.former_units if f.name != p.title and slugify(f.name) != p.id),
                    key=lambda w: (fold(w.label), w.label))  # as a reader reads a list: "Bạc Liêu" before "Bình Định"
    return units + former


def province_choices(cat: Catalog) -> list[tuple[str, str, str]]:
    """(label, address part, kind of unit) for the 34 units and, after them, the former names (each
    its own answer)."""
    return [(w.label, w.slug, w.unit.model.type) for w in places_of(cat)]


def finder_questions(cat: Catalog) -> dict[str, list[tuple[str, str, str, list[tuple[str, str]]]]]:
    """For each kind of unit where the kind of place decides: the finder's question, as
    place_questions gives it, with each answer page's last address part (the script builds the
    address from them; without a script the answer pages ask the same)."""
    return {t: [(place, label, link.rstrip("/"), [(a, page.rstrip("/")) for a, page in targets])
                for place, label, link, targets in place_questions(rules_for(cat, t), "")]
            for t in UNIT_TYPES if place_decides(cat, t)}


def place_questions(rules: list[Entry], base: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(place, its name, where its link leads, [(answer, address)]) for each kind of place: straight to
    the answer when the kind of place decides alone, else to a page asking about the craft village,
    whose answers lead to each case's page."""
    out = []
    for place, label in PLACES.items():
        hits = [e for e in rules if place in e.model.places]
        targets = [("Có" if e.model.craft_village else "Không" if e.model.craft_village is False else e.model.situation,
                    f"{base}{e.model.page}/") for e in hits]
        out.append((place, label, targets[0][1] if len(targets) == 1 else f"{base}{place}/", targets))
    return out


def levels_by_activity(cat: Catalog) -> list[tuple[str, list[Entry]]]:
    groups: dict[str, list[Entry]] = {}
    for e in cat.support_levels:
        groups.setdefault(e.model.activity, []).append(e)
    return [(ACTIVITIES[a], sorted(groups[a], key=lambda e: (e.model.item, bool(e.provinces), e.provinces[0].unit.name
                                                             if e.provinces else "")))
            for a in ACTIVITIES if a in groups]
