"""Pages that share their frame (generator/shared_frames.py): a page filled from its shape's frame
is byte for byte the page the templates render, whatever the templates do with its values; where a
frame cannot be proved on two pages, every page is rendered by the templates."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator import shared_frames
from generator.shared_frames import SharedFrames, shape
from tests.conftest import BUILD_DATE, ROOT, copy_portal


@dataclasses.dataclass
class Page:
    url: str
    meta: dict[str, Any]
    content: str
    canonical_url: str | None = None
    edit_url: str | None = None
    is_homepage: bool = False


def probe(page: Page, wrapped: dict[str, str]) -> Page:
    meta = {**page.meta, **{k: v for k, v in wrapped.items() if k in ("title", "description", "kc_jsonld")}}
    return dataclasses.replace(page, meta=meta, content=wrapped.get("content", page.content),
                               canonical_url=wrapped.get("canonical_url", page.canonical_url),
                               edit_url=wrapped.get("edit_url", page.edit_url))


FRAME = """<!doctype html><html lang="{{ page.meta.lang }}"><head>
<title>{{ page.meta.title | striptags }} - Cổng</title>
{% if page.meta.description %}<meta name="description" content="{{ page.meta.description | e }}">{% endif %}
{% if page.canonical_url %}<link rel="canonical" href="{{ page.canonical_url }}">{% endif %}
<meta property="og:type" content="{{ 'article' if page.meta.kc_jsonld and '"NewsArticle"' in page.meta.kc_jsonld
  else 'website' }}">
<script type="application/ld+json">{"name":{{ page.meta.title | tojson }},"@graph":{{ page.meta.kc_jsonld }}}</script>
</head><body><nav>{{ depth }}</nav><main>
{% if "<h1" not in page.content %}<h1>{{ page.meta.title }}</h1>{% endif %}{{ page.content }}
</main><p class="print">{{ page.canonical_url | e }}</p></body></html>"""


def framer(source: str) -> tuple[SharedFrames, Any]:
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": source}))

    def render(page: Page) -> str:
        return env.get_template("main.html").render(page=page, depth=page.url.count("/"))

    def shape_of(page: Page, own: dict[str, Any]) -> tuple[Any, ...] | None:
        return shape(page, "main.html", "../" * page.url.count("/"), None, own)

    return SharedFrames(render, probe, shape_of), render


TITLES = ["Mô hình máy sấy chè", "Dệt &amp; nhuộm &quot;thổ cẩm&quot;", "Gốm <b>Bát Tràng</b>", "  hai  khoảng  ",
          "Nón lá 'Huế'", "Trích: \"tin\" \\ mới", "Lò nung\nmới", "Mây tre đan"]


def pages() -> list[Page]:
    out = []
    for i, title in enumerate(TITLES * 3):
        news = i % 3 == 0
        out.append(Page(url=f"tin-tuc/muc-{i}/", meta={"lang": "vi", "title": title,
                                                      "description": f"Mô tả {title} & {i}" if i % 4 else "",
                                                      "kc_jsonld": '[{"@type":"NewsArticle"}]' if news else
                                                      '[{"@type":"Thing","n":%d}]' % i},
                        content=(f"<h1>{title}</h1>" if i % 2 else "") + f"<p>Nội dung {i} &amp; <em>{title}</em></p>",
                        canonical_url=f"https://kc.example/tin-tuc/muc-{i}/?a=1&b={i}"))
    return out


def test_a_filled_page_is_the_page_the_templates_render():
    frames, render = framer(FRAME)
    for page in pages():
        assert frames.frame(page) == render(page), page.meta["title"]
    assert frames.filled >= len(pages()) // 2  # most pages came from a frame
    assert frames.rendered >= 2


@pytest.mark.parametrize("source", [
    FRAME.replace("<nav>{{ depth }}</nav>", "<nav>{{ page.url }}</nav>"),  # a value that is not a hole
    FRAME.replace("{{ page.meta.title | striptags }}", "{{ page.meta.title | upper }}"),  # a change not known
    FRAME.replace("{{ page.content }}", "{{ page.content | truncate(30) }}"),
])
def test_a_frame_that_cannot_be_proved_is_not_used(source: str):
    """Nor tried again: a shape whose frame failed on its second page is rendered in full after it."""
    frames, render = framer(source)
    tried, make = [], frames._make
    frames._make = lambda *args: tried.append(args) or make(*args)
    for page in pages():
        assert frames.frame(page) == render(page)
    assert frames.filled == 0 and frames.rendered == len(pages())
    assert 0 < len(tried) <= len(frames.seen) < len(pages()) // 2


def test_a_test_on_a_value_the_shape_does_not_hold_is_caught_on_the_first_two_pages():
    """The first two pages of a shape differ in what the template tests: no frame for it."""
    source = FRAME.replace("<nav>{{ depth }}</nav>", "{% if 'Gốm' in page.meta.title %}<em>gốm</em>{% endif %}")
    frames, render = framer(source)
    first, second = (Page(url=f"san-pham/{n}/", meta={"lang": "vi", "title": title, "kc_jsonld": "[]"},
                          content="<h1>x</h1>") for n, title in ((1, "Gốm sứ"), (2, "Chè")))
    for page in (first, second):
        assert frames.frame(page) == render(page)
    assert frames.filled == 0


def test_a_value_that_is_not_text_is_rendered_in_full():
    frames, render = framer(FRAME)
    odd = [dataclasses.replace(p, meta={**p.meta, "description": ["a", "b"]}) for p in pages()[:4]]
    for page in odd:
        assert frames.frame(page) == render(page)
    assert frames.filled == 0


def test_a_page_holding_a_token_is_rendered_by_the_templates(monkeypatch: pytest.MonkeyPatch):
    """A page whose text holds the very tokens of its frame (a nonce of 16 random hex digits: here
    made to be "0000") gets no frame made from it: the templates render it."""
    monkeypatch.setattr(shared_frames.secrets, "token_hex", lambda n: "0000")
    frames, render = framer(FRAME)
    tricky = [dataclasses.replace(p, content=p.content + " kc0000s0x ") for p in pages()]
    for page in tricky:
        assert frames.frame(page) == render(page)
    assert frames.filled == 0


def _build(root: Path, out: Path, shared: str) -> dict[str, int]:
    marks = out.parent / f"marks-{shared}.txt"
    env = {**os.environ, "KHUYENCONG_SHARED_FRAMES": shared, "NO_MKDOCS_2_WARNING": "1",
           "KHUYENCONG_STAGES": str(marks)}
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir", str(out),
                          "--build-date", BUILD_DATE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    counts: dict[str, int] = {}
    for line in marks.read_text(encoding="utf-8").splitlines():
        if line.startswith("= "):
            key, value = line.split(" ", 2)[2].rsplit("=", 1)
            counts[key] = counts.get(key, 0) + int(value)
    return counts


@pytest.mark.slow  # the test portal built once more, in a process of its own
def test_another_plugin_reads_and_changes_the_generated_pages(tmp_path: Path):
    """Alone, the portal's plugin leaves MkDocs nothing to read of the pages the core writes
    (host_pages.PortalFile.core_writes). With another plugin beside it (here a hook), MkDocs reads
    them as it reads hand-written pages: the plugin's page events see them, what it changes is
    written, and no frame is shared."""
    root = copy_portal(tmp_path / "portal")
    (root / "kc_test_hook.py").write_text("def on_page_content(html, page, config, files):\n"
                                          "    return html + '<p>kc-test-hook-saw-this</p>'\n", encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - kc_test_hook.py\n")
    counts = _build(root, tmp_path / "site", "on")
    pages = sorted((tmp_path / "site" / "tin-tuc").glob("*/index.html"))
    assert len(pages) > 10
    assert all("kc-test-hook-saw-this" in p.read_text(encoding="utf-8") for p in pages)
    assert counts.get("pages filled from a shared frame", 0) == 0


@pytest.mark.slow  # the test portal built twice more, in processes of their own
def test_the_test_portal_is_the_same_with_and_without_shared_frames(tmp_path: Path):
    root = copy_portal(tmp_path / "portal")
    on, off = root.parent / "on", root.parent / "off"
    counts = _build(root, on, "on")
    assert counts["pages filled from a shared frame"] > counts["pages framed by the templates"] > 0
    assert _build(root, off, "off").get("pages filled from a shared frame", 0) == 0
    one = {p.relative_to(on): p for p in on.rglob("*") if p.is_file()}
    two = {p.relative_to(off): p for p in off.rglob("*") if p.is_file()}
    assert sorted(one) == sorted(two)
    assert [str(k) for k in one if one[k].read_bytes() != two[k].read_bytes()] == []


ALLOWED_FILTERS = {"e", "escape", "striptags", "tojson", "d", "default"}  # TRANSFORMS, and a default for a falsy value
# Filters that change what the probe puts in: a frame made through them fails its checks (Material's
# optional partials: the edit address with "edit" replaced, a title URL-encoded)
SHOWN = {"urlencode", "replace"}


def _hole(node: jinja2.nodes.Node) -> str | None:
    """The page's own value an expression reads (`page.content`, `page.meta.title`, `page.meta['title']`)."""
    from generator.shared_frames import HOLES, META_HOLES
    if isinstance(node, jinja2.nodes.Getattr) and isinstance(node.node, jinja2.nodes.Name) and node.node.name == "page":
        return node.attr if node.attr in HOLES and node.attr not in META_HOLES else None
    meta = node.node if isinstance(node, (jinja2.nodes.Getattr, jinja2.nodes.Getitem)) else None
    if (isinstance(meta, jinja2.nodes.Getattr) and meta.attr == "meta" and isinstance(meta.node, jinja2.nodes.Name)
            and meta.node.name == "page"):
        key = node.attr if isinstance(node, jinja2.nodes.Getattr) else getattr(node.arg, "value", None)
        return key if key in META_HOLES else None
    return None


def _uses(node: jinja2.nodes.Node, parents: tuple[jinja2.nodes.Node, ...] = ()) -> list[tuple]:
    """Each reading of a page's own value under `node`: the value, its node, the nodes above it."""
    found = []
    if (hole := _hole(node)) is not None:
        found.append((hole, node, parents))
    for child in node.iter_child_nodes():
        found += _uses(child, (*parents, node))
    return found


def _allowed(hole: str, value: jinja2.nodes.Node, parents: tuple[jinja2.nodes.Node, ...]) -> bool:
    """A value printed as it is or through a known change, or tested for truth (the shape holds
    which values a page has), or for one of FACTS."""
    from generator.shared_frames import FACTS
    for parent in reversed(parents):
        if isinstance(parent, (jinja2.nodes.Output, jinja2.nodes.If, jinja2.nodes.CondExpr, jinja2.nodes.Test)):
            if isinstance(parent, jinja2.nodes.Test) and parent.name not in ("defined", "undefined", "none"):
                return False
            return True
        if isinstance(parent, jinja2.nodes.Filter):
            if parent.node is not value:
                return False
            if parent.name in SHOWN:
                return True
            if parent.name not in ALLOWED_FILTERS:
                return False
        elif isinstance(parent, jinja2.nodes.Operand):  # `"<h1" not in page.content`: a test the shape holds
            compare = parents[parents.index(parent) - 1]
            return (isinstance(compare, jinja2.nodes.Compare) and len(compare.ops) == 1 and parent.op in ("in", "notin")
                    and isinstance(compare.expr, jinja2.nodes.Const) and (hole, compare.expr.value) in FACTS)
        elif not isinstance(parent, (jinja2.nodes.And, jinja2.nodes.Or, jinja2.nodes.Not, jinja2.nodes.Concat)):
            return False
        value = parent
    return False


def _wrong_uses(env: jinja2.Environment) -> tuple[set[str], list[str]]:
    """The templates main.html renders, and each use of a page's own value no shared frame holds."""
    seen: set[str] = set()
    todo, wrong = ["main.html"], []
    while todo:
        name = todo.pop()
        if name in seen or name.endswith(".svg"):
            continue
        seen.add(name)
        tree = env.parse(env.loader.get_source(env, name)[0])
        for node in tree.find_all((jinja2.nodes.Extends, jinja2.nodes.Include, jinja2.nodes.Import,
                                   jinja2.nodes.FromImport)):
            if isinstance(node.template, jinja2.nodes.Const):
                todo.append(node.template.value)
        for hole, value, parents in _uses(tree):
            if not _allowed(hole, value, parents):
                wrong.append(f"{name}:{value.lineno}: page's {hole} in {type(parents[-1]).__name__}")
    return seen, wrong


def test_the_theme_uses_a_pages_own_values_only_as_a_shared_frame_can_hold():
    """The checks of generator/shared_frames.py cannot see a template that tests a page's own value
    for something other than FACTS, or changes it with a filter the payload does not show: every
    template the frame of a generated page renders (templates/theme/ and the Material partials it
    includes) is read here, and each use of a page's own value must be one the frame holds. Material's
    partials for features the portal leaves off (edit and view actions, feedback, authors from Git)
    change the value they read in ways the probe shows (`replace` on the address itself, `urlencode`)
    and test it for FACTS only; they are held to that."""
    from generator.theme import MATERIAL
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(ROOT / "templates" / "theme")),
                                                         jinja2.FileSystemLoader(MATERIAL)]))
    seen, wrong = _wrong_uses(env)
    assert {"main.html", "base.html", "partials/content.html", "partials/header.html"} <= seen
    assert wrong == [], "\n".join(wrong)
    # and what it is there to catch
    bad = jinja2.Environment(loader=jinja2.DictLoader({"main.html": FRAME.replace(
        "<nav>{{ depth }}</nav>", "{% if 'Gốm' in page.meta.title %}x{% endif %}{{ page.content | truncate(900) }}"
        "{% set t = page.meta.description %}")}))
    assert [w.split(": ", 1)[1] for w in _wrong_uses(bad)[1]] == [
        "page's title in Operand", "page's content in Filter", "page's description in Assign"]


@pytest.mark.parametrize("site_url", ["https://kc.example.vn", "https://kc.example.vn/cong/", "http://kc.example/a?b=1",
                                      "https://kc.example/#x", "https://kc.example/a//", "https://kc.example/./x/",
                                      "https://kc.example/a/../", "ipfs://kc/", "http://[::1]:8000/kc/", "", None])
def test_a_generated_page_has_the_address_mkdocs_gives_a_page(site_url: str | None):
    """host_pages.PortalPage joins the site's address and the page's itself (urljoin took 0.7 s at
    10,000 items): the same `canonical_url` and `abs_url` as MkDocs' own Page, for plain addresses
    and for those only urljoin reads right."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from generator.host_pages import PortalPage

    config = {"site_url": site_url, "repo_url": None, "edit_uri": None, "edit_uri_template": None}
    for uri in ["index.md", "tin-tuc/bai-viet-1.md", "san-pham/ắ-lạ.md", "a/./b.md", "a/../b.md", "x:y.md",
                "a b/c%20d.md", "404.md", "_x/~y.md"]:
        ours = PortalPage(None, File(uri, src_dir=None, dest_dir="site", use_directory_urls=True), config)
        theirs = Page(None, File(uri, src_dir=None, dest_dir="site", use_directory_urls=True), config)
        assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url), (site_url, uri)
        assert ours.url == theirs.url
