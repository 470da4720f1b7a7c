"""A unit's teams of a year, and the form recording a team's decree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zona.core.http import AuthedRequest
from zona.cycles.models import AssessmentYear, Stage
from zona.files.services import FileRejected, file_response, store_upload
from zona.organizations.models import Unit
from zona.teams import access
from zona.teams.forms import TeamDecreeForm
from zona.teams.models import TEAM_RULES, TeamKind, roles_for
from zona.teams.services import TeamRefused, in_force, record_team_decree
from zona.teams.summary import sections


@require_GET
@login_required
def team(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk)
    assessment_year = get_object_or_404(AssessmentYear, year=year)
    context = {
        "unit": unit,
        "year": assessment_year,
        "years": AssessmentYear.objects.order_by("-year"),
        "sections": sections(request.user, unit, assessment_year),
    }
    return render(request, "teams/team.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def record(request: AuthedRequest, pk: int, year: int, kind: str) -> HttpResponse:
    unit = access.get_unit_for_recorder(request.user, pk, kind)
    assessment_year = get_object_or_404(AssessmentYear, year=year)
    roles = roles_for(kind, unit)
    if request.method == "GET":
        form = TeamDecreeForm(roles=roles)
        return _record_page(request, unit, assessment_year, kind, form)
    form = TeamDecreeForm(request.POST, request.FILES, roles=roles)
    if form.is_valid():
        try:
            with transaction.atomic():
                document = store_upload(
                    actor=request.user, upload=form.cleaned_data["document"], allowed=("pdf",)
                )
                decree = record_team_decree(
                    actor=request.user,
                    unit=unit,
                    year=assessment_year,
                    kind=kind,
                    number=form.cleaned_data["number"],
                    signed_on=form.cleaned_data["signed_on"],
                    document=document,
                    members=form.members(),
                )
        except (TeamRefused, FileRejected) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Decree %(number)s is recorded: %(n)d members hold their roles.")
                % {"number": decree.number, "n": decree.members.count()},
            )
            return redirect("teams:team", pk=unit.pk, year=year)
    return _record_page(request, unit, assessment_year, kind, form, status=400)


def _record_page(
    request: AuthedRequest,
    unit: Unit,
    year: AssessmentYear,
    kind: str,
    form: TeamDecreeForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "unit": unit,
        "year": year,
        "kind": kind,
        "label": TeamKind(kind).label,
        "form": form,
        "current": in_force(unit, kind),
        "stage": Stage.objects.filter(assessment_year=year, key=TEAM_RULES[kind].stage).first(),
    }
    return render(request, "teams/record.html", context, status=status)


@require_GET
@login_required
def decree_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    decree = access.get_decree_for_user(request.user, pk)
    return file_response(decree.document, download_name=f"SK {decree.number}.pdf")
