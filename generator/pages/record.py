"""Pages of the public record: `/quan-tri/ra-soat/`, what communicators must review (review.py; not
indexed, not in the navigation), and `/thong-tin-theo-nghi-dinh-42/`, where the portal has what
Decree 42/2022/NĐ-CP asks for (compliance.py)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.compliance import SOURCES, STATES, checklist
from generator.entries import Catalog
from generator.pages.spec import PageSpec
from generator.review import KIND_NAMES, STATES as REVIEW_STATES

REVIEW_URL = "quan-tri/ra-soat/"
COMPLIANCE_URL = "thong-tin-theo-nghi-dinh-42/"


# Rows of each state the review page lists (in file order, as `khuyencong review` prints them); the
# counts by province are always whole, and the command lists every item. A portal with thousands of
# items due would otherwise get a page of thousands of rows (4,383 at 100,000 synthetic items).
REVIEW_ROWS = 200


def record_pages(cat: Catalog) -> Iterator[PageSpec]:
    found = cat.reviews
    places = sorted({r.province for r in found}, key=lambda p: (p != "", p))
    counts = {(r.province, r.state): 0 for r in found}
    for r in found:
        counts[r.province, r.state] += 1
    by_state = {s: [r for r in found if r.state == s] for s in REVIEW_STATES}
    yield PageSpec("quan-tri/ra-soat/index.md", "review.html", REVIEW_URL, "Rà soát nội dung",
                   "Nội dung đến hạn hoặc quá hạn xem lại, và nội dung đã hết hạn, theo tỉnh và theo tệp.", [],
                   {"reviews": found, "places": places, "counts": counts, "by_state": by_state,
                    "shown_rows": REVIEW_ROWS, "kind_names": {k: v[0] for k, v in KIND_NAMES.items()}})
    rows = checklist(cat)
    yield PageSpec("thong-tin-theo-nghi-dinh-42/index.md", "compliance.html", COMPLIANCE_URL,
                   "Thông tin theo Nghị định 42/2022/NĐ-CP",
                   "Những thông tin cơ quan nhà nước phải cung cấp trên mạng và chức năng cổng phải có theo Nghị định "
                   "42/2022/NĐ-CP, và cổng này đã có đến đâu. Một bản công khai ghi Nghị định này hết hiệu lực từ "
                   "01/07/2026.", [],
                   {"rows": rows, "states": {k: v[0] for k, v in STATES.items()}, "sources": SOURCES,
                    "counts": {k: sum(1 for _, f in rows if f.state == k) for k in STATES}})
