"""Statuses computed on the build date: a legal text's force, a product certificate's validity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator import models as m
from generator.text import fold, slugify, vn_date

if TYPE_CHECKING:
    from generator.entries import Entry


def certificate_valid_until(p: m.Product) -> dt.date | None:
    """Certificates run to 31/12 of the fourth year counting the issue year (Circular 26/2014 art. 17.3
    as amended by Circular 14/2018, in force 16/08/2018); before that amendment, the third year."""
    if p.year is None:
        return None
    issued = p.decision_date or dt.date(p.year, 12, 31)
    extra_years = 3 if issued >= dt.date(2018, 8, 16) else 2
    return dt.date(p.year + extra_years, 12, 31)


def certificate_rule(p: m.Product) -> str | None:
    """The rule `certificate_valid_until` applied, in the words a reader needs."""
    if p.year is None:
        return None
    issued = p.decision_date or dt.date(p.year, 12, 31)
    if issued >= dt.date(2018, 8, 16):
        return ("đến hết 31/12 của năm thứ tư, tính cả năm cấp, theo Thông tư 26/2014/TT-BCT sửa đổi bởi Thông tư "
                "14/2018/TT-BCT")
    return ("đến hết 31/12 của năm thứ ba, tính cả năm cấp, theo Thông tư 26/2014/TT-BCT trước khi được Thông tư "
            "14/2018/TT-BCT sửa đổi")


# The 34 provincial units of Resolution 202/2025/QH15 operate from this day. Whether a merged unit's
# earlier texts still apply after it is a fact only a source can give.
MERGED_ON = dt.date(2025, 7, 1)

STATUS_LABELS = {
    "con-hieu-luc": "Còn hiệu lực",
    "sua-doi": "Còn hiệu lực, đã được sửa đổi, bổ sung",
    "chua-hieu-luc": "Chưa có hiệu lực",
    "het-hieu-luc": "Hết hiệu lực",
    "khong-ro": "Chưa rõ hiệu lực",
}


@dataclass
class LegalStatus:
    code: str
    label: str
    explanation: str
    by: list[Entry] = field(default_factory=list)


def legal_status(e: Entry, today: dt.date) -> LegalStatus:
    """Status on the build date, from the text's own dates and the texts that act on it.

    A text acting on this one counts from its effective date, or from its issue date when the
    effective date is not known (said so in the explanation)."""
    mo = e.model

    def since(o: Entry) -> dt.date | None:
        return o.model.effective or o.model.issued

    def names(items: list[Entry]) -> str:
        return ", ".join((o.model.number or o.title) + ("" if o.model.effective else " (chưa rõ ngày hiệu lực)") for o
                         in items)

    acting = [(r.type, r.other) for r in e.links["rel_in"] if since(r.other) and since(r.other) <= today]
    replaced = [o for t, o in acting if t == "thay-the"]
    amended = [o for t, o in acting if t == "sua-doi"]
    if replaced:
        return LegalStatus("het-hieu-luc", STATUS_LABELS["het-hieu-luc"], f"Đã được thay thế bởi {names(replaced)}.",
                           replaced)
    if mo.status_unclear:  # a source says it may no longer be in force; not confirmed
        return LegalStatus("khong-ro", STATUS_LABELS["khong-ro"], mo.status_unclear)
    if mo.effective and mo.effective > today:
        return LegalStatus("chua-hieu-luc", STATUS_LABELS["chua-hieu-luc"],
                           f"Có hiệu lực từ ngày {vn_date(mo.effective)}.")
    if amended:
        return LegalStatus("sua-doi", STATUS_LABELS["sua-doi"],
                           f"Một phần nội dung đã được sửa đổi, bổ sung bởi {names(amended)}.", amended)
    if mo.effective is None:
        return LegalStatus("khong-ro", STATUS_LABELS["khong-ro"],
                           "Chưa xác định được ngày có hiệu lực từ nguồn công khai.")
    if merged := _merged_before(e, today):
        return LegalStatus("khong-ro", STATUS_LABELS["khong-ro"],
                           f"Có hiệu lực từ ngày {vn_date(mo.effective)}, trước khi {merged} từ ngày "
                           f"{vn_date(MERGED_ON)}; "
                           "chưa có nguồn công khai cho biết văn bản còn áp dụng sau ngày đó hay không.")
    return LegalStatus("con-hieu-luc", STATUS_LABELS["con-hieu-luc"], f"Có hiệu lực từ ngày {vn_date(mo.effective)}.")


def _merged_before(e: Entry, today: dt.date) -> str | None:
    """For a provincial text in force before its province was merged with others on 01/07/2025 (and
    neither amended nor replaced since, which the caller has checked): how the province changed."""
    mo = e.model
    if not (e.provinces and mo.effective and mo.effective < MERGED_ON <= today):
        return None
    unit = e.provinces[0].unit
    if len(unit.former_units) < 2:
        return None
    kind = "tỉnh" if unit.type == "tinh" else "thành phố"
    return f"{kind} {unit.name} hiện nay được hợp nhất từ {', '.join(f.name for f in unit.former_units)}"


LEGAL_FACETS = (("loai", "Loại văn bản"), ("co-quan", "Cơ quan ban hành"), ("nam", "Năm ban hành"),
                ("hieu-luc", "Hiệu lực"))


def legal_groups(cat: Any) -> dict[str, dict[str, tuple[str, list[Any]]]]:
    """Legal texts by type, issuer, year and status: facet → value slug → (label, texts)."""
    groups: dict[str, dict[str, tuple[str, list[Any]]]] = {f: {} for f, _ in LEGAL_FACETS}
    for e in cat.legal:
        mo = e.model
        for facet, slug, label in (("loai", mo.type, m.LEGAL_TYPES[mo.type]),
                                   ("co-quan", slugify(mo.issuer), mo.issuer),
                                   ("nam", *((str(mo.issued.year),) * 2 if mo.issued else ("chua-ro", "chưa rõ"))),
                                   ("hieu-luc", e.extra["status"].code, e.extra["status"].label)):
            groups[facet].setdefault(slug, (label, []))[1].append(e)
    groups["loai"] = {k: groups["loai"][k] for k in m.LEGAL_TYPES if k in groups["loai"]}
    groups["hieu-luc"] = {k: groups["hieu-luc"][k] for k in STATUS_LABELS if k in groups["hieu-luc"]}
    groups["nam"] = dict(sorted(groups["nam"].items(), reverse=True))
    groups["co-quan"] = dict(sorted(groups["co-quan"].items(), key=lambda kv: fold(kv[1][0])))
    return groups
