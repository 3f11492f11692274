"""Read site_data/ and content/ into validated models, each with the place it came from.

Every file is read and every item validated before anything fails, so one run reports every
syntax and schema problem together.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import os
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import models as m
from generator.errors import Problem, problem, shorten
from generator.images import PICTURES
from generator.memory import MEMORY
from generator.kinds import NEWS_DIR, OTHER_FILES, KINDS
from generator.markdown_store import KEPT
from generator.markup import SAFE_SCHEMES, link_targets, page_url, resolve, scheme_of
from generator.parallel import LARGE, shared_map
from generator.text import MAX_NESTING, too_nested
from generator.yamlio import KeyPath, Loaded, decode, load_file, split_front_matter

# site_data/<folder>/*.yml hold lists of one type; these single files hold lists too (kinds.py).
FOLDERS: dict[str, type[BaseModel]] = {k.source: k.model for k in KINDS.values() if k.in_folder}
FILES: dict[str, type[BaseModel]] = {**{k.source: k.model for k in KINDS.values() if k.source.endswith(".yml")},
                                     **OTHER_FILES}
ONE_ITEM = {"portal.yml"}  # single files that hold one item, not a list


@dataclass
class Origin:
    """Where an item was written: its file and its place inside that file."""

    rel: str
    loaded: Loaded
    base: KeyPath = ()

    @property
    def line(self) -> int:
        return self.at()[0]

    @property
    def where(self) -> str:
        """'file:line' for messages; generated pages have no file."""
        return self.rel if self.rel.startswith("(") else f"{self.rel}:{self.line}"

    def at(self, *path: Any) -> tuple[int, int]:
        return self.loaded.locate(self.base + tuple(path))

    def problem(self, field_path: tuple[Any, ...], code: str, **params: object) -> Problem:
        line, col = self.at(*field_path)
        return problem(self.rel, line, col, dotted(field_path), code, **params)


@dataclass
class Record:
    model: Any
    origin: Origin


@dataclass
class NewsRecord(Record):
    body: str = ""
    body_line: int = 1
    stem: str = ""


@dataclass
class PageRecord(Record):
    src_uri: str = ""
    body: str = ""  # Markdown after the front matter, kept for the search index
    body_line: int = 1  # the file's line the body starts on

    @property
    def title(self) -> str:
        heading = next((line[2:].strip() for line in self.body.splitlines() if line.startswith("# ")), "")
        return self.model.title or heading or self.src_uri


@dataclass
class RawSite:
    """Everything read from disk, validated item by item."""

    root: Path
    items: dict[str, list[Record]] = field(default_factory=lambda: {k: [] for k in [*FOLDERS, *FILES]})
    news: list[NewsRecord] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    digests: list[tuple[str, bytes]] = field(default_factory=list)  # (file, hash of its bytes), in reading order


def dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def translate(exc: ValidationError, origin: Origin, model: type[BaseModel]) -> list[Problem]:
    """Map pydantic errors to plain-language problems at the line of the offending field."""
    out = []
    for err in exc.errors():
        loc, kind, ctx = tuple(err["loc"]), err["type"], err.get("ctx") or {}
        value = err.get("input")
        dated = kind.startswith(("date", "datetime"))
        if dated and len(loc) > 1 and loc[-1] in ("date", "datetime") and isinstance(loc[-2], str):
            loc = loc[:-1]  # a date or a date and time (an event's start): one problem, at the field
        name = str(loc[-1]) if loc else ""
        if isinstance(value, m.YamlBool) and not dated:  # yes, no, on, off, true, false where a number or text goes
            number = kind.startswith(("int_", "float_")) or kind in ("finite_number",)
            out.append(origin.problem(loc, "yaml_bool_number" if number else "yaml_bool_text", value=value))
        elif value is None and kind.endswith("_type"):
            out.append(origin.problem(loc, "empty_value", name=name))
        elif kind in ("less_than_equal", "less_than"):
            out.append(origin.problem(loc, "too_big", value=value, limit=ctx.get("le", ctx.get("lt"))))
        elif kind in ("greater_than_equal", "greater_than"):
            out.append(origin.problem(loc, "too_small", value=value, limit=ctx.get("ge", ctx.get("gt"))))
        elif kind.startswith("kc_"):
            params = dict(ctx)
            params.pop("kc_rule", None)  # a rule between fields (models.rule): its place is in `loc`
            at = params.pop("at_field", None)
            out.append(origin.problem(loc + ((at,) if at else ()), kind[3:], **params))
        elif kind == "missing":
            out.append(origin.problem(loc[:-1], "missing", name=name))
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            near = difflib.get_close_matches(name, allowed, n=1)
            if near:
                out.append(origin.problem(loc, "extra_near", name=name, near=near[0]))
            else:
                out.append(origin.problem(loc, "extra", name=name))
        elif kind.startswith("date") or kind.startswith("datetime"):
            out.append(origin.problem(loc, "bad_date", value=value))
        elif kind == "finite_number":
            out.append(origin.problem(loc, "not_finite", value=value))
        elif kind in ("int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"):
            out.append(origin.problem(loc, "bad_type", expected="number", value=value))
        elif kind in ("string_type",):
            out.append(origin.problem(loc, "bad_type", expected="text", value=value))
        elif kind in ("list_type",):
            out.append(origin.problem(loc, "bad_type", expected="list", value=value))
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(origin.problem(loc, "bad_type", expected="mapping", value=value))
        elif kind == "bool_parsing" or kind == "bool_type":
            out.append(origin.problem(loc, "bad_type", expected="bool", value=value))
        elif kind == "string_pattern_mismatch" and name in _PATTERN_CODES:
            out.append(origin.problem(loc, _PATTERN_CODES[name], value=value))
        elif kind == "string_pattern_mismatch" and isinstance(loc[-1], int):
            out.append(origin.problem(loc, "bad_slug", value=value))
        elif kind == "string_too_short":
            out.append(origin.problem(loc, "empty_text"))
        elif kind == "too_short":
            out.append(origin.problem(loc, "empty_list"))
        else:
            out.append(origin.problem(loc, "invalid", detail=f"'{shorten(value)}' ({err['msg']})"))
    return list(dict.fromkeys(out))


_PATTERN_CODES = {"number": "bad_number", "email": "bad_email", "phone": "bad_phone", "id": "bad_slug",
                  "slug": "bad_slug", "parent": "bad_slug"}


def _fields_at(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in path:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validate_list(loaded: Loaded, rel: str, model: type[BaseModel],
                  one_allowed: bool = False) -> tuple[list[Record], list[Problem]]:
    """Validate a YAML list of items of one type; a bad item does not hide the others. With
    `one_allowed` (the content folders), a file may also hold a single item, as the web editor
    writes them: one entry per file."""
    if one_allowed and isinstance(loaded.value, dict):
        entries: list[tuple[Any, KeyPath]] = [(loaded.value, ())]
    elif isinstance(loaded.value, list):
        entries = [(raw, (i,)) for i, raw in enumerate(loaded.value)]
    else:
        return [], [problem(rel, 1, 1, "", "expected_item_or_list" if one_allowed else "expected_list")]
    records, problems = [], []
    marks = Loaded(None, loaded.marks)  # what items keep for their messages: positions, not the raw values again
    for raw, base in entries:
        origin = Origin(rel, marks, base)
        if not isinstance(raw, dict):
            problems.append(origin.problem((), "expected_mapping"))
            continue
        try:
            records.append(Record(m.validate(model, raw), origin))
        except ValidationError as exc:
            problems.extend(translate(exc, origin, model))
    return records, problems


def load_site(root: Path, data_dir: str = "site_data", docs_dir: str = "content") -> tuple[RawSite, list[Problem]]:
    """Read and validate every data file and Markdown page. A large portal's files are parsed on
    both cores first (`_parse_ahead`); what they give is then taken in file order, as one process
    would have found it."""
    site, problems = RawSite(root), []
    data = root / data_dir
    data_files, problems = walk(root, data_dir, _data_rule)
    docs_files, more = walk(root, docs_dir, _docs_rule)
    problems += more
    docs = root / docs_dir
    data_jobs: list[tuple[Path, str, Callable[[bytes], Any]]] = []
    for path in data_files:
        if path.suffix != ".yml":
            continue
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(data).parts
        kind = (parts[0] if len(parts) == 2 and parts[0] in FOLDERS
                else (parts[0] if len(parts) == 1 and parts[0] in FILES else None))
        if kind is None:
            problems.append(problem(rel, 1, 1, "", "unknown_place",
                                    folders=", ".join(f"{data_dir}/{f}/" for f in FOLDERS),
                                    files=", ".join(FILES)))
            continue
        model = FOLDERS.get(kind) or FILES[kind]
        data_jobs.append((path, kind, functools.partial(_read_list, path, rel, model,
                                                        one_allowed=kind in FOLDERS or kind in ONE_ITEM)))
    # walk's paths are root/folder/…: their names inside, cut from them without pathlib's parsing (the
    # length of what comes before a name: "/a/b/" for /a/b, "" for ".", "/" for "/")
    cut, docs_cut = len(str(root / "x")) - 1, len(str(docs / "x")) - 1
    page_jobs = [(path, functools.partial(_read_markdown, path, str(path)[cut:], str(path)[docs_cut:]))
                 for path in docs_files if path.suffix == ".md"]
    _parse_ahead([(path, read) for path, _, read in data_jobs] + page_jobs)
    for path, kind, read in data_jobs:
        records, found = _cached(site, path, read)
        site.items[kind] += records
        problems += found
    for path, read in page_jobs:
        record, found = _cached(site, path, read)
        problems += found
        if isinstance(record, NewsRecord):
            site.news.append(record)
        elif record is not None:
            site.pages.append(record)
    return site, problems


PROBE = 200  # files parsed before the rest is shared with a second process, or not (`_parse_ahead`)


def _parse_ahead(jobs: list[tuple[Path, Callable[[bytes], Any]]]) -> None:
    """Parse the files that must be parsed (not already known, unchanged) into what the process
    remembers of its files (MEMORY.files), where `_cached` then finds them: on both cores for a
    large portal (parallel.shared_map) whose YAML the store did not hold, in this process otherwise."""
    todo = [(path, read) for path, read in jobs if _stale(path)]
    # First a share here: where the store of parsed YAML (markdown_store.py) held nearly all of it, the
    # rest is parsed here too. Taken from the store, a file is as quick to parse here as on two cores
    # (what a second process sends back costs what it saves), and the second core stays free for what
    # runs beside (the child reading a build's cache).
    # (the share spread over all the files: the data files come first, and an edit may reach only news)
    before = KEPT.counts("yaml")
    probe = set(range(0, len(todo), max(1, len(todo) // PROBE))) if len(todo) >= LARGE else set()
    parsed = [_parse(todo[i]) for i in sorted(probe)]
    made, taken = (now - then for now, then in zip(KEPT.counts("yaml"), before))
    rest = [job for i, job in enumerate(todo) if i not in probe]
    if taken >= 0.9 * (made + taken) > 0:
        parsed += [_parse(job) for job in rest]
    else:  # the child writes what it parsed to the store before it ends, and tells the benchmark its counts
        parsed += shared_map(_parse, rest, KEPT.note)[0]
    for path, hit in parsed:
        MEMORY.files[path] = hit


def _stale(path: Path) -> bool:
    hit = MEMORY.files.get(path)
    if hit is None:
        return True
    st = path.stat()
    return hit[0] != (st.st_size, st.st_mtime_ns, st.st_ino)


def _parse(job: tuple[Path, Callable[[bytes], Any]]) -> tuple[Path, tuple[Any, ...]]:
    path, read = job
    st = path.stat()
    data = path.read_bytes()
    digest, hit = hashlib.blake2b(data, digest_size=16).digest(), MEMORY.files.get(path)
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    return path, (stamp, *hit[1:]) if hit is not None and hit[1] == digest else (stamp, digest, *read(data))


# What each folder may hold: one rule, enforced here for every reader (and so for `check` and
# `build` alike). No symbolic links anywhere (a link could publish a file from outside the
# repository); data is `.yml`; pages are `.md`; nothing where the generator writes its own files
# (feeds, search index, charts, calendars, picture copies: one would overwrite the other). What MkDocs
# renders as a page is MkDocs' own list (a hand list falls behind it, and a page it missed would be
# published without passing these rules); of those endings only `.md` is read and checked here.
#
# content/ is published as it is, on the portal's own address, so what it may hold is a list of
# the kinds of file a portal needs, and everything else is refused by name (an XHTML page saved as
# .xml, an .svg, a .swf would be served as active content and run on the portal's origin):
# - pages (.md), which the generator renders and sanitises;
# - pictures, the raster formats the picture rules read (images.PICTURES);
# - documents to download or read: PDF, Word, Excel, PowerPoint and OpenDocument files, plain text, CSV;
# - the portal's own code, which developers keep and communicators never upload: its stylesheets and
#   scripts at the top of content/assets/, its fonts in content/assets/fonts/ (CODE_PLACES). The web
#   editor uploads into content/assets/anh/, so a script there (one a page could be made to load
#   from the portal's own address, past the Content-Security-Policy) is refused.
DOCUMENTS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".txt", ".csv")
CODE_PLACES = {".css": "assets/", ".js": "assets/", ".woff2": "assets/fonts/"}
PAGE_ENDINGS = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # what MkDocs reads as pages (tests/test_imports.py)
GENERATED_PLACES = ("feeds/", "search/", "so-lieu/", "du-lieu/", "quan-tri/", "assets/anh-co-san/", "sitemap.xml",
                    "404.html",
                    "favicon-32.png", "apple-touch-icon.png", "icon-192.png", "icon-512.png", "manifest.webmanifest")


def _data_rule(inside: str, suffix: str) -> tuple[str, dict[str, str]] | None:
    return ("yml_name", {}) if suffix != ".yml" and suffix.lower() in (".yml", ".yaml") else None


def _docs_rule(inside: str, suffix: str) -> tuple[str, dict[str, str]] | None:
    kind = suffix.lower()
    if inside.startswith(GENERATED_PLACES) or inside.startswith("su-kien/") and inside.endswith(".ics"):
        return "generated_place", {}
    if inside.lower().endswith(PAGE_ENDINGS) and not inside.endswith(".md"):
        return "md_name", {}
    if suffix == ".md" or kind in PICTURES or kind in DOCUMENTS:
        return None
    if kind in CODE_PLACES:
        place = CODE_PLACES[kind]
        return None if posixpath.dirname(inside) + "/" == place else ("code_place",
                                                                      {"suffix": kind, "place": f"content/{place}"})
    return "not_published", {"pictures": ", ".join(PICTURES), "documents": ", ".join(DOCUMENTS)}


def walk(root: Path, folder: str, rule: Any) -> tuple[list[Path], list[Problem]]:
    """The regular files of a content folder, in a stable order, and what breaks its rule
    (`rule(path inside the folder, suffix)` → None, or a message code and its parameters). A link
    (symbolic) is refused wherever it is; names starting with "." are passed over. The folder is read
    with os.scandir, whose entries know their type: at 10,000 items, a third of what `serve` spent
    loading again went to pathlib and a status call per file."""
    files: list[Path] = []
    problems: list[Problem] = []
    folder = (root / folder).relative_to(root).as_posix()  # as messages name it: "site_data", not "./site_data/"

    def visit(folder_path: str, inside: str) -> None:
        try:
            with os.scandir(folder_path) as found:
                entries = sorted(found, key=lambda d: d.name)
        except OSError:
            return  # as os.walk: a folder that cannot be read is passed over
        subfolders = []
        for d in entries:
            within = f"{inside}/{d.name}" if inside else d.name
            rel = f"{folder}/{within}"
            if d.is_symlink():
                problems.append(problem(rel, 0, 0, "", "symlink"))
            elif d.is_dir(follow_symlinks=False):
                if not d.name.startswith("."):
                    subfolders.append((d.path, within))
            elif not d.name.startswith("."):
                refused = rule(within, _suffix(d.name))
                if refused:
                    problems.append(problem(rel, 0, 0, "", refused[0], name=d.name, **refused[1]))
                else:
                    files.append(Path(d.path))
        for path, within in subfolders:
            visit(path, within)

    visit(str(root / folder), "")
    return sorted(files), problems


def _suffix(name: str) -> str:
    """What Path(name).suffix gives: from the last dot, unless the name starts or ends with it."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


# path → (stat stamp, digest of its bytes, what parsing it gave): a process that loads again
# (`serve` after an edit) parses and validates only the files whose bytes changed. A file whose
# size and mtime are unchanged and older than the file system's timestamp granularity is trusted
# without reading (as git does); any other is read and compared by content.
_RACY_NS = 2_000_000_000


def _cached(site: RawSite, path: Path, read: Any) -> tuple[Any, list[Problem]]:
    st = path.stat()
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    hit = MEMORY.files.get(path)
    if hit is None or hit[0] != stamp or time.time_ns() - st.st_mtime_ns < _RACY_NS:
        data = path.read_bytes()
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if hit is None or hit[1] != digest:
            hit = (stamp, digest, *read(data))
        else:
            hit = (stamp, *hit[1:])
        MEMORY.files[path] = hit
    site.digests.append((str(path), hit[1]))
    return hit[2], list(hit[3])


def _read_list(path: Path, rel: str, model: type[BaseModel], data: bytes, *,
               one_allowed: bool) -> tuple[list[Record], list[Problem]]:
    loaded, problems = load_file(path, rel, data)
    if loaded is None:
        return [], problems
    records, found = validate_list(loaded, rel, model, one_allowed)
    return records, problems + found


def _read_markdown(path: Path, rel: str, src_uri: str, data: bytes) -> tuple[Record | None, list[Problem]]:
    text, problems = decode(data, rel)
    if text is None:
        return None, problems
    is_news = src_uri.startswith(NEWS_DIR + "/") and path.name not in ("index.md", "README.md")
    if not is_news and not text.startswith("---"):
        dropped = _late_front_matter(text)
        if dropped:
            return None, [*problems, problem(rel, dropped, 1, "", "front_matter_not_first")]
        if deep := too_nested(text):
            return None, [*problems, problem(rel, deep, 1, "", "too_nested_body", limit=MAX_NESTING)]
        return PageRecord(m.PageMeta(), Origin(rel, Loaded({})), src_uri=src_uri,
                          body=text), _check_links(text, 1, rel, src_uri)
    doc, found = split_front_matter(text, rel)
    problems += found
    if doc is None:
        return None, problems
    problems += _check_links(doc.body, doc.body_line, rel, src_uri)
    if deep := too_nested(doc.body):
        return None, [*problems, problem(rel, doc.body_line + deep - 1, 1, "", "too_nested_body", limit=MAX_NESTING)]
    model = m.NewsMeta if is_news else m.PageMeta
    origin = Origin(rel, doc.meta)
    if not isinstance(doc.meta.value, dict):
        return None, [*problems, problem(rel, 2, 1, "", "expected_mapping")]
    try:
        meta = m.validate(model, doc.meta.value)
    except ValidationError as exc:
        return None, problems + translate(exc, origin, model)
    # positions kept for later messages; the raw values are in `meta`
    origin = Origin(rel, Loaded(None, doc.meta.marks))
    if is_news:
        return NewsRecord(meta, origin, body=doc.body, body_line=doc.body_line, stem=path.stem), problems
    return PageRecord(meta, origin, src_uri=src_uri, body=doc.body, body_line=doc.body_line), problems


def _check_links(body: str, first_line: int, rel: str, src_uri: str) -> list[Problem]:
    """Links and images in a Markdown body, read after Markdown has parsed it (reference-style
    definitions and entity-encoded schemes included): only web, mail and phone schemes, and no
    relative path that climbs above the site. Each is reported at the line that writes it."""
    if "](" not in body and "]:" not in body and "<" not in body:
        return []
    out = []
    here = page_url(src_uri)
    source: _Decoded | None = None
    for url in dict.fromkeys(link_targets(body)):
        scheme = scheme_of(url)
        if scheme and scheme not in SAFE_SCHEMES:
            code, params = "bad_link", {"value": url}
        elif (target := resolve(url, here)) is not None:
            if target != ".." and not target.startswith("../"):
                continue
            code, params = "outside_path", {"value": url, "folder": "content/"}
        else:
            continue
        source = source or _Decoded(body)
        line, col = source.where(url)
        out.append(problem(rel, first_line + line - 1, col, "", code, **params))
    return out


# What Markdown decodes in a link address as it reads it: character references (`&#106;`, `&amp;`)
# and backslash escapes of punctuation (`\(`). White space is left out on both sides of the search:
# Markdown turns a tab into spaces, and an address may run onto the next line.
_WRITTEN = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)|\\[!-/:-@\[-`{-~]|\s")
_OPENS_LINK = ("(", "<", ":")  # what comes before an address in an inline link, an autolink, a definition


class _Decoded:
    """A Markdown body as Markdown reads its link addresses, each character kept with the place in
    the body that writes it, so an address is found where it is written however it is encoded."""

    def __init__(self, body: str):
        self.body = body
        chars: list[str] = []
        places: list[int] = []
        pos = 0
        for written in _WRITTEN.finditer(body):
            chars.extend(body[pos:written.start()])
            places.extend(range(pos, written.start()))
            token = written[0]
            # &#9; is white space too
            text = "" if token.isspace() else token[1] if token[0] == "\\" else re.sub(r"\s", "", html.unescape(token))
            chars.extend(text)
            places.extend([written.start()] * len(text))
            pos = written.end()
        chars.extend(body[pos:])
        places.extend(range(pos, len(body)))
        self.text, self.places = "".join(chars), places

    def where(self, url: str) -> tuple[int, int]:
        """Line and column (1-based, in the body) where `url` is written: the first place that opens
        a link, else the first place at all, else the first line."""
        wanted = re.sub(r"\s", "", url)
        found = _occurrences(self.text, wanted)
        if not found:
            return 1, 1
        start = next((i for i in found if i and self.text[i - 1] in _OPENS_LINK), found[0])
        offset = self.places[start]
        line_start = self.body.rfind("\n", 0, offset) + 1
        return self.body.count("\n", 0, offset) + 1, offset - line_start + 1


def _occurrences(text: str, part: str) -> list[int]:
    out, i = [], text.find(part) if part else -1
    while i >= 0:
        out.append(i)
        i = text.find(part, i + 1)
    return out


def where_written(body: str, url: str) -> tuple[int, int]:
    """Line and column (1-based, in the body) where the address `url` is written, however encoded."""
    return _Decoded(body).where(url)


def _late_front_matter(text: str) -> int:
    """The line of a front-matter block that does not start on line 1 (blank lines or a stray
    character above it): MkDocs would print it as text. 0 when there is none."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---" or first > 3:
        return 0
    close = next((i for i in range(first + 1, min(len(lines), first + 60)) if lines[i].strip() == "---"), None)
    if close is None or not any(re.match(r"^[A-Za-z_][\w-]*\s*:", line) for line in lines[first + 1 : close]):
        return 0
    return first + 1
