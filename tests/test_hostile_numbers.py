"""One rule for every number read from a file: finite, not huge, not subnormal, -0.0 as 0.0."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost._reader import Node, Problems
from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO
from repatcost.domains import MAX_MAGNITUDE, MIN_MAGNITUDE, figure_problem

DRIVERS = Path(__file__).parent / "scenarios" / "drivers_synthetic.csv"


def _read(value: object) -> tuple[float | None, list[str]]:
    problems = Problems("f.toml")
    got = Node(value, "x", problems).number()
    return got, [p.expected for p in problems.found]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1e-320, "not subnormal"),
        (5e-324, "not subnormal"),
        (-1e-310, "not subnormal"),
        (10**400, "at most 1e+15"),
        (-(10**309), "at most 1e+15"),
        (1e300, "at most 1e+15"),
    ],
)
def test_a_subnormal_or_huge_number_is_a_problem_not_an_internal_error(
    value: float, words: str
) -> None:
    """Subnormals and numbers (integers included) beyond the magnitude limit: one problem."""
    got, expected = _read(value)
    assert got is None
    assert len(expected) == 1
    assert words in expected[0]


def test_minus_zero_is_read_as_zero() -> None:
    """-0.0 is read as 0.0 (its sign bit cleared), so it never prints as "-0"."""
    got, expected = _read(-0.0)
    assert got == 0.0
    assert math.copysign(1.0, got) == 1.0
    assert expected == []


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_every_accepted_number_is_finite_and_within_both_limits(value: float) -> None:
    """Whatever the file holds, an accepted number is finite, zero or within the limits."""
    got, _ = _read(value)
    if got is not None:
        assert math.isfinite(got)
        assert got == 0.0 or MIN_MAGNITUDE <= abs(got) <= MAX_MAGNITUDE
        assert math.copysign(1.0, got) == 1.0 or got < 0
    assert (got is None) == (figure_problem(value) is not None)


def test_minus_zero_prints_as_zero_in_the_assumptions_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An override `distribution = -0.0` shows as Fixed(value=0.0), never -0.0."""
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8").replace(
        "[municipality.",
        '[assumptions.interpreter_share]\ndistribution = -0.0\nrationale = "none"\n\n'
        "[municipality.",
        1,
    )
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["assumptions", "--scenario", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Fixed(value=0.0)" in out
    assert "Fixed(value=-0" not in out


@pytest.mark.parametrize("cell", ["1e308", "1e300", "1e-320", "1" + "0" * 400])
def test_national_refuses_an_absurd_driver_naming_it_and_its_value(
    tmp_path: Path, cell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """national --drivers with one absurd driver: exit 2, one line naming column and value."""
    lines = DRIVERS.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("461,"))
    cells = lines[row].split(",")
    cells[1] = cell
    lines[row] = ",".join(cells)
    drivers = tmp_path / "d.csv"
    drivers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["national", "--drivers", str(drivers), "--samples", "200"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "column 'target_group'" in err
    assert cell[:20] in err


@pytest.mark.parametrize(
    ("override", "culprit"),
    [
        ("[assumptions.productive_hours]\ndistribution = 1e-300", "'productive_hours' = 1e-300"),
        ("[assumptions.productive_hours]\ndistribution = 3e-308", "'productive_hours' = 3e-308"),
        (
            "[assumptions.wage_cost]\ndistribution = 1e15\nrationale = 'x'\n\n"
            "[assumptions.productive_hours]\ndistribution = 1e-295",
            "'productive_hours' = 1e-295",
        ),
    ],
)
def test_a_model_output_beyond_the_float_range_names_the_input_that_caused_it(
    tmp_path: Path, override: str, culprit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Accepted figures whose product overflows: exit 2 naming the estimator, the
    municipality and the extreme input, never an inf in a report or a numpy warning."""
    text = BUNDLED_SCENARIO.read_text(encoding="utf-8").replace(
        "[municipality.", f'{override}\nrationale = "absurd"\n\n[municipality.', 1
    )
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["estimate", "--samples", "200", "--scenario", str(path)]) == 2
    err = capsys.readouterr().err
    assert "for Aalborg: output 'caseworker_time' is not finite" in err
    assert culprit in err
    assert "note" not in err
