"""Print the kill rate of a mutmut 3 run, without the mutants listed as equivalent.

    python scripts/mutation_score.py MUTANTS_DIR PACKAGE_DIR EQUIVALENTS_FILE

MUTANTS_DIR is mutmut's `mutants/` folder, PACKAGE_DIR the package mutated (`zona/scoring`);
mutmut keeps one `<file>.py.meta` per source file there, with the exit code of each mutant's
test run. EQUIVALENTS_FILE lists the mutants that no test can kill because they behave like the
original, one a line: the mutant's name, then its reason (`#` starts a comment line). A
timeout counts as killed (the tests noticed), a mutant without tests as survived. Exit status
1 when an equivalent name is unknown, has no reason, or was killed after all (the list is out
of date); 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KILLED, TIMEOUT, SURVIVED, NO_TESTS, NOT_CHECKED, OTHER = (
    "killed",
    "timeout",
    "survived",
    "no tests",
    "not checked",
    "other",
)
# mutmut's exit codes (mutmut/stats.py): 1 and 3 the tests failed; 0 they passed; 5 and 33 no
# test ran; 36 and the SIGXCPU codes a timeout; 37 the type checker caught it; None not run yet.
STATUS: dict[int | None, str] = {
    **dict.fromkeys((1, 3, 37), KILLED),
    **dict.fromkeys((36, 24, -24, 152, 255), TIMEOUT),
    **dict.fromkeys((5, 33), NO_TESTS),
    0: SURVIVED,
    None: NOT_CHECKED,
}


def results(mutants: Path, package: str) -> dict[str, str]:
    """Every mutant of `package` by name, with its status."""
    found: dict[str, str] = {}
    for meta in sorted((mutants / package).rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        found.update({name: STATUS.get(code, OTHER) for name, code in codes.items()})
    return found


def equivalents(path: Path) -> tuple[dict[str, str], list[str]]:
    """The listed mutants with their reasons, and the lines without a reason."""
    listed: dict[str, str] = {}
    bad: list[str] = []
    if not path.exists():
        return listed, bad
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            bad.append(f"{path}:{number}: {name} has no reason")
        listed[name] = reason.strip()
    return listed, bad


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    mutants, package, equivalents_file = Path(argv[0]), argv[1], Path(argv[2])
    found = results(mutants, package)
    listed, problems = equivalents(equivalents_file)
    problems += [f"{equivalents_file}: {name} is not a mutant of {package}"
                 for name in listed if name not in found]  # fmt: skip
    problems += [f"{equivalents_file}: {name} is listed as equivalent but was killed"
                 for name in listed if found.get(name) in (KILLED, TIMEOUT)]  # fmt: skip
    listed = {name: reason for name, reason in listed.items() if name in found}
    counted = {name: status for name, status in found.items() if name not in listed}
    tally = Counter(counted.values())
    checked = sum(n for status, n in tally.items() if status != NOT_CHECKED)
    killed = tally[KILLED] + tally[TIMEOUT]
    rate = f"{100 * killed / checked:.1f} %" if checked else "n/a"
    print(f"{package}: {len(found)} mutants, {len(listed)} equivalent ({equivalents_file})")
    print(f"killed {killed} of {checked} non-equivalent mutants: {rate}")
    statuses = (KILLED, TIMEOUT, SURVIVED, NO_TESTS, OTHER, NOT_CHECKED)
    print("  " + ", ".join(f"{status} {tally[status]}" for status in statuses if tally[status]))
    for name in sorted(n for n, status in counted.items() if status in (SURVIVED, NO_TESTS, OTHER)):
        print(f"  {counted[name]}: {name}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
