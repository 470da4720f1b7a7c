"""Who must witness a pencanangan, by the kind of unit that declares (Bab II A).

- A central unit (the Kementerian itself, whose declaration is the Minister's, and each Unit
  Eselon I): "disaksikan dan dihadiri oleh jajaran Komisi Pemberantasan Korupsi, Ombudsman RI"
  (Gambar 2), both of them. Universities, community leaders/NGOs and business "dapat juga
  menjadi saksi": welcome, never required.
- A satker in a province (Kanwil, UPT): "dengan menghadirkan perwakilan Ombudman atau
  Forkopimda/OPD, Akademisi, Tokoh Masyarakat, dan Tokoh Agama": the Ombudsman or the
  Forkopimda/OPD, and academics, and community leaders, and religious leaders.

Each `WitnessRequirement` is met when any one of its kinds witnessed; a declaration has its
witnesses when every requirement for its unit's kind is met. What is missing is named.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zona.organizations.models import UnitKind
from zona.pencanangan.models import WitnessKind


@dataclass(frozen=True)
class WitnessRequirement:
    """One witness the regulation asks for: present when any one of `kinds` witnessed."""

    kinds: frozenset[str]
    label: str | Promise  # its name on the pages: "KPK", "Ombudsman RI or Forkopimda/OPD" …

    def met_by(self, present: Collection[str]) -> bool:
        return any(kind in present for kind in self.kinds)

    def __str__(self) -> str:
        return str(self.label)


def _one(kind: WitnessKind, label: str | Promise) -> WitnessRequirement:
    return WitnessRequirement(frozenset({kind.value}), label)


CENTRAL = (
    _one(WitnessKind.KPK, _("KPK")),
    _one(WitnessKind.OMBUDSMAN, _("Ombudsman RI")),
)
IN_A_PROVINCE = (
    WitnessRequirement(
        frozenset({WitnessKind.OMBUDSMAN.value, WitnessKind.FORKOPIMDA.value}),
        _("Ombudsman RI or Forkopimda/OPD"),
    ),
    _one(WitnessKind.ACADEMIC, _("Academics")),
    _one(WitnessKind.COMMUNITY, _("Community leaders")),
    _one(WitnessKind.RELIGIOUS, _("Religious leaders")),
)
REQUIRED_WITNESSES: dict[str, tuple[WitnessRequirement, ...]] = {
    UnitKind.KEMENTERIAN: CENTRAL,
    UnitKind.ESELON_I: CENTRAL,
    UnitKind.KANWIL: IN_A_PROVINCE,
    UnitKind.UPT: IN_A_PROVINCE,
}
# Every kind some requirement counts: what a declaration's completeness needs to know.
COUNTED_KINDS: tuple[str, ...] = tuple(
    kind
    for kind in WitnessKind.values
    if any(kind in r.kinds for rs in REQUIRED_WITNESSES.values() for r in rs)
)


def required_witnesses(unit_kind: str) -> tuple[WitnessRequirement, ...]:
    return REQUIRED_WITNESSES.get(unit_kind, ())


def missing_witnesses(unit_kind: str, present: Collection[str]) -> tuple[WitnessRequirement, ...]:
    """The requirements for `unit_kind` that no witness of the kinds `present` meets."""
    return tuple(r for r in required_witnesses(unit_kind) if not r.met_by(present))


def is_central(unit_kind: str) -> bool:
    """The Kementerian and the Unit Eselon I: the KPK and the Ombudsman RI witness them."""
    return required_witnesses(unit_kind) == CENTRAL
