"""Benchmark of the scoring: in process, and `python -m zona.scoring.cli` end to end.

    python bench/bench_scoring.py [--units 1000] [--repeat 3] [--smoke]

Targets: 1,000 units × 81 answers scored in process in <= 0.5 s; the command on a list of
1,000 objects in <= 3 s. Baselines measured in the same run, so the figures can be quoted as
ratios on any machine: `json.loads` + `json.dumps` of the same payload, and the start of a
bare `python -c pass`. Not a test; it prints its figures. Best of `--repeat` runs. --smoke
scores 20 units once.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402
from zona.instruments.spec import InstrumentSpec, load_instrument  # noqa: E402
from zona.scoring import UnitInput, UnitStanding, assess_unit, score_unit  # noqa: E402


def make_payload(instrument: InstrumentSpec, count: int, seed: int = 29) -> list[dict[str, Any]]:
    """`count` JSON request objects with every question answered, mostly well."""
    rng = random.Random(seed)
    payload = []
    for index in range(count):
        answers: dict[str, Any] = {}
        for question in instrument.questions:
            labels = sorted(question.options, key=lambda option: -option.value)
            pick = min(int(rng.expovariate(1.5)), len(labels) - 1)
            answers[question.code] = labels[pick].label if labels else round(rng.random(), 2)
        payload.append(
            {
                "target": "WBBM" if index % 3 == 0 else "WBK",
                "answers": answers,
                "anti_corruption_survey": round(rng.uniform(3.2, 4.0), 2),
                "tlhp_percent": rng.choice([90, 100, 100]),
                "service_survey": round(rng.uniform(3.0, 4.0), 2),
                "wealth_reports_complete": True,
                "previous_predicate": "WBK" if index % 3 == 0 else None,
                "ministry": {"bpk_opinion": "WTP", "akip": "BB"},
            }
        )
    return payload


def best_of(repeat: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def run_command(arguments: list[str]) -> None:
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)


def main() -> None:
    parser = support.parser(__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if options.smoke:
        options.units, options.repeat = 20, 1

    instrument = load_instrument("permenkumham-29-2019")
    payload = make_payload(instrument, options.units)
    text = json.dumps(payload)
    decoded = json.loads(text, parse_float=Decimal)
    units = [
        UnitInput(
            results={key: item[key] for key in ("anti_corruption_survey", "tlhp_percent",
                                                 "service_survey")},
            answers=item["answers"],
        )
        for item in decoded
    ]  # fmt: skip
    standings = [
        UnitStanding(True, item["previous_predicate"], item["ministry"]) for item in decoded
    ]
    score_unit(instrument, units[0])  # build the per-instrument tables outside the timing

    def score_all() -> None:
        for unit in units:
            score_unit(instrument, unit)

    def assess_all() -> None:
        for unit, standing, item in zip(units, standings, decoded, strict=True):
            assess_unit(instrument, unit, item["target"], standing)

    def json_round_trip() -> None:
        json.dumps(json.loads(text, parse_float=Decimal), default=str)

    questions = len(instrument.questions)
    scored = best_of(options.repeat, score_all)
    assessed = best_of(options.repeat, assess_all)
    baseline = best_of(options.repeat, json_round_trip)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "units.json"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "zona.scoring.cli", "--compact", str(path)]
        cli = best_of(options.repeat, lambda: run_command(command))
        cli_pretty = best_of(options.repeat, lambda: run_command(command[:3] + [str(path)]))
        one = [sys.executable, "-m", "zona.scoring.cli", str(path.with_name("one.json"))]
        path.with_name("one.json").write_text(json.dumps(payload[0]), encoding="utf-8")
        cli_one = best_of(options.repeat, lambda: run_command(one))
        startup = best_of(options.repeat, lambda: run_command([sys.executable, "-c", "pass"]))

    count = options.units
    print(f"payload: {count} units × {questions} answers, {len(text) / 1e6:.1f} MB of JSON")
    print(f"python {sys.version.split()[0]}, best of {options.repeat}\n")
    print("in process")
    figure("score_unit", scored, f"{scored / count * 1e6:.0f} µs/unit, target <= 0.5 s")
    figure("assess_unit", assessed, f"{assessed / count * 1e6:.0f} µs/unit, + criteria + gap")
    figure("baseline: json loads+dumps", baseline, "the same payload")
    print(
        f"  ratios to baseline: score {scored / baseline:.1f}, assess {assessed / baseline:.1f}\n"
    )
    print("python -m zona.scoring.cli, end to end")
    figure(f"{count} units, --compact", cli, "target <= 3 s")
    figure(f"{count} units, indented", cli_pretty, "the default layout")
    figure("1 unit", cli_one, "start, load the instrument, score")
    figure("baseline: python -c pass", startup, "interpreter start")
    print(
        f"  ratios to baseline: {count} units {cli / startup:.1f}, 1 unit {cli_one / startup:.1f}"
    )


def figure(label: str, seconds: float, note: str) -> None:
    print(f"  {label:<28} {seconds:7.3f} s   ({note})")


if __name__ == "__main__":
    main()
