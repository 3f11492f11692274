"""Pictures of items: checked when the catalog is built (what the file is, not what it is named), resized at build time
(outputs/images.py).

Each image is served as its original and as WebP at a few widths no larger than the original, so a
phone downloads a small file; the page gives width and height (no layout shift) and `srcset`.
Variant names carry a digest of the original's bytes, so a changed picture gets new addresses."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from PIL import Image

from generator.markup import memo
from generator.text import short_stem

# The pictures the site publishes: raster formats Pillow reads and checks. Never SVG, which can carry script.
PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
WIDTHS = (480, 960)  # WebP variants; the original is the fallback
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
MAX_FRAME_PIXELS = 4 * MAX_PIXELS  # an animation's frames together: `check` decodes every one
MAX_SIDE = 16_383  # WebP's largest width and height
# The formats the portal serves, by Pillow's name → how a person calls it, and the endings its file
# may have. Pillow is never asked to read anything else: left to guess, it would run Ghostscript
# for an EPS file, whatever its name.
FORMATS = {"JPEG": ("JPEG", (".jpg", ".jpeg")), "PNG": ("PNG", (".png",)), "WEBP": ("WebP", (".webp",)),
           "GIF": ("GIF", (".gif",))}
READ = list(FORMATS)
# What a file that is none of them most likely is, by its first bytes, to tell its maker.
OTHER = [
    ((b"%!PS", b"\xc5\xd0\xd3\xc6"), "EPS (PostScript)"),
    ((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"), "TIFF"),
    ((b"%PDF",), "PDF"),
    ((b"8BPS",), "PSD (Photoshop)"),
    ((b"\x00\x00\x01\x00",), "ICO"),
    ((b"\xff\x0a", b"\x00\x00\x00\x0cJXL "), "JPEG XL"),
]
BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"heif": "HEIF", b"avif": "AVIF",
          b"avis": "AVIF"}
# Any of the served formats, by its first bytes: a file that starts like one but cannot be read is
# a damaged picture, not another kind of file.
SERVED_MAGIC = [(b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF")]


@dataclass(frozen=True)
class Picture:
    src: str  # the original, relative to content/
    width: int
    height: int
    digest: str

    def variant(self, width: int) -> str:
        stem = short_stem(PurePosixPath(self.src).stem)
        return f"assets/anh-co-san/{stem}-{self.digest}-{width}.webp"

    @property
    def address(self) -> str:
        """The original's address, percent-encoded: a file may be named with any letters, spaces
        and commas (a comma and a space would split `srcset`, a '#' end the address)."""
        return quote(self.src)

    def variant_address(self, width: int) -> str:
        return quote(self.variant(width))

    @property
    def widths(self) -> list[int]:
        return [w for w in WIDTHS if w < self.width] + [self.width]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


Problem = tuple[str, dict[str, object]]
_EXAMINED = memo("pictures-1")  # (bytes, ending) digest → examine's answer (kept by `serve` and `build --cache`)


def inspect(path: Path, rel: str) -> Picture | Problem:
    """The picture's size and digest, or why it is not a picture the site can serve (a message
    code and its parameters, errors.MESSAGES)."""
    data = path.read_bytes()
    ending = PurePosixPath(rel).suffix  # as written: a message names it
    key = hashlib.blake2b(data + b"\0" + ending.encode(), digest_size=16).digest()
    found = _EXAMINED.get(key)
    if found is None:
        found = _EXAMINED.put(key, examine(data, ending))
    if isinstance(found[0], str):
        return found  # type: ignore[return-value]
    width, height = found
    return Picture(rel, width, height, hashlib.blake2b(data, digest_size=5).hexdigest())


def examine(data: bytes, ending: str) -> tuple[int, int] | Problem:
    """The width and height of a picture the build can serve, or why it cannot: a JPEG, PNG, WebP
    or GIF whose name ends as its format does, no larger than MAX_PIXELS nor wider or taller than
    WebP allows, decoded to its last byte (every frame) and made ready for WebP as the build does,
    so a picture that passes `check` never stops `build`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=READ)
    except Image.DecompressionBombError:
        return "picture_bomb", {"declared": 2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000,
                                "limit": MAX_PIXELS // 1_000_000}
    except Exception:  # noqa: BLE001 (a damaged file makes Pillow raise almost anything: IndexError, struct.error…)
        return _not_served(data)
    with im:
        fmt = "JPEG" if im.format == "MPO" else str(im.format)
        kind, endings = FORMATS[fmt]
        if ending.lower() not in endings:
            return "picture_misnamed", {"kind": kind, "ending": ending, "right": endings[0]}
        width, height = im.size
        if width < 1 or height < 1:
            return "picture_damaged", {"kind": kind}
        if width * height > MAX_PIXELS:
            return "picture_too_large", {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000}
        if width > MAX_SIDE or height > MAX_SIDE:
            return "picture_too_wide", {"width": width, "height": height, "limit": MAX_SIDE}
        try:  # counting frames reads their headers only, never their pixels
            frames = getattr(im, "n_frames", 1)
        except Exception:  # noqa: BLE001 (as below: whatever Pillow raises, the file is damaged)
            return "picture_damaged", {"kind": kind}
        if frames * width * height > MAX_FRAME_PIXELS:
            return "picture_too_long", {"frames": frames, "width": width, "height": height,
                                        "limit": MAX_FRAME_PIXELS // 1_000_000}
        try:
            for n in range(frames):
                im.seek(n)
                im.load()
            im.seek(0)
            first_frame(im)
        except Exception:  # noqa: BLE001 (as above: whatever Pillow raises, the file is damaged)
            return "picture_damaged", {"kind": kind}
    try:  # a PNG's checksums, which decoding does not read
        with Image.open(io.BytesIO(data), formats=READ) as again:
            again.verify()
    except Exception:  # noqa: BLE001
        return "picture_damaged", {"kind": kind}
    return width, height


def _not_served(data: bytes) -> Problem:
    """Why a file Pillow does not read as a served format is refused: what it is, when its first
    bytes say so."""
    head = data[:32]
    for magic, kind in SERVED_MAGIC:
        if head.startswith(magic):
            return "picture_damaged", {"kind": FORMATS[kind][0]}
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "picture_damaged", {"kind": "WebP"}
    for magics, kind in OTHER:
        if head.startswith(magics):
            return "picture_format", {"kind": kind}
    if head.startswith(b"BM") and head[6:10] == bytes(4):  # its reserved bytes: not a text that starts "BM"
        return "picture_format", {"kind": "BMP"}
    if head[4:8] == b"ftyp" and head[8:12] in BRANDS:
        return "picture_format", {"kind": BRANDS[head[8:12]]}
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")):
        return "picture_format", {"kind": "SVG"}
    return "not_a_picture", {}


def first_frame(im: Image.Image) -> Image.Image:
    """The picture's first frame in the mode WebP is written from."""
    im.seek(0)
    im.load()
    return im.convert("RGBA" if im.mode in ("RGBA", "LA", "P", "PA") else "RGB")
