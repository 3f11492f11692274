"""The rules every built portal's figures keep, read from the built site: shared by the exact tests
on fixture portals (test_statistics.py) and the invariants on the sample (test_sample.py).

- A chart compares like with like: one quantity; scopes of one kind in one period, or one scope
  over periods of one length and kind; never a whole beside its parts; never a single figure.
- Its reading sentence keeps lower case after its first word, names aside ("là năm 2024", not
  "là Năm 2024"; "các tỉnh, thành phố phía Nam", not "Các tỉnh…").
- The first nine months of a year are written out ("9 tháng đầu năm 2025"), never "9T/2025".
- A tile map coloured by a figure names its period, and every coloured tile is of that period.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml
from lxml import html as lhtml

from generator import models as m

ROOT = Path(__file__).resolve().parent.parent


def period_of_key(key: str) -> m.Period:
    """A period from its key in a chart's CSV: 2024, 2025-9t, 2021-2025."""
    if key.endswith("t"):
        year, months = key[:-1].split("-")
        return m.Period(int(year), int(year), int(months))
    return m.parse_period(key)


def place_names(root: Path = ROOT) -> set[str]:
    """Every province's name, today's and former, and the capitalised words of the regions' names."""
    units = yaml.safe_load((root / "site_data" / "provinces.yml").read_text(encoding="utf-8"))
    names = {u["name"] for u in units} | {f["name"] for u in units for f in u.get("former_units", [])}
    return names | {"TP. Hồ Chí Minh", "Nam", "Bắc", "Tây Nguyên"}


def capitals_mid_sentence(text: str, names: set[str]) -> list[str]:
    """Words written with a capital inside a sentence that are not names ('là Năm 2024', 'là Các tỉnh')."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "_")
    tokens = text.split()
    return [w for prev, w in zip(tokens, tokens[1:]) if w[:1].isupper() and not prev.endswith(".")]


def chart_csvs(site: Path) -> list[Path]:
    """Each chart's CSV: /so-lieu/bieu-do/ and a province's so-lieu/ folder."""
    return sorted(p for p in site.rglob("*.csv") if p.parent.name in ("bieu-do", "so-lieu") and "so-lieu"
                  in p.relative_to(site).parts)


def chart_problems(site: Path) -> list[str]:
    """What breaks the rules above in a built site, one line each."""
    problems = []
    for path in chart_csvs(site):
        where = path.relative_to(site).as_posix()
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1:]
        periods = [period_of_key(r[1]) for r in rows]
        scopes = {r[0] for r in rows}
        if len(rows) < 2:
            problems.append(f"{where}: {len(rows)} figure, a sentence rather than a chart")
        if len({r[2] for r in rows}) > 1:
            problems.append(f"{where}: quantities {sorted({r[2] for r in rows})}")
        if len({p.kind for p in periods}) > 1:
            problems.append(f"{where}: periods of different kinds {sorted({p.key for p in periods})}")
        if len(scopes) > 1 and len(set(periods)) > 1:
            problems.append(f"{where}: several scopes over several periods")
        former = {s.endswith("(cũ)") for s in scopes}
        if len(former) > 1:
            problems.append(f"{where}: a whole beside its parts {sorted(scopes)}")
    names = place_names()
    for index in sorted(site.rglob("index.html")):
        text = index.read_text(encoding="utf-8")
        where = index.parent.relative_to(site).as_posix()
        if "9T/" in text:
            problems.append(f"{where}: '9T/'")
        if 'class="kc-chart"' not in text and 'class="kc-tilemap"' not in text:
            continue
        page = lhtml.fromstring(text)
        for p in page.xpath("//p[@class='kc-chart__reading']"):
            reading = " ".join(p.text_content().split())
            if wrong := capitals_mid_sentence(reading, names):
                problems.append(f"{where}: capitals mid-sentence {wrong} in '{reading}'")
        problems += _tile_map_problems(page, where)
    problems += [f"{p.relative_to(site).as_posix()}: '9T/'" for p in chart_csvs(site) if "9T/"
                 in p.read_text(encoding="utf-8-sig")]
    return problems


def _tile_map_problems(page: lhtml.HtmlElement, where: str) -> list[str]:
    """A map coloured by a statistic names its period in the legend, and each coloured tile says that
    period (the map of the portal's own items counts no period)."""
    legend = page.xpath("//div[@class='kc-legend']//p[@class='kc-legend__title']")
    if (not legend or "Số mục trên cổng"
        in " ".join(page.xpath("//div[@class='kc-legend']//strong[@aria-current]/text()"))):
        return []
    title = " ".join(legend[0].text_content().split())
    period = re.search(r"(năm \d{4}|giai đoạn \d{4}–\d{4}|\d{1,2} tháng đầu năm \d{4})$", title)
    coloured = [" ".join(li.text_content().split()) for li
                in page.xpath("//ul[@class='kc-tilemap']/li[not(contains(@class,'kc-tile--0'))]")]
    if not period:
        return [f"{where}: the map's legend names no period: '{title}'"] if coloured else []
    return [f"{where}: tile '{t}' is not of {period.group(1)}" for t in coloured if
            not t.endswith(f"({period.group(1)})")]
