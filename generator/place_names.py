"""Other names of places, as readers type them: "TP.HCM", "tphcm", "HCM", "Sài Gòn" for TP. Hồ Chí Minh.

They are data (site_data/place_names.yml, each with its source), not special cases in code. The
search index and the browser read each of them as the words of the name it stands for, in documents
and in queries alike (generator/outputs/search.py `with_place_names`, search.js `terms`), so "tp hcm" finds
what "Hồ Chí Minh" finds, and a news item that writes "TP.HCM" is found by "Hồ Chí Minh".

A place's name is taken without its type word (tỉnh, thành phố, TP.), as `province` fields are
read: "TP. Hồ Chí Minh" stands for "Hồ Chí Minh". Each other name, and the place's own name, may
be typed after a type word ("TP HCM", "thành phố Sài Gòn", "tỉnh Daklak").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.provinces import ProvinceIndex
from generator.text import fold, tokens

# The words a place's type is written with before its name (models.UNIT_TYPES).
TYPE_WORDS = {"tinh": ("tỉnh",), "thanh-pho": ("thành phố", "tp")}
Report = Callable[..., None]  # (origin, field path, message code, **params)


def bare(name: str) -> list[str]:
    """A place's name as search words, without the type word it may open with."""
    words = tokens(name)
    for typed in (tokens(t) for ts in TYPE_WORDS.values() for t in ts):
        if [fold(w) for w in words[: len(typed)]] == typed and len(words) > len(typed):
            return words[len(typed):]
    return words


def place_name_table(records: list[Any], index: ProvinceIndex, report: Report) -> dict[str, tuple[str, ...]]:
    """Folded other name → the words of the place's name, from the records of place_names.yml;
    a name without words, the name of another place, or one name given to two places is reported."""
    table: dict[str, tuple[str, ...]] = {}
    owners: dict[str, tuple[str, Any]] = {}  # key → (place, origin) that took it
    for rec in records:
        mo, origin = rec.model, rec.origin
        ref = index.resolve(mo.province)
        if ref is None:
            near = index.suggest(mo.province)
            report(origin, ("province",), "unknown_province_near" if near else "unknown_province", value=mo.province,
                   **({"near": near} if near else {}))
            continue
        place = ref.former or ref.unit.name
        kind = next((f.type for f in ref.unit.former_units if f.name == ref.former),
                    "tinh") if ref.former else ref.unit.type
        words = tuple(bare(place))
        own = " ".join(fold(w) for w in words)
        for i, name in enumerate([place, *mo.names]):
            path = ("names", i - 1) if i else ("province",)
            if i and not tokens(name):
                report(origin, path, "place_name_no_words", value=name)
                continue
            other = index.resolve(name) if i else None
            if other is not None and (other.unit.id, other.former) != (ref.unit.id, ref.former):
                report(origin, path, "place_name_of_other", value=name, place=place)
                continue
            base = " ".join(fold(w) for w in (bare(name) if i else words))
            # "TPHCM" is written with its type word already: no "TP TPHCM"
            fused = " " not in base and any(base.startswith(fold(t).replace(" ", "")) for t in TYPE_WORDS[kind])
            for key in [base, *([] if fused else (f"{fold(t)} {base}" for t in TYPE_WORDS[kind]))]:
                if key == own:
                    continue  # the name itself
                taken = owners.get(key)
                if taken is not None and table[key] != words:
                    report(origin, path, "place_name_twice", value=name, other_place=taken[0], other=taken[1].where)
                    break
                table[key], owners[key] = words, (place, origin)
    return dict(sorted(table.items()))
