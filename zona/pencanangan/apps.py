from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PencananganConfig(AppConfig):
    name = "zona.pencanangan"
    verbose_name = _("Declaration and integrity pacts")
