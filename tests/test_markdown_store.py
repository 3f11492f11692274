"""The Markdown conversions kept between builds (generator/markdown_store.py): a text converted by
one build is taken by the next, with the same bytes in every page; other converting code finds
nothing kept; a damaged entry or database, a database that is not ours, a locked one or a store that
cannot be opened costs speed and never the build."""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import sqlite3
import time
import zlib
from pathlib import Path

import pytest

from generator import markdown_store, markup, yamlio
from generator.memory import MEMORY
from tests.conftest import BUILD_DATE, copy_portal, run_cli

TEXT = ("## Máy sấy nông sản\n\nHợp tác xã được hỗ trợ [máy sấy](https://example.org/may-say).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n")


# the code whose results are kept
SOURCES = ("markup.py", "text.py", "outputs/search.py", "yamlio.py", "markdown_store.py")


def _fresh(monkeypatch: pytest.MonkeyPatch, store: Path | str) -> None:
    """This process as a new one: the store named, the conversions it remembers forgotten."""
    monkeypatch.setenv("KHUYENCONG_MARKDOWN_STORE", str(store))
    markdown_store.KEPT.forked()
    markup.clear_memos()
    MEMORY.files.clear()  # the files it parsed
    MEMORY.catalogs.clear()


def _convert(text: str) -> tuple[str, list, tuple]:
    """Converted (or taken) as a new process would, and what it made written at once (a build writes
    in batches, and at its end)."""
    markup._convert_now.cache_clear()
    value = markup._convert(text)
    markdown_store.KEPT.flush()
    return value


def _db(store: Path) -> sqlite3.Connection:
    return sqlite3.connect(store / "markdown.sqlite3", isolation_level=None)


def test_a_conversion_is_kept_and_taken_back_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fresh(monkeypatch, tmp_path / "store")
    kept = markdown_store.KEPT
    first = _convert(TEXT)
    assert (kept.made, kept.taken) == (1, 0)
    assert first[1][0]["id"] == "may-say-nong-san" and first[2] == ("https://example.org/may-say",)
    again = _convert(TEXT)
    assert again == first and (kept.made, kept.taken) == (1, 1)
    assert (tmp_path / "store" / "markdown.sqlite3").is_file()
    _convert(TEXT + "\nMột dòng nữa.\n")  # another text: converted
    assert (kept.made, kept.taken) == (2, 1)


def test_other_converting_code_finds_nothing_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The key holds the sources of markup.py and text.py and the converting libraries' versions:
    with another salt (as after an edit of either file), the text is converted again."""
    _fresh(monkeypatch, tmp_path / "store")
    _convert(TEXT)
    monkeypatch.setitem(markdown_store.SALTS, "md", b"another version of the code")
    _convert(TEXT)
    assert (markdown_store.KEPT.made, markdown_store.KEPT.taken) == (2, 0)


def test_each_kind_follows_its_own_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """One byte more in a source a kind is made by, or another version of a converting library, and
    that kind's salt differs; an edit of the search code (outputs/search.py) leaves the conversions
    and words kept, an edit of markup.py the search terms and parsed YAML. Without a source, nothing
    is kept."""
    here = Path(markdown_store.__file__).parent
    (tmp_path / "outputs").mkdir()
    every = sorted({name for names in markdown_store.SOURCES.values() for name in names})
    assert every == sorted(SOURCES) and set(markdown_store.SOURCES) == set(markdown_store.UNPACK)
    for name in every:
        (tmp_path / name).write_bytes((here / name).read_bytes())
    monkeypatch.setattr(markdown_store, "_HERE", tmp_path)
    same = {kind: markdown_store._salt(kind) for kind in markdown_store.SOURCES}
    assert same == markdown_store.SALTS and len(set(same.values())) == 4  # the kind is in its salt
    expected = {"markup.py": {"md", "words"}, "text.py": {"md", "words", "terms"}, "outputs/search.py": {"terms"},
                "yamlio.py": {"yaml"}, "markdown_store.py": {"md", "words", "terms", "yaml"}}
    for name in every:
        (tmp_path / name).write_bytes((here / name).read_bytes() + b"\n")
        changed = {kind for kind in same if markdown_store._salt(kind) != same[kind]}
        assert changed == expected[name], name
        (tmp_path / name).write_bytes((here / name).read_bytes())
    with monkeypatch.context() as m:  # another libyaml: only parsed YAML
        m.setattr(markdown_store, "_libyaml", lambda: "0.0.0")
        assert {kind for kind in same if markdown_store._salt(kind) != same[kind]} == {"yaml"}
    monkeypatch.setattr(markdown_store, "_version", lambda dist: "0.0" if dist == "python-slugify" else "1")
    assert all(markdown_store._salt(kind) != same[kind] for kind in same)
    (tmp_path / "outputs" / "search.py").unlink()
    assert markdown_store._salt("terms") is None and markdown_store._salt("md") is not None
    monkeypatch.setitem(markdown_store.SALTS, "terms", None)
    assert markdown_store.folder() is None


def test_a_damaged_entry_is_converted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fresh(monkeypatch, tmp_path / "store")
    first = _convert(TEXT)
    markdown_store.KEPT.flush()
    db = _db(tmp_path / "store")
    for damaged in (b"not zlib at all", zlib.compress(b'["only", "two"]'), zlib.compress(b"\xff\xfe")):
        db.execute("UPDATE conversion SET value = ?", (damaged,))
        assert _convert(TEXT) == first
    assert markdown_store.KEPT.taken == 0
    db.close()


def test_a_damaged_database_is_set_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = tmp_path / "store"
    store.mkdir()
    (store / "markdown.sqlite3").write_bytes(b"SQLite? no: " + b"\x00\xff" * 4000)
    _fresh(monkeypatch, store)
    first = _convert(TEXT)
    assert (store / "markdown.sqlite3.damaged").is_file()
    assert _convert(TEXT) == first and markdown_store.KEPT.taken == 1


def test_a_database_with_a_trigger_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Anything but the one table (here a trigger that would run with every insert) and the file is
    set aside before a statement of ours runs."""
    store = tmp_path / "store"
    store.mkdir()
    db = _db(store)
    db.execute(markdown_store.TABLE)
    db.execute("CREATE TRIGGER spy AFTER INSERT ON conversion BEGIN DELETE FROM conversion; END")
    db.close()
    _fresh(monkeypatch, store)
    first = _convert(TEXT)
    assert (store / "markdown.sqlite3.damaged").is_file()
    assert _db(store).execute("SELECT name FROM sqlite_master").fetchall() == [("conversion",)]
    assert _convert(TEXT) == first and markdown_store.KEPT.taken == 1


def test_a_table_of_another_shape_is_set_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A database of another version of the store (here its columns in another order) is not read."""
    store = tmp_path / "store"
    store.mkdir()
    db = _db(store)
    db.execute("CREATE TABLE conversion (key BLOB PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL) "
               "WITHOUT ROWID")
    db.close()
    _fresh(monkeypatch, store)
    first = _convert(TEXT)
    assert (store / "markdown.sqlite3.damaged").is_file()
    assert _convert(TEXT) == first and markdown_store.KEPT.taken == 1


def test_an_entry_taken_is_marked_as_used_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Else an entry in use every day would expire 30 days after it was made."""
    _fresh(monkeypatch, tmp_path / "store")
    _convert(TEXT)
    db = _db(tmp_path / "store")
    db.execute("UPDATE conversion SET used = 1")
    _convert(TEXT)
    assert db.execute("SELECT used FROM conversion").fetchall() == [(int(time.time() // 86400),)]
    db.close()


def test_entries_are_written_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A process writes its new entries every BATCH, without waiting for its end."""
    _fresh(monkeypatch, tmp_path / "store")
    for i in range(markdown_store.BATCH + 5):
        markup._convert(f"Đoạn số {i}.")
    db = _db(tmp_path / "store")
    assert db.execute("SELECT count(*) FROM conversion").fetchone()[0] == markdown_store.BATCH
    markdown_store.KEPT.note()  # told at a process's end: the rest written
    assert db.execute("SELECT count(*) FROM conversion").fetchone()[0] == markdown_store.BATCH + 5
    db.close()


@pytest.mark.slow  # SQLite waits its 5 s for the lock
def test_a_locked_database_is_left_after_one_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Another process holds the write lock: the first write waits for it once (5 s), then the
    process converts without the store instead of waiting at every text."""
    _fresh(monkeypatch, tmp_path / "store")
    _convert("Một văn bản trước khi khoá.")
    other = _db(tmp_path / "store")
    other.execute("BEGIN IMMEDIATE")
    try:
        first = _convert(TEXT)  # written: waits for the lock, then gives up
        assert markdown_store.KEPT._db is None
        assert _convert("Một văn bản nữa.")[0] == "<p>Một văn bản nữa.</p>"  # converted, the store not asked
        assert markdown_store.KEPT._db is None and markdown_store.KEPT.made == 3 and first[2]
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_store_that_cannot_be_opened_costs_speed_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "store").write_text("a file where the folder should be", encoding="utf-8")
    _fresh(monkeypatch, tmp_path / "store")
    first = _convert(TEXT)
    assert _convert(TEXT) == first and markdown_store.KEPT.taken == 0
    _fresh(monkeypatch, "off")
    assert _convert(TEXT) == first and markdown_store.KEPT.taken == 0


def _child(text: str, out: multiprocessing.Queue) -> None:
    before = (markdown_store.KEPT.made, markdown_store.KEPT.taken)
    value = markup._convert(text)
    markdown_store.KEPT.flush()
    out.put((before, markdown_store.KEPT.made, markdown_store.KEPT.taken, value))


def test_a_forked_process_opens_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The render worker is forked from a build that has the database open: it opens its own, its
    counts start at zero (the parent's are not told twice), and what it converts the build then finds."""
    _fresh(monkeypatch, tmp_path / "store")
    _convert("Một văn bản trước khi tách tiến trình.")
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_child, args=(TEXT, out))
    child.start()
    before, made, taken, value = out.get(timeout=60)
    child.join(timeout=60)
    assert before == (0, 0) and (made, taken) == (1, 0)
    assert _convert(TEXT) == value and markdown_store.KEPT.taken == 1


def test_entries_unused_for_long_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fresh(monkeypatch, tmp_path / "store")
    _convert(TEXT)
    _convert("Một văn bản khác.")
    markdown_store.KEPT.flush()
    db = _db(tmp_path / "store")
    old = int(time.time() // 86400) - markdown_store.EXPIRE_DAYS - 1
    db.execute("UPDATE conversion SET used = ? WHERE key = (SELECT min(key) FROM conversion)", (old,))
    markdown_store.KEPT.expire()
    assert db.execute("SELECT count(*) FROM conversion").fetchone()[0] == 1
    db.close()


def test_another_store_named_is_used_from_then_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _fresh(monkeypatch, tmp_path / "one")
    _convert(TEXT)
    monkeypatch.setenv("KHUYENCONG_MARKDOWN_STORE", str(tmp_path / "two"))
    _convert(TEXT)
    assert markdown_store.KEPT.taken == 0 and (tmp_path / "two" / "markdown.sqlite3").is_file()


@pytest.mark.slow  # a small portal built three times
def test_a_build_takes_the_last_builds_conversions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch):
    """`khuyencong build` twice with one store, as two processes would (the memos of the first
    forgotten): the second converts and parses nothing and takes the texts and the YAML documents, as
    the bench reads its counts;
    both sites, and a third built with the store off, are the same bytes."""
    root = copy_portal(tmp_path / "portal")
    marks = tmp_path / "marks.txt"
    monkeypatch.setenv("KHUYENCONG_STAGES", str(marks))
    counts, search = [], []
    for name, store in (("one", tmp_path / "store"), ("two", tmp_path / "store"), ("off", "off")):
        _fresh(monkeypatch, store)
        code, out, err = run_cli(["--root", str(root), "build", "--build-date", BUILD_DATE, "--site-dir",
                                  str(tmp_path / name)], capsys)
        assert code == 0, out + err
        notes: dict[str, int] = {}
        for line in marks.read_text(encoding="utf-8").splitlines():
            if line.startswith("= "):
                key, value = line.split(" ", 2)[2].rsplit("=", 1)
                notes[key] = notes.get(key, 0) + int(value)
        counts.append((notes["markdown converted"], notes["markdown taken from the store"]))
        search.append([notes.get(f"{kind} {what}", 0) for kind in ("search words", "search terms", "YAML documents")
                       for what in ("worked out", "taken from the store")])
        marks.unlink()
    (made, _), (again_made, again_taken), (off_made, off_taken) = counts
    assert made > 20 and again_made == 0 and again_taken > made // 2
    # what the search index reads from the texts: worked out by the first, taken by the second
    (words, _, terms, _, yaml, _), (words_again, words_taken, terms_again, terms_taken, yaml_again,
                                    yaml_taken), _off = search
    assert words > 20 and terms > 20 and words_again == terms_again == 0
    assert words_taken >= words and terms_taken >= terms and _off[1] == _off[3] == 0
    # and the data files and front matter parsed: by the first, taken by the second
    assert yaml > 20 and yaml_again == 0 and yaml_taken >= yaml and _off[5] == 0
    assert off_taken == 0 and off_made > made // 2
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    for other in ("two", "off"):
        files = sorted(p.relative_to(tmp_path / other) for p in (tmp_path / other).rglob("*") if p.is_file())
        assert files == one
        assert [p for p in one if (tmp_path / "one" / p).read_bytes() != (tmp_path / other / p).read_bytes()] == []


@pytest.mark.parametrize("kind, good, damaged", [
    ("words", "Hợp tác xã máy sấy", [["not", "a text"], 3]),
    ("terms", ["máy\tsấy", "3\t1"], [["máy", "3\t1"], [["máy"], [3]], ["máy", "1.5"], ["máy", ""], "x",
               ["máy", str(2**70)]]),
])
def test_the_search_indexs_kinds_are_kept_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
                                                      good: object, damaged: list[object]):
    """A text's words and a document's terms (outputs/search.py) are kept under their own kind: the
    same text finds nothing of another kind, and an entry of the wrong shape is worked out again."""
    _fresh(monkeypatch, tmp_path / "store")
    kept = markdown_store.KEPT
    kept.put(TEXT, good, kind)
    kept.flush()
    assert kept.get(TEXT, kind) == ((["máy", "sấy"], [3, 1]) if kind == "terms" else good)
    assert kept.get(TEXT) is None and kept.get(TEXT, "terms" if kind == "words" else "words") is None
    for wrong in damaged:
        kept.put(TEXT, wrong, kind)
        kept.flush()
        assert kept.get(TEXT, kind) is None


YAML = """\
name: "Bánh chưng"
year: 2021
ratio: 1.5
big: .inf
small: -.inf
nothing: .nan
none: ~
yes_no: true
phone: 02437654321
day: 2025-07-01
when: 2025-07-01 08:30:00+07:00
utc: 2025-07-01T01:30:00.25Z
naive: 2025-07-01 08:30:00
list:
  - a
  - {b: [1, 2]}
"""


def _parse(text: str, offset: int = 0) -> tuple[object, list]:
    """parse_yaml as a new process would, and what it kept written at once."""
    found = yamlio.parse_yaml(text, "site_data/a.yml", offset)
    markdown_store.KEPT.flush()
    return found


def _same(one: object, other: object) -> bool:
    """Equal values of the same types, all the way down (1.0 and 1, a date and a time, two time zones)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(_same(a, b) for a, b in zip(one, other))
    if isinstance(one, float) and one != one:
        return other != other
    if isinstance(one, dt.datetime):
        return one == other and one.utcoffset() == other.utcoffset()
    return one == other


def test_a_yaml_document_is_kept_with_its_values_and_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A document parsed once is taken back by the next process: the same values of the same types
    (dates, times and their zones, the floats JSON cannot write, numbers as written) and the same
    marks in the same order, so every message names the same line. The line offset (front matter)
    is part of the key."""
    _fresh(monkeypatch, tmp_path / "store")
    kept = markdown_store.KEPT
    first, problems = _parse(YAML)
    assert problems == [] and kept.others["yaml"] == [1, 0]
    assert first.value["phone"] == "02437654321" and first.value["when"].utcoffset() == dt.timedelta(hours=7)
    assert first.value["big"] == math.inf and first.value["day"] == dt.date(2025, 7, 1)
    again, problems = _parse(YAML)
    assert problems == [] and kept.others["yaml"] == [1, 1]
    assert again is not first and _same(again.value, first.value)
    assert [again.value["nothing"]] == [first.value["nothing"]]  # PyYAML's NaN, which a list compares by identity
    assert list(again.marks.items()) == list(first.marks.items()) and again.marks[("list", 1, "b", 1)] == (16, 13)
    moved, _ = _parse(YAML, 4)
    assert kept.others["yaml"] == [2, 1] and moved.marks[("list", 1, "b", 1)] == (20, 13)


@pytest.mark.parametrize("text", ["raw: !!binary aGVsbG8=\n", "a: 1\na: 2\n", "a: \"\\x01\"\n",
                                  "a: &x [1]\nb: *x\n", "\"\\0d2020-01-01\": 1\n"])
def test_a_document_not_kept_is_parsed_again_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str):
    """What JSON cannot carry (bytes), a key that starts with NUL (the tag of a kept date), and what
    has a problem (a duplicate key, a control character written as an escape, an alias), is not kept:
    each process parses it, with the same outcome."""
    _fresh(monkeypatch, tmp_path / "store")
    first = _parse(text)
    again = _parse(text)
    assert repr(again) == repr(first) and markdown_store.KEPT.others.get("yaml", [0, 0]) == [0, 0]


@pytest.mark.parametrize("damaged", [b"not zlib", b'["only one"]', b'[{"a": "\\u0000zbad"}, []]',
                                     b'[{"a": "\\u0000d2025-02-30"}, []]', b'[{}, [[["a"], "1", 2]]]',
                                     b'[{}, [[[{"a": 1}], 1, 2]]]', b'[{}, [[["a"], 1]]]', b'[{}, {"a": 1}]'])
def test_a_damaged_yaml_entry_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bytes):
    _fresh(monkeypatch, tmp_path / "store")
    first, _ = _parse(YAML)
    db = _db(tmp_path / "store")
    db.execute("UPDATE conversion SET value = ?", (damaged if damaged == b"not zlib" else zlib.compress(damaged),))
    db.close()
    again, problems = _parse(YAML)
    assert problems == [] and _same(again.value, first.value) and again.marks == first.marks
    assert markdown_store.KEPT.others["yaml"] == [2, 0]


def test_a_portal_whose_yaml_the_store_holds_is_parsed_in_one_process(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    """content._parse_ahead parses a first share of the files itself: where the store held (nearly)
    all of their YAML, it parses the rest too instead of forking a second process; where it did not
    (a machine's first build), the rest is shared with one. Either way the same records and problems."""
    from generator import content

    root = copy_portal(tmp_path / "portal")
    monkeypatch.setattr(content, "LARGE", 10)
    monkeypatch.setattr(content, "PROBE", 5)
    shared: list[int] = []

    def spy(func, items, *args):  # noqa: ANN001, ANN202 - the shared_map it stands for
        shared.append(len(items))
        return [func(item) for item in items], None
    monkeypatch.setattr(content, "shared_map", spy)
    loads = []
    for _ in range(2):
        _fresh(monkeypatch, tmp_path / "store")
        raw, problems = content.load_site(root)
        markdown_store.KEPT.flush()
        loads.append((repr(raw.items), repr(raw.news), repr(raw.pages), problems))
    assert len(shared) == 1 and shared[0] > 20  # the first load shared its rest; the second, none
    assert loads[0] == loads[1]
