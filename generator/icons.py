"""Icons from the set bundled with Material for MkDocs (nothing from another host), drawn by the
stylesheet: a page writes `<span class="kc-icon kc-i-NAME" aria-hidden="true"></span>` (some 60
bytes) and content/assets/portal.css holds each icon once, as a mask filled with the text's colour.
Inlined as SVG, the header's three icons alone cost every page 0.8 KB, and a listing's cards 0.3 KB
each (PERFORMANCE.md).

An icon is always decoration beside its words (`aria-hidden`), never the only way to say a thing:
a button that shows only an icon has its name in `aria-label`. The icons a page may use are listed
here (`ALL`); `make icons` writes their rules into portal.css, and tests/test_icons.py checks that
the stylesheet holds them as this file would write them."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import material

from generator.kinds import KINDS
from markupsafe import Markup

_ICONS = Path(material.__file__).parent / "templates" / ".icons" / "material"

KIND = {k.name: k.icon for k in KINDS.values() if k.icon}  # kinds.py
GROUP = {
    "thu-cong-my-nghe": "hand-heart-outline", "che-bien-nong-lam-thuy-san": "food-apple-outline",
    "co-khi": "cog-outline", "khac": "shape-outline",
}
ACTIVITY = {
    "dao-tao-nghe": "school-outline", "nang-cao-quan-ly": "account-tie-outline", "mo-hinh-trinh-dien": "presentation",
    "may-moc-thiet-bi": "robot-industrial", "san-xuat-sach-hon": "leaf", "phat-trien-san-pham": "trophy-outline",
    "tu-van-thong-tin": "information-outline", "lien-ket-cum-cong-nghiep": "factory",
    "nang-luc-khuyen-cong": "account-group-outline", "hop-tac-quoc-te": "earth",
}
# Named by the theme's header and menu, the home page and the sections' route cards (pages/render.py)
INTERFACE = (
    "magnify", "menu", "shape-outline", "cash-multiple", "file-document-edit-outline", "comment-question-outline",
    "scale-balance", "card-account-phone-outline", "rss", "hand-coin-outline", "clipboard-list-outline",
    "map-marker-outline", "trophy-outline", "calendar-month-outline", "chart-bar", "progress-check",
    "help-circle-outline", "map-outline",
)
ALL = tuple(sorted({*KIND.values(), *GROUP.values(), *ACTIVITY.values(), *INTERFACE}))
_KNOWN = frozenset(ALL)


def icon(name: str) -> Markup:
    """The named Material Design icon, hidden from assistive technology."""
    if name not in _KNOWN:
        raise ValueError(f"icon {name!r} is not in generator/icons.py ALL: add it there and run `make icons`")
    return Markup(f'<span class="kc-icon kc-i-{name}" aria-hidden="true"></span>')


def entry_icon_name(e: object) -> str:
    """A product by its group, a project by its activity, anything else by its kind."""
    model = getattr(e, "model", None)
    kind = getattr(e, "kind", "")
    if kind == "product" and getattr(model, "group", None):
        return GROUP[model.group]
    if kind == "project" and getattr(model, "activity", None):
        return ACTIVITY[model.activity]
    return KIND.get(kind, "shape-outline")


def entry_icon(e: object) -> Markup:
    """The entry's icon (entry_icon_name) as a span of its own."""
    return icon(entry_icon_name(e))


def card_icon(e: object) -> str:
    """The class a listing's card carries to be drawn with the entry's icon (portal.css draws it
    before the card's words, as `.kc-icon` draws a span's): 45 bytes instead of a span's 120, on
    every card of every list."""
    return f"kc-i-{entry_icon_name(e)}"


START = "/* Icons: written by `make icons` from generator/icons.py; edit there, not here */"
END = "/* End of the icons */"


def rules() -> str:
    """The stylesheet's icon block: each icon's SVG as a data address in its own class."""
    out = [START]
    for name in ALL:
        svg = (_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip().replace('"', "'")
        data = quote(svg, safe=" /=:.,-'")
        out.append(f'.kc-i-{name} {{ --kc-i: url("data:image/svg+xml,{data}"); }}')
    out.append(END)
    return "\n".join(out)


def write(stylesheet: Path) -> bool:
    """Put the icon block in the stylesheet (in place of the one there); whether it changed."""
    text = stylesheet.read_text(encoding="utf-8")
    block = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    new = block.sub(lambda _: rules(), text) if block.search(text) else text.rstrip("\n") + "\n" + rules() + "\n"
    if new != text:
        stylesheet.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # make icons
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "content/assets/portal.css"
    print(f"{target}: {'icons rewritten' if write(target) else 'icons up to date'}")
