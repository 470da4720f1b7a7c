"""An LKE instrument as loaded from its file: the rows that answers and evidence point at.

The file (`data/<code>.toml`, read by `spec.py`) is the source; these rows mirror it so that
answers can refer to a question by key, and the file's SHA-256 is kept so a loaded
instrument is never silently changed under the answers given to it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zona.core.parsed import ParsedFiles
from zona.instruments.spec import InstrumentSpec, parse_instrument


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=300)
    regulation = models.CharField(_("regulation"), max_length=300, blank=True)
    source_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    source_text = models.TextField(_("file as loaded"))
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.title

    def spec(self) -> InstrumentSpec:
        """The instrument exactly as loaded (not the file as it is now), for scoring."""
        return _PARSED.get(self.code, self.source_sha256, lambda: self.source_text)


_PARSED = ParsedFiles(
    lambda code, sha256, text: parse_instrument(
        text, source=f"{code}@{sha256[:12]}", expected_code=code
    )
)


class Area(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="areas")
    key = models.CharField(_("key"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    component = models.CharField(_("leverage component"), max_length=64)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="instrument_area_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=300)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4)
    weight_inferred = models.BooleanField(_("inferred weight"), default=False)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["area__order", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Question(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=32)
    text = models.TextField(_("question"))
    answer_type = models.CharField(_("answer type"), max_length=32)
    options = models.JSONField(_("options"), default=list)  # [{"label", "value", "criterion"}]
    evidence = models.TextField(_("expected evidence"), blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="instrument_question_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"
