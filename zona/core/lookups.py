"""`AnyOf(field, ids)`: a column is one of many ids, bound as ONE parameter.

`field__in=ids` binds one placeholder per id; for the hundreds of units of a Kanwil's pages
that costs more in building, sending and parsing the statement than the lookup itself.
PostgreSQL receives the ids as an array (`= ANY(%s)`), SQLite as a JSON array read by
`json_each`; both use the column's index.

    Finding.objects.filter(AnyOf("unit_id", unit_ids), assessment_year=year)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Lookup


class AnyOf(Lookup):  # type: ignore[type-arg]
    lookup_name = "any_of"
    prepare_rhs = False

    def __init__(self, field: str | Any, ids: Iterable[int]) -> None:
        values = [int(value) for value in ids]  # ids only: never text into the statement
        super().__init__(F(field) if isinstance(field, str) else field, values)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - lhs is a column
        return sql, (*lhs_params, json.dumps(self.rhs))
