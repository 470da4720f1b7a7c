from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zona.files.verify import verify_files


class Command(BaseCommand):
    help = "Re-hash every stored file; report files missing from storage or altered."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_files()
        for problem in result.problems:
            self.stderr.write(problem.describe())
        if result.ok:
            self.stdout.write(
                _("All %(n)d stored files match their SHA-256.") % {"n": result.checked}
            )
            return
        raise CommandError(
            _("%(bad)d of %(n)d stored files are missing or altered: %(names)s")
            % {
                "bad": len(result.problems),
                "n": result.checked,
                "names": ", ".join(p.stored.storage_name for p in result.problems),
            }
        )
