"""The one CSV writer (generator/outputs/spreadsheet.py): text that a spreadsheet would run as a
formula gets a leading `'`, as OWASP's CSV Injection page says; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from generator.outputs.spreadsheet import FORMULA_STARTS, bare_cell, csv_bytes, neutralise


@pytest.mark.parametrize("start", sorted(FORMULA_STARTS))
def test_a_text_that_begins_a_formula_gets_a_quote(start: str):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise(f"  {start}1+1") == f"'  {start}1+1"  # a spreadsheet may trim the spaces first
    assert neutralise(f"\u00a0{start}1+1") == f"'\u00a0{start}1+1"


@pytest.mark.parametrize("text", ["Chè Tân Cương", "1.436 tỷ đồng", "45/2012/NĐ-CP", "a=b", "x-1", "", " ",
                                  "Hà Nội; =1"])
def test_other_text_is_unchanged(text: str):
    assert neutralise(text) == text


def test_a_text_that_begins_with_a_quote_gets_one_more_so_the_rule_reads_back():
    """A cell beginning with ' always had exactly one added: dropping it gives the text."""
    for text in ("'=1+1", "'Tên'", "=1+1", "''"):
        cell = neutralise(text)
        assert cell.startswith("'") and cell[1:] == text


def test_owasp_examples_come_out_as_owasp_escapes_them():
    """https://owasp.org/www-community/attacks/CSV_Injection: wrapped in double quotes, a single quote
    before, each double quote doubled; a separator inside cannot start a cell."""
    data = csv_bytes(["a", "b"], [['=1+2";=1+2', "=1+2'\" ;,=1+2"]], [True, True])
    assert data.decode("utf-8-sig") == 'a,b\r\n"\'=1+2"";=1+2","\'=1+2\'"" ;,=1+2"\r\n'
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1] == ["'=1+2\";=1+2", "'=1+2'\" ;,=1+2"]


def test_numbers_dates_and_missing_values_are_bare():
    data = csv_bytes(["chu", "so", "ngay", "dung", "trong"], [["-5", -5, "2025-01-02", True, None],
                                                              [None, 3.5, None, False, ""]],
                     [True, False, False, False, True])
    assert data == '\ufeffchu,so,ngay,dung,trong\r\n"\'-5",-5,2025-01-02,true,\r\n,3.5,,false,""\r\n'.encode()


def test_a_column_not_typed_as_text_never_carries_a_formula():
    """A declaration mistake (a text column typed as a number) is our bug, and stops the build."""
    assert bare_cell("-5") == "-5" and bare_cell(-5.0) == "-5.0"
    with pytest.raises(ValueError):
        bare_cell("=1+1")
