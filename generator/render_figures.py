"""Pages of the programme in figures: /so-lieu/ (charts with tables and CSV), the tile map of the
34 units (/so-lieu/ban-do/…), and the progress of schemes (/de-an/tien-do/…)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator import models as m
from generator.catalog import SECTIONS, Catalog, Entry
from generator.outputs.charts import programme_charts, province_charts
from generator.provinces import TILES
from generator.statistics import Figure, fmt

if TYPE_CHECKING:
    from generator.render import RenderedPage, Renderer

FIGURES_URL = "so-lieu/"
MAP_URL = "so-lieu/ban-do/"
PROGRESS_URL = "de-an/tien-do/"
# What the map can be coloured by: address part → title. A quantity of site_data/statistics/, or
# "noi-dung", the portal's own items per province.
MAP_CHOICES = {
    "so-de-an": "Số đề án, hoạt động khuyến công",
    "tong-kinh-phi": "Tổng kinh phí khuyến công",
    "noi-dung": "Số mục trên cổng (sản phẩm, đề án, tin tức)",
}
LEVELS = 4  # colour steps of the map, lightest to darkest; "no data" is its own style


@dataclass
class Tile:
    unit: Entry
    row: int
    col: int
    text: str  # the value in words, or "chưa có số liệu"
    note: str  # the period, or how the value was counted
    level: int  # 0 = no data, 1..LEVELS


def tile_map(cat: Catalog, choice: str) -> tuple[list[Tile], list[tuple[int, str]]]:
    """One tile per unit with its value for `choice`, and the legend (level, range in words)."""
    values: dict[str, tuple[float, str, str, tuple[int, ...]]] = {}  # unit id → (value, text, note, period order)
    if choice == "noi-dung":
        unit = "count"
        for p in cat.provinces:
            n = sum(len(cat.in_province(p.id, k)) for k in ("product", "project", "news"))
            values[p.id] = (n, str(n), "mục trên cổng", ())
    else:
        unit = m.QUANTITIES[choice][1]
        for f in cat.stats.select(quantity=choice, kind="province", former=False):
            latest = values.get(f.scope.id)
            if latest is None or f.period.sort_key() > latest[3]:  # the latest period of each province
                values[f.scope.id] = (f.high, f.text, f.period.label, f.period.sort_key())
    top = max((v[0] for v in values.values()), default=0)
    tiles = []
    for p in cat.provinces:
        row, col = TILES[p.id]
        found = values.get(p.id)
        if found is None:
            tiles.append(Tile(p, row, col, "chưa có số liệu", "", 0))
            continue
        level = max(1, math.ceil(LEVELS * found[0] / top)) if top > 0 and found[0] > 0 else 1
        tiles.append(Tile(p, row, col, found[1], found[2], level))
    legend = [(0, "chưa có số liệu")]
    for level in range(1, LEVELS + 1):
        low, high = top * (level - 1) / LEVELS, top * level / LEVELS
        legend.append((level, f"{'từ 0' if level == 1 else 'trên ' + fmt(low, unit)} đến {fmt(high, unit)}" if top else "0"))
    tiles.sort(key=lambda t: (t.row, t.col))
    return tiles, legend


def figures_pages(r: Renderer, cat: Catalog) -> Iterator[tuple[str, RenderedPage]]:
    charts = programme_charts(cat.stats)
    tiles, legend = tile_map(cat, "so-de-an")
    yield "so-lieu/index.md", r.page(
        "figures.html", FIGURES_URL, "Khuyến công qua số liệu",
        "Kinh phí, số đề án, tỷ trọng quốc gia và địa phương, kết quả và mục tiêu khuyến công theo tỉnh, thành phố, vùng và cả nước.",
        [], charts=charts, national=cat.stats.select(kind="country"), regions=cat.stats.select(kind="region"),
        tiles=tiles, legend=legend, map_choice="so-de-an", map_choices=MAP_CHOICES)
    for choice, title in MAP_CHOICES.items():
        tiles, legend = tile_map(cat, choice)
        yield f"so-lieu/ban-do/{choice}.md", r.page(
            "tile_map.html", f"{MAP_URL}{choice}/", f"Bản đồ 34 tỉnh, thành phố: {title.lower()}",
            f"Bản đồ ô 34 tỉnh, thành phố tô màu theo {title.lower()}, kèm bảng số liệu.",
            [("Khuyến công qua số liệu", FIGURES_URL)], tiles=tiles, legend=legend, map_choice=choice, map_choices=MAP_CHOICES)


def province_figures(cat: Catalog, hub: Entry) -> dict[str, Any]:
    """What a province page shows under "Khuyến công tại …"."""
    return {"periods": cat.stats.province_view(hub.id), "targets": cat.stats.targets(hub.id),
            "charts": province_charts(cat.stats, hub)}


# ---- progress of schemes -------------------------------------------------------------------------

def project_years(e: Entry) -> set[int]:
    mo = e.model
    years = {c.date.year for c in mo.history}
    if mo.start_year:
        years |= set(range(mo.start_year, (mo.end_year or mo.start_year) + 1))
    return years


def progress_groups(entries: list[Entry]) -> list[tuple[str, str, list[Entry]]]:
    """Projects by status, in the order a scheme lives; those with no status last."""
    out = [(code, label, [e for e in entries if e.model.status == code]) for code, label in m.PROJECT_STATUS.items()]
    out.append(("chua-ro", "Chưa rõ trạng thái", [e for e in entries if not e.model.status]))
    return [g for g in out if g[2]]


_PROGRESS_DESC = "Đề án, mô hình khuyến công theo trạng thái: đăng ký, phê duyệt, đang thực hiện, nghiệm thu, hủy; kinh phí kế hoạch và đã giải ngân."


def progress_pages(r: Renderer, cat: Catalog) -> Iterator[tuple[str, RenderedPage]]:
    """/de-an/tien-do/ and one page per province and per year, each linked from the same filter
    panel, so narrowing works with plain links."""
    provinces = [(p, [e for e in cat.projects if p.id in e.province_ids]) for p in cat.provinces]
    provinces = [(p, es) for p, es in provinces if es]
    years = sorted({y for e in cat.projects for y in project_years(e)}, reverse=True)
    by_year = [(y, [e for e in cat.projects if y in project_years(e)]) for y in years]
    panel = [("Tỉnh, thành phố", [(p.title, f"{PROGRESS_URL}tinh/{p.id}/", len(es)) for p, es in provinces]),
             ("Năm", [(str(y), f"{PROGRESS_URL}nam/{y}/", len(es)) for y, es in by_year])]
    disbursed = cat.stats.select(quantity="ty-le-giai-ngan")
    section, section_title = SECTIONS["project"]
    crumbs = [(section_title, f"{section}/")]
    pages = [("de-an/tien-do", PROGRESS_URL, "Tiến độ đề án khuyến công", cat.projects, [])]
    pages += [(f"de-an/tien-do/tinh/{p.id}", f"{PROGRESS_URL}tinh/{p.id}/", f"Tiến độ đề án khuyến công: {p.title}", es,
               [("Tiến độ", PROGRESS_URL)]) for p, es in provinces]
    pages += [(f"de-an/tien-do/nam/{y}", f"{PROGRESS_URL}nam/{y}/", f"Tiến độ đề án khuyến công năm {y}", es,
               [("Tiến độ", PROGRESS_URL)]) for y, es in by_year]
    for base_uri, url, title, entries, more in pages:
        groups = progress_groups(entries)
        counts = {code: len(es) for code, _label, es in groups}
        # In the order of the groups, a page of rows at a time: no page grows with the portal. Each
        # page groups its own rows again; the headings count the whole group.
        rows = [e for _code, _label, es in groups for e in es]
        for uri, page in r.paged("progress.html", base_uri, url, title, _PROGRESS_DESC, [*crumbs, *more], rows, cache=True, counts=counts,
                                 panel=panel, filter_url=url, disbursed=disbursed if url == PROGRESS_URL else []):
            yield uri, page
