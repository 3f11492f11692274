"""Tables that read on a phone.

On a 360 px screen a table of four or five columns leaves each column a word wide. Every table with a
header row is therefore marked `kc-stack` and each of its data cells labelled with its column's
header (`data-label`), its content wrapped in a `<div class="kc-cell">`: below a breakpoint the
stylesheet (assets/portal.css) lays each row out as a block, the row's header as its title and each
cell's content beside its label; on a wide screen nothing changes. A table marked `kc-wide`, whose
columns are read across, is left as a table (a phone scrolls it sideways: templates/_macros.html).
One pass over the rendered HTML does it for every table, generated or hand-written, so no template has
to remember.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")
_CLASS = re.compile(r"""\bclass=(["'])(.*?)\1""", re.S)


class _Labeller(HTMLParser):
    """Passes HTML through unchanged but for the start tags of tables and their data cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.tables: list[dict] = []  # open tables: their headers and where the parser is in them

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        t = self.tables[-1] if self.tables else None
        if tag == "table":
            self.tables.append({"headers": [], "in_head": False, "head_text": None, "col": 0, "at": len(self.out),
                                "cells": 0,
                                "wide": "kc-wide" in (dict(attrs).get("class") or "").split()})
        elif t is not None and tag == "thead":
            t["in_head"] = True
        elif t is not None and tag == "tr":
            t["col"] = 0
        elif t is not None and tag in ("th", "td"):
            span = int(dict(attrs).get("colspan") or 1) if str(dict(attrs).get("colspan") or "1").isdigit() else 1
            if t["in_head"]:
                t["head_text"] = []
                t["span"] = span
            else:
                label = t["headers"][t["col"]] if t["col"] < len(t["headers"]) else ""
                t["col"] += span
                if tag == "td" and label and not t["wide"] and "data-label" not in dict(attrs):
                    raw = raw[:-1].rstrip("/").rstrip() + f' data-label="{html.escape(label)}"><div class="kc-cell">'
                    t["cells"] += 1  # the wrapper is closed with the cell
        self.out.append(raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        t = self.tables[-1] if self.tables else None
        if t is not None and tag == "td" and t["cells"]:
            t["cells"] -= 1
            self.out.append("</div>")
        if t is not None and tag in ("th", "td") and t["in_head"] and t["head_text"] is not None:
            text = _SPACE.sub(" ", html.unescape("".join(t["head_text"]))).strip()
            t["headers"] += [text] * t.get("span", 1)
            t["head_text"] = None
        elif t is not None and tag == "thead":
            t["in_head"] = False
        elif t is not None and tag == "table":
            self.tables.pop()
            if t["headers"] and not t["wide"]:
                self.out[t["at"]] = _with_class(self.out[t["at"]], "kc-stack")
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.tables and self.tables[-1]["head_text"] is not None:
            self.tables[-1]["head_text"].append(data)
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def _with_class(tag: str, name: str) -> str:
    found = _CLASS.search(tag)
    if found:
        return tag[:found.start(2)] + f"{found.group(2)} {name}".strip() + tag[found.end(2):]
    return tag[:-1].rstrip() + f' class="{name}">'


def label_tables(fragment: str) -> str:
    """The fragment with each table that has a header row marked and its cells labelled."""
    if "<table" not in fragment:
        return fragment
    parser = _Labeller()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)
