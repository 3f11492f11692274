"""The compiled templates kept between builds (generator/template_store.py): a template compiled by
one process is taken by the next, not compiled again; an edited template is compiled again;
environments that would compile differently never share; without a store, or with one that cannot
be made, templates are compiled as before."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from generator import template_store


def _env(folder: Path, **options: object) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, **options)
    template_store.attach(env)
    return env


def _compiles(env: jinja2.Environment) -> list[str]:
    """The names of the templates `env` compiles from now on."""
    names: list[str] = []
    compile_ = env.compile

    def counted(source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN202
        names.append(name)
        return compile_(source, name, filename, raw, defer_init)

    env.compile = counted  # type: ignore[method-assign]
    return names


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KHUYENCONG_MARKDOWN_STORE", str(tmp_path / "store"))
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    return tmp_path / "store"


def test_a_template_compiled_once_is_taken_by_the_next_process(store: Path, tmp_path: Path):
    first = _env(tmp_path / "tpl")
    compiled = _compiles(first)
    assert first.get_template("page.html").render(name="<Bắc Ninh>") == "<p>&lt;Bắc Ninh&gt;</p>"
    assert compiled == ["page.html"]
    kept = list((store / template_store.FOLDER).glob("*/*.cache"))
    assert len(kept) == 1
    # another process: a new environment with nothing in memory
    second = _env(tmp_path / "tpl")
    compiled = _compiles(second)
    assert second.get_template("page.html").render(name="Huế") == "<p>Huế</p>"
    assert compiled == []


def test_an_edited_template_is_compiled_again(store: Path, tmp_path: Path):
    _env(tmp_path / "tpl").get_template("page.html")
    (tmp_path / "tpl" / "page.html").write_text("<h1>{{ name }}</h1>", encoding="utf-8")
    again = _env(tmp_path / "tpl")
    compiled = _compiles(again)
    assert again.get_template("page.html").render(name="Sơn La") == "<h1>Sơn La</h1>"
    assert compiled == ["page.html"]


def test_environments_that_compile_differently_never_share(store: Path, tmp_path: Path):
    """Options that change the compiled code (whitespace control, autoescape) and the filters a
    template may name give another folder."""
    plain = _env(tmp_path / "tpl")
    trimmed = _env(tmp_path / "tpl", trim_blocks=True)
    filtered = _env(tmp_path / "tpl")
    filtered.bytecode_cache = None
    filtered.filters["vn"] = str.upper
    template_store.attach(filtered)
    unescaped = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "tpl")), autoescape=False)
    template_store.attach(unescaped)
    passing = _env(tmp_path / "tpl")
    passing.bytecode_cache = None
    passing.filters["vn"] = jinja2.pass_context(lambda ctx, value: str(value).upper())  # the same name, called
    template_store.attach(passing)  # with the context first: the compiled code differs
    envs = (plain, trimmed, filtered, unescaped, passing)
    for env in envs:
        env.get_template("page.html")
    folders = {env.bytecode_cache.folder for env in envs}  # type: ignore[union-attr]
    assert len(folders) == 5 and "" not in folders
    assert unescaped.get_template("page.html").render(name="<b>") == "<p><b></p>"


def test_without_a_store_templates_are_compiled_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    monkeypatch.setenv("KHUYENCONG_MARKDOWN_STORE", "off")
    assert _env(tmp_path / "tpl").bytecode_cache is None
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KHUYENCONG_MARKDOWN_STORE", str(tmp_path / "a-file"))
    env = _env(tmp_path / "tpl")  # a store that cannot be made: found at the first template
    compiled = _compiles(env)
    assert env.get_template("page.html").render(name="x") == "<p>x</p>" and compiled == ["page.html"]
    assert env.bytecode_cache.folder == ""  # type: ignore[union-attr]


def test_a_damaged_file_is_compiled_again(store: Path, tmp_path: Path):
    _env(tmp_path / "tpl").get_template("page.html")
    (kept,) = (store / template_store.FOLDER).glob("*/*.cache")
    kept.write_bytes(kept.read_bytes()[:40])
    again = _env(tmp_path / "tpl")
    compiled = _compiles(again)
    assert again.get_template("page.html").render(name="Cà Mau") == "<p>Cà Mau</p>"
    assert compiled == ["page.html"]


def test_the_counts_are_told_once_per_process(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    marks = tmp_path / "marks.txt"
    monkeypatch.setenv("KHUYENCONG_STAGES", str(marks))
    template_store.note()  # what earlier tests counted
    marks.unlink()
    _env(tmp_path / "tpl").get_template("page.html")
    _env(tmp_path / "tpl").get_template("page.html")
    template_store.note()
    template_store.note()
    pid = os.getpid()
    assert marks.read_text(encoding="utf-8").splitlines() == [
        f"= {pid} templates compiled=1", f"= {pid} templates taken from the store=1",
        f"= {pid} templates compiled=0", f"= {pid} templates taken from the store=0"]


def test_a_store_that_cannot_be_written_costs_speed_only(store: Path, tmp_path: Path):
    env = _env(tmp_path / "tpl")
    env.get_template("page.html")
    folder = Path(env.bytecode_cache.folder)  # type: ignore[union-attr]
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()  # gone after the environment found it
    again = _env(tmp_path / "tpl")
    again.bytecode_cache.folder = str(folder)  # type: ignore[union-attr]
    assert again.get_template("page.html").render(name="Lai Châu") == "<p>Lai Châu</p>"


def test_a_store_others_can_write_is_not_used(store: Path, tmp_path: Path):
    """Its files are code the build runs: a folder others may write (or another user's) is left alone,
    and the templates compiled as without a store; the store's own folders are the user's alone."""
    _env(tmp_path / "tpl").get_template("page.html")
    root = store / template_store.FOLDER
    (folder,) = root.iterdir()
    assert root.stat().st_mode & 0o777 == 0o700 and folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    env = _env(tmp_path / "tpl")
    compiled = _compiles(env)
    assert env.get_template("page.html").render(name="x") == "<p>x</p>"
    assert compiled == ["page.html"] and env.bytecode_cache.folder == ""  # type: ignore[union-attr]


def test_a_file_whose_header_is_not_the_expected_bytes_is_never_unpickled(store: Path, tmp_path: Path):
    """A file is used only when it starts with Jinja's header and the pickled checksum this process
    expects, compared as bytes: a planted pickle in its place is never loaded."""
    import pickle

    _env(tmp_path / "tpl").get_template("page.html")
    (kept,) = (store / template_store.FOLDER).glob("*/*.cache")
    marker = tmp_path / "ran"

    class Plant:
        def __reduce__(self):  # noqa: ANN204
            return (marker.write_text, ("ran",))

    from jinja2.bccache import bc_magic
    kept.write_bytes(bc_magic + pickle.dumps(Plant(), 2))
    env = _env(tmp_path / "tpl")
    compiled = _compiles(env)
    assert env.get_template("page.html").render(name="y") == "<p>y</p>"
    assert compiled == ["page.html"] and not marker.exists()
