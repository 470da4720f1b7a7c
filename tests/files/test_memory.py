"""A 20 MB upload is hashed, checked and stored in bounded memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile

from tests.files import samples
from zona.files.services import store_upload

MB = 1024 * 1024


def big_upload(data_head: bytes, size: int) -> TemporaryUploadedFile:
    """What Django's upload handler makes of a large upload: a file on disk."""
    upload = TemporaryUploadedFile("rekaman.pdf", "application/pdf", size, None)
    upload.write(data_head)
    block = b"0123456789abcdef" * (MB // 16)
    written = len(data_head)
    while written < size:
        piece = block[: size - written]
        upload.write(piece)
        written += len(piece)
    upload.flush()
    upload.seek(0)
    return upload


@pytest.mark.django_db
def test_storing_a_20_mb_upload_allocates_under_10_mb(private_root: Path) -> None:
    upload = big_upload(samples.PDF, 20 * MB)
    tracemalloc.start()
    try:
        stored = store_upload(actor=None, upload=upload, max_bytes=20 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert stored.size == 20 * MB
    assert (private_root / stored.storage_name).stat().st_size == 20 * MB
    assert peak < 10 * MB, f"peak {peak / MB:.1f} MB"
