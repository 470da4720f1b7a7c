"""The PMPZI package (row 12; Gambar 9 c–d): asking for it, and the state its build moves through.

The TPI sends KemenPAN-RB the Minister's decree, the letter asking the TPN to review the
candidates, and every candidate's evidence through PMPZI by 31 May. A recorder asks for the
package of the decree in force while stage 12 is open; a background task (`tasks.build_package`,
the work in `bundle`) builds it and moves its progress here, each step in its own short
transaction so the page's progress bar reads it at once.

One `Package` per decree. Asking again once it is ready or failed starts a new attempt on the
same row: the status, progress and file start afresh, and a task still working on an older
attempt stops at its next step. A build whose worker died (no progress for `STALLED_AFTER`)
may be asked for again too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.accounts.models import User
from zona.audit.services import change_of, record
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import StageClosed, acting_moment, require_stage_open
from zona.files.models import StoredFile
from zona.proposals.models import Decree, Package, PackageStatus
from zona.proposals.services import ProposalRefused, decree_in_force

PACKAGE_STAGE = "pmpzi"
STALLED_AFTER = timedelta(minutes=15)
BUSY = (PackageStatus.QUEUED, PackageStatus.BUILDING)


class Superseded(Exception):
    """The package was asked for again: this build's attempt is no longer the current one."""


@dataclass(frozen=True)
class Signatory:
    """Who signs the letter: the Minister, or an official on the Minister's behalf."""

    name: str
    nip: str
    position: str


@dataclass(frozen=True)
class Deadline:
    """Stage 12's window as the page shows it."""

    stage: Stage
    today: date

    @property
    def is_open(self) -> bool:
        return self.stage.starts_on <= self.today <= self.stage.ends_on

    @property
    def not_yet(self) -> bool:
        return self.today < self.stage.starts_on

    @property
    def days_left(self) -> int:
        return (self.stage.ends_on - self.today).days


def deadline_of(year: AssessmentYear) -> Deadline | None:
    stage = year.stages.filter(key=PACKAGE_STAGE).first()
    return Deadline(stage, timezone.localdate()) if stage is not None else None


def is_stalled(package: Package, now: datetime | None = None) -> bool:
    last = package.heartbeat_at or package.requested_at
    return package.status in BUSY and last < (now or timezone.now()) - STALLED_AFTER


def latest_signatory() -> Signatory | None:
    """The signatory of the package asked for last (the form starts from it)."""
    last = Package.objects.order_by("-requested_at").first()
    if last is None:
        return None
    return Signatory(last.signatory_name, last.signatory_nip, last.signatory_position)


@transaction.atomic
def request_package(
    *,
    actor: User,
    year: AssessmentYear,
    signatory: Signatory,
    letter_date: date,
    letter_number: str = "",
    copies_to: str = "",
) -> Package:
    """Ask for the package of the decree in force; its build starts once this commits."""
    try:
        require_stage_open(year=year, key=PACKAGE_STAGE, unit=None)
    except StageClosed as closed:
        raise ProposalRefused(str(closed)) from closed
    decree = decree_in_force(year)
    if decree is None:
        raise ProposalRefused(
            _("Record the Minister's decree first: the package is built from it.")
        )
    fields = {
        "letter_number": letter_number.strip(),
        "letter_date": letter_date,
        "signatory_name": signatory.name.strip(),
        "signatory_nip": signatory.nip.strip(),
        "signatory_position": signatory.position.strip(),
        "copies_to": copies_to.strip(),
        "requested_by": actor,
        "requested_at": acting_moment(),
        "status": PackageStatus.QUEUED,
        "units_done": 0,
        "units_total": decree.candidates.count(),
        "error": "",
        "file": None,
        "heartbeat_at": None,
        "finished_at": None,
    }
    package = Package.objects.select_for_update().filter(decree=decree).first()
    if package is None:
        package = Package.objects.create(decree=decree, **fields)
    else:
        if package.status in BUSY and not is_stalled(package):
            raise ProposalRefused(_("The package is being built: wait until it is ready."))
        for name, value in fields.items():
            setattr(package, name, value)
        package.attempt += 1
        package.save(update_fields=[*fields, "attempt"])
    record(
        actor,
        change_of(
            "package.requested",
            package,
            after={
                "decree": decree.number,
                "attempt": package.attempt,
                "units": package.units_total,
                "letter_number": package.letter_number,
                "letter_date": letter_date.isoformat(),
                "signatory": {
                    "name": package.signatory_name,
                    "nip": package.signatory_nip,
                    "position": package.signatory_position,
                },
            },
        ),
    )
    pk, attempt = package.pk, package.attempt
    transaction.on_commit(lambda: _enqueue(pk, attempt))
    return package


def _enqueue(package_id: int, attempt: int) -> None:
    from zona.proposals.tasks import build_package

    build_package.enqueue(package_id, attempt)


def package_of(decree: Decree | None) -> Package | None:
    if decree is None:
        return None
    return Package.objects.select_related("file", "requested_by").filter(decree=decree).first()


# --- the build's steps (called by the task, never by a view) ------------------------------------


def start(package_id: int, attempt: int, units_total: int) -> None:
    _advance(
        package_id,
        attempt,
        status=PackageStatus.BUILDING,
        units_done=0,
        units_total=units_total,
        statuses=(PackageStatus.QUEUED,),
    )


def unit_done(package_id: int, attempt: int) -> None:
    _advance(package_id, attempt, units_done=F("units_done") + 1)


def heartbeat(package_id: int, attempt: int) -> None:
    _advance(package_id, attempt)


def _advance(
    package_id: int, attempt: int, *, statuses: tuple[str, ...] = BUSY, **fields: object
) -> None:
    """One UPDATE, committed at once: the page reads the progress while the build goes on."""
    moved = Package.objects.filter(pk=package_id, attempt=attempt, status__in=statuses).update(
        heartbeat_at=timezone.now(), **fields
    )
    if not moved:
        raise Superseded


def finish(package_id: int, attempt: int, stored: StoredFile, files: int) -> Package:
    with transaction.atomic():
        package = _current(package_id, attempt)
        package.status = PackageStatus.READY
        package.file = stored
        package.finished_at = timezone.now()
        package.save(update_fields=["status", "file", "finished_at"])
        record(
            package.requested_by,
            change_of(
                "package.built",
                package,
                after={
                    "attempt": attempt,
                    "sha256": stored.sha256,
                    "size": stored.size,
                    "files": files,
                    "units": package.units_total,
                },
            ),
        )
    return package


def fail(package_id: int, attempt: int, error: str) -> None:
    with transaction.atomic():
        try:
            package = _current(package_id, attempt)
        except Superseded:
            return
        package.status = PackageStatus.FAILED
        package.error = error[:2000]
        package.finished_at = timezone.now()
        package.save(update_fields=["status", "error", "finished_at"])
        record(
            package.requested_by,
            change_of("package.failed", package, after={"attempt": attempt, "error": error}),
        )


def _current(package_id: int, attempt: int) -> Package:
    package = (
        Package.objects.select_for_update()
        .select_related("requested_by")
        .filter(pk=package_id, attempt=attempt, status__in=BUSY)
        .first()
    )
    if package is None:
        raise Superseded
    return package
