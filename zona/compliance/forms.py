from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from zona.compliance.models import (
    Finding,
    FindingSource,
    FindingStatus,
    Obligation,
    ReportStatus,
    ReviewDecision,
    WealthReport,
)
from zona.compliance.services import (
    DOCUMENT_KINDS,
    EVIDENCE_KINDS,
    MAX_FILES_PER_FOLLOW_UP,
    check_report_date,
)
from zona.core.widgets import DayMonthYearInput
from zona.files.models import EXTENSIONS, FileKind
from zona.instruments.spec import MinistryScaleSpec
from zona.organizations.models import UnitKind


def accept(kinds: frozenset[str]) -> str:
    """The `accept` attribute of a file input: the extensions of the kinds (and .jpeg)."""
    extensions = sorted(EXTENSIONS[FileKind(kind)] for kind in kinds)
    if FileKind.JPEG in kinds:
        extensions.append(".jpeg")
    return ",".join(extensions)


def kinds_label(kinds: frozenset[str]) -> str:
    return ", ".join(str(label) for value, label in FileKind.choices if value in kinds)


def size_limit() -> str:
    return filesizeformat(settings.MAX_UPLOAD_BYTES)


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = (
            "source",
            "report_number",
            "report_date",
            "number",
            "finding",
            "recommendation",
            "due_date",
        )
        widgets = {
            "report_date": DayMonthYearInput(),
            "due_date": DayMonthYearInput(),
            "finding": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "number": _("As numbered in the report, e.g. 1.2."),
            "due_date": _("When the recommendation must be carried out."),
        }

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service, which knows the unit and the year."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept(EVIDENCE_KINDS)}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=_("Describe the follow-up in line with the recommendation."),
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "%(kinds)s; at most %(count)d files, %(size)s together."
        ) % {
            "kinds": kinds_label(EVIDENCE_KINDS),
            "size": size_limit(),
            "count": MAX_FILES_PER_FOLLOW_UP,
        }

    def clean_evidence(self) -> list[Any]:
        files = self.cleaned_data["evidence"]
        if len(files) > MAX_FILES_PER_FOLLOW_UP:
            raise forms.ValidationError(
                _("At most %(max)d files per follow-up.") % {"max": MAX_FILES_PER_FOLLOW_UP}
            )
        if sum(f.size or 0 for f in files) > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The files together are larger than %(size)s; send some of them with a second "
                    "follow-up."
                )
                % {"size": size_limit()}
            )
        return files


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        help_text=_("Required when returning, declaring not applicable or reopening."),
    )

    def __init__(self, *args: Any, decisions: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            field = self.fields["decision"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(d, ReviewDecision(d).label) for d in decisions]


class FindingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *FindingStatus.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All sources")), *FindingSource.choices]
    )


class WealthFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    obligation = forms.ChoiceField(
        label=_("Obligation"),
        required=False,
        choices=[("", _("LHKPN and LHKASN")), *Obligation.choices],
    )
    status = forms.ChoiceField(
        label=_("Report status"),
        required=False,
        choices=[("", _("All")), *ReportStatus.choices],
    )


class WealthStatusForm(forms.ModelForm):
    class Meta:
        model = WealthReport
        fields = ("status", "report_date")
        widgets = {"report_date": DayMonthYearInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = check_report_date(data.get("status", ""), data.get("report_date"))
        for field, message in problems.items():
            self.add_error(field, message)
        return data


class OverviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All kinds")),
            *[(k.value, k.label) for k in (UnitKind.ESELON_I, UnitKind.KANWIL, UnitKind.UPT)],
        ],
    )
    attention = forms.BooleanField(label=_("Only units with something outstanding"), required=False)


class MinistryGradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"))
    reference = forms.CharField(
        label=_("Source document"),
        max_length=300,
        help_text=_("E.g. LHP BPK No. 12/LHP/XV/05/2026 on the 2025 financial statements."),
    )
    document = forms.FileField(
        label=_("Document file"),
        widget=forms.ClearableFileInput(attrs={"accept": accept(DOCUMENT_KINDS)}),
    )

    def __init__(self, *args: Any, scale: MinistryScaleSpec, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", scale.key)
        super().__init__(*args, **kwargs)
        self.scale = scale
        field = self.fields["grade"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *[(g, g) for g in scale.order]]
        self.fields["document"].help_text = _("%(kinds)s; at most %(size)s.") % {
            "kinds": kinds_label(DOCUMENT_KINDS),
            "size": size_limit(),
        }
