"""Two requests storing the same new content at the same moment: one row, one file."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.files import samples
from zona.audit.models import Event
from zona.audit.verify import verify_chain
from zona.files import services
from zona.files.models import StoredFile


@pytest.mark.django_db(transaction=True)
def test_concurrent_stores_of_the_same_content(
    private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both requests pass their look-up before either writes. SQLite serialises writers (a
    # file database waits on its busy timeout; the in-memory test database, with its shared
    # cache, fails at once instead), so there the two stores take turns.
    sqlite = connection.vendor == "sqlite"
    barrier = threading.Barrier(1 if sqlite else 2, timeout=5)
    turns = threading.Lock() if sqlite else contextlib.nullcontext()
    real_write = services._write

    def write_together(*args: Any) -> bool:
        barrier.wait()
        return real_write(*args)

    monkeypatch.setattr(services, "_write", write_together)
    results: list[StoredFile] = []
    errors: list[BaseException] = []

    def store() -> None:
        try:
            with turns:
                results.append(services.store_bytes(actor=None, data=samples.PDF))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=store) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({r.pk for r in results}) == 1
    assert StoredFile.objects.count() == 1
    stored = StoredFile.objects.get()
    assert [p for p in private_root.rglob("*") if p.is_file()] == [
        private_root / stored.storage_name
    ]
    assert (private_root / stored.storage_name).read_bytes() == samples.PDF
    flags = sorted(e.after["deduplicated"] for e in Event.objects.filter(action="file.stored"))  # type: ignore[index]
    assert flags == [False, True]
    assert verify_chain().ok
