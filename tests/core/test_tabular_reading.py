"""The streaming reader gives what openpyxl gave for the files people really send."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import translation
from openpyxl import Workbook

from tests.core.hostile import MAIN, deflated, package, sheet_xml, xlsx, zip_of
from zona.core.tabular import TabularError, read_table


def table_of(data: bytes, name: str = "data.xlsx") -> list[dict[str, str]]:
    return read_table(data, name, max_rows=100).rows


def test_cells_come_out_as_text_the_way_openpyxl_gave_them() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIP", "Nama Lengkap", "tanggal", "angka", "benar", "jam", "durasi", "pecahan"])
    sheet.append(
        ["198001012005011001", "  Ani ", date(2026, 1, 20), 3.0, True, time(10, 30), 1.5, 0.25]
    )
    sheet.append([None] * 8)
    sheet.append(
        [
            "",
            "Budi",
            datetime(2026, 2, 3, 4, 5, 6),  # noqa: DTZ001 - a cell has no zone
            12,
            False,
            None,
            None,
            None,
        ]
    )
    sheet["G2"].number_format = "[h]:mm:ss"
    out = io.BytesIO()
    book.save(out)
    assert table_of(out.getvalue()) == [
        {
            "nip": "198001012005011001",
            "nama_lengkap": "Ani",
            "tanggal": "2026-01-20 00:00:00",
            "angka": "3",
            "benar": "True",
            "jam": "10:30:00",
            "durasi": str(timedelta(hours=36)),
            "pecahan": "0.25",
        },
        {
            "nip": "",
            "nama_lengkap": "Budi",
            "tanggal": "2026-02-03 04:05:06",
            "angka": "12",
            "benar": "False",
            "jam": "",
            "durasi": "",
            "pecahan": "",
        },
    ]


def test_rich_and_inline_strings_lose_their_phonetic_guides_and_cells_their_references() -> None:
    strings = (
        b'<sst xmlns="%s"><si><t>nama</t></si><si><r><t xml:space="preserve">Ani </t></r>'
        b'<r><rPr><b/></rPr><t>Wijaya</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si></sst>' % MAIN
    )
    rows = (
        b'<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>kode</t></is></c></row>'
        b'<row><c t="s"><v>1</v></c><c t="str"><f>A1</f><v>K-1</v></c></row>'
        b'<row><c r="B4" t="e"><v>#N/A</v></c></row>'
    )
    parts = package(deflated(sheet_xml(rows)), {"xl/sharedStrings.xml": deflated(strings)})
    assert table_of(zip_of(parts)) == [
        {"nama": "Ani Wijaya", "kode": "K-1"},
        {"nama": "", "kode": "#N/A"},
    ]


def test_a_first_row_below_row_one_leaves_the_header_blank_as_before() -> None:
    table = read_table(xlsx(b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'), "a.xlsx", max_rows=9)
    assert not any(table.header) and table.rows == [{}]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"PK\x03\x04 not really a zip", "data.xlsx"),
        (zip_of({"hello.txt": deflated(b"hello")}), "data.xlsx"),
        (xlsx(b'<row><c t="s"><v>7</v></c></row>'), "data.xlsx"),  # no string 7
        (xlsx(b'<row><c r="1A"><v>1</v></c></row>'), "data.xlsx"),
        (xlsx(b"<row><c><v>twelve</v></c></row>"), "data.xlsx"),
    ],
    ids=["not-a-zip", "no-workbook", "missing-string", "bad-reference", "bad-number"],
)
def test_damaged_workbooks_get_a_message_not_an_error(data: bytes, name: str) -> None:
    with translation.override("id"), pytest.raises(TabularError) as refused:
        read_table(data, name, max_rows=10)
    assert str(refused.value) == "Ini bukan berkas .xlsx yang dapat dibaca."


def test_an_encrypted_part_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
    data = bytearray(out.getvalue())
    data[6] |= 1  # the local header's "encrypted" flag
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 8] |= 1  # and the central directory's
    with translation.override("id"), pytest.raises(TabularError, match="bukan berkas .xlsx"):
        read_table(bytes(data), "data.xlsx", max_rows=10)


def test_a_csv_that_is_not_utf8_is_refused_with_the_reason() -> None:
    with translation.override("id"), pytest.raises(TabularError, match="UTF-8"):
        read_table("nama\nBudi Söhne\n".encode("latin-1"), "data.csv", max_rows=10)
