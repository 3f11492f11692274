"""The pages of policy guidance: the finder "Tôi được hỗ trợ gì?", its answers (one per need, place
and, where it decides, kind of place), the support levels, procedures and questions. What they say
is worked out by guidance.py; this module only says which page shows it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator.entries import Catalog, Entry
from generator.guidance import (Where, answer, answer_url, finder_questions, level_rows, levels_by_activity,
                                place_decides, place_questions, places_of, province_choices, route, rules_for,
                                setting, unit_phrase)
from generator.pages.spec import PageSpec


def guidance_pages(cat: Catalog) -> Iterator[PageSpec]:
    if not cat.needs:
        return
    provinces = province_choices(cat)
    yield PageSpec("ho-tro/index.md", "finder.html", "ho-tro/", "Tôi được hỗ trợ gì?",
                   "Chọn loại cơ sở, tỉnh, thành phố và nhu cầu để biết mức hỗ trợ khuyến công, căn cứ pháp lý, hồ "
                   "sơ, thời hạn và nơi liên hệ.",
                   [], {"provinces": provinces, "asks": finder_questions(cat)})
    crumbs = [("Tôi được hỗ trợ gì?", "ho-tro/")]
    places = places_of(cat)
    for n in cat.needs:
        yield PageSpec(f"ho-tro/{n.id}/index.md", "need.html", n.url, n.title, n.model.description or n.title, crumbs,
                       {"need": n, "provinces": provinces, "levels": level_rows(cat, n.model.items)})
        for w in places:
            yield from _answer_pages(cat, n, w, [*crumbs, (n.title, n.url)])
    yield PageSpec("muc-ho-tro/index.md", "levels.html", "muc-ho-tro/", "Mức hỗ trợ khuyến công",
                   "Mức hỗ trợ theo từng nội dung, mức quốc gia và mức của tỉnh, với căn cứ pháp lý.", [],
                   {"groups": levels_by_activity(cat)})
    items = list(dict.fromkeys(e.model.item for e in cat.support_levels))
    for p in cat.provinces:
        yield PageSpec(f"muc-ho-tro/{p.id}.md", "levels_province.html", f"muc-ho-tro/{p.id}/",
                       f"Mức hỗ trợ khuyến công tại {p.title}",
                       f"Mức hỗ trợ khuyến công quốc gia và của {p.title}, đặt cạnh nhau.",
                       [("Mức hỗ trợ", "muc-ho-tro/")], {"province": p, "rows": level_rows(cat, items, p.id),
                        "local_texts": route(cat, p).local_texts})
    yield PageSpec("thu-tuc/index.md", "procedures.html", "thu-tuc/", "Thủ tục",
                   "Các bước, hồ sơ, thời hạn để được hỗ trợ khuyến công.")
    for pr in cat.procedures:
        yield PageSpec(f"thu-tuc/{pr.id}.md", "procedure.html", pr.url, pr.title, pr.model.summary,
                       [("Thủ tục", "thu-tuc/")], {"e": pr})
    yield PageSpec("hoi-dap/index.md", "questions.html", "hoi-dap/", "Hỏi đáp về khuyến công",
                   "Giải đáp câu hỏi thường gặp về đối tượng, mức hỗ trợ và thay đổi chính sách khuyến công.")


def _answer_pages(cat: Catalog, n: Entry, w: Where, crumbs: list[tuple[str, str]]) -> Iterator[PageSpec]:
    """A need's answers for one place a reader chose: one page where the kind of place does not
    matter; in a unit where it does (a centrally-run city), a page that asks (and answers the kinds
    of establishment it does not matter for), a page that asks about a craft village where that
    decides, and a page per place rule."""
    p = w.unit
    base = answer_url(n.id, w.slug)
    where = setting(cat, n, p.id)
    title = f"{n.title} — {w.label}"
    desc = f"Hỗ trợ khuyến công về {n.title.lower()} cho cơ sở tại {w.label}: mức hỗ trợ, căn cứ, hồ sơ, liên hệ."

    def page(url: str, heading: str, place: Where, **ctx: object) -> PageSpec:
        answers = [answer(cat, a.id, n.id, p.id, where, place) for a in cat.applicants]
        return PageSpec(url.removesuffix("/") + ".md", "answer.html", url, heading, desc,
                        crumbs if url == base else [*crumbs, (title, base)],
                        {"need": n, "province": p, "where": place, "answers": answers, "contacts": where.contacts,
                         "unit": unit_phrase(p), "route": route(cat, p), **ctx})

    rules = rules_for(cat, p.model.type)
    asks = place_decides(cat, p.model.type)
    questions = place_questions(rules, base) if asks else []
    yield page(base, title, w, questions=questions, village=None)
    if not asks:
        return
    for place, label, _link, targets in questions:
        if len(targets) > 1:  # the craft village decides: a page that asks
            yield page(f"{base}{place}/", f"{title}: {label.lower()}", w, questions=[], village=(label, targets))
    for rule in rules:
        yield page(answer_url(n.id, w.slug, rule.model.page), f"{title}: {rule.model.situation}",
                   replace(w, rule=rule), questions=[], village=None)
