"""Skeletons written by `khuyencong new`: valid drafts with today's date and a Vietnamese slug.

Every skeleton is a draft (`draft: true`), so it passes `check` and builds, but appears only in
preview until the editor fills it in and removes the draft line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.kinds import KINDS as ALL_KINDS
from generator.text import slugify

KINDS = tuple(k.name for k in ALL_KINDS.values() if k.skeleton)  # what `khuyencong new` writes (kinds.py)

_NOTE = "# Bản nháp do 'khuyencong new' tạo. Điền các chỗ <...>, thay nguồn, rồi xóa dòng 'draft: true' để đăng."


def _q(text: str) -> str:
    """A YAML scalar for a title typed on the command line (quotes, colons, '#' all safe)."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=10_000).strip().removesuffix("...").strip()


def _free_slug(base: str, taken: set[str], exists: callable) -> str:
    slug, n = base or "muc-moi", 2
    while slug in taken or exists(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug


def new_item(root: Path, kind: str, title: str, today: dt.date, taken: set[str]) -> Path:
    """Write the skeleton; return its path. `taken` holds ids already used by that kind."""
    base = slugify(title)
    if kind == "news":
        folder = root / ALL_KINDS["news"].source
        slug = _free_slug(base, taken, lambda s: any(folder.glob(f"*{s}.md")))
        path = folder / f"{today.isoformat()}-{slug}.md"
        text = (
            f"---\n{_NOTE}\ntitle: {_q(title)}\ndate: {today.isoformat()}\n"
            f"# Tin thuật lại một bài báo: 'date' là ngày bài đó đăng, và 'posted: {today.isoformat()}' là ngày cổng "
            f"đăng.\n"
            "# Bài nguồn không ghi rõ ngày đăng: để 'date' là ngày cổng đăng, thêm 'source_undated: true', không "
            "dùng 'posted'.\n"
            f"slug: {slug}\n"
            "summary: \"<Tóm tắt một hai câu>\"\nprovinces: []\ntopics: []\ndraft: true\n"
            "source:\n  - url: https://example.org/thay-bang-dia-chi-nguon\n---\n\n<Nội dung tin bài>\n"
        )
    else:
        folder = root / "site_data" / ALL_KINDS[kind].source
        slug = _free_slug(base, taken, lambda s: (folder / f"{s}.yml").exists())
        path = folder / f"{slug}.yml"
        body = _BODY[kind].format(title=_q(title), today=today, year=today.year)
        # one item per file
        text = f"{_NOTE}\nid: {slug}\n" + "".join(line.removeprefix("  ") for line in body.splitlines(keepends=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # never overwrite
        fh.write(text)
    return path


_SOURCE = "  source:\n    - url: https://example.org/thay-bang-dia-chi-nguon\n"
_BODY = {
    "product": (
        "  name: {title}\n  establishment: \"<Tên cơ sở sản xuất>\"\n  province: Hà Nội  # <tỉnh, thành phố; tên cũ "
        "cũng được>\n"
        "  level: tinh  # xa, tinh, khu-vuc, quoc-gia\n  year: {year}\n  description: \"<Mô tả sản phẩm>\"\n  draft: "
        "true\n" + _SOURCE
    ),
    "project": (
        "  title: {title}\n  kind: mo-hinh  # de-an hoặc mo-hinh\n  activity: mo-hinh-trinh-dien\n  funding: "
        "dia-phuong  # quoc-gia hoặc dia-phuong\n"
        "  province: Hà Nội  # <tỉnh, thành phố>\n  start_year: {year}\n  summary: \"<Một câu tóm tắt>\"\n  story: "
        "\"<Câu chuyện, kết quả>\"\n"
        "  legal_basis: []  # số văn bản làm căn cứ, ví dụ [45/2012/NĐ-CP]\n  draft: true\n" + _SOURCE
    ),
    "legal": (
        "  type: quyet-dinh  # nghi-dinh, thong-tu, quyet-dinh, nghi-quyet, chi-thi, ...\n  number: "
        "0/{year}/QĐ-UBND  # <số ký hiệu thật>\n"
        "  issuer: \"<Cơ quan ban hành>\"\n  issued: {today}\n  abstract: {title}\n  draft: true\n" + _SOURCE
    ),
    "event": (
        "  title: {title}\n  kind: hoi-nghi  # hoi-cho-trien-lam, binh-chon, dao-tao, hoi-nghi\n  start: {today}\n"
        "  place: \"<Địa điểm>\"\n  province: Hà Nội  # <tỉnh, thành phố>\n  description: \"<Nội dung>\"\n  draft: "
        "true\n" + _SOURCE
    ),
}
