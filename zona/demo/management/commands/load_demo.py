from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zona.accounts.demo import login_lines
from zona.demo.ministry import load_demo
from zona.organizations.models import Unit


class Command(BaseCommand):
    help = "Load the demo ministry (units, kawasan, one user per role) into an empty database."

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.exists():
            raise CommandError(
                _("The database already holds units: the demo loads only into an empty one.")
            )
        logins = load_demo()
        self.stdout.write(_("Demo ministry loaded: %(n)d units.") % {"n": Unit.objects.count()})
        self.stdout.write("")
        for line in login_lines(logins):
            self.stdout.write(line)
