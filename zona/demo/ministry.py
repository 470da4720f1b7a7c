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
from zona.assessments.demo import load_demo_lke, load_demo_spread
from zona.compliance.demo import load_demo_compliance
from zona.cycles.demo import open_demo_year
from zona.notifications.demo import read_what_was_handled
from zona.organizations.demo import MINISTRY_CODE, load_demo_units
from zona.organizations.models import Unit, UnitKind, UptType
from zona.pencanangan.demo import load_demo_pencanangan
from zona.proposals.demo import People, load_demo_proposals
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
    operator, head = demo_user(Role.OPERATOR_SATKER), demo_user(Role.KEPALA_SATKER)
    unit = operator.memberships.select_related("unit").get().unit
    cast = _cast(units, featured=unit)
    strong = {u.pk for u in cast["current"][:2]}
    open_demo_survey(actor, strong=strong, weak={cast["current"][2].pk})
    load_demo_lke(year, unit, operator=operator, head=head)
    load_demo_compliance(
        year,
        _province_units(units),
        featured=unit,
        itjen=demo_user(Role.TPI_ITJEN),
        operator=operator,
        head=head,
        ministry_team=demo_user(Role.TIM_KERJA_KEMENTERIAN),
        clean=strong,
    )
    load_demo_pencanangan(
        year,
        unit,
        operator=operator,
        head=head,
        ministry=units[MINISTRY_CODE],
        ministry_team=demo_user(Role.TIM_KERJA_KEMENTERIAN),
    )
    load_demo_proposals(
        year,
        cast["earlier"],
        cast["current"],
        cast["history"],
        people=People(
            verifier=demo_user(Role.TIM_KERJA_KANWIL),
            assessor=demo_user(Role.TIM_PENILAI_ESELON_I),
            tpi=demo_user(Role.TPI_ITJEN),
            balitbang=demo_user(Role.TPI_BALITBANG),
            ministry_team=demo_user(Role.TIM_KERJA_KEMENTERIAN),
        ),
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
    load_demo_spread(year, _spread(units, taken={u.pk for group in cast.values() for u in group}))
    # The moves above notify the next person once this transaction commits; then the
    # ones their people have read by the demo's story are marked read.
    transaction.on_commit(read_what_was_handled)
    return logins


def _cast(units: dict[str, Unit], *, featured: Unit) -> dict[str, list[Unit]]:
    """The units the demo's proposals are about: the earlier year's candidates (immigration
    offices of the demo province, whose pembina the demo's Eselon I team is), this year's
    (another immigration office, then a Lapas and a Rutan of the province), and units of other
    provinces whose earlier predicates the register holds."""
    upt = sorted(
        (u for u in units.values() if u.kind == UnitKind.UPT and u.pk != featured.pk),
        key=lambda u: u.code,
    )
    here = [u for u in upt if u.province == DEMO_PROVINCE]
    offices = [u for u in here if u.upt_type == UptType.KANIM]
    first = {t: next(u for u in here if u.upt_type == t) for t in (UptType.LAPAS, UptType.RUTAN)}
    elsewhere = [u for u in upt if u.province not in (DEMO_PROVINCE, "")]
    return {
        "history": offices[:3],
        "current": [offices[3], first[UptType.LAPAS], first[UptType.RUTAN]],
        "earlier": elsewhere[::97][:4],
    }


def _spread(units: dict[str, Unit], *, taken: set[int]) -> list[Unit]:
    """UPT of other provinces with an LKE of their own, for the dashboards (the demo
    province's units keep the story above)."""
    upt = sorted(
        (
            u
            for u in units.values()
            if u.kind == UnitKind.UPT
            and u.province not in (DEMO_PROVINCE, "")
            and u.pk not in taken
        ),
        key=lambda u: u.code,
    )
    return upt[5::61][:12]


def _province_units(units: dict[str, Unit]) -> list[Unit]:
    """The demo province's Kanwil and UPT: the units the demo's people work with."""
    kinds = (UnitKind.KANWIL, UnitKind.UPT)
    return sorted(
        (u for u in units.values() if u.province == DEMO_PROVINCE and u.kind in kinds),
        key=lambda u: u.code,
    )
