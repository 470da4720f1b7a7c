from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "zona.compliance"
    verbose_name = _("Compliance (TLHP, LHKPN/LHKASN)")
