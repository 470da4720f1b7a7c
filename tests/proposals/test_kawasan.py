"""Kawasan (Bab II B; Bab III A.3.d.3–4): the special team, the five integration indicators,
the kawasan criteria, and the penetapan on the register. WBBM is refused without WBK; the
kawasan criteria hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from tests.conftest import Ministry
from tests.proposals.conftest import answered_lke, reports_filed, surveyed
from zona.accounts.models import User
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear
from zona.files.services import store_bytes
from zona.organizations.models import Kawasan, KawasanMember
from zona.organizations.services import create_kawasan
from zona.proposals.kawasan.judge import aim_of, kawasan_verdict
from zona.proposals.kawasan.services import (
    KawasanRefused,
    grant_kawasan,
    record_earlier_kawasan_grant,
    record_integration,
    record_member_predicate,
    record_team,
)
from zona.proposals.models import KawasanGrant, KawasanTeam, Predicate
from zona.proposals.services import record_earlier_grant
from zona.scoring import INTEGRATION_INDICATORS

PDF = b"%PDF-1.4\n%sk tim khusus\n%%EOF\n"
BEA_CUKAI, KARANTINA = "Kementerian Keuangan", "Kementerian Pertanian"
KUMHAM = "Kementerian Hukum dan Hak Asasi Manusia"


@pytest.fixture
def kawasan(ministry: Ministry) -> Kawasan:
    return create_kawasan(
        actor=None,
        code="KWS-JUANDA",
        name="Kawasan Bandar Udara Internasional Juanda",
        kind="bandara",
        province="Jawa Timur",
        members=[
            {"instansi": BEA_CUKAI, "unit_name": "KPPBC Juanda", "unit": None},
            {
                "instansi": KUMHAM,
                "unit_name": "Kanim Surabaya",
                "unit": ministry.units["kanim_sby"],
            },
            {"instansi": KARANTINA, "unit_name": "Karantina Juanda", "unit": None},
        ],
    )


def itjen(ministry: Ministry) -> User:
    return ministry.users["tpi_itjen"]


def outside(kawasan: Kawasan) -> list[KawasanMember]:
    return list(kawasan.members.filter(unit__isnull=True).order_by("unit_name"))


def team(ministry: Ministry, kawasan: Kawasan, year: AssessmentYear) -> KawasanTeam:
    return record_team(
        actor=itjen(ministry),
        kawasan=kawasan,
        year=year,
        decree_number="KEP-01/TIMSUS/2030",
        signed_on=date(2030, 1, 20),
        issued_by="Para pimpinan instansi kawasan",
        document=store_bytes(actor=itjen(ministry), data=PDF),
        members=[
            (KUMHAM, "Siti Rahmawati", "Ketua"),
            (BEA_CUKAI.upper(), "Andi Saputra", "Anggota"),
            (KARANTINA, "Wati Susanti", ""),
        ],
    )


def scored(ministry: Ministry, kawasan: Kawasan, year: AssessmentYear, *values: D | int) -> D:
    scores = dict(zip([i.key for i in INTEGRATION_INDICATORS], values, strict=True))
    return record_integration(
        actor=itjen(ministry), kawasan=kawasan, year=year, scores=scores
    ).score


def outsiders_hold(ministry: Ministry, kawasan: Kawasan, predicate: str) -> None:
    for member in outside(kawasan):
        for held in (Predicate.WBK, Predicate.WBBM):
            record_member_predicate(
                actor=itjen(ministry),
                member=member,
                predicate=held,
                year=2027 if held == Predicate.WBK else 2029,
                source=f"Keputusan MenPAN-RB Nomor {held}/2027",
            )
            if held == predicate:
                break


def kanim_holds(ministry: Ministry, predicate: str) -> None:
    for held, year in ((Predicate.WBK, 2026), (Predicate.WBBM, 2028)):
        record_earlier_grant(
            actor=itjen(ministry),
            unit=ministry.units["kanim_sby"],
            predicate=held,
            year=year,
            decree_number=f"KEP-{held}-{year}",
            granted_on=date(year, 12, 10),
        )
        if held == predicate:
            break


def grant(
    ministry: Ministry, kawasan: Kawasan, year: AssessmentYear, predicate: str
) -> KawasanGrant:
    return grant_kawasan(
        actor=itjen(ministry),
        kawasan=kawasan,
        year=year,
        predicate=predicate,
        decree_number="KEP-MENPANRB-2030",
        granted_on=date(2030, 12, 10),
    )


def test_a_kawasan_meeting_every_criterion_enters_the_register(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    kanim_holds(ministry, Predicate.WBK)
    outsiders_hold(ministry, kawasan, Predicate.WBK)
    team(ministry, kawasan, year)
    assert scored(ministry, kawasan, year, 8, 7, 6, 7, D("4.5")) == D("6.5")  # at the threshold
    assert aim_of(kawasan, year) == Predicate.WBK
    granted = grant(ministry, kawasan, year, Predicate.WBK)
    assert (granted.predicate, granted.year, granted.integration.score) == ("WBK", 2030, D("6.5"))
    assert granted.verdict["eligible"] is True
    assert [m["passed"] for m in granted.verdict["members"]] == [True, True, True]
    event = Event.objects.get(action="kawasan.granted")
    assert event.after["kawasan"] == kawasan.pk and event.after["predicate"] == "WBK"
    page = ministry.client_for("operator_sby").get(reverse("proposals:register"))
    assert kawasan.name in page.content.decode()


def test_a_member_that_fails_the_unit_criteria_keeps_the_kawasan_out(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    """The ministry's unit holds nothing and its LKE, answered at its worst, fails its verdict."""
    surveyed(year, ministry.units["kanim_sby"].pk)
    reports_filed(ministry, year, "kanim_sby")
    answered_lke(ministry, year, best=False)
    outsiders_hold(ministry, kawasan, Predicate.WBK)
    team(ministry, kawasan, year)
    scored(ministry, kawasan, year, 9, 9, 9, 9, 9)
    verdict = kawasan_verdict(kawasan, year, Predicate.WBK)
    kanim = next(s for s in verdict.members if s.member.unit_id is not None)
    assert kanim.passed is False and kanim.total is not None and kanim.total < 75
    with pytest.raises(KawasanRefused) as refused:
        grant(ministry, kawasan, year, Predicate.WBK)
    failing = [r for r in refused.value.reasons if "Kanim Surabaya" in r]
    assert len(failing) == 1 and "total" in failing[0]
    assert not KawasanGrant.objects.exists()


def test_a_ministry_member_meets_the_unit_criteria_by_its_verdict(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    surveyed(year, ministry.units["kanim_sby"].pk)
    reports_filed(ministry, year, "kanim_sby")
    answered_lke(ministry, year, best=True)
    outsiders_hold(ministry, kawasan, Predicate.WBK)
    team(ministry, kawasan, year)
    scored(ministry, kawasan, year, 7, 7, 7, 7, 7)
    verdict = kawasan_verdict(kawasan, year, Predicate.WBK)
    assert [s.passed for s in verdict.members] == [True, True, True]
    assert verdict.eligible


def test_another_agencys_unit_without_a_recorded_predicate_is_not_known(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    kanim_holds(ministry, Predicate.WBK)
    first, second = outside(kawasan)
    record_member_predicate(
        actor=itjen(ministry), member=first, predicate="WBK", year=2029, source="KEP-1"
    )
    team(ministry, kawasan, year)
    scored(ministry, kawasan, year, 9, 9, 9, 9, 9)
    standings = {s.member.pk: s for s in kawasan_verdict(kawasan, year, "WBK").members}
    assert standings[first.pk].passed is True and "KEP-1" in standings[first.pk].criteria[0].message
    assert standings[second.pk].passed is None
    with pytest.raises(KawasanRefused) as refused:
        grant(ministry, kawasan, year, Predicate.WBK)
    assert any(second.unit_name in r for r in refused.value.reasons)


def test_an_integration_score_below_the_threshold_keeps_the_kawasan_out(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    kanim_holds(ministry, Predicate.WBK)
    outsiders_hold(ministry, kawasan, Predicate.WBK)
    team(ministry, kawasan, year)
    assert scored(ministry, kawasan, year, 7, 7, 6, 6, D("6.4")) == D("6.48")
    with pytest.raises(KawasanRefused) as refused:
        grant(ministry, kawasan, year, Predicate.WBK)
    assert refused.value.reasons == [
        "Skor integrasi proses bisnis kawasan 6,48 di bawah minimal 6,50."
    ]
    assert scored(ministry, kawasan, year, 7, 7, 6, 6, D("6.5")) == D("6.5")  # a new scoring
    assert grant(ministry, kawasan, year, Predicate.WBK).integration.score == D("6.5")


def test_wbbm_is_refused_without_wbk(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    kanim_holds(ministry, Predicate.WBBM)
    outsiders_hold(ministry, kawasan, Predicate.WBBM)
    team(ministry, kawasan, year)
    scored(ministry, kawasan, year, 9, 9, 9, 9, 9)
    with pytest.raises(KawasanRefused) as refused:
        grant(ministry, kawasan, year, Predicate.WBBM)
    assert refused.value.reasons == [
        "Predikat kawasan Menuju WBBM hanya untuk kawasan yang telah memperoleh predikat "
        "Menuju WBK."
    ]
    with pytest.raises(KawasanRefused):  # nor entered from the records without WBK before it
        record_earlier_kawasan_grant(
            actor=itjen(ministry),
            kawasan=kawasan,
            predicate=Predicate.WBBM,
            year=2028,
            decree_number="X",
            granted_on=date(2028, 12, 1),
        )
    record_earlier_kawasan_grant(
        actor=itjen(ministry),
        kawasan=kawasan,
        predicate=Predicate.WBK,
        year=2028,
        decree_number="KEP-2028",
        granted_on=date(2028, 12, 1),
    )
    assert aim_of(kawasan, year) == Predicate.WBBM
    assert grant(ministry, kawasan, year, Predicate.WBBM).predicate == "WBBM"
    assert aim_of(kawasan, year) == Predicate.WBBM  # the year's own grant is this year's result
    with pytest.raises(KawasanRefused, match="sudah memegang"):
        grant(ministry, kawasan, year, Predicate.WBBM)


def test_wbbm_needs_every_member_at_wbbm(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    kanim_holds(ministry, Predicate.WBBM)
    outsiders_hold(ministry, kawasan, Predicate.WBK)  # WBK only
    team(ministry, kawasan, year)
    scored(ministry, kawasan, year, 9, 9, 9, 9, 9)
    verdict = kawasan_verdict(kawasan, year, Predicate.WBBM)
    assert [s.passed for s in verdict.members] == [False, True, False]
    assert verdict.members[0].reasons == [
        "Memegang predikat Menuju WBK (2027; Keputusan MenPAN-RB Nomor WBK/2027), "
        "bukan Menuju WBBM."
    ]


def test_the_special_team_joins_the_tpis_of_the_kawasans_agencies(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    actor = itjen(ministry)
    scores = {i.key: D(8) for i in INTEGRATION_INDICATORS}
    with pytest.raises(KawasanRefused, match="tim khusus"):
        record_integration(actor=actor, kawasan=kawasan, year=year, scores=scores)
    document = store_bytes(actor=actor, data=PDF)
    common = {
        "actor": actor,
        "kawasan": kawasan,
        "year": year,
        "decree_number": "KEP-1",
        "signed_on": date(2030, 1, 20),
        "issued_by": "Pimpinan",
        "document": document,
    }
    with pytest.raises(KawasanRefused, match="dua instansi"):
        record_team(**common, members=[(KUMHAM, "A", ""), (KUMHAM, "B", "")])
    with pytest.raises(KawasanRefused, match="Kementerian Perhubungan"):
        record_team(**common, members=[(KUMHAM, "A", ""), ("Kementerian Perhubungan", "B", "")])
    recorded = team(ministry, kawasan, year)
    assert [(m.instansi, m.name) for m in recorded.members.all()] == [
        (KUMHAM, "Siti Rahmawati"),
        (BEA_CUKAI, "Andi Saputra"),  # named as the kawasan names the agency
        (KARANTINA, "Wati Susanti"),
    ]
    with pytest.raises(KawasanRefused) as refused:
        record_integration(
            actor=actor, kawasan=kawasan, year=year, scores={**scores, "sop": D("10.5")}
        )
    assert refused.value.reasons == ["sop: harus antara 0 dan 10"]
    integration = record_integration(actor=actor, kawasan=kawasan, year=year, scores=scores)
    assert (integration.team, integration.score) == (recorded, D(8))
    assert (
        Event.objects.filter(
            action__in=["kawasan.team_recorded", "kawasan.integration_scored"]
        ).count()
        == 2
    )


def test_the_predicate_of_a_ministry_unit_comes_from_the_register(
    ministry: Ministry, kawasan: Kawasan
) -> None:
    ours = kawasan.members.get(unit__isnull=False)
    with pytest.raises(KawasanRefused, match="register"):
        record_member_predicate(
            actor=itjen(ministry), member=ours, predicate="WBK", year=2029, source="KEP"
        )
    with pytest.raises(KawasanRefused, match="sumber"):
        record_member_predicate(
            actor=itjen(ministry),
            member=outside(kawasan)[0],
            predicate="WBK",
            year=2029,
            source=" ",
        )


# --- the pages --------------------------------------------------------------------------------


def test_the_kawasan_page_shows_the_indicators_and_the_recorder_scores_them(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    team(ministry, kawasan, year)
    client = ministry.client_for("tpi_itjen")
    url = reverse("kawasan:page", args=[kawasan.pk, 2030])
    values = {i.key: "8.5" for i in INTEGRATION_INDICATORS}
    response = client.post(reverse("kawasan:integration", args=[kawasan.pk, 2030]), values)
    assert response.status_code == 302
    text = client.get(url).content.decode()
    for indicator in INTEGRATION_INDICATORS:
        assert indicator.text in text
    assert "8,50" in text and "Andi Saputra" in text
    bad = client.post(
        reverse("kawasan:integration", args=[kawasan.pk, 2030]), {**values, "sop": "11"}
    )
    assert bad.status_code == 400


def test_the_kawasan_is_seen_where_its_ministry_unit_is(
    ministry: Ministry, year: AssessmentYear, kawasan: Kawasan
) -> None:
    url = reverse("kawasan:page", args=[kawasan.pk, 2030])
    assert ministry.client_for("operator_sby").get(url).status_code == 200
    assert ministry.client_for("operator_dps").get(url).status_code == 404
    listing = ministry.client_for("operator_dps").get(reverse("kawasan:index"))
    assert kawasan.name not in listing.content.decode()
    unit_page = ministry.client_for("operator_sby").get(
        reverse("unit_detail", args=[ministry.units["kanim_sby"].pk])
    )
    assert url in unit_page.content.decode()
