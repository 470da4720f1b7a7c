"""The LKE pages: htmx saves, conflicts, evidence, query budget (the permission matrix is in
test_permission_matrix.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.conftest import answer_all, lke_of
from tests.conftest import Ministry
from zona.assessments.models import Answer, Evidence
from zona.assessments.workflow import Status, Tier
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question


def test_an_htmx_save_returns_the_row_and_the_score(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    client = ministry.client_for("operator_sby")
    response = client.post(
        reverse("assessments:answer", args=[lke.pk, question.pk]),
        {"value": "Ya", "note": "SK Tim Kerja No. 12", "version": 0},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="q-{question.pk}"' in body and 'id="score-panel"' in body
    assert "1 dari 81 terjawab" in body
    assert Answer.objects.get(assessment=lke, question=question, tier=Tier.SATKER).value == "Ya"


def test_a_bad_answer_and_a_conflict_are_explained_on_the_row(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    client = ministry.client_for("operator_sby")
    url = reverse("assessments:answer", args=[lke.pk, question.pk])
    bad = client.post(
        url, {"value": "Mungkin", "note": "", "version": 0}, headers={"HX-Request": "true"}
    )
    assert "Jawab MP.1.a dengan salah satu dari" in bad.content.decode()
    client.post(url, {"value": "Ya", "note": "", "version": 0}, headers={"HX-Request": "true"})
    late = ministry.client_for("kepala_sby").post(
        url, {"value": "Tidak", "note": "", "version": 0}, headers={"HX-Request": "true"}
    )
    assert "lebih dulu" in late.content.decode()
    assert Answer.objects.get(assessment=lke, question=question, tier=Tier.SATKER).value == "Ya"


def test_evidence_is_stored_versioned_and_served_only_in_scope(
    ministry: Ministry, year: AssessmentYear, settings, tmp_path
) -> None:
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    client = ministry.client_for("operator_sby")
    url = reverse("assessments:evidence_add", args=[lke.pk, question.pk])
    pdf = SimpleUploadedFile("SK Tim.pdf", b"%PDF-1.4\nsk tim kerja\n%%EOF\n")
    assert client.post(url, {"title": "SK Tim Kerja", "file": pdf}).status_code == 302
    evidence = Evidence.objects.get(assessment=lke, question=question)
    newer = SimpleUploadedFile("SK Tim revisi.pdf", b"%PDF-1.4\nsk tim kerja revisi\n%%EOF\n")
    page = client.get(reverse("assessments:lke", args=[lke.pk])).content.decode()
    assert f'name="replaces" value="{evidence.pk}"' in page
    client.post(url, {"title": "SK Tim Kerja", "file": newer, "replaces": evidence.pk})
    evidence.refresh_from_db()
    assert evidence.versions.count() == 2 and evidence.current.number == 2
    download = reverse("assessments:evidence_download", args=[lke.pk, evidence.current.pk])
    response = ministry.client_for("verifier_jatim").get(download)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert ministry.client_for("operator_dps").get(download).status_code == 404
    html = SimpleUploadedFile("laporan.pdf", b"<html><script>alert(1)</script></html>")
    rejected = client.post(url, {"title": "Palsu", "file": html}, headers={"HX-Request": "true"})
    assert "form-error" in rejected.content.decode()
    assert Evidence.objects.filter(assessment=lke).count() == 1


def test_the_lke_page_stays_within_its_query_budget(
    ministry: Ministry, year: AssessmentYear, settings, tmp_path
) -> None:
    from zona.assessments.models import EvidenceVersion
    from zona.files.services import store_bytes

    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    user = ministry.users["operator_sby"]
    for n, question in enumerate(Question.objects.filter(instrument=year.instrument)):
        for copy in range(2):
            stored = store_bytes(
                actor=user, data=b"%PDF-1.4\n" + f"{n}-{copy}".encode() + b"\n%%EOF\n"
            )
            evidence = Evidence.objects.create(
                assessment=lke, question=question, title=f"Bukti {n}.{copy}", created_by=user
            )
            version = EvidenceVersion.objects.create(
                evidence=evidence,
                number=1,
                stored_file=stored,
                file_name="bukti.pdf",
                uploaded_by=user,
            )
            Evidence.objects.filter(pk=evidence.pk).update(current=version)
    client = ministry.client_for("verifier_jatim")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessments:lke", args=[lke.pk]))
    assert response.status_code == 200
    assert len(queries) <= 20, [q["sql"][:80] for q in queries]
    assert Status.DRAFT  # the page shows a draft to a verifier read-only


def test_the_operator_reaches_her_lke_from_the_start_page(
    ministry: Ministry, year: AssessmentYear
) -> None:
    client = ministry.client_for("operator_sby")
    unit = ministry.units["kanim_sby"]
    before = client.get(reverse("home")).content.decode()
    assert "LKE unit Anda" in before
    assert reverse("assessments:start", args=[unit.pk]) in before  # start it in one click
    lke = lke_of(ministry, year)
    after = client.get(reverse("home")).content.decode()
    assert reverse("assessments:lke", args=[lke.pk]) in after and "Sedang diisi" in after
    # a verifier has no unit LKE of their own to fill in
    assert (
        "LKE unit Anda"
        not in ministry.client_for("verifier_jatim").get(reverse("home")).content.decode()
    )


def test_accepting_every_waiting_item_asks_first_and_counts_the_unseen(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.assessments.services import submit

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    total = Question.objects.filter(instrument=year.instrument).count()
    page = ministry.client_for("verifier_jatim").get(reverse("assessments:lke", args=[lke.pk]))
    html = page.content.decode()
    asked = f"Terima {total} butir yang masih menunggu? {total} di antaranya tanpa data dukung."
    assert f'data-confirm="{asked}"' in html
    assert f"{total} butir menunggu, {total} tanpa data dukung" in html


def test_a_refused_decision_keeps_what_was_chosen_and_saves_nothing(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.assessments.services import submit

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    question = Question.objects.filter(instrument=year.instrument, options__len__gt=0).first()
    if question is None:  # an instrument without choice items: any item will do
        question = Question.objects.filter(instrument=year.instrument).first()
    assert question is not None
    value = question.options[-1]["label"] if question.options else "0,5"
    client = ministry.client_for("verifier_jatim")
    response = client.post(
        reverse("assessments:review", args=[lke.pk, question.pk]),
        {"decision": "return", "note": "", "value": value, "version": 0, "answer_version": 0},
        HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert "Tuliskan kekurangannya bila mengembalikan suatu butir." in row  # said on the row
    assert 'value="return" checked' in row and 'value="accept" checked' not in row
    if question.options:
        assert f'<option value="{value}" selected>' in row
    else:
        assert f'value="{value}"' in row
    # both or neither: the verifier's own answer was not saved with the refused decision
    assert not Answer.objects.filter(assessment=lke, question=question, tier=Tier.KANWIL).exists()


def test_a_tier_column_stays_empty_until_that_tier_has_acted(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.assessments.services import accept_pending, submit
    from zona.assessments.sheet import load_sheet

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    assert load_sheet(lke).acted == {Tier.SATKER}
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    assert load_sheet(lke).acted == {Tier.SATKER}  # waiting at the Kanwil: not yet its figures
    page = ministry.client_for("verifier_jatim").get(reverse("assessments:lke", args=[lke.pk]))
    assert page.content.decode().count('aria-label="belum diverifikasi">—</td>') == 6 * 3
    accept_pending(actor=ministry.users["verifier_jatim"], assessment=lke, tier=Tier.KANWIL)
    assert load_sheet(lke).acted == {Tier.SATKER, Tier.KANWIL}


MP_1_B_A = "Jika dengan prosedur/mekanisme yang jelas dan mewakili seluruh unsur dalam unit kerja"


def test_each_option_says_what_it_means_and_its_label_names_its_radio(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.b")
    page = ministry.client_for("operator_sby").get(reverse("assessments:lke", args=[lke.pk]))
    html = page.content.decode()
    radio = f"a-{question.pk}-1"
    assert f'<label for="{radio}"><input type="radio" id="{radio}" name="value" value="A">' in html
    assert f"<strong>A</strong> — {MP_1_B_A}</span></label>" in html
    assert f'id="a-{question.pk}-0" name="value" value="" checked>' in html  # not answered yet
    bare = Question.objects.get(instrument=year.instrument, code="PW.4.a")
    bare_row = html.split(f'id="q-{bare.pk}"')[1].split("</article>")[0]
    assert "<span><strong>A</strong></span>" in bare_row  # no criterion known: the bare letter


def test_the_chosen_option_is_checked_and_the_verifier_reads_what_it_means(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.assessments.services import submit

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)  # every choice answered with its first option
    question = Question.objects.get(instrument=year.instrument, code="MP.1.b")
    url = reverse("assessments:lke", args=[lke.pk])
    html = ministry.client_for("operator_sby").get(url).content.decode()
    assert f'id="a-{question.pk}-1" name="value" value="A" checked>' in html
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    html = ministry.client_for("verifier_jatim").get(url).content.decode()
    assert f"<strong>Jawaban:</strong> A — {MP_1_B_A}" in html
    assert f'<option value="A">A — {MP_1_B_A}</option>' in html


def test_only_a_member_of_the_satker_starts_its_lke(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    url = reverse("assessments:start", args=[unit.pk])
    assert ministry.client_for("anonymous").post(url).status_code == 302  # to log in
    assert ministry.client_for("verifier_jatim").post(url).status_code == 403  # sees, not a member
    assert ministry.client_for("operator_dps").post(url).status_code == 404  # not in scope
    assert ministry.client_for("operator_sby").get(url).status_code == 405  # never by a link
    started = ministry.client_for("operator_sby").post(url)
    assert started.status_code == 302 and "/lke/" in started["Location"]
