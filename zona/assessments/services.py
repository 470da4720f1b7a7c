"""Every change to an LKE: answers, item reviews and the moves along the verification chain.

Each function takes the acting user, runs in one transaction, checks the status against
`workflow.ALLOWED_TRANSITIONS` and the stage windows of the year, writes an audit event, and
tells the next actor after commit.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.assessments import summary
from zona.assessments.answers import clean_answer
from zona.assessments.models import Answer, Assessment, ItemReview, ReviewState, Transition
from zona.assessments.notify import notify_next_actor
from zona.assessments.summary import refreshes_summary
from zona.assessments.workflow import (
    AT_TIER,
    EDITABLE_STATUSES,
    RETURNED_BY,
    TIER_OF_STATUS,
    VERIFIED_BY,
    Action,
    Status,
    Tier,
    chain_of,
    is_allowed,
    next_tier,
)
from zona.audit.services import change_of, record, record_many
from zona.cycles.models import AssessmentYear
from zona.cycles.services import acting_moment, require_stage_open
from zona.files.models import StoredFile
from zona.instruments.models import Question
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

FILLING_STAGE = "pengisian_lke"
# The windows in which each tier verifies (schedule rows 7 and 10): the Kanwil and the Unit
# Eselon I in January–March; the TPI (Itjen) from January, through its assessment to May.
VERIFYING_STAGES = {
    Tier.KANWIL: ("verifikasi",),
    Tier.ESELON_I: ("verifikasi",),
    Tier.TPI: ("verifikasi", "penilaian_tpi"),
}


class WorkflowError(Exception):
    """The action is not possible now; the message says why (shown to the user)."""


class EditConflict(WorkflowError):
    """Someone saved the same item first; `current` is what they saved."""

    def __init__(self, message: str, current: Any) -> None:
        super().__init__(message)
        self.current = current


@transaction.atomic
def open_assessment(*, actor: User, unit: Unit, assessment_year: AssessmentYear) -> Assessment:
    assessment, created = Assessment.objects.get_or_create(
        unit=unit, assessment_year=assessment_year
    )
    if created:
        record(actor, change_of("lke.opened", assessment, after={"status": assessment.status}))
        summary.refresh(assessment)
    return assessment


@transaction.atomic
@refreshes_summary
def save_answer(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    value: str,
    note: str,
    expected_version: int,
    tier: Tier = Tier.SATKER,
) -> Answer:
    """The satker's answer (tier SATKER) or a verifier's own answer at its tier."""
    assessment = lock_for_change(assessment)
    if tier == Tier.SATKER:
        require_satker_may_edit(assessment, question)
    else:
        _require_at_tier(assessment, tier)
    cleaned = clean_answer(question, value)
    answer, _created = Answer.objects.select_for_update().get_or_create(
        assessment=assessment, question=question, tier=tier
    )
    if answer.version != expected_version:
        raise EditConflict(
            _(
                "Someone saved %(code)s first (answer “%(value)s”). Your change was not saved; "
                "check the newer value and save again."
            )
            % {"code": question.code, "value": answer.value or "—"},
            answer,
        )
    before = {"value": answer.value, "note": answer.note}
    if before == {"value": cleaned, "note": note}:
        return answer
    answer.value, answer.note = cleaned, note
    answer.version += 1
    answer.updated_by = actor
    answer.save(update_fields=["value", "note", "version", "updated_by", "updated_at"])
    record(
        actor,
        change_of(
            "lke.answer_saved",
            answer,
            before=before,
            after={"value": cleaned, "note": note, "tier": tier, "question": question.code},
        ),
    )
    return answer


@transaction.atomic
@refreshes_summary
def submit(*, actor: User, assessment: Assessment, attest: bool) -> Assessment:
    """The head of the satker sends the LKE up its chain, attesting it."""
    assessment = lock_for_change(assessment)
    if not attest:
        raise WorkflowError(_("Tick the attestation to submit the LKE."))
    _require_stage(assessment, FILLING_STAGE)
    unanswered = _unanswered(assessment)
    if unanswered:
        raise WorkflowError(
            _("%(n)d questions are not answered yet, e.g. %(codes)s.")
            % {"n": len(unanswered), "codes": ", ".join(unanswered[:5])}
        )
    first = next_tier(assessment.unit, None)
    assert first is not None
    target = AT_TIER[first]
    _move(actor, assessment, Action.SUBMIT, target)
    assessment.submitted_at, assessment.submitted_by = acting_moment(), actor
    assessment.save(update_fields=["submitted_at", "submitted_by"])
    _open_reviews(assessment, first)
    return assessment


@transaction.atomic
@refreshes_summary
def decide_item(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    tier: Tier,
    accept: bool,
    note: str,
    expected_version: int,
    value: str = "",
    answer_version: int = 0,
) -> ItemReview:
    """A verifier's decision on one item, with the tier's own answer when one is given: both
    or neither (a refused decision leaves the answer as it was)."""
    if value:
        save_answer(
            actor=actor,
            assessment=assessment,
            question=question,
            value=value,
            note=note,
            expected_version=answer_version,
            tier=tier,
        )
    return review_item(
        actor=actor,
        assessment=assessment,
        question=question,
        tier=tier,
        accept=accept,
        note=note,
        expected_version=expected_version,
    )


@transaction.atomic
@refreshes_summary
def review_item(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    tier: Tier,
    accept: bool,
    note: str,
    expected_version: int,
) -> ItemReview:
    assessment = lock_for_change(assessment)
    _require_at_tier(assessment, tier)
    review = ItemReview.objects.select_for_update().get(
        assessment=assessment, question=question, tier=tier
    )
    if review.version != expected_version:
        raise EditConflict(
            _(
                "Another verifier decided on %(code)s first (%(state)s). Your decision was not "
                "saved."
            )
            % {"code": question.code, "state": review.get_state_display()},
            review,
        )
    if not accept and not note.strip():
        raise WorkflowError(_("Say what is lacking when you return an item."))
    before = {"state": review.state, "note": review.note}
    review.state = ReviewState.ACCEPTED if accept else ReviewState.RETURNED
    review.note = note.strip()
    review.version += 1
    review.updated_by = actor
    review.save(update_fields=["state", "note", "version", "updated_by", "updated_at"])
    record(
        actor,
        change_of(
            "lke.item_reviewed",
            review,
            before=before,
            after={"state": review.state, "note": review.note, "question": question.code},
        ),
    )
    return review


@transaction.atomic
@refreshes_summary
def accept_pending(*, actor: User, assessment: Assessment, tier: Tier) -> int:
    """Accept every item still waiting for this tier's decision (one event per item)."""
    assessment = lock_for_change(assessment)
    _require_at_tier(assessment, tier)
    pending = list(
        ItemReview.objects.select_for_update()
        .filter(assessment=assessment, tier=tier, state=ReviewState.PENDING)
        .select_related("question")
    )
    for review in pending:
        review.state = ReviewState.ACCEPTED
        review.version += 1
        review.updated_by = actor
    ItemReview.objects.bulk_update(pending, ["state", "version", "updated_by"])
    record_many(
        actor,
        [
            change_of(
                "lke.item_reviewed",
                review,
                before={"state": ReviewState.PENDING},
                after={"state": ReviewState.ACCEPTED, "question": review.question.code},
            )
            for review in pending
        ],
    )
    return len(pending)


@transaction.atomic
@refreshes_summary
def finish_review(
    *,
    actor: User,
    assessment: Assessment,
    tier: Tier,
    due_on: date | None = None,
    manual: bool = False,
    berita_acara: StoredFile | None = None,
    note: str = "",
) -> Assessment:
    """Close this tier's verification: return the LKE if any item was returned, else the tier
    has verified it (it goes up only when the tier proposes the unit: `send_up`). With
    `manual`, the outcome of an offline verification (Bab III B, Gambar 8 j) is recorded with
    its scanned berita acara."""
    assessment = lock_for_change(assessment)
    _require_at_tier(assessment, tier)
    if manual and berita_acara is None:
        raise WorkflowError(_("A manual verification needs its scanned berita acara."))
    reviews = ItemReview.objects.filter(assessment=assessment, tier=tier)
    pending = reviews.filter(state=ReviewState.PENDING).count()
    if pending:
        raise WorkflowError(_("%(n)d items still wait for your decision.") % {"n": pending})
    returned = list(reviews.filter(state=ReviewState.RETURNED))
    if returned:
        due = due_on or _stage_end(assessment, FILLING_STAGE)
        for review in returned:
            review.returned_count += 1
            review.due_on = due
            review.save(update_fields=["returned_count", "due_on", "updated_at"])
        _move(actor, assessment, Action.RETURN, RETURNED_BY[tier], note, manual, berita_acara)
        return assessment
    _move(actor, assessment, Action.ACCEPT, VERIFIED_BY[tier], note, manual, berita_acara)
    return assessment


@transaction.atomic
@refreshes_summary
def send_up(*, actor: User, assessment: Assessment, tier: Tier, note: str = "") -> Assessment:
    """Pass an LKE that `tier` verified on to the next tier of its chain. Only through a
    proposal (zona.proposals.services), which checks the unit's score first; in its
    transaction."""
    assessment = lock_for_change(assessment)
    following = next_tier(assessment.unit, tier)
    if following is None or assessment.status != VERIFIED_BY[tier]:
        raise WorkflowError(
            _("This LKE is “%(status)s”: it cannot be proposed from this tier.")
            % {"status": assessment.get_status_display()}
        )
    _move(actor, assessment, Action.PROPOSE, AT_TIER[following], note)
    _open_reviews(assessment, following)
    return assessment


@transaction.atomic
@refreshes_summary
def resubmit(*, actor: User, assessment: Assessment) -> Assessment:
    """After correction, the LKE goes back to the tier that returned it."""
    assessment = lock_for_change(assessment)
    tier = TIER_OF_STATUS.get(Status(assessment.status))
    if assessment.status not in RETURNED_BY.values() or tier is None:
        raise WorkflowError(_("Only a returned LKE can be sent back."))
    _move(actor, assessment, Action.RESUBMIT, AT_TIER[tier])
    returned = ItemReview.objects.filter(
        assessment=assessment, tier=tier, state=ReviewState.RETURNED
    ).select_related("question")
    reopened = list(returned)
    returned.update(state=ReviewState.PENDING, updated_at=timezone.now())
    # One event per item, so the trail's last word on each review is its state now
    # (zona.audit.drift compares them).
    record_many(
        actor,
        [
            change_of(
                "lke.item_reopened",
                review,
                before={"state": ReviewState.RETURNED},
                after={"state": ReviewState.PENDING, "question": review.question.code},
            )
            for review in reopened
        ],
    )
    assessment.revision += 1
    assessment.save(update_fields=["revision"])
    return assessment


def _move(
    actor: User,
    assessment: Assessment,
    action: Action,
    target: Status,
    note: str = "",
    manual: bool = False,
    berita_acara: StoredFile | None = None,
) -> None:
    if not is_allowed(assessment.status, action, target):
        raise WorkflowError(
            _("This LKE is “%(status)s”: it cannot be %(action)s now.")
            % {"status": assessment.get_status_display(), "action": action.label}
        )
    source = assessment.status
    assessment.status = target
    assessment.save(update_fields=["status", "updated_at"])
    transition = Transition.objects.create(
        assessment=assessment,
        at=acting_moment(),
        action=action,
        from_status=source,
        to_status=target,
        note=note,
        manual=manual,
        berita_acara=berita_acara,
        actor=actor,
    )
    record(
        actor,
        change_of(
            f"lke.{action}",
            assessment,
            before={"status": source},
            after={"status": target, "note": note, "manual": manual, "transition": transition.pk},
        ),
    )
    transaction.on_commit(lambda: notify_next_actor(assessment.pk, transition.pk))


def _open_reviews(assessment: Assessment, tier: Tier) -> None:
    questions = Question.objects.filter(instrument=assessment.assessment_year.instrument_id)
    existing = set(
        ItemReview.objects.filter(assessment=assessment, tier=tier).values_list(
            "question_id", flat=True
        )
    )
    ItemReview.objects.bulk_create(
        [
            ItemReview(assessment=assessment, question=q, tier=tier)
            for q in questions
            if q.pk not in existing
        ]
    )


def lock_for_change(assessment: Assessment) -> Assessment:
    """The assessment, fresh and locked until the transaction ends: every change to an LKE
    (answers, evidence, transitions) takes this lock first, so two changes never interleave."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__parent", "unit__pembina", "assessment_year")
        .get(pk=assessment.pk)
    )


def require_satker_may_edit(assessment: Assessment, question: Question) -> None:
    """Refuse (WorkflowError) unless the satker may change this question now."""
    if assessment.status not in EDITABLE_STATUSES:
        raise WorkflowError(
            _("This LKE is “%(status)s”: the satker cannot change it now.")
            % {"status": assessment.get_status_display()}
        )
    _require_stage(assessment, FILLING_STAGE)
    tier = TIER_OF_STATUS.get(Status(assessment.status))
    if (
        tier is not None
        and not ItemReview.objects.filter(
            assessment=assessment, question=question, tier=tier, state=ReviewState.RETURNED
        ).exists()
    ):
        raise WorkflowError(
            _("Only the items returned for correction can be changed now; %(code)s was not.")
            % {"code": question.code}
        )


def _require_at_tier(assessment: Assessment, tier: Tier) -> None:
    if tier not in chain_of(assessment.unit) or assessment.status != AT_TIER.get(tier):
        raise WorkflowError(
            _("This LKE is “%(status)s”: it is not waiting for this tier.")
            % {"status": assessment.get_status_display()}
        )
    _require_stage(assessment, *VERIFYING_STAGES[tier])


def _require_stage(assessment: Assessment, *keys: str) -> None:
    """Refuse (WorkflowError) unless one of the stages `keys` is open for the unit today."""
    from zona.cycles.services import StageClosed

    closed: list[StageClosed] = []
    for key in keys:
        try:
            require_stage_open(year=assessment.assessment_year, key=key, unit=assessment.unit)
        except StageClosed as exc:
            closed.append(exc)
        else:
            return
    raise WorkflowError(" ".join(str(exc) for exc in closed)) from closed[-1]


def _stage_end(assessment: Assessment, key: str) -> date:
    return assessment.assessment_year.stages.get(key=key).ends_on


def _unanswered(assessment: Assessment) -> list[str]:
    answered = set(
        Answer.objects.filter(assessment=assessment, tier=Tier.SATKER)
        .exclude(value="")
        .values_list("question_id", flat=True)
    )
    return [
        code
        for pk, code in Question.objects.filter(
            instrument=assessment.assessment_year.instrument_id
        ).values_list("pk", "code")
        if pk not in answered
    ]
