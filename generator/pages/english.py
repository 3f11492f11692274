"""The English section (/en/): about the portal and the programme, the contact directory, national
support levels, legal texts, key figures and how to subscribe.

Every fact comes from the same catalog as the Vietnamese pages; only the interface is translated
(templates/locales/en/, generator/i18n.py). Names and titles stay in Vietnamese, marked lang="vi",
unless the data gives an English one with its source (`name_en`, `title_en`).
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass
from pathlib import Path

from generator import models as m
from generator.guidance import reached
from generator.entries import Catalog, Entry
from generator.outputs.feeds import Feed, feeds_for
from generator.guidance import levels_by_activity
from generator.i18n import N_, en_figure, translations
from generator.pages.spec import PageSpec, Paging
from generator.statistics import Figure

# address → (template, title, description, label in the navigation), each text a message id of
# the English catalogue.
PAGES = {
    "en/": ("en/about.html", N_("Giới thiệu cổng thông tin khuyến công"),
            N_("Cổng thông tin khuyến công: chương trình khuyến công là gì, cổng có những thông tin gì, liên hệ ở "
               "đâu."),
            N_("Giới thiệu")),
    "en/directory/": ("en/directory.html", N_("Danh bạ liên hệ"),
                      N_("Cơ quan quản lý và đơn vị khuyến công; địa chỉ, điện thoại, thư điện tử khi có nguồn công "
                         "khai."),
                      N_("Danh bạ")),
    "en/support-levels/": ("en/levels.html", N_("Mức hỗ trợ quốc gia"),
                           N_("Mức hỗ trợ từ kinh phí khuyến công quốc gia theo từng nội dung, với văn bản căn cứ."),
                           N_("Mức hỗ trợ")),
    "en/legal-texts/": ("en/legal.html", N_("Văn bản pháp luật về khuyến công"),
                        N_("Nghị định, thông tư, quyết định về khuyến công, với hiệu lực tính đến ngày cập nhật cổng."),
                        N_("Văn bản")),
    "en/figures/": ("en/figures.html", N_("Khuyến công qua số liệu chính"),
                    N_("Số liệu chính của chương trình khuyến công cả nước và các vùng, mỗi số liệu ghi nguồn."),
                    N_("Số liệu")),
    "en/subscribe/": ("en/subscribe.html", N_("Theo dõi tin mới"),
                      N_("Nhận tin mới của cổng qua RSS, Atom, JSON Feed và lịch sự kiện."),
                      N_("Theo dõi tin")),
}
# The default site_name of mkdocs.yml, which the theme shows translated on the English pages.
SITE_NAME = N_("Cổng thông tin khuyến công")
SHORT_NAME = N_("Khuyến công")  # mkdocs.yml extra.short_name: the header's title on a phone
POLICY_TOPIC = "chinh-sach"  # the topic of the texts that found the programme (site_data/topics.yml)
IN_FORCE = ("con-hieu-luc", "sua-doi")


def english_nav(template_dir: Path) -> list[tuple[str, str, str]]:
    """The English section's navigation: (label, address, what the page offers), in English."""
    tr = translations(template_dir, "en")
    return [(tr.gettext(label), url, tr.gettext(description)) for url, (_t, _title, description, label)
            in PAGES.items()]


def english_pages(cat: Catalog, template_dir: Path) -> list[PageSpec]:
    tr = translations(template_dir, "en")
    national_levels = [(activity, [e for e in rows if not e.provinces]) for activity, rows in levels_by_activity(cat)]
    context = {
        "en/": {"home": True, "activities": list(m.ACTIVITIES.values()), "basis": policy_basis(cat),
                "ministry": [o for o in cat.organisations if o.model.kind == "bo"], "nav": english_nav(template_dir)},
        "en/directory/": {"about": cat.organisations, "reached": reached(cat)},
        "en/support-levels/": {"groups": [(a, rows) for a, rows in national_levels if rows]},
        "en/legal-texts/": {"texts": sorted(cat.legal, key=lambda e: (e.model.issued is not None, e.model.issued
                                                                      or dt.date.min), reverse=True)},
        "en/figures/": {"featured": figure_rows([f for f in cat.stats.figures if f.featured], tr),
                        "tables": [(N_("Cả nước"), figure_rows(cat.stats.select(kind="country", target=None), tr)),
                                   (N_("Các vùng"), figure_rows(cat.stats.select(kind="region", target=None), tr))]},
        "en/subscribe/": {"feed_groups": feed_groups(cat)},
    }
    out = []
    for url, (template, title, description, _label) in PAGES.items():
        ctx = context[url]
        paging = None
        if url in PAGED:  # cut into pages: en/legal-texts/, en/legal-texts/page/2/, …
            ctx = {k: v for k, v in ctx.items() if k != PAGED[url]}
            paging = Paging(context[url][PAGED[url]], key=PAGED[url], segment="page", cache=True)
        out.append(PageSpec(f"{url}index.md" if paging is None else url.rstrip("/"), template, url,
                            tr.gettext(title), tr.gettext(description), [], ctx, paging))
    return out


PAGED = {"en/legal-texts/": "texts"}  # lists that grow with the portal: a page at a time


def policy_basis(cat: Catalog) -> list[Entry]:
    """The national texts in force that the programme rests on (topic `chinh-sach`), oldest first."""
    return sorted((e for e in cat.legal if POLICY_TOPIC in getattr(e.model, "topics", []) and not e.provinces
                   and e.extra["status"].code in IN_FORCE and e.model.type in ("luat", "nghi-dinh", "quyet-dinh")),
                  key=lambda e: (e.model.issued is None, e.model.issued))


@dataclass
class FigureRow:
    """A programme figure as the English pages show it."""

    label: str
    value: str
    scope: str
    scope_is_vietnamese: bool  # a province's name, shown as written
    period: str
    target: bool
    figure: Figure


def figure_rows(figures: list[Figure], tr: gettext.NullTranslations) -> list[FigureRow]:
    rows = []
    for f in sorted(figures, key=lambda f: (f.scope.order, -f.period.start, f.target,
                                            list(m.QUANTITIES).index(f.quantity))):
        qualifiers = {e.model.qualifier for e in f.entries}
        if f.low == f.high:
            value = en_figure(f.low, f.unit, qualifiers.pop() if len(qualifiers) == 1 else None, tr)
        else:
            value = f"{en_figure(f.low, f.unit, None, tr)} – {en_figure(f.high, f.unit, None, tr)}"
        province = f.scope.kind == "province"
        scope = f.scope.display if province else tr.gettext(m.REGIONS[f.scope.id])
        rows.append(FigureRow(tr.gettext(f.label), value, scope, province, f.period.label_en, f.target, f))
    return rows


def feed_groups(cat: Catalog) -> list[tuple[str, str, list[tuple[Feed, Entry | None]]]]:
    """The feeds of feeds_for (general, then one per province, then one per topic) with the province
    or topic each follows: (heading, kind, [(feed, hub)])."""
    feeds, n = feeds_for(cat), len(cat.provinces)
    return [(N_("Nguồn tin chung"), "general", [(f, None) for f in feeds[:4]]),
            (N_("Theo tỉnh, thành phố"), "province", list(zip(feeds[4:4 + n], cat.provinces, strict=True))),
            (N_("Theo chủ đề"), "topic", list(zip(feeds[4 + n:4 + n + len(cat.topics)], cat.topics, strict=True)))]
