from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zona.cycles.models import AssessmentYear
from zona.organizations.models import UnitKind
from zona.surveys.models import PeriodSurvey, SurveyPeriod
from zona.surveys.results import Prescreen
from zona.surveys.services import ACCEPT, PERIOD_SETTINGS, REJECT
from zona.surveys.spec import available_questionnaires, load_questionnaire

WEEKDAYS = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


def _questionnaire_choices() -> list[tuple[str, str]]:
    return [(code, load_questionnaire(code).title) for code in available_questionnaires()]


class OpenPeriodForm(forms.Form):
    assessment_year = forms.ModelChoiceField(
        label=_("Assessment year"), queryset=AssessmentYear.objects.none(), empty_label=None
    )
    questionnaires = forms.MultipleChoiceField(
        label=_("Questionnaires"), widget=forms.CheckboxSelectMultiple
    )
    service_from = forms.ChoiceField(label=_("Service-quality score from"))
    opens_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessment_year"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AssessmentYear.objects.filter(survey_period__isnull=True).order_by("-year")
        choices = _questionnaire_choices()
        questionnaires = self.fields["questionnaires"]
        assert isinstance(questionnaires, forms.MultipleChoiceField)
        questionnaires.choices = choices
        questionnaires.initial = [code for code, _ in choices]
        service = self.fields["service_from"]
        assert isinstance(service, forms.ChoiceField)
        service.choices = [
            (code, title)
            for code, title in choices
            if load_questionnaire(code).kind == "ikm" or load_questionnaire(code).feeds == ""
        ]
        service.initial = "ikm"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The survey must end on or after its first day."))
        chosen = data.get("questionnaires") or []
        if data.get("service_from") and data["service_from"] not in chosen:
            self.add_error("service_from", _("Choose a questionnaire that the period runs."))
        return data


class PeriodSettingsForm(forms.ModelForm):
    class Meta:
        model = SurveyPeriod
        fields = list(PERIOD_SETTINGS)
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, surveys: list[PeriodSurvey], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.surveys = surveys
        for survey in surveys:
            self.fields[f"min_seconds_{survey.pk}"] = forms.IntegerField(
                label=_("Fewest seconds to fill in: %(survey)s")
                % {"survey": survey.spec().short_title},
                min_value=0,
                max_value=3600,
                initial=survey.min_seconds,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The survey must end on or after its first day."))
        return data

    def _post_clean(self) -> None:
        pass  # the service saves through change_period (audited); no model validation here


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", "open"), ("closed", "closed"), ("published", "published")]
    )


class ServiceProfileForm(forms.Form):
    service_users = forms.IntegerField(
        label=_("Service users per year"),
        min_value=0,
        max_value=100_000_000,
        required=False,
        help_text=_(
            "The number of people served in a year; it sets the minimum number of respondents."
        ),
    )
    service_days = forms.MultipleChoiceField(
        label=_("Service days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    opens_at = forms.TimeField(
        label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes_at = forms.TimeField(
        label=_("Closes at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Service must close after it opens."))
        return data


class ReviewForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (REJECT, _("Reject"))])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in ids]
        field.error_messages["required"] = _("Select at least one response.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejecting."))
        return data


class ReviewFilterForm(forms.Form):
    survey = forms.TypedChoiceField(label=_("Survey"), coerce=int, required=False, empty_value=None)
    flag = forms.TypedChoiceField(label=_("Flag"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("Unit"), required=False, max_length=100)


class PaperImportForm(forms.Form):
    survey = forms.TypedChoiceField(label=_("Survey"), coerce=int)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args: Any, surveys: list[PeriodSurvey], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["survey"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.pk, s.spec().short_title) for s in surveys]


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, code or province"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("All kinds")),
            *[(k.value, k.label) for k in UnitKind if k != UnitKind.KEMENTERIAN],
        ],
    )
    outcome = forms.ChoiceField(
        label=_("Pre-screen"),
        required=False,
        choices=[
            ("", _("All outcomes")),
            (Prescreen.PROPOSED.value, _("Proposed for strengthening")),
            (Prescreen.COACHING.value, _("Coaching")),
            (Prescreen.NOT_ASSESSED.value, _("Not assessed")),
        ],
    )
