"""The LKE page of a submitted worksheet with every question answered and ~200 evidence
files, as its Kanwil verifier opens it, against the site's empty page.

    python bench/bench_lke.py [--evidence 200] [--rounds 50] [--smoke]

Loads the demo ministry into a fresh SQLite file, then prepares an LKE of its own through the
services people use: a second UPT of the demo Kanwil gets an operator and a head, the operator
answers every question and attaches the evidence files (spread over the questions), the head
submits. The demo's own LKE is left as the demo has it. The verifier's page is rendered
through Django's full stack in process, taking turns with the empty page (bench/urls.py)
request by request. Targets: <= 150 ms median, <= 20 queries.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import support  # noqa: E402

PAGE = "LKE page (Kanwil verifier)"


def prepare_lke(evidence: int) -> tuple[Any, Any]:
    """A submitted LKE with every question answered and `evidence` files; its verifier."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zona.accounts.demo import demo_user
    from zona.accounts.models import Role
    from zona.accounts.services import create_user, grant_membership
    from zona.assessments.evidence import add_evidence
    from zona.assessments.services import open_assessment, save_answer, submit
    from zona.cycles.models import AssessmentYear
    from zona.instruments.models import Question
    from zona.organizations.models import Unit, UnitKind

    verifier = demo_user(Role.TIM_KERJA_KANWIL)
    kanwil = verifier.memberships.get().unit
    taken = Unit.objects.filter(memberships__role=Role.OPERATOR_SATKER)
    unit = (
        Unit.objects.filter(parent=kanwil, kind=UnitKind.UPT)
        .exclude(pk__in=taken)
        .order_by("code")
        .first()
    )
    assert unit is not None, "the demo Kanwil has a second UPT"
    people = {}
    for role in (Role.OPERATOR_SATKER, Role.KEPALA_SATKER):
        person = create_user(
            actor=None, nip=None, email=f"{role}@bench.example", full_name=f"Bench {role}"
        )
        grant_membership(actor=None, user=person, unit=unit, role=role)
        people[role] = person
    operator = people[Role.OPERATOR_SATKER]
    year = AssessmentYear.objects.latest("year")  # the demo's current year
    lke = open_assessment(actor=operator, unit=unit, assessment_year=year)
    questions = list(Question.objects.filter(instrument=year.instrument).order_by("order"))
    for number, question in enumerate(questions):
        labels = [str(option["label"]) for option in question.options]
        save_answer(
            actor=operator,
            assessment=lke,
            question=question,
            value=labels[number % len(labels)] if labels else "0.8",
            note="SK Kepala Kantor dan laporan kegiatan",
            expected_version=0,
        )
    for number in range(evidence):
        content = b"%PDF-1.4\n" + f"bukti {number}".encode() + b"\n%%EOF\n"
        add_evidence(
            actor=operator,
            assessment=lke,
            question=questions[number % len(questions)],
            title=f"Bukti {number}",
            upload=SimpleUploadedFile(f"bukti-{number}.pdf", content, "application/pdf"),
        )
    return submit(actor=people[Role.KEPALA_SATKER], assessment=lke, attest=True), verifier


def main() -> None:
    options = support.parser(__doc__)
    options.add_argument("--evidence", type=int, default=200, help="evidence files in all")
    options.add_argument("--rounds", type=int, default=50)
    args = options.parse_args()
    evidence, rounds = (3, 3) if args.smoke else (args.evidence, args.rounds)

    support.setup_django()
    support.load_demo()
    from django.urls import reverse

    lke, verifier = prepare_lke(evidence)
    client = support.logged_in(verifier)
    urls = {support.EMPTY: support.EMPTY_URL, PAGE: reverse("assessments:lke", args=[lke.pk])}
    queries = {label: len(support.queries_of(client, url)) for label, url in urls.items()}
    size = len(client.get(urls[PAGE]).content)
    times = support.interleaved(
        {label: support.page(client, url) for label, url in urls.items()}, rounds
    )
    support.report_pages(times, queries)
    median = statistics.median(times[PAGE])
    print(
        f"LKE: {lke.answers.count()} answers, {lke.evidence.count()} evidence files, "
        f"status {lke.get_status_display()}, page {size // 1024} KB, rounds: {rounds}"
    )
    print(
        f"targets: median <= 150 ms -> {'met' if median <= 0.150 else 'NOT met'}; "
        f"<= 20 queries -> {'met' if queries[PAGE] <= 20 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
