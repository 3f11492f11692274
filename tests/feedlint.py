"""Feed checks: an RSS 2.0 lint (there is no official schema), Atom through jing with RFC 4287's
schema plus the two Schematron rules jing skips, and JSON Feed 1.1 against a JSON Schema written
from its specification (schemas/jsonfeed-1.1.schema.json).

Checks what the RSS 2.0 specification requires and what readers rely on: one channel with title,
link and description; absolute http(s) links; an atom:link rel=self; every item with a title or a
description; unique guids, which are URLs when isPermaLink; RFC 822 dates (by regex, since
email.utils accepts junk).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import feedparser
from jsonschema import Draft202012Validator
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[ECMP][SD]T|[A-IK-Z])$"
)
ABSOLUTE = re.compile(r"^https?://[^\s/]+")
SCHEMA = Path(__file__).parent / "schemas" / "atom.rnc"
JSON_FEED = (
    Draft202012Validator(
        json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))))


def lint_json_feed(data: bytes, name: str = "feed") -> list[str]:
    """What the JSON Feed 1.1 specification requires and types, plus the feed naming itself."""
    try:
        doc = json.loads(data)
    except ValueError as e:
        return [f"{name}: not JSON: {e}"]
    errors = [f"{name}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
              for e in sorted(JSON_FEED.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))]
    if isinstance(doc, dict) and isinstance(doc.get("feed_url"),
                                            str) and not doc["feed_url"].endswith("/" + name.split("/")[-1]):
        errors.append(f"{name}: feed_url {doc['feed_url']} is not this file")
    ids = [i.get("id") for i in doc.get("items", []) if isinstance(i, dict)] if isinstance(doc, dict) else []
    if len(ids) != len(set(ids)):
        errors.append(f"{name}: item ids repeated")
    return errors


def lint_feeds(site: Path) -> tuple[int, list[str]]:
    """Every feed a built site holds, each by its own format's rules: (how many, problems)."""
    # The .gz and .br beside each file are the same feed, compressed for servers (outputs/release.py).
    files = sorted(p for p in (site / "feeds").rglob("*.*") if not p.name.endswith((".gz", ".br")))
    errors: list[str] = []
    for path in files:
        name = str(path.relative_to(site))
        if path.name.endswith(".rss.xml"):
            errors += [f"{name}: {e}" for e in lint_rss(path.read_bytes())]
            if feedparser.parse(path.read_bytes()).version != "rss20":
                errors.append(f"{name}: feedparser does not read it as RSS 2.0")
        elif path.name.endswith(".json"):
            errors += lint_json_feed(path.read_bytes(), name)
        elif not path.name.endswith(".atom.xml"):
            errors.append(f"{name}: not a feed")
    atom = [p for p in files if p.name.endswith(".atom.xml")]
    if atom:
        errors += lint_atom(*atom)
    return len(files), errors


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
