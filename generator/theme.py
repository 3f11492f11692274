"""What the theme's templates (templates/theme/, on Material's) are given: the portal's own globals,
its interface text, the frame parts shared by generated pages, and the site's identity (icons).

Plain Jinja and plain values: the adapter (plugin.py) hands them to whatever environment the page
host makes. Nothing here reads the host's configuration objects.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import material
import mkdocs
from mkdocs.utils import get_build_datetime, get_relative_url
from markupsafe import Markup

from generator.text import vn_date
from generator.entries import Catalog
from generator.errors import ContentError, problem
from generator.frame import Link, links_from, listed, place
from generator.i18n import interface_text, translations
from generator.markup import page_url
from generator.models import SOURCE_LANGS
from generator.outputs.identity import Identity, IconError, identity_files, read_icon
from generator.outputs.security import page_policy
from generator.pages.english import english_nav
from generator.shared_frames import META_HOLES, PAGE_HOLES, SharedFrames, shape

MATERIAL = str(Path(material.__file__).parent / "templates")  # "material/…" reaches the theme's own partials


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, in memory: entries are keyed by template name and checksum of the
    source, so an edited template is compiled again. `serve` keeps the theme's compiled templates
    between rebuilds with it (the host makes a new environment for every build)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def page_language(page: Any) -> str:
    """The language of a page as the theme renders it (generator/i18n.py's language_meta)."""
    meta = getattr(page, "meta", None) or {}
    return meta.get("kc_lang") or "vi"


class Fragments:
    """The theme's navigation, tabs and config script are the same on every generated page of one
    folder depth (none is in the navigation, so none is marked active): the theme overrides render
    each once per (part, depth, language, place) through `kc_fragment`."""

    def __init__(self) -> None:
        self.done: dict[tuple[Any, ...], str] = {}

    def __call__(self, name: str, base_url: str, lang: str = "vi", *where: Any, caller: Any) -> str:
        key = (name, base_url, lang, *where)
        if key not in self.done:
            self.done[key] = caller()
        return self.done[key]


def page_framer(env: jinja2.Environment, config: Any, nav: Any, files: Any,
                shared: bool = False) -> tuple[Callable[[Any], str], SharedFrames | None]:
    """A page's whole HTML as MkDocs writes it (mkdocs.commands.build, 1.6): its template with the
    context MkDocs documents for themes (config, nav, pages, base_url, page, mkdocs_version,
    build_date_utc), then the plugins' page_context and post_page events. `shared`: the pages of
    one shape share one frame, filled per page (generator/shared_frames.py); returned beside, for
    its counts."""
    pages = files.documentation_pages()
    build_date = get_build_datetime()

    def render(page: Any) -> str:
        context = {"config": config, "nav": nav, "pages": pages, "base_url": get_relative_url(".", page.url),
                   "page": page, "mkdocs_version": mkdocs.__version__, "build_date_utc": build_date}
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return env.get_template(page.meta.get("template", "main.html")).render(context)

    def shape_of(page: Any, own: dict[str, Any]) -> tuple[Any, ...] | None:
        here = env.globals["kc_nav"](page)[1]
        return shape(page, page.meta.get("template", "main.html"), get_relative_url(".", page.url), here, own)

    frames = SharedFrames(render, probe, shape_of) if shared else None
    made = frames.frame if frames is not None else render

    def frame(page: Any) -> str:
        return config.plugins.on_post_page(made(page), page=page, config=config)

    return frame, frames


def probe(page: Any, wrapped: dict[str, str]) -> Any:
    """A copy of `page` with the values of `wrapped` in place of its own (generator/shared_frames.py)."""
    copied = copy.copy(page)
    copied.meta = {**page.meta, **{k: v for k, v in wrapped.items() if k in META_HOLES}}
    for name in PAGE_HOLES:
        if name in wrapped:
            setattr(copied, name, wrapped[name])
    return copied


# Material's files no page of the portal asks for: its JavaScript (the bundle, the search worker and
# lunr's language files; the frame, templates/theme/base.html, loads none), its colour palettes
# (the portal's colours are in assets/portal.css) and the source maps of its stylesheets.
UNUSED_THEME_FILES = ("assets/javascripts/", "assets/stylesheets/palette.")


def unused_theme_file(src_uri: str) -> bool:
    return src_uri.startswith(UNUSED_THEME_FILES) or (src_uri.startswith("assets/stylesheets/")
                                                       and src_uri.endswith(".map"))


def static_files(files: Any) -> dict[str, Callable[[], bytes]]:
    """The files the host copies as they are (MkDocs' `Files`): site path → their bytes, when asked."""
    return {f.dest_uri: (lambda f=f: f.content_bytes) for f in files if not f.is_documentation_page()}


def asset_urls(env: jinja2.Environment, names: dict[str, str]) -> None:
    """Make the host's `url` filter give an asset the hashed name the release will give it (none
    planned: left as it is)."""
    if not names:
        return
    url_filter = env.filters["url"]

    @jinja2.pass_context
    def url(context: Any, value: Any) -> Any:
        return url_filter(context, names.get(value, value) if isinstance(value, str) else value)

    env.filters["url"] = url


def theme_globals(templates: Path, nav: Any, catalog: Catalog, identity: Identity, serving: bool,
                  is_generated: Callable[[Any], bool]) -> dict[str, Any]:
    """The globals the theme overrides use. `nav` is mkdocs.yml's navigation as written."""

    def theme_text(ctx: Any, message: str, **params: Any) -> Markup:
        # A shared fragment renders with `page = none`: the frame says the page's language. The
        # theme's environment does not autoescape: the text comes escaped, as in page templates.
        lang = ctx.get("kc_page_lang") or page_language(ctx.get("page"))
        return interface_text(translations(templates, lang), message, params)

    english = english_nav(templates)
    sections = {"vi": links_from(nav or [], page_url), "en": tuple(Link(t, u) for t, u, _about in english)}
    return {
        "kc_fragment": Fragments(),
        "kc_shared": is_generated,
        "kc_source_langs": SOURCE_LANGS,  # a hand-written page's sources say a linked page's language
        "kc_lang": page_language,
        "kc_date": vn_date,  # dd/mm/yyyy, as every page writes a date (text.py)
        "_": jinja2.pass_context(theme_text),
        "kc_english_nav": english,
        "kc_listed": listed,
        "kc_nav": lambda page: (sections[page_language(page)],
                                place(sections[page_language(page)], page.url if page else "")),
        "kc_owner": catalog.owner,
        "kc_page_history": catalog.page_history,  # a hand-written page's History, by its file (history.py)
        "kc_identity": identity,
        # The page carries its policy, for hosts that send none (a bucket). Not in `serve`: the live
        # reload is an inline script the policy would refuse, and the preview would never refresh.
        "kc_csp": "" if serving else page_policy(),
    }


def named_file(bases: list[Path], rel: str) -> Path | None:
    """A file mkdocs.yml names, found among the pages' files or the theme's (not a link)."""
    return next((b / rel for b in bases if (b / rel).is_file() and not (b / rel).is_symlink()), None)


def site_identity(extra: dict[str, Any], site_name: str, language: str,
                  bases: list[Path]) -> tuple[Identity, dict[str, bytes]]:
    """The icons and web manifest made from mkdocs.yml's `extra.icon` (outputs/identity.py)."""
    color = str(extra.get("theme_color") or "#1d4f91")
    rel = extra.get("icon")
    if not rel:
        return Identity(color, False), {}
    path = named_file(bases, rel)
    if path is None:
        raise ContentError([problem("mkdocs.yml", 0, 0, "extra.icon", "icon_missing", value=rel)])
    try:
        icon = read_icon(path)
    except IconError as exc:
        raise ContentError([problem("mkdocs.yml", 0, 0, "extra.icon", "icon_bad", value=rel, why=str(exc))]) from None
    short = str(extra.get("short_name") or site_name)
    return Identity(color, True), identity_files(icon, site_name, short, language, color)


def nav_uris(nav: Any) -> set[str]:
    """Every page file named in mkdocs.yml's `nav`."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(nav_uris(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(nav_uris(v) for v in nav)) if nav else set()
    return set()
