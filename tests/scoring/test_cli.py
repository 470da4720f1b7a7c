"""`zona score`: the JSON contract, its errors, and one real run of `python -m zona.scoring.cli`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zona.scoring.cli import main

UNIT: dict[str, Any] = {
    "target": "WBK",
    "areas": {
        "manajemen_perubahan": 6.1,
        "penataan_tatalaksana": 4.2,
        "penataan_sistem_manajemen_sdm": 7,
        "penguatan_akuntabilitas_kinerja": 7,
        "penguatan_pengawasan": 9.8,
        "peningkatan_kualitas_pelayanan_publik": 6,
    },
    "anti_corruption_survey": 3.65,
    "tlhp_percent": 100,
    "service_survey": 3.41,
    "wealth_reports_complete": True,
    "previous_predicate": None,
    "ministry": {"bpk_opinion": "WTP", "akip": "BB"},
}


def run(payload: Any, *options: str, raw: str | None = None) -> tuple[int, str, str]:
    stdin = io.StringIO(raw if raw is not None else json.dumps(payload))
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main([*options, "-"], stdin=stdin, stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_one_object_in_one_object_out() -> None:
    status, out, err = run(UNIT)
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["leverage"]["total"] == 40.1
    assert result["leverage"]["areas"]["penataan_tatalaksana"] == {
        "value": 4.2,
        "weight": 7,
        "percent": 60,
    }
    assert result["result"] == {
        "anti_corruption": 13.6875,
        "tlhp": 5,
        "clean_government": 18.6875,
        "service_quality": 17.05,
        "total": 35.7375,
    }
    assert result["total"] == 75.8375
    assert result["eligible"] is True
    assert result["criteria"][0] == {
        "code": "total",
        "passed": True,
        "actual": 75.8375,
        "required": 75,
        "message": "Nilai total (pengungkit + hasil) 75,84 memenuhi batas minimal 75,00.",
    }
    assert result["gap"] == {"failing": [], "items": []}


def test_a_list_in_a_list_out_with_answers_and_english() -> None:
    with_answers = {**UNIT, "answers": {"MP.1.a": "Ya", "MP.1.b": "B"}, "target": "WBBM"}
    del with_answers["areas"]
    status, out, _ = run([UNIT, with_answers], "--lang", "en", "--compact")
    results = json.loads(out)
    assert status == 0 and len(results) == 2 and "\n" not in out.strip()
    second = results[1]
    assert second["eligible"] is False
    assert second["leverage"]["areas"]["manajemen_perubahan"]["indicators"]["MP.1"] == {
        "value": 0.75,
        "weight": 1,
    }
    assert second["criteria"][0]["message"] == (
        "The predicate Menuju WBBM is only for units that already hold Menuju WBK."
    )
    first_item = second["gap"]["items"][0]
    assert first_item["answer"] is None and first_item["points"] > 0


def test_the_90_2021_instrument_and_the_pra_reviu_stage() -> None:
    unit = {
        "instrument": "permenpanrb-90-2021",
        "target": "WBK",
        "stage": "pra_reviu",
        "answers": {"PPA1A": "Ya", "PRA1A": 2},
        "anti_corruption_survey": 3.6,
        "performance_improvement": "C",
        "service_survey": 3.2,
    }
    status, out, err = run(unit)
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["leverage"]["components"] == {"pemenuhan": 0.25, "reform": 1}
    assert result["result"]["clean_government"] == 18.25
    wealth = next(c for c in result["criteria"] if c["code"] == "wealth_reports")
    assert (wealth["passed"], wealth["actual"]) == (None, None)
    assert wealth["message"] == (
        "Kepatuhan LHKPN/LHKASN belum diketahui: belum dipersyaratkan pada pra reviu, "
        "wajib 100 % pada penetapan."
    )


def without(key: str) -> dict[str, Any]:
    return {k: v for k, v in UNIT.items() if k != key}


@pytest.mark.parametrize(
    ("payload", "raw", "line"),
    [
        ({**UNIT, "colour": "red"}, None, "colour: kunci tidak dikenal"),
        ({**UNIT, "service_survey": 4.2}, None, "service_survey: harus antara 1 dan 4"),
        ({**UNIT, "tlhp_percent": -1}, None, "tlhp_percent: harus antara 0 dan 100"),
        ({**without("areas"), "answers": {"MP.1.a": "Mungkin"}}, None,
         'answers.MP.1.a: "Mungkin" bukan pilihan yang sah (pilihan: Ya, Tidak)'),
        ({**without("areas"), "answers": {"MP.9.z": "Ya"}}, None,
         "answers.MP.9.z: kode pertanyaan tidak dikenal"),
        (without("target"), None, "target: wajib diisi"),
        (without("service_survey"), None, "service_survey: wajib diisi"),
        (without("wealth_reports_complete"), None, "wealth_reports_complete: wajib diisi"),
        ({**UNIT, "answers": {}}, None, "isi tepat salah satu dari 'areas' atau 'answers'"),
        (without("areas"), None, "isi tepat salah satu dari 'areas' atau 'answers'"),
        ({**UNIT, "target": "WBKK"}, None, "target: harus salah satu dari: WBK, WBBM"),
        ({**UNIT, "ministry": {"bpk_opinion": "WTP"}}, None, "ministry.akip: wajib diisi"),
        ({**UNIT, "ministry": {"bpk_opinion": "BAGUS", "akip": "B"}}, None,
         "ministry.bpk_opinion: harus salah satu dari: WTP, WDP, TW, TMP"),
        ({**UNIT, "previous_predicate": "ZI"}, None,
         "previous_predicate: harus salah satu dari: WBK, WBBM"),
        ({**UNIT, "wealth_reports_complete": "ya"}, None,
         "wealth_reports_complete: harus true atau false"),
        ({**UNIT, "areas": {**UNIT["areas"], "penguatan_pengawasan": 16}}, None,
         "areas.penguatan_pengawasan: harus antara 0 dan 15"),
        ({**UNIT, "instrument": "permenpanrb-52-2014"}, None,
         "instrument: harus salah satu dari: permenkumham-29-2019, permenpanrb-90-2021"),
        (None, '{"target": "WBK",', "JSON tidak valid: Expecting property name enclosed"),
        (None, '{"service_survey": NaN}', "JSON tidak valid: NaN bukan angka yang sah"),
        (None, '"WBK"', "masukan harus berupa objek JSON atau daftar objek"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_a_clear_line_and_no_output(
    payload: Any, raw: str | None, line: str
) -> None:
    status, out, err = run(payload, raw=raw)
    assert status == 2
    assert out == ""
    assert any(entry.startswith(line) for entry in err.splitlines()), err


def test_problems_of_a_list_are_prefixed_by_the_item_index() -> None:
    status, out, err = run([UNIT, {**UNIT, "service_survey": 5}, UNIT, 7])
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        "[1] service_survey: harus antara 1 dan 4",
        "[3] harus berupa objek JSON",
    ]


def test_every_problem_of_an_item_is_reported_at_once() -> None:
    item = {**without("target"), "service_survey": 9, "areas": {**UNIT["areas"], "x": 1}}
    _, _, err = run(item, "--lang", "en")
    assert err.splitlines() == [
        "target: is required",
        "service_survey: must be between 1 and 4",
        "areas.x: unknown key",
    ]


def test_usage_errors_and_missing_files(tmp_path: Path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main([], stdout=stdout, stderr=stderr) == 2
    assert "zona score" in stderr.getvalue() and stdout.getvalue() == ""
    stderr = io.StringIO()
    assert main([str(tmp_path / "none.json")], stdout=stdout, stderr=stderr) == 2
    assert "none.json: berkas tidak dapat dibaca" in stderr.getvalue()
    assert main(["--help"], stdout=stdout, stderr=io.StringIO()) == 0
    assert "zona score" in stdout.getvalue()


def test_a_file_argument(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    path.write_text(json.dumps([UNIT]), encoding="utf-8")
    stdout = io.StringIO()
    assert main([str(path)], stdout=stdout, stderr=io.StringIO()) == 0
    assert json.loads(stdout.getvalue())[0]["eligible"] is True


def test_a_real_run_of_python_m_zona_scoring_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "zona.scoring.cli", "-"],
        input=json.dumps(UNIT),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["total"] == 75.8375


def test_the_command_does_not_import_django() -> None:
    code = "import sys, zona.scoring.cli, zona.scoring; print('django' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.stdout.strip() == "False"
