"""Paper surveys (Bab III B, letter g: the manual survey when the system fails), typed into
XLSX/CSV and imported for one unit and one survey: every row validated, all or nothing.

Columns: the element codes (u1 … u9 for the IKM), each 1–4 or empty; the profile columns of
the questionnaire file (jenis_kelamin, usia, pendidikan, layanan: a code or a label, may be
empty); and the check question's column (diarahkan: ya/tidak). Rows are stored as paper
responses; the content flags (straight-lining, directed by an officer, many identical
answers) apply as online, so flagged rows wait for review like any other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import change_of, record
from zona.core.errors import ImportRejected, RowError
from zona.core.tabular import Table, missing_columns
from zona.organizations.models import Unit
from zona.surveys import tallies
from zona.surveys.integrity import DEFAULT_HOURS, Limits, Recent, answer_pattern, flags_for
from zona.surveys.models import (
    ANSWER_FIELDS,
    PaperImport,
    PeriodStatus,
    PeriodSurvey,
    Response,
    ResponseSource,
    ResponseStatus,
)
from zona.surveys.spec import SCALE, ChoiceSpec, QuestionnaireSpec

if TYPE_CHECKING:
    from zona.accounts.models import User


@dataclass(frozen=True)
class PaperSummary:
    rows: int
    accepted: int
    pending: int


def import_columns(spec: QuestionnaireSpec) -> list[str]:
    return [
        *(code.lower() for code in spec.element_codes),
        *(question.column for question in spec.profile),
        spec.check.column,
    ]


def _choice(options: tuple[ChoiceSpec, ...], raw: str) -> str | None:
    folded = raw.casefold()
    for option in options:
        if folded in (option.code.casefold(), option.label.casefold()):
            return option.code
    return None


def import_paper(
    *, actor: User, survey: PeriodSurvey, unit: Unit, table: Table, filename: str
) -> PaperSummary:
    """Store every row of a paper-survey file, or none (ImportRejected with every problem)."""
    spec = survey.spec()
    if survey.period.status == PeriodStatus.PUBLISHED:
        raise ImportRejected(
            [RowError(1, "-", _("the results of this survey are published; nothing can be added"))]
        )
    elements = [code.lower() for code in spec.element_codes]
    missing = missing_columns(table, [*elements, spec.check.column])
    if missing:
        raise ImportRejected([RowError(1, col, _("required column is missing")) for col in missing])
    unit_type = unit.upt_type or unit.kind
    rows, errors = [], []
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        answers: list[int | None] = []
        for column in elements:
            value = raw.get(column, "")
            if value == "":
                answers.append(None)
            elif (
                value.isascii() and value.isdigit() and len(value) <= 2 and 1 <= int(value) <= SCALE
            ):
                answers.append(int(value))
            else:
                answers.append(None)
                errors.append(RowError(number, column, _("must be 1, 2, 3 or 4, or empty")))
        if all(value is None for value in answers) and not any(e.row == number for e in errors):
            errors.append(RowError(number, elements[0], _("no question of the survey is answered")))
        profile = {}
        for question in spec.profile:
            value = raw.get(question.column, "")
            if value == "":
                continue
            code = _choice(question.options_for(unit_type), value)
            if code is None:
                allowed = ", ".join(o.label for o in question.options_for(unit_type))
                errors.append(
                    RowError(
                        number,
                        question.column,
                        _("must be one of: %(choices)s") % {"choices": allowed},
                    )
                )
            else:
                profile[question.key] = code
        check = _choice(spec.check.options, raw.get(spec.check.column, ""))
        if check is None:
            allowed = ", ".join(o.label for o in spec.check.options)
            errors.append(
                RowError(
                    number,
                    spec.check.column,
                    _("must be one of: %(choices)s") % {"choices": allowed},
                )
            )
        rows.append((number, answers, profile, check or ""))
    if errors:
        raise ImportRejected(errors)
    if len(rows) > settings.IMPORT_MAX_ROWS:
        raise ImportRejected([RowError(1, "-", _("too many rows"))])
    return _store(actor, survey, unit, spec, rows, filename)


def _store(
    actor: User,
    survey: PeriodSurvey,
    unit: Unit,
    spec: QuestionnaireSpec,
    rows: list[tuple[int, list[int | None], dict[str, str], str]],
    filename: str,
) -> PaperSummary:
    now = timezone.now()
    limits = Limits(
        min_seconds=0,
        straight_line_min=spec.integrity.straight_line_min,
        burst_ip_limit=1 << 30,
        burst_net_limit=1 << 30,
        pattern_limit=survey.period.pattern_limit,
        off_hours_grace_minutes=0,
    )
    with transaction.atomic():
        batch = PaperImport.objects.create(
            survey=survey, unit=unit, filename=filename[:200], rows=len(rows), imported_by=actor
        )
        seen: Counter[int] = Counter()
        responses = []
        for number, answers, profile, check in rows:
            pattern = answer_pattern(answers, profile, check)
            flags = flags_for(
                answers=answers,
                directed=check == spec.check.flag_on,
                duration_seconds=None,
                local_time=None,
                hours=DEFAULT_HOURS,
                recent=Recent(same_pattern=seen[pattern]),
                limits=limits,
            )
            seen[pattern] += 1
            response = Response(
                survey=survey,
                unit=unit,
                source=ResponseSource.PAPER,
                status=ResponseStatus.PENDING if flags else ResponseStatus.ACCEPTED,
                flags=flags,
                profile=profile,
                check_answer=check,
                submitted_at=now,
                pattern=pattern,
                paper_import=batch,
                paper_row=number,
            )
            for name, value in zip(ANSWER_FIELDS, answers, strict=False):
                setattr(response, name, value)
            responses.append(response)
        Response.objects.bulk_create(responses, batch_size=1000)
        accepted = [r for r in responses if r.status == ResponseStatus.ACCEPTED]
        count = len(spec.elements)
        sums = tallies.counted_sums((response.answers(count) for response in accepted), count)
        pending = len(responses) - len(accepted)
        tallies.add(
            survey.pk,
            unit.pk,
            sums=sums,
            received=len(responses),
            flagged=pending,
            pending=pending,
            accepted=len(accepted),
            paper=len(responses),
        )
        record(
            actor,
            change_of(
                "survey_paper.imported",
                batch,
                after={
                    "survey": survey.pk,
                    "unit": unit.pk,
                    "file": filename,
                    "rows": len(responses),
                    "accepted": len(accepted),
                    "pending": pending,
                },
            ),
        )
    return PaperSummary(rows=len(responses), accepted=len(accepted), pending=pending)
