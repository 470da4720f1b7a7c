"""`zona score` at both stages: the conditions beyond the score and `meets_scores`."""

from __future__ import annotations

import json
from typing import Any

from tests.scoring.test_cli import UNIT, run

WBBM_PRE_REVIEW: dict[str, Any] = {
    **UNIT,
    "target": "WBBM",
    "stage": "pra_reviu",
    "areas": {
        "manajemen_perubahan": 8,
        "penataan_tatalaksana": 7,
        "penataan_sistem_manajemen_sdm": 10,
        "penguatan_akuntabilitas_kinerja": 10,
        "penguatan_pengawasan": 15,
        "peningkatan_kualitas_pelayanan_publik": 10,
    },
    "service_survey": 4,
}


def previous_of(payload: dict[str, Any]) -> dict[str, Any]:
    status, out, err = run(payload)
    assert (status, err) == (0, "")
    result = json.loads(out)
    criterion = result["criteria"][0]
    assert criterion["code"] == "previous_predicate"
    return {"eligible": result["eligible"], "meets_scores": result["meets_scores"], **criterion}


def test_a_wbbm_pre_review_of_a_unit_holding_no_predicate_is_not_eligible() -> None:
    assert previous_of(WBBM_PRE_REVIEW) == {
        "eligible": False,
        "meets_scores": True,
        "code": "previous_predicate",
        "passed": False,
        "actual": None,
        "required": "WBK",
        "message": "Predikat Menuju WBBM hanya untuk unit yang telah memperoleh predikat "
        "Menuju WBK.",
    }


def test_a_missing_previous_predicate_is_not_yet_known() -> None:
    payload = {key: value for key, value in WBBM_PRE_REVIEW.items() if key != "previous_predicate"}
    assert previous_of(payload) == {
        "eligible": False,
        "meets_scores": True,
        "code": "previous_predicate",
        "passed": None,
        "actual": None,
        "required": "WBK",
        "message": "Predikat Menuju WBBM hanya untuk unit yang telah memperoleh predikat "
        "Menuju WBK; predikat yang dimiliki unit belum diketahui: data tidak diberikan.",
    }


def test_a_wbbm_pre_review_of_a_unit_holding_wbk_is_eligible() -> None:
    found = previous_of({**WBBM_PRE_REVIEW, "previous_predicate": "WBK"})
    assert (found["eligible"], found["meets_scores"], found["passed"]) == (True, True, True)


def test_a_previous_predicate_that_is_not_text_is_refused() -> None:
    status, out, err = run({**WBBM_PRE_REVIEW, "previous_predicate": 1})
    assert (status, out, err) == (2, "", "previous_predicate: harus berupa teks\n")
