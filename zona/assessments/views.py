"""The LKE pages: thin views over access, forms and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.accounts.access import get_unit_for_user
from zona.assessments import services
from zona.assessments.access import (
    acting_tier,
    get_assessment_for_user,
    is_head,
    is_satker_member,
    require_acting_tier,
    require_head,
    require_satker_member,
    verifier_tiers,
)
from zona.assessments.answers import InvalidAnswer
from zona.assessments.forms import AnswerForm, FinishReviewForm, ReviewForm, SubmitForm
from zona.assessments.inbox import waiting_for
from zona.assessments.models import Assessment
from zona.assessments.reuse import evidence_reuse
from zona.assessments.sheet import load_sheet
from zona.assessments.workflow import EDITABLE_STATUSES, TIER_OF_STATUS, Status, Tier
from zona.core.http import AuthedRequest
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question


@require_GET
@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    year = AssessmentYear.objects.select_related("instrument").first()
    waiting = waiting_for(request.user, year) if year else []
    return render(request, "assessments/inbox.html", {"year": year, "waiting": waiting})


@require_POST
@login_required
def start(request: AuthedRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_pk)
    if not is_satker_member(request.user, unit):
        raise PermissionDenied
    year = AssessmentYear.objects.first()
    if year is None:
        raise Http404
    assessment = services.open_assessment(actor=request.user, unit=unit, assessment_year=year)
    return redirect("assessments:lke", assessment.pk)


@require_GET
@login_required
def lke(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    return render(request, "assessments/lke.html", page_context(request, assessment))


@require_POST
@login_required
def answer(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    require_satker_member(request.user, assessment)
    question = question_of(assessment, question_pk)
    form = AnswerForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.save_answer(
                actor=request.user,
                assessment=assessment,
                question=question,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except (services.WorkflowError, InvalidAnswer) as exc:
            error = str(exc)
    else:
        error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return row_response(request, assessment, question, error, posted=request.POST)


@require_POST
@login_required
def review(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    tier = require_acting_tier(request.user, assessment)
    question = question_of(assessment, question_pk)
    form = ReviewForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_item(
                actor=request.user,
                assessment=assessment,
                question=question,
                tier=tier,
                accept=data["decision"] == "accept",
                note=data["note"],
                expected_version=data["version"],
                value=data["value"],
                answer_version=data["answer_version"],
            )
        except (services.WorkflowError, InvalidAnswer) as exc:
            error = str(exc)
    else:
        error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return row_response(request, assessment, question, error, posted=request.POST)


@require_POST
@login_required
def submit(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    require_head(request.user, assessment)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        services.submit(
            actor=request.user, assessment=assessment, attest=form.cleaned_data.get("attest", False)
        )
        messages.success(request, _sent_message())
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:lke", assessment.pk)


@require_POST
@login_required
def resubmit(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    require_head(request.user, assessment)
    try:
        services.resubmit(actor=request.user, assessment=assessment)
        messages.success(request, _sent_message())
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:lke", assessment.pk)


@require_POST
@login_required
def accept_pending(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    tier = require_acting_tier(request.user, assessment)
    try:
        count = services.accept_pending(actor=request.user, assessment=assessment, tier=tier)
        messages.success(request, _accepted_message(count))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:lke", assessment.pk)


@require_POST
@login_required
def finish(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    tier = require_acting_tier(request.user, assessment)
    form = FinishReviewForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("assessments:lke", assessment.pk)
    data = form.cleaned_data
    try:
        berita_acara = None
        if data["berita_acara"]:
            from zona.files.services import FileRejected, store_upload

            try:
                berita_acara = store_upload(
                    actor=request.user, upload=data["berita_acara"], allowed=frozenset({"pdf"})
                )
            except FileRejected as exc:
                raise services.WorkflowError(str(exc)) from exc
        services.finish_review(
            actor=request.user,
            assessment=assessment,
            tier=tier,
            due_on=data["due_on"],
            manual=data["manual"],
            berita_acara=berita_acara,
            note=data["note"],
        )
        messages.success(request, _sent_message())
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:lke", assessment.pk)


def question_of(assessment: Assessment, question_pk: int) -> Question:
    """A question of the assessment's instrument, or 404."""
    return get_object_or_404(
        Question, pk=question_pk, instrument_id=assessment.assessment_year.instrument_id
    )


def page_context(request: AuthedRequest, assessment: Assessment, **extra: Any) -> dict[str, Any]:
    """What the LKE page and its fragments need, for this user's tier."""
    user = request.user
    tier = acting_tier(user, assessment)
    sheet = load_sheet(assessment)
    returned_by = TIER_OF_STATUS.get(Status(assessment.status))
    returned_ids = sheet.returned_ids(returned_by) if returned_by else None
    return {
        "assessment": assessment,
        "sheet": sheet,
        # row URLs are built from this prefix: 81 rows × 4 reverse() calls cost ~30 ms
        "lke_url": reverse("assessments:lke", args=[assessment.pk]),
        "returned_ids": returned_ids,
        "returned_rows": [sheet.row(pk) for pk in sorted(returned_ids or [])],
        "acting_tier": tier,
        "waiting": sheet.waiting(tier) if tier else (0, 0),
        "can_edit": is_satker_member(user, assessment.unit)
        and assessment.status in EDITABLE_STATUSES,
        "can_submit": is_head(user, assessment.unit),
        "transitions": assessment.transitions.select_related("actor", "berita_acara"),
        "tier_labels": dict(Tier.choices),
        # a verification aid: shown to the tiers that verify this LKE, not to the satker
        "evidence_reuse": evidence_reuse(
            user, assessment, (e for row in sheet.rows.values() for e in row.evidence)
        )
        if verifier_tiers(user, assessment)
        else {},
        **extra,
    }


def row_response(
    request: AuthedRequest,
    assessment: Assessment,
    question: Question,
    error: str,
    posted: QueryDict | None = None,
) -> HttpResponse:
    """After a change to one question: its row and the score panel for htmx, else the page
    again (with `error` as a message when the change was refused). A refused row shows what
    was `posted`, so nobody types it again."""
    assessment.refresh_from_db(fields=["status"])
    context = page_context(request, assessment)
    context |= {
        "row": context["sheet"].row(question.pk),
        "row_error": error,
        "row_saved": not error,
        "posted": posted if error else None,
        # said by the page's status region; the focus stays on the button (its id survives)
        "announce": error or _("Saved: %(code)s") % {"code": question.code},
    }
    if request.htmx:
        parts = ("row", "score-panel", "announcer")
        return HttpResponse(
            "".join(
                render_to_string(f"assessments/lke.html#{part}", context, request) for part in parts
            )
        )
    if error:
        messages.error(request, error)
    return redirect("assessments:lke", assessment.pk)


def _accepted_message(count: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(n)d item accepted.", "%(n)d items accepted.", count) % {"n": count}


def _sent_message() -> str:
    return _("Done. The next person in the chain has been told.")
