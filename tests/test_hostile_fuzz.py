"""Fuzzed scenario files: a clean estimate or one clear error, never an internal error.

Each example starts from the bundled study, replaces a few of its leaves (or municipality
names) by other TOML values (integers far beyond a float, extreme and subnormal floats, -0.0,
booleans, any Unicode text, dates, date-times, arrays, tables) and runs
``repatcost estimate`` on it: exit 0 with finite, non-negative figures, or exit 2 with a
``repatcost: error:`` message naming a key; never exit 1, a traceback or a Python warning.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import tempfile
import tomllib
from datetime import UTC
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.scenario import to_toml

BUNDLED = tomllib.loads(BUNDLED_SCENARIO.read_text(encoding="utf-8"))

Path_ = tuple[str | int, ...]


def _leaves(node: Any, path: Path_ = ()) -> list[Path_]:
    """Every leaf of the document (a list of scalars counts as one leaf)."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, (*path, key))]
    if isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        return [p for i, value in enumerate(node) for p in _leaves(value, (*path, i))]
    return [path]


LEAVES = _leaves(BUNDLED)
NAMES = [p for p in LEAVES if p[0] == "municipality" and p[-1] == "name"]

EXTREME_FLOATS = st.sampled_from(
    [1e308, -1e308, 1e300, 1e16, 1e15, 5e-324, 1e-320, 2.2e-308, 1e-300, -0.0, 0.0, -1.0]
)
VALUES = st.one_of(
    st.integers(-(2**70), 2**70),
    st.just(10**400),
    EXTREME_FLOATS,
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.lists(st.integers(0, 5), max_size=3),
    st.dictionaries(st.sampled_from(["dist", "min", "max", "value"]), st.integers(), max_size=2),
)
"""Values of every TOML type, weighted towards the extreme."""


def _set(document: Any, path: Path_, value: Any) -> None:
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _figures(report: dict[str, Any]) -> list[float]:
    """The cost figures of an estimate's JSON: each municipality's and the total's."""
    parts = [*report["municipalities"], report["total"]]
    out: list[float] = []
    for part in parts:
        out += [part["median"], part["mean"], *part["interval"], *part["range"]]
    return out


def _run(document: dict[str, Any], folder: Path) -> tuple[int, str, str]:
    path = folder / "fuzz.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(
            ["estimate", "--samples", "200", "--format", "json", "--scenario", str(path)]
        )
    return status, out.getvalue(), err.getvalue()


_PYTHON_WARNING = re.compile(r"\w+Warning: |\.py:\d+")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.sampled_from(LEAVES), VALUES), min_size=1, max_size=3),
    names=st.lists(st.tuples(st.sampled_from(NAMES), st.text(min_size=1)), max_size=2),
)
def test_a_fuzzed_scenario_estimates_cleanly_or_names_a_key(
    changes: list[tuple[Path_, Any]], names: list[tuple[Path_, str]]
) -> None:
    """Exit 0 with finite figures >= 0, or exit 2 naming a key; never 1, a traceback or a
    Python warning."""
    document = tomllib.loads(to_toml(BUNDLED))
    for path, value in [*changes, *names]:
        _set(document, path, value)
    with tempfile.TemporaryDirectory() as folder:
        status, out, err = _run(document, Path(folder))
    assert status in (0, 2), err
    assert "Traceback" not in err
    assert not _PYTHON_WARNING.search(err), err
    if status == 0:
        figures = _figures(json.loads(out))
        assert all(math.isfinite(f) and f >= 0 for f in figures), figures
    else:
        assert err.startswith("repatcost: error: "), err
        keys = {str(key) for path, _ in [*changes, *names] for key in path if isinstance(key, str)}
        assert any(key in err for key in keys), (keys, err)


def test_to_toml_escapes_del_in_keys_and_strings() -> None:
    """DEL (U+007F), which TOML forbids bare in a basic string, is written escaped."""
    document = {"a\x7fb": "x\x7fy", "t": {"k": ["\x7f"]}}
    assert tomllib.loads(to_toml(document)) == document
