"""Compliance pages: thin views (access → form → service → render or redirect)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zona.compliance.access import (
    COMPLIANCE_KINDS,
    Action,
    can_enter_ministry_grades,
    can_manage_findings_anywhere,
    get_evidence_for_user,
    get_finding_for_user,
    get_ministry_grade_for_user,
    get_unit_for_compliance,
    get_wealth_report_for_user,
    get_year,
    permissions,
    require_findings_manager,
    require_ministry_team,
)
from zona.compliance.forms import (
    FindingFilterForm,
    FindingForm,
    FollowUpForm,
    MinistryGradeForm,
    OverviewFilterForm,
    ReviewForm,
    WealthFilterForm,
    WealthStatusForm,
)
from zona.compliance.importing import (
    FINDING_COLUMNS,
    WEALTH_COLUMNS,
    ImportSummary,
    finding_export_rows,
    import_findings,
    import_wealth_reports,
    wealth_export_rows,
)
from zona.compliance.models import (
    SETTLED_STATUSES,
    Finding,
    MinistryGrade,
    WealthReport,
)
from zona.compliance.services import (
    FOLLOW_UP_FROM,
    REVIEW_TRANSITIONS,
    compliance_for,
    compliance_for_units,
    create_finding,
    current_ministry_grades,
    ministry_standing,
    record_follow_up,
    record_ministry_grade,
    review_finding,
    set_wealth_report_status,
    update_finding,
)
from zona.compliance.summary import scope_counts, tlhp_plan, wealth_conditions
from zona.core.downloads import table_download
from zona.core.errors import ImportRejected, RowError
from zona.core.http import AuthedRequest, query_without
from zona.core.tabular import TabularError, read_table
from zona.cycles.models import AssessmentYear
from zona.files.services import FileRejected, file_response
from zona.organizations.forms import ImportForm
from zona.organizations.models import Unit

FINDINGS_PER_PAGE = 25
EMPLOYEES_PER_PAGE = 50


# --- years ---------------------------------------------------------------------------------


def _latest_year() -> AssessmentYear | None:
    return AssessmentYear.objects.order_by("-year").first()


def _years() -> list[int]:
    return list(AssessmentYear.objects.order_by("-year").values_list("year", flat=True))


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    latest = _latest_year()
    if latest is None:
        return render(request, "compliance/no_year.html")
    return redirect("compliance:overview", year=latest.year)


@require_GET
@login_required
def unit_latest(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_compliance(request.user, pk)
    latest = _latest_year()
    if latest is None:
        return render(request, "compliance/no_year.html", {"unit": unit})
    return redirect("compliance:unit", year=latest.year, pk=unit.pk)


@require_GET
@login_required
def ministry_latest(request: AuthedRequest) -> HttpResponse:
    latest = _latest_year()
    if latest is None:
        return render(request, "compliance/no_year.html")
    return redirect("compliance:ministry", year=latest.year)


# --- the overview of the user's scope -------------------------------------------------------


@require_GET
@login_required
def overview(request: AuthedRequest, year: int) -> HttpResponse:
    assessment_year = get_year(year)
    scope = Unit.objects.visible_to(request.user).filter(kind__in=COMPLIANCE_KINDS)
    form = OverviewFilterForm(request.GET)
    units = _filter_units(scope, form, assessment_year)
    page = Paginator(units.select_related("parent"), settings.UNITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    summaries = compliance_for_units(page.object_list, assessment_year)
    context: dict[str, Any] = {
        "year": assessment_year,
        "form": form,
        "page": page,
        "rows": [(unit, summaries[unit.pk]) for unit in page.object_list],
        "query_string": query_without(request, "page"),
    }
    if request.htmx:
        return render(request, "compliance/overview.html#compliance-table", context)
    context |= _overview_extras(request, assessment_year, scope)
    return render(request, "compliance/overview.html", context)


def _filter_units(
    units: QuerySet[Unit], form: OverviewFilterForm, year: AssessmentYear
) -> QuerySet[Unit]:
    if not form.is_valid():
        return units
    data = form.cleaned_data
    if data["q"]:
        term = data["q"].strip()
        units = units.filter(
            Q(name__icontains=term)
            | Q(short_name__icontains=term)
            | Q(code__iexact=term)
            | Q(province__icontains=term)
        )
    if data["kind"]:
        units = units.filter(kind=data["kind"])
    if data["attention"]:
        open_findings = Finding.objects.filter(unit=OuterRef("pk"), assessment_year=year).exclude(
            status__in=SETTLED_STATUSES
        )
        has_list, unfiled = wealth_conditions(year)
        units = units.filter(Exists(open_findings) | unfiled | ~has_list)
    return units


def _overview_extras(
    request: AuthedRequest, year: AssessmentYear, scope: QuerySet[Unit]
) -> dict[str, Any]:
    return {
        "years": _years(),
        "stats": scope_counts(scope, year),
        "can_import": can_manage_findings_anywhere(request.user),
        "import_form": ImportForm(),
        "finding_columns": FINDING_COLUMNS,
    }


@require_POST
@login_required
def import_year_findings(request: AuthedRequest, year: int) -> HttpResponse:
    require_findings_manager(request.user)
    assessment_year = get_year(year)
    scope = Unit.objects.visible_to(request.user).filter(kind__in=COMPLIANCE_KINDS)

    def run(table: Any) -> ImportSummary:
        return import_findings(
            actor=request.user, assessment_year=assessment_year, table=table, units=scope
        )

    form, errors, summary = _run_import(request, run)
    if summary is not None:
        messages.success(request, _findings_message(summary))
        return redirect("compliance:overview", year=year)
    form_page = OverviewFilterForm({})
    page = Paginator(
        _filter_units(scope, form_page, assessment_year).select_related("parent"),
        settings.UNITS_PER_PAGE,
    ).get_page(1)
    summaries = compliance_for_units(page.object_list, assessment_year)
    context = {
        "year": assessment_year,
        "form": form_page,
        "page": page,
        "rows": [(unit, summaries[unit.pk]) for unit in page.object_list],
        "query_string": "",
        **_overview_extras(request, assessment_year, scope),
        "import_form": form,
        "errors": errors,
    }
    return render(request, "compliance/overview.html", context, status=400)


@require_GET
@login_required
def export_year_findings(request: AuthedRequest, year: int, fmt: str) -> HttpResponse:
    assessment_year = get_year(year)
    findings = Finding.objects.filter(
        assessment_year=assessment_year, unit__in=Unit.objects.visible_to(request.user)
    )
    return table_download(fmt, f"temuan-{year}", FINDING_COLUMNS, finding_export_rows(findings))


# --- a unit's page --------------------------------------------------------------------------


@require_GET
@login_required
def unit_page(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    assessment_year = get_year(year)
    unit = get_unit_for_compliance(request.user, pk)
    context = _unit_context(request, unit, assessment_year)
    if request.htmx and request.htmx.target in ("finding-table", "wealth-table"):
        return render(request, f"compliance/unit.html#{request.htmx.target}", context)
    return render(request, "compliance/unit.html", context)


def _unit_context(request: AuthedRequest, unit: Unit, year: AssessmentYear) -> dict[str, Any]:
    finding_filter = FindingFilterForm(request.GET, prefix="t")
    findings = (
        Finding.objects.filter(unit=unit, assessment_year=year)
        .annotate(follow_up_count=Count("follow_ups"))
        .order_by("report_date", "report_number", "number", "pk")
    )
    if finding_filter.is_valid():
        if finding_filter.cleaned_data["status"]:
            findings = findings.filter(status=finding_filter.cleaned_data["status"])
        if finding_filter.cleaned_data["source"]:
            findings = findings.filter(source=finding_filter.cleaned_data["source"])
    wealth_filter = WealthFilterForm(request.GET, prefix="w")
    reports = _listed_reports(unit, year)
    if wealth_filter.is_valid():
        data = wealth_filter.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            reports = reports.filter(
                Q(employee__name__icontains=term) | Q(employee__nip__startswith=term)
            )
        if data["obligation"]:
            reports = reports.filter(obligation=data["obligation"])
        if data["status"]:
            reports = reports.filter(status=data["status"])
    return {
        "unit": unit,
        "year": year,
        "years": _years(),
        **_summary_context(unit, year),
        "can": permissions(request.user, unit),
        "finding_filter": finding_filter,
        "findings": Paginator(findings, FINDINGS_PER_PAGE).get_page(request.GET.get("tp")),
        "finding_query": query_without(request, "tp"),
        "wealth_filter": wealth_filter,
        "reports": Paginator(reports, EMPLOYEES_PER_PAGE).get_page(request.GET.get("wp")),
        "wealth_query": query_without(request, "wp"),
        "finding_columns": FINDING_COLUMNS,
        "wealth_columns": WEALTH_COLUMNS,
        "findings_import_form": ImportForm(),
        "wealth_import_form": ImportForm(),
        "today": timezone.localdate(),
    }


def _listed_reports(unit: Unit, year: AssessmentYear) -> QuerySet[WealthReport]:
    """The reports of the employees on the unit's roster for the year."""
    return WealthReport.objects.filter(
        employee__unit=unit, employee__assessment_year=year, employee__listed=True
    ).select_related("employee")


def _summary_context(unit: Unit, year: AssessmentYear) -> dict[str, Any]:
    plan = tlhp_plan(year)
    return {
        "summary": compliance_for(unit, year),
        "tlhp_weight": None if plan is None else plan.weight,
    }


@require_POST
@login_required
def import_unit_findings(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    assessment_year = get_year(year)
    unit = get_unit_for_compliance(request.user, pk, Action.MANAGE_FINDINGS)

    def run(table: Any) -> ImportSummary:
        return import_findings(
            actor=request.user, assessment_year=assessment_year, table=table, unit=unit
        )

    form, errors, summary = _run_import(request, run)
    if summary is not None:
        messages.success(request, _findings_message(summary))
        return redirect("compliance:unit", year=year, pk=pk)
    context = _unit_context(request, unit, assessment_year) | {
        "findings_import_form": form,
        "errors": errors,
        "failed": "findings",
    }
    return render(request, "compliance/unit.html", context, status=400)


@require_POST
@login_required
def import_wealth(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    assessment_year = get_year(year)
    unit = get_unit_for_compliance(request.user, pk, Action.EDIT_WEALTH)

    def run(table: Any) -> ImportSummary:
        return import_wealth_reports(
            actor=request.user, unit=unit, assessment_year=assessment_year, table=table
        )

    form, errors, summary = _run_import(request, run)
    if summary is not None:
        messages.success(
            request,
            _(
                "Employee list imported: %(created)d new, %(updated)d changed, "
                "%(removed)d removed, %(unchanged)d unchanged."
            )
            % {
                "created": summary.created,
                "updated": summary.updated,
                "removed": summary.removed,
                "unchanged": summary.unchanged,
            },
        )
        return redirect(reverse("compliance:unit", args=[year, pk]) + "#lhkpn")
    context = _unit_context(request, unit, assessment_year) | {
        "wealth_import_form": form,
        "errors": errors,
        "failed": "wealth",
    }
    return render(request, "compliance/unit.html", context, status=400)


@require_GET
@login_required
def export_unit_findings(request: AuthedRequest, year: int, pk: int, fmt: str) -> HttpResponse:
    assessment_year = get_year(year)
    unit = get_unit_for_compliance(request.user, pk)
    findings = Finding.objects.filter(unit=unit, assessment_year=assessment_year)
    stem = f"temuan-{unit.code}-{year}"
    return table_download(fmt, stem, FINDING_COLUMNS, finding_export_rows(findings))


@require_GET
@login_required
def export_wealth(request: AuthedRequest, year: int, pk: int, fmt: str) -> HttpResponse:
    assessment_year = get_year(year)
    unit = get_unit_for_compliance(request.user, pk)
    reports = _listed_reports(unit, assessment_year)
    stem = f"lhkpn-lhkasn-{unit.code}-{year}"
    return table_download(fmt, stem, WEALTH_COLUMNS, wealth_export_rows(reports))


# --- findings ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def finding_new(request: AuthedRequest, year: int, pk: int) -> HttpResponse:
    assessment_year = get_year(year)
    unit = get_unit_for_compliance(request.user, pk, Action.MANAGE_FINDINGS)
    form = FindingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                finding = create_finding(
                    actor=request.user,
                    unit=unit,
                    assessment_year=assessment_year,
                    data=form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error("number", exc)
            else:
                messages.success(request, _("Finding recorded."))
                return redirect("compliance:finding", pk=finding.pk)
        return _finding_form(request, form, unit, assessment_year, None, status=400)
    return _finding_form(request, form, unit, assessment_year, None)


@require_http_methods(["GET", "POST"])
@login_required
def finding_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk, Action.MANAGE_FINDINGS)
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST":
        if form.is_valid():
            try:
                update_finding(actor=request.user, finding=finding, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error("number", exc)
            else:
                messages.success(request, _("Finding saved."))
                return redirect("compliance:finding", pk=finding.pk)
        return _finding_form(
            request, form, finding.unit, finding.assessment_year, finding, status=400
        )
    return _finding_form(request, form, finding.unit, finding.assessment_year, finding)


def _finding_form(
    request: AuthedRequest,
    form: FindingForm,
    unit: Unit,
    year: AssessmentYear,
    finding: Finding | None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "unit": unit, "year": year, "finding": finding}
    return render(request, "compliance/finding_form.html", context, status=status)


@require_GET
@login_required
def finding_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk)
    return _finding_page(request, finding)


def _finding_page(
    request: AuthedRequest,
    finding: Finding,
    *,
    follow_up_form: FollowUpForm | None = None,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    allowed = permissions(request.user, finding.unit)
    decisions = [
        d for d, (sources, _target) in REVIEW_TRANSITIONS.items() if finding.status in sources
    ]
    follow_ups = finding.follow_ups.select_related("created_by").prefetch_related("evidence")
    reviews = finding.reviews.select_related("created_by")
    timeline = sorted(
        [("follow_up", f.created_at, f) for f in follow_ups]
        + [("review", r.created_at, r) for r in reviews],
        key=lambda item: (item[1], item[0] == "review"),
    )
    context = {
        "finding": finding,
        "unit": finding.unit,
        "year": finding.assessment_year,
        "can": allowed,
        "timeline": timeline,
        "may_follow_up": allowed[Action.FOLLOW_UP] and finding.status in FOLLOW_UP_FROM,
        "follow_up_form": follow_up_form or FollowUpForm(),
        "may_review": allowed[Action.MANAGE_FINDINGS] and bool(decisions),
        "review_form": review_form or ReviewForm(decisions=decisions),
    }
    return render(request, "compliance/finding_detail.html", context, status=status)


@require_POST
@login_required
def follow_up(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk, Action.FOLLOW_UP)
    form = FollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            record_follow_up(
                actor=request.user,
                finding=finding,
                note=form.cleaned_data["note"],
                uploads=form.cleaned_data["evidence"],
            )
        except FileRejected as exc:
            form.add_error("evidence", str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Follow-up recorded; it now awaits the TPI."))
            return redirect("compliance:finding", pk=pk)
    return _finding_page(request, finding, follow_up_form=form, status=400)


@require_POST
@login_required
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk, Action.MANAGE_FINDINGS)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review_finding(
                actor=request.user,
                finding=finding,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("compliance:finding", pk=pk)
    return _finding_page(request, finding, review_form=form, status=400)


@require_GET
@login_required
def evidence_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    evidence = get_evidence_for_user(request.user, pk)
    return file_response(evidence.stored_file, download_name=evidence.name)


# --- wealth reports -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def wealth_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = get_wealth_report_for_user(request.user, pk, Action.EDIT_WEALTH)
    employee = report.employee
    form = WealthStatusForm(request.POST or None, instance=report, auto_id=f"id_%s_{pk}")
    context: dict[str, Any] = {"r": report, "form": form, "unit": employee.unit}
    context["year"] = employee.assessment_year
    if request.method == "POST" and form.is_valid():
        report = set_wealth_report_status(
            actor=request.user,
            report=report,
            status=form.cleaned_data["status"],
            report_date=form.cleaned_data["report_date"],
        )
        if request.htmx:
            context |= {
                "r": report,
                "can": permissions(request.user, employee.unit),
                **_summary_context(employee.unit, employee.assessment_year),
                "oob": True,
            }
            return render(request, "compliance/_wealth_saved.html", context)
        messages.success(request, _("Report status saved for %(name)s.") % {"name": employee.name})
        return redirect(
            reverse("compliance:unit", args=[employee.assessment_year.year, employee.unit_id])
            + "#lhkpn"
        )
    if request.htmx:
        return render(request, "compliance/unit.html#wealth-row-edit", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "compliance/wealth_edit.html", context, status=status)


@require_GET
@login_required
def wealth_row(request: AuthedRequest, pk: int) -> HttpResponse:
    """One employee's row as shown in the table (htmx: after "Cancel")."""
    report = get_wealth_report_for_user(request.user, pk)
    employee = report.employee
    if not request.htmx:
        return redirect(
            reverse("compliance:unit", args=[employee.assessment_year.year, employee.unit_id])
            + "#lhkpn"
        )
    context = {"r": report, "can": permissions(request.user, employee.unit)}
    return render(request, "compliance/unit.html#wealth-row", context)


# --- the ministry ---------------------------------------------------------------------------


@require_GET
@login_required
def ministry(request: AuthedRequest, year: int) -> HttpResponse:
    return _ministry_page(request, get_year(year))


def _ministry_page(
    request: AuthedRequest,
    year: AssessmentYear,
    forms: dict[str, MinistryGradeForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    spec = year.instrument.spec()
    current = current_ministry_grades(year)
    may_enter = can_enter_ministry_grades(request.user)
    forms = forms or {}
    scales = []
    for scale in spec.ministry_scales:
        entry = current.get(scale.key)
        requirements = [
            {
                "predicate": predicate.name,
                "minimum": minimum,
                "met": None if entry is None else scale.at_least(entry.grade, minimum),
            }
            for predicate in spec.predicates
            for key, minimum in predicate.ministry_minimums
            if key == scale.key
        ]
        scales.append(
            {
                "spec": scale,
                "entry": entry,
                "requirements": requirements,
                "form": forms.get(scale.key)
                or (MinistryGradeForm(scale=scale) if may_enter else None),
            }
        )
    history = (
        MinistryGrade.objects.filter(assessment_year=year)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )
    context = {
        "year": year,
        "years": _years(),
        "scales": scales,
        "standing": ministry_standing(year),
        "history": history,
        "scale_names": {scale.key: scale.name for scale in spec.ministry_scales},
        "may_enter": may_enter,
    }
    return render(request, "compliance/ministry.html", context, status=status)


@require_POST
@login_required
def ministry_record(request: AuthedRequest, year: int, scale: str) -> HttpResponse:
    require_ministry_team(request.user)
    assessment_year = get_year(year)
    spec = next(
        (s for s in assessment_year.instrument.spec().ministry_scales if s.key == scale), None
    )
    if spec is None:
        raise Http404
    form = MinistryGradeForm(request.POST, request.FILES, scale=spec)
    if form.is_valid():
        try:
            record_ministry_grade(
                actor=request.user,
                assessment_year=assessment_year,
                scale=scale,
                grade=form.cleaned_data["grade"],
                reference=form.cleaned_data["reference"],
                upload=form.cleaned_data["document"],
            )
        except FileRejected as exc:
            form.add_error("document", str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(scale)s recorded.") % {"scale": spec.name})
            return redirect("compliance:ministry", year=year)
    return _ministry_page(request, assessment_year, {scale: form}, status=400)


@require_GET
@login_required
def ministry_document(request: AuthedRequest, pk: int) -> HttpResponseBase:
    entry = get_ministry_grade_for_user(request.user, pk)
    return file_response(entry.document, download_name=entry.document_name)


# --- helpers --------------------------------------------------------------------------------


def _run_import(
    request: AuthedRequest, run: Callable[[Any], ImportSummary]
) -> tuple[ImportForm, list[RowError], ImportSummary | None]:
    form = ImportForm(request.POST, request.FILES)
    errors: list[RowError] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name, max_rows=form.max_rows)
            return form, errors, run(table)
        except TabularError as exc:
            form.add_error("file", str(exc))
        except ImportRejected as exc:
            errors = exc.errors
    return form, errors, None


def _findings_message(summary: ImportSummary) -> str:
    return _(
        "Findings imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged."
    ) % {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
    }
