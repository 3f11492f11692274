"""Copy the web editor's screenshots, taken by tests/browser/test_editor.py, into the publishing
guide (content/assets/huong-dan/, as WebP).

    make guide-shots    # runs the editor tests, then this

The guide shows the editor as the tests drove it; after a change to the editor, run it again and
look at the pictures before committing them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "editor"
GUIDE = ROOT / "content" / "assets" / "huong-dan"
USED = {"1-tin-moi": "trinh-soan-thao-tin-moi", "2-da-cong-bo": "trinh-soan-thao-da-cong-bo",
        "5-thieu-thong-tin": "trinh-soan-thao-thieu-thong-tin", "dien-thoai-1-tin-moi": "trinh-soan-thao-dien-thoai"}


def main() -> int:
    GUIDE.mkdir(parents=True, exist_ok=True)
    for shot, name in USED.items():
        source = SHOTS / f"{shot}.png"
        if not source.is_file():
            print(f"missing {source.relative_to(ROOT)}: run the editor tests first", file=sys.stderr)
            return 1
        with Image.open(source) as im:
            im.convert("RGB").save(GUIDE / f"{name}.webp", "WEBP", quality=80, method=6)
        print(f"wrote {(GUIDE / f'{name}.webp').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
