"""The public record of change, read from Git: when each item and page was published and last
updated, its change notes, what changed in a legal text, a support level or a procedure, and the
addresses it had before (redirects).

Communicators publish by commit, so the repository holds every version. It is read in one pass:
one `git log` over `site_data/` and `content/` gives every commit (its date and its
`Ghi-chu-thay-doi:` trailer) and, per commit, the files it changed with their blobs and renames;
one `git cat-file --batch` reads the few earlier versions a note, a comparison or a redirect needs.
Never a command per file. Dates are commit dates (`%cs`), never the clock, so two builds of one
commit are identical.

A change is **noted** when its commit has the trailer `Ghi-chu-thay-doi: …`, or when it sets a new
`change_note:` in the item. An edit without a note is minor: it moves "Cập nhật lần cuối" and adds
no entry.

Without Git, in a folder that Git does not track, or in a shallow clone (whose first commit would
claim every file), there is no history: `RepoHistory.missing` says why, and the build says it once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.text import vn_money
from generator.yamlio import parse_yaml, split_front_matter

TRAILER = "Ghi-chu-thay-doi"
FOLDERS = ("site_data", "content")


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date
    note: str  # the commit's trailer, or ""


@dataclass(frozen=True)
class FileVersion:
    commit: Commit
    path: str  # the file's path (relative to the portal's root) in that commit
    blob: str


@dataclass(frozen=True)
class Words:
    """One run of a text comparison: kept ("="), removed ("-") or added ("+")."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field of an item compared between two versions, in plain words."""

    label: str
    before: str
    after: str
    words: tuple[Words, ...] = ()  # the text removed and added, when both versions have some

    @property
    def kind(self) -> str:
        return "added" if not self.before else "removed" if not self.after else "changed"


@dataclass(frozen=True)
class Change:
    date: dt.date
    note: str
    sha: str
    fields: tuple[FieldChange, ...] = ()  # filled for the kinds whose changes are shown field by field

    @property
    def anchor(self) -> str:
        return f"thay-doi-{self.date.isoformat()}-{self.sha[:7]}"


@dataclass(frozen=True)
class History:
    first: dt.date  # the first commit of the item: its publication on the portal
    last: dt.date  # the last commit that changed it
    changes: tuple[Change, ...] = ()  # noted changes, newest first


@dataclass
class RepoHistory:
    """What `git log` says about the portal's files; empty (with `missing`) when it cannot say."""

    root: Path
    missing: str = ""  # "" | "no-git" | "shallow" | "no-commits": why there is no history
    head: str = ""
    files: dict[str, list[FileVersion]] = field(default_factory=dict)  # path now → versions, oldest first
    _blobs: dict[str, Any] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return not self.missing

    def versions(self, rel: str) -> list[FileVersion]:
        return self.files.get(rel, [])

    def read(self, blobs: list[str]) -> None:
        """Load these blobs' bytes in one `git cat-file --batch`."""
        todo = [b for b in dict.fromkeys(blobs) if b not in self._blobs]
        if not todo:
            return
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=self.root, input="\n".join(todo).encode() + b"\n",
                              capture_output=True, check=False)
        out, at = done.stdout, 0
        for sha in todo:
            end = out.find(b"\n", at)
            if end < 0:  # git stopped short (a damaged object): what it did not give reads as missing
                self._blobs[sha] = b""
                continue
            head = out[at:end].split()
            if len(head) < 3 or head[1] == b"missing":
                self._blobs[sha] = b""
                at = end + 1
                continue
            size = int(head[2])
            self._blobs[sha] = out[end + 1:end + 1 + size]
            at = end + 1 + size + 1

    def item(self, blob: str, path: str, ident: str | None, index: int | None) -> dict[str, Any] | None:
        """The item a version holds (`_item_in`); a list's items found by id through an index made once."""
        data = self.parsed(blob, path)
        if isinstance(data, list) and ident is not None:
            key = "ids:" + blob
            if key not in self._blobs:
                self._blobs[key] = {str(i.get("id", "")): i for i in reversed(data) if isinstance(i, dict)}
            return self._blobs[key].get(ident)
        return _item_in(data, ident, index)

    def parsed(self, blob: str, path: str) -> Any:
        """A version's data: the YAML of a data file, the front matter of a page (None when unreadable)."""
        key = "parsed:" + blob
        if key not in self._blobs:
            self.read([blob])
            self._blobs[key] = _parse(self._blobs.get(blob, b""), path)
        return self._blobs[key]


def _parse(raw: bytes, path: str) -> Any:
    """An earlier version's values, parsed as the portal parses its files (yamlio.py: keys and
    numbers as written, no aliases, nesting limited; kept between builds on this machine), None if it
    cannot be. A page without front matter, or whose front matter is not closed, has none: {}."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not path.endswith(".md"):
        loaded, _ = parse_yaml(text, path)
        return loaded.value if loaded is not None else None
    if not text.startswith("---"):
        return {}
    doc, problems = split_front_matter(text, path)
    if doc is None:
        return {} if any(p.code == "front_matter_unclosed" for p in problems) else None
    return doc.meta.value


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)


def repo_state(root: Path) -> tuple[str, str, str]:
    """(why there is no history or "", the portal's folder inside the repository, HEAD), from one
    `git rev-parse`: enough to tell whether the history changed since the last build."""
    try:
        probe = _git(root, "rev-parse", "--show-prefix", "--is-shallow-repository", "HEAD")
    except OSError:  # no git on this machine
        return "no-git", "", ""
    if probe.returncode != 0:
        return ("no-git" if b"not a git repository" in probe.stderr.lower() else "no-commits"), "", ""
    prefix, shallow, head = (probe.stdout.decode().split("\n") + ["", "", ""])[:3]
    return ("shallow" if shallow.strip() == "true" else ""), prefix.strip(), head.strip()


def read_history(root: Path, state: tuple[str, str, str] | None = None) -> RepoHistory:
    """Every version of every file under site_data/ and content/, from one `git log`."""
    repo = RepoHistory(root)
    repo.missing, prefix, repo.head = state or repo_state(root)
    if repo.missing:
        return repo
    listed = _git(root, "log", "-M", "--raw", "--no-abbrev", "-z", "--no-color",
                  f"--format=%x01%H%x1f%cs%x1f%(trailers:key={TRAILER},valueonly=true,separator=%x1e)%x1f",
                  "--", *FOLDERS)
    if listed.returncode != 0:
        repo.missing = "no-commits"
        return repo
    _take_log(repo, listed.stdout.decode("utf-8", "replace"), prefix)
    return repo


def _take_log(repo: RepoHistory, text: str, prefix: str) -> None:
    """Walk the log newest first, following each file back through its renames."""
    now_name: dict[str, str | None] = {}  # a path as the walk meets it → the path the file has today (None: deleted)
    found: dict[str, list[FileVersion]] = defaultdict(list)

    def here(path: str) -> str | None:
        return path[len(prefix):] if path.startswith(prefix) else None

    for chunk in text.split("\x01")[1:]:
        sha, date, note, rest = chunk.split("\x1f", 3)
        commit = Commit(sha, dt.date.fromisoformat(date), " ".join(n.strip() for n in note.split("\x1e") if n.strip()))
        tokens = [t for t in rest.split("\x00")]
        i = 0
        while i < len(tokens):
            meta = tokens[i].strip()
            i += 1
            if not meta.startswith(":"):
                continue
            parts = meta.split()
            blob, status = parts[3], parts[4]
            if status[0] in "RC":
                old, new = here(tokens[i]), here(tokens[i + 1])
                i += 2
            else:
                old, new = None, here(tokens[i])
                i += 1
            if new is None:
                continue
            if status[0] == "D":
                now_name.setdefault(new, None)
                continue
            current = now_name.setdefault(new, new)
            if current is None:  # a version of a file deleted since: no page shows it
                continue
            found[current].append(FileVersion(commit, new, blob))
            if status[0] == "R" and old is not None:
                now_name[old] = current
    for key, versions in found.items():
        versions.reverse()
        repo.files[key] = versions


# ---- an item's history -----------------------------------------------------------------------------

# Fields that say how an item is published, not what it says: never listed as changed.
QUIET = {"change_note", "editor_note", "updated", "review_by", "aliases", "draft", "publish_date", "published"}
# Labels for fields whose model gives none (see `field_label`).
LABELS = {
    "id": "Mã", "title": "Tên", "name": "Tên", "summary": "Tóm tắt", "who": "Đối tượng", "steps": "Các bước",
    "checklist": "Hồ sơ cần chuẩn bị", "deadlines": "Thời hạn", "forms": "Biểu mẫu", "basis": "Căn cứ",
    "note": "Ghi chú", "source": "Nguồn", "what": "Nội dung hỗ trợ", "share_percent": "Tỷ lệ hỗ trợ (%)",
    "cap_vnd": "Mức hỗ trợ tối đa", "per": "Tính cho mỗi", "province": "Tỉnh, thành phố",
    "valid_from": "Áp dụng từ ngày", "valid_to": "Áp dụng đến ngày", "activity": "Hoạt động", "item": "Khoản hỗ trợ",
    "type": "Loại văn bản", "number": "Số, ký hiệu", "issuer": "Cơ quan ban hành", "signer": "Người ký",
    "issued": "Ngày ban hành", "effective": "Ngày có hiệu lực", "abstract": "Trích yếu", "status": "Tình trạng",
    "relations": "Quan hệ với văn bản khác", "scope": "Phạm vi", "topics": "Chủ đề", "attachments": "Tệp đính kèm",
}


def text_of(value: Any) -> str:
    """A value as a reader would read it: dates day first, lists one item a line, mappings 'key: value'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return "\n".join(text_of(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{LABELS.get(str(k), str(k))}: {text_of(v)}" for k, v in value.items() if v not in (None, ""))
    return str(value).strip()


def compare(before: dict[str, Any], after: dict[str, Any], label: Any = None) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of an item, in the order the later one writes them,
    each with the words removed and added."""
    label = label or (lambda name: LABELS.get(name, name))
    out = []
    for name in dict.fromkeys([*after, *before]):
        if name in QUIET:
            continue
        old, new = _shown(name, before.get(name)), _shown(name, after.get(name))
        if old == new:
            continue
        out.append(FieldChange(label(name), old, new, _words(old, new) if old and new else ()))
    return tuple(out)


def _shown(name: str, value: Any) -> str:
    """A field's value as its page shows it: money in đồng, a share with its %."""
    if isinstance(value, int) and not isinstance(value, bool):
        if name.endswith("_vnd"):
            return vn_money(value)
        if name.endswith("_percent"):
            return f"{value}%"
    return text_of(value)


_TOKEN = re.compile(r"\s+|\S+\s*")


def _words(old: str, new: str) -> tuple[Words, ...]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[Words] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(Words("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(Words("-", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(Words("+", "".join(b[j1:j2])))
    return tuple(runs)


def _item_in(data: Any, ident: str | None, index: int | None) -> dict[str, Any] | None:
    """The item a version of a file holds: the file itself (one item), or the list's item with this id."""
    if isinstance(data, dict):
        return data
    if not isinstance(data, list):
        return None
    if ident is not None:
        for item in data:
            if isinstance(item, dict) and str(item.get("id", "")) == ident:
                return item
    if index is not None and ident is None and 0 <= index < len(data) and isinstance(data[index], dict):
        return data[index]
    return None


def item_history(repo: RepoHistory, rel: str, *, ident: str | None = None, index: int | None = None,
                 detailed: bool = False, label: Any = None) -> History | None:
    """The history of one item: the whole file when it holds one item (ident None), else the item of
    that id in each version. `detailed` compares the fields of each noted change with the version
    before it (the previous noted one, or the first)."""
    versions = repo.versions(rel)
    if not versions:
        return None
    per_item = ident is not None
    need_data = per_item or detailed or len(versions) > 1
    if need_data and len(versions) > 1:
        repo.read([v.blob for v in versions])
    changes: list[Change] = []
    first = last = None
    shown: dict[str, Any] | None = None  # the version the last listed change (or the first) left
    previous: dict[str, Any] | None = None
    for v in versions:
        data = repo.item(v.blob, v.path, ident, index) if need_data and len(versions) > 1 else None
        if per_item and len(versions) > 1:
            if data is None:  # not in this version (yet, or under another id)
                continue
            if previous is not None and data == previous:
                continue  # the commit changed another item of the file
        if first is None:
            first = last = v.commit.date
            previous = shown = data
            continue
        last = v.commit.date
        own = str((data or {}).get("change_note") or "").strip()
        had = str((previous or {}).get("change_note") or "").strip()
        note = v.commit.note or (own if own and own != had else "")
        if note:
            fields = compare(shown or {}, data or {}, label) if detailed and data is not None else ()
            changes.append(Change(v.commit.date, note, v.commit.sha, fields))
            shown = data
        previous = data
    if first is None:
        return None
    return History(first, last or first, tuple(reversed(changes)))


def old_paths(repo: RepoHistory, rel: str) -> list[tuple[str, Any]]:
    """(path, data) of each earlier version under another path or with other identifying fields:
    what the item's address was made from before (its file's name, `id`, `slug`, `name`, `title`, `number`)."""
    versions = repo.versions(rel)
    if len(versions) < 2:
        return []
    repo.read([v.blob for v in versions[:-1]])
    return [(v.path, repo.parsed(v.blob, v.path)) for v in versions[:-1]]


# ---- the catalog's histories -------------------------------------------------------------------------

DETAILED = {"legal", "procedure", "support"}  # kinds whose changes are shown field by field


def field_label(model: Any) -> Any:
    """A field's name as the web editor shows it (its docstring's label), else LABELS'."""
    fields = getattr(type(model), "model_fields", {})

    def label(name: str) -> str:
        info = fields.get(name)
        described = (info.description or "").split(" — ")[0].strip() if info is not None else ""
        return described or LABELS.get(name, name)
    return label


def attach(cat: Any, repo: RepoHistory, entries: Any) -> None:
    """Each entry's History in `extra["history"]`; each hand-written page's in `cat.page_history`.
    Every earlier version these histories read is read first, in one `git cat-file` (one per file
    took 0.4 s at 10,000 items, a process each)."""
    entries = list(entries)
    rels = {e.origin.rel for e in entries} | {rec.origin.rel for rec in cat.pages}
    repo.read([v.blob for rel in rels if len(versions := repo.versions(rel)) > 1 for v in versions])
    for e in entries:
        rel, base = e.origin.rel, e.origin.base
        if not rel or rel.startswith("("):
            continue
        index = base[0] if len(base) == 1 and isinstance(base[0], int) else None
        ident = getattr(e.model, "id", None) if index is not None else None
        detailed = e.kind in DETAILED  # only those name fields (a label each: 15 µs, 0.15 s at 10,000 items)
        h = item_history(repo, rel, ident=ident, index=index, detailed=detailed,
                         label=field_label(e.model) if detailed else None)
        if h is not None:
            e.extra["history"] = h
    for rec in cat.pages:
        h = item_history(repo, rec.origin.rel)
        if h is not None:
            cat.page_history[rec.src_uri] = h


def recent_changes(entries: Any) -> list[tuple[Change, Any]]:
    """(change, entry) for every noted change of these entries, newest first (a page that lists a
    table's rows shows their history together: /muc-ho-tro/)."""
    found = [(c, e) for e in entries for c in (e.extra.get("history") or History(dt.date.min, dt.date.min)).changes]
    return sorted(found, key=lambda ce: (ce[0].date, ce[1].id), reverse=True)
