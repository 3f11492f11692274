"""The digests `serve` keys its page cache on (generator/digest.py): an edit must change the
digest of every page that shows what was edited, and of no other."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from generator.catalog import build_catalog
from generator.content import load_site
from generator.digest import Digests, _shape, hash_of
from tests.conftest import ROOT, write

DAY = dt.date(2026, 11, 22)
PRODUCTS = """- id: {a}
  name: {a_name}
  establishment: Cơ sở A
  province: Cao Bằng
  source: https://example.org/a
- id: b
  name: Sản phẩm B
  establishment: Cơ sở B
  province: Hà Nội
  source: https://example.org/b
"""
PROJECT = """- id: p
  title: Đề án P
  kind: de-an
  activity: mo-hinh-trinh-dien
  province: Cao Bằng
  products: [{a}]
  source: https://example.org/p
"""


def digests(root: Path, today: dt.date = DAY) -> dict[str, tuple[str, str]]:
    raw, problems = load_site(root)
    cat, more = build_catalog(raw, today, root / "content")
    assert not problems and not more, problems + more
    d = Digests(cat, ROOT / "templates")
    return {"site": (d.site, d.site)} | {f"{e.kind}:{e.id}": (d.own(e), d.node(e)) for e
                                         in [*cat.products, *cat.projects]}


def test_a_renamed_product_changes_the_pages_that_show_it_only(mini: Path):
    write(mini, {"site_data/products/a.yml": PRODUCTS.format(a="a", a_name="Sản phẩm A"),
                 "site_data/projects/p.yml": PROJECT.format(a="a")})
    before = digests(mini)
    write(mini, {"site_data/products/a.yml": PRODUCTS.format(a="a", a_name="Sản phẩm A mới")})
    after = digests(mini)
    assert after["product:a"] != before["product:a"]  # its own page
    assert after["project:p"][1] != before["project:p"][1]  # the project page names it
    assert after["product:b"] == before["product:b"]  # unrelated
    assert after["site"] == before["site"]


def test_the_same_content_gives_the_same_digests(mini: Path):
    write(mini, {"site_data/products/a.yml": PRODUCTS.format(a="a", a_name="Sản phẩm A"),
                 "site_data/projects/p.yml": PROJECT.format(a="a")})
    assert digests(mini) == digests(mini)


def test_the_build_date_and_the_templates_are_in_the_site_digest(mini: Path, tmp_path: Path):
    write(mini, {"site_data/products/a.yml": PRODUCTS.format(a="a", a_name="Sản phẩm A"),
                 "site_data/projects/p.yml": PROJECT.format(a="a")})
    assert digests(mini)["site"] != digests(mini, DAY + dt.timedelta(days=1))["site"]
    raw, _ = load_site(mini)
    cat, _ = build_catalog(raw, DAY, mini / "content")
    templates = tmp_path / "t"
    write(templates, {"a.html": "{{ x }}"})
    first = Digests(cat, templates).site
    time.sleep(0.01)
    write(templates, {"a.html": "{{ y }}"})
    assert Digests(cat, templates).site != first


def test_shapes_ignore_set_order_and_hash_bytes_and_values():
    assert _shape({3, 1, 2}) == _shape({2, 3, 1}) and _shape([1, 2]) != _shape([2, 1])
    assert hash_of(b"x") == hash_of(b"x") != hash_of(b"y")
    assert hash_of(("a", 1)) != hash_of(("a", 2)) and len(hash_of("a")) == 32


def test_a_long_text_is_pictured_by_its_digest_and_still_tells_edits_apart():
    """An item's converted body (thousands of characters) is pictured by its digest, not by its
    repr twice escaped: one character changed anywhere still changes the picture."""
    body = "<p>" + "Nội dung dài. " * 300 + "</p>"
    edited = body[:2000] + "X" + body[2001:]
    copy = "".join(list(body))  # equal, another object
    assert copy is not body and _shape({"body": body}) == _shape({"body": copy}) != _shape({"body": edited})
    assert len(repr(_shape({"body": body}))) < 100
    assert _shape("ngắn") == repr("ngắn")  # short strings as before


def test_a_rebuild_in_the_same_process_renders_alone_and_shows_the_edit(mini: Path, monkeypatch):
    """`serve` after an edit: with the same templates, date and site-wide lists, the pages are found
    by their digests in this process (no second core forked); the edited item's pages are new. A
    change to the site digest (another build date) renders on both cores again."""
    from generator.memory import MEMORY
    from generator.pages import render

    calls: list[bool] = []
    real = render.shared_map

    def spy(*args, serial: bool = False, **kwargs):
        calls.append(serial)
        return real(*args, serial=serial, **kwargs)

    monkeypatch.setattr(render, "shared_map", spy)
    monkeypatch.setattr(render, "_LAST_SITE", {})

    def rendered(today: dt.date = DAY) -> dict[str, str]:
        raw, _ = load_site(mini)
        cat, _ = build_catalog(raw, today, mini / "content")
        pages, _ = render.render_site(cat, ROOT / "templates")
        return {uri: page.unpacked() for uri, page in pages.items()}

    write(mini, {"site_data/products/a.yml": PRODUCTS.format(a="a", a_name="Sản phẩm A"),
                 "site_data/projects/p.yml": PROJECT.format(a="a")})
    MEMORY.keep(True)
    try:
        first = rendered()
        time.sleep(0.01)
        write(mini, {"site_data/products/a.yml": PRODUCTS.format(a="a", a_name="Sản phẩm A mới")})
        second = rendered()
        rendered(DAY + dt.timedelta(days=1))
    finally:
        MEMORY.keep(False)
    assert calls == [False, True, False]
    changed = {uri for uri in first if first[uri] != second.get(uri)}
    assert "san-pham/a.md" in changed and "Sản phẩm A mới" in second["san-pham/a.md"]
    assert "san-pham/b.md" not in changed
