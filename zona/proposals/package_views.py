"""The PMPZI package page (row 12): its deadline, the letter's signatory, the build's progress
(polled by htmx, so it survives a reload) and the download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.core.http import AuthedRequest
from zona.cycles.models import AssessmentYear
from zona.files.services import file_response
from zona.proposals import access
from zona.proposals.forms import PackageForm
from zona.proposals.package import (
    BUSY,
    Signatory,
    deadline_of,
    is_stalled,
    latest_signatory,
    package_of,
    request_package,
)
from zona.proposals.services import ProposalRefused, decree_in_force


@require_GET
@login_required
def package_page(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = get_object_or_404(AssessmentYear, year=year)
    if not access.may_see_candidates(request.user):
        raise PermissionDenied
    context = _context(request, assessment_year)
    if request.htmx:
        return render(request, "proposals/package.html#package-status", context)
    return render(request, "proposals/package.html", context)


@require_POST
@login_required
def request_build(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = get_object_or_404(AssessmentYear, year=year)
    access.require_recorder(request.user)
    form = PackageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            request_package(
                actor=request.user,
                year=assessment_year,
                signatory=Signatory(
                    data["signatory_name"], data["signatory_nip"], data["signatory_position"]
                ),
                letter_date=data["letter_date"],
                letter_number=data["letter_number"],
                copies_to=data["copies_to"],
            )
        except ProposalRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The package is being built. You may leave this page."))
            return redirect("proposals:package", year=year)
    context = _context(request, assessment_year, form=form)
    return render(request, "proposals/package.html", context, status=400)


@require_GET
@login_required
def download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    package = access.get_package_for_recorder(request.user, pk)
    if package.file is None:
        raise Http404
    year = package.decree.assessment_year.year
    return file_response(package.file, download_name=f"paket-pmpzi-{year}")


def _context(request: AuthedRequest, year: AssessmentYear, **extra: Any) -> dict[str, Any]:
    decree = decree_in_force(year)
    package = package_of(decree)
    stalled = package is not None and is_stalled(package)
    busy = package is not None and package.status in BUSY and not stalled
    deadline = deadline_of(year)
    may_record = access.may_record(request.user)
    context = {
        "year": year,
        "decree": decree,
        "units": decree.candidates.count() if decree else 0,
        "package": package,
        "busy": busy,
        "stalled": stalled,
        "deadline": deadline,
        "may_record": may_record,
        "may_request": may_record
        and decree is not None
        and deadline is not None
        and deadline.is_open
        and not busy,
        "form": extra.get("form") or _initial_form(),
    }
    return context


def _initial_form() -> PackageForm:
    initial: dict[str, Any] = {"letter_date": timezone.localdate()}
    signatory = latest_signatory()
    if signatory is not None:
        initial |= {
            "signatory_name": signatory.name,
            "signatory_nip": signatory.nip,
            "signatory_position": signatory.position,
        }
    return PackageForm(initial=initial)
