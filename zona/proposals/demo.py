"""The demo's proposals and predicates, through the services people use (audited).

- The register holds predicates granted before Zona (entered from the ministry's records).
- The earlier year (the demo year − 1) is carried through: its survey, rosters and grades, the
  LKE of three immigration offices of the demo province verified up the chain and proposed at
  every level, KemenPAN-RB's quota, the TPI's recommendations, the Minister's decree in May, and
  the TPN's check, review and result, recorded on the days they took place
  (`zona.cycles.services.recording_history`) as far as today allows.
- The demo year has three more UPT of the demo province verified by its Kanwil: one already
  proposed to its Unit Eselon I, one the Kanwil may propose, one staying for coaching.

    from zona.proposals.demo import load_demo_proposals
    load_demo_proposals(year, candidates, people=…)   # after the surveys and compliance
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from zona.accounts.models import User
from zona.assessments.demo import answered_lke, satker_people
from zona.assessments.models import Assessment
from zona.assessments.services import (
    accept_pending,
    finish_review,
    submit,
)
from zona.assessments.workflow import Tier
from zona.compliance.demo import load_demo_ministry_grades, load_demo_rosters
from zona.core.pdf import sample_pdf
from zona.cycles.models import AssessmentYear
from zona.cycles.services import create_year, recording_history
from zona.files.services import store_bytes
from zona.organizations.models import Unit, UnitKind
from zona.pencanangan.demo import load_past_pencanangan
from zona.proposals.bundle import build
from zona.proposals.models import UNIT_REQUIREMENTS, Grant, Level, Predicate, TpnFinding, TpnStep
from zona.proposals.package import Signatory, request_package
from zona.proposals.services import (
    propose,
    record_decree,
    record_earlier_grant,
    record_quota,
    record_tpn_step,
)
from zona.surveys.demo import close_demo_survey


@dataclass(frozen=True)
class People:
    verifier: User  # the demo province's Kanwil working team
    assessor: User  # the Unit Eselon I assessment team (Ditjen Imigrasi)
    tpi: User  # TPI Itjen
    balitbang: User  # TPI Balitbangkumham (surveys)
    ministry_team: User


def load_demo_proposals(
    year: AssessmentYear,
    earlier: Sequence[Unit],
    current: Sequence[Unit],
    history: Sequence[Unit],
    *,
    people: People,
) -> None:
    """`earlier`: units whose grants of earlier years the register holds; `history`: the
    earlier year's candidates; `current`: the demo year's (strong, strong, weak)."""
    if Grant.objects.exists():
        return
    with transaction.atomic():
        _register(earlier, people.ministry_team, year.year)
        _earlier_year(year, history, people)
        _current_year(year, current, people)


def _register(units: Sequence[Unit], team: User, year: int) -> None:
    """WBK granted three and four years ago; the first unit also WBBM a year later."""
    for index, unit in enumerate(units):
        granted = year - 4 + index % 2
        record_earlier_grant(
            actor=team,
            unit=unit,
            predicate=Predicate.WBK,
            year=granted,
            decree_number=f"B/{310 + index}/M.SM.01.00/{granted}",
            granted_on=date(granted, 12, 10),
        )
    if units:
        record_earlier_grant(
            actor=team,
            unit=units[0],
            predicate=Predicate.WBBM,
            year=year - 2,
            decree_number=f"B/402/M.SM.01.00/{year - 2}",
            granted_on=date(year - 2, 12, 10),
        )


def _earlier_year(year: AssessmentYear, units: Sequence[Unit], people: People) -> None:
    """The year before, from the survey to the TPN's result, each act on its day."""
    past = create_year(actor=people.ministry_team, year=year.year - 1, instrument=year.instrument)
    load_past_pencanangan(
        past,
        ministry=Unit.objects.get(kind=UnitKind.KEMENTERIAN),
        ministry_team=people.ministry_team,
        satker=[(unit, *satker_people(unit)) for unit in units],
    )
    close_demo_survey(people.balitbang, past, units)
    load_demo_ministry_grades(past, ministry_team=people.ministry_team)
    load_demo_rosters(past, units, itjen=people.tpi)
    y = past.year
    lkes = [_lke(past, unit, strong=True, on=date(y, 2, 20), seed=y + n) for n, unit in
            enumerate(units)]  # fmt: skip
    if not _on(date(y, 3, 3)):
        return
    for lke in lkes:
        with recording_history(date(y, 3, 3)):
            _verify(people.verifier, lke, Tier.KANWIL)
            propose(actor=people.verifier, assessment=lke, level=Level.KANWIL, target="WBK")
        with recording_history(date(y, 3, 10)):
            _verify(people.assessor, lke, Tier.ESELON_I)
            propose(actor=people.assessor, assessment=lke, level=Level.ESELON_I, target="WBK")
        with recording_history(date(y, 3, 25)):
            _verify(people.tpi, lke, Tier.TPI)
    with recording_history(date(y, 4, 8)):
        record_quota(
            actor=people.ministry_team,
            year=past,
            units=len(units) + 2,
            letter_number=f"B/118/RB.06/{y}",
            letter_date=date(y, 2, 12),
            document=_pdf(people.ministry_team, "Surat Deputi Reformasi Birokrasi", y),
        )
    recommendations = []
    with recording_history(date(y, 4, 20)):
        for lke in lkes:
            recommendations.append(
                propose(
                    actor=people.tpi,
                    assessment=lke,
                    level=Level.TPI,
                    target="WBK",
                    unit_requirements=list(UNIT_REQUIREMENTS),
                )
            )
    if not _on(date(y, 5, 20)):
        return
    with recording_history(date(y, 5, 22)):
        decree = record_decree(
            actor=people.ministry_team,
            year=past,
            number=f"M.HH-07.OT.01.01 TAHUN {y}",
            signed_on=date(y, 5, 20),
            document=_pdf(people.ministry_team, "Keputusan Menteri tentang calon unit kerja", y),
            recommendations=recommendations,
        )
    _package(past, people.ministry_team, y)
    _tpn(decree.candidates.order_by("unit__path"), people.ministry_team, y)


def _package(past: AssessmentYear, team: User, y: int) -> None:
    """The PMPZI package of the decree, asked for on 26 May and built at once (the demo runs
    no background worker while it loads)."""
    with recording_history(date(y, 5, 26)):
        package = request_package(
            actor=team,
            year=past,
            signatory=Signatory(
                name="Andi Wijaya",
                nip="196805121990031002",
                position="Sekretaris Jenderal, atas nama Menteri Hukum dan Hak Asasi Manusia",
            ),
            letter_date=date(y, 5, 26),
            letter_number=f"SEK.OT.01.01-214/{y}",
            copies_to="Inspektur Jenderal",
        )
    build(package.pk, package.attempt)


def _tpn(candidates, team: User, y: int) -> None:  # type: ignore[no-untyped-def]
    """All pass the formal check; the last fails the review; the others are granted."""
    steps = (
        (TpnStep.FORMAL, date(y, 7, 15)),
        (TpnStep.REVIEW, date(y, 10, 9)),
        (TpnStep.RESULT, date(y, 12, 3)),
    )
    last = len(candidates) - 1
    for index, candidate in enumerate(candidates):
        for step, day in steps:
            if not _on(day):
                return
            finding = TpnFinding.PASSED
            if step == TpnStep.REVIEW and index == last:
                finding = TpnFinding.FAILED
            if step == TpnStep.RESULT:
                finding = TpnFinding.NOT_GRANTED if index == last else TpnFinding.GRANTED
            with recording_history(day):
                record_tpn_step(
                    actor=team,
                    candidate=candidate,
                    step=step,
                    finding=finding,
                    on=day,
                    notes=_NOTES[step, finding],
                    decree_number=f"B/512/M.SM.01.00/{y}" if finding == TpnFinding.GRANTED else "",
                )


_NOTES = {
    (TpnStep.FORMAL, TpnFinding.PASSED): "Dokumen usulan dan LKE di PMPZI lengkap.",
    (TpnStep.REVIEW, TpnFinding.PASSED): "Reviu lapangan: inovasi pelayanan berjalan.",
    (TpnStep.REVIEW, TpnFinding.FAILED): "Reviu lapangan: standar pelayanan belum dipublikasikan.",
    (TpnStep.RESULT, TpnFinding.GRANTED): "Ditetapkan berpredikat Menuju WBK.",
    (TpnStep.RESULT, TpnFinding.NOT_GRANTED): "Belum memenuhi hasil reviu lapangan.",
}


def _current_year(year: AssessmentYear, units: Sequence[Unit], people: People) -> None:
    """Verified by the Kanwil today: the first proposed to its Unit Eselon I, the second for
    the Kanwil to propose, the third (answered weakly) staying for coaching."""
    for index, unit in enumerate(units[:3]):
        lke = _lke(year, unit, strong=index < 2, on=None, seed=year.year + index)
        _verify(people.verifier, lke, Tier.KANWIL)
        if index == 0:
            propose(actor=people.verifier, assessment=lke, level=Level.KANWIL, target="WBK")


def _lke(
    year: AssessmentYear, unit: Unit, *, strong: bool, on: date | None, seed: int
) -> Assessment:
    """The unit's LKE answered by its operator and submitted by its head (on `on`, or today)."""
    with recording_history(on) if on else nullcontext():
        profile = "strong" if strong else "weak"
        lke, head = answered_lke(year, unit, profile=profile, seed=seed)
        submit(actor=head, assessment=lke, attest=True)
    lke.refresh_from_db()
    return lke


def _verify(actor: User, lke: Assessment, tier: Tier) -> None:
    accept_pending(actor=actor, assessment=lke, tier=tier)
    finish_review(actor=actor, assessment=lke, tier=tier)
    lke.refresh_from_db()


def _pdf(actor: User, title: str, year: int):  # type: ignore[no-untyped-def]
    return store_bytes(actor=actor, data=sample_pdf(f"{title} {year}", "DOKUMEN CONTOH"))


def _on(day: date) -> bool:
    return day <= timezone.localdate()
