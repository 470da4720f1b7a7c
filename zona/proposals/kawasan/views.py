"""The kawasan pages: the list, and a kawasan's year (its members, special team, integration
scores, criteria and penetapan), with the recorders' forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.core.http import AuthedRequest
from zona.cycles.models import AssessmentYear
from zona.files.services import FileRejected, file_response, store_upload
from zona.organizations.models import Kawasan
from zona.proposals.access import may_record
from zona.proposals.kawasan import access
from zona.proposals.kawasan.forms import (
    EarlierKawasanGrantForm,
    IntegrationForm,
    KawasanGrantForm,
    KawasanTeamForm,
    MemberPredicateForm,
)
from zona.proposals.kawasan.judge import aim_of, kawasan_verdict
from zona.proposals.kawasan.services import (
    KawasanRefused,
    grant_kawasan,
    record_earlier_kawasan_grant,
    record_integration,
    record_member_predicate,
    record_team,
)
from zona.proposals.models import KawasanGrant, KawasanIntegration, Predicate
from zona.scoring import INTEGRATION_INDICATORS

DOCUMENT_KINDS = ("pdf",)
# Each form of the page keeps ids of its own (the same field names recur).
TEAM, INTEGRATION, GRANT, EARLIER = "team-%s", "int-%s", "grant-%s", "earlier-%s"


def _year(year: int) -> AssessmentYear:
    return get_object_or_404(AssessmentYear.objects.select_related("instrument"), year=year)


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    year = AssessmentYear.objects.order_by("-year").first()
    kawasan = access.visible_kawasan(request.user).prefetch_related("members", "predicates")
    scores = {}
    if year is not None:
        for integration in KawasanIntegration.objects.filter(
            assessment_year=year, kawasan__in=kawasan
        ).order_by("recorded_at", "pk"):
            scores[integration.kawasan_id] = integration.score  # the newest wins
    rows = [(k, scores.get(k.pk)) for k in kawasan]
    return render(request, "proposals/kawasan/index.html", {"year": year, "rows": rows})


@require_GET
@login_required
def page(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    kawasan = access.get_kawasan_for_user(request.user, pk)
    return _page(request, kawasan, _year(year))


def _page(
    request: AuthedRequest,
    kawasan: Kawasan,
    year: AssessmentYear,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    target = aim_of(kawasan, year)
    verdict = kawasan_verdict(kawasan, year, target) if target else None
    agencies = sorted({m.instansi for m in kawasan.members.all()})
    integration = verdict.integration if verdict else None
    bound = forms.get("predicate_form")
    members = [
        (
            standing,
            bound
            if bound is not None and forms.get("predicate_member") == standing.member.pk
            else MemberPredicateForm(auto_id=f"p{standing.member.pk}-%s"),
        )
        for standing in (verdict.members if verdict else ())
    ]
    context = {
        "kawasan": kawasan,
        "year": year,
        "years": AssessmentYear.objects.order_by("-year"),
        "target": target,
        "verdict": verdict,
        "members": members,
        "team": verdict.team if verdict else None,
        "integration": integration,
        "indicators": [
            (i, Decimal(integration.scores[i.key]) if integration else None)
            for i in INTEGRATION_INDICATORS
        ],
        "minimums": _minimums(year),
        "grants": KawasanGrant.objects.filter(kawasan=kawasan).order_by("year"),
        "units_seen": access.units_seen(request.user, kawasan),
        "may_record": may_record(request.user),
        "team_form": forms.get("team_form") or KawasanTeamForm(agencies=agencies, auto_id=TEAM),
        "integration_form": forms.get("integration_form") or IntegrationForm(auto_id=INTEGRATION),
        "grant_form": forms.get("grant_form")
        or KawasanGrantForm(initial={"predicate": target}, auto_id=GRANT),
        "earlier_form": forms.get("earlier_form") or EarlierKawasanGrantForm(auto_id=EARLIER),
    }
    return render(request, "proposals/kawasan/page.html", context, status=status)


def _minimums(year: AssessmentYear) -> list[tuple[str, Decimal]]:
    """The integration score each predicate needs, from the year's instrument."""
    found = []
    for predicate in year.instrument.spec().predicates:
        if predicate.kawasan_integration_minimum is not None:
            found.append((predicate.name, predicate.kawasan_integration_minimum))
    return found


def _refused(refused: KawasanRefused | FileRejected) -> str:
    return " ".join([str(refused), *getattr(refused, "reasons", [])])


@require_POST
@login_required
def team(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    kawasan = access.get_kawasan_for_recorder(request.user, pk)
    assessment_year = _year(year)
    agencies = sorted({m.instansi for m in kawasan.members.all()})
    form = KawasanTeamForm(request.POST, request.FILES, agencies=agencies, auto_id=TEAM)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                document = store_upload(
                    actor=request.user, upload=data["document"], allowed=DOCUMENT_KINDS
                )
                record_team(
                    actor=request.user,
                    kawasan=kawasan,
                    year=assessment_year,
                    decree_number=data["decree_number"],
                    signed_on=data["signed_on"],
                    issued_by=data["issued_by"],
                    document=document,
                    members=form.members(),
                )
        except (KawasanRefused, FileRejected) as refused:
            form.add_error(None, _refused(refused))
        else:
            messages.success(request, _("The special team's decree is recorded."))
            return redirect("kawasan:page", pk=pk, year=year)
    return _page(request, kawasan, assessment_year, status=400, team_form=form)


@require_POST
@login_required
def integration(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    kawasan = access.get_kawasan_for_recorder(request.user, pk)
    assessment_year = _year(year)
    form = IntegrationForm(request.POST, auto_id=INTEGRATION)
    if form.is_valid():
        try:
            scored = record_integration(
                actor=request.user,
                kawasan=kawasan,
                year=assessment_year,
                scores=form.scores(),
                note=form.cleaned_data["note"],
            )
        except KawasanRefused as refused:
            form.add_error(None, _refused(refused))
        else:
            messages.success(
                request,
                _("Integration score %(score)s recorded.")
                % {"score": f"{scored.score:.2f}".replace(".", ",")},
            )
            return redirect("kawasan:page", pk=pk, year=year)
    return _page(request, kawasan, assessment_year, status=400, integration_form=form)


@require_POST
@login_required
def member_predicate(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    member = access.get_member_for_recorder(request.user, pk)
    assessment_year = _year(year)
    form = MemberPredicateForm(request.POST, request.FILES, auto_id=f"p{member.pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                upload = data["document"]
                document = (
                    store_upload(actor=request.user, upload=upload, allowed=DOCUMENT_KINDS)
                    if upload
                    else None
                )
                record_member_predicate(
                    actor=request.user,
                    member=member,
                    predicate=data["predicate"],
                    year=data["year"],
                    source=data["source"],
                    document=document,
                )
        except (KawasanRefused, FileRejected) as refused:
            form.add_error(None, _refused(refused))
        else:
            messages.success(
                request, _("Predicate recorded for %(unit)s.") % {"unit": member.unit_name}
            )
            return redirect("kawasan:page", pk=member.kawasan_id, year=year)
    return _page(
        request,
        member.kawasan,
        assessment_year,
        status=400,
        predicate_form=form,
        predicate_member=member.pk,
    )


@require_POST
@login_required
def grant(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    kawasan = access.get_kawasan_for_recorder(request.user, pk)
    assessment_year = _year(year)
    form = KawasanGrantForm(request.POST, auto_id=GRANT)
    if form.is_valid():
        data = form.cleaned_data
        try:
            granted = grant_kawasan(
                actor=request.user,
                kawasan=kawasan,
                year=assessment_year,
                predicate=data["predicate"],
                decree_number=data["decree_number"],
                granted_on=data["granted_on"],
            )
        except KawasanRefused as refused:
            form.add_error(None, str(refused))
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("%(kawasan)s is entered in the register as %(predicate)s.")
                % {"kawasan": kawasan.name, "predicate": Predicate(granted.predicate).label},
            )
            return redirect("kawasan:page", pk=pk, year=year)
    return _page(request, kawasan, assessment_year, status=400, grant_form=form)


@require_POST
@login_required
def earlier_grant(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    kawasan = access.get_kawasan_for_recorder(request.user, pk)
    assessment_year = _year(year)
    form = EarlierKawasanGrantForm(request.POST, auto_id=EARLIER)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_earlier_kawasan_grant(
                actor=request.user,
                kawasan=kawasan,
                predicate=data["predicate"],
                year=data["year"],
                decree_number=data["decree_number"],
                granted_on=data["granted_on"],
            )
        except KawasanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Entered in the register."))
            return redirect("kawasan:page", pk=pk, year=year)
    return _page(request, kawasan, assessment_year, status=400, earlier_form=form)


@require_GET
@login_required
def team_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    found = access.get_team_for_user(request.user, pk)
    return file_response(found.document, download_name=f"SK {found.decree_number}.pdf")
