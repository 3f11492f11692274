"""The portal's identity on a phone's home screen and in a browser's tabs: icons and web manifest.

A deploying agency names its own mark in mkdocs.yml (`theme.logo`, `theme.favicon`) and one square
picture (`extra.icon`, a PNG of at least 512 px); the build makes from it the sizes browsers and
phones ask for, and the web manifest that names the portal. Nothing is fetched from elsewhere.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

# At the site's root, where browsers and phones look for them, and outside assets/: the release step
# fingerprints assets/, and these addresses are asked for by name. content.GENERATED_PLACES keeps
# content/ from holding files of these names.
FOLDER = ""
SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
MANIFEST = "manifest.webmanifest"
MIN_SIDE = 512


@dataclass(frozen=True)
class Identity:
    """What the frame (templates/theme/base.html) links to in every page's <head>."""

    theme_color: str
    icons: bool  # whether the icon sizes and manifest were made
    favicon_png: str = FOLDER + "favicon-32.png"
    apple_touch: str = FOLDER + "apple-touch-icon.png"
    manifest: str = MANIFEST


class IconError(ValueError):
    """The configured icon cannot be used (the message says why)."""


def read_icon(path: Path) -> Image.Image:
    """The configured icon, checked: a square PNG of at least MIN_SIDE pixels."""
    try:
        with Image.open(path, formats=["PNG"]) as im:
            im.load()
            picture = im.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as exc:
        raise IconError(f"not a readable PNG ({exc.__class__.__name__})") from None
    if picture.width != picture.height or picture.width < MIN_SIDE:
        raise IconError(f"{picture.width}×{picture.height} px; a square of at least {MIN_SIDE} px is needed")
    return picture


def identity_files(icon: Image.Image, name: str, short_name: str, lang: str, theme_color: str) -> dict[str, bytes]:
    """The icon's sizes and the web manifest, by path from the site root. Reproducible: PNG from
    Pillow carries no date."""
    out: dict[str, bytes] = {}
    for file, side in SIZES.items():
        buf = io.BytesIO()
        icon.resize((side, side), Image.LANCZOS).save(buf, format="PNG", optimize=True)
        out[FOLDER + file] = buf.getvalue()
    manifest = {
        "name": name, "short_name": short_name, "lang": lang, "start_url": "./", "scope": "./",
        "display": "browser", "background_color": "#ffffff", "theme_color": theme_color,
        "icons": [{"src": f"{FOLDER}{file}", "sizes": f"{side}x{side}", "type": "image/png"}
                  for file, side in SIZES.items() if side >= 192],
    }
    out[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    return out
