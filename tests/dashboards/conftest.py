"""A year with its survey period, LKEs and paper survey answers: what the dashboards count."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.assessments.conftest import answer_all
from tests.conftest import Ministry
from tests.surveys.conftest import make_period
from zona.assessments.models import Assessment
from zona.assessments.services import open_assessment
from zona.core.tabular import Table
from zona.cycles.models import AssessmentYear
from zona.surveys.importing import import_paper
from zona.surveys.models import SurveyPeriod


def year_with_period(ministry: Ministry) -> tuple[AssessmentYear, SurveyPeriod]:
    period = make_period(None)
    year = period.assessment_year
    today = timezone.localdate()
    year.stages.update(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    return year, period


def best_answers(ministry: Ministry, year: AssessmentYear, unit: str) -> Assessment:
    """The unit's LKE with the best option to every question (answered by operator_sby)."""
    lke = open_assessment(
        actor=ministry.users["operator_sby"], unit=ministry.units[unit], assessment_year=year
    )
    answer_all(ministry, lke)
    return lke


def paper_answers(ministry: Ministry, period: SurveyPeriod, unit: str, value: int, n: int) -> None:
    """`n` paper responses to every questionnaire, each answering `value` to two elements in
    three and one less to the third (no two alike, so none is held for review)."""
    for survey in period.surveys.all():
        spec = survey.spec()
        header = [code.lower() for code in spec.element_codes] + ["diarahkan"]
        rows = [
            dict(
                zip(
                    header,
                    [str(value if (i + j) % 3 else value - 1) for j in range(len(header) - 1)]
                    + ["tidak"],
                    strict=True,
                )
            )
            for i in range(n)
        ]
        import_paper(
            actor=ministry.users["tpi_balitbang"],
            survey=survey,
            unit=ministry.units[unit],
            table=Table(header=header, rows=rows),
            filename="kertas.csv",
        )
