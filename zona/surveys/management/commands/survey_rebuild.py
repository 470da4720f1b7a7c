"""`zona survey-rebuild`: recompute the survey tallies from the raw responses.

Without options every period is rebuilt and the stored tallies replaced; the command reports
each difference it found between the incrementally kept figures and the raw rows (there
should be none). `--check` only compares and exits with status 1 on any difference.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zona.surveys.models import PeriodSurvey
from zona.surveys.tallies import rebuild


class Command(BaseCommand):
    help = "Recompute the survey tallies from the raw responses (or compare them with --check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="only the survey of this assessment year")
        parser.add_argument(
            "--check", action="store_true", help="compare only; exit 1 on any difference"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        surveys = PeriodSurvey.objects.select_related("questionnaire", "period__assessment_year")
        if options["year"]:
            surveys = surveys.filter(period__assessment_year__year=options["year"])
            if not surveys.exists():
                raise CommandError(_("No survey for %(year)d.") % {"year": options["year"]})
        report = rebuild(list(surveys), write=not options["check"])
        for line in report.differences:
            self.stderr.write(line)
        self.stdout.write(
            _(
                "%(surveys)d surveys: %(rows)d tallies from the raw responses; "
                "%(differences)d differences."
            )
            % {
                "surveys": report.surveys,
                "rows": report.rows,
                "differences": len(report.differences),
            }
        )
        if options["check"] and report.differences:
            raise CommandError(_("The stored tallies differ from the raw responses."), returncode=1)
