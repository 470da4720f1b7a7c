from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.cycles.reminders import deadline_reminders_task


class Command(BaseCommand):
    help = "Queue today's deadline reminders (run daily; repeated runs send nothing twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate().isoformat()
        result = deadline_reminders_task.enqueue(today)
        self.stdout.write(
            _("Reminders for %(date)s queued (%(id)s).") % {"date": today, "id": result.id}
        )
