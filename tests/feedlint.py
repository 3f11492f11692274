"""An RSS 2.0 lint (there is no official schema) and the two Atom Schematron rules jing skips.

Checks what the RSS 2.0 specification requires and what readers rely on: one channel with title,
link and description; absolute http(s) links; an atom:link rel=self; every item with a title or a
description; unique guids, which are URLs when isPermaLink; RFC 822 dates (by regex, since
email.utils accepts junk).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[ECMP][SD]T|[A-IK-Z])$"
)
ABSOLUTE = re.compile(r"^https?://[^\s/]+")
SCHEMA = Path(__file__).parent / "schemas" / "atom.rnc"


def lint_rss(data: bytes) -> list[str]:
    errors: list[str] = []
    root = etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["root is not <rss version='2.0'>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} channels"]
    ch = channels[0]
    for name in ("title", "link", "description"):
        if not (ch.findtext(name) or "").strip():
            errors.append(f"channel has no {name}")
    if not ABSOLUTE.match(ch.findtext("link") or ""):
        errors.append("channel link is not absolute")
    if not [a for a in ch.findall(f"{ATOM}link") if a.get("rel") == "self" and ABSOLUTE.match(a.get("href", ""))]:
        errors.append("no atom:link rel=self")
    for name in ("pubDate", "lastBuildDate"):
        value = ch.findtext(name)
        if value is not None and not RFC822.match(value):
            errors.append(f"channel {name} not RFC 822: {value}")
    guids = set()
    for i, item in enumerate(ch.findall("item")):
        if not (item.findtext("title") or item.findtext("description")):
            errors.append(f"item {i} has neither title nor description")
        link = item.findtext("link")
        if link is not None and not ABSOLUTE.match(link):
            errors.append(f"item {i} link not absolute")
        guid = item.find("guid")
        if guid is not None:
            if guid.text in guids:
                errors.append(f"item {i} guid repeated")
            guids.add(guid.text)
            if guid.get("isPermaLink", "true") == "true" and not ABSOLUTE.match(guid.text or ""):
                errors.append(f"item {i} permalink guid not a URL")
        date = item.findtext("pubDate")
        if date is not None and not RFC822.match(date):
            errors.append(f"item {i} pubDate not RFC 822: {date}")
    return errors


def lint_atom(*paths: Path) -> list[str]:
    """RFC 4287 schema through jing (one JVM for all files), then the Schematron rules it skips."""
    run = subprocess.run(["jing", "-c", str(SCHEMA), *map(str, paths)], capture_output=True, text=True)
    errors = [line for line in run.stdout.splitlines() if "error" in line]
    if run.returncode and not errors:
        errors.append(run.stdout + run.stderr)
    for path in paths:
        errors += _schematron(path)
    return errors


def _schematron(path: Path) -> list[str]:
    errors = []
    root = etree.parse(str(path)).getroot()
    feed_author = root.find(f"{ATOM}author") is not None
    for i, entry in enumerate(root.findall(f"{ATOM}entry")):
        links = entry.findall(f"{ATOM}link")
        if not (any(l.get("rel") in (None, "alternate") for l in links) or entry.find(f"{ATOM}content") is not None):
            errors.append(f"{path}: entry {i} has no alternate link or content")
        if not (feed_author or entry.find(f"{ATOM}author") is not None):
            errors.append(f"{path}: entry {i} has no author")
    return errors
