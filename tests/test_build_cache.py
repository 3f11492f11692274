"""`build --cache DIR` (generator/plugin.py, generator/build_cache.py): a build that starts from the
last one kept in DIR and writes only what changed gives, byte for byte, the site a build from nothing
gives. The cache is input from outside (a CI cache another branch may have written): nothing in it runs
code, a file altered in it is never published, and a cache of any other shape is set aside with one
line, the build going on from nothing."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import BUILD_DATE, ROOT, copy_portal, module_folder, run_cli

# One pytest-xdist worker runs this module (`make test-fast`, --dist loadgroup): the primed cache is built once.
pytestmark = pytest.mark.xdist_group("build_cache")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _news(root: Path) -> list[Path]:
    return sorted((root / "content" / "tin-tuc").glob("*.md"))


def edit_news(root: Path) -> None:
    f = _news(root)[0]
    f.write_text(f.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa ", 1), encoding="utf-8")


def remove_news(root: Path) -> None:
    _news(root)[-1].unlink()


def edit_template(root: Path) -> None:
    t = root / "templates" / "directory.html"
    t.write_text(t.read_text(encoding="utf-8").replace("<h1>{{ title }}</h1>", "<h1 class=\"kc-x\">{{ title }}</h1>"),
                 encoding="utf-8")


def edit_stylesheet(root: Path) -> None:
    css = root / "content" / "assets" / "portal.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.kc-cache-test { color: #123; }\n", encoding="utf-8")


def edit_province_data(root: Path) -> None:
    f = sorted((root / "site_data" / "products").glob("*.yml"))[0]
    f.write_text(f.read_text(encoding="utf-8").replace("name: ", "name: Đã sửa ", 1), encoding="utf-8")


@dataclass
class Primed:
    root: Path  # the test portal, built once with the cache
    cache: Path
    fresh: dict[str, bytes]  # the site a build from nothing gives


@pytest.fixture(scope="module")
def primed(request: pytest.FixtureRequest, portal_site: Path, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[Primed]:
    """The test portal built with the cache; the site a build from nothing gives is the session's
    build of the same portal (conftest.py), byte for byte (tests/test_quality.py)."""
    with module_folder(request, tmp_path_factory, "primed") as base:
        root, cache = copy_portal(base / "p"), base / "cache"
        assert main(["--root", str(root), "build", "--build-date", BUILD_DATE, "--cache", str(cache)]) == 0
        yield Primed(root, cache, tree(portal_site))


def _copy(primed: Primed, to: Path, with_site: bool = False) -> tuple[Path, Path]:
    """The primed portal (without its sites, or with the site its cached build published) and its
    cache, copied: each test alters its own."""
    root, cache = to / "p", to / "cache"
    dropped = ["fresh"] if with_site else ["site", "fresh"]
    shutil.copytree(primed.root, root, ignore=lambda folder, names: dropped if Path(folder) == primed.root else [])
    shutil.copytree(primed.cache, cache, symlinks=True)
    return root, cache


# `make test-fast` builds from the cache after one kind of change (a news item edited); `make test`
# after each (`slow`: two builds each).
@pytest.mark.parametrize("change", [edit_news, *(pytest.param(f, marks=pytest.mark.slow) for f in (
    remove_news, edit_province_data, edit_template, edit_stylesheet))], ids=lambda f: f.__name__)
def test_a_build_from_the_cache_equals_a_build_from_nothing(primed: Primed, tmp_path: Path, capsys, change):
    root, cache = _copy(primed, tmp_path, with_site=True)  # the test portal as its build with the cache left it
    args = ["--root", str(root), "build", "--build-date", BUILD_DATE]
    change(root)
    code, _, err = run_cli([*args, "--cache", str(cache)], capsys)
    assert code == 0, err
    assert "dirty" not in err
    assert run_cli([*args, "--site-dir", "fresh"], capsys)[0] == 0
    cached, fresh = tree(root / "site"), tree(root / "fresh")
    assert sorted(set(cached) ^ set(fresh)) == []
    assert [f for f in fresh if cached[f] != fresh[f]] == []
    assert tree(cache / "current" / "site") == fresh  # and the cache holds it for the next run


# What a hostile or damaged cache may hold. Every build below must publish, byte for byte, what a
# build from nothing publishes, say in one line why it set the cache aside, and exit 0.

def _cached_build(root: Path, cache: Path, capsys) -> tuple[int, str]:
    code, _, err = run_cli(["--root", str(root), "build", "--build-date", BUILD_DATE, "--cache", str(cache)], capsys)
    return code, err


def _cache_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "bộ nhớ đệm" in line or "cache" in line.lower()]


def _a_news_page(site: Path) -> str:
    """A page every build writes the same: reused from the cache by a build that trusts it."""
    return sorted(p.relative_to(site).as_posix() for p in (site / "tin-tuc").glob("*/index.html"))[0]


class _Plant:
    """A pickle that creates a file when loaded: what a poisoned cache would run in the build."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _state(cache: Path) -> dict:
    return json.loads((cache / "current" / "state.json").read_text(encoding="utf-8"))


def _set_state(cache: Path, state: dict) -> None:
    (cache / "current" / "state.json").write_text(json.dumps(state), encoding="utf-8")


def alter_page(cache: Path, payload: bytes) -> None:
    page = cache / "current" / "site" / _a_news_page(cache / "current" / "site")
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<script>alert('cache')</script></body>"))


def add_page(cache: Path, payload: bytes) -> None:
    (cache / "current" / "site" / "khuyen-mai.html").write_text("<script>alert('cache')</script>", encoding="utf-8")


def link_out(cache: Path, payload: bytes) -> None:
    page = cache / "current" / "site" / _a_news_page(cache / "current" / "site")
    page.unlink()
    page.symlink_to("/etc/hostname")


def remove_page(cache: Path, payload: bytes) -> None:
    (cache / "current" / "site" / _a_news_page(cache / "current" / "site")).unlink()


def pickle_beside(cache: Path, payload: bytes) -> None:
    (cache / "current" / "renders.pickle").write_bytes(payload)


def pickle_instead(cache: Path, payload: bytes) -> None:
    (cache / "current" / "renders.json").write_bytes(payload)


def pickle_with_its_digest(cache: Path, payload: bytes) -> None:
    """The pickle in place of the render cache, the state rewritten to match it."""
    import hashlib

    (cache / "current" / "renders.json").write_bytes(payload)
    _set_state(cache, {**_state(cache), "renders": hashlib.sha256(payload).hexdigest()})


def old_pickle_cache(cache: Path, payload: bytes) -> None:
    """A cache as the version before this one wrote it: state.json without format, renders.pickle."""
    state = _state(cache)
    (cache / "current" / "renders.json").unlink()
    (cache / "current" / "renders.pickle").write_bytes(payload)
    _set_state(cache, {k: state[k] for k in ("layout", "built", "dest", "written")})


def json_garbage(cache: Path, payload: bytes) -> None:
    (cache / "current" / "state.json").write_bytes(b"\x00{'built': ")


def another_version(cache: Path, payload: bytes) -> None:
    _set_state(cache, {**_state(cache), "version": 1})


def wrong_shape(cache: Path, payload: bytes) -> None:
    _set_state(cache, {**_state(cache), "built": ["tin-tuc/index.html"]})


def a_list(cache: Path, payload: bytes) -> None:
    _set_state(cache, [1, 2, 3])  # type: ignore[arg-type]


def renders_reshaped(cache: Path, payload: bytes) -> None:
    """The render cache replaced by valid JSON of another shape, with its digest: a page's HTML that is not zlib."""
    import hashlib

    data = json.loads((cache / "current" / "renders.json").read_bytes())
    uri = sorted(data["pages"])[0]
    data["pages"][uri]["page"]["html"] = "PHNjcmlwdD4="  # base64 of '<script>', not zlib
    raw = json.dumps(data).encode("utf-8")
    (cache / "current" / "renders.json").write_bytes(raw)
    _set_state(cache, {**_state(cache), "renders": hashlib.sha256(raw).hexdigest()})


def _renders_changed(cache: Path, change) -> None:  # noqa: ANN001
    """The render cache changed by `change(data)`, and given its new digest."""
    import hashlib

    data = json.loads((cache / "current" / "renders.json").read_bytes())
    change(data)
    raw = json.dumps(data).encode("utf-8")
    (cache / "current" / "renders.json").write_bytes(raw)
    _set_state(cache, {**_state(cache), "renders": hashlib.sha256(raw).hexdigest()})


def page_not_utf8(cache: Path, payload: bytes) -> None:
    """A page's HTML that unpacks (zlib) to bytes that are not UTF-8: found on reading, not when written."""
    import base64
    import zlib

    def change(data: dict) -> None:
        uri = sorted(data["pages"])[0]
        data["pages"][uri]["page"]["html"] = base64.b64encode(zlib.compress(b"<p>\xff\xfe</p>")).decode("ascii")

    _renders_changed(cache, change)


def terms_of_another_type(cache: Path, payload: bytes) -> None:
    """A document's search terms whose weight is `true` (a bool, not a whole number)."""
    def change(data: dict) -> None:
        terms = data["memos"]["search_terms-2"]
        key = sorted(terms)[0]
        terms[key]["w"][0] = True

    _renders_changed(cache, change)


def current_a_file(cache: Path, payload: bytes) -> None:
    shutil.rmtree(cache / "current")
    (cache / "current").write_bytes(payload)


def state_a_fifo(cache: Path, payload: bytes) -> None:
    """A named pipe for state.json (a tar archive can hold one): reading it would wait forever."""
    (cache / "current" / "state.json").unlink()
    os.mkfifo(cache / "current" / "state.json")


def renders_a_device(cache: Path, payload: bytes) -> None:
    """The render cache a link to /dev/zero: reading it would fill the memory."""
    (cache / "current" / "renders.json").unlink()
    (cache / "current" / "renders.json").symlink_to("/dev/zero")


TAMPERING = {  # what is done to the cache → what the line says
    alter_page: "mã SHA-256 không khớp",
    add_page: "tệp lạ",
    link_out: "không phải tệp hay thư mục thường",
    remove_page: "thiếu tệp này",
    pickle_beside: "tệp lạ",
    pickle_instead: "mã SHA-256 không khớp",
    pickle_with_its_digest: "không phải JSON hợp lệ",
    old_pickle_cache: "định dạng khác",
    json_garbage: "không phải JSON hợp lệ",
    another_version: "định dạng khác (phiên bản 1",
    wrong_shape: "không đúng cấu trúc",
    a_list: "định dạng khác",
    renders_reshaped: "không đúng cấu trúc",
    page_not_utf8: "không đúng cấu trúc",
    terms_of_another_type: "không đúng cấu trúc",
    current_a_file: "không phải tệp hay thư mục thường",
    state_a_fifo: "không phải tệp hay thư mục thường",
    renders_a_device: "không phải tệp hay thư mục thường",
}


# `make test-fast` tries one (a page of the kept site altered); `make test` tries every one (`slow`: a
# full build each).
FAST_TAMPERING = {alter_page}


@pytest.mark.parametrize("tamper", [t if t in FAST_TAMPERING else pytest.param(t, marks=pytest.mark.slow) for t
                                    in TAMPERING],
                         ids=[f.__name__ for f in TAMPERING])
def test_a_cache_altered_or_of_another_shape_is_set_aside_in_one_line(primed: Primed, tmp_path: Path, capsys, tamper):
    root, cache = _copy(primed, tmp_path)
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Plant(marker))
    tamper(cache, payload)
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and "Traceback" not in err, err
    lines = _cache_lines(err)
    assert len(lines) == 1 and TAMPERING[tamper] in lines[0] and str(cache) in lines[0], err
    assert lines[0].endswith("không dùng bộ nhớ đệm, trang được dựng từ đầu"), lines
    assert not marker.exists()  # nothing in the cache was unpickled
    assert tree(root / "site") == primed.fresh  # the published site is the true one
    assert tree(cache / "current" / "site") == primed.fresh  # and the cache, written anew, holds it
    assert sorted(os.listdir(cache / "current")) == ["renders.json", "site", "state.json"]


def test_the_planted_pickle_would_have_run(tmp_path: Path):
    """What the tests above plant is live: unpickled, it creates its file (so the old reader would have)."""
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(_Plant(marker)))
    assert marker.exists()


@pytest.mark.slow  # a full build (the tampered page: two)
def test_a_tampered_page_is_published_true_and_the_next_build_reuses_the_cache(primed: Primed, tmp_path: Path, capsys):
    root, cache = _copy(primed, tmp_path)
    rel = _a_news_page(cache / "current" / "site")
    alter_page(cache, b"")
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and len(_cache_lines(err)) == 1, err
    assert b"alert('cache')" not in (root / "site" / rel).read_bytes()
    assert (root / "site" / rel).read_bytes() == primed.fresh[rel]
    # The cache written by that build is whole again: the next build takes it without a word and
    # reuses the page (the very file, moved into place, not written again).
    inode = (cache / "current" / "site" / rel).stat().st_ino
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and _cache_lines(err) == [], err
    assert (root / "site" / rel).stat().st_ino == inode
    assert tree(root / "site") == primed.fresh


def test_the_build_it_replaced_becomes_the_caches_copy_whatever_was_put_in_it(primed: Primed, tmp_path: Path, capsys,
                                                                               monkeypatch):
    """The cache's copy of the site is made from the build the new one replaced (build_cache._mirror):
    its unchanged files stay (the same inodes as the new site's), everything else is made to match the
    new site, whatever was put in the old one meanwhile (a file, a link out, a folder where a page
    goes, a page rewritten); the next build takes that cache without a word."""
    root, cache = _copy(primed, tmp_path, with_site=True)
    assert _cached_build(root, cache, capsys)[0] == 0  # the live site and the cache's copy now share their files
    old = root / "site"
    page = sorted(p.relative_to(old).as_posix() for p in (old / "van-ban").glob("*/index.html"))[0]  # not changed
    (old / "rac.txt").write_text("không thuộc bản dựng", encoding="utf-8")
    (old / "tin-tuc" / "lien-ket").symlink_to("/etc/passwd")
    (old / "index.html").unlink()
    (old / "index.html").write_text("<p>trang đã bị thay</p>", encoding="utf-8")  # a new file, not the cache's
    sitemap = old / "sitemap.xml"
    sitemap.unlink()
    sitemap.mkdir()
    (sitemap / "x").write_text("x", encoding="utf-8")
    kept = (old / page).stat().st_ino
    made: list[str] = []
    link = os.link
    monkeypatch.setattr(os, "link", lambda a, b, *args, **kw: (made.append(str(b)), link(a, b, *args, **kw))[1])
    edit_news(root)
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and _cache_lines(err) == [], err
    copy = cache / "current" / "site"
    assert tree(copy) == tree(root / "site")
    assert not (copy / "rac.txt").exists() and not (copy / "tin-tuc" / "lien-ket").is_symlink()
    assert (copy / page).stat().st_ino == (root / "site" / page).stat().st_ino == kept  # unchanged: not linked again
    assert 0 < len([m for m in made if m.startswith(str(cache))]) < len(tree(copy)) // 2
    monkeypatch.undo()
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and _cache_lines(err) == [], err
    assert tree(copy) == tree(root / "site")


def test_a_replaced_build_that_cannot_be_moved_into_the_cache_is_removed(primed: Primed, tmp_path: Path, capsys,
                                                                        monkeypatch):
    """The cache on another disk than the site: the replaced build goes, the site is linked anew."""
    import errno

    root, cache = _copy(primed, tmp_path, with_site=True)
    rename = os.rename

    refused = []

    def across_disks(source, target, *args, **kwargs):
        if str(target) == str(cache / "next" / "site") and ".site-" in str(source):
            refused.append(source)
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))
        return rename(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "rename", across_disks)
    edit_news(root)
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and _cache_lines(err) == [], err
    assert len(refused) == 1  # the replaced build was offered, refused, and the site linked anew
    assert tree(cache / "current" / "site") == tree(root / "site")
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []


def test_a_cache_that_cannot_be_kept_after_the_swap_leaves_the_build_a_success(primed: Primed, tmp_path: Path,
                                                                               capsys, monkeypatch):
    """The site is in place before the cache is written: any failure there (here an unexpected one)
    is one line and exit 0, the new site published, nothing left beside it."""
    from generator import build_cache

    root, cache = _copy(primed, tmp_path, with_site=True)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(build_cache, "_mirror", broken)
    code, err = _cached_build(root, cache, capsys)
    lines = _cache_lines(err)
    assert code == 0 and "Traceback" not in err and len(lines) == 1 and "RuntimeError" in lines[0], err
    assert tree(root / "site") == primed.fresh
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []


def test_a_site_replaced_by_another_build_meanwhile_is_not_kept(primed: Primed, tmp_path: Path, capsys, monkeypatch):
    """Another build that puts its site in place while this one keeps its cache: this build's record
    would describe the other's files, so no generation is kept (one line, exit 0)."""
    from generator import build_cache

    root, cache = _copy(primed, tmp_path, with_site=True)
    mirror = build_cache._mirror

    def raced(copy, site, known):
        site.rename(site.with_name("site-by-this-build"))
        shutil.copytree(site.with_name("site-by-this-build"), site)  # the other build's, the same bytes
        return mirror(copy, site, known)

    monkeypatch.setattr(build_cache, "_mirror", raced)
    edit_news(root)
    code, err = _cached_build(root, cache, capsys)
    lines = _cache_lines(err)
    assert code == 0 and len(lines) == 1 and "EBUSY" in lines[0], err
    assert not (cache / "current" / "site").exists()  # the generation given up when the build took it stays so


@pytest.mark.slow  # a full build
def test_a_cache_path_that_is_a_file_builds_without_a_cache(primed: Primed, tmp_path: Path, capsys):
    root, _ = _copy(primed, tmp_path)
    cache = tmp_path / "not-a-folder"
    cache.write_bytes(pickle.dumps(_Plant(tmp_path / "ran")))
    before = cache.read_bytes()
    code, err = _cached_build(root, cache, capsys)
    assert code == 0 and "Traceback" not in err, err
    lines = _cache_lines(err)
    assert len(lines) == 1 and "không phải thư mục" in lines[0], err
    assert cache.read_bytes() == before and not (tmp_path / "ran").exists()
    assert tree(root / "site") == primed.fresh


@pytest.mark.slow  # a full build
def test_a_kept_site_that_cannot_be_moved_into_place_is_built_anew(primed: Primed, tmp_path: Path, capsys, monkeypatch):
    """The cache on another disk than the site (EXDEV): one line, every page written."""
    import errno

    root, cache = _copy(primed, tmp_path)
    rename = os.rename

    def across_disks(source, target, *args, **kwargs):
        if str(source) == str(cache / "current" / "site"):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))
        return rename(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "rename", across_disks)
    code, err = _cached_build(root, cache, capsys)
    lines = _cache_lines(err)
    assert (code == 0 and "Traceback" not in err and len(lines) == 1 and "không chuyển được" in lines[0] and "EXDEV"
            in lines[0]), err
    assert tree(root / "site") == primed.fresh
    assert tree(cache / "current" / "site") == primed.fresh


@pytest.mark.slow  # a full build
def test_the_line_is_in_english_too(primed: Primed, tmp_path: Path, capsys):
    root, cache = _copy(primed, tmp_path)
    alter_page(cache, b"")
    code, _, err = run_cli(["--root", str(root), "--lang", "en", "build", "--build-date", BUILD_DATE, "--cache",
                            str(cache)], capsys)
    lines = _cache_lines(err)
    assert code == 0 and len(lines) == 1, err
    assert "(warning) differs from what the build wrote into the cache (its SHA-256 does not match): it was altered; " \
           "the build cache is not used and the site is built from nothing" in lines[0]


def test_a_name_in_the_cache_cannot_break_the_line(primed: Primed, tmp_path: Path):
    """A file named with a line break or a terminal escape is shown escaped, on one line."""
    from generator import build_cache

    _, cache = _copy(primed, tmp_path)
    (cache / "current" / "site" / "a\nb\x1b[31m").write_text("x", encoding="utf-8")
    with pytest.raises(build_cache.Unusable) as found:
        build_cache.read(cache)
    line = found.value.problem.format()
    assert "\n" not in line and "\x1b" not in line and "a\\nb\\x1b[31m" in line


def test_nothing_put_in_place_from_a_cache_set_aside(primed: Primed, tmp_path: Path):
    """The render cache and memos are filled only from a cache found whole: one that fails its last
    check (a file of the site altered) leaves them empty."""
    from generator import build_cache
    from generator.memory import MEMORY

    _, cache = _copy(primed, tmp_path)
    MEMORY.forget()
    alter_page(cache, b"")
    with pytest.raises(build_cache.Unusable):
        build_cache.read(cache)
    assert MEMORY.renders == {} and all(not m.data for m in MEMORY.memos.values())
    kept = build_cache.read(primed.cache)  # a cache found whole (reading it changes nothing in it)
    assert kept is not None and MEMORY.renders and kept.built
    MEMORY.forget()


def test_no_code_executing_format_reads_the_cache():
    """The cache is read by `json` alone: no module of the generator imports pickle, marshal or shelve
    but generator/parallel.py, whose results travel between forked processes of one build, never to
    disk, and generator/template_store.py, which loads compiled templates (marshal) from the user's
    own folder on the machine, never from the cache, and only pickles (the header it expects)."""
    found = {f.name for f in (ROOT / "generator").rglob("*.py") if "node_modules" not in f.parts
             and re.search(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill|cloudpickle)\b",
                           f.read_text(encoding="utf-8"), re.M)}
    assert found <= {"parallel.py", "template_store.py"}, found
    store = (ROOT / "generator" / "template_store.py").read_text(encoding="utf-8")
    assert not re.search(r"pickle\.(load|loads|Unpickler)\b", store) and "build_cache" not in store


def test_a_change_of_code_is_never_served_from_the_cache(primed: Primed, tmp_path: Path):
    """The generator's code is part of the cache's key (build_cache.code_key): change what one function
    returns (the date format), build again with the same cache, and the site equals, byte for byte, a
    build from nothing by the changed code. Run in processes of their own, on a copy of the code; the
    cache is the primed one, which the copy's code, unchanged, would take (its key is the copy's)."""
    import subprocess
    import sys

    code = tmp_path / "code"
    shutil.copytree(ROOT / "generator", code / "generator",
                    ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    (code / "generator" / "outputs" / "editor" / "node_modules").symlink_to(
        ROOT / "generator" / "outputs" / "editor" / "node_modules")
    root, cache = _copy(primed, tmp_path, with_site=True)  # the test portal as its build with the cache left it
    env = {**os.environ, "PYTHONPATH": str(code)}

    def build(*extra: str) -> None:
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--build-date",
                               BUILD_DATE, *extra],
                              cwd=code, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr

    key = subprocess.run([sys.executable, "-c", "from generator.build_cache import code_key; print(code_key())"],
                         cwd=code, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert _state(cache)["key"] == key  # the copy of the code, as it is, would build from this cache
    before = tree(root / "site")
    text = code / "generator" / "text.py"
    source = text.read_text(encoding="utf-8")
    assert 'value.strftime("%d/%m/%Y")' in source
    text.write_text(source.replace('value.strftime("%d/%m/%Y")', 'value.strftime("%d-%m-%Y")', 1), encoding="utf-8")
    build("--cache", str(cache))
    cached = tree(root / "site")
    assert cached != before  # the change shows: the old pages were not served
    shutil.rmtree(root / "site")
    build()
    assert tree(root / "site") == cached


# A large cache is read by a child while the portal loads (build_cache.read_ahead). The test portal
# counts as large with KHUYENCONG_LARGE=1, read when the module is imported: so a fresh process.

def _build_reading_ahead(root: Path, cache: Path, stages: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KHUYENCONG_LARGE": "1", "KHUYENCONG_STAGES": str(stages), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KHUYENCONG_SERIAL", None)  # forking allowed: the child is what is tested
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--build-date", BUILD_DATE,
                           "--cache", str(cache)], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_a_large_cache_is_read_by_a_child_and_gives_the_same_site(primed: Primed, tmp_path: Path):
    root, cache = _copy(primed, tmp_path)
    stages = tmp_path / "stages.txt"
    done = _build_reading_ahead(root, cache, stages)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert re.search(r"^= \d+ cache read ahead=1$", stages.read_text(encoding="utf-8"), re.M)  # read by the child
    # its pages and memos sent while it checked the site
    assert re.search(r"^= \d+ cache pages sent ahead=1$", stages.read_text(encoding="utf-8"), re.M)
    assert _cache_lines(done.stderr) == [], done.stderr
    assert tree(root / "site") == primed.fresh
    assert tree(cache / "current" / "site") == primed.fresh


@pytest.mark.slow  # a full build
def test_a_tampered_cache_read_by_a_child_is_set_aside_in_one_line(primed: Primed, tmp_path: Path):
    root, cache = _copy(primed, tmp_path)
    alter_page(cache, b"")
    stages = tmp_path / "stages.txt"
    done = _build_reading_ahead(root, cache, stages)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "cache read ahead=1" in stages.read_text(encoding="utf-8")  # the child found it, and said so
    lines = _cache_lines(done.stderr)
    assert len(lines) == 1 and TAMPERING[alter_page] in lines[0], done.stderr
    assert tree(root / "site") == primed.fresh


def test_a_child_that_says_nothing_leaves_the_build_to_read_the_cache(primed: Primed, tmp_path: Path):
    """The child killed, or its result not read back whole: the cache is read as without a child."""
    from generator import build_cache
    from generator.memory import MEMORY

    _, cache = _copy(primed, tmp_path)

    class Silent:
        def outcome(self) -> None:
            return None

    build_cache._AHEAD[cache] = Silent()  # type: ignore[assignment]
    try:
        kept = build_cache.read(cache)
        assert kept is not None and kept.built and cache not in build_cache._AHEAD
        assert MEMORY.renders  # the pages kept were put in place
    finally:
        build_cache._AHEAD.pop(cache, None)
        MEMORY.forget()


def test_a_child_killed_or_left_waiting_is_stopped_and_the_cache_read_here(primed: Primed, tmp_path: Path):
    """A real child (forked in a fresh process, not in the test runner) that never answers: killed,
    it gives no outcome and the build reads the cache itself; one left waiting is stopped by
    drop_ahead (what the command line does when a build ends before it asks for its cache)."""
    _, cache = _copy(primed, tmp_path)
    script = f"""
import time
from pathlib import Path
from generator import build_cache

folder = Path({str(cache)!r})
real = build_cache._outcome
build_cache._outcome = lambda folder, *early: time.sleep(120)  # a child that never answers
ahead = build_cache._Ahead(folder)
ahead.proc.kill()
assert ahead.outcome() is None and not ahead.proc.is_alive()
build_cache._AHEAD[folder] = killed = build_cache._Ahead(folder)
killed.proc.kill()
build_cache._outcome = real
kept = build_cache.read(folder)
assert kept is not None and kept.built and not build_cache._AHEAD and not killed.proc.is_alive()
build_cache._outcome = lambda folder, *early: time.sleep(120)
build_cache._AHEAD[folder] = waiting = build_cache._Ahead(folder)
build_cache.drop_ahead()
assert not build_cache._AHEAD and not waiting.proc.is_alive()
print("checked")
"""
    env = {k: v for k, v in os.environ.items() if k != "KHUYENCONG_SERIAL"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "checked", done.stderr


def test_a_large_build_from_the_cache_writes_its_outputs_and_cache_in_children(primed: Primed, tmp_path: Path):
    """At LARGE items the outputs of a build from the cache are written by a child from the moment
    the catalog is loaded, beside the rendering, and renders.json by a child while the site is
    linked into the cache: the site is the one a build from nothing gives, and the cache kept is
    the one a build without children keeps (what the outputs' child used of the memos came back)."""
    serial_root, serial_cache = _copy(primed, tmp_path / "serial", with_site=True)
    root, cache = _copy(primed, tmp_path / "forked", with_site=True)
    for portal in (serial_root, root):
        edit_news(portal)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KHUYENCONG_SERIAL": "1"}
    args = ["build", "--build-date", BUILD_DATE, "--cache"]
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(serial_root), *args, str(serial_cache)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    stages = tmp_path / "stages.txt"
    done = _build_reading_ahead(root, cache, stages)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert _cache_lines(done.stderr) == [], done.stderr
    marks = [line.split(" ", 2) for line in stages.read_text(encoding="utf-8").splitlines() if not line.startswith("=")]
    by_name = {name: pid for _, pid, name in marks}
    assert by_name["feeds, calendars, index, data"] != by_name["render pages"]  # a child wrote them
    order = [name for _, _, name in marks]
    assert order.index("feeds, calendars, index, data") < order.index("MkDocs writes pages")  # beside the rendering
    assert tree(root / "site") == tree(serial_root / "site")
    assert tree(cache / "current" / "site") == tree(serial_cache / "current" / "site")
    kept, serial = (json.loads((c / "current" / "renders.json").read_bytes()) for c in (cache, serial_cache))
    assert kept["memos"] == serial["memos"] and any(kept["memos"].values())
    assert kept["pages"] == serial["pages"]
    assert _state(cache)["written"] == _state(serial_cache)["written"]
    # and the next build from it takes it whole
    done = _build_reading_ahead(root, cache, stages)
    assert done.returncode == 0 and _cache_lines(done.stderr) == [], done.stderr
    assert tree(root / "site") == tree(serial_root / "site")


def test_a_cache_that_cannot_be_written_is_said_once_without_a_traceback(tmp_path: Path, capfd, monkeypatch):
    """renders.json is written by a child on a large portal: where it cannot be written (a full
    disk), the child says nothing and the build's own attempt raises the OSError the build reports
    in one line (build.keep_cache); no traceback from either process."""
    import errno

    import generator.parallel
    from generator import build_cache
    from generator.memory import MEMORY

    monkeypatch.setattr(generator.parallel, "LARGE", 1)  # the child forks
    monkeypatch.setitem(MEMORY.renders, "x.md", ("k", None, []))  # one page's worth: large enough

    def full(*_args: object) -> Iterator[bytes]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_cache, "_renders_chunks", full)
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_bytes(b"<p>a</p>")
    with pytest.raises(OSError) as raised:
        build_cache.write(tmp_path / "cache", site, build_cache.Kept())
    assert raised.value.errno == errno.ENOSPC
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert not (tmp_path / "cache" / "current").exists()  # nothing kept as a generation


def test_the_record_of_pages_reads_back_as_written_and_leaves_out_what_orjson_refuses():
    """renders.json's pieces (build_cache._dump) are orjson's compact UTF-8, read back to the same
    values (build_cache._parse). A value orjson refuses (an integer past 64 bits, which json.dumps
    would write and orjson read back as a float; a date) is never written: that memo entry is left
    out, and the others are kept."""
    import datetime

    from generator import build_cache
    from generator.memory import MEMORY

    for value in ({"tiêu đề": "Bánh tráng Mỹ Lồng", "số": [1, 2.5, None, True, -(2**63), 2**63 - 1]},
                  "\u2028<script>"):
        assert build_cache._parse(build_cache._dump(value), Path("x")) == value
    for refused in (2**70, -(2**64), {"ngày": datetime.date(2025, 7, 1)}):
        with pytest.raises(TypeError):
            build_cache._dump(refused)
    memo = MEMORY.memo("kc-test-refused", encode=lambda v: v, decode=lambda v: v)
    keep, saved = MEMORY.keep_memos, dict(MEMORY.renders)
    try:
        MEMORY.keep_memos, MEMORY.renders = True, {}
        for key, value in ((b"\x01", 1), (b"\x02", 2**70), (b"\x03", "ba")):
            memo.put(key, value)
        written = build_cache._parse(b"".join(build_cache._renders_chunks()), Path("x"))
        assert written["memos"]["kc-test-refused"] == {"01": 1, "03": "ba"}
    finally:
        MEMORY.memos.pop("kc-test-refused")
        MEMORY.keep_memos, MEMORY.renders = keep, saved


def test_the_walk_made_while_the_outputs_are_written_misses_nothing(tmp_path: Path):
    """A build from the cache walks its site while the outputs' child still writes (build.finish),
    then takes the files the child names as written (`late`): a file the child replaced after the
    walk saw it old is kept and counted as written, one it made in a folder the walk never saw is
    counted too, a file of the last build that no output names any more is removed (its compressed
    copy with it), and the folder the child stages its files in is passed over."""
    import time as clock
    from types import SimpleNamespace

    from generator.build import BuildState, _drop_stale
    from generator.outputs.release import STAGE, walk_files, write_new

    site = tmp_path / "site"
    old = {"a/index.html": b"<p>a</p>", "feeds/x.xml": b"<x/>", "feeds/gone.xml": b"<g/>",
           "feeds/gone.xml.gz": b"gz"}
    for rel, data in old.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
        os.utime(site / rel, (clock.time() - 60, clock.time() - 60))
    (site / STAGE).mkdir()
    (site / STAGE / "half-written").write_bytes(b"...")
    state = BuildState(cache=tmp_path / "cache")
    state.started = clock.time() - 1
    state.dest, state.pages = {"a.md": "a/index.html"}, {"a.md": None}  # type: ignore[dict-item]
    walked = walk_files(site, skip=STAGE)
    assert sorted(rel for rel, _ in walked) == sorted(old)
    late = ["feeds/x.xml", "feeds/new.xml", "search/n/s.json"]  # what the child wrote after the walk
    for rel in late:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        write_new(site / rel, b"new")
    state.written = {rel: "digest" for rel in late}
    (site / STAGE / "half-written").unlink()
    written = _drop_stale(SimpleNamespace(site_dir=site), state, [], walked, late)  # type: ignore[arg-type]
    assert sorted(written) == sorted(late)
    assert sorted(rel for rel, _ in walk_files(site, skip=STAGE)) == sorted(["a/index.html", *late])
    assert (site / "feeds/x.xml").read_bytes() == b"new"


# A build from the cache whose outputs' child writes every output only once the build has walked its
# site (it waits for the walk, not for a time): then each file the child wrote reaches the release
# through its reply alone. In the child only (a serial build writes its outputs itself, unwaited).
_WRITES_AFTER_THE_WALK = """
import os, sys, time
from pathlib import Path
import generator.build as build
from generator.outputs.registry import OUTPUTS
from generator.cli import main

PARENT, FLAG = os.getpid(), Path(sys.argv[1])
walk = build.walk_files

def walked(*args, **kwargs):
    found = walk(*args, **kwargs)
    if kwargs.get("skip"):
        FLAG.write_text("walked")
    return found

def after_the_walk(cat, settings):
    if os.getpid() != PARENT:
        for _ in range(3000):
            if FLAG.exists():
                break
            time.sleep(0.1)
    yield "zz-viet-sau.txt", b"written after the walk"

build.walk_files = walked
first = list(OUTPUTS.items())
OUTPUTS.clear()
OUTPUTS["after_the_walk"] = after_the_walk
OUTPUTS.update(first)
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow  # two builds from the cache in fresh processes
def test_files_the_outputs_child_writes_after_the_walk_are_released(primed: Primed, tmp_path: Path):
    serial_root, serial_cache = _copy(primed, tmp_path / "serial", with_site=True)
    root, cache = _copy(primed, tmp_path / "forked", with_site=True)
    for portal in (serial_root, root):
        edit_news(portal)
    stages = tmp_path / "stages.txt"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KHUYENCONG_STAGES": str(stages)}
    for portal, folder, extra in ((serial_root, serial_cache, {"KHUYENCONG_SERIAL": "1"}),
                                  (root, cache, {"KHUYENCONG_LARGE": "1"})):
        run_env = {**{k: v for k, v in env.items() if k != "KHUYENCONG_SERIAL"}, **extra}
        flag = tmp_path / f"{portal.parent.name}.flag"
        done = subprocess.run([sys.executable, "-c", _WRITES_AFTER_THE_WALK, str(flag),
                               "--root", str(portal), "build", "--build-date", BUILD_DATE, "--cache", str(folder)],
                              cwd=ROOT, env=run_env, capture_output=True, text=True, check=False, timeout=600)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert _cache_lines(done.stderr) == [], done.stderr
    assert "walk the site while the feeds and index are written" in stages.read_text(encoding="utf-8")
    site, serial = tree(root / "site"), tree(serial_root / "site")
    assert "zz-viet-sau.txt" in site and any(rel.startswith("feeds/") and rel.endswith(".xml.gz") for rel in site)
    assert site == serial
