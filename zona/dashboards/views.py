"""The dashboards: the overview of the units a user oversees, a unit's own dashboard, and
the cross-unit LKE list with its export."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zona.accounts.access import get_unit_for_user
from zona.core.downloads import table_download
from zona.core.http import AuthedRequest, query_without
from zona.cycles.models import AssessmentYear
from zona.dashboards import charts, figures, listing, standing
from zona.organizations.models import Unit

LINES_PER_PAGE = 50
OWN_UNITS_SHOWN = 60  # up to this many units, the overview lists them all


def current_year() -> AssessmentYear | None:
    return AssessmentYear.objects.select_related("instrument").first()


def _no_year(request: AuthedRequest) -> HttpResponse:
    return render(request, "no_year.html", {"title": _("Dashboard")})


@require_GET
@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    year = current_year()
    if year is None:
        return _no_year(request)
    lines = figures.unit_lines(Unit.objects.visible_to(request.user), year)
    return render(request, "dashboards/overview.html", overview_context(lines, year))


def overview_context(lines: list[figures.UnitLine], year: AssessmentYear) -> dict[str, object]:
    today = timezone.localdate()
    spec = year.instrument.spec()
    stages = figures.stage_choices()
    counts = figures.stage_counts(lines)

    def bar(label: str, counted: dict[str, int]) -> charts.StackedBar:
        return charts.stacked(label, [(key, name, counted.get(key, 0)) for key, name in stages])

    minimums = {p.code: dict(p.minimums) for p in spec.predicates}
    overdue = sorted(
        ((line, line.overdue(today)) for line in lines if line.overdue(today)),
        key=lambda pair: -pair[1],
    )
    return {
        "year": year,
        "lines_count": len(lines),
        "stages": stages,
        "stage_numbers": [(key, name, counts.get(key, 0)) for key, name in stages],
        "overall": bar("", counts),
        "by_eselon_i": [bar(name, c) for name, c in figures.stage_by(lines, "eselon_i")],
        "by_kanwil": [bar(name, c) for name, c in figures.stage_by(lines, "kanwil")],
        "leverage": charts.histogram(
            [line.leverage for line in lines if line.assessment],
            top=spec.leverage_weight,
            step=Decimal(5),
            lines=[(code, m["leverage"]) for code, m in minimums.items() if "leverage" in m],
        ),
        "total": charts.histogram(
            [line.total for line in lines if line.assessment],
            top=spec.leverage_weight + spec.result_weight,
            step=Decimal(10),
            lines=[(code, m["total"]) for code, m in minimums.items() if "total" in m],
        ),
        "verdicts": figures.verdict_counts(lines),
        "coverage": figures.survey_coverage(lines),
        "prescreen": figures.prescreen_counts(lines),
        "compliance": figures.compliance_counts(lines),
        "deadlines": figures.deadlines(year, today),
        "overdue": overdue[:10],
        "overdue_items": sum(count for _line, count in overdue),
        "ready": [line for line in lines if line.ready_to_propose],
        # a Kanwil's or an Eselon I's own units, one row each (the ministry has the list)
        "own_units": (
            [(line, line.overdue(today)) for line in listing.sorted_lines(lines, ("total", True))]
            if len(lines) <= OWN_UNITS_SHOWN
            else []
        ),
        "predicates_by_province": figures.predicate_by(lines, "province"),
        "predicates_by_eselon_i": figures.predicate_by(lines, "eselon_i"),
        "today": today,
    }


@require_GET
@login_required
def unit_dashboard(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    year = current_year()
    if year is None:
        return _no_year(request)
    return render(request, "dashboards/unit.html", standing.unit_context(unit, year))


@require_GET
@login_required
def unit_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """The unit's dashboard as a table: its verdict's criteria, its areas and its result
    components, one row each."""
    unit = get_unit_for_user(request.user, pk)
    year = current_year()
    if year is None:
        return table_download("xlsx", f"dasbor-{unit.code.lower()}", standing.EXPORT_COLUMNS, [])
    rows = standing.export_rows(standing.unit_context(unit, year))
    return table_download(
        "xlsx", f"dasbor-{unit.code.lower()}-{year.year}", standing.EXPORT_COLUMNS, rows
    )


@require_GET
@login_required
def lke_list(request: AuthedRequest) -> HttpResponse:
    year = current_year()
    if year is None:
        return _no_year(request)
    form = listing.ListForm(request.GET, units=Unit.objects.visible_to(request.user))
    lines = figures.unit_lines(Unit.objects.visible_to(request.user), year)
    shown = listing.filtered(lines, form)
    order = listing.ordering(request.GET.get("urut", ""))
    page = Paginator(listing.sorted_lines(shown, order), LINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "year": year,
        "form": form,
        "page": page,
        "order": order,
        "columns": listing.COLUMNS,
        "query_string": query_without(request, "urut"),
        "page_query": query_without(request, "page"),
        "export_query": request.GET.urlencode(),
        "today": timezone.localdate(),
    }
    if request.htmx:
        return render(request, "dashboards/lke_list.html#lke-table", context)
    return render(request, "dashboards/lke_list.html", context)


@require_GET
@login_required
def lke_export(request: AuthedRequest) -> HttpResponse:
    """The list as filtered and sorted on the page, every row (an empty table before the
    first assessment year)."""
    year = current_year()
    if year is None:
        return table_download("xlsx", "lke", listing.EXPORT_COLUMNS, [])
    form = listing.ListForm(request.GET, units=Unit.objects.visible_to(request.user))
    lines = figures.unit_lines(Unit.objects.visible_to(request.user), year)
    shown = listing.sorted_lines(
        listing.filtered(lines, form), listing.ordering(request.GET.get("urut", ""))
    )
    today = timezone.localdate()
    return table_download(
        "xlsx", f"lke-{year.year}", listing.EXPORT_COLUMNS, listing.export_rows(shown, today)
    )
