"""Kept apart from the fixture-backed modules: this one needs real commits."""

import pytest
from django.db import transaction

from zona.audit.services import Change, record
from zona.audit.verify import verify_chain


def test_events_are_written_only_inside_the_change_transaction(transactional_db: None) -> None:
    with pytest.raises(RuntimeError):
        record(None, Change("x", "t", "1"))
    with transaction.atomic():
        record(None, Change("x", "t", "1"))
    assert verify_chain().ok
