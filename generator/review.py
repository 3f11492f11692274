"""Review dates: what is due for a communicator to check again, what is overdue, what has expired.

- An item with `review_by:` is due on that date.
- Contacts (organisations), support levels and procedures are reviewed at least once a year: without
  `review_by`, they are due a year after they last changed (history.py: the last commit; else their
  `updated`). Without either date, nothing can be said, and nothing is.
- Events expire when they are over, items with `expires:` on that date (they are hidden from then):
  both are listed as expired, so their pages can be completed (results of the event) or retired.
  An event that has been looked at since it ended says so with a `review_by:` after its end.

`khuyencong review` prints the list by province and by file; `check` warns about what is overdue;
`/quan-tri/ra-soat/` shows the same list to communicators (not indexed, not in the navigation).
Everything is counted from the build date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from generator.errors import Problem

# What the review list calls each kind (Vietnamese, English).
KIND_NAMES = {"news": ("Tin", "News item"), "product": ("Sản phẩm", "Product"), "project": ("Đề án", "Project"),
              "legal": ("Văn bản", "Legal text"), "event": ("Sự kiện", "Event"),
              "organisation": ("Cơ quan", "Organisation"),
              "support": ("Mức hỗ trợ", "Support level"), "procedure": ("Thủ tục", "Procedure"),
              "question": ("Hỏi đáp", "Question"), "statistic": ("Số liệu", "Figure")}


def kind_name(kind: str) -> str:
    from generator.errors import language

    vi, en = KIND_NAMES.get(kind, (kind, kind))
    return en if language() == "en" else vi


YEARLY = ("organisation", "support", "procedure")  # reviewed at least once a year
SOON = dt.timedelta(days=30)  # "due" from this long before the date
STATES = ("overdue", "due", "expired")


@dataclass(frozen=True)
class Review:
    kind: str
    ident: str
    title: str
    url: str  # "" for an item no page shows any more (expired)
    where: str  # file:line
    province: str  # the unit's name, or "" for national items
    state: str  # overdue | due | expired
    date: dt.date  # the day it was (or is) due, or expired
    why: str  # review_by | yearly | event | expires
    last: dt.date | None = None  # when it last changed (yearly)


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _last_change(e: Any) -> dt.date | None:
    h = e.extra.get("history")
    return h.last if h is not None else getattr(e.model, "updated", None)


def _province(e: Any) -> str:
    return e.provinces[0].unit.name if getattr(e, "provinces", None) else ""


def reviews(cat: Any) -> list[Review]:
    """Everything due within 30 days of the build date, overdue, or expired; by file and line."""
    today = cat.today
    found: list[Review] = []
    for e in cat.by_id.values():
        mo = e.model
        review_by = getattr(mo, "review_by", None)
        common = dict(kind=e.kind, ident=e.id, title=e.title, url=e.url, where=e.origin.where, province=_province(e))
        if e.kind == "event" and e.extra.get("past"):
            ended = mo.end or mo.start
            ended = ended.date() if isinstance(ended, dt.datetime) else ended
            if not (review_by and review_by > ended):
                found.append(Review(**common, state="expired", date=ended, why="event"))
                continue
        if review_by:
            due, why, last = review_by, "review_by", None
        elif e.kind in YEARLY and (last := _last_change(e)):
            due, why = _a_year_after(last), "yearly"
        else:
            continue
        if due < today:
            found.append(Review(**common, state="overdue", date=due, why=why, last=last))
        elif due <= today + SOON:
            found.append(Review(**common, state="due", date=due, why=why, last=last))
    for (kind, ident), reason in cat.hidden.items():
        rec = cat.hidden_records.get((kind, ident))
        if reason != "expired" or rec is None:
            continue
        mo = rec.model
        title = getattr(mo, "title", None) or getattr(mo, "name", None) or getattr(mo, "number", "")
        places = getattr(mo, "province", None) or (getattr(mo, "provinces", None) or [None])[0]
        ref = cat.index.resolve(places) if isinstance(places, str) else None
        found.append(Review(kind, ident, str(title), "", rec.origin.where, ref.unit.name if ref else "", "expired",
                            mo.expires, "expires"))
    return sorted(found, key=lambda r: _file_order(r.where))


def _file_order(where: str) -> tuple[str, int]:
    file, _, line = where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (where, 0)


def overdue_warnings(cat: Any, found: list[Review]) -> list[Problem]:
    """`check`'s warnings: every overdue item, at its `review_by` or else at the item."""
    out = []
    for r in found:
        e = cat.by_id.get((r.kind, r.ident))
        if r.state != "overdue" or e is None:
            continue
        path = ("review_by",) if getattr(e.model, "review_by", None) else ()
        out.append(replace(e.origin.problem(path, "review_overdue", due=r.date.strftime("%d/%m/%Y")),
                           severity="warning"))
    return out
