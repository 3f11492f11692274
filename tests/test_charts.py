"""Charts laid out for the width they are shown at (generator/outputs/chart_layout.py) and drawn
once per specification (generator/outputs/charts.py): labels wrapped inside their column, values
at the bars' ends, axis values apart and in Vietnamese, inert SVG files on the frozen test portal.
The browser measures the same charts as rendered: tests/browser/test_figures.py."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import sys
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from generator.memory import MEMORY
from generator.outputs import charts
from generator.outputs.chart_layout import (FONT, NARROW, PAD, WIDE, Frame, finish, fit_scale, layout, place,
                                            text_width, tick_label, wrap)
from generator.site import Paths, load_catalog
from tests.conftest import BUILD_DATE, TEMPLATES

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: bytes) -> list[etree._Element]:
    return list(etree.fromstring(svg).iter(f"{SVG}text"))


def lines(text: etree._Element) -> list[str]:
    spans = text.findall(f"{SVG}tspan")
    return [s.text for s in spans] if spans else [text.text]


def test_widths_are_dejavu_sans_and_vietnamese_letters_measure_as_their_base():
    assert text_width("0", 10) == pytest.approx(6.36)
    assert text_width("Đồng Tháp", 14) == pytest.approx(text_width("Dong Thap", 14), abs=0.1)
    assert text_width("Ơ", 10) > text_width("O", 10)
    assert text_width("224", 10, bold=True) == pytest.approx(3 * 6.96)


@pytest.mark.parametrize("label", [
    "Các tỉnh, thành phố phía Nam, 9 tháng đầu năm 2025: địa phương",
    "Một nhãn rất dài không có dấu phẩy nào để ngắt dòng cho đẹp mắt người đọc trên điện thoại",
    "Tỉnhcómộttênrấtrấtrấtrấtrấtrấtrấtrấtdàikhôngcódấucách, 2024",
])
def test_wrapped_lines_fit_and_keep_every_word(label: str):
    out = wrap(label, 312, 14)
    assert all(text_width(line, 14) <= 312 for line in out)
    assert "".join(out).replace(" ", "") == label.replace(" ", "")


def test_a_label_breaks_after_its_comma_or_colon_when_that_fills_half_the_line():
    assert wrap("Các tỉnh, thành phố phía Nam, 9 tháng đầu năm 2025", 312, 14) == [
        "Các tỉnh, thành phố phía Nam,", "9 tháng đầu năm 2025"]
    assert wrap("Cả nước, 2021–2025", 312, 14) == ["Cả nước, 2021–2025"]


def test_axis_values_are_written_as_vietnamese_readers_write_them():
    assert [tick_label(v, "money", 1.5e12) for v in (0, 5e11, 1e12, 1.5e12)] == ["0", "500 tỷ", "1.000 tỷ", "1.500 tỷ"]
    assert tick_label(2.5e9, "money", 5e9) == "2,5 tỷ"
    assert tick_label(2.5e8, "money", 5e8) == "250 triệu"
    assert tick_label(1200, "count", 1500) == "1.200"
    assert [tick_label(v, "percent", 100) for v in (0, 36.6)] == ["0%", "36,6%"]


def test_the_scale_is_short_ends_on_an_axis_value_and_leaves_room_for_each_value():
    values, words = [1436e9, 55.753e9], ["1.436 tỷ đồng", "55,753 tỷ đồng"]
    widths = [text_width(w, 14, True) for w in words]
    scale = fit_scale(values, widths, "money", 312, 14)
    assert scale.ticks == (0, 5e11, 1e12, 1.5e12) and (scale.lo, scale.hi) == (0, 1.5e12)
    assert [place(v, w, scale) for v, w in zip(values, widths)] == ["inside", "after"]
    shares = fit_scale([36.6, 78.7], [50, 50], "percent", 312, 14)
    assert (shares.lo, shares.hi) == (0, 100)  # shares read against the whole
    counts = fit_scale([14, 6], [20, 10], "count", 312, 14)
    assert all(t == int(t) for t in counts.ticks) and counts.hi >= 14


def test_one_long_value_does_not_shrink_every_bar():
    values = [1436e9, 980e9, 61e9, 700e9]
    widths = [text_width(w, 14, True) for w in ("1.436 tỷ đồng", "khoảng 980 tỷ đồng", "hơn 61 tỷ đồng",
                                                "khoảng 700 tỷ đồng " * 3)]
    scale = fit_scale(values, widths, "money", 312, 14)
    assert scale.hi <= 1.6 * 1436e9
    assert [place(v, w, scale) for v, w in zip(values, widths)] == ["inside", "inside", "after", None]


def test_negative_changes_get_bars_leftwards_from_zero():
    drawing = layout([("Năm 2024", -12.5, "giảm 12,5%"), ("Năm 2025", 30, "tăng 30%")], "change", NARROW)
    bars = drawing.spec["layer"][0]
    domain = bars["encoding"]["x"]["scale"]["domain"]
    assert domain[0] < 0 < domain[1]
    assert 0 in bars["encoding"]["x"]["axis"]["values"]
    placed = [v for layer in drawing.spec["layer"][2:] for v in layer["data"]["values"]]
    assert sorted(v["text"] for v in placed) == ["giảm 12,5%", "tăng 30%"]
    # a value that fits neither after nor inside its bar stands on the other side of zero
    drawing = layout([("Năm 2023", -21.5, "giảm hơn 21,5%"), ("Năm 2025", 130, "tăng 130%")], "change", NARROW)
    domain = drawing.spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain[1] - domain[0] <= 1.6 * 151.5
    zero = (0 - domain[0]) / (domain[1] - domain[0]) * drawing.spec["width"]
    left = [layer for layer in drawing.spec["layer"][2:] if layer["mark"]["align"] == "left"
            and layer["mark"]["color"] != "#ffffff"]
    assert [(v["text"], v["x"]) for layer in left for v
            in layer["data"]["values"]] == [("giảm hơn 21,5%", round(zero + 6, 2))]


@pytest.mark.parametrize("frame", [NARROW, WIDE])
def test_every_text_of_a_layout_stays_inside_its_width(frame: Frame):
    rows = [("Các tỉnh, thành phố phía Nam, 9 tháng đầu năm 2025", 78.7, "78,7%"),
            ("Cả nước", 36.6, "36,6%"), ("Đồng Tháp", 1.2, "khoảng 1,2%")]
    drawing = layout(rows, "percent", frame)
    assert drawing.width == frame.width
    spec = drawing.spec
    left = spec["padding"]["left"]
    assert left + spec["width"] + spec["padding"]["right"] == pytest.approx(frame.width)
    labels = spec["layer"][1]
    for row in labels["data"]["values"]:
        for line in row["text"].split("\n"):
            w = text_width(line, frame.font)
            start = left + row["x"] - (w if labels["mark"]["align"] == "right" else 0)
            assert PAD - 0.01 <= start and start + w <= frame.width - PAD + 0.01
    for layer in spec["layer"][2:]:
        for v in layer["data"]["values"]:
            w = text_width(v["text"], frame.font, bold=True)
            start = left + v["x"] - (w if layer["mark"]["align"] == "right" else 0)
            assert left - 0.01 <= start and start + w <= left + spec["width"] + 0.01


def test_a_value_too_long_for_any_bar_goes_with_its_label():
    drawing = layout([("Năm 2024", 5, "khoảng " + "rất " * 40 + "nhiều")], "count", NARROW)
    assert len(drawing.spec["layer"]) == 2  # bars and labels, no value layer
    assert drawing.spec["layer"][1]["data"]["values"][0]["text"].startswith("Năm 2024: khoảng")


@pytest.fixture(scope="module")
def built(portal_site: Path) -> Path:
    return portal_site


def test_each_chart_has_a_phone_and_a_wide_svg_sized_as_the_page_says(built: Path):
    page = lhtml.fromstring((built / "tinh-thanh/bac-ninh/index.html").read_bytes())
    pictures = page.xpath("//section[@class='kc-chart']//picture")
    assert len(pictures) == 2
    for picture in pictures:
        source, img = picture.xpath("./source")[0], picture.xpath(".//img")[0]
        assert source.get("media") == "(max-width: 37.5em)" and img.get("loading") == "lazy"
        for element, path, frame in ((source, source.get("srcset"), NARROW), (img, img.get("src"), WIDE)):
            raw = (built / "tinh-thanh/bac-ninh" / path).read_bytes()
            root = etree.fromstring(raw)
            assert root.get("viewBox") == f"0 0 {frame.width} {element.get('height')}"
            assert int(element.get("width")) == frame.width
            assert (root.get("role") == "img"
                    and root.find(f"{SVG}title").text == img.get("alt").split(": ", 1)[1].split(". ")[0])
            assert {t.get("font-family") for t in texts(raw)} == {FONT}
            assert {float(t.get("font-size").removesuffix("px")) for t in texts(raw)} == {frame.font}
            # inert: no script, no link, no picture or font fetched, no foreign content
            assert not re.search(rb"<script|<image|<use|<foreignObject|href=|url\(|@import", raw)


def test_phone_labels_stand_above_their_bars_and_wide_labels_left_of_them(built: Path):
    narrow = (built / "tinh-thanh/bac-ninh/so-lieu/tong-kinh-phi-2021-2025-tinh-cu-hep.svg").read_bytes()
    wide = (built / "tinh-thanh/bac-ninh/so-lieu/tong-kinh-phi-2021-2025-tinh-cu.svg").read_bytes()
    for raw, anchor in ((narrow, "start"), (wide, "end")):
        labels = [t for t in texts(raw) if t.get("font-weight") != "bold" and "role-axis-label"
                  not in t.getparent().get("class")]
        assert [" ".join(lines(t)) for t in labels] == ["Bắc Ninh (cũ)", "Bắc Giang (cũ)"]
        assert {t.get("text-anchor") for t in labels} == {anchor}
    # on the phone each label's lines lie between the previous bar and its own bar
    tops = [float(y) for y in re.findall(rb'<path d="M[\d.-]+,([\d.]+)h[^"]*" fill="#1d4f91"', narrow)]
    label_ys = [float(re.search(r"translate\([\d.-]+,([\d.]+)\)", t.get("transform")).group(1))
                for t in texts(narrow) if "role-axis-label" not in t.getparent().get("class")
                and t.get("font-weight") != "bold"]
    assert len(tops) == len(label_ys) == 2
    assert all(prev + NARROW.bar < y < top for prev, y, top in zip([-NARROW.bar] + tops, label_ys, tops))
    values = [t.text for t in texts(narrow) if t.get("font-weight") == "bold"]
    assert sorted(values) == ["hơn 28 tỷ đồng", "hơn 33 tỷ đồng"]
    axis = [t.text for t in texts(narrow) if "role-axis-label" in t.getparent().get("class")]
    assert axis[0] == "0" and all(re.fullmatch(r"\d+(\.\d{3})*(,\d+)? tỷ", a) for a in axis[1:])
    assert len(axis) == len(set(axis))  # each axis value written once


def test_each_specification_is_drawn_once_and_a_portal_without_charts_never_starts_vl_convert(
        monkeypatch: pytest.MonkeyPatch, mini: Path):
    import vl_convert
    calls: list[str] = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec, **kw: calls.append(spec["height"])
                        or real(spec, **kw))
    monkeypatch.setattr(MEMORY, "drawings", {})
    cat = load_catalog(Paths(Path(__file__).resolve().parent / "fixtures" / "portal", templates=TEMPLATES),
                       dt.date.fromisoformat(BUILD_DATE))
    one = [c for c in charts.all_charts(cat) if c.rows][0]
    twin = charts.Chart("ban-sao", one.title, one.figures, one.kind, folder="khac/")  # the same drawing elsewhere
    monkeypatch.setattr(charts, "all_charts", lambda cat: [one, twin])
    files = charts.chart_files(cat)
    assert sorted(files) == sorted([one.path(NARROW), one.path(WIDE), one.csv_path, twin.path(NARROW), twin.path(WIDE),
                                    twin.csv_path])
    assert files[one.path(WIDE)] == files[twin.path(WIDE)] and len(calls) == 2
    charts.chart_files(cat)  # a rebuild in `serve` with nothing changed draws nothing
    assert len(calls) == 2
    monkeypatch.undo()

    monkeypatch.setitem(sys.modules, "vl_convert", None)  # importing it would fail
    empty = load_catalog(Paths(mini, templates=TEMPLATES), dt.date.fromisoformat(BUILD_DATE))
    assert charts.chart_files(empty) == {}  # no figures to compare: no chart, no file, no engine


def test_text_from_data_is_text_in_the_svg(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(MEMORY, "drawings", {})
    drawing = layout([("<script>alert(1)</script> & Đồng Tháp", 3, "3 <b>")], "count", NARROW)
    svg = finish(charts.vega_svgs([drawing.spec])[0], "Tiêu đề <i>")
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = etree.fromstring(svg.encode())
    assert root.find(f"{SVG}title").text == "Tiêu đề <i>"
    assert ["".join(t.itertext()) for t in texts(svg.encode()) if "&"
            in "".join(t.itertext())] == ["<script>alert(1)</script> & Đồng Tháp"]


def test_a_forked_copy_of_a_process_that_drew_charts_draws_its_own(monkeypatch: pytest.MonkeyPatch):
    """vl-convert's engine runs threads a fork does not copy: a large build's background writer,
    forked from a process that drew charts before (tests, a long-lived process), must not wait on it."""
    spec = layout([("Năm 2024", 3, "3")], "count", NARROW).spec
    here = charts.vega_svgs([spec])[0]  # this process's engine is running now
    queue = multiprocessing.get_context("fork").SimpleQueue()
    child = multiprocessing.get_context("fork").Process(target=lambda: queue.put(charts.vega_svgs([spec])[0]),
                                                        daemon=True)
    child.start()
    child.join(60)
    alive = child.is_alive()
    if alive:
        child.kill()
    assert not alive and child.exitcode == 0
    assert queue.get() == here  # drawn by a fresh engine in its own process, byte for byte the same
