"""Combine, compare, explain: triangulation, ratios, implied quantities, price years."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from repatcost.agreement import agreement
from repatcost.assumptions import Parameter
from repatcost.cli import main
from repatcost.data import bundled_study
from repatcost.derived import (
    RATIO_CAVEAT,
    cost_per_attributed,
    cost_per_conversation,
    cost_per_repatriated,
    hourly_cost_range,
    implied_quantities,
    total_per_repatriated,
)
from repatcost.distributions import Uniform
from repatcost.errors import InvalidValueError
from repatcost.estimate import Estimate
from repatcost.estimators import (
    ConversationTime,
    Ensemble,
    InterpreterFees,
    ReportedSpending,
    Sum,
)
from repatcost.evidence import Period
from repatcost.precision import max_relative_error, run_to_tolerance
from repatcost.report import render_study, study_record
from repatcost.study import Study


@pytest.fixture(scope="module")
def result():
    """A run of the bundled study."""
    return bundled_study().run(40_000, seed=4)


@pytest.fixture(scope="module")
def record(result):
    """Its JSON record."""
    return study_record(result)


def test_copenhagen_2022_spending_moves_to_2023_prices_by_wage_growth() -> None:
    """1.4 million DKK of 2022 = 1.4 million x (1 + wage growth) DKK of 2023, sample-wise."""
    study = bundled_study()
    kbh = study.municipality("kobenhavn")
    model = ReportedSpending(year=2022).build(kbh, study.assumptions)
    amount = np.array([1_400_000.0, 1_360_000.0])
    growth = np.array([0.03, 0.025])
    out = model.evaluate(
        {
            "kobenhavn.spending_2022_actual": amount,
            "wage_growth": growth,
            **{
                k: d.ppf(np.full(2, 0.5))
                for k, d in model.inputs.items()
                if k not in ("kobenhavn.spending_2022_actual", "wage_growth")
            },
        }
    )
    np.testing.assert_allclose(out["reported_spending"], [1_442_000.0, 1_394_000.0])
    assert model.inputs["wage_growth"].bounds == (0.025, 0.035)


def test_aalborg_period_is_one_year_by_the_documented_rule() -> None:
    """September 2022 to September 2023 is 12 whole months = 1.0 year; 120 stay 120."""
    period = Period(date(2022, 9, 1), date(2023, 9, 1))
    assert period.years == 1.0
    assert not period.is_calendar_year


def test_default_output_shows_copenhagen_triangulation(record) -> None:
    """København carries its bottom-up cross-check with the JSON contract's agreement:
    quantile, ratio with interval, a verdict that is not 'consistent', and the rule."""
    kbh = record["municipalities"][0]
    assert kbh["method"] == "reported_spending"
    check = kbh["crosschecks"][0]
    assert check["method"] == "conversation_time + interpreter_fees"
    agreement = check["agreement"]
    assert {"reported_quantile", "ratio", "verdict", "rule"} <= set(agreement)
    assert agreement["verdict"] in ("tension", "inconsistent")
    assert "consistent if" in agreement["rule"]
    low, high = agreement["ratio"]["interval"]
    assert low <= agreement["ratio"]["median"] <= high
    assert 0 <= agreement["overlap"] <= 1
    assert check["median"] < kbh["median"]


@pytest.mark.parametrize("fmt", ["markdown", "csv", "latex", "json"])
def test_every_format_shows_ratios_caveat_and_flags(result, fmt: str) -> None:
    """Each output format carries the per-conversation and per-person figures, the ratio
    caveat, and the disagreement / implausibility flags."""
    text = render_study(result, fmt)
    assert "a ratio, not an effect" in text
    assert "implausible" in text
    if fmt == "markdown":
        assert "Triangulation" in text
        assert "per repatriated person" in text
    if fmt == "csv":
        assert "per_conversation_median" in text.splitlines()[0].split(",")


def test_all_rows_have_ratios_with_ordered_intervals(record) -> None:
    """Every row shows cost per repatriated person and, except Odense (no count, so it
    would restate the hours assumption), cost per conversation."""
    for row in (*record["municipalities"], record["total"]):
        for key in ("cost_per_conversation", "cost_per_repatriated"):
            figure = row[key]
            if row.get("name") == "Odense" and key == "cost_per_conversation":
                assert figure is None
                continue
            assert figure is not None, key
            lo, hi = figure["interval"]
            assert figure["range"][0] <= lo <= figure["median"] <= hi <= figure["range"][1]
        assert row["cost_per_repatriated"]["caveat"] == RATIO_CAVEAT


def test_cost_per_repatriated_is_cost_over_persons(result) -> None:
    """The ratio divides each sample by the persons repatriated (Table 1)."""
    ratio = cost_per_repatriated(result, "aalborg")
    np.testing.assert_allclose(ratio.samples, result.estimates["aalborg"].samples / 19)
    total = total_per_repatriated(result)
    np.testing.assert_allclose(total.samples, result.total.samples / 86)


def test_implied_quantities_are_in_the_json_with_intervals(record) -> None:
    """Odense's implied conversations and København's implied conversations and hourly cost
    appear with intervals."""
    rows = {r["name"]: r for r in record["municipalities"]}
    odense = rows["Odense"]["implied"]["conversations"]
    kbh = rows["København"]["implied"]
    for item in (odense, kbh["conversations"], kbh["hourly_cost"]):
        lo, hi = item["interval"]
        assert lo <= item["median"] <= hi
    assert "conversations" not in rows["Aalborg"]["implied"]  # Aalborg reported them held


def test_odense_implied_conversations_follow_the_assumptions(result) -> None:
    """Odense: 1 staff-year x productive hours / hours per conversation, sample by sample."""
    implied = {i.name: i for i in implied_quantities(result, "odense")}
    v = result.draws.values
    np.testing.assert_allclose(
        implied["conversations"].estimate.samples,
        v["productive_hours"] / v["hours_per_conversation"],
    )


def test_copenhagen_invitations_become_conversations_through_show_up(result) -> None:
    """750 invitations x distinct share x show-up rate = conversations held, never more
    than the invitations."""
    implied = {i.name: i for i in implied_quantities(result, "kobenhavn")}
    v = result.draws.values
    held = implied["conversations"].estimate.samples
    np.testing.assert_allclose(held, 750 * v["distinct_invitation_share"] * v["show_up_rate"])
    assert held.max() <= 750


def test_implausible_implied_hourly_cost_is_flagged(result) -> None:
    """København's spending implies an hourly cost above the assumed range: flagged."""
    implied = {i.name: i for i in implied_quantities(result, "kobenhavn")}
    rate = implied["hourly_cost"]
    assert rate.plausible == hourly_cost_range(result.study.assumptions)
    assert rate.estimate.median > rate.plausible[1]
    assert rate.flag is not None
    assert "implausible" in rate.flag


def test_recurring_and_one_off_are_separate_and_add_up(result, record) -> None:
    """Recurring + one-off = the cost; every row lists what it leaves out."""
    for row in record["municipalities"]:
        assert row["recurring"]["median"] == pytest.approx(row["median"])
        assert row["one_off"]["median"] == 0.0
        assert isinstance(row["leaves_out"], list)
    aarhus = record["municipalities"][1]
    assert any("selects citizens" in item for item in aarhus["leaves_out"])


def test_adjust_later_flag_follows_the_threshold(result) -> None:
    """The flag is set exactly when the interval width exceeds the threshold x median."""
    for threshold in (0.05, 0.5, 5.0):
        record = study_record(result, adjust_threshold=threshold)
        for row in record["municipalities"]:
            lo, hi = row["interval"]
            assert row["adjust_later"] == ((hi - lo) / row["median"] > threshold)


def test_ensemble_mixture_takes_each_member_in_proportion() -> None:
    """A 50/50 mixture takes about half its samples from each member; the hard range is
    the union of the members'."""
    study = bundled_study()
    both = Ensemble(ReportedSpending(year=2023), Sum(ConversationTime(), InterpreterFees()))
    mixed = Study(
        study.municipalities, study.assumptions, estimators={**study.estimators, "kobenhavn": both}
    ).run(20_000, seed=2)
    estimate = mixed.estimates["kobenhavn"]
    from_spending = estimate.components["reported_spending"] > 0
    assert from_spending.mean() == pytest.approx(0.5, abs=0.02)
    spend = (
        ReportedSpending(year=2023)
        .build(study.municipality("kobenhavn"), study.assumptions)
        .hard_range()
    )
    bottom = (
        Sum(ConversationTime(), InterpreterFees())
        .build(study.municipality("kobenhavn"), study.assumptions)
        .hard_range()
    )
    assert estimate.hard_range == (min(spend[0], bottom[0]), max(spend[1], bottom[1]))
    assert (estimate.samples >= estimate.hard_range[0]).all()


def test_ensemble_with_three_members_reaches_each_in_its_weight() -> None:
    """Sequential picks give each of three members its weight."""
    study = bundled_study()
    trio = Ensemble(
        ReportedSpending(year=2023),
        ReportedSpending(kind="budget"),
        ConversationTime(),
        weights=[0.2, 0.3, 0.5],
    )
    with pytest.raises(InvalidValueError, match="different methods"):
        trio.build(study.municipality("kobenhavn"), study.assumptions)
    trio = Ensemble(
        ReportedSpending(year=2023), ConversationTime(), InterpreterFees(), weights=[0.2, 0.3, 0.5]
    )
    run = Study(study.municipalities[:1], study.assumptions, estimators={"kobenhavn": trio}).run(
        40_000, seed=3
    )
    components = run.estimates["kobenhavn"].components
    shares = [
        float((components[c] > 0).mean())
        for c in ("reported_spending", "conversation_time", "interpreter_fees")
    ]
    assert shares == pytest.approx([0.2, 0.3, 0.5], abs=0.015)


def test_ensemble_average_is_the_weighted_mean() -> None:
    """method='average' gives the weighted sample-wise mean of the members."""
    study = bundled_study()
    avg = Ensemble(
        ReportedSpending(year=2023), ConversationTime(), weights=[3, 1], method="average"
    )
    run = Study(study.municipalities[:1], study.assumptions, estimators={"kobenhavn": avg}).run(
        1_000, seed=3
    )
    q = run.estimates["kobenhavn"].quantities
    np.testing.assert_allclose(
        run.estimates["kobenhavn"].samples,
        0.75 * q["estimate:reported_spending"] + 0.25 * q["estimate:conversation_time"],
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"weights": [1.0]}, "weights"),
        ({"weights": [-1.0, 2.0]}, "weights"),
        ({"method": "median"}, "method"),
    ],
)
def test_ensemble_refuses_bad_options(kwargs, field) -> None:
    """Bad weights or methods raise at construction naming the field."""
    with pytest.raises(InvalidValueError, match=f"'{field}'"):
        Ensemble(ReportedSpending(), ConversationTime(), **kwargs)


def test_agreement_figures_on_known_samples() -> None:
    """Symmetric overlap, P(A > B), quantile and ratio computed on hand-made samples."""
    run = object()
    a = Estimate("a", np.arange(0.0, 101.0), (0, 100), run)
    b = Estimate("b", np.arange(50.0, 151.0), (50, 150), run)
    result = agreement(a, b, level=0.9)
    assert result.p_greater == 0.0
    # intervals [5, 95] and [55, 145]: intersection 40 over union 140, either way round
    assert result.overlap == pytest.approx(40 / 140)
    assert agreement(b, a).overlap == pytest.approx(40 / 140)
    # a's median 50 lies at b's lowest sample: half a tie of 101 samples below it
    assert result.reported_quantile == pytest.approx(0.5 / 101)
    assert not result.agree
    same = agreement(a, a)
    assert same.overlap == 1.0
    assert same.ratio_median == 1.0


def test_attribution_share_gives_cost_per_attributed_repatriation() -> None:
    """With an attribution_share assumption, cost per attributed repatriation is
    cost / (persons x share), sample by sample."""
    study = bundled_study()
    share = Parameter(
        "attribution_share",
        Uniform(0.1, 0.5),
        unit="share",
        rationale="illustration",
        source="unsourced estimate",
    )
    study = Study(
        study.municipalities, study.assumptions.with_parameters(share), estimators=study.estimators
    )
    run = study.run(5_000, seed=1)
    attributed = cost_per_attributed(run, "aarhus")
    np.testing.assert_allclose(
        attributed.samples,
        run.estimates["aarhus"].samples / 20 / run.draws.values["attribution_share"],
    )
    assert "cost_per_attributed_repatriation" in study_record(run)["total"]
    assert cost_per_attributed(bundled_study().run(100, seed=1)) is None


def test_cost_per_conversation_uses_conversations_held(result) -> None:
    """Aalborg: cost / 120 conversations held."""
    ratio = cost_per_conversation(result, "aalborg")
    np.testing.assert_allclose(ratio.samples, result.estimates["aalborg"].samples / 120)


def test_samples_auto_meets_the_tolerance(capsys: pytest.CaptureFixture[str]) -> None:
    """With --samples auto --tolerance 0.005 every reported median's relative MC error is
    at most 0.005."""
    assert (
        main(
            [
                "estimate",
                "--samples",
                "auto",
                "--tolerance",
                "0.005",
                "--format",
                "json",
                "--seed",
                "8",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert _json_max_relative_error(doc) <= 0.005
    assert doc["tolerance"] == 0.005
    assert doc["max_relative_mc_error"] <= 0.005
    for row in (*doc["municipalities"], doc["total"]):
        assert row["mc_error"]["median"] / row["median"] <= 0.005


def test_run_to_tolerance_equals_a_plain_run_of_the_final_size() -> None:
    """The auto run is reproducible: it equals study.run(n, seed) for its final n."""
    result, report = run_to_tolerance(bundled_study(), 0.01, seed=5, start=1_000)
    again = bundled_study().run(result.n, seed=5)
    assert np.array_equal(result.total.samples, again.total.samples)
    assert report.max_relative_mc_error is not None
    assert max_relative_error(report) == report.max_relative_mc_error <= 0.01


def _json_max_relative_error(record: object) -> float:
    """The largest relative MC error over every figure of a JSON report, walked by hand."""
    if isinstance(record, list):
        return max((_json_max_relative_error(v) for v in record), default=0.0)
    if not isinstance(record, dict):
        return 0.0
    worst = max((_json_max_relative_error(v) for v in record.values()), default=0.0)
    if "median" in record and "mc_error" in record:
        errors = [record["mc_error"]["median"], *record["mc_error"]["interval"]]
        scale = abs(record["median"])
        worst = max(worst, max(errors) / scale if scale > 0 else max(errors))
    return worst


@pytest.mark.slow
def test_mc_standard_error_matches_replicate_spread() -> None:
    """The order-statistic standard error of the median agrees with the spread of medians
    over independent replicate runs (within 30%)."""
    medians = [bundled_study().run(4_000, seed=s).total.median for s in range(60)]
    predicted = bundled_study().run(4_000, seed=999).total.summary().median_se
    assert predicted == pytest.approx(np.std(medians, ddof=1), rel=0.3)


def test_run_to_tolerance_with_a_design_uses_its_replicates() -> None:
    """With --design sobol the auto run stops when its replicates' error is within the
    tolerance, and returns one Sobol run of REPLICATES x n points (a power of 2) that equals
    study.run of that size and seed; the replicates' error is what the report records."""
    from repatcost.precision import REPLICATES, replicate_error

    study = bundled_study()
    result, report = run_to_tolerance(study, 0.01, seed=5, start=1_000, design="sobol")
    n = result.n // REPLICATES
    assert result.n & (result.n - 1) == 0
    assert result.draws.design == "sobol"
    error = replicate_error(study, n, seed=5, design="sobol")
    assert report.max_relative_mc_error == error <= 0.01
    if n > 256:  # the replicates before the last (the fewest are 256 for a 90% interval)
        assert replicate_error(study, n // 2, seed=5, design="sobol") > 0.01
    again = study.run(result.n, seed=5, design="sobol")
    assert np.array_equal(result.total.samples, again.total.samples)


def test_replicate_error_is_the_spread_of_replicates_over_root_r() -> None:
    """The design's error is the standard deviation of each figure across the replicates,
    over sqrt(REPLICATES), relative to the figure's mean median: computed here by hand for
    the total's median, it is never above the error returned (the largest of all)."""
    from repatcost.precision import REPLICATES, replicate_error

    study = bundled_study()
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(3).spawn(REPLICATES)]
    medians = [study.run(256, seed=s, design="lhs").total.median for s in seeds]
    by_hand = np.std(medians, ddof=1) / np.sqrt(REPLICATES) / abs(np.mean(medians))
    assert 0 < by_hand <= replicate_error(study, 256, seed=3, design="lhs")
