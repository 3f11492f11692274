"""The 34 provincial units after the 2025 merger and the 63 former units they absorbed.

Any `province` field accepts the new name, a former name, or a code, with or without diacritics.
A former name resolves to its new unit and is kept for display: "Bắc Giang (nay thuộc Bắc Ninh)".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.models import Province
from generator.text import fold

_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")


def province_key(text: str) -> str:
    """Fold a province name for lookup: no diacritics, no 'tỉnh'/'thành phố'/'TP.' prefix."""
    key = fold(text).replace("–", " ").replace("-", " ")
    key = _PREFIX.sub("", re.sub(r"\s+", " ", key).strip())
    return key.replace("tp.", "").strip()


@dataclass(frozen=True)
class ProvinceRef:
    """A resolved `province` value: the current unit, and the former unit if one was named."""

    unit: Province
    former: str | None = None

    @property
    def display(self) -> str:
        return f"{self.former} (nay thuộc {self.unit.name})" if self.former else self.unit.name


class ProvinceIndex:
    def __init__(self, provinces: list[Province]):
        self.units = {p.id: p for p in provinces}
        self._names: dict[str, ProvinceRef] = {}
        self._new_codes: dict[str, ProvinceRef] = {}
        self._old_codes: dict[str, ProvinceRef] = {}
        for p in provinces:
            self._new_codes[p.code.value] = ProvinceRef(p)
            for former in p.former_units:
                ref = ProvinceRef(p, None if province_key(former.name) == province_key(p.name) else former.name)
                self._names.setdefault(province_key(former.name), ref)
                self._old_codes[former.code.value] = ref
        for p in provinces:  # the current name wins over a former unit of the same name
            self._names[province_key(p.name)] = ProvinceRef(p)
            self._names[p.id.replace("-", " ")] = ProvinceRef(p)

    def resolve(self, text: str) -> ProvinceRef | None:
        value = str(text).strip()
        scheme, _, code = value.partition(":")
        if code and scheme in ("new-2025", "old-2004"):
            table = self._new_codes if scheme == "new-2025" else self._old_codes
            return table.get(code.strip())
        if value.isdigit():
            # A new code is the old code of the province that hosts the new centre, so a bare
            # code names the same new unit in both schemes; the old scheme adds the former name.
            code = value.zfill(2)
            return self._new_codes.get(code) or self._old_codes.get(code)
        return self._names.get(province_key(value))

    def suggest(self, text: str) -> str | None:
        keys = list(self._names)
        near = difflib.get_close_matches(province_key(str(text)), keys, n=1, cutoff=0.6)
        return self._names[near[0]].display if near else None


# Where each of the 34 units sits on the tile map (row, column), roughly as on a map of Vietnam:
# a layout, not geodata. Every unit of provinces.yml must appear here (checked by the tests).
TILES: dict[str, tuple[int, int]] = {
    "lai-chau": (1, 2), "lao-cai": (1, 3), "tuyen-quang": (1, 4), "cao-bang": (1, 5),
    "dien-bien": (2, 1), "son-la": (2, 2), "phu-tho": (2, 3), "thai-nguyen": (2, 4), "lang-son": (2, 5),
    "ha-noi": (3, 3), "bac-ninh": (3, 4), "quang-ninh": (3, 5),
    "ninh-binh": (4, 3), "hung-yen": (4, 4), "hai-phong": (4, 5),
    "thanh-hoa": (5, 3), "nghe-an": (6, 3), "ha-tinh": (7, 4), "quang-tri": (8, 4), "hue": (9, 5),
    "da-nang": (10, 5), "quang-ngai": (11, 5), "gia-lai": (12, 5), "dak-lak": (13, 5),
    "lam-dong": (14, 4), "khanh-hoa": (14, 5),
    "tay-ninh": (15, 2), "ho-chi-minh": (15, 3), "dong-nai": (15, 4),
    "an-giang": (16, 1), "dong-thap": (16, 2), "vinh-long": (16, 3),
    "ca-mau": (17, 1), "can-tho": (17, 2),
}
