from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zona.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from zona.accounts import security  # noqa: F401 - connects the security event receivers

        # The unit tree (zona.organizations) sits below the accounts: it asks this app's rule
        # who sees which units, handed in here (docs/decisions.md, "Who sees which units").
        from zona.accounts.scoping import unit_scope_q
        from zona.organizations.models import use_unit_scope

        use_unit_scope(unit_scope_q)
