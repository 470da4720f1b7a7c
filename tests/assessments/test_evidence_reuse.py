"""Reused evidence on the LKE page: the same file (the same SHA-256) elsewhere is named inside
the verifier's scope and only counted outside it, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.conftest import lke_of
from tests.conftest import Ministry
from zona.assessments.models import Assessment, Evidence, EvidenceVersion
from zona.cycles.models import AssessmentYear
from zona.cycles.services import create_year
from zona.files.services import store_bytes
from zona.instruments.models import Question

SHARED = b"%PDF-1.4\nSK Tim Kerja ZI\n%%EOF\n"
OUT_OF_SCOPE_NAME = "Kantor Imigrasi Kelas I TPI Denpasar"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path) -> None:
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }


def attach(ministry: Ministry, lke: Assessment, code: str, data: bytes = SHARED) -> Evidence:
    """Evidence on question `code` of the LKE, holding a file with the bytes `data`."""
    user = ministry.users["operator_sby"]
    question = Question.objects.get(instrument=lke.assessment_year.instrument, code=code)
    evidence = Evidence.objects.create(
        assessment=lke, question=question, title=f"Bukti {code}", created_by=user
    )
    version = EvidenceVersion.objects.create(
        evidence=evidence,
        number=1,
        stored_file=store_bytes(actor=user, data=data),
        file_name="bukti.pdf",
        uploaded_by=user,
    )
    Evidence.objects.filter(pk=evidence.pk).update(current=version)
    return evidence


def page(ministry: Ministry, lke: Assessment, persona: str = "verifier_jatim") -> str:
    response = ministry.client_for(persona).get(reverse("assessments:lke", args=[lke.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_same_file_in_another_unit_in_scope_is_named(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    attach(ministry, lke, "MP.1.a")
    attach(ministry, lke_of(ministry, year, "lapas_sby"), "MP.2.a")
    body = page(ministry, lke)
    assert "Berkas yang sama juga dipakai di: Lapas Kelas I Surabaya · 2030 · MP.2.a" in body
    assert "di luar cakupan Anda" not in body


def test_outside_the_scope_it_is_only_counted_and_no_name_leaks(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    attach(ministry, lke, "MP.1.a")
    attach(ministry, lke_of(ministry, year, "kanim_dps"), "MP.1.a")
    attach(ministry, lke_of(ministry, year, "lapas_dps"), "MP.1.b")
    body = page(ministry, lke)
    assert "Berkas yang sama juga dipakai di 2 tempat lain di luar cakupan Anda" in body
    assert OUT_OF_SCOPE_NAME not in body and "Kerobokan" not in body
    # the TPI sees the whole ministry: every place is named
    tpi = page(ministry, lke, "tpi_itjen")
    assert f"{OUT_OF_SCOPE_NAME} · 2030 · MP.1.a" in tpi and "di luar cakupan" not in tpi


def test_named_and_counted_places_together(ministry: Ministry, year: AssessmentYear) -> None:
    lke = lke_of(ministry, year)
    attach(ministry, lke, "MP.1.a")
    attach(ministry, lke_of(ministry, year, "lapas_sby"), "MP.1.a")
    attach(ministry, lke_of(ministry, year, "kanim_dps"), "MP.1.a")
    body = page(ministry, lke)
    assert (
        "Lapas Kelas I Surabaya · 2030 · MP.1.a … dan di 1 tempat lain di luar cakupan Anda" in body
    )


def test_an_earlier_year_is_named_with_its_year(ministry: Ministry, year: AssessmentYear) -> None:
    earlier = create_year(actor=None, year=2029, instrument=year.instrument)
    old = Assessment.objects.create(unit=ministry.units["kanim_sby"], assessment_year=earlier)
    attach(ministry, old, "MP.1.a")
    lke = lke_of(ministry, year)
    attach(ministry, lke, "MP.1.a")
    body = page(ministry, lke)
    assert "Kantor Imigrasi Kelas I TPI Surabaya · 2029 · MP.1.a" in body


def test_two_questions_of_the_same_lke_count_too(ministry: Ministry, year: AssessmentYear) -> None:
    lke = lke_of(ministry, year)
    attach(ministry, lke, "MP.1.a")
    attach(ministry, lke, "MP.2.a")
    body = page(ministry, lke)
    assert "Kantor Imigrasi Kelas I TPI Surabaya · 2030 · MP.2.a" in body  # beside MP.1.a
    assert "Kantor Imigrasi Kelas I TPI Surabaya · 2030 · MP.1.a" in body  # beside MP.2.a


def test_a_file_used_once_a_withdrawn_copy_and_the_satker_get_no_note(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    attach(ministry, lke, "MP.1.a")
    attach(ministry, lke, "MP.2.a", data=b"%PDF-1.4\nanother file\n%%EOF\n")
    withdrawn = attach(ministry, lke_of(ministry, year, "lapas_sby"), "MP.1.a")
    Evidence.objects.filter(pk=withdrawn.pk).update(withdrawn=True)
    assert "evidence-reuse" not in page(ministry, lke)
    attach(ministry, lke_of(ministry, year, "lapas_sby"), "MP.1.b")
    assert "evidence-reuse" in page(ministry, lke)
    assert "evidence-reuse" not in page(ministry, lke, "operator_sby")  # a verification aid


def test_the_reuse_check_costs_the_same_queries_whatever_the_number_of_files(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    elsewhere = lke_of(ministry, year, "lapas_sby")
    codes = list(
        Question.objects.filter(instrument=year.instrument)
        .order_by("order")
        .values_list("code", flat=True)
    )

    def queries() -> int:
        client = ministry.client_for("verifier_jatim")
        client.get(reverse("assessments:lke", args=[lke.pk]))  # memberships, session warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("assessments:lke", args=[lke.pk]))
        assert "evidence-reuse" in response.content.decode()
        return len(captured)

    for n, code in enumerate(codes[:2]):
        attach(ministry, lke, code, data=b"%PDF-1.4\n" + f"{n}".encode() + b"\n%%EOF\n")
        attach(ministry, elsewhere, code, data=b"%PDF-1.4\n" + f"{n}".encode() + b"\n%%EOF\n")
    few = queries()
    for n, code in enumerate(codes[2:40], start=2):
        attach(ministry, lke, code, data=b"%PDF-1.4\n" + f"{n}".encode() + b"\n%%EOF\n")
        attach(ministry, elsewhere, code, data=b"%PDF-1.4\n" + f"{n}".encode() + b"\n%%EOF\n")
    assert queries() == few, few


def test_the_row_a_verifier_saves_keeps_its_note(ministry: Ministry, year: AssessmentYear) -> None:
    from tests.assessments.conftest import answer_all
    from zona.assessments.services import submit

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    evidence = attach(ministry, lke, "MP.1.a")
    attach(ministry, lke_of(ministry, year, "lapas_sby"), "MP.1.a")
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    response = ministry.client_for("verifier_jatim").post(
        reverse("assessments:review", args=[lke.pk, evidence.question_id]),
        {"decision": "accept", "note": "", "value": "", "version": 0, "answer_version": 0},
        headers={"HX-Request": "true"},
    )
    row = response.content.decode()
    assert "<html" not in row and "Lapas Kelas I Surabaya · 2030 · MP.1.a" in row
