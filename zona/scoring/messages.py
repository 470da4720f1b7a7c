"""Message templates in Bahasa Indonesia ("id", the default) and English ("en").

Plain dictionaries of `str.format` templates, so the scoring rules stay free of Django's
gettext. Numbers in messages are rounded to two decimals for reading (a comma as the decimal
separator in Indonesian); the criteria themselves keep full precision.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

TEMPLATES: dict[str, dict[str, str]] = {
    "id": {
        # names of the fixed measures
        "measure.total": "Nilai total (pengungkit + hasil)",
        "measure.leverage": "Nilai komponen pengungkit",
        # criteria
        "minimum.passed": "{name} {actual}{detail} memenuhi batas minimal {required}.",
        "minimum.failed": "{name} {actual}{detail} di bawah batas minimal {required} "
        "(kurang {shortfall}).",
        "survey.detail": " (indeks survei {actual_index}, minimal {required_index})",
        "percent.detail": " ({actual_percent} %, minimal {required_percent} %)",
        "area.passed": "Area {name}: {actual} % dari bobot {weight} (nilai {value}), "
        "memenuhi minimal {required} %.",
        "area.failed": "Area {name}: {actual} % dari bobot {weight} (nilai {value}), "
        "di bawah minimal {required} % (perlu nilai {needed}).",
        "wealth.passed": "Seluruh pegawai wajib LHKPN telah melaporkan LHKPN dan seluruh pegawai "
        "lainnya telah menyampaikan LHKASN.",
        "wealth.failed": "Belum seluruh pegawai menyampaikan LHKPN/LHKASN (wajib 100 %).",
        "wealth.unknown": "Kepatuhan LHKPN/LHKASN tidak dinilai: data tidak diberikan.",
        "wealth.not_due": "Kepatuhan LHKPN/LHKASN belum diketahui: belum dipersyaratkan pada "
        "pra reviu, wajib 100 % pada penetapan.",
        "previous.passed": "Unit telah memperoleh predikat {required} sebelumnya.",
        "previous.failed": "Predikat {target} hanya untuk unit yang telah memperoleh predikat "
        "{required}.",
        "previous.unknown": "Predikat {target} hanya untuk unit yang telah memperoleh predikat "
        "{required}; predikat yang dimiliki unit belum diketahui: data tidak diberikan.",
        "ministry.passed": "{name} kementerian {actual} memenuhi minimal {required}.",
        "ministry.failed": "{name} kementerian {actual} di bawah minimal {required}.",
        "ministry.unknown": "{name} kementerian tidak dinilai: data tidak diberikan "
        "(minimal {required}).",
        "kawasan.unit.passed": "Unit {unit} memenuhi seluruh kriteria unit {target}.",
        "kawasan.unit.failed": "Unit {unit} belum memenuhi kriteria unit {target}: {codes}.",
        "kawasan.unit.unknown": "Unit {unit} belum dapat dinilai terhadap kriteria unit "
        "{target}: {codes}.",
        "kawasan.integration.passed": "Skor integrasi proses bisnis kawasan {actual} memenuhi "
        "minimal {required}.",
        "kawasan.integration.failed": "Skor integrasi proses bisnis kawasan {actual} di bawah "
        "minimal {required}.",
        "kawasan.integration.unknown": "Skor integrasi proses bisnis kawasan tidak dinilai: "
        "data tidak diberikan (minimal {required}).",
        "kawasan.previous.passed": "Kawasan telah memperoleh predikat {required}.",
        "kawasan.previous.failed": "Predikat kawasan {target} hanya untuk kawasan yang telah "
        "memperoleh predikat {required}.",
        # input problems
        "problem.unknown_key": "kunci tidak dikenal",
        "problem.required": "wajib diisi",
        "problem.not_object": "harus berupa objek JSON",
        "problem.not_number": "harus berupa angka",
        "problem.not_bool": "harus true atau false",
        "problem.not_text": "harus berupa teks",
        "problem.out_of_range": "harus antara {low} dan {high}",
        "problem.negative": "tidak boleh negatif",
        "problem.one_decimal": "paling banyak satu angka di belakang koma",
        "problem.not_option": "{value} bukan pilihan yang sah (pilihan: {options})",
        "problem.unknown_question": "kode pertanyaan tidak dikenal",
        "problem.one_of": "harus salah satu dari: {choices}",
        "problem.areas_or_answers": "isi tepat salah satu dari 'areas' atau 'answers'",
        "problem.no_prescreen": "instrumen ini tidak memiliki prasaringan survei",
        "problem.invalid_json": "JSON tidak valid: {error} (baris {line}, kolom {column})",
        "problem.json_constant": "JSON tidak valid: {name} bukan angka yang sah",
        "problem.not_object_or_list": "masukan harus berupa objek JSON atau daftar objek",
        "problem.file": "berkas tidak dapat dibaca: {error}",
        "problem.usage": "penggunaan: zona score [--lang id|en] [--compact] BERKAS|-",
    },
    "en": {
        "measure.total": "Total score (leverage + result)",
        "measure.leverage": "Leverage (pengungkit) score",
        "minimum.passed": "{name} {actual}{detail} meets the minimum {required}.",
        "minimum.failed": "{name} {actual}{detail} is below the minimum {required} "
        "(short by {shortfall}).",
        "survey.detail": " (survey index {actual_index}, minimum {required_index})",
        "percent.detail": " ({actual_percent} %, minimum {required_percent} %)",
        "area.passed": "Area {name}: {actual} % of its weight {weight} (value {value}), "
        "meets the minimum {required} %.",
        "area.failed": "Area {name}: {actual} % of its weight {weight} (value {value}), "
        "below the minimum {required} % (needs a value of {needed}).",
        "wealth.passed": "Every employee obliged to file LHKPN has filed it and every other "
        "employee has filed LHKASN.",
        "wealth.failed": "Not every employee has filed LHKPN/LHKASN (100 % required).",
        "wealth.unknown": "LHKPN/LHKASN compliance not assessed: no data given.",
        "wealth.not_due": "LHKPN/LHKASN compliance not known yet: not required at the "
        "pre-review, 100 % required at the penetapan.",
        "previous.passed": "The unit already holds the predicate {required}.",
        "previous.failed": "The predicate {target} is only for units that already hold {required}.",
        "previous.unknown": "The predicate {target} is only for units that already hold "
        "{required}; the predicate the unit holds is not known: no data given.",
        "ministry.passed": "Ministry {name} {actual} meets the minimum {required}.",
        "ministry.failed": "Ministry {name} {actual} is below the minimum {required}.",
        "ministry.unknown": "Ministry {name} not assessed: no data given (minimum {required}).",
        "kawasan.unit.passed": "Unit {unit} meets every unit criterion for {target}.",
        "kawasan.unit.failed": "Unit {unit} does not yet meet the unit criteria for {target}: "
        "{codes}.",
        "kawasan.unit.unknown": "Unit {unit} cannot be judged yet against the unit criteria for "
        "{target}: {codes}.",
        "kawasan.integration.passed": "The area's business-process integration score {actual} "
        "meets the minimum {required}.",
        "kawasan.integration.failed": "The area's business-process integration score {actual} is "
        "below the minimum {required}.",
        "kawasan.integration.unknown": "The area's business-process integration score not "
        "assessed: no data given (minimum {required}).",
        "kawasan.previous.passed": "The area already holds the predicate {required}.",
        "kawasan.previous.failed": "The area predicate {target} is only for areas that already "
        "hold {required}.",
        "problem.unknown_key": "unknown key",
        "problem.required": "is required",
        "problem.not_object": "must be a JSON object",
        "problem.not_number": "must be a number",
        "problem.not_bool": "must be true or false",
        "problem.not_text": "must be a string",
        "problem.out_of_range": "must be between {low} and {high}",
        "problem.negative": "must not be negative",
        "problem.one_decimal": "at most one decimal place",
        "problem.not_option": "{value} is not a valid option (options: {options})",
        "problem.unknown_question": "unknown question code",
        "problem.one_of": "must be one of: {choices}",
        "problem.areas_or_answers": "give exactly one of 'areas' or 'answers'",
        "problem.no_prescreen": "this instrument has no survey pre-screen",
        "problem.invalid_json": "invalid JSON: {error} (line {line}, column {column})",
        "problem.json_constant": "invalid JSON: {name} is not a valid number",
        "problem.not_object_or_list": "the input must be a JSON object or a list of objects",
        "problem.file": "cannot read the file: {error}",
        "problem.usage": "usage: zona score [--lang id|en] [--compact] FILE|-",
    },
}

_HUNDREDTH = Decimal("0.01")


def message(key: str, lang: str = DEFAULT_LANGUAGE, plain: bool = False, **params: object) -> str:
    """The template `key` in `lang`, filled with `params`.

    Decimals are shown with two decimals, or with as few digits as they need if `plain`.
    """
    templates = TEMPLATES.get(lang, TEMPLATES[DEFAULT_LANGUAGE])
    show = format_plain if plain else format_number
    shown = {
        name: show(value, lang) if isinstance(value, Decimal) else value
        for name, value in params.items()
    }
    return templates[key].format(**shown)


def format_number(value: Decimal, lang: str = DEFAULT_LANGUAGE) -> str:
    """Two decimals, half up; "18,50" in Indonesian, "18.50" in English."""
    text = f"{value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP):f}"
    return text.replace(".", ",") if lang == "id" else text


def format_plain(value: Decimal, lang: str = DEFAULT_LANGUAGE) -> str:
    """As few digits as the value needs: 4, 0,5, 100 (for ranges and options)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if lang == "id" else text
