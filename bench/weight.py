"""What a page costs a reader: its HTML gzip-compressed plus every stylesheet and script it loads
(each compressed) and every font those stylesheets name (woff2, already compressed), images excluded.
Used by `make bench` and by the page-weight gate in the tests."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

_ASSET = re.compile(rb'(?:href|src)="([^"#?]+\.(?:css|js))"')
_FONT = re.compile(rb'url\(["\']?([^)"\'?#]+\.woff2?)')


STAFF_ONLY = ("quan-tri/",)  # the web editor (generator/outputs/editor.py): for communicators, not readers


def page_weights(site: Path) -> dict[str, int]:
    """Every public HTML page of a built site (path relative to it) → bytes a first visit
    downloads. A page that loads a stylesheet or script the site does not have is an error."""
    compressed: dict[Path, int] = {}
    out = {}
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).as_posix().startswith(STAFF_ONLY):
            continue
        raw = page.read_bytes()
        weight = len(gzip.compress(raw, 6))
        for ref in (m.decode() for m in _ASSET.findall(raw) if not m.startswith(b"http")):
            target = (site / ref.lstrip("/") if ref.startswith("/") else page.parent / ref).resolve()
            if target not in compressed:
                if not target.is_file():
                    raise FileNotFoundError(f"{page.relative_to(site)} loads a missing {ref}")
                data = target.read_bytes()
                compressed[target] = len(gzip.compress(data, 6))
                if target.suffix == ".css":  # its fonts, counted all (a page may need every subset)
                    fonts = {(target.parent / f.decode()).resolve() for f in _FONT.findall(data) if
                             not f.startswith(b"http")}
                    compressed[target] += sum(f.stat().st_size for f in fonts)
            weight += compressed[target]
        out[page.relative_to(site).as_posix()] = weight
    return out
