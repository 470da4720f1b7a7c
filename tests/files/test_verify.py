"""`zona manage files_verify`: missing and altered files are named, exit non-zero."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.files import samples
from zona.files.services import store_bytes

pytestmark = pytest.mark.django_db


def test_an_intact_store_passes() -> None:
    store_bytes(actor=None, data=samples.PDF)
    store_bytes(actor=None, data=samples.png())
    out = StringIO()
    call_command("files_verify", stdout=out)
    assert "2" in out.getvalue()


def test_a_modified_and_a_deleted_file_are_both_named(private_root: Path) -> None:
    intact = store_bytes(actor=None, data=samples.JPEG)
    altered = store_bytes(actor=None, data=samples.PDF)
    deleted = store_bytes(actor=None, data=samples.docx())
    path = private_root / altered.storage_name
    path.write_bytes(path.read_bytes().replace(b"Count 0", b"Count 9"))  # same size, other bytes
    (private_root / deleted.storage_name).unlink()
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("files_verify", stdout=StringIO(), stderr=err)
    assert caught.value.returncode == 1  # `zona manage files_verify` exits 1
    message = str(caught.value)
    assert altered.storage_name in message and deleted.storage_name in message
    assert intact.storage_name not in message
    assert message.startswith("2 ")
    report = err.getvalue().splitlines()
    assert len(report) == 2
    assert altered.sha256 in report[0] or altered.sha256 in report[1]
