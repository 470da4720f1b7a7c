"""AnyOf: a column against many ids bound as one parameter, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Ministry
from zona.core.lookups import AnyOf
from zona.organizations.models import Unit


def test_it_finds_the_rows_of_the_ids_given(ministry: Ministry) -> None:
    wanted = [ministry.units["kanim_sby"].pk, ministry.units["lapas_sby"].pk, 10**9]
    with CaptureQueriesContext(connection) as captured:
        found = set(Unit.objects.filter(AnyOf("pk", wanted)).values_list("pk", flat=True))
    assert found == set(wanted[:2])
    assert len(captured) == 1
    assert ("ANY(" if connection.vendor == "postgresql" else "json_each(") in captured[0]["sql"]


def test_no_ids_find_nothing(ministry: Ministry) -> None:
    assert not Unit.objects.filter(AnyOf("pk", [])).exists()


def test_it_combines_with_other_filters_and_negation(ministry: Ministry) -> None:
    sby = [ministry.units["kanim_sby"].pk, ministry.units["lapas_sby"].pk]
    kinds = set(Unit.objects.filter(AnyOf("pk", sby), kind="upt").values_list("pk", flat=True))
    assert kinds == set(sby)
    others = Unit.objects.exclude(AnyOf("pk", sby))
    assert others.count() == Unit.objects.count() - 2


def test_only_whole_numbers_are_accepted() -> None:
    with pytest.raises(ValueError):
        AnyOf("pk", ["1; DROP TABLE x"])
