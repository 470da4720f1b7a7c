"""The LKE page of a unit with 81 answered questions and ~200 evidence files, on the demo
ministry: median server time and query count, against /healthz in the same run."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="zona-bench-lke-")
    os.environ.setdefault("ZONA_VAR_DIR", folder)
    os.environ.setdefault("ZONA_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zona.accounts.models import Role, User
    from zona.assessments.models import Evidence, EvidenceVersion
    from zona.assessments.services import open_assessment, save_answer
    from zona.cycles.models import AssessmentYear
    from zona.demo.ministry import load_demo
    from zona.files.services import store_bytes
    from zona.instruments.models import Question

    call_command("migrate", verbosity=0)
    load_demo()
    operator = User.objects.get(memberships__role=Role.OPERATOR_SATKER)
    unit = operator.memberships.get().unit
    year = AssessmentYear.objects.get()
    lke = open_assessment(actor=operator, unit=unit, assessment_year=year)
    questions = list(Question.objects.filter(instrument=year.instrument))
    for n, question in enumerate(questions):
        value = question.options[n % len(question.options)]["label"] if question.options else "0.8"
        save_answer(
            actor=operator,
            assessment=lke,
            question=question,
            value=value,
            note="catatan",
            expected_version=0,
        )
        for copy in range(2 + (n % 2)):  # 2 or 3 files per question: ~200 in all
            stored = store_bytes(
                actor=operator, data=b"%PDF-1.4\n" + f"{n}.{copy}".encode() + b"\n%%EOF\n"
            )
            evidence = Evidence.objects.create(
                assessment=lke, question=question, title=f"Bukti {n}.{copy}", created_by=operator
            )
            version = EvidenceVersion.objects.create(
                evidence=evidence,
                number=1,
                stored_file=stored,
                file_name="bukti.pdf",
                uploaded_by=operator,
            )
            Evidence.objects.filter(pk=evidence.pk).update(current=version)
    viewer = User.objects.get(memberships__role=Role.TIM_KERJA_KANWIL)
    client = Client()
    client.force_login(viewer)
    url = f"/lke/{lke.pk}/"
    client.get(url), client.get("/healthz")
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200

    def median(path: str) -> float:
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(40)
    from zona.assessments.sheet import load_sheet

    if os.environ.get("BENCH_PROFILE_SHEET"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        load_sheet(lke)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        load_sheet(lke)
    sheet_time = (time.perf_counter() - started) / ROUNDS
    base, page = median("/healthz"), median(url)
    print(f"load_sheet alone (queries + scoring of every tier): {sheet_time * 1000:7.2f} ms")
    print(
        f"evidence files: {Evidence.objects.filter(assessment=lke).count()}, "
        f"answers: {len(questions)}"
    )
    print(
        f"LKE page  median {page * 1000:7.2f} ms  ({page / base:.0f}x /healthz), "
        f"queries {len(queries)}, {len(response.content) // 1024} KB"
    )
    print(f"/healthz  median {base * 1000:7.2f} ms (baseline)")
    print(
        f"targets: <= 150 ms -> {'met' if page <= 0.150 else 'NOT met'}; "
        f"<= 20 queries -> {'met' if len(queries) <= 20 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
