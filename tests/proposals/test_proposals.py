"""The lines of proposal (Gambar 8): who proposes whom, on which score, in which window, and
what a proposal keeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import Ministry
from tests.proposals.conftest import (
    answered_lke,
    proposed,
    reports_filed,
    surveyed,
    verify,
)
from zona.accounts.access import get_unit_for_user  # noqa: F401 - scoping is loaded
from zona.assessments.workflow import Status, Tier
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear
from zona.proposals.access import may_propose
from zona.proposals.models import Level, Predicate, Proposal
from zona.proposals.services import ProposalRefused, propose, record_earlier_grant
from zona.surveys import tallies


def test_a_kanwil_proposes_a_upt_that_meets_the_thresholds(
    ministry: Ministry, year: AssessmentYear
) -> None:
    surveyed(year, ministry.units["kanim_sby"].pk)
    lke = answered_lke(ministry, year)
    verify(ministry, lke, Tier.KANWIL)
    assert lke.status == Status.VERIFIED_BY_KANWIL  # verified, not yet sent up
    proposal = proposed(ministry, lke, Level.KANWIL)
    assert lke.status == Status.AT_ESELON_I
    assert proposal.proposed_by_unit == ministry.units["kanwil_jatim"]
    assert proposal.verdict["tier"] == Tier.KANWIL and proposal.verdict["meets_scores"]
    assert proposal.total > 75
    codes = {c["code"]: c["passed"] for c in proposal.verdict["criteria"]}
    assert codes["total"] is True and codes["wealth_reports"] is None  # not known yet
    assert proposal.verdict["inputs"]["ministry"] == {"bpk_opinion": "WTP", "akip": "A"}
    assert Event.objects.filter(action="proposal.made", object_id=str(proposal.pk)).exists()


def test_a_unit_below_the_thresholds_stays_for_coaching_with_its_reasons(
    ministry: Ministry, year: AssessmentYear
) -> None:
    surveyed(year, ministry.units["kanim_sby"].pk, answer=2)
    lke = answered_lke(ministry, year, best=False)
    verify(ministry, lke, Tier.KANWIL)
    with pytest.raises(ProposalRefused) as refused:
        proposed(ministry, lke, Level.KANWIL)
    assert "pembinaan" in str(refused.value)
    assert any("Total" in reason or "total" in reason for reason in refused.value.reasons)
    lke.refresh_from_db()
    assert lke.status == Status.VERIFIED_BY_KANWIL
    assert not Proposal.objects.exists()


def test_a_unit_without_survey_results_cannot_be_proposed(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = answered_lke(ministry, year)
    verify(ministry, lke, Tier.KANWIL)
    with pytest.raises(ProposalRefused) as refused:
        proposed(ministry, lke, Level.KANWIL)
    assert any("belum ada data" in reason for reason in refused.value.reasons)


def test_who_may_propose_whom(ministry: Ministry, year: AssessmentYear) -> None:
    lke = answered_lke(ministry, year)  # a Kantor Imigrasi in Jawa Timur
    users = ministry.users
    assert may_propose(users["verifier_jatim"], lke, Level.KANWIL)
    assert not may_propose(users["verifier_jatim"], lke, Level.ESELON_I)
    assert may_propose(users["penilai_imigrasi"], lke, Level.ESELON_I)
    assert not may_propose(users["penilai_setjen"], lke, Level.ESELON_I)  # another line
    assert not may_propose(users["penilai_imigrasi"], lke, Level.KANWIL)
    assert may_propose(users["tpi_itjen"], lke, Level.TPI)
    assert not may_propose(users["operator_sby"], lke, Level.KANWIL)


def test_an_eselon_i_hands_its_candidates_over_only_in_its_window(
    ministry: Ministry, year: AssessmentYear
) -> None:
    surveyed(year, ministry.units["kanim_sby"].pk)
    lke = answered_lke(ministry, year)
    verify(ministry, lke, Tier.KANWIL)
    proposed(ministry, lke, Level.KANWIL)
    verify(ministry, lke, Tier.ESELON_I)
    yesterday = timezone.localdate() - timedelta(days=1)
    year.stages.filter(key="usulan_ke_tpi").update(
        starts_on=yesterday - timedelta(days=30), ends_on=yesterday
    )
    with pytest.raises(ProposalRefused) as refused:
        proposed(ministry, lke, Level.ESELON_I)
    assert "Tahap 9" in str(refused.value)
    year.stages.filter(key="usulan_ke_tpi").update(ends_on=timezone.localdate())
    proposed(ministry, lke, Level.ESELON_I)
    assert lke.status == Status.AT_TPI


def test_a_stored_verdict_does_not_change_when_the_data_does(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    surveyed(year, unit.pk)
    lke = answered_lke(ministry, year)
    verify(ministry, lke, Tier.KANWIL)
    proposal = proposed(ministry, lke, Level.KANWIL)
    kept = (proposal.total, proposal.verdict)
    surveyed(year, unit.pk, answer=1, respondents=500)  # the index falls far below 3.60
    proposal.refresh_from_db()
    assert (proposal.total, proposal.verdict) == kept


def test_wbbm_needs_wbk_on_the_register(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    surveyed(year, unit.pk)
    lke = answered_lke(ministry, year)
    verify(ministry, lke, Tier.KANWIL)
    with pytest.raises(ProposalRefused) as refused:
        proposed(ministry, lke, Level.KANWIL, Predicate.WBBM)
    assert any("WBK" in reason for reason in refused.value.reasons)
    record_earlier_grant(
        actor=ministry.users["tim_kementerian"],
        unit=unit,
        predicate=Predicate.WBK,
        year=year.year - 2,
        decree_number="B/123/M.SM.01/2028",
        granted_on=timezone.localdate().replace(year=year.year - 2, month=12, day=10),
    )
    proposal = proposed(ministry, lke, Level.KANWIL, Predicate.WBBM)
    assert proposal.verdict["inputs"]["previous_predicate"] == "WBK"


def test_the_tpi_recommends_within_the_quota_and_only_the_eligible(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from datetime import date

    from zona.proposals.services import record_quota

    unit = ministry.units["kanim_sby"]
    surveyed(year, unit.pk)
    lke = answered_lke(ministry, year)
    for tier, level in ((Tier.KANWIL, Level.KANWIL), (Tier.ESELON_I, Level.ESELON_I)):
        verify(ministry, lke, tier)
        proposed(ministry, lke, level)
    verify(ministry, lke, Tier.TPI)
    assert lke.status == Status.VERIFIED
    with pytest.raises(ProposalRefused) as refused:
        proposed(ministry, lke, Level.TPI)  # LHKPN/LHKASN not known yet
    assert any("LHKPN" in reason for reason in refused.value.reasons)
    reports_filed(ministry, year, "kanim_sby")
    with pytest.raises(ProposalRefused, match="[Kk]uota"):
        proposed(ministry, lke, Level.TPI)
    record_quota(
        actor=ministry.users["tpi_itjen"],
        year=year,
        units=1,
        letter_number="B/45/D.RB.01/2030",
        letter_date=date(year.year, 2, 1),
        document=None,
    )
    recommendation = proposed(ministry, lke, Level.TPI)
    assert recommendation.verdict["eligible"] is True


def test_a_proposal_is_made_once_per_level(ministry: Ministry, year: AssessmentYear) -> None:
    surveyed(year, ministry.units["kanim_sby"].pk)
    lke = answered_lke(ministry, year)
    verify(ministry, lke, Tier.KANWIL)
    proposed(ministry, lke, Level.KANWIL)
    with pytest.raises(ProposalRefused):
        propose(
            actor=ministry.users["verifier_jatim"],
            assessment=lke,
            level=Level.KANWIL,
            target=Predicate.WBK,
        )
    assert tallies  # the survey tallies module is what feeds the verdict
