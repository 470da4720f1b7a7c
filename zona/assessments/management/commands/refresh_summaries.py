"""Rebuild every LKE's summary row (after an upgrade that adds or changes summaries)."""

from typing import Any

from django.core.management.base import BaseCommand

from zona.assessments.summary import refresh_all


class Command(BaseCommand):
    help = "Recompute the summary (scores, returns) of every LKE from its answers."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_all()
        self.stdout.write(f"{count} ringkasan LKE dihitung ulang.")
