"""Charts of the programme's figures: two SVGs per chart, one laid out for phones and one for
wider screens (Vega-Lite, drawn by vl-convert at build time, `chart_layout`), and a CSV.

Every chart holds one quantity compared like with like: scopes of one kind in one period, or one
scope over periods of one length and kind (never a five-year total beside nine months). It is a
single series of horizontal bars, each with its label and its value in words, so colour is never
the only cue; the page shows the same rows as a table under the chart, and the CSV holds exactly
that table. The SVGs are inert: no script, nothing loaded from elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.memory import MEMORY
from generator import models as m
from generator.outputs.chart_layout import NARROW, NARROW_MEDIA, VEGA_LITE, WIDE, Drawing, Frame, finish, layout
from generator.outputs.spreadsheet import csv_bytes
from generator.statistics import Figure, Statistics, comparable_period

FOLDER = "so-lieu/bieu-do/"
CSV_HEADER = ["pham_vi", "thoi_ky", "dai_luong", "gia_tri_thap", "gia_tri_cao", "don_vi", "dien_giai", "nguon"]
CSV_TEXT = [name not in ("gia_tri_thap", "gia_tri_cao") for name in CSV_HEADER]  # the two values are numbers
UNITS = {"money": "đồng", "count": "số lượng", "percent": "%", "change": "%"}


@dataclass
class Chart:
    """One quantity, compared like with like: several scopes of one kind in one period
    (`ranking`), or one scope over several periods of one kind (`series`)."""

    id: str
    title: str
    figures: list[Figure]
    kind: str  # "ranking" or "series"
    label: Any = None  # figure → bar label; default: the scope (ranking) or the period (series)
    folder: str = FOLDER
    rows: list[tuple[str, Figure]] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.kind in ("ranking", "series")
        assert len({f.quantity for f in self.figures}) <= 1 and len({f.period.kind for f in self.figures}) <= 1
        make = self.label or ((lambda f: f.scope.display) if self.kind == "ranking"
                              else (lambda f: _cap(f.period.label)))
        self.rows = [(make(f), f) for f in self.figures]

    @property
    def caption(self) -> str:
        return f"Bảng số liệu: {_lower(self.title)}"

    @property
    def row_header(self) -> str:
        if self.kind == "series":
            return "Thời kỳ"
        kinds = {("former" if f.scope.former else f.scope.kind) for f in self.figures}
        return {"province": "Tỉnh, thành phố", "former": "Tỉnh cũ",
                "region": "Vùng"}.get(kinds.pop(), "Phạm vi") if len(kinds) == 1 else "Phạm vi"

    @cached_property
    def drawings(self) -> dict[Frame, Drawing]:
        """The chart laid out for a phone and for a wider screen (none when it has no rows)."""
        if not self.rows:
            return {}
        rows = [(label, f.high, f.text) for label, f in self.rows]
        unit = self.rows[0][1].unit
        return {frame: layout(rows, unit, frame) for frame in (NARROW, WIDE)}

    @property
    def narrow(self) -> Drawing:
        return self.drawings[NARROW]

    @property
    def wide(self) -> Drawing:
        return self.drawings[WIDE]

    @property
    def narrow_media(self) -> str:
        return NARROW_MEDIA

    def path(self, frame: Frame) -> str:
        return f"{self.folder}{self.id}{frame.suffix}.svg"

    @property
    def svg_path(self) -> str:
        return self.path(WIDE)

    @property
    def narrow_path(self) -> str:
        return self.path(NARROW)

    @property
    def csv_path(self) -> str:
        return f"{self.folder}{self.id}.csv"

    @property
    def reading(self) -> str:
        """One sentence saying what the chart shows, from its data."""
        if not self.rows:
            return "Chưa có số liệu."
        figures = [f for _, f in self.rows]
        return ranking_reading(figures) if self.kind == "ranking" else series_reading(figures)

    def csv_rows(self) -> list[list[Any]]:
        out = []
        for _, f in self.rows:
            value = lambda v: int(v) if f.unit in ("money", "count") else v  # noqa: E731
            out.append([f.scope.display, f.period.span_key, f.quantity, value(f.low), value(f.high), UNITS[f.unit],
                        f.text, " ; ".join(e.model.source[0].url for e in f.entries)])
        return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """The first letter lower, for a title inside a sentence; names further on keep theirs."""
    return text[:1].lower() + text[1:]


def _apart(a: Figure, b: Figure) -> bool:
    """Whether a is surely larger than b: their ranges (sources that differ) do not meet."""
    return a.low > b.high


def ranking_reading(figures: list[Figure]) -> str:
    """'Giai đoạn 2021–2025, Bắc Ninh (cũ) nhiều hơn Bắc Giang (cũ): hơn 33 tỷ đồng so với hơn 28
    tỷ đồng.' Scopes of one kind, one period: the largest and the smallest."""
    ordered = sorted(figures, key=lambda f: (-f.high, -f.low, f.scope.order))
    when = _cap(ordered[0].period.label)
    top, last = ordered[0], ordered[-1]
    more = "cao hơn" if top.unit in ("percent", "change") else "nhiều hơn"
    if top.low == top.high == last.low == last.high:
        names = " và ".join(f.scope.in_sentence for f in ordered) if len(ordered) == 2 else f"cả {len(ordered)} nơi"
        return f"{when}, {names} bằng nhau: {top.text}."
    if len(ordered) == 2:
        if not _apart(top, last):
            return f"{when}: {top.scope.in_sentence} {top.text}, {last.scope.in_sentence} {last.text}."
        return f"{when}, {top.scope.in_sentence} {more} {last.scope.in_sentence}: {top.text} so với {last.text}."
    return (f"{when}, cao nhất là {top.scope.in_sentence}: {top.text}; thấp nhất là {last.scope.in_sentence}: "
            f"{last.text} ({len(ordered)} nơi có số liệu).")


def series_reading(figures: list[Figure]) -> str:
    """'Số đề án, hoạt động khuyến công của Đồng Tháp tăng từ 10 (năm 2023) lên 14 (năm 2024).' One
    scope over periods of one kind, oldest first: from the first to the last, and the peak."""
    ordered = sorted(figures, key=lambda f: f.period.sort_key())
    first, last = ordered[0], ordered[-1]
    subject = f"{first.label} của {first.scope.in_sentence}"
    said = lambda f: f"{f.text} ({f.period.label})"  # noqa: E731
    if first.unit == "change":
        text = f"{subject}: " + "; ".join(said(f) for f in ordered)
    elif _apart(last, first):
        text = f"{subject} tăng từ {said(first)} lên {said(last)}"
    elif _apart(first, last):
        text = f"{subject} giảm từ {said(first)} xuống {said(last)}"
    elif first.low == first.high == last.low == last.high:
        text = f"{subject} không đổi: {said(first)} và {said(last)}"
    else:
        text = f"{subject}: {said(first)}, {said(last)}"
    peak = max(ordered, key=lambda f: f.high)
    if len(ordered) > 2 and first.unit != "change" and peak not in (first, last):
        text += f"; cao nhất là {peak.period.label}: {peak.text}"
    return text + "."


# Quantities charted across provinces and regions on /so-lieu/ (and coloured on the tile map).
COMPARED = ("so-de-an", "tong-kinh-phi")


def programme_charts(stats: Statistics) -> list[Chart]:
    """The charts of /so-lieu/, each one quantity compared like with like: the provinces in the
    period most of them report (the tile map's), the regions in a period they share, and the
    country over periods of one kind. A comparison of fewer than two figures is no chart: the
    tables say it."""
    out = []
    for quantity in COMPARED:
        figures = stats.select(quantity=quantity, kind="province", former=False)
        period = comparable_period(figures)
        same = [f for f in figures if f.period == period]
        if len(same) > 1:
            out.append(Chart(f"{quantity}-theo-tinh-{period.key}",
                             f"{m.QUANTITIES[quantity][0]} theo tỉnh, thành phố, {period.label}",
                             _by_value(same), "ranking"))
    for quantity in COMPARED:
        by_period = _grouped(stats.select(quantity=quantity, kind="region"), lambda f: f.period)
        shared = [p for p, fs in by_period.items() if len(fs) > 1]
        if shared:
            period = max(shared, key=lambda p: p.sort_key())
            out.append(Chart(f"{quantity}-theo-vung-{period.key}",
                             f"{m.QUANTITIES[quantity][0]} theo vùng, {period.label}",
                             _by_value(by_period[period]), "ranking"))
    for quantity in m.QUANTITIES:
        for kind, figures in _grouped(stats.select(quantity=quantity, kind="country"), lambda f: f.period.kind).items():
            if len(figures) > 1:
                out.append(Chart(f"{quantity}-ca-nuoc-{kind}",
                                 f"{m.QUANTITIES[quantity][0]} của cả nước qua {figures[0].period.kind_label}",
                                 _by_time(figures), "series"))
    return out


def province_charts(stats: Statistics, province: Any, limit: int = 4) -> list[Chart]:
    """A province's charts, its files beside the province's page: each quantity over periods of one
    kind (the merged province's figures), and its former units side by side in one period."""
    out = []
    folder = f"{province.url}so-lieu/"
    for quantity in m.QUANTITIES:
        label = m.QUANTITIES[quantity][0]
        merged = stats.select(quantity=quantity, kind="province", unit_id=province.id, former=False)
        for kind, figures in _grouped(merged, lambda f: f.period.kind).items():
            if len(figures) > 1:
                out.append(Chart(f"{quantity}-{kind}", f"{label} qua {figures[0].period.kind_label}", _by_time(figures),
                                 "series",
                                 folder=folder))
        parts = stats.select(quantity=quantity, kind="province", unit_id=province.id, former=True)
        for period, figures in _grouped(parts, lambda f: f.period).items():
            if len(figures) > 1:
                out.append(Chart(f"{quantity}-{period.key}-tinh-cu", f"{label} {period.label} theo tỉnh cũ",
                                 _by_value(figures),
                                 "ranking", folder=folder))
    return out[:limit]


def _grouped(figures: list[Figure], key: Any) -> dict[Any, list[Figure]]:
    out: dict[Any, list[Figure]] = {}
    for f in figures:
        out.setdefault(key(f), []).append(f)
    return out


def _by_value(figures: list[Figure]) -> list[Figure]:
    return sorted(figures, key=lambda f: (-f.high, f.scope.order))


def _by_time(figures: list[Figure]) -> list[Figure]:
    return sorted(figures, key=lambda f: f.period.sort_key())


# Each drawing's SVG, by its specification and title: a build draws a specification once however
# many charts share it, and `serve` redraws only the charts an edit changed. The last build's only.
# The process whose vl-convert engine is running. Its threads do not survive a fork: a forked copy
# (a large build's background writer) asking that engine would wait forever.
_ENGINE_PID: int | None = None
_FRESH_ENGINE = ("import json, sys, vl_convert; print(json.dumps([vl_convert.vegalite_to_svg(s, "
                 "vl_version=sys.argv[1], "
                 "allowed_base_urls=[]) for s in json.load(sys.stdin)]))")


def vega_svgs(specs: list[dict[str, Any]]) -> list[str]:
    """vl-convert's SVG of each Vega-Lite specification. It is imported here, so a portal with no
    chart never starts its JavaScript engine (~0.5 s the first time, then 20–40 ms a chart);
    `allowed_base_urls=[]`: a specification may fetch nothing."""
    global _ENGINE_PID
    if not specs:
        return []
    if _ENGINE_PID not in (None, os.getpid()):  # forked from a process whose engine runs: a fresh one
        done = subprocess.run([sys.executable, "-c", _FRESH_ENGINE, VEGA_LITE], input=json.dumps(specs),
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)
    import vl_convert

    _ENGINE_PID = os.getpid()
    return [vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE, allowed_base_urls=[]) for spec in specs]


def _key(drawing: Drawing, title: str) -> str:
    return json.dumps([drawing.spec, title], ensure_ascii=False, sort_keys=True)


def render_csv(chart: Chart) -> bytes:
    """The chart's table as a spreadsheet opens it (generator/outputs/spreadsheet.py): UTF-8 with a
    byte-order mark, text that never runs as a formula, the values as numbers."""
    return csv_bytes(CSV_HEADER, chart.csv_rows(), CSV_TEXT)


def all_charts(cat: Any) -> list[Chart]:
    charts = programme_charts(cat.stats)
    for p in cat.provinces:
        charts += province_charts(cat.stats, p)
    return charts


def chart_files(cat: Any) -> dict[str, bytes]:
    """Each chart's CSV, and its two SVGs when it has rows to draw."""
    charts = all_charts(cat)
    wanted = {_key(d, c.title): (d, c.title) for c in charts for d in c.drawings.values()}
    missing = [k for k in wanted if k not in MEMORY.drawings]
    fresh = dict(zip(missing, vega_svgs([wanted[k][0].spec for k in missing])))
    drawn = {k: MEMORY.drawings[k] if k in MEMORY.drawings else finish(fresh[k], wanted[k][1]) for k in wanted}
    MEMORY.drawings = drawn  # what this portal draws: no more
    out: dict[str, bytes] = {}
    for chart in charts:
        for frame, drawing in chart.drawings.items():
            out[chart.path(frame)] = drawn[_key(drawing, chart.title)].encode("utf-8")
        out[chart.csv_path] = render_csv(chart)
    return out
