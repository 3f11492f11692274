"""Charts of the programme's figures: two SVGs per chart, one laid out for phones and one for
wider screens (Vega-Lite, drawn by vl-convert at build time, `chart_layout`), and a CSV.

Every chart is a single series of horizontal bars, each with its label and its value in words,
so colour is never the only cue; the page shows the same rows as a table under the chart, and
the CSV holds exactly that table. The SVGs are inert: no script, nothing loaded from elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator import models as m
from generator.outputs.chart_layout import NARROW, NARROW_MEDIA, VEGA_LITE, WIDE, Drawing, Frame, finish, layout
from generator.statistics import Figure, Statistics

FOLDER = "so-lieu/bieu-do/"
CSV_HEADER = ["pham_vi", "thoi_ky", "dai_luong", "gia_tri_thap", "gia_tri_cao", "don_vi", "dien_giai", "nguon"]
UNITS = {"money": "đồng", "count": "số lượng", "percent": "%", "change": "%"}


@dataclass
class Chart:
    id: str
    title: str
    figures: list[Figure]
    label: Any = None  # figure → bar label; default: scope and period
    folder: str = FOLDER
    rows: list[tuple[str, Figure]] = field(default_factory=list)

    def __post_init__(self) -> None:
        make = self.label or (lambda f: f"{f.scope.display}, {f.period.short}")
        self.rows = [(make(f), f) for f in self.figures]

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
        label, top = max(self.rows, key=lambda r: r[1].high)
        sources = len({e.model.source[0].url for _, f in self.rows for e in f.entries})
        if len(self.rows) == 1:
            return f"Có một số liệu: {label}, {top.text} ({sources} nguồn)."
        return f"Cao nhất là {label}: {top.text}; biểu đồ gồm {len(self.rows)} số liệu từ {sources} nguồn."

    def csv_rows(self) -> list[list[Any]]:
        out = []
        for _, f in self.rows:
            value = lambda v: int(v) if f.unit in ("money", "count") else v  # noqa: E731
            out.append([f.scope.display, f.period.key, f.quantity, value(f.low), value(f.high), UNITS[f.unit], f.text,
                        " ; ".join(e.model.source[0].url for e in f.entries)])
        return out


def programme_charts(stats: Statistics) -> list[Chart]:
    """The charts of /so-lieu/: national and regional totals, funding and projects by province,
    national and local shares."""
    totals = [f for f in stats.select(quantity="tong-kinh-phi") if f.scope.kind != "province"]
    shares = [f for q in ("ty-le-quoc-gia", "ty-le-dia-phuong") for f in stats.select(quantity=q)]
    shares.sort(key=lambda f: (f.scope.order, f.period.sort_key(), f.quantity))
    by_value = lambda fs: sorted(fs, key=lambda f: -f.high)  # noqa: E731
    return [
        Chart("tong-kinh-phi-ca-nuoc-va-vung", "Tổng kinh phí khuyến công của cả nước và các vùng", totals),
        Chart("kinh-phi-theo-tinh", "Kinh phí khuyến công theo tỉnh, thành phố và thời kỳ",
              by_value(stats.select(quantity="tong-kinh-phi", kind="province", former=False))),
        Chart("so-de-an-theo-tinh", "Số đề án, hoạt động khuyến công theo tỉnh, thành phố và thời kỳ",
              by_value(stats.select(quantity="so-de-an", kind="province", former=False))),
        Chart("ty-trong-quoc-gia-dia-phuong", "Tỷ trọng kinh phí khuyến công quốc gia và địa phương", shares,
              label=lambda f: f"{f.scope.display}, {f.period.short}: {'quốc gia' if f.quantity == 'ty-le-quoc-gia' else 'địa phương'}"),
    ]


def province_charts(stats: Statistics, province: Any, limit: int = 2) -> list[Chart]:
    """A small chart per quantity that the province has for more than one period (results only),
    its files beside the province's page."""
    out = []
    folder = f"{province.url}so-lieu/"
    for quantity in m.QUANTITIES:
        figures = stats.select(quantity=quantity, kind="province", unit_id=province.id, former=False)
        if len(figures) > 1:
            figures.sort(key=lambda f: f.period.sort_key())
            out.append(Chart(quantity, f"{m.QUANTITIES[quantity][0]} qua các thời kỳ", figures,
                             label=lambda f: f.period.label.capitalize(), folder=folder))
        if len(out) == limit:
            break
    return out


# Each drawing's SVG, by its specification and title: a build draws a specification once however
# many charts share it, and `serve` redraws only the charts an edit changed. The last build's only.
_DRAWN: dict[str, str] = {}
# The process whose vl-convert engine is running. Its threads do not survive a fork: a forked copy
# (a large build's background writer) asking that engine would wait forever.
_ENGINE_PID: int | None = None
_FRESH_ENGINE = ("import json, sys, vl_convert; print(json.dumps([vl_convert.vegalite_to_svg(s, vl_version=sys.argv[1], "
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
    """UTF-8 with a byte-order mark, so Excel opens the Vietnamese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(chart.csv_rows())
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def all_charts(cat: Any) -> list[Chart]:
    charts = programme_charts(cat.stats)
    for p in cat.provinces:
        charts += province_charts(cat.stats, p)
    return charts


def chart_files(cat: Any) -> dict[str, bytes]:
    """Each chart's CSV, and its two SVGs when it has rows to draw."""
    charts = all_charts(cat)
    wanted = {_key(d, c.title): (d, c.title) for c in charts for d in c.drawings.values()}
    missing = [k for k in wanted if k not in _DRAWN]
    fresh = dict(zip(missing, vega_svgs([wanted[k][0].spec for k in missing])))
    drawn = {k: _DRAWN[k] if k in _DRAWN else finish(fresh[k], wanted[k][1]) for k in wanted}
    _DRAWN.clear()
    _DRAWN.update(drawn)
    out: dict[str, bytes] = {}
    for chart in charts:
        for frame, drawing in chart.drawings.items():
            out[chart.path(frame)] = drawn[_key(drawing, chart.title)].encode("utf-8")
        out[chart.csv_path] = render_csv(chart)
    return out
