"""The pages from candidate to predicate: each level's board, a candidate's page (the TPI's
assessment), the quota and the Minister's decree, the TPN's steps, and the register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.assessments.access import get_assessment_for_user
from zona.assessments.models import Assessment
from zona.compliance.summary import compliance_for, current_ministry_grades
from zona.core.downloads import table_download
from zona.core.http import AuthedRequest, query_without
from zona.cycles.models import AssessmentYear
from zona.files.services import FileRejected, store_upload
from zona.proposals import access, register
from zona.proposals.board import aim_of, board_for
from zona.proposals.forms import (
    DecreeForm,
    EarlierGrantForm,
    ProposeForm,
    QuotaForm,
    RegisterFilterForm,
    TpnStepForm,
)
from zona.proposals.kawasan.judge import kawasan_register
from zona.proposals.models import UNIT_REQUIREMENTS, Candidate, Level, Proposal, TpnStep
from zona.proposals.services import (
    ProposalRefused,
    decree_in_force,
    propose,
    quota_of,
    record_decree,
    record_earlier_grant,
    record_quota,
    record_tpn_step,
    step_for,
    verdict_at,
)
from zona.surveys.models import SurveyPeriod
from zona.surveys.results import results_for_unit

DOCUMENT_KINDS = ("pdf",)


def _year(year: int) -> AssessmentYear:
    return get_object_or_404(AssessmentYear.objects.select_related("instrument"), year=year)


def latest_year() -> AssessmentYear | None:
    return AssessmentYear.objects.order_by("-year").first()


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    year = latest_year()
    if year is None:
        raise Http404
    return redirect("proposals:board", year=year.year)


@require_GET
@login_required
def board(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = _year(year)
    boards = [
        board_for(request.user, assessment_year, level) for level in access.levels_of(request.user)
    ]
    context = {
        "year": assessment_year,
        "boards": boards,
        "years": AssessmentYear.objects.order_by("-year"),
        "may_see_candidates": access.may_see_candidates(request.user),
        "requirements": UNIT_REQUIREMENTS,
        "quota": quota_of(assessment_year),
    }
    return render(request, "proposals/board.html", context)


@require_POST
@login_required
def make_proposal(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    if not any(access.may_propose(request.user, assessment, level) for level in Level.values):
        raise PermissionDenied
    form = ProposeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose the level and the predicate of the proposal."))
    level = form.cleaned_data["level"]
    if not access.may_propose(request.user, assessment, level):
        raise PermissionDenied
    try:
        proposal = propose(
            actor=request.user,
            assessment=assessment,
            level=level,
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
            unit_requirements=request.POST.getlist("requirements"),
        )
    except ProposalRefused as refused:
        messages.error(request, " ".join([str(refused), *refused.reasons]))
    else:
        messages.success(
            request,
            _("%(unit)s proposed for %(target)s.")
            % {"unit": proposal.unit.display_short, "target": proposal.get_target_display()},
        )
    return redirect("proposals:board", year=assessment.assessment_year.year)


@require_GET
@login_required
def candidate(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    """Everything about one unit's candidacy: the TPI's assessment page."""
    assessment_year = _year(year)
    unit = access.get_unit_for_user(request.user, pk)
    assessment = (
        Assessment.objects.filter(unit=unit, assessment_year=assessment_year)
        .select_related("unit", "unit__parent", "unit__pembina", "assessment_year__instrument")
        .first()
    )
    target = aim_of(assessment) if assessment is not None else None
    verdict = None
    if assessment is not None and target is not None and assessment.status != "draft":
        verdict = verdict_at(assessment, Level.TPI, target)
    period = SurveyPeriod.objects.filter(assessment_year=assessment_year).first()
    context = {
        "year": assessment_year,
        "unit": unit,
        "assessment": assessment,
        "target": target,
        "verdict": verdict,
        "proposals": Proposal.objects.filter(unit=unit, assessment_year=assessment_year)
        .select_related("proposed_by", "proposed_by_unit")
        .order_by("proposed_at"),
        "surveys": results_for_unit(period, unit) if period is not None else None,
        "compliance": compliance_for(unit, assessment_year),
        "grades": current_ministry_grades(assessment_year),
        "grants": unit.predicates.order_by("year"),
        "may_recommend": assessment is not None
        and access.may_propose(request.user, assessment, Level.TPI)
        and step_for(assessment, Level.TPI).ready
        and not assessment.proposals.filter(level=Level.TPI).exists(),
        "requirements": UNIT_REQUIREMENTS,
    }
    return render(request, "proposals/candidate.html", context)


@require_GET
@login_required
def decree(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = _year(year)
    if not access.may_see_candidates(request.user):
        raise PermissionDenied
    return render(request, "proposals/decree.html", _decree_context(request, assessment_year))


def _decree_context(request: AuthedRequest, year: AssessmentYear, **forms: object) -> dict:
    recommendations = (
        Proposal.objects.filter(assessment_year=year, level=Level.TPI)
        .select_related("unit")
        .order_by("-total", "unit__path")
    )
    current = decree_in_force(year)
    return {
        "year": year,
        "quota": quota_of(year),
        "recommendations": recommendations,
        "decree": current,
        "decrees": year.candidate_decrees.select_related("recorded_by").order_by("-recorded_at"),
        "candidates": current.candidates.select_related("unit") if current else [],
        "may_record": access.may_record(request.user),
        "quota_form": forms.get("quota_form") or QuotaForm(prefix="quota"),
        "decree_form": forms.get("decree_form")
        or DecreeForm(recommendations=recommendations, prefix="decree"),
    }


@require_POST
@login_required
def quota(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = _year(year)
    access.require_recorder(request.user)
    form = QuotaForm(request.POST, request.FILES, prefix="quota")
    if form.is_valid():
        try:
            with transaction.atomic():
                upload = form.cleaned_data["document"]
                document = (
                    store_upload(actor=request.user, upload=upload, allowed=DOCUMENT_KINDS)
                    if upload
                    else None
                )
                record_quota(
                    actor=request.user,
                    year=assessment_year,
                    units=form.cleaned_data["units"],
                    letter_number=form.cleaned_data["letter_number"],
                    letter_date=form.cleaned_data["letter_date"],
                    document=document,
                )
        except (ProposalRefused, FileRejected) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Quota recorded."))
            return redirect("proposals:decree", year=year)
    context = _decree_context(request, assessment_year, quota_form=form)
    return render(request, "proposals/decree.html", context, status=400)


@require_POST
@login_required
def new_decree(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = _year(year)
    access.require_recorder(request.user)
    recommendations = Proposal.objects.filter(assessment_year=assessment_year, level=Level.TPI)
    form = DecreeForm(request.POST, request.FILES, recommendations=recommendations, prefix="decree")
    if form.is_valid():
        try:
            with transaction.atomic():
                document = store_upload(
                    actor=request.user, upload=form.cleaned_data["document"], allowed=DOCUMENT_KINDS
                )
                record_decree(
                    actor=request.user,
                    year=assessment_year,
                    number=form.cleaned_data["number"],
                    signed_on=form.cleaned_data["signed_on"],
                    document=document,
                    recommendations=list(form.cleaned_data["recommendations"]),
                    replaces=decree_in_force(assessment_year),
                )
        except (ProposalRefused, FileRejected) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The Minister's decree is recorded."))
            return redirect("proposals:decree", year=year)
    context = _decree_context(request, assessment_year, decree_form=form)
    return render(request, "proposals/decree.html", context, status=400)


@require_GET
@login_required
def tpn(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = _year(year)
    if not access.may_see_candidates(request.user):
        raise PermissionDenied
    current = decree_in_force(assessment_year)
    candidates = (
        current.candidates.select_related("unit").prefetch_related("tpn_steps") if current else []
    )
    return render(
        request,
        "proposals/tpn.html",
        {
            "year": assessment_year,
            "decree": current,
            "candidates": [(c, TpnStepForm(prefix=f"c{c.pk}"), _has_result(c)) for c in candidates],
            "may_record": access.may_record(request.user),
        },
    )


def _has_result(candidate: Candidate) -> bool:
    return any(step.step == TpnStep.RESULT for step in candidate.tpn_steps.all())


@require_POST
@login_required
def tpn_step(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_candidate_for_recorder(request.user, pk)
    year = found.decree.assessment_year.year
    form = TpnStepForm(request.POST, request.FILES, prefix=f"c{found.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("proposals:tpn", year=year)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            upload = data["document"]
            document = (
                store_upload(actor=request.user, upload=upload, allowed=DOCUMENT_KINDS)
                if upload
                else None
            )
            record_tpn_step(
                actor=request.user,
                candidate=found,
                step=data["step"],
                finding=data["finding"],
                on=data["on"],
                notes=data["notes"],
                decree_number=data["decree_number"],
                document=document,
            )
    except (ProposalRefused, FileRejected) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Recorded for %(unit)s.") % {"unit": found.unit.display_short})
    return redirect("proposals:tpn", year=year)


@require_GET
@login_required
def register_page(request: AuthedRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET)
    grants = register.filtered(request.user, form)
    context = {
        "form": form,
        "page": register.page_of(grants, request.GET.get("page")),
        "query_string": query_without(request, "page"),
        "may_record": access.may_record(request.user),
        "grant_form": EarlierGrantForm(),
        "kawasan_grants": kawasan_register(request.user),
    }
    if request.htmx:
        return render(request, "proposals/register.html#register-table", context)
    return render(request, "proposals/register.html", context)


@require_GET
@login_required
def register_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    grants = register.filtered(request.user, RegisterFilterForm(request.GET))
    return table_download(fmt, "register-predikat", register.COLUMNS, register.rows(grants))


@require_POST
@login_required
def earlier_grant(request: AuthedRequest) -> HttpResponse:
    access.require_recorder(request.user)
    form = EarlierGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit = register.unit_by_code(request.user, data["unit_code"])
        if unit is None:
            messages.error(request, _("No unit with code %(code)s.") % {"code": data["unit_code"]})
            return redirect("proposals:register")
        try:
            record_earlier_grant(
                actor=request.user,
                unit=unit,
                predicate=data["predicate"],
                year=data["year"],
                decree_number=data["decree_number"],
                granted_on=data["granted_on"],
            )
        except ProposalRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Entered in the register."))
    else:
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
    return redirect("proposals:register")
