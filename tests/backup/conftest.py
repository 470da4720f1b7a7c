"""A populated instance to back up, and a fresh empty one of the same engine to restore into."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from psycopg import sql

from tests.conftest import build_ministry
from tests.files import samples
from zona.backup.instance import POSTGRESQL, SQLITE, Instance, postgres_connect
from zona.files.services import store_bytes

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
_scratch_numbers = itertools.count()


@pytest.fixture
def source_files(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "source" / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


@pytest.fixture
def populated(source_files: Path, transactional_db: None) -> Path:
    """Committed data (pg_dump sees only committed rows): units, users, files, audit events."""
    ministry = build_ministry()
    admin = ministry.users["admin"]
    store_bytes(actor=admin, data=samples.PDF, name="laporan.pdf")
    store_bytes(actor=admin, data=samples.JPEG, name="foto.jpg")
    return source_files


def source_row_counts() -> dict[str, int]:
    tables = [name for name in connection.introspection.table_names() if name != "sqlite_sequence"]
    with connection.cursor() as cursor:
        counts = {}
        for name in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


@dataclass(frozen=True)
class Fresh:
    instance: Instance
    env: dict[str, str]  # the environment of `zona …` run against this instance

    def zona(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "zona.cli", *args],
            env=self.env,
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Fresh]:
    """An empty instance: a new SQLite file, or a scratch database on the test's server."""
    var = tmp_path / "fresh"
    files_root = var / "private"
    env = {
        **os.environ,
        "ZONA_SECRET_KEY": "test-only-secret-key",
        "ZONA_VAR_DIR": str(var),
        "ZONA_PRIVATE_MEDIA_ROOT": str(files_root),
    }
    env.pop("ZONA_TEST_DB_NAME", None)
    if connection.vendor == "sqlite":
        path = var / "zona.sqlite3"
        instance = Instance(SQLITE, {"NAME": str(path)}, files_root)
        yield Fresh(instance, {**env, "DATABASE_URL": f"sqlite:///{path}"})
        return
    server = dict(connection.settings_dict)
    name = f"zona_restore_{os.getpid()}_{next(_scratch_numbers)}"
    with closing(postgres_connect({**server, "NAME": "postgres"})) as admin:
        admin.autocommit = True
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database = {**server, "NAME": name}
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database)
    try:
        yield Fresh(Instance(POSTGRESQL, database, files_root), {**env, "DATABASE_URL": url})
    finally:
        with closing(postgres_connect({**server, "NAME": "postgres"})) as admin:
            admin.autocommit = True
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def scratch_tables(instance: Instance) -> list[str]:
    if instance.engine == SQLITE:
        return []
    with closing(postgres_connect(instance.database)) as db:
        return [
            row[0]
            for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
