"""The verification chain through the services: every allowed and forbidden move."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.assessments.conftest import answer_all, lke_of
from tests.conftest import Ministry
from zona.assessments.models import Answer, ItemReview, ReviewState, Transition
from zona.assessments.services import (
    EditConflict,
    WorkflowError,
    finish_review,
    resubmit,
    review_item,
    save_answer,
    submit,
)
from zona.assessments.workflow import (
    ALLOWED_TRANSITIONS,
    Action,
    Status,
    Tier,
    chain_of,
    is_allowed,
)
from zona.audit.models import Event
from zona.audit.verify import verify_chain
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question


def accept_all(ministry: Ministry, assessment, tier: Tier, persona: str) -> None:  # type: ignore[no-untyped-def]
    for review in ItemReview.objects.filter(assessment=assessment, tier=tier):
        review_item(
            actor=ministry.users[persona],
            assessment=assessment,
            question=review.question,
            tier=tier,
            accept=True,
            note="",
            expected_version=review.version,
        )


def test_chains_follow_gambar_8(ministry: Ministry) -> None:
    assert chain_of(ministry.units["kanim_sby"]) == (Tier.KANWIL, Tier.ESELON_I, Tier.TPI)
    assert chain_of(ministry.units["kanwil_jatim"]) == (Tier.ESELON_I, Tier.TPI)
    assert chain_of(ministry.units["djim"]) == (Tier.TPI,)


def test_the_transition_table_allows_only_its_entries() -> None:
    for status in Status:
        for action in Action:
            for target in Status:
                expected = target in ALLOWED_TRANSITIONS.get((status, action), frozenset())
                assert is_allowed(status, action, target) is expected


def test_the_whole_loop_with_one_return(ministry: Ministry, year: AssessmentYear) -> None:
    from tests.proposals.conftest import grade_the_ministry, proposed, survey_period, surveyed
    from zona.proposals.models import Level

    survey_period(ministry, year)
    surveyed(year, ministry.units["kanim_sby"].pk)
    grade_the_ministry(ministry, year, bpk="WTP", akip="A")
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    lke.refresh_from_db()
    assert lke.status == Status.AT_KANWIL
    assert ItemReview.objects.filter(assessment=lke, tier=Tier.KANWIL).count() == 81

    returned_q = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    accept_all(ministry, lke, Tier.KANWIL, "verifier_jatim")
    review = ItemReview.objects.get(assessment=lke, tier=Tier.KANWIL, question=returned_q)
    review_item(
        actor=ministry.users["verifier_jatim"],
        assessment=lke,
        question=returned_q,
        tier=Tier.KANWIL,
        accept=False,
        note="SK tim kerja belum diunggah.",
        expected_version=review.version,
    )
    finish_review(actor=ministry.users["verifier_jatim"], assessment=lke, tier=Tier.KANWIL)
    lke.refresh_from_db()
    assert lke.status == Status.RETURNED_BY_KANWIL
    review.refresh_from_db()
    assert review.returned_count == 1 and review.due_on is not None

    # only the returned item may change now
    other = Question.objects.get(instrument=year.instrument, code="MP.1.b")
    with pytest.raises(WorkflowError):
        save_answer(
            actor=ministry.users["operator_sby"],
            assessment=lke,
            question=other,
            value=other.options[0]["label"],
            note="",
            expected_version=1,
        )
    answer = Answer.objects.get(assessment=lke, question=returned_q, tier=Tier.SATKER)
    save_answer(
        actor=ministry.users["operator_sby"],
        assessment=lke,
        question=returned_q,
        value=answer.value,
        note="SK diunggah.",
        expected_version=answer.version,
    )
    resubmit(actor=ministry.users["kepala_sby"], assessment=lke)
    lke.refresh_from_db()
    assert lke.status == Status.AT_KANWIL and lke.revision == 1
    accept_all(ministry, lke, Tier.KANWIL, "verifier_jatim")
    finish_review(actor=ministry.users["verifier_jatim"], assessment=lke, tier=Tier.KANWIL)
    lke.refresh_from_db()
    assert lke.status == Status.VERIFIED_BY_KANWIL  # it goes up when the Kanwil proposes it
    proposed(ministry, lke, Level.KANWIL)
    assert lke.status == Status.AT_ESELON_I

    accept_all(ministry, lke, Tier.ESELON_I, "penilai_imigrasi")
    finish_review(actor=ministry.users["penilai_imigrasi"], assessment=lke, tier=Tier.ESELON_I)
    lke.refresh_from_db()
    assert lke.status == Status.VERIFIED_BY_ESELON_I
    proposed(ministry, lke, Level.ESELON_I)
    assert lke.status == Status.AT_TPI
    accept_all(ministry, lke, Tier.TPI, "tpi_itjen")
    finish_review(actor=ministry.users["tpi_itjen"], assessment=lke, tier=Tier.TPI)
    lke.refresh_from_db()
    assert lke.status == Status.VERIFIED
    moves = list(Transition.objects.filter(assessment=lke).values_list("action", flat=True))
    assert moves == [
        "submit",
        "return",
        "resubmit",
        "accept",
        "propose",
        "accept",
        "propose",
        "accept",
    ]
    assert Event.objects.filter(action__startswith="lke.").count() > 81 * 4
    assert verify_chain().ok


def test_a_verifier_answer_never_overwrites_the_satker(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    save_answer(
        actor=ministry.users["verifier_jatim"],
        assessment=lke,
        question=question,
        value="Tidak",
        note="Tidak terbukti.",
        expected_version=0,
        tier=Tier.KANWIL,
    )
    values = dict(
        Answer.objects.filter(assessment=lke, question=question).values_list("tier", "value")
    )
    assert values == {Tier.SATKER: "Ya", Tier.KANWIL: "Tidak"}


def test_the_second_of_two_concurrent_saves_is_refused(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    save_answer(
        actor=ministry.users["operator_sby"],
        assessment=lke,
        question=question,
        value="Ya",
        note="",
        expected_version=0,
    )
    with pytest.raises(EditConflict) as conflict:
        save_answer(
            actor=ministry.users["kepala_sby"],
            assessment=lke,
            question=question,
            value="Tidak",
            note="",
            expected_version=0,
        )
    assert "Ya" in str(conflict.value)
    assert Answer.objects.get(assessment=lke, question=question, tier=Tier.SATKER).value == "Ya"


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (Status.DRAFT, "resubmit"),
        (Status.DRAFT, "finish"),
        (Status.AT_KANWIL, "submit"),
        (Status.VERIFIED, "submit"),
        (Status.VERIFIED, "finish"),
        (Status.RETURNED_BY_TPI, "finish"),
        (Status.AT_TPI, "resubmit"),
    ],
)
def test_forbidden_moves_are_refused(
    ministry: Ministry, year: AssessmentYear, status: Status, call: str
) -> None:
    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    type(lke).objects.filter(pk=lke.pk).update(status=status)
    lke.refresh_from_db()
    actions = {
        "submit": lambda: submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True),
        "resubmit": lambda: resubmit(actor=ministry.users["kepala_sby"], assessment=lke),
        "finish": lambda: finish_review(
            actor=ministry.users["verifier_jatim"], assessment=lke, tier=Tier.KANWIL
        ),
    }
    with pytest.raises(WorkflowError):
        actions[call]()
    lke.refresh_from_db()
    assert lke.status == status


def test_submit_needs_attestation_and_every_answer(
    ministry: Ministry, year: AssessmentYear
) -> None:
    lke = lke_of(ministry, year)
    with pytest.raises(WorkflowError, match="81"):
        submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    answer_all(ministry, lke)
    with pytest.raises(WorkflowError):
        submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=False)


def test_a_closed_filling_window_refuses_answers(ministry: Ministry, year: AssessmentYear) -> None:
    today = timezone.localdate()
    year.stages.filter(key="pengisian_lke").update(
        starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=1)
    )
    lke = lke_of(ministry, year)
    question = Question.objects.get(instrument=year.instrument, code="MP.1.a")
    with pytest.raises(WorkflowError, match="Tahap 6|Stage 6"):
        save_answer(
            actor=ministry.users["operator_sby"],
            assessment=lke,
            question=question,
            value="Ya",
            note="",
            expected_version=0,
        )


def test_a_manual_verification_needs_its_berita_acara(
    ministry: Ministry, year: AssessmentYear
) -> None:
    from zona.files.services import store_bytes

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    accept_all(ministry, lke, Tier.KANWIL, "verifier_jatim")
    with pytest.raises(WorkflowError):
        finish_review(
            actor=ministry.users["verifier_jatim"], assessment=lke, tier=Tier.KANWIL, manual=True
        )
    scan = store_bytes(
        actor=ministry.users["verifier_jatim"], data=b"%PDF-1.4\n%berita acara\n%%EOF\n"
    )
    finish_review(
        actor=ministry.users["verifier_jatim"],
        assessment=lke,
        tier=Tier.KANWIL,
        manual=True,
        berita_acara=scan,
        note="e-RB tidak dapat diakses",
    )
    transition = Transition.objects.filter(assessment=lke).latest("at")
    assert transition.manual and transition.berita_acara == scan
    review = ItemReview.objects.filter(assessment=lke, tier=Tier.KANWIL).first()
    assert review is not None and review.state == ReviewState.ACCEPTED


def test_each_move_tells_the_next_actor_in_app_and_by_mail(
    ministry: Ministry, year: AssessmentYear, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    from zona.notifications.models import Notification

    lke = lke_of(ministry, year)
    answer_all(ministry, lke)
    with django_capture_on_commit_callbacks(execute=True):
        submit(actor=ministry.users["kepala_sby"], assessment=lke, attest=True)
    told = Notification.objects.get(user=ministry.users["verifier_jatim"])
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in told.title
    assert told.url.endswith(f"/lke/{lke.pk}/")
    assert [m.to for m in mailoutbox] == [[ministry.users["verifier_jatim"].email]]
    assert not Notification.objects.filter(user=ministry.users["operator_dps"]).exists()

    accept_all(ministry, lke, Tier.KANWIL, "verifier_jatim")
    review = ItemReview.objects.filter(assessment=lke, tier=Tier.KANWIL).first()
    assert review is not None
    ItemReview.objects.filter(pk=review.pk).update(state=ReviewState.RETURNED, note="Kurang")
    with django_capture_on_commit_callbacks(execute=True):
        finish_review(actor=ministry.users["verifier_jatim"], assessment=lke, tier=Tier.KANWIL)
    satker = set(
        Notification.objects.filter(title__contains="Dikembalikan").values_list(
            "user__username", flat=True
        )
    )
    assert satker == {
        ministry.users["operator_sby"].username,
        ministry.users["kepala_sby"].username,
    }
