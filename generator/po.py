"""An interface translation (`templates/locales/<lang>/LC_MESSAGES/messages.po`) read whole and checked
before any page uses it.

Babel's reader is lenient where a build must not be: it drops a msgstr whose msgid line was deleted
(or gives it to the next msgid), keeps the first of two entries for one msgid, decodes with whatever
character set the header names, and a translation is a Python format (`text % params`), so a renamed
placeholder or a lone '%' would fail only while a page renders. So the file is checked here line by
line, every problem located, and Babel reads only a file that passed.
"""

from __future__ import annotations

import datetime as dt
import errno
import gettext
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, unescape

from generator.errors import Both, Problem, problem
from generator.yamlio import decode


def locate(portal: Path, path: Path, lang: str) -> tuple[tuple[int, int, int] | None, list[Problem]]:
    """The catalogue's identity (a cache key), or why it is not read: it must be a real file reached
    from templates/locales/ through real folders. A symbolic link anywhere on that way is refused
    before anything is read through it, so nothing it points to is ever quoted."""
    locales = path.parents[2]
    parts = path.relative_to(locales).parts
    for depth in range(len(parts) + 1):
        here = locales.joinpath(*parts[:depth])
        try:
            st = os.lstat(here)
        except (FileNotFoundError, NotADirectoryError):
            return None, [problem(display_name(path, portal), 0, 0, "", "po_missing", lang=lang)]
        if stat.S_ISLNK(st.st_mode):
            return None, [problem(display_name(here, portal), 0, 0, "", "po_symlink")]
    if not stat.S_ISREG(st.st_mode):
        return None, [problem(display_name(path, portal), 0, 0, "", "po_not_file")]
    return (st.st_mtime_ns, st.st_size, st.st_ino), []


def display_name(path: Path, portal: Path) -> str:
    """A path as messages name files: from the portal's folder."""
    return Path(os.path.relpath(path, portal)).as_posix()


def read(path: Path, shown: str) -> tuple[Catalog | None, list[Problem]]:
    """The parsed catalogue, or every problem found in it (none means Babel may compile it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link since `locate` looked
            return None, [problem(shown, 0, 0, "", "po_symlink")]
        raise
    with os.fdopen(fd, "rb") as fp:
        text, problems = decode(fp.read(), shown)
    if text is None:
        return None, problems
    lines = text.splitlines()
    entries, problems = _entries(lines, shown)
    if problems:
        return None, problems
    problems = [p for e in entries for p in [*_header(e, shown), *_placeholders(e, shown)]]
    if problems:
        return None, problems
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:  # what the checks above let through (more plural forms than the header's)
        line = exc.lineno + 1  # Babel counts from 0
        return None, [problem(shown, line, 0, "", "po_invalid", detail=lines[line - 1].strip()[:80]
                              if line <= len(lines) else "")]
    return catalog, []


# One line of a .po file: a comment, a keyword with its quoted text, or more quoted text.
_LINE = re.compile(r'\s*(?:(?P<comment>#.*)|(?P<keyword>msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) '
                   r'+(?P<text>"(?:[^"\\]|\\.)*")'
                   r'|(?P<more>"(?:[^"\\]|\\.)*"))?\s*')


@dataclass
class _Entry:
    """One entry as written: each keyword's pieces of text as (line, column, text between the quotes)."""

    line: int
    flags: set[str]
    parts: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    def text(self, keyword: str) -> str | None:
        pieces = self.parts.get(keyword)
        return None if pieces is None else "".join(unescape(f'"{t}"') for _l, _c, t in pieces)

    def translations(self) -> list[str]:
        return [k for k in self.parts if k.startswith("msgstr")]


def _entries(lines: list[str], shown: str) -> tuple[list[_Entry], list[Problem]]:
    """The entries, in order, or every line out of place: a line that is not gettext, a msgstr
    with no msgid before it (its msgid line deleted), a msgid with no msgstr, the same msgid twice."""
    problems: list[Problem] = []
    entries: list[_Entry] = []
    seen: dict[tuple[str | None, str], int] = {}
    entry: _Entry | None = None
    flags: set[str] = set()
    keyword: str | None = None  # the one whose text a "…" line continues ("": one reported)

    def close() -> None:
        nonlocal entry
        if entry is None:
            return
        if not entry.translations():
            problems.append(problem(shown, entry.parts["msgid"][0][0] if "msgid" in entry.parts else entry.line, 0, "",
                                    "po_no_msgstr"))
        else:
            key = (entry.text("msgctxt"), entry.text("msgid") or "")
            if key in seen:
                problems.append(problem(shown, entry.parts["msgid"][0][0], 0, "", "po_duplicate", value=key[1],
                                        first=seen[key]))
            else:
                seen[key] = entry.parts["msgid"][0][0]
                entries.append(entry)
        entry = None

    parsed = [_LINE.fullmatch(line) for line in lines]
    bad = [problem(shown, n, 0, "", "po_invalid", detail=line.strip()[:80]) for n, (line, found)
           in enumerate(zip(lines, parsed), 1) if found is None]
    if bad:  # the lines around one that is not gettext cannot be told apart: it alone is reported
        return [], bad
    for n, (line, found) in enumerate(zip(lines, parsed), start=1):
        if found["more"] and keyword is None:
            problems.append(problem(shown, n, 0, "", "po_invalid", detail=line.strip()[:80]))
            continue
        if found["more"] and keyword == "":
            continue  # more of a line already reported
        if found["comment"] is not None:
            close()
            keyword = None
            if found["comment"].startswith("#,"):
                flags |= {f.strip() for f in found["comment"][2:].split(",")}
            continue
        if found["more"]:
            entry.parts[keyword].append((n, found.start("more") + 2, found["more"][1:-1]))
            continue
        if found["keyword"] is None:
            continue  # a blank line
        keyword = found["keyword"]
        piece = (n, found.start("text") + 2, found["text"][1:-1])
        if keyword in ("msgctxt", "msgid"):
            if entry is not None and (entry.translations() or keyword in entry.parts or "msgid" in entry.parts):
                close()
            if entry is None:
                entry, flags = _Entry(n, flags), set()
        elif keyword == "msgid_plural":
            if entry is None or "msgid" not in entry.parts or entry.translations():
                problems.append(problem(shown, n, 0, "", "po_no_msgid"))
                keyword = ""
                continue
        else:  # msgstr, msgstr[n]
            plural = "msgid_plural" in (entry.parts if entry else {})
            if entry is None or "msgid" not in entry.parts or keyword in entry.parts or (keyword == "msgstr") == plural:
                problems.append(problem(shown, n, 0, "", "po_no_msgid"))
                keyword = ""
                continue
        entry.parts[keyword] = [piece]
    close()
    return entries, problems


# A conversion of Python's `%` operator with a mapping: '%%', or '%(name)' with flags, width,
# precision and type ('*' would need a positional argument: not allowed).
_DIRECTIVE = re.compile(r"%(?:(?P<percent>%)|\((?P<name>[^()]*)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")


def _directives(text: str) -> list[tuple[int, str | None]]:
    """Each placeholder of `text` with its offset, and each '%' that is neither a placeholder nor '%%' (None)."""
    found, i = [], text.find("%")
    while i >= 0:
        m = _DIRECTIVE.match(text, i)
        if m is None:
            found.append((i, None))
            end = i + 1
        else:
            if not m["percent"]:
                found.append((i, m[0]))
            end = m.end()
        i = text.find("%", end)
    return found


def _placeholders(e: _Entry, shown: str) -> list[Problem]:
    """A used translation keeps its msgid's placeholders, and writes '%' only as '%%' or in one of them.
    (A fuzzy or empty translation is not used: the Vietnamese shows, and tests/test_english.py says so.)"""
    msgid = e.text("msgid") or ""
    if not msgid or "fuzzy" in e.flags:
        return []
    wanted = {ph for source in (msgid, e.text("msgid_plural") or "") for _i, ph in _directives(source) if ph}
    formatted = bool(wanted) or "python-format" in e.flags
    listed = Both(", ".join(f"'{p}'" for p in sorted(wanted)) or "không có", ", ".join(f"'{p}'" for p in sorted(wanted))
                  or "none")
    problems = []
    for keyword in e.translations():
        pieces = e.parts[keyword]
        if not e.text(keyword):
            continue
        written, unknown = set(), []
        for line, col, text in pieces:
            for at, ph in _directives(text):
                if ph is None and formatted:
                    problems.append(problem(shown, line, col + at, "", "po_percent",
                                            value=text[max(0, at - 30):at + 30], placeholders=listed))
                elif ph is not None and ph not in wanted:
                    unknown.append((line, col + at, ph))
                written.add(ph)
        # A plural form may leave the number out ("one text"); a singular one uses every placeholder.
        missing = sorted(wanted - written) if "msgid_plural" not in e.parts else []
        # one placeholder renamed (or its type changed)
        if len(missing) == 1 and len({ph for _l, _c, ph in unknown}) == 1:
            problems += [problem(shown, line, col, "", "po_placeholder_renamed", name=ph,
                                 wanted=missing[0]) for line, col, ph in unknown]
            continue
        problems += [problem(shown, line, col, "", "po_placeholder_unknown", name=ph,
                             placeholders=listed) for line, col, ph in unknown]
        problems += [problem(shown, pieces[0][0], 0, "", "po_placeholder_missing", name=ph) for ph in missing]
    return problems


_HEADER_LINE = re.compile(r"(?P<name>[^:]*):\s*(?P<value>.*?)\s*(?:\\n)?")
_CHARSET = re.compile(r"charset=([^\s;]*)", re.I)
_PLURAL_FORMS = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?")
_HEADER_DATE = re.compile(r"(.*?)([+-]\d{4})?")


def _header(e: _Entry, shown: str) -> list[Problem]:
    """The header (the entry of msgid ""), read as Babel reads it, whose values it parses without
    a located error: the character set is UTF-8, the plural rule one gettext can evaluate, the
    dates in gettext's form."""
    if e.text("msgid") != "" or e.text("msgctxt") is not None:
        return []
    problems = []
    for line, col, text in e.parts.get("msgstr", []):
        if not (header := _HEADER_LINE.fullmatch(text)):
            continue
        name, value, at = header["name"].strip().lower(), header["value"], col + header.start("value")
        if name == "content-type" and (m := _CHARSET.search(value)) and m[1].lower() not in ("utf-8", "utf8"):
            problems.append(problem(shown, line, at + m.start(1), "", "po_charset", value=m[1]))
        elif name == "plural-forms" and not _plural_rule(value):
            problems.append(problem(shown, line, at, "", "po_plural_forms", value=value))
        elif name in ("pot-creation-date", "po-revision-date") and not (name == "po-revision-date" and "YEAR" in value):
            try:
                dt.datetime.strptime(_HEADER_DATE.fullmatch(value)[1], "%Y-%m-%d %H:%M")
            except ValueError:
                problems.append(problem(shown, line, at, "", "po_header_date", value=value))
    return problems


def _plural_rule(value: str) -> bool:
    rule = _PLURAL_FORMS.fullmatch(value)
    try:
        return bool(rule) and callable(gettext.c2py(rule[2]))
    except (ValueError, RecursionError):
        return False
