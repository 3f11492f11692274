"""Icons are drawn by the stylesheet (generator/icons.py): a page names an icon by its class, the
stylesheet holds each icon once. What is checked: the stylesheet's block is the one `make icons`
writes; every icon a built page names has its rule in the stylesheet that page loads; no page
inlines an icon's SVG; an icon outside the list stops the build with the remedy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import icons

ROOT = Path(__file__).resolve().parent.parent


def test_the_stylesheet_holds_the_icons_as_make_icons_writes_them():
    css = (ROOT / "content/assets/portal.css").read_text(encoding="utf-8")
    assert icons.rules() in css, "run `make icons` (generator/icons.py lists the icons)"
    for name in icons.ALL:
        assert f".kc-i-{name} {{ --kc-i: url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'" in css


def test_every_icon_a_page_names_is_in_its_stylesheet(portal_site: Path):
    css = next((portal_site / "assets").glob("portal.*.css")).read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.kc-i-([a-z0-9-]+) \{ --kc-i: url\(", css))
    named: set[str] = set()
    cards: set[str] = set()
    pages = 0
    for page in portal_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        pages += 1
        named |= set(re.findall(r'class="kc-icon kc-i-([a-z0-9-]+)" aria-hidden="true"></span>', html))
        cards |= set(re.findall(r'<li class="kc-card kc-card--[a-z]+ kc-i-([a-z0-9-]+)">', html))  # icons.card_icon
        # an SVG inlined in a page is a chart's or the tile map's drawing, never an icon of Material's set
        assert 'viewBox="0 0 24 24"' not in html, page
    assert pages > 300 and {"magnify", "menu"} < named  # the header's on every page
    assert {"newspaper-variant-outline", "scale-balance"} < cards  # a news item's card, a legal text's
    assert (named | cards) - drawn == set()
    assert len(named | cards) > 10


def test_an_icon_not_listed_stops_with_what_to_do():
    with pytest.raises(ValueError, match=r"'no-such-icon' is not in generator/icons.py ALL: add it there and run"):
        icons.icon("no-such-icon")


def test_make_icons_puts_the_block_in_place_of_the_old_one(tmp_path: Path):
    sheet = tmp_path / "portal.css"
    sheet.write_text(f"a {{ color: red; }}\n{icons.START}\n.kc-i-old {{ }}\n{icons.END}\nb {{ }}\n", encoding="utf-8")
    assert icons.write(sheet)
    text = sheet.read_text(encoding="utf-8")
    assert text == f"a {{ color: red; }}\n{icons.rules()}\nb {{ }}\n" and ".kc-i-old" not in text
    assert not icons.write(sheet)  # the second time, nothing to do
