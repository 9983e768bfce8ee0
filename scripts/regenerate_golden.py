"""Regenerate the bundled study's golden results: tests/golden/estimate_seed2024_n20000.json.

The file holds the output of ``repatcost estimate --format json --samples 20000 --seed 2024``
(the bundled four municipalities of question no. 184). ``tests/test_golden.py`` compares the
current output with it, so any change to a figure a user may have quoted shows up in review.
After an intended change, run this script, commit the new file and explain in the review which
figures changed and why::

    python scripts/regenerate_golden.py           # rewrite the file (atomically)
    python scripts/regenerate_golden.py --check   # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

from repatcost._io import write_atomic
from repatcost.cli import main as cli_main

ARGS: tuple[str, ...] = ("estimate", "--format", "json", "--samples", "20000", "--seed", "2024")
"""The command whose output is stored (without the leading ``repatcost``)."""

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "estimate_seed2024_n20000.json"
"""Where the golden output is stored."""

REL_TOL = 1e-9
"""Relative tolerance on numbers: far below any quoted figure, above platform float noise."""


def current_output() -> str:
    """The command's JSON output now, run in-process; raises if the command fails."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli_main(list(ARGS))
    if status != 0:
        raise RuntimeError(f"repatcost {' '.join(ARGS)} failed ({status}): {err.getvalue()}")
    text = out.getvalue()
    json.loads(text)  # refuse to store anything that is not JSON
    return text if text.endswith("\n") else text + "\n"


def current_record() -> Any:
    """The command's output now, parsed."""
    return json.loads(current_output())


def differences(
    stored: Any, current: Any, *, rel_tol: float = REL_TOL, path: str = "$"
) -> list[str]:
    """Every difference between two parsed JSON values, one line each, named by JSON path.

    Structure (keys, list lengths, kinds of value) must match exactly; numbers match within
    ``rel_tol`` (relative) or 1e-12 (absolute, for values near zero); text, booleans and
    nulls exactly.

    >>> differences({"a": [1.0, 2.0], "b": "x"}, {"a": [1.0, 2.5], "c": "x"})
    ['$.a[1]: 2 -> 2.5 (relative change +25%)', '$.b: removed', '$.c: added']
    """
    if isinstance(stored, dict) and isinstance(current, dict):
        out: list[str] = []
        for key in sorted(stored.keys() | current.keys()):
            where = f"{path}.{key}"
            if key not in current:
                out.append(f"{where}: removed")
            elif key not in stored:
                out.append(f"{where}: added")
            else:
                out += differences(stored[key], current[key], rel_tol=rel_tol, path=where)
        return out
    if isinstance(stored, list) and isinstance(current, list):
        out = (
            []
            if len(stored) == len(current)
            else [f"{path}: length {len(stored)} -> {len(current)}"]
        )
        for i, (a, b) in enumerate(zip(stored, current, strict=False)):
            out += differences(a, b, rel_tol=rel_tol, path=f"{path}[{i}]")
        return out
    if _is_number(stored) and _is_number(current):
        if math.isclose(stored, current, rel_tol=rel_tol, abs_tol=1e-12):
            return []
        change = (
            f" (relative change {100 * (current - stored) / abs(stored):+.3g}%)" if stored else ""
        )
        return [f"{path}: {stored:.12g} -> {current:.12g}{change}"]
    if type(stored) is not type(current) or stored != current:
        return [f"{path}: {stored!r} -> {current!r}"]
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the golden file (or, with ``--check``, report whether it is up to date)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the stored file differs from the output",
    )
    args = parser.parse_args(argv)
    text = current_output()
    if args.check:
        stored = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else None
        same = stored is not None and not differences(json.loads(stored), json.loads(text))
        print(f"{GOLDEN}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(GOLDEN, text)
    print(f"wrote {GOLDEN} (repatcost {' '.join(ARGS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
