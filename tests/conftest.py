"""Shared fixtures.

Two portals are built once per run (once for all the workers of `make test-fast`: `built_once`):
- `portal_site`, from the frozen test portal in tests/fixtures/portal/ (the tests own its data, so
  exact counts, titles and orderings are asserted against it);
- `sample_site`, from the repository's own site_data/ and content/, which communicators change
  whenever they publish: it is held only to invariants (tests/test_sample.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "tests" / "fixtures" / "portal"
# The project's templates (theme and translation catalogue), for a portal folder that holds data only.
TEMPLATES = str(ROOT / "templates")
BUILD_DATE = "2026-11-22"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def copy_portal(dest: Path, with_data: bool = True, data: Path = PORTAL) -> Path:
    """A portal to build: the project's code (mkdocs.yml, templates/, content/assets/) with the
    test portal's data (all of it, or only its provinces and topics). `data=ROOT` takes the
    repository's own sample content instead."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copytree(ROOT / "content" / "assets", dest / "content" / "assets")
    if with_data:
        shutil.copytree(data / "site_data", dest / "site_data")
        shutil.copytree(data / "content", dest / "content", dirs_exist_ok=True,
                        ignore=lambda folder, names: ["assets"] if Path(folder) == data / "content" else [])
    else:
        (dest / "site_data").mkdir()
        for name in ("provinces.yml", "topics.yml"):
            shutil.copy(data / "site_data" / name, dest / "site_data" / name)
        (dest / "content" / "tin-tuc").mkdir(parents=True)
        (dest / "content" / "gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    return dest


NODE_TOOLS = ["tests/tools/node_modules", "generator/outputs/editor/node_modules", "bench/tools/node_modules"]
# What a copy of the repository leaves behind when git cannot list its files (an unpacked archive).
NOT_SOURCE = {".git", ".venv", "site", "test-artifacts", ".bench", "node_modules", "__pycache__", ".pytest_cache"}


def _repository_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True)
    if listed.returncode == 0:
        return [rel for rel in listed.stdout.decode("utf-8").split("\0") if rel]
    return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
            if p.is_file() and not NOT_SOURCE & set(p.relative_to(ROOT).parts) and not p.name.startswith(".site-")]


def copy_repository(dest: Path) -> Path:
    """The repository's files as git knows them (tracked, and untracked but not ignored; outside a
    git checkout, every file but those in NOT_SOURCE), copied to `dest`: no .venv, no built site,
    no bytecode. Its npm folders link to those installed here (the checkers, the web editor)."""
    for rel in _repository_files():
        source = ROOT / rel
        if source.is_file() and not source.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    for tools in NODE_TOOLS:  # installed by make, never copied
        if (ROOT / tools).is_dir():
            (dest / tools).parent.mkdir(parents=True, exist_ok=True)
            (dest / tools).symlink_to(ROOT / tools)
    return dest


def moved_page(path: Path) -> bool:
    """A page left at an old address (outputs/redirect_pages.py): it sends the reader on, and is no page of the site."""
    return b'http-equiv="refresh"' in path.read_bytes()[:1000]


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that drives chromium carries the `browser` mark, whichever file it sits in, so
    `-m "not browser"` never starts a browser. Under `--dist loadgroup`, the tests of one
    `xdist_group` go to one worker (`_name_xdist_groups`)."""
    for item in items:
        if {"page", "browser", "context"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
    if getattr(config.option, "loadgroup", False):  # set by pytest-xdist on its workers
        _name_xdist_groups(items)


def _name_xdist_groups(items: list[pytest.Item]) -> None:
    """`--dist loadgroup` (`make test-fast`) sends the tests of one group to one worker by the group's
    name at the end of their node id (`…::test_x@sample`). pytest-xdist 3.8 writes it into
    `item._nodeid`, which pytest 9.2 no longer reads (a node's id is `item._id`, a `NodeId`): every
    group was split over the workers, each of them building the group's fixtures again. Written
    here where pytest reads it; a pytest or an xdist that moves it again stops the run, rather than
    splitting the groups without a word."""
    for item in items:
        names = {str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                 for m in item.iter_markers("xdist_group")}
        suffix = "@" + "_".join(sorted(names))
        if not names or item.nodeid.endswith(suffix):
            continue
        if hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)
        if not item.nodeid.endswith(suffix):
            raise pytest.UsageError(f"cannot give {item.nodeid} its xdist group: see tests/conftest.py")


def pytest_terminal_summary(terminalreporter) -> None:
    """`make test` and `make test-fast` set when they started: their wall time is printed in pytest's
    summary, before its closing line (which stays the last)."""
    started, target = os.environ.get("KHUYENCONG_TEST_STARTED"), os.environ.get("KHUYENCONG_TEST_TARGET")
    if started and target:
        seconds = round(time.time() - int(started))
        terminalreporter.write_line(f"make {target}: {seconds} s wall ({seconds // 60} min {seconds % 60:02d} s)")


@contextlib.contextmanager
def module_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str,
                  ) -> Iterator[Path]:
    """A folder for a fixture wider than a test (a module's built portal weighs 60 MB and more),
    removed when the fixture ends, as a passed test's `tmp_path` is (pyproject.toml:
    `tmp_path_retention_policy`); kept to read, as a failed test's is, if a test failed meanwhile.
    So a run holds on disk what its tests use at one time, not all it built."""
    folder = tmp_path_factory.mktemp(name)
    failed = request.session.testsfailed
    yield folder
    if request.session.testsfailed == failed:
        shutil.rmtree(folder, ignore_errors=True)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that `build` fills once per run. In one process (`make test`): a temporary folder of
    its own. Under pytest-xdist (`make test-fast`): a folder beside the workers' own, which they
    share: the first worker that asks builds it, holding a lock; the others wait on the lock and read
    the same folder. A build of the test portal takes seconds: it is made once, not once per worker."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent / f"built-once-{name}"  # the run's, not the worker's
    with open(f"{shared}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, however this ends
        if not (shared / ".built").exists():
            shutil.rmtree(shared, ignore_errors=True)  # what a failed build left
            shared.mkdir()
            build(shared)
            (shared / ".built").touch()
    return shared


@pytest.fixture(scope="session", autouse=True)
def _compress_store(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The builds of a run share one store of compressed copies (generator/outputs/compressed.py),
    the run's own (all its workers'), never the machine's: no test depends on what another run left."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if "PYTEST_XDIST_WORKER" in os.environ else base
    if "KHUYENCONG_COMPRESS_STORE" not in os.environ:
        os.environ["KHUYENCONG_COMPRESS_STORE"] = str(shared / "compressed")
    if "KHUYENCONG_MARKDOWN_STORE" not in os.environ:  # and its own Markdown conversions (markdown_store.py)
        os.environ["KHUYENCONG_MARKDOWN_STORE"] = str(shared / "markdown")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI sets these for its process; in-process tests must not see another test's."""
    for name in ("KHUYENCONG_BUILD_DATE", "KHUYENCONG_LANG", "KHUYENCONG_PREVIEW", "SOURCE_DATE_EPOCH",
                 "KHUYENCONG_BUILD_CACHE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def portal_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test portal put together with the project's code; tests read it, never change it."""
    return copy_portal(tmp_path_factory.mktemp("portal") / "portal")


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test portal, built once (once for all the workers of `make test-fast`: `built_once`):
    exact assertions are made on this site."""
    def build(folder: Path) -> None:
        root = copy_portal(folder / "portal")
        code = main(["--root", str(root), "build", "--site-dir", str(folder / "site"), "--build-date", BUILD_DATE])
        assert code == 0

    return built_once(tmp_path_factory, "portal-site", build) / "site"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample portal, built once (`built_once`): only invariants are asserted on it."""
    def build(folder: Path) -> None:
        code = main(["--root", str(ROOT), "build", "--site-dir", str(folder / "site"), "--build-date", BUILD_DATE])
        assert code == 0

    return built_once(tmp_path_factory, "sample-site", build) / "site"


@pytest.fixture(scope="session")
def edited_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test portal with three edits, built once: each edit is read by one test, and none touches
    what another test looks at, so one build answers the three (the tests carry the xdist group
    `edited-portal`: one worker of `make test-fast` runs them, and builds this once).
    - templates/en/directory.html: a new interface string, left untranslated (test_english.py,
      test_a_new_string_left_untranslated_shows_on_the_page_and_fails_the_catalogue_check);
    - an English name, with its source, for one organisation (test_english.py,
      test_an_english_name_with_its_source_heads_the_directory_entry);
    - mkdocs.yml: `feed_limit: 3` (test_feeds.py, test_feed_limit).
    Add an edit here only if it, too, leaves what the others read as it was."""
    root = copy_portal(tmp_path_factory.mktemp("edited-portal") / "p")
    template = root / "templates" / "en" / "directory.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% endblock %}", '<p>{{ _("Chuỗi mới chưa dịch") }}</p>\n{% endblock %}'), encoding="utf-8")
    org = root / "site_data" / "organisations" / "trung-tam-khuyen-cong-cao-bang.yml"
    org.write_text(org.read_text(encoding="utf-8").replace(
        "\nkind:",
        "\nname_en:\n  text: Test Centre (a test's name)\n  source:\n    url: https://example.org/ten\n    "
        "publisher: Example\nkind:", 1),
        encoding="utf-8")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("      templates: templates",
                                                           "      templates: templates\n      feed_limit: 3"),
                   encoding="utf-8")
    assert main(["--root", str(root), "build", "--build-date", BUILD_DATE]) == 0
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A portal with the provinces and topics only, to which a test adds its own files."""
    return copy_portal(tmp_path / "portal", with_data=False)
