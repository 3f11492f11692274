"""Commands for communicators: check, build, serve.

`build` never leaves a half-written site: it builds into a sibling folder and swaps it in only
when everything succeeded, so the previous site/ stays as it was after any error.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import jinja2  # already loaded by the generator; named here for template errors

from generator.digest import warm
from generator.entries import Catalog
from generator.errors import ContentError, Problem, language, say
from generator.yamlio import config_problems
from generator.markdown_store import KEPT
from generator.parallel import remove_later
from generator.stages import mark
from generator.site import Paths, build_date, generate, load_catalog
from generator.skeletons import KINDS, new_item
from generator.text import fold



def _t(key: str, **kw: object) -> str:
    """The command line's own text, in the messages' table (errors.MESSAGES, `cli_<key>`)."""
    return say(f"cli_{key}", **kw)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="khuyencong", description=_t("desc"))
    p.add_argument("--lang", choices=["vi", "en"], help=_t("lang"))
    p.add_argument("--root", default=".", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("check", "build", "serve"):
        s = sub.add_parser(name, help=_t(name))
        s.add_argument("--build-date", help=_t("date"))
    sub.choices["build"].add_argument("--site-dir", default="site")
    sub.choices["build"].add_argument("--cache", help=_t("cache"))
    sub.choices["check"].add_argument("--fast", action="store_true", help=_t("fast"))
    dep = sub.add_parser("deploy", help=_t("deploy"))
    dep.add_argument("dest", help=_t("dest"))
    dep.add_argument("--site-dir", default="site")
    dep.add_argument("--state", help=_t("state"))
    dep.add_argument("--dry-run", action="store_true", help=_t("dry_run"))
    dep.add_argument("--rollback", action="store_true", help=_t("rollback"))
    server = sub.add_parser("server-config", help=_t("server-config"))
    server.add_argument("server", choices=["nginx", "caddy"], help=_t("server"))
    server.add_argument("--site-dir", default="site")
    server.add_argument("--listen", default="8080", help=_t("listen"))
    sub.choices["serve"].add_argument("--dev-addr", default="127.0.0.1:8000")
    sub.choices["serve"].add_argument("--drafts", action="store_true", help=_t("drafts"))
    for name in ("review", "compliance"):
        sub.add_parser(name, help=_t(name)).add_argument("--build-date", help=_t("date"))
    new = sub.add_parser("new", help=_t("new"))
    new.add_argument("kind", choices=KINDS, help=_t("kind"))
    new.add_argument("title", help=_t("title"))
    return p


def run() -> None:
    """The `khuyencong` command: main(), then leave at once. A large build holds a large heap, and
    the interpreter would spend about a second freeing it object by object on the way out; every
    file is written and every worker joined by then, so nothing is lost."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv):
            os.environ["KHUYENCONG_LANG"] = argv[i + 1]
    args = _parser().parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(args.root).resolve()
    if getattr(args, "build_date", None):
        os.environ["KHUYENCONG_BUILD_DATE"] = args.build_date
    try:
        if args.command in ("check", "build", "serve") and (root / "mkdocs.yml").is_file():
            if found := config_problems(root / "mkdocs.yml"):  # before MkDocs reads it with its unsafe loader
                raise ContentError(found)
        if args.command == "check":
            return _check(root, args.fast)
        if args.command == "deploy":
            return _deploy(root, args)
        if args.command == "server-config":
            return _server_config(root, args.server, Path(args.site_dir), args.listen)
        if args.command == "build":
            return _build(root, Path(args.site_dir), Path(args.cache).resolve() if args.cache else None)
        if args.command == "new":
            return _new(root, args.kind, args.title)
        if args.command == "review":
            return _review(root)
        if args.command == "compliance":
            return _compliance(root)
        return _serve(root, args.dev_addr, args.drafts)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        KEPT.flush()  # what was parsed or converted without a problem serves the next check all the same
        return 1


def _warn(cat: Catalog, rendering: list[Problem] | None = None) -> None:
    """The catalog's warnings and, after a render, those rendering gave (a link to a hidden item)."""
    warnings = [*cat.warnings, *(rendering or [])]
    if warnings:
        print(_t("warnings", n=len(warnings)), file=sys.stderr)
        for w in warnings:
            print(w.format(), file=sys.stderr)


def _check(root: Path, fast: bool = False) -> int:
    start = time.perf_counter()
    if fast:
        cat = load_catalog(Paths(root), build_date())  # the collector off meanwhile
        rendering: list[Problem] = []
    else:
        try:
            # rendering too: it finds template errors and hidden links
            cat, _, rendering = generate(Paths(root), build_date())
        except jinja2.TemplateError as exc:  # named with its file and line, as `build` does
            print(_t("template", where=_template_place(exc, root),
                     error=(exc.message or type(exc).__name__).rstrip(".")), file=sys.stderr)
            return 1
    _warn(cat, rendering)
    KEPT.flush()  # what it converted, for the next check or build (generator/markdown_store.py)
    print(_t("ok", products=len(cat.products), projects=len(cat.projects), legal=len(cat.legal), news=len(cat.news),
             events=len(cat.events), provinces=len(cat.provinces), hidden=len(cat.hidden),
             secs=time.perf_counter() - start))
    return 0


def _deploy(root: Path, args: argparse.Namespace) -> int:
    from generator import deploy as d

    try:
        if args.rollback:
            todo = d.rollback(args.dest, args.state, args.dry_run)
        else:
            todo = d.deploy((root / args.site_dir).resolve(), args.dest, args.state, args.dry_run)
    except d.DeployError as exc:
        code, _, detail = str(exc).partition(":")
        print(_t("deploy_" + code, detail=detail), file=sys.stderr)
        return 1
    if args.dry_run:
        for f in todo.upload:
            print(f"+ {f}")
        for f in todo.remove:
            print(f"- {f}")
    print(_t("plan", n=len(todo.upload), m=len(todo.remove), dry=_t("would") if args.dry_run else ""))
    return 0


def _server_config(root: Path, server: str, site_dir: Path, listen: str) -> int:
    from generator.outputs.servers import caddy_config, check_values, nginx_config, redirects

    site = (root / site_dir).resolve()
    if found := check_values(server, site, listen):  # what the configuration could not hold, before anything is printed
        raise ContentError(found)
    moves = redirects(load_catalog(Paths(root), build_date()))
    write = nginx_config if server == "nginx" else caddy_config
    print(write(site, listen, moves), end="")
    return 0


def _mkdocs_logging() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    log = logging.getLogger("mkdocs")
    log.handlers[:] = [handler]
    # `build` asks MkDocs for a "dirty" build; its warning (navigation may be stale) does not apply:
    # the folder is a new one, or the cache's, whose key holds what frames every page (a change to it
    # rebuilds all).
    handler.addFilter(lambda record: "'dirty' build" not in record.getMessage())
    log.setLevel(logging.WARNING)
    log.propagate = False
    return handler


def _build(root: Path, site_dir: Path, cache: Path | None = None) -> int:
    """Check, then build aside and swap in: the old site survives any failure. With `cache`, the
    build starts from the last one kept there and writes only what changed (generator/plugin.py);
    a large cache is read by a child while the portal is loaded (build_cache.read_ahead)."""
    if cache is None:
        return _build_now(root, site_dir, None)
    from generator import build_cache

    build_cache.read_ahead(cache)
    try:
        return _build_now(root, site_dir, cache)
    finally:
        build_cache.drop_ahead()  # a build that stopped before it asked for its cache


def _build_now(root: Path, site_dir: Path, cache: Path | None) -> int:
    start = time.perf_counter()
    os.environ.pop("KHUYENCONG_PREVIEW", None)  # a built site is always the public one
    mark("load and check")
    # content problems stop us before MkDocs starts; the plugin logs warnings
    cat = load_catalog(Paths(root), build_date())
    # what was loaded, out of the collector's sight until the pages are rendered (site.generate, which
    # lets it go after them): collected now, the heap loaded with the collector off would be walked
    # whole two or three times (0.5–1 s at 10,000 items)
    gc.freeze()
    try:
        return _build_loaded(cat, root, site_dir, cache, start)
    finally:
        gc.unfreeze()  # a build stopped before its pages (MkDocs refused its configuration, say)


def _build_loaded(cat: Catalog, root: Path, site_dir: Path, cache: Path | None, start: float) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    if cache is not None:  # the pages' lookups need these; a large cache is still being read by a child
        warm(cat)
    _mkdocs_logging()
    site = (root / site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site)
    tmp = Path(tempfile.mkdtemp(prefix=f".site-{os.getpid()}-", dir=site.parent))
    os.chmod(tmp, _folder_mode())  # the site's root as any folder (mkdtemp makes it the user's alone)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp))
        config.plugins["khuyencong"].cache = cache  # the build starts from the last one kept there
        # "dirty": MkDocs writes only the pages it is told changed; the plugin writes the others itself,
        # on both cores (generator/build.py write_pages), and the folder is a new one: nothing is stale
        config.plugins.on_startup(command="build", dirty=True)
        build(config, dirty=True)
    except (MkDocsException, Abort) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        print(str(exc), file=sys.stderr)
        print(_t("failed", site=site_dir), file=sys.stderr)
        return 1
    except jinja2.TemplateError as exc:  # a template mistake: named with its file and line, no traceback
        shutil.rmtree(tmp, ignore_errors=True)
        print(_t("template", where=_template_place(exc, root), error=(exc.message or type(exc).__name__).rstrip(".")),
              file=sys.stderr)
        print(_t("failed", site=site_dir), file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    made = os.stat(tmp)
    config.plugins["khuyencong"].after_swap(site, _swap_in(tmp, site), (made.st_dev, made.st_ino))
    mark("swapped in, leave")
    if cat.history_missing:  # said once: what the pages cannot show without Git's history (history.py)
        print(_t(f"history_{cat.history_missing}"), file=sys.stderr)
    print(_t("built", site=site_dir, secs=time.perf_counter() - start))
    return 0


def _swap_in(new: Path, site: Path) -> Path | None:
    """Put the new build in place in one step: at every instant `site` is the old build or the new
    one, whole (Linux renameat2 RENAME_EXCHANGE; elsewhere two renames, with a short gap). Gives
    the old build, moved aside under a name `_remove_leftovers` knows (the caller removes it, or a
    build with `--cache` keeps it as the cache's copy), or None when there was none."""
    if site.exists():
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.renameat2(-100, os.fsencode(new), -100, os.fsencode(site), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
                return new  # now the old build
        except (OSError, AttributeError):
            pass
        old = site.with_name(f".site-{os.getpid()}-old")
        site.rename(old)
        new.rename(site)
        return old
    new.rename(site)
    return None


def _folder_mode() -> int:
    """The mode a folder made now gets (0o777 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def _remove_leftovers(site: Path) -> None:
    """Folders of builds that were killed (named .site-<pid>-…, their process gone)."""
    for folder in site.parent.glob(".site-*"):
        pid = folder.name.split("-")[1]
        alive = True
        try:
            os.kill(int(pid), 0)
        except ValueError:
            alive = False  # an older build's name
        except ProcessLookupError:
            alive = False
        except PermissionError:
            pass
        if not alive and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(site.with_name(site.name + ".old"), ignore_errors=True)  # what builds before this scheme left
    for trash in site.parent.glob(".trash-*"):  # an old build whose detached removal never finished
        remove_later(trash)


def _template_place(exc: jinja2.TemplateError, root: Path) -> str:
    """file:line of a template error: the syntax error's own, else the innermost template frame."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{_shown(Path(exc.filename), root)}:{exc.lineno}"
    place = "templates"
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            place = f"{_shown(Path(name), root)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _new(root: Path, kind: str, title: str) -> int:
    today = build_date()
    taken: set[str] = set()
    try:
        cat = load_catalog(Paths(root), today, preview=True)
        taken = {ident for (k, ident) in cat.by_id if k == kind}
    except ContentError:
        pass  # a broken file elsewhere should not stop a communicator starting a new item
    path = new_item(root, kind, title, today, taken)
    print(_t("created", path=path.relative_to(root)))
    return 0


def _review(root: Path) -> int:
    """`khuyencong review`: what is due, overdue or expired (generator/review.py), by province and by file."""
    from generator.review import STATES, kind_name

    cat = load_catalog(Paths(root), build_date())
    day = cat.today.strftime("%d/%m/%Y")
    found = cat.reviews
    if not found:
        print(_t("review_none", day=day))
        return 0

    def counts(rows: list, every: bool = False) -> str:
        n = {s: sum(1 for r in rows if r.state == s) for s in STATES}
        return ", ".join(_t(f"review_n_{s}", n=n[s]) for s in STATES if n[s] or every)

    print(_t("review_head", day=day, counts=counts(found, every=True)))
    print()
    print(_t("review_by_province"))
    places = sorted({r.province for r in found}, key=lambda p: (p != "", fold(p)))
    for place in places:
        print(f"  {place or _t('review_national')}: {counts([r for r in found if r.province == place])}")
    print()
    print(_t("review_by_file"))
    for r in found:
        state = _t(f"review_{r.state}", day=r.date.strftime("%d/%m/%Y"))
        why = _t(f"review_why_{r.why}", last=r.last.strftime("%d/%m/%Y") if r.last else "")
        print(f"  {r.where}: {state} ({why}): {kind_name(r.kind)} “{r.title}”")
    return 0


def _compliance(root: Path) -> int:
    """`khuyencong compliance`: where the portal has what Decree 42/2022/NĐ-CP asks for (generator/compliance.py)."""
    from generator.compliance import STATES, checklist

    cat = load_catalog(Paths(root), build_date())
    rows = checklist(cat)
    name = {k: v[1] if language() == "en" else v[0] for k, v in STATES.items()}
    n = {k: sum(1 for _, f in rows if f.state == k) for k in STATES}
    print(_t("compliance_head", day=cat.today.strftime("%d/%m/%Y"),
             counts=", ".join(f"{n[k]} {name[k].lower()}" for k in STATES)))
    print(_t("compliance_caution"))
    for row, f in rows:
        print()
        print(f"{row.cite}{_t('compliance_translated') if row.translated else ''}: {row.requirement}")
        print(f"  {name[f.state]}{'. ' + f.note if f.note else '.'}")
        if f.links:
            print(f"  {_t('compliance_see')} " + ", ".join(f"/{url}" for _, url in f.links))
    return 0


def _serve(root: Path, dev_addr: str, drafts: bool) -> int:
    from generator.serve import serve

    if drafts:
        os.environ["KHUYENCONG_PREVIEW"] = "1"
    cat = load_catalog(Paths(root), build_date(), preview=drafts)
    _warn(cat)
    if cat.history_missing:
        print(_t(f"history_{cat.history_missing}"), file=sys.stderr)
    handler = _mkdocs_logging()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # Rebuilds after an edit are MkDocs "dirty" builds: only pages whose content changed are written
    # (the plugin tells which). MkDocs' warning about dirty builds is about hand-maintained
    # navigations; ours is the same on every page, and layout changes rebuild everything.
    handler.addFilter(lambda rec: "'dirty' build" not in rec.getMessage())
    serve(str(root / "mkdocs.yml"), dev_addr)
    return 0
