"""`zona ikm FILE`: the IKM of paper survey sheets, for officials checking a result by hand.

Pure Python (no Django, no database): `python -m zona.surveys.ikmcalc FILE` does the same.
FILE (or `-` for standard input) is a CSV, UTF-8, comma/semicolon/tab separated, with a header
row naming the columns U1…U9 (other columns are ignored) and one row per respondent: each cell
1, 2, 3 or 4, or empty when the respondent left the element unanswered.

Output, on success (status 0), one JSON object, numbers rounded half up to 4 decimals:

    {"respondents": 3, "nrr": {"U1": 3.3333, …, "U9": null}, "ikm": 81.9444, "grade": "B"}

Any bad row — a value other than 1–4, a row with no answer at all — is reported on standard
error with its line number, nothing is printed on standard output, and the status is 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from zona.surveys.arithmetic import SurveyResult, rounded, survey_result, tally_rows
from zona.surveys.spec import QuestionnaireError, QuestionnaireSpec, load_questionnaire

JSON_PLACES = 4
MESSAGES = {
    "id": {
        "missing_columns": "baris {line}: kolom {columns} tidak ada di baris judul",
        "no_header": "berkas kosong: tidak ada baris judul",
        "bad_value": 'baris {line}, kolom {column}: nilai harus 1, 2, 3, atau 4 (bukan "{value}")',
        "empty_row": "baris {line}: tidak ada satu pun unsur yang dijawab",
        "no_rows": "tidak ada responden dalam berkas",
        "not_utf8": "berkas harus disimpan sebagai teks UTF-8",
        "unreadable": "berkas tidak dapat dibaca: {error}",
    },
    "en": {
        "missing_columns": "line {line}: column(s) {columns} missing from the header row",
        "no_header": "empty file: no header row",
        "bad_value": 'line {line}, column {column}: the value must be 1, 2, 3 or 4 (not "{value}")',
        "empty_row": "line {line}: no element answered",
        "no_rows": "no respondent in the file",
        "not_utf8": "the file must be saved as UTF-8 text",
        "unreadable": "the file cannot be read: {error}",
    },
}


@dataclass(frozen=True)
class Problem:
    key: str
    params: dict[str, object]

    def text(self, lang: str) -> str:
        return MESSAGES[lang][self.key].format(**self.params)


class IkmInputError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_rows(spec: QuestionnaireSpec, text: str) -> list[list[int | None]]:
    """The answer rows of a CSV text; IkmInputError listing every bad line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)  # Indonesian Excel saves CSV with semicolons
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise IkmInputError([Problem("no_header", {})])
    names = [cell.strip().lstrip("\ufeff").upper() for cell in header]
    wanted = [code.upper() for code in spec.element_codes]
    missing = [code for code in wanted if code not in names]
    if missing:
        problem = Problem(
            "missing_columns", {"line": reader.line_num, "columns": ", ".join(missing)}
        )
        raise IkmInputError([problem])
    positions = [names.index(code) for code in wanted]
    rows: list[list[int | None]] = []
    problems: list[Problem] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is not a respondent
        row: list[int | None] = []
        bad = False
        for code, position in zip(spec.element_codes, positions, strict=True):
            raw = cells[position].strip() if position < len(cells) else ""
            if raw == "":
                row.append(None)
            elif raw in {"1", "2", "3", "4"}:
                row.append(int(raw))
            else:
                problems.append(Problem("bad_value", {"line": line, "column": code, "value": raw}))
                bad = True
        if not bad and all(value is None for value in row):
            problems.append(Problem("empty_row", {"line": line}))
            bad = True
        if not bad:
            rows.append(row)
    if problems:
        raise IkmInputError(problems)
    if not rows:
        raise IkmInputError([Problem("no_rows", {})])
    return rows


def calculate(text: str, spec: QuestionnaireSpec | None = None) -> SurveyResult:
    spec = spec or load_questionnaire("ikm")
    respondents, tallies = tally_rows(spec, read_rows(spec, text))
    return survey_result(spec, tallies, respondents)


def as_json(result: SurveyResult) -> dict[str, object]:
    return {
        "respondents": result.respondents,
        "nrr": {code: _number(value) for code, value in result.nrr.items()},
        "ikm": _number(result.ikm),
        "grade": result.grade.grade if result.grade else None,
    }


def _number(value: Fraction | None) -> float | int | None:
    """Rounded half up to 4 decimals; a float prints back exactly those digits."""
    if value is None:
        return None
    shown = rounded(value, JSON_PLACES)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


def main(
    argv: Sequence[str] | None = None, stdout: Writer | None = None, stderr: Writer | None = None
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="zona ikm",
        description="IKM (PermenPANRB 14/2017) of a CSV: columns U1…U9, a row per respondent.",
    )
    parser.add_argument("file", help="CSV file, or - for standard input")
    parser.add_argument("--lang", choices=sorted(MESSAGES), default="id")
    options = parser.parse_args(argv)
    try:
        spec = load_questionnaire("ikm")
    except QuestionnaireError as error:  # a broken shipped file
        err.write(f"{error}\n")
        return 1
    try:
        text = _read(options.file)
        result = calculate(text, spec)
    except IkmInputError as error:
        for problem in error.problems:
            err.write(problem.text(options.lang) + "\n")
        return 2
    out.write(json.dumps(as_json(result), ensure_ascii=False) + "\n")
    return 0


def _read(name: str) -> str:
    try:
        data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()  # noqa: SIM115
    except OSError as error:
        raise IkmInputError([Problem("unreadable", {"error": error.strerror or error})]) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IkmInputError([Problem("not_utf8", {})]) from error


if __name__ == "__main__":
    sys.exit(main())
