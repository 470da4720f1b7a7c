"""The demo's team decrees: the featured satker's working team, formed by its head, and the
TPI of Itjen, recorded through the service people use (their members already hold the roles
the demo's accounts gave them, so the page shows them as held before the decree)."""

from __future__ import annotations

from datetime import date

from zona.accounts.models import Role, User
from zona.core.pdf import sample_pdf
from zona.cycles.models import AssessmentYear
from zona.files.services import store_bytes
from zona.organizations.models import Unit
from zona.teams.models import TeamKind
from zona.teams.services import record_team_decree


def load_demo_teams(
    year: AssessmentYear,
    satker: Unit,
    *,
    head: User,
    operator: User,
    itjen: Unit,
    inspector: User,
) -> None:
    signed_on = date(year.year, 1, 6)
    for unit, actor, kind, number, members in (
        (
            satker,
            head,
            TeamKind.TIM_KERJA,
            f"W.{satker.code}-UM.01.01-012 TAHUN {year.year}",
            [(operator.nip or operator.email, Role.OPERATOR_SATKER)],
        ),
        (
            itjen,
            inspector,
            TeamKind.TPI,
            f"IJ-05.OT.03.01 TAHUN {year.year}",
            [(inspector.nip or inspector.email, Role.TPI_ITJEN)],
        ),
    ):
        pdf = sample_pdf(
            f"Keputusan Nomor {number}",
            f"Pembentukan {TeamKind(kind).label} {unit.name} tahun {year.year}.",
        )
        record_team_decree(
            actor=actor,
            unit=unit,
            year=year,
            kind=kind,
            number=number,
            signed_on=signed_on,
            document=store_bytes(actor=actor, data=pdf),
            members=members,
        )
