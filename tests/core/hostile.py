"""Spreadsheets built to hurt a reader: zip bombs, XML bombs and files past every limit.

The archives are written by hand (`zip_of`) so that a part can declare any size and carry a
deflate stream of gigabytes that is never held in memory (`repeated`).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = b"http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class Part:
    packed: bytes  # the raw deflate stream, as stored in the archive
    size: int  # the unpacked size the archive declares
    crc: int = 0


def deflated(content: bytes) -> Part:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Part(packer.compress(content) + packer.flush(), len(content), zlib.crc32(content))


def repeated(head: bytes, block: bytes, times: int, tail: bytes, *, declared: int = -1) -> Part:
    """head + block × times + tail, deflated without ever being built.

    A full flush leaves the compressor without history, so the bytes that one block packs
    to stand on their own and can be repeated as they are.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_block = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_tail = packer.compress(tail) + packer.flush()
    size = len(head) + len(block) * times + len(tail) if declared < 0 else declared
    return Part(packed_head + packed_block * times + packed_tail, size)


def zip_of(parts: dict[str, Part]) -> bytes:
    """A zip archive of deflated parts, with the sizes and checksums the parts declare."""
    body, directory = bytearray(), bytearray()
    for name, part in parts.items():
        encoded = name.encode()
        sizes = (part.crc, len(part.packed), part.size, len(encoded))
        entry = (20, 0, 8, 0, 0, *sizes)  # version, flags, deflate, time, date, sizes
        directory += struct.pack(
            "<4sH5H3LH4H2L", b"PK\x01\x02", 20, *entry, 0, 0, 0, 0, 0, len(body)
        )
        directory += encoded
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", *entry, 0)
        body += encoded + part.packed
    count = len(parts)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def package(sheet: Part, extra: dict[str, Part] | None = None) -> dict[str, Part]:
    """The smallest workbook Excel and openpyxl open: one sheet, and any `extra` parts."""
    parts = {
        "[Content_Types].xml": deflated(
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" '
            b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": deflated(
            b'<Relationships xmlns="%s"><Relationship Id="rId1" Target="xl/workbook.xml" '
            b'Type="%s/officeDocument"/></Relationships>' % (PACKAGE, OFFICE)
        ),
        "xl/workbook.xml": deflated(
            b'<workbook xmlns="%s" xmlns:r="%s"><sheets>'
            b'<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>' % (MAIN, OFFICE)
        ),
        "xl/_rels/workbook.xml.rels": deflated(
            b'<Relationships xmlns="%s">'
            b'<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
            b'<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
            b"</Relationships>" % (PACKAGE, OFFICE, OFFICE)
        ),
        "xl/sharedStrings.xml": deflated(b'<sst xmlns="%s"><si><t>nama</t></si></sst>' % MAIN),
        "xl/worksheets/sheet1.xml": sheet,
    }
    return parts | (extra or {})


def sheet_xml(rows: bytes, *, dimension: bytes = b"A1:B3") -> bytes:
    return b'<worksheet xmlns="%s"><dimension ref="%s"/><sheetData>%s</sheetData></worksheet>' % (
        MAIN,
        dimension,
        rows,
    )


def xlsx(rows: bytes, *, dimension: bytes = b"A1:B3") -> bytes:
    return zip_of(package(deflated(sheet_xml(rows, dimension=dimension))))


SHEET_HEAD, SHEET_TAIL = sheet_xml(b"|").split(b"|")
