"""A foreign key over several columns, which Django's models cannot declare.

`CompositeForeignKey(fields=["token", "survey", "unit"], to_fields=["id", "survey", "unit"],
name=…)` makes the database hold that a row's code, survey and unit are together those of one
code (the target is the model of the first field, a foreign key): one check at commit instead
of one per column, and a stronger one (a response cannot name the survey of one code and the
unit of another). The target's `to_fields` need a unique constraint of their own. As SQL's
MATCH SIMPLE, a row with NULL in any of the fields is not checked. Deferred to the commit, as
Django's own keys are.

It is a model constraint, so migrations create and drop it on PostgreSQL and SQLite alike, and
SQLite's table rebuilds keep it (they write every constraint of the model into the new table).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


class CompositeForeignKey(models.BaseConstraint):
    def __init__(self, *, fields: list[str], to_fields: list[str], name: str) -> None:
        if len(fields) != len(to_fields) or len(fields) < 2:
            raise ValueError("a composite foreign key pairs two or more fields with as many")
        super().__init__(name=name)
        self.fields = tuple(fields)
        self.to_fields = tuple(to_fields)

    def _columns(self, model: type[models.Model], names: tuple[str, ...]) -> str:
        return ", ".join(str(model._meta.get_field(name).column) for name in names)  # type: ignore[union-attr]

    def constraint_sql(
        self, model: type[models.Model] | None, schema_editor: BaseDatabaseSchemaEditor | None
    ) -> str:
        assert model is not None and schema_editor is not None
        quote = schema_editor.quote_name
        # The first field's model, not a lookup by name: SQLite rebuilds a table through a
        # model of its own, in a registry that holds no other app.
        target = model._meta.get_field(self.fields[0]).related_model
        assert isinstance(target, type) and issubclass(target, models.Model)
        return (
            f"CONSTRAINT {quote(self.name)} FOREIGN KEY ({self._columns(model, self.fields)}) "
            f"REFERENCES {quote(target._meta.db_table)} ({self._columns(target, self.to_fields)}) "
            "DEFERRABLE INITIALLY DEFERRED"
        )

    def create_sql(
        self, model: type[models.Model] | None, schema_editor: BaseDatabaseSchemaEditor | None
    ) -> str:
        assert model is not None and schema_editor is not None
        table = schema_editor.quote_name(model._meta.db_table)
        return f"ALTER TABLE {table} ADD {self.constraint_sql(model, schema_editor)}"

    def remove_sql(
        self, model: type[models.Model] | None, schema_editor: BaseDatabaseSchemaEditor | None
    ) -> str:
        assert model is not None and schema_editor is not None
        quote = schema_editor.quote_name
        return f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT {quote(self.name)}"

    def validate(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to check in Python: each field's own foreign key validation looks its row up,
        and the database holds the combination at commit."""

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        path, args, kwargs = super().deconstruct()
        kwargs.update(fields=list(self.fields), to_fields=list(self.to_fields))
        return path, args, kwargs

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompositeForeignKey):
            return NotImplemented
        return (self.name, self.fields, self.to_fields) == (
            other.name,
            other.fields,
            other.to_fields,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.fields, self.to_fields))
