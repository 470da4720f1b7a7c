from django import forms
from django.utils.translation import gettext_lazy as _

from zona.core.widgets import DayMonthYearInput


class AnswerForm(forms.Form):
    value = forms.CharField(label=_("Answer"), required=False, max_length=32)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea)
    value = forms.CharField(label=_("Your answer"), required=False, max_length=32)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    answer_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    attest = forms.BooleanField(
        label=_("I attest that the answers and the evidence of this LKE are true and complete."),
        required=False,
    )


class FinishReviewForm(forms.Form):
    due_on = forms.DateField(
        label=_("Corrections due by"),
        required=False,
        widget=DayMonthYearInput(),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea)
    manual = forms.BooleanField(label=_("Record a manual (offline) verification"), required=False)
    berita_acara = forms.FileField(label=_("Scanned berita acara (PDF)"), required=False)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("or a link"), required=False, max_length=500, assume_scheme="https"
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Give either a file or a link."))
        return data
