"""CSV as a spreadsheet reads it: the one writer of every CSV the portal publishes (open data at
/du-lieu/, the charts' tables).

Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` as a formula
(and one that begins with a tab or a line break after it), even in a file that is only data; a
formula can fetch an address with the sheet's contents or start a program. Text in our CSVs comes
from the portal's data, which many hands write, so every text cell is written as OWASP's CSV
Injection page advises (https://owasp.org/www-community/attacks/CSV_Injection): wrapped in double
quotes, each double quote inside doubled, so a separator (`,` or `;`) or quote inside it can never
start a new cell, and prefixed with a single quote `'` when it begins with one of those characters
(after any spaces), so the spreadsheet shows it as text. A text that already begins with `'` gets one
more, so the rule reads back without doubt: a text cell that begins with `'` had one added, and the
text is what follows it.

Numbers stay numbers: a column typed as a number is written bare, so a negative figure (`-5`) is a
number to every program, never text with a quote before it. A text that happens to read `-5` is text,
and gets its quote. Dates, booleans and empty cells are written bare too (nothing in them can begin
a formula). The JSON files beside the CSVs keep every value as written: JSON is not opened by
spreadsheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

# The characters that make a spreadsheet read a cell as a formula when the cell begins with one
# (OWASP's list, with the line feed it added in 2025: a line break starts a new row in some readers).
FORMULA_STARTS = frozenset("=+-@\t\r\n")
_SPACES = " \u00a0"  # a spreadsheet may trim these before it looks at the first character


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it without running it: a single quote before it when it
    begins, at once or after spaces, with a character that starts a formula, or with a single quote
    (so that one added quote is always the first character of a cell that has one)."""
    if text[:1] in FORMULA_STARTS | {"'"} or text.lstrip(_SPACES)[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def text_cell(text: str) -> str:
    """A text cell: neutralised, in double quotes, each double quote inside doubled (RFC 4180)."""
    return '"' + neutralise(text).replace('"', '""') + '"'


def bare_cell(value: Any) -> str:
    """A number, date or boolean, as Table Schema reads it: `true`/`false`, ISO dates, digits."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in FORMULA_STARTS | {" "} and not _is_number(value):
        raise ValueError(f"a value of a column that is not text reads like a formula: {value!r}")
    return str(value)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], text: Sequence[bool]) -> bytes:
    """A CSV file: the header, then each row, `text[i]` saying whether column i holds text. UTF-8
    with a byte-order mark (Excel reads UTF-8 without one in the local code page and garbles every
    Vietnamese letter), lines ending in CRLF (RFC 4180). A missing value (None) is an empty cell."""
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(text_cell(str(v)) if is_text and v is not None else bare_cell(v) for v, is_text
                              in zip(row, text, strict=True)))
    return ("\ufeff" + "".join(line + "\r\n" for line in lines)).encode("utf-8")
