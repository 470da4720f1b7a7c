"""Public surveys: questionnaires as loaded, a survey period per assessment year, the tokens
behind the QR codes, the raw responses (append-only) and the aggregates kept beside them.

Pages never scan responses: every response moves its unit's `UnitTally` row (counters by
status, and per element the count and sum of the counted answers, in typed integer columns),
in the transaction that stores or reviews it (intake.py, services.py). `zona survey-rebuild`
recomputes both from the raw rows and must find the same figures.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zona.core.parsed import ParsedFiles
from zona.cycles.models import AssessmentYear
from zona.organizations.models import Unit
from zona.surveys.spec import (
    FEEDS,
    MAX_ELEMENTS,
    SCALE,
    QuestionnaireSpec,
    parse_questionnaire,
)

ANSWER_FIELDS = tuple(f"a{i:02d}" for i in range(1, MAX_ELEMENTS + 1))
COUNT_FIELDS = tuple(f"n{i:02d}" for i in range(1, MAX_ELEMENTS + 1))  # on UnitTally
SUM_FIELDS = tuple(f"s{i:02d}" for i in range(1, MAX_ELEMENTS + 1))


class Questionnaire(models.Model):
    """One version of a questionnaire file, kept with its exact text and SHA-256."""

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=16)
    title = models.CharField(_("title"), max_length=300)
    source_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    source_text = models.TextField(_("file as loaded"))
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def spec(self) -> QuestionnaireSpec:
        """The questionnaire exactly as loaded (not the file as it is now)."""
        return _PARSED.get(self.code, self.source_sha256, lambda: self.source_text)


_PARSED = ParsedFiles(
    lambda code, sha256, text: parse_questionnaire(
        text, source=f"{code}@{sha256[:12]}", expected_code=code
    )
)


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Results published")


class SurveyPeriod(models.Model):
    """The survey of one assessment year (stage 1 of the schedule, October–November)."""

    # What a manager may change on a period (services.change_period) and what the
    # intake reads of it with the status.
    SETTINGS = (
        "opens_on",
        "closes_on",
        "burst_window_minutes",
        "burst_ip_limit",
        "burst_net_limit",
        "pattern_limit",
        "off_hours_grace_minutes",
        "rate_ip_limit",
        "rate_token_limit",
    )

    assessment_year = models.OneToOneField(
        AssessmentYear,
        verbose_name=_("assessment year"),
        on_delete=models.PROTECT,
        related_name="survey_period",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    opens_on = models.DateField(_("first day"))
    closes_on = models.DateField(_("last day"))
    # Integrity rules (flags) and hard limits; docs/surveys.md explains each.
    burst_window_minutes = models.PositiveSmallIntegerField(_("burst window (minutes)"), default=10)
    burst_ip_limit = models.PositiveSmallIntegerField(
        _("responses from one IP address in the window before flagging"), default=3
    )
    burst_net_limit = models.PositiveSmallIntegerField(
        _("responses from one /24 network in the window before flagging"), default=10
    )
    pattern_limit = models.PositiveSmallIntegerField(
        _("identical answer patterns at a unit within 24 hours before flagging"), default=5
    )
    off_hours_grace_minutes = models.PositiveSmallIntegerField(
        _("minutes around service hours still counted as inside"), default=60
    )
    rate_ip_limit = models.PositiveSmallIntegerField(
        _("most responses accepted from one IP address in the window"), default=30
    )
    rate_token_limit = models.PositiveIntegerField(
        _("most responses accepted through one code per minute"), default=60
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-assessment_year__year"]
        verbose_name = _("survey period")
        verbose_name_plural = _("survey periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_period_order"
            )
        ]

    def __str__(self) -> str:
        return str(self.assessment_year.year)

    @property
    def year(self) -> int:
        return self.assessment_year.year

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED


class PeriodSurvey(models.Model):
    """One questionnaire run in a period, and the scoring input its index feeds."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="surveys")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="period_surveys"
    )
    feeds = models.CharField(
        _("feeds the score"),
        max_length=32,
        blank=True,
        choices=[(feed, feed) for feed in FEEDS],
    )
    min_seconds = models.PositiveSmallIntegerField(_("fewest seconds to fill in"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["period", "order"]
        verbose_name = _("survey of a period")
        verbose_name_plural = _("surveys of a period")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "questionnaire"], name="period_survey_unique"
            ),
            models.UniqueConstraint(
                fields=["period", "feeds"], condition=~Q(feeds=""), name="period_feed_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.spec().short_title} {self.period}"

    def spec(self) -> QuestionnaireSpec:
        return self.questionnaire.spec()


class SurveyToken(models.Model):
    """The code behind a unit's QR for one survey; revoked when rotated or withdrawn."""

    survey = models.ForeignKey(PeriodSurvey, on_delete=models.CASCADE, related_name="tokens")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_tokens")
    token = models.CharField(_("code"), max_length=24, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["survey", "unit__path", "-created_at"]
        verbose_name = _("survey code")
        verbose_name_plural = _("survey codes")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "unit"],
                condition=Q(revoked_at__isnull=True),
                name="survey_token_one_active",
            ),
        ]

    def __str__(self) -> str:
        return self.token

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def default_opens_at() -> time:
    return time(8, 0)


def default_closes_at() -> time:
    return time(16, 0)


class ServiceProfile(models.Model):
    """A unit's yearly number of service users (for the sample size) and its service hours."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="profiles")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_profiles")
    service_users = models.PositiveIntegerField(_("service users per year"), null=True, blank=True)
    service_days = models.CharField(
        _("service days"), max_length=7, default="12345"
    )  # ISO weekdays, Monday = 1
    opens_at = models.TimeField(_("service opens at"), default=default_opens_at)
    closes_at = models.TimeField(_("service closes at"), default=default_closes_at)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service profile")
        verbose_name_plural = _("service profiles")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="service_profile_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="service_hours_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Counted")
    PENDING = "pending", _("Waiting for review")
    REJECTED = "rejected", _("Rejected")


class ResponseSource(models.TextChoices):
    ONLINE = "online", _("Online (QR code)")
    PAPER = "paper", _("Paper (manual survey)")


class PaperImport(models.Model):
    """One file of paper questionnaires typed in (Bab III B, letter g: manual survey)."""

    survey = models.ForeignKey(PeriodSurvey, on_delete=models.PROTECT, related_name="imports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_imports")
    filename = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("paper survey import")
        verbose_name_plural = _("paper survey imports")

    def __str__(self) -> str:
        return self.filename


class Response(models.Model):
    """One respondent's answers: append-only; only its review status ever changes.

    An online response comes through its code (`token`), a paper one through its import; the
    intake and the import take the survey and unit from there. The survey has no index of its
    own: the composite indexes below lead with it.
    """

    survey = models.ForeignKey(
        PeriodSurvey, on_delete=models.PROTECT, related_name="responses", db_index=False
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses")
    token = models.ForeignKey(
        SurveyToken, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    source = models.CharField(
        _("source"), max_length=8, choices=ResponseSource.choices, default=ResponseSource.ONLINE
    )
    status = models.CharField(_("status"), max_length=10, choices=ResponseStatus.choices)
    flags = models.PositiveIntegerField(_("flags"), default=0)  # integrity.Flag bits
    # The answers: 1..SCALE or NULL (unanswered), held by a CHECK per column (Meta).
    a01 = models.SmallIntegerField(null=True, blank=True)
    a02 = models.SmallIntegerField(null=True, blank=True)
    a03 = models.SmallIntegerField(null=True, blank=True)
    a04 = models.SmallIntegerField(null=True, blank=True)
    a05 = models.SmallIntegerField(null=True, blank=True)
    a06 = models.SmallIntegerField(null=True, blank=True)
    a07 = models.SmallIntegerField(null=True, blank=True)
    a08 = models.SmallIntegerField(null=True, blank=True)
    a09 = models.SmallIntegerField(null=True, blank=True)
    a10 = models.SmallIntegerField(null=True, blank=True)
    a11 = models.SmallIntegerField(null=True, blank=True)
    a12 = models.SmallIntegerField(null=True, blank=True)
    a13 = models.SmallIntegerField(null=True, blank=True)
    a14 = models.SmallIntegerField(null=True, blank=True)
    a15 = models.SmallIntegerField(null=True, blank=True)
    a16 = models.SmallIntegerField(null=True, blank=True)
    profile = models.JSONField(_("respondent profile"), default=dict, blank=True)
    check_answer = models.CharField(_("check question"), max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    duration_seconds = models.PositiveIntegerField(_("seconds to fill in"), null=True, blank=True)
    # The form's key. Not unique by itself: a form is stored under the device its ticket names,
    # so the one-per-device constraint keeps a form to one response (intake.FormTicket).
    idempotency_key = models.UUIDField(null=True, blank=True)
    # NULL, not "", for paper responses: they stay out of the one-per-device constraint.
    device_key = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001
    ip_hash = models.CharField(max_length=32, blank=True)
    net_hash = models.CharField(max_length=32, blank=True)
    pattern = models.BigIntegerField(_("answer pattern"))
    paper_import = models.ForeignKey(
        PaperImport, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    paper_row = models.PositiveIntegerField(null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    review_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (1, SCALE)}),
                    name=f"response_{name}_on_scale",
                )
                for name in ANSWER_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(token__isnull=False) | Q(paper_import__isnull=False),
                name="response_from_a_code_or_import",
            ),
            models.UniqueConstraint(
                fields=["survey", "unit", "device_key"],
                condition=Q(device_key__isnull=False),
                name="response_one_per_device",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values), name="response_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["ip_hash", "submitted_at"], name="response_ip_recent"),
            models.Index(fields=["net_hash", "submitted_at"], name="response_net_recent"),
            models.Index(
                fields=["survey", "unit", "pattern", "submitted_at"], name="response_pattern"
            ),
            # Only the responses waiting for review: a counted response never touches it.
            models.Index(
                fields=["survey", "submitted_at"],
                condition=Q(status="pending"),
                name="response_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.unit} {self.submitted_at:%Y-%m-%d %H:%M}"

    def answers(self, count: int) -> list[int | None]:
        return [getattr(self, name) for name in ANSWER_FIELDS[:count]]


class UnitTally(models.Model):
    """A unit's tallies of one survey: its responses by what became of them, and, for every
    element, how many counted responses answered it (nXX) and the sum of their answers (sXX).

    One row per unit and survey, so that a response moves one row (a short lock, one tuple
    version) however many elements the questionnaire has.
    """

    survey = models.ForeignKey(PeriodSurvey, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    received = models.IntegerField(default=0)  # every stored response
    flagged = models.IntegerField(default=0)  # with at least one flag
    pending = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)  # counted in the results
    rejected = models.IntegerField(default=0)
    paper = models.IntegerField(default=0)  # of `received`, typed in from paper
    n01 = models.IntegerField(default=0)
    n02 = models.IntegerField(default=0)
    n03 = models.IntegerField(default=0)
    n04 = models.IntegerField(default=0)
    n05 = models.IntegerField(default=0)
    n06 = models.IntegerField(default=0)
    n07 = models.IntegerField(default=0)
    n08 = models.IntegerField(default=0)
    n09 = models.IntegerField(default=0)
    n10 = models.IntegerField(default=0)
    n11 = models.IntegerField(default=0)
    n12 = models.IntegerField(default=0)
    n13 = models.IntegerField(default=0)
    n14 = models.IntegerField(default=0)
    n15 = models.IntegerField(default=0)
    n16 = models.IntegerField(default=0)
    s01 = models.IntegerField(default=0)
    s02 = models.IntegerField(default=0)
    s03 = models.IntegerField(default=0)
    s04 = models.IntegerField(default=0)
    s05 = models.IntegerField(default=0)
    s06 = models.IntegerField(default=0)
    s07 = models.IntegerField(default=0)
    s08 = models.IntegerField(default=0)
    s09 = models.IntegerField(default=0)
    s10 = models.IntegerField(default=0)
    s11 = models.IntegerField(default=0)
    s12 = models.IntegerField(default=0)
    s13 = models.IntegerField(default=0)
    s14 = models.IntegerField(default=0)
    s15 = models.IntegerField(default=0)
    s16 = models.IntegerField(default=0)
    # The code's rate limit (SurveyPeriod.rate_token_limit), kept on the row every online
    # response moves anyway: the online responses stored since `minute_started_at`, the start
    # of a fixed one-minute window that the first of them opened. Not a figure: a rebuild
    # starts it again.
    minute_started_at = models.DateTimeField(null=True, blank=True)
    minute_count = models.IntegerField(default=0)

    COUNTERS = ("received", "flagged", "pending", "accepted", "rejected", "paper")

    class Meta:
        verbose_name = _("unit tally")
        verbose_name_plural = _("unit tallies")
        constraints = [models.UniqueConstraint(fields=["survey", "unit"], name="unit_tally_unique")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.unit_id}: {self.accepted}/{self.received}"

    def sums(self, count: int) -> list[tuple[int, int]]:
        """(answered, sum) of the first `count` elements."""
        return [
            (getattr(self, COUNT_FIELDS[i]), getattr(self, SUM_FIELDS[i])) for i in range(count)
        ]
