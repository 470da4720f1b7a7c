"""The year's schedule: everyone sees it; the ministry team moves windows and reopens them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.core.http import AuthedRequest
from zona.cycles.access import can_manage_schedule, require_schedule_manager
from zona.cycles.forms import ReopenForm, WindowForm
from zona.cycles.models import AssessmentYear, Stage, StageReopening
from zona.cycles.services import change_stage_window, reopen_stage
from zona.organizations.models import Unit


@require_GET
@login_required
def schedule(request: AuthedRequest) -> HttpResponse:
    year = AssessmentYear.objects.select_related("instrument").first()
    if year is None:
        return render(request, "no_year.html", {"title": _("Schedule")})
    reopenings = (
        StageReopening.objects.filter(
            stage__assessment_year=year, unit__in=Unit.objects.visible_to(request.user)
        )
        .select_related("stage", "unit", "granted_by")
        .order_by("-granted_at")[:50]
    )
    context = {
        "year": year,
        "stages": year.stages.all(),
        "reopenings": reopenings,
        "can_manage": can_manage_schedule(request.user),
        "reopen_form": ReopenForm(),
    }
    return render(request, "cycles/schedule.html", context)


@require_POST
@login_required
def change_window(request: AuthedRequest, stage_pk: int) -> HttpResponse:
    require_schedule_manager(request.user)
    stage = get_object_or_404(Stage, pk=stage_pk)
    form = WindowForm(request.POST)
    if form.is_valid():
        change_stage_window(actor=request.user, stage=stage, **form.cleaned_data)
        messages.success(request, _("Window of stage %(n)d changed.") % {"n": stage.number})
    else:
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
    return redirect("cycles:schedule")


@require_POST
@login_required
def reopen(request: AuthedRequest, stage_pk: int) -> HttpResponse:
    require_schedule_manager(request.user)
    stage = get_object_or_404(Stage, pk=stage_pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return redirect("cycles:schedule")
    unit = Unit.objects.visible_to(request.user).filter(code=form.cleaned_data["unit_code"]).first()
    if unit is None:
        messages.error(
            request, _("No unit with code %(code)s.") % {"code": form.cleaned_data["unit_code"]}
        )
        return redirect("cycles:schedule")
    try:
        reopen_stage(
            actor=request.user,
            stage=stage,
            unit=unit,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Stage %(n)d reopened for %(unit)s.") % {"n": stage.number, "unit": unit.name},
        )
    return redirect("cycles:schedule")
