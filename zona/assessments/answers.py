"""What an answer may be, per the question's answer type (instrument data)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from zona.instruments.models import Question


class InvalidAnswer(ValueError):
    pass


def clean_answer(question: Question, raw: str) -> str:
    """The stored form of an answer ("" = not answered); InvalidAnswer with a clear message."""
    value = raw.strip()
    if not value:
        return ""
    if question.options:
        labels = {str(o["label"]).lower(): str(o["label"]) for o in question.options}
        if value.lower() not in labels:
            raise InvalidAnswer(
                _("Answer %(code)s with one of: %(labels)s.")
                % {"code": question.code, "labels": ", ".join(labels.values())}
            )
        return labels[value.lower()]
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation as exc:
        raise InvalidAnswer(_("Answer %(code)s with a number.") % {"code": question.code}) from exc
    if not number.is_finite() or number < 0:
        raise InvalidAnswer(
            _("Answer %(code)s with a number of 0 or more.") % {"code": question.code}
        )
    return format(number.normalize(), "f")


def scoring_value(question: Question, stored: str) -> str | Decimal | None:
    if not stored:
        return None
    return stored if question.options else Decimal(stored)
