"""The demo's LKE: the demo operator has answered her unit's worksheet and its head has
submitted it, so it waits for the Kanwil verifier, and a visitor can walk the chain (verify,
return an item, correct it, submit again). Through the services people use, audited.

    from zona.assessments.demo import load_demo_lke
    load_demo_lke(year, unit, operator=…, head=…)
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from django.db import transaction

from zona.assessments.models import Assessment
from zona.assessments.services import open_assessment, save_answer, submit
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question
from zona.organizations.models import Unit

if TYPE_CHECKING:
    from zona.accounts.models import User

# How often each option is chosen, best first: a unit that has worked at it, not a perfect one.
OPTION_WEIGHTS = (8, 4, 2, 1, 1)
NOTES = (
    "SK Kepala Kantor No. W15.IMI.1-UM.01.01-{n:04d} Tahun {year}",
    "Laporan kegiatan triwulan {q} dan dokumentasi",
    "Notulen rapat tim kerja tanggal {d} {month} {year}",
    "",
    "",
)
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus")


def load_demo_lke(
    year: AssessmentYear, unit: Unit, *, operator: User, head: User, seed: int = 29
) -> Assessment | None:
    """Once: nothing happens when the unit (the operator's) already has its LKE for the year."""
    if Assessment.objects.filter(unit=unit, assessment_year=year).exists():
        return None
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    with transaction.atomic():
        lke = open_assessment(actor=operator, unit=unit, assessment_year=year)
        for question in Question.objects.filter(instrument=year.instrument).order_by("pk"):
            options = [str(option["label"]) for option in question.options]
            chosen = rng.choices(options, weights=OPTION_WEIGHTS[: len(options)])[0]
            note = rng.choice(NOTES).format(
                n=rng.randrange(1, 999),
                q=rng.randrange(1, 4),
                d=rng.randrange(1, 29),
                month=rng.choice(MONTHS),
                year=year.year - 1,
            )
            save_answer(
                actor=operator,
                assessment=lke,
                question=question,
                value=chosen,
                note=note,
                expected_version=0,
            )
        return submit(actor=head, assessment=lke, attest=True)
