"""The programme in figures: scopes, figures gathered from several sources, and their checks.

A statistic entry is one quantity for one scope and one period from one source. Entries that
measure the same thing (quantity, scope, period, target or result) form a `Figure`; when their
sources disagree the figure is shown as a range with every citation, never one picked silently.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator import models as m
from generator.errors import Both
from generator.provinces import ProvinceIndex, province_key
from generator.text import fold, vn_money, vn_number

if TYPE_CHECKING:
    from generator.entries import Entry

# Relative slack allowed when comparing figures: sources round ("hơn 33 tỷ"), exact ones barely.
SLACK_APPROX, SLACK_EXACT = 0.05, 0.005
MONEY_PARTS = ("kinh-phi-quoc-gia", "kinh-phi-dia-phuong")
SHARE_PARTS = ("ty-le-quoc-gia", "ty-le-dia-phuong")


@dataclass(frozen=True)
class Scope:
    """What a figure covers: the whole country, a region, a province, or a former unit of one."""

    kind: str  # "country", "region" or "province"
    id: str  # region code, or the province id
    label: str
    former: str | None = None  # name of the former unit, for figures reported before the merger

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.id, fold(self.former or ""))

    @property
    def display(self) -> str:
        return f"{self.former} (cũ)" if self.former else self.label

    @property
    def in_sentence(self) -> str:
        """The scope inside a sentence: 'cả nước', 'các tỉnh, thành phố phía Nam'; a province's name
        as written."""
        text = self.display
        return text if self.kind == "province" else text[:1].lower() + text[1:]

    @property
    def order(self) -> tuple[int, str, str]:
        return ({"country": 0, "region": 1, "province": 2}[self.kind], fold(self.label), fold(self.former or ""))


def resolve_scope(value: str, index: ProvinceIndex) -> Scope | None:
    """'ca-nuoc' / 'Cả nước', a region code or label, or a province. A former unit is named by its
    old name ('Bắc Giang'), by 'tên (cũ)' when it kept its name ('Bắc Ninh (cũ)'), or 'old-2004:NN'."""
    text = str(value).strip()
    for code, label in m.REGIONS.items():
        if fold(text) in (code, fold(label), code.replace("-", " ")):
            return Scope("country" if code == "ca-nuoc" else "region", code, label)
    folded = fold(text)
    former_wanted = folded.endswith("(cu)") or text.startswith("old-2004:")
    name = text[: -len("(cũ)")].strip() if folded.endswith("(cu)") else text
    ref = index.resolve(name)
    if ref is None:
        return None
    unit = ref.unit
    former = ref.former
    if former is None and former_wanted and len(unit.former_units) > 1:
        code = text.partition(":")[2].strip() if text.startswith("old-2004:") else None
        former = next((f.name for f in unit.former_units
                       if (code and f.code.value == code) or (not code and province_key(f.name) == province_key(name))),
                      None)
    return Scope("province", unit.id, unit.name, former)


def suggest_scope(value: str, index: ProvinceIndex) -> str | None:
    near = difflib.get_close_matches(fold(str(value)), [fold(v) for v in m.REGIONS.values()] + list(m.REGIONS), n=1,
                                     cutoff=0.7)
    if near:
        return next(code for code, label in m.REGIONS.items() if near[0] in (code, fold(label)))
    return index.suggest(value)


def _slack(entries: list[Entry]) -> float:
    return SLACK_APPROX if any(e.model.qualifier for e in entries) else SLACK_EXACT


@dataclass
class Figure:
    """Every source's value for one quantity, scope, period, and target-or-result."""

    quantity: str
    scope: Scope
    period: m.Period
    target: bool
    entries: list[Entry] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return m.QUANTITIES[self.quantity][1]

    @property
    def label(self) -> str:
        return m.QUANTITIES[self.quantity][0]

    @property
    def featured(self) -> bool:
        return any(e.model.featured for e in self.entries)

    @property
    def low(self) -> float:
        return min(e.model.value for e in self.entries)

    @property
    def high(self) -> float:
        return max(e.model.value for e in self.entries)

    @property
    def disagree(self) -> bool:
        return len({(e.model.value, e.model.qualifier) for e in self.entries}) > 1

    @property
    def text(self) -> str:
        """'224', 'gần 62 tỷ đồng', or '61–62 tỷ đồng' when the sources differ."""
        if self.low == self.high:
            qualifiers = {e.model.qualifier for e in self.entries}
            return fmt(self.low, self.unit, qualifiers.pop() if len(qualifiers) == 1 else None)
        return fmt_range(self.low, self.high, self.unit)

    @property
    def sources(self) -> list[tuple[str, m.Source, Entry]]:
        """Each source with what it says: ('gần 62 tỷ đồng', source, entry)."""
        return [(stated(e), e.model.source[0], e) for e in self.entries]

    @property
    def notes(self) -> list[str]:
        return [e.model.note for e in self.entries if e.model.note]

    def notes_but(self, shown: list[str]) -> list[str]:
        """The notes without the sentences already shown once for a whole table (`shown`)."""
        out = []
        for note in self.notes:
            kept = " ".join(s for s in sentences(note) if s not in shown)
            if kept:
                out.append(kept)
        return out


def sentences(text: str) -> list[str]:
    """A note's sentences: a period followed by a space ends one."""
    return [s for s in re.split(r"(?<=\.)\s+", text.strip()) if s]


def common_notes(figures: list[Figure]) -> list[str]:
    """The note sentences every one of several figures carries (a caveat on a whole source, such as
    'the source does not say whether the former province is included'), to be said once."""
    if len(figures) < 2:
        return []
    each = [[s for n in f.notes for s in sentences(n)] for f in figures]
    return [s for s in dict.fromkeys(each[0]) if all(s in other for other in each[1:])]


def comparable_period(figures: list[Figure]) -> m.Period | None:
    """The period most of `figures` share (the latest of those tied): the one period in which
    figures of different scopes can be set side by side."""
    if not figures:
        return None
    count = Counter(f.period for f in figures)
    return max(count, key=lambda p: (count[p], p.sort_key()))


def cited(figures: list[Figure]) -> list[tuple[m.Source, list[str]]]:
    """Each source once, with what it says where the sources of a figure disagree."""
    out: dict[str, tuple[m.Source, list[str]]] = {}
    for f in figures:
        for said, source, _ in f.sources:
            _, says = out.setdefault(source.url, (source, []))
            if f.disagree:
                says.append(said)
    return list(out.values())


def stated(e: Entry) -> str:
    """What one source says: 'gần 62 tỷ đồng', 'giảm hơn 21%'."""
    return fmt(e.model.value, e.model.unit, e.model.qualifier)


def fmt(value: float, unit: str, qualifier: str | None = None) -> str:
    q = m.QUALIFIERS[qualifier] + " " if qualifier else ""
    if unit == "change":  # the qualifier goes after the verb: "giảm hơn 21%"
        shown = vn_number(abs(value))
        verb = "" if shown == "0" else "tăng " if value > 0 else "giảm "  # a change that rounds to 0 is neither
        return f"{verb}{q}{shown}%"
    if unit == "money":
        return q + vn_money(int(value))
    if unit == "percent":
        return f"{q}{vn_number(value)}%"
    return q + vn_number(value)


def fmt_range(low: float, high: float, unit: str) -> str:
    a, b = fmt(low, unit), fmt(high, unit)
    for tail in (" tỷ đồng", " triệu đồng", " đồng", "%"):
        if a.endswith(tail) and b.endswith(tail):
            return f"{a[: -len(tail)]}–{b}"
    return f"{a} – {b}"


class Statistics:
    """The figures of a catalog, grouped, with lookups for pages and charts."""

    def __init__(self, entries: list[Entry]):
        groups: dict[tuple[Any, ...], Figure] = {}
        for e in entries:
            mo, scope = e.model, e.extra["scope"]
            key = (mo.quantity, scope.key, mo.period.key, mo.target)
            groups.setdefault(key, Figure(mo.quantity, scope, mo.period, mo.target)).entries.append(e)
        order = list(m.QUANTITIES)
        self.figures = sorted(groups.values(), key=lambda f: (f.scope.order, f.period.sort_key(),
                                                              order.index(f.quantity), f.target))

    def select(self, *, quantity: str | None = None, kind: str | None = None, unit_id: str | None = None,
               target: bool | None = False, former: bool | None = None) -> list[Figure]:
        out = []
        for f in self.figures:
            if quantity and f.quantity != quantity or kind and f.scope.kind != kind:
                continue
            if unit_id and f.scope.id != unit_id or target is not None and f.target != target:
                continue
            if former is not None and bool(f.scope.former) != former:
                continue
            out.append(f)
        return out

    def province_view(self, unit_id: str) -> list[dict[str, Any]]:
        """A province's results by period, newest first: each row a quantity with the merged
        province's figure and its former units' figures (parts)."""
        periods: dict[str, dict[str, Any]] = {}
        for f in self.select(kind="province", unit_id=unit_id):
            block = periods.setdefault(f.period.key, {"period": f.period, "rows": {}})
            row = block["rows"].setdefault(f.quantity, {"quantity": f.quantity, "label": f.label, "total": None,
                                                        "parts": []})
            if f.scope.former:
                row["parts"].append(f)
            else:
                row["total"] = f
        order = list(m.QUANTITIES)
        out = sorted(periods.values(), key=lambda b: b["period"].sort_key(), reverse=True)
        for block in out:
            block["rows"] = sorted(block["rows"].values(), key=lambda r: order.index(r["quantity"]))
            for row in block["rows"]:
                row["sources"] = cited([f for f in [row["total"], *row["parts"]] if f])
            block["notes"] = common_notes([f for r in block["rows"] for f in [r["total"], *r["parts"]] if f])
        return out

    def targets(self, unit_id: str | None = None, kind: str = "province") -> list[tuple[Figure, list[Figure]]]:
        """Each target with the results recorded so far for the same quantity within its period."""
        out = []
        for t in self.select(kind=kind, unit_id=unit_id, target=True):
            done = [f for f in self.select(quantity=t.quantity, kind=kind, unit_id=t.scope.id)
                    if f.scope.key == t.scope.key and t.period.contains(f.period)]
            out.append((t, done))
        return out


# ---- checks, run while the catalog is built -----------------------------------------------------


def check(entries: list[Entry], report: Any, warn: Any) -> None:
    """Duplicates from one source (error), parts over their total (error), former units' parts that
    do not add up to the merged province (warning). `report`/`warn` take (entry, field, code, params)."""
    seen: dict[tuple[Any, ...], Entry] = {}
    for e in entries:
        mo = e.model
        key = (mo.quantity, e.extra["scope"].key, mo.period.key, mo.target, mo.source[0].url.rstrip("/"))
        if key in seen:
            report(e, ("quantity",), "statistic_twice", what=_what(mo.quantity, e.extra["scope"].display, mo.period),
                   other=seen[key].origin.where)
        else:
            seen[key] = e
    stats = Statistics(entries)
    by_key: dict[tuple[Any, ...], dict[str, Figure]] = defaultdict(dict)
    for f in stats.figures:
        by_key[(f.scope.key, f.period.key, f.target)][f.quantity] = f
    for group in by_key.values():
        total = group.get("tong-kinh-phi")
        parts = [group[q] for q in MONEY_PARTS if q in group]
        if total and parts:
            got = sum(p.low for p in parts)
            if got > total.high * (1 + _slack([*total.entries, *(e for p in parts for e in p.entries)])):
                last = max((e for p in parts for e in p.entries), key=lambda e: (e.origin.rel, e.origin.line))
                report(last, ("value",), "parts_exceed_total",
                       parts=Both(" + ".join(p.label.lower() for p in parts),
                                  " + ".join(f"'{p.quantity}'" for p in parts)),
                       sum=_both(got, "money"), total=Both(total.text, _english(total.high, "money")),
                       other=total.entries[0].origin.where)
        shares = [group[q] for q in SHARE_PARTS if q in group]
        if len(shares) == 2 and sum(s.low for s in shares) > 100.5:
            report(shares[1].entries[0], ("value",), "shares_exceed",
                   sum=Both(vn_number(sum(s.low for s in shares)), f"{sum(s.low for s in shares):g}"),
                   other=shares[0].entries[0].origin.where)
    _check_former_parts(stats, warn)


def _what(quantity: str, scope: str, period: m.Period) -> Both:
    """A figure named in a message: its quantity, scope and period."""
    return Both(f"{quantity}, {scope}, {period.label}", f"'{quantity}', '{scope}', {period.label_en}")


def _english(value: float, unit: str) -> str:
    """A figure as an English message writes it: 5,500,000,000 VND, 12.6%, 224."""
    if unit == "money":
        return f"{int(value):,} VND"
    return f"{value:,g}%" if unit in ("percent", "change") else f"{value:,g}"


def _both(value: float, unit: str) -> Both:
    return Both(fmt(value, unit), _english(value, unit))


def _check_former_parts(stats: Statistics, warn: Any) -> None:
    merged: dict[tuple[Any, ...], Figure] = {}
    parts: dict[tuple[Any, ...], list[Figure]] = defaultdict(list)
    for f in stats.select(kind="province", target=None):
        key = (f.quantity, f.scope.id, f.period.key, f.target)
        if f.scope.former:
            parts[key].append(f)
        else:
            merged[key] = f
    for key, total in merged.items():
        found = parts.get(key, [])
        unit = total.entries[0].provinces[0].unit if total.entries[0].provinces else None
        if not found or unit is None or len({p.scope.former for p in found}) < len(unit.former_units):
            continue  # only a complete set of former units can be compared with the whole
        if total.unit not in ("money", "count"):
            continue
        got = sum(p.low for p in found)
        slack = _slack([*total.entries, *(e for p in found for e in p.entries)])
        if got < total.low * (1 - slack) or got > total.high * (1 + slack):
            warn(total.entries[0], ("value",), "parts_mismatch",
                 what=Both(f"{total.label}, {total.scope.label}, {total.period.label}",
                           _what(total.quantity, total.scope.label, total.period)[1]),
                 sum=_both(got, total.unit), total=Both(total.text, _english(total.high, total.unit)))
