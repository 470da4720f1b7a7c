"""The cross-unit LKE list: its filters, its sortable columns and its export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zona.dashboards.figures import UnitLine, stage_choices, status_choices
from zona.organizations.models import Unit, UnitKind

VERDICTS = [
    ("WBBM", _("Meets WBBM")),
    ("WBK", _("Meets WBK")),
    ("tidak", _("Does not meet WBK")),
    ("?", _("Not scored yet")),
]


class ListForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("LKE status"), required=False)
    eselon_i = forms.ChoiceField(label=_("Unit Eselon I"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    verdict = forms.ChoiceField(
        label=_("Scores"), required=False, choices=[("", _("All")), *VERDICTS]
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        eselon = units.filter(kind=UnitKind.ESELON_I).order_by("name")
        provinces = (
            units.exclude(province="").order_by("province").values_list("province", flat=True)
        )
        choices = {
            "stage": stage_choices(),
            "status": status_choices(),
            "eselon_i": [(str(unit.pk), str(unit)) for unit in eselon],
            "province": [(name, name) for name in dict.fromkeys(provinces)],
        }
        for name, listed in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("All")), *listed]


def filtered(lines: Sequence[UnitLine], form: ListForm) -> list[UnitLine]:
    if not form.is_valid():
        return list(lines)
    data = form.cleaned_data
    shown = list(lines)
    if data["stage"]:
        shown = [line for line in shown if line.stage == data["stage"]]
    if data["status"]:
        shown = [line for line in shown if line.status == data["status"]]
    if data["eselon_i"]:
        shown = [
            line for line in shown if line.eselon_i and str(line.eselon_i.pk) == data["eselon_i"]
        ]
    if data["province"]:
        shown = [line for line in shown if line.unit.province == data["province"]]
    if data["verdict"]:
        wanted = "" if data["verdict"] == "tidak" else data["verdict"]
        shown = [line for line in shown if line.verdict == wanted]
    return shown


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    value: Callable[[UnitLine], Any]
    numeric: bool = False


def _tier_score(tier: str) -> Callable[[UnitLine], Decimal | None]:
    def value(line: UnitLine) -> Decimal | None:
        if line.summary is None or tier not in line.summary.leverage_by_tier:
            return None
        return Decimal(line.summary.leverage_by_tier[tier])

    return value


COLUMNS = (
    Column("unit", _("Unit"), lambda line: line.unit.name),
    Column("province", _("Province"), lambda line: line.unit.province),
    Column("status", _("LKE status"), lambda line: line.status_label),
    Column("satker", _("Satker"), _tier_score("satker"), numeric=True),
    Column("kanwil", _("Kanwil"), _tier_score("kanwil"), numeric=True),
    Column("eselon_i", _("Eselon I"), _tier_score("eselon_i"), numeric=True),
    Column("tpi", _("TPI"), _tier_score("tpi"), numeric=True),
    Column("total", _("Total"), lambda line: line.total, numeric=True),
    Column("returned", _("Returned"), lambda line: line.returned, numeric=True),
    Column(
        "changed", _("Last change"), lambda line: line.assessment and line.assessment.updated_at
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_ORDER = ("total", True)


def ordering(raw: str) -> tuple[str, bool]:
    """(column key, descending) from `?urut=key` or `?urut=-key`; the default otherwise."""
    key = raw.removeprefix("-")
    if key not in BY_KEY:
        return DEFAULT_ORDER
    return key, raw.startswith("-")


def sorted_lines(lines: Sequence[UnitLine], order: tuple[str, bool]) -> list[UnitLine]:
    """Sorted by the column; units without a value always last, then by name."""
    column, descending = BY_KEY[order[0]], order[1]
    known = [line for line in lines if column.value(line) not in (None, "")]
    unknown = [line for line in lines if column.value(line) in (None, "")]
    known.sort(key=lambda line: line.unit.name)
    known.sort(key=column.value, reverse=descending)
    unknown.sort(key=lambda line: line.unit.name)
    return known + unknown


EXPORT_COLUMNS = [
    "kode_unit", "unit", "provinsi", "eselon_i", "kanwil", "status_lke", "dinilai_oleh",
    "skor_satker", "skor_kanwil", "skor_eselon_i", "skor_tpi", "skor_hasil", "skor_total",
    "memenuhi", "item_dikembalikan", "item_terlambat", "predikat", "perubahan_terakhir",
]  # fmt: skip


def export_rows(lines: Sequence[UnitLine], today: date) -> list[list[object]]:
    return [
        [
            line.unit.code,
            line.unit.name,
            line.unit.province,
            str(line.eselon_i) if line.eselon_i else "",
            str(line.kanwil) if line.kanwil else "",
            line.status_label,
            str(line.summary.get_judged_tier_display()) if line.summary else "",
            *(_tier_score(tier)(line) for tier in ("satker", "kanwil", "eselon_i", "tpi")),
            line.result,
            line.total,
            {"?": "belum dinilai", "": "belum memenuhi"}.get(line.verdict, line.verdict),
            line.returned,
            line.overdue(today),
            line.predicate,
            timezone_naive(line.assessment.updated_at) if line.assessment else None,
        ]
        for line in lines
    ]


def timezone_naive(moment: Any) -> Any:
    """Spreadsheets hold no time zone: the moment in the ministry's local time."""
    from django.utils import timezone

    return timezone.localtime(moment).replace(tzinfo=None)
