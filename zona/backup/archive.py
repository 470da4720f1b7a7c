"""The archive: a gzip tar whose first member is manifest.json, each member streamed."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

from zona.backup.instance import BackupError

MANIFEST_NAME = "manifest.json"
FORMAT = "zona-backup"
FORMAT_VERSION = 1
MANIFEST_MAX_BYTES = 64 * 2**20
CHUNK = 1 << 20


@dataclass(frozen=True)
class Member:
    name: str  # path inside the archive
    source: Path  # where its bytes are on this machine
    size: int
    sha256: str


def hash_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def describe(name: str, source: Path) -> Member:
    sha256, size = hash_file(source)
    return Member(name, source, size, sha256)


class _HashingReader:
    """Hashes what tarfile reads, so that a file changed after it was listed is noticed."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.digest = source, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


def write_archive(path: Path, manifest: dict[str, Any], members: list[Member]) -> None:
    """Write the archive beside path and move it there when complete; owner-only (0600)."""
    temporary = path.with_name(f".{path.name}.partial")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                tar.addfile(_info(MANIFEST_NAME, len(data)), io.BytesIO(data))
                for member in members:
                    _add(tar, member)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, 0o600)  # whatever the umask
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _add(tar: tarfile.TarFile, member: Member) -> None:
    with member.source.open("rb") as source:
        reader = _HashingReader(source)
        tar.addfile(_info(member.name, member.size), reader)  # type: ignore[arg-type]
    if reader.digest.hexdigest() != member.sha256:
        raise BackupError(
            _("%(file)s changed while the backup was written.") % {"file": member.source}
        )


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(time.time())
    return info


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    first = tar.next()
    if first is None or first.name != MANIFEST_NAME or not first.isfile():
        raise BackupError(_("This is not a Zona backup: manifest.json is not its first member."))
    if first.size > MANIFEST_MAX_BYTES:
        raise BackupError(_("The manifest is too large."))
    stream = tar.extractfile(first)
    assert stream is not None
    try:
        manifest = json.loads(stream.read())
    except ValueError as exc:
        raise BackupError(_("The manifest is not valid JSON: %(error)s") % {"error": exc}) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This is not a Zona backup: the manifest's format is unknown."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("Backup format version %(version)s is not supported.")
            % {"version": manifest.get("format_version")}
        )
    _check_member_names(manifest)
    return manifest


def _check_member_names(manifest: dict[str, Any]) -> None:
    names = [member.get("name", "") for member in manifest.get("members", [])]
    if len(set(names)) != len(names):
        raise BackupError(_("The manifest names a member twice."))
    if manifest.get("database", {}).get("member") not in names:
        raise BackupError(_("The manifest does not list the database."))
    for name in names:
        if not is_safe_name(name):
            raise BackupError(_("The manifest names an unsafe path: %(name)r") % {"name": name})


def is_safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in {"", ".", ".."} for part in path.parts)


def extract_verified(tar: tarfile.TarFile, manifest: dict[str, Any], staging: Path) -> None:
    """Stream every member into staging, checking its size and SHA-256 against the manifest;
    raise at the first difference, a member the manifest lacks, or one missing."""
    expected = {member["name"]: member for member in manifest["members"]}
    seen: set[str] = set()
    for info in _members(tar):
        if info.name not in expected or info.name in seen:
            raise BackupError(
                _("The archive holds a member the manifest does not list: %(name)s")
                % {"name": info.name}
            )
        if not info.isfile():
            raise BackupError(
                _("The archive member is not a regular file: %(name)s") % {"name": info.name}
            )
        want = expected[info.name]
        target = staging / info.name
        target.parent.mkdir(parents=True, exist_ok=True)
        sha256, size = _copy_hashing(tar, info, target)
        if sha256 != want["sha256"] or size != want["size"]:
            raise BackupError(
                _(
                    "%(name)s does not match the manifest: SHA-256 %(sha256)s, %(size)d bytes "
                    "(manifest: %(expected_sha256)s, %(expected_size)d bytes)"
                )
                % {
                    "name": info.name,
                    "sha256": sha256,
                    "size": size,
                    "expected_sha256": want["sha256"],
                    "expected_size": want["size"],
                }
            )
        seen.add(info.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            _("The archive lacks members listed in its manifest: %(names)s")
            % {"names": ", ".join(missing)}
        )


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (info := tar.next()) is not None:
        yield info


def _copy_hashing(tar: tarfile.TarFile, info: tarfile.TarInfo, target: Path) -> tuple[str, int]:
    source = tar.extractfile(info)
    assert source is not None
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r|gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("Cannot read the archive %(file)s: %(error)s") % {"file": path, "error": exc}
        ) from exc
