"""Events: pages, upcoming vs. past by build date, and .ics files that parse (RFC 5545)."""

import datetime as dt
from pathlib import Path

from icalendar import Calendar
from lxml import html as lhtml

from tests.conftest import run_cli, write

# Synthetic test data (never published).
EVENTS = """\
- id: hoi-cho-sap-toi
  title: Hội chợ thử nghiệm
  kind: hoi-cho-trien-lam
  start: 2026-03-10 08:00
  end: 2026-03-12 17:00
  place: Nhà văn hóa xã
  province: Bắc Giang
  organiser: Sở thử
  registration:
    how: Gửi phiếu đăng ký
    deadline: 2026-03-01
    url: https://example.org/dang-ky
  source: https://example.org/a
- id: lop-da-qua
  title: Lớp tập huấn đã qua
  kind: dao-tao
  start: 2025-05-05
  end: 2025-05-06
  province: Hà Nội
  source: https://example.org/b
"""


def build(mini: Path, capsys, date: str) -> Path:
    write(mini, {"site_data/events/e.yml": EVENTS})
    code, _, err = run_cli(["--root", str(mini), "build", "--build-date", date], capsys)
    assert code == 0, err
    return mini / "site"


def test_ics_files_parse_and_carry_the_event(mini: Path, capsys):
    site = build(mini, capsys, "2026-01-15")
    cal = Calendar.from_ical((site / "su-kien/hoi-cho-sap-toi.ics").read_bytes())
    (ev,) = cal.walk("VEVENT")
    ict = dt.timezone(dt.timedelta(hours=7))
    assert ev.decoded("dtstart") == dt.datetime(2026, 3, 10, 8, 0, tzinfo=ict)
    assert ev.decoded("dtend") == dt.datetime(2026, 3, 12, 17, 0, tzinfo=ict)
    assert str(ev["summary"]) == "Hội chợ thử nghiệm"
    assert str(ev["location"]) == "Nhà văn hóa xã, Bắc Giang (nay thuộc Bắc Ninh)"
    assert str(ev["uid"]) == "hoi-cho-sap-toi@127.0.0.1"
    assert "Hạn đăng ký: 01/03/2026" in str(ev["description"])
    whole = Calendar.from_ical((site / "su-kien/lich.ics").read_bytes())
    all_day = [e for e in whole.walk("VEVENT") if str(e["uid"]).startswith("lop-da-qua")][0]
    assert all_day.decoded("dtstart") == dt.date(2025, 5, 5) and all_day.decoded("dtend") == dt.date(2025, 5, 7)
    assert len(whole.walk("VEVENT")) == 2


def test_upcoming_and_archive_follow_the_build_date(mini: Path, capsys):
    site = build(mini, capsys, "2026-01-15")
    listing = lhtml.fromstring((site / "su-kien/index.html").read_bytes())
    assert listing.xpath("//ul[@class='kc-cards']//a[@class='kc-card__title']/text()") == ["Hội chợ thử nghiệm"]
    archive = lhtml.fromstring((site / "su-kien/da-dien-ra/index.html").read_bytes())
    assert archive.xpath("//a[@class='kc-card__title']/text()") == ["Lớp tập huấn đã qua"]
    home = lhtml.fromstring((site / "index.html").read_bytes())
    assert "Hội chợ thử nghiệm" in home.xpath("//section[@aria-labelledby='su-kien']//a/text()")
    province = lhtml.fromstring((site / "tinh-thanh/bac-ninh/index.html").read_bytes())
    assert "Hội chợ thử nghiệm" in province.xpath("//section[@aria-labelledby='su-kien-sap-toi']//a/text()")
    page = (site / "su-kien/hoi-cho-sap-toi/index.html").read_text(encoding="utf-8")
    assert "08:00 10/03/2026" in page and "17:00 12/03/2026" in page and 'href="../hoi-cho-sap-toi.ics"' in page
    later = build(mini, capsys, "2026-03-13")
    assert not lhtml.fromstring((later / "su-kien/index.html").read_bytes()).xpath("//ul[@class='kc-cards']")
    assert (len(
        lhtml.fromstring(
            (later / "su-kien/da-dien-ra/index.html").read_bytes()).xpath("//li[contains(@class,'kc-card')]")) == 2)


def test_sample_events_are_in_the_archive(portal_site: Path):
    archive = lhtml.fromstring((portal_site / "su-kien/da-dien-ra/index.html").read_bytes())
    assert len(archive.xpath("//li[contains(@class,'kc-card')]")) == 4
    assert len(Calendar.from_ical((portal_site / "su-kien/lich.ics").read_bytes()).walk("VEVENT")) == 4
