"""Pictures of items: checked when the catalog is built (a real raster image), resized at build time.

Each image is served as its original and as WebP at a few widths no larger than the original, so a
phone downloads a small file; the page gives width and height (no layout shift) and `srcset`.
Variant names carry a digest of the original's bytes, so a changed picture gets new addresses."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from PIL import Image, UnidentifiedImageError

if TYPE_CHECKING:
    from generator.catalog import Catalog

# The pictures the site publishes: raster formats Pillow reads and checks. Never SVG, which can carry script.
PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
WIDTHS = (480, 960)  # WebP variants; the original is the fallback
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


@dataclass(frozen=True)
class Picture:
    src: str  # the original, relative to content/
    width: int
    height: int
    digest: str

    def variant(self, width: int) -> str:
        stem = PurePosixPath(self.src).stem
        return f"assets/anh-co-san/{stem}-{self.digest}-{width}.webp"

    @property
    def widths(self) -> list[int]:
        return [w for w in WIDTHS if w < self.width] + [self.width]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


def inspect(path: Path, rel: str) -> Picture | tuple[str, dict[str, object]]:
    """The picture's size and digest, or why it is not a picture the site can serve (a message
    code and its parameters, errors.MESSAGES)."""
    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                return "picture_too_large", {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000}
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "not_a_picture", {}
    return Picture(rel, width, height, hashlib.blake2b(data, digest_size=5).hexdigest())


# (variant address) → WebP bytes. The address carries the original's digest, so an entry is never
# stale; `serve` writes the outputs after every edit and re-encodes nothing that did not change.
_ENCODED: dict[str, bytes] = {}


def variants(docs: Path, pictures: list[Picture]) -> dict[str, bytes]:
    """Every WebP variant, keyed by its address (a pure function of the originals' bytes)."""
    out: dict[str, bytes] = {}
    for pic in pictures:
        if all(pic.variant(w) in _ENCODED for w in pic.widths):
            out.update({pic.variant(w): _ENCODED[pic.variant(w)] for w in pic.widths})
            continue
        with Image.open(docs / pic.src) as im:
            im.load()
            frame = im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB")
        for width in pic.widths:
            if pic.variant(width) in out:
                continue
            resized = frame if width == pic.width else frame.resize((width, pic.height_at(width)), Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            resized.save(buf, "WEBP", quality=80, method=4)
            out[pic.variant(width)] = _ENCODED[pic.variant(width)] = buf.getvalue()
    return out


def image_files(cat: Catalog) -> dict[str, bytes]:
    """The WebP variants of every picture a published item shows."""
    pictures = [p for e in cat.products for p in e.extra.get("images", []) if p]
    pictures += [e.extra["image"] for e in cat.news if e.extra.get("image")]
    return variants(cat.docs_dir, sorted(set(pictures), key=lambda p: p.src))
