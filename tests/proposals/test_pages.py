"""The pages from candidate to predicate, through the views people use: a Kanwil's board, the
TPI's recommendation, the quota and the decree, the TPN's steps and the register."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import Ministry
from tests.proposals.conftest import (
    PDF,
    answered_lke,
    proposed,
    reports_filed,
    surveyed,
    verify,
)
from zona.assessments.workflow import Status, Tier
from zona.cycles.models import AssessmentYear
from zona.proposals.models import (
    UNIT_REQUIREMENTS,
    Candidate,
    Decree,
    Grant,
    Level,
    Proposal,
    TpnOutcome,
)


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_kanwil_board_proposes_one_unit_and_keeps_the_other_for_coaching(
    ministry: Ministry, year: AssessmentYear
) -> None:
    surveyed(year, ministry.units["kanim_sby"].pk)
    surveyed(year, ministry.units["lapas_sby"].pk, answer=2)
    good = answered_lke(ministry, year, "kanim_sby")
    weak = answered_lke(ministry, year, "lapas_sby", best=False)
    for lke in (good, weak):
        verify(ministry, lke, Tier.KANWIL)
    client = ministry.client_for("verifier_jatim")
    page = client.get(reverse("proposals:board", args=[year.year])).content.decode()
    assert "Dapat diusulkan sekarang" in page and "Tetap dalam pembinaan" in page
    assert "Lapas Kelas I Surabaya" in page and "Kantor Imigrasi Kelas I TPI Surabaya" in page
    sent = client.post(
        reverse("proposals:propose", args=[good.pk]), {"level": "kanwil", "target": "WBK"}
    )
    assert sent.status_code == 302
    good.refresh_from_db()
    assert good.status == Status.AT_ESELON_I
    refused = client.post(
        reverse("proposals:propose", args=[weak.pk]),
        {"level": "kanwil", "target": "WBK"},
        follow=True,
    )
    assert "pembinaan" in refused.content.decode()
    weak.refresh_from_db()
    assert weak.status == Status.VERIFIED_BY_KANWIL
    assert Proposal.objects.get().unit == ministry.units["kanim_sby"]


def test_from_recommendation_to_the_register(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    surveyed(year, unit.pk)
    reports_filed(ministry, year, "kanim_sby")
    lke = answered_lke(ministry, year)
    for tier, level in ((Tier.KANWIL, Level.KANWIL), (Tier.ESELON_I, Level.ESELON_I)):
        verify(ministry, lke, tier)
        proposed(ministry, lke, level)
    verify(ministry, lke, Tier.TPI)
    team = ministry.client_for("tim_kementerian")
    today = timezone.localdate()
    quota = team.post(
        reverse("proposals:quota", args=[year.year]),
        {
            "quota-units": 3,
            "quota-letter_number": "B/45/D.RB.01/2030",
            "quota-letter_date": (today - timedelta(days=20)).isoformat(),
            "quota-document": pdf("surat-kuota.pdf"),
        },
    )
    assert quota.status_code == 302

    tpi = ministry.client_for("tpi_itjen")
    candidate_page = tpi.get(reverse("proposals:candidate", args=[year.year, unit.pk]))
    assert "Rekomendasikan kepada Menteri" in candidate_page.content.decode()
    recommended = tpi.post(
        reverse("proposals:propose", args=[lke.pk]),
        {"level": "tpi", "target": "WBK", "requirements": list(UNIT_REQUIREMENTS)},
    )
    assert recommended.status_code == 302
    recommendation = Proposal.objects.get(level=Level.TPI)
    assert all(recommendation.unit_requirements.values())

    decree = team.post(
        reverse("proposals:new_decree", args=[year.year]),
        {
            "decree-number": "M.HH-12.OT.01.01 TAHUN 2030",
            "decree-signed_on": today.isoformat(),
            "decree-document": pdf("sk-menteri.pdf"),
            "decree-recommendations": [recommendation.pk],
        },
    )
    assert decree.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.decree.number == "M.HH-12.OT.01.01 TAHUN 2030"

    steps = [
        ("formal", "passed", ""),
        ("review", "passed", ""),
        ("result", "granted", "B/999/M.SM.01/2030"),
    ]
    for step, finding, number in steps:
        prefix = f"c{candidate.pk}"
        answer = team.post(
            reverse("proposals:tpn_step", args=[candidate.pk]),
            {
                f"{prefix}-step": step,
                f"{prefix}-finding": finding,
                f"{prefix}-on": today.isoformat(),
                f"{prefix}-decree_number": number,
            },
        )
        assert answer.status_code == 302
    assert TpnOutcome.objects.count() == 3
    grant = Grant.objects.get()
    assert (grant.unit, grant.predicate, grant.year) == (unit, "WBK", year.year)

    register = team.get(reverse("proposals:register") + "?predicate=WBK")
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in register.content.decode()
    export = team.get(reverse("proposals:register_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][:2] == [unit.code, unit.name]


def test_a_decree_is_corrected_by_a_new_decree_never_changed(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.files.services import store_bytes
    from zona.proposals.services import ProposalRefused, record_decree, record_quota

    unit = ministry.units["kanim_sby"]
    surveyed(year, unit.pk)
    reports_filed(ministry, year, "kanim_sby")
    lke = answered_lke(ministry, year)
    for tier, level in ((Tier.KANWIL, Level.KANWIL), (Tier.ESELON_I, Level.ESELON_I)):
        verify(ministry, lke, tier)
        proposed(ministry, lke, level)
    verify(ministry, lke, Tier.TPI)
    actor = ministry.users["tim_kementerian"]
    record_quota(
        actor=actor,
        year=year,
        units=1,
        letter_number="B/1",
        letter_date=timezone.localdate(),
        document=None,
    )
    recommendation = proposed(ministry, lke, Level.TPI)
    document = store_bytes(actor=actor, data=PDF)
    first = record_decree(
        actor=actor,
        year=year,
        number="SK-1",
        signed_on=timezone.localdate(),
        document=document,
        recommendations=[recommendation],
    )
    try:
        record_decree(
            actor=actor,
            year=year,
            number="SK-2",
            signed_on=timezone.localdate(),
            document=document,
            recommendations=[recommendation],
        )
    except ProposalRefused as refused:
        assert "SK-1" in str(refused)
    else:
        raise AssertionError("a second decree must replace the first")
    second = record_decree(
        actor=actor,
        year=year,
        number="SK-2",
        signed_on=timezone.localdate(),
        document=document,
        recommendations=[recommendation],
        replaces=first,
    )
    assert Decree.objects.count() == 2 and second.replaces == first
    first.refresh_from_db()
    assert first.number == "SK-1"  # unchanged
