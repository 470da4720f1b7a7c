"""LKE instruments as data: one TOML file per regulation, read into frozen dataclasses.

Pure Python (no Django), so the scoring package, the `zona score` command and the Django
loader all read the same validated structure. A new regulation is a new file in `data/`,
not new code; docs/scoring.md describes the file format.

    >>> spec = load_instrument("permenkumham-29-2019")
    >>> [area.key for area in spec.areas][:2]
    ['manajemen_perubahan', 'penataan_tatalaksana']

Every weight and value is a `Decimal` (`zona.core.toml` reads each number with a point as one), so
0.67 stays 0.67 and 0.1 + 0.2 == 0.3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from zona.core.toml import DataFileError, parse_toml, read_text

DATA_DIR = Path(__file__).with_name("data")

CHOICE = "choice"  # answered with an option label; the option carries the value
RATIO = "ratio"  # answered with realisasi ÷ acuan, a number >= 0 counted at most 1
ANSWER_KINDS = (CHOICE, RATIO)

SURVEY_INDEX = "survey_index"  # index on scale_min..scale_max → index ÷ scale_max × weight
PERCENT = "percent"  # 0..100 → percent × weight ÷ 100
RESULT_KINDS = (SURVEY_INDEX, PERCENT, CHOICE)

WEIGHT_SOURCES = ("verified", "inferred")
FORMAT = 1  # the version of the file format this module reads
TOTAL_WEIGHT = Decimal(100)  # leverage + result always make a score out of 100

# Measures every instrument has; the others are the keys of its own components and groups.
TOTAL, LEVERAGE, AREA_PERCENT = "total", "leverage", "area_percent"


class InstrumentError(DataFileError):
    """A broken instrument file; `problems` lists every fault found, one clear line each."""


@dataclass(frozen=True)
class OptionSpec:
    label: str  # what the user answers: "Ya", "A", …
    value: Decimal  # 0..1
    criterion: str = ""  # what the option means for this question ("Jika …"); "" = none known


@dataclass(frozen=True)
class AnswerTypeSpec:
    key: str  # ya_tidak, abc, abcd, abcde, ratio
    kind: str  # CHOICE or RATIO
    options: tuple[OptionSpec, ...]  # empty for RATIO
    description: str


@dataclass(frozen=True)
class QuestionSpec:
    code: str  # stable, e.g. "MP.1.a"
    text: str
    answer_type: str
    options: tuple[OptionSpec, ...]  # resolved from the answer type; empty for RATIO
    evidence: str  # data dukung expected
    note: str = ""  # where the answer type comes from, how a ratio is computed, …
    criteria_source: str = ""  # set when the criteria are borrowed, e.g. from another instrument

    @property
    def is_ratio(self) -> bool:
        return not self.options

    @property
    def best_value(self) -> Decimal:
        """The value of the best possible answer (1 for a ratio)."""
        return max((option.value for option in self.options), default=Decimal(1))


@dataclass(frozen=True)
class IndicatorSpec:
    code: str  # e.g. "MP.1"
    name: str
    weight: Decimal
    weight_source: str  # "verified" | "inferred"
    questions: tuple[QuestionSpec, ...]
    source: str = ""  # where the weight comes from


@dataclass(frozen=True)
class AreaSpec:
    key: str  # e.g. "manajemen_perubahan"
    name: str
    weight: Decimal
    indicators: tuple[IndicatorSpec, ...]
    component: str  # the leverage component it belongs to ("pengungkit", "pemenuhan", …)


@dataclass(frozen=True)
class LeverageComponentSpec:
    key: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class ResultComponentSpec:
    key: str  # e.g. "anti_corruption"
    name: str
    weight: Decimal
    group: str  # the result group it adds up into, e.g. "clean_government"
    input: str  # the name of its input, e.g. "anti_corruption_survey"
    kind: str  # SURVEY_INDEX, PERCENT or CHOICE
    scale_min: Decimal | None = None  # SURVEY_INDEX only
    scale_max: Decimal | None = None  # SURVEY_INDEX only
    options: tuple[OptionSpec, ...] = ()  # CHOICE only


@dataclass(frozen=True)
class ResultGroupSpec:
    key: str  # e.g. "clean_government"
    name: str
    weight: Decimal
    components: tuple[ResultComponentSpec, ...]


@dataclass(frozen=True)
class MinistryScaleSpec:
    key: str  # e.g. "bpk_opinion"
    name: str
    order: tuple[str, ...]  # best first: WTP, WDP, TW, TMP

    def at_least(self, actual: str, required: str) -> bool:
        return self.order.index(actual) <= self.order.index(required)


@dataclass(frozen=True)
class PredicateSpec:
    """The thresholds of one predicate (WBK, WBBM); all inclusive (>=)."""

    code: str
    name: str
    reference: str
    minimums: tuple[tuple[str, Decimal], ...]  # (measure, minimum) in the file's order
    requires_predicate: str | None
    requires_wealth_reports: bool
    ministry_minimums: tuple[tuple[str, str], ...]  # (scale, lowest acceptable grade)
    kawasan_integration_minimum: Decimal | None


@dataclass(frozen=True)
class PrescreenSpec:
    """The survey pre-screen before a unit is proposed up its line."""

    name: str
    reference: str
    minimums: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True, eq=False)  # compared by identity: load_instrument shares one object
class InstrumentSpec:
    code: str
    title: str
    regulation: str
    answer_types: tuple[AnswerTypeSpec, ...]
    leverage_components: tuple[LeverageComponentSpec, ...]
    areas: tuple[AreaSpec, ...]
    result_groups: tuple[ResultGroupSpec, ...]
    ministry_scales: tuple[MinistryScaleSpec, ...]
    predicates: tuple[PredicateSpec, ...]
    prescreen: PrescreenSpec | None = None
    notes: str = ""

    @cached_property
    def indicators(self) -> tuple[IndicatorSpec, ...]:
        return tuple(indicator for area in self.areas for indicator in area.indicators)

    @cached_property
    def questions(self) -> tuple[QuestionSpec, ...]:
        return tuple(question for indicator in self.indicators for question in indicator.questions)

    @cached_property
    def result_components(self) -> tuple[ResultComponentSpec, ...]:
        return tuple(component for group in self.result_groups for component in group.components)

    @property
    def leverage_weight(self) -> Decimal:
        return sum((component.weight for component in self.leverage_components), Decimal(0))

    @property
    def result_weight(self) -> Decimal:
        return sum((group.weight for group in self.result_groups), Decimal(0))

    @cached_property
    def _questions_by_code(self) -> dict[str, QuestionSpec]:
        return {question.code: question for question in self.questions}

    def question(self, code: str) -> QuestionSpec:
        return self._questions_by_code[code]

    def area(self, key: str) -> AreaSpec:
        return _find(self.areas, "key", key)

    def predicate(self, code: str) -> PredicateSpec:
        return _find(self.predicates, "code", code)

    def ministry_scale(self, key: str) -> MinistryScaleSpec:
        return _find(self.ministry_scales, "key", key)

    @property
    def leverage_measures(self) -> tuple[str, ...]:
        return (LEVERAGE, *(component.key for component in self.leverage_components))

    @property
    def result_measures(self) -> tuple[str, ...]:
        components = tuple(component.key for component in self.result_components)
        groups = tuple(group.key for group in self.result_groups if group.key not in components)
        return groups + components


def _find(items: Sequence[Any], attribute: str, wanted: str) -> Any:
    """The item whose `attribute` is `wanted`; KeyError naming the choices otherwise."""
    for item in items:
        if getattr(item, attribute) == wanted:
            return item
    choices = [getattr(item, attribute) for item in items]
    raise KeyError(f"unknown {attribute} {wanted!r}; use one of {choices}")


# ---------------------------------------------------------------------------------------
# Loading


def instrument_path(code: str) -> Path:
    """Where the file of the instrument `code` lives (it may not exist)."""
    return DATA_DIR / f"{code}.toml"


def available_instruments() -> list[str]:
    """The codes of the instruments shipped in `data/`, sorted."""
    return list(_shipped_codes())


@cache
def _shipped_codes() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in DATA_DIR.glob("*.toml")))  # fixed at install


@cache
def load_instrument(code: str) -> InstrumentSpec:
    """The shipped instrument `code`, validated once and shared (KeyError if unknown)."""
    if code not in _shipped_codes():
        raise KeyError(f"unknown instrument {code!r}; available: {available_instruments()}")
    return load_instrument_file(instrument_path(code))


def load_instrument_file(path: str | Path) -> InstrumentSpec:
    """Read and validate one instrument file; raise InstrumentError listing every problem."""
    path = Path(path)
    text = read_text(path, InstrumentError)
    return parse_instrument(text, source=str(path), expected_code=path.stem)


def parse_instrument(text: str, *, source: str, expected_code: str | None = None) -> InstrumentSpec:
    """Validate the text of an instrument file (as stored when it was loaded)."""
    raw = parse_toml(text, source=source, error=InstrumentError)
    reader = _Reader()
    spec = reader.instrument(raw)
    if spec is not None and expected_code is not None and spec.code != expected_code:
        reader.fail("code", f"{spec.code!r} must equal the file name {expected_code!r}")
    if reader.problems or spec is None:
        raise InstrumentError(source, reader.problems)
    return spec


# ---------------------------------------------------------------------------------------
# Validation: the reader collects every problem with its place in the file, then fails once.

_ZERO, _ONE = Decimal(0), Decimal(1)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # --- primitives ---------------------------------------------------------------------

    def table(
        self, raw: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(where, "must be a table")
            return None
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
            return ""  # missing: already reported by table()
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.fail(f"{where}.{key}", "must be a non-empty string")
            return ""
        return value

    def number(self, raw: Any, where: str, positive: bool = False) -> Decimal | None:
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            if raw is not None:
                self.fail(where, f"must be a number, not {raw!r}")
            return None
        value = Decimal(raw)
        if not value.is_finite() or value < 0 or (positive and value == 0):
            self.fail(where, f"must be {'greater than' if positive else 'at least'} 0")
            return None
        return value

    def items(self, raw: Any, where: str) -> list[Any]:
        if not isinstance(raw, list) or not raw:
            if raw is not None:
                self.fail(where, "must be a non-empty array of tables")
            return []
        return raw

    def unique(self, keys: list[str], what: str) -> None:
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                self.fail(what, f"duplicate code {key!r}")
            seen.add(key)

    def sums_to(self, where: str, parts: Sequence[Decimal | None], whole: Decimal | None) -> None:
        if whole is None or any(part is None for part in parts):
            return  # an unreadable weight is already reported
        total = sum((part for part in parts if part is not None), _ZERO)
        if total != whole:
            self.fail(where, f"weights add up to {total}, not {whole}")

    # --- the instrument -----------------------------------------------------------------

    def instrument(self, raw: dict[str, Any]) -> InstrumentSpec | None:
        top = self.table(
            raw,
            "(file)",
            required=(
                "code",
                "title",
                "regulation",
                "answer_types",
                "leverage_components",
                "areas",
                "result_groups",
                "predicates",
            ),
            optional=("format", "notes", "ministry_scales", "prescreen"),
        )
        if top is None:
            return None
        if top.get("format", FORMAT) != FORMAT:
            self.fail("format", f"unsupported format {top['format']!r}; this reader knows {FORMAT}")
        answer_types = self.answer_types(top.get("answer_types"))
        components = self.leverage_components(top.get("leverage_components"))
        areas = self.areas(top.get("areas"), answer_types, components)
        groups = self.result_groups(top.get("result_groups"), answer_types)
        scales = self.ministry_scales(top.get("ministry_scales", {}))
        weights = [c.weight for c in components] + [g.weight for g in groups]
        if areas and groups:
            self.sums_to("(file) leverage + result", list(weights), TOTAL_WEIGHT)
        spec = InstrumentSpec(
            code=self.text(top, "code", "(file)"),
            title=self.text(top, "title", "(file)"),
            regulation=self.text(top, "regulation", "(file)"),
            answer_types=tuple(answer_types.values()),
            leverage_components=tuple(components),
            areas=tuple(areas),
            result_groups=tuple(groups),
            ministry_scales=tuple(scales),
            predicates=(),
            notes=self.text(top, "notes", "(file)", default=""),
        )
        measures = {TOTAL, LEVERAGE, AREA_PERCENT, *spec.leverage_measures, *spec.result_measures}
        predicates = self.predicates(top.get("predicates"), measures, spec)
        prescreen = None
        if "prescreen" in top:
            prescreen = self.prescreen(top["prescreen"], set(spec.result_measures))
        return replace(spec, predicates=tuple(predicates), prescreen=prescreen)

    def answer_types(self, raw: Any) -> dict[str, AnswerTypeSpec]:
        result: dict[str, AnswerTypeSpec] = {}
        if not isinstance(raw, dict) or not raw:
            self.fail("answer_types", "must be a non-empty table of answer types")
            return result
        for key, body in raw.items():
            where = f"answer_types.{key}"
            table = self.table(body, where, ("kind",), ("options", "description"))
            if table is None:
                continue
            kind = table.get("kind")
            if kind not in ANSWER_KINDS:
                self.fail(f"{where}.kind", f"unknown kind {kind!r}; use one of {ANSWER_KINDS}")
                continue
            options = self.options(table.get("options"), where, kind)
            description = self.text(table, "description", where, default="")
            result[key] = AnswerTypeSpec(key, kind, options, description)
        return result

    def options(self, raw: Any, where: str, kind: str) -> tuple[OptionSpec, ...]:
        if kind == RATIO:
            if raw is not None:
                self.fail(f"{where}.options", "a ratio answer type has no options")
            return ()
        if not isinstance(raw, list) or len(raw) < 2:
            self.fail(f"{where}.options", "a choice needs an array of at least two options")
            return ()
        options = []
        for index, body in enumerate(raw):
            place = f"{where}.options[{index}]"
            table = self.table(body, place, ("label", "value"))
            if table is None or "label" not in table or "value" not in table:
                continue
            label = self.text(table, "label", place)
            value = self.number(table["value"], f"{place}.value")
            if value is not None and value > _ONE:
                self.fail(f"{place}.value", f"must be between 0 and 1, not {value}")
            elif value is not None and label:
                options.append(OptionSpec(label, value))
        labels = [option.label.casefold() for option in options]
        self.unique(labels, f"{where}.options (labels)")
        return tuple(options)

    def leverage_components(self, raw: Any) -> list[LeverageComponentSpec]:
        components = []
        for index, body in enumerate(self.items(raw, "leverage_components")):
            where = f"leverage_components[{index}]"
            table = self.table(body, where, ("key", "name", "weight"))
            if table is not None:
                weight = self.number(table.get("weight"), f"{where}.weight", positive=True)
                key, name = self.text(table, "key", where), self.text(table, "name", where)
                components.append(LeverageComponentSpec(key, name, weight or _ZERO))
        self.unique([c.key for c in components], "leverage_components")
        return components

    def areas(
        self,
        raw: Any,
        answer_types: dict[str, AnswerTypeSpec],
        components: list[LeverageComponentSpec],
    ) -> list[AreaSpec]:
        areas = []
        default_component = components[0].key if len(components) == 1 else None
        for index, body in enumerate(self.items(raw, "areas")):
            where = f"areas[{index}]"
            table = self.table(body, where, ("key", "name", "weight", "indicators"), ("component",))
            if table is None:
                continue
            key = self.text(table, "key", where)
            where = f"areas[{index}] ({key})"
            weight = self.number(table.get("weight"), f"{where}.weight", positive=True)
            component = table.get("component", default_component)
            if component not in {c.key for c in components}:
                self.fail(f"{where}.component", f"unknown leverage component {component!r}")
            indicators = [
                self.indicator(item, f"{where}.indicators[{position}]", answer_types)
                for position, item in enumerate(self.items(table.get("indicators"), where))
            ]
            self.sums_to(f"{where} indicators", [i.weight for i in indicators], weight)
            name = self.text(table, "name", where)
            areas.append(AreaSpec(key, name, weight or _ZERO, tuple(indicators), component or ""))
        self.unique([area.key for area in areas], "areas (keys)")
        self.unique([i.code for area in areas for i in area.indicators], "indicators (codes)")
        codes = [q.code for area in areas for i in area.indicators for q in i.questions]
        self.unique(codes, "questions (codes)")
        for component in components:
            parts = [area.weight for area in areas if area.component == component.key]
            self.sums_to(f"leverage component {component.key!r} areas", parts, component.weight)
        return areas

    def indicator(
        self, raw: Any, where: str, answer_types: dict[str, AnswerTypeSpec]
    ) -> IndicatorSpec:
        required = ("code", "name", "weight", "weight_source", "questions")
        table = self.table(raw, where, required, ("source",)) or {}
        code = self.text(table, "code", where)
        where = f"{where} ({code})" if code else where
        weight = self.number(table.get("weight"), f"{where}.weight", positive=True)
        source = table.get("weight_source")
        if "weight_source" in table and source not in WEIGHT_SOURCES:
            self.fail(f"{where}.weight_source", f"must be one of {WEIGHT_SOURCES}, not {source!r}")
        questions = tuple(
            self.question(item, f"{where}.questions[{position}]", answer_types)
            for position, item in enumerate(self.items(table.get("questions"), where))
        )
        name = self.text(table, "name", where)
        note = self.text(table, "source", where, default="")
        return IndicatorSpec(code, name, weight or _ZERO, str(source), questions, note)

    def question(
        self, raw: Any, where: str, answer_types: dict[str, AnswerTypeSpec]
    ) -> QuestionSpec:
        optional = ("note", "criteria", "criteria_source")
        required = ("code", "text", "answer_type", "evidence")
        table = self.table(raw, where, required, optional) or {}
        code = self.text(table, "code", where)
        answer_type = table.get("answer_type")
        options: tuple[OptionSpec, ...] = ()
        if answer_type in answer_types:
            options = answer_types[answer_type].options
        elif "answer_type" in table:
            self.fail(f"{where} ({code}).answer_type", f"unknown answer type {answer_type!r}")
        if "criteria" in table and answer_type in answer_types:  # an unknown type is reported
            options = self.criteria(table["criteria"], f"{where} ({code}).criteria", options)
        elif "criteria_source" in table:
            self.fail(f"{where} ({code}).criteria_source", "names the source of missing criteria")
        return QuestionSpec(
            code=code,
            text=self.text(table, "text", where),
            answer_type=str(answer_type),
            options=options,
            evidence=self.text(table, "evidence", where),
            note=self.text(table, "note", where, default=""),
            criteria_source=self.text(table, "criteria_source", where, default=""),
        )

    def criteria(
        self, raw: Any, where: str, options: tuple[OptionSpec, ...]
    ) -> tuple[OptionSpec, ...]:
        """The options with their criterion texts: one string per option, in option order."""
        if not options:
            self.fail(where, "only a question answered with options has criteria")
            return options
        if not isinstance(raw, list) or not all(isinstance(text, str) for text in raw):
            self.fail(where, "must be an array of strings, one per option")
            return options
        if len(raw) != len(options):
            labels = "/".join(option.label for option in options)
            self.fail(where, f"has {len(raw)} texts for the {len(options)} options {labels}")
            return options
        if not any(text.strip() for text in raw):
            self.fail(where, 'gives no text; leave it out rather than list only ""')
            return options
        return tuple(
            replace(option, criterion=text.strip())
            for option, text in zip(options, raw, strict=True)
        )

    def result_groups(
        self, raw: Any, answer_types: dict[str, AnswerTypeSpec]
    ) -> list[ResultGroupSpec]:
        groups = []
        for index, body in enumerate(self.items(raw, "result_groups")):
            where = f"result_groups[{index}]"
            table = self.table(body, where, ("key", "name", "weight", "components"))
            if table is None:
                continue
            key = self.text(table, "key", where)
            weight = self.number(table.get("weight"), f"{where}.weight", positive=True)
            components = tuple(
                self.result_component(item, f"{where}.components[{position}]", key, answer_types)
                for position, item in enumerate(self.items(table.get("components"), where))
            )
            self.sums_to(f"{where} ({key}) components", [c.weight for c in components], weight)
            name = self.text(table, "name", where)
            groups.append(ResultGroupSpec(key, name, weight or _ZERO, components))
        every = [c for group in groups for c in group.components]
        self.unique([c.input for c in every], "result components (inputs)")
        self.unique([c.key for c in every], "result components (keys)")
        self.unique([g.key for g in groups], "result groups (keys)")
        for group in groups:
            clash = [c for c in every if c.key == group.key]
            if clash and group.components != tuple(clash):
                self.fail(f"result group {group.key!r}", "shares its key with another component")
        return groups

    def result_component(
        self, raw: Any, where: str, group: str, answer_types: dict[str, AnswerTypeSpec]
    ) -> ResultComponentSpec:
        required = ("key", "name", "weight", "input", "kind")
        table = self.table(raw, where, required, ("scale_min", "scale_max", "answer_type")) or {}
        kind = table.get("kind")
        weight = self.number(table.get("weight"), f"{where}.weight", positive=True)
        component = ResultComponentSpec(
            key=self.text(table, "key", where),
            name=self.text(table, "name", where),
            weight=weight or _ZERO,
            group=group,
            input=self.text(table, "input", where),
            kind=str(kind),
        )
        if kind == SURVEY_INDEX:
            low = self.number(table.get("scale_min"), f"{where}.scale_min")
            high = self.number(table.get("scale_max"), f"{where}.scale_max", positive=True)
            if low is None or high is None or low >= high:
                self.fail(where, "a survey index needs numbers scale_min < scale_max")
            return replace(component, scale_min=low, scale_max=high)
        if kind == CHOICE:
            answer_type = answer_types.get(str(table.get("answer_type")))
            if answer_type is None or answer_type.kind != CHOICE:
                self.fail(f"{where}.answer_type", "a choice component needs a choice answer type")
                return component
            return replace(component, options=answer_type.options)
        if kind != PERCENT:
            self.fail(f"{where}.kind", f"unknown kind {kind!r}; use one of {RESULT_KINDS}")
        return component

    def ministry_scales(self, raw: Any) -> list[MinistryScaleSpec]:
        scales: list[MinistryScaleSpec] = []
        if not isinstance(raw, dict):
            self.fail("ministry_scales", "must be a table")
            return scales
        for key, body in raw.items():
            where = f"ministry_scales.{key}"
            table = self.table(body, where, ("name", "order"))
            order = table.get("order") if table else None
            if (
                not isinstance(order, list)
                or not order
                or not all(isinstance(grade, str) and grade for grade in order)
            ):
                self.fail(f"{where}.order", "must be a non-empty array of grades, best first")
                continue
            self.unique(list(order), f"{where}.order")
            scales.append(
                MinistryScaleSpec(key, self.text(table or {}, "name", where), tuple(order))
            )
        return scales

    def minimums(self, raw: Any, where: str, measures: set[str]) -> tuple[tuple[str, Decimal], ...]:
        if not isinstance(raw, dict) or not raw:
            self.fail(where, "must be a non-empty table of measure = minimum")
            return ()
        result = []
        for measure, value in raw.items():
            number = self.number(value, f"{where}.{measure}")
            if measure not in measures:
                self.fail(f"{where}.{measure}", f"unknown measure; use one of {sorted(measures)}")
            elif number is not None:
                result.append((measure, number))
        return tuple(result)

    def predicates(self, raw: Any, measures: set[str], spec: InstrumentSpec) -> list[PredicateSpec]:
        if not isinstance(raw, dict) or not raw:
            self.fail("predicates", "must be a non-empty table of predicates")
            return []
        predicates = []
        for code, body in raw.items():
            where = f"predicates.{code}"
            optional = (
                "reference",
                "requires_predicate",
                "requires_wealth_reports",
                "ministry",
                "kawasan",
            )
            table = self.table(body, where, ("name", "minimums"), optional)
            if table is None:
                continue
            required = table.get("requires_predicate")
            if required is not None and required not in raw:
                self.fail(f"{where}.requires_predicate", f"unknown predicate {required!r}")
            wealth = table.get("requires_wealth_reports", False)
            if not isinstance(wealth, bool):
                self.fail(f"{where}.requires_wealth_reports", "must be true or false")
            predicates.append(
                PredicateSpec(
                    code=code,
                    name=self.text(table, "name", where),
                    reference=self.text(table, "reference", where, default=""),
                    minimums=self.minimums(table.get("minimums"), f"{where}.minimums", measures),
                    requires_predicate=required,
                    requires_wealth_reports=wealth is True,
                    ministry_minimums=self.ministry_minimums(
                        table.get("ministry", {}), where, spec
                    ),
                    kawasan_integration_minimum=self.kawasan(table.get("kawasan"), where),
                )
            )
        return predicates

    def ministry_minimums(
        self, raw: Any, where: str, spec: InstrumentSpec
    ) -> tuple[tuple[str, str], ...]:
        scales = {scale.key: scale for scale in spec.ministry_scales}
        result = []
        for key, grade in raw.items() if isinstance(raw, dict) else []:
            scale = scales.get(key)
            if scale is None:
                self.fail(f"{where}.ministry.{key}", "unknown ministry scale")
            elif grade not in scale.order:
                self.fail(f"{where}.ministry.{key}", f"{grade!r} is not one of {scale.order}")
            else:
                result.append((key, grade))
        return tuple(result)

    def kawasan(self, raw: Any, where: str) -> Decimal | None:
        if raw is None:
            return None
        table = self.table(raw, f"{where}.kawasan", ("integration_score",))
        return self.number((table or {}).get("integration_score"), f"{where}.kawasan")

    def prescreen(self, raw: Any, measures: set[str]) -> PrescreenSpec | None:
        table = self.table(raw, "prescreen", ("name", "minimums"), ("reference",))
        if table is None:
            return None
        return PrescreenSpec(
            name=self.text(table, "name", "prescreen"),
            reference=self.text(table, "reference", "prescreen", default=""),
            minimums=self.minimums(table.get("minimums"), "prescreen.minimums", measures),
        )
