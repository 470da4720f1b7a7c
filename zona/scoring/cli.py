"""`zona score FILE|-`: score units from JSON, without Django or a database.

    zona score [--lang id|en] [--compact] FILE|-
    python -m zona.scoring.cli [--lang id|en] [--compact] FILE|-

The input is one JSON object or a list of them (the contract is in zona/scoring/jsonio.py and
docs/scoring.md); the output has the same shape: an object for an object, a list for a list.
Exit status 0 on success; 2 on bad input, with one line per problem on stderr (prefixed by the
item's index for a list, e.g. "[3] service_survey: harus antara 1 dan 4") and nothing on
stdout; 1 if a shipped instrument file is broken.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any, NoReturn, TextIO

from zona.instruments.spec import InstrumentError
from zona.scoring.assess import assess_unit
from zona.scoring.jsonio import assessment_json, read_request
from zona.scoring.messages import DEFAULT_LANGUAGE, LANGUAGES
from zona.scoring.model import Problem, ScoringInputError

EXIT_OK, EXIT_BROKEN_INSTRUMENT, EXIT_BAD_INPUT = 0, 1, 2


class _Usage(Exception):
    def __init__(self, help_requested: bool = False) -> None:
        super().__init__()
        self.help_requested = help_requested


def main(
    argv: list[str],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run `zona score` with `argv` (without the program name); return the exit status.

    The streams default to sys.stdin, sys.stdout and sys.stderr as they are at the call (not at
    import), so that test captures see the output.
    """
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        source, lang, compact = _arguments(argv)
    except _Usage as usage:
        if usage.help_requested:
            print(__doc__, file=stdout)
            return EXIT_OK
        print(Problem("", "usage").text(), file=stderr)  # in Indonesian: --lang may be the fault
        return EXIT_BAD_INPUT
    try:
        text = stdin.read() if source == "-" else _read_file(source)
        outputs, problems = score_json(text, lang)
    except _Failed as failure:
        problems = [failure.problem.text(lang)]
    except InstrumentError as error:
        print(error, file=stderr)
        return EXIT_BROKEN_INSTRUMENT
    if problems:
        for line in problems:
            print(line, file=stderr)
        return EXIT_BAD_INPUT
    stdout.write(json.dumps(outputs, ensure_ascii=False, **_layout(compact)))
    stdout.write("\n")
    return EXIT_OK


def score_json(text: str, lang: str = DEFAULT_LANGUAGE) -> tuple[Any, list[str]]:
    """Score a JSON document: (outputs, []) or (None, one message line per problem)."""
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        problem = Problem(
            "", "invalid_json", {"error": error.msg, "line": error.lineno, "column": error.colno}
        )
        return None, [problem.text(lang)]
    if isinstance(document, dict):
        output, problems = _score_one(document, lang)
        return output, [problem.text(lang) for problem in problems]
    if not isinstance(document, list):
        return None, [Problem("", "not_object_or_list").text(lang)]
    outputs: list[dict[str, Any] | None] = []
    lines: list[str] = []
    for index, item in enumerate(document):
        output, problems = _score_one(item, lang)
        outputs.append(output)
        lines.extend(f"[{index}] {problem.text(lang)}" for problem in problems)
    return outputs, lines


def _score_one(raw: Any, lang: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    request, problems = read_request(raw)
    if request is None:
        return None, problems
    try:
        assessment = assess_unit(
            request.instrument,
            request.unit,
            request.target,
            request.standing,
            stage=request.stage,
            lang=lang,
        )
    except ScoringInputError as error:
        return None, list(error.problems)
    return assessment_json(request.instrument, assessment), []


class _Failed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem


def _reject_constant(name: str) -> NoReturn:
    raise _Failed(Problem("", "json_constant", {"name": name}))


def _read_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise _Failed(Problem(path, "file", {"error": reason})) from error


def _arguments(argv: list[str]) -> tuple[str, str, bool]:
    lang, compact, sources = DEFAULT_LANGUAGE, False, []
    items = iter(argv)
    for item in items:
        if item in ("-h", "--help"):
            raise _Usage(help_requested=True)
        if item == "--compact":
            compact = True
        elif item == "--lang" or item.startswith("--lang="):
            lang = item.partition("=")[2] or next(items, "")
            if lang not in LANGUAGES:
                raise _Usage
        elif item.startswith("--"):
            raise _Usage
        else:
            sources.append(item)
    if len(sources) != 1:
        raise _Usage
    return sources[0], lang, compact


def _layout(compact: bool) -> dict[str, Any]:
    return {"separators": (",", ":")} if compact else {"indent": 2}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
