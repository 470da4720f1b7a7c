"""The demo ministry generator: shape, references and realism rules. Pure Python, no database."""

from __future__ import annotations

from collections import Counter

import pytest

from zona.organizations.demo_data import (
    KANWIL_PEMBINA_CODE,
    PEMBINA_BY_UPT_TYPE,
    UPT_TYPES,
    DemoMinistry,
    build_demo_ministry,
)

ESELON_I_SHORT_NAMES = {
    "Setjen",
    "Itjen",
    "Ditjen AHU",
    "Ditjen Imigrasi",
    "Ditjen Pemasyarakatan",
    "Ditjen KI",
    "Ditjen PP",
    "Ditjen HAM",
    "BPHN",
    "Balitbangkumham",
    "BPSDM",
}

# Provinces of 2019 (34) without Kalimantan Utara, served then by the Kanwil Kalimantan Timur.
PROVINCES_2019 = {
    "Aceh",
    "Sumatera Utara",
    "Sumatera Barat",
    "Riau",
    "Kepulauan Riau",
    "Jambi",
    "Sumatera Selatan",
    "Kepulauan Bangka Belitung",
    "Bengkulu",
    "Lampung",
    "DKI Jakarta",
    "Jawa Barat",
    "Banten",
    "Jawa Tengah",
    "Daerah Istimewa Yogyakarta",
    "Jawa Timur",
    "Bali",
    "Nusa Tenggara Barat",
    "Nusa Tenggara Timur",
    "Kalimantan Barat",
    "Kalimantan Tengah",
    "Kalimantan Selatan",
    "Kalimantan Timur",
    "Sulawesi Utara",
    "Gorontalo",
    "Sulawesi Tengah",
    "Sulawesi Barat",
    "Sulawesi Selatan",
    "Sulawesi Tenggara",
    "Maluku",
    "Maluku Utara",
    "Papua",
    "Papua Barat",
}

# Tabel I (airport) and Tabel II (port) of the regulation: agencies and how many units each.
TABEL_I = Counter(
    {
        "Kementerian Perhubungan": 1,
        "Kementerian Keuangan": 1,
        "Kementerian Hukum dan Hak Asasi Manusia": 1,
        "Kementerian Kelautan dan Perikanan": 1,
        "Kementerian Kesehatan": 1,
        "Kementerian Pertanian": 1,
    }
)
TABEL_II = TABEL_I + Counter({"Kementerian Perhubungan": 1})


@pytest.fixture(scope="module")
def ministry() -> DemoMinistry:
    return build_demo_ministry()


def province_of(ministry: DemoMinistry) -> dict[str, str]:
    """UPT code -> province (the province of its Kanwil)."""
    kanwil = {k.code: k.province for k in ministry.kanwil}
    return {u.code: kanwil[u.kanwil_code] for u in ministry.upt}


def test_eleven_eselon_i_of_the_regulation(ministry: DemoMinistry) -> None:
    assert len(ministry.eselon) == 11
    assert {e.short_name for e in ministry.eselon} == ESELON_I_SHORT_NAMES
    names = {e.name for e in ministry.eselon}
    assert "Direktorat Jenderal Imigrasi" in names
    assert "Badan Pengembangan Sumber Daya Manusia Hukum dan HAM" in names


def test_thirty_three_kanwil_one_per_province(ministry: DemoMinistry) -> None:
    provinces = [k.province for k in ministry.kanwil]
    assert len(provinces) == 33
    assert set(provinces) == PROVINCES_2019
    assert "Kalimantan Utara" not in provinces
    for k in ministry.kanwil:
        assert k.name == f"Kantor Wilayah Kementerian Hukum dan HAM {k.province}"


def test_about_nine_hundred_upt(ministry: DemoMinistry) -> None:
    assert 880 <= len(ministry.upt) <= 950


def test_realistic_proportions_by_type(ministry: DemoMinistry) -> None:
    count = Counter(u.upt_type for u in ministry.upt)
    assert 115 <= count["KANIM"] <= 130
    assert count["RUDENIM"] == 13
    assert 300 <= count["LAPAS"] <= 350
    assert count["LPKA"] == 33
    assert 190 <= count["RUTAN"] <= 230
    assert 80 <= count["BAPAS"] <= 100
    assert 55 <= count["RUPBASAN"] <= 70
    assert count["BHP"] == 5
    assert count["BALAI_DIKLAT"] == 8


def test_bhp_in_the_five_cities(ministry: DemoMinistry) -> None:
    assert {u.city for u in ministry.upt if u.upt_type == "BHP"} == {
        "Jakarta Pusat",
        "Semarang",
        "Surabaya",
        "Medan",
        "Makassar",
    }


def test_codes_unique_across_eselon_kanwil_and_upt(ministry: DemoMinistry) -> None:
    codes = [e.code for e in ministry.eselon] + [k.code for k in ministry.kanwil]
    codes += [u.code for u in ministry.upt]
    assert len(codes) == len(set(codes))
    kawasan_codes = [k.code for k in ministry.kawasan]
    assert len(kawasan_codes) == len(set(kawasan_codes))


def test_codes_fit_the_unit_import(ministry: DemoMinistry) -> None:
    for u in ministry.upt:
        assert len(u.code) <= 32
        assert u.code.replace("-", "").replace("_", "").isalnum()


def test_names_unique_within_a_province_and_nationally(ministry: DemoMinistry) -> None:
    province = province_of(ministry)
    per_province = Counter((province[u.code], u.name) for u in ministry.upt)
    assert [key for key, n in per_province.items() if n > 1] == []
    assert len({u.name for u in ministry.upt}) == len(ministry.upt)


def test_names_look_like_real_unit_names(ministry: DemoMinistry) -> None:
    for u in ministry.upt:
        assert u.name.startswith(UPT_TYPES[u.upt_type] + " "), u.name
        assert u.city and not any(ch.isdigit() for ch in u.name), u.name
        assert len(u.name) <= 200
    names = {u.name for u in ministry.upt}
    assert "Kantor Imigrasi Kelas I Khusus TPI Soekarno-Hatta" in names
    assert "Kantor Imigrasi Kelas I Khusus TPI Ngurah Rai" in names
    assert "Lembaga Pemasyarakatan Kelas I Sukamiskin" in names


def test_every_upt_type_is_known(ministry: DemoMinistry) -> None:
    assert {u.upt_type for u in ministry.upt} == set(UPT_TYPES)


def test_kanwil_and_pembina_references_exist(ministry: DemoMinistry) -> None:
    kanwil_codes = {k.code for k in ministry.kanwil}
    eselon_codes = {e.code for e in ministry.eselon}
    assert KANWIL_PEMBINA_CODE in eselon_codes
    assert set(PEMBINA_BY_UPT_TYPE.values()) <= eselon_codes
    for u in ministry.upt:
        assert u.kanwil_code in kanwil_codes
        assert u.pembina_code in eselon_codes


def test_pembina_follows_the_type(ministry: DemoMinistry) -> None:
    short = {e.code: e.short_name for e in ministry.eselon}
    expected = {
        "KANIM": "Ditjen Imigrasi",
        "RUDENIM": "Ditjen Imigrasi",
        "LAPAS": "Ditjen Pemasyarakatan",
        "LPKA": "Ditjen Pemasyarakatan",
        "RUTAN": "Ditjen Pemasyarakatan",
        "BAPAS": "Ditjen Pemasyarakatan",
        "RUPBASAN": "Ditjen Pemasyarakatan",
        "BHP": "Ditjen AHU",
        "BALAI_DIKLAT": "BPSDM",
    }
    assert {t: short[c] for t, c in PEMBINA_BY_UPT_TYPE.items()} == expected
    assert short[KANWIL_PEMBINA_CODE] == "Setjen"
    for u in ministry.upt:
        assert u.pembina_code == PEMBINA_BY_UPT_TYPE[u.upt_type]


def test_every_province_has_a_prison_and_a_bapas(ministry: DemoMinistry) -> None:
    province = province_of(ministry)
    types_by_province: dict[str, set[str]] = {k.province: set() for k in ministry.kanwil}
    for u in ministry.upt:
        types_by_province[province[u.code]].add(u.upt_type)
    for name, types in types_by_province.items():
        assert types & {"LAPAS", "RUTAN"}, name
        assert "BAPAS" in types, name
        assert "KANIM" in types, name


def test_java_and_sumatra_carry_the_weight(ministry: DemoMinistry) -> None:
    per_province = Counter(province_of(ministry).values())
    java = {
        "DKI Jakarta",
        "Jawa Barat",
        "Banten",
        "Jawa Tengah",
        "Daerah Istimewa Yogyakarta",
        "Jawa Timur",
    }
    sumatra = {
        "Aceh",
        "Sumatera Utara",
        "Sumatera Barat",
        "Riau",
        "Kepulauan Riau",
        "Jambi",
        "Sumatera Selatan",
        "Kepulauan Bangka Belitung",
        "Bengkulu",
        "Lampung",
    }
    heavy = sum(n for province, n in per_province.items() if province in java | sumatra)
    assert heavy > 0.55 * len(ministry.upt)
    assert per_province["Jawa Timur"] > 4 * per_province["Papua Barat"]


@pytest.mark.parametrize(("kind", "tabel"), [("bandara", TABEL_I), ("pelabuhan", TABEL_II)])
def test_kawasan_members_follow_the_regulation(
    ministry: DemoMinistry, kind: str, tabel: Counter[str]
) -> None:
    (kawasan,) = [k for k in ministry.kawasan if k.kind == kind]
    assert Counter(m.instansi for m in kawasan.members) == tabel
    assert len({m.unit_name for m in kawasan.members}) == len(kawasan.members)

    linked = [(m.instansi, m.unit_name, m.upt_code) for m in kawasan.members if m.upt_code]
    assert len(linked) == 1
    ((instansi, unit_name, upt_code),) = linked
    assert instansi == "Kementerian Hukum dan Hak Asasi Manusia"
    upt = {u.code: u for u in ministry.upt}[upt_code]
    assert upt.upt_type == "KANIM"
    assert upt.name == unit_name
    assert province_of(ministry)[upt.code] == kawasan.province


def test_two_kawasan_airport_and_port(ministry: DemoMinistry) -> None:
    assert sorted(k.kind for k in ministry.kawasan) == ["bandara", "pelabuhan"]
    assert {k.province for k in ministry.kawasan} <= PROVINCES_2019


def test_deterministic() -> None:
    first = build_demo_ministry()
    build_demo_ministry.cache_clear()
    second = build_demo_ministry()
    assert first is not second
    assert first == second
