"""The PMPZI package (row 12): the letter read back from its DOCX and PDF, the zip's manifest
against its files and hashes, memory-bounded streaming, the stage's window, the task's progress
and failure, and the page that follows it."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
import tracemalloc
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Ministry
from zona.assessments.evidence import add_evidence
from zona.assessments.models import Assessment, Evidence
from zona.assessments.services import open_assessment
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear
from zona.files.models import FileKind
from zona.files.services import private_storage, store_bytes
from zona.instruments.models import Question
from zona.proposals import bundle
from zona.proposals.letter import letter_docx, letter_for, letter_pdf
from zona.proposals.models import Candidate, Decree, Level, Package, PackageStatus, Proposal
from zona.proposals.package import Signatory, request_package
from zona.proposals.services import ProposalRefused

PDF = b"%PDF-1.4\n%contoh\n%%EOF\n"
SIGNATORY = Signatory(
    name="Dr. Andi Wijaya, S.H., M.H.",
    nip="197001011995031001",
    position="a.n. Menteri Hukum dan HAM, Sekretaris Jenderal",
)
UNITS = ("kanim_sby", "lapas_sby", "kanwil_jatim")


@pytest.fixture
def decree(ministry: Ministry, year: AssessmentYear) -> Decree:
    """The Minister's decree naming three units, each LKE with an evidence file or two
    (recorded directly: the chain that leads here is tested in test_proposals.py)."""
    actor = ministry.users["tpi_itjen"]
    found = Decree.objects.create(
        assessment_year=year,
        number="M.HH-07.OT.01.01 TAHUN 2030",
        signed_on=timezone.localdate() - timedelta(days=3),
        document=store_bytes(actor=actor, data=PDF + b"%keputusan\n"),
        recorded_by=actor,
    )
    questions = list(Question.objects.filter(instrument=year.instrument).order_by("order")[:2])
    for n, key in enumerate(UNITS):
        unit = ministry.units[key]
        lke = open_assessment(actor=actor, unit=unit, assessment_year=year)
        for m, question in enumerate(questions[: n + 1]):
            evidence_file(ministry, lke, question, f"SK Tim {key} {m}.pdf", f"{key}-{m}".encode())
        proposal = Proposal.objects.create(
            assessment=lke,
            unit=unit,
            assessment_year=year,
            level=Level.TPI,
            target="WBK",
            proposed_by=actor,
            proposed_at=timezone.now(),
            total=80,
            verdict={},
        )
        Candidate.objects.create(decree=found, unit=unit, target="WBK", recommendation=proposal)
    return found


def evidence_file(
    ministry: Ministry, lke: Assessment, question: Question, name: str, body: bytes
) -> Evidence:
    return add_evidence(
        actor=ministry.users["tpi_itjen"],
        assessment=lke,
        question=question,
        title=name,
        upload=SimpleUploadedFile(name, PDF + body, content_type="application/pdf"),
    )


def ask(ministry: Ministry, year: AssessmentYear, persona: str = "tim_kementerian") -> Package:
    return request_package(
        actor=ministry.users[persona],
        year=year,
        signatory=SIGNATORY,
        letter_date=date(2030, 5, 27),
        letter_number="SEK.RB.03.01-123",
        copies_to="Menteri Hukum dan HAM\nInspektur Jenderal",
    )


def built(ministry: Ministry, year: AssessmentYear, django_capture_on_commit_callbacks) -> Package:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        package = ask(ministry, year)
    package.refresh_from_db()
    return package


def test_the_letter_names_the_units_year_and_signatory_in_docx_and_pdf(
    ministry: Ministry, year: AssessmentYear, decree: Decree
) -> None:
    from docx import Document
    from pypdf import PdfReader

    package = ask(ministry, year)
    candidates = list(decree.candidates.select_related("unit").order_by("unit__path"))
    letter = letter_for(package, candidates)

    document = Document(io.BytesIO(letter_docx(letter)))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(letter_pdf(letter))).pages)
    pdf = " ".join(pdf.split())

    for text in (paragraphs + "\n" + cells, pdf):
        flat = " ".join(text.split())
        for key in UNITS:
            assert ministry.units[key].name in flat
        assert "Menuju WBK" in flat
        assert "evaluasi tahun 2030" in flat
        assert SIGNATORY.name in flat and f"NIP. {SIGNATORY.nip}" in flat
        assert SIGNATORY.position in flat
        assert "SEK.RB.03.01-123" in flat and "27 Mei 2030" in flat
        assert decree.number in flat
        assert "Kementerian Hukum dan HAM" in flat
        assert "Pengajuan Unit Kerja Berpredikat Menuju Wilayah Bebas dari Korupsi" in flat
        assert "Tembusan" in flat and "Inspektur Jenderal" in flat
        assert "{{" not in flat and "{%" not in flat


def test_a_letter_without_number_or_nip_leaves_room_for_them(
    ministry: Ministry, year: AssessmentYear, decree: Decree
) -> None:
    from docx import Document

    package = request_package(
        actor=ministry.users["tpi_itjen"],
        year=year,
        signatory=Signatory("Menteri", "", "Menteri Hukum dan Hak Asasi Manusia"),
        letter_date=date(2030, 5, 27),
    )
    letter = letter_for(package, list(decree.candidates.select_related("unit")))
    text = "\n".join(p.text for p in Document(io.BytesIO(letter_docx(letter))).paragraphs)
    assert "NIP" not in text and "Tembusan" not in text
    assert "Nomor" in "\n".join(
        c.text for t in Document(io.BytesIO(letter_docx(letter))).tables for c in t.columns[0].cells
    )


def test_the_package_holds_everything_and_its_manifest_matches_files_and_hashes(
    ministry: Ministry, year: AssessmentYear, decree: Decree, django_capture_on_commit_callbacks
) -> None:
    package = built(ministry, year, django_capture_on_commit_callbacks)
    assert package.status == PackageStatus.READY, package.error
    assert (package.units_done, package.units_total) == (3, 3)
    assert package.file is not None and package.file.kind == FileKind.ZIP

    with package.file.open() as handle, zipfile.ZipFile(handle) as archive:
        names = set(archive.namelist())
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open("manifest.csv"), "utf-8")))
        assert {r["path"] for r in rows} == names - {"manifest.csv"}
        for row in rows:
            data = archive.read(row["path"])
            assert hashlib.sha256(data).hexdigest() == row["sha256"], row["path"]
            assert len(data) == int(row["size"])
        assert archive.testzip() is None

    assert {"surat-pengajuan-pmpzi-2030.docx", "surat-pengajuan-pmpzi-2030.pdf"} <= names
    assert "keputusan-menteri-2030.pdf" in names
    for key in UNITS:
        code = ministry.units[key].code
        assert f"{code}/lke-pmpzi-{code.lower()}-2030-tpi.xlsx" in names
        assert f"{code}/berita-acara-{code.lower()}-2030-tpi.pdf" in names
    evidence = [r for r in rows if r["question_code"]]
    assert len(evidence) == 1 + 2 + 2  # kanim_sby 1, lapas_sby 2, kanwil_jatim 2 (two questions)
    stored = {
        e.current.stored_file.sha256
        for e in Evidence.objects.filter(
            assessment__assessment_year=year, current__isnull=False
        ).select_related("current__stored_file")
    }
    assert {r["sha256"] for r in evidence} == stored
    first = next(r for r in evidence if r["unit_code"] == "KANIM_SBY")
    assert first["path"].startswith(f"KANIM_SBY/data-dukung/{first['question_code']}/01-SK Tim")


def test_withdrawn_evidence_stays_out_and_a_damaged_file_fails_the_build_with_its_name(
    ministry: Ministry, year: AssessmentYear, decree: Decree, django_capture_on_commit_callbacks
) -> None:
    lapas = Evidence.objects.filter(assessment__unit=ministry.units["lapas_sby"])
    lapas.filter(pk=lapas.first().pk).update(withdrawn=True)  # type: ignore[union-attr]
    damaged = Evidence.objects.select_related("current__stored_file").get(
        assessment__unit=ministry.units["kanim_sby"]
    )
    name = damaged.current.stored_file.storage_name  # type: ignore[union-attr]
    with private_storage().open(name, "wb") as handle:
        handle.write(PDF + b"tampered")

    package = built(ministry, year, django_capture_on_commit_callbacks)
    assert package.status == PackageStatus.FAILED
    assert "KANIM_SBY/data-dukung/" in package.error and "SHA-256" in package.error
    assert package.file is None and package.finished_at is not None
    assert Event.objects.filter(action="package.failed", object_id=str(package.pk)).exists()

    # Restore the bytes: the failed build can simply be asked for again.
    with private_storage().open(name, "wb") as handle:
        handle.write(PDF + b"kanim_sby-0")
    again = built(ministry, year, django_capture_on_commit_callbacks)
    assert again.pk == package.pk and again.attempt == 2
    assert again.status == PackageStatus.READY and again.error == ""
    with again.file.open() as handle, zipfile.ZipFile(handle) as archive:  # type: ignore[union-attr]
        lapas_files = [n for n in archive.namelist() if n.startswith("LAPAS_SBY/data-dukung/")]
    assert len(lapas_files) == 1


def test_progress_is_recorded_unit_by_unit_and_the_request_and_result_audited(
    ministry: Ministry,
    year: AssessmentYear,
    decree: Decree,
    django_capture_on_commit_callbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, int, int]] = []
    original = bundle._write_unit

    def spy(writer, candidate, year_number):  # type: ignore[no-untyped-def]
        package = Package.objects.get(decree=decree)
        seen.append((package.status, package.units_done, package.units_total))
        original(writer, candidate, year_number)

    monkeypatch.setattr(bundle, "_write_unit", spy)
    package = built(ministry, year, django_capture_on_commit_callbacks)
    assert seen == [("building", 0, 3), ("building", 1, 3), ("building", 2, 3)]
    assert package.status == PackageStatus.READY and package.heartbeat_at is not None
    actions = list(
        Event.objects.filter(object_type="proposals.package").values_list("action", flat=True)
    )
    assert actions == ["package.requested", "package.built"]


def test_the_package_is_asked_for_only_while_stage_12_is_open(
    ministry: Ministry, year: AssessmentYear, decree: Decree
) -> None:
    today = timezone.localdate()
    year.stages.filter(key="pmpzi").update(
        starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=1)
    )
    with pytest.raises(ProposalRefused, match="Stage 12|Tahap 12"):
        ask(ministry, year)
    assert not Package.objects.exists()


def test_a_package_being_built_is_not_asked_for_twice_and_a_stalled_one_is(
    ministry: Ministry, year: AssessmentYear, decree: Decree
) -> None:
    package = ask(ministry, year)  # no on-commit here: the task never ran
    with pytest.raises(ProposalRefused):
        ask(ministry, year)
    Package.objects.filter(pk=package.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    again = ask(ministry, year)
    assert again.pk == package.pk and again.attempt == 2
    # The first attempt's task, if it ever runs, stops without touching the package.
    assert bundle.build(package.pk, 1) == "superseded"
    again.refresh_from_db()
    assert again.status == PackageStatus.QUEUED and again.units_done == 0


def test_a_large_evidence_file_is_streamed_not_held_in_memory(
    ministry: Ministry, year: AssessmentYear, decree: Decree
) -> None:
    size = 24 * 1024 * 1024
    lke = Assessment.objects.get(unit=ministry.units["kanim_sby"], assessment_year=year)
    question = Question.objects.filter(instrument=year.instrument).order_by("order").last()
    assert question is not None
    with tempfile.TemporaryFile() as source:
        source.write(PDF)
        source.truncate(size)  # a sparse file: 24 MB on disk, none of it in memory
        source.seek(0)
        upload = UploadedFile(source, name="rekaman.pdf", size=size)
        with override_settings(MAX_UPLOAD_BYTES=size):
            evidence = add_evidence(
                actor=ministry.users["tpi_itjen"],
                assessment=lke,
                question=question,
                title="besar",
                upload=upload,
            )
    assert evidence.current is not None
    stored = evidence.current.stored_file
    with tempfile.TemporaryFile() as spool:
        writer = bundle.PackageWriter(spool)
        tracemalloc.start()
        try:
            writer.add_stored("KANIM_SBY/data-dukung/x/01-rekaman.pdf", stored, "KANIM_SBY", "x")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        writer.close()
        assert spool.tell() > size
    assert writer.entries[-1].sha256 == stored.sha256 and writer.entries[-1].size == size
    assert peak < 4 * 1024 * 1024, f"peak {peak / 2**20:.1f} MB for a 24 MB file"


def test_the_page_shows_the_deadline_and_follows_the_build(
    ministry: Ministry, year: AssessmentYear, decree: Decree, django_capture_on_commit_callbacks
) -> None:
    team = ministry.client_for("tim_kementerian")
    url = reverse("proposals:package", args=[year.year])
    page = team.get(url).content.decode()
    assert "Paket PMPZI 2030" in page and "hari lagi" in page and "Bangun paket" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = team.post(
            reverse("proposals:package_build", args=[year.year]),
            {
                "signatory_name": SIGNATORY.name,
                "signatory_nip": SIGNATORY.nip,
                "signatory_position": SIGNATORY.position,
                "letter_date": "2030-05-27",
            },
        )
    assert sent.status_code == 302
    polling = team.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in polling and "<progress" in polling
    assert "<html" not in polling
    for callback in callbacks:
        callback()  # the task runs (immediate backend)
    done = team.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and "Unduh paket" in done
    package = Package.objects.get()
    download = team.get(reverse("proposals:package_download", args=[package.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert 'filename="paket-pmpzi-2030.zip"' in download["Content-Disposition"]
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(body).hexdigest() == package.file.sha256  # type: ignore[union-attr]
    # The pimpinan reads the page but does not download the evidence.
    boss = ministry.client_for("pimpinan")
    assert "Unduh paket" not in boss.get(url).content.decode()
    assert boss.get(reverse("proposals:package_download", args=[package.pk])).status_code == 403


def test_a_refused_request_shows_the_stage_message_on_the_page(
    ministry: Ministry, year: AssessmentYear, decree: Decree
) -> None:
    today = timezone.localdate()
    year.stages.filter(key="pmpzi").update(
        starts_on=today + timedelta(days=2), ends_on=today + timedelta(days=30)
    )
    team = ministry.client_for("tim_kementerian")
    page = team.get(reverse("proposals:package", args=[year.year])).content.decode()
    assert "Bangun paket" not in page and "dapat diminta mulai" in page
    refused = team.post(
        reverse("proposals:package_build", args=[year.year]),
        {"signatory_name": "X", "signatory_position": "Menteri", "letter_date": "2030-05-27"},
    )
    assert refused.status_code == 400
    assert "Tahap 12" in refused.content.decode()
    assert not Package.objects.exists()
