"""Every change to the organisation happens here, each with its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zona.audit.services import Actor, Change, change_of, diff, record, record_many, snapshot
from zona.organizations.models import Kawasan, KawasanMember, Unit

UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "upt_type",
    "province",
    "city",
    "parent",
    "pembina",
    "is_active",
)


def compute_paths() -> list[Unit]:
    """Set `path` and `depth` of every unit from the parent links; return those that changed."""
    units = {u.pk: u for u in Unit.objects.only("id", "parent_id", "path", "depth")}
    paths: dict[int, str] = {}

    def path_of(pk: int, seen: tuple[int, ...] = ()) -> str:
        if pk in paths:
            return paths[pk]
        if pk in seen:
            raise ValueError(f"unit {pk} is its own ancestor")
        parent_id = units[pk].parent_id
        prefix = path_of(parent_id, (*seen, pk)) if parent_id else "/"
        paths[pk] = f"{prefix}{pk}/"
        return paths[pk]

    changed = []
    for pk, unit in units.items():
        new_path = path_of(pk)
        depth = new_path.count("/") - 2
        if unit.path != new_path or unit.depth != depth:
            unit.path, unit.depth = new_path, depth
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return changed


@transaction.atomic
def create_unit(*, actor: Actor, **fields: Any) -> Unit:
    unit = Unit.objects.create(path="", **fields)
    compute_paths()
    unit.refresh_from_db(fields=["path", "depth"])
    record(actor, change_of("unit.created", unit, after=snapshot(unit, UNIT_FIELDS)))
    return unit


@transaction.atomic
def update_unit(*, actor: Actor, unit: Unit, **fields: Any) -> Unit:
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.save(update_fields=list(fields))
    if "parent" in fields or "parent_id" in fields:
        compute_paths()
        unit.refresh_from_db(fields=["path", "depth"])
    old, new = diff(before, snapshot(unit, UNIT_FIELDS))
    if new:
        record(actor, change_of("unit.updated", unit, before=old, after=new))
    return unit


@transaction.atomic
def create_kawasan(
    *, actor: Actor, code: str, name: str, kind: str, province: str, members: list[dict[str, Any]]
) -> Kawasan:
    kawasan = Kawasan.objects.create(code=code, name=name, kind=kind, province=province)
    rows = KawasanMember.objects.bulk_create(
        [KawasanMember(kawasan=kawasan, **member) for member in members]
    )
    changes = [
        change_of(
            "kawasan.created",
            kawasan,
            after={"code": code, "name": name, "kind": kind, "province": province},
        )
    ]
    changes += [
        Change(
            action="kawasan.member_added",
            object_type=KawasanMember._meta.label_lower,
            object_id=str(row.pk),
            object_repr=str(row)[:300],
            after={"kawasan": kawasan.pk, **member_json(row)},
        )
        for row in rows
    ]
    record_many(actor, changes)
    return kawasan


def member_json(member: KawasanMember) -> dict[str, Any]:
    return {"instansi": member.instansi, "unit_name": member.unit_name, "unit": member.unit_id}
