"""A year whose windows are open today, units whose records make a candidate (surveys, TLHP,
LHKPN/LHKASN, the ministry's grades), and LKE walked up their chain to where a tier proposes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.assessments.conftest import make_year
from tests.conftest import Ministry
from zona.assessments.models import Assessment, ItemReview, ReviewState
from zona.assessments.services import finish_review, open_assessment, save_answer, submit
from zona.assessments.workflow import Tier
from zona.compliance.importing import WEALTH_COLUMNS, import_wealth_reports
from zona.compliance.services import record_ministry_grade
from zona.core.tabular import Table
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question
from zona.proposals.models import UNIT_REQUIREMENTS, Level, Predicate, Proposal
from zona.proposals.services import propose
from zona.surveys import tallies
from zona.surveys.models import SurveyPeriod
from zona.surveys.services import open_period, shipped_questionnaires

PDF = b"%PDF-1.4\n%contoh\n%%EOF\n"
# Who verifies and proposes a Surabaya UPT at each tier, in the test ministry.
TEAM = {Tier.KANWIL: "verifier_jatim", Tier.ESELON_I: "penilai_imigrasi", Tier.TPI: "tpi_itjen"}


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    year = make_year()
    survey_period(ministry, year)
    grade_the_ministry(ministry, year, bpk="WTP", akip="A")
    return year


def survey_period(ministry: Ministry, year: AssessmentYear) -> SurveyPeriod:
    actor = ministry.users["tpi_balitbang"]
    today = timezone.localdate()
    return open_period(
        actor=actor,
        assessment_year=year,
        questionnaires=shipped_questionnaires(actor=actor),
        service_from="ikm",
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=5),
    )


def surveyed(year: AssessmentYear, unit_id: int, answer: int = 4, respondents: int = 50) -> None:
    """The unit's surveys of the year answered `answer` on every element by everyone."""
    for survey in year.survey_period.surveys.all():
        elements = len(survey.spec().elements)
        tallies.add(
            survey.pk,
            unit_id,
            sums=[(respondents, answer * respondents)] * elements,
            received=respondents,
            accepted=respondents,
        )


def grade_the_ministry(ministry: Ministry, year: AssessmentYear, *, bpk: str, akip: str) -> None:
    for scale, grade in (("bpk_opinion", bpk), ("akip", akip)):
        record_ministry_grade(
            actor=ministry.users["tim_kementerian"],
            assessment_year=year,
            scale=scale,
            grade=grade,
            reference=f"Laporan {scale} {year.year - 1}",
            upload=SimpleUploadedFile(f"{scale}.pdf", PDF, content_type="application/pdf"),
        )


def reports_filed(ministry: Ministry, year: AssessmentYear, unit_key: str) -> None:
    row = {
        "nip": "198001012005011001",
        "nama": "Pegawai Contoh",
        "jabatan": "Kepala",
        "kewajiban": "LHKPN",
        "status": "sudah",
        "tanggal_lapor": (timezone.localdate() - timedelta(days=3)).isoformat(),
    }
    import_wealth_reports(
        actor=ministry.users["tpi_itjen"],
        unit=ministry.units[unit_key],
        assessment_year=year,
        table=Table(header=list(WEALTH_COLUMNS), rows=[row]),
    )


def answered_lke(
    ministry: Ministry, year: AssessmentYear, unit_key: str = "kanim_sby", *, best: bool = True
) -> Assessment:
    """The unit's LKE, every question answered (the best option, or the worst) and submitted."""
    unit = ministry.units[unit_key]
    operator = ministry.users["operator_sby"]
    lke = open_assessment(actor=operator, unit=unit, assessment_year=year)
    for question in Question.objects.filter(instrument=year.instrument):
        if question.options:
            option = question.options[0] if best else question.options[-1]
            value = option["label"]
        else:
            value = "1" if best else "0"
        save_answer(
            actor=operator,
            assessment=lke,
            question=question,
            value=value,
            note="",
            expected_version=0,
        )
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    lke.refresh_from_db()
    return lke


def verify(ministry: Ministry, lke: Assessment, tier: Tier, persona: str | None = None) -> None:
    """`tier` accepts every item and finishes its verification."""
    ItemReview.objects.filter(assessment=lke, tier=tier).update(state=ReviewState.ACCEPTED)
    finish_review(actor=ministry.users[persona or TEAM[tier]], assessment=lke, tier=tier)
    lke.refresh_from_db()


def proposed(
    ministry: Ministry, lke: Assessment, level: str, target: str = Predicate.WBK
) -> Proposal:
    persona = {Level.KANWIL: "verifier_jatim", Level.ESELON_I: "penilai_imigrasi"}.get(
        level, "tpi_itjen"
    )
    proposal = propose(
        actor=ministry.users[persona],
        assessment=lke,
        level=level,
        target=target,
        unit_requirements=list(UNIT_REQUIREMENTS) if level == Level.TPI else (),
    )
    lke.refresh_from_db()
    return proposal
