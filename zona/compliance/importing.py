"""Findings and employee lists from XLSX/CSV: every row checked, all written or none.

Findings (`FINDING_COLUMNS`) are added or updated by (unit, source, report number, finding
number); a finding absent from the file stays. The employee list (`WEALTH_COLUMNS`) of a unit
and year is the file: employees are added or updated by NIP, and those absent from the file are
removed. Both exports use the same layout, so an export can be edited and imported again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import Change, change_of, diff, record_many, snapshot
from zona.compliance.models import (
    Finding,
    FindingSource,
    FindingStatus,
    Obligation,
    ReportStatus,
    WealthReport,
)
from zona.compliance.services import FINDING_FIELDS, WEALTH_FIELDS
from zona.core.errors import ImportRejected, RowError
from zona.core.tabular import Table, missing_columns
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

FINDING_COLUMNS = (
    "kode_unit",
    "sumber",
    "nomor_laporan",
    "tanggal_laporan",
    "nomor_temuan",
    "temuan",
    "rekomendasi",
    "batas_waktu",
    "status",
)
REQUIRED_FINDING_COLUMNS = (
    "sumber",
    "nomor_laporan",
    "tanggal_laporan",
    "nomor_temuan",
    "temuan",
    "rekomendasi",
)
WEALTH_COLUMNS = ("nip", "nama", "jabatan", "kewajiban", "status", "tanggal_lapor")
REQUIRED_WEALTH_COLUMNS = ("nip", "nama", "kewajiban", "status")

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y")
NIP_RE = re.compile(r"^\d{18}$")


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    removed: int = 0


def parse_date(text: str) -> date | None:
    """A date written as 2026-01-31, 31/01/2026 or 31-01-2026 (or an Excel date cell)."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _date_cell(
    raw: dict[str, str], column: str, number: int, errors: list[RowError], *, required: bool
) -> date | None:
    text = raw.get(column, "")
    if not text:
        if required:
            errors.append(RowError(number, column, _("required")))
        return None
    value = parse_date(text)
    if value is None:
        errors.append(
            RowError(number, column, _("not a date: write it as YYYY-MM-DD or DD/MM/YYYY"))
        )
    return value


def _text_cell(
    raw: dict[str, str], column: str, number: int, errors: list[RowError], *, limit: int
) -> str:
    text = raw.get(column, "")
    if not text:
        errors.append(RowError(number, column, _("required")))
    elif len(text) > limit:
        errors.append(RowError(number, column, _("at most %(max)d characters") % {"max": limit}))
    return text


def _choice_cell(
    raw: dict[str, str],
    column: str,
    number: int,
    errors: list[RowError],
    choices: Iterable[str],
    *,
    default: str | None = None,
    upper: bool = False,
) -> str:
    text = raw.get(column, "")
    text = text.upper() if upper else text.lower()
    if not text and default is not None:
        return default
    choices = list(choices)
    if text not in choices:
        errors.append(
            RowError(
                number, column, _("must be one of: %(choices)s") % {"choices": ", ".join(choices)}
            )
        )
    return text


def _sort(errors: list[RowError], columns: tuple[str, ...]) -> list[RowError]:
    return sorted(
        errors, key=lambda e: (e.row, columns.index(e.column) if e.column in columns else 99)
    )


def _require_columns(table: Table, required: Iterable[str]) -> None:
    missing = missing_columns(table, required)
    if missing:
        raise ImportRejected([RowError(1, col, _("required column is missing")) for col in missing])


# --- findings ------------------------------------------------------------------------------


def import_findings(
    *,
    actor: User,
    assessment_year: AssessmentYear,
    table: Table,
    unit: Unit | None = None,
    units: QuerySet[Unit] | None = None,
) -> ImportSummary:
    """Findings of one unit (`unit`; `kode_unit` optional and must name it) or of many
    (`units`, the units the actor may touch; `kode_unit` required)."""
    required = (
        REQUIRED_FINDING_COLUMNS if unit is not None else ("kode_unit", *REQUIRED_FINDING_COLUMNS)
    )
    _require_columns(table, required)
    with transaction.atomic():
        rows, errors = _parse_findings(table, unit, units)
        if errors:
            raise ImportRejected(_sort(errors, FINDING_COLUMNS))
        return _apply_findings(actor, assessment_year, rows)


def _parse_findings(
    table: Table, unit: Unit | None, units: QuerySet[Unit] | None
) -> tuple[list[tuple[int, Unit, dict[str, Any]]], list[RowError]]:
    known: dict[str, Unit] = {}
    if unit is None and units is not None:
        codes = {raw.get("kode_unit", "") for raw in table.rows} - {""}
        known = {u.code: u for u in units.filter(code__in=codes)}
    errors: list[RowError] = []
    rows: list[tuple[int, Unit, dict[str, Any]]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        row_errors: list[RowError] = []
        code = raw.get("kode_unit", "")
        target: Unit | None = unit
        if unit is not None:
            if code and code != unit.code:
                row_errors.append(
                    RowError(
                        number,
                        "kode_unit",
                        _(
                            "this file is for unit %(code)s: leave the column empty "
                            "or write %(code)s"
                        )
                        % {"code": unit.code},
                    )
                )
        elif not code:
            row_errors.append(RowError(number, "kode_unit", _("required")))
        else:
            target = known.get(code)
            if target is None:
                row_errors.append(
                    RowError(number, "kode_unit", _("no unit with code %(code)s") % {"code": code})
                )
        data: dict[str, Any] = {
            "source": _choice_cell(
                raw, "sumber", number, row_errors, FindingSource.values, upper=True
            ),
            "report_number": _text_cell(raw, "nomor_laporan", number, row_errors, limit=120),
            "report_date": _date_cell(raw, "tanggal_laporan", number, row_errors, required=True),
            "number": _text_cell(raw, "nomor_temuan", number, row_errors, limit=32),
            "finding": _text_cell(raw, "temuan", number, row_errors, limit=10_000),
            "recommendation": _text_cell(raw, "rekomendasi", number, row_errors, limit=10_000),
            "due_date": _date_cell(raw, "batas_waktu", number, row_errors, required=False),
            "status": _choice_cell(
                raw, "status", number, row_errors, FindingStatus.values, default=""
            ),
        }
        if target is not None and not row_errors:
            key = (target.code, data["source"], data["report_number"], data["number"])
            if key in seen:
                row_errors.append(
                    RowError(
                        number,
                        "nomor_temuan",
                        _("the same finding already appears in row %(row)d") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
        errors += row_errors
        if not row_errors and target is not None:
            rows.append((number, target, data))
    return rows, errors


def _apply_findings(
    actor: User, year: AssessmentYear, rows: list[tuple[int, Unit, dict[str, Any]]]
) -> ImportSummary:
    unit_ids = {target.pk for _, target, _ in rows}
    existing = {
        (f.unit_id, f.source, f.report_number, f.number): f
        for f in Finding.objects.select_for_update().filter(
            assessment_year=year, unit_id__in=unit_ids
        )
    }
    fields = (*FINDING_FIELDS, "status")
    changes: list[Change] = []
    updated = unchanged = 0
    now = timezone.now()
    new_findings: list[Finding] = []
    to_update: list[Finding] = []
    for _number, target, data in rows:
        key = (target.pk, data["source"], data["report_number"], data["number"])
        finding = existing.get(key)
        if finding is None:
            new_findings.append(
                Finding(
                    unit=target,
                    assessment_year=year,
                    created_by=actor,
                    status=data["status"] or FindingStatus.OPEN,
                    **{name: data[name] for name in FINDING_FIELDS},
                )
            )
            continue
        finding.updated_at = now
        before = snapshot(finding, fields)
        for name in FINDING_FIELDS:
            setattr(finding, name, data[name])
        if data["status"]:
            finding.status = data["status"]
        old, new = diff(before, snapshot(finding, fields))
        if new:
            updated += 1
            to_update.append(finding)
            changes.append(
                change_of("finding.updated", finding, before=old, after=new | {"import": True})
            )
        else:
            unchanged += 1
    Finding.objects.bulk_update(to_update, [*fields, "updated_at"], batch_size=500)
    Finding.objects.bulk_create(new_findings, batch_size=500)
    keys = {(f.unit_id, f.source, f.report_number, f.number) for f in new_findings}
    created_rows = [
        f
        for f in Finding.objects.filter(assessment_year=year, unit_id__in=unit_ids)
        if (f.unit_id, f.source, f.report_number, f.number) in keys
    ]
    changes += [
        change_of(
            "finding.created",
            finding,
            after=snapshot(finding, (*fields, "unit", "assessment_year")) | {"import": True},
        )
        for finding in created_rows
    ]
    record_many(actor, changes)
    return ImportSummary(created=len(new_findings), updated=updated, unchanged=unchanged)


def finding_export_rows(findings: QuerySet[Finding]) -> list[list[object]]:
    return [
        [
            f.unit.code,
            f.source,
            f.report_number,
            f.report_date.isoformat(),
            f.number,
            f.finding,
            f.recommendation,
            f.due_date.isoformat() if f.due_date else "",
            f.status,
        ]
        for f in findings.select_related("unit").order_by(
            "unit__path", "report_date", "report_number", "number", "pk"
        )
    ]


# --- employees' wealth reports --------------------------------------------------------------


def import_wealth_reports(
    *, actor: User, unit: Unit, assessment_year: AssessmentYear, table: Table
) -> ImportSummary:
    """The unit's employee list for the year: the file replaces it (added, changed, removed)."""
    _require_columns(table, REQUIRED_WEALTH_COLUMNS)
    with transaction.atomic():
        rows, errors = _parse_wealth(table)
        if errors:
            raise ImportRejected(_sort(errors, WEALTH_COLUMNS))
        return _apply_wealth(actor, unit, assessment_year, rows)


def _parse_wealth(table: Table) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        row_errors: list[RowError] = []
        nip = raw.get("nip", "").replace(" ", "")
        if not nip:
            row_errors.append(RowError(number, "nip", _("required")))
        elif not NIP_RE.match(nip):
            row_errors.append(RowError(number, "nip", _("a NIP has exactly 18 digits")))
        elif nip in seen:
            row_errors.append(
                RowError(
                    number,
                    "nip",
                    _("NIP %(nip)s already appears in row %(row)d")
                    % {"nip": nip, "row": seen[nip]},
                )
            )
        else:
            seen[nip] = number
        name = _text_cell(raw, "nama", number, row_errors, limit=150)
        position = raw.get("jabatan", "")
        if len(position) > 200:
            row_errors.append(
                RowError(number, "jabatan", _("at most %(max)d characters") % {"max": 200})
            )
        obligation = _choice_cell(
            raw, "kewajiban", number, row_errors, Obligation.values, upper=True
        )
        status = _choice_cell(raw, "status", number, row_errors, ReportStatus.values)
        report_date = _date_cell(raw, "tanggal_lapor", number, row_errors, required=False)
        if status == ReportStatus.FILED and not raw.get("tanggal_lapor"):
            row_errors.append(
                RowError(number, "tanggal_lapor", _("required when the status is 'sudah'"))
            )
        elif status == ReportStatus.NOT_FILED and raw.get("tanggal_lapor"):
            row_errors.append(
                RowError(number, "tanggal_lapor", _("leave it empty when the status is 'belum'"))
            )
        elif report_date is not None and report_date > today:
            row_errors.append(RowError(number, "tanggal_lapor", _("the date is in the future")))
        errors += row_errors
        if not row_errors:
            rows.append(
                {
                    "nip": nip,
                    "name": name,
                    "position": position,
                    "obligation": obligation,
                    "status": status,
                    "report_date": report_date,
                }
            )
    return rows, errors


def _apply_wealth(
    actor: User, unit: Unit, year: AssessmentYear, rows: list[dict[str, Any]]
) -> ImportSummary:
    existing = {
        r.nip: r
        for r in WealthReport.objects.select_for_update().filter(unit=unit, assessment_year=year)
    }
    changes: list[Change] = []
    now = timezone.now()
    new_reports: list[WealthReport] = []
    to_update: list[WealthReport] = []
    unchanged = 0
    for data in rows:
        report = existing.pop(data["nip"], None)
        if report is None:
            new_reports.append(
                WealthReport(unit=unit, assessment_year=year, updated_by=actor, **data)
            )
            continue
        before = snapshot(report, WEALTH_FIELDS)
        for name, value in data.items():
            setattr(report, name, value)
        old, new = diff(before, snapshot(report, WEALTH_FIELDS))
        if new:
            report.updated_by, report.updated_at = actor, now
            to_update.append(report)
            changes.append(
                change_of("wealth_report.updated", report, before=old, after=new | {"import": True})
            )
        else:
            unchanged += 1
    removed = list(existing.values())
    for report in removed:
        changes.append(
            change_of("wealth_report.removed", report, before=snapshot(report, WEALTH_FIELDS))
        )
    WealthReport.objects.filter(pk__in=[r.pk for r in removed]).delete()
    WealthReport.objects.bulk_update(
        to_update, [*WEALTH_FIELDS, "updated_by", "updated_at"], batch_size=500
    )
    WealthReport.objects.bulk_create(new_reports, batch_size=500)
    created_rows = WealthReport.objects.filter(
        unit=unit, assessment_year=year, nip__in=[r.nip for r in new_reports]
    )
    changes += [
        change_of(
            "wealth_report.created",
            report,
            after=snapshot(report, (*WEALTH_FIELDS, "unit", "assessment_year")),
        )
        for report in created_rows
    ]
    record_many(actor, changes)
    return ImportSummary(
        created=len(new_reports), updated=len(to_update), unchanged=unchanged, removed=len(removed)
    )


def wealth_export_rows(reports: QuerySet[WealthReport]) -> list[list[object]]:
    return [
        [
            r.nip,
            r.name,
            r.position,
            r.obligation,
            r.status,
            r.report_date.isoformat() if r.report_date else "",
        ]
        for r in reports.order_by("-obligation", "name", "nip")
    ]
