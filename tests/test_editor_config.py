"""The web editor's configuration (generator/outputs/editor.py) against the models it comes from,
the example CI files and the pre-commit hook. The editor in a browser: tests/browser/test_editor.py."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import models as m
from generator.outputs.editor import COLLECTIONS, LEFT_OUT, editor_files
from generator.site import Paths, load_catalog
from tests.conftest import ROOT, run_cli, write


@pytest.fixture(scope="module")
def config(portal_root: Path) -> dict:
    cat = load_catalog(Paths(portal_root), dt.date(2026, 11, 22))
    files = editor_files(cat, {"name": "github", "repo": "so-ct/cong", "branch": "main"})
    return yaml.safe_load(files["quan-tri/config.yml"])


def _names(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def _data_fields(fields: list[dict]) -> list[dict]:
    """The fields that hold a value: not the headings that open a group of fields (widget "nhom")."""
    return [f for f in fields if f["widget"] != "nhom"]


def _walk(model: type, fields: list[dict], where: str, optional_group: bool = False) -> list[str]:
    """Every field of the model (and of the models it nests) that the editor lacks or marks wrong.
    The parts of an optional group (a news item's picture) are optional in the form, so the group
    can stay empty; `check` requires them when the group is given."""
    missing = []
    given = _names(_data_fields(fields))
    for name, info in model.model_fields.items():
        field = given.get(name)
        if (model, name) in LEFT_OUT:
            if field is not None:
                missing.append(f"{where}.{name}: refused by the model, offered by the editor")
            continue
        if field is None:
            missing.append(f"{where}.{name}")
            continue
        if info.is_required() and not field["required"] and not optional_group:
            missing.append(f"{where}.{name}: required in the model, optional in the editor")
        if optional_group and field["required"]:  # the form could not be saved with the group empty
            missing.append(f"{where}.{name}: required inside an optional group")
        nested = field.get("fields")
        if nested:
            inner = next(a for a in _models(info.annotation))
            missing += _walk(inner, nested, f"{where}.{name}", field["widget"] == "object" and not field["required"])
    return missing


def _models(annotation):  # noqa: ANN001, ANN202
    import typing
    from pydantic import BaseModel

    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            yield a
        stack += list(typing.get_args(a))


def test_every_field_of_every_content_type_is_in_the_editor(config: dict):
    by_name = {c["name"]: c for c in config["collections"]}
    assert set(by_name) == {name for name, *_ in COLLECTIONS}
    problems = []
    for name, _, folder, model, _ in COLLECTIONS:
        collection = by_name[name]
        assert collection["folder"] == folder
        fields = [f for f in _data_fields(collection["fields"]) if f["name"] != "body"]
        problems += _walk(model, fields, name)
        kept = [n for n in model.model_fields if (model, n) not in LEFT_OUT]  # a field the kind refuses has no widget
        assert len(fields) == len(kept), name  # nothing the model lacks either
    assert problems == []


def test_widgets_carry_the_lists_labels_hints_and_relations(config: dict):
    by_name = {c["name"]: _names(c["fields"]) for c in config["collections"]}
    group = by_name["san-pham"]["group"]
    assert group["widget"] == "select" and {"label": m.PRODUCT_GROUPS["co-khi"], "value": "co-khi"} in group["options"]
    assert (by_name["san-pham"]["name"]["label"] == "Tên sản phẩm"
            and by_name["san-pham"]["name"]["hint"].startswith("Như trong"))
    province = by_name["san-pham"]["province"]
    values = {o["value"]: o["label"] for o in province["options"]}
    assert len([v for v in values if "nay thuộc" not in values[v]]) == 34
    assert values["Bắc Giang"] == "Bắc Giang (tỉnh cũ, nay thuộc Bắc Ninh)" and "Bắc Ninh (cũ)" not in values
    scopes = {o["value"] for o in by_name["so-lieu"]["scope"]["options"]}
    assert {"ca-nuoc", "Bắc Ninh", "Bắc Ninh (cũ)", "Bắc Giang"} <= scopes
    assert by_name["de-an"]["products"] | {"widget": "relation", "collection": "san-pham",
                                           "multiple": True} == by_name["de-an"]["products"]
    assert by_name["van-ban"]["relations"]["fields"][1]["collection"] == "van-ban"
    assert by_name["tin-tuc"]["date"]["widget"] == "ngay" and "with_time" not in by_name["tin-tuc"]["date"]
    assert by_name["su-kien"]["start"]["widget"] == "ngay" and by_name["su-kien"]["start"]["with_time"] is True
    assert (by_name["de-an"]["total_budget_vnd"]["value_type"] == "int"
            and by_name["de-an"]["total_budget_vnd"]["min"] == 0)
    assert (by_name["san-pham"]["description"]["widget"] == "markdown"
            and by_name["san-pham"]["draft"]["widget"] == "boolean")
    assert by_name["san-pham"]["id"]["required"] and by_name["san-pham"]["id"]["pattern"][0] == m.SLUG_RE.pattern
    topics = by_name["tin-tuc"]["topics"]
    assert topics["multiple"] and {"label": "Chính sách khuyến công", "value": "chinh-sach"} in topics["options"]
    assert config["locale"] == "vi" and config["slug"]["clean_accents"] is True
    assert config["backend"] == {"name": "github", "repo": "so-ct/cong",
                                 "branch": "main"} and config["local_backend"] is True


def _dates(model: type) -> list[str]:
    """The model's date fields (a day, or a day with an optional time)."""
    return [n for n, f in model.model_fields.items() if dt.date in set(_leaves(f.annotation))]


def _leaves(annotation):  # noqa: ANN001, ANN202
    import typing

    stack = [annotation]
    while stack:
        a = stack.pop()
        args = typing.get_args(a)
        if args and typing.get_origin(a) is not list:
            stack += list(args)
        else:
            yield a


def _every_field(fields: list[dict]):  # noqa: ANN202
    for f in fields:
        yield f
        yield from _every_field(f.get("fields", []))


def test_every_item_names_a_source_in_the_model_and_in_the_form(config: dict):
    """Every item needs a public source: the model requires one, so the form does too (a list with
    at least one entry, whose address is required)."""
    for name, _, _, model, _ in COLLECTIONS:
        assert model.model_fields["source"].is_required(), name
        source = _names(next(c for c in config["collections"] if c["name"] == name)["fields"])["source"]
        assert source["required"] is True and source["min"] == 1, name
        assert _names(source["fields"])["url"]["required"] is True, name


def test_the_news_form_puts_what_must_be_written_first_with_the_body_after_the_summary(config: dict):
    news = next(c for c in config["collections"] if c["name"] == "tin-tuc")
    order = [f["name"] for f in news["fields"]]
    assert order[:5] == ["title", "summary", "body", "date", "source"]
    body = _names(news["fields"])["body"]
    assert body["widget"] == "markdown" and body["required"] is True
    # the fields a communicator must fill all come before the first optional one
    required = [f["required"] for f in _data_fields(news["fields"]) if f["widget"] != "hidden"]
    assert required == sorted(required, reverse=True)


def test_news_has_one_publication_date_and_the_schedule_in_a_group_of_its_own(config: dict):
    news = next(c for c in config["collections"] if c["name"] == "tin-tuc")
    shown = [f for f in news["fields"] if f["widget"] != "hidden"]
    dates = {f["name"]: f["label"] for f in shown if f["widget"] == "ngay"}
    assert dates == {"date": "Ngày đăng", "posted": "Ngày đăng trên cổng", "publish_date": "Hẹn giờ đăng",
                     "expires": "Gỡ xuống sau", "updated": "Ngày cập nhật", "review_by": "Xem lại trước ngày"}
    # one publication date; the day the portal posted it is named as such, and `published` (which the
    # model refuses on news) has no field at all
    assert [label for label in dates.values()
            if label.lower().startswith("ngày đăng")] == ["Ngày đăng", "Ngày đăng trên cổng"]
    assert "published" not in {f["name"] for f in news["fields"]}
    assert "ngày bài đó đăng" in _names(shown)["date"]["hint"] and "Đăng trên cổng" in _names(shown)["posted"]["hint"]
    hidden = {f["name"] for f in news["fields"] if f["widget"] == "hidden"}
    assert hidden == {"slug"}  # kept as written in a file: a news item's address is its file's name
    for name in hidden:
        assert not m.NewsMeta.model_fields[name].is_required()
    # the schedule: a heading, then exactly the fields that say when the item shows, nothing else
    names = [f["name"] for f in shown]
    heading = next(i for i, f in enumerate(shown) if f["widget"] == "nhom")
    assert shown[heading]["label"] == "Hẹn giờ đăng, gỡ xuống" and shown[heading]["required"] is False
    following = names[heading + 1:]
    group = following[:following.index(next(n for n in following if _names(shown)[n]["widget"] == "nhom"))]
    assert group == ["draft", "publish_date", "expires"]
    assert all(_names(shown)[n]["widget"] != "nhom" or n.startswith("nhom_") for n in names)


def test_every_field_shown_has_a_vietnamese_label(config: dict):
    """A field without a docstring would show its code name ("deadline") to a communicator."""
    bare = [f"{c['name']}.{f['name']}" for c in config["collections"] for f in _every_field(c["fields"])
            if f["widget"] != "hidden" and f["label"] == f["name"]]
    assert bare == []


def test_every_date_is_typed_and_shown_day_first_whatever_the_browser(config: dict):
    """Decap's datetime widget draws the browser's own date input, which follows the browser's language
    (12/04/2026 for 4 December in en-US): every date field uses the portal's widget instead."""
    for collection, (name, _, _, model, _) in zip(config["collections"], COLLECTIONS):
        fields = _names(collection["fields"])
        for date in (d for d in _dates(model) if (model, d) not in LEFT_OUT):
            assert fields[date]["widget"] in ("ngay", "hidden"), (name, date)
        assert not [f["name"] for f in _every_field(collection["fields"]) if f["widget"] == "datetime"], name


def _compile(template: str, slug: str, fields: dict) -> str:
    """Decap's string template, as it makes a preview path: `{{slug}}` is the entry's file name,
    `{{fields.x}}` a field's value."""
    return re.sub(r"\{\{\s*([^}| ]+)\s*\}\}", lambda mt: slug if mt[1] == "slug"
                  else str(fields[mt[1].removeprefix("fields.")]), template)


def test_view_on_the_portal_opens_the_items_own_page(config: dict, portal_root: Path):
    """'Xem trên cổng' is site_url + the collection's preview_path: for every item of the test portal,
    it is the address the catalog gives the item."""
    from generator.pages.figures import FIGURES_URL

    cat = load_catalog(Paths(portal_root), dt.date(2026, 11, 22))
    by_name = {c["name"]: c for c in config["collections"]}
    assert config["site_url"] == "../"  # the editor is at quan-tri/, one level below the site's root
    assert "display_url" not in config  # given only by the build, which knows the site's address
    cat_files = editor_files(cat, {"name": "git-gateway"}, site="https://khuyencong.example.vn/")
    assert yaml.safe_load(cat_files["quan-tri/config.yml"])["display_url"] == "https://khuyencong.example.vn/"
    kinds = {"tin-tuc": cat.news, "san-pham": cat.products, "de-an": cat.projects, "van-ban": cat.legal,
             "su-kien": cat.events, "co-quan": cat.organisations}
    for name, entries in kinds.items():
        assert entries, name
        for e in entries:
            # the form requires `id`, so the address comes from it (news: from the file's name)
            path = _compile(by_name[name]["preview_path"], Path(e.origin.rel).stem, {"id": e.id})
            assert path == e.url, (name, e.origin.rel)
    assert by_name["so-lieu"]["preview_path"] == FIGURES_URL  # a figure has no page of its own


def test_news_file_names_stay_the_address_the_catalog_makes(config: dict):
    """The file's name is the news item's address: it takes the day as written in the form (Decap's
    {{day}} is the UTC day, the day before in Vietnam for a date typed without a time) and at most
    80 characters, the length the catalog keeps of a file's name."""
    news = next(c for c in config["collections"] if c["name"] == "tin-tuc")
    assert news["slug"] == "{{fields.date}}-{{slug | truncate(69, '')}}"
    assert len("2026-12-04-") + 69 == 80
    assert not re.search(r"\{\{\s*(year|month|day|hour|minute)", news["slug"] + news.get("summary", ""))


def test_lists_show_newest_first_with_their_dates(config: dict):
    by_name = {c["name"]: c for c in config["collections"]}
    news = by_name["tin-tuc"]
    sort = news["sortable_fields"]
    assert sort[0] == {"field": "date", "label": "Ngày đăng", "default_sort": "desc"}
    assert [s for s in sort if "default_sort" in s] == [sort[0]]
    assert news["summary"] == "{{date | date('DD/MM/YYYY')}} · {{title}}"
    assert {"label": "Bản nháp", "field": "draft", "pattern": True} in news["view_filters"]
    assert by_name["su-kien"]["sortable_fields"][0] == {"field": "start", "label": "Bắt đầu", "default_sort": "desc"}
    for c in config["collections"]:
        # the form takes the whole width; 'Xem trên cổng' shows the page
        assert c["editor"] == {"preview": False}, c["name"]


def test_the_sign_in_screen_shows_the_portals_mark(portal_root: Path):
    """The mark mkdocs.yml names (theme.logo), served beside the editor: under assets/ a build renames
    it with its hash, and the editor's files are served as they are."""
    mark = ROOT / "templates" / "theme" / "assets" / "brand" / "logo.svg"
    cat = load_catalog(Paths(portal_root), dt.date(2026, 11, 22))
    files = editor_files(cat, {"name": "git-gateway"}, logo=mark)
    assert yaml.safe_load(files["quan-tri/config.yml"])["logo"] == {"src": "logo.svg"}
    assert files["quan-tri/logo.svg"] == mark.read_bytes()


def test_the_build_gives_the_editor_the_portals_mark(portal_site: Path):
    """The build passes mkdocs.yml's theme.logo (assets/brand/logo.svg in the theme's folder)."""
    config = yaml.safe_load((portal_site / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    assert (portal_site / "quan-tri" / config[
        "logo"]["src"]).read_bytes() == (ROOT / "templates/theme/assets/brand/logo.svg").read_bytes()


def test_the_editor_page_loads_its_additions_from_the_site(portal_root: Path):
    from generator.outputs.editor import DIST

    if not (DIST / "decap-cms.js").is_file():
        pytest.skip("decap-cms is not installed (make editor-deps)")
    cat = load_catalog(Paths(portal_root), dt.date(2026, 11, 22))
    files = editor_files(cat, {"name": "git-gateway"})
    page = files["quan-tri/index.html"].decode("utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["khoi-dong.js", "decap-cms.js", "tieng-viet.js", "quan-tri.js"]
    assert page.count("<script") == len(scripts)  # no inline script: the editor's policy allows none
    assert re.findall(r'<link href="([^"]+)" rel="stylesheet">', page) == ["quan-tri.css"]
    for name in [*scripts, "quan-tri.css"]:
        assert f"quan-tri/{name}" in files
    for own in ("quan-tri.js", "quan-tri.css"):  # nothing from another host
        assert not re.search(r"https?:|url\(|@import|fetch\(", files[f"quan-tri/{own}"].decode("utf-8")), own


def test_phrases_replace_decaps_where_they_mislead(config: dict):
    from generator.outputs.editor import PHRASES_VI

    top = PHRASES_VI["collection"]["collectionTop"]
    assert "＋" not in top["newButton"]  # U+FF0B is missing from many fonts: a box instead of a plus
    assert PHRASES_VI["editor"]["editorToolbar"]["deployButtonLabel"] == "Xem trên cổng"


def test_every_province_and_scope_option_is_one_the_portal_reads(config: dict, portal_root: Path):
    from generator.statistics import resolve_scope

    cat = load_catalog(Paths(portal_root), dt.date(2026, 11, 22))
    by_name = {c["name"]: _names(c["fields"]) for c in config["collections"]}
    provinces = by_name["san-pham"]["province"]["options"]
    assert len({cat.index.resolve(o["value"]).unit.id for o in provinces}) == 34
    former = sum(len(p.model.former_units) for p in cat.provinces)
    assert former == 63 and len(provinces) == 34 + 63 - sum(f.name == p.model.name for p in cat.provinces for f
                                                            in p.model.former_units)
    scopes = by_name["so-lieu"]["scope"]["options"]
    assert len(scopes) == 1 + len(m.REGIONS) + 34 + 63
    for option in scopes:
        assert resolve_scope(option["value"], cat.index) is not None, option


def test_a_new_model_field_reaches_the_editor_without_a_second_edit(portal_root: Path, monkeypatch: pytest.MonkeyPatch):
    from pydantic import create_model

    grown = create_model("Product", __base__=m.Product, packaging=(m.Text | None, None))
    monkeypatch.setattr("generator.outputs.editor.COLLECTIONS", [("san-pham", "Sản phẩm", "site_data/products", grown,
                                                                  "name")])
    cat = load_catalog(Paths(portal_root), dt.date(2026, 11, 22))
    cfg = yaml.safe_load(editor_files(cat, {"name": "git-gateway"})["quan-tri/config.yml"])
    assert "packaging" in _names(cfg["collections"][0]["fields"])


def test_a_value_the_form_would_not_offer_is_still_caught_by_check(mini: Path, capsys):
    """Someone edits the file by hand, past the form: `check` names the file, line and fix."""
    write(mini,
          {"site_data/products/mien-dong.yml": "id: mien-dong\nname: Miến dong\nestablishment: HTX\nprovince: Bac "
                                               "Giang moi\n"
                                                     "source:\n  - url: https://example.org/a\n"})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert code == 1
    assert err.splitlines()[1:] == [
        "site_data/products/mien-dong.yml:4:1: province: không tìm thấy tỉnh, thành phố 'Bac Giang moi'. Có phải ý "
        "bạn là 'Bắc Giang (nay thuộc Bắc Ninh)'?"]
    write(mini,
          {"site_data/products/mien-dong.yml": "id: mien-dong\nname: Miến dong\nestablishment: HTX\nprovince: Bắc "
                                               "Giang\n"
                                                     "level: cấp huyện\nsource:\n  - url: https://example.org/a\n"})
    code, _, err = run_cli(["--root", str(mini), "--lang", "vi", "check"], capsys)
    assert err.splitlines()[1:] == [
        "site_data/products/mien-dong.yml:5:1: level: giá trị 'cấp huyện' không có trong danh sách cho phép: xa, "
        "huyen, tinh, khu-vuc, quoc-gia"]


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_the_example_ci_files_build_on_push_and_every_hour(name: str):
    doc = yaml.safe_load((ROOT / ".ci" / "examples" / name).read_text(encoding="utf-8"))
    text = (ROOT / ".ci" / "examples" / name).read_text(encoding="utf-8")
    if name == "github-actions.yml":
        on = doc[True]  # YAML 1.1 reads the key `on` as true
        assert on["push"]["branches"] == ["main"] and on["schedule"][0]["cron"] == "7 * * * *"
        steps = [s.get("run") for s in doc["jobs"]["build"]["steps"]]
        assert "make check" in steps and "make build" in steps
        build = next(s for s in doc["jobs"]["build"]["steps"] if s.get("run") == "make build")
        assert build["env"]["EDITOR_BACKEND"] == "github" and build["env"]["EDITOR_REPO"] == "${{ github.repository }}"
        # the whole history, or pages have no last-updated date, change notes or redirects (history.py)
        checkout = next(s for s in doc["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0
    else:
        assert doc["variables"]["GIT_DEPTH"] == 0
        assert doc["pages"]["script"][-2:] == ["make build", "mv site public"]
        assert doc["check"]["script"] == ["make check"]
        assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in doc["pages"]["rules"] and '"7 * * * *"' in text
        assert doc["pages"]["variables"]["EDITOR_BACKEND"] == "gitlab"


def test_pre_commit_runs_check_and_stops_a_bad_commit(tmp_path: Path):
    """The pinned pre-commit framework, with the repository's own hook, in a scratch git repository."""
    from tests.conftest import copy_portal

    repo = copy_portal(tmp_path / "repo")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    (repo / "Makefile").write_text(f"check:\n\t{sys.executable} -m generator check\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT)}
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, capture_output=True, text=True)  # noqa: E731
    pre_commit = [sys.executable, "-m", "pre_commit"]
    assert git("init", "-q").returncode == 0
    assert subprocess.run([*pre_commit, "validate-config", ".pre-commit-config.yaml"], cwd=repo,
                          env=env).returncode == 0
    assert subprocess.run([*pre_commit, "install"], cwd=repo, env=env, capture_output=True).returncode == 0
    git("add", "-A")
    good = git("commit", "-qm", "nội dung mẫu")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = repo / "site_data" / "products" / "hong.yml"
    bad.write_text("id: hong\nname: Hỏng\nestablishment: HTX\nprovince: Tỉnh Không Có\nsource:\n  - url: "
                   "https://example.org/a\n", encoding="utf-8")
    git("add", "-A")
    refused = git("commit", "-qm", "sai tỉnh")
    assert refused.returncode != 0
    assert ("site_data/products/hong.yml:4:1: province: không tìm thấy tỉnh, thành phố 'Tỉnh Không Có'"
            in refused.stdout + refused.stderr)


@pytest.mark.parametrize("name", ["github-actions-s3.yml", "gitlab-ci-s3.yml"])
def test_the_object_storage_examples_deploy_on_push_and_every_hour_with_keys_from_secrets(name: str):
    text = (ROOT / ".ci" / "examples" / name).read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    if name.startswith("github"):
        on = doc[True]
        assert on["push"]["branches"] == ["main"] and on["schedule"][0]["cron"] == "7 * * * *"
        steps = doc["jobs"]["deploy"]["steps"]
        env = next(s for s in steps if "khuyencong deploy" in s.get("run", ""))["env"]
        runs = [s.get("run", "") for s in steps]
        assert runs.index("make build") < next(i for i, r in enumerate(runs) if "khuyencong deploy portal:" in r)
    else:
        env = doc["deploy"]["variables"]
        assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in doc["deploy"]["rules"]
        script = doc["deploy"]["script"]
        assert script.index("make build") < script.index(".venv/bin/khuyencong deploy portal:khuyencong")
    if name.startswith("github"):
        cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))["with"]
        build_env = next(s for s in steps if s.get("run") == "make build")["env"]
    else:
        cache, build_env = {"path": "\n".join(doc["deploy"]["cache"]["paths"])}, env
    # the build cache and the store of compressed copies kept between runs, side by side
    assert cache["path"].split() == [".cache/build", ".cache/compressed"]
    assert build_env["BUILD_ARGS"] == "--cache .cache/build"
    assert build_env["KHUYENCONG_COMPRESS_STORE"] == ".cache/compressed"
    keys = {k: v for k, v in env.items() if k.endswith(("ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "ENDPOINT"))}
    assert len(keys) == 3 and all(re.fullmatch(r"\$\{\{ secrets\.\w+ \}\}|\$\w+", v) for v in keys.values()), keys


def test_every_publishable_form_ends_with_a_note_for_editors(config: dict):
    """`editor_note` is plain text under its own heading, last, for each kind that has it."""
    for collection, (name, _, _, model, _) in zip(config["collections"], COLLECTIONS):
        if "editor_note" not in model.model_fields:
            continue
        shown = [f for f in collection["fields"] if f["widget"] != "hidden"]
        assert [f["name"] for f in shown[-2:]] == ["nhom_ghi_chu", "editor_note"], name
        assert (shown[-1]["widget"] == "text" and shown[-1]["label"] == "Ghi chú cho biên tập viên" and
                not shown[-1]["required"]), name
        assert "không hiện trên cổng" in shown[-2]["hint"]
