"""`zona score`: the gap as JSON, answers kept as written, and every message in the language
asked for."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from tests.scoring.test_cli import UNIT, run, without
from zona.scoring.cli import main

ANSWERED: dict[str, Any] = {**without("areas"), "answers": {"MP.1.a": "Tidak", "MP.1.b": "B"}}


def test_each_failing_criterion_comes_with_its_shortfall() -> None:
    payload = {**UNIT, "target": "WBBM", "previous_predicate": "WBK",
               "wealth_reports_complete": False}  # fmt: skip
    status, out, _ = run(payload)
    failing = {entry["code"]: entry for entry in json.loads(out)["gap"]["failing"]}
    assert status == 0
    assert failing["total"] == {
        "code": "total",
        "passed": False,
        "actual": 75.8375,
        "required": 85,
        "message": "Nilai total (pengungkit + hasil) 75,84 di bawah batas minimal 85,00 "
        "(kurang 9,16).",
        "shortfall": 9.1625,
    }
    assert failing["area.penataan_tatalaksana"]["shortfall"] == 1.05  # 5.25 needed, 4.2 given
    assert (failing["wealth_reports"]["actual"], failing["wealth_reports"]["shortfall"]) == (
        False, None,
    )  # fmt: skip


def test_the_items_to_raise_name_their_question_and_answer() -> None:
    items = json.loads(run(ANSWERED)[1])["gap"]["items"]
    by_question = {item["question"]: item for item in items}
    assert items[0] == {
        "area": "penguatan_akuntabilitas_kinerja",
        "indicator": "AK.1",
        "question": "AK.1.a",
        "answer": None,
        "value": 0,
        "points": 1.6667,
    }
    assert by_question["MP.1.a"] == {
        "area": "manajemen_perubahan",
        "indicator": "MP.1",
        "question": "MP.1.a",
        "answer": "Tidak",
        "value": 0,
        "points": 0.5,
    }
    assert (by_question["MP.1.b"]["answer"], by_question["MP.1.b"]["value"]) == ("B", 0.5)


def test_an_answer_is_written_back_as_it_was_given() -> None:
    loose = {**ANSWERED, "answers": {"MP.1.a": "\u00a0Tidak"}}  # a no-break space before
    out = run(loose)[1]
    assert '"answer": "\u00a0Tidak"' in out


def test_every_problem_of_an_item_with_answers_is_reported_at_once() -> None:
    payload = {key: value for key, value in ANSWERED.items() if key != "target"}
    payload["answers"] = {"MP.1.a": "Mungkin"}
    assert run(payload) == (
        2,
        "",
        "target: wajib diisi\n"
        'answers.MP.1.a: "Mungkin" bukan pilihan yang sah (pilihan: Ya, Tidak)\n',
    )


def test_malformed_json_is_placed_by_line_and_column() -> None:
    raw = '{"target": "WBK",'
    assert run(None, raw=raw)[2] == (
        "JSON tidak valid: Expecting property name enclosed in double quotes (baris 1, kolom 18)\n"
    )
    assert run(None, "--lang", "en", raw=raw)[2] == (
        "invalid JSON: Expecting property name enclosed in double quotes (line 1, column 18)\n"
    )


def test_english_throughout() -> None:
    assert json.loads(run(UNIT, "--lang", "en")[1])["criteria"][0]["message"] == (
        "Total score (leverage + result) 75.84 meets the minimum 75.00."
    )
    assert run(None, "--lang", "en", raw='"WBK"')[2] == (
        "the input must be a JSON object or a list of objects\n"
    )
    assert run([UNIT, {**UNIT, "tlhp_percent": 101}], "--lang", "en")[2] == (
        "[1] tlhp_percent: must be between 0 and 100\n"
    )
    assert run(None, "--lang", "en", raw='{"x": Infinity}')[2] == (
        "invalid JSON: Infinity is not a valid number\n"
    )


def test_an_unreadable_file_in_english(tmp_path: Path) -> None:
    stderr = StringIO()
    path = tmp_path / "none.json"
    assert main(["--lang", "en", str(path)], stdout=StringIO(), stderr=stderr) == 2
    assert stderr.getvalue() == f"{path}: cannot read the file: No such file or directory\n"
