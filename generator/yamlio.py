"""Safe YAML loading that keeps line/column marks, and front matter split with line offsets.

Why not `yaml.safe_load`: it forgets where values came from, silently keeps the last of two
duplicate keys, expands alias bombs, and recurses without limit on deep nesting. Here every
value's position is kept so a validation error can name `file:line:col`, and what could hurt is
refused before values are built.

Two paths give the same values and marks (tests/test_yamlio.py holds them to it):
- `_fast`, the usual one: libyaml's event parser (iterative, in C) while the marks are recorded,
  the checks made and the values built as libyaml's loader builds them;
- `_slow`, PyYAML's pure-Python composer with a depth limit: it explains each problem precisely.
The fast path hands a file to the slow path only on the conditions it names (see `_fast`).
Mapping keys are always the text written (`true:` is the key 'true', `1.5:` the key '1.5').
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, problem
from generator.markdown_store import KEPT, pack_yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

Loc = tuple[int, int]
KeyPath = tuple[Any, ...]


class _Stop(Exception):
    """Aborts composing with one located problem."""

    def __init__(self, line: int, col: int, code: str, **params: object):
        self.line, self.col, self.code, self.params = line, col, code, params


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader (pure Python) that refuses aliases and excessive nesting while composing."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401 - PyYAML signature
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _Stop(mark.line + 1, mark.column + 1, "alias")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Stop(event.start_mark.line + 1, event.start_mark.column + 1, "alias")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = event.start_mark
            raise _Stop(mark.line + 1, mark.column + 1, "too_deep", limit=MAX_DEPTH)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class Loaded:
    """A YAML document as plain Python values plus the position of every key and item."""

    value: Any
    marks: dict[KeyPath, Loc] = field(default_factory=dict)

    def locate(self, path: KeyPath) -> Loc:
        """Position of the deepest known prefix of `path` (a pydantic `loc`, say)."""
        for end in range(len(path), -1, -1):
            loc = self.marks.get(tuple(path[:end]))
            if loc:
                return loc
        return (1, 1)


# PyYAML's words for a syntax error → the hint a communicator reads (errors.YAML_HINTS, both languages).
_HINTS = [
    ("mapping values are not allowed", "colon_in_value"),
    ("could not find expected ':'", "missing_colon"),
    ("found unexpected end of stream", "unclosed"),
    ("expected <block end>", "indent"),
    ("did not find expected key", "indent"),
    ("did not find expected '-' indicator", "list_dash"),
    ("found undefined alias", "undefined_alias"),
    ("expected ',' or ']'", "unclosed_list"),
    ("expected ',' or '}'", "unclosed_group"),
    ("but found another document", "two_documents"),
]


def _hint(problem_text: str) -> str:
    """A YAML_HINTS code, or PyYAML's own words when none fits."""
    return next((code for needle, code in _HINTS if needle in problem_text), problem_text)


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without BOM, or the located problem with the stray byte."""
    if len(raw) > MAX_BYTES:
        return None, [problem(rel, 1, 1, "", "too_large", size=len(raw), limit=MAX_BYTES)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [problem(rel, line, col, "", "not_utf8")]
    text = text.removeprefix("\ufeff")
    found = [problem(rel, text.count("\n", 0, m.start()) + 1, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1, "",
                     "control_char", char=f"U+{ord(m[0]):04X}", name=_CONTROL_NAMES[m[0]])
             for m in _CONTROL.finditer(text)]
    found += [problem(rel, text.count("\n", 0, m.start()) + 1, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1, "",
                      "stray_line_break", char=f"U+{ord(m[0]):04X}", name=_BREAK_NAMES[m[0]])
              for m in _STRAY_BREAK.finditer(text)]
    if found:  # YAML, XML (feeds) and iCalendar cannot carry them: refuse before anything reads on
        return None, sorted(found)[:5]
    return text, []


# C0 controls other than tab, line feed and carriage return, DEL, and the two non-characters XML 1.0
# forbids. They arrive by copy and paste from other programs and are never meant.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONTROL_NAMES = dict(zip(map(chr, range(32)),
                          "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB "
                          "CAN EM SUB ESC FS GS RS US".split()))
_CONTROL_NAMES.update({"\x7f": "DEL", "\ufffe": "noncharacter", "\uffff": "noncharacter"})
# the C1 controls (U+0080–U+009F, but NEL, a stray line break below): no text means them, YAML refuses them
_CONTROL_NAMES.update({chr(c): "C1" for c in (*range(0x80, 0x85), *range(0x86, 0xA0))})
# What an escape in double quotes can write that decode refuses: the control characters, and a lone
# UTF-16 surrogate ("\ud800"), which no UTF-8 file, feed or manifest can hold.
_ESCAPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

# Line breaks other than LF and CRLF: YAML, Python and Babel each break lines at some of them while
# editors and git show none, so every line number after one would be off and a .po line could hide
# text from the check that Babel then reads. A CR alone, NEL, and the Unicode line and paragraph separators.
_STRAY_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_BREAK_NAMES = {"\r": "CR", "\x85": "NEL", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def _key_as_written(constructor: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool = False) -> dict:
    """A mapping whose keys are the scalars' text as written, on both paths."""
    constructor.flatten_mapping(node)
    return {k.value: constructor.construct_object(v, deep=deep) for k, v in node.value}


# YAML 1.1 reads 017 as octal 15, 0x10 as 16, 0b101 as 5, 1:20 as 80 (base 60) and 1_000 as 1000: an
# unquoted landline number such as 02437654321 would be published as 343890129. A number is read only
# when written in plain decimal; anything else YAML 1.1 calls a number stays the text as written, so a
# text field (a phone) keeps it exactly and a number field reads its digits as decimal or refuses it.
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _int_as_written(constructor: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> int | str:
    return int(node.value) if _DECIMAL_INT.fullmatch(node.value) else node.value


def _float_as_written(constructor: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> float | str:
    if ":" in node.value or "_" in node.value:
        return node.value
    return constructor.construct_yaml_float(node)


_GuardedLoader.add_constructor("tag:yaml.org,2002:int", _int_as_written)
_GuardedLoader.add_constructor("tag:yaml.org,2002:float", _float_as_written)

if hasattr(yaml, "CSafeLoader"):
    class _CLoader(yaml.CSafeLoader):
        """libyaml's safe loader, with keys kept as written."""

    _CLoader.add_constructor("tag:yaml.org,2002:map", lambda c, n: _key_as_written(c, n, deep=True))
    _CLoader.add_constructor("tag:yaml.org,2002:int", _int_as_written)
    _CLoader.add_constructor("tag:yaml.org,2002:float", _float_as_written)
    _C_LOADER: type | None = _CLoader
else:
    _C_LOADER = None
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _fast(text: str, line_offset: int) -> Loaded | None:
    """libyaml's parser (events, iterative) checks what the slow path checks and records the same
    marks; the walk builds the values (`_walk_events`). None means "take the slow path", which then
    reports with its exact message. That happens on these conditions only:
    - libyaml is not installed;
    - an alias or anchor, a tag other than the standard ones, a merge key (`<<`), a duplicate
      key, a key that is not a scalar, a collection tagged as the other kind (`!!map [1]`), a
      second document, or nesting deeper than MAX_DEPTH;
    - libyaml finds the text is not valid YAML (yaml.YAMLError);
    - a value cannot be built (_UNBUILDABLE: an impossible date such as 2025-02-30, which the slow
      path keeps as text for the model to report with its field name; `!!bool maybe`).
    Anything else is a bug, and is raised."""
    if _C_LOADER is None:
        return None
    try:
        return _walk_events(_events(text), text, line_offset)
    except _NotYaml:
        return None


class _NotYaml(Exception):
    """libyaml found the text is not valid YAML (raised only by `_events`)."""


def _events(text: str) -> Any:
    """libyaml's events, one at a time (a 2 MB file is never held as a list of events)."""
    try:
        yield from yaml.parse(text, Loader=_C_LOADER)
    except yaml.YAMLError:
        raise _NotYaml from None


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVER = yaml.resolver.Resolver()  # the implicit types libyaml's loader gives plain scalars
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# A scalar's value by its tag, as _CLoader builds it (keys are kept as written; numbers only in plain
# decimal). Any other tag (binary) leaves the values to libyaml's loader.
_SCALARS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:str": lambda node: node.value,
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": functools.partial(_int_as_written, _CONSTRUCTOR),
    "tag:yaml.org,2002:float": functools.partial(_float_as_written, _CONSTRUCTOR),
    "tag:yaml.org,2002:timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}


# What PyYAML's constructors raise on a value its tag cannot build: an impossible date (ValueError),
# `!!bool maybe` (KeyError), `!!timestamp abc` (AttributeError), an empty `!!float` (IndexError). Both
# paths explain it; neither raises.
_UNBUILDABLE = (ValueError, OverflowError, KeyError, AttributeError, TypeError, IndexError)


class _Unbuilt:
    """A value the walk leaves to libyaml's loader."""


def _walk_events(events: Any, text: str, line_offset: int) -> Loaded | None:
    """Record every key's and item's mark from the events, make the checks, and build the values
    as libyaml's loader would (one parse, not two); None on any condition `_fast` names, and on a
    collection tagged as the other kind (`!!map [1]`), which the slow path explains. A scalar tag the
    walk does not build (binary) leaves the values to libyaml's loader, which parses the text again."""
    marks: dict[KeyPath, Loc] = {}
    # [is_mapping, path, next_index, expecting_key, seen_keys, pending_key, container]
    stack: list[list[Any]] = []
    root: Any = None
    built, documents = True, 0
    for ev in events:
        kind = type(ev)
        if kind is yaml.AliasEvent or getattr(ev, "anchor", None):
            return None
        tag = getattr(ev, "tag", None)
        if tag and tag != "!" and not _STANDARD_TAGS.match(tag):
            return None
        if kind is yaml.ScalarEvent or kind in _STARTS:
            loc = (ev.start_mark.line + 1 + line_offset, ev.start_mark.column + 1)
            top = stack[-1] if stack else None
            if top is None:
                path: KeyPath = ()
            elif not top[0]:
                path = top[1] + (top[2],)
                top[2] += 1
            elif top[3]:
                if kind is not yaml.ScalarEvent or ev.value in top[4] or ev.value == "<<":
                    return None
                top[4].add(ev.value)
                marks[top[1] + (ev.value,)] = loc
                top[5], top[3] = ev.value, False
                continue
            else:
                path = top[1] + (top[5],)
                top[3] = True
            marks.setdefault(path, loc)
            if kind is yaml.ScalarEvent:
                value = _scalar_value(ev, tag) if built else _Unbuilt
            else:
                if len(stack) >= MAX_DEPTH:
                    return None
                is_map = kind is yaml.MappingStartEvent
                if tag and tag != "!" and tag != (_MAP if is_map else _SEQ):
                    return None  # a list tagged as a mapping, or the other way: libyaml's loader fails on it
                value = {} if is_map else []
                stack.append([is_map, path, 0, True, set(), None, value])
            if value is _Unbuilt:
                built = False
            elif not built:
                pass
            elif top is None:
                root = value
            elif top[0]:
                top[6][top[5]] = value
            else:
                top[6].append(value)
        elif kind in _ENDS:
            stack.pop()
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:  # libyaml's loader takes one document
                return None
    if built:
        return Loaded(root, marks)
    try:
        value = yaml.load(text, Loader=_C_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, *_UNBUILDABLE):
        return None
    return Loaded(value, marks)


def _scalar_value(ev: yaml.ScalarEvent, tag: str | None) -> Any:
    """A scalar event's value, as libyaml's loader builds it (its composer resolves the same way)."""
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, ev.value, ev.implicit)
    build = _SCALARS.get(tag)
    if build is None:
        return _Unbuilt
    try:
        return build(yaml.ScalarNode(tag, ev.value))
    except _UNBUILDABLE:
        raise _NotYaml from None  # an impossible date (the slow path keeps it as text), `!!bool maybe`


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Loaded | None, list[Problem]]:
    """Parse one YAML document; on failure return the located problems instead. A document parsed
    without a problem is kept between builds on this machine (markdown_store.py, kind `yaml`: at
    10,000 items, parsing took 1.6 s of the 3.2 s loading the portal takes on one core), by its text
    and `line_offset`, and taken back by a later build, values and marks alike."""
    if not text.strip():
        return None, [problem(rel, line_offset + 1, 1, "", "empty_file")]
    # kept only where libyaml parses (a machine without it, or a test of the pure-Python path, parses)
    key = f"{line_offset}\n{text}" if _C_LOADER is not None else None
    kept = KEPT.get(key, "yaml") if key is not None else None
    if kept is not None:
        return Loaded(*kept), []
    loaded, problems = _fast(text, line_offset), []
    if loaded is None:
        loaded, problems = _slow(text, rel, line_offset)
    # an escape in double quotes ("\x01", "\u0007") can write what decode refused
    if loaded is not None and "\\" in text:
        found = list(_escaped_controls(loaded.value, (), loaded, rel))
        if found:
            return None, found[:5]
    if loaded is not None and not problems and key is not None:
        try:
            packed = [pack_yaml(loaded.value, text), [[list(path), *loc] for path, loc in loaded.marks.items()]]
        except (TypeError, RecursionError):  # a value JSON cannot carry (pack_yaml): parsed again next time
            pass
        else:
            KEPT.put(key, packed, "yaml")
    return loaded, problems


def _escaped_controls(value: Any, path: KeyPath, loaded: Loaded, rel: str) -> Any:
    """The control characters in the parsed values, each at its value's line (see `decode`)."""
    if isinstance(value, str):
        for found in _ESCAPED.finditer(value):
            line, col = loaded.locate(path)
            field_name = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p
                                 in enumerate(path))
            yield problem(rel, line, col, field_name, "control_escape", char=f"U+{ord(found[0]):04X}",
                          name=_CONTROL_NAMES.get(found[0]) or _BREAK_NAMES.get(found[0], "surrogate"))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _escaped_controls(item, (*path, key), loaded, rel)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _escaped_controls(item, (*path, i), loaded, rel)


def _slow(text: str, rel: str, line_offset: int) -> tuple[Loaded | None, list[Problem]]:
    """The pure-Python composer: slower, but it locates and explains every kind of problem."""
    loader = None
    try:
        loader = _GuardedLoader(text)  # its reader checks the characters: ReaderError, below
        node = loader.get_single_node()
        loaded = Loaded(None)
        loaded.value = _construct(loader, node, (), loaded, rel, line_offset) if node else None
        return loaded, []
    except _Stop as stop:
        return None, [problem(rel, stop.line + line_offset, stop.col, "", stop.code, **stop.params)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        text_problem = str(exc.problem or exc.context or "")
        if "'\\t'" in text_problem or "\t" in text_problem:
            return None, [problem(rel, line + line_offset, col, "", "yaml_tab")]
        return None, [problem(rel, line + line_offset, col, "", "yaml_syntax", hint=_hint(text_problem))]
    except RecursionError:
        return None, [problem(rel, line_offset + 1, 1, "", "too_deep", limit=MAX_DEPTH)]
    except (yaml.YAMLError, ValueError) as exc:
        # a character the reader refuses (decode refuses those we know of first), or an escape in
        # double quotes that names no character ("\U00110000": ValueError from PyYAML's scanner)
        mark = loader.get_mark() if loader is not None else None
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = "bad_escape" if isinstance(exc, ValueError) else _hint(str(exc))
        return None, [problem(rel, line + line_offset, col, "", "yaml_syntax", hint=hint)]
    finally:
        if loader is not None:
            loader.dispose()


def _construct(loader: _GuardedLoader, node: yaml.Node, path: KeyPath, out: Loaded, rel: str, off: int) -> Any:
    """Build plain values from the node tree, recording marks and refusing duplicate keys."""
    here = (node.start_mark.line + 1 + off, node.start_mark.column + 1)
    out.marks.setdefault(path, here)
    if not _STANDARD_TAGS.match(node.tag or ""):
        raise _Stop(here[0], here[1], "yaml_tag", tag=node.tag)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            _scalar(loader, key_node, off)  # refuses a key that is not a plain scalar of a standard tag
            key = key_node.value  # the text as written, as on the fast path
            key_line = key_node.start_mark.line + 1 + off
            if key == "<<":
                raise _Stop(key_line, key_node.start_mark.column + 1, "alias")
            if key in first_seen:
                raise _Stop(key_line, key_node.start_mark.column + 1, "duplicate_key", key=key, first=first_seen[key])
            first_seen[key] = key_line
            out.marks[path + (key,)] = (key_line, key_node.start_mark.column + 1)
            result[key] = _construct(loader, value_node, path + (key,), out, rel, off)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (i,), out, rel, off) for i, item in enumerate(node.value)]
    return _scalar(loader, node, off)


_STANDARD_TAGS = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|timestamp|binary|map|seq)$")


def _scalar(loader: _GuardedLoader, node: yaml.Node, off: int) -> Any:
    line, col = node.start_mark.line + 1 + off, node.start_mark.column + 1
    if not isinstance(node, yaml.ScalarNode):
        raise _Stop(line, col, "yaml_syntax", hint="simple_key")
    if not _STANDARD_TAGS.match(node.tag or ""):
        raise _Stop(line, col, "yaml_tag", tag=node.tag)
    try:
        return loader.construct_object(node, deep=True)
    except _UNBUILDABLE as exc:
        if node.tag.endswith(":timestamp"):
            return node.value  # kept as text: the model reports the bad date with its field name
        raise _Stop(line, col, "invalid", detail=node.value) from exc
    except yaml.constructor.ConstructorError as exc:
        raise _Stop(line, col, "invalid", detail=str(exc.problem)) from exc


def load_file(path: Path, rel: str, data: bytes | None = None) -> tuple[Loaded | None, list[Problem]]:
    """Read (unless given its bytes), decode and parse one YAML file."""
    text, problems = decode(path.read_bytes() if data is None else data, rel)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


@dataclass
class FrontMatterDoc:
    meta: Loaded
    body: str
    body_line: int  # 1-based line in the file where the body starts


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(text: str, rel: str) -> tuple[FrontMatterDoc | None, list[Problem]]:
    """Split `---` front matter from a Markdown body, keeping file line numbers for both."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").strip() != "---":
        return None, [problem(rel, 1, 1, "", "front_matter_missing")]
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i].rstrip("\r\n")):
            meta_text = "".join(lines[1:i])
            loaded, problems = parse_yaml(meta_text, rel, line_offset=1)
            if loaded is None:
                return None, problems
            return FrontMatterDoc(loaded, "".join(lines[i + 1 :]), i + 2), []
    return None, [problem(rel, 1, 1, "", "front_matter_unclosed")]


# mkdocs.yml is read by MkDocs with PyYAML's full loader, where `!!python/object/apply:os.system`
# runs code. The only Python tag it needs is a name from this generator (the heading slug function).
_ALLOWED_PY = "tag:yaml.org,2002:python/name:generator."


def config_problems(path: Path, rel: str = "mkdocs.yml") -> list[Problem]:
    """Python tags in mkdocs.yml, other than names from the generator, refused before MkDocs reads it."""
    text, problems = decode(path.read_bytes(), rel)
    if text is None:
        return problems
    try:
        root = yaml.compose(text, Loader=_TagKeeper)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [problem(rel, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "", "yaml_syntax",
                        hint=_hint(str(getattr(exc, "problem", exc))))]
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if node.tag.startswith("tag:yaml.org,2002:python/") and not node.tag.startswith(_ALLOWED_PY):
            problems.append(problem(rel, node.start_mark.line + 1, node.start_mark.column + 1, "", "config_tag",
                                    tag=node.tag.replace("tag:yaml.org,2002:", "!!")))
        if isinstance(node, yaml.MappingNode):
            todo.extend(x for kv in node.value for x in kv)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return problems or _config_addresses(root, rel)


# The addresses mkdocs.yml writes into every page (or the web editor), checked as data addresses are
# (models.WebUrl, markup.SAFE_SCHEMES): where a page links to, only a web, mail or phone address or a
# path of the portal; the portal's own address and the editor's hosts, only http(s); the files a page
# loads (its mark, icons, stylesheets, scripts), only files of the portal: its Content-Security-Policy
# (outputs/security.py) runs and shows nothing from another host.
_WEB = ("site_url", "repo_url", "plugins.khuyencong.editor_api_root", "plugins.khuyencong.editor_base_url",
        "plugins.khuyencong.editor_proxy")
_LINK = ("nav", "extra.homepage", "extra.social.link")
_FILE = ("theme.logo", "theme.favicon", "extra.icon", "extra_css", "extra_javascript", "extra_javascript.path")


def _config_addresses(root: yaml.Node | None, rel: str) -> list[Problem]:
    from urllib.parse import urlsplit

    from generator.markup import SAFE_SCHEMES, scheme_of

    out = []
    for key, node, value in _config_values(root, ""):
        where = (rel, node.start_mark.line + 1, node.start_mark.column + 1, key)
        if bad := _ESCAPED.search(value):  # site_name and the like land in every page, feed and the manifest
            out.append(problem(*where, "control_escape", char=f"U+{ord(bad[0]):04X}",
                               name=_CONTROL_NAMES.get(bad[0], "surrogate")))
            continue
        if not value.strip():
            continue
        scheme = scheme_of(value)
        if key in _WEB:
            parts = urlsplit(value.strip())
            if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s<>\"'`]", value.strip()):
                out.append(problem(*where, "bad_url", value=value))
        elif key in _LINK:
            if scheme and scheme not in SAFE_SCHEMES:
                out.append(problem(*where, "bad_link", value=value))
        elif key in _FILE and (scheme or value.strip().replace("\\", "/").startswith("//")):  # //host: another host
            out.append(problem(*where, "config_file", value=value))
    return out


def _config_values(node: yaml.Node | None, key: str) -> list[tuple[str, yaml.Node, str]]:
    """(dotted key without list indices, node, text) of every scalar in mkdocs.yml, `!ENV` resolved as
    MkDocs resolves it (the first variable set, else the default written last). A navigation entry
    is keyed `nav` whatever its depth; a plugin by its name (`plugins.khuyencong.editor_proxy`)."""
    import os

    if node is None:
        return []
    if node.tag == "!ENV":
        names = [node] if isinstance(node,
                                     yaml.ScalarNode) else list(
                                         node.value) if isinstance(node, yaml.SequenceNode) else []
        default = names.pop() if len(names) > 1 else None
        value = next((os.environ[n.value] for n in names if isinstance(n, yaml.ScalarNode) and n.value in os.environ),
                     None)
        if value is None:
            return [(key, default, str(default.value))] if isinstance(default, yaml.ScalarNode) else []
        return [(key, node, value)]
    if isinstance(node, yaml.ScalarNode):
        return [(key, node, str(node.value))]
    out = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
            out += _config_values(v, "nav" if key == "nav" else f"{key}.{name}" if key else name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if key == "plugins" and isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                out += _config_values(item, key)  # - khuyencong: {options}
            elif key == "plugins":
                continue  # - search: a plugin's name, not an address
            else:
                out += _config_values(item, key)
    return out


class _TagKeeper(yaml.SafeLoader):
    """Composes any tag (MkDocs' `!ENV`, `!relative`, `!!python/...`) into nodes without constructing."""
