"""Anti-tampering check of the private store: every row's bytes still hash to its address."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zona.files.models import StoredFile
from zona.files.services import hash_stored, private_storage


@dataclass(frozen=True)
class Problem:
    stored: StoredFile
    reason: str  # "missing" or "altered"
    found_sha256: str = ""
    found_size: int = 0

    def describe(self) -> str:
        if self.reason == "missing":
            return _("MISSING  #%(id)s %(name)s (%(kind)s, %(size)d bytes)") % {
                "id": self.stored.pk,
                "name": self.stored.storage_name,
                "kind": self.stored.kind,
                "size": self.stored.size,
            }
        return _(
            "ALTERED  #%(id)s %(name)s: SHA-256 %(found)s, %(found_size)d bytes "
            "(stored as %(sha)s, %(size)d bytes)"
        ) % {
            "id": self.stored.pk,
            "name": self.stored.storage_name,
            "found": self.found_sha256,
            "found_size": self.found_size,
            "sha": self.stored.sha256,
            "size": self.stored.size,
        }


@dataclass
class Result:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_files() -> Result:
    """Hash every stored file, streaming; reads the rows in batches, one file at a time."""
    result = Result()
    storage = private_storage()
    for stored in StoredFile.objects.order_by("pk").iterator(chunk_size=500):
        result.checked += 1
        try:
            if not storage.exists(stored.storage_name):
                raise FileNotFoundError(stored.storage_name)
            sha256, size = hash_stored(stored)
        except FileNotFoundError:
            result.problems.append(Problem(stored, "missing"))
            continue
        if sha256 != stored.sha256 or size != stored.size:
            result.problems.append(Problem(stored, "altered", sha256, size))
    return result
