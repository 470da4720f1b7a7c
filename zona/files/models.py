"""The private, content-addressed store of uploaded evidence and documents.

A `StoredFile` is immutable content: the same bytes are stored once, under a name derived
from their SHA-256, in `storages["private"]`, and the row never changes. Callers keep their
own rows (evidence versions, follow-up files, source documents) pointing at it with
`on_delete=PROTECT`; replacing a file means a new caller row, never an edited StoredFile.
Write only through `zona.files.services`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    PPTX = "pptx", _("PowerPoint presentation (PPTX)")
    MP4 = "mp4", _("MP4 video")
    ZIP = "zip", _("ZIP archive")  # archives Zona builds (the PMPZI package), never an upload


# Every kind a person may upload (the default of `store_upload`); a ZIP archive is stored
# only where a caller names it, for the archives Zona builds itself.
ALL_KINDS: frozenset[str] = frozenset(FileKind.values) - {FileKind.ZIP}
KNOWN_KINDS: frozenset[str] = frozenset(FileKind.values)

# The canonical MIME type and file extension of each kind.
CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.MP4: "video/mp4",
    FileKind.ZIP: "application/zip",
}
EXTENSIONS: dict[str, str] = {
    FileKind.PDF: ".pdf",
    FileKind.JPEG: ".jpg",
    FileKind.PNG: ".png",
    FileKind.DOCX: ".docx",
    FileKind.XLSX: ".xlsx",
    FileKind.PPTX: ".pptx",
    FileKind.MP4: ".mp4",
    FileKind.ZIP: ".zip",
}


class ImmutableFileError(RuntimeError):
    pass


class StoredFile(models.Model):
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    storage_name = models.CharField(_("name in storage"), max_length=200)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first stored by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.kind} {self.sha256[:12]} ({self.size} B)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Content-addressed rows are written once; a changed row would point at other bytes.
        if not self._state.adding:
            raise ImmutableFileError("A stored file never changes; store the new content.")
        super().save(*args, **kwargs)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    def open(self) -> File:
        """The stored bytes, opened for reading from the private storage (close it after)."""
        from django.core.files.storage import storages

        return storages["private"].open(self.storage_name, "rb")
