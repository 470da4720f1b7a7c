from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zona.organizations.models import UnitKind, UptType

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )
    upt_type = forms.ChoiceField(
        label=_("UPT type"), required=False, choices=[("", _("All UPT types")), *UptType.choices]
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    @property
    def max_rows(self) -> int:
        return int(settings.IMPORT_MAX_ROWS)
