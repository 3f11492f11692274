"""`make bench`: build synthetic portals of 1,000 and 10,000 items and print what they cost.

Prints, per size: wall time per stage, peak memory of the build process, output size, the bytes
a first search downloads (gzip-compressed, every request of the search page included), query
latency in a real browser (Debian chromium), and the heaviest page. Writes PERFORMANCE.md.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import compare  # noqa: E402
from bench.memory import Run, measured, per_stage, worker_spans  # noqa: E402
from bench.synth import make_portal  # noqa: E402
from bench.weight import page_weights  # noqa: E402

WORK = ROOT / ".bench"
STORE = WORK / "compressed"  # the bench's own store of compressed copies (generator/outputs/compressed.py)
BUILD_DATE = "2026-11-22"
QUERIES = ["khuyen cong", "san pham", "banh trang", "nghi dinh", "dak lak", "Bac Giang", "che bien nong san xuat khau",
           "ho tro co so san xuat doanh nghiep hop tac xa"]


def markdown_folder() -> Path:
    """The bench's own store of Markdown conversions (generator/markdown_store.py), beside STORE."""
    return STORE.with_name(STORE.name + "-markdown")


def check_fast(root: Path) -> float:
    """What a communicator waits for: `khuyencong check --fast`, from starting Python to the answer."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check", "--fast", "--build-date",
                    BUILD_DATE],
                   check=True, capture_output=True,
                   env={**os.environ, "KHUYENCONG_MARKDOWN_STORE": "off"})  # as on a new machine, and the
    # bench's first build still finds no conversion kept
    return time.perf_counter() - t


def full_build(root: Path, *args: str) -> tuple[Run, list[tuple[str, float, float, float]]]:
    """Wall and CPU seconds (all processes) of `khuyencong build`, its memory (the peak over time
    of the sum over all its processes, bench/memory.py, sampled every 50 ms) and, per stage the
    build marks (generator/stages.py), seconds and peak memory."""
    marks_file = WORK / "stages.txt"
    marks_file.unlink(missing_ok=True)
    env = {"KHUYENCONG_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1", "KHUYENCONG_STAGES": str(marks_file),
           "KHUYENCONG_COMPRESS_STORE": str(STORE),
           "KHUYENCONG_MARKDOWN_STORE": str(markdown_folder())}
    run = measured([sys.executable, "-m", "generator", "--root", str(root), "build", *args], cwd=ROOT, env=env)
    marks = [(run.start, run.pid, "start Python, import")]
    counts: dict[str, int] = {}
    for line in marks_file.read_text(encoding="utf-8").splitlines():
        when, pid, name = line.split(" ", 2)
        if when == "=":  # a count (generator/stages.py: note)
            key, _, value = name.rpartition("=")
            counts[key] = counts.get(key, 0) + int(value)
            continue
        marks.append((float(when), int(pid), name))
    run.counts = counts
    stages = per_stage(marks, run.samples, run.end)
    stages += [(f"{name}, from its start to its end", secs, float("nan"), float("nan")) for name, secs
               in worker_spans(marks)]
    return run, stages


def stage_rows(prefix: str, stages: list[tuple[str, float, float, float]]) -> dict[str, str]:
    return {f"{prefix} stage: {name} (s · peak RSS / PSS MB)": f"{secs:.1f}"
            + (f" · {rss:.0f} / {pss:.0f}" if rss == rss else "")
            for name, secs, rss, pss in stages}


def cached_rebuild(root: Path) -> dict[str, object]:
    """CI with a build cache (`build --cache`): the first build fills it, then one news title is
    edited and the portal built again from the cache. tests/test_build_cache.py proves such a
    build byte-identical to a build from nothing."""
    import re

    cache, site = WORK / f"cache-{root.name}", root / "site-cached"
    shutil.rmtree(cache, ignore_errors=True)
    fill, _ = full_build(root, "--cache", str(cache), "--site-dir", str(site))
    news = sorted((root / "content/tin-tuc").glob("*.md"))[2]
    original = news.read_text(encoding="utf-8")
    time.sleep(3)  # the detached removal of the cache's previous generation, off the clock
    try:
        news.write_text(re.sub(r"^title: '", "title: 'suaxyz ", original, count=1, flags=re.M), encoding="utf-8")
        edited, _ = full_build(root, "--cache", str(cache), "--site-dir", str(site))
    finally:
        news.write_text(original, encoding="utf-8")
    return {"build --cache, the first (fills the cache) (s)": round(fill.wall, 1),
            "build --cache after editing one news title, wall (s)": round(edited.wall, 1),
            "build --cache after editing one news title, peak RSS / PSS (MB)": f"{edited.rss_mb:.0f} / "
                                                                               f"{edited.pss_mb:.0f}"}


def sizes(site: Path) -> tuple[int, float, tuple[str, int]]:
    """Files, megabytes and the heaviest page of a built site."""
    out = compare.output_sizes(site)
    return out["files"], out["mb"], max(page_weights(site).items(), key=lambda kv: kv[1])


def browser(site: Path) -> dict[str, object]:
    """First-search bytes (gzip) and query latency, in Debian's chromium via Playwright."""
    out: dict[str, object] = {}
    with compare.Browser(site) as b:
        # the figures, not the policy: playwright evaluates its own scripts
        page = b.browser.new_context(bypass_csp=True).new_page()
        page.goto(b.base + "tim-kiem/?q=khuyen+cong")
        page.wait_for_function(compare.PORTAL_DONE, timeout=120_000)
        # Every request of the page, and those that had finished when the first results were shown
        # (search.js marks that moment; the filters' counts are fetched after it).
        timing = page.evaluate("""() => {
            const shown = performance.getEntriesByName('kc-results')[0].startTime;
            const all = [location.href, ...performance.getEntriesByType('resource').map(r => r.name)];
            const before = [location.href, ...performance.getEntriesByType('resource').filter(r => r.responseEnd <= \
shown).map(r => r.name)];
            return {all, before};
        }""")

        def gz(urls: list[str]) -> int:
            # as compare.wire_bytes: a file compression does not shrink (a search result's, stored gzip) as it is
            return sum(compare.wire_bytes(path) for path in map(b.file_of, urls) if path is not None)

        index = [u for u in timing["before"] if "/search/" in u]
        out["first search: requests until the results show"] = len(timing["before"])
        out["first search: KB gzip until the results show (page, CSS, JS, index)"] = (
            round(gz(timing["before"]) / 1024, 1))
        out["first search: index KB gzip until the results show"] = round(gz(index) / 1024, 1)
        out["first search: KB gzip with the filters' counts"] = round(gz(timing["all"]) / 1024, 1)
        lat = []
        for q in QUERIES:
            page.evaluate("q => window.kcSearch.search(q)", q)  # warm: fetch the shards once
            ms = (page.evaluate("async q => { const t = performance.now(); await window.kcSearch.search(q); return "
                                "performance.now() - t; }", q))
            lat.append(ms)
        out["query latency ms (median, max)"] = (round(statistics.median(lat), 1), round(max(lat), 1))
    return out


def bench(items: int, large: bool = False) -> dict[str, object]:
    """Every measure at one size. `large` (make bench-large): the build, its stages, the pages and
    the first search; not the cached rebuild or serve, which the 10,000-item run covers."""
    global STORE
    root = make_portal(WORK / f"portal-{items}", items)
    STORE = WORK / f"compressed-{items}"
    shutil.rmtree(STORE, ignore_errors=True)  # the first build finds the store empty, as on a new machine
    shutil.rmtree(markdown_folder(), ignore_errors=True)  # and no Markdown conversion kept
    result: dict[str, object] = {"items": items}
    result["check --fast, a fresh process (s)"] = round(check_fast(root), 2)
    build, stages = full_build(root)
    result["full build wall (s)"] = round(build.wall, 1)
    result["full build CPU, all processes (s)"] = round(build.cpu, 1)
    result["full build peak memory, summed over processes: RSS (MB)"] = round(build.rss_mb)
    result["full build peak memory, summed over processes: PSS (MB)"] = round(build.pss_mb)
    result.update(stage_rows("full build", stages))
    result["full build: compressed copies made / taken from the store"] = _store_counts(build)
    result["full build: Markdown conversions made / taken from the store"] = _conversions(build)
    result["full build: templates compiled / taken from the store"] = _templates(build)
    filled, framed = (build.counts.get(k, 0) for k in ("pages filled from a shared frame",
                                                       "pages framed by the templates"))
    result["full build: pages filled from a shared frame / framed by the templates"] = f"{filled} / {framed}"
    # The same build again into another folder: every compressed copy is in the store (CI that keeps
    # the store between runs, or any build after a first on the same machine)
    again, again_stages = full_build(root, "--site-dir", str(root / "site-again"))
    shutil.rmtree(root / "site-again", ignore_errors=True)
    result["full build, the store filled: wall (s)"] = round(again.wall, 1)
    result["full build, the store filled: compressed copies made / taken from the store"] = _store_counts(again)
    result["full build, the store filled: Markdown conversions made / taken from the store"] = _conversions(again)
    result["full build, the store filled: templates compiled / taken from the store"] = _templates(again)
    result["full build, the store filled: fingerprint and compress (s)"] = round(
        next(secs for name, secs, _r, _p in again_stages if name == "fingerprint and compress"), 1)
    if not large:
        result.update(cached_rebuild(root))
        result.update(serve_edit(root))
    n, total, heaviest = sizes(root / "site")
    result["output files"] = n
    result["output MB"] = round(total, 1)
    result["heaviest page (KB gzip, with its CSS/JS)"] = f"{heaviest[0]}: {heaviest[1] / 1024:.1f}"
    result["most items linked from one page"] = "{}: {}".format(*most_linked(root / "site"))
    result.update(browser(root / "site"))
    if not large:
        result["three-way"] = compare.three_way(root, WORK / f"others-{items}", build, again)
    return result


def _conversions(run: Run) -> str:
    """What Python-Markdown converted, and what was taken from the conversions kept between builds
    (generator/markdown_store.py), in every process of the build."""
    return f"{run.counts.get('markdown converted', 0)} / {run.counts.get('markdown taken from the store', 0)}"


def _templates(run: Run) -> str:
    """The templates Jinja compiled, and those taken compiled from the store (generator/template_store.py),
    in every process of the build."""
    return f"{run.counts.get('templates compiled', 0)} / {run.counts.get('templates taken from the store', 0)}"


def _store_counts(run: Run) -> str:
    return f"{run.counts.get('compressed', 0)} / {run.counts.get('reused from the store', 0)}"


def most_linked(site: Path) -> tuple[str, int]:
    """The page that links the most item pages (news, products, projects, legal texts, events),
    and how many: bounded pages keep this the same at any size. Item pages themselves are left
    out (each links a few related items)."""
    import re

    item = re.compile(r'href="(?:\.\./)*(?:tin-tuc|san-pham|de-an|van-ban|su-kien)/([a-z]+-\d{5})/"')
    worst = ("", 0)
    for folder, dirs, names in os.walk(site):
        if "index.html" not in names or re.search(r"/[a-z]+-\d{5}$", folder):
            continue
        found = len(set(item.findall((Path(folder) / "index.html").read_text(encoding="utf-8"))))
        if found > worst[1]:
            worst = (os.path.relpath(folder, site) + "/", found)
    return worst


def serve_edit(root: Path, edits: int = 3) -> dict[str, object]:
    """`khuyencong serve` as a communicator runs it: once the portal is up (feeds and index
    written), change one news item's title, then time until the served page shows it and until
    the search index holds the new word. Repeated; the slowest of each is reported."""
    import re
    import socket
    import urllib.request

    from generator.outputs.search import shard_of, unpacked
    from generator.text import fold

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "KHUYENCONG_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1",
           "KHUYENCONG_MARKDOWN_STORE": str(markdown_folder())}  # the bench's, never the machine's
    log = open(WORK / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                             f"127.0.0.1:{port}"],
                            env=env, stdout=log, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}/"

    def get(rel: str) -> str:
        try:
            return urllib.request.urlopen(base + rel, timeout=10).read().decode("utf-8")
        except OSError:
            return ""

    def terms_in(rel: str) -> dict:
        try:
            return unpacked(urllib.request.urlopen(base + rel, timeout=10).read())
        except (OSError, ValueError, EOFError):
            return {}

    def until(test, limit: float = 600) -> float:
        start = time.perf_counter()
        while not test():
            if time.perf_counter() - start > limit or proc.poll() is not None:
                raise SystemExit(f"serve did not show the change; see {WORK / 'serve.log'}")
            time.sleep(0.05)
        return time.perf_counter() - start

    news = sorted((root / "content/tin-tuc").glob("*.md"))[1]
    original = news.read_text(encoding="utf-8")
    page_s, index_s = [], []
    try:
        until(lambda: '"docs"' in get("search/meta.json"))
        for i in range(edits):
            word = f"suaxyz{i}"
            news.write_text(re.sub(r"^title: '", f"title: '{word} ", original, count=1, flags=re.M), encoding="utf-8")
            page_s.append(until(lambda: word in get(f"tin-tuc/{news.stem}/")))
            shards = json.loads(get("search/meta.json"))["shards"]
            index_s.append(page_s[-1] + until(lambda: fold(word)
                                              in terms_in(f"search/s/{shard_of(fold(word), shards)}.json.gzip")))
            time.sleep(1)
    finally:
        news.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait()
    return {"serve: edit one news title → page shows it (s, slowest of 3)": round(max(page_s), 1),
            "serve: edit one news title → search finds it (s, slowest of 3)": round(max(index_s), 1)}


LIGHTHOUSE = ROOT / "bench" / "tools" / "node_modules" / ".bin" / "lighthouse"
LH_PAGES = {"home": "", "product": "san-pham/banh-chung-ba-ba-hoi/", "province": "tinh-thanh/bac-ninh/",
            "finder answer": "ho-tro/may-moc-cong-nghe/bac-ninh/", "figures": "so-lieu/",
            "legal text": "van-ban/235-2025-nd-cp/"}
LH_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
            "--disable-sync --disable-quic --no-first-run --disable-dev-shm-usage")


def lighthouse() -> dict[str, str]:
    """Lighthouse (mobile preset, offline, Debian chromium) on the sample portal's home, a product, a
    province, a finder answer, the figures page and a legal text: performance, accessibility, best
    practices and SEO scores, and any audit that failed."""
    import functools
    import http.server

    from generator.cli import main as cli

    site = WORK / "sample-site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        """Serves text files gzip-compressed, as any production web server or CDN does: measuring
        a portal over a server that sends 250 KB of CSS and JavaScript raw would measure the server."""

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            types = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                     ".json": "application/json",
                     ".svg": "image/svg+xml", ".xml": "application/xml"}
            if path.suffix not in types or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", types[path.suffix])
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # Built for the address it is served at: pages name their absolute address (canonical, the
    # language switch's sitemap.xml beside each paired page), as a deployed portal's do.
    os.environ["SITE_URL"] = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        if cli(["--root", str(ROOT), "build", "--site-dir", str(site), "--build-date", BUILD_DATE]):
            raise SystemExit("the sample portal did not build")
    finally:
        del os.environ["SITE_URL"]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = {}
    try:
        for name, rel in LH_PAGES.items():
            report = WORK / f"lighthouse-{name.replace(' ', '-')}.json"
            url = f"http://127.0.0.1:{server.server_address[1]}/{rel}"
            subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                            "--only-categories=performance,accessibility,best-practices,seo",
                            f"--chrome-flags={LH_FLAGS}"],
                           env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, capture_output=True)
            data = json.loads(report.read_text(encoding="utf-8"))
            scores = " / ".join(f"{round(c['score'] * 100)}" for c in data["categories"].values())
            failed = [a["id"] for a in data["audits"].values() if a.get("scoreDisplayMode") in ("binary", "numeric")
                      and a.get("score") is not None and a["score"] < 1]
            below = f" — below 1: {', '.join(failed)}" if failed else ""
            out[f"Lighthouse {name} (performance / a11y / best practices / SEO)"] = scores + below
    finally:
        server.shutdown()
    return out


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python "
            f"{platform.python_version()}")


def main() -> int:
    if sys.argv[1:] == ["lighthouse"]:  # `make bench-lighthouse`: the sample portal only, a minute
        lh = lighthouse()
        for k, v in lh.items():
            print(f"  {k}: {v}", flush=True)
        write_lighthouse(lh)
        return 0
    if sys.argv[1:2] == ["large"]:  # `make bench-large`: 100,000 items, on request (about 20 minutes)
        items = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
        print(f"== {items} items", flush=True)
        r = bench(items, large=True)
        for k, v in r.items():
            print(f"  {k}: {v}", flush=True)
        write_large(r)
        return 0
    sizes_wanted = [int(x) for x in (sys.argv[1:] or ["1000", "10000"])]
    results = []
    for n in sizes_wanted:
        print(f"== {n} items", flush=True)
        r = bench(n)
        for k, v in r.items():
            if k != "three-way":
                print(f"  {k}: {v}", flush=True)
        results.append(r)
        if "three-way" in r:
            print(three_way_tables([r]), flush=True)
    print("== Lighthouse, sample portal", flush=True)
    lh = lighthouse()
    for k, v in lh.items():
        print(f"  {k}: {v}", flush=True)
    write_report(results)
    write_lighthouse(lh)
    return 0


def write_lighthouse(lh: dict[str, str]) -> None:
    """Replace the Lighthouse block of PERFORMANCE.md (between its markers)."""
    report = ROOT / "PERFORMANCE.md"
    text = report.read_text(encoding="utf-8")
    block = (f"<!-- lighthouse -->\nLighthouse 12.8.2 (mobile preset: simulated slow 4G and a slowed CPU) on the "
             f"sample portal, "
             f"served locally with gzip (as any production server does), measured {dt.date.today().isoformat()} on "
             f"{machine()}:\n\n| page | score |\n|---|---|\n"
             + "".join(f"| {k} | {v} |\n" for k, v in lh.items()) + "<!-- /lighthouse -->")
    if "<!-- lighthouse -->" in text:
        text = text.split("<!-- lighthouse -->")[0] + block + text.split("<!-- /lighthouse -->")[1]
    else:
        text = text.replace("<!-- results -->", block + "\n\n<!-- results -->")
    report.write_text(text, encoding="utf-8")


def write_large(result: dict[str, object]) -> None:
    """Replace the 100,000-item block of PERFORMANCE.md (between its markers)."""
    report = ROOT / "PERFORMANCE.md"
    text = report.read_text(encoding="utf-8")
    block = (f"<!-- large -->\nMeasured {dt.date.today().isoformat()} by `make bench-large` on {machine()}.\n\n"
             f"| measure | {result['items']:,} items |\n|---|---|\n"
             + "".join(f"| {k} | {v} |\n" for k, v in list(result.items())[1:]) + "<!-- /large -->")
    if "<!-- large -->" in text:
        text = text.split("<!-- large -->")[0] + block + text.split("<!-- /large -->")[1]
    else:
        text = text.replace("<!-- lighthouse -->", block + "\n\n<!-- lighthouse -->")
    report.write_text(text, encoding="utf-8")
    print(f"wrote {report.relative_to(ROOT)}")


def write_report(results: list[dict[str, object]]) -> None:
    """Replace the three-way tables and the results table of PERFORMANCE.md (at their markers)."""
    keys = [k for k in results[0] if k != "three-way"]
    lines = ["| measure | " + " | ".join(f"{r['items']:,} items" for r in results) + " |", "|---|"
             + "---|" * len(results)]
    for k in keys[1:]:
        lines.append(f"| {k} | " + " | ".join(str(r.get(k, "")) for r in results) + " |")
    report = ROOT / "PERFORMANCE.md"
    text = report.read_text(encoding="utf-8") if report.exists() else "# Performance\n\n"
    head = text.split("<!-- results -->")[0]
    compared = [r for r in results if "three-way" in r]
    if compared:
        block = "<!-- three-way -->\n" + three_way_tables(compared) + "<!-- /three-way -->"
        if "<!-- three-way -->" in head:
            head = head.split("<!-- three-way -->")[0] + block + head.split("<!-- /three-way -->")[1]
        else:
            head = head.rstrip("\n") + "\n\n" + block + "\n\n"
    body = (f"<!-- results -->\nMeasured {dt.date.today().isoformat()} by `make bench` on {machine()}.\n\n"
            + "\n".join(lines) + "\n")
    report.write_text(head + body, encoding="utf-8")
    print(f"wrote {report.relative_to(ROOT)}")


def ratio(value: object, base: object) -> str:
    """`value` as a multiple of `base` ("0.27×"), or "" when either is not a single number."""
    if not isinstance(value, (int, float)) or not isinstance(base, (int, float)) or not base:
        return ""
    r = value / base
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def three_way_tables(results: list[dict[str, object]]) -> str:
    """One table per size: each figure for the portal, Hugo + Pagefind and Material, and the
    others' as multiples of the portal's."""
    out = [f"Measured {dt.date.today().isoformat()} by `make bench` on {machine()}; "
           f"Hugo {compare.HUGO_VERSION} + Pagefind {compare.PAGEFIND_VERSION}, MkDocs-Material "
           f"{compare.MATERIAL_VERSION}.\n"]
    for r in results:
        out.append(f"\n**{r['items']:,} items**\n\n| measure | portal | Hugo + Pagefind | ÷ portal | Material | ÷ "
                   f"portal |\n|---|---|---|---|---|---|\n")
        for name, (portal, hugo, material) in r["three-way"].items():  # type: ignore[union-attr]
            out.append(f"| {name} | {portal} | {hugo} | {ratio(hugo, portal)} | {material} | "
                       f"{ratio(material, portal)} |\n")
    return "".join(out)

if __name__ == "__main__":
    raise SystemExit(main())
