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

    def former_names(self, unit_id: str) -> list[str]:
        return [f.name for f in self.units[unit_id].former_units]
