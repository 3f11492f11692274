"""What the search index holds: one document per published item, hand-written page, support answer,
procedure, question and directory entry, each with its weighted fields, its snippet text and its
facets. generator/outputs/search.py turns them into the index files.

The finder's answers are indexed once per need, at its national answer (/ho-tro/<need>/), not once
per need and province: the 34 province answers repeat the national levels and differ only by a
province's own rows, which are indexed once, on that province's levels page (/muc-ho-tro/<province>/),
for the provinces that have some. A reader looking for "hỗ trợ máy móc" gets one answer, which asks
for the province, rather than 34 pages that look alike ahead of everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import models as m
from generator.entries import Catalog, Entry, describe
from generator.guidance import Level, level_rows
from generator.markup import page_url, plain_text
from generator.text import vn_date, vn_money

TEXT_LIMIT = 1500  # characters of text kept per document for snippets
# Abbreviations people type for document types; indexed beside the legal text's own words.
LEGAL_ABBR = {"nghi-dinh": "nđ", "thong-tu": "tt", "quyet-dinh": "qđ", "nghi-quyet": "nq", "chi-thi": "ct",
              "thong-tu-lien-tich": "ttlt", "luat": "luật"}
# A legal text is also indexed under one word for its number ("sohieu235" for 235/2025/NĐ-CP, the first
# number of its number): a query holding 235 that does not find the text as typed ("quyet dinh 235")
# offers it (content/assets/search.js numbered), and a year (2025) is no text's number.
NUMBERED = "sohieu"
# Kinds that answer a reader's question (support, levels, procedures, questions): their names weigh
# as "answer" rather than "title", so "hỗ trợ máy móc" shows the answer before the projects that got
# that support.
ANSWERS = {"need", "levels", "procedure", "question"}


@dataclass
class Doc:
    url: str
    title: str
    kind: str
    places: str = ""
    date: str = ""
    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # weight name → text
    facets: dict[str, list[str]] = field(default_factory=dict)


def snippet(*parts: str) -> str:
    """The text shown under a result: its parts in order, none twice (a project's story opens with
    its summary, which is also the line that describes it)."""
    out = ""
    for part in (p.strip() for p in parts):
        if out and part.startswith(out):
            out = part
        elif part and part not in out:
            out = f"{out} {part}" if out else part
    if len(out) <= TEXT_LIMIT:
        return out
    cut = out.rfind(" ", 0, TEXT_LIMIT + 1)  # on a whole word: a snippet that reaches the end shows no cut one
    return out[:cut if cut > TEXT_LIMIT // 2 else TEXT_LIMIT]


def _places(e: Entry) -> tuple[str, str, list[str]]:
    """Displayed province names; indexed names (new unit plus all its former units); facet ids."""
    shown = ", ".join(p.display for p in e.provinces)
    names = []
    for p in e.provinces:
        names += [p.unit.name, *(f.name for f in p.unit.former_units)]
    return shown, " ".join(names), sorted({p.unit.id for p in e.provinces})


def doc_for(e: Entry, cat: Catalog) -> Doc:
    mo = e.model
    shown, place_words, province_ids = _places(e)
    d = Doc(e.url, e.title, e.kind, shown, vn_date(e.date) if e.date else "")
    d.facets = {"loai": [e.kind], "tinh": province_ids}
    topics = " ".join(t.title for t in (cat.get("topic", tid) for tid in getattr(mo, "topics", [])) if t)
    if e.kind == "news":
        key, body = mo.summary, plain_text(e.extra["body"])
        d.facets["nam"] = [str(mo.date.year)]
        if mo.source_undated:  # the day the portal posted it, said so as on its page and cards; no year to
            # filter by: the year the portal posted a story of 2023 is not the story's ("Năm 2026" listed it)
            d.date = f"Đăng trên cổng {d.date}"
            d.facets["nam"] = []
    elif e.kind == "product":
        key = f"{mo.establishment} {mo.commune or ''} {' '.join(mo.tags)} {mo.decision or ''}"
        body = plain_text(mo.description)
        d.facets.update(nhom=[mo.group] if mo.group else [], cap=[mo.level] if mo.level else [], nam=[str(mo.year)]
                        if mo.year else [])
        if not (mo.published or mo.decision_date):  # its date is only its year's end, for the order: the year
            d.date = f"năm {mo.year}" if mo.year else ""
    elif e.kind == "project":
        key = f"{mo.beneficiary or ''} {m.ACTIVITIES[mo.activity] if mo.activity else ''} {m.PROJECT_KINDS[mo.kind]}"
        body = f"{mo.summary or ''} {plain_text(mo.story)}"
        d.facets.update(nhom=[mo.activity] if mo.activity else [], nam=[str(y) for y in {mo.start_year, mo.end_year}
                                                                        if y])
        if not mo.published:  # its date is only its last year's end, for the order: the years, as its card says
            d.date = f"năm {mo.years}" if mo.years else ""
    elif e.kind == "legal":
        number_words = (mo.number or "").replace("/", " ").replace("-", " ")
        first = re.search(r"[0-9]+", mo.number or "")
        key = (f"{mo.abstract} {mo.number or ''} {number_words} {LEGAL_ABBR.get(mo.type, '')} {mo.issuer} "
               f"{mo.signer or ''}" + (f" {NUMBERED}{int(first.group())}" if first else ""))
        body = plain_text(mo.summary)
        d.facets.update(nam=[str(mo.issued.year)] if mo.issued else [], **{"hieu-luc": [e.extra["status"].code]})
    elif e.kind == "event":
        key = f"{m.EVENT_KINDS[mo.kind]} {mo.place or ''} {mo.organiser or ''}"
        body = plain_text(mo.description)
        d.facets["nam"] = [str(e.date.year)]
    else:  # province, topic
        key = " ".join(f.name for f in mo.former_units) if e.kind == "province" else (mo.description or "")
        body = ""
        if e.kind == "province":
            place_words = f"{mo.name} {key}"
            d.facets["tinh"] = [e.id]
    d.text = snippet(describe(e), body)
    if e.kind == "province":  # what its page says first (templates/province.html), at the weight of a body: its
        # kind and its section "Khuyến công tại …", so that "khuyen cong gia lai" finds it as "gia lai" does
        body = f"{m.UNIT_TYPES[mo.type]} Khuyến công tại {mo.name}"
    d.fields = {"title": e.title, "key": f"{key} {topics}", "place": place_words, "body": body}
    return d


def page_doc(url: str, title: str, markdown_body: str) -> Doc:
    body = plain_text(markdown_body, page=True)
    return Doc(url, title, "page", text=snippet(body), fields={"title": title, "body": body}, facets={"loai": ["page"]})


def level_text(row: Entry) -> str:
    """One support level in words, as the levels tables write it."""
    mo = row.model
    amount = ", ".join(x for x in (f"tối đa {mo.share_percent}% chi phí" if mo.share_percent is not None else "",
                                   f"không quá {vn_money(mo.cap_vnd)}" + (f"/{mo.per}" if mo.per else "")
                                   if mo.cap_vnd is not None else "") if x)
    basis = ", ".join(law.title for law in row.links["basis"]) or (mo.basis or "")
    return " ".join(x for x in (f"{mo.what}: {amount}." if amount else f"{mo.what}.", f"Căn cứ: {basis}." if basis
                                else "", mo.note or "") if x)


def _levels(rows: list[Level]) -> str:
    """The national levels of these rows, in words."""
    return " ".join(level_text(row.national) for row in rows if row.national)


def _guidance(url: str, title: str, kind: str, shown: str, key: str, body: str, **facets: list[str]) -> Doc:
    """A document for an answer: its name weighs as "answer" (ANSWERS); `shown` is its snippet."""
    return Doc(url, title, kind, text=shown, fields={"answer": title, "key": key, "body": body},
               facets={"loai": [kind], **facets})


def guidance_docs(cat: Catalog) -> Iterator[Doc]:
    """The support answers (one per need), the levels tables (national, and each province's own),
    the procedures and the questions."""
    for n in cat.needs:
        mo, procedure = n.model, n.extra.get("procedure")
        levels = _levels(level_rows(cat, mo.items))
        # the amounts first: they are the answer
        yield _guidance(n.url, n.title, "need", snippet(levels, mo.description or "", mo.note or ""),
                        f"hỗ trợ khuyến công {mo.description or ''}",
                        f"{levels} {mo.note or ''} {procedure.title if procedure else ''}",
                        nhom=list(mo.activities))
    if cat.support_levels:
        items = list(dict.fromkeys(e.model.item for e in cat.support_levels))
        national = _levels(level_rows(cat, items))
        activities = sorted({e.model.activity for e in cat.support_levels})
        lead = "Mức hỗ trợ từ kinh phí khuyến công quốc gia, theo từng nội dung, với căn cứ pháp lý."
        yield _guidance("muc-ho-tro/", "Mức hỗ trợ khuyến công", "levels", snippet(lead, national),
                        " ".join(m.ACTIVITIES[a] for a in activities), national, nhom=activities)
        local_ids = {p.unit.id for e in cat.support_levels for p in e.provinces}
        for p in (p for p in cat.provinces if p.id in local_ids):
            rows = [row.local for row in level_rows(cat, items, p.id) if row.local]
            if not rows:
                continue
            local = " ".join(level_text(r) for r in rows)
            names = " ".join([p.model.name, *(f.name for f in p.model.former_units)])
            d = _guidance(f"muc-ho-tro/{p.id}/", f"Mức hỗ trợ khuyến công tại {p.title}", "levels",
                          snippet(f"Mức riêng của {p.title}, bên cạnh mức quốc gia.", local), names, local,
                          tinh=[p.id], nhom=sorted({r.model.activity for r in rows}))
            d.places, d.fields["place"] = p.title, names
            yield d
    for pr in cat.procedures:
        mo = pr.model
        basis = ", ".join(law.title for law in pr.links["basis"])
        body = " ".join([*mo.steps, *mo.checklist, *mo.deadlines, f"Căn cứ: {basis}." if basis else "", mo.note or ""])
        yield _guidance(pr.url, pr.title, "procedure", snippet(mo.summary, body),
                        f"thủ tục hồ sơ {mo.summary} {mo.who}", body)
    for q in cat.questions:
        mo = q.model
        answer = plain_text(mo.answer)
        d = _guidance(q.url, q.title, "question", snippet(answer), "hỏi đáp "
                      + ", ".join(law.title for law in q.links["basis"]), answer)
        d.date = vn_date(mo.updated) if mo.updated else ""
        yield d


def organisation_doc(e: Entry) -> Doc:
    """A directory entry: found by its name, kind and province; its snippet gives how to reach it."""
    mo = e.model
    shown, place_words, province_ids = _places(e)
    contact = " · ".join(x for x in (mo.address, mo.phone, mo.email, mo.website) if x)
    d = Doc(e.url, e.title, "organisation", shown, text=snippet(f"{m.ORG_KINDS[mo.kind]}.", contact, mo.note or ""))
    d.fields = {"title": e.title, "key": f"{m.ORG_KINDS[mo.kind]} danh bạ liên hệ {mo.address or ''}",
                "place": place_words,
                "body": mo.note or ""}
    d.facets = {"loai": ["organisation"], "tinh": province_ids}
    return d


def collect(cat: Catalog) -> Iterator[Doc]:
    """Every published item, answer and hand-written page (but those whose front matter says
    `search: false`), in a stable order, made one at a time: at 100,000 items their texts together
    would take hundreds of megabytes."""
    yield from guidance_docs(cat)
    for e in [*cat.news, *cat.products, *cat.projects, *cat.legal, *cat.events, *cat.provinces, *cat.topics]:
        yield doc_for(e, cat)
    for e in cat.organisations:
        yield organisation_doc(e)
    for rec in cat.pages:
        if rec.model.search:
            yield page_doc(page_url(rec.src_uri), rec.title, rec.body)
