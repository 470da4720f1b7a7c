"""Bulk master data: units from XLSX/CSV, all rows or none, and the same layout out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zona.audit.services import Actor, Change, change_of, diff, record_many, snapshot
from zona.core.errors import ImportRejected, RowError
from zona.core.tabular import Table, missing_columns
from zona.organizations.models import PARENT_KIND, Unit, UnitKind, UptType
from zona.organizations.services import UNIT_FIELDS, compute_paths

UNIT_COLUMNS = (
    "kode",
    "nama",
    "nama_singkat",
    "jenis",
    "jenis_upt",
    "provinsi",
    "kota",
    "kode_induk",
    "kode_pembina",
    "aktif",
)
REQUIRED_UNIT_COLUMNS = ("kode", "nama", "jenis", "kode_induk")
TRUE_WORDS = {"", "ya", "y", "1", "true", "aktif", "yes"}
FALSE_WORDS = {"tidak", "t", "0", "false", "nonaktif", "no"}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


@dataclass
class _UnitRow:
    number: int
    code: str
    fields: dict[str, Any]
    parent_code: str
    pembina_code: str


def unit_export_rows(units: Any) -> list[list[object]]:
    rows = []
    for unit in units.select_related("parent", "pembina"):
        rows.append(
            [
                unit.code,
                unit.name,
                unit.short_name,
                unit.kind,
                unit.upt_type,
                unit.province,
                unit.city,
                unit.parent.code if unit.parent else "",
                unit.pembina.code if unit.pembina else "",
                "ya" if unit.is_active else "tidak",
            ]
        )
    return rows


def import_units(*, actor: Actor, table: Table) -> ImportSummary:
    """Create or update units by code. Any bad row rejects the whole file."""
    missing = missing_columns(table, REQUIRED_UNIT_COLUMNS)
    if missing:
        raise ImportRejected([RowError(1, col, _("required column is missing")) for col in missing])
    with transaction.atomic():
        existing = {u.code: u for u in Unit.objects.select_related("parent", "pembina")}
        rows, errors = _parse_rows(table, existing)
        if errors:
            raise ImportRejected(errors)
        return _apply(actor, rows, existing)


def _parse_rows(table: Table, existing: dict[str, Unit]) -> tuple[list[_UnitRow], list[RowError]]:
    errors: list[RowError] = []
    rows: list[_UnitRow] = []
    seen: dict[str, int] = {}
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        row_errors, row = _parse_row(number, raw)
        errors += row_errors
        if row is None:
            continue
        if row.code in seen:
            errors.append(
                RowError(
                    number,
                    "kode",
                    _("code %(code)s already appears in row %(row)d")
                    % {"code": row.code, "row": seen[row.code]},
                )
            )
            continue
        seen[row.code] = number
        rows.append(row)
    kinds = {code: unit.kind for code, unit in existing.items()}
    kinds.update({row.code: row.fields["kind"] for row in rows})
    for row in rows:
        errors += _check_links(row, kinds)
    ministries = [code for code, kind in kinds.items() if kind == UnitKind.KEMENTERIAN]
    if len(ministries) > 1:
        for row in rows:
            if row.fields["kind"] == UnitKind.KEMENTERIAN and row.code not in existing:
                errors.append(RowError(row.number, "jenis", _("there is already a ministry unit")))
    errors.sort(
        key=lambda e: (e.row, UNIT_COLUMNS.index(e.column) if e.column in UNIT_COLUMNS else 99)
    )
    return rows, errors


def _parse_row(number: int, raw: dict[str, str]) -> tuple[list[RowError], _UnitRow | None]:
    errors = []
    code, name, kind = raw.get("kode", ""), raw.get("nama", ""), raw.get("jenis", "").lower()
    upt_type = raw.get("jenis_upt", "").upper()
    province = raw.get("provinsi", "")
    if not code:
        errors.append(RowError(number, "kode", _("required")))
    elif len(code) > 32 or not code.replace("-", "").replace("_", "").replace(".", "").isalnum():
        errors.append(RowError(number, "kode", _("at most 32 letters, digits, '-', '_' or '.'")))
    if not name:
        errors.append(RowError(number, "nama", _("required")))
    elif len(name) > 200:
        errors.append(RowError(number, "nama", _("at most 200 characters")))
    if kind not in UnitKind.values:
        errors.append(
            RowError(
                number,
                "jenis",
                _("must be one of: %(choices)s") % {"choices": ", ".join(UnitKind.values)},
            )
        )
    if kind == UnitKind.UPT and upt_type not in UptType.values:
        errors.append(
            RowError(
                number,
                "jenis_upt",
                _("must be one of: %(choices)s") % {"choices": ", ".join(UptType.values)},
            )
        )
    if kind != UnitKind.UPT and upt_type:
        errors.append(RowError(number, "jenis_upt", _("only a UPT has a UPT type")))
    if kind in (UnitKind.KANWIL, UnitKind.UPT) and not province:
        errors.append(RowError(number, "provinsi", _("required for a Kanwil and a UPT")))
    active_word = raw.get("aktif", "").lower()
    if active_word not in TRUE_WORDS | FALSE_WORDS:
        errors.append(RowError(number, "aktif", _("write 'ya' or 'tidak'")))
    if errors:
        return errors, None
    fields = {
        "code": code,
        "name": name,
        "short_name": raw.get("nama_singkat", "")[:80],
        "kind": kind,
        "upt_type": upt_type if kind == UnitKind.UPT else "",
        "province": province[:80],
        "city": raw.get("kota", "")[:80],
        "is_active": active_word in TRUE_WORDS,
    }
    return [], _UnitRow(
        number, code, fields, raw.get("kode_induk", ""), raw.get("kode_pembina", "")
    )


def _check_links(row: _UnitRow, kinds: dict[str, str]) -> list[RowError]:
    errors = []
    expected_parent = PARENT_KIND[UnitKind(row.fields["kind"])]
    if expected_parent is None:
        if row.parent_code:
            errors.append(RowError(row.number, "kode_induk", _("the ministry has no parent unit")))
    elif not row.parent_code:
        errors.append(RowError(row.number, "kode_induk", _("required")))
    elif row.parent_code not in kinds:
        errors.append(
            RowError(
                row.number,
                "kode_induk",
                _("no unit with code %(code)s") % {"code": row.parent_code},
            )
        )
    elif kinds[row.parent_code] != expected_parent:
        errors.append(
            RowError(
                row.number,
                "kode_induk",
                _("the parent of a %(kind)s must be a %(parent)s")
                % {"kind": UnitKind(row.fields["kind"]).label, "parent": expected_parent.label},
            )
        )
    if row.pembina_code:
        if row.pembina_code not in kinds:
            errors.append(
                RowError(
                    row.number,
                    "kode_pembina",
                    _("no unit with code %(code)s") % {"code": row.pembina_code},
                )
            )
        elif kinds[row.pembina_code] != UnitKind.ESELON_I:
            errors.append(
                RowError(row.number, "kode_pembina", _("the pembina must be a Unit Eselon I"))
            )
    return errors


def _apply(actor: Actor, rows: list[_UnitRow], existing: dict[str, Unit]) -> ImportSummary:
    before = {code: snapshot(unit, UNIT_FIELDS) for code, unit in existing.items()}
    new_units = [Unit(path="", **row.fields) for row in rows if row.code not in existing]
    Unit.objects.bulk_create(new_units, batch_size=500)
    by_code = dict(existing)
    by_code.update(
        {u.code: Unit.objects.get(code=u.code) if u.pk is None else u for u in new_units}
    )
    touched = []
    for row in rows:
        unit = by_code[row.code]
        for name, value in row.fields.items():
            setattr(unit, name, value)
        unit.parent = by_code[row.parent_code] if row.parent_code else None
        unit.pembina = by_code[row.pembina_code] if row.pembina_code else None
        touched.append(unit)
    Unit.objects.bulk_update(touched, list(UNIT_FIELDS), batch_size=500)
    compute_paths()
    changes: list[Change] = []
    updated = unchanged = 0
    for unit in touched:
        after = snapshot(unit, UNIT_FIELDS)
        if unit.code not in before:
            changes.append(change_of("unit.created", unit, after=after))
            continue
        old, new = diff(before[unit.code], after)
        if new:
            updated += 1
            changes.append(change_of("unit.updated", unit, before=old, after=new))
        else:
            unchanged += 1
    record_many(actor, changes)
    return ImportSummary(created=len(new_units), updated=updated, unchanged=unchanged)
