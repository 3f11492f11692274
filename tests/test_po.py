"""generator/po.py: what an interface translation may hold before Babel compiles it. The reports
themselves, in both languages, are the bad-input cases tests/fixtures/bad/po-*."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import po
from generator.i18n import catalogue_path
from tests.conftest import ROOT

HEADER = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
          '"Content-Type: text/plain; charset=utf-8\\n"\n\n')  # 6 lines


def problems(tmp_path: Path, body: str | bytes) -> list[tuple[int, int, str]]:
    path = tmp_path / "messages.po"
    path.write_bytes(body if isinstance(body, bytes) else (HEADER + body).encode("utf-8"))
    catalogue, found = po.read(path, "messages.po")
    assert (catalogue is None) == bool(found)
    return [(p.line, p.col or 1, p.code) for p in found]  # as the report shows it: a whole line is column 1


def test_the_project_catalogue_passes():
    path = catalogue_path(ROOT / "templates", "en")
    catalogue, found = po.read(path, "messages.po")
    assert found == [] and len(catalogue) > 100


@pytest.mark.parametrize("body, expected", [
    # A translation that is not used is not held to the msgid: fuzzy (left out of the compiled
    # catalogue), empty (the Vietnamese shows), obsolete (#~).
    ('#, fuzzy, python-format\nmsgid "Trang %(n)s"\nmsgstr "Page %(x)s"\n', []),
    ('msgid "Trang %(n)s"\nmsgstr ""\n', []),
    ('#~ msgid "Cũ %(n)s"\n#~ msgstr "Old %"\n', []),
    # '%' is text in a translation whose msgid has no placeholder (it is never formatted)...
    ('msgid "Giới thiệu"\nmsgstr "About 100%"\n', []),
    # ...and a placeholder or '%%' in a formatted one; a wrapped translation is checked line by line.
    ('msgid "tối đa %(share)s%% chi phí"\nmsgstr ""\n"up to %(share)s%% "\n"of the cost %"\n',
     [(10, 14, "po_percent")]),
    ('msgid "Trang %(n)s"\nmsgstr "Page %(n)s, %(n)s"\n', []),
    # One placeholder renamed (or given another type) is one problem, where the new name is...
    ('msgid "Trang %(n)s"\nmsgstr "Page %(n)5s"\n', [(8, 14, "po_placeholder_renamed")]),
    ('msgid "Trang %(n)s"\nmsgstr "Page %(so)s of %(so)s"\n', [(8, 14, "po_placeholder_renamed"),
                                                               (8, 24, "po_placeholder_renamed")]),
    # ...otherwise each name that is not the msgid's, and each of its placeholders not written.
    ('msgid "Tại %(place)s"\nmsgstr "In %(a)s, %(b)s"\n', [(8, 1, "po_placeholder_missing"),
                                                           (8, 12, "po_placeholder_unknown"),
                                                           (8, 19, "po_placeholder_unknown")]),
    ('msgid "%(a)s và %(b)s"\nmsgstr "%(x)s and %(y)s"\n', [(8, 1, "po_placeholder_missing"),
                                                            (8, 1, "po_placeholder_missing"),
                                                            (8, 9, "po_placeholder_unknown"),
                                                            (8, 19, "po_placeholder_unknown")]),
    ('msgid "Tại %(place)s"\nmsgstr "Somewhere"\n', [(8, 1, "po_placeholder_missing")]),
    ('msgid "Trang"\nmsgstr "Page %(n)s"\n', [(8, 14, "po_placeholder_unknown")]),
    # A plural form may leave the number out, but not name another placeholder.
    ('msgid "%(n)s văn bản"\nmsgid_plural "%(n)s văn bản"\nmsgstr[0] "one text"\nmsgstr[1] "%(n)s texts %(m)s"\n',
     [(10, 24, "po_placeholder_unknown")]),
    ('msgid "%(n)s văn bản"\nmsgid_plural "%(n)s văn bản"\nmsgstr "texts"\n',
     [(9, 1, "po_no_msgid"), (7, 1, "po_no_msgstr")]),
    # One msgid in two contexts is two messages; twice in one context is one too many.
    ('msgctxt "a"\nmsgid "Tệp"\nmsgstr "File"\n\nmsgctxt "b"\nmsgid "Tệp"\nmsgstr "Files"\n', []),
    ('msgid "Nói \\"có\\""\nmsgstr "Say \\"yes\\""\n\nmsgid "Nói \\"có\\""\nmsgstr "Say yes"\n',
     [(10, 1, "po_duplicate")]),
    # A comment ends an entry: a msgstr after it has lost its msgid; text after it continues nothing.
    ('msgid "Giới thiệu"\n# về cổng\nmsgstr "About"\n', [(7, 1, "po_no_msgstr"), (9, 1, "po_no_msgid")]),
    ('msgid "Giới thiệu"\nmsgstr "About"\n# về cổng\n"the portal"\n', [(10, 1, "po_invalid")]),
    ('msgid "Giới thiệu"\nmsgstr "About"\nmsgstr "Introduction"\n', [(9, 1, "po_no_msgid")]),
])
def test_entries(tmp_path: Path, body: str, expected: list[tuple[int, int, str]]):
    assert sorted(problems(tmp_path, body)) == sorted(expected)


def test_a_byte_order_mark_and_windows_line_ends_are_read(tmp_path: Path):
    body = (HEADER + 'msgid "Giới thiệu"\nmsgstr "About"\n').replace("\n", "\r\n")
    assert problems(tmp_path, b"\xef\xbb\xbf" + body.encode("utf-8")) == []


@pytest.mark.parametrize("line, expected", [
    ('"Content-Type: text/plain; charset=UTF-8\\n"', []),
    ('"Content-Type: text/plain; charset=iso-8859-1\\n"', [(4, 36, "po_charset")]),
    ('"Plural-Forms: nplurals=1; plural=0;\\n"', []),
    ('"Plural-Forms: nplurals=2; plural=__import__(\'os\');\\n"', [(4, 16, "po_plural_forms")]),
    ('"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"', []),  # what a new catalogue says
    ('"POT-Creation-Date: 2026-12-04 17:50+0000\\n"', []),
    ('"POT-Creation-Date: YEAR-MO-DA HO:MI+ZONE\\n"', [(4, 21, "po_header_date")]),  # Babel reads this one always
])
def test_header_values(tmp_path: Path, line: str, expected: list[tuple[int, int, str]]):
    body = HEADER.replace('"Language: en\\n"\n',
                          f'"Language: en\\n"\n{line}\n') + 'msgid "Giới thiệu"\nmsgstr "About"\n'
    assert problems(tmp_path, body.encode("utf-8")) == expected


# The whole command, `check` and `build`, in both languages: the report as the case's expected file
# has it, exit 1, no traceback, no site written.
BAD = ROOT / "tests" / "fixtures" / "bad"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("command", [["check"], ["build", "--build-date", "2026-11-22"]])
@pytest.mark.parametrize("case", ["po-placeholder-renamed", "po-placeholder-missing", "po-percent", "po-latin1",
                                  "po-charset", "po-deleted-msgid"])
def test_check_and_build_report_the_catalogue(case: str, command: list[str], lang: str, mini: Path, capsys):
    from tests.conftest import run_cli
    from tests.regen_expected import EXPECTED, overlay

    overlay(BAD / case, mini)
    code, out, err = run_cli(["--root", str(mini), "--lang", lang, *command], capsys)
    assert code == 1 and "Traceback" not in err and "Error:" not in err, err
    expected = (BAD / case / EXPECTED[lang]).read_text(encoding="utf-8")
    assert expected.strip() in err, err
    assert not (mini / "site").exists()


def test_a_real_build_process_reports_a_renamed_placeholder(mini: Path):
    """Run as a communicator would: a separate process and its real exit code."""
    import os
    import subprocess
    import sys

    from tests.regen_expected import overlay

    overlay(BAD / "po-placeholder-renamed", mini)
    env = {**os.environ, "KHUYENCONG_LANG": "en", "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini), "build", "--build-date",
                          "2026-11-22"],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert (BAD / "po-placeholder-renamed" / "expected.en.txt").read_text(encoding="utf-8").strip() in run.stderr


@pytest.mark.parametrize("where", ["file", "folder"])
@pytest.mark.parametrize("command", [["check"], ["build", "--build-date", "2026-11-22"]])
def test_a_linked_catalogue_is_refused_and_never_quoted(tmp_path: Path, where: str, command: list[str], capsys):
    """A catalogue (or its LC_MESSAGES folder) that is a link to a system file: refused by name,
    and nothing of the file it points to is printed, in either language."""
    from tests.conftest import copy_portal, run_cli

    target = tmp_path / "passwd"
    target.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")  # what /etc/passwd starts with
    root = copy_portal(tmp_path / "portal", with_data=False)
    folder = root / "templates" / "locales" / "en" / "LC_MESSAGES"
    if where == "file":
        (folder / "messages.po").unlink()
        (folder / "messages.po").symlink_to(target)
        shown = "templates/locales/en/LC_MESSAGES/messages.po"
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "messages.po").symlink_to(target)
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
        folder.symlink_to(tmp_path / "elsewhere")
        shown = "templates/locales/en/LC_MESSAGES"
    targets = [target] + ([Path("/etc/passwd")] if Path("/etc/passwd").is_file() else [])
    for lang in ("vi", "en"):
        code, out, err = run_cli(["--root", str(root), "--lang", lang, *command], capsys)
        assert code == 1 and "Traceback" not in err, err
        assert f"{shown}: " in err and ("symlink" in err if lang == "vi" else "symbolic link" in err), err
        assert "root:" not in out + err and "/bin/bash" not in out + err and str(target) not in err, err
        for t in targets:
            assert t.read_text(encoding="utf-8", errors="replace").splitlines()[0] not in out + err
    assert not (root / "site").exists()


def test_a_link_to_etc_passwd_is_refused(mini: Path, capsys):
    """The case of the issue itself: messages.po -> /etc/passwd."""
    from tests.conftest import run_cli

    passwd = Path("/etc/passwd")
    if not passwd.is_file():
        pytest.skip("no /etc/passwd here")
    po_file = catalogue_path(mini / "templates", "en")
    po_file.unlink()
    po_file.symlink_to(passwd)
    for command in (["check"], ["build", "--build-date", "2026-11-22"]):
        code, out, err = run_cli(["--root", str(mini), "--lang", "en", *command], capsys)
        assert code == 1 and "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == ("templates/locales/en/LC_MESSAGES/messages.po: the interface "
                                                "translation, and the folders "
                                                "holding it, must not be symbolic links; the portal does not read "
                                                "what one points to. Put the real file here")
        assert passwd.read_text(encoding="utf-8", errors="replace").splitlines()[0] not in out + err
