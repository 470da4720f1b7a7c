from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zona.backup.instance import BackupError, current_instance
from zona.backup.services import make_backup


class Command(BaseCommand):
    help = "Write the database, the private files and a manifest into one archive (.tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="the archive to write, e.g. zona-2026-01-31.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = make_backup(options["file"], current_instance())
        except (BackupError, OSError) as exc:
            raise CommandError(_("Backup failed: %(problem)s") % {"problem": exc}) from exc
        manifest = result.manifest
        self.stdout.write(
            _("Backup written to %(file)s: %(tables)d tables, %(rows)d rows, %(files)d files.")
            % {
                "file": options["file"],
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": manifest["files"]["count"],
            }
        )
        if not result.files_included:
            self.stderr.write(
                _(
                    "WARNING: the files are kept in S3 and are NOT in this archive; back up "
                    "the bucket with the object store's own versioning or replication."
                )
            )
