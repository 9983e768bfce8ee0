"""The whole report against its plain-numpy floor, in one process and as whole processes.

``python benchmarks/report_floor.py [--samples N] [--repeats R] [--processes P]`` prints a
Markdown table of interleaved medians (each case run in turn, R rounds; a shared machine's
drift hits every case alike):

- library report / floor report: ``study.run(n, seed)`` then ``result.report()`` (every figure
  of the JSON report) against :func:`floor.report` (the same figures in plain numpy);
- study + five summaries / floor: the main table's work against :func:`floor.run`;
- whole processes, imports included: ``repatcost estimate --samples N --format json``
  against ``python benchmarks/floor.py N`` (the floor report printed as JSON), with each
  process's peak resident memory; once for the bundled study, which also runs every
  alternative reading of the source (a part of the report the floor does not compute), and
  once for the same study with its ``[readings]`` tables left out (like for like).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import floor
from repatcost.data import BUNDLED_SCENARIO, bundled_study
from repatcost.scenario import to_toml

HERE = Path(__file__).resolve().parent


def _in_process(n: int, repeats: int) -> dict[str, list[float]]:
    study = bundled_study()
    cases: dict[str, Callable[[int], object]] = {
        "floor report": lambda seed: floor.report(n, seed),
        "library report": lambda seed: study.run(n, seed=seed).report(),
        "floor summaries": lambda seed: floor.run(n, seed),
        "library summaries": lambda seed: _five(study, n, seed),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for case in cases.values():  # warm-up
        case(0)
    for seed in range(1, repeats + 1):
        for name, case in cases.items():
            start = time.perf_counter()
            case(seed)
            times[name].append(time.perf_counter() - start)
    return times


def _five(study: object, n: int, seed: int) -> object:
    result = study.run(n, seed=seed)  # type: ignore[attr-defined]
    return [e.summary(0.9) for e in (*result.estimates.values(), result.total)]


_RUNNER = """
import os, sys, time
start = time.perf_counter()
out = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=out)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, status)
"""
"""Starts the measured process from a fresh, small interpreter: a child forked from this
(large) process would count the parent's resident pages as its own peak memory."""


def _process(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of one process."""
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, *command],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed, peak, status = done.stdout.split()
    if int(status) != 0:
        raise RuntimeError(f"{command} exited with {status}")
    return float(elapsed), float(peak) / 1024.0


def _without_readings(folder: Path) -> Path:
    """The bundled scenario with its ``[readings]`` tables left out, written to ``folder``."""
    document = tomllib.loads(BUNDLED_SCENARIO.read_text(encoding="utf-8"))
    document.pop("readings", None)
    path = folder / "no_readings.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    return path


def _processes(n: int, repeats: int) -> dict[str, list[tuple[float, float]]]:
    estimate = [sys.executable, "-m", "repatcost", "estimate", "--samples", str(n), "--seed"]
    with tempfile.TemporaryDirectory() as folder:
        plain = _without_readings(Path(folder))
        commands = {
            "floor process": [sys.executable, str(HERE / "floor.py"), str(n), "1"],
            "repatcost estimate process": [*estimate, "1", "--format", "json"],
            "repatcost estimate process, readings left out": [
                *estimate,
                "1",
                "--format",
                "json",
                "--scenario",
                str(plain),
            ],
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(repeats):
            for name, command in commands.items():
                runs[name].append(_process(command))
    return runs


def main() -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--processes", type=int, default=3)
    args = parser.parse_args()
    runs = _processes(args.samples, args.processes)
    report_times = _in_process(args.samples, args.repeats)
    base_t = statistics.median(t for t, _ in runs["floor process"])
    base_m = statistics.median(m for _, m in runs["floor process"])
    print(f"\n{args.processes} interleaved process pairs; medians")
    print("| process | wall (s) | / floor | peak RSS (MiB) | / floor |\n|---|---:|---:|---:|---:|")
    for name, pairs in runs.items():
        t = statistics.median(p[0] for p in pairs)
        m = statistics.median(p[1] for p in pairs)
        print(f"| {name} | {t:.2f} | {t / base_t:.2f} | {m:.0f} | {m / base_m:.2f} |")
    for name, pairs in runs.items():
        print(f"{name}: " + ", ".join(f"{t:.2f} s / {m:.0f} MiB" for t, m in pairs))
    med = {name: statistics.median(t) for name, t in report_times.items()}
    print(f"samples {args.samples:,}; {args.repeats} interleaved rounds; medians (s)")
    print("| case | median (s) | / its floor | median of per-round ratios |")
    print("|---|---:|---:|---:|")
    for name, base in (("report", "floor report"), ("summaries", "floor summaries")):
        mine = report_times["library " + name]
        paired = statistics.median(a / b for a, b in zip(mine, report_times[base], strict=True))
        print(f"| floor {name} | {med[base]:.3f} | 1.00 | 1.00 |")
        print(
            f"| library {name} | {statistics.median(mine):.3f} | "
            f"{statistics.median(mine) / med[base]:.2f} | {paired:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
