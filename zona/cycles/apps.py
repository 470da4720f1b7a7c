from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "zona.cycles"
    verbose_name = _("Assessment years")
