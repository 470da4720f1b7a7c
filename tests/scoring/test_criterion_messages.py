"""The exact words of every kind of criterion, met and not met, so that a failed minimum can
never read "memenuhi" (and a met one never "di bawah")."""

from __future__ import annotations

from decimal import Decimal

from tests.scoring.builders import area_unit, kumham, panrb
from tests.scoring.test_regulation_cases import by_code, wbbm_unit
from zona.scoring import Answer, UnitInput, UnitStanding, evaluate, score_unit

D = Decimal
MISSING_EVERYTHING = UnitStanding(False, None, {"bpk_opinion": "TW", "akip": "C"})


def failing_unit_messages(lang: str = "id") -> dict[str, str]:
    unit = area_unit(
        {"penataan_tatalaksana": D("4.1")},
        anti_corruption_survey=D("3.5"),
        tlhp_percent=D(90),
        service_survey=D("3.1"),
    )
    criteria = evaluate(kumham(), score_unit(kumham(), unit), "WBK", MISSING_EVERYTHING, lang=lang)
    return {c.code: c.message for c in criteria if c.passed is False}


def test_every_minimum_not_met_says_by_how_much() -> None:
    assert failing_unit_messages() == {
        "total": "Nilai total (pengungkit + hasil) 73,03 di bawah batas minimal 75,00 "
        "(kurang 1,98).",
        "leverage": "Nilai komponen pengungkit 39,90 di bawah batas minimal 40,00 (kurang 0,10).",
        "area.penataan_tatalaksana": "Area Penataan Tatalaksana: 58,57 % dari bobot 7 "
        "(nilai 4,10), di bawah minimal 60,00 % (perlu nilai 4,20).",
        "clean_government": "Terwujudnya Pemerintahan yang Bersih dan Bebas KKN 17,63 di bawah "
        "batas minimal 18,50 (kurang 0,88).",
        "anti_corruption": "Survei Persepsi Anti Korupsi 13,13 (indeks survei 3,50, minimal 3,60) "
        "di bawah batas minimal 13,50 (kurang 0,38).",
        "tlhp": "Persentase penyelesaian TLHP 4,50 (90,00 %, minimal 100,00 %) di bawah batas "
        "minimal 5,00 (kurang 0,50).",
        "service_quality": "Terwujudnya Peningkatan Kualitas Pelayanan Publik kepada Masyarakat "
        "15,50 (indeks survei 3,10, minimal 3,20) di bawah batas minimal 16,00 (kurang 0,50).",
        "wealth_reports": "Belum seluruh pegawai menyampaikan LHKPN/LHKASN (wajib 100 %).",
        "ministry.bpk_opinion": "Opini BPK atas laporan keuangan kementerian TW di bawah "
        "minimal WDP.",
        "ministry.akip": "Nilai AKIP kementerian C di bawah minimal B.",
    }


def test_every_criterion_met_says_so() -> None:
    standing = UnitStanding(True, "WBK", {"bpk_opinion": "WTP", "akip": "B"})
    criteria = evaluate(kumham(), score_unit(kumham(), wbbm_unit()), "WBBM", standing)
    messages = by_code(criteria)
    assert all(c.passed is True for c in criteria)
    assert {code: messages[code].message for code in (
        "previous_predicate", "total", "leverage", "area.penataan_tatalaksana",
        "clean_government", "tlhp", "service_quality", "wealth_reports",
        "ministry.bpk_opinion", "ministry.akip",
    )} == {
        "previous_predicate": "Unit telah memperoleh predikat Menuju WBK sebelumnya.",
        "total": "Nilai total (pengungkit + hasil) 85,00 memenuhi batas minimal 85,00.",
        "leverage": "Nilai komponen pengungkit 48,00 memenuhi batas minimal 48,00.",
        "area.penataan_tatalaksana": "Area Penataan Tatalaksana: 75,00 % dari bobot 7 "
        "(nilai 5,25), memenuhi minimal 75,00 %.",
        "clean_government": "Terwujudnya Pemerintahan yang Bersih dan Bebas KKN 18,50 memenuhi "
        "batas minimal 18,50.",
        "tlhp": "Persentase penyelesaian TLHP 5,00 (100,00 %, minimal 100,00 %) memenuhi batas "
        "minimal 5,00.",
        "service_quality": "Terwujudnya Peningkatan Kualitas Pelayanan Publik kepada Masyarakat "
        "18,50 (indeks survei 3,70, minimal 3,60) memenuhi batas minimal 18,00.",
        "wealth_reports": "Seluruh pegawai wajib LHKPN telah melaporkan LHKPN dan seluruh pegawai "
        "lainnya telah menyampaikan LHKASN.",
        "ministry.bpk_opinion": "Opini BPK atas laporan keuangan kementerian WTP memenuhi "
        "minimal WTP.",
        "ministry.akip": "Nilai AKIP kementerian B memenuhi minimal B.",
    }  # fmt: skip


def test_each_criterion_keeps_its_actual_and_required_values() -> None:
    unit = area_unit({"penataan_tatalaksana": D("4.1")}, tlhp_percent=D(90))
    criteria = by_code(evaluate(kumham(), score_unit(kumham(), unit), "WBK", MISSING_EVERYTHING))
    found = {code: (c.passed, c.actual, c.required) for code, c in criteria.items()}
    assert found["area.penataan_tatalaksana"] == (False, D("4.1") * 100 / 7, D(60))
    assert found["tlhp"] == (False, D("4.5"), D(5))
    assert found["clean_government"] == (False, D("18"), D("18.5"))
    assert found["ministry.bpk_opinion"] == (False, "TW", "WDP")
    assert found["wealth_reports"] == (False, False, True)


def test_an_area_weight_with_decimals_is_written_in_each_language() -> None:
    results: dict[str, Answer] = {"anti_corruption_survey": D(4), "performance_improvement": "A",
                                  "service_survey": D(4)}  # fmt: skip
    score = score_unit(panrb(), UnitInput(results=results, answers={}))
    key = "area.pemenuhan_penataan_tatalaksana"
    indonesian = by_code(evaluate(panrb(), score, "WBK"))[key].message
    english = by_code(evaluate(panrb(), score, "WBK", lang="en"))[key].message
    assert indonesian == (
        "Area Penataan Tatalaksana (Pemenuhan): 0,00 % dari bobot 3,5 (nilai 0,00), di bawah "
        "minimal 60,00 % (perlu nilai 2,10)."
    )
    assert english == (
        "Area Penataan Tatalaksana (Pemenuhan): 0.00 % of its weight 3.5 (value 0.00), below "
        "the minimum 60.00 % (needs a value of 2.10)."
    )


def test_a_graded_result_component_has_no_index_or_percentage() -> None:
    results: dict[str, Answer] = {"anti_corruption_survey": D(4), "performance_improvement": "C",
                                  "service_survey": D(4)}  # fmt: skip
    criteria = by_code(evaluate(panrb(), score_unit(panrb(), UnitInput(results, {})), "WBK"))
    assert criteria["performance_improvement"].message == (
        "Capaian Kinerja Lebih Baik dari Capaian Kinerja Sebelumnya 2,50 memenuhi batas "
        "minimal 2,50."
    )
    assert criteria["anti_corruption"].message == (
        "Nilai Survei Persepsi Korupsi (IPAK) 17,50 (indeks survei 4,00, minimal 3,60) memenuhi "
        "batas minimal 15,75."
    )
