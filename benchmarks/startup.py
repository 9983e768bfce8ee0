"""Start-up: ``import repatcost`` and ``repatcost --help`` against ``import numpy``.

``python benchmarks/startup.py [--rounds R]`` starts each process R times, interleaved (each
round runs every case once, in turn, so a shared machine's drift hits every case alike), and
prints a Markdown table of medians and of the ratios to ``import numpy``, with the load
average before and after. Targets (issue 23): ``import repatcost`` within 2x ``import numpy``,
``repatcost --help`` within 2.5x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CASES = {
    "import numpy": [sys.executable, "-c", "import numpy"],
    "import repatcost": [sys.executable, "-c", "import repatcost"],
    "repatcost --help": [sys.executable, "-m", "repatcost", "--help"],
}
LIMITS = {"import repatcost": 2.0, "repatcost --help": 2.5}


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(rounds: int) -> dict[str, list[float]]:
    """Wall seconds of every case, ``rounds`` interleaved rounds after one warm-up each."""
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for command in CASES.values():
        subprocess.run(command, capture_output=True, check=True)
    for _ in range(rounds):
        for name, command in CASES.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    return times


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    before = _load()
    times = measure(args.rounds)
    after = _load()
    base = statistics.median(times["import numpy"])
    print(f"{args.rounds} interleaved rounds; load average (1/5/15 min) {before} -> {after}")
    print("| process | median (s) | / import numpy | median of per-round ratios | limit |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in times.items():
        paired = statistics.median(a / b for a, b in zip(runs, times["import numpy"], strict=True))
        limit = LIMITS.get(name)
        print(
            f"| `{name}` | {statistics.median(runs):.3f} | {statistics.median(runs) / base:.2f} "
            f"| {paired:.2f} | {'' if limit is None else limit} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
