"""Loading the whole demo ministry, one app's demo loader after another, through the same
services people use, audit trail included.

    from zona.demo.ministry import load_demo
    logins = load_demo()

Each app loads its own part (`zona/<app>/demo.py`); this module only orders them and hands
each what the ones before it made: the units, the people, the year, the featured unit.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import transaction

from zona.accounts.demo import DemoLogin, demo_user, load_demo_people
from zona.accounts.models import Role, User
from zona.assessments.demo import load_demo_lke
from zona.compliance.demo import load_demo_compliance
from zona.cycles.demo import open_demo_year
from zona.organizations.demo import MINISTRY_CODE, load_demo_units
from zona.organizations.models import Unit, UnitKind
from zona.pencanangan.demo import load_demo_pencanangan
from zona.proposals.kawasan.demo import load_demo_kawasan
from zona.surveys.demo import open_demo_survey
from zona.teams.demo import load_demo_teams

DEMO_PROVINCE = "Jawa Timur"  # where the demo's satker team and Kanwil verifier work


@transaction.atomic
def load_demo(actor: User | None = None) -> list[DemoLogin]:
    call_command("load_instruments", verbosity=0)
    units = load_demo_units(actor)
    logins = load_demo_people(actor, units, province=DEMO_PROVINCE)
    year = open_demo_year(actor)
    open_demo_survey(actor)
    operator, head = demo_user(Role.OPERATOR_SATKER), demo_user(Role.KEPALA_SATKER)
    unit = operator.memberships.select_related("unit").get().unit
    load_demo_lke(year, unit, operator=operator, head=head)
    load_demo_compliance(
        year,
        _province_units(units),
        featured=unit,
        itjen=demo_user(Role.TPI_ITJEN),
        operator=operator,
        head=head,
        ministry_team=demo_user(Role.TIM_KERJA_KEMENTERIAN),
    )
    load_demo_pencanangan(
        year,
        unit,
        operator=operator,
        head=head,
        ministry=units[MINISTRY_CODE],
        ministry_team=demo_user(Role.TIM_KERJA_KEMENTERIAN),
    )
    itjen = demo_user(Role.TPI_ITJEN)
    load_demo_teams(
        year,
        unit,
        head=head,
        operator=operator,
        itjen=itjen.memberships.select_related("unit").get().unit,
        inspector=itjen,
    )
    load_demo_kawasan(year, itjen=itjen)
    return logins


def _province_units(units: dict[str, Unit]) -> list[Unit]:
    """The demo province's Kanwil and UPT: the units the demo's people work with."""
    kinds = (UnitKind.KANWIL, UnitKind.UPT)
    return sorted(
        (u for u in units.values() if u.province == DEMO_PROVINCE and u.kind in kinds),
        key=lambda u: u.code,
    )
