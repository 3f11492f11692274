"""iCalendar (RFC 5545) files: one per event and one for the whole calendar.

Built with the icalendar package. DTSTAMP comes from the content (published, else the start day),
not the clock, so the files are identical across builds. Times written without a zone are
Vietnam time (+07:00) and are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlsplit

from icalendar import Calendar, Event as VEvent

from generator import models as m
from generator.entries import Catalog, Entry
from generator.markup import memo
from generator.text import ICT, vn_date

CALENDAR_PATH = "su-kien/lich.ics"


def event_path(e: Entry) -> str:
    return f"su-kien/{e.id}.ics"


def _moment(value: dt.date) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=ICT)).astimezone(dt.timezone.utc)
    return value


def _vevent(e: Entry, site_url: str) -> VEvent:
    mo = e.model
    url = urljoin(site_url, e.url)
    ev = VEvent()
    ev.add("uid", f"{e.id}@{urlsplit(site_url).hostname or 'localhost'}")
    stamp = mo.published or (mo.start.date() if isinstance(mo.start, dt.datetime) else mo.start)
    ev.add("dtstamp", dt.datetime.combine(stamp, dt.time(), ICT).astimezone(dt.timezone.utc))
    ev.add("summary", mo.title)
    ev.add("dtstart", _moment(mo.start))
    end = mo.end or mo.start
    if isinstance(end, dt.datetime):
        if end != mo.start:
            ev.add("dtend", _moment(end))
    else:
        ev.add("dtend", end + dt.timedelta(days=1))  # all-day events end the day after (exclusive)
    where = ", ".join(x for x in [mo.place, e.provinces[0].display if e.provinces else None] if x)
    if where:
        ev.add("location", where)
    lines = [m.EVENT_KINDS[mo.kind]]
    if mo.organiser:
        unit = e.extra.get("unit_entry")
        lines.append(f"Đơn vị tổ chức: {unit.title if unit else mo.organiser}")
    reg = mo.registration
    if reg:
        lines += [x for x in [reg.how, reg.deadline and f"Hạn đăng ký: {vn_date(reg.deadline)}", reg.contact, reg.url]
                  if x]
    if mo.description:
        lines.append(mo.description.strip())
    lines.append(url)
    ev.add("description", "\n".join(lines))
    ev.add("url", url)
    ev.add("categories", [m.EVENT_KINDS[mo.kind]])
    return ev


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Cong thong tin khuyen cong//vi")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


# an event's inputs → its VEVENT as text (`serve`, `build --cache`: icalendar takes most of the time)
_EVENTS = memo("calendar_events-1")
_END = b"END:VCALENDAR\r\n"


def _event_text(e: Entry, site_url: str) -> str:
    """The event's VEVENT, memoised by all `_vevent` reads: the model (every field), the address,
    the site's address, the province shown and the organising unit's name."""
    unit = e.extra.get("unit_entry")
    return _EVENTS.through(lambda: repr((e.id, e.url, site_url, e.model, e.provinces[0].display if e.provinces
                                         else None, unit.title if unit else None)),
                           lambda: _vevent(e, site_url).to_ical().decode("utf-8"))


def _wrapped(name: str, events: list[bytes]) -> bytes:
    """A calendar of these VEVENTs: what icalendar writes for the calendar with them as its
    components (its properties, then each component as it writes it alone)."""
    head = _calendar(name).to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)] + b"".join(events) + _END


def render_calendars(cat: Catalog, site_url: str) -> dict[str, bytes]:
    out, events = {}, []
    for e in cat.events:
        event = _event_text(e, site_url).encode("utf-8")
        out[event_path(e)] = _wrapped(e.title, [event])
        events.append(event)
    out[CALENDAR_PATH] = _wrapped("Lịch sự kiện khuyến công", events)
    return out
