"""Pencanangan and Pakta Integritas pages: thin views (access → form → service → render or
redirect)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zona.accounts.models import Membership, Role
from zona.core.downloads import table_download
from zona.core.errors import ImportRejected, RowError
from zona.core.http import AuthedRequest, client_ip, query_without
from zona.core.tabular import TabularError, read_table
from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.files.services import FileRejected, file_response
from zona.organizations.forms import ImportForm
from zona.organizations.models import Unit, UnitKind
from zona.pencanangan.access import (
    Action,
    current_year,
    get_charter_for_user,
    get_employee_for_user,
    get_own_pact,
    get_publication_for_user,
    get_scan_for_user,
    get_unit_for_declaration,
    get_unit_for_pencanangan,
    get_witness_for_user,
    get_year,
    permissions,
    visible_ministry,
    visible_units,
)
from zona.pencanangan.forms import (
    ACCEPT,
    DeclarationForm,
    EmployeeFilterForm,
    EvidenceFileForm,
    PublicationForm,
    SignForm,
    WitnessForm,
    kinds_label,
    size_limit,
)
from zona.pencanangan.importing import COLUMNS, EXPORT_COLUMNS, export_rows, import_employees
from zona.pencanangan.models import Declaration, PactScan, WitnessKind
from zona.pencanangan.pact import pact_for
from zona.pencanangan.services import (
    StageClosed,
    add_publication,
    add_witness,
    remove_publication,
    remove_witness,
    save_declaration,
    sign_pact,
    upload_charter,
    upload_scan,
    window_state,
)
from zona.pencanangan.summary import (
    completeness_of,
    declarations_with_completeness,
    minister_declaration,
    pencanangan_status,
    pencanangan_statuses,
    signed_condition,
)
from zona.pencanangan.witnesses import is_central

T = TypeVar("T")

EMPLOYEES_PER_PAGE = 50


# --- the overview of the user's scope -------------------------------------------------------


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    year = current_year()
    if year is None:
        return render(request, "pencanangan/no_year.html")
    units = visible_units(request.user).select_related("parent").order_by("path")
    term = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # no NUL for PostgreSQL
    if term:
        units = units.filter(
            Q(name__icontains=term) | Q(short_name__icontains=term) | Q(code__iexact=term)
        )
    page = Paginator(units, settings.UNITS_PER_PAGE).get_page(request.GET.get("page"))
    statuses = pencanangan_statuses(page.object_list, year)
    context = {
        "year": year,
        "q": term,
        "page": page,
        "rows": [(unit, statuses[unit.pk]) for unit in page.object_list],
        "query_string": query_without(request, "page"),
    }
    if request.htmx:
        return render(request, "pencanangan/index.html#unit-table", context)
    context["minister"] = minister_declaration(year)  # the satker follow it (row 5)
    context["ministry"] = visible_ministry(request.user)
    return render(request, "pencanangan/index.html", context)


# --- a unit's pencanangan -------------------------------------------------------------------


@require_GET
@login_required
def unit_page(request: AuthedRequest, pk: int, year: int | None = None) -> HttpResponse:
    unit = get_unit_for_declaration(request.user, pk)
    assessment_year = get_year(year) if year is not None else current_year()
    if assessment_year is None:
        return render(request, "pencanangan/no_year.html", {"unit": unit})
    return _unit_page(request, unit, assessment_year)


def _unit_page(
    request: AuthedRequest,
    unit: Unit,
    year: AssessmentYear,
    *,
    status: int = 200,
    refusal: str = "",
    **forms: Any,
) -> HttpResponse:
    declaration = declarations_with_completeness(
        Declaration.objects.filter(unit=unit, assessment_year=year)
    ).first()
    witnesses = list(declaration.witnesses.all()) if declaration else []
    can = permissions(request.user, unit)
    window_open, window_message = window_state(year, unit)
    is_ministry = unit.kind == UnitKind.KEMENTERIAN
    minister = None if is_ministry else minister_declaration(year)
    completeness = completeness_of(declaration, unit.kind)
    context = {
        "unit": unit,
        "year": year,
        "years": _years(),
        "is_ministry": is_ministry,
        "central": is_central(unit.kind),
        "minister": minister,
        "declaration": declaration,
        "witness_groups": [
            (kind, label, [w for w in witnesses if w.kind == kind])
            for kind, label in WitnessKind.choices
        ],
        "witness_count": len(witnesses),
        "publications": list(declaration.publications.all()) if declaration else [],
        "charters": list(declaration.charter_versions.select_related("uploaded_by"))
        if declaration
        else [],
        "completeness": completeness,
        "status": pencanangan_status(unit, year),
        "can": can,
        "editable": can[Action.EDIT] and window_open,
        "window_open": window_open,
        "window_message": window_message,
        "own_pacts": _own_pacts(request, unit, year),
        "refusal": refusal,
        "declaration_form": forms.get("declaration_form")
        or DeclarationForm(
            instance=declaration or _new_declaration(unit, year), minister=is_ministry
        ),
        "witness_form": forms.get("witness_form") or WitnessForm(),
        "publication_form": forms.get("publication_form") or PublicationForm(),
        "charter_form": forms.get("charter_form") or EvidenceFileForm(),
        "kinds_label": kinds_label(),
        "size_limit": size_limit(),
        "today": timezone.localdate(),
    }
    return render(request, "pencanangan/unit.html", context, status=status)


def _own_pacts(request: AuthedRequest, unit: Unit, year: AssessmentYear) -> list[Employee]:
    """The logged-in user's own entries on the unit's list (to point them to their pact)."""
    if not request.user.nip:
        return []
    return list(Employee.objects.filter(unit=unit, assessment_year=year, nip=request.user.nip))


def _new_declaration(unit: Unit, year: AssessmentYear) -> Declaration:
    """An unsaved declaration with the head's name suggested from the unit's kepala."""
    head = (
        Membership.objects.filter(unit=unit, role=Role.KEPALA_SATKER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return Declaration(unit=unit, assessment_year=year, declared_by=str(head.user) if head else "")


def _unit_url(unit: Unit, year: AssessmentYear, anchor: str = "") -> str:
    url = reverse("pencanangan:unit_year", args=[unit.pk, year.year])
    return f"{url}#{anchor}" if anchor else url


@require_POST
@login_required
def declaration(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for_declaration(request.user, pk, Action.EDIT)
    assessment_year = get_year(year)
    form = DeclarationForm(request.POST, minister=unit.kind == UnitKind.KEMENTERIAN)
    done, _saved = _apply(
        form,
        lambda data: save_declaration(
            actor=request.user, unit=unit, assessment_year=assessment_year, **data
        ),
    )
    if done:
        messages.success(request, _("The declaration is saved."))
        return redirect(_unit_url(unit, assessment_year, "deklarasi"))
    return _unit_page(request, unit, assessment_year, status=400, declaration_form=form)


@require_POST
@login_required
def witness_add(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for_declaration(request.user, pk, Action.EDIT)
    assessment_year = get_year(year)
    form = WitnessForm(request.POST)
    done, _witness = _apply(
        form,
        lambda data: add_witness(
            actor=request.user, unit=unit, assessment_year=assessment_year, **data
        ),
    )
    if done:
        messages.success(
            request, _("Witness %(name)s added.") % {"name": form.cleaned_data["name"]}
        )
        return redirect(_unit_url(unit, assessment_year, "saksi"))
    return _unit_page(request, unit, assessment_year, status=400, witness_form=form)


@require_POST
@login_required
def witness_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    witness = get_witness_for_user(request.user, pk, Action.EDIT)
    unit, year = witness.declaration.unit, witness.declaration.assessment_year
    try:
        remove_witness(actor=request.user, witness=witness)
    except StageClosed as exc:
        return _unit_page(request, unit, year, status=400, refusal=str(exc))
    messages.success(request, _("Witness %(name)s removed.") % {"name": witness.name})
    return redirect(_unit_url(unit, year, "saksi"))


@require_POST
@login_required
def publication_add(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for_declaration(request.user, pk, Action.EDIT)
    assessment_year = get_year(year)
    form = PublicationForm(request.POST)
    done, _publication = _apply(
        form,
        lambda data: add_publication(
            actor=request.user, unit=unit, assessment_year=assessment_year, **data
        ),
    )
    if done:
        messages.success(request, _("Publication added."))
        return redirect(_unit_url(unit, assessment_year, "publikasi"))
    return _unit_page(request, unit, assessment_year, status=400, publication_form=form)


@require_POST
@login_required
def publication_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_user(request.user, pk, Action.EDIT)
    unit, year = publication.declaration.unit, publication.declaration.assessment_year
    try:
        remove_publication(actor=request.user, publication=publication)
    except StageClosed as exc:
        return _unit_page(request, unit, year, status=400, refusal=str(exc))
    messages.success(request, _("Publication removed."))
    return redirect(_unit_url(unit, year, "publikasi"))


@require_POST
@login_required
def charter_upload(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for_declaration(request.user, pk, Action.EDIT)
    assessment_year = get_year(year)
    form = EvidenceFileForm(request.POST, request.FILES)
    done, version = _apply(
        form,
        lambda data: upload_charter(
            actor=request.user, unit=unit, assessment_year=assessment_year, upload=data["file"]
        ),
    )
    if done and version is not None:
        messages.success(
            request,
            _("The signed piagam is uploaded (version %(number)d).") % {"number": version.number},
        )
        return redirect(_unit_url(unit, assessment_year, "piagam"))
    return _unit_page(request, unit, assessment_year, status=400, charter_form=form)


@require_GET
@login_required
def charter_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    version = get_charter_for_user(request.user, pk)
    return file_response(version.stored_file, download_name=version.file_name)


# --- the unit's Pakta Integritas ------------------------------------------------------------


@require_GET
@login_required
def pakta_page(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for_pencanangan(request.user, pk)
    assessment_year = get_year(year)
    context = _pakta_context(request, unit, assessment_year)
    if request.htmx and request.htmx.target == "employee-table":
        return render(request, "pencanangan/pakta.html#employee-table", context)
    return render(request, "pencanangan/pakta.html", context)


def _employees(unit: Unit, year: AssessmentYear, form: EmployeeFilterForm) -> QuerySet[Employee]:
    employees = (
        Employee.objects.filter(unit=unit, assessment_year=year)
        .annotate(is_signed=ExpressionWrapper(signed_condition(), output_field=BooleanField()))
        .select_related("app_signature")
        .prefetch_related(
            Prefetch("scans", queryset=PactScan.objects.select_related("uploaded_by"))
        )
        .order_by("-is_leader", "name", "nip")
    )
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("status") == "off":
        return employees.filter(listed=False)
    employees = employees.filter(listed=True)
    if data.get("q"):
        term = data["q"].strip()
        employees = employees.filter(Q(name__icontains=term) | Q(nip__startswith=term))
    if data.get("status") == "sudah":
        employees = employees.filter(signed_condition())
    elif data.get("status") == "belum":
        employees = employees.exclude(signed_condition())
    if data.get("leaders"):
        employees = employees.filter(is_leader=True)
    return employees


def _pakta_context(
    request: AuthedRequest, unit: Unit, year: AssessmentYear, **extra: Any
) -> dict[str, Any]:
    form = EmployeeFilterForm(request.GET)
    can = permissions(request.user, unit)
    window_open, window_message = window_state(year, unit)
    return {
        "unit": unit,
        "year": year,
        "years": _years(),
        "status": pencanangan_status(unit, year),
        "unlisted": Employee.objects.filter(unit=unit, assessment_year=year, listed=False).count(),
        "filter": form,
        "employees": Paginator(_employees(unit, year, form), EMPLOYEES_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "query": query_without(request, "page"),
        "can": can,
        "editable": can[Action.EDIT] and window_open,
        "window_open": window_open,
        "window_message": window_message,
        "columns": COLUMNS,
        "accept": ACCEPT,
        "import_form": ImportForm(),
        "kinds_label": kinds_label(),
        "size_limit": size_limit(),
        "own_pacts": _own_pacts(request, unit, year),
        **extra,
    }


def _pakta_url(unit: Unit, year: AssessmentYear, anchor: str = "") -> str:
    url = reverse("pencanangan:pakta", args=[unit.pk, year.year])
    return f"{url}#{anchor}" if anchor else url


@require_POST
@login_required
def pakta_import(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for_pencanangan(request.user, pk, Action.EDIT)
    assessment_year = get_year(year)
    form = ImportForm(request.POST, request.FILES)
    errors: list[RowError] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name, max_rows=form.max_rows)
            summary = import_employees(
                actor=request.user, unit=unit, assessment_year=assessment_year, table=table
            )
        except TabularError as exc:
            form.add_error("file", str(exc))
        except StageClosed as exc:
            form.add_error(None, str(exc))
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Employee list imported: %(created)d new, %(updated)d changed, "
                    "%(unchanged)d unchanged, %(unlisted)d taken off the list."
                )
                % {
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "unlisted": summary.unlisted,
                },
            )
            return redirect(_pakta_url(unit, assessment_year))
    context = _pakta_context(request, unit, assessment_year, import_form=form, errors=errors)
    return render(request, "pencanangan/pakta.html", context, status=400)


@require_GET
@login_required
def pakta_export(request: AuthedRequest, pk: int, year: int, fmt: str) -> HttpResponse:
    unit = get_unit_for_pencanangan(request.user, pk)
    assessment_year = get_year(year)
    employees = Employee.objects.filter(unit=unit, assessment_year=assessment_year, listed=True)
    rows = export_rows(employees.order_by("-is_leader", "name", "nip"))
    stem = f"pakta-integritas-{unit.code}-{assessment_year.year}"
    return table_download(fmt, stem, EXPORT_COLUMNS, rows, dated=False)


@require_POST
@login_required
def scan_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    employee = get_employee_for_user(request.user, pk, Action.EDIT)
    form = EvidenceFileForm(request.POST, request.FILES)
    done, scan = _apply(
        form,
        lambda data: upload_scan(actor=request.user, employee=employee, upload=data["file"]),
    )
    if done and scan is not None:
        messages.success(
            request,
            _("Scanned pact of %(name)s uploaded (version %(number)d).")
            % {"name": employee.name, "number": scan.number},
        )
        return redirect(_pakta_url(employee.unit, employee.assessment_year, f"e-{employee.pk}"))
    context = _pakta_context(
        request,
        employee.unit,
        employee.assessment_year,
        scan_employee=employee,
        scan_errors=[str(e) for e in form.non_field_errors()]
        + [str(e) for e in form.errors.get("file", [])],
    )
    return render(request, "pencanangan/pakta.html", context, status=400)


@require_GET
@login_required
def scan_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    scan = get_scan_for_user(request.user, pk)
    return file_response(scan.stored_file, download_name=scan.file_name)


# --- the employee's own pact ----------------------------------------------------------------


@require_GET
@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    pacts = (
        Employee.objects.filter(nip=request.user.nip)
        .select_related("unit", "assessment_year", "app_signature")
        .prefetch_related("scans")
        .order_by("-assessment_year__year", "-listed", "unit__name")
        if request.user.nip
        else Employee.objects.none()
    )
    return render(request, "pencanangan/mine.html", {"pacts": pacts})


@require_GET
@login_required
def pact(request: AuthedRequest, pk: int) -> HttpResponse:
    employee = get_own_pact(request.user, pk)
    return _pact_page(request, employee, SignForm())


def _pact_page(
    request: AuthedRequest, employee: Employee, form: SignForm, status: int = 200
) -> HttpResponse:
    window_open, window_message = window_state(employee.assessment_year, employee.unit)
    context = {
        "employee": employee,
        "unit": employee.unit,
        "year": employee.assessment_year,
        "pact": pact_for(employee),
        "signature": getattr(employee, "app_signature", None),
        "scans": list(employee.scans.all()),
        "form": form,
        "window_open": window_open,
        "window_message": window_message,
    }
    return render(request, "pencanangan/pact.html", context, status=status)


@require_http_methods(["POST"])
@login_required
def pact_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    employee = get_own_pact(request.user, pk)
    form = SignForm(request.POST)
    done, signed = _apply(
        form,
        lambda data: sign_pact(
            actor=request.user,
            employee=employee,
            agreed=data["agree"],
            ip_address=client_ip(request.META),
            forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        ),
    )
    if done and signed is not None:
        if signed[1]:  # created
            messages.success(request, _("Thank you: your Pakta Integritas is signed."))
        else:
            messages.info(request, _("Your Pakta Integritas was already signed."))
        return redirect("pencanangan:pact", pk=employee.pk)
    return _pact_page(request, employee, form, status=400)


# --- helpers --------------------------------------------------------------------------------


def _years() -> list[int]:
    return list(AssessmentYear.objects.order_by("-year").values_list("year", flat=True))


def _apply(form: BaseForm, change: Callable[[dict[str, Any]], T]) -> tuple[bool, T | None]:
    """Validate `form` and make `change` with its data: (True, what it returned). A refusal
    by the service becomes an error on the form (a rejected file on its file field):
    (False, None), and the page is shown again with it."""
    if not form.is_valid():
        return False, None
    try:
        return True, change(form.cleaned_data)
    except FileRejected as exc:
        form.add_error("file", str(exc))
    except (StageClosed, ValidationError) as exc:
        form.add_error(None, _message(exc))
    return False, None


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
