from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zona.instruments.services import InstrumentInUse, load_instrument_from_file
from zona.instruments.spec import DATA_DIR, InstrumentError


class Command(BaseCommand):
    help = "Validate instrument files and load them (all shipped ones by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="instrument .toml files")
        parser.add_argument(
            "--replace", action="store_true", help="replace an unused instrument whose file changed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = options["files"] or sorted(DATA_DIR.glob("*.toml"))
        failed = False
        for path in files:
            try:
                outcome = load_instrument_from_file(
                    actor=None, path=path, replace=options["replace"]
                )
            except InstrumentError as exc:
                failed = True
                self.stderr.write(_("%(file)s is not valid:") % {"file": path})
                for problem in exc.problems:
                    self.stderr.write(f"  - {problem}")
                continue
            except (InstrumentInUse, OSError) as exc:
                failed = True
                self.stderr.write(f"{path}: {exc}")
                continue
            if options["verbosity"] == 0:
                continue
            self.stdout.write(
                _("%(code)s: %(status)s (%(n)d questions)")
                % {"code": outcome.code, "status": outcome.status, "n": outcome.questions}
            )
        if failed:
            raise CommandError(_("Some instrument files were not loaded."))
