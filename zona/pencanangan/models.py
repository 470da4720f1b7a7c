"""The pencanangan of a unit's integrity zone and its Pakta Integritas (Bab II A, Gambar 1–2).

Per unit and assessment year:

- `Declaration`: when and where the head declared the unit ready to build its ZI (the
  Kementerian's: the Minister's pencanangan), with its `Witness`es (KPK, Ombudsman,
  Forkopimda/OPD, academics, community leaders, religious leaders, business, media; who must
  be among them is in `zona.pencanangan.witnesses`), its `Publication`s in the media, and the
  signed piagam (`CharterVersion`, a row per upload; the newest is current).
- The pact of each employee on the unit's roster for the year (`zona.employees.Employee`, the
  same list the LHKPN/LHKASN reports are kept against), signed either in Zona with their own
  account (`AppSignature`, one per employee) or on paper, the scan uploaded by the operator
  (`PactScan`, a row per upload).

Nothing here is ever overwritten in place when it is evidence: files are new rows pointing at
an immutable StoredFile, and employees who leave the roster are marked `listed=False`, never
deleted, so no signature is ever lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.cycles.models import AssessmentYear
from zona.employees.models import Employee
from zona.files.models import StoredFile
from zona.organizations.models import Unit


class WitnessKind(models.TextChoices):
    KPK = "kpk", _("Corruption Eradication Commission (KPK)")
    OMBUDSMAN = "ombudsman", _("Ombudsman RI")
    FORKOPIMDA = "forkopimda", _("Forkopimda / OPD (regional government)")
    ACADEMIC = "akademisi", _("Academics")
    COMMUNITY = "tokoh", _("Community leaders")
    RELIGIOUS = "tokoh_agama", _("Religious leaders")
    BUSINESS = "dunia_usaha", _("Business")
    MEDIA = "media", _("Media")


class Declaration(models.Model):
    """The pencanangan of one unit in one assessment year (Gambar 1). The Kementerian's own
    declaration for a year is the Minister's pencanangan, which the satker follow (row 5)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="declarations")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="declarations"
    )
    declared_on = models.DateField(_("date of the declaration"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    declared_by = models.CharField(_("declared by (the head)"), max_length=150, blank=True)
    declared_by_position = models.CharField(_("position of the head"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("declaration (pencanangan)")
        verbose_name_plural = _("declarations (pencanangan)")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "assessment_year"], name="declaration_unique_unit_year"
            )
        ]

    def __str__(self) -> str:
        return f"Pencanangan {self.unit_id}/{self.assessment_year_id}"


class Witness(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="witnesses")
    kind = models.CharField(_("witness from"), max_length=16, choices=WitnessKind.choices)
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("institution"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["declaration", "kind", "pk"]
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class Publication(models.Model):
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="publications"
    )
    medium = models.CharField(_("medium"), max_length=150)
    url = models.URLField(_("link"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["declaration", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.medium}: {self.url}"[:300]


class CharterVersion(models.Model):
    """One upload of the signed piagam pencanangan; the highest number is current."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="charter_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["declaration", "-number"]
        verbose_name = _("signed charter (piagam)")
        verbose_name_plural = _("signed charters (piagam)")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="charter_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} (v{self.number})"


class AppSignature(models.Model):
    """The pact signed in Zona by the employee's own account: once, with time, address, text."""

    employee = models.OneToOneField(
        Employee, on_delete=models.PROTECT, related_name="app_signature"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    forwarded_for = models.CharField(max_length=200, blank=True)  # X-Forwarded-For, as received
    user_agent = models.CharField(max_length=300, blank=True)
    text = models.TextField(_("text signed"))
    text_sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("signature in Zona")
        verbose_name_plural = _("signatures in Zona")

    def __str__(self) -> str:
        return f"Pakta {self.employee_id} ({self.signed_at:%Y-%m-%d %H:%M})"


class PactScan(models.Model):
    """One upload of an employee's pact signed on paper; the highest number is current."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="scans")
    number = models.PositiveIntegerField(_("version"))
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["employee", "-number"]
        verbose_name = _("scanned signed pact")
        verbose_name_plural = _("scanned signed pacts")
        constraints = [
            models.UniqueConstraint(fields=["employee", "number"], name="pact_scan_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} (v{self.number})"
