"""The floor of the whole report (benchmarks/floor.py) computes the report's own figures."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from repatcost.data import bundled_study
from repatcost.engine import stream

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def floor():
    """The hand-written floor (benchmarks/floor.py)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield importlib.import_module("floor")
    finally:
        sys.path.remove(str(BENCHMARKS))


def _pairs(report, figures):
    """(library summary, floor summary) for every figure both print."""
    rows = {row.key: row for row in (*report.rows, report.total)}
    for key, mine in figures.items():
        row = rows[key]
        yield row.cost.summary, mine["cost"]
        for name in ("cost_per_conversation", "cost_per_repatriated"):
            figure = getattr(row, {"cost_per_conversation": "per_unit"}.get(name, "per_outcome"))
            assert (figure is None) == (mine[name] is None), (key, name)
            if figure is not None:
                yield figure.summary, mine[name]
        for implied in row.implied:
            quantity = implied.name.rpartition(".")[2].replace(
                "hourly_cost", "implied_hourly_cost"
            )
            yield implied.summary, mine["implied"][quantity]
        for check in row.crosschecks:
            yield check.summary, mine["crosscheck"]


def test_floor_report_reproduces_every_figure_on_the_library_streams(floor) -> None:
    """Given the library's random streams, the floor's report equals the library's report
    figure by figure (medians, intervals, hard ranges) to rounding."""
    seed = 4
    report = bundled_study().run(20_000, seed=seed).report()
    figures = floor.report(20_000, seed, rng_for=lambda name: stream(seed, name))
    count = 0
    for library, mine in _pairs(report, figures):
        assert library.median == pytest.approx(mine["median"], rel=1e-12)
        assert library.interval == pytest.approx(mine["interval"], rel=1e-12)
        assert library.hard_range == pytest.approx(mine["hard_range"], rel=1e-12)
        count += 1
    # rows x (cost, two ratios) less Odense's per conversation, implied, check, total
    assert count == 4 * 3 - 1 + 4 + 1 + 3
    check = report.rows[0].crosschecks[0].agreement
    assert check.p_greater == figures["kobenhavn"]["crosscheck"]["agreement"]["p_greater"]


def _partitions(work) -> tuple[int, list[bytes]]:
    """The number of ``ndarray.partition`` calls ``work()`` makes (every median and quantile
    numpy takes is one), and the contents of every array given to ``numpy.quantile``."""
    import cProfile
    import hashlib
    import pstats

    import numpy as np

    seen: list[bytes] = []
    quantile = np.quantile

    def recorded(samples, *args, **kwargs):
        seen.append(hashlib.sha1(np.ascontiguousarray(samples).tobytes()).digest())
        return quantile(samples, *args, **kwargs)

    profile = cProfile.Profile()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(np, "quantile", recorded)
        profile.runcall(work)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    method = "<method 'partition' of 'numpy.ndarray' objects>"
    return sum(v[1] for k, v in stats.items() if k[2] == method), seen


def test_report_partitions_as_often_as_its_floor(floor) -> None:
    """The library's report partitions its arrays as often as the floor's report, plus once
    for the one figure the floor leaves out (the cross-check ratio's interval): every array
    is summarised by one call, whatever figures read it."""
    study = bundled_study()
    floor_count, _ = _partitions(lambda: floor.report(20_000, 1))
    mine, seen = _partitions(lambda: study.run(20_000, seed=1).report())
    assert floor_count == 16
    assert mine == floor_count + 1
    assert len(seen) == len(set(seen))


def test_estimate_with_readings_partitions_each_distinct_array_once() -> None:
    """``repatcost estimate`` on the bundled study (its readings, their alternatives and
    extremes included) partitions no array twice, not even a copy of one: runs that share
    an earlier run's draws share its array and its one summary."""
    import contextlib
    import io

    from repatcost.cli import main

    args = ["estimate", "--samples", "20000", "--seed", "1", "--format", "json"]
    with contextlib.redirect_stdout(io.StringIO()):
        count, seen = _partitions(lambda: main(args))
    assert len(seen) == len(set(seen)) == count
