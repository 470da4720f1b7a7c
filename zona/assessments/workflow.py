"""The verification chain as data: tiers, statuses and the one table of allowed transitions.

A UPT's LKE goes Kanwil → Unit Eselon I Pembina → TPI; a Kanwil's own LKE goes to its Eselon I
Pembina (Setjen) → TPI; a Unit Eselon I's goes straight to the TPI (Gambar 8). A tier that
finds something lacking returns it to the satker; after correction it comes back to that tier.
A tier that accepts every item has verified the LKE; it goes further only when that tier
proposes the unit (zona.proposals: only a unit whose score meets the thresholds, Gambar 8 c
and f). Until then it stays with the tier for coaching.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import Role
from zona.organizations.models import Unit, UnitKind


class Tier(models.TextChoices):
    SATKER = "satker", _("Satker")
    KANWIL = "kanwil", _("Kanwil")
    ESELON_I = "eselon_i", _("Unit Eselon I")
    TPI = "tpi", _("TPI")


class Status(models.TextChoices):
    DRAFT = "draft", _("Being filled in")
    AT_KANWIL = "at_kanwil", _("Being verified by the Kanwil")
    AT_ESELON_I = "at_eselon_i", _("Being verified by the Unit Eselon I")
    AT_TPI = "at_tpi", _("Being assessed by the TPI")
    RETURNED_BY_KANWIL = "returned_by_kanwil", _("Returned by the Kanwil for correction")
    RETURNED_BY_ESELON_I = "returned_by_eselon_i", _("Returned by the Unit Eselon I")
    RETURNED_BY_TPI = "returned_by_tpi", _("Returned by the TPI for correction")
    VERIFIED_BY_KANWIL = "verified_by_kanwil", _("Verified by the Kanwil")
    VERIFIED_BY_ESELON_I = "verified_by_eselon_i", _("Verified by the Unit Eselon I")
    VERIFIED = "verified", _("Verified by the TPI")


class Action(models.TextChoices):
    SUBMIT = "submit", _("submit")
    FORWARD = "forward", _("forward")  # before proposals: kept for the history it wrote
    PROPOSE = "propose", _("propose")
    RETURN = "return", _("return for correction")
    RESUBMIT = "resubmit", _("send back after correction")
    ACCEPT = "accept", _("accept")


AT_TIER = {
    Tier.KANWIL: Status.AT_KANWIL,
    Tier.ESELON_I: Status.AT_ESELON_I,
    Tier.TPI: Status.AT_TPI,
}
RETURNED_BY = {
    Tier.KANWIL: Status.RETURNED_BY_KANWIL,
    Tier.ESELON_I: Status.RETURNED_BY_ESELON_I,
    Tier.TPI: Status.RETURNED_BY_TPI,
}
VERIFIED_BY = {
    Tier.KANWIL: Status.VERIFIED_BY_KANWIL,
    Tier.ESELON_I: Status.VERIFIED_BY_ESELON_I,
    Tier.TPI: Status.VERIFIED,
}
TIER_OF_STATUS = {
    status: tier for table in (AT_TIER, RETURNED_BY) for tier, status in table.items()
}

# (from status, action) -> to status. Submit goes to the first tier of the unit's chain; it is
# listed for every tier it can lead to.
ALLOWED_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.DRAFT, Action.SUBMIT): frozenset(AT_TIER.values()),
    (Status.AT_KANWIL, Action.ACCEPT): frozenset({Status.VERIFIED_BY_KANWIL}),
    (Status.AT_ESELON_I, Action.ACCEPT): frozenset({Status.VERIFIED_BY_ESELON_I}),
    (Status.VERIFIED_BY_KANWIL, Action.PROPOSE): frozenset({Status.AT_ESELON_I}),
    (Status.VERIFIED_BY_ESELON_I, Action.PROPOSE): frozenset({Status.AT_TPI}),
    (Status.AT_KANWIL, Action.RETURN): frozenset({Status.RETURNED_BY_KANWIL}),
    (Status.AT_ESELON_I, Action.RETURN): frozenset({Status.RETURNED_BY_ESELON_I}),
    (Status.AT_TPI, Action.RETURN): frozenset({Status.RETURNED_BY_TPI}),
    (Status.RETURNED_BY_KANWIL, Action.RESUBMIT): frozenset({Status.AT_KANWIL}),
    (Status.RETURNED_BY_ESELON_I, Action.RESUBMIT): frozenset({Status.AT_ESELON_I}),
    (Status.RETURNED_BY_TPI, Action.RESUBMIT): frozenset({Status.AT_TPI}),
    (Status.AT_TPI, Action.ACCEPT): frozenset({Status.VERIFIED}),
}

# Who acts at each tier, and who edits the satker's own answers.
VERIFIER_ROLE = {
    Tier.KANWIL: Role.TIM_KERJA_KANWIL,
    Tier.ESELON_I: Role.TIM_PENILAI_ESELON_I,
    Tier.TPI: Role.TPI_ITJEN,
}
EDITABLE_STATUSES = frozenset({Status.DRAFT, *RETURNED_BY.values()})


def chain_of(unit: Unit) -> tuple[Tier, ...]:
    """The verifying tiers the unit's LKE passes, in order."""
    if unit.kind == UnitKind.UPT:
        return (Tier.KANWIL, Tier.ESELON_I, Tier.TPI)
    if unit.kind == UnitKind.KANWIL:
        return (Tier.ESELON_I, Tier.TPI)
    return (Tier.TPI,)


def verifying_unit(unit: Unit, tier: Tier) -> Unit | None:
    """The unit whose team verifies `unit` at `tier` (None for the ministry-wide TPI)."""
    if tier == Tier.KANWIL:
        return unit.parent
    if tier == Tier.ESELON_I:
        return unit.pembina
    return None


def next_tier(unit: Unit, tier: Tier | None) -> Tier | None:
    chain = chain_of(unit)
    if tier is None:
        return chain[0]
    index = chain.index(tier)
    return chain[index + 1] if index + 1 < len(chain) else None


def is_allowed(status: str, action: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get((status, action), frozenset())
