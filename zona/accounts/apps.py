from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zona.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from zona.accounts import security  # noqa: F401 - connects the security event receivers
