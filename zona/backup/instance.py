"""What a backup reads from and a restore writes to: one database and one private file store."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _
from psycopg import sql

SQLITE, POSTGRESQL = "sqlite", "postgresql"
ENGINES = {"django.db.backends.sqlite3": SQLITE, "django.db.backends.postgresql": POSTGRESQL}

# Rows that `migrate` itself writes into a new database: an instance holding only these is empty.
MIGRATE_BOOKKEEPING = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}
)


@dataclass(frozen=True)
class Instance:
    engine: str  # SQLITE or POSTGRESQL
    database: dict[str, Any]  # a Django settings_dict: NAME, USER, PASSWORD, HOST, PORT
    files_root: Path | None  # the private store's folder; None when it lives in S3
    alias: str | None = None  # Django's connection to it, when this process has one

    @property
    def in_memory(self) -> bool:
        if self.alias is None or self.engine != SQLITE:
            return False
        name = str(connections[self.alias].settings_dict["NAME"])
        return name == ":memory:" or "mode=memory" in name  # as Django's own test

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database["NAME"])


class BackupError(Exception):
    """A backup or restore that cannot go on; str() is the operator's message."""


def current_instance(alias: str = "default") -> Instance:
    settings_dict = connections[alias].settings_dict
    engine = ENGINES.get(settings_dict["ENGINE"])
    if engine is None:
        raise BackupError(
            _("Unsupported database engine: %(engine)s") % {"engine": settings_dict["ENGINE"]}
        )
    private = settings.STORAGES["private"]
    local = private["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    root = Path(private.get("OPTIONS", {}).get("location") or settings.MEDIA_ROOT)
    return Instance(engine, dict(settings_dict), root if local else None, alias)


def postgres_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump, pg_restore and psycopg: no password on a command line."""
    env = {
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
    }
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return {key: value for key, value in env.items() if value}


def postgres_connect(database: dict[str, Any]) -> psycopg.Connection[Any]:
    env = postgres_environment(database)
    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
        sslmode=env.get("PGSSLMODE"),
    )


def sqlite_row_counts(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    # Read-only: checking an instance must not create its database file.
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        cursor = db.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return _count_each(cursor, [row[0] for row in cursor.fetchall()])


def postgres_row_counts(db: psycopg.Connection[Any]) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    counts = {}
    for name in names:
        query = sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(name))
        row = db.execute(query).fetchone()
        counts[name] = row[0] if row else 0
    return counts


def row_counts(instance: Instance) -> dict[str, int]:
    if instance.alias is not None and instance.in_memory:  # the tests' database
        connection = connections[instance.alias]
        with connection.cursor() as cursor:
            return _count_each(cursor, connection.introspection.table_names(cursor))
    if instance.engine == SQLITE:
        return sqlite_row_counts(instance.sqlite_path)
    with closing(postgres_connect(instance.database)) as db:
        return postgres_row_counts(db)


def _count_each(cursor: Any, names: list[str]) -> dict[str, int]:
    counts = {}
    for name in sorted(names):
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608 - names from the catalogue
        counts[name] = cursor.fetchone()[0]
    return counts


def tables_with_data(instance: Instance) -> list[str]:
    counts = row_counts(instance)
    return [name for name, n in counts.items() if n and name not in MIGRATE_BOOKKEEPING]


def folder_is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(os.scandir(folder))
