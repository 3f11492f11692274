"""Policy guidance: support-level tables, the "Tôi được hỗ trợ gì?" finder, procedures, questions.

The finder's answer is a pure function of the catalog (`answer`), so the same rules give the plain
pages (one per need and province, a section per kind of establishment: every combination has a
stable address and works without JavaScript) and the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.catalog import Catalog, Entry, level_in_force
from generator.models import ACTIVITIES

if TYPE_CHECKING:
    from generator.render import RenderedPage, Renderer

STORIES = 4  # related success stories shown in an answer


@dataclass
class Level:
    """One supported item: the national row and, beside it, the province's own row if any."""

    item: str
    national: Entry | None
    local: Entry | None


@dataclass
class Answer:
    applicant: Entry
    need: Entry
    province: Entry
    eligible: bool
    reason: str
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


def answer_url(need: str, province: str) -> str:
    return f"ho-tro/{need}/{province}/"


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


def answer(cat: Catalog, applicant: str, need: str, province: str, where: Setting | None = None) -> Answer:
    """What an establishment of kind `applicant` in `province` may get for `need`, on the build date.
    `where` is `setting(...)` for this need and province when the caller already has it."""
    a, n, p = cat.get("applicant", applicant), cat.get("need", need), cat.get("province", province)
    assert a is not None and n is not None and p is not None, (applicant, need, province)
    mo = a.model
    if not mo.eligible:
        eligible, reason = False, "Không thuộc đối tượng hưởng chính sách khuyến công."
    elif mo.since and mo.since > cat.today:
        eligible, reason = False, f"Chỉ thuộc đối tượng hưởng chính sách từ ngày {mo.since:%d/%m/%Y}."
    elif mo.needs and need not in mo.needs:
        allowed = ", ".join(x.title for x in a.links["needs"])
        eligible, reason = False, f"{mo.name} chỉ được hỗ trợ về: {allowed}."
    else:
        eligible, reason = True, "Thuộc đối tượng được hỗ trợ."
    where = where or setting(cat, n, province)
    out = Answer(a, n, p, eligible, reason, contacts=where.contacts, stories=where.stories)
    if eligible:
        out.levels, out.priorities, out.procedure = where.levels, list(cat.priorities), n.extra.get("procedure")
    return out


def province_choices(cat: Catalog) -> list[tuple[str, str]]:
    """(label, unit id) for the 34 units and, after them, the 63 former names pointing to their unit."""
    units = [(p.title, p.id) for p in cat.provinces]
    former = sorted(((f"{f.name} (nay thuộc {p.title})", p.id) for p in cat.provinces for f in p.model.former_units
                     if f.name != p.title), key=lambda x: x[0])
    return units + former


def guidance_pages(r: Renderer, cat: Catalog) -> Iterator[tuple[str, RenderedPage]]:
    if not cat.needs:
        return
    provinces = province_choices(cat)
    yield "ho-tro/index.md", r.page("finder.html", "ho-tro/", "Tôi được hỗ trợ gì?",
                                    "Chọn loại cơ sở, tỉnh, thành phố và nhu cầu để biết mức hỗ trợ khuyến công, căn cứ pháp lý, hồ sơ, thời hạn và nơi liên hệ.",
                                    [], provinces=provinces)
    crumbs = [("Tôi được hỗ trợ gì?", "ho-tro/")]
    for n in cat.needs:
        yield f"ho-tro/{n.id}/index.md", r.page("need.html", n.url, n.title, n.model.description or n.title, crumbs,
                                                need=n, provinces=provinces, levels=level_rows(cat, n.model.items))
        for p in cat.provinces:
            where = setting(cat, n, p.id)
            answers = [answer(cat, a.id, n.id, p.id, where) for a in cat.applicants]
            yield (f"ho-tro/{n.id}/{p.id}.md",
                   r.page("answer.html", answer_url(n.id, p.id), f"{n.title} — {p.title}",
                          f"Hỗ trợ khuyến công về {n.title.lower()} cho cơ sở tại {p.title}: mức hỗ trợ, căn cứ, hồ sơ, liên hệ.",
                          [*crumbs, (n.title, n.url)], need=n, province=p, answers=answers))
    yield "muc-ho-tro/index.md", r.page("levels.html", "muc-ho-tro/", "Mức hỗ trợ khuyến công",
                                        "Mức hỗ trợ theo từng nội dung, mức quốc gia và mức của tỉnh, với căn cứ pháp lý.", [],
                                        groups=levels_by_activity(cat))
    for p in cat.provinces:
        yield f"muc-ho-tro/{p.id}.md", r.page("levels_province.html", f"muc-ho-tro/{p.id}/", f"Mức hỗ trợ khuyến công tại {p.title}",
                                              f"Mức hỗ trợ khuyến công quốc gia và của {p.title}, đặt cạnh nhau.",
                                              [("Mức hỗ trợ", "muc-ho-tro/")], province=p,
                                              rows=level_rows(cat, list(dict.fromkeys(e.model.item for e in cat.support_levels)), p.id))
    yield "thu-tuc/index.md", r.page("procedures.html", "thu-tuc/", "Thủ tục", "Các bước, hồ sơ, thời hạn để được hỗ trợ khuyến công.", [])
    for pr in cat.procedures:
        yield f"thu-tuc/{pr.id}.md", r.page("procedure.html", pr.url, pr.title, pr.model.summary, [("Thủ tục", "thu-tuc/")], e=pr)
    yield "hoi-dap/index.md", r.page("questions.html", "hoi-dap/", "Hỏi đáp về khuyến công",
                                     "Giải đáp câu hỏi thường gặp về đối tượng, mức hỗ trợ và thay đổi chính sách khuyến công.", [])


def levels_by_activity(cat: Catalog) -> list[tuple[str, list[Entry]]]:
    groups: dict[str, list[Entry]] = {}
    for e in cat.support_levels:
        groups.setdefault(e.model.activity, []).append(e)
    return [(ACTIVITIES[a], sorted(groups[a], key=lambda e: (e.model.item, bool(e.provinces), e.provinces[0].unit.name if e.provinces else "")))
            for a in ACTIVITIES if a in groups]
