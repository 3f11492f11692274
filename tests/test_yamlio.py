"""Stage 1: reading YAML and front matter with positions, refusing what could hurt."""

import pytest
import yaml

from pathlib import Path

from generator import yamlio
from generator.yamlio import MAX_DEPTH, _fast, _slow, decode, parse_yaml, split_front_matter
from tests.conftest import PORTAL, ROOT


def messages(problems):
    return [p.format("vi") for p in problems]


def test_values_keep_their_line_and_column():
    loaded, problems = parse_yaml("- name: A\n  year: 2023\n- name: B\n", "f.yml")
    assert problems == []
    assert loaded.value == [{"name": "A", "year": 2023}, {"name": "B"}]
    assert loaded.locate((0, "year")) == (2, 3)
    assert loaded.locate((1, "name")) == (3, 3)
    assert loaded.locate((1, "missing")) == (3, 3)  # falls back to the item


def test_duplicate_key_names_both_lines():
    _, problems = parse_yaml("name: A\nyear: 1\nname: B\n", "f.yml")
    assert messages(problems) == ["f.yml:3:1: khóa 'name' xuất hiện hai lần (lần đầu ở dòng 1). Xóa một trong hai"]


def test_tab_indentation_is_explained():
    _, problems = parse_yaml("a:\n\t- x\n", "f.yml")
    assert (messages(problems) == ["f.yml:2:1: có ký tự Tab; YAML chỉ chấp nhận dấu cách để thụt lề. Thay Tab bằng "
                                   "dấu cách"])


def test_alias_bomb_is_refused_before_expansion():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    _, problems = parse_yaml(bomb, "f.yml")
    assert problems[0].code == "alias" and problems[0].line == 1


def test_deep_nesting_is_refused_not_crashed():
    _, problems = parse_yaml("[" * 50_000 + "]" * 50_000, "f.yml")
    assert [p.code for p in problems] == ["too_deep"]
    assert str(MAX_DEPTH) in problems[0].format()


def test_python_tags_are_refused():
    _, problems = parse_yaml("x: !!python/object/apply:os.getpid []\n", "f.yml")
    assert problems[0].code == "yaml_tag"


def test_impossible_date_stays_text_for_the_model_to_report():
    loaded, problems = parse_yaml("issued: 2025-02-30\nok: 2025-02-28\n", "f.yml")
    assert problems == []
    assert loaded.value["issued"] == "2025-02-30" and str(loaded.value["ok"]) == "2025-02-28"


def test_non_utf8_points_at_the_byte():
    text, problems = decode("a: 1\nb: caf\xe9\n".encode("latin-1"), "f.yml")
    assert text is None
    assert (problems[0].line, problems[0].col, problems[0].code) == (2, 7, "not_utf8")


def test_bom_and_crlf_are_accepted():
    text, problems = decode("\ufeffa: 1\r\nb: 2\r\n".encode("utf-8"), "f.yml")
    loaded, more = parse_yaml(text, "f.yml")
    assert problems == more == []
    assert loaded.value == {"a": 1, "b": 2}
    assert loaded.locate(("b",)) == (2, 1)


def test_empty_file():
    _, problems = parse_yaml("  \n", "f.yml")
    assert [p.code for p in problems] == ["empty_file"]


def test_front_matter_lines_are_file_lines():
    doc, problems = split_front_matter("---\ntitle: A\ndate: 2025-01-02\n---\n\nBody\n", "n.md")
    assert problems == []
    assert doc.meta.locate(("date",)) == (3, 1)
    assert doc.body_line == 5 and doc.body.strip() == "Body"


def test_unclosed_front_matter():
    _, problems = split_front_matter("---\ntitle: A\n", "n.md")
    assert [p.code for p in problems] == ["front_matter_unclosed"]


PARITY = [
    "true: 1\nnull: 2\n1.5: 3\n1: 4\n~: 5\n'q': 6\nyes: no\n2025-01-01: x\nFalse: [a, {on: off}]\n",
    "- name: A\n  year: 2023\n  tags: [a, 'b: c']\n  source:\n    - url: https://a.vn\n- {name: B, 0x1F: 7, .inf: "
    ".nan}\n",
    "a: |\n  dòng một\n  dòng hai\nb: >-\n  gập\n  dòng\nc: \"\\u0110\u1eafk\"\nd: 2025-01-02 08:30:00\n",
]


@pytest.mark.parametrize("text", PARITY)
def test_fast_path_gives_the_careful_paths_values_and_marks(text: str):
    """Keys such as `true:`, `null:`, `1.5:` are the text written on both paths."""
    fast, (slow, problems) = _fast(text, 3), _slow(text, "f.yml", 3)
    assert problems == [] and fast is not None
    assert repr(fast.value) == repr(slow.value) and fast.marks == slow.marks
    assert all(isinstance(k, str) for d in _mappings(fast.value) for k in d)


def _mappings(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _mappings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _mappings(v)


def test_fast_path_matches_the_careful_path_on_every_data_file():
    files = sorted([*ROOT.glob("site_data/**/*.yml"), *PORTAL.glob("site_data/**/*.yml")])
    assert len(files) >= 16
    for f in files:
        text = f.read_text(encoding="utf-8")
        fast, (slow, problems) = _fast(text, 0), _slow(text, str(f), 0)
        assert problems == [] and fast is not None, f
        assert (fast.value, fast.marks) == (slow.value, slow.marks), f


@pytest.mark.parametrize("text", [
    *PARITY, "", "# only a comment\n", "just text\n", "- 1\n- -2.5e3\n- ~\n- ''\n- yes\n- Off\n",
    "a: !!str 5\nb: !!int '7'\nc: ! 12\nd: !!float 3\ne: !!bool 'true'\nf: !!null ''\n",
    "a: !!binary aGVsbG8=\nb: [1]\n", "a: !!map {b: 1}\nc: !!seq [1]\nd:\ne: 2025-01-01T10:00:00+07:00\n",
    "a:\n  - b: [c, {d: e}]\n    'f': \"g\\u00e0\"\n  - []\n  - {}\n",
])
def test_event_walk_builds_what_libyaml_builds(text: str):
    """The fast path builds the values while it walks the events (one parse): they are what
    libyaml's loader builds from the same text, types included."""
    fast = _fast(text, 0)
    assert fast is not None
    expected = yaml.load(text, Loader=yamlio._C_LOADER)  # noqa: S506 - a safe loader
    assert repr(fast.value) == repr(expected)


@pytest.mark.parametrize("text", ["a: !!bool maybe\n", "a: !!timestamp abc\n", "a: !!float abc\n", "a: !!map x\n",
                                  "a: !!binary '!!'\n", "a: !!int [1]\n", "a: !!null [1]\n",
                                  "a: !!float ''\n", "a: !!float \n"])
def test_a_standard_tag_on_a_value_it_cannot_build_is_explained_not_raised(text: str):
    """PyYAML's constructors raise KeyError (`!!bool maybe`), AttributeError (`!!timestamp abc`) and
    IndexError (an empty `!!float`), which neither path lets through as a traceback: a problem with
    its line, or the text kept."""
    loaded, problems = yamlio.load_file(Path("x.yml"), "x.yml", text.encode())
    assert problems or loaded is not None
    assert all(p.line == 1 for p in problems)


@pytest.mark.parametrize("data, code, line", [
    ("a: b\nc: x\u0080y\n".encode(), "control_char", 2),  # a C1 control: PyYAML's reader raised ReaderError
    (b'a: b\nc: "\\U00110000"\n', "yaml_syntax", 2),  # no such character: PyYAML's scanner raised ValueError
    (b'a: "x\\u0085y"\n', "control_escape", 1),
])
def test_what_pyyaml_raises_on_is_a_problem_with_its_line(data: bytes, code: str, line: int):
    loaded, problems = yamlio.load_file(Path("x.yml"), "x.yml", data)
    assert loaded is None and [(p.code, p.line) for p in problems] == [(code, line)]
    assert all(p.format("vi") and p.format("en") for p in problems)


@pytest.mark.parametrize("text", ["a: 1\n---\nb: 2\n", "a: !!seq {b: 1}\n", "a: !!map [1]\n"])
def test_event_walk_defers_what_libyaml_refuses(text: str):
    """libyaml's loader raised TypeError on a list tagged `!!map` (a traceback, not a message): the
    walk leaves such a text to the slow path, which reads it as what is written."""
    assert _fast(text, 0) is None
    loaded, problems = yamlio.load_file(Path("x.yml"), "x.yml", text.encode())
    assert problems or loaded is not None


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "1: a\n'1': b\n", "d: 2025-02-30\n",
                                  "x: !!python/name:os.system\n",
                                  "<<: {a: 1}\n", "[" * 40 + "]" * 40, "a: b: c\n", "? [a]\n: b\n", "a: 'unclosed\n"])
def test_fast_path_defers_on_the_conditions_it_names(text: str):
    assert _fast(text, 0) is None
    # the careful path explains (or keeps the bad date as text)
    assert _slow(text, "f.yml", 0)[1] or text == "d: 2025-02-30\n"


def test_fast_path_raises_its_own_bugs(monkeypatch: pytest.MonkeyPatch):
    """A failure that is none of the named conditions is not hidden behind the slow path."""
    import generator.yamlio as yamlio

    monkeypatch.setattr(yamlio, "_STARTS", None)  # breaks the event walk
    with pytest.raises(TypeError):
        yamlio._fast("a: [1]\n", 0)


def test_control_characters_written_as_escapes_are_refused_at_their_field():
    """decode sees the bytes `\\x01`; the parsed value holds U+0001, which feeds cannot carry."""
    text = 'title: "Hội chợ\\x01"\nsource:\n  - url: https://a.vn/x\n    publisher: "Báo\\u0007"\nnote: "a \\\\x01 b"\n'
    loaded, problems = parse_yaml(text, "a.yml")
    assert loaded is None
    assert [(p.line, p.field, p.code, dict(p.params)["char"]) for p in problems] == [
        (1, "title", "control_escape", "U+0001"), (4, "source[0].publisher", "control_escape", "U+0007")]
    # the escape written as text (\\\\x01) is no control character
    for path in (_fast, lambda t, o: _slow(t, "a.yml", o)[0]):
        assert path('note: "a \\\\x01 b"\n', 0).value == {"note": "a \\x01 b"}
    assert parse_yaml('note: "a \\\\x01 b"\n', "a.yml")[1] == []


@pytest.mark.parametrize("slow", [False, True])
def test_numbers_are_read_only_in_plain_decimal(monkeypatch, slow):
    """YAML 1.1 reads 02437654321 as octal (343890129), 0x10 as 16, 1:20 as 80: what is not plain
    decimal stays the text as written, on both the libyaml and the pure Python paths."""
    if slow:
        monkeypatch.setattr(yamlio, "_C_LOADER", None)
    loaded, problems = yamlio.load_file(Path("x.yml"), "x.yml",
                                        b"phone: 02437654321\nv: 017\nw: 0x10\nx: 1:20\ny: -5\nz: 12.5\nq: 1_000\n")
    assert problems == []
    assert loaded.value == {"phone": "02437654321", "v": "017", "w": "0x10", "x": "1:20", "y": -5, "z": 12.5,
                            "q": "1_000"}
