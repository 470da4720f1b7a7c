"""Dumping and restoring the database: SQLite's online backup API, or pg_dump/pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _
from psycopg import IsolationLevel

from zona.backup.instance import (
    POSTGRESQL,
    BackupError,
    Instance,
    postgres_connect,
    postgres_environment,
    postgres_row_counts,
    sqlite_row_counts,
)

DUMP_NAMES = {"sqlite": "database/zona.sqlite3", POSTGRESQL: "database/zona.pgdump"}
DUMP_FORMATS = {"sqlite": "sqlite3", POSTGRESQL: "pg_dump-custom"}


def dump_database(instance: Instance, target: Path, alias: str = "default") -> dict[str, int]:
    """Write a consistent copy of the database to target; return its rows per table."""
    if instance.engine == POSTGRESQL:
        return _dump_postgres(instance, target)
    return _dump_sqlite(target, alias)


def _dump_sqlite(target: Path, alias: str) -> dict[str, int]:
    # Through Django's own connection, so that an in-memory test database works too. The
    # online backup copies a snapshot page by page while others keep writing.
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    with closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return sqlite_row_counts(target)


def _dump_postgres(instance: Instance, target: Path) -> dict[str, int]:
    # The counts and pg_dump read the same exported snapshot, so the manifest describes
    # exactly the rows in the dump even while the application keeps writing.
    with closing(postgres_connect(instance.database)) as db:
        db.isolation_level = IsolationLevel.REPEATABLE_READ
        db.read_only = True
        row = db.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        counts = postgres_row_counts(db)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={row[0]}", f"--file={target}"],
            instance,
            "pg_dump",
        )
        db.rollback()
    return counts


def check_sqlite_dump(staged: Path, expected_counts: dict[str, int]) -> None:
    try:
        with closing(sqlite3.connect(f"{staged.resolve().as_uri()}?mode=ro", uri=True)) as db:
            row = db.execute("PRAGMA integrity_check").fetchone()
        problem = "" if row and row[0] == "ok" else str(row[0] if row else "?")
        counts = sqlite_row_counts(staged) if not problem else {}
    except sqlite3.DatabaseError as exc:
        problem, counts = str(exc), {}
    if problem:
        raise BackupError(
            _("The database file in the archive is damaged: %(problem)s") % {"problem": problem}
        )
    if counts != expected_counts:
        raise BackupError(_("The database file's rows per table differ from the manifest."))


def check_postgres_dump(staged: Path, instance: Instance) -> None:
    _run(["pg_restore", "--list", str(staged)], instance, "pg_restore --list")


def restore_database(instance: Instance, staged: Path) -> None:
    """Put the staged dump in place; on failure the database is as it was."""
    if instance.engine == POSTGRESQL:
        # One transaction: an error leaves the database untouched. --clean drops the empty
        # tables `migrate` may already have made.
        _run(
            [
                "pg_restore",
                "--single-transaction",
                "--exit-on-error",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                f"--dbname={instance.database['NAME']}",
                str(staged),
            ],
            instance,
            "pg_restore",
        )
        return
    target = instance.sqlite_path
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".zona-restore-")
    try:
        with os.fdopen(handle, "wb") as out, staged.open("rb") as source:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        # The journal files of the empty database it replaces would be applied to ours.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _run(argv: list[str], instance: Instance, what: str) -> None:
    env = {**os.environ, **postgres_environment(instance.database)}
    try:
        result = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
            argv, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(what)s: program not found (%(program)s)") % {"what": what, "program": exc.filename}
        ) from exc
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s failed: %(error)s") % {"what": what, "error": result.stderr.strip()[-2000:]}
        )
