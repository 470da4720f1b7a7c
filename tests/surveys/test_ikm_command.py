"""`zona ikm FILE`: the standalone IKM calculator (no database)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

GOOD = "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,3,3,4,3,3,4,3,3\n3,3,4,,3,4,4,3,2\n4,4,4,4,4,4,4,4,4\n"


def run(path: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ikm", str(path), *extra, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_prints_respondents_nrr_ikm_and_grade(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_text(GOOD)
    status, out, err = run(path)
    assert status == 0 and err == ""
    assert json.loads(out) == {
        "respondents": 3,
        "nrr": {
            "U1": 3.6667,
            "U2": 3.3333,
            "U3": 3.6667,
            "U4": 4,
            "U5": 3.3333,
            "U6": 3.6667,
            "U7": 4,
            "U8": 3.3333,
            "U9": 3,
        },
        "ikm": 88.8889,
        "grade": "A",
    }


def test_semicolons_extra_columns_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    text = "No;Nama;u1;u2;u3;u4;u5;u6;u7;u8;u9\n1;Ani;3;3;3;3;3;3;3;3;3\n\n2;Budi;2;;;;;;;;\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    status, out, _ = run(path)
    assert status == 0
    result = json.loads(out)
    assert result["respondents"] == 2
    assert result["nrr"]["U1"] == 2.5 and result["nrr"]["U2"] == 3
    # (2.5 + 8 × 3) / 9 × 25 = 73.6111…
    assert result["ikm"] == 73.6111 and result["grade"] == "C"


def test_bad_rows_are_reported_by_line_and_nothing_is_printed(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_text(
        "U1,U2,U3,U4,U5,U6,U7,U8,U9\n"
        "4,5,3,4,3,3,4,3,3\n"
        "4,4,4,4,4,4,4,4,4\n"
        "x,1,1,1,1,1,1,1,3.5\n"
        "catatan,,,,,,,,\n"
    )
    status, out, err = run(path)
    assert status == 2 and out == ""
    assert err.splitlines() == [
        'baris 2, kolom U2: nilai harus 1, 2, 3, atau 4 (bukan "5")',
        'baris 4, kolom U1: nilai harus 1, 2, 3, atau 4 (bukan "x")',
        'baris 4, kolom U9: nilai harus 1, 2, 3, atau 4 (bukan "3.5")',
        'baris 5, kolom U1: nilai harus 1, 2, 3, atau 4 (bukan "catatan")',
    ]


def test_missing_columns_and_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_text("U1,U2,U3\n4,4,4\n")
    status, out, err = run(path, "--lang", "en")
    assert status == 2 and out == ""
    assert err.strip() == "line 1: column(s) U4, U5, U6, U7, U8, U9 missing from the header row"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n")
    assert run(path)[2].strip() == "tidak ada responden dalam berkas"
    path.write_bytes(b"U1\xff")
    assert run(path)[2].strip() == "berkas harus disimpan sebagai teks UTF-8"
    assert run(tmp_path / "missing.csv")[0] == 2


def test_runs_without_django(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_text(GOOD)
    code = (
        "import sys; from zona.surveys.ikmcalc import main; status = main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'Django was imported'; sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ikm"] == 88.8889


@pytest.mark.parametrize("argv", [["ikm", "-"]])
def test_the_zona_command_reads_standard_input(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zona.cli", *argv],
        input=GOOD,
        capture_output=True,
        text=True,
        check=False,
        env={"ZONA_SECRET_KEY": "x", "PATH": "/usr/bin:/bin", "ZONA_VAR_DIR": "var/test"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["grade"] == "A"
