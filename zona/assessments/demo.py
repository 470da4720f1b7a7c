"""The demo's LKE: the demo operator has answered her unit's worksheet and its head has
submitted it, so it waits for the Kanwil verifier, and a visitor can walk the chain (verify,
return an item, correct it, submit again). Through the services people use, audited.

    from zona.assessments.demo import load_demo_lke
    load_demo_lke(year, unit, operator=…, head=…)
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from zona.accounts.demo import DEMO_PASSWORD
from zona.accounts.models import Role, User
from zona.accounts.services import create_user, grant_membership
from zona.assessments import summary
from zona.assessments.evidence import add_evidence
from zona.assessments.models import Assessment
from zona.assessments.services import (
    accept_pending,
    finish_review,
    open_assessment,
    review_item,
    save_answer,
    submit,
)
from zona.assessments.workflow import Tier
from zona.core.pdf import sample_pdf
from zona.cycles.models import AssessmentYear
from zona.instruments.models import Question
from zona.organizations.models import Unit

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
    with transaction.atomic(), summary.batch():
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
            if question.pk % 2 or question.code.endswith(".a"):
                _evidence(lke, question, operator, year.year, rng)
        return submit(actor=head, assessment=lke, attest=True)


EVIDENCE_TITLES = (
    "SK Kepala Kantor tentang Tim Kerja Pembangunan ZI",
    "Laporan monitoring dan evaluasi triwulan",
    "Notulen rapat dan daftar hadir",
    "Dokumentasi kegiatan",
    "Rencana kerja dan realisasinya",
    "Surat edaran kepada seluruh pegawai",
)


def _evidence(
    lke: Assessment, question: Question, operator: User, year: int, rng: random.Random
) -> None:
    """A scanned document as the question's evidence (a sample PDF of its own)."""
    title = f"{rng.choice(EVIDENCE_TITLES)} ({question.code})"
    body = f"{lke.unit.name} — {question.code} — tahun {year - 1}"
    name = f"{question.code.replace('.', '-')}-{slugify(title)[:40]}.pdf"
    add_evidence(
        actor=operator,
        assessment=lke,
        question=question,
        title=title,
        upload=SimpleUploadedFile(name, sample_pdf(title, body), "application/pdf"),
    )


# The spread of LKEs across the demo's units, so that the dashboards count something: a
# profile per unit (how well it answered) and how far its LKE has come.
SPREAD_WEIGHTS = {
    "strong": (12, 3, 1, 1, 1),
    "middling": (5, 4, 2, 1, 1),
    "weak": (1, 2, 3, 4, 5),
}


def satker_people(unit: Unit) -> tuple[User, User]:
    """The unit's operator and head (demo accounts of their own, password as the demo's)."""
    operator = demo_member(unit, Role.OPERATOR_SATKER, "Operator")
    return operator, demo_member(unit, Role.KEPALA_SATKER, "Kepala")


def demo_member(unit: Unit, role: str, title: str) -> User:
    """A demo account of its own holding `role` at `unit` (password as the demo's)."""
    short = unit.code.lower().replace("_", ".")
    email = f"{role.replace('_', '.')}.{short}@demo.kemenkumham.go.id"
    user = User.objects.filter(email=email).first() or create_user(
        actor=None, nip=None, email=email, full_name=f"{title} {unit.display_short}",
        password=DEMO_PASSWORD,
    )  # fmt: skip
    grant_membership(actor=None, user=user, unit=unit, role=role)
    return user


def answered_lke(
    year: AssessmentYear, unit: Unit, *, profile: str, seed: int, share: float = 1.0
) -> tuple[Assessment, User]:
    """The unit's LKE with `share` of its questions answered by its operator (the best
    options most often for a "strong" unit); returns it and the unit's head."""
    operator, head = satker_people(unit)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    weights = SPREAD_WEIGHTS[profile]
    with transaction.atomic(), summary.batch():
        lke = open_assessment(actor=operator, unit=unit, assessment_year=year)
        questions = list(Question.objects.filter(instrument=year.instrument).order_by("pk"))
        for question in questions[: round(len(questions) * share)]:
            options = [str(option["label"]) for option in question.options]
            value = rng.choices(options, weights=weights[: len(options)])[0] if options else "1"
            save_answer(
                actor=operator,
                assessment=lke,
                question=question,
                value=value,
                note="",
                expected_version=0,
            )
    lke.refresh_from_db()
    return lke, head


# How far each LKE of the spread has come, in turn: (answer profile, share answered, stage).
SPREAD = (
    ("strong", 1.0, "verified"),
    ("middling", 1.0, "at_kanwil"),
    ("weak", 0.6, "draft"),
    ("middling", 1.0, "returned_late"),
    ("strong", 1.0, "at_kanwil"),
    ("middling", 0.85, "draft"),
    ("weak", 1.0, "returned"),
    ("strong", 1.0, "verified"),
    ("middling", 0.3, "draft"),
    ("weak", 1.0, "at_kanwil"),
)
RETURN_NOTES = (
    "Bukti SK tim belum ditandatangani kepala satker; unggah versi yang sudah ditandatangani.",
    "Laporan monitoring triwulan III belum dilampirkan.",
)


def load_demo_spread(year: AssessmentYear, units: list[Unit], *, seed: int = 7) -> None:
    """LKEs at every stage across `units` (UPT): answered, submitted, returned (one past its
    correction date), verified by the unit's Kanwil (whose team gets a demo account)."""
    today = timezone.localdate()
    for index, unit in enumerate(units):
        profile, share, stage = SPREAD[index % len(SPREAD)]
        lke, head = answered_lke(year, unit, profile=profile, seed=seed + index, share=share)
        if stage == "draft":
            continue
        submit(actor=head, assessment=lke, attest=True)
        if stage == "at_kanwil" or unit.parent is None:
            continue
        verifier = demo_member(unit.parent, Role.TIM_KERJA_KANWIL, "Tim kerja")
        if stage.startswith("returned"):
            reviews = lke.reviews.filter(tier=Tier.KANWIL).select_related("question")
            for review, note in zip(
                reviews.order_by("question__order")[3:5], RETURN_NOTES, strict=True
            ):
                review_item(
                    actor=verifier, assessment=lke, question=review.question, tier=Tier.KANWIL,
                    accept=False, note=note, expected_version=review.version,
                )  # fmt: skip
        accept_pending(actor=verifier, assessment=lke, tier=Tier.KANWIL)
        due = today - timedelta(days=4) if stage == "returned_late" else today + timedelta(days=10)
        finish_review(actor=verifier, assessment=lke, tier=Tier.KANWIL, due_on=due)
