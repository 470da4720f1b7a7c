"""`zona ikm FILE`: the IKM of a CSV of paper answers (no database; see zona/surveys/ikmcalc.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zona.surveys.ikmcalc import MESSAGES, main


class Command(BaseCommand):
    help = "IKM (PermenPANRB 14/2017) of a CSV with columns U1…U9, one row per respondent."
    requires_system_checks: list[str] = []  # a calculator: no database, no checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file, or - for standard input")
        parser.add_argument("--lang", choices=sorted(MESSAGES), default="id")

    def handle(self, *args: Any, **options: Any) -> None:
        status = main([options["file"], "--lang", options["lang"]], self.stdout, self.stderr)
        if status:
            raise SystemExit(status)
