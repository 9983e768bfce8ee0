"""National estimates: reference data, driver files, the random-effect model, the command."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2

import repatcost.national_model as national_module
from repatcost.cli import main
from repatcost.errors import InvalidValueError
from repatcost.national_data import (
    municipalities,
    municipality_by_code,
    national_repatriations,
)
from repatcost.national_drivers import MAX_SHOWN, read_drivers
from repatcost.national_model import MAX_SCALE, national, spread_parameters
from repatcost.national_report import national_record, render_national
from repatcost.scenario import ScenarioError

SYNTHETIC = Path(__file__).parent / "scenarios" / "drivers_synthetic.csv"
FOUR = (101, 751, 461, 851)


@pytest.fixture(scope="module")
def answer(bundled):
    """The bundled study's national answer at a small sample size."""
    return national(bundled, n=4_000, seed=3)


@pytest.fixture(scope="module")
def with_file(bundled):
    """The national answer with the synthetic driver file, target group central."""
    return national(
        bundled, n=4_000, seed=3, driver="target_group", drivers=read_drivers(SYNTHETIC)
    )


# --- reference data -----------------------------------------------------------------------


def test_reference_list_has_98_unique_codes_in_5_regions() -> None:
    """The bundled list: 98 distinct codes and names, the official region sizes."""
    towns = municipalities()
    assert len(towns) == 98
    assert len({t.code for t in towns}) == 98
    assert len({t.name for t in towns}) == 98
    sizes = Counter(t.region for t in towns)
    assert sorted(sizes.values()) == [11, 17, 19, 22, 29]
    assert {t.region_code for t in towns} == {1081, 1082, 1083, 1084, 1085}


def test_reference_list_names_the_four() -> None:
    """The four of question 184 carry their official codes."""
    names = [municipality_by_code(code).name for code in FOUR]
    assert names == ["København", "Aarhus", "Odense", "Aalborg"]
    with pytest.raises(InvalidValueError, match="official municipality codes"):
        municipality_by_code(411)  # Christiansø is not a municipality


def test_national_repatriations_are_sourced() -> None:
    """2023's national count is 304 with its source; an unbundled year is refused."""
    count = national_repatriations(2023)
    assert count.persons == 304
    assert "Integrationsbarometer" in count.source
    with pytest.raises(InvalidValueError, match="2019, 2020, 2023"):
        national_repatriations(2022)


def test_data_municipalities_csv_lists_98_rows(capsys: pytest.CaptureFixture[str]) -> None:
    """`repatcost data --municipalities --format csv` lists 98 rows with the four's codes."""
    assert main(["data", "--municipalities", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 98
    assert set(FOUR) <= {int(r["code"]) for r in rows}


@pytest.mark.parametrize("fmt", ["markdown", "json", "latex"])
def test_data_municipalities_other_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every format lists Aalborg and names the source."""
    assert main(["data", "--municipalities", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "Aalborg" in out
    assert "Statistics Denmark" in out


# --- driver files -------------------------------------------------------------------------


def test_synthetic_driver_file_says_so_and_reads() -> None:
    """The example file says in its first line it is synthetic; it reads two drivers."""
    assert SYNTHETIC.read_text(encoding="utf-8").splitlines()[0].startswith("# SYNTHETIC")
    table = read_drivers(SYNTHETIC)
    assert table.names == ("target_group", "caseload")
    assert len(table.values["target_group"]) == 98
    assert table.sources[101] == "synthetic"


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "drivers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_driver_file_problems_are_reported_together(tmp_path: Path) -> None:
    """A bad number, an unknown code, a duplicate and missing rows come in one error."""
    rows = [f"{t.code},5" for t in municipalities()[:95]]
    rows[3] = f"{municipalities()[3].code},lots"
    path = _write(tmp_path, ["code,target_group", *rows, "999,4", "101,7"])
    before = path.read_bytes()
    with pytest.raises(ScenarioError) as info:
        read_drivers(path)
    message = str(info.value)
    assert "line 5, column 'target_group': expected a finite number >= 0; got 'lots'" in message
    assert "line 97, column 'code'" in message
    assert "999" in message
    assert "once (also on line 2)" in message
    missing = [p for p in info.value.problems if "missing" in p.expected]
    assert len(missing) == 3
    assert path.read_bytes() == before  # reading never changes the file


def test_driver_file_prints_at_most_20_problems(tmp_path: Path) -> None:
    """With 98 missing rows, 20 problems are printed and the rest counted."""
    path = _write(tmp_path, ["code,target_group"])
    with pytest.raises(ScenarioError) as info:
        read_drivers(path)
    assert len(info.value.problems) == 98
    printed = [line for line in str(info.value).splitlines() if line.startswith("  <file>")]
    assert len(printed) == MAX_SHOWN
    assert f"... and {98 - MAX_SHOWN} more" in str(info.value)


def test_driver_file_header_needs_code_and_a_driver(tmp_path: Path) -> None:
    """A header without 'code' first or without a driver column is named."""
    rows = [f"{t.code}" for t in municipalities()]
    with pytest.raises(ScenarioError, match="line 1: expected at least one driver column"):
        read_drivers(_write(tmp_path, ["code", *rows]))
    with pytest.raises(ScenarioError, match="line 1, column 1"):
        read_drivers(_write(tmp_path, ["kode,x", *(r + ",1" for r in rows)]))


# --- the model ------------------------------------------------------------------------------


def test_spread_parameters_by_hand() -> None:
    """k = 3 log-ratios 1, 2, 4: ybar 7/3, s^2 7/3; X picked as 1.5 gives tau^2 = 2 x 7/3 / 1.5."""
    y = np.array([[1.0], [2.0], [4.0]])
    c = 2 * (7 / 3) / MAX_SCALE**2
    u = np.array([1 - chi2.sf(1.5, 2) / chi2.sf(c, 2)])
    mu, tau = spread_parameters(y, u, np.array([-0.5]))
    tau2 = 2 * (7 / 3) / 1.5
    assert tau[0] == pytest.approx(math.sqrt(tau2), rel=1e-9)
    assert mu[0] == pytest.approx(7 / 3 - 0.5 * math.sqrt(tau2 / 3), rel=1e-9)


def test_spread_parameters_need_two_municipalities() -> None:
    """One observed municipality says nothing about the spread: refused."""
    with pytest.raises(InvalidValueError, match="two or more"):
        spread_parameters(np.zeros((1, 3)), np.zeros(3), np.zeros(3))


@settings(max_examples=30)
@given(
    st.lists(st.floats(-5, 15), min_size=2, max_size=6),
    st.floats(0, 0.999999),
    st.floats(-4, 4),
    st.floats(0.1, 5),
)
def test_scale_stays_within_its_bound(ys: list[float], u: float, z: float, bound: float) -> None:
    """tau is finite, >= 0 and <= max_scale; mu is finite, for any observations."""
    mu, tau = spread_parameters(
        np.array(ys)[:, None], np.array([u]), np.array([z]), max_scale=bound
    )
    assert 0 <= tau[0] <= bound * (1 + 1e-12)
    assert math.isfinite(mu[0])


@settings(max_examples=25)
@given(
    st.lists(st.floats(100, 1e7), min_size=2, max_size=5),
    st.floats(0.01, 100),
    st.integers(0, 2**32),
)
def test_prediction_scales_with_cost_and_not_with_driver_units(
    costs: list[float], factor: float, seed: int
) -> None:
    """Costs x c gives the rest x c; drivers x c (all of them) leaves the rest unchanged."""
    k = len(costs)
    observed = np.array(costs)[:, None] * np.linspace(0.8, 1.2, 5)
    units = np.arange(1.0, k + 1.0)
    others = np.array([0.0, 1.5, 3.0, 0.5])
    base = national_module.predict_unobserved(observed, units, others, seed=seed)
    dearer = national_module.predict_unobserved(factor * observed, units, others, seed=seed)
    rescaled = national_module.predict_unobserved(
        observed, factor * units, factor * others, seed=seed
    )
    assert dearer.rest == pytest.approx(factor * base.rest, rel=1e-9)
    assert rescaled.rest == pytest.approx(base.rest, rel=1e-9)
    assert (base.rest >= 0).all()
    assert (base.tau <= MAX_SCALE * (1 + 1e-12)).all()


def test_national_count_below_the_observed_is_refused() -> None:
    """An even split of a national count smaller than the observed four's is refused."""
    with pytest.raises(InvalidValueError, match="observed municipalities' 86"):
        national_module._even_split({101: 30.0, 751: 20.0, 461: 17.0, 851: 19.0}, 50.0)


def test_driver_needs_all_98_municipalities() -> None:
    """A driver with values for only some municipalities cannot exist."""
    with pytest.raises(InvalidValueError, match="each of the 98"):
        national_module.Driver("x", "unit", {101: 1.0}, "source", "why")


def test_a_study_outside_denmark_is_refused(bundled) -> None:
    """A municipality whose code is not an official one is named."""
    import attrs

    odd = attrs.evolve(bundled.municipalities[0], code=999)
    study = attrs.evolve(bundled, municipalities=(odd, *bundled.municipalities[1:]))
    with pytest.raises(InvalidValueError, match="98 official codes"):
        national(study, n=100)


def test_naive_is_the_four_scaled_by_their_share(answer) -> None:
    """Naive = observed total x 304 / 86, sample by sample."""
    outcome = answer.central
    assert np.allclose(outcome.naive.samples, answer.observed.samples * 304 / 86, rtol=1e-12)


def test_national_is_observed_plus_a_non_negative_rest(answer) -> None:
    """The national total never falls below the observed municipalities' own total."""
    assert (answer.central.national.samples >= answer.observed.samples).all()


def test_equal_ratios_leave_no_spread() -> None:
    """Equal observed costs per unit give tau = 0: the others cost exactly ratio x driver."""
    ratio = np.array([1000.0, 2500.0])  # two samples
    mu, tau = spread_parameters(
        np.log(np.tile(ratio, (4, 1))), np.array([0.3, 0.8]), np.array([1.0, -1.0])
    )
    assert (tau == 0).all()
    [(rest, one)] = national_module._unobserved_sums([(mu, tau)], [np.array([2.0, 3.0, 5.0])], 1)
    assert rest == pytest.approx(ratio * 10, rel=1e-12)
    assert one == pytest.approx(ratio, rel=1e-12)


def test_chunking_does_not_change_the_result(bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evaluating the unobserved municipalities in chunks of 7 or 2^14 gives the same bytes."""
    result = bundled.run_costs(300, seed=5)
    first = national(result).central.national.samples.copy()
    monkeypatch.setattr(national_module, "CHUNK", 7)
    assert (national(result).central.national.samples == first).all()


def test_same_seed_same_bytes(bundled) -> None:
    """The same seed gives the same national samples; another seed differs."""
    a = national(bundled, n=500, seed=9).central.national.samples
    b = national(bundled, n=500, seed=9).central.national.samples
    c = national(bundled, n=500, seed=10).central.national.samples
    assert (a == b).all()
    assert not (a == c).all()


def test_unknown_driver_is_refused(bundled) -> None:
    """A driver nobody supplied is named with the alternatives."""
    with pytest.raises(InvalidValueError, match="repatriations, municipalities"):
        national(bundled, n=100, driver="population")


def test_a_year_without_repatriations_is_refused_naming_the_years_reported(bundled) -> None:
    """A repatriation year some observed municipality does not report is refused as the
    'year', naming the years it does report."""
    with pytest.raises(InvalidValueError, match=r"'year'.*København reports: 2023.*1999"):
        national(bundled, n=1_000, seed=1, year=1999)


def test_zero_driver_for_an_observed_municipality_is_refused(bundled, tmp_path: Path) -> None:
    """An observed municipality with a driver of 0 has no cost per unit: refused."""
    rows = [f"{t.code},{0 if t.code == 461 else 3}" for t in municipalities()]
    table = read_drivers(_write(tmp_path, ["code,size", *rows]))
    with pytest.raises(InvalidValueError, match="driver > 0"):
        national(bundled, n=100, driver="size", drivers=table)


# --- the report and the command -------------------------------------------------------------


def test_json_has_the_documented_shape(answer) -> None:
    """national, drivers, readings, naive and between_municipality are all there."""
    record = national_record(answer)
    assert set(record["national"]) >= {"median", "interval", "range"}
    assert {"drivers", "readings", "naive", "between_municipality"} <= set(record)
    reading = record["readings"][0]
    assert reading["central"] == "repatriations"
    assert {"label", "rationale", "source", "national"} <= set(reading["alternatives"][0])
    assert set(reading["alternatives"][0]["national"]) == {"median", "interval"}
    assert reading["alternatives"][0]["national"]["median"] == record["national"]["median"]
    assert "municipalities" not in record
    assert record["between_municipality"]["spread_factor"] > 3


def test_national_interval_is_at_least_twice_as_wide(answer) -> None:
    """The national 90% interval is relatively >= 2x as wide as the four's total."""
    national_width = answer.central.national.summary(0.9).relative_width
    assert national_width >= 2 * answer.observed.summary(0.9).relative_width


def test_driver_file_lists_98_municipalities(with_file) -> None:
    """With a driver file every municipality has a row; the four use their own estimates."""
    rows = national_record(with_file)["municipalities"]
    assert len(rows) == 98
    own = {
        m.code: e
        for m, e in zip(
            with_file.result.study.municipalities, with_file.result.estimates.values(), strict=True
        )
    }
    for row in rows:
        if row["code"] in own:
            assert row["observed"]
            assert row["median"] == pytest.approx(own[row["code"]].median)
        else:
            assert row["interval"][0] <= row["median"] <= row["interval"][1]


def test_cli_national_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`repatcost national --format json` prints the documented keys."""
    assert main(["national", "--samples", "2000", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"national", "drivers", "readings", "naive", "between_municipality"} <= set(doc)


def test_cli_national_with_drivers_writes_csv(tmp_path: Path) -> None:
    """--drivers and --output write a CSV with the 98 municipalities plus summary rows."""
    out = tmp_path / "national.csv"
    code = main(
        [
            "national",
            "--samples",
            "2000",
            "--drivers",
            str(SYNTHETIC),
            "--driver",
            "caseload",
            "--format",
            "csv",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sum(r["row"] in ("observed", "predicted") and r["code"] != "" for r in rows) == 98


def test_cli_national_bad_driver_file_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad driver file exits 2 with the problems, no traceback."""
    path = _write(tmp_path, ["code,x", "101,-1"])
    assert main(["national", "--samples", "200", "--drivers", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("repatcost: error:")
    assert "line 2, column 'x'" in err


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_render_formats_state_the_assumptions(with_file, fmt: str) -> None:
    """Markdown and LaTeX carry the proportionality and fixed-cost assumptions."""
    text = render_national(with_file, fmt)
    assert "Proportionality" in text
    assert "staff-year" in text


def test_drivers_share_their_draws(answer) -> None:
    """Every driver's prediction uses the same standard normal effect (common random numbers)."""
    a, b = answer.outcomes["repatriations"], answer.outcomes["municipalities"]
    z_a = (np.log(a.ratio) - a.mu) / a.tau
    z_b = (np.log(b.ratio) - b.mu) / b.tau
    assert np.allclose(z_a, z_b, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json", "latex"])
def test_national_refuses_too_few_samples_for_its_interval(fmt, capsys) -> None:
    """199 samples cannot give a 90% interval (10 beyond each end): exit 2 naming --samples."""
    assert main(["national", "--samples", "199", "--format", fmt]) == 2
    err = capsys.readouterr().err
    assert "--samples" in err
    assert "200" in err
