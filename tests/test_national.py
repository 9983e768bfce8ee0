"""National estimates: populations and driver files, the fixed-plus-variable model with its
prior table, the report and the command."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2

import repatcost.national_model as national_module
from repatcost.cli import main
from repatcost.errors import InvalidValueError
from repatcost.national_drivers import MAX_SHOWN, read_drivers, read_population
from repatcost.national_model import national, predict_unobserved
from repatcost.national_population import DriverInfo, Member, Population, population_for
from repatcost.national_prior import PRIORS, ScalePrior, prior_named, sample_scale
from repatcost.national_report import national_record, render_national
from repatcost.packs.dk_repatriation import national as dk
from repatcost.scenario import ScenarioError

SYNTHETIC = Path(__file__).parent / "scenarios" / "drivers_synthetic.csv"
FOUR = ("101", "751", "461", "851")
SPM_453 = "UUI alm. del 2019-20 spm. 453"


@pytest.fixture(scope="module")
def answer(bundled):
    """The bundled study's national answer at a small sample size."""
    return national(bundled, n=4_000, seed=3)


@pytest.fixture(scope="module")
def people(bundled) -> Population:
    """The pack's population for the bundled study."""
    return population_for(bundled)


@pytest.fixture(scope="module")
def with_file(bundled, people):
    """The national answer with the synthetic driver file, target group central."""
    table = read_drivers(SYNTHETIC, people)
    return national(bundled, n=4_000, seed=3, driver="target_group", population=table)


# --- the pack's population and its drivers ------------------------------------------------


def test_population_has_98_unique_codes_in_5_regions(people) -> None:
    """The pack's list: 98 distinct ids and names, the official region sizes."""
    assert len(people.members) == 98
    assert len({m.id for m in people.members}) == 98
    assert len({m.name for m in people.members}) == 98
    assert sorted(Counter(m.group for m in people.members).values()) == [11, 17, 19, 22, 29]
    names = {m.id: m.name for m in people.members}
    assert [names[i] for i in FOUR] == ["København", "Aarhus", "Odense", "Aalborg"]
    assert "411" not in names  # Christiansø is not a municipality


def test_national_counts_are_sourced() -> None:
    """2023's national count is 304 with its source; an unbundled year is refused."""
    persons, source = dk.national_count(2023)
    assert persons == 304
    assert "Integrationsbarometer" in source
    with pytest.raises(InvalidValueError, match="2019, 2020, 2023"):
        dk.national_count(2022)


def test_spm_453_rows_add_up_and_name_their_document() -> None:
    """Each of the 14 bundled rows: 2018 + 2019 + Jan-Aug 2020 = its total, with its document."""
    text = (dk.DATA / "repatriations_2018_2020.csv").read_text(encoding="utf-8")
    assert "https://ft.dk/samling/20191/almdel/uui/spm/453" in text
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert len(rows) == 14
    for r in rows:
        assert int(r["y2018"]) + int(r["y2019"]) + int(r["y2020_jan_aug"]) == int(r["total"])
        assert SPM_453 in r["document"]
    assert sum(int(r["total"]) for r in rows) == 459  # of the 1,041 for the whole country


def test_central_driver_is_sourced_where_read_and_labelled_elsewhere(people) -> None:
    """The 14 listed municipalities carry their own counts; the other 84 share the rest of
    1,041 evenly, each such row labelled an unsourced estimate."""
    name = people.central_driver
    assert name == "repatriations_2018_2020"
    values = {m.id: m.drivers[name] for m in people.members}
    assert [values[i] for i in FOUR] == [118.0, 33.0, 46.0, 45.0]
    listed = [m for m in people.members if SPM_453 in m.sources[name]]
    rest = [m for m in people.members if m not in listed]
    assert len(listed) == 14
    assert all(m.sources[name].startswith("unsourced estimate") for m in rest)
    assert [m.drivers[name] for m in rest] == [pytest.approx((1041 - 459) / 84)] * 84
    assert people.total(name) == pytest.approx(1041)


def test_bounding_driver_is_every_municipality_alike(people) -> None:
    """'municipalities' is 1 for each and marked as the bounding case."""
    info = people.driver("municipalities")
    assert info.bounding
    assert people.total("municipalities") == 98


def test_data_drivers_lists_every_row_with_its_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`repatcost data --drivers --format csv`: one row per member and driver, each with a
    document; the central driver's 14 rows name spm. 453."""
    assert main(["data", "--drivers", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 98 * 3
    assert all(r["document"] for r in rows)
    central = [r for r in rows if r["driver"] == "repatriations_2018_2020"]
    assert sum(SPM_453 in r["document"] for r in central) == 14


def test_data_municipalities_csv_lists_98_rows(capsys: pytest.CaptureFixture[str]) -> None:
    """`repatcost data --municipalities --format csv` lists 98 rows with the four's ids."""
    assert main(["data", "--municipalities", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 98
    assert set(FOUR) <= {r["id"] for r in rows}


@pytest.mark.parametrize("fmt", ["markdown", "json", "latex"])
def test_data_municipalities_other_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every format lists Aalborg and names the source."""
    assert main(["data", "--municipalities", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "Aalborg" in out
    assert "Statistics Denmark" in out


# --- population and driver files ----------------------------------------------------------


def _write(tmp_path: Path, lines: list[str], name: str = "drivers.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_synthetic_driver_file_says_so_and_reads(people) -> None:
    """The example file says in its first line it is synthetic; it adds two drivers."""
    assert SYNTHETIC.read_text(encoding="utf-8").splitlines()[0].startswith("# SYNTHETIC")
    table = read_drivers(SYNTHETIC, people)
    assert table.driver_names[-2:] == ("target_group", "caseload")
    first = next(m for m in table.members if m.id == "101")
    assert first.sources["target_group"] == "synthetic"
    assert first.drivers["repatriations_2018_2020"] == 118.0  # the pack's drivers are kept


def test_driver_file_problems_are_reported_together(tmp_path: Path, people) -> None:
    """A bad number, an unknown id, a duplicate and missing rows come in one error."""
    ids = [m.id for m in people.members]
    rows = [f"{i},5" for i in ids[:95]]
    rows[3] = f"{ids[3]},lots"
    path = _write(tmp_path, ["code,target_group", *rows, "999,4", "101,7"])
    before = path.read_bytes()
    with pytest.raises(ScenarioError) as info:
        read_drivers(path, people)
    message = str(info.value)
    assert "line 5, column 'target_group': expected a finite number >= 0; got 'lots'" in message
    assert "line 97, column 'code'" in message
    assert "999" in message
    assert "seen: 2" in message
    missing = [p for p in info.value.problems if "missing" in p.expected]
    assert len(missing) == 3
    assert path.read_bytes() == before  # reading never changes the file


def test_driver_file_prints_at_most_20_problems(tmp_path: Path, people) -> None:
    """With 98 missing rows, 20 problems are printed and the rest counted."""
    with pytest.raises(ScenarioError) as info:
        read_drivers(_write(tmp_path, ["code,target_group"]), people)
    assert len(info.value.problems) == 98
    printed = [line for line in str(info.value).splitlines() if line.startswith("  <file>")]
    assert len(printed) == MAX_SHOWN
    assert f"... and {98 - MAX_SHOWN} more" in str(info.value)


def test_driver_file_header_needs_an_id_and_a_driver(tmp_path: Path, people) -> None:
    """A header without 'code'/'id' first or without a driver column is named."""
    rows = [m.id for m in people.members]
    with pytest.raises(ScenarioError, match="line 1: expected at least one driver column"):
        read_drivers(_write(tmp_path, ["code", *rows]), people)
    with pytest.raises(ScenarioError, match="line 1, column 1"):
        read_drivers(_write(tmp_path, ["kode,x", *(r + ",1" for r in rows)]), people)


def test_population_file_reads_any_list_of_bodies(tmp_path: Path) -> None:
    """A user's population: ids, names, groups, drivers and sources, in file order."""
    path = _write(
        tmp_path,
        [
            "# councils",
            "id,name,group,requests,source",
            "E1,Exeter,SW,1500,FOI log",
            "E2,Bristol,SW,0,",
            "N1,Leeds,N,3000,FOI log",
        ],
        "councils.csv",
    )
    people = read_population(path)
    assert [m.id for m in people.members] == ["E1", "E2", "N1"]
    assert people.driver_names == ("requests",)
    assert people.total("requests") == 4500
    assert people.holders("requests") == 2
    assert people.members[0].sources == {"requests": "FOI log"}
    assert people.members[1].group == "SW"


def test_population_file_problems_are_named(tmp_path: Path) -> None:
    """No name column, a negative driver and a repeated id are each named."""
    with pytest.raises(ScenarioError, match="a 'name' column"):
        read_population(_write(tmp_path, ["id,size", "a,1"]))
    with pytest.raises(ScenarioError) as info:
        read_population(_write(tmp_path, ["id,name,size", "a,A,-1", "a,B,2"]))
    assert "line 2, column 'size'" in str(info.value)
    assert "line 3, column 'id'" in str(info.value)


def test_population_refuses_members_without_every_driver() -> None:
    """A member lacking a driver of the population cannot exist in it."""
    with pytest.raises(InvalidValueError, match="member 'b'"):
        Population(
            "p",
            "area",
            (Member("a", "A", {"x": 1.0}), Member("b", "B", {"y": 1.0})),
            (DriverInfo("x", "u", "s", "r"),),
        )


# --- the prior for the scale ----------------------------------------------------------------


def test_reference_scale_by_hand() -> None:
    """k = 3 log-ratios 1, 2, 4: S = 14/3; u chosen so that X = 1.5 gives tau^2 = S / 1.5."""
    prior = prior_named("reference_bound_3")
    s = 14 / 3
    u = chi2.sf(1.5, 2) / chi2.sf(s / 9, 2)
    tau = sample_scale(prior, np.array([s]), 3, np.array([u]))
    assert tau[0] == pytest.approx(math.sqrt(s / 1.5), rel=1e-9)


def test_table_matches_the_exact_reference_inversion() -> None:
    """The table route, asked for the reference prior, matches its exact inversion to 1e-3."""
    from repatcost.national_prior import _exact_reference, _interpolate

    prior = prior_named("reference_bound_3")
    rng = np.random.default_rng(0)
    u = rng.random(20_000)
    s = np.exp(rng.uniform(math.log(1e-5), math.log(50), u.size))
    exact = _exact_reference(prior, s, 4, u)
    assert np.max(np.abs(_interpolate(prior, s, 4, u) / exact - 1)) < 1e-3


def test_a_wide_half_normal_is_the_uniform_prior_closed_form() -> None:
    """Half-normal with scale 1e3 is flat where the posterior lies: tau^2 = S / X with X
    chi-squared on k - 2 degrees of freedom (the uniform prior on tau)."""
    flat = ScalePrior("flat", "flat", "half-normal", 1e3, "test")
    u = np.linspace(0.01, 0.99, 99)
    s = np.full(u.size, 2.5)
    found = sample_scale(flat, s, 4, u)
    exact = np.sqrt(2.5 / chi2.isf(u, 2))
    assert np.max(np.abs(found / exact - 1)) < 1e-3


def test_scale_needs_two_observed_and_a_sane_spread() -> None:
    """One observed municipality says nothing about the spread; e^100 apart is refused."""
    prior = PRIORS[0]
    with pytest.raises(InvalidValueError, match="two or more"):
        sample_scale(prior, np.zeros(3), 1, np.full(3, 0.5))
    with pytest.raises(InvalidValueError, match="sum of squares"):
        sample_scale(prior, np.array([2e4]), 4, np.array([0.5]))


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-7, 1e3), st.floats(1e-9, 1 - 1e-9), st.integers(2, 8))
def test_a_narrower_prior_never_draws_a_wider_scale(s: float, u: float, k: int) -> None:
    """On the same draw, half-normal 0.5 <= half-normal 1 (a likelihood-ratio ordering);
    tau is finite and >= 0, and the bounded reference stays within its bound."""
    narrow, wide, bounded = (sample_scale(p, np.array([s]), k, np.array([u]))[0] for p in PRIORS)
    assert 0 <= narrow <= wide * (1 + 1e-3)  # the tables' accuracy
    assert math.isfinite(wide)
    assert 0 <= bounded <= 3 * (1 + 1e-12)


def test_equal_ratios_leave_no_spread() -> None:
    """S = 0 gives tau = 0 under every prior."""
    for prior in PRIORS:
        assert sample_scale(prior, np.zeros(2), 4, np.array([0.2, 0.9])).tolist() == [0.0, 0.0]


# --- the fixed-plus-variable model ------------------------------------------------------------


def test_fixed_plus_variable_by_hand() -> None:
    """Costs F + r d_j with equal r: tau = 0, so the rest is (holders) F + r x sum(others).

    F = 100, r = 50 in sample 1 and 80 in sample 2; observed drivers 2 and 4; others 1, 0, 3
    (two hold the activity): rest = 2 x 100 + r x 4 = 400 and 520."""
    fixed = np.array([100.0, 100.0])
    r = np.array([50.0, 80.0])
    costs = [fixed + r * 2, fixed + r * 4]
    guesses = predict_unobserved(costs, [2.0, 4.0], np.array([1.0, 0.0, 3.0]), seed=1, fixed=fixed)
    for guess in guesses.values():
        assert guess.tau == pytest.approx([0.0, 0.0], abs=1e-9)  # up to rounding
        assert guess.rest == pytest.approx([400.0, 520.0], rel=1e-12)
        assert guess.ratio == pytest.approx(r, rel=1e-12)


def test_a_fixed_part_above_an_observed_cost_is_refused() -> None:
    """If an observed cost falls to or below the fixed part, its variable part is not
    positive: refused naming the municipality."""
    costs = [np.array([90.0, 300.0]), np.array([500.0, 600.0])]
    with pytest.raises(InvalidValueError, match="municipality 1"):
        predict_unobserved(costs, [1.0, 1.0], np.ones(2), seed=1, fixed=np.full(2, 100.0))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(100, 1e7), min_size=2, max_size=5),
    st.floats(0.01, 100),
    st.integers(0, 2**32),
)
def test_prediction_scales_with_cost_and_not_with_driver_units(
    costs: list[float], factor: float, seed: int
) -> None:
    """Costs and fixed part x c give the rest x c; drivers x c (all) leave it unchanged."""
    k = len(costs)
    observed = [c * np.linspace(0.8, 1.2, 5) for c in costs]
    fixed = np.full(5, 10.0)
    units = [float(j) for j in range(1, k + 1)]
    others = np.array([0.0, 1.5, 3.0, 0.5])
    base = predict_unobserved(observed, units, others, seed=seed, fixed=fixed)
    dearer = predict_unobserved(
        [factor * c for c in observed], units, others, seed=seed, fixed=factor * fixed
    )
    rescaled = predict_unobserved(
        observed, [factor * u for u in units], factor * others, seed=seed, fixed=fixed
    )
    for name in base:
        assert dearer[name].rest == pytest.approx(factor * base[name].rest, rel=1e-9)
        assert rescaled[name].rest == pytest.approx(base[name].rest, rel=1e-9)
        assert (base[name].rest >= 3 * fixed).all()  # three of the others hold the activity


def test_naive_is_the_observed_scaled_by_their_share(answer) -> None:
    """Naive = observed total x 1,041 / 242, sample by sample."""
    scale = 1041 / (118 + 33 + 46 + 45)
    assert np.allclose(answer.central.naive.samples, answer.observed.samples * scale, rtol=1e-12)


def test_national_is_observed_plus_at_least_the_fixed_parts(answer) -> None:
    """Denmark is never below the four plus 94 fixed parts."""
    floor = answer.observed.samples + 94 * answer.fixed
    assert (answer.central.national.samples >= floor * (1 - 1e-12)).all()


def _clone(bundled, member: Member) -> Any:
    """Aarhus' count and hours per conversation (no repatriations) under a member's id."""
    template = bundled.municipalities[1]
    kept = tuple(e for e in template.evidence if type(e).__name__ != "Repatriations")
    return attrs.evolve(
        template, name=member.name, code=int(member.id), key=f"m{member.id}", evidence=kept
    )


def test_all_observed_gives_the_observed_total(bundled, people) -> None:
    """With every member observed (98 municipalities in the study), there is nothing to
    predict: the national total is the study's total, sample by sample."""
    clones = tuple(_clone(bundled, m) for m in people.members)
    study = attrs.evolve(
        bundled, municipalities=clones, estimators={}, crosschecks={}, readings=(), overrides={}
    )
    answer = national(study, n=2_000, seed=4)
    assert len(answer.observed_ids) == 98
    assert (answer.central.national.samples == answer.observed.samples).all()


def _peak(function: Any) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_observed(bundled, people) -> None:
    """national's own peak memory with 98 observed is within a few n-arrays of its peak with
    8 observed: no k x n stack (98 x n floats would add 90 x 8 n bytes)."""
    n = 20_000
    clones = [_clone(bundled, m) for m in people.members]
    runs = []
    for count in (8, 98):
        study = attrs.evolve(
            bundled,
            municipalities=tuple(clones[:count]),
            estimators={},
            crosschecks={},
            readings=(),
            overrides={},
        )
        runs.append(study.run_costs(n, seed=2))
    small, large = (_peak(lambda r=r: national(r, population=people)) for r in runs)
    assert large - small < 10 * 8 * n
    assert 90 * 8 * n > 4 * (large - small)


def test_a_member_that_reported_nothing_is_predicted(bundled, tmp_path: Path) -> None:
    """A user's population with the four and two bodies that reported nothing (one with
    driver 0): the two are predicted, the one with 0 costs nothing."""
    lines = [
        "id,name,size",
        "101,København,4",
        "751,Aarhus,2",
        "461,Odense,2",
        "851,Aalborg,2",
        "x1,Quiet,3",
        "x2,Empty,0",
    ]
    people = read_population(_write(tmp_path, lines, "people.csv"))
    answer = national(bundled, population=people, n=2_000, seed=1)
    assert answer.observed_ids == FOUR
    rest = answer.central.national.samples - answer.observed.samples
    assert (rest > 0).all()
    rows = {r["id"]: r for r in national_record(answer, members=True)["municipalities"]}
    assert rows["x2"]["median"] == 0.0
    assert rows["x1"]["median"] > 0
    record = national_record(answer)
    assert record["currency"] == "DKK"  # the study's pack names it
    assert record["model"]["fixed_part"]["name"] == "national.fixed_cost"  # and its fixed part
    assert rows["x1"]["median"] > record["model"]["fixed_part"]["median"]


def test_a_study_municipality_outside_the_population_is_refused(bundled) -> None:
    """A municipality the population does not know is named."""
    odd = attrs.evolve(bundled.municipalities[0], code=999, name="Atlantis")
    study = attrs.evolve(bundled, municipalities=(odd, *bundled.municipalities[1:]))
    with pytest.raises(InvalidValueError, match="population"):
        national(study, n=100)


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


def test_unknown_driver_and_prior_are_refused(bundled) -> None:
    """A driver or prior nobody offers is named with the alternatives."""
    with pytest.raises(InvalidValueError, match="repatriations_2018_2020, "):
        national(bundled, n=100, driver="population")
    with pytest.raises(InvalidValueError, match=r"half_normal_0\.5"):
        national(bundled, n=100, prior="flat")


def test_zero_driver_for_an_observed_municipality_is_refused(bundled, people, tmp_path) -> None:
    """An observed municipality with a driver of 0 has no cost per unit: refused."""
    rows = [f"{m.id},{0 if m.id == '461' else 3}" for m in people.members]
    table = read_drivers(_write(tmp_path, ["code,size", *rows]), people)
    with pytest.raises(InvalidValueError, match="driver > 0"):
        national(bundled, n=100, driver="size", population=table)


def test_drivers_and_priors_share_their_draws(answer) -> None:
    """Every driver's prediction uses the same standard normal effect, and every prior the
    same uniform (common random numbers): a narrower prior never gives a wider scale."""
    a, b = answer.outcomes["repatriations_2018_2020"], answer.outcomes["municipalities"]
    keep = (a.tau > 0) & (b.tau > 0)
    z_a = (np.log(a.ratio) - a.mu)[keep] / a.tau[keep]
    z_b = (np.log(b.ratio) - b.mu)[keep] / b.tau[keep]
    assert np.allclose(z_a, z_b, rtol=1e-6, atol=1e-6)
    narrow, wide = answer.priors["half_normal_0.5"].tau, answer.priors["half_normal_1"].tau
    assert (narrow <= wide * (1 + 1e-6)).all()


# --- the report and the command -------------------------------------------------------------


def _means(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        found = [(f"{path}.mean", v) for k, v in node.items() if k == "mean"]
        return found + [m for k, v in node.items() for m in _means(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [m for i, v in enumerate(node) for m in _means(v, f"{path}[{i}]")]
    return []


def test_json_has_the_prior_table_and_no_unqualified_mean(answer) -> None:
    """>= 3 priors, each with median, central 50% and 90% interval, one central; the headline
    is the central prior's; every mean says what drives it."""
    record = national_record(answer)
    priors = record["priors"]
    assert len(priors) >= 3
    for p in priors:
        assert p["interval"][0] < p["median"] < p["interval"][1]
        assert p["central_50"][0] < p["median"] < p["central_50"][1]
        assert p["source"]
    assert sum(p["central"] for p in priors) == 1
    central = next(p for p in priors if p["central"])
    assert record["national"]["median"] == central["median"]
    assert "mean" not in record["national"]
    low, high = record["medians_across_priors"]
    assert low <= record["national"]["median"] <= high
    for where, mean in _means(record):
        assert isinstance(mean, dict), where
        assert mean["driven_by"], where


def test_json_states_the_model_and_keeps_the_bounding_case_apart(answer) -> None:
    """The fixed part with its source, the members holding it, and 'municipalities' as the
    bounding case, not among the readings."""
    record = national_record(answer)
    fixed = record["model"]["fixed_part"]
    assert fixed["name"] == "national.fixed_cost"
    assert fixed["source"] == "unsourced estimate"
    assert record["model"]["members_holding"] == 98
    labels = [a["label"] for a in record["readings"][0]["alternatives"]]
    assert "municipalities" not in labels
    assert [b["label"] for b in record["bounding_case"]] == ["municipalities"]
    assert "municipalities" not in record


def test_the_upper_end_depends_on_the_prior_and_the_median_hardly(answer) -> None:
    """The 95% quantile moves by more than half between the priors; the median by less
    than a quarter."""
    uppers = [p.national.quantiles([0.95])[0] for p in answer.priors.values()]
    medians = [p.national.median for p in answer.priors.values()]
    assert max(uppers) / min(uppers) > 1.5
    assert max(medians) / min(medians) < 1.25


def test_driver_file_lists_98_municipalities(with_file) -> None:
    """With a driver file every member has a row; the four use their own estimates."""
    rows = national_record(with_file, members=True)["municipalities"]
    assert len(rows) == 98
    own = dict(zip(FOUR, with_file.result.estimates.values(), strict=True))
    for row in rows:
        if row["id"] in own:
            assert row["observed"]
            assert row["median"] == pytest.approx(own[row["id"]].median)
        else:
            assert row["interval"][0] <= row["median"] <= row["interval"][1]


def test_cli_national_json_meets_the_done_when(capsys: pytest.CaptureFixture[str]) -> None:
    """`repatcost national --format json`: the prior table, no unqualified mean, the model."""
    assert main(["national", "--samples", "2000", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["priors"]) >= 3
    assert all({"median", "interval"} <= set(p) for p in doc["priors"])
    assert all(isinstance(m, dict) for _, m in _means(doc))
    assert doc["model"]["fixed_part"]["name"] == "national.fixed_cost"


def test_cli_assumptions_lists_the_national_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    """`repatcost assumptions` lists the fixed part and every scale prior, each sourced."""
    assert main(["assumptions", "--format", "csv"]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["national.fixed_cost"]["source"] == "unsourced estimate"
    assert rows["national.fixed_cost"]["rationale"]
    assert "Gelman (2006)" in rows["national.scale_prior.half_normal_1"]["source"]
    assert "unsourced estimate" in rows["national.scale_prior.reference_bound_3"]["source"]


def test_cli_national_with_drivers_writes_csv(tmp_path: Path) -> None:
    """--drivers and --output write a CSV with the 98 members plus summary rows."""
    out = tmp_path / "national.csv"
    args = [
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
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sum(r["row"] in ("observed", "predicted") and r["id"] != "" for r in rows) == 98


def test_cli_national_with_a_population_file(tmp_path: Path, capsys) -> None:
    """--population FILE.csv makes any list of bodies the population."""
    lines = [
        "id,name,size",
        "101,København,4",
        "751,Aarhus,2",
        "461,Odense,2",
        "851,Aalborg,2",
        "x1,Quiet,3",
    ]
    path = _write(tmp_path, lines, "people.csv")
    assert (
        main(["national", "--samples", "1000", "--population", str(path), "--format", "json"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["area"] == "people"
    assert len(doc["municipalities"]) == 5


def test_cli_national_bad_driver_file_is_one_error(tmp_path: Path, capsys) -> None:
    """A bad driver file exits 2 with the problems, no traceback."""
    path = _write(tmp_path, ["code,x", "101,-1"])
    assert main(["national", "--samples", "200", "--drivers", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("repatcost: error:")
    assert "line 2, column 'x'" in err


def test_markdown_leads_with_the_median_and_prints_no_mean(answer) -> None:
    """The first figure is the median with the central 50%; then the prior table."""
    text = render_national(answer, "markdown")
    first = next(line for line in text.splitlines() if line.startswith("**"))
    assert first.startswith("**Median")
    assert "half of the draws between" in first
    assert text.index("under each prior") < text.index("## Model")
    spoken = text.replace("No mean is given", "").replace("its mean and scale", "")
    assert not re.search(r"\bmean\b", spoken)
    assert "Bounding case, not a reading" in text


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_render_formats_state_the_assumptions(with_file, fmt: str) -> None:
    """Markdown and LaTeX carry the fixed-plus-variable assumption and the selection note."""
    text = render_national(with_file, fmt)
    assert "Fixed plus variable" in text
    assert "not a random draw" in text


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json", "latex"])
def test_national_refuses_too_few_samples_for_its_interval(fmt, capsys) -> None:
    """199 samples cannot give a 90% interval (10 beyond each end): exit 2 naming --samples."""
    assert main(["national", "--samples", "199", "--format", fmt]) == 2
    err = capsys.readouterr().err
    assert "--samples" in err
    assert "200" in err


# --- in a notebook ---------------------------------------------------------------------------


def test_repr_is_short_and_html_is_a_table(answer) -> None:
    """repr under 300 characters with the median; _repr_html_ an escaped table."""
    text = repr(answer)
    assert len(text) < 300
    assert "median" in text
    page = answer._repr_html_()
    assert "<table>" in page
    assert "&lt;NationalResult" in page


def test_records_carry_floats_and_one_central_row(answer) -> None:
    """One row per prior and driver plus naive and observed; money as floats."""
    rows = answer.to_records()
    assert len(rows) == len(answer.priors) + len(answer.outcomes) - 1 + 2
    assert sum(r["central"] for r in rows) == 1
    for r in rows:
        assert all(isinstance(r[k], float) for k in ("median", "low_90", "high_90"))


def test_to_frame_has_float_money_columns(answer) -> None:
    """to_frame(): pandas imported only then; the money columns are float64."""
    pytest.importorskip("pandas")
    frame = answer.to_frame()
    assert str(frame["median"].dtype) == "float64"
    assert len(frame) == len(answer.to_records())
    assert "e+" not in repr(frame)  # shown in plain notation, values unrounded
    assert frame["median"].iloc[0] == answer.to_records()[0]["median"]


# --- the core names no domain -----------------------------------------------------------------

WORDS = re.compile(
    r"conversation|repatriat|interpreter|invitation|DKK|kommun|danish|denmark", re.I
)
CORE = [
    *sorted(Path(national_module.__file__).parent.glob("national_*.py")),
    Path(national_module.__file__).parent / "cli" / "national.py",
]


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_the_national_core_names_no_domain(path: Path) -> None:
    """No domain word in the national core modules (the Danish words live in the pack)."""
    found = [
        (i, line) for i, line in enumerate(path.read_text().splitlines(), 1) if WORDS.search(line)
    ]
    assert found == []


def test_population_file_names_are_normalised_and_control_characters_refused(
    tmp_path: Path,
) -> None:
    """A name typed with a combining ring is the same name; a bidi override is refused by
    its code point."""
    decomposed = "A\u030arhus"
    people = read_population(_write(tmp_path, ["id,name,size", f"1,{decomposed},2"]))
    assert people.members[0].name == "\u00c5rhus"
    with pytest.raises(ScenarioError, match="U\\+202E"):
        read_population(_write(tmp_path, ["id,name,size", "1,Aar\u202ehus,2"]))


def test_log_ratio_moments_by_hand() -> None:
    """Costs e^1 + F, e^2 + F, e^4 + F with drivers 1 and F = 5: log-ratios 1, 2, 4, so the
    mean is 7/3 and the sum of squared deviations 14/3, whatever the order of summation."""
    from repatcost.national_model import _log_ratio_moments

    fixed = np.array([5.0])
    costs = [np.array([math.e**p]) + fixed for p in (1, 2, 4)]
    mean, squares = _log_ratio_moments(costs, [1.0, 1.0, 1.0], fixed, ["a", "b", "c"])
    assert mean[0] == pytest.approx(7 / 3, rel=1e-12)
    assert squares[0] == pytest.approx(14 / 3, rel=1e-12)
    halved = [np.array([math.e**p]) * 2 + fixed for p in (4, 1, 2)]
    mean, squares = _log_ratio_moments(halved, [2.0, 2.0, 2.0], fixed, ["c", "a", "b"])
    assert mean[0] == pytest.approx(7 / 3, rel=1e-12)
    assert squares[0] == pytest.approx(14 / 3, rel=1e-12)


@pytest.mark.parametrize("prior", PRIORS[:2], ids=lambda p: p.name)
def test_table_error_is_stated_and_small(prior: ScalePrior) -> None:
    """The quantile table's error against a direct inversion, off the grid, is below 1e-3."""
    from repatcost.national_prior import table_error

    u = np.linspace(0.001, 0.999, 201)
    for s in (3e-5, 0.37, 2.3, 41.0):
        assert table_error(prior, 4, s, u) < 1e-3


def test_without_a_pack_nothing_is_assumed(bundled, tmp_path: Path) -> None:
    """A study no pack knows, with a user's population: no fixed part (the cost is
    proportional to the driver), no currency named, no pack's sentences."""
    odd = attrs.evolve(bundled.municipalities[0], code=999, name="Atlantis")
    study = attrs.evolve(bundled, municipalities=(odd, *bundled.municipalities[1:]))
    lines = ["id,name,size", "999,Atlantis,4", "751,Aarhus,2", "461,Odense,2",
             "851,Aalborg,2", "x1,Quiet,3"]  # fmt: skip
    people = read_population(_write(tmp_path, lines, "people.csv"))
    answer = national(study, population=people, n=1_000, seed=1)
    record = national_record(answer)
    assert record["model"]["fixed_part"] is None
    assert record["currency"] == "currency units"
    assert (answer.fixed == 0).all()
    assert "no fixed part stated" in render_national(answer)
    with pytest.raises(InvalidValueError, match="--population"):
        population_for(study)


def test_a_study_that_declares_another_pack_or_none_is_not_the_danish_packs(bundled) -> None:
    """Once a study declares its pack, the Danish population is offered only to a study that
    names it: a Danish source about something else (no pack) gets none, though its
    municipalities are Danish."""

    @attrs.frozen
    class Declared:
        municipalities: tuple[Any, ...]
        domain: str | None

    towns = bundled.municipalities
    assert dk.POPULATION(Declared(towns, None)) is None
    assert dk.POPULATION(Declared(towns, "uk-foi")) is None
    assert dk.POPULATION(Declared(towns, dk.NAME)) is not None
    assert dk.POPULATION(bundled) is not None  # no declaration yet: known by its codes
