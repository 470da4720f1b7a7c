"""From candidate to predicate (Bab II A.2–3, rows 9–15; Bab III A.3 and B, Gambar 8–9).

A unit goes up by proposals, each a recorded act that keeps the verdict it was made on: the
Kanwil proposes a UPT to its Unit Eselon I Pembina, the Unit Eselon I proposes the satker of
its line (and itself) to the TPI, and the TPI recommends candidates to the Minister within the
year's quota. The Minister's decree fixes the candidates; the TPN's outcome, in December, puts
a unit on the register of predicates. Nothing here is ever edited: a correction is a new row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zona.accounts.models import nip_validator
from zona.assessments.models import Assessment
from zona.cycles.models import AssessmentYear
from zona.files.models import StoredFile
from zona.organizations.models import Kawasan, KawasanMember, Unit


class Predicate(models.TextChoices):
    WBK = "WBK", _("Menuju WBK")
    WBBM = "WBBM", _("Menuju WBBM")


# Bab III A.3.b 1–3: what the TPI judges of the unit itself when it recommends it.
UNIT_REQUIREMENTS = {
    "strategic_service": _("Plays a strategic role in public service"),
    "reform_done_well": _("Has carried out bureaucratic reform well"),
    "large_resources": _("Manages considerable resources"),
}


class Level(models.TextChoices):
    """Who proposes: the Kanwil to the Unit Eselon I, the Unit Eselon I to the TPI, the TPI to
    the Minister."""

    KANWIL = "kanwil", _("Kanwil to the Unit Eselon I")
    ESELON_I = "eselon_i", _("Unit Eselon I to the TPI")
    TPI = "tpi", _("TPI to the Minister")


class Proposal(models.Model):
    """One unit proposed one step up, with the verdict it was proposed on."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="proposals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="proposals")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="proposals"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    target = models.CharField(_("predicate"), max_length=8, choices=Predicate.choices)
    # The proposing unit: the Kanwil, the Unit Eselon I; none for the ministry-wide TPI.
    proposed_by_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2)
    # The scoring engine's verdict as it stood: inputs, instrument, criteria, reasons.
    verdict = models.JSONField(_("verdict"))
    # The TPI's judgement of the unit-level requirements of Bab III A.3.b (its recommendation).
    unit_requirements = models.JSONField(_("unit-level requirements"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["assessment_year", "level", "-total", "unit__path"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "level"], name="proposal_once_per_level")
        ]
        indexes = [models.Index(fields=["assessment_year", "level"], name="proposal_year_level")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.target} ({self.get_level_display()})"


class Quota(models.Model):
    """The number of units the ministry may propose in a year, set by KemenPAN-RB's letter."""

    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="proposal_quotas"
    )
    units = models.PositiveIntegerField(_("units"))
    letter_number = models.CharField(_("letter number"), max_length=100)
    letter_date = models.DateField(_("letter date"))
    document = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]  # the newest letter is the one in force
        verbose_name = _("proposal quota")
        verbose_name_plural = _("proposal quotas")

    def __str__(self) -> str:
        return f"{self.assessment_year}: {self.units}"


class Decree(models.Model):
    """The Minister's decree fixing the candidates of a year (row 11). Never changed: a
    correction is a new decree that replaces it."""

    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="candidate_decrees"
    )
    number = models.CharField(_("decree number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    document = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("Minister's decree on candidates")
        verbose_name_plural = _("Minister's decrees on candidates")

    def __str__(self) -> str:
        return self.number


class Candidate(models.Model):
    """A unit named in a decree, for one predicate, on the TPI's recommendation."""

    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="candidates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="candidacies")
    target = models.CharField(_("predicate"), max_length=8, choices=Predicate.choices)
    recommendation = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decree", "unit__path"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["decree", "unit"], name="candidate_once_per_decree")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.target})"


class TpnStep(models.TextChoices):
    """What the national team (TPN, KemenPAN-RB) does with a candidate (rows 13–15)."""

    FORMAL = "formal", _("Formal completeness checked")
    REVIEW = "review", _("Unit reviewed")
    RESULT = "result", _("Result")


class TpnFinding(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
    GRANTED = "granted", _("Granted")
    NOT_GRANTED = "not_granted", _("Not granted")


class TpnOutcome(models.Model):
    """One step of the TPN with a candidate, as reported back to the ministry."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="tpn_steps")
    step = models.CharField(_("step"), max_length=16, choices=TpnStep.choices)
    finding = models.CharField(_("finding"), max_length=16, choices=TpnFinding.choices)
    on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    # The result's decree of KemenPAN-RB (the result step only).
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    document = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate", "on", "pk"]
        verbose_name = _("TPN outcome")
        verbose_name_plural = _("TPN outcomes")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="tpn_step_once"),
            models.CheckConstraint(
                condition=Q(step="result", finding__in=["granted", "not_granted"])
                | (~Q(step="result") & Q(finding__in=["passed", "failed"])),
                name="tpn_finding_fits_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_step_display()} {self.get_finding_display()}"


class Granted(models.Model):
    """What every entry of a register of predicates holds."""

    predicate = models.CharField(_("predicate"), max_length=8, choices=Predicate.choices)
    year = models.PositiveIntegerField(_("year granted"))
    decree_number = models.CharField(_("decree number"), max_length=100)
    granted_on = models.DateField(_("granted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Grant(Granted):
    """An entry of the register of predicates: a unit granted Menuju WBK or WBBM."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predicates")
    # The TPN result it came from; none for a grant of earlier years entered from the records.
    outcome = models.OneToOneField(
        TpnOutcome, on_delete=models.PROTECT, null=True, blank=True, related_name="grant"
    )

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("predicate granted")
        verbose_name_plural = _("register of predicates")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "predicate"], name="grant_once_per_unit_predicate"
            )
        ]
        indexes = [models.Index(fields=["year", "predicate"], name="grant_year_predicate")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.predicate} {self.year}"


class PackageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Package(models.Model):
    """The PMPZI package of a decree (row 12; Gambar 9 c–d): the letter to the Minister of
    PAN-RB, the decree, each candidate's PMPZI worksheet and berita acara, its evidence and a
    manifest, in one zip built by a background task. One row per decree: building again
    replaces the stored zip (the history is in the audit trail)."""

    decree = models.OneToOneField(Decree, on_delete=models.PROTECT, related_name="package")
    status = models.CharField(
        _("status"), max_length=16, choices=PackageStatus.choices, default=PackageStatus.QUEUED
    )
    # Each request starts a new attempt; a task working on an older attempt stops.
    attempt = models.PositiveIntegerField(default=1)
    units_done = models.PositiveIntegerField(_("units done"), default=0)
    units_total = models.PositiveIntegerField(_("units"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The letter (Bab III B, the template after Gambar 9): its number and date, its signatory.
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("letter date"))
    signatory_name = models.CharField(_("signatory's name"), max_length=200)
    signatory_nip = models.CharField(
        _("signatory's NIP"), max_length=18, blank=True, validators=[nip_validator]
    )
    signatory_position = models.CharField(_("signatory's position"), max_length=200)
    copies_to = models.TextField(_("copies to (tembusan)"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    # Moved by the task with every unit it finishes: a build whose heartbeat stops is stalled.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("PMPZI package")
        verbose_name_plural = _("PMPZI packages")
        constraints = [
            models.CheckConstraint(
                condition=Q(units_done__lte=models.F("units_total")),
                name="package_done_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(file__isnull=False),
                name="package_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"PMPZI {self.decree}"

    @property
    def percent(self) -> int:
        return 100 * self.units_done // self.units_total if self.units_total else 0


# --- Kawasan (Bab II B; Bab III A.3.d.3–4) ----------------------------------------------------
#
# A kawasan (zona.organizations.Kawasan: an airport or a port, the units of several agencies) is
# assessed by a special team joining the TPIs of its agencies, which scores the five integration
# indicators of Bab II B; it is granted a predicate when every member unit meets the unit
# criteria and the integration score meets the threshold (zona.proposals.kawasan).


class KawasanTeam(models.Model):
    """The kawasan's special team of a year: a joint team of the TPIs of its agencies, formed
    by a decree. Never changed: a new decree is a new team, and the newest is in force."""

    kawasan = models.ForeignKey(Kawasan, on_delete=models.PROTECT, related_name="teams")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="kawasan_teams"
    )
    decree_number = models.CharField(_("decree number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    issued_by = models.CharField(_("issued by"), max_length=200)
    document = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("kawasan special team")
        verbose_name_plural = _("kawasan special teams")

    def __str__(self) -> str:
        return f"{self.kawasan}: {self.decree_number}"


class KawasanTeamMember(models.Model):
    """A person on the special team, for the TPI of one of the kawasan's agencies."""

    team = models.ForeignKey(KawasanTeam, on_delete=models.PROTECT, related_name="members")
    instansi = models.CharField(_("agency"), max_length=120)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position on the team"), max_length=150, blank=True)

    class Meta:
        ordering = ["team", "pk"]
        verbose_name = _("special team member")
        verbose_name_plural = _("special team members")

    def __str__(self) -> str:
        return f"{self.name} ({self.instansi})"


class KawasanIntegration(models.Model):
    """The special team's scores of the five integration indicators (Bab II B) and the
    integration score they make. Never changed: a new scoring is a new row, the newest holds."""

    kawasan = models.ForeignKey(Kawasan, on_delete=models.PROTECT, related_name="integrations")
    assessment_year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="kawasan_integrations"
    )
    team = models.ForeignKey(KawasanTeam, on_delete=models.PROTECT, related_name="scorings")
    scores = models.JSONField(_("indicator scores"))  # indicator key → score as text ("8.5")
    score = models.DecimalField(_("integration score"), max_digits=4, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("kawasan integration score")
        verbose_name_plural = _("kawasan integration scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=10), name="kawasan_integration_0_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kawasan} {self.assessment_year}: {self.score}"


class MemberPredicate(models.Model):
    """The predicate another agency's unit in a kawasan holds, from that agency's records. The
    ministry's own units are judged on Zona's records (their verdict or the register)."""

    member = models.ForeignKey(KawasanMember, on_delete=models.PROTECT, related_name="predicates")
    predicate = models.CharField(_("predicate"), max_length=8, choices=Predicate.choices)
    year = models.PositiveIntegerField(_("year granted"))
    source = models.CharField(_("source"), max_length=300)
    document = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "-year"]
        verbose_name = _("kawasan member's predicate")
        verbose_name_plural = _("kawasan members' predicates")
        constraints = [
            models.UniqueConstraint(fields=["member", "predicate"], name="member_predicate_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.predicate} {self.year}"


class KawasanGrant(Granted):
    """A kawasan on the register of predicates, beside the units' `Grant`."""

    kawasan = models.ForeignKey(Kawasan, on_delete=models.PROTECT, related_name="predicates")
    # What it was granted on; none for a grant of earlier years entered from the records.
    integration = models.ForeignKey(
        KawasanIntegration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verdict = models.JSONField(_("verdict"), default=dict, blank=True)

    class Meta:
        ordering = ["-year", "kawasan__name"]
        verbose_name = _("predicate granted to a kawasan")
        verbose_name_plural = _("register of kawasan predicates")
        constraints = [
            models.UniqueConstraint(
                fields=["kawasan", "predicate"], name="kawasan_grant_once_per_predicate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kawasan}: {self.predicate} {self.year}"
