"""Staff pages of the surveys (mounted at /survei/): periods, codes, review, results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zona.core.errors import ImportRejected, RowError
from zona.core.http import AuthedRequest, parse_id, query_without, site_url
from zona.core.tabular import TabularError, read_table
from zona.organizations.models import Unit
from zona.surveys import access, qr
from zona.surveys.access import Action
from zona.surveys.forms import (
    OpenPeriodForm,
    PaperImportForm,
    PeriodSettingsForm,
    ReviewFilterForm,
    ReviewForm,
    ServiceProfileForm,
    StatusForm,
    UnitFilterForm,
)
from zona.surveys.importing import import_columns, import_paper
from zona.surveys.integrity import FLAG_ORDER, Flag, flag_list
from zona.surveys.listing import result_rows
from zona.surveys.models import (
    PeriodStatus,
    Response,
    ResponseStatus,
    ServiceProfile,
    SurveyPeriod,
    SurveyToken,
)
from zona.surveys.ordering import (
    code_columns,
    needs_every_survey,
    result_columns,
    sort_codes,
    sort_results,
    with_responses,
)
from zona.surveys.results import (
    Prescreen,
    coached_by,
    load_results,
    period_surveys,
    proposed_to,
    results_for_unit,
)
from zona.surveys.services import (
    PERIOD_SETTINGS,
    change_min_seconds,
    change_period,
    default_window,
    issue_tokens,
    open_period,
    review_responses,
    revoke_token,
    rotate_token,
    save_service_profile,
    set_period_status,
    shipped_questionnaires,
)
from zona.surveys.sorting import Sorting
from zona.surveys.spec import ElementSpec

PER_PAGE = 25
REVIEW_PER_PAGE = 50


def flag_labels() -> dict[int, str]:
    labels = {
        Flag.TOO_FAST: _("Too fast"),
        Flag.STRAIGHT_LINE: _("Same answer to every question"),
        Flag.BURST_IP: _("Many responses from one address"),
        Flag.BURST_NET: _("Many responses from one network"),
        Flag.OFF_HOURS: _("Outside service hours"),
        Flag.DIRECTED: _("Directed by an officer"),
        Flag.REPEATED_PATTERN: _("Identical answers repeated"),
    }
    return {int(flag): labels[flag] for flag in FLAG_ORDER}


# --- periods ----------------------------------------------------------------------------------


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    periods = SurveyPeriod.objects.select_related("assessment_year").order_by(
        "-assessment_year__year"
    )
    manager = access.is_survey_manager(request.user)
    form = OpenPeriodForm(initial=_open_initial()) if manager else None
    return render(
        request,
        "surveys/index.html",
        {"periods": periods, "manager": manager, "form": form},
    )


def _open_initial() -> dict[str, Any]:
    form = OpenPeriodForm()
    field = form.fields["assessment_year"]
    year = field.queryset.first() if hasattr(field, "queryset") else None
    if year is None:
        return {}
    opens_on, closes_on = default_window(year)
    return {"assessment_year": year, "opens_on": opens_on, "closes_on": closes_on}


@require_POST
@login_required
def open_period_view(request: AuthedRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = OpenPeriodForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        by_code = {q.code: q for q in shipped_questionnaires(actor=request.user)}
        try:
            period = open_period(
                actor=request.user,
                assessment_year=data["assessment_year"],
                questionnaires=[by_code[code] for code in data["questionnaires"]],
                service_from=data["service_from"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey of %(year)d is open.") % {"year": period.year})
            return HttpResponseRedirect(reverse("surveys:period", args=[period.year]))
    periods = SurveyPeriod.objects.select_related("assessment_year")
    return render(
        request,
        "surveys/index.html",
        {"periods": periods, "manager": True, "form": form},
        status=400,
    )


def _period_context(
    request: AuthedRequest, period: SurveyPeriod, settings_form: PeriodSettingsForm | None = None
) -> dict[str, Any]:
    surveys = period_surveys(period)
    manager = access.is_survey_manager(request.user)
    context: dict[str, Any] = {
        "period": period,
        "surveys": surveys,
        "manager": manager,
        "can_codes": access.can_see_some_codes(request.user),
        "can_results": manager or period.is_published,
    }
    if manager:
        context["settings_form"] = settings_form or PeriodSettingsForm(
            instance=period, surveys=surveys
        )
        context["pending"] = Response.objects.filter(
            survey__period=period, status=ResponseStatus.PENDING
        ).count()
        context["codes"] = SurveyToken.objects.filter(
            survey__period=period, revoked_at__isnull=True
        ).count()
    return context


@require_GET
@login_required
def period_page(request: AuthedRequest, year: int) -> HttpResponse:
    period = access.get_period(year)
    return render(request, "surveys/period.html", _period_context(request, period))


@require_POST
@login_required
def period_settings(request: AuthedRequest, year: int) -> HttpResponse:
    access.require_manager(request.user)
    period = access.get_period(year)
    surveys = period_surveys(period)
    form = PeriodSettingsForm(request.POST, instance=period, surveys=surveys)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_period(
                actor=request.user,
                period=period,
                **{name: data[name] for name in PERIOD_SETTINGS},
            )
            for survey in surveys:
                change_min_seconds(
                    actor=request.user, survey=survey, min_seconds=data[f"min_seconds_{survey.pk}"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Settings saved."))
            return HttpResponseRedirect(reverse("surveys:period", args=[year]))
    period.refresh_from_db()
    context = _period_context(request, period, settings_form=form)
    return render(request, "surveys/period.html", context, status=400)


@require_POST
@login_required
def period_status(request: AuthedRequest, year: int) -> HttpResponse:
    access.require_manager(request.user)
    period = access.get_period(year)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown status."), status=400)
    try:
        set_period_status(actor=request.user, period=period, status=form.cleaned_data["status"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The survey is now: %(status)s.")
            % {"status": PeriodStatus(form.cleaned_data["status"]).label},
        )
    return HttpResponseRedirect(reverse("surveys:period", args=[year]))


# --- codes ------------------------------------------------------------------------------------


def _code_units(request: AuthedRequest) -> QuerySet[Unit]:
    units = Unit.objects.visible_to(request.user).filter(kind__in=access.SURVEYED_KINDS)
    if access.is_survey_manager(request.user):
        return units
    lines = Q(pk__in=[])
    for membership in access.memberships_of(request.user):
        if membership.role not in access.MINISTRY_WIDE_ROLES and membership.unit.is_active:
            lines |= Q(path__startswith=membership.unit.path)
    return units.filter(lines)


@require_GET
@login_required
def codes(request: AuthedRequest, year: int) -> HttpResponse:
    period = access.get_period(year)
    if not access.can_see_some_codes(request.user):
        raise PermissionDenied
    form = UnitFilterForm(request.GET)
    surveys = period_surveys(period)
    sorting = Sorting(request, code_columns(surveys))
    units = sort_codes(
        with_responses(_filter_units(_code_units(request), form), period), sorting, surveys
    )
    page = Paginator(units.select_related("parent"), PER_PAGE).get_page(request.GET.get("page"))
    tokens: dict[tuple[int, int], SurveyToken] = {
        (token.unit_id, token.survey_id): token
        for token in SurveyToken.objects.filter(
            survey__period=period, unit__in=list(page.object_list), revoked_at__isnull=True
        )
    }
    rows = [
        (unit, [(survey, tokens.get((unit.pk, survey.pk))) for survey in surveys])
        for unit in page.object_list
    ]
    context: dict[str, Any] = {
        "period": period,
        "surveys": surveys,
        "rows": rows,
        "page": page,
        "form": form,
        "sorting": sorting,
        "query_string": query_without(request),
    }
    if request.htmx:
        return render(request, "surveys/codes.html#code-table", context)
    manager = access.is_survey_manager(request.user)
    missing = 0
    if manager:
        active = SurveyToken.objects.filter(
            survey__period=period, revoked_at__isnull=True, unit__is_active=True
        ).count()
        every = Unit.objects.filter(kind__in=access.SURVEYED_KINDS, is_active=True).count()
        missing = every * len(surveys) - active
    context |= {"manager": manager, "missing": max(0, missing)}
    return render(request, "surveys/codes.html", context)


@require_POST
@login_required
def issue_codes(request: AuthedRequest, year: int) -> HttpResponse:
    access.require_manager(request.user)
    period = access.get_period(year)
    if period.status == PeriodStatus.PUBLISHED:
        messages.error(request, _("The results of this survey are published; no new codes."))
        return HttpResponseRedirect(reverse("surveys:codes", args=[year]))
    units = Unit.objects.filter(kind__in=access.SURVEYED_KINDS, is_active=True)
    created = issue_tokens(actor=request.user, surveys=period_surveys(period), units=units)
    messages.success(request, _("%(count)d codes issued.") % {"count": len(created)})
    return HttpResponseRedirect(reverse("surveys:codes", args=[year]))


@require_GET
@login_required
def unit_codes(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    period = access.get_period(year)
    unit = access.get_unit(request.user, pk, Action.CODES, period)
    surveys = period_surveys(period)
    tokens = {
        token.survey_id: token
        for token in SurveyToken.objects.filter(
            survey__period=period, unit=unit, revoked_at__isnull=True
        )
    }
    site = site_url(request)
    items = [
        {
            "survey": survey,
            "token": tokens.get(survey.pk),
            "url": qr.survey_url(tokens[survey.pk].token, site) if survey.pk in tokens else "",
            "svg": qr.qr_inline(tokens[survey.pk].token, site) if survey.pk in tokens else "",
        }
        for survey in surveys
    ]
    revoked = SurveyToken.objects.filter(
        survey__period=period, unit=unit, revoked_at__isnull=False
    ).select_related("survey__questionnaire", "revoked_by")
    subtree = Unit.objects.subtree_of(unit).filter(kind__in=access.SURVEYED_KINDS).count()
    return render(
        request,
        "surveys/unit_codes.html",
        {
            "period": period,
            "unit": unit,
            "items": items,
            "revoked": revoked,
            "manager": access.is_survey_manager(request.user),
            "subtree": subtree,
        },
    )


def _token_for_user(request: AuthedRequest, pk: int, action: Action) -> SurveyToken:
    token = (
        SurveyToken.objects.select_related(
            "unit", "survey__questionnaire", "survey__period__assessment_year"
        )
        .filter(pk=pk, unit__in=Unit.objects.visible_to(request.user))
        .first()
    )
    if token is None:
        raise Http404
    if not access.can(request.user, action, token.unit, token.survey.period):
        raise PermissionDenied
    return token


def _file_name(token: SurveyToken, extension: str) -> str:
    name = slugify(f"{token.unit.code} {token.survey.questionnaire.code} {token.survey.period}")
    return f"qr-{name}.{extension}"


@require_GET
@login_required
def qr_file(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    token = _token_for_user(request, pk, Action.CODES)
    if not token.is_active:
        raise Http404
    site = site_url(request)
    if fmt == "svg":
        response = HttpResponse(qr.qr_svg(token.token, site), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.qr_png(token.token, site), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(token, fmt)}"'
    return response


@require_GET
@login_required
def poster(request: AuthedRequest, pk: int) -> HttpResponse:
    token = _token_for_user(request, pk, Action.CODES)
    if not token.is_active:
        raise Http404
    response = HttpResponse(
        qr.posters_pdf([token], site_url(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(token, "pdf")}"'
    return response


@require_GET
@login_required
def unit_posters(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    """Every poster of a unit and the units below it (a Kanwil downloads its UPT's codes)."""
    period = access.get_period(year)
    unit = access.get_unit(request.user, pk, Action.CODES, period)
    tokens = list(
        SurveyToken.objects.filter(
            survey__period=period,
            revoked_at__isnull=True,
            unit__in=Unit.objects.subtree_of(unit).filter(kind__in=access.SURVEYED_KINDS),
        )
        .select_related("unit", "survey__questionnaire", "survey__period__assessment_year")
        .order_by("unit__path", "survey__order")
    )
    if not tokens:
        messages.error(request, _("No code has been issued for these units yet."))
        return HttpResponseRedirect(reverse("surveys:unit_codes", args=[year, pk]))
    response = HttpResponse(
        qr.posters_pdf(tokens, site_url(request)), content_type="application/pdf"
    )
    name = slugify(f"poster survei {unit.code} {year}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_POST
@login_required
def token_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    token = _token_for_user(request, pk, Action.MANAGE)
    if not token.is_active:
        messages.error(request, _("This code is already revoked."))
    elif action == "revoke":
        revoke_token(actor=request.user, token=token)
        messages.success(request, _("Code %(code)s revoked.") % {"code": token.token})
    else:
        new = rotate_token(actor=request.user, token=token)
        messages.success(
            request,
            _("Code %(old)s replaced by %(new)s: print the new poster.")
            % {"old": token.token, "new": new.token},
        )
    return HttpResponseRedirect(
        reverse("surveys:unit_codes", args=[token.survey.period.year, token.unit_id])
    )


# --- a unit: results, service profile, paper import --------------------------------------------


def _unit_context(
    request: AuthedRequest, period: SurveyPeriod, unit: Unit, **extra: Any
) -> dict[str, Any]:
    allowed = access.permissions(request.user, unit, period)
    profile = ServiceProfile.objects.filter(period=period, unit=unit).first()
    surveys = period_surveys(period) if allowed["results"] or allowed["manage"] else []
    context: dict[str, Any] = {
        "period": period,
        "unit": unit,
        "allowed": allowed,
        "profile": profile,
        "flag_labels": flag_labels(),
    }
    if allowed["results"]:
        results = results_for_unit(period, unit, surveys=surveys)
        context |= {
            "results": results,
            "proposed_to": proposed_to(unit),
            "coached_by": coached_by(unit),
        }
    if allowed["profile"] and "profile_form" not in extra:
        initial: dict[str, Any] = {
            "service_days": list("12345"),
            "opens_at": "08:00",
            "closes_at": "16:00",
        }
        if profile is not None:
            initial = {
                "service_users": profile.service_users,
                "service_days": list(profile.service_days),
                "opens_at": profile.opens_at,
                "closes_at": profile.closes_at,
            }
        context["profile_form"] = ServiceProfileForm(initial=initial)
    if allowed["manage"] and "import_form" not in extra:
        context["import_form"] = PaperImportForm(surveys=surveys)
    if allowed["manage"]:
        context["import_columns"] = [
            (s.spec().short_title, import_columns(s.spec())) for s in surveys
        ]
    return context | extra


@require_GET
@login_required
def unit_page(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    period = access.get_period(year)
    unit = _seen_unit(request, pk)  # everyone who sees the unit; each part checks its own right
    return render(request, "surveys/unit.html", _unit_context(request, period, unit))


def _seen_unit(request: AuthedRequest, pk: int) -> Unit:
    unit = (
        Unit.objects.visible_to(request.user)
        .filter(pk=pk, kind__in=access.SURVEYED_KINDS)
        .select_related("parent", "pembina")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


@require_POST
@login_required
def unit_profile(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    period = access.get_period(year)
    unit = access.get_unit(request.user, pk, Action.PROFILE, period)
    form = ServiceProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        save_service_profile(
            actor=request.user,
            period=period,
            unit=unit,
            service_users=data["service_users"],
            service_days="".join(data["service_days"]),
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
        )
        messages.success(request, _("Service users and hours saved."))
        return HttpResponseRedirect(reverse("surveys:unit", args=[year, pk]))
    context = _unit_context(request, period, unit, profile_form=form)
    return render(request, "surveys/unit.html", context, status=400)


@require_POST
@login_required
def unit_import(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    period = access.get_period(year)
    unit = access.get_unit(request.user, pk, Action.MANAGE, period)
    surveys = period_surveys(period)
    form = PaperImportForm(request.POST, request.FILES, surveys=surveys)
    errors: list[RowError] = []
    if form.is_valid():
        survey = next(s for s in surveys if s.pk == form.cleaned_data["survey"])
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name, max_rows=_max_rows())
            summary = import_paper(
                actor=request.user, survey=survey, unit=unit, table=table, filename=upload.name
            )
        except TabularError as error:
            form.add_error("file", str(error))
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _(
                    "%(rows)d paper responses imported: %(accepted)d counted, %(pending)d "
                    "waiting for review."
                )
                % {"rows": summary.rows, "accepted": summary.accepted, "pending": summary.pending},
            )
            return HttpResponseRedirect(reverse("surveys:unit", args=[year, pk]))
    context = _unit_context(request, period, unit, import_form=form, import_errors=errors)
    return render(request, "surveys/unit.html", context, status=400)


def _max_rows() -> int:
    from django.conf import settings

    return int(settings.IMPORT_MAX_ROWS)


# --- review -----------------------------------------------------------------------------------


def _answer_labels(response: Response) -> list[tuple[ElementSpec, str | None]]:
    """Each element of the response's questionnaire with the label of the option chosen (None
    when the question was left unanswered)."""
    elements = response.survey.spec().elements
    values = response.answers(len(elements))
    return [
        (element, element.options[value - 1] if value else None)
        for element, value in zip(elements, values, strict=True)
    ]


@require_http_methods(["GET", "POST"])
@login_required
def review(request: AuthedRequest, year: int) -> HttpResponse:
    access.require_manager(request.user)
    period = access.get_period(year)
    surveys = period_surveys(period)
    filters = ReviewFilterForm(request.GET)
    filters.fields["survey"].choices = [("", _("All surveys"))] + [  # type: ignore[attr-defined]
        (s.pk, s.spec().short_title) for s in surveys
    ]
    filters.fields["flag"].choices = [("", _("All flags"))] + [  # type: ignore[attr-defined]
        (int(flag), label) for flag, label in flag_labels().items()
    ]
    pending = (
        Response.objects.filter(survey__period=period, status=ResponseStatus.PENDING)
        .select_related("unit", "survey__questionnaire")
        .order_by("submitted_at", "pk")
    )
    if filters.is_valid():
        if filters.cleaned_data["survey"]:
            pending = pending.filter(survey_id=filters.cleaned_data["survey"])
        if filters.cleaned_data["flag"]:
            flag = filters.cleaned_data["flag"]
            pending = pending.alias(raised=F("flags").bitand(flag)).exclude(raised=0)
        if filters.cleaned_data["q"]:
            term = filters.cleaned_data["q"]
            pending = pending.filter(Q(unit__name__icontains=term) | Q(unit__code__iexact=term))
    page = Paginator(pending, REVIEW_PER_PAGE).get_page(request.GET.get("page"))
    status = 200
    form = ReviewForm(ids=[r.pk for r in page.object_list])
    if request.method == "POST":
        ids = [pk for v in request.POST.getlist("ids") if (pk := parse_id(v)) is not None]
        form = ReviewForm(request.POST, ids=ids)
        if form.is_valid():
            try:
                outcome = review_responses(
                    actor=request.user,
                    period=period,
                    ids=form.cleaned_data["ids"],
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(count)d responses decided.") % {"count": outcome.decided},
                )
                return HttpResponseRedirect(request.get_full_path())
        status = 400
    labels = flag_labels()
    rows = [
        {
            "response": response,
            "spec": response.survey.spec(),
            "answers": _answer_labels(response),
            "flags": [labels[int(flag)] for flag in flag_list(response.flags)],
        }
        for response in page.object_list
    ]
    return render(
        request,
        "surveys/review.html",
        {
            "period": period,
            "rows": rows,
            "page": page,
            "form": form,
            "chosen": set(form.cleaned_data.get("ids", [])) if form.is_bound else set(),
            "filters": filters,
            "total": page.paginator.count,
            "query_string": query_without(request),
            "published": period.is_published,
        },
        status=status,
    )


# --- results ----------------------------------------------------------------------------------


@require_GET
@login_required
def results(request: AuthedRequest, year: int) -> HttpResponse:
    period = access.get_period(year)
    if not (access.is_survey_manager(request.user) or period.is_published):
        return render(
            request, "surveys/results_unpublished.html", {"period": period, "manager": False}
        )
    form = UnitFilterForm(request.GET)
    units = list(
        _filter_units(
            Unit.objects.visible_to(request.user).filter(kind__in=access.SURVEYED_KINDS), form
        ).only("name", "kind", "upt_type", "path")
    )
    surveys = period_surveys(period)
    sorting = Sorting(request, result_columns(surveys))
    # Every unit's pre-screen (to filter, count and sort), every survey only for the page shown
    # (or for every unit when the order reads it); from the tallies alone, in a fixed number
    # of queries.
    wanted = form.cleaned_data.get("outcome") if form.is_valid() else ""
    loaded = load_results(period, units, surveys=surveys)
    figures = loaded.results(units, detail=None if needs_every_survey(sorting) else ())
    counts = {p.value: 0 for p in Prescreen}
    for result in figures.values():
        if result.prescreen is not None:
            counts[result.prescreen.value] += 1
    units = sort_results(units, sorting, loaded, figures)
    shown = [u for u in units if not wanted or figures[u.pk].prescreen == wanted]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    details = loaded.results(list(page.object_list))
    rows = result_rows(period.year, (details[unit.pk] for unit in page.object_list))
    context = {
        "period": period,
        "surveys": surveys,
        "page": page,
        "rows": rows,
        "form": form,
        "counts": counts,
        "sorting": sorting,
        "query_string": query_without(request),
        "manager": access.is_survey_manager(request.user),
    }
    if request.htmx:
        return render(request, "surveys/results.html#result-table", context)
    return render(request, "surveys/results.html", context)


# --- helpers ----------------------------------------------------------------------------------


def _filter_units(units: QuerySet[Unit], form: UnitFilterForm) -> QuerySet[Unit]:
    if not form.is_valid():
        return units.order_by("path")
    data = form.cleaned_data
    if data.get("q"):
        term = data["q"].strip()
        units = units.filter(
            Q(name__icontains=term)
            | Q(short_name__icontains=term)
            | Q(code__iexact=term)
            | Q(province__icontains=term)
        )
    if data.get("kind"):
        units = units.filter(kind=data["kind"])
    return units.order_by("path")
