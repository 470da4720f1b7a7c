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
    if len(value) > MAX_NUMBER_CHARS:
        raise InvalidAnswer(_too_many_digits(question))
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation as exc:
        raise InvalidAnswer(_("Answer %(code)s with a number.") % {"code": question.code}) from exc
    if not number.is_finite() or number < 0:
        raise InvalidAnswer(
            _("Answer %(code)s with a number of 0 or more.") % {"code": question.code}
        )
    if number and not MIN_ADJUSTED <= number.adjusted() <= MAX_ADJUSTED:
        raise InvalidAnswer(_too_many_digits(question))  # before normalize() could overflow
    normal = number.normalize()
    text = format(normal, "f")
    if len(text) > MAX_NUMBER_CHARS or int(normal.as_tuple().exponent) < MIN_ADJUSTED:
        raise InvalidAnswer(_too_many_digits(question))
    return text


# A numeric answer is stored as text in a 32-character field: at most 15 digits before the
# decimal point and 6 after it, however it was written (9E+99 is refused, not expanded).
MAX_NUMBER_CHARS = 32
MAX_ADJUSTED = 14  # the exponent of the leading digit: below 10**15
MIN_ADJUSTED = -6  # 0.000001 is the smallest non-zero number


def _too_many_digits(question: Question) -> str:
    return _(
        "Answer %(code)s with a number of at most 15 digits before the decimal point and "
        "6 after it."
    ) % {"code": question.code}


def scoring_value(question: Question, stored: str) -> str | Decimal | None:
    if not stored:
        return None
    return stored if question.options else Decimal(stored)
