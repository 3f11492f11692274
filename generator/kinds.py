"""The kinds of content, each once: where its files are, its model, the catalog's list of it, its
section's address and title, what a reader and a message call it, its icon, its collection in the
web editor, and whether `khuyencong new` writes one.

Every table that lists kinds reads this one: content.py (which files hold which model),
entries.py (sections, labels, the catalog's lists), errors.py (kinds named in messages), icons.py,
skeletons.py, outputs/editor.py (collections and where an item is seen). A new kind is a line here,
its model and its templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from generator import models as m
from generator.text import N_


@dataclass(frozen=True)
class Kind:
    name: str  # the catalog's name for it (Entry.kind)
    model: type[BaseModel]
    source: str  # where its files are: a folder of site_data/ (one list per file), a file of site_data/, or content/…
    plural: str  # the Catalog's list of them
    label: str = ""  # what a reader calls one (search results, feed categories); none: never shown alone
    section: str = ""  # the address of its section (`san-pham/`); none: no pages of its own there
    title: str = ""  # the section's title
    said: tuple[str, str] | None = None  # what a message calls one, (Vietnamese, English)
    icon: str = ""  # a Material icon beside its name (icons.py)
    editor: tuple[str, str, str] | None = None  # the web editor's collection: (name, label, field naming an entry)
    # its own feed (outputs/feeds.py): (place on the subscribe page, title, description), both texts
    # message ids of the English catalogue; its items are in the feeds of their provinces and topics too
    feed: tuple[int, str, str] | None = None
    skeleton: bool = False  # `khuyencong new <name>` writes a draft of one (skeletons.py)

    @property
    def in_folder(self) -> bool:
        """Its files are a folder of site_data/ (not one file, not content/)."""
        return not self.source.endswith(".yml") and not self.source.startswith("content/")


NEWS_DIR = "tin-tuc"  # content/tin-tuc/: one Markdown file per news item

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("news", m.NewsMeta, f"content/{NEWS_DIR}", "news", "Tin tức", NEWS_DIR, "Tin tức", ("tin bài", "news item"),
         "newspaper-variant-outline", (NEWS_DIR, "Tin tức", "title"), skeleton=True,
         feed=(1, N_("Tin tức khuyến công"), N_("Tất cả tin tức, thông báo về khuyến công."))),
    Kind("product", m.Product, "products", "products", "Sản phẩm tiêu biểu", "san-pham",
         "Sản phẩm công nghiệp nông thôn tiêu biểu", ("sản phẩm", "product"), "storefront-outline",
         ("san-pham", "Sản phẩm tiêu biểu", "name"), skeleton=True,
         feed=(3, N_("Sản phẩm tiêu biểu mới công nhận"),
               N_("Sản phẩm công nghiệp nông thôn tiêu biểu mới công nhận."))),
    Kind("project", m.Project, "projects", "projects", "Đề án, mô hình", "de-an", "Đề án và mô hình trình diễn",
         ("đề án", "project"), "lightbulb-on-outline", ("de-an", "Đề án, mô hình", "title"), skeleton=True,
         feed=(4, N_("Mô hình, đề án điển hình"), N_("Đề án khuyến công và mô hình trình diễn mới đăng."))),
    Kind("legal", m.LegalText, "legal", "legal", "Văn bản", "van-ban", "Văn bản pháp luật", ("văn bản", "legal text"),
         "scale-balance", ("van-ban", "Văn bản", "abstract"), skeleton=True,
         feed=(2, N_("Văn bản mới"), N_("Văn bản pháp luật về khuyến công mới đăng."))),
    Kind("event", m.Event, "events", "events", "Sự kiện", "su-kien", "Sự kiện", ("sự kiện", "event"),
         "calendar-month-outline", ("su-kien", "Sự kiện", "title"), skeleton=True),
    Kind("organisation", m.Organisation, "organisations", "organisations", "Danh bạ liên hệ", "danh-ba",
         "Danh bạ liên hệ", ("cơ quan", "organisation"), "", ("co-quan", "Cơ quan, đơn vị", "name")),
    Kind("statistic", m.Statistic, "statistics", "statistics", icon="chart-bar",
         editor=("so-lieu", "Số liệu", "quantity")),
    Kind("province", m.Province, "provinces.yml", "provinces", "Tỉnh, thành phố", "tinh-thanh", "Tỉnh, thành phố",
         icon="map-marker-outline"),
    Kind("topic", m.Topic, "topics.yml", "topics", "Chủ đề", "chu-de", "Chủ đề", ("chủ đề", "topic"), "shape-outline"),
    # policy guidance (guidance.py): its pages are at fixed addresses (pages/guidance.py)
    Kind("support", m.SupportLevel, "support_levels.yml", "support_levels",
         said=("mức hỗ trợ (item)", "support level item")),
    Kind("applicant", m.Applicant, "applicants.yml", "applicants"),
    Kind("need", m.Need, "needs.yml", "needs", "Hỗ trợ khuyến công", said=("nhu cầu hỗ trợ", "need")),
    Kind("priority", m.Priority, "priorities.yml", "priorities"),
    Kind("procedure", m.Procedure, "procedures.yml", "procedures", "Thủ tục", said=("thủ tục", "procedure")),
    Kind("question", m.Question, "questions.yml", "questions", "Hỏi đáp"),
    Kind("place_rule", m.PlaceRule, "eligibility.yml", "place_rules"),
)}

# site_data/ files that are not lists of items of a kind: other names of places, who runs the portal.
OTHER_FILES: dict[str, type[BaseModel]] = {"place_names.yml": m.PlaceName, "portal.yml": m.PortalOwner}
