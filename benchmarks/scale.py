"""Scale: time and peak memory for 1, 4, 16 and 98 municipalities at 10^5 and 10^6 samples.

``python benchmarks/scale.py`` runs every case in its own fresh child process, one after the
other (so they do not compete for the two cores), and prints a Markdown table for RESULTS.md;
``--json FILE`` also writes the raw figures. ``python benchmarks/scale.py CASE COUNT N`` runs
one case in this process and prints one JSON line.

Cases (synthetic municipalities with Aarhus' evidence, as in ``cases.synthetic_study``):

- ``lean``: ``Study.run_costs(n)`` (costs evaluated in chunks, only costs kept) and the
  summary of every municipality and of the total: the main table's figures.
- ``full``: ``Study.run(n)`` (every input, component and quantity array kept) and the same
  summaries: the path every report uses.
- ``national``: ``repatcost.national`` on the bundled four (94 further municipalities predicted
  in chunks) and its JSON record (COUNT is ignored; always 98).

Time is wall-clock of the case after a warm-up at 1,000 samples; memory is the peak resident
set size above the baseline just before the case (``memory.py``'s method).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = ("lean", "full", "national")
COUNTS = (1, 4, 16, 98)
SIZES = (100_000, 1_000_000)


def _work(case: str, count: int) -> Any:
    sys.path.insert(0, str(HERE))
    import cases

    if case == "national":
        from repatcost.data import bundled_study
        from repatcost.national_model import national
        from repatcost.national_report import national_record

        study = bundled_study()
        return lambda n: national_record(national(study, n=n, seed=1))
    study = cases.synthetic_study(count)
    if case == "lean":
        return lambda n: _summaries(study.run_costs(n, seed=1))
    return lambda n: cases.summaries(study.run(n, seed=1))


def _summaries(result: Any) -> dict[str, Any]:
    out = {key: e.summary(0.9) for key, e in result.estimates.items()}
    out["total"] = result.total.summary(0.9)
    return out


def measure(case: str, count: int, n: int) -> dict[str, Any]:
    """Time and peak memory of one case at ``n`` samples, in this process."""
    import memory

    work = _work(case, count)
    work(1_000)
    exact = memory._reset_peak()
    before = memory._status()
    start = time.perf_counter()
    kept = work(n)
    seconds = time.perf_counter() - start
    after = memory._status()
    peak = after["VmHWM"] - before["VmRSS"] if exact and "VmHWM" in after else -1
    del kept
    return {"case": case, "count": count, "n": n, "seconds": seconds, "peak_mib": peak / 1024}


def _child(case: str, count: int, n: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), case, str(count), str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table, with each time relative to one municipality's."""
    one = {(r["case"], r["n"]): r["seconds"] for r in rows if r["count"] == 1}
    lines = [
        "| case | municipalities | samples | time (s) | / one municipality | peak (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        base = one.get((r["case"], r["n"]))
        ratio = f"{r['seconds'] / base:.1f}" if base else "n/a"
        lines.append(
            f"| {r['case']} | {r['count']} | {r['n']:,} | {r['seconds']:.2f} | {ratio} | "
            f"{r['peak_mib']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run every case (or the ones named) in child processes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--full-max", type=int, default=100_000, help="largest n for 'full'")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    rows = []
    for case in args.cases.split(","):
        counts = (98,) if case == "national" else COUNTS
        for n in SIZES:
            if case == "full" and n > args.full_max:
                continue
            for count in counts:
                rows.append(_child(case, count, n))
                print(json.dumps(rows[-1]), file=sys.stderr)
    print(table(rows))
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in CASES:
        sys.path.insert(0, str(HERE))
        print(json.dumps(measure(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()
