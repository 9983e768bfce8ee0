"""Peak memory of one case, measured in a fresh child process.

``python benchmarks/memory.py CASE N`` imports everything every case needs (numpy, scipy,
repatcost, the floor), runs the case once at a small size so lazy imports and caches are in
place, resets the kernel's high-water mark of resident memory (``/proc/self/clear_refs``),
runs the case at ``N`` samples keeping its result alive, and prints one JSON line: the peak
resident set size above the baseline just before the run (``VmHWM - VmRSS``), in MiB.

Where the high-water mark cannot be reset (not Linux), the peak comes from
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` and the baseline from the same reading before
the run, which is then only an upper bound for small runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = ("floor", "library", "cli")


def _status() -> dict[str, int]:
    """VmRSS and VmHWM in KiB (empty off Linux)."""
    out: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":")
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def _maxrss_kib() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def measure(case: str, n: int) -> dict[str, Any]:
    """Run ``case`` at ``n`` samples in this process; the peak RSS above the baseline."""
    sys.path.insert(0, str(HERE))
    import floor
    from repatcost.data import bundled_study
    from repatcost.report import render_study

    study = bundled_study()

    def run(size: int) -> object:
        if case == "floor":
            return floor.run(size, 1)
        result = study.run(size, seed=1)
        if case == "library":
            return (
                [e.summary(0.9) for e in result.estimates.values()],
                result.total.summary(0.9),
                result,
            )
        return render_study(result, "markdown"), result

    run(1_000)
    exact = _reset_peak()
    before = _status()
    before_max = _maxrss_kib()
    kept = run(n)
    after = _status()
    if exact and "VmHWM" in after:
        peak_kib = after["VmHWM"] - before["VmRSS"]
        method = "VmHWM after clear_refs - VmRSS before"
    else:
        peak_kib = _maxrss_kib() - before_max
        method = "ru_maxrss difference"
    del kept
    return {
        "case": case,
        "n": n,
        "peak_mib": peak_kib / 1024.0,
        "baseline_mib": before.get("VmRSS", before_max) / 1024.0,
        "method": method,
    }


def in_subprocesses(which: tuple[str, ...], n: int) -> dict[str, dict[str, Any]]:
    """:func:`measure` for each case, each in its own fresh ``python`` child process.

    The children run side by side: each measures only its own resident memory.
    """
    env = dict(os.environ, PYTHONHASHSEED="0")
    children = {
        case: subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), case, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for case in which
    }
    out: dict[str, dict[str, Any]] = {}
    for case, child in children.items():
        stdout, stderr = child.communicate()
        if child.returncode:
            raise RuntimeError(f"memory.py {case} {n} failed:\n{stderr}")
        out[case] = json.loads(stdout.strip().splitlines()[-1])
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        sys.exit(f"usage: python {Path(__file__).name} {{{','.join(CASES)}}} N")
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
