"""The results table's cells, formatted in Python, read as the template filters would."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import localize, number_format

from zona.surveys.arithmetic import rounded
from zona.surveys.listing import NOTHING, Numbers, shown


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("grouped", [False, True])
def test_numbers_match_the_filters_in_each_language(language: str, grouped: bool) -> None:
    generator = random.Random(29)
    values = [Fraction(generator.randint(1, 10**7), generator.randint(1, 999)) for _ in range(300)]
    values += [Fraction(37, 2), Decimal("18.505"), Decimal("16"), Fraction(1, 200)]
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=grouped):
        numbers = Numbers()
        for value in values:
            # what the template filter gave before: Django's number_format of the rounded value
            for places in (2, 3):
                expected = number_format(rounded(value, places), decimal_pos=places)
                assert numbers.decimal(value, places) == shown(value, places) == expected
        for count in (0, 7, 1234, 1_000_000):
            assert numbers.count(count) == localize(count)
        assert numbers.decimal(None) == shown(None) == NOTHING


def test_the_indonesian_decimal_comma_and_half_up() -> None:
    with translation.override("id"):
        assert Numbers().decimal(Fraction(37, 2)) == "18,50"
        assert Numbers().decimal(Decimal("3.125")) == "3,13"
    with translation.override("en"):
        assert Numbers().decimal(Decimal("3.125")) == "3.13"
