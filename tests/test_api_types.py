"""The Python API: results pickle and deep-copy; a wrong type is a TypeError naming the field."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from repatcost import PERT, Fixed, LogNormal, Normal, Triangular, Uniform
from repatcost.data import BUNDLED_SCENARIO, bundled_study
from repatcost.errors import InvalidTypeError, InvalidValueError
from repatcost.national_drivers import read_population
from repatcost.report import render_study
from repatcost.scenario import load_scenario
from repatcost.study import StudyResult

ROUND_TRIPS: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda obj: pickle.loads(pickle.dumps(obj)),
    "deepcopy": copy.deepcopy,
}


@pytest.fixture(scope="module")
def result() -> StudyResult:
    """A small run of the bundled study."""
    return bundled_study().run(500, seed=3)


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_study_round_trips_equal(how: str) -> None:
    """A Study survives pickle and deepcopy and compares equal to the original."""
    study = bundled_study()
    again = ROUND_TRIPS[how](study)
    assert again == study
    assert again is not study


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_study_result_round_trips_with_the_same_report(how: str, result: StudyResult) -> None:
    """A StudyResult survives pickle and deepcopy: same JSON report, same total, same draws."""
    again = ROUND_TRIPS[how](result)
    assert render_study(again, "json") == render_study(result, "json")
    np.testing.assert_array_equal(again.total.samples, result.total.samples)
    assert set(again.models) == set(result.models)


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_a_copied_result_keeps_its_run_so_its_estimates_still_add(
    how: str, result: StudyResult
) -> None:
    """Estimates of one copied result share one run: they add sample by sample as before."""
    again = ROUND_TRIPS[how](result)
    added = again.estimates["aarhus"] + again.estimates["odense"]
    expected = result.estimates["aarhus"] + result.estimates["odense"]
    np.testing.assert_array_equal(added.samples, expected.samples)


@pytest.mark.parametrize("how", ROUND_TRIPS)
def test_estimate_round_trips_read_only(how: str, result: StudyResult) -> None:
    """An Estimate survives pickle and deepcopy; its arrays stay read-only and equal."""
    estimate = result.estimates["aarhus"]
    again = ROUND_TRIPS[how](estimate)
    np.testing.assert_array_equal(again.samples, estimate.samples)
    assert again.summary(0.9) == estimate.summary(0.9)
    assert not again.samples.flags.writeable
    assert all(not a.flags.writeable for a in again.components.values())
    with pytest.raises(TypeError):
        again.components["x"] = again.samples  # type: ignore[index]


BAD_TYPES: list[tuple[str, Callable[[], Any], str]] = [
    ("Fixed('abc')", lambda: Fixed("abc"), "value"),  # type: ignore[arg-type]
    ("Fixed(None)", lambda: Fixed(None), "value"),  # type: ignore[arg-type]
    ("Fixed(True)", lambda: Fixed(True), "value"),
    ("Fixed([1])", lambda: Fixed([1]), "value"),  # type: ignore[arg-type]
    ("Uniform('1', 2)", lambda: Uniform("1", 2), "low"),  # type: ignore[arg-type]
    ("PERT(1, '2', 3)", lambda: PERT(1, "2", 3), "mode"),  # type: ignore[arg-type]
    ("Triangular(1, 2, None)", lambda: Triangular(1, 2, None), "high"),  # type: ignore[arg-type]
    ("Normal(1, 'x')", lambda: Normal(1, "x"), "sigma"),  # type: ignore[arg-type]
    ("LogNormal(0, 1, low='0')", lambda: LogNormal(0, 1, low="0"), "low"),  # type: ignore[arg-type]
    ("load_scenario(None)", lambda: load_scenario(None), "path"),  # type: ignore[arg-type]
    ("load_scenario(123)", lambda: load_scenario(123), "path"),  # type: ignore[arg-type]
    ("read_population(None)", lambda: read_population(None), "path"),  # type: ignore[arg-type]
    ("run('100')", lambda: bundled_study().run("100"), "n"),  # type: ignore[arg-type]
    ("run(100.0)", lambda: bundled_study().run(100.0), "n"),  # type: ignore[arg-type]
    ("run(True)", lambda: bundled_study().run(True), "n"),
    ("run(seed='a')", lambda: bundled_study().run(100, seed="a"), "seed"),  # type: ignore[arg-type]
    ("run(seed=1.5)", lambda: bundled_study().run(100, seed=1.5), "seed"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("case", "call", "field"), BAD_TYPES, ids=[c[0] for c in BAD_TYPES])
def test_a_wrong_type_is_both_a_type_and_a_value_error_naming_the_parameter(
    case: str, call: Callable[[], Any], field: str
) -> None:
    """Text, None, booleans or lists where a number or a path belongs: InvalidTypeError."""
    with pytest.raises(InvalidTypeError) as info:
        call()
    err = info.value
    assert isinstance(err, TypeError)
    assert isinstance(err, ValueError)
    assert err.field == field
    assert repr(field) in str(err)


@pytest.mark.parametrize(
    "call",
    [lambda: Fixed(-np.inf), lambda: Uniform(2, 1), lambda: bundled_study().run(0)],
    ids=["Fixed(-inf)", "Uniform(2, 1)", "run(0)"],
)
def test_a_bad_value_of_the_right_type_is_not_a_type_error(call: Callable[[], Any]) -> None:
    """A number out of range stays an InvalidValueError (not a TypeError)."""
    with pytest.raises(InvalidValueError) as info:
        call()
    assert not isinstance(info.value, TypeError)


@pytest.mark.parametrize(
    "value", [2.0, 2, np.float32(2.0), np.float64(2.0), np.int64(2), np.int32(2), np.uint8(2)]
)
def test_numpy_scalars_are_numbers_like_any_other(value: Any) -> None:
    """Python and numpy scalars give the same distribution, stored as a plain float."""
    made = Fixed(value)
    assert made == Fixed(2.0)
    assert type(made.value) is float
    assert Uniform(value, 3) == Uniform(2.0, 3.0)


def test_numpy_integers_are_sample_counts_and_seeds(result: StudyResult) -> None:
    """run(np.int64(n), seed=np.int64(s)) equals run(n, seed=s)."""
    study = bundled_study()
    a = study.run(np.int64(500), seed=np.int64(3))
    np.testing.assert_array_equal(a.total.samples, result.total.samples)


def test_load_scenario_takes_str_and_path_alike() -> None:
    """A str and a Path name the same file."""
    assert load_scenario(str(BUNDLED_SCENARIO)) == load_scenario(Path(BUNDLED_SCENARIO))
