"""Row-by-row problems of an import, reported together before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str
    message: str
    found: str | None = None  # the cell as written, where seeing it helps to fix it

    @property
    def problem(self) -> str:
        """The message, followed by what the cell holds when that is known."""
        if self.found is None:
            return self.message
        return _("%(message)s (found “%(value)s”)") % {"message": self.message, "value": self.found}

    def __str__(self) -> str:
        return _("Row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.problem,
        }


class ImportRejected(Exception):
    """Nothing was written: the listed rows must be fixed first."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
