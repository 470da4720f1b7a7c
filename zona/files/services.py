"""Storing uploads in the private file store, and serving them back safely.

Every app stores its files through `store_upload` (or `store_bytes` for generated files)
and serves them through `file_response` from its own scoped view. See docs/files.md.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zona.audit.services import change_of, record
from zona.files.models import (
    ALL_KINDS,
    CONTENT_TYPES,
    EXTENSIONS,
    KNOWN_KINDS,
    FileKind,
    StoredFile,
)

if TYPE_CHECKING:
    from zona.accounts.models import User

__all__ = [
    "ALL_KINDS",
    "FileKind",
    "FileRejected",
    "file_response",
    "hash_stored",
    "private_storage",
    "safe_download_name",
    "store_bytes",
    "store_upload",
]

logger = logging.getLogger(__name__)

HEAD_BYTES = 64  # enough for every signature below, including an MP4 `ftyp` box
HASH_CHUNK = 64 * 1024

# ISO base media brands of MP4 video (major or compatible). QuickTime (`qt  `) and the
# HEIF/AVIF image brands share the `ftyp` box but are not MP4 video.
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
    | {b"mmp4", b"dash", b"MSNV", b"f4v ", b"3gp4", b"3gp5", b"3gp6"}
)
NOT_MP4_MAJOR_BRANDS = frozenset(
    {b"qt  ", b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}
    | {b"M4A ", b"M4B ", b"M4P ", b"crx "}
)
OOXML_PARTS = {"word/": FileKind.DOCX, "xl/": FileKind.XLSX, "ppt/": FileKind.PPTX}


class FileRejected(ValueError):
    """An upload that is not stored; `str(exc)` is the message for the person who sent it."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # empty, too_large, unknown_kind, not_allowed, damaged, macros


def private_storage() -> Storage:
    return storages["private"]


def store_upload(
    *,
    actor: User,
    upload: UploadedFile,
    allowed: Iterable[str] = ALL_KINDS,
    max_bytes: int | None = None,
) -> StoredFile:
    """Check, hash and store an upload; the same content is stored once.

    Raises FileRejected with a clear message when the content is empty, too large, or not
    one of the `allowed` kinds (judged by its bytes, never by its name). Writes a
    `file.stored` audit event in the caller's transaction, also when the content was
    already stored (`deduplicated: true`).
    """
    kinds = _check_kinds(allowed)
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    shown = display_name(upload.name or "")
    if upload.size is not None and upload.size > limit:
        raise _too_large(shown, upload.size, limit)
    sha256, size, head = _digest(upload, limit, shown)
    if size == 0:
        raise FileRejected(
            _("“%(name)s” has 0 bytes; choose the file again.") % {"name": shown}, code="empty"
        )
    kind = _sniff(head, upload, shown, kinds)
    if kind not in kinds:
        raise FileRejected(
            _("“%(name)s” is a %(kind)s file, which is not accepted here. Allowed: %(allowed)s.")
            % {"name": shown, "kind": FileKind(kind).label, "allowed": _allowed_list(kinds)},
            code="not_allowed",
        )
    written = ""
    try:
        with transaction.atomic():
            stored, deduplicated, written = _save(
                actor, upload, sha256=sha256, size=size, kind=kind
            )
            _record_stored(actor, stored, name=shown, deduplicated=deduplicated)
    except BaseException:
        if written:
            private_storage().delete(written)  # no orphan: the row it belonged to is gone
        raise
    return stored


def _record_stored(actor: User, stored: StoredFile, *, name: str, deduplicated: bool) -> None:
    record(
        actor,
        change_of(
            "file.stored",
            stored,
            after={
                "sha256": stored.sha256,
                "size": stored.size,
                "kind": stored.kind,
                "name": name,
                "deduplicated": deduplicated,
            },
        ),
    )


def store_if_given(
    *, actor: User, upload: UploadedFile | None, allowed: Iterable[str] = ALL_KINDS
) -> StoredFile | None:
    """`store_upload` for an optional file field: None when no file was chosen."""
    return store_upload(actor=actor, upload=upload, allowed=allowed) if upload else None


def store_bytes(
    *,
    actor: User,
    data: bytes,
    allowed: Iterable[str] = ALL_KINDS,
    max_bytes: int | None = None,
    name: str = "",
) -> StoredFile:
    """`store_upload` for content made in memory (generated PDFs, tests)."""
    upload = UploadedFile(ContentFile(data), name=name or "generated", size=len(data))
    return store_upload(actor=actor, upload=upload, allowed=allowed, max_bytes=max_bytes)


def hash_stored(stored: StoredFile) -> tuple[str, int]:
    """SHA-256 and size of the bytes now in storage (raises FileNotFoundError if missing)."""
    return _hash_name(private_storage(), stored.storage_name)


def _hash_name(storage: Storage, name: str) -> tuple[str, int]:
    hasher = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


# -- download names and responses ------------------------------------------------------------

# Quotes (straight and typographic), the characters Windows forbids, and `;` and `%`, which
# some browsers mis-read inside the plain `filename=` of a Content-Disposition header.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\'`\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb<>:|?*;%\\/]')
_SPACES = re.compile(r"\s+")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)
MAX_NAME_BYTES = 180


def safe_download_name(name: str, kind: str) -> str:
    """A readable file name for a download, safe on every system, ending in the kind's extension.

    Keeps only the last path component, drops control characters, quotes and the characters
    Windows forbids, collapses spaces, replaces the extension the user gave with the one of
    the content's kind, and keeps the name under 180 bytes of UTF-8.
    """
    extension = EXTENSIONS[FileKind(kind)]
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    # Line breaks and other control characters become spaces; invisible format characters
    # (bidi overrides, zero-width joiners) go.
    text = "".join(
        " " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c
        for c in text
        if not unicodedata.category(c).startswith(("Cf", "Cs", "Co", "Cn"))
    )
    text = _SPACES.sub(" ", _UNSAFE.sub(" ", text)).strip(" .")
    text = _EXTENSION.sub("", text).strip(" .")
    if _RESERVED.match(text):
        text = f"_{text}"
    budget = MAX_NAME_BYTES - len(extension)
    while len(text.encode()) > budget:
        text = text[:-1]
    text = text.rstrip(" .")
    return f"{text or 'berkas'}{extension}"


def display_name(name: str) -> str:
    """The uploader's file name as it may appear in a message (no path, no controls, short)."""
    text = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()
    if len(text) > 80:
        text = f"{text[:77]}…"
    return text or _("the file")


def file_response(stored: StoredFile, *, download_name: str) -> FileResponse:
    """Stream a stored file as a download; call it only after the caller's access check."""
    name = safe_download_name(download_name, stored.kind)
    try:
        handle = private_storage().open(stored.storage_name, "rb")
    except FileNotFoundError:
        logger.error("Stored file %s is missing from storage (%s)", stored.pk, stored.storage_name)
        raise Http404(_("The file is missing from the store.")) from None
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = _content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _content_disposition(name: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the exact name as RFC 5987 `filename*`."""
    base, _dot, extension = name.rpartition(".")
    ascii_base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    ascii_base = _SPACES.sub(" ", ascii_base).strip(" .")
    fallback = f"{ascii_base or 'berkas'}.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


# -- checking the content --------------------------------------------------------------------


def _check_kinds(allowed: Iterable[str]) -> frozenset[str]:
    kinds = frozenset(allowed)
    unknown = kinds - KNOWN_KINDS
    if unknown or not kinds:
        # A programming error of the caller, not a user's mistake: not a FileRejected.
        raise TypeError(
            f"allowed must be a non-empty set of FileKind values {sorted(KNOWN_KINDS)}; "
            f"unknown: {sorted(unknown)}"
        )
    return kinds


def _allowed_list(kinds: frozenset[str]) -> str:
    return ", ".join(str(label) for value, label in FileKind.choices if value in kinds)


def _too_large(shown: str, size: int, limit: int) -> FileRejected:
    return FileRejected(
        _("The file “%(name)s” is %(size)s; the largest accepted is %(limit)s.")
        % {"name": shown, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def _digest(upload: UploadedFile, limit: int, shown: str) -> tuple[str, int, bytes]:
    """SHA-256, size and first bytes, read chunk by chunk (never the whole file at once)."""
    hasher = hashlib.sha256()
    size = 0
    head = b""
    for chunk in upload.chunks(HASH_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _too_large(shown, max(size, upload.size or 0), limit)
        hasher.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
    return hasher.hexdigest(), size, head


def _sniff(head: bytes, upload: UploadedFile, shown: str, kinds: frozenset[str]) -> str:
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head[4:8] == b"ftyp":
        if _is_mp4(head):
            return FileKind.MP4
        return _unknown(shown, _("a video or image format other than MP4"), kinds)
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload, shown, kinds)
    return _unknown(shown, _describe(head), kinds)


def _is_mp4(head: bytes) -> bool:
    box_size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    if major in NOT_MP4_MAJOR_BRANDS:
        return False
    end = min(box_size, len(head)) if box_size >= 16 else 16
    compatible = {head[i : i + 4] for i in range(16, end - 3, 4)}
    return bool(({major} | compatible) & MP4_BRANDS)


def _ooxml_kind(upload: UploadedFile, shown: str, kinds: frozenset[str]) -> str:
    """DOCX, XLSX or PPTX from the ZIP's central directory (read from the end, not loaded)."""
    handle: IO[bytes] = _raw(upload)
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise FileRejected(
            _("“%(name)s” is a damaged ZIP/Office file and cannot be read.") % {"name": shown},
            code="damaged",
        ) from None
    finally:
        handle.seek(0)
    found = {
        kind for prefix, kind in OOXML_PARTS.items() if any(n.startswith(prefix) for n in names)
    }
    if "[Content_Types].xml" not in names or len(found) != 1:
        if FileKind.ZIP in kinds:
            return FileKind.ZIP  # an archive Zona built (only where a caller allows it)
        return _unknown(
            shown, _("a ZIP archive that is not a Word, Excel or PowerPoint document"), kinds
        )
    kind = found.pop()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRejected(
            _(
                "“%(name)s” contains macros, which are not accepted. "
                "Save it as a %(kind)s without macros."
            )
            % {"name": shown, "kind": FileKind(kind).label},
            code="macros",
        )
    return kind


def _raw(upload: UploadedFile) -> Any:
    """The file object under an upload (a temporary file or an in-memory buffer)."""
    inner = getattr(upload, "file", None)
    return upload if inner is None else inner


def _describe(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"mz", b"\x7felf", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!")):
        return _("an executable program")
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return _("an HTML page")
    if start.startswith((b"<?xml", b"<svg")):
        return _("an XML or SVG document")
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        return _("an empty or split ZIP archive")
    if head.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return _("an old Office document (DOC/XLS/PPT); save it as DOCX, XLSX or PPTX")
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return _("a compressed archive")
    if head.startswith((b"GIF8", b"RIFF", b"BM", b"II*\x00", b"MM\x00*")):
        return _("an image or media format that is not accepted")
    return _("an unrecognised format")


def _unknown(shown: str, found: str, kinds: frozenset[str]) -> str:
    raise FileRejected(
        _("The content of “%(name)s” is %(found)s, not an accepted file. Allowed: %(allowed)s.")
        % {"name": shown, "found": found, "allowed": _allowed_list(kinds)},
        code="unknown_kind",
    )


# -- writing ---------------------------------------------------------------------------------


def _storage_name(sha256: str, kind: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}{EXTENSIONS[kind]}"


def _save(
    actor: User, upload: UploadedFile, *, sha256: str, size: int, kind: str
) -> tuple[StoredFile, bool, str]:
    """The row for this content, creating it (and the file) when new.

    Returns the row, whether it already existed, and the storage name this call newly
    wrote ("" if none), which the caller deletes if its transaction fails.
    """
    storage = private_storage()
    existing = StoredFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        if not storage.exists(existing.storage_name):
            # The bytes were lost (files_verify reports it): the same content restores them.
            _write(storage, existing.storage_name, upload, sha256)
            logger.warning("Stored file %s was missing and has been restored", existing.pk)
        return existing, True, ""
    name = _storage_name(sha256, kind)
    written = name if _write(storage, name, upload, sha256) else ""
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                sha256=sha256,
                size=size,
                kind=kind,
                content_type=CONTENT_TYPES[kind],
                storage_name=name,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        # Another request stored the same content between our look-up and our insert: its
        # row points at the same name and bytes, so the file stays.
        raced = StoredFile.objects.filter(sha256=sha256).first()
        if raced is None:
            if written:
                storage.delete(written)
            raise
        return raced, True, ""
    except BaseException:
        if written:
            storage.delete(written)
        raise
    if not written and not storage.exists(name):
        # We found the bytes already there, but whoever wrote them has since failed and
        # removed them: write them again for our row.
        written = name if _write(storage, name, upload, sha256) else ""
    return stored, False, written


def _write(storage: Storage, name: str, upload: UploadedFile, sha256: str) -> bool:
    """Put the content at `name`; False if identical bytes were already there."""
    if storage.exists(name):
        try:
            current = _hash_name(storage, name)
        except FileNotFoundError:
            current = ("", 0)
        if current[0] == sha256:
            return False
        storage.delete(name)  # a damaged leftover under our content address
    handle = _raw(upload)
    try:
        saved = storage.save(name, File(handle, name=name))
    except BaseException:
        if storage.exists(name):
            storage.delete(name)  # a partial write
        raise
    if saved != name:
        # Someone wrote the same content address between exists() and save(): keep theirs.
        storage.delete(saved)
        return False
    return True
