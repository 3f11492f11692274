"""Rewrite the expected reports of the bad-input cases (tests/fixtures/bad/*/expected*.txt).

    make regen-expected              # every case, both languages
    .venv/bin/python -m tests.regen_expected CASE...

The tests never write these files; this command does, and nothing else. Read every diff it makes
(`git diff tests/fixtures/bad`) before committing: a changed report is a changed promise to the
people who read it.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.is_dir())
EXPECTED = {"vi": "expected.txt", "en": "expected.en.txt"}


def overlay(case: Path, root: Path) -> None:
    """Lay a case's files over a portal."""
    for src in case.rglob("*"):
        if src.is_file() and src.name not in EXPECTED.values():
            dest = root / src.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_symlink():  # a link stays a link (the po-symlink case), in place of the file it covers
                dest.unlink(missing_ok=True)
            shutil.copy(src, dest, follow_symlinks=False)


def report(case: Path, lang: str) -> str:
    from generator.cli import main
    from tests.conftest import copy_portal

    with tempfile.TemporaryDirectory() as tmp:
        root = copy_portal(Path(tmp) / "portal", with_data=False)
        overlay(case, root)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--root", str(root), "--lang", lang, "check"])
    if code != 1:
        raise SystemExit(f"{case.name}: check exited {code}, not 1: a bad-input case must fail")
    return err.getvalue()


def main(names: list[str]) -> int:
    import os

    chosen = [c for c in CASES if not names or c.name in names]
    if unknown := set(names) - {c.name for c in CASES}:
        print(f"no such case: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for case in chosen:
        for lang, name in EXPECTED.items():
            os.environ.pop("KHUYENCONG_LANG", None)
            text = report(case, lang)
            path = case / name
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(BAD.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
