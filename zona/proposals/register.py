"""The register of predicates: who holds Menuju WBK or WBBM, since when, by which decree."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from zona.accounts.models import User
from zona.organizations.models import Unit
from zona.proposals.forms import RegisterFilterForm
from zona.proposals.models import Grant

PER_PAGE = 50
COLUMNS = (
    "kode",
    "unit",
    "provinsi",
    "unit_eselon_i",
    "predikat",
    "tahun",
    "nomor_keputusan",
    "tanggal",
)


def granted(user: User) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(unit__in=Unit.objects.visible_to(user))
        .select_related("unit", "unit__pembina")
        .order_by("-year", "predicate", "unit__path")
    )


def filtered(user: User, form: RegisterFilterForm) -> QuerySet[Grant]:
    grants = granted(user)
    if not form.is_valid():
        return grants
    data = form.cleaned_data
    if data["q"]:
        term = data["q"].strip()
        grants = grants.filter(
            Q(unit__name__icontains=term)
            | Q(unit__short_name__icontains=term)
            | Q(unit__code__iexact=term)
        )
    if data["predicate"]:
        grants = grants.filter(predicate=data["predicate"])
    if data["year"]:
        grants = grants.filter(year=data["year"])
    if data["province"]:
        grants = grants.filter(unit__province__iexact=data["province"].strip())
    if data["eselon_i"]:
        eselon = data["eselon_i"]
        grants = grants.filter(Q(unit__pembina=eselon) | Q(unit=eselon))
    return grants


def page_of(grants: QuerySet[Grant], number: str | None) -> Page:
    return Paginator(grants, PER_PAGE).get_page(number)


def rows(grants: QuerySet[Grant]) -> list[list[object]]:
    return [
        [
            grant.unit.code,
            grant.unit.name,
            grant.unit.province,
            grant.unit.pembina.name if grant.unit.pembina else "",
            grant.predicate,
            grant.year,
            grant.decree_number,
            grant.granted_on,
        ]
        for grant in grants
    ]


def unit_by_code(user: User, code: str) -> Unit | None:
    return Unit.objects.visible_to(user).filter(code=code.strip()).first()
