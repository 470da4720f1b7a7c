"""Small but real files of every kind, built in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xdb\x00\x43\x00" + bytes(range(64)) + b"\xff\xd9"
)


def png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def mp4(
    major: bytes = b"isom", compatible: tuple[bytes, ...] = (b"isom", b"iso2", b"mp41")
) -> bytes:
    body = major + struct.pack(">I", 0x200) + b"".join(compatible)
    ftyp = struct.pack(">I", 8 + len(body)) + b"ftyp" + body
    mdat = struct.pack(">I", 16) + b"mdat" + b"\x00" * 8
    return ftyp + mdat


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="%s"/></Relationships>'
)


def docx(text: str = "Laporan data dukung", *, macros: bool = False) -> bytes:
    entries = {
        "[Content_Types].xml": CONTENT_TYPES_XML,
        "_rels/.rels": RELS % b"word/document.xml",
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{text}</w:t></w:r></w:p></w:body></w:document>"
        ).encode(),
    }
    if macros:
        entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    return _zip(entries)


def pptx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": RELS % b"ppt/presentation.xml",
            "ppt/presentation.xml": b'<?xml version="1.0"?><p:presentation xmlns:p="http://'
            b'schemas.openxmlformats.org/presentationml/2006/main"/>',
            "ppt/slides/slide1.xml": b'<?xml version="1.0"?><p:sld/>',
        }
    )


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kode", "nama"])
    sheet.append(["UPT-1", "Lapas Kelas I Surabaya"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    return _zip({"laporan.txt": b"bukan dokumen Office", "foto/1.txt": b"x"})
