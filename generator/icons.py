"""Icons from the set bundled with Material for MkDocs (nothing from another host), inlined as SVG.

An icon is always decoration beside its words (`aria-hidden`), never the only way to say a thing."""

from __future__ import annotations

import functools
from pathlib import Path

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


@functools.lru_cache(maxsize=64)
def icon(name: str) -> Markup:
    """The named Material Design icon as inline SVG, hidden from assistive technology."""
    svg = (_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
    return Markup(svg.replace("<svg ", '<svg class="kc-icon" aria-hidden="true" focusable="false" ', 1))


def entry_icon(e: object) -> Markup:
    """A product by its group, a project by its activity, anything else by its kind."""
    model = getattr(e, "model", None)
    kind = getattr(e, "kind", "")
    if kind == "product" and getattr(model, "group", None):
        return icon(GROUP[model.group])
    if kind == "project" and getattr(model, "activity", None):
        return icon(ACTIVITY[model.activity])
    return icon(KIND.get(kind, "shape-outline"))
