"""Pages of the programme in figures: /so-lieu/ (charts with tables and CSV), the tile map of the
34 units (/so-lieu/ban-do/…), and the progress of schemes (/de-an/tien-do/…)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator import models as m
from generator.entries import SECTIONS, Catalog, Entry
from generator.outputs.charts import programme_charts, province_charts
from generator.pages.spec import PageSpec, Paging
from generator.provinces import TILES
from generator.statistics import SHARE_PARTS, Figure, comparable_period, fmt
from generator.text import fold

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
    text: str  # the value in words, "khác kỳ" (figures of other periods only), or "chưa có số liệu"
    note: str  # the period, or how the value was counted
    level: int  # 0 = no comparable figure, 1..LEVELS
    other: list[str]  # the unit's figures of other periods, with their periods ("14 (năm 2024)")


@dataclass
class TileMap:
    """The 34 units coloured by one figure comparable across them: one quantity in one period."""

    choice: str
    title: str  # what colours the map, with its period: "số đề án, hoạt động khuyến công, giai đoạn 2021–2025"
    period: m.Period | None
    tiles: list[Tile]
    legend: list[tuple[int, str]]

    @property
    def with_data(self) -> list[Tile]:
        return [t for t in self.tiles if t.level]

    @property
    def other_period(self) -> list[Tile]:
        return [t for t in self.tiles if not t.level and t.other]

    @property
    def by_name(self) -> list[Tile]:
        """The tiles in the order of their names as a Vietnamese reader sorts them (Đ with D)."""
        return sorted(self.tiles, key=lambda t: fold(t.unit.title))


def tile_map(cat: Catalog, choice: str) -> TileMap:
    """One tile per unit with its value for `choice` in the period most units report (the latest of
    those tied), and the legend (level, range in words). A unit whose figures are all of other
    periods has no colour: its figures are in the table, never set beside the others."""
    values: dict[str, tuple[float, str, str]] = {}  # unit id → (value, text, note)
    other: dict[str, list[str]] = {}
    period = None
    title = MAP_CHOICES[choice][:1].lower() + MAP_CHOICES[choice][1:]
    if choice == "noi-dung":
        unit = "count"
        for p in cat.provinces:
            n = sum(len(cat.in_province(p.id, k)) for k in ("product", "project", "news"))
            values[p.id] = (n, str(n), "mục trên cổng")
    else:
        unit = m.QUANTITIES[choice][1]
        figures = cat.stats.select(quantity=choice, kind="province", former=False)
        period = comparable_period(figures)
        for f in sorted(figures, key=lambda f: f.period.sort_key()):
            if f.period == period:
                values[f.scope.id] = (f.high, f.text, f.period.label)
            else:
                other.setdefault(f.scope.id, []).append(f"{f.text} ({f.period.label})")
        if period:
            title = f"{title}, {period.label}"
    top = max((v[0] for v in values.values()), default=0)
    tiles = []
    for p in cat.provinces:
        row, col = TILES[p.id]
        found = values.get(p.id)
        if found is None:
            tiles.append(Tile(p, row, col, "khác kỳ" if p.id in other else "chưa có số liệu", "", 0,
                              other.get(p.id, [])))
            continue
        level = max(1, math.ceil(LEVELS * found[0] / top)) if top > 0 and found[0] > 0 else 1
        tiles.append(Tile(p, row, col, found[1], found[2], level, other.get(p.id, [])))
    legend = [(0, "chưa có số liệu" + (f" {period.label}" if period else ""))]
    for level in range(1, LEVELS + 1):
        low, high = top * (level - 1) / LEVELS, top * level / LEVELS
        legend.append((level, f"{'từ 0' if level == 1 else 'trên ' + fmt(low, unit)} đến {fmt(high, unit)}" if top
                       else "0"))
    tiles.sort(key=lambda t: (t.row, t.col))
    return TileMap(choice, title, period, tiles, legend)


def compositions(cat: Catalog) -> list[tuple[Figure, Figure | None, Figure | None]]:
    """National and local shares of the country's and the regions' funding, one row per scope and
    period: two parts of one whole, never ranked against other scopes or periods. Each row is
    (the first share, for its scope and period; the national share; the local share)."""
    rows: dict[tuple[Any, ...], dict[str, Figure]] = {}
    for f in cat.stats.figures:
        if f.quantity in SHARE_PARTS and f.scope.kind != "province" and not f.target:
            rows.setdefault((f.scope.order, f.period.sort_key(), f.scope.key), {})[f.quantity] = f
    return [(next(iter(parts.values())), parts.get(SHARE_PARTS[0]), parts.get(SHARE_PARTS[1]))
            for _key, parts in sorted(rows.items(), key=lambda kv: kv[0][:2])]


def figures_pages(cat: Catalog) -> Iterator[PageSpec]:
    charts = programme_charts(cat.stats)
    whole = lambda kind: [f for f in cat.stats.select(kind=kind) if f.quantity not in SHARE_PARTS]  # noqa: E731
    yield PageSpec(
        "so-lieu/index.md", "figures.html", FIGURES_URL, "Khuyến công qua số liệu",
        "Kinh phí, số đề án, tỷ trọng quốc gia và địa phương, kết quả và mục tiêu khuyến công theo tỉnh, thành phố, "
        "vùng và cả nước.",
        [], {"charts": charts, "national": whole("country"), "regions": whole("region"),
             "compositions": compositions(cat), "tilemap": tile_map(cat, "so-de-an"), "map_choices": MAP_CHOICES})
    for choice in MAP_CHOICES:
        tm = tile_map(cat, choice)
        yield PageSpec(
            f"so-lieu/ban-do/{choice}.md", "tile_map.html", f"{MAP_URL}{choice}/",
            f"Bản đồ 34 tỉnh, thành phố: {tm.title}",
            f"Bản đồ ô 34 tỉnh, thành phố tô màu theo {tm.title}, kèm bảng số liệu.",
            [("Khuyến công qua số liệu", FIGURES_URL)], {"tilemap": tm, "map_choices": MAP_CHOICES})


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


_PROGRESS_DESC = ("Đề án, mô hình khuyến công theo trạng thái: đăng ký, phê duyệt, đang thực hiện, nghiệm thu, hủy; "
                  "kinh phí kế hoạch và đã giải ngân.")


def progress_pages(cat: Catalog) -> Iterator[PageSpec]:
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
        yield PageSpec(base_uri, "progress.html", url, title, _PROGRESS_DESC, [*crumbs, *more],
                       {"counts": counts, "panel": panel, "filter_url": url,
                        "disbursed": disbursed if url == PROGRESS_URL else []},
                       Paging(rows, cache=True))
