"""Reading the TOML files that hold Zona's data (LKE instruments, questionnaires).

Pure Python (no Django), so the scoring package and the command-line calculators can use it.
A file is UTF-8 text; every non-integer number is read as a `Decimal`, so 0.67 stays 0.67;
a file that cannot be read raises the caller's own `DataFileError` subclass, which lists
every problem found, one line each.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any


class DataFileError(Exception):
    """A broken data file; `problems` lists every fault found, one clear line each."""

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}:\n  " + "\n  ".join(self.problems))


def read_text(path: Path, error: type[DataFileError]) -> str:
    """The text of the file at `path`; `error` when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(str(path), [f"not UTF-8 text: {exc}"]) from exc


def parse_toml(text: str, *, source: str, error: type[DataFileError]) -> dict[str, Any]:
    """The TOML `text` as a dictionary, floats as `Decimal`; `error` when it is not TOML."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise error(source, [f"not valid TOML: {exc}"]) from exc
