"""The LKE on paper and in spreadsheets: the PMPZI layout, offline filling, the berita acara."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.assessments.answers import InvalidAnswer, clean_answer
from zona.assessments.sheet import Sheet
from zona.assessments.workflow import Tier
from zona.core.errors import ImportRejected, RowError
from zona.core.pdf import html_to_pdf
from zona.core.tabular import Table, missing_columns, xlsx_bytes

PMPZI_COLUMNS = (
    "Penilaian",
    "Bobot",
    "Penjelasan",
    "Pilihan Jawaban",
    "Jawaban",
    "Nilai",
    "%",
    "Catatan",
    "Eviden",
)
OFFLINE_COLUMNS = ("kode", "pertanyaan", "pilihan_jawaban", "jawaban", "catatan")
HUNDRED = Decimal(100)


def pmpzi_rows(sheet: Sheet, tier: str) -> list[list[object]]:
    """Area, indicator and question rows as the PMPZI worksheet lays them out."""
    chosen = sheet.effective[tier]
    score = sheet.leverage_by_tier[tier]
    rows: list[list[object]] = []
    for area in sheet.areas:
        area_score = score.area(area.key)
        rows.append(
            [
                area.name.upper(),
                _num(area.weight),
                "",
                "",
                "",
                _num(area_score.value),
                _num(area_score.percent),
                "",
                "",
            ]
        )
        indicator_scores = {i.code: i for i in area_score.indicators}
        for block in area.indicators:
            indicator = block.indicator
            value = indicator_scores[indicator.code].value
            rows.append(
                [
                    f"{indicator.code} {indicator.name}",
                    _num(indicator.weight),
                    "",
                    "",
                    "",
                    _num(value),
                    _num(value / indicator.weight * HUNDRED),
                    "",
                    "",
                ]
            )
            for row in block.rows:
                question = row.question
                answer = chosen.get(question.code)
                own = row.answers.get(tier) or row.satker_answer
                options = option_lines(question.options, with_values=True)
                rows.append(
                    [
                        f"{question.code} {question.text}",
                        "",
                        question.evidence,
                        options or _("number ≥ 0 (realisasi ÷ acuan, at most 1)"),
                        "" if answer is None else str(answer),
                        _num(_item_value(question, answer)),
                        "",
                        own.note if own else "",
                        "; ".join(_evidence_label(e) for e in row.evidence),
                    ]
                )
    rows.append([_("TOTAL LEVERAGE"), 60, "", "", "", _num(score.total), "", "", ""])
    return rows


def pmpzi_xlsx(sheet: Sheet, tier: str) -> bytes:
    assessment = sheet.assessment
    title = f"LKE {assessment.assessment_year.year} {tier}"
    rows = pmpzi_rows(sheet, tier)
    if assessment.transitions.filter(manual=True).exists():
        rows.insert(
            0,
            [
                _("Includes a manual (offline) verification; see the berita acara."),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        )
    return xlsx_bytes(PMPZI_COLUMNS, rows, title=title)


def offline_xlsx(sheet: Sheet) -> bytes:
    rows = []
    for row in sheet.rows.values():
        answer = row.satker_answer
        options = option_lines(row.question.options)
        rows.append(
            [
                row.question.code,
                row.question.text,
                options or _("number"),
                answer.value if answer else "",
                answer.note if answer else "",
            ]
        )
    return xlsx_bytes(OFFLINE_COLUMNS, rows, title="LKE")


def read_offline(sheet: Sheet, table: Table) -> list[tuple[Any, str, str]]:
    """(question, value, note) for every changed row; ImportRejected naming each bad row."""
    missing = missing_columns(table, ("kode", "jawaban", "catatan"))
    if missing:
        raise ImportRejected([RowError(1, c, _("required column is missing")) for c in missing])
    by_code = {row.question.code: row for row in sheet.rows.values()}
    errors, changes, seen = [], [], set()
    for offset, raw in enumerate(table.rows):
        number = table.first_row_number + offset
        code = raw.get("kode", "")
        row = by_code.get(code)
        if row is None:
            errors.append(
                RowError(number, "kode", _("no question with code %(code)s") % {"code": code})
            )
            continue
        if code in seen:
            errors.append(
                RowError(number, "kode", _("question %(code)s appears twice") % {"code": code})
            )
            continue
        seen.add(code)
        try:
            value = clean_answer(row.question, raw.get("jawaban", ""))
        except InvalidAnswer as exc:
            errors.append(RowError(number, "jawaban", str(exc)))
            continue
        note = raw.get("catatan", "")
        current = row.satker_answer
        if (current.value if current else "", current.note if current else "") != (value, note):
            changes.append((row.question, value, note))
    if errors:
        raise ImportRejected(errors)
    return changes


def berita_acara_pdf(sheet: Sheet, tier: str, *, predicate: str = "WBK") -> bytes:
    minimum = Decimal(60 if predicate == "WBK" else 75)
    score = sheet.leverage_by_tier[tier]
    lines = []
    for area in sheet.areas:
        area_score = score.area(area.key)
        notes = [
            f"{row.question.code}: {review.note}"
            for block in area.indicators
            for row in block.rows
            if (review := row.reviews.get(tier)) is not None and review.note
        ]
        lines.append(
            {
                "name": area.name,
                "weight": area.weight,
                "value": area_score.value,
                "minimum": area.weight * minimum / HUNDRED,
                "percent": area_score.percent,
                "meets": area_score.percent >= minimum,
                "notes": notes,
            }
        )
    assessment = sheet.assessment
    html = render_to_string(
        "assessments/berita_acara.html",
        {
            "assessment": assessment,
            "tier": Tier(tier),
            "lines": lines,
            "total": score.total,
            "predicate": predicate,
            "minimum": minimum,
            "manual": assessment.transitions.filter(manual=True).exists(),
            "today": timezone.localdate(),
        },
    )
    return html_to_pdf(html)


def option_lines(options: list[dict[str, str]], *, with_values: bool = False) -> str:
    """The options of a question, one a line, each with what it means:
    "A (1) — Jika tim telah dibentuk …" (PMPZI) or "A — Jika …" (offline worksheet)."""
    lines = []
    for option in options:
        line = f"{option['label']} ({option['value']})" if with_values else str(option["label"])
        if option.get("criterion"):
            line += f" — {option['criterion']}"
        lines.append(line)
    return "\n".join(lines)


def _item_value(question: Any, answer: Any) -> Decimal | None:
    if answer is None:
        return None
    if question.options:
        return next(Decimal(o["value"]) for o in question.options if o["label"] == answer)
    return min(Decimal(answer), Decimal(1))


def _num(value: Decimal | None) -> float | str:
    return "" if value is None else float(round(value, 4))


def _evidence_label(evidence: Any) -> str:
    if evidence.current:
        return f"{evidence.title} ({evidence.current.stored_file.sha256[:12]})"
    return f"{evidence.title} <{evidence.url}>"
