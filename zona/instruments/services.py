"""Loading instrument files into the database: validated, audited, never changed in use."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.services import change_of, record
from zona.instruments.models import Area, Indicator, Instrument, Question
from zona.instruments.spec import InstrumentSpec, QuestionSpec, load_instrument_file

if TYPE_CHECKING:
    from zona.accounts.models import User


class InstrumentInUse(Exception):
    pass


@dataclass(frozen=True)
class LoadOutcome:
    code: str
    status: str  # "created" | "unchanged" | "reworded" | "replaced"
    questions: int


def load_instrument_from_file(
    *, actor: User | None, path: Path, replace: bool = False
) -> LoadOutcome:
    spec = load_instrument_file(path)  # raises InstrumentError with every problem
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    with transaction.atomic():
        existing = Instrument.objects.select_for_update().filter(code=spec.code).first()
        if existing and (
            existing.source_sha256 == digest or _same_data(existing.source_text, text)
        ):
            return LoadOutcome(spec.code, "unchanged", existing.questions.count())
        if existing and _same_scoring(existing.source_text, text):
            _reword(actor, existing, spec, digest, text)
            return LoadOutcome(spec.code, "reworded", len(spec.questions))
        if existing and not replace:
            raise InstrumentInUse(
                _(
                    "Instrument %(code)s is already loaded from a different file. A new regulation "
                    "is a new file with a new code; use --replace only for an unused instrument."
                )
                % {"code": spec.code}
            )
        before = None
        if existing:
            before = {"sha256": existing.source_sha256}
            try:
                existing.delete()
            except ProtectedError as exc:
                raise InstrumentInUse(
                    _(
                        "Instrument %(code)s has answers or a year tied to it and cannot be "
                        "replaced."
                    )
                    % {"code": spec.code}
                ) from exc
        instrument = _create(spec, digest, text)
        action = "instrument.replaced" if existing else "instrument.loaded"
        record(
            actor,
            change_of(
                action,
                instrument,
                before=before,
                after={"code": spec.code, "sha256": digest, "questions": len(spec.questions)},
            ),
        )
    return LoadOutcome(spec.code, "replaced" if existing else "created", len(spec.questions))


def _same_data(stored: str, text: str) -> bool:
    """Whether two texts of an instrument file hold the same data: only comments or layout
    differ, so the instrument loaded is this file's and keeps the text it was loaded from."""
    return tomllib.loads(stored) == tomllib.loads(text)


# What may change under answers already given: texts that explain, never what is scored.
_WORDING_KEYS = {"notes"}
_QUESTION_WORDING_KEYS = {"criteria", "criteria_source"}


def _same_scoring(stored: str, text: str) -> bool:
    """Whether two texts of an instrument file differ only in their wording (the notes and
    the criterion texts of the options), so every answer keeps its meaning and its value."""
    return _scored_part(tomllib.loads(stored)) == _scored_part(tomllib.loads(text))


def _scored_part(data: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in data.items() if key not in _WORDING_KEYS}
    for area in data.get("areas", []):
        for indicator in area.get("indicators", []):
            indicator["questions"] = [
                {k: v for k, v in question.items() if k not in _QUESTION_WORDING_KEYS}
                for question in indicator.get("questions", [])
            ]
    return data


def _reword(
    actor: User | None, instrument: Instrument, spec: InstrumentSpec, digest: str, text: str
) -> None:
    """Take the new wording of an instrument in use: its file text and the option texts."""
    before = {"sha256": instrument.source_sha256}
    instrument.source_text, instrument.source_sha256 = text, digest
    instrument.save(update_fields=["source_text", "source_sha256"])
    questions = list(instrument.questions.all())
    for question in questions:
        question.options = _options(spec.question(question.code))
    Question.objects.bulk_update(questions, ["options"])
    after = {"code": spec.code, "sha256": digest}
    record(actor, change_of("instrument.reworded", instrument, before=before, after=after))


def _options(question: QuestionSpec) -> list[dict[str, str]]:
    return [
        {"label": o.label, "value": str(o.value), "criterion": o.criterion}
        for o in question.options
    ]


def _create(spec: InstrumentSpec, digest: str, text: str) -> Instrument:
    instrument = Instrument.objects.create(
        source_text=text,
        code=spec.code,
        title=spec.title,
        regulation=spec.regulation,
        source_sha256=digest,
        loaded_at=timezone.now(),
    )
    order = 0
    for area_order, area_spec in enumerate(spec.areas):
        area = Area.objects.create(
            instrument=instrument,
            key=area_spec.key,
            name=area_spec.name,
            component=area_spec.component,
            weight=area_spec.weight,
            order=area_order,
        )
        for indicator_order, indicator_spec in enumerate(area_spec.indicators):
            indicator = Indicator.objects.create(
                area=area,
                code=indicator_spec.code,
                name=indicator_spec.name,
                weight=indicator_spec.weight,
                weight_inferred=indicator_spec.weight_source == "inferred",
                order=indicator_order,
            )
            questions = []
            for question in indicator_spec.questions:
                order += 1
                questions.append(
                    Question(
                        instrument=instrument,
                        indicator=indicator,
                        code=question.code,
                        text=question.text,
                        answer_type=question.answer_type,
                        options=_options(question),
                        evidence=question.evidence,
                        order=order,
                    )
                )
            Question.objects.bulk_create(questions)
    return instrument
