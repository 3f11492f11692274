"""Charts of the programme's figures: an SVG (pygal, drawn at build time) and a CSV per chart.

Every chart is a single series of horizontal bars whose labels carry the value in words, so
colour is never the only cue; the page shows the same rows as a table under the chart, and the
CSV holds exactly that table. Nothing in the SVG loads from another host (pygal's script is off).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

import pygal
from pygal.style import Style

from generator import models as m
from generator.statistics import Figure, Statistics, fmt

FOLDER = "so-lieu/bieu-do/"
# pygal adds a comment with the clock's date and a config script for its (unused) tooltips: the
# build must be reproducible and the file inert wherever it is opened.
_DROP = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.S)
CSV_HEADER = ["pham_vi", "thoi_ky", "dai_luong", "gia_tri_thap", "gia_tri_cao", "don_vi", "dien_giai", "nguon"]
UNITS = {"money": "đồng", "count": "số lượng", "percent": "%", "change": "%"}
# Dark enough on white for text-level contrast; bars carry their value in the label anyway.
_STYLE = Style(background="#ffffff", plot_background="#ffffff", foreground="#1f2933", foreground_strong="#1f2933",
               foreground_subtle="#52606d", colors=("#1d4f91",), font_family="system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
               label_font_size=13, major_label_font_size=13, title_font_size=16, opacity="1", opacity_hover="1")


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

    @property
    def height(self) -> int:
        return 110 + 44 * max(1, len(self.rows))

    @property
    def svg_path(self) -> str:
        return f"{self.folder}{self.id}.svg"

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


def render_svg(chart: Chart) -> str:
    bars = list(reversed(chart.rows))  # pygal draws the first bar at the bottom; the table reads top down
    extra = {"range": (0, 100)} if bars and all(f.unit == "percent" for _, f in bars) else {}
    unit = bars[0][1].unit if bars else "count"
    extra["value_formatter"] = lambda v: fmt(v, unit)
    graph = pygal.HorizontalBar(**extra, style=_STYLE, width=820, height=chart.height, show_legend=False, js=[],
                                disable_xml_declaration=True, truncate_label=-1, print_values=False, show_y_guides=False,
                                x_labels=[f"{label}: {f.text}" for label, f in bars], title=chart.title,
                                margin_left=12, spacing=12)
    graph.uuid = chart.id  # pygal draws a random id; the build must be reproducible
    graph.add(chart.title, [{"value": f.high, "label": f.text} for _, f in bars])
    return _DROP.sub("", graph.render(is_unicode=True))


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
    out: dict[str, bytes] = {}
    for chart in all_charts(cat):
        out[chart.svg_path] = render_svg(chart).encode("utf-8")
        out[chart.csv_path] = render_csv(chart)
    return out
