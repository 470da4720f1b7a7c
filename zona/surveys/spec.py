"""Questionnaires as data: one TOML file per questionnaire, read into frozen dataclasses.

Pure Python (no Django), so the `zona ikm` calculator, the arithmetic and the Django app read
the same validated structure. A file carries its `code` and `version`; a changed questionnaire
is a new version (the database keeps every version it has loaded, with the exact text, so a
survey period always shows and scores what its respondents were asked). docs/surveys.md
describes the format.

    >>> spec = load_questionnaire("ikm")
    >>> [element.code for element in spec.elements][:3]
    ['U1', 'U2', 'U3']

Every answer to an element is 1..4, the position of the chosen option in the element's own
list of labels (1 = the worst, 4 = the best).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from zona.core.toml import DataFileError, parse_toml, read_text

DATA_DIR = Path(__file__).with_name("data")
FORMAT = 1  # the version of the file format this module reads

IKM = "ikm"  # PermenPANRB 14/2017: NRR per element, IKM = mean NRR × 25, grade A–D
INDEX = "index"  # a perception index on the 1–4 scale (mean of the elements' means)
KINDS = (IKM, INDEX)

SCALE = 4  # answers are 1..SCALE
MAX_ELEMENTS = 16  # typed answer columns a01..a16 in the database
# The result inputs of the scoring engine that a survey index may feed (docs/scoring.md).
FEEDS = ("anti_corruption_survey", "service_survey")


class QuestionnaireError(DataFileError):
    """A broken questionnaire file; `problems` lists every fault found, one line each."""


@dataclass(frozen=True)
class ElementSpec:
    """One scored element (unsur), answered 1..4 with its own option labels."""

    code: str  # "U1"
    name: str  # "Persyaratan"
    text: str  # the question as asked
    options: tuple[str, ...]  # SCALE labels, worst first: option i has the value i + 1
    hint: str = ""  # an optional explanation under the question


@dataclass(frozen=True)
class ChoiceSpec:
    code: str  # stored value
    label: str  # shown


@dataclass(frozen=True)
class ProfileSpec:
    """A respondent profile question (not scored): gender, age band, education, service."""

    key: str
    text: str
    options: tuple[ChoiceSpec, ...]
    column: str  # its column in a paper-survey import file
    by_unit_type: tuple[tuple[str, tuple[ChoiceSpec, ...]], ...] = ()  # UPT type/unit kind → …
    required: bool = False

    def options_for(self, unit_type: str) -> tuple[ChoiceSpec, ...]:
        """The options shown to a unit of this UPT type or unit kind (the generic list else)."""
        for key, options in self.by_unit_type:
            if key == unit_type:
                return options
        return self.options

    @cached_property
    def all_codes(self) -> frozenset[str]:
        codes = {option.code for option in self.options}
        for _, options in self.by_unit_type:
            codes |= {option.code for option in options}
        return frozenset(codes)


@dataclass(frozen=True)
class CheckSpec:
    """The check question: did an officer direct the respondent to answer favourably?"""

    key: str
    text: str
    options: tuple[ChoiceSpec, ...]
    column: str  # its column in a paper-survey import file
    flag_on: str  # the option code that flags the response


@dataclass(frozen=True)
class GradeSpec:
    grade: str  # "A"
    label: str  # "Sangat Baik"
    min_ikm: Decimal  # lowest IKM (25..100, two decimals) of the grade, inclusive


@dataclass(frozen=True)
class IntegritySpec:
    min_seconds: int  # a response filled faster than this is flagged "too fast"
    straight_line_min: int  # at least this many answered elements, all alike → "straight-lining"


@dataclass(frozen=True, eq=False)  # compared by identity: load_questionnaire shares one object
class QuestionnaireSpec:
    code: str
    version: int
    kind: str  # IKM or INDEX
    title: str
    short_title: str
    abbreviation: str  # column heading in tables: "IKM", "IPK", …
    regulation: str
    feeds: str  # a scoring result input, or "" when the index is informative only
    intro: str
    closing: str
    elements: tuple[ElementSpec, ...]
    profile: tuple[ProfileSpec, ...]
    check: CheckSpec
    grades: tuple[GradeSpec, ...]  # IKM only, best first
    integrity: IntegritySpec
    notes: str = ""

    @cached_property
    def element_codes(self) -> tuple[str, ...]:
        return tuple(element.code for element in self.elements)

    def element_index(self, code: str) -> int:
        return self.element_codes.index(code)

    def profile_question(self, key: str) -> ProfileSpec:
        for question in self.profile:
            if question.key == key:
                return question
        raise KeyError(key)


# ---------------------------------------------------------------------------------------
# Loading


def questionnaire_path(code: str) -> Path:
    return DATA_DIR / f"{code}.toml"


def available_questionnaires() -> list[str]:
    """The codes of the questionnaires shipped in `data/`, sorted."""
    return list(_shipped_codes())


@cache
def _shipped_codes() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in DATA_DIR.glob("*.toml")))


@cache
def load_questionnaire(code: str) -> QuestionnaireSpec:
    """The shipped questionnaire `code`, validated once and shared (KeyError if unknown)."""
    if code not in _shipped_codes():
        raise KeyError(f"unknown questionnaire {code!r}; available: {available_questionnaires()}")
    return load_questionnaire_file(questionnaire_path(code))


def load_questionnaire_file(path: str | Path) -> QuestionnaireSpec:
    path = Path(path)
    text = read_text(path, QuestionnaireError)
    return parse_questionnaire(text, source=str(path), expected_code=path.stem)


def parse_questionnaire(
    text: str, *, source: str, expected_code: str | None = None
) -> QuestionnaireSpec:
    """Validate the text of a questionnaire file (as stored when it was loaded)."""
    raw = parse_toml(text, source=source, error=QuestionnaireError)
    reader = _Reader()
    spec = reader.questionnaire(raw)
    if spec is not None and expected_code is not None and spec.code != expected_code:
        reader.fail("code", f"{spec.code!r} must equal the file name {expected_code!r}")
    if reader.problems or spec is None:
        raise QuestionnaireError(source, reader.problems)
    return spec


# ---------------------------------------------------------------------------------------
# Validation: collect every problem with its place in the file, then fail once.


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def table(
        self, raw: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.fail(where, "must be a table")
            return {}
        for key in required:
            if key not in raw:
                self.fail(where, f"missing key {key!r}")
        for key in raw:
            if key not in required and key not in optional:
                self.fail(where, f"unknown key {key!r}")
        return raw

    def text(self, raw: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if value is None:
            return ""  # missing: reported by table()
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.fail(f"{where}.{key}", "must be a non-empty string")
            return ""
        return value.strip()

    def integer(self, raw: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
        value = raw.get(key)
        if value is None:
            return low
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{where}.{key}", f"must be a whole number from {low} to {high}")
            return low
        return value

    def items(self, raw: Any, where: str) -> list[Any]:
        if not isinstance(raw, list) or not raw:
            if raw is not None:
                self.fail(where, "must be a non-empty array of tables")
            return []
        return raw

    def unique(self, keys: Sequence[str], where: str) -> None:
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                self.fail(where, f"duplicate {key!r}")
            seen.add(key)

    def questionnaire(self, raw: dict[str, Any]) -> QuestionnaireSpec | None:
        top = self.table(
            raw,
            "(file)",
            required=(
                "code",
                "version",
                "kind",
                "title",
                "regulation",
                "intro",
                "elements",
                "profile",
                "check",
                "integrity",
            ),
            optional=(
                "format",
                "short_title",
                "abbreviation",
                "feeds",
                "closing",
                "grades",
                "notes",
            ),
        )
        if not top:
            return None
        if top.get("format", FORMAT) != FORMAT:
            self.fail("format", f"unsupported format {top['format']!r}; this reader knows {FORMAT}")
        kind = top.get("kind")
        if kind not in KINDS:
            self.fail("kind", f"unknown kind {kind!r}; use one of {KINDS}")
        feeds = top.get("feeds", "")
        if feeds not in ("", *FEEDS):
            self.fail("feeds", f"unknown scoring input {feeds!r}; use one of {FEEDS} or ''")
        code = self.text(top, "code", "(file)")
        if code and not code.replace("-", "").isalnum():
            self.fail("code", "use letters, digits and '-' only")
        elements = self.elements(top.get("elements"))
        grades = self.grades(top.get("grades"), kind)
        title = self.text(top, "title", "(file)")
        return QuestionnaireSpec(
            code=code,
            version=self.integer(top, "version", "(file)", 1, 10_000),
            kind=str(kind),
            title=title,
            short_title=self.text(top, "short_title", "(file)", default="") or title,
            abbreviation=self.text(top, "abbreviation", "(file)", default="") or code.upper(),
            regulation=self.text(top, "regulation", "(file)"),
            feeds=str(feeds),
            intro=self.text(top, "intro", "(file)"),
            closing=self.text(top, "closing", "(file)", default=""),
            elements=tuple(elements),
            profile=tuple(self.profile(top.get("profile"))),
            check=self.check(top.get("check")),
            grades=tuple(grades),
            integrity=self.integrity(top.get("integrity"), len(elements)),
            notes=self.text(top, "notes", "(file)", default=""),
        )

    def elements(self, raw: Any) -> list[ElementSpec]:
        elements = []
        for index, body in enumerate(self.items(raw, "elements")):
            where = f"elements[{index}]"
            table = self.table(body, where, ("code", "name", "text", "options"), ("hint",))
            code = self.text(table, "code", where)
            where = f"{where} ({code})" if code else where
            options = table.get("options")
            labels: tuple[str, ...] = ()
            if not isinstance(options, list) or len(options) != SCALE:
                self.fail(f"{where}.options", f"must list exactly {SCALE} labels, worst first")
            elif not all(isinstance(label, str) and label.strip() for label in options):
                self.fail(f"{where}.options", "every label must be a non-empty string")
            else:
                labels = tuple(label.strip() for label in options)
                self.unique([label.casefold() for label in labels], f"{where}.options")
            elements.append(
                ElementSpec(
                    code=code,
                    name=self.text(table, "name", where),
                    text=self.text(table, "text", where),
                    options=labels,
                    hint=self.text(table, "hint", where, default=""),
                )
            )
        if len(elements) > MAX_ELEMENTS:
            self.fail("elements", f"at most {MAX_ELEMENTS} elements")
        self.unique([element.code for element in elements], "elements (codes)")
        return elements

    def choices(self, raw: Any, where: str) -> tuple[ChoiceSpec, ...]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.fail(where, "needs an array of at least two options")
            return ()
        options = []
        for index, body in enumerate(raw):
            place = f"{where}[{index}]"
            table = self.table(body, place, ("code", "label"))
            code, label = self.text(table, "code", place), self.text(table, "label", place)
            if code and len(code) > 32:
                self.fail(f"{place}.code", "at most 32 characters")
            options.append(ChoiceSpec(code, label))
        self.unique([option.code for option in options], f"{where} (codes)")
        return tuple(options)

    def profile(self, raw: Any) -> list[ProfileSpec]:
        questions = []
        for index, body in enumerate(self.items(raw, "profile")):
            where = f"profile[{index}]"
            table = self.table(
                body, where, ("key", "text", "column", "options"), ("by_unit_type", "required")
            )
            key = self.text(table, "key", where)
            where = f"{where} ({key})" if key else where
            by_type = []
            extra = table.get("by_unit_type", {})
            if not isinstance(extra, dict):
                self.fail(f"{where}.by_unit_type", "must be a table of option arrays")
            else:
                for unit_type, options in extra.items():
                    by_type.append(
                        (unit_type, self.choices(options, f"{where}.by_unit_type.{unit_type}"))
                    )
            required = table.get("required", False)
            if not isinstance(required, bool):
                self.fail(f"{where}.required", "must be true or false")
            questions.append(
                ProfileSpec(
                    key=key,
                    text=self.text(table, "text", where),
                    options=self.choices(table.get("options"), f"{where}.options"),
                    column=self.column(table, where),
                    by_unit_type=tuple(by_type),
                    required=bool(required),
                )
            )
        self.unique([question.key for question in questions], "profile (keys)")
        self.unique([question.column for question in questions], "profile (columns)")
        return questions

    def column(self, table: dict[str, Any], where: str) -> str:
        column = self.text(table, "column", where)
        if column and (column != column.lower() or not column.replace("_", "").isalnum()):
            self.fail(f"{where}.column", "use lower-case letters, digits and '_'")
        return column

    def check(self, raw: Any) -> CheckSpec:
        table = self.table(raw, "check", ("key", "text", "column", "options", "flag_on"))
        options = self.choices(table.get("options"), "check.options") if table else ()
        flag_on = self.text(table, "flag_on", "check")
        if flag_on and options and flag_on not in {option.code for option in options}:
            self.fail("check.flag_on", f"{flag_on!r} is not one of the option codes")
        return CheckSpec(
            key=self.text(table, "key", "check"),
            text=self.text(table, "text", "check"),
            options=options,
            column=self.column(table, "check") if table else "",
            flag_on=flag_on,
        )

    def grades(self, raw: Any, kind: Any) -> list[GradeSpec]:
        if kind != IKM:
            if raw is not None:
                self.fail("grades", "only an IKM questionnaire has grades")
            return []
        grades = []
        for index, body in enumerate(self.items(raw, "grades")):
            where = f"grades[{index}]"
            table = self.table(body, where, ("grade", "label", "min_ikm"))
            minimum = table.get("min_ikm")
            if isinstance(minimum, bool) or not isinstance(minimum, int | Decimal):
                self.fail(f"{where}.min_ikm", "must be a number")
                minimum = Decimal(0)
            grades.append(
                GradeSpec(
                    grade=self.text(table, "grade", where),
                    label=self.text(table, "label", where),
                    min_ikm=Decimal(minimum),
                )
            )
        if not grades:
            self.fail("grades", "an IKM questionnaire needs its grade intervals")
            return grades
        minimums = [grade.min_ikm for grade in grades]
        if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
            self.fail("grades", "list the grades best first, each with a lower min_ikm")
        if minimums[-1] != Decimal(25):
            self.fail("grades", "the lowest grade must start at 25 (every answer 1)")
        self.unique([grade.grade for grade in grades], "grades")
        return grades

    def integrity(self, raw: Any, elements: int) -> IntegritySpec:
        table = self.table(raw, "integrity", ("min_seconds", "straight_line_min"))
        return IntegritySpec(
            min_seconds=self.integer(table, "min_seconds", "integrity", 1, 3600),
            straight_line_min=self.integer(
                table, "straight_line_min", "integrity", 2, max(2, elements)
            ),
        )
