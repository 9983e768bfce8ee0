"""Golden results: the bundled study's JSON output at a fixed seed and sample count.

A failure here means a figure a user may have quoted has changed. If the change is intended,
run ``python scripts/regenerate_golden.py`` and explain in the review which figures changed
and why.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "regenerate_golden.py"
SHOW = 40
"""Most differences listed in a failure message."""


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate_golden", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("regenerate_golden", module)
    spec.loader.exec_module(module)
    return module


golden = _load_script()


@pytest.fixture(scope="module")
def stored() -> object:
    """The stored golden output, parsed."""
    if not golden.GOLDEN.exists():
        pytest.fail(f"{golden.GOLDEN} is missing; run `python scripts/regenerate_golden.py`.")
    return json.loads(golden.GOLDEN.read_text(encoding="utf-8"))


def test_golden_file_records_its_run(stored: dict[str, object]) -> None:
    """The golden file is the JSON report of the bundled study at 20,000 samples, seed 2024."""
    assert stored["samples"] == 20_000
    assert stored["seed"] == 2024
    assert [m["code"] for m in stored["municipalities"]] == [101, 751, 461, 851]  # type: ignore[attr-defined]


def test_current_output_matches_golden_file(stored: object) -> None:
    """Every figure and key of today's output equals the golden file (numbers to 1e-9 relative)."""
    found = golden.differences(stored, golden.current_record())
    if found:
        listed = "\n  ".join(found[:SHOW])
        more = f"\n  ... and {len(found) - SHOW} more" if len(found) > SHOW else ""
        pytest.fail(
            f"The bundled study's output (repatcost {' '.join(golden.ARGS)}) differs from "
            f"{golden.GOLDEN.relative_to(SCRIPT.parents[1])} in {len(found)} place(s):\n  "
            f"{listed}{more}\nIf the change is intended, run `python scripts/regenerate_golden.py`"
            " and explain in the review which figures changed and why.",
            pytrace=False,
        )


def test_differences_name_each_changed_figure() -> None:
    """The comparison names changed numbers, added and removed keys and length changes by path."""
    old = {"total": {"median": 1_000_000.0, "interval": [1.0, 2.0]}, "title": "a"}
    new = {"total": {"median": 1_100_000.0, "interval": [1.0, 2.0, 3.0]}, "flags": []}
    assert golden.differences(old, new) == [
        "$.flags: added",
        "$.title: removed",
        "$.total.interval: length 2 -> 3",
        "$.total.median: 1000000 -> 1100000 (relative change +10%)",
    ]


def test_differences_tolerate_only_float_noise() -> None:
    """Numbers within 1e-9 relative count as equal; anything larger, or a kind change, does not."""
    assert golden.differences({"x": 800_000.0}, {"x": 800_000.0 * (1 + 1e-12)}) == []
    assert golden.differences({"x": 0.0}, {"x": 1e-15}) == []
    assert golden.differences({"x": 800_000.0}, {"x": 800_000.0 * (1 + 1e-8)}) != []
    assert golden.differences({"x": True}, {"x": 1}) == ["$.x: True -> 1"]
    assert golden.differences({"x": None}, {"x": 0.0}) == ["$.x: None -> 0.0"]
