"""Benchmarks: repatcost against the floor (the same model in plain numpy) and the peers.

    python benchmarks/run.py            # the full run behind RESULTS.md (a few minutes)
    python benchmarks/run.py --quick    # the CI run (well under a minute)
    python benchmarks/run.py --json results.json

Speed: the cases of one comparison run in this one process, interleaved (each repetition runs
every case once, in an order rotated from one repetition to the next, after a garbage
collection), after one warm-up call each; a case's time is the median of its repetitions and
figures are ratios to the floor's median. Memory: the peak resident memory above the
baseline after imports, each case in its own child process (``memory.py``). Nothing here
asserts a time: the targets are reported as met or missed.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

import cases
import floor
import memory
import peers
from repatcost.data import bundled_study

SEED = 1

TARGETS = {
    "study_1e6": ("study + summary at 10^6, time / floor", 1.3),
    "memory_1e6": ("peak memory at 10^6 / floor", 1.5),
    "scaling_98": ("98 municipalities / 1 at 10^5, time", 30.0),
    "sobol_4096": ("Sobol of the total at N = 2^12 / direct scipy", 1.5),
}


def interleaved(timed: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds per call of each case, ``repeats`` times, interleaved (see module docs)."""
    for call in timed.values():
        call()
    names = list(timed)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.perf_counter()
            result = timed[name]()
            seconds[name].append(time.perf_counter() - start)
            del result
    return seconds


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median_s": statistics.median(values),
        "min_s": min(values),
        "max_s": max(values),
        "repeats": len(values),
    }


def machine() -> dict[str, Any]:
    """Machine, versions and date of this run."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for dist in ("repatcost", "numpy", "scipy", "attrs", "squigglepy", "SALib"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
    }


def study_speed(
    sizes: list[int], repeats: dict[int, int], *, cli: bool = True
) -> list[dict[str, Any]]:
    """The bundled study (+ main-table summary, + whole CLI report) against the floor."""
    study = bundled_study()
    rows = []
    for n in sizes:
        timed: dict[str, Callable[[], object]] = {
            "floor": partial(floor.run, n, SEED),
            "library": partial(cases.study_summary, study, n, SEED),
        }
        if cli:
            timed["cli_report"] = partial(cases.cli_report, study, n, SEED)
        seconds = interleaved(timed, repeats[n])
        base = statistics.median(seconds["floor"])
        row = {
            "n": n,
            **{name: _stats(v) for name, v in seconds.items()},
            "ratio": statistics.median(seconds["library"]) / base,
        }
        if cli:
            row["cli_ratio"] = statistics.median(seconds["cli_report"]) / base
        rows.append(row)
    return rows


def agreement(n: int) -> list[dict[str, Any]]:
    """Floor and library medians and interval ends at ``n``: difference in standard errors.

    The two draw from independent streams, so the error of a difference is the root sum of
    squares of the two quantiles' Monte Carlo errors.
    """
    lib = {k: cases.as_record(s) for k, s in cases.study_summary(bundled_study(), n, SEED).items()}
    flo = {k: cases.as_record(s) for k, s in floor.run(n, SEED + 1).items()}
    rows = []
    for row in floor.ROWS:
        a, b = lib[row], flo[row]
        z = [(a["median"] - b["median"]) / (a["median_se"] ** 2 + b["median_se"] ** 2) ** 0.5]
        for i in (0, 1):
            se = (a["interval_se"][i] ** 2 + b["interval_se"][i] ** 2) ** 0.5
            z.append((a["interval"][i] - b["interval"][i]) / se)
        rows.append(
            {
                "row": row,
                "n": n,
                "library": a,
                "floor": b,
                "z_median": z[0],
                "z_interval": z[1:],
                "same_hard_range": all(
                    abs(x - y) <= 1e-9 * abs(y)
                    for x, y in zip(a["hard_range"], b["hard_range"], strict=True)
                ),
            }
        )
    return rows


def peak_memory(n: int, which: tuple[str, ...]) -> dict[str, Any]:
    """Peak RSS above the import baseline, each case in its own child process."""
    got = memory.in_subprocesses(which, n)
    base = got["floor"]["peak_mib"]
    return {"n": n, "cases": got, "ratios": {case: got[case]["peak_mib"] / base for case in which}}


def scaling(counts: list[int], n: int, repeats: int) -> dict[str, Any]:
    """Synthetic studies of ``counts`` municipalities at ``n`` samples, run + summary."""
    studies = {k: cases.synthetic_study(k) for k in counts}
    seconds = interleaved(
        {str(k): partial(cases.study_summary, s, n, SEED) for k, s in studies.items()}, repeats
    )
    one = statistics.median(seconds[str(counts[0])])
    return {
        "n": n,
        "rows": [
            {
                "municipalities": k,
                **_stats(seconds[str(k)]),
                "ratio_to_one": statistics.median(seconds[str(k)]) / one,
            }
            for k in counts
        ],
    }


def sobol(n: int, repeats: int, timing_repeats: int) -> dict[str, Any]:
    """repatcost's Sobol of the total against the same number of direct scipy calls."""
    if not cases.sensitivity_available():
        return {"skipped": "sensitivity module not available"}
    study = bundled_study()
    seconds = interleaved(
        {
            "direct_scipy": lambda: cases.sobol_direct(n, SEED, repeats),
            "library": lambda: cases.sobol_library(study, n, SEED, repeats),
        },
        timing_repeats,
    )
    lib = cases.sobol_library(study, n, SEED, repeats)
    direct = cases.sobol_direct(n, SEED, repeats)
    return {
        "n": n,
        "repeats": repeats,
        **{k: _stats(v) for k, v in seconds.items()},
        "ratio": statistics.median(seconds["library"])
        / statistics.median(seconds["direct_scipy"]),
        "max_first_order_difference": max(abs(lib[k] - direct[k]) for k in direct),
    }


def designs(n: int, seeds: int, reference_n: int) -> dict[str, Any]:
    """Accuracy per sample and time per run of the engine's designs (mc, lhs, sobol).

    Root mean square error of the total's median and 90% interval ends over ``seeds`` runs
    of ``n`` samples, against one plain Monte Carlo run of ``reference_n`` samples; the gain
    is (RMSE of mc / RMSE of the design)^2, the factor of mc samples the design saves.
    """
    study = bundled_study()
    ref = cases.summaries(study.run(reference_n, seed=0))["total"]
    truth = np.array([ref.interval[0], ref.median, ref.interval[1]])
    rows: dict[str, Any] = {}
    for design in ("mc", "lhs", "sobol"):
        errors, seconds = [], []
        for seed in range(1, seeds + 1):
            start = time.perf_counter()
            got = cases.summaries(study.run(n, seed=seed, design=design))["total"]
            seconds.append(time.perf_counter() - start)
            errors.append(np.array([got.interval[0], got.median, got.interval[1]]) - truth)
        rmse = np.sqrt(np.mean(np.square(errors), axis=0))
        rows[design] = {"rmse": rmse.tolist(), "median_s": statistics.median(seconds)}
    for row in rows.values():
        row["gain"] = (np.square(rows["mc"]["rmse"]) / np.square(row["rmse"])).tolist()
        row["time_ratio"] = row["median_s"] / rows["mc"]["median_s"]
    return {
        "n": n,
        "seeds": seeds,
        "reference_n": reference_n,
        "reference_se": [ref.interval_se[0], ref.median_se, ref.interval_se[1]],
        "rows": rows,
    }


def peer_runs(n: int, loop_n: int | None, sobol_n: int, repeats: int) -> dict[str, Any]:
    """squigglepy and SALib against the floor, when installed."""
    out: dict[str, Any] = {}
    if not peers.available("squigglepy"):
        out["squigglepy"] = {"skipped": "squigglepy not installed (pip install .[bench])"}
    else:
        lib = cases.study_summary(bundled_study(), n, SEED)
        seconds = interleaved(
            {
                "floor": lambda: floor.run(n, SEED),
                "shared": lambda: peers.squigglepy_shared(n, SEED),
                "lazy": lambda: peers.squigglepy_lazy(n, SEED),
            },
            repeats,
        )
        base = statistics.median(seconds["floor"])
        variants: dict[str, Any] = {}
        for name, fn in (("shared", peers.squigglepy_shared), ("lazy", peers.squigglepy_lazy)):
            variants[name] = {
                "n": n,
                **_stats(seconds[name]),
                "ratio": statistics.median(seconds[name]) / base,
                "rows": _compare(fn(n, SEED + 1), lib),
            }
        if loop_n:
            lib_small = cases.study_summary(bundled_study(), loop_n, SEED)
            small = interleaved(
                {
                    "floor": lambda: floor.run(loop_n, SEED),
                    "loop": lambda: peers.squigglepy_loop(loop_n, SEED),
                },
                3,
            )
            variants["loop"] = {
                "n": loop_n,
                **_stats(small["loop"]),
                "ratio": statistics.median(small["loop"]) / statistics.median(small["floor"]),
                "rows": _compare(peers.squigglepy_loop(loop_n, SEED + 1), lib_small),
            }
        out["squigglepy"] = variants
    if not peers.available("SALib"):
        out["salib"] = {"skipped": "SALib not installed (pip install .[bench])"}
    else:
        seconds = interleaved(
            {
                "direct_scipy": lambda: cases.sobol_direct(sobol_n, SEED, 1),
                "salib": lambda: peers.salib_sobol(sobol_n, SEED),
            },
            repeats,
        )
        salib = peers.salib_sobol(sobol_n, SEED)
        direct = cases.sobol_direct(sobol_n, SEED, 1)
        out["salib"] = {
            "n": sobol_n,
            **{k: _stats(v) for k, v in seconds.items()},
            "ratio": statistics.median(seconds["salib"])
            / statistics.median(seconds["direct_scipy"]),
            "max_first_order_difference": max(abs(salib[k] - direct[k]) for k in direct),
        }
    return out


def _compare(got: dict[str, dict[str, float]], lib: dict[str, Any]) -> dict[str, Any]:
    """A peer's percentiles against the library's, in the library's standard errors x sqrt 2
    (two independent runs of the same size)."""
    rows = {}
    for row, p in got.items():
        s = lib[row]
        pairs = (
            ("p5", s.interval[0], s.interval_se[0]),
            ("p50", s.median, s.median_se),
            ("p95", s.interval[1], s.interval_se[1]),
        )
        rows[row] = {
            key: {"peer": p[key], "library": value, "z": (p[key] - value) / (se * 2**0.5)}
            for key, value, se in pairs
        }
    return rows


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value and whether it is met."""
    found: dict[str, float | None] = dict.fromkeys(TARGETS)
    big = [r for r in results["study"] if r["n"] == 10**6]
    if big:
        found["study_1e6"] = big[0]["ratio"]
    if results.get("memory") and results["memory"]["n"] == 10**6:
        found["memory_1e6"] = results["memory"]["ratios"]["library"]
    rows = results["scaling"]["rows"]
    if rows[-1]["municipalities"] == 98:
        found["scaling_98"] = rows[-1]["ratio_to_one"]
    if "ratio" in results["sobol"] and results["sobol"]["n"] == 4096:
        found["sobol_4096"] = results["sobol"]["ratio"]
    out = []
    for key, (what, limit) in TARGETS.items():
        value = found[key]
        out.append(
            {
                "key": key,
                "what": what,
                "limit": limit,
                "value": value,
                "met": None if value is None else value <= limit,
            }
        )
    return out


def render(results: dict[str, Any]) -> str:
    """The results as Markdown."""
    m = results["machine"]
    v = m["versions"]
    kind = "quick run: few repetitions, indicative only" if results["quick"] else "full run"
    out = [
        f"# repatcost benchmarks ({kind})",
        "",
        f"{m['date']}; {m['cpu']}, {m['cores']} cores; {m['platform']}; Python "
        f"{m['python']}; " + ", ".join(f"{k} {x}" for k, x in v.items() if x),
        "",
        "## Targets",
        "",
        "| target | limit | measured | met |",
        "|---|---:|---:|---|",
    ]
    for t in results["targets"]:
        value = "n/a" if t["value"] is None else f"{t['value']:.2f}"
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        out.append(f"| {t['what']} | {t['limit']:g} | {value} | {met} |")
    out += [
        "",
        "## Bundled study, time as a ratio to the floor (medians, interleaved)",
        "",
        "| samples | floor median (s) | study + summary / floor | "
        "study + CLI report / floor | repeats |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in results["study"]:
        cli = f"{r['cli_ratio']:.2f}" if "cli_ratio" in r else "n/a"
        out.append(
            f"| {r['n']:,} | {r['floor']['median_s']:.4f} | {r['ratio']:.2f} "
            f"(min {r['library']['min_s'] / r['floor']['min_s']:.2f}) | {cli} | "
            f"{r['floor']['repeats']} |"
        )
    out += [
        "",
        "## Floor and library agree (difference in Monte Carlo standard errors)",
        "",
        "| row | library median | floor median | z median | z 5% | z 95% | hard range |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for a in results["agreement"]:
        out.append(
            f"| {a['row']} | {a['library']['median']:,.0f} | {a['floor']['median']:,.0f}"
            f" | {a['z_median']:+.2f} | {a['z_interval'][0]:+.2f} | "
            f"{a['z_interval'][1]:+.2f} | "
            f"{'same' if a['same_hard_range'] else '**differs**'} |"
        )
    if results.get("memory"):
        mem = results["memory"]
        out += [
            "",
            f"## Peak memory above the import baseline at {mem['n']:,} samples (child processes)",
            "",
            "| case | peak (MiB) | / floor |",
            "|---|---:|---:|",
        ]
        for case, got in mem["cases"].items():
            out.append(f"| {case} | {got['peak_mib']:.1f} | {mem['ratios'][case]:.2f} |")
    sc = results["scaling"]
    out += [
        "",
        f"## Scaling: synthetic municipalities at {sc['n']:,} samples (run + summary)",
        "",
        "| municipalities | median (s) | / one |",
        "|---:|---:|---:|",
    ]
    for r in sc["rows"]:
        out.append(f"| {r['municipalities']} | {r['median_s']:.4f} | {r['ratio_to_one']:.1f} |")
    so = results["sobol"]
    out += ["", "## Sobol indices of the total", ""]
    if "skipped" in so:
        out.append(f"Skipped: {so['skipped']}.")
    else:
        out.append(
            f"N = {so['n']}, {so['repeats']} repeats each: repatcost / direct scipy = "
            f"{so['ratio']:.2f} (direct {so['direct_scipy']['median_s']:.3f} s); "
            f"largest difference of a first-order index "
            f"{so['max_first_order_difference']:.1e}."
        )
    de = results["designs"]
    out += ["", "## Designs: accuracy per sample and time per run (total; not a target)", ""]
    if "skipped" in de:
        out.append(f"Skipped: {de['skipped']}.")
    else:
        out += [
            f"RMSE over {de['seeds']} seeds at {de['n']:,} samples against one Monte "
            f"Carlo run of {de['reference_n']:,}; gain = (RMSE mc / RMSE)^2.",
            "",
            "| design | RMSE p5 | RMSE p50 | RMSE p95 | gain p5 / p50 / p95 | time per run / mc |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, r in de["rows"].items():
            out.append(
                f"| {name} | "
                + " | ".join(f"{x:,.0f}" for x in r["rmse"])
                + " | "
                + " / ".join(f"{g:.1f}" for g in r["gain"])
                + f" | {r['time_ratio']:.1f} |"
            )
    out += ["", "## Peers", ""]
    sq = results["peers"]["squigglepy"]
    if "skipped" in sq:
        out.append(f"squigglepy: skipped ({sq['skipped']}).")
    else:
        out += [
            "| squigglepy idiom | samples | time / floor | total p5 (z) | total p50 (z) | "
            "total p95 (z) | worst z, any row |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, r in sq.items():
            t = r["rows"]["total"]
            worst = max(abs(c["z"]) for row in r["rows"].values() for c in row.values())
            out.append(
                f"| {name} | {r['n']:,} | {r['ratio']:.2f} | "
                + " | ".join(
                    f"{t[k]['peer']:,.0f} ({t[k]['z']:+.1f})" for k in ("p5", "p50", "p95")
                )
                + f" | {worst:.1f} |"
            )
    sa = results["peers"]["salib"]
    out.append("")
    if "skipped" in sa:
        out.append(f"SALib: skipped ({sa['skipped']}).")
    else:
        out.append(
            f"SALib Sobol (N = {sa['n']}, default bootstrap CIs) / one direct scipy call"
            f" = {sa['ratio']:.2f}; largest difference of a first-order index "
            f"{sa['max_first_order_difference']:.1e}."
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short CI run")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    quick = args.quick
    sizes = [10**4, 10**5, 10**6]
    results: dict[str, Any] = {"quick": quick, "machine": machine(), "elapsed_s": {}}
    sections: dict[str, Callable[[], Any]] = {
        "study": lambda: study_speed(
            sizes,
            {10**4: 5, 10**5: 5, 10**6: 3} if quick else {10**4: 21, 10**5: 15, 10**6: 11},
            cli=not quick,
        ),
        "agreement": lambda: agreement(10**5 if quick else 10**6),
        "memory": lambda: peak_memory(
            10**6, ("floor", "library") if quick else ("floor", "library", "cli")
        ),
        "scaling": lambda: scaling([1, 4, 16, 98], 10**5, 3 if quick else 9),
        "sobol": lambda: sobol(4096, 2 if quick else 8, 2 if quick else 7),
        "designs": (lambda: {"skipped": "full run only"})
        if quick
        else (lambda: designs(2**14, 16, 2**21)),
        "peers": lambda: peer_runs(
            10**5 if quick else 10**6,
            None if quick else 10**4,
            1024 if quick else 4096,
            3 if quick else 5,
        ),
    }
    for name, section in sections.items():
        start = time.perf_counter()
        results[name] = section()
        results["elapsed_s"][name] = time.perf_counter() - start
    results["targets"] = targets(results)
    print(render(results), end="")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
