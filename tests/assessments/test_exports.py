"""PMPZI worksheet, offline round trip and the berita acara PDF."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.assessments.conftest import answer_all, lke_of
from tests.conftest import Ministry
from tests.core.hostile import SHEET_HEAD, SHEET_TAIL, package, repeated, zip_of
from zona.assessments.exports import OFFLINE_COLUMNS, PMPZI_COLUMNS
from zona.assessments.models import Answer
from zona.assessments.services import submit
from zona.assessments.workflow import Tier
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear

MP_1_B_A = "Jika dengan prosedur/mekanisme yang jelas dan mewakili seluruh unsur dalam unit kerja"


def test_the_pmpzi_worksheet_has_its_columns_and_totals(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    response = ministry.client_for("verifier_jatim").get(
        reverse("assessments:pmpzi", args=[lke.pk, "satker"])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == PMPZI_COLUMNS
    first_area = rows[1]
    assert first_area[0] == "MANAJEMEN PERUBAHAN" and first_area[1] == 8 and first_area[5] == 8
    question = next(r for r in rows if str(r[0]).startswith("MP.1.a "))
    assert question[4] == "Ya" and question[5] == 1
    assert rows[-1][0] == "JUMLAH PENGUNGKIT" or rows[-1][5] == 60
    options = next(r for r in rows if str(r[0]).startswith("MP.1.b "))[3]
    assert options.splitlines() == [
        "A (1) — " + MP_1_B_A,
        "B (0.5) — Jika sebagian menggunakan prosedur yang mewakili sebagian besar unsur dalam "
        "unit kerja",
        "C (0) — Jika tidak di seleksi",
    ]
    unmatched = next(r for r in rows if str(r[0]).startswith("PW.4.a "))[3]
    assert unmatched.splitlines() == ["A (1)", "B (0.5)", "C (0)"]  # no criterion text known


def test_offline_round_trip_changes_only_what_changed(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    client = ministry.client_for("operator_sby")
    exported = client.get(reverse("assessments:offline_export", args=[lke.pk]))
    book = load_workbook(io.BytesIO(exported.content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == list(OFFLINE_COLUMNS)
    options = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)}
    assert options["MP.1.b"].splitlines()[0] == "A — " + MP_1_B_A
    assert options["MP.1.a"].splitlines() == [
        "Ya — Jika Tim telah dibentuk di dalam unit kerja",
        "Tidak",
    ]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "MP.1.a":
            row[3].value, row[4].value = "Tidak", "Belum ada SK"
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        reverse("assessments:offline_import", args=[lke.pk]),
        {"file": SimpleUploadedFile("lke.xlsx", out.getvalue())},
    )
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=lke, question__code="MP.1.a", tier=Tier.SATKER)
    assert (answer.value, answer.note, answer.version) == ("Tidak", "Belum ada SK", 2)
    assert (
        Answer.objects.get(assessment=lke, question__code="MP.1.b", tier=Tier.SATKER).version == 1
    )


def test_a_bad_offline_row_imports_nothing(ministry: Ministry, year: AssessmentYear) -> None:
    lke = lke_of(ministry, year)
    book = Workbook()
    sheet = book.active
    sheet.append(list(OFFLINE_COLUMNS))
    sheet.append(["MP.1.a", "", "", "Ya", "ok"])
    sheet.append(["MP.1.b", "", "", "Z", ""])
    sheet.append(["XX.9", "", "", "Ya", ""])
    out = io.BytesIO()
    book.save(out)
    response = ministry.client_for("operator_sby").post(
        reverse("assessments:offline_import", args=[lke.pk]),
        {"file": SimpleUploadedFile("lke.xlsx", out.getvalue())},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Baris 3, kolom jawaban" in body and "Baris 4, kolom kode" in body
    assert not Answer.objects.filter(assessment=lke).exists()


def test_a_zip_bomb_posted_as_the_offline_worksheet_is_refused_and_changes_nothing(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    client = ministry.client_for("operator_sby")  # its log-in is an event of its own
    answers, events = Answer.objects.count(), Event.objects.count()
    bomb = repeated(SHEET_HEAD, b" " * 2**20, 4000, SHEET_TAIL)  # 4 MB that unpack to 4 GB
    response = client.post(
        reverse("assessments:offline_import", args=[lke.pk]),
        {"file": SimpleUploadedFile("lke.xlsx", zip_of(package(bomb)))},
    )
    assert response.status_code == 400
    assert "dimampatkan lebih dari 100 kali lipat" in response.content.decode()
    assert (Answer.objects.count(), Event.objects.count()) == (answers, events)


def test_the_berita_acara_is_a_pdf_for_a_verifying_tier(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    client = ministry.client_for("verifier_jatim")
    response = client.get(reverse("assessments:berita_acara", args=[lke.pk, "kanwil"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        client.get(reverse("assessments:berita_acara", args=[lke.pk, "satker"])).status_code == 404
    )
    assert (
        ministry.client_for("operator_dps")
        .get(reverse("assessments:berita_acara", args=[lke.pk, "kanwil"]))
        .status_code
        == 404
    )


def test_a_malformed_offline_worksheet_is_refused_with_a_message(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from tests.core.hostile import xlsx

    lke = lke_of(ministry, year)
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>kode</t></is></c></row>'
    broken = xlsx(row + b'<row r="2"><c r="A2"><v>1</v></row>')  # </c> missing
    response = ministry.client_for("operator_sby").post(
        reverse("assessments:offline_import", args=[lke.pk]),
        {"file": SimpleUploadedFile("lke.xlsx", broken)},
    )
    assert response.status_code == 400
    assert "Ini bukan berkas .xlsx yang dapat dibaca." in response.content.decode()
    assert not Answer.objects.filter(assessment=lke).exists()
