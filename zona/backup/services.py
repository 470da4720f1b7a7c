"""`zona backup` and `zona restore`: the whole instance into one archive and back."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import psycopg
from django.utils.translation import gettext as _

from zona.backup import database
from zona.backup.archive import (
    FORMAT,
    FORMAT_VERSION,
    Member,
    describe,
    extract_verified,
    open_archive,
    read_manifest,
    write_archive,
)
from zona.backup.instance import (
    POSTGRESQL,
    BackupError,
    Instance,
    folder_is_empty,
    row_counts,
    tables_with_data,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
FILES_PREFIX = "files/"


@dataclass
class BackupResult:
    manifest: dict[str, Any]
    files_included: bool


def make_backup(path: Path, instance: Instance, alias: str = "default") -> BackupResult:
    path = path.absolute()
    if path.exists():
        raise BackupError(
            _("%(file)s already exists; a backup never overwrites another.") % {"file": path}
        )
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".zona-backup-") as work:
        dump = Path(work) / "database.dump"
        # The database first, then the files: a row in the dump was committed after its
        # file was written, so every file the dump refers to is already in the store.
        counts = database.dump_database(instance, dump, alias)
        members = [describe(database.DUMP_NAMES[instance.engine], dump)]
        members += _file_members(instance.files_root)
        manifest = _manifest(instance, counts, members)
        write_archive(path, manifest, members)
    return BackupResult(manifest, instance.files_root is not None)


def _file_members(root: Path | None) -> list[Member]:
    if root is None or not root.exists():
        return []
    members = []
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            source = Path(folder) / name
            if source.is_symlink() or not source.is_file():
                continue
            relative = source.relative_to(root).as_posix()
            members.append(describe(FILES_PREFIX + relative, source))
    return sorted(members, key=lambda member: member.name)


def _manifest(instance: Instance, counts: dict[str, int], members: list[Member]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "zona_version": _version(),
        "zona_commit": _commit(),
        "database": {
            "engine": instance.engine,
            "member": database.DUMP_NAMES[instance.engine],
            "format": database.DUMP_FORMATS[instance.engine],
        },
        "files": {
            "included": instance.files_root is not None,
            "storage": "local" if instance.files_root is not None else "s3",
            "count": len(members) - 1,
        },
        "tables": counts,
        "members": [{"name": m.name, "size": m.size, "sha256": m.sha256} for m in members],
    }


def _version() -> str | None:
    try:
        return metadata.version("zona")
    except metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    if not (PROJECT_DIR / ".git").exists():
        return None
    try:
        result = subprocess.run(  # noqa: S603 - fixed program and arguments
            ["git", "-C", str(PROJECT_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    files_restored: int
    warnings: list[str] = field(default_factory=list)


def restore_backup(path: Path, instance: Instance) -> RestoreResult:
    """Restore into an empty instance. Every member is verified before anything is written;
    any failure leaves the instance as it was."""
    refuse_unless_empty(instance)
    staging = Path(tempfile.mkdtemp(dir=_staging_parent(instance), prefix=".zona-restore-"))
    try:
        with open_archive(path) as tar:
            manifest = _verified_into(tar, staging, instance)
        staged_db = staging / manifest["database"]["member"]
        if instance.engine == POSTGRESQL:
            database.check_postgres_dump(staged_db, instance)
        else:
            database.check_sqlite_dump(staged_db, manifest["tables"])
        root_existed = instance.files_root is not None and instance.files_root.exists()
        files = _put_files_in_place(staging, instance)
        try:
            database.restore_database(instance, staged_db)
        except BaseException:
            _remove_files(instance, root_existed)
            raise
        result = RestoreResult(manifest, files)
        if not manifest["files"]["included"]:
            result.warnings.append("files_not_included")
        if row_counts(instance) != manifest["tables"]:
            result.warnings.append("counts_differ")
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def refuse_unless_empty(instance: Instance) -> None:
    try:
        filled = tables_with_data(instance)
    except psycopg.Error as exc:
        raise BackupError(
            _("Cannot connect to the PostgreSQL database %(name)s (create it first): %(error)s")
            % {"name": instance.database["NAME"], "error": exc}
        ) from exc
    if filled:
        raise BackupError(
            _(
                "The database already holds data (tables %(tables)s); "
                "restore only into an empty instance."
            )
            % {"tables": ", ".join(filled[:10]) + (" …" if len(filled) > 10 else "")}
        )
    if instance.in_memory:
        raise BackupError(_("Zona cannot restore into an in-memory database."))
    if instance.files_root is not None and not folder_is_empty(instance.files_root):
        raise BackupError(
            _("The file folder %(folder)s is not empty; restore only into an empty instance.")
            % {"folder": instance.files_root}
        )


def _staging_parent(instance: Instance) -> Path:
    # Beside the file store, so that moving the files into place is one rename.
    parent = (
        instance.files_root.absolute().parent
        if instance.files_root is not None
        else Path(tempfile.gettempdir())
    )
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _verified_into(tar: tarfile.TarFile, staging: Path, instance: Instance) -> dict[str, Any]:
    try:
        manifest = read_manifest(tar)
        engine = manifest["database"]["engine"]
        if engine != instance.engine:
            raise BackupError(
                _("The archive holds a %(engine)s database; this instance uses %(ours)s.")
                % {"engine": engine, "ours": instance.engine}
            )
        if manifest["files"]["included"] and instance.files_root is None:
            raise BackupError(
                _(
                    "The archive holds files but this instance keeps its files in S3; "
                    "restore into an instance with a local file folder."
                )
            )
        extract_verified(tar, manifest, staging)
    except (tarfile.TarError, zlib.error, EOFError, KeyError, TypeError) as exc:
        raise BackupError(
            _("The archive is damaged or incomplete: %(error)r") % {"error": exc}
        ) from exc
    return manifest


def _put_files_in_place(staging: Path, instance: Instance) -> int:
    staged = staging / FILES_PREFIX.rstrip("/")
    root = instance.files_root
    if root is None or not staged.exists():
        return 0
    count = sum(len(names) for _folder, _dirs, names in os.walk(staged))
    if root.exists():
        root.rmdir()  # empty, as refuse_unless_empty checked
    staged.rename(root)
    return count


def _remove_files(instance: Instance, root_existed: bool) -> None:
    root = instance.files_root
    if root is not None and root.exists():
        shutil.rmtree(root)
        if root_existed:
            root.mkdir()
