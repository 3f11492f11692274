"""Publishing rules applied at build time: drafts, embargo, expiry.

A hidden item is left out of every public output: no page, no listing, no feed item, no sitemap
or search entry, no link from another page. `serve --drafts` shows it, marked as not public.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

LABELS = {
    "draft": "Bản nháp — chưa công khai",
    "embargo": "Chưa đến ngày đăng — chưa công khai",
    "expired": "Đã hết hạn đăng — không còn công khai",
}


def visibility(model: Any, today: dt.date) -> str | None:
    """None when the item is public on `today`; else why it is hidden."""
    if getattr(model, "draft", False):
        return "draft"
    start = getattr(model, "publish_date", None)
    if start and start > today:
        return "embargo"
    end = getattr(model, "expires", None)
    if end and end < today:
        return "expired"
    return None
