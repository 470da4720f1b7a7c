"""The demo ministry as `zona demo` loads it, and the home page over all of it."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zona.accounts.demo import demo_email, demo_user
from zona.accounts.models import Membership, Role, User
from zona.assessments.models import Assessment
from zona.assessments.workflow import Status, Tier
from zona.audit.models import Event
from zona.audit.verify import verify_chain
from zona.compliance.demo import load_demo_compliance
from zona.compliance.models import (
    Finding,
    FindingStatus,
    MinistryGrade,
    ReportStatus,
    WealthReport,
)
from zona.cycles.models import AssessmentYear
from zona.demo.ministry import load_demo
from zona.employees.models import Employee
from zona.notifications.models import Notification
from zona.organizations.models import Kawasan, Unit, UnitKind
from zona.pencanangan.demo import demo_dates
from zona.pencanangan.models import AppSignature, Declaration, PactScan, WitnessKind
from zona.pencanangan.summary import minister_declaration, pencanangan_status
from zona.surveys.models import SurveyPeriod


@pytest.fixture(scope="module")
def _demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):  # as when `zona demo` commits
            load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo: None, db: None) -> None:
    return None


def test_demo_counts(demo: None) -> None:
    assert Unit.objects.filter(kind=UnitKind.KEMENTERIAN).count() == 1
    assert Unit.objects.filter(kind=UnitKind.ESELON_I).count() == 11
    assert Unit.objects.filter(kind=UnitKind.KANWIL).count() == 33
    assert 880 <= Unit.objects.filter(kind=UnitKind.UPT).count() <= 950
    assert Kawasan.objects.count() == 2
    logins = User.objects.filter(email__in=[demo_email(role) for role in Role.values])
    assert logins.count() == len(Role) == 9  # one login per role
    assert set(Membership.objects.filter(user__in=logins).values_list("role", flat=True)) == set(
        Role.values
    )
    # the other accounts: the operator and head of each unit in the demo's proposals and of
    # the units whose LKE the dashboards count, and the team of each Kanwil that verified one
    others = Membership.objects.exclude(user__in=logins)
    assert set(others.values_list("role", flat=True)) == {
        "operator_satker", "kepala_satker", "tim_kerja_kanwil"
    }  # fmt: skip
    satker = others.exclude(role="tim_kerja_kanwil")
    staffed = set(satker.values_list("unit", flat=True))
    assert satker.count() == 2 * len(staffed)  # an operator and a head each
    assert staffed == set(
        Assessment.objects.filter(unit__in=staffed).values_list("unit", flat=True)
    )
    assert len(staffed) >= 15
    for membership in others.filter(role="tim_kerja_kanwil").select_related("unit"):
        assert membership.unit.kind == UnitKind.KANWIL


def test_demo_tree_is_consistent(demo: None) -> None:
    assert not Unit.objects.filter(kind=UnitKind.UPT, pembina__isnull=True).exists()
    assert not Unit.objects.filter(kind=UnitKind.KANWIL).exclude(pembina__code="SETJEN").exists()
    for kanwil in Unit.objects.filter(kind=UnitKind.KANWIL):
        subtree = Unit.objects.subtree_of(kanwil).exclude(pk=kanwil.pk)
        assert subtree.exists()
        assert not subtree.exclude(province=kanwil.province).exists()


def test_demo_loading_is_audited(demo: None) -> None:
    result = verify_chain()
    assert result.ok
    assert result.checked > Unit.objects.count()


def test_demo_verifier_sees_one_province(demo: None) -> None:
    verifier = demo_user(Role.TIM_KERJA_KANWIL)
    provinces = set(Unit.objects.visible_to(verifier).values_list("province", flat=True))
    assert provinces == {"Jawa Timur"}


def home_queries(user: User, query: str = "") -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home") + query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.PIMPINAN, Role.TIM_KERJA_KANWIL, Role.TIM_PENILAI_ESELON_I])
def test_home_runs_a_constant_number_of_queries(demo: None, role: str) -> None:
    user = demo_user(role)
    first_page = home_queries(user)
    # session, user, memberships, count, rows, counts per kind, bell, and the dashboard's
    # fixed set (year, units, LKE with summaries, survey period and tallies, compliance,
    # register, schedule)
    assert first_page <= 24
    assert home_queries(user, "?page=3") == first_page
    assert home_queries(user, "?q=kelas&kind=upt") == first_page


def test_demo_gives_the_province_its_compliance_data(demo: None) -> None:
    year = AssessmentYear.objects.first()
    province = Unit.objects.filter(province="Jawa Timur", kind__in=[UnitKind.KANWIL, UnitKind.UPT])
    listed = set(WealthReport.objects.values_list("employee__unit_id", flat=True))
    assert listed == set(province.values_list("pk", flat=True))  # every unit has its list
    assert WealthReport.objects.filter(status=ReportStatus.NOT_FILED).exists()
    statuses = set(Finding.objects.values_list("status", flat=True))
    assert statuses >= {FindingStatus.OPEN, FindingStatus.RETURNED, FindingStatus.FOLLOWED_UP}
    operator = demo_user(Role.OPERATOR_SATKER)
    waiting = Finding.objects.get(status=FindingStatus.SUBMITTED)
    assert waiting.unit == operator.memberships.get().unit
    assert waiting.follow_ups.get().created_by == operator
    grades = {g.scale: g for g in MinistryGrade.objects.all()}
    assert (grades["bpk_opinion"].grade, grades["akip"].grade) == ("WTP", "BB")
    assert grades["akip"].document.kind == "pdf"
    assert Event.objects.filter(action="finding.created").count() == Finding.objects.count()

    counts = (Finding.objects.count(), WealthReport.objects.count(), MinistryGrade.objects.count())
    load_demo_compliance(
        year,
        list(province),
        featured=operator.memberships.get().unit,
        itjen=demo_user(Role.TPI_ITJEN),
        operator=operator,
        head=demo_user(Role.KEPALA_SATKER),
        ministry_team=demo_user(Role.TIM_KERJA_KEMENTERIAN),
    )
    assert counts == (
        Finding.objects.count(),
        WealthReport.objects.count(),
        MinistryGrade.objects.count(),
    )


def test_demo_lke_waits_for_the_kanwil_verifier(demo: None) -> None:
    lke = Assessment.objects.get(
        assessment_year=AssessmentYear.objects.first(),
        unit=demo_user(Role.OPERATOR_SATKER).memberships.get().unit,
    )
    operator = demo_user(Role.OPERATOR_SATKER)
    assert lke.unit == operator.memberships.get().unit
    assert lke.status == Status.AT_KANWIL
    assert lke.answers.filter(tier=Tier.SATKER).exclude(value="").count() == 81
    assert lke.submitted_by == demo_user(Role.KEPALA_SATKER)
    verifier = demo_user(Role.TIM_KERJA_KANWIL)
    client = Client()
    client.force_login(verifier)
    assert lke.unit.name in client.get(reverse("assessments:inbox")).content.decode()


def test_demo_pencanangan_of_the_operators_unit(demo: None) -> None:
    operator = demo_user(Role.OPERATOR_SATKER)
    head = demo_user(Role.KEPALA_SATKER)
    unit = operator.memberships.get().unit
    declaration = Declaration.objects.get(unit=unit)
    assert declaration.declared_by == head.full_name
    assert unit.kind == UnitKind.UPT
    status = pencanangan_status(unit, declaration.assessment_year)
    assert status.complete and status.missing_witnesses == ()  # every witness a UPT invites
    assert declaration.witnesses.filter(kind=WitnessKind.RELIGIOUS).exists()
    assert declaration.charter_versions.count() == 1
    listed = set(Employee.objects.filter(unit=unit).values_list("nip", flat=True))
    assert listed == set(
        WealthReport.objects.filter(employee__unit=unit).values_list("employee__nip", flat=True)
    )
    signed_in_zona = set(AppSignature.objects.values_list("employee__nip", flat=True))
    assert signed_in_zona == {head.nip, operator.nip}
    assert PactScan.objects.filter(employee__unit=unit).exists()


def test_demo_ministers_pencanangan_comes_first(demo: None) -> None:
    """Recorded by the ministry team, witnessed by the KPK and the Ombudsman RI, dated before
    the demo unit's, both inside the year's stage-5 window and not after today."""
    year = AssessmentYear.objects.first()
    minister = minister_declaration(year)
    assert minister is not None and minister.declared_on is not None
    assert minister.updated_by == demo_user(Role.TIM_KERJA_KEMENTERIAN)
    assert pencanangan_status(minister.unit, year).complete
    operator = demo_user(Role.OPERATOR_SATKER)
    unit = operator.memberships.get().unit
    status = pencanangan_status(unit, year)
    assert status.declared_on is not None
    assert status.minister_declared_on == minister.declared_on < status.declared_on
    assert not status.before_minister
    window = year.stages.get(key="pencanangan")
    assert window.starts_on <= minister.declared_on < status.declared_on <= window.ends_on
    assert status.declared_on <= timezone.localdate()


@pytest.mark.parametrize(
    ("today", "minister", "unit"),
    [
        # January of the year is past: the Minister on its first Monday from the 4th, the
        # unit ten days later
        (date(2027, 3, 1), date(2027, 1, 4), date(2027, 1, 14)),
        (date(2028, 2, 1), date(2028, 1, 10), date(2028, 1, 20)),
        # loaded before the demo year's January ended: the last days before today
        (date(2027, 1, 10), date(2027, 1, 4), date(2027, 1, 8)),
        (date(2026, 12, 7), date(2026, 12, 1), date(2026, 12, 5)),
    ],
)
def test_demo_pencanangan_dates(today: date, minister: date, unit: date) -> None:
    year = minister.year if minister.month == 1 else minister.year + 1
    window = (min(date(year, 1, 1), today - timedelta(days=7)), max(date(year, 1, 31), today))
    assert demo_dates(year, *window, today) == (minister, unit)


def test_demo_pencanangan_dates_refuse_a_window_without_room() -> None:
    with pytest.raises(ValueError, match="no room"):
        demo_dates(2027, date(2027, 1, 1), date(2027, 1, 31), date(2027, 1, 2))


def test_demo_carries_the_earlier_year_to_the_register(demo: None) -> None:
    from zona.proposals.models import Decree, Grant, Level, Proposal, TpnOutcome

    current, past = AssessmentYear.objects.order_by("-year")[:2]
    assert past.year == current.year - 1
    candidates = Proposal.objects.filter(assessment_year=past, level=Level.TPI)
    assert candidates.count() == 3
    decree = Decree.objects.get(assessment_year=past)
    assert decree.signed_on.year == past.year and decree.signed_on.month == 5
    assert decree.candidates.count() == 3
    assert decree.package.status == "ready" and decree.package.file is not None
    # every act of the earlier year happened in its window, in order
    kanwil = Proposal.objects.filter(assessment_year=past, level=Level.KANWIL)
    assert all(p.proposed_at.month == 3 for p in kanwil)
    assert all(p.proposed_at.month == 4 for p in candidates)
    steps = TpnOutcome.objects.filter(candidate__decree=decree)
    assert all(step.on > decree.signed_on for step in steps)
    granted = Grant.objects.filter(year=past.year)
    earlier = Grant.objects.filter(year__lt=past.year)
    assert earlier.filter(predicate="WBBM").exists()
    assert earlier.filter(predicate="WBK").count() >= 3
    if timezone.localdate() >= date(past.year, 12, 3):
        assert granted.count() == 2
    assert verify_chain().ok


def test_demo_kanwil_board_shows_each_kind_of_unit(demo: None) -> None:
    from zona.proposals.board import board_for
    from zona.proposals.models import Level

    year = AssessmentYear.objects.first()
    assert year is not None
    board = board_for(demo_user(Role.TIM_KERJA_KANWIL), year, Level.KANWIL)
    assert len(board.proposable) == 1 and len(board.coached) == 1 and len(board.sent) == 1
    assert board.waiting  # the operator's own LKE
    assert board.coached[0].verdict.reasons


def test_demo_kawasan_is_assessed_with_its_five_indicators(demo: None) -> None:
    from zona.proposals.kawasan.judge import kawasan_verdict
    from zona.proposals.models import KawasanIntegration

    integration = KawasanIntegration.objects.select_related("kawasan", "team").get()
    assert integration.kawasan.code == "KWS-SOETTA"
    assert integration.score == 7 and len(integration.scores) == 5
    assert integration.team.members.values("instansi").distinct().count() == 6
    verdict = kawasan_verdict(integration.kawasan, integration.assessment_year, "WBK")
    assert [s.passed for s in verdict.members].count(None) == 2  # the Kanim, and Kemenkes
    assert not verdict.eligible
    client = Client()
    client.force_login(User.objects.get(email="tpi.itjen@demo.kemenkumham.go.id"))
    page = client.get(
        reverse("kawasan:page", args=[integration.kawasan.pk, integration.assessment_year.year])
    )
    assert page.status_code == 200
    assert "Kantor Imigrasi Kelas I Khusus TPI Soekarno-Hatta" in page.content.decode()


def test_demo_teams_have_their_decrees(demo: None) -> None:
    from zona.teams.models import TeamDecree

    decrees = TeamDecree.objects.select_related("unit").order_by("kind")
    assert [d.kind for d in decrees] == ["tim_kerja", "tpi"]
    assert all(not m.by_decree for d in decrees for m in d.members.all())  # held before
    logins = User.objects.filter(email__in=[demo_email(role) for role in Role.values])
    assert Membership.objects.filter(user__in=logins).count() == 9  # no role given twice


def test_demo_notifications_follow_the_lke_moves(demo: None) -> None:
    verifier = demo_user(Role.TIM_KERJA_KANWIL)
    mine = Notification.objects.filter(user=verifier)
    today = timezone.localdate()
    # what still waits for her (the demo operator's LKE, submitted today) is new; the earlier
    # year's chain and today's LKEs she has verified since, she has read
    lke = Assessment.objects.get(unit=demo_user(Role.OPERATOR_SATKER).memberships.get().unit)
    unread = mine.filter(read_at__isnull=True)
    assert [n.url for n in unread] == [reverse("assessments:lke", args=[lke.pk])]
    read = mine.exclude(read_at=None)
    assert any(timezone.localtime(n.created_at).date() < today for n in read)
    assert any(timezone.localtime(n.created_at).date() == today for n in read)
    # the satker of this year's verified LKEs have news waiting
    assert Notification.objects.filter(
        read_at=None, user__memberships__role=Role.OPERATOR_SATKER
    ).exists()
    # each is dated by the move it tells of, and nobody has one about a move not made
    for n in Notification.objects.exclude(url=""):
        pk = int(n.url.rstrip("/").split("/")[-1])
        assert Assessment.objects.get(pk=pk).transitions.filter(at=n.created_at).exists()


def test_demo_public_page_shows_results_pencanangan_and_predicates(demo: None) -> None:
    """/publik/ over the demo: the earlier year's candidates with their published survey
    results, their pencanangan and their predicates."""
    from zona.proposals.models import Grant, Level, Proposal

    current, past = AssessmentYear.objects.order_by("-year")[:2]
    client = Client()
    index = client.get(reverse("publik:index"), {"predicate": "WBK"}).content.decode()
    assert "Menuju WBK" in index
    for proposal in Proposal.objects.filter(assessment_year=past, level=Level.TPI):
        found = client.get(reverse("publik:index"), {"q": proposal.unit.code}).content.decode()
        assert proposal.unit.name in found and "(A, Sangat Baik)" in found
        page = client.get(reverse("publik:unit", args=[proposal.unit_id])).content.decode()
        assert f"Survei tahun {past.year}" in page and "Sangat Baik" in page
        assert f"{past.year}: dicanangkan pada" in page
        assert "pencanangan Menteri" in page
        if Grant.objects.filter(unit_id=proposal.unit_id).exists():
            assert "ditetapkan tahun" in page


def test_demo_public_pages_hold_no_personal_data(demo: None) -> None:
    """No person's name, NIP or e-mail on /publik/ or on the page of any unit with something
    public, over everything the demo records (users, employees, heads, witnesses)."""
    import re

    from zona.pencanangan.models import Witness
    from zona.proposals.models import Grant
    from zona.surveys.models import UnitTally

    people = set(Declaration.objects.values_list("declared_by", flat=True))
    people |= set(Witness.objects.values_list("name", flat=True))
    for full_name, nip, email in User.objects.values_list("full_name", "nip", "email"):
        people |= {full_name, nip or "", email}
    for name, nip in Employee.objects.values_list("name", "nip"):
        people |= {name, nip}
    people.discard("")
    units = set(Declaration.objects.values_list("unit_id", flat=True))
    units |= set(Grant.objects.values_list("unit_id", flat=True))
    units |= set(UnitTally.objects.values_list("unit_id", flat=True)[:50])
    units -= {Unit.objects.get(kind=UnitKind.KEMENTERIAN).pk}
    client = Client()
    pages = [
        client.get(reverse("publik:index")),
        client.get(reverse("publik:index"), {"halaman": 2}),
    ]
    pages += [client.get(reverse("publik:unit", args=[pk])) for pk in sorted(units)]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert not [person for person in people if person in body]
        assert not re.search(r"\b\d{18}\b", body)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", body)


def test_the_demo_lke_has_evidence_and_its_survey_lies_in_its_window(demo: None) -> None:
    operator = demo_user(Role.OPERATOR_SATKER)
    lke = Assessment.objects.filter(unit=operator.memberships.get().unit).latest(
        "assessment_year__year"
    )
    files = lke.evidence.filter(current__isnull=False)
    assert files.count() >= 30  # a scanned document for most questions, for the verifier
    assert {e.current.stored_file.kind for e in files.select_related("current__stored_file")} == {
        "pdf"
    }
    for period in SurveyPeriod.objects.select_related("assessment_year"):
        stage = period.assessment_year.stages.get(key="survei")
        assert stage.starts_on <= period.opens_on <= period.closes_on <= stage.ends_on
