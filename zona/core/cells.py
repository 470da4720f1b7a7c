"""Reading one cell of an imported row, the problem noted against its row and column."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zona.core.errors import RowError


def text_cell(
    raw: dict[str, str],
    column: str,
    number: int,
    errors: list[RowError],
    *,
    limit: int,
    required: bool = True,
) -> str:
    """The text of `column` in row `number` (required unless told), at most `limit` long."""
    text = raw.get(column, "")
    if required and not text:
        errors.append(RowError(number, column, _("required")))
    elif len(text) > limit:
        errors.append(RowError(number, column, _("at most %(max)d characters") % {"max": limit}))
    return text
