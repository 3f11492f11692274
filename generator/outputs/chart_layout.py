"""A chart laid out for the width it is shown at, as a Vega-Lite specification drawn by vl-convert.

Every position is decided here, in pixels, so that the browser's scaling never shrinks a label
under 11 px and no two labels touch: on a phone (`NARROW`, drawn about as wide as a 360 px
screen shows it) each label sits above its bar; on a wider screen (`WIDE`) labels stand in a
column left of the bars. Long labels wrap at words onto several lines (Vega-Lite cannot wrap,
so we measure: text widths come from DejaVu Sans, the widest font the SVG names). The value in
words is written at the bar's end, inside the bar only when it would not fit after it. Axis
values are chosen so their labels never meet, and written in Vietnamese ("500 tỷ", "36,6%").
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.text import vn_number

# A system font stack, fetched from nowhere. DejaVu Sans (Linux) is the widest of them, so a
# layout measured with it fits in Roboto (Android), Arial and the others.
FONT = "DejaVu Sans, Roboto, Arial, sans-serif"
INK, BAR, GRID, ON_BAR = "#1f2933", "#1d4f91", "#c9d1d9", "#ffffff"  # 14:1, bars 8.6:1 with white text
VEGA_LITE = "6.4"  # one of the versions vl-convert bundles; pinned so a package update cannot move a bar
PAD = 8  # px around the drawing
GAP = 6  # px between a bar's end and its value

# DejaVu Sans advance widths in thousandths of an em, regular and bold, for printable ASCII and a
# few more (a Vietnamese letter measures as its base letter; Ơ and Ư are wider by their horn).
_REGULAR = (318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636,
            636,
            636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295,
            656,
            557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500,
            613,
            635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592,
            818,
            592, 592, 525, 636, 337, 636, 838, 635, 775, 500, 1000, 1000, 318, 318, 518, 518, 612, 612)
_BOLD = (348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
         696,
         696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637,
         995,
         837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593,
         716,
         678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582,
         712,
         365, 712, 838, 716, 838, 500, 1000, 1000, 380, 380, 657, 657, 646, 646)
_CHARS = "".join(chr(c) for c in range(32, 127)) + "đĐ–—…‘’“”«»"
_ADVANCE = {False: dict(zip(_CHARS, _REGULAR)), True: dict(zip(_CHARS, _BOLD))}
_HORN = {False: 126, True: 24}  # what the horn adds to O and U


@dataclass(frozen=True)
class Frame:
    """One width a chart is drawn for."""

    suffix: str  # of the file name: "-hep" (narrow) or ""
    width: int  # px of the SVG's viewBox, about the width it is shown at
    font: int  # px of every text
    line: int  # px between the lines of a wrapped label
    bar: int  # px, the thickness of a bar
    gap: int  # px between one row and the next
    labels_above: bool  # and then no grid lines: they would cross the labels


# On a 360 px phone the page's column is 328 px wide (at 320 px, 288: text still 12.3 px).
NARROW = Frame("-hep", 328, 14, 18, 20, 16, True)
# Shown from a 601 px window (a 569 px column, text 12.5 px) up to its own width, never wider.
WIDE = Frame("", 680, 15, 20, 22, 14, False)
NARROW_MEDIA = "(max-width: 37.5em)"  # 600 px at the default text size; larger text keeps the phone layout longer


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of `text` set in DejaVu Sans; characters we have no width for count as 1 em."""
    advance, total = _ADVANCE[bold], 0
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        total += advance.get(parts[0], 1000) + (_HORN[bold] if "\u031b" in parts and parts[0].isupper() else 0)
    return total * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most `width` px, broken at spaces, after a comma or colon when that still fills
    half the line ("…, thành phố phía Nam," / "9 tháng đầu năm 2025" rather than "…, 9 tháng đầu" /
    "năm 2025"); a word longer than a line is cut."""
    lines: list[str] = []
    words: list[str] = []
    for word in text.split():
        while text_width(word, size) > width:  # a single long word: cut it where it overflows
            cut = max([1] + [i for i in range(1, len(word) + 1) if text_width(word[:i], size) <= width])
            if words:
                lines.append(" ".join(words))
                words = []
            lines.append(word[:cut])
            word = word[cut:]
        if words and text_width(" ".join(words + [word]), size) > width:
            at = max((i for i, w in enumerate(words, 1) if w[-1] in ",:;"), default=len(words))
            if text_width(" ".join(words[:at]), size) < width / 2:
                at = len(words)
            lines.append(" ".join(words[:at]))
            words = words[at:]
        words.append(word)
    if words or not lines:
        lines.append(" ".join(words))
    return lines


@dataclass(frozen=True)
class Scale:
    lo: float
    hi: float
    ticks: tuple[float, ...]
    px: float  # width of the bars' area

    def x(self, value: float) -> float:
        return (value - self.lo) / (self.hi - self.lo) * self.px

    def labels(self, unit: str) -> list[str]:
        top = max(abs(self.lo), abs(self.hi))
        return [tick_label(t, unit, top) for t in self.ticks]


def tick_label(value: float, unit: str, top: float) -> str:
    """An axis value as Vietnamese readers write it: 0, 500 tỷ, 250 triệu, 1.200, 36,6%."""
    if value == 0:
        return "0%" if unit in ("percent", "change") else "0"
    if unit == "money":
        for size, word in ((1e9, "tỷ"), (1e6, "triệu")):
            if top >= size:
                return f"{vn_number(value / size)} {word}"
        return vn_number(value)
    return vn_number(value) + ("%" if unit in ("percent", "change") else "")


def _steps(span: float, whole: bool) -> list[float]:
    """Candidate distances between axis values for a span: 1, 2, 2,5 and 5 times a power of ten."""
    low = math.floor(math.log10(span)) - 2
    out = [m * 10.0 ** e for e in range(low, low + 5) for m in (1, 2, 2.5, 5)]
    return [s for s in out if not whole or (s >= 1 and s == int(s))]


def _ticks_apart(scale: Scale, unit: str, font: int) -> bool:
    """Whether the axis labels stand at least a space apart (the first and last are set flush
    with the ends of the axis, the others centred on their value)."""
    spans = []
    last = len(scale.ticks) - 1
    for i, (t, label) in enumerate(zip(scale.ticks, scale.labels(unit))):
        w, at = text_width(label, font), scale.x(t)
        spans.append((at, at + w) if i == 0 else (at - w, at) if i == last else (at - w / 2, at + w / 2))
    return all(b[0] - a[1] >= font for a, b in zip(spans, spans[1:]))


def place(value: float, width: float, scale: Scale) -> str | None:
    """Where a bar's value fits: "after" its end, else "inside" it, else on the other side of
    zero (room a bar going the other way leaves free), else nowhere."""
    zero, end = scale.x(0), scale.x(value)
    if end + GAP + width <= scale.px if value >= 0 else end - GAP - width >= 0:
        return "after"
    if abs(end - zero) >= width + 2 * GAP:
        return "inside"
    if zero - GAP - width >= 0 if value >= 0 else zero + GAP + width <= scale.px:
        return "opposite"
    return None


def fit_scale(values: Sequence[float], widths: Sequence[float], unit: str, px: float, font: int) -> Scale:
    """The axis, ending on axis values whose labels stand apart, on which the most bars have room
    for their value (a value with none goes with its label), then the shortest, with some four
    steps; never more than 1.6 times the values' span while a shorter one will do, so that one
    long value cannot shrink every bar."""
    lo0, hi0 = min(0.0, *values), max(0.0, *values)
    if unit == "percent" and lo0 >= 0 and hi0 <= 100:  # shares are read against the whole
        bounds = [(0.0, 100.0, s) for s in (10.0, 20.0, 25.0, 50.0)]
    else:
        span = (hi0 - lo0) or 1.0
        bounds = []
        for s in _steps(span, unit in ("count", "money")):
            lo, hi = math.floor(lo0 / s) * s, max(math.ceil(hi0 / s) * s, s if lo0 == 0 else 0)
            bounds += [(lo - a * s, hi + b * s, s) for a in range(6 if lo0 < 0 else 1) for b in range(6)]
    best: tuple[tuple[bool, int, float], Scale] | None = None
    for lo, hi, s in bounds:
        n = round((hi - lo) / s)
        if n > 12:
            continue
        scale = Scale(lo, hi, tuple(round(lo + i * s, 10) for i in range(n + 1)), px)
        if not _ticks_apart(scale, unit, font):
            continue
        homeless = sum(place(v, w, scale) is None for v, w in zip(values, widths))
        key = (hi - lo > 1.6 * (hi0 - lo0), homeless, (hi - lo) * (1 + abs(n - 4) / 20))
        if best is None or key < best[0]:
            best = (key, scale)
    if best is None:  # even two axis values do not stand apart: a bare axis over the values
        return Scale(lo0, hi0 if hi0 > lo0 else lo0 + 1, (lo0, hi0 if hi0 > lo0 else lo0 + 1), px)
    return best[1]


@dataclass(frozen=True)
class Drawing:
    spec: dict[str, Any]
    width: int
    height: int


def layout(rows: Sequence[tuple[str, float, str]], unit: str, frame: Frame) -> Drawing:
    """One chart at one frame: `rows` are (label, value, value in words), top to bottom."""
    f = frame.font
    if frame.labels_above:
        label_width, plot_x = frame.width - 2 * PAD, PAD
    else:
        longest = max(text_width(label, f) for label, _, _ in rows)
        label_width = math.ceil(min(longest, frame.width * 0.36))
        plot_x = PAD + label_width + 2 * GAP
    plot_w = frame.width - plot_x - PAD
    value_widths = [text_width(text, f, bold=True) for _, _, text in rows]
    scale = fit_scale([v for _, v, _ in rows], value_widths, unit, plot_w, f)
    labels, bars, values = [], [], []
    y = 0.0
    for (label, value, text), width in zip(rows, value_widths):
        where = place(value, width, scale)
        lines = wrap(label if where else f"{label}: {text}", label_width, f)
        block = len(lines) * frame.line
        if frame.labels_above:
            label_y, bar_y, y_next = y, y + block + 3, y + block + 3 + frame.bar + frame.gap
        else:  # the lines' letters (the block less one line's leading) centred on the bar
            row = max(block, frame.bar)
            bar_y = y + (row - frame.bar) / 2
            label_y, y_next = bar_y + frame.bar / 2 - (block - frame.line + f) / 2, y + row + frame.gap
        labels.append({"x": 0 if frame.labels_above else -2 * GAP, "y": label_y, "text": "\n".join(lines)})
        bars.append({"v": value, "y": bar_y, "y2": bar_y + frame.bar})
        if where:
            ahead = 1 if value >= 0 else -1  # the way the bar goes
            end = scale.x(0) if where == "opposite" else scale.x(value)
            x = end - ahead * GAP if where == "inside" else end + ahead * GAP * (1 if where == "after" else -1)
            forward = (where == "after") == (ahead > 0) if where != "opposite" else ahead < 0
            values.append({"x": x, "y": bar_y + frame.bar / 2, "text": text, "align": "left" if forward else "right",
                           "on_bar": where == "inside"})
        y = y_next
    plot_h = math.ceil(y - frame.gap + 6)
    bottom = 6 + math.ceil(f * 1.25) + PAD  # ticks, then their labels
    spec = {
        "$schema": f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE.split('.')[0]}.json",
        "width": round(plot_w, 2), "height": round(plot_h, 2),
        "autosize": {"type": "none"},
        "padding": {"left": round(plot_x, 2), "right": PAD, "top": PAD, "bottom": bottom},
        "background": "#ffffff",
        "config": {"font": FONT, "aria": False, "view": {"stroke": None}},
        "layer": [_bars(bars, scale, unit, f, grid=not frame.labels_above),
                  _text(labels, f, frame, "left" if frame.labels_above else "right")]
        + [_values(values, f, align, on_bar) for align in ("left", "right") for on_bar in (False, True)
           if any(v["align"] == align and v["on_bar"] == on_bar for v in values)],
    }
    return Drawing(spec, frame.width, math.ceil(PAD + plot_h + bottom))


def _px(field: str) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", "scale": None}


def _bars(bars: list[dict[str, Any]], scale: Scale, unit: str, font: int, grid: bool) -> dict[str, Any]:
    labels = scale.labels(unit)
    return {
        "data": {"values": _rounded(bars)},
        "mark": {"type": "rect", "color": BAR},
        "encoding": {
            "x": {"field": "v", "type": "quantitative",
                  "scale": {"domain": [scale.lo, scale.hi], "nice": False, "zero": True},
                  "axis": {"values": list(scale.ticks), "title": None, "grid": grid, "gridColor": GRID,
                           "domainColor": INK, "tickColor": INK, "labelColor": INK, "labelFontSize": font,
                           "labelFlush": True, "labelOverlap": False, "labelPadding": 3,
                           "labelExpr": f"{json.dumps(labels, ensure_ascii=False)}"
                                        f"[indexof({json.dumps(list(scale.ticks))}, datum.value)]"}},
            "x2": {"datum": 0},
            "y": _px("y"), "y2": {"field": "y2"},
        },
    }


def _text(rows: list[dict[str, Any]], font: int, frame: Frame, align: str) -> dict[str, Any]:
    return {
        "data": {"values": _rounded(rows)},
        "mark": {"type": "text", "align": align, "baseline": "top", "fontSize": font, "lineHeight": frame.line,
                 "lineBreak": "\n", "color": INK},
        "encoding": {"x": _px("x"), "y": _px("y"), "text": {"field": "text"}},
    }


def _values(rows: list[dict[str, Any]], font: int, align: str, on_bar: bool) -> dict[str, Any]:
    mine = [r for r in rows if r["align"] == align and r["on_bar"] == on_bar]
    return {
        "data": {"values": _rounded([{k: r[k] for k in ("x", "y", "text")} for r in mine])},
        "mark": {"type": "text", "align": align, "baseline": "middle", "fontSize": font, "fontWeight": "bold",
                 "color": ON_BAR if on_bar else INK},
        "encoding": {"x": _px("x"), "y": _px("y"), "text": {"field": "text"}},
    }


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


_OPEN = re.compile(r"<svg\b[^>]*>")


def finish(svg: str, title: str) -> str:
    """vl-convert's SVG made a document of its own: an image named by its title (in Vietnamese),
    its fixed size kept as the viewBox so it scales in a page."""
    head = _OPEN.match(svg)
    assert head, svg[:200]
    opening = head.group(0).replace(' class="marks"', "").replace("<svg ", '<svg role="img" xml:lang="vi" lang="vi" ',
                                                                  1)
    return f"{opening}<title>{html.escape(title, quote=False)}</title>{svg[head.end():]}\n"
