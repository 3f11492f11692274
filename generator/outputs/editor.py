"""The web editor at /quan-tri/: Decap CMS, configured from the models.

Communicators who do not write YAML publish through forms that commit for them. The editor's
configuration (`quan-tri/config.yml`) is generated on every build from `generator/models.py`, so a
field added to a model appears in the editor without a second edit:
- a collection per content type, one entry per file (content/tin-tuc/*.md, site_data/<kind>/*.yml);
- a widget per field, from its type: choice lists as selects with their Vietnamese labels, the 34
  provinces with their former units as labelled options, relations between items, dates, numbers
  with their bounds, Markdown for long text, lists and nested objects;
- required fields marked; label and hint from the field's docstring ("Label — hint").
The editor itself (decap-cms, pinned in generator/outputs/editor/package-lock.json) is served from
the site: nothing on the page loads from another host. Checks stay where they are: whatever the
editor writes is read, validated and reported by `khuyencong check` like any other file.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator import models as m
from generator.kinds import KINDS
from generator.entries import Catalog
from generator.outputs.security import editor_policy, meta_policy
from generator.pages.figures import FIGURES_URL

FOLDER = "quan-tri"
OWN = ("quan-tri.js", "quan-tri.css")  # the portal's date widget, group headings and layout for phones, beside Decap
HERE = Path(__file__).resolve().parent / "editor"  # package.json, and the portal's own script and stylesheet
DIST = HERE / "node_modules" / "decap-cms" / "dist"

# (collection name, label, folder, model, the field naming an entry in lists): kinds.py
COLLECTIONS: list[tuple[str, str, str, type[BaseModel], str]] = [
    (k.editor[0], k.editor[1], k.source if k.source.startswith("content/") else f"site_data/{k.source}", k.model,
     k.editor[2]) for k in KINDS.values() if k.editor]
# Fields that link to another collection's entries: (model, field) → (collection, fields shown).
RELATIONS: dict[tuple[type[BaseModel], str], tuple[str, list[str]]] = {
    (m.Project, "products"): ("san-pham", ["name"]),
    (m.Project, "legal_basis"): ("van-ban", ["number", "abstract"]),
    (m.Relation, "target"): ("van-ban", ["number", "abstract"]),
    (m.Organisation, "parent"): ("co-quan", ["name"]),
    (m.NewsMeta, "unit"): ("co-quan", ["name"]),
}
# Where each collection's item is seen on the portal ("Xem trên cổng": site_url + this path). The form
# requires `id`, which the catalog makes the address; a news item's address is its file's name.
PAGES = {k.editor[0]: FIGURES_URL if not k.section  # a figure has no page of its own
         else f"{k.section}/{{{{slug}}}}/" if k.name == "news"  # a news item's address is its file's name
         else f"{k.section}/#{{{{fields.id}}}}" if k.name == "organisation"  # a line of the directory
         else f"{k.section}/{{{{fields.id}}}}/" for k in KINDS.values() if k.editor}
# The date a collection's list is sorted by, newest first, and that heads each line. Only a required
# date can: an empty one would print "Invalid Date".
LISTED_BY_DATE = {"tin-tuc": "date", "su-kien": "start"}
# The fields a form shows first, in this order: what must be written, a news item's body right after
# its summary (it used to come last, after some twenty fields). The rest follow in the model's order.
FIRST = {"tin-tuc": ["title", "summary", "body", "date", "source"]}
BODY = {"name": "body", "label": "Nội dung", "widget": "markdown", "required": True}
# Fields kept as a file writes them but not shown in the form: a news item's address is its file's
# name, set once (`slug` would move a published page).
HIDDEN = {(m.NewsMeta, "slug")}
# Fields a kind refuses, so its form has none: a news item's `date` is its one publication date
# (`published` would be a second one; the day the portal posted it is `posted`).
LEFT_OUT = {(m.NewsMeta, "published")}
# The fields every publishable item shares, under headings of their own (widget "nhom", which holds no
# value): when it shows, then what changed after it was published.
GROUPS = [
    ({"name": "nhom_lich_dang", "label": "Hẹn giờ đăng, gỡ xuống",
      "hint": "Để trống là đăng ngay khi bấm Công bố và không tự gỡ xuống"},
     ["draft", "published", "publish_date", "expires"]),
    ({"name": "nhom_cap_nhat", "label": "Sửa sau khi đăng",
      "hint": "Sửa điều quan trọng thì viết một câu nói đã sửa gì: câu đó hiện trong lịch sử thay đổi của trang và "
              "trong nguồn tin. Sửa nhỏ (chính tả) thì để nguyên. Ngày cập nhật lấy từ lần lưu"},
     ["change_note", "updated", "review_by", "aliases"]),
    ({"name": "nhom_ghi_chu", "label": "Ghi chú nội bộ",
      "hint": "Chỉ người biên tập đọc; không hiện trên cổng, trong nguồn tin, tìm kiếm hay dữ liệu mở"},
     ["editor_note"]),
]
PROVINCE_FIELDS = {"province", "provinces"}
SLUG_PATTERN = [r"^[a-z0-9]+(-[a-z0-9]+)*$", "Chỉ chữ thường không dấu, chữ số và dấu '-', ví dụ che-tan-cuong"]
URL_PATTERN = [r"^https?://\S+$", "Địa chỉ bắt đầu bằng http:// hoặc https://"]


def province_options(cat: Catalog, same_name: bool = False) -> list[dict[str, str]]:
    """The 34 units, each followed by its former units, labelled so nobody has to know the merger;
    the value is what the catalog resolves ('Bắc Giang'). A former unit that shares the new unit's
    name is the new unit for an item's province; for a figure's scope (`same_name`) it is its own
    choice, 'Bắc Ninh (cũ)', since figures of the former unit stay its own."""
    options = []
    for p in cat.provinces:
        unit = p.model
        options.append({"label": unit.name, "value": unit.name})
        for former in unit.former_units:
            if former.name != unit.name:
                options.append({"label": f"{former.name} (tỉnh cũ, nay thuộc {unit.name})", "value": former.name})
            elif same_name:
                options.append({"label": f"{former.name} (tỉnh cũ, trước 01/07/2025)", "value": f"{former.name} (cũ)"})
    return options


def _label_hint(name: str, info: FieldInfo) -> tuple[str, str | None]:
    label, _, hint = (info.description or name).partition(" — ")
    hint = hint.strip()
    return label.strip(), (hint[:1].upper() + hint[1:] if hint else None)


def _form(name: str, model: type[BaseModel], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """A collection's fields in the order a communicator fills them: those listed in FIRST, the
    model's own fields, then the shared publishing fields in their groups; hidden ones last."""
    fields = {n: field_widget(model, n, f, ctx) for n, f in model.model_fields.items() if (model, n) not in LEFT_OUT}
    if model is m.NewsMeta:
        fields["body"] = BODY
    first = [fields.pop(n) for n in FIRST.get(name, [])]
    grouped = []
    if issubclass(model, m.Publishing):
        for heading, members in GROUPS:
            shown = [fields.pop(n) for n in members if n in fields and (model, n) not in HIDDEN]
            grouped += [{**heading, "widget": "nhom", "required": False}, *shown]
    hidden = [{"name": n, "widget": "hidden"} for n in fields if (model, n) in HIDDEN]
    return [*first, *(f for n, f in fields.items() if (model, n) not in HIDDEN), *grouped, *hidden]


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(the bare type, the metadata found on the way, whether None is allowed)."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            for x in extra:  # a Field(...) inside Annotated carries its constraints in .metadata
                metadata += [x, *x.metadata] if isinstance(x, FieldInfo) else [x]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
            else:
                return tuple(args), metadata, optional
        else:
            return annotation, metadata, optional


def _choice(metadata: list[Any]) -> dict[str, Any] | None:
    return next((x.options for x in metadata if isinstance(x, m.Choice)), None)


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for x in metadata:
        if isinstance(x, Ge):
            out["min"] = x.ge
        elif isinstance(x, Le):
            out["max"] = x.le
        for inner in getattr(x, "metadata", []):
            out |= _bounds([inner])
    return out


def _options(choices: dict[str, Any]) -> list[dict[str, str]]:
    return [{"label": label if isinstance(label, str) else label[0], "value": code} for code, label in choices.items()]


def field_widget(model: type[BaseModel], name: str, info: FieldInfo, ctx: dict[str, Any]) -> dict[str, Any]:
    """The Decap field for one model field."""
    label, hint = _label_hint(name, info)
    # An entry's `id` names its file (the collection's slug), so the form always asks for it.
    out: dict[str, Any] = {"name": name, "label": label, "required": info.is_required() or name == "id"}
    if hint:
        out["hint"] = hint
    bare, metadata, _ = _unwrap(info.annotation)
    metadata += info.metadata
    out |= _widget(model, name, bare, metadata, ctx)
    if out.get("widget") == "object" and not out["required"]:
        # An optional group (a news item's picture, a legal text's English title with its source) may
        # stay empty: the editor would otherwise demand its parts, and the parts of its own groups.
        # `check` still requires every part of a group that is given.
        _optional(out)
    return out


def _optional(group: dict[str, Any]) -> None:
    for sub in group.get("fields", []):
        sub["required"] = False
        _optional(sub)


def _widget(model: type[BaseModel], name: str, bare: Any, metadata: list[Any], ctx: dict[str, Any]) -> dict[str, Any]:
    relation = RELATIONS.get((model, name))
    many = typing.get_origin(bare) is list
    item, item_meta, _ = _unwrap(typing.get_args(bare)[0]) if many else (bare, [], False)
    if relation:
        collection, shown = relation
        return {"widget": "relation", "collection": collection, "value_field": "{{slug}}", "search_fields": shown,
                "display_fields": shown, "multiple": many, "options_length": 200}
    if name in PROVINCE_FIELDS:
        return {"widget": "select", "options": ctx["provinces"], "multiple": many}
    if name == "scope":
        return {"widget": "select", "options": ctx["scopes"]}
    if name == "topics":
        return {"widget": "select", "options": ctx["topics"], "multiple": True}
    choices = _choice(metadata) or _choice(item_meta)
    if choices:
        return {"widget": "select", "options": _options(choices), "multiple": many}
    if isinstance(item, type) and issubclass(item, BaseModel):
        fields = [field_widget(item, n, f, ctx) for n, f in item.model_fields.items()]
        if many:
            extra = {"min": 1} if any(isinstance(x, MinLen) and x.min_length >= 1 for x in metadata) else {}
            return {"widget": "list", "fields": fields, "summary": "{{fields." + fields[0]["name"] + "}}",
                    "collapsed": False, **extra}
        return {"widget": "object", "fields": fields, "collapsed": True}
    if many:
        return {"widget": "list"}  # a list of words, written separated by commas
    if item is bool:
        return {"widget": "boolean", "default": False}
    if item is int or item is float:
        return {"widget": "number", "value_type": "int" if item is int else "float", **_bounds(metadata)}
    if item is dt.date:
        return {"widget": "ngay"}  # typed and shown dd/mm/yyyy, stored YYYY-MM-DD (quan-tri.js)
    if item == (dt.datetime, dt.date):
        return {"widget": "ngay", "with_time": True}  # a day, or a day and a time: 10/03/2026 08:00
    if name in ("url", "website"):
        return {"widget": "string", "pattern": URL_PATTERN}
    if name in ("id", "slug", "parent"):
        return {"widget": "string", "pattern": SLUG_PATTERN}
    if name == "editor_note":
        return {"widget": "text"}  # plain words for the next editor, never rendered
    if any(isinstance(x, MaxLen) and x.max_length > 500 for x in metadata):
        return {"widget": "markdown", "buttons": ["bold", "italic", "link", "heading-two", "heading-three",
                                                  "bulleted-list", "numbered-list", "quote"],
                "editor_components": [], "modes": ["rich_text", "raw"]}
    return {"widget": "string"}


def config(cat: Catalog, backend: dict[str, Any], proxy: str | None = None, workflow: bool = False,
           site: str | None = None, logo: Path | None = None) -> dict[str, Any]:
    """Decap CMS's configuration, from the models and the catalog's provinces and topics. `site`: the
    site's address, which the header's link to the site shows (else Decap would print "../"); `logo`:
    the portal's mark (mkdocs.yml's theme.logo)."""
    provinces = province_options(cat)
    ctx = {
        "provinces": provinces,
        "scopes": [{"label": "Cả nước", "value": "ca-nuoc"}, *({"label": label, "value": code} for code, label
                                                               in m.REGIONS.items()),
                   *province_options(cat, same_name=True)],
        "topics": [{"label": t.title, "value": t.id} for t in cat.topics],
    }
    collections = []
    for name, label, folder, model, identifier in COLLECTIONS:
        entry: dict[str, Any] = {"name": name, "label": label, "folder": folder, "create": True, "delete": False,
                                 "identifier_field": identifier, "fields": _form(name, model, ctx),
                                 "preview_path": PAGES[name], "editor": {"preview": False}}
        if model is m.NewsMeta:
            # The file's name is the address: the day as typed ({{day}} would be the UTC day, the day before
            # in Vietnam), and at most 80 characters, as many as the catalog keeps of a file's name.
            entry |= {"extension": "md", "format": "frontmatter", "slug": "{{fields.date}}-{{slug | truncate(69, '')}}",
                      "view_filters": [{"label": "Bản nháp", "field": "draft", "pattern": True}],
                      "view_groups": [{"label": "Năm", "field": "date", "pattern": r"^\d{4}"}]}
        else:
            entry |= {"extension": "yml", "format": "yml"}
            entry["slug"] = "{{fields.id}}" if "id" in model.model_fields else "{{quantity}}-{{scope}}-{{period}}"
        if name in LISTED_BY_DATE:
            date, labels = LISTED_BY_DATE[name], {f["name"]: f.get("label") for f in entry["fields"]}
            entry |= {"sortable_fields": [{"field": date, "label": labels[date], "default_sort": "desc"},
                                          {"field": identifier, "label": labels[identifier]}],
                      "summary": f"{{{{{date} | date('DD/MM/YYYY')}}}} · {{{{{identifier}}}}}"}
        collections.append(entry)
    out: dict[str, Any] = {
        "backend": backend,
        "locale": "vi",
        "site_url": "../",  # relative: 'Xem trên cổng' opens the page on whichever host serves the editor
        **({"display_url": site} if site else {}),
        # the portal's mark on the sign-in screen, copied beside the editor: under assets/ a build renames
        # it with its hash, and quan-tri/ is served as it is (outputs/release.py)
        **({"logo": {"src": "logo" + logo.suffix}} if logo else {}),
        "media_folder": "content/assets/anh",
        "public_folder": "assets/anh",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    if proxy:
        out["local_backend"] = {"url": proxy}
    else:
        out["local_backend"] = True
    if workflow:
        out["publish_mode"] = "editorial_workflow"
    return out


EDITOR_KEYS = ("backend", "branch", "repo", "api_root", "base_url", "app_id")  # mkdocs.yml: editor_<key>


def editor_backend(options: dict[str, Any]) -> dict[str, Any]:
    """Decap CMS's `backend` from the plugin's `editor_*` options (docs/operations.md, "Web editor")."""
    backend: dict[str, Any] = {"name": options["backend"], "branch": options["branch"]}
    for key in ("repo", "api_root", "base_url", "app_id"):
        if value := options.get(key):
            backend[key] = value
    if "app_id" in backend:
        backend["auth_type"] = "pkce"
    return backend


def editor_files(cat: Catalog, backend: dict[str, Any], proxy: str | None = None, workflow: bool = False,
                 site: str | None = None, logo: Path | None = None) -> dict[str, bytes]:
    """quan-tri/config.yml, quan-tri/index.html and, when installed, Decap CMS's own files and ours."""
    cfg = yaml.safe_dump(config(cat, backend, proxy, workflow, site, logo), allow_unicode=True, sort_keys=False,
                         width=10_000)
    head = "# Sinh tự động từ generator/models.py mỗi lần dựng trang (generator/outputs/editor.py). Không sửa tay.\n"
    out = {f"{FOLDER}/config.yml": (head + cfg).encode("utf-8")}
    bundle = DIST / "decap-cms.js"
    installed = bundle.is_file()
    out[f"{FOLDER}/index.html"] = _page(installed, meta_policy(editor_policy(backend, proxy))).encode("utf-8")
    if installed:
        out[f"{FOLDER}/khoi-dong.js"] = b"window.CMS_MANUAL_INIT = true;\n"  # before Decap: quan-tri.js starts it
        out[f"{FOLDER}/tieng-viet.js"] = _phrases_script().encode("utf-8")
        out |= {f"{FOLDER}/{name}": (HERE / name).read_bytes() for name in OWN}
        if logo:
            out[f"{FOLDER}/logo{logo.suffix}"] = logo.read_bytes()
        out |= _assets(bundle.stat().st_mtime_ns)
    return out


@functools.lru_cache(maxsize=1)
def _assets(installed_at: int) -> dict[str, bytes]:
    """Decap's bundle, the chunks it loads beside it and its WebAssembly: 6.5 MB read once per
    installation and process, not on every `serve` rebuild."""
    return {f"{FOLDER}/{path.name}": path.read_bytes() for path in sorted(DIST.iterdir())
            if path.name.endswith("decap-cms.js") or path.suffix == ".wasm"}


# Phrases Decap's Vietnamese locale (3.16.3) lacks, which would otherwise show in English, and a few of
# its own that mislead; they take the place of Decap's before the editor starts (quan-tri/tieng-viet.js).
PHRASES_VI = {
    "editor": {
        "editorToolbar": {
            "deployButtonLabel": "Xem trên cổng",  # Decap's "Xem bản hoàn chỉnh": it opens the item's page
            # beside the ← that leads back to the list; short enough for a phone
            "backCollection": "%{collectionLabel}",
        },
        "editorWidgets": {
            "list": {"add": "Thêm %{item}", "addType": "Thêm %{item}"},
            "object": {"expand": "Mở rộng", "collapse": "Thu gọn"},
            "datetime": {"setToNow": "Đặt %{fieldLabel} là bây giờ"},
            "markdown": {"bold": "Đậm", "italic": "Nghiêng", "strikethrough": "Gạch ngang", "code": "Mã",
                         "link": "Liên kết",
                         "linkPrompt": "Nhập địa chỉ của liên kết", "headings": "Tiêu đề", "quote": "Trích dẫn",
                         "bulletedList": "Danh sách dấu đầu dòng", "numberedList": "Danh sách đánh số",
                         "addComponent": "Thêm thành phần",
                         "toggleMode": {"rich": "Chuyển sang văn bản định dạng", "markdown": "Chuyển sang Markdown"}},
            "image": {"chooseMultiple": "Chọn ảnh", "chooseUrl": "Chèn từ địa chỉ", "replaceUrl": "Thay bằng địa chỉ",
                      "promptUrl": "Nhập địa chỉ của ảnh", "addMore": "Thêm ảnh", "removeAll": "Xóa tất cả ảnh"},
            "file": {"chooseMultiple": "Chọn tệp", "chooseUrl": "Chèn từ địa chỉ", "replaceUrl": "Thay bằng địa chỉ",
                     "promptUrl": "Nhập địa chỉ của tệp", "addMore": "Thêm tệp", "removeAll": "Xóa tất cả tệp"},
        },
        "editorControl": {"field": {"widgetLabel": "Trường %{widgetLabel}"}},
        "editorInterface": {"togglePreview": "Bật, tắt xem trước", "toggleScrollSync": "Cuộn cùng nhau",
                            "toggleI18n": "Bật, tắt đa ngôn ngữ"},
    },
    "collection": {
        # Decap writes "＋ Tin tức" with U+FF0B, a plus many fonts lack (a box on screen); the name read
        # out holds the words shown, so that a voice command "Thêm mới" finds the button
        "collectionTop": {"viewAsList": "Xem dạng danh sách", "viewAsGrid": "Xem dạng lưới", "groupBy": "Nhóm theo",
                          "newButton": "+ Thêm mới", "newButtonAriaLabel": "Thêm mới: %{collectionLabel}"},
        "entries": {"unpublishedHeader": "Mục chưa công bố"},
        "groups": {"other": "Khác", "negateLabel": "Không %{label}"},
    },
}


def _phrases_script() -> str:
    return ("(function () {\n  \"use strict\";\n  // The portal's phrases over Decap CMS's Vietnamese ones "
            "(generator/outputs/editor.py).\n"
            f"  var extra = {json.dumps(PHRASES_VI, ensure_ascii=False)};\n"
            "  function merge(into, from) {\n    Object.keys(from).forEach(function (k) {\n"
            "      into[k] = typeof from[k] === \"object\" ? merge(into[k] || {}, from[k]) : from[k];\n"
            "    });\n    return into;\n  }\n"
            "  CMS.registerLocale(\"vi\", merge(JSON.parse(JSON.stringify(CMS.getLocale(\"vi\") || {})), extra));\n"
            "})();\n")


def _page(installed: bool, policy: str) -> str:
    """The editor's page: its own scripts only, as files (its Content-Security-Policy allows no inline script)."""
    title = "Quản trị nội dung — Cổng thông tin khuyến công"
    body = ('<script src="khoi-dong.js"></script>\n<script src="decap-cms.js"></script>\n<script '
            'src="tieng-viet.js"></script>\n'
            '<script src="quan-tri.js"></script>' if installed else
            "<main><h1>Trình soạn thảo chưa được cài đặt</h1><p>Trên máy của bạn, chạy <code>make edit</code> "
            "trong thư mục của cổng, rồi mở lại trang này.</p></main>")
    return (f'<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" '
            f'content="noindex">\n'
            f"<title>{html.escape(title)}</title>\n"
            f'<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
            + ('<link href="quan-tri.css" rel="stylesheet">\n' if installed else "")
            + f"</head>\n<body>\n{body}\n</body>\n</html>\n")
