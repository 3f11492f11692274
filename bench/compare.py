"""The same synthetic corpus built three ways (issue 18): the portal, Hugo followed by Pagefind, and
stock MkDocs-Material. `make bench` runs it at each size and PERFORMANCE.md keeps the table.

The corpus is read back from the synthetic portal bench/synth.py wrote (its Markdown news and its
YAML items) and written out for the other two, off the clock:

- Hugo: a page per item in five sections, paged section listings (30 a page, as the portal's), a
  page per province and per topic (taxonomies) with paged listings, RSS for the home page, each
  section and each province and topic (50 entries, as the portal's feeds), a sitemap, a search page
  with Pagefind's default UI; templates written here, no theme. Pagefind indexes the item pages
  (`data-pagefind-body` on their main content).
- Material: a page per item under five folders, the navigation Material derives from the folders
  with `navigation.prune`, Material's built-in search; nothing else (no listings, feeds or
  province pages: stock Material has none).

Former province names are written as the province they merged into, as the portal shows them,
so the portal and Hugo have the same 34 province pages.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from bench.memory import Run, measured

ROOT = Path(__file__).resolve().parent.parent


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


HUGO_VERSION, PAGEFIND_VERSION, MATERIAL_VERSION = (_version("hugo"), _version("pagefind-bin"),
                                                    _version("mkdocs-material"))

# The first search a reader types, with its diacritics (the bytes it downloads are compared),
# and queries typed without them, as many readers type on a phone (the results are compared
# with those of the same words with their diacritics).
FIRST_QUERY = "khuyến công"
ACCENT_FREE = {"khuyen cong": "khuyến công", "san pham": "sản phẩm", "lang nghe": "làng nghề",
               "dao tao nghe": "đào tạo nghề",
               "doi moi cong nghe": "đổi mới công nghệ"}
SECTIONS = {"news": "tin-tuc", "products": "san-pham", "projects": "de-an", "legal": "van-ban", "events": "su-kien"}


@dataclass
class Doc:
    section: str
    slug: str
    title: str
    date: str
    body: str
    provinces: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def corpus(portal: Path) -> list[Doc]:
    """Every item of a synthetic portal, as a title, a date, provinces, topics and a Markdown body."""
    provinces = yaml.safe_load((portal / "site_data/provinces.yml").read_text(encoding="utf-8"))
    current = {p["name"]: p["name"] for p in provinces}
    for p in provinces:
        for former in p["former_units"]:
            current.setdefault(former["name"], p["name"])
    topics = {t["id"]: t["name"] for t in yaml.safe_load((portal / "site_data/topics.yml").read_text(encoding="utf-8"))}
    docs = []
    for path in sorted((portal / "content/tin-tuc").glob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(head)
        docs.append(Doc("tin-tuc", path.stem, meta["title"], str(meta["date"]),
                        f"{meta['summary']}\n\n{body.strip()}\n",
                        [current[p] for p in meta.get("provinces", [])], [topics[t] for t in meta.get("topics", [])]))
    fields = {"products": ("name", "year", "description"), "projects": ("title", "start_year", "story"),
              "legal": ("abstract", "issued", "summary"), "events": ("title", "start", "description")}
    for kind, (title, when, body) in fields.items():
        for path in sorted((portal / "site_data" / kind).glob("*.yml")):
            for item in yaml.safe_load(path.read_text(encoding="utf-8")):
                date = str(item[when]) if kind in ("legal", "events") else f"{item[when]}-01-01"
                name = f"{item['number']} — {item[title]}" if kind == "legal" else item[title]
                docs.append(Doc(SECTIONS[kind], item["id"], name, date, item[body].strip() + "\n",
                                [current[item["province"]]]))
    return docs


def _front(doc: Doc) -> str:
    return yaml.safe_dump({"title": doc.title, "date": doc.date, "provinces": doc.provinces, "topics": doc.topics},
                          allow_unicode=True, sort_keys=False)


HUGO_CONFIG = """baseURL = "http://127.0.0.1/"
languageCode = "vi"
defaultContentLanguage = "vi"
title = "Cổng thông tin khuyến công (Hugo)"
[pagination]
  pagerSize = 30
[taxonomies]
  province = "provinces"
  topic = "topics"
[services.rss]
  limit = 50
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ site.Title }}</title>
<link rel="stylesheet" href="/style.css">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ \
end }}
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="/provinces/">Tỉnh, \
thành phố</a> <a href="/topics/">Chủ đề</a> <a href="/tim-kiem/">Tìm kiếm</a></nav>
<form action="/tim-kiem/"><input name="q" aria-label="Tìm kiếm"></form></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Dữ liệu thử nghiệm</footer>
</body>
</html>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
<ul>{{ range first 10 (where site.RegularPages "Section" "tin-tuc") }}<li><a href="{{ .RelPermalink }}">{{ .Title \
}}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ul>{{ end }}
""",
    "single.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "02/01/2006" }} · {{ range .GetTerms "provinces" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle \
}}</a> {{ end }}{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ \
.Date.Format "02/01/2006" }}</li>{{ end }}</ul>
{{ partial "pager.html" . }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ \
end }}
""",
    "_partials/pager.html": """{{ with .Paginator }}{{ if gt .TotalPages 1 }}<nav aria-label="Phân trang">
{{ with .Prev }}<a href="{{ .URL }}">Trang trước</a>{{ end }} Trang {{ .PageNumber }}/{{ .TotalPages }}
{{ with .Next }}<a href="{{ .URL }}">Trang sau</a>{{ end }}</nav>{{ end }}{{ end }}
""",
    "search.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<link rel="stylesheet" href="/pagefind/pagefind-ui.css"><script src="/pagefind/pagefind-ui.js"></script>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({ element: "#search", showSubResults: false });
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
});
</script>{{ end }}
""",
}
HUGO_CSS = ("body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:0 1rem}"
            "header nav a{margin-right:.75rem}main{min-height:60vh}li{margin:.25rem 0}")


def hugo_site(docs: list[Doc], dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "static").mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (dest / "static/style.css").write_text(HUGO_CSS, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (dest / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / "layouts" / name).write_text(text, encoding="utf-8")
    titles = {"tin-tuc": "Tin tức", "san-pham": "Sản phẩm", "de-an": "Đề án", "van-ban": "Văn bản",
              "su-kien": "Sự kiện"}
    for section, title in titles.items():
        (dest / "content" / section).mkdir(parents=True)
        (dest / "content" / section / "_index.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
    (dest / "content/tim-kiem.md").write_text("---\ntitle: Tìm kiếm\nlayout: search\n---\n", encoding="utf-8")
    for doc in docs:
        (dest / "content" / doc.section / f"{doc.slug}.md").write_text(f"---\n{_front(doc)}---\n\n{doc.body}",
                                                                       encoding="utf-8")
    return dest


MATERIAL_CONFIG = """site_name: Cổng thông tin khuyến công (Material)
site_url: http://127.0.0.1/
theme:
  name: material
  language: vi
  features:
    - navigation.prune
plugins:
  - search
"""


def material_site(docs: list[Doc], dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "docs").mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(MATERIAL_CONFIG, encoding="utf-8")
    (dest / "docs/index.md").write_text("# Cổng thông tin khuyến công\n\nDữ liệu thử nghiệm.\n", encoding="utf-8")
    for doc in docs:
        (dest / "docs" / doc.section).mkdir(exist_ok=True)
        meta = ", ".join(doc.provinces + doc.topics)
        (dest / "docs" / doc.section / f"{doc.slug}.md").write_text(f"# {doc.title}\n\n{doc.date} · {meta}\n\n"
                                                                    f"{doc.body}", encoding="utf-8")
    return dest


def binary(package: str, *parts: str) -> str:
    """The executable a pinned pip package ships (run directly, without its Python wrapper)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is missing: `make bench` installs it (pyproject.toml, extra 'test')")
    return str(Path(list(spec.submodule_search_locations)[0], *parts))


def build_hugo(src: Path) -> Run:
    hugo = measured([binary("hugo", "binaries", "hugo"), "--quiet", "--source", str(src), "--destination",
                     str(src / "public")])
    return hugo.then(measured([binary("pagefind_bin", "pagefind"), "--site", str(src / "public"), "--silent"]))


def build_material(src: Path) -> Run:
    return measured([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-f", str(src / "mkdocs.yml"), "-d",
                     str(src / "site")],
                    env={"NO_MKDOCS_2_WARNING": "1"})


def wire_bytes(path: Path) -> int:
    """What a file costs on the wire from a server that compresses (gzip 6) what compression shrinks;
    Pagefind's index files are gzip already."""
    raw = path.read_bytes()
    return min(len(raw), len(gzip.compress(raw, 6)))


class Browser:
    """Debian's chromium over Playwright, serving one built site at a time."""

    ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"]

    def __init__(self, site: Path):
        import functools
        import http.server

        handler = functools.partial(type("Q", (http.server.SimpleHTTPRequestHandler,),
                                         {"log_message": lambda *a: None}), directory=str(site))
        self.site = site
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path="/usr/bin/chromium", args=self.ARGS)
        return self

    def __exit__(self, *exc: object) -> None:
        self.browser.close()
        self.pw.stop()
        self.server.shutdown()

    def first_search(self, url: str, done: str, typed: str | None = None) -> tuple[int, int, int]:
        """A fresh visitor's first search: open `url` (typing `typed` into the search box if given),
        wait until `done` (a JS expression) holds and the network is idle. Every request the page
        and its workers made to this site, as (requests, bytes on the wire), and how many requests
        went to other hosts (they fail here: the machine is offline)."""
        # playwright evaluates `done` itself; the policy would refuse it
        context = self.browser.new_context(bypass_csp=True)
        page = context.new_page()
        urls: list[str] = []
        context.on("request", lambda r: urls.append(r.url))
        page.goto(self.base + url)
        if typed:
            page.click(".md-search__input")
            page.keyboard.type(typed)
        page.wait_for_function(done, timeout=300_000)
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        own = [path for path in map(self.file_of, urls) if path is not None]
        context.close()
        return len(own), sum(wire_bytes(path) for path in own if path.is_file()), len(urls) - len(own)

    def file_of(self, url: str) -> Path | None:
        """The file of the served site an address names (a folder's index.html); None for another host."""
        if not url.startswith(self.base):
            return None
        path = self.site / (url[len(self.base):].split("?")[0].split("#")[0] or "index.html")
        return path / "index.html" if path.is_dir() else path

    def counts(self, side: str, queries: list[str]) -> dict[str, int]:
        """The number of results a reader is told of for each query, all asked on one page (the
        index each side loads is loaded once)."""
        page = self.browser.new_page(bypass_csp=True)
        out = {}
        if side == "material":
            page.goto(self.base)
            box, meta = page.locator(".md-search__input"), page.locator(".md-search-result__meta")
            box.click()
            for q in queries:
                box.fill("")
                box.press("End")
                page.wait_for_function(MATERIAL_IDLE, timeout=300_000)
                box.fill(q)
                box.press("End")
                page.wait_for_function(MATERIAL_ANSWERED, timeout=300_000)
                out[q] = _number(meta.text_content() or "")
        else:
            page.goto(self.base + "tim-kiem/")
            for q in queries:
                out[q] = int(page.evaluate(PORTAL_COUNT if side == "portal" else PAGEFIND_COUNT, q))
        page.close()
        return out


def _number(text: str) -> int:
    """The count in "201 tài liệu liên quan" or, as Material rounds above 999, "9.9k tài liệu liên
    quan" (9,900); none in "Không tìm thấy tài liệu liên quan"."""
    found = re.search(r"(\d+(?:[.,]\d+)?)(k?)", text)
    if not found:
        return 0
    return round(float(found.group(1).replace(",", ".")) * (1000 if found.group(2) else 1))


PORTAL_DONE = ("document.getElementById('kc-facets').getAttribute('aria-busy') === 'false' && "
               "document.querySelectorAll('.kc-result').length > 0")
PORTAL_COUNT = ("async q => { await window.kcSearch.search(q); "
                "return document.getElementById('kc-status').textContent.match(/\\d+/)?.[0] || 0; }")
PAGEFIND_DONE = "document.querySelectorAll('.pagefind-ui__result-link').length > 0"
PAGEFIND_COUNT = ("async q => { const pf = await import('/pagefind/pagefind.js'); await pf.init(); "
                  "return (await pf.search(q)).results.length; }")
# Material's result line: its placeholder before a query, then "N tài liệu liên quan" or "Không tìm thấy…".
MATERIAL_DONE = ("/\\d/.test(document.querySelector('.md-search-result__meta')?.textContent || '') && "
                 "document.querySelectorAll('.md-search-result__item').length > 0")
MATERIAL_IDLE = "document.querySelector('.md-search-result__meta')?.textContent === 'Nhập để bắt đầu tìm kiếm'"
MATERIAL_ANSWERED = ("/^(\\d+(\\.\\d+)?k? tài liệu|Không tìm "
                     "thấy)/.test(document.querySelector('.md-search-result__meta')?.textContent || '')")


def searches(side: str, site: Path) -> dict[str, int]:
    """The first search's requests and bytes, and the number of results for each query, on one side."""
    out: dict[str, int] = {}
    with Browser(site) as b:
        if side == "portal":
            out["requests"], out[
                "bytes"], out["other hosts"] = (b.first_search(f"tim-kiem/?q={FIRST_QUERY}", PORTAL_DONE))
        elif side == "hugo":
            out["requests"], out[
                "bytes"], out["other hosts"] = (b.first_search(f"tim-kiem/?q={FIRST_QUERY}", PAGEFIND_DONE))
        else:
            out["requests"], out["bytes"], out["other hosts"] = b.first_search("", MATERIAL_DONE, typed=FIRST_QUERY)
        out.update(b.counts(side, [q for pair in ACCENT_FREE.items() for q in pair]))
    return out


def output_sizes(site: Path) -> dict[str, float]:
    """HTML pages, files and megabytes of a built site; and the megabytes without the precompressed
    copies (`x.br`, `x.gz` beside `x`) the portal writes for its server."""
    pages = files = size = copies = 0
    for folder, _, names in os.walk(site):
        present = set(names)
        for name in names:
            files += 1
            pages += name.endswith(".html")
            bytes_ = os.stat(os.path.join(folder, name)).st_size
            size += bytes_
            if name.endswith((".br", ".gz")) and name[:-3] in present:
                copies += bytes_
    return {"pages": pages, "files": files, "mb": size / 1e6, "mb_plain": (size - copies) / 1e6}


def three_way(portal_root: Path, work: Path, portal: Run,
              again: Run | None = None) -> dict[str, tuple[object, object, object]]:
    """Build the portal's corpus with Hugo + Pagefind and with stock Material, measure the three
    (the portal's build is measured by the caller: `portal` with its store of compressed copies
    empty, `again` with it filled), and give one row per figure: (portal, Hugo + Pagefind, Material)."""
    docs = corpus(portal_root)
    hugo_src, material_src = hugo_site(docs, work / "hugo"), material_site(docs, work / "material")
    del docs
    sides = {"portal": (portal, portal_root / "site"), "hugo": (build_hugo(hugo_src), hugo_src / "public"),
             "material": (build_material(material_src), material_src / "site")}
    sizes = {k: output_sizes(site) for k, (_, site) in sides.items()}
    found = {k: searches(k, site) for k, (_, site) in sides.items()}
    order = ("portal", "hugo", "material")

    def row(f) -> tuple[object, object, object]:
        return tuple(f(k) for k in order)  # type: ignore[return-value]

    rows = {
        "build wall (s)": row(lambda k: round(sides[k][0].wall, 1)),
        **({"build wall, the portal's compressed copies already in its store (s)":
            row(lambda k: round((again if k == "portal" else sides[k][0]).wall, 1))} if again else {}),
        "build CPU, all processes (s)": row(lambda k: round(sides[k][0].cpu, 1)),
        "peak memory summed over processes, RSS (MB)": row(lambda k: round(sides[k][0].rss_mb)),
        "peak memory summed over processes, PSS (MB)": row(lambda k: round(sides[k][0].pss_mb)),
        "HTML pages": row(lambda k: sizes[k]["pages"]),
        "output files": row(lambda k: sizes[k]["files"]),
        "output MB": row(lambda k: round(sizes[k]["mb"], 1)),
        "output MB without precompressed .br/.gz copies": row(lambda k: round(sizes[k]["mb_plain"], 1)),
        f"first search “{FIRST_QUERY}”: requests": row(lambda k: found[k]["requests"]),
        f"first search “{FIRST_QUERY}”: KB on the wire (gzip)": row(lambda k: round(found[k]["bytes"] / 1024, 1)),
        "requests to other hosts (search page and first search)": row(lambda k: found[k]["other hosts"]),
    }
    for plain, accented in ACCENT_FREE.items():
        rows[f"results for “{plain}” / “{accented}”"] = row(lambda k: f"{found[k][plain]} / {found[k][accented]}")
    return rows
