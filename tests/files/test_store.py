"""Storing uploads: type by content, size limits, dedupe, no leftovers, audit."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction

from tests.files import samples
from zona.accounts.models import User
from zona.audit.models import Event
from zona.files import services
from zona.files.models import FileKind, ImmutableFileError, StoredFile
from zona.files.services import FileRejected, store_bytes, store_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> User:
    return User.objects.create_user(username="operator", email="op@example.go.id")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("laporan.pdf", samples.PDF, FileKind.PDF, "application/pdf"),
        ("foto apel pagi.jpg", samples.JPEG, FileKind.JPEG, "image/jpeg"),
        ("tangkapan layar.png", samples.png(), FileKind.PNG, "image/png"),
        (
            "SK Tim ZI.docx",
            samples.docx(),
            FileKind.DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "rekap.xlsx",
            samples.xlsx(),
            FileKind.XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "sosialisasi.pptx",
            samples.pptx(),
            FileKind.PPTX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("video pelayanan.mp4", samples.mp4(), FileKind.MP4, "video/mp4"),
        ("rekaman.mp4", samples.mp4(b"mp42", (b"mp42", b"isom")), FileKind.MP4, "video/mp4"),
    ],
)
def test_each_kind_is_accepted_from_its_content(
    operator: User, private_root: Path, name: str, data: bytes, kind: str, content_type: str
) -> None:
    stored = store_upload(actor=operator, upload=upload(name, data))
    assert stored.kind == kind
    assert stored.content_type == content_type
    assert stored.size == len(data)
    assert stored.created_by == operator
    sha = stored.sha256
    assert stored.storage_name == f"{sha[:2]}/{sha[2:4]}/{sha}{stored.extension}"
    assert (private_root / stored.storage_name).read_bytes() == data
    with stored.open() as handle:
        assert handle.read() == data


def test_the_name_plays_no_part_a_pdf_named_exe_is_a_pdf(private_root: Path) -> None:
    stored = store_upload(actor=None, upload=upload("setup.exe", samples.PDF))
    assert stored.kind == FileKind.PDF
    assert stored.storage_name.endswith(".pdf")
    assert "setup" not in stored.storage_name


@pytest.mark.parametrize(
    ("name", "data", "code", "named"),
    [
        ("laporan.pdf", b"<!DOCTYPE html><html><body>phish</body></html>", "unknown_kind", "HTML"),
        ("laporan.pdf", b"\n  <html><script>alert(1)</script></html>", "unknown_kind", "HTML"),
        ("data.docx", samples.plain_zip(), "unknown_kind", "ZIP"),
        ("surat.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "unknown_kind", "exe"),
        ("run.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "unknown_kind", "exe"),
        ("lama.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "unknown_kind", "DOC"),
        ("foto.mp4", samples.mp4(b"heic", (b"mif1", b"heic")), "unknown_kind", "MP4"),
        ("film.mp4", samples.mp4(b"qt  ", (b"qt  ",)), "unknown_kind", "MP4"),
        ("catatan.txt", b"Catatan rapat tim ZI", "unknown_kind", "catatan.txt"),
        ("makro.docx", samples.docx(macros=True), "macros", "makro.docx"),
        ("rusak.docx", samples.docx()[:200], "damaged", "rusak.docx"),
        ("kosong.pdf", b"", "empty", "kosong.pdf"),
    ],
)
def test_spoofed_broken_or_empty_content_is_rejected_with_a_message_naming_it(
    private_root: Path, name: str, data: bytes, code: str, named: str
) -> None:
    with pytest.raises(FileRejected) as caught:
        store_upload(actor=None, upload=upload(name, data))
    assert caught.value.code == code
    message = str(caught.value)
    assert name in message
    assert named.lower() in message.lower()
    if code == "unknown_kind":
        assert "PDF, JPEG, PNG" in message  # the allowed kinds are listed
    assert not StoredFile.objects.exists()
    assert files_under(private_root) == []
    assert not Event.objects.filter(action="file.stored").exists()


def test_a_kind_outside_the_allowed_set_is_rejected_listing_the_allowed(private_root: Path) -> None:
    with pytest.raises(FileRejected) as caught:
        store_upload(actor=None, upload=upload("ba.png", samples.png()), allowed=frozenset({"pdf"}))
    assert caught.value.code == "not_allowed"
    assert "PNG" in str(caught.value) and "PDF" in str(caught.value)
    assert files_under(private_root) == []


def test_allowed_must_name_known_kinds() -> None:
    with pytest.raises(TypeError, match=r"\.pdf"):
        store_bytes(actor=None, data=samples.PDF, allowed=(".pdf", ".docx"))
    with pytest.raises(TypeError):
        store_bytes(actor=None, data=samples.PDF, allowed=frozenset())


def test_oversize_is_rejected_with_sizes_in_megabytes(private_root: Path, settings: Any) -> None:
    data = samples.PDF + b"0" * (3 * 1024 * 1024)
    with pytest.raises(FileRejected) as caught:
        store_upload(actor=None, upload=upload("besar.pdf", data), max_bytes=2 * 1024 * 1024)
    assert caught.value.code == "too_large"
    assert re.search(r"3[,.]0\sMB", str(caught.value))  # the upload's size
    assert re.search(r"2[,.]0\sMB", str(caught.value))  # the limit
    settings.MAX_UPLOAD_BYTES = 1024 * 1024  # the default limit comes from the settings
    with pytest.raises(FileRejected, match=r"1[,.]0\sMB"):
        store_upload(actor=None, upload=upload("besar.pdf", data))
    assert files_under(private_root) == [] and not StoredFile.objects.exists()


def test_the_size_is_counted_from_the_bytes_not_the_declared_size(private_root: Path) -> None:
    lying = upload("kecil.pdf", samples.PDF + b"0" * 5000)
    lying.size = 10  # a client may declare anything
    with pytest.raises(FileRejected) as caught:
        store_upload(actor=None, upload=lying, max_bytes=1000)
    assert caught.value.code == "too_large"


def test_exactly_the_limit_is_accepted() -> None:
    data = samples.PDF + b"0" * (1000 - len(samples.PDF))
    assert store_bytes(actor=None, data=data, max_bytes=1000).size == 1000


def test_the_same_content_is_stored_once_and_audited_twice(
    operator: User, private_root: Path
) -> None:
    first = store_upload(actor=operator, upload=upload("a.pdf", samples.PDF))
    second = store_upload(actor=None, upload=upload("salinan.exe", samples.PDF))
    assert second.pk == first.pk
    assert StoredFile.objects.count() == 1
    assert files_under(private_root) == [private_root / first.storage_name]
    events = list(Event.objects.filter(action="file.stored").order_by("seq"))
    assert len(events) == 2
    afters: list[Any] = [e.after for e in events]
    assert [a["deduplicated"] for a in afters] == [False, True]
    assert [a["name"] for a in afters] == ["a.pdf", "salinan.exe"]
    assert {e.object_id for e in events} == {str(first.pk)}
    assert events[0].actor_id == operator.pk and events[1].actor_id is None


def test_a_lost_race_on_the_same_content_returns_the_winners_row(
    private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = store_bytes(actor=None, data=samples.PDF)
    real_filter = StoredFile.objects.filter
    calls = {"n": 0}

    def not_yet_visible(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return real_filter(pk=-1) if calls["n"] == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(StoredFile.objects, "filter", not_yet_visible)
    loser = store_bytes(actor=None, data=samples.PDF)
    assert loser.pk == winner.pk
    assert (private_root / winner.storage_name).read_bytes() == samples.PDF
    last = Event.objects.filter(action="file.stored").latest("seq")
    after: Any = last.after
    assert after["deduplicated"] is True


def test_a_failed_database_write_removes_the_saved_file(
    private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(StoredFile.objects, "create", broken)
    with pytest.raises(DatabaseError):
        store_bytes(actor=None, data=samples.PDF)
    assert files_under(private_root) == []
    assert not Event.objects.filter(action="file.stored").exists()


def test_a_failed_audit_write_removes_row_and_file(
    private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("audit unavailable")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(DatabaseError):
        store_bytes(actor=None, data=samples.PDF)
    assert not StoredFile.objects.exists()
    assert files_under(private_root) == []


def test_a_failed_storage_write_leaves_no_row_and_no_partial_file(
    private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage: Any = storages["private"]
    real_save = storage._save

    def fails_midway(name: str, content: Any) -> str:
        real_save(name, content)  # the bytes land, then the disk "fails"
        raise OSError("No space left on device")

    monkeypatch.setattr(storage, "_save", fails_midway)
    with pytest.raises(OSError, match="No space"):
        store_bytes(actor=None, data=samples.PDF)
    assert not StoredFile.objects.exists()
    assert files_under(private_root) == []


def test_the_caller_rolling_back_keeps_no_row_and_a_later_store_reuses_the_file(
    private_root: Path,
) -> None:
    class CallerFailed(Exception):
        pass

    with pytest.raises(CallerFailed), transaction.atomic():
        store_bytes(actor=None, data=samples.PDF)
        raise CallerFailed
    assert not StoredFile.objects.exists()
    stored = store_bytes(actor=None, data=samples.PDF)  # the leftover bytes are the same
    assert files_under(private_root) == [private_root / stored.storage_name]


def test_a_missing_file_is_restored_by_storing_the_same_content_again(
    private_root: Path,
) -> None:
    stored = store_bytes(actor=None, data=samples.PDF)
    (private_root / stored.storage_name).unlink()
    again = store_bytes(actor=None, data=samples.PDF)
    assert again.pk == stored.pk
    assert (private_root / stored.storage_name).read_bytes() == samples.PDF


def test_a_damaged_leftover_at_the_content_address_is_replaced(private_root: Path) -> None:
    sha = hashlib.sha256(samples.PDF).hexdigest()
    path = private_root / sha[:2] / sha[2:4] / f"{sha}.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"half written")  # e.g. a crash in the middle of an earlier write
    stored = store_bytes(actor=None, data=samples.PDF)
    assert private_root / stored.storage_name == path
    assert path.read_bytes() == samples.PDF
    assert files_under(private_root) == [path]


def test_files_live_under_the_private_root_and_never_under_media(
    private_root: Path, settings: Any
) -> None:
    stored = store_bytes(actor=None, data=samples.png())
    path = Path(storages["private"].path(stored.storage_name)).resolve()
    assert path.is_relative_to(private_root.resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.name == f"{stored.sha256}.png"


def test_a_stored_row_never_changes() -> None:
    stored = store_bytes(actor=None, data=samples.PDF)
    stored.size = 1
    with pytest.raises(ImmutableFileError):
        stored.save()


def test_messages_are_indonesian_on_pages() -> None:
    from django.utils import translation

    with translation.override("id"), pytest.raises(FileRejected) as caught:
        store_bytes(actor=None, data=b"", name="kosong.pdf")
    assert str(caught.value) == "“kosong.pdf” berukuran 0 byte; pilih ulang berkasnya."
