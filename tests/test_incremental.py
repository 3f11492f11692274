"""`serve` rebuilds: only what changed is parsed, rendered and written, and nothing stale stays.

These drive MkDocs in this process the way `mkdocs serve --dirty` does (one plugin instance,
one served folder, builds after edits) and look at the files it leaves.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.outputs.search import read_doc
from tests.conftest import BUILD_DATE, copy_portal, moved_page

NEWS = "content/tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023.md"


class Served:
    def __init__(self, root: Path):
        self.root, self.site = root, root / "served"
        self.plugin = None

    def build(self) -> None:
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = "http://127.0.0.1:8000/"
        if self.plugin is None:
            config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["khuyencong"]
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        self.plugin.on_shutdown()  # waits for the feed and index writer

    def html(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def stamps(self) -> dict[str, int]:
        return {p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns for p in self.site.rglob("*.html")}

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KHUYENCONG_BUILD_DATE", BUILD_DATE)
    s = Served(copy_portal(tmp_path / "portal"))
    s.build()
    yield s
    load_config(str(s.root / "mkdocs.yml")).plugins.on_startup(command="build", dirty=False)  # leave no serve state


def _project_file(root: Path) -> str:
    for path in sorted((root / "site_data/projects").glob("*.yml")):
        if "mo-hinh-san-xuat-chieu-tre-cong-ty-688-cao-bang" in path.read_text(encoding="utf-8"):
            return path.relative_to(root).as_posix()
    raise AssertionError("sample project not found")


def test_edit_rewrites_the_pages_that_show_it_and_no_other(served: Served):
    before = served.stamps()
    served.edit(NEWS, "title: Quảng Nam bình chọn", "title: Quảng Nam (đã sửa) bình chọn")
    served.build()
    after = served.stamps()
    changed = {k for k in after if after[k] != before.get(k)}
    news_page = "tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/index.html"
    assert news_page in changed
    assert "Quảng Nam (đã sửa) bình chọn" in served.html("tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023")
    # every page that lists the item shows the new title ...
    for url in ("tin-tuc", "tinh-thanh/da-nang", "chu-de/san-pham-tieu-bieu"):
        assert "Quảng Nam (đã sửa) bình chọn" in served.html(url), url
    # ... and pages that do not name it were not written again
    assert "san-pham/index.html" not in changed
    assert len(changed) < len(after) / 5, sorted(changed)
    # the search index and the feeds follow
    docs = [read_doc(p.read_bytes()) for p in (served.site / "search/d").glob("*.json.gzip")]
    assert any(d["t"].startswith("Quảng Nam (đã sửa)") for d in docs)
    assert "Quảng Nam (đã sửa) bình chọn" in (served.site / "feeds/tin-tuc.rss.xml").read_text(encoding="utf-8")
    # the sitemap still lists every page, not only those this rebuild rewrote
    listed = re.findall(r"<loc>http://127\.0\.0\.1:8000/([^<]*)</loc>",
                        (served.site / "sitemap.xml").read_text(encoding="utf-8"))
    pages = {"" if p.parent == served.site else p.parent.relative_to(served.site).as_posix() + "/" for p
             in served.site.rglob("index.html") if not moved_page(p)}
    assert set(listed) == {p for p in pages if not p.startswith("quan-tri")} and len(listed) > 500


@pytest.mark.slow  # a build to serve, then another (`make test-fast` keeps the first edit and the content error)
def test_a_linked_item_shows_its_neighbour_renamed(served: Served):
    rel = _project_file(served.root)
    served.edit(rel, "title: Mô hình trình diễn kỹ thuật sản xuất chiếu tre", "title: Mô hình chiếu tre (tên mới)")
    served.build()
    law = re.search(r'href="([^"]*van-ban/[^"/]*45-2012[^"]*)"',
                    served.html("de-an/mo-hinh-san-xuat-chieu-tre-cong-ty-688-cao-bang"))
    assert law, "the project page links its legal basis"
    target = (served.site / "de-an/mo-hinh-san-xuat-chieu-tre-cong-ty-688-cao-bang" / law.group(1)).resolve()
    assert "Mô hình chiếu tre (tên mới)" in (target / "index.html" if target.is_dir()
                                             else target).read_text(encoding="utf-8")


@pytest.mark.slow  # a build to serve, then another (`make test-fast` keeps the first edit and the content error)
def test_hidden_or_deleted_item_leaves_the_served_site(served: Served):
    page = served.site / "tin-tuc/2023-12-12-quang-nam-binh-chon-20-san-pham-2023/index.html"
    assert page.exists()
    served.edit(NEWS, "date: 2026-11-22", "date: 2026-11-22\ndraft: true")
    served.build()
    assert not page.exists()
    assert "Quảng Nam bình chọn 20" not in served.html("tin-tuc")


@pytest.mark.slow  # a build to serve, then another (`make test-fast` keeps the first edit and the content error)
def test_template_change_rewrites_every_page(served: Served):
    before = served.stamps()
    path = served.root / "templates/theme/main.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n{# đổi #}\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    served.build()
    after = served.stamps()
    assert all(after[k] != before[k] for k in before if k in after and k != "404.html")


def test_a_content_error_keeps_the_served_site(served: Served, caplog: pytest.LogCaptureFixture):
    before = served.html("tin-tuc")
    served.edit(NEWS, "date: 2026-11-22", "date: 2026-13-22")
    with pytest.raises(Abort):
        served.build()
    assert f"{NEWS}:3:1: date: ngày không hợp lệ '2026-13-22'" in caplog.text
    assert served.html("tin-tuc") == before
