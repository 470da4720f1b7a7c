"""`zona score`: reading a request (every fault named, each once) and writing numbers."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.scoring.test_cli import UNIT, run, without
from zona.instruments.spec import InstrumentError
from zona.scoring.cli import main
from zona.scoring.jsonio import number

USAGE = "penggunaan: zona score [--lang id|en] [--compact] BERKAS|-\n"


@pytest.mark.parametrize(
    ("payload", "lines"),
    [
        ({**UNIT, "stage": "x"}, ["stage: harus salah satu dari: penetapan, pra_reviu"]),
        ({**without("wealth_reports_complete"), "stage": "x"},
         ["stage: harus salah satu dari: penetapan, pra_reviu"]),
        ({**UNIT, "answers": [], "areas": None},
         ["answers: harus berupa objek JSON", "areas: harus berupa objek JSON",
          "isi tepat salah satu dari 'areas' atau 'answers'"]),
        ({**UNIT, "ministry": []}, ["ministry: harus berupa objek JSON"]),
        ({**UNIT, "ministry": {"bpk_opinion": 1, "akip": "B"}},
         ["ministry.bpk_opinion: harus berupa teks"]),
        ({**UNIT, "ministry": {"x": "A", "bpk_opinion": "WTP", "akip": "B"}},
         ["ministry.x: kunci tidak dikenal"]),
        ({**without("target"), "ministry": {}}, ["target: wajib diisi"]),
        ({**UNIT, "target": "WBBM", "ministry": {}},
         ["ministry.bpk_opinion: wajib diisi", "ministry.akip: wajib diisi"]),
        ({**UNIT, "service_survey": 5, "tlhp_percent": "100", "areas": {"x": 1}},
         ["areas.x: kunci tidak dikenal", "tlhp_percent: harus berupa angka",
          "service_survey: harus antara 1 dan 4"] + [
          f"areas.{key}: wajib diisi" for key in UNIT["areas"]]),
    ],
)  # fmt: skip
def test_a_bad_request_names_each_fault_once(payload: dict[str, Any], lines: list[str]) -> None:
    status, out, err = run(payload)
    assert (status, out) == (2, "")
    assert sorted(err.splitlines()) == sorted(lines)


def test_a_pre_review_needs_no_wealth_reports() -> None:
    status, out, err = run({**without("wealth_reports_complete"), "stage": "pra_reviu"})
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert (result["stage"], result["eligible"], result["meets_scores"]) == (
        "pra_reviu", False, True,
    )  # fmt: skip


def test_the_object_not_a_request() -> None:
    assert run([3, "x"]) == (2, "", "[0] harus berupa objek JSON\n[1] harus berupa objek JSON\n")


@pytest.mark.parametrize(
    "arguments",
    [["--lang"], ["--lang", "fr", "-"], ["--lang=fr", "-"], ["--verbose"], ["a", "b"], []],
)
def test_a_wrong_command_line_prints_the_usage(arguments: list[str]) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(arguments, stdin=io.StringIO("{}"), stdout=stdout, stderr=stderr) == 2
    assert (stdout.getvalue(), stderr.getvalue()) == ("", USAGE)


@pytest.mark.parametrize("arguments", [["--lang=en", "-"], ["--lang", "en", "-"]])
def test_both_spellings_of_the_language_option(arguments: list[str]) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    stdin = io.StringIO(json.dumps({**UNIT, "service_survey": 5}))
    assert main(arguments, stdin=stdin, stdout=stdout, stderr=stderr) == 2
    assert stderr.getvalue() == "service_survey: must be between 1 and 4\n"


def test_the_layouts_of_the_output() -> None:
    indented, compact = run(UNIT)[1], run(UNIT, "--compact")[1]
    assert indented.startswith('{\n  "instrument": "permenkumham-29-2019",\n  "target": "WBK",')
    assert compact.startswith('{"instrument":"permenkumham-29-2019","target":"WBK","stage":')
    assert indented.endswith("}\n") and compact.endswith("}\n")
    assert json.loads(indented) == json.loads(compact)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.00004"), 2),
        (Decimal("2.00005"), 2.0001),  # half up
        (Decimal("0.12344"), 0.1234),
        (Decimal("-1.23455"), -1.2346),
        (Decimal(75), 75),
    ],
)
def test_numbers_are_rounded_half_up_to_four_decimals(value: Decimal, shown: float) -> None:
    assert number(value) == shown
    assert type(number(value)) is type(shown)


def test_a_broken_instrument_file_exits_1_with_its_faults(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(code: str) -> None:
        raise InstrumentError(f"{code}.toml", ["areas[0]: weights add up to 50, not 60"])

    monkeypatch.setattr("zona.scoring.jsonio.load_instrument", broken)
    assert run(UNIT) == (
        1, "", "permenkumham-29-2019.toml:\n  areas[0]: weights add up to 50, not 60\n",
    )  # fmt: skip


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    missing, binary = tmp_path / "none.json", tmp_path / "binary.json"
    binary.write_bytes(b"\xff{}")
    for path, reason in [
        (missing, "No such file or directory"),
        (binary, "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
    ]:
        stdout, stderr = io.StringIO(), io.StringIO()
        assert main([str(path)], stdout=stdout, stderr=stderr) == 2
        assert (stdout.getvalue(), stderr.getvalue()) == (
            "", f"{path}: berkas tidak dapat dibaca: {reason}\n",
        )  # fmt: skip


def test_the_help_is_the_commands_own_text() -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(["-h"], stdout=stdout, stderr=stderr) == 0
    assert stdout.getvalue().startswith("`zona score FILE|-`: score units from JSON")
    assert stderr.getvalue() == ""
