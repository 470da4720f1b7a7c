"""Teams as recorded acts (rows 3–4): a decree names its members and gives them their roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.assessments.conftest import make_year
from tests.conftest import Ministry
from zona.accounts.models import Membership, Role, User
from zona.accounts.services import create_user
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear
from zona.files.services import store_bytes
from zona.teams.access import may_record
from zona.teams.models import TeamDecree, TeamKind, TeamMember
from zona.teams.services import TeamRefused, in_force, record_team_decree

PDF = b"%PDF-1.4\n%sk tim\n%%EOF\n"


@pytest.fixture
def year(ministry: Ministry) -> AssessmentYear:
    return make_year()


def person(name: str, nip: str) -> User:
    return create_user(
        actor=None, nip=nip, email=f"{name}@example.go.id", full_name=name.title(), password=None
    )


def decree(
    ministry: Ministry,
    year: AssessmentYear,
    members: list[tuple[str, str]],
    *,
    unit: str = "kanim_sby",
    kind: str = TeamKind.TIM_KERJA,
    persona: str = "kepala_sby",
    number: str = "W15.IMI.IMI.1-UM.01.01-001",
) -> TeamDecree:
    actor = ministry.users[persona]
    return record_team_decree(
        actor=actor,
        unit=ministry.units[unit],
        year=year,
        kind=kind,
        number=number,
        signed_on=date(2030, 1, 6),
        document=store_bytes(actor=actor, data=PDF),
        members=members,
    )


def roles_in(ministry: Ministry, user: User, unit: str = "kanim_sby") -> set[str]:
    return set(
        Membership.objects.filter(user=user, unit=ministry.units[unit]).values_list(
            "role", flat=True
        )
    )


def test_the_head_records_the_working_team_and_each_member_gets_the_role(
    ministry: Ministry, year: AssessmentYear
) -> None:
    ani = person("ani", "199001012015012001")
    budi = person("budi", "199002022015011002")
    recorded = decree(
        ministry,
        year,
        [(ani.nip or "", Role.OPERATOR_SATKER), ("BUDI@example.go.id", Role.OPERATOR_SATKER)],
    )
    assert roles_in(ministry, ani) == roles_in(ministry, budi) == {Role.OPERATOR_SATKER}
    assert [(m.user, m.role, m.by_decree) for m in recorded.members.order_by("user__nip")] == [
        (ani, Role.OPERATOR_SATKER, True),
        (budi, Role.OPERATOR_SATKER, True),
    ]
    event = Event.objects.get(action="team.decree_recorded")
    assert (event.after or {})["members"] == [
        [ani.pk, "operator_satker"],
        [budi.pk, "operator_satker"],
    ]
    granted = Event.objects.filter(action="membership.granted", after__user__in=[ani.pk, budi.pk])
    assert granted.count() == 2


def test_a_member_without_an_account_is_refused_naming_every_one(
    ministry: Ministry, year: AssessmentYear
) -> None:
    ani = person("ani", "199001012015012001")
    with pytest.raises(TeamRefused) as refused:
        decree(
            ministry,
            year,
            [
                (ani.email, Role.OPERATOR_SATKER),
                ("199912312020121001", Role.OPERATOR_SATKER),
                ("siapa@example.go.id", Role.OPERATOR_SATKER),
            ],
        )
    assert "199912312020121001" in str(refused.value)
    assert "siapa@example.go.id" in str(refused.value)
    assert ani.email not in str(refused.value)
    assert not TeamDecree.objects.exists()
    assert roles_in(ministry, ani) == set()


def test_an_inactive_account_counts_as_none(ministry: Ministry, year: AssessmentYear) -> None:
    ani = person("ani", "199001012015012001")
    User.objects.filter(pk=ani.pk).update(is_active=False)
    with pytest.raises(TeamRefused, match=ani.nip or ""):
        decree(ministry, year, [(ani.nip or "", Role.OPERATOR_SATKER)])


def test_a_later_decree_takes_back_only_the_roles_the_team_gave(
    ministry: Ministry, year: AssessmentYear
) -> None:
    """The operator held her role before any decree: kept. Ani got hers from the first decree
    and keeps it while a decree names her; left out, she loses it. History stays."""
    ani = person("ani", "199001012015012001")
    budi = person("budi", "199002022015011002")
    operator = ministry.users["operator_sby"]
    first = decree(
        ministry,
        year,
        [(ani.nip or "", Role.OPERATOR_SATKER), (operator.email, Role.OPERATOR_SATKER)],
        number="SK-1",
    )
    second = decree(
        ministry,
        year,
        [(ani.nip or "", Role.OPERATOR_SATKER), (budi.nip or "", Role.OPERATOR_SATKER)],
        number="SK-2",
    )
    assert second.replaces == first
    assert roles_in(ministry, operator) == {Role.OPERATOR_SATKER}  # held before: kept
    assert roles_in(ministry, ani) == {Role.OPERATOR_SATKER}
    third = decree(ministry, year, [(budi.nip or "", Role.OPERATOR_SATKER)], number="SK-3")
    assert roles_in(ministry, ani) == set()  # given by the team's decrees, now left out
    assert roles_in(ministry, budi) == {Role.OPERATOR_SATKER}
    assert in_force(ministry.units["kanim_sby"], TeamKind.TIM_KERJA) == third
    assert TeamDecree.objects.count() == 3
    assert TeamMember.objects.filter(decree=first).count() == 2  # the record is never deleted
    revoked = Event.objects.get(action="membership.revoked")
    assert revoked.before == {
        "user": ani.pk,
        "unit": ministry.units["kanim_sby"].pk,
        "role": "operator_satker",
    }
    last = Event.objects.get(action="team.decree_recorded", after__number="SK-3")
    assert (last.after or {})["revoked"] == [[ani.pk, "operator_satker"]]


def test_a_decree_gives_only_the_roles_of_its_team(
    ministry: Ministry, year: AssessmentYear
) -> None:
    ani = person("ani", "199001012015012001")
    with pytest.raises(TeamRefused, match="Operator satker"):
        decree(ministry, year, [(ani.nip or "", Role.TIM_KERJA_KANWIL)])  # not in a UPT
    with pytest.raises(TeamRefused):
        decree(
            ministry,
            year,
            [(ani.nip or "", Role.KEPALA_SATKER)],
            unit="kanwil_jatim",
            persona="admin",
        )
    kanwil = decree(
        ministry,
        year,
        [(ani.nip or "", Role.TIM_KERJA_KANWIL)],
        unit="kanwil_jatim",
        persona="admin",
    )
    assert roles_in(ministry, ani, "kanwil_jatim") == {Role.TIM_KERJA_KANWIL}
    assert kanwil.kind == TeamKind.TIM_KERJA
    with pytest.raises(TeamRefused):  # a UPT forms no TPI
        decree(ministry, year, [(ani.nip or "", Role.TPI_ITJEN)], kind=TeamKind.TPI)


def test_each_team_in_the_window_of_its_stage(ministry: Ministry, year: AssessmentYear) -> None:
    """Row 3 (stage 3) for the working teams and the Eselon I's, row 4 (stage 4) for the TPI."""
    ani = person("ani", "199001012015012001")
    long_ago = timezone.localdate() - timedelta(days=400)
    year.stages.filter(key="tpi").update(starts_on=long_ago, ends_on=long_ago)
    with pytest.raises(TeamRefused, match="Tim Penilai Internal"):
        decree(
            ministry,
            year,
            [(ani.nip or "", Role.TPI_ITJEN)],
            unit="itjen",
            kind=TeamKind.TPI,
            persona="tpi_itjen",
        )
    decree(
        ministry,
        year,
        [(ani.nip or "", Role.TIM_PENILAI_ESELON_I)],
        unit="djim",
        kind=TeamKind.TIM_PENILAI,
        persona="penilai_imigrasi",
    )
    year.stages.filter(key="tim_kerja").update(starts_on=long_ago, ends_on=long_ago)
    with pytest.raises(TeamRefused, match="tim kerja"):
        decree(ministry, year, [(ani.nip or "", Role.OPERATOR_SATKER)])


def test_a_decree_of_an_earlier_year_cannot_replace_the_one_in_force(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.cycles.services import create_year

    later = create_year(actor=None, year=2031, instrument=year.instrument)
    later.stages.update(starts_on=timezone.localdate(), ends_on=timezone.localdate())
    ani = person("ani", "199001012015012001")
    decree(ministry, later, [(ani.nip or "", Role.OPERATOR_SATKER)], number="SK-2031")
    with pytest.raises(TeamRefused, match="SK-2031"):
        decree(ministry, year, [(ani.nip or "", Role.OPERATOR_SATKER)], number="SK-2030")


@pytest.mark.parametrize(
    ("persona", "unit", "kind", "allowed"),
    [
        ("kepala_sby", "kanim_sby", TeamKind.TIM_KERJA, True),
        ("operator_sby", "kanim_sby", TeamKind.TIM_KERJA, False),
        ("kepala_sby", "kanim_dps", TeamKind.TIM_KERJA, False),  # not the head of that unit
        ("verifier_jatim", "kanwil_jatim", TeamKind.TIM_KERJA, False),
        ("penilai_imigrasi", "djim", TeamKind.TIM_PENILAI, True),
        ("penilai_imigrasi", "setjen", TeamKind.TIM_PENILAI, False),
        ("penilai_imigrasi", "djim", TeamKind.TIM_KERJA, False),
        ("tpi_itjen", "itjen", TeamKind.TPI, True),
        ("tim_kementerian", "balitbang", TeamKind.TPI, True),
        ("tpi_balitbang", "balitbang", TeamKind.TPI, False),
        ("tim_kementerian", "kementerian", TeamKind.TIM_KERJA_KEMENTERIAN, True),
        ("tpi_itjen", "kementerian", TeamKind.TIM_KERJA_KEMENTERIAN, False),
        ("pimpinan", "kementerian", TeamKind.TPI, False),
        ("admin", "kanim_dps", TeamKind.TIM_KERJA, True),
    ],
)
def test_who_records_which_team(
    ministry: Ministry, persona: str, unit: str, kind: str, allowed: bool
) -> None:
    assert may_record(ministry.users[persona], ministry.units[unit], kind) is allowed


# --- the pages --------------------------------------------------------------------------------


def test_the_head_records_a_decree_on_its_page_and_the_team_page_lists_the_members(
    ministry: Ministry, year: AssessmentYear
) -> None:
    ani = person("ani", "199001012015012001")
    unit = ministry.units["kanim_sby"]
    client = ministry.client_for("kepala_sby")
    url = reverse("teams:record", args=[unit.pk, 2030, TeamKind.TIM_KERJA])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "number": "W15.IMI-UM.01.01-7",
            "signed_on": "2030-01-06",
            "document": SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"),
            "members_operator_satker": f"{ani.nip}\n\n{ani.nip}",
        },
    )
    assert response.status_code == 302
    assert roles_in(ministry, ani) == {Role.OPERATOR_SATKER}
    page = client.get(reverse("teams:team", args=[unit.pk, 2030]))
    assert page.status_code == 200
    assert "W15.IMI-UM.01.01-7" in page.content.decode()
    assert "Ani" in page.content.decode()
    recorded = TeamDecree.objects.get()
    download = client.get(reverse("teams:decree_file", args=[recorded.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_form_lists_the_members_without_an_account(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    response = ministry.client_for("kepala_sby").post(
        reverse("teams:record", args=[unit.pk, 2030, TeamKind.TIM_KERJA]),
        {
            "number": "SK-9",
            "signed_on": "2030-01-06",
            "document": SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"),
            "members_operator_satker": "199912312020121001, orang@contoh.go.id",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "199912312020121001" in text and "orang@contoh.go.id" in text
    assert not TeamDecree.objects.exists()


def test_the_unit_page_links_to_its_teams(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    page = ministry.client_for("operator_sby").get(reverse("unit_detail", args=[unit.pk]))
    assert reverse("teams:team", args=[unit.pk, 2030]) in page.content.decode()
