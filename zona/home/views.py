"""The staff site's start: the units a user sees (searchable, paged), and a unit's page with
its place in the tree, its people and its LKE of the current year.

Above the domain apps: a page that brings several of them together lives here, so that no
app imports one above it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zona.accounts.access import get_unit_for_user
from zona.accounts.models import Membership, Role
from zona.accounts.scoping import memberships_of, sees_whole_ministry
from zona.assessments.access import is_satker_member
from zona.assessments.models import Assessment
from zona.core.http import AuthedRequest, query_without
from zona.cycles.models import AssessmentYear
from zona.dashboards.figures import unit_lines
from zona.dashboards.standing import unit_context
from zona.dashboards.views import overview_context
from zona.organizations.forms import UnitSearchForm
from zona.organizations.models import Unit, UnitKind

CHILDREN_SHOWN = 50


@require_GET
@login_required
def home(request: AuthedRequest) -> HttpResponse:
    visible = Unit.objects.visible_to(request.user)
    form = UnitSearchForm(request.GET)
    units = _filtered(visible, form)
    page = Paginator(units.select_related("parent", "pembina"), settings.UNITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "query_string": query_without(request)}
    if request.htmx:
        return render(request, "home/home.html#unit-table", context)
    kind_counts = dict(visible.values_list("kind").annotate(n=Count("id")).order_by())
    own = _own_lke(request)
    context |= _dashboard(request, visible, own, kind_counts)
    context |= {
        "own_lke": own,
        "memberships": memberships_of(request.user),
        "whole_ministry": sees_whole_ministry(request.user),
        "kind_counts": [(k.label, kind_counts.get(k.value, 0)) for k in UnitKind],
    }
    return render(request, "home/home.html", context)


def _dashboard(
    request: AuthedRequest,
    visible: QuerySet[Unit],
    own: list[tuple[Unit, Assessment | None]],
    kind_counts: dict[str, int],
) -> dict[str, object]:
    """The home is the user's dashboard: the overview of the units they oversee, or their own
    unit's standing when they oversee none."""
    year = AssessmentYear.objects.select_related("instrument").first()
    if year is None:
        return {}
    satker = sum(n for kind, n in kind_counts.items() if kind != UnitKind.KEMENTERIAN)
    if satker > len(own):
        lines = unit_lines(visible, year)
        return {"overview": True, **overview_context(lines, year)}
    if own:
        return {"standing": True, **unit_context(own[0][0], year)}
    return {}


def _own_lke(request: AuthedRequest) -> list[tuple[Unit, Assessment | None]]:
    """The current year's LKE of each unit where the user is the operator or the head (None
    when not started yet): their work, one click from the start page."""
    units = [
        m.unit
        for m in memberships_of(request.user)
        if m.role in (Role.OPERATOR_SATKER, Role.KEPALA_SATKER)
        and m.unit.kind != UnitKind.KEMENTERIAN
    ]
    year = AssessmentYear.objects.first() if units else None
    if year is None:
        return []
    started = {
        lke.unit_id: lke for lke in Assessment.objects.filter(assessment_year=year, unit__in=units)
    }
    return [(unit, started.get(unit.pk)) for unit in units]


@require_GET
@login_required
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth")
    children = unit.children.select_related("pembina").order_by("name")
    guided = Unit.objects.none()
    if unit.kind == UnitKind.ESELON_I:
        guided = unit.guided_units.select_related("parent").order_by("path")
    members = Membership.objects.filter(unit=unit).select_related("user").order_by("role")
    year = AssessmentYear.objects.first()
    assessment = (
        Assessment.objects.filter(unit=unit, assessment_year=year).first() if year else None
    )
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "children": children[:CHILDREN_SHOWN],
        "children_count": children.count(),
        "guided": guided[:CHILDREN_SHOWN],
        "guided_count": guided.count() if unit.kind == UnitKind.ESELON_I else 0,
        "members": members,
        "kawasan": unit.kawasan_memberships.select_related("kawasan"),
        "year": year,
        "assessment": assessment,
        "can_start_lke": year is not None and is_satker_member(request.user, unit),
    }
    return render(request, "home/unit_detail.html", context)


def _filtered(units: QuerySet[Unit], form: UnitSearchForm) -> QuerySet[Unit]:
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
            | Q(city__icontains=term)
        )
    if data["kind"]:
        units = units.filter(kind=data["kind"])
    if data["upt_type"]:
        units = units.filter(upt_type=data["upt_type"])
    return units
