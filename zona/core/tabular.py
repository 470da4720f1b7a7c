"""Reading and writing the spreadsheets people exchange: XLSX and CSV, one header row.

Every import reads its file through `read_table`, and an uploaded file is untrusted: a few
kilobytes can claim a million rows, unpack to gigabytes or nest XML without end. So the file
is read as a stream under the limits below and refused with a message as soon as it crosses
one; nothing it declares about itself (the sheet's dimension, a part's size) is believed.
docs/files.md lists what is refused and why.
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import time
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

# What one file may make the server do: a hostile file is refused within MAX_READ_SECONDS and
# well under 100 MB of memory (tests/core/test_tabular_limits.py measures both).
MAX_FILE_MB = 5  # the upload itself, as the import forms say
MAX_READ_SECONDS = 1.5  # of CPU, whatever makes a file slow (20,000 rows of six columns: 0.6 s)
MAX_COLUMNS = 200  # columns that hold a value
MAX_CELLS = 200_000  # rows × named columns, and shared strings: ~90 bytes each in memory
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# An .xlsx is a zip of XML parts.
MAX_UNPACKED_MB = 50  # all parts together, unpacked (a full import is some 10 MB)
MAX_PACKING_RATIO = 100  # unpacked ÷ packed, for a part over 1 MB (real sheets: 5–20)
MAX_PARTS = 2_000  # zip members, and relationships in one part
MAX_STYLES = 64_000  # cell formats: Excel's own limit
MAX_XML_DEPTH = 64  # a sheet nests 7 deep
MAX_XML_TAG_BYTES = 1024 * 1024  # bytes between two "<": bounds one tag and its attributes
MAX_XML_NAMES = 10_000  # distinct element and attribute names in one part (a sheet: ~40)

MB = 1024 * 1024
RATIO_CHECKED_ABOVE = 1 * MB
CHUNK_BYTES = 64 * 1024  # must stay below MAX_XML_TAG_BYTES (see _TagSizeCheck)


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)  # values stripped, never None
    first_row_number: int = 2  # the spreadsheet row of rows[0], as people see it


def read_table(data: bytes, filename: str, *, max_rows: int) -> Table:
    name = filename.lower()
    if not name.endswith((".xlsx", ".csv")):
        raise TabularError(_("Unsupported file type: upload an .xlsx or .csv file."))
    if len(data) > MAX_FILE_MB * MB:
        raise TabularError(_("The file is too large: at most %(max)d MB.") % {"max": MAX_FILE_MB})
    builder = _TableBuilder(max_rows)
    if name.endswith(".xlsx"):
        _read_xlsx(data, builder)
    else:
        _read_csv(data, builder)
    return builder.table()


def missing_columns(table: Table, required: Iterable[str]) -> list[str]:
    return [col for col in required if col not in table.header]


# A cell whose text starts with one of these is read as a formula by Excel, LibreOffice or
# Sheets (a CSV's "=HYPERLINK(...)" becomes a live link); exports write such text as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    """The table as one sheet, every value as what it is: text that looks like a formula is
    stored as a string (and shown with Excel's text prefix), never as a formula."""
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
        for cell in sheet[sheet.max_row]:
            if is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")  # one line each
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as CSV; text that a spreadsheet would read as a formula gets a leading
    apostrophe (the usual defence: the cell then shows the text as written)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([formula_safe(v) for v in header])
    writer.writerows([formula_safe(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8 correctly


def formula_safe(value: object) -> object:
    if value is None:
        return ""
    return f"'{value}" if is_formula_like(value) else value


# --- the table, row by row, under the row and cell limits -----------------------------------


class _TableBuilder:
    """Takes the file's rows one at a time: the first is the header, blank rows are skipped."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        # CPU time, not the clock: a busy machine must not refuse a file that a quiet one reads.
        self.deadline = time.thread_time() + MAX_READ_SECONDS
        self.header: list[str] | None = None
        self.columns: list[tuple[int, str]] = []  # (position, name) of the named columns
        self.rows: list[dict[str, str]] = []

    def add(self, cells: Sequence[object]) -> None:
        values = [_cell(c) for c in cells]
        if any(len(v) > MAX_CELL_CHARS for v in values):
            raise _cell_too_long()
        if self.header is None:
            self.header = [v.lower().replace(" ", "_") for v in values]
            self.columns = [(i, key) for i, key in enumerate(self.header) if key]
            return
        if not any(values):
            return
        if len(self.rows) == self.max_rows:
            raise TabularError(
                _("Too many rows: at most %(max)d per file.") % {"max": self.max_rows}
            )
        if (len(self.rows) + 1) * len(self.columns) > MAX_CELLS:
            raise _too_much_data()
        width = len(values)
        self.rows.append({key: values[i] if i < width else "" for i, key in self.columns})

    def check_time(self) -> None:
        """Called as reading goes on: bounds the time whatever the file is made of."""
        if time.thread_time() > self.deadline:
            raise TabularError(
                _(
                    "This file takes too long to read: split it into smaller files, or save it "
                    "again as a plain workbook or as .csv."
                )
            )

    def table(self) -> Table:
        if self.header is None:
            raise TabularError(_("The file is empty: it has no header row."))
        return Table(header=self.header, rows=self.rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _too_many_columns() -> TabularError:
    return TabularError(_("Too many columns: at most %(max)d per file.") % {"max": MAX_COLUMNS})


def _too_much_data() -> TabularError:
    return TabularError(
        _("Too much data: at most %(max)d cells (rows × columns) per file.") % {"max": MAX_CELLS}
    )


def _cell_too_long() -> TabularError:
    return TabularError(
        _("A cell is longer than %(max)d characters (or a quotation mark is not closed).")
        % {"max": MAX_CELL_CHARS}
    )


# --- CSV ------------------------------------------------------------------------------------


def _unquoted(cell: str) -> str:
    """A cell as written before `formula_safe` quoted it: Zona's exports import again as they
    were exported."""
    return cell[1:] if cell.startswith("'") and is_formula_like(cell[1:]) else cell


def _read_csv(data: bytes, builder: _TableBuilder) -> None:
    """Decoded as it is read; the csv module's own field limit (128 KB) bounds one cell."""
    sample = data[:16384].decode("utf-8-sig", errors="ignore")[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        for number, row in enumerate(csv.reader(text, dialect)):
            if number % 1024 == 0:
                builder.check_time()
            if len(row) > MAX_COLUMNS:
                if any(itertools.islice(row, MAX_COLUMNS, None)):
                    raise _too_many_columns()
                del row[MAX_COLUMNS:]
            builder.add([_unquoted(cell) for cell in row])
    except UnicodeDecodeError as exc:
        raise TabularError(_("A .csv file must be saved as UTF-8.")) from exc
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the only error of a lax dialect
            raise _cell_too_long() from exc
        raise TabularError(_("This is not a readable .csv file.")) from exc


# --- XLSX: the archive ----------------------------------------------------------------------

END_OF_DIRECTORY = b"PK\x05\x06"
ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"


def _read_xlsx(data: bytes, builder: _TableBuilder) -> None:
    with _open_archive(data) as archive:
        parts = _Parts(archive, builder)
        book = _office_document(parts)
        relations = _Relationships(book)
        parts.parse(_rels_path(book), relations)
        workbook = _Workbook(relations)
        parts.parse(book, workbook)
        if workbook.sheet is None:
            raise _unreadable()
        strings = _SharedStrings()
        if relations.shared_strings:
            parts.parse(relations.shared_strings, strings)
        styles = _Styles()
        if relations.styles:
            parts.parse(relations.styles, styles)
        parts.parse(workbook.sheet, _Sheet(builder, strings.strings, styles, workbook.epoch))


def _open_archive(data: bytes) -> zipfile.ZipFile:
    """The zip, once its directory and every part's declared size have been checked."""
    if _directory_size(data) > MAX_PARTS * 300:  # checked before zipfile reads it all in
        raise _too_complex()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise _unreadable() from exc
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise _too_complex()
    for member in members:
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unreadable()  # Excel never uses bzip2 or lzma, whose bombs are denser
        if member.flag_bits & 0x1:
            raise _unreadable()  # encrypted
        if member.file_size > RATIO_CHECKED_ABOVE and (
            member.file_size > MAX_PACKING_RATIO * member.compress_size
        ):
            raise _zip_bomb_ratio()
    if sum(member.file_size for member in members) > MAX_UNPACKED_MB * MB:
        raise _zip_bomb_size()
    return archive


def _directory_size(data: bytes) -> int:
    """The central directory's size as `zipfile` will read it (0 when there is none)."""
    end = len(data) - 22
    if data[end : end + 4] != END_OF_DIRECTORY:
        end = data.rfind(END_OF_DIRECTORY, max(0, len(data) - 22 - 65535))
    if end < 0 or end + 22 > len(data):
        return 0
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    zip64 = end - 20 - 56  # zipfile reads the zip64 record that sits before its locator
    if zip64 >= 0 and data[zip64 : zip64 + 4] == ZIP64_END_OF_DIRECTORY:
        size = max(size, int.from_bytes(data[zip64 + 40 : zip64 + 48], "little"))
    return size


class _Parts:
    """Streams parts of the archive through expat, under one budget for the whole file."""

    def __init__(self, archive: zipfile.ZipFile, builder: _TableBuilder) -> None:
        self.archive = archive
        self.builder = builder
        self.bytes_left = MAX_UNPACKED_MB * MB

    def parse(self, name: str, reader: _PartReader) -> None:
        names: dict[str, str] = {}  # expat keeps each distinct name here, once
        parser = _safe_parser(reader, names)
        tag_sizes = _TagSizeCheck()
        try:
            with self.archive.open(name) as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    self.bytes_left -= len(chunk)  # counted as unpacked, whatever was declared
                    if self.bytes_left < 0:
                        raise _zip_bomb_size()
                    tag_sizes.check(chunk)
                    self.builder.check_time()
                    if len(names) > MAX_XML_NAMES:
                        raise _too_complex()
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _EnoughRead:
            pass
        except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, expat.ExpatError) as exc:
            raise _unreadable() from exc  # a missing part, a bad checksum, malformed XML


class _EnoughRead(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a part reader once it has all it needs from its part."""


class _PartReader:
    """Receives one part's elements: names are 'namespace localname', as expat gives them."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _safe_parser(reader: _PartReader, names: dict[str, str]) -> expat.XMLParserType:
    """Expat with no DTD (so no entities, internal or external), and bounded nesting.

    Not defusedxml: its ElementTree parser calls back through pure Python, 4.5 times slower
    than expat's own handlers, and refusing the DTD outright is stricter than its defaults.
    """
    parser = expat.ParserCreate(namespace_separator=" ", intern=names)
    parser.buffer_text = True  # one call per run of text, not one per entity or line
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    depth = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:  # expat keeps every open tag
            raise _too_complex()
        reader.start(name, attrs)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        reader.end(name)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = reader.text
    return parser


def _refuse_declarations(*args: object) -> NoReturn:
    raise TabularError(
        _(
            "This .xlsx file contains XML declarations (a DTD or entities) that spreadsheets "
            "never use: it was not read."
        )
    )


class _TagSizeCheck:
    """Refuses a stretch of more than MAX_XML_TAG_BYTES without a '<'.

    Expat holds a whole tag in memory and hands its attributes over as one dict, so a single
    tag of millions of attributes would take gigabytes. A tag starts at a '<' and holds no
    other (an attribute value may hold a '>', never a '<'), so the stretch between two '<'
    bounds it. Within a chunk no stretch can be that long (chunks are smaller), so only the
    stretch running across chunks is counted.
    """

    def __init__(self) -> None:
        self.open_bytes = 0  # since the last '<'

    def check(self, chunk: bytes) -> None:
        first = chunk.find(b"<")
        if self.open_bytes + (len(chunk) if first < 0 else first) > MAX_XML_TAG_BYTES:
            raise _too_complex()
        last = chunk.rfind(b"<")
        self.open_bytes = self.open_bytes + len(chunk) if last < 0 else len(chunk) - last


# --- XLSX: the parts ------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
SHEET_DATA, ROW, CELL, VALUE = MAIN + "sheetData", MAIN + "row", MAIN + "c", MAIN + "v"
STRING, TEXT, PHONETIC = MAIN + "si", MAIN + "t", MAIN + "rPh"  # t: in si, and in a cell's is


def _office_document(parts: _Parts) -> str:
    """The workbook part, as the package's root relationships name it."""
    root = _Relationships("")
    parts.parse("_rels/.rels", root)
    if root.office_document is None:
        raise _unreadable()
    return root.office_document


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class _Relationships(_PartReader):
    """The relationships of one part: the targets it points to, by kind."""

    def __init__(self, source: str) -> None:
        self.folder = posixpath.dirname(source)
        self.count = 0
        self.office_document: str | None = None
        self.shared_strings: str | None = None
        self.styles: str | None = None
        self.worksheets: dict[str, str] = {}  # relationship id → part

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name != RELATIONSHIP or attrs.get("TargetMode") == "External":
            return
        self.count += 1
        if self.count > MAX_PARTS:
            raise _too_complex()
        kind = attrs.get("Type", "").rsplit("/", 1)[-1]
        target = self._resolve(attrs.get("Target", ""))
        if kind == "officeDocument":
            self.office_document = target
        elif kind == "sharedStrings":
            self.shared_strings = target
        elif kind == "styles":
            self.styles = target
        elif kind == "worksheet":
            self.worksheets[attrs.get("Id", "")] = target

    def _resolve(self, target: str) -> str:
        if target.startswith("/"):
            return posixpath.normpath(target).lstrip("/")
        return posixpath.normpath(posixpath.join(self.folder, target))


class _Workbook(_PartReader):
    """The first worksheet in the workbook's order (as openpyxl's `worksheets[0]`)."""

    def __init__(self, relations: _Relationships) -> None:
        self.relations = relations
        self.sheet: str | None = None
        self.epoch = WINDOWS_EPOCH

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == MAIN + "workbookPr" and attrs.get("date1904") in ("1", "true"):
            self.epoch = MAC_EPOCH
        elif name == MAIN + "sheet":
            self.sheet = self.relations.worksheets.get(attrs.get(RELATIONSHIP_ID, ""))
            if self.sheet is not None:
                raise _EnoughRead


class _TextReader(_PartReader):
    """Collects the text of `v` and `t` elements, not of phonetic guides (`rPh`), and never
    more than one cell may hold."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.in_text = False
        self.phonetic = False

    def text(self, data: str) -> None:
        if self.in_text:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise _cell_too_long()
            self.pieces.append(data)

    def take_text(self) -> str:
        text = "".join(self.pieces)
        self.pieces, self.length = [], 0
        return text


class _SharedStrings(_TextReader):
    """The workbook's strings, which cells name by their number."""

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == TEXT:
            self.in_text = not self.phonetic
        elif name == PHONETIC:
            self.phonetic = True

    def end(self, name: str) -> None:
        if name == TEXT:
            self.in_text = False
        elif name == PHONETIC:
            self.phonetic = False
        elif name == STRING:
            if len(self.strings) == MAX_CELLS:
                raise _too_much_data()
            # Trimmed here, once: `_cell` would copy a padded string for every cell using it.
            self.strings.append(self.take_text().replace("x005F_", "").strip())  # as openpyxl


class _Styles(_PartReader):
    """Which cell formats show a number as a date or a duration, as openpyxl decides."""

    def __init__(self) -> None:
        self.formats: dict[int, tuple[bool, bool]] = {}  # custom number formats by id
        self.in_cell_formats = False
        self.count = 0
        self.dates: set[str] = set()  # indexes as a cell's s attribute gives them
        self.durations: set[str] = set()

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == MAIN + "numFmt":
            if len(self.formats) == MAX_STYLES:
                raise _too_complex()
            self.formats[_integer(attrs.get("numFmtId"))] = _format_kind(attrs.get("formatCode"))
        elif name == MAIN + "cellXfs":
            self.in_cell_formats = True
        elif name == MAIN + "xf" and self.in_cell_formats:
            if self.count == MAX_STYLES:
                raise _too_complex()
            number_format = _integer(attrs.get("numFmtId", "0"))
            is_date, is_duration = self.formats.get(
                number_format, BUILTIN_FORMAT_KINDS.get(number_format, (False, False))
            )
            if is_date:
                self.dates.add(str(self.count))
            if is_duration:
                self.durations.add(str(self.count))
            self.count += 1

    def end(self, name: str) -> None:
        if name == MAIN + "cellXfs":
            raise _EnoughRead


def _format_kind(code: str | None) -> tuple[bool, bool]:
    """Whether a number format shows a date, and a duration, judged once per format.

    openpyxl's tests are regular expressions that take quadratic time on some codes, so a code
    longer than Excel allows (255 characters) is taken for neither.
    """
    if code is None or len(code) > 255:
        return False, False
    return is_date_format(code), is_timedelta_format(code)


BUILTIN_FORMAT_KINDS = {number: _format_kind(code) for number, code in BUILTIN_FORMATS.items()}


CELL_REFERENCE = re.compile(r"([A-Z]{1,3})[0-9]+")


class _Sheet(_TextReader):
    """Hands each row of `sheetData` to the builder; the declared dimension is never read.

    The hot path of every import: one call per element, so it is written for speed.
    """

    def __init__(
        self, builder: _TableBuilder, strings: list[str], styles: _Styles, epoch: datetime
    ) -> None:
        super().__init__()
        self.builder = builder
        self.strings = strings
        self.styles = styles
        self.epoch = epoch
        self.rows_seen = 0
        self.cells: dict[int, object] = {}  # column → value, for the columns with a value
        self.column = 0
        self.kind = "n"
        self.style = "0"

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == CELL:
            reference = attrs.get("r")
            self.column = _column_index(reference) if reference else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s", "0")
            self.take_text()
        elif name in (VALUE, TEXT):
            self.in_text = not self.phonetic
        elif name == ROW:
            if self.rows_seen == 0 and attrs.get("r", "1") != "1":
                self.builder.add([])  # row 1 is empty: the header is blank, as in Excel
            self.rows_seen += 1
            self.cells = {}
            self.column = 0
        elif name == PHONETIC:
            self.phonetic = True

    def end(self, name: str) -> None:
        if name in (VALUE, TEXT):
            self.in_text = False
        elif name == CELL:
            if self.pieces:
                if self.column > MAX_COLUMNS:
                    raise _too_many_columns()
                self.cells[self.column] = self._typed_value(self.take_text())
        elif name == ROW:
            if self.cells or self.rows_seen == 1:
                width = max(self.cells, default=0)
                self.builder.add([self.cells.get(i) for i in range(1, width + 1)])
        elif name == PHONETIC:
            self.phonetic = False
        elif name == SHEET_DATA:
            raise _EnoughRead

    def _typed_value(self, value: str) -> object:
        """The cell's value as openpyxl's read-only mode gives it (cached values, not formulas)."""
        kind = self.kind
        try:
            if kind == "n":
                is_float = "." in value or "E" in value or "e" in value
                number = float(value) if is_float else int(value)
                if self.style not in self.styles.dates:
                    return number
                try:
                    return from_excel(number, self.epoch, self.style in self.styles.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            if kind == "s":
                return self.strings[int(value)]
            if kind == "b":
                return bool(int(value))
            if kind == "d":
                return from_ISO8601(value)
        except (ValueError, IndexError, OverflowError) as exc:
            raise _unreadable() from exc
        return value  # "str", "inlineStr", "e": the text as written


COLUMN_NUMBERS = {get_column_letter(n): n for n in range(1, MAX_COLUMNS + 1)}


def _column_index(reference: str) -> int:
    """The column of a reference such as "B7"; any column past the limit is MAX_COLUMNS + 1."""
    column = COLUMN_NUMBERS.get(reference.rstrip("0123456789"))
    if column is not None:
        return column
    if CELL_REFERENCE.fullmatch(reference) is None:
        raise _unreadable()
    return MAX_COLUMNS + 1


def _integer(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError as exc:
        raise _unreadable() from exc


# --- XLSX: the refusals ---------------------------------------------------------------------


def _unreadable() -> TabularError:
    return TabularError(_("This is not a readable .xlsx file."))


def _too_complex() -> TabularError:
    return TabularError(
        _(
            "This .xlsx file is too complex to read (too many parts, styles, attributes or "
            "nesting levels): save it again as a plain workbook or as .csv."
        )
    )


def _zip_bomb_size() -> TabularError:
    return TabularError(
        _("This .xlsx file unpacks to more than %(max)d MB: it was not read.")
        % {"max": MAX_UNPACKED_MB}
    )


def _zip_bomb_ratio() -> TabularError:
    return TabularError(
        _(
            "This .xlsx file is compressed more than %(ratio)d times, as no real spreadsheet "
            "is (a zip bomb): it was not read."
        )
        % {"ratio": MAX_PACKING_RATIO}
    )
