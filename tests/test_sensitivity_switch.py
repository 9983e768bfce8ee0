"""Switching values: the input value or reading at which a verdict flips (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost.cli import main
from repatcost.data import BUNDLED_SCENARIO, bundled_study
from repatcost.distributions import Fixed, Uniform
from repatcost.errors import InvalidValueError
from repatcost.sensitivity import switching_values, switching_values_of
from repatcost.sensitivity.judgements import study_judgements
from repatcost.sensitivity.switch import _draws, _Scan


def linear(values):
    return 2.0 * values["x"] + values["z"]


INPUTS = {"x": Uniform(0, 10), "z": Uniform(-1, 1), "c": Fixed(4.0)}


def test_a_linear_model_switches_where_the_hand_computed_value_says() -> None:
    """median(2x + z) = 2x + median(z), z ~ U(-1, 1) with median 0: the class changes at
    x = cut / 2. With cuts 3 and 7: x = 1.5 and 3.5 (the sample median of z at 20,000
    draws lies within about 0.02 of 0, so x within 0.01)."""
    result = switching_values_of(
        linear, INPUTS, cuts=(3.0, 7.0), classes=("low", "mid", "high"), seed=5
    )
    rows = result.flips("model")
    assert [(r.changed, r.before, r.after) for r in rows] == [
        ("x", "low", "mid"),
        ("x", "mid", "high"),
    ]
    assert rows[0].value == pytest.approx(1.5, abs=0.01)
    assert rows[1].value == pytest.approx(3.5, abs=0.01)
    # z moves the median by at most 1 around 2 * median(x) = 10: never across 3 or 7
    assert result.verdicts[0].steady_inputs == ("z",)
    assert result.verdicts[0].as_run == "high"


def test_a_given_input_moves_the_switching_value_by_hand() -> None:
    """With z fixed at 1, median(2x + 1) crosses 7 at x = 3 exactly."""
    result = switching_values_of(
        linear, INPUTS, cuts=(7.0,), classes=("low", "high"), given={"z": 1.0}
    )
    (row,) = result.rows
    assert row.value == pytest.approx(3.0, abs=1e-5)  # 2**-18 of a grid step of 0.625
    assert result.given == {"z": 1.0}


@settings(max_examples=25, deadline=None)
@given(
    slope=st.floats(0.1, 10.0) | st.floats(-10.0, -0.1),
    offset=st.floats(-5.0, 5.0),
    where=st.floats(0.05, 0.95),
)
def test_a_line_switches_where_it_crosses_the_cut(slope, offset, where) -> None:
    """With x the only uncertain input, median(slope x + offset) = slope x + offset: the
    verdict flips exactly at x = (cut - offset) / slope, from low to high when the slope is
    positive and from high to low when it is negative."""
    cut = offset + slope * (10.0 * where)
    inputs = {"x": Uniform(0, 10), "c": Fixed(offset)}
    result = switching_values_of(
        lambda v: slope * v["x"] + v["c"],
        inputs,
        cuts=(cut,),
        classes=("low", "high"),
        n=100,
        points=7,
    )
    (row,) = result.rows
    assert row.value == pytest.approx(10.0 * where, abs=1e-4)
    assert (row.before, row.after) == (("low", "high") if slope > 0 else ("high", "low"))


def test_no_cut_inside_the_range_gives_no_row() -> None:
    result = switching_values_of(linear, INPUTS, cuts=(100.0,), classes=("low", "high"))
    assert result.rows == ()
    assert result.verdicts[0].steady_inputs == ("x", "z")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"cuts": (2.0, 1.0), "classes": ("a", "b", "c")}, "cuts"),
        ({"cuts": (1.0,), "classes": ("a",)}, "classes"),
        ({"cuts": (1.0,), "classes": ("a", "b"), "given": {"y": 1}}, "given"),
        ({"cuts": (1.0,), "classes": ("a", "b"), "given": {"x": 11}}, "given['x']"),
        ({"cuts": (1.0,), "classes": ("a", "b"), "points": 1}, "points"),
    ],
)
def test_bad_arguments_name_the_field(kwargs, field: str) -> None:
    with pytest.raises(InvalidValueError, match=field.replace("[", r"\[")):
        switching_values_of(linear, INPUTS, **kwargs)


@pytest.fixture(scope="module")
def kobenhavn():
    return switching_values(bundled_study(), "kobenhavn", n=4_000, seed=2, readings=False)


def test_each_switching_value_separates_two_classes_on_the_bundled_study(kobenhavn) -> None:
    """Just below a switching value the verdict is 'before', at it 'after' (common draws)."""
    judgements = {j.name: j for j in study_judgements(bundled_study(), "kobenhavn")}
    assert kobenhavn.rows
    for row in kobenhavn.rows:
        judgement = judgements[row.verdict]
        scan = _Scan(judgement, _draws(judgement.inputs, 4_000, 2, {}), 4_000)
        span = np.diff(judgement.inputs[row.changed].bounds)[0]
        assert scan.label(row.changed, row.value - 1e-6 * span) == row.before
        assert scan.label(row.changed, row.value) == row.after
        assert row.before != row.after


def test_the_crosscheck_as_run_is_the_reports_verdict() -> None:
    """Same draws as a run of the same size and seed: the same verdict and quantile."""
    study = bundled_study()
    check = study.run(4_000, seed=2).report().rows[0].crosschecks[0].agreement
    result = switching_values(study, "kobenhavn", n=4_000, seed=2, readings=False)
    verdict = next(v for v in result.verdicts if v.name == "kobenhavn.crosscheck")
    assert verdict.as_run == check.verdict.value
    assert verdict.value == pytest.approx(check.reported_quantile, abs=1e-12)


def test_show_up_and_repeat_invitations_flip_the_crosscheck(kobenhavn) -> None:
    """The two unsourced shares the verdict turns on (issue 21, item 2) both flip it."""
    changed = {r.changed for r in kobenhavn.flips("kobenhavn.crosscheck")}
    assert {"show_up_rate", "distinct_invitation_share"} <= changed


def test_a_reading_that_changes_a_verdict_is_a_row() -> None:
    """kobenhavn.year=2022 (1.4 m) against the bottom-up: the crosscheck stays inconsistent;
    a reading row appears only where the class changes."""
    result = switching_values(bundled_study(), "kobenhavn.crosscheck", n=2_000, points=3)
    verdict = result.verdicts[0]
    assert "kobenhavn.year=2022" in verdict.steady_readings
    for row in result.rows:
        if row.kind == "reading":
            assert row.after != verdict.as_run


def test_result_renders_like_the_other_methods(kobenhavn) -> None:
    assert len(repr(kobenhavn)) < 300
    records = kobenhavn.to_records()
    assert set(records[0]) == {"verdict", "as_run", "kind", "changed", "value", "before", "after"}
    assert kobenhavn.table().to_csv().startswith("verdict,as_run,kind")
    assert "kobenhavn.crosscheck" in kobenhavn.table().to_markdown()


def test_same_seed_same_result() -> None:
    a = switching_values(bundled_study(), "aalborg", n=1_000, seed=3, points=5)
    b = switching_values(bundled_study(), "aalborg", n=1_000, seed=3, points=5)
    assert a.rows == b.rows
    assert a.verdicts == b.verdicts


def test_unknown_of_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="'of'"):
        switching_values(bundled_study(), "nowhere")


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["sensitivity", "--method", "switch", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_switch_on_the_bundled_study_as_json(capsys) -> None:
    status, out, err = run_cli(
        capsys, "--of", "kobenhavn.hourly_cost", "--samples", "1000", "--format", "json"
    )
    assert status == 0, err
    table = json.loads(out)
    assert table["columns"][:3] == ["verdict", "as_run", "kind"]
    assert "show_up_rate" in {row["changed"] for row in table["rows"]}


def test_cli_switch_on_a_users_scenario(capsys, tmp_path: Path) -> None:
    """A user's scenario whose København spent 0.5 m: the bottom-up (about 0.52 m) now
    agrees, so the verdict as run is consistent, and the CLI says so."""
    text = Path(BUNDLED_SCENARIO).read_text(encoding="utf-8")
    mine = text.replace(
        'amount_dkk = 800_000\nyear = 2023\nkind = "actual"',
        'amount_dkk = 500_000\nyear = 2023\nkind = "actual"',
        1,
    )
    assert mine != text
    path = tmp_path / "mine.toml"
    path.write_text(mine, encoding="utf-8")
    status, out, err = run_cli(
        capsys,
        "--scenario",
        str(path),
        "--of",
        "kobenhavn",
        "--samples",
        "1000",
        "--format",
        "csv",
    )
    assert status == 0, err
    assert "kobenhavn.crosscheck (København: reported_spending" not in out  # csv: no notes
    status, out, _ = run_cli(
        capsys, "--scenario", str(path), "--of", "kobenhavn", "--samples", "1000"
    )
    assert "consistent as run" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--given", "show_up_rate"], "NAME=VALUE"),
        (["--given", "show_up_rate=2"], "show_up_rate"),
        (["--x", "wage_cost"], "--x"),
    ],
)
def test_cli_usage_errors_exit_2(capsys, args, message: str) -> None:
    status, _, err = run_cli(capsys, "--samples", "200", *args)
    assert status == 2
    assert err.startswith("repatcost: error:")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_adjust_later_is_a_verdict_with_the_reports_class() -> None:
    """The report's adjust-later flag is judged too; as run it matches the report's row."""
    study = bundled_study()
    report = study.run(3_000, seed=4).report()
    result = switching_values(study, "aarhus.adjust_later", n=3_000, seed=4, readings=False)
    (verdict,) = result.verdicts
    row = next(r for r in report.rows if r.key == "aarhus")
    assert verdict.as_run == ("adjust later" if row.adjust_later else "firm")
    assert verdict.value == pytest.approx(row.cost.summary.relative_width, rel=1e-9)
