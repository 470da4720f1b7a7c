"""The PMPZI package of a decree with N units × M MB of evidence each, built by a real worker.

Sets up, in a fresh folder (SQLite and the private store; `--dir` to put it on a larger
disk): a ministry with N UPT, each with its LKE answered by the TPI and M MB of evidence in
files of `--file-mb` MB (random bytes, each file distinct), the Minister's decree naming all
of them, and a recorder's request for the package through `zona.proposals.package`, which
enqueues `zona.proposals.tasks.build_package` on the database backend. Then a child process
runs Zona's worker (`db_worker --batch`, as `zona manage db_worker` does) until the queue is
empty, and reports its resident memory when ready (Django, the task's module, and the libraries
a worker that has made one letter, worksheet and berita acara has loaded: WeasyPrint with its
fonts, docxtpl, openpyxl) and its peak (VmHWM) after the build; also the growth from a freshly
started worker, which loads those libraries once (~45 MB) during its first build. The parent
checks the package: status ready, the zip's entries against its manifest (paths and sizes;
`--verify` also re-reads every file and compares the SHA-256).

Target (issue 26): 100 units × 20 MB built with the worker's memory growing < 50 MB.

    .venv/bin/python bench/bench_package.py                 # 100 units × 20 MB (~6 GB of disk)
    .venv/bin/python bench/bench_package.py --smoke         # 3 units × 0.25 MB, seconds
    .venv/bin/python bench/bench_package.py --units 20 --mb 5 --verify
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
MB = 1024 * 1024
TARGET_GROWTH = 50 * MB


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


# -- the worker (child process) --------------------------------------------------------------


def worker() -> None:
    """Zona's worker on the queue until it is empty, with its memory before and after."""
    import django

    django.setup()
    from django.core.management import call_command

    import zona.proposals.tasks  # noqa: F401  (the task's module, as the worker loads it)

    fresh = _status("VmRSS")
    warm_up()
    warm_up_peak = _status("VmHWM")
    Path("/proc/self/clear_refs").write_text("5")  # the peak from here on is the build's
    warm = _status("VmRSS")
    started = time.perf_counter()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    seconds = time.perf_counter() - started
    peak = _status("VmHWM")
    figures = {"fresh": fresh, "warm": warm, "peak": peak, "seconds": seconds}
    print(json.dumps(figures | {"fresh_peak": max(peak, warm_up_peak)}))


def warm_up() -> None:
    """What a worker that has made a letter, a worksheet and a berita acara before has loaded:
    WeasyPrint with its fonts, docxtpl and openpyxl (once per process, not per package)."""
    from zona.assessments.exports import berita_acara_pdf, pmpzi_xlsx
    from zona.assessments.sheet import load_sheet
    from zona.assessments.workflow import Tier
    from zona.proposals.letter import letter_docx, letter_for, letter_pdf
    from zona.proposals.models import Package

    package = Package.objects.select_related("decree__assessment_year").get()
    candidates = list(package.decree.candidates.select_related("unit")[:1])
    letter = letter_for(package, candidates)
    letter_docx(letter), letter_pdf(letter)
    sheet = load_sheet(candidates[0].recommendation.assessment)
    pmpzi_xlsx(sheet, Tier.TPI), berita_acara_pdf(sheet, Tier.TPI)


# -- the data (parent process) ---------------------------------------------------------------


def set_up(units: int, mb: float, file_mb: float) -> tuple[int, int, int]:
    """The ministry, the LKE and their evidence, the decree; returns (package id, evidence
    files, evidence bytes)."""
    from datetime import timedelta

    from django.core.files.uploadedfile import UploadedFile
    from django.core.management import call_command
    from django.utils import timezone

    from zona.accounts.models import Role
    from zona.accounts.services import create_user, grant_membership
    from zona.assessments.models import Answer, Assessment, Evidence, EvidenceVersion
    from zona.assessments.workflow import Status, Tier
    from zona.cycles.services import create_year
    from zona.files.services import store_bytes, store_upload
    from zona.instruments.models import Instrument, Question
    from zona.instruments.spec import DATA_DIR
    from zona.organizations.models import UnitKind, UptType
    from zona.organizations.services import create_unit
    from zona.proposals.models import Candidate, Decree, Level, Proposal
    from zona.proposals.package import Signatory, request_package

    call_command("migrate", verbosity=0)
    call_command("load_instruments", str(DATA_DIR / "permenkumham-29-2019.toml"), verbosity=0)
    instrument = Instrument.objects.get(code="permenkumham-29-2019")
    today = timezone.localdate()
    year = create_year(actor=None, year=today.year, instrument=instrument)
    year.stages.update(starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30))
    root = create_unit(
        actor=None, code="KEMENKUMHAM", name="Kementerian Hukum dan HAM", kind=UnitKind.KEMENTERIAN
    )
    itjen = create_unit(
        actor=None, code="ITJEN", name="Inspektorat Jenderal", kind=UnitKind.ESELON_I, parent=root
    )
    djim = create_unit(
        actor=None,
        code="DJIM",
        name="Direktorat Jenderal Imigrasi",
        kind=UnitKind.ESELON_I,
        parent=root,
    )
    kanwil = create_unit(
        actor=None,
        code="KANWIL_JATIM",
        name="Kanwil Jawa Timur",
        kind=UnitKind.KANWIL,
        parent=root,
        province="Jawa Timur",
        pembina=djim,
    )
    tpi = create_user(actor=None, nip=None, email="tpi@example.go.id", full_name="TPI Itjen")
    grant_membership(actor=None, user=tpi, unit=itjen, role=Role.TPI_ITJEN)
    questions = list(Question.objects.filter(instrument=instrument).order_by("order"))
    decree = Decree.objects.create(
        assessment_year=year,
        number=f"M.HH-07.OT.01.01 TAHUN {year.year}",
        signed_on=today,
        document=store_bytes(actor=tpi, data=b"%PDF-1.4\n%keputusan\n%%EOF\n"),
        recorded_by=tpi,
    )
    per_unit = max(1024, int(mb * MB))
    file_size = max(1024, int(file_mb * MB))
    block = os.urandom(MB)
    files = stored_bytes = 0
    for n in range(units):
        unit = create_unit(
            actor=None,
            code=f"UPT{n:04d}",
            name=f"Kantor Imigrasi Bench {n}",
            kind=UnitKind.UPT,
            parent=kanwil,
            province="Jawa Timur",
            upt_type=UptType.KANIM,
            pembina=djim,
        )
        lke = Assessment.objects.create(unit=unit, assessment_year=year, status=Status.VERIFIED)
        Answer.objects.bulk_create(
            Answer(
                assessment=lke,
                question=q,
                tier=Tier.TPI,
                value=q.options[0]["label"] if q.options else "1",
                updated_by=tpi,
            )
            for q in questions
        )
        count = max(1, round(per_unit / file_size))
        for k in range(count):
            size = per_unit // count + (per_unit % count if k == count - 1 else 0)
            with tempfile.TemporaryFile() as source:
                source.write(b"%PDF-1.4\n" + f"%{n}.{k}\n".encode())
                while source.tell() < size:
                    source.write(block[: size - source.tell()])
                source.seek(0)
                stored = store_upload(
                    actor=tpi,
                    upload=UploadedFile(source, name=f"bukti-{n}-{k}.pdf", size=size),
                    max_bytes=size,
                )
            question = questions[k % len(questions)]
            evidence = Evidence.objects.create(
                assessment=lke, question=question, title=f"Bukti {k}", created_by=tpi
            )
            version = EvidenceVersion.objects.create(
                evidence=evidence,
                number=1,
                stored_file=stored,
                file_name=f"Bukti {question.code} nomor {k}.pdf",
                uploaded_by=tpi,
            )
            Evidence.objects.filter(pk=evidence.pk).update(current=version)
            files, stored_bytes = files + 1, stored_bytes + size
        proposal = Proposal.objects.create(
            assessment=lke,
            unit=unit,
            assessment_year=year,
            level=Level.TPI,
            target="WBK",
            proposed_by=tpi,
            proposed_at=timezone.now(),
            total=85,
            verdict={},
        )
        Candidate.objects.create(decree=decree, unit=unit, target="WBK", recommendation=proposal)
    package = request_package(
        actor=tpi,
        year=year,
        signatory=Signatory("Dr. Contoh, S.H.", "197001011995031001", "Sekretaris Jenderal"),
        letter_date=today,
    )  # commits at once (no surrounding transaction): the task is queued now
    return package.pk, files, stored_bytes


def check(package_id: int, verify: bool) -> tuple[int, int]:
    """The built package's (size, files) after checking its zip against the manifest."""
    from zona.proposals.models import Package, PackageStatus

    package = Package.objects.select_related("file").get(pk=package_id)
    if package.status != PackageStatus.READY or package.file is None:
        raise SystemExit(f"the package is {package.status}: {package.error}")
    with package.file.open() as handle, zipfile.ZipFile(handle) as archive:
        with archive.open("manifest.csv") as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, "utf-8")))
        infos = {i.filename: i for i in archive.infolist() if i.filename != "manifest.csv"}
        if {r["path"] for r in rows} != set(infos):
            raise SystemExit("the manifest does not list exactly the zip's files")
        for row in rows:
            if infos[row["path"]].file_size != int(row["size"]):
                raise SystemExit(f"size differs: {row['path']}")
            if verify:
                digest = hashlib.sha256()
                with archive.open(row["path"]) as entry:
                    while chunk := entry.read(MB):
                        digest.update(chunk)
                if digest.hexdigest() != row["sha256"]:
                    raise SystemExit(f"SHA-256 differs: {row['path']}")
    return package.file.size, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--mb", type=float, default=20, help="evidence per unit, MB")
    parser.add_argument("--file-mb", type=float, default=2, help="size of each evidence file")
    parser.add_argument("--smoke", action="store_true", help="3 units × 0.25 MB, seconds")
    parser.add_argument("--verify", action="store_true", help="re-hash every file of the zip")
    parser.add_argument("--dir", help="where the data goes (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="leave the folder in place")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    if args.smoke:
        args.units, args.mb, args.file_mb, args.verify = 3, 0.25, 0.1, True
    folder = Path(tempfile.mkdtemp(prefix="zona-bench-package-", dir=args.dir))
    needed = int(args.units * args.mb * MB * 3.2)  # evidence, the zip in /tmp, the zip stored
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise SystemExit(f"needs ~{needed / 2**30:.1f} GB of disk, {free / 2**30:.1f} GB free")
    os.environ["ZONA_VAR_DIR"] = str(folder)
    os.environ.setdefault("ZONA_SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "zona.settings"
    os.environ["ZONA_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.pop("DATABASE_URL", None)
    try:
        import django

        django.setup()
        started = time.perf_counter()
        package_id, files, stored_bytes = set_up(args.units, args.mb, args.file_mb)
        setup_seconds = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, __file__, "--worker"],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ | {"TMPDIR": str(folder)},
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        size, entries = check(package_id, args.verify)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    growth = figures["peak"] - figures["warm"]
    print(f"units: {args.units}, evidence: {files} files, {stored_bytes / MB:.0f} MB")
    print(f"set-up: {setup_seconds:.1f} s")
    print(f"package: {size / MB:.0f} MB, {entries} files in the manifest")
    print(
        f"build (worker): {figures['seconds']:.1f} s, "
        f"{stored_bytes / MB / figures['seconds']:.0f} MB/s of evidence"
    )
    print(
        f"worker memory: {figures['warm'] / MB:.0f} MB ready, peak {figures['peak'] / MB:.0f} MB"
        f": growth {growth / MB:.1f} MB during the build (target < {TARGET_GROWTH / MB:.0f} MB)"
    )
    print(
        f"  a freshly started worker: {figures['fresh'] / MB:.0f} MB, so "
        f"{(figures['fresh_peak'] - figures['fresh']) / MB:.1f} MB with loading WeasyPrint, "
        "docxtpl and openpyxl for the first time (once per process)"
    )
    if growth >= TARGET_GROWTH:
        raise SystemExit("FAILED: the worker's memory grew past the target")


if __name__ == "__main__":
    main()
