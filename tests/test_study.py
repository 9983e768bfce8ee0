"""The bundled study end to end: the acceptance figures of the core issue."""

from __future__ import annotations

import numpy as np
import pytest

from repatcost.assumptions import default_assumptions
from repatcost.data import bundled_study
from repatcost.engine import draw_inputs
from repatcost.errors import InvalidValueError, RunMismatchError
from repatcost.evidence import Municipality, Source, StaffYears
from repatcost.study import Study, default_estimator

N = 50_000


@pytest.fixture(scope="module")
def result():
    """One run of the bundled study."""
    return bundled_study().run(N, seed=11)


def test_bundled_study_has_the_four_municipalities_with_official_codes(bundled) -> None:
    """The bundled data holds København, Aarhus, Odense and Aalborg with their codes."""
    assert [(m.name, m.code) for m in bundled.municipalities] == [
        ("København", 101),
        ("Aarhus", 751),
        ("Odense", 461),
        ("Aalborg", 851),
    ]


def test_default_estimators_are_the_documented_ones(result) -> None:
    """Each municipality uses the estimator the issue names."""
    methods = {k: e.method for k, e in result.estimates.items()}
    assert methods == {
        "kobenhavn": "reported_spending",
        "aarhus": "conversation_time + interpreter_fees",
        "odense": "staff_allocation",
        "aalborg": "total_hours",
    }


def test_copenhagen_median_lies_in_its_rounding_interval(result) -> None:
    """København's 2023 spending of 'DKK 0.8 million' has its median in [0.75, 0.85] million."""
    estimate = result.estimates["kobenhavn"]
    assert 750_000 <= estimate.median <= 850_000
    assert estimate.hard_range == (750_000, 850_000)


def test_aalborg_model_uses_240_hours(result, bundled) -> None:
    """Aalborg's hours are the reported 240 (120 x 2), centred exactly on 240."""
    model = result.models["aalborg"]
    hours = model.inputs["aalborg.total_hours"]
    assert hours.median == 240.0
    assert hours.ppf(0.5) == 240.0
    total = bundled.municipality("aalborg").evidence
    assert any(getattr(r, "hours", None) == 240 for r in total)
    quantities = result.estimates["aalborg"].quantities
    assert np.median(quantities["caseworker_hours"]) == pytest.approx(240.0, rel=0.01)


@pytest.mark.parametrize("level", [0.5, 0.8, 0.9, 0.95])
def test_every_row_is_ordered_range_interval_median(result, level: float) -> None:
    """range_lo <= interval_lo <= median <= interval_hi <= range_hi for every row."""
    for estimate in (*result.estimates.values(), result.total):
        s = estimate.summary(level)
        assert s.hard_range[0] <= s.interval[0] <= s.median <= s.interval[1] <= s.hard_range[1]


def test_intervals_are_nested_by_level(result) -> None:
    """The 50% interval lies inside the 90% interval, which lies inside the 99%."""
    for estimate in (*result.estimates.values(), result.total):
        lo50, hi50 = estimate.interval(0.5)
        lo90, hi90 = estimate.interval(0.9)
        lo99, hi99 = estimate.interval(0.99)
        assert lo99 <= lo90 <= lo50 <= hi50 <= hi90 <= hi99


def test_total_is_the_samplewise_sum_of_the_four(result) -> None:
    """The total's samples are exactly the sum of the municipalities' samples."""
    parts = sum(e.samples for e in result.estimates.values())
    assert np.array_equal(result.total.samples, parts)


def test_shared_drivers_make_the_total_wider_than_independent_parts(result) -> None:
    """Shared wage cost correlates the parts: the total's spread exceeds that of independent
    parts (permuting the samples of each part breaks the shared draws)."""
    rng = np.random.default_rng(0)
    independent = sum(rng.permutation(e.samples) for e in result.estimates.values())
    shared_sd = result.total.samples.std()
    independent_sd = independent.std()
    assert shared_sd > 1.05 * independent_sd
    odense = result.estimates["odense"].samples
    aarhus = result.estimates["aarhus"].samples
    assert np.corrcoef(odense, aarhus)[0, 1] > 0.2


def test_shared_input_is_one_draw_for_every_municipality(result) -> None:
    """The wage cost is a single input of the run, used by every hour-based model."""
    users = [k for k, m in result.models.items() if "wage_cost" in m.inputs]
    assert set(users) == {"aarhus", "odense", "aalborg"}
    assert result.draws.values["wage_cost"].shape == (N,)


@pytest.mark.parametrize("design", ["mc", "lhs", "sobol"])
def test_two_municipalities_sharing_an_input_see_the_same_draws(design: str) -> None:
    """Sample i of both uses the run's wage cost i: Et's 1 staff-year costs wage x 1.25, Tre's
    about 3 (an uncertain input of its own) cost its draw x wage x 1.25, sample by sample."""
    source = Source(section="test")
    one = StaffYears(value=1.0, source=source)
    three = StaffYears(value=3.0, qualifier="approximate", source=source)
    towns = [
        Municipality(name="Et", code=901, evidence=(one,)),
        Municipality(name="Tre", code=903, evidence=(three,)),
    ]
    study = Study(towns, default_assumptions().override(overhead_share=0.25))
    result = study.run(64, seed=3, design=design)
    wage, staff = result.draws.values["wage_cost"], result.draws.values["tre.staff_years"]
    assert np.unique(wage).size == 64
    et, tre = (e.samples for e in result.estimates.values())
    np.testing.assert_allclose(et, wage * 1.25, rtol=1e-12)
    np.testing.assert_allclose(tre, staff * wage * 1.25, rtol=1e-12)


def test_same_seed_same_samples_and_different_seed_differs() -> None:
    """A run is reproducible bit for bit under its seed and changes with it."""
    a = bundled_study().run(2_000, seed=5).total.samples
    b = bundled_study().run(2_000, seed=5).total.samples
    c = bundled_study().run(2_000, seed=6).total.samples
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_seed_may_be_a_generator() -> None:
    """A numpy Generator seeds a run reproducibly and the integer seed is recorded."""
    a = bundled_study().run(1_000, seed=np.random.default_rng(3))
    b = bundled_study().run(1_000, seed=np.random.default_rng(3))
    assert a.seed == b.seed
    assert np.array_equal(a.total.samples, b.total.samples)
    again = bundled_study().run(1_000, seed=a.seed)
    assert np.array_equal(again.total.samples, a.total.samples)


def test_adding_a_municipality_keeps_the_others_draws() -> None:
    """Per-name streams: a new municipality does not change existing inputs' draws."""
    study = bundled_study()
    smaller = Study(
        study.municipalities[1:],
        study.assumptions,
        estimators={k: v for k, v in study.estimators.items() if k != "kobenhavn"},
    )
    full = study.run(1_000, seed=9)
    part = smaller.run(1_000, seed=9)
    assert np.array_equal(full.estimates["aarhus"].samples, part.estimates["aarhus"].samples)


def test_estimates_of_different_runs_cannot_be_combined() -> None:
    """Adding estimates from two runs is refused with a clear error."""
    a = bundled_study().run(100, seed=1).estimates["aarhus"]
    b = bundled_study().run(100, seed=1).estimates["odense"]
    with pytest.raises(RunMismatchError, match="different runs"):
        _ = a + b


@pytest.mark.slow
def test_a_million_samples_in_one_call() -> None:
    """The study runs at 10^6 samples in one call; memory scales with the samples."""
    result = bundled_study().run(1_000_000, seed=2)
    assert result.total.n == 1_000_000
    assert result.total.samples.nbytes == 8_000_000
    low, high = result.total.interval(0.9)
    assert low < result.total.median < high


def test_study_refuses_bad_construction(bundled) -> None:
    """A study needs municipalities with distinct keys and estimators for known keys."""
    with pytest.raises(InvalidValueError, match="municipalities"):
        Study((), default_assumptions())
    m = bundled.municipalities[0]
    with pytest.raises(InvalidValueError, match="distinct keys"):
        Study((m, m), default_assumptions())
    with pytest.raises(InvalidValueError, match="estimators"):
        Study(
            (m,),
            default_assumptions(),
            estimators={"nowhere": default_estimator(m, default_assumptions())},
        )


def test_default_estimator_prefers_money_then_hours() -> None:
    """Without a choice, reported money beats hours which beat staff-years."""
    study = bundled_study()
    for key, expected in (
        ("kobenhavn", "reported_spending"),
        ("aalborg", "total_hours"),
        ("odense", "staff_allocation"),
        ("aarhus", "conversation_time + interpreter_fees"),
    ):
        m = study.municipality(key)
        assert (
            default_estimator(m, study.assumptions).build(m, study.assumptions).method == expected
        )


def test_draw_inputs_draws_each_name_once() -> None:
    """One array per input name, regardless of how many models use it."""
    study = bundled_study()
    models = study.models()
    names = set().union(*(m.inputs for m in models.values()))
    draws = draw_inputs({n: d for m in models.values() for n, d in m.inputs.items()}, 10, seed=0)
    assert set(draws.values) == names


def test_municipality_lookup_names_the_known_keys(bundled) -> None:
    """An unknown key lists the known ones."""
    with pytest.raises(InvalidValueError, match="kobenhavn"):
        bundled.municipality("roskilde")
    assert isinstance(bundled.municipality("odense"), Municipality)
