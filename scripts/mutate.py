"""Hand-written mutants: does the test suite notice when a formula is broken?

Each mutant replaces one exact piece of source text (found exactly once) in a temporary copy
of ``src/``, then runs the fast tests that should notice, with the copy first on the import
path. A mutant is *killed* when those tests fail, and *survives* when they pass. The
unmutated copy must pass first, or nothing is measured.

    python scripts/mutate.py                          # print the table
    python scripts/mutate.py --output docs/test-quality.md
    python scripts/mutate.py --only interpreter_minimum_billing

Not part of CI: it runs the tests once per mutant (a few minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAST = (
    "tests/test_estimators.py",
    "tests/test_builder.py",
    "tests/test_core_units.py",
    "tests/test_study.py",
)
"""The unit and study tests every mutant is run against (about 20 s together on 2 idle cores)."""


@dataclass(frozen=True)
class Mutant:
    """One deliberate bug: ``old`` becomes ``new`` in ``path`` (relative to src/repatcost)."""

    name: str
    path: str
    old: str
    new: str
    what: str


MUTANTS = (
    Mutant(
        "interpreter_minimum_billing",
        "estimators/interpreter_fees.py",
        "    np.maximum(minimum, billed, out=billed)\n",
        "",
        "interpreters' minimum billing ignored (the np.maximum removed)",
    ),
    Mutant(
        "per_year_multiplies",
        "estimators/parts.py",
        "return (amount / years).noted(",
        "return (amount * years).noted(",
        "a figure over a period multiplied by the years instead of divided (/ years -> * years)",
    ),
    Mutant(
        "price_factor_abs_gap",
        "estimators/parts.py",
        'lambda v: (1.0 + v["wage_growth"]) ** gap,',
        'lambda v: (1.0 + v["wage_growth"]) ** abs(gap),',
        "DKK of a later year inflated too (** gap -> ** abs(gap))",
    ),
    Mutant(
        "draws_per_municipality",
        "study.py",
        "estimate_model(model, draws, hard_range=",
        "estimate_model(model, attrs.evolve(draws, values=draw_inputs(model.inputs, n, "
        "seed=seed, design=design).values), hard_range=",
        "each municipality drawn apart (shared inputs no longer one draw per run)",
    ),
    Mutant(
        "hourly_multiplies",
        "estimators/parts.py",
        'np.divide(result, v["productive_hours"], out=result)',
        'np.multiply(result, v["productive_hours"], out=result)',
        "hourly cost = staff-year cost x productive hours",
    ),
    Mutant(
        "overhead_dropped",
        "estimators/parts.py",
        'result = np.add(1.0, v["overhead_share"])',
        'result = np.add(0.0, v["overhead_share"])',
        "staff-year cost = wage x overhead (the 1 + dropped)",
    ),
    Mutant(
        "show_up_dropped",
        "estimators/parts.py",
        'Measure.CALLED_IN: ("distinct_invitation_share", "show_up_rate"),',
        'Measure.CALLED_IN: ("distinct_invitation_share",),',
        "persons called in counted as conversations held (show-up rate dropped)",
    ),
    Mutant(
        "division_keeps_direction",
        "estimators/parts.py",
        "up, down = (b.decreasing, b.rising) if flips else (b.rising, b.decreasing)",
        "up, down = (b.rising, b.decreasing)",
        "dividing by a part does not flip the direction of its inputs",
    ),
    Mutant(
        "merge_lets_later_win",
        "model.py",
        "if name in merged and merged[name] != dist:",
        "if False:",
        "merge_inputs lets a later distribution silently win",
    ),
    Mutant(
        "price_factor_not_decreasing",
        "estimators/parts.py",
        'decreasing={"wage_growth"} if gap < 0 else (),',
        "decreasing=(),",
        "DKK of a later year declared non-decreasing in wage growth",
    ),
    Mutant(
        "total_hours_persons_as_conversations",
        "estimators/total_hours.py",
        "count.measure is Measure.HELD",
        "count.measure is not Measure.CALLED_IN",
        "total hours report persons taking part as conversations held",
    ),
    Mutant(
        "sum_drops_notes",
        "estimate.py",
        "            notes=_unique(self.notes + other.notes),\n",
        "",
        "adding two estimates drops their notes",
    ),
    Mutant(
        "left_out_ignores_members",
        "estimators/base.py",
        "        kept = [text for text in kept if text in model.leaves_out]\n",
        "        pass\n",
        "a combinator leaves out notes a member covers",
    ),
    Mutant(
        "corners_only_low",
        "model.py",
        "corners[name] = np.array([low, high])[grid[:, varying.index(name)]]",
        "corners[name] = np.array([low, low])[grid[:, varying.index(name)]]",
        "the hard range reads only the lower bound of every input",
    ),
    Mutant(
        "ensemble_unconditional_weights",
        "estimators/ensemble.py",
        "out.append(share / remaining if remaining > 0 else 0.0)",
        "out.append(share)",
        "mixture picks use raw instead of conditional weights",
    ),
)


def _copy_source(into: Path) -> Path:
    """A copy of the package; returns the directory to put first on the import path."""
    shutil.copytree(ROOT / "src", into / "src", ignore=shutil.ignore_patterns("__pycache__"))
    return into / "src"


def _apply(src: Path, mutant: Mutant) -> None:
    target = src / "repatcost" / mutant.path
    text = target.read_text(encoding="utf-8")
    found = text.count(mutant.old)
    if found != 1:
        raise SystemExit(f"mutant {mutant.name}: {mutant.old!r} found {found} times, not once")
    target.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")


def _run_tests(src: Path, tests: tuple[str, ...]) -> tuple[bool, list[str], float]:
    """(passed, failing tests, seconds) of the tests with ``src`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    failed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("FAILED")]
    return done.returncode == 0, failed, seconds


Row = tuple[Mutant, str, list[str]]


def _measure(mutants: tuple[Mutant, ...], tests: tuple[str, ...]) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="repatcost-mutants-") as tmp:
        src = _copy_source(Path(tmp) / "clean")
        passed, failing, _ = _run_tests(src, tests)
        if not passed:
            raise SystemExit(f"the unmutated copy fails {failing}: fix the tests first")
        for mutant in mutants:
            src = _copy_source(Path(tmp) / mutant.name)
            _apply(src, mutant)
            passed, failing, seconds = _run_tests(src, tests)
            verdict = "survived" if passed else "killed"
            print(f"{mutant.name}: {verdict} by {failing} ({seconds:.0f} s)", file=sys.stderr)
            rows.append((mutant, verdict, failing))
    return rows


def _table(rows: list[Row], tests: tuple[str, ...]) -> str:
    killed = sum(verdict == "killed" for _, verdict, _ in rows)
    lines = [
        "# Test quality: hand-written mutants",
        "",
        f"Measured on {date.today().isoformat()} with `python scripts/mutate.py` (not run by "
        "CI). Each mutant breaks one formula or rule in a copy of `src/`; the fast tests (`"
        + "`, `".join(tests)
        + "`) then run against the copy. **Killed** means they failed, as they should.",
        "",
        f"Killed {killed} of {len(rows)}.",
        "",
        "| mutant | what it breaks | verdict | tests that fail |",
        "|---|---|---|---|",
    ]
    for mutant, verdict, failing in rows:
        names = [f"`{name.split('::')[-1]}`" for name in failing]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        lines.append(f"| `{mutant.name}` | {mutant.what} | {verdict} | {shown} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the mutants and print (or write) the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--output", type=Path, help="write the Markdown table to this file")
    parser.add_argument("--only", action="append", help="run only the mutants of these names")
    args = parser.parse_args(argv)
    chosen = tuple(m for m in MUTANTS if not args.only or m.name in args.only)
    table = _table(_measure(chosen, FAST), FAST)
    if args.output:
        args.output.write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
