"""Review dates (generator/review.py) and the Decree 42 checklist (generator/compliance.py): the
commands' exact output on the test portal, `check`'s warning, and the two pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lhtml

from generator.cli import main
from tests.conftest import BUILD_DATE, copy_portal, module_folder

pytestmark = pytest.mark.xdist_group("review")
# The commands' exact output on the test portal (below: what each line must say, and why).
EXPECTED = Path(__file__).parent / "fixtures" / "record"


def add_after(root: Path, rel: str, anchor: str, line: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert anchor in text, (rel, anchor)
    path.write_text(text.replace(anchor, anchor + line, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def reviewed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The test portal with a level overdue, a procedure due within 30 days, an event looked at since it
    ended, and a product taken down (`expires`); its other events ended before the build date."""
    with module_folder(request, tmp_path_factory, "review") as work:
        yield _reviewed(copy_portal(work / "portal"))


def _reviewed(root: Path) -> Path:
    add_after(root, "site_data/support_levels.yml", "- id: qg-thanh-lap-doanh-nghiep\n", "  review_by: 2026-10-01\n")
    add_after(root, "site_data/procedures.yml", "- id: binh-chon-san-pham\n", "  review_by: 2026-12-10\n")
    add_after(root, "site_data/events/hoi-nghi-khuyen-cong-mien-trung-tay-nguyen-2025.yml", "start: 2025-12-04\n",
              "review_by: 2027-01-10\n")
    with (root / "site_data/products/banh-chung-ba-ba-hoi.yml").open("a", encoding="utf-8") as f:
        f.write("expires: 2026-06-30\n")
    return root


REVIEW = (EXPECTED / "review.txt").read_text(encoding="utf-8")


def test_review_lists_what_is_due_overdue_and_expired_by_province_and_file(reviewed, capsys):
    code = main(["--root", str(reviewed), "review", "--build-date", BUILD_DATE])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out == REVIEW


def test_review_in_english_and_with_nothing_due(reviewed, tmp_path, capsys):
    code = main(["--lang", "en", "--root", str(reviewed), "review", "--build-date", BUILD_DATE])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "Review as of 22/11/2026: 1 overdue, 1 due within 30 days, 4 expired."
    assert "  site_data/support_levels.yml:7: overdue since 01/10/2026 (the date in review_by): Support level " in out
    # a day before the first event ended, and every review date in the future: nothing to say
    code = main(["--lang", "vi", "--root", str(reviewed), "review", "--build-date", "2023-12-01"])
    assert capsys.readouterr().out == ("Không có nội dung nào đến hạn rà soát hay đã hết hạn, tính đến ngày "
                                       "01/12/2023.\n")


def test_check_warns_about_what_is_overdue_at_its_review_date(reviewed, capsys):
    code = main(["--root", str(reviewed), "check", "--fast", "--build-date", BUILD_DATE])
    err = capsys.readouterr().err
    assert code == 0
    warned = [line for line in err.splitlines() if "quá hạn xem lại" in line]
    assert warned == ["site_data/support_levels.yml:8:3: review_by: (cảnh báo) đã quá hạn xem lại (01/10/2026): rà "
                      "soát nội dung, rồi ghi ngày xem lại mới vào 'review_by'"]


def test_a_level_is_due_a_year_after_its_last_commit(tmp_path, capsys):
    """Contacts, levels and procedures without a review date are due a year after they last changed."""
    from tests.test_history import git

    root = copy_portal(tmp_path / "portal")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Đăng cổng", date="2025-10-01T09:00:00+07:00")
    path = root / "site_data/support_levels.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cap_vnd: 10000000\n", "cap_vnd: 12000000\n", 1),
                    encoding="utf-8")
    git(root, "commit", "-q", "-am", "Mức mới", date="2025-12-15T09:00:00+07:00")
    main(["--lang", "vi", "--root", str(root), "review", "--build-date", BUILD_DATE])
    out = capsys.readouterr().out
    lines = {line.split(": ")[0].strip(): line.split(": ", 2)[1] for line in out.splitlines()
             if line.startswith("  site_data/support_levels.yml:")}
    # the row changed on 15/12/2025 is due a year later, within 30 days; the row beside it, unchanged
    # since 01/10/2025, is overdue: each row of one file has its own history
    yearly = "(xem lại mỗi năm; cập nhật lần cuối {})"
    assert lines["site_data/support_levels.yml:7"] == "đến hạn ngày 15/12/2026 " + yearly.format("15/12/2025")
    assert lines["site_data/support_levels.yml:23"] == "quá hạn từ 01/10/2026 " + yearly.format("01/10/2025")


COMPLIANCE = (EXPECTED / "compliance.txt").read_text(encoding="utf-8")


def test_compliance_reports_each_clause_of_decree_42_on_the_test_portal(tmp_path, capsys):
    root = copy_portal(tmp_path / "portal")
    code = main(["--root", str(root), "compliance", "--build-date", BUILD_DATE])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out == COMPLIANCE


def test_the_compliance_page_shows_the_same_rows_with_links_and_sources(portal_site: Path):
    doc = lhtml.parse(str(portal_site / "thong-tin-theo-nghi-dinh-42/index.html")).getroot()
    rows = doc.xpath("//table//tbody/tr")
    cites = [r.xpath("string(td[1]//a)") for r in rows]
    states = [r.xpath("string(td[2]//strong)") for r in rows]
    expected = [block.splitlines() for block in COMPLIANCE.split("\n\n")[1:]]
    assert cites == [lines[0].split(": ", 1)[0].split(" (")[0] for lines in expected]
    assert states == [lines[1].strip().split(".")[0] for lines in expected]
    for row in rows:  # every clause cites the public copy it was read in
        assert row.xpath("td[1]//a/@href")[0].startswith("https://")
    links = {h for h in doc.xpath("//table//td[2]//a/@href")}
    assert {"../van-ban/", "../tim-kiem/", "../so-lieu/", "../en/directory/"} <= links
    # every page's footer leads here
    home = lhtml.parse(str(portal_site / "index.html")).getroot()
    assert home.xpath("//footer//a[@href='thong-tin-theo-nghi-dinh-42/']/text()") == ["Thông tin theo Nghị định 42"]


def test_the_review_page_is_for_communicators_only(portal_site: Path):
    doc = lhtml.parse(str(portal_site / "quan-tri/ra-soat/index.html")).getroot()
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    expired = doc.xpath("//h2[@id='expired']/following::table[1]//tbody/tr")
    assert len(expired) == 4  # the test portal's four events ended before the build date
    assert all(r.xpath("string(td[3]//code)").startswith("site_data/events/") for r in expired)
    sitemap = (portal_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "quan-tri/" not in sitemap and "thong-tin-theo-nghi-dinh-42/" in sitemap


def test_the_review_page_lists_a_bounded_number_of_rows_and_says_how_many_more(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    """A portal with many items due keeps its review page short: REVIEW_ROWS rows per state, the
    whole counts by province, and how many more the command lists."""
    from generator.pages import record

    monkeypatch.setattr(record, "REVIEW_ROWS", 3)
    root = copy_portal(tmp_path / "portal")
    assert main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site"), "--build-date", BUILD_DATE]) == 0
    doc = lhtml.parse(str(tmp_path / "site/quan-tri/ra-soat/index.html")).getroot()
    assert doc.xpath("string(//h2[@id='expired'])") == "Đã hết hạn (4)"
    assert len(doc.xpath("//h2[@id='expired']/following::table[1]//tbody/tr")) == 3
    said = " ".join(doc.xpath("string(//h2[@id='expired']/following-sibling::p[1])").split())
    assert said == ("Bảng dưới chỉ liệt kê 3 mục đầu theo thứ tự tệp; còn 1 mục nữa. Lệnh khuyencong review cho ra "
                    "đủ danh sách.")
    counts = [r.xpath("string(td[3])") for r in doc.xpath("//h2[@id='theo-tinh']/following::table[1]//tbody/tr")]
    assert sum(int(n) for n in counts) == 4
