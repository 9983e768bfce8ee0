"""Drawing one PERT input: ``Generator.beta`` against the fast inverse CDF and ``betaincinv``.

``python benchmarks/inverse.py [--n N] [--rounds R]`` times, in interleaved rounds, for the
bundled hours-per-conversation PERT(1.25, 1.75, 2.5):

- ``Generator.beta`` (plain Monte Carlo's draw);
- ``PERT.ppf`` of N uniforms through the set-up inverse (:mod:`repatcost.inverse`, kept);
- the inverse's set-up alone (a fresh shape each round, so nothing is kept);
- ``scipy.special.betaincinv`` of N uniforms (the exact inverse designs used before);

and, once each in a fresh interpreter, ``import scipy.stats`` against ``import numpy``
(the set-up imports scipy.stats). Prints a Markdown table with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

from repatcost.distributions import PERT
from repatcost.inverse import beta_inverse


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def cases(n: int) -> dict[str, Callable[[int], object]]:
    """The timed cases; each takes the round number."""
    from scipy import special

    d = PERT(1.25, 1.75, 2.5)
    alpha, beta = d._ab
    u = np.random.default_rng(1).random(n)
    return {
        "Generator.beta": lambda r: np.random.default_rng(r).beta(alpha, beta, n),
        "fast inverse (set up)": lambda r: d.ppf(u),
        "set-up of one shape": lambda r: beta_inverse(alpha + 1e-9 * (r + 1), beta),
        "betaincinv": lambda r: special.betaincinv(alpha, beta, u),
    }


def _import(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - start


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    before = _load()
    timed = cases(args.n)
    for case in timed.values():
        case(1000)
    times: dict[str, list[float]] = {name: [] for name in timed}
    imports: dict[str, list[float]] = {"import numpy": [], "import scipy.stats": []}
    for r in range(args.rounds):
        for name, case in timed.items():
            start = time.perf_counter()
            case(r)
            times[name].append(time.perf_counter() - start)
        for name in imports:
            imports[name].append(_import(name.split()[1]))
    base = statistics.median(times["Generator.beta"])
    print(f"{args.rounds} interleaved rounds, n = {args.n:,}; load average {before} -> {_load()}")
    print("| case | median (s) | ns per value | / Generator.beta |\n|---|---:|---:|---:|")
    for name, runs in times.items():
        t = statistics.median(runs)
        print(f"| {name} | {t:.4f} | {t / args.n * 1e9:.0f} | {t / base:.2f} |")
    for name, runs in imports.items():
        print(f"| `python -c '{name}'` | {statistics.median(runs):.3f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
