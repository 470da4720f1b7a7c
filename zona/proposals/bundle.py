"""Building the PMPZI package: one zip, written to a temporary file on disk piece by piece.

    surat-pengajuan-pmpzi-2030.docx   the letter to the Minister of PAN-RB (editable)
    surat-pengajuan-pmpzi-2030.pdf    the same letter
    keputusan-menteri-2030.pdf        the Minister's decree naming the candidates
    <unit code>/lke-pmpzi-….xlsx      the TPI's answers in the PMPZI worksheet layout
    <unit code>/berita-acara-….pdf    the TPI's berita acara
    <unit code>/data-dukung/<question code>/<nn>-<file name>   every current evidence file
    manifest.csv                      path, unit code, question code, SHA-256, size of each file

Evidence is copied from the private store in 1 MB chunks straight into the zip (stored, not
compressed again: PDF, images, video and Office files are compressed already), hashing as it
goes; no file is ever whole in memory, and the zip is never in memory at all. A hash that
differs from the one recorded when the file was stored fails the build. The finished zip is
stored content-addressed through zona.files like any other file.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import logging
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.assessments.exports import berita_acara_pdf, pmpzi_xlsx
from zona.assessments.models import Evidence, EvidenceVersion
from zona.assessments.sheet import load_sheet
from zona.assessments.workflow import Tier
from zona.core.tabular import formula_safe
from zona.files.models import FileKind, StoredFile
from zona.files.services import FileRejected, safe_download_name, store_upload
from zona.proposals import package as steps
from zona.proposals.letter import letter_docx, letter_for, letter_pdf
from zona.proposals.models import Candidate, Package

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("path", "unit_code", "question_code", "sha256", "size")
_UNSAFE_PART = re.compile(r"[^A-Za-z0-9._-]+")


class BuildError(Exception):
    """The package cannot be built; the message says why (shown on the page)."""


@dataclass(frozen=True)
class Entry:
    path: str
    unit_code: str
    question_code: str
    sha256: str
    size: int


class PackageWriter:
    """A zip being written to `handle`, with the manifest of what went in."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.archive = zipfile.ZipFile(handle, "w", allowZip64=True)
        self.entries: list[Entry] = []
        self.stamp = timezone.localtime().timetuple()[:6]
        # One buffer for every copy: reading into it allocates nothing per chunk, so a long
        # build leaves no trail of freed megabyte blocks in the heap.
        self.buffer = memoryview(bytearray(CHUNK))

    def add_bytes(self, path: str, data: bytes, unit_code: str = "") -> None:
        """A small generated file (letter, worksheet, berita acara)."""
        info = self._info(path, zipfile.ZIP_DEFLATED)
        self.archive.writestr(info, data)
        digest = hashlib.sha256(data).hexdigest()
        self.entries.append(Entry(path, unit_code, "", digest, len(data)))

    def add_stored(
        self, path: str, stored: StoredFile, unit_code: str = "", question_code: str = ""
    ) -> None:
        """A file of the private store, copied chunk by chunk and checked against its hash."""
        info = self._info(path, zipfile.ZIP_STORED)
        info.file_size = stored.size  # lets zipfile choose ZIP64 headers ahead when needed
        hasher, size = hashlib.sha256(), 0
        try:
            source = stored.open()
        except FileNotFoundError:
            raise BuildError(
                _("The file %(path)s is missing from the store (SHA-256 %(sha)s).")
                % {"path": path, "sha": stored.sha256[:12]}
            ) from None
        with source, self.archive.open(info, "w") as target:
            while read := source.readinto(self.buffer):
                chunk = self.buffer[:read]
                hasher.update(chunk)
                target.write(chunk)
                size += read
        digest = hasher.hexdigest()
        if digest != stored.sha256 or size != stored.size:
            raise BuildError(
                _("The file %(path)s in the store no longer matches its SHA-256 %(sha)s.")
                % {"path": path, "sha": stored.sha256[:12]}
            )
        self.entries.append(Entry(path, unit_code, question_code, digest, size))

    def close(self) -> None:
        """Write the manifest last and finish the zip (its central directory)."""
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        writer.writerows([formula_safe(v) for v in astuple(entry)] for entry in self.entries)
        self.archive.writestr(self._info(MANIFEST, zipfile.ZIP_DEFLATED), text.getvalue())
        self.archive.close()

    def _info(self, path: str, compression: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=self.stamp)  # type: ignore[arg-type]
        info.compress_type = compression
        info.external_attr = 0o640 << 16
        return info


def build(package_id: int, attempt: int) -> str:
    """Build the package's zip and store it; the task's whole work. Returns the outcome."""
    package = (
        Package.objects.select_related(
            "decree__assessment_year", "decree__document", "requested_by"
        )
        .filter(pk=package_id, attempt=attempt)
        .first()
    )
    if package is None:
        return "superseded"
    candidates = list(
        package.decree.candidates.select_related(
            "unit", "recommendation__assessment__assessment_year__instrument"
        ).order_by("unit__path")
    )
    try:
        steps.start(package_id, attempt, len(candidates))
        with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as spool:
            files = write_package(spool, package, candidates, attempt)
            size = spool.seek(0, io.SEEK_END)
            spool.seek(0)
            stored = _store(package, spool, size)
        steps.finish(package_id, attempt, stored, files)
    except steps.Superseded:
        return "superseded"
    except Exception as exc:
        logger.exception("PMPZI package %s (attempt %s) failed", package_id, attempt)
        message = str(exc) if isinstance(exc, BuildError | FileRejected) else repr(exc)
        steps.fail(package_id, attempt, message)
        raise
    return "ready"


def write_package(
    handle: IO[bytes], package: Package, candidates: list[Candidate], attempt: int
) -> int:
    """Write the whole zip to `handle`; returns the number of files (manifest left out)."""
    year = package.decree.assessment_year.year
    writer = PackageWriter(handle)
    try:
        letter = letter_for(package, candidates)
        writer.add_bytes(f"surat-pengajuan-pmpzi-{year}.docx", letter_docx(letter))
        writer.add_bytes(f"surat-pengajuan-pmpzi-{year}.pdf", letter_pdf(letter))
        decree_file = package.decree.document
        writer.add_stored(f"keputusan-menteri-{year}{decree_file.extension}", decree_file)
        steps.heartbeat(package.pk, attempt)
        for candidate in candidates:
            _write_unit(writer, candidate, year)
            steps.unit_done(package.pk, attempt)
    except BaseException:
        with contextlib.suppress(Exception):
            writer.archive.close()  # the spool is thrown away; keep the first error
        raise
    writer.close()
    return len(writer.entries)


def _write_unit(writer: PackageWriter, candidate: Candidate, year: int) -> None:
    unit = candidate.unit
    code = _part(unit.code)
    assessment = candidate.recommendation.assessment
    sheet = load_sheet(assessment, target=candidate.target)
    stem = f"{code.lower()}-{year}-tpi"
    writer.add_bytes(f"{code}/lke-pmpzi-{stem}.xlsx", pmpzi_xlsx(sheet, Tier.TPI), code)
    pdf = berita_acara_pdf(sheet, Tier.TPI, predicate=candidate.target)
    writer.add_bytes(f"{code}/berita-acara-{stem}.pdf", pdf, code)
    del sheet, pdf
    for question_code, number, version in _evidence(assessment.pk):
        name = safe_download_name(version.file_name, version.stored_file.kind)
        path = f"{code}/data-dukung/{_part(question_code)}/{number:02d}-{name}"
        writer.add_stored(path, version.stored_file, code, question_code)


def _evidence(assessment_id: int) -> Iterator[tuple[str, int, EvidenceVersion]]:
    """(question code, number within the question, current version) of every evidence file
    the unit has not withdrawn, in the instrument's order."""
    found = (
        Evidence.objects.filter(assessment_id=assessment_id, withdrawn=False, current__isnull=False)
        .select_related("question", "current__stored_file")
        .order_by("question__order", "pk")
    )
    counts: dict[str, int] = {}
    for evidence in found.iterator(chunk_size=500):
        code = evidence.question.code
        counts[code] = counts.get(code, 0) + 1
        assert evidence.current is not None
        yield code, counts[code], evidence.current


def _store(package: Package, spool: IO[bytes], size: int) -> StoredFile:
    year = package.decree.assessment_year.year
    upload = UploadedFile(spool, name=f"paket-pmpzi-{year}.zip", size=size)
    return store_upload(
        actor=package.requested_by,
        upload=upload,
        allowed=frozenset({FileKind.ZIP}),
        max_bytes=size,
    )


def _part(text: str) -> str:
    """A path component made of safe characters (unit and question codes)."""
    return _UNSAFE_PART.sub("-", text).strip("-.") or "_"
