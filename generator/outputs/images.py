"""The WebP variants of every picture a published item shows (images.py checked the originals).

Each width no larger than the original; names carry a digest of the original's bytes (images.Picture)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from generator.entries import Catalog
from generator.memory import MEMORY
from generator.images import READ, Picture, first_frame

# (variant address) → WebP bytes. The address carries the original's digest, so an entry is never
# stale; `serve` writes the outputs after every edit and re-encodes nothing that did not change.


def variants(docs: Path, pictures: list[Picture]) -> dict[str, bytes]:
    """Every WebP variant, keyed by its address (a pure function of the originals' bytes)."""
    out: dict[str, bytes] = {}
    for pic in pictures:
        if all(pic.variant(w) in MEMORY.webp for w in pic.widths):
            out.update({pic.variant(w): MEMORY.webp[pic.variant(w)] for w in pic.widths})
            continue
        with Image.open(docs / pic.src, formats=READ) as im:  # examined by `check`: a served format, decoded whole
            frame = first_frame(im)
        for width in pic.widths:
            if pic.variant(width) in out:
                continue
            resized = frame if width == pic.width else frame.resize((width, pic.height_at(width)),
                                                                    Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            resized.save(buf, "WEBP", quality=80, method=4)
            out[pic.variant(width)] = MEMORY.webp[pic.variant(width)] = buf.getvalue()
    return out


def image_files(cat: Catalog) -> dict[str, bytes]:
    """The WebP variants of every picture a published item shows."""
    pictures = [p for e in cat.products for p in e.extra.get("images", []) if p]
    pictures += [e.extra["image"] for e in cat.news if e.extra.get("image")]
    return variants(cat.docs_dir, sorted(set(pictures), key=lambda p: p.src))
