"""Every change to a unit's pencanangan and Pakta Integritas, each in one transaction with its
audit event. Every change is refused while stage 5 of the schedule ("pencanangan") is closed
for the unit (unless the ministry team reopened it for the unit).

The employee list is imported in `zona.pencanangan.importing`; reading functions for other
apps (`pencanangan_status`, `pencanangan_statuses`) live in `zona.pencanangan.summary` and are
re-exported here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import change_of, diff, record, snapshot
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import StageClosed, require_stage_open
from zona.employees.models import Employee
from zona.files.models import FileKind
from zona.files.services import safe_download_name, store_upload
from zona.organizations.models import Unit
from zona.pencanangan.models import (
    AppSignature,
    CharterVersion,
    Declaration,
    PactScan,
    Publication,
    Witness,
    WitnessKind,
)
from zona.pencanangan.pact import pact_for
from zona.pencanangan.summary import PencananganStatus, pencanangan_status, pencanangan_statuses

if TYPE_CHECKING:
    from zona.accounts.models import User

__all__ = [
    "DECLARATION_FIELDS",
    "FILE_KINDS",
    "STAGE_KEY",
    "PencananganStatus",
    "StageClosed",
    "add_publication",
    "add_witness",
    "pencanangan_status",
    "pencanangan_statuses",
    "remove_publication",
    "remove_witness",
    "require_window",
    "save_declaration",
    "sign_pact",
    "upload_charter",
    "upload_scan",
    "window_state",
]

STAGE_KEY = "pencanangan"  # stage 5 of the schedule (Bab II A.3)
FILE_KINDS = frozenset({FileKind.PDF, FileKind.JPEG, FileKind.PNG})  # piagam and scanned pacts
DECLARATION_FIELDS = ("declared_on", "place", "declared_by", "declared_by_position")
_http_url = URLValidator(schemes=["http", "https"])


# --- the window of stage 5 ------------------------------------------------------------------


def require_window(year: AssessmentYear, unit: Unit) -> None:
    """StageClosed (with the window in its message) unless stage 5 is open for `unit` today."""
    try:
        require_stage_open(year=year, key=STAGE_KEY, unit=unit)
    except Stage.DoesNotExist:
        raise StageClosed(
            _("The schedule of %(year)d has no pencanangan stage: ask the ministry team.")
            % {"year": year.year}
        ) from None


def window_state(year: AssessmentYear, unit: Unit) -> tuple[bool, str]:
    """(open, the message saying why not) for the pages."""
    try:
        require_window(year, unit)
    except StageClosed as exc:
        return False, str(exc)
    return True, ""


# --- the declaration ------------------------------------------------------------------------


def _declaration(unit: Unit, year: AssessmentYear) -> tuple[Declaration, bool]:
    """The unit's declaration row for the year, locked, made on first use (the caller's audit
    event names it)."""
    declaration, created = Declaration.objects.get_or_create(unit=unit, assessment_year=year)
    return Declaration.objects.select_for_update().get(pk=declaration.pk), created


@transaction.atomic
def save_declaration(
    *,
    actor: User,
    unit: Unit,
    assessment_year: AssessmentYear,
    declared_on: date | None,
    place: str,
    declared_by: str,
    declared_by_position: str,
) -> Declaration:
    """When and where the head declared the unit ready to build its integrity zone, and who."""
    require_window(assessment_year, unit)
    if declared_on is not None and declared_on > timezone.localdate():
        raise ValidationError(
            _("The date of the declaration is in the future: record it once it has taken place."),
            code="future",
        )
    declaration, created = _declaration(unit, assessment_year)
    before = snapshot(declaration, DECLARATION_FIELDS)
    declaration.declared_on = declared_on
    declaration.place = place.strip()
    declaration.declared_by = declared_by.strip()
    declaration.declared_by_position = declared_by_position.strip()
    old, new = diff(before, snapshot(declaration, DECLARATION_FIELDS))
    if not new and not created:
        return declaration
    declaration.updated_by = actor
    declaration.save(update_fields=[*DECLARATION_FIELDS, "updated_by", "updated_at"])
    record(
        actor,
        change_of(
            "pencanangan.declaration_saved",
            declaration,
            before=old,
            after=new | {"unit": unit.pk, "year": assessment_year.year},
        ),
    )
    return declaration


@transaction.atomic
def add_witness(
    *,
    actor: User,
    unit: Unit,
    assessment_year: AssessmentYear,
    kind: str,
    name: str,
    institution: str,
) -> Witness:
    require_window(assessment_year, unit)
    if kind not in WitnessKind.values:
        raise ValidationError(_("Choose who the witness represents."), code="kind")
    if not name.strip() or not institution.strip():
        raise ValidationError(_("Give the witness's name and institution."), code="required")
    declaration, _created = _declaration(unit, assessment_year)
    witness = Witness.objects.create(
        declaration=declaration,
        kind=kind,
        name=name.strip(),
        institution=institution.strip(),
        created_by=actor,
    )
    record(
        actor,
        change_of(
            "pencanangan.witness_added",
            witness,
            after=snapshot(witness, ("kind", "name", "institution", "declaration")),
        ),
    )
    return witness


@transaction.atomic
def remove_witness(*, actor: User, witness: Witness) -> None:
    declaration = witness.declaration
    require_window(declaration.assessment_year, declaration.unit)
    record(
        actor,
        change_of(
            "pencanangan.witness_removed",
            witness,
            before=snapshot(witness, ("kind", "name", "institution", "declaration")),
        ),
    )
    witness.delete()


@transaction.atomic
def add_publication(
    *, actor: User, unit: Unit, assessment_year: AssessmentYear, medium: str, url: str
) -> Publication:
    require_window(assessment_year, unit)
    url = url.strip()
    if not medium.strip():
        raise ValidationError(_("Name the medium (newspaper, television, website …)."))
    try:
        _http_url(url)
    except ValidationError:
        raise ValidationError(
            _("Give the full address of the publication, starting with https:// or http://."),
            code="url",
        ) from None
    declaration, _created = _declaration(unit, assessment_year)
    publication = Publication.objects.create(
        declaration=declaration, medium=medium.strip(), url=url, created_by=actor
    )
    record(
        actor,
        change_of(
            "pencanangan.publication_added",
            publication,
            after=snapshot(publication, ("medium", "url", "declaration")),
        ),
    )
    return publication


@transaction.atomic
def remove_publication(*, actor: User, publication: Publication) -> None:
    declaration = publication.declaration
    require_window(declaration.assessment_year, declaration.unit)
    record(
        actor,
        change_of(
            "pencanangan.publication_removed",
            publication,
            before=snapshot(publication, ("medium", "url", "declaration")),
        ),
    )
    publication.delete()


@transaction.atomic
def upload_charter(
    *, actor: User, unit: Unit, assessment_year: AssessmentYear, upload: UploadedFile
) -> CharterVersion:
    """A new version of the signed piagam; earlier versions stay downloadable."""
    require_window(assessment_year, unit)
    declaration, _created = _declaration(unit, assessment_year)
    stored = store_upload(actor=actor, upload=upload, allowed=FILE_KINDS)
    last = declaration.charter_versions.aggregate(n=Max("number"))["n"] or 0
    version = CharterVersion.objects.create(
        declaration=declaration,
        number=last + 1,
        stored_file=stored,
        file_name=safe_download_name(upload.name or "piagam", stored.kind),
        uploaded_by=actor,
    )
    record(
        actor,
        change_of(
            "pencanangan.charter_uploaded",
            version,
            after={
                "declaration": declaration.pk,
                "number": version.number,
                "file": stored.sha256,
                "name": version.file_name,
            },
        ),
    )
    return version


# --- the Pakta Integritas -------------------------------------------------------------------


@transaction.atomic
def sign_pact(
    *,
    actor: User,
    employee: Employee,
    agreed: bool,
    ip_address: str | None = None,
    forwarded_for: str = "",
    user_agent: str = "",
) -> tuple[AppSignature, bool]:
    """The employee signs their own pact in Zona. Returns the signature and whether it is new:
    signing again returns the first signature unchanged (no second event)."""
    if not (actor is not None and actor.is_authenticated and actor.nip == employee.nip):
        raise PermissionDenied  # nobody signs for someone else, whatever their role
    employee = (
        Employee.objects.select_for_update()
        .select_related("unit", "assessment_year")
        .get(pk=employee.pk)
    )
    existing = AppSignature.objects.filter(employee=employee).first()
    if existing is not None:
        return existing, False
    if not agreed:
        raise ValidationError(
            _("Tick the statement that you have read the pact and agree to it."), code="agree"
        )
    if not employee.listed:
        raise ValidationError(
            _("You are no longer on this unit's employee list for the year: ask its operator."),
            code="unlisted",
        )
    require_window(employee.assessment_year, employee.unit)
    pact = pact_for(employee)
    try:
        with transaction.atomic():
            signature = AppSignature.objects.create(
                employee=employee,
                user=actor,
                signed_at=timezone.now(),
                ip_address=ip_address or None,
                forwarded_for=forwarded_for[:200],
                user_agent=user_agent[:300],
                text=pact.as_text(),
                text_sha256=pact.sha256(),
            )
    except IntegrityError:  # signed at the same moment in another tab
        return AppSignature.objects.get(employee=employee), False
    record(
        actor,
        change_of(
            "pakta.signed",
            signature,
            after={
                "employee": employee.pk,
                "nip": employee.nip,
                "unit": employee.unit_id,
                "year": employee.assessment_year.year,
                "signed_at": signature.signed_at.isoformat(),
                "ip_address": signature.ip_address,
                "text_sha256": signature.text_sha256,
            },
        ),
    )
    return signature, True


@transaction.atomic
def upload_scan(*, actor: User, employee: Employee, upload: UploadedFile) -> PactScan:
    """A scan of the employee's pact signed on paper (a new version; earlier ones stay)."""
    employee = (
        Employee.objects.select_for_update()
        .select_related("unit", "assessment_year")
        .get(pk=employee.pk)
    )
    require_window(employee.assessment_year, employee.unit)
    stored = store_upload(actor=actor, upload=upload, allowed=FILE_KINDS)
    last = employee.scans.aggregate(n=Max("number"))["n"] or 0
    scan = PactScan.objects.create(
        employee=employee,
        number=last + 1,
        stored_file=stored,
        file_name=safe_download_name(upload.name or f"pakta-{employee.nip}", stored.kind),
        uploaded_by=actor,
    )
    record(
        actor,
        change_of(
            "pakta.scan_uploaded",
            scan,
            after={
                "employee": employee.pk,
                "nip": employee.nip,
                "number": scan.number,
                "file": stored.sha256,
                "name": scan.file_name,
            },
        ),
    )
    return scan
