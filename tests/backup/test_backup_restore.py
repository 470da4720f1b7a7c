"""`zona backup` and `zona restore`: a round trip into a fresh instance, refusals, tampering."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.backup.conftest import Fresh, scratch_tables, source_row_counts
from zona.backup import database
from zona.backup.instance import BackupError, current_instance, row_counts
from zona.backup.services import make_backup, restore_backup

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite run tests this")
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL run tests this"
)


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def round_trip(populated: Path, fresh: Fresh, tmp_path: Path) -> None:
    archive = tmp_path / "zona.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    expected_counts = source_row_counts()

    restored = fresh.zona("restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert row_counts(fresh.instance) == expected_counts
    assert fresh.instance.files_root is not None
    assert file_hashes(fresh.instance.files_root) == file_hashes(populated)
    assert len(file_hashes(populated)) == 2
    audit = fresh.zona("audit-verify")
    assert audit.returncode == 0, audit.stderr
    files = fresh.zona("files-verify")
    assert files.returncode == 0, files.stderr


@on_sqlite
def test_round_trip_sqlite(populated: Path, fresh: Fresh, tmp_path: Path) -> None:
    round_trip(populated, fresh, tmp_path)


@on_postgres
def test_round_trip_postgresql(populated: Path, fresh: Fresh, tmp_path: Path) -> None:
    round_trip(populated, fresh, tmp_path)


def test_archive_is_private_with_the_manifest_first(populated: Path, tmp_path: Path) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        for member in manifest["members"]:
            data = tar.extractfile(member["name"]).read()  # type: ignore[union-attr]
            assert hashlib.sha256(data).hexdigest() == member["sha256"]
            assert len(data) == member["size"]
    assert names[0] == "manifest.json"
    assert sorted(names[1:]) == sorted(m["name"] for m in manifest["members"])
    assert manifest["database"]["engine"] == current_instance().engine
    assert manifest["zona_version"]
    assert manifest["created_at"]
    assert manifest["tables"] == source_row_counts()
    assert manifest["files"] == {"included": True, "storage": "local", "count": 2}


def test_backup_never_overwrites(populated: Path, tmp_path: Path) -> None:
    archive = tmp_path / "zona.tar.gz"
    archive.write_bytes(b"earlier backup")

    with pytest.raises(CommandError, match="sudah ada"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"earlier backup"


def tamper(archive: Path, member_prefix: str) -> Path:
    """Change one byte of the first member whose name starts with member_prefix."""
    raw = bytearray(gzip.decompress(archive.read_bytes()))
    with tarfile.open(fileobj=io.BytesIO(bytes(raw))) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(member_prefix))
    raw[member.offset_data + member.size // 2] ^= 0x01
    tampered = archive.with_name("tampered.tar.gz")
    tampered.write_bytes(gzip.compress(bytes(raw)))
    return tampered


@pytest.mark.parametrize("member", ["files/", "database/"])
def test_a_tampered_archive_is_refused_and_nothing_written(
    populated: Path, fresh: Fresh, tmp_path: Path, member: str
) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())
    tampered = tamper(archive, member)

    with pytest.raises(BackupError, match=member):
        restore_backup(tampered, fresh.instance)

    assert fresh.instance.files_root is not None
    assert not fresh.instance.files_root.exists()
    assert not Path(fresh.instance.database["NAME"]).exists() or connection.vendor != "sqlite"
    assert scratch_tables(fresh.instance) == []
    assert [p.name for p in fresh.instance.files_root.parent.glob(".zona-restore-*")] == []


def test_the_command_refuses_a_tampered_archive(
    populated: Path, fresh: Fresh, tmp_path: Path
) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())

    result = fresh.zona("restore", str(tamper(archive, "files/")))

    assert result.returncode != 0
    assert "tidak cocok" in result.stderr
    assert "files/" in result.stderr


def test_restore_into_a_database_with_data_is_refused(populated: Path, tmp_path: Path) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())
    before = source_row_counts()

    with pytest.raises(CommandError, match="sudah berisi data"):
        call_command("restore", str(archive))
    assert source_row_counts() == before


def test_restore_into_a_file_folder_with_files_is_refused(
    populated: Path, fresh: Fresh, tmp_path: Path
) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())
    assert fresh.instance.files_root is not None
    fresh.instance.files_root.mkdir(parents=True)
    (fresh.instance.files_root / "left-over.pdf").write_bytes(b"%PDF-")

    with pytest.raises(BackupError, match="tidak kosong"):
        restore_backup(archive, fresh.instance)
    assert scratch_tables(fresh.instance) == []
    assert [p.name for p in fresh.instance.files_root.iterdir()] == ["left-over.pdf"]


def test_a_failing_database_restore_takes_the_files_back(
    populated: Path, fresh: Fresh, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())

    def fail(*args: object) -> None:
        raise BackupError("pg_restore gagal")

    monkeypatch.setattr(database, "restore_database", fail)
    with pytest.raises(BackupError, match="pg_restore gagal"):
        restore_backup(archive, fresh.instance)
    assert fresh.instance.files_root is not None
    assert not fresh.instance.files_root.exists()


def test_with_files_in_s3_the_archive_says_they_are_not_included(
    transactional_db: None, tmp_path: Path, settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {}},
    }
    archive = tmp_path / "zona.tar.gz"
    err = io.StringIO()

    call_command("backup", str(archive), stdout=io.StringIO(), stderr=err)

    assert "TIDAK ada dalam arsip" in err.getvalue()
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        assert not [name for name in tar.getnames() if name.startswith("files/")]
    assert manifest["files"] == {"included": False, "storage": "s3", "count": 0}


def test_a_truncated_archive_is_refused_and_nothing_written(
    populated: Path, fresh: Fresh, tmp_path: Path
) -> None:
    archive = tmp_path / "zona.tar.gz"
    make_backup(archive, current_instance())
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    with pytest.raises(BackupError, match="rusak atau tidak lengkap"):
        restore_backup(truncated, fresh.instance)
    assert fresh.instance.files_root is not None
    assert not fresh.instance.files_root.exists()
    assert scratch_tables(fresh.instance) == []
