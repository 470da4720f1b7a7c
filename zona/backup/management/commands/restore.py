from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zona.backup.instance import BackupError, current_instance
from zona.backup.services import restore_backup


class Command(BaseCommand):
    help = "Restore an archive of `zona backup` into an empty instance (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by zona backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(options["file"], current_instance())
        except (BackupError, OSError) as exc:
            raise CommandError(
                _("Restore failed, nothing was changed: %(problem)s") % {"problem": exc}
            ) from exc
        manifest = result.manifest
        self.stdout.write(
            _(
                "Restored from %(file)s (made %(created)s): %(tables)d tables, %(rows)d rows, "
                "%(files)d files. Check it with zona audit-verify and zona files-verify."
            )
            % {
                "file": options["file"],
                "created": manifest["created_at"],
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": result.files_restored,
            }
        )
        if "files_not_included" in result.warnings:
            self.stderr.write(
                _(
                    "WARNING: this archive holds no files (they were kept in S3); restore "
                    "the bucket from the object store's own backup."
                )
            )
        if "counts_differ" in result.warnings:
            raise CommandError(
                _("The restored rows per table differ from the manifest; check the database.")
            )
