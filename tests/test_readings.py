"""Readings: each bundled reading's effect by hand, central == plain run, validation, choice."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost.across_readings import readings_record, run_readings
from repatcost.distributions import Fixed
from repatcost.errors import InvalidValueError
from repatcost.estimators import ReportedSpending
from repatcost.evidence import StaffYears
from repatcost.readings import (
    Alternative,
    EditEvidence,
    Reading,
    SetAssumptions,
    SetEstimator,
    SetQualifiers,
    choose,
)
from repatcost.study import CostsResult

N = 4_000
SEED = 11


@pytest.fixture(scope="module")
def across():
    """The bundled study run across its readings (small n)."""
    from repatcost.data import bundled_study

    return run_readings(bundled_study(), N, seed=SEED)


def alternative_run(across, name: str, label: str):
    for run in across.runs:
        if run.reading.name == name and run.alternative.label == label:
            return run.result
    raise AssertionError(f"no run {name}={label}")


def test_the_bundled_study_carries_six_readings(bundled) -> None:
    """At least the six readings named in issue 11, each with a source and a central one."""
    names = {r.name for r in bundled.readings}
    assert {
        "kobenhavn.year",
        "aalborg.period",
        "odense.staff_year",
        "aarhus.hours",
        "interpreter.billing",
        "qualifier.approximate",
    } <= names
    billing = bundled.reading("interpreter.billing")
    assert len(billing.alternatives) == 3
    assert all(a.source for a in billing.alternatives)


def test_the_readings_of_issue_21_quote_the_words_they_read(bundled) -> None:
    """kobenhavn.scope, interpreter.aalborg and the half staff-year, each on its words."""
    scope = bundled.reading("kobenhavn.scope")
    assert "til vejledning om repatriering" in scope.words
    assert "dedikeret vejledningssamtale" in scope.words
    assert scope.labels == ("all-guidance", "dedicated-only")
    aalborg = bundled.reading("interpreter.aalborg")
    assert "samt tolkning" in aalborg.words
    assert "kan være tolkeudgifter" in aalborg.words
    assert aalborg.labels == ("included", "on-top")
    staff = bundled.reading("odense.staff_year")
    assert "afsat et årsværk" in staff.words
    assert "half" in staff.labels


def test_kobenhavn_dedicated_only_is_the_bottom_up_on_the_same_draws(across) -> None:
    """København read as its dedicated conversations only: its cost is the central run's
    bottom-up cross-check, draw for draw; the total falls by about 0.28 m to about 1.49 m."""
    result = alternative_run(across, "kobenhavn.scope", "dedicated-only")
    (bottom_up,) = across.central.crosschecks["kobenhavn"]
    np.testing.assert_array_equal(result.estimates["kobenhavn"].samples, bottom_up.samples)
    assert 1_400_000 < result.total.median < 1_580_000
    for key in ("aarhus", "odense", "aalborg"):
        assert np.array_equal(result.estimates[key].samples, across.central.estimates[key].samples)


def test_aalborg_fees_on_top_add_aarhus_fees_per_conversation(across) -> None:
    """Fees on top of Aalborg's hours: the fee per conversation is Aarhus' (same shares, fee
    and billing on the same draws), so Aalborg's cost rises by 120 x that, and Aalborg's cost
    per conversation overtakes Aarhus' (the ranking the reading reverses)."""
    result = alternative_run(across, "interpreter.aalborg", "on-top")
    aalborg, aarhus = result.estimates["aalborg"], result.estimates["aarhus"]
    fees_each = aarhus.components["interpreter_fees"] / aarhus.quantities["conversations"]
    added = aalborg.samples - across.central.estimates["aalborg"].samples
    np.testing.assert_allclose(added, 120.0 * fees_each, rtol=1e-12)
    central = across.central.outputs
    ev = across.central.evaluation
    assert np.median(central["aalborg.cost_per_conversation"].on(ev)) < np.median(
        central["aarhus.cost_per_conversation"].on(ev)
    )
    assert np.median(aalborg.samples / 120.0) > np.median(
        aarhus.samples / aarhus.quantities["conversations"]
    )


def test_odense_half_scales_by_the_used_share(across) -> None:
    """Odense half: the used share (about 0.5, 'ca.' at 20%) x the staff-year cost; its
    implied conversations fall inside the range the other municipalities give (107-425)."""
    result = alternative_run(across, "odense.staff_year", "half")
    share = result.draws.values["odense.staff_years"]
    assert share.min() >= 0.4
    assert share.max() <= 0.6
    np.testing.assert_array_equal(
        result.estimates["odense"].samples, share * across.central.estimates["odense"].samples
    )
    assert 107 < np.median(result.estimates["odense"].quantities["conversations"]) < 425


def test_kobenhavn_2022_is_the_2022_spending_at_2023_prices(across) -> None:
    """København 2022: DKK 1.4 m (rounded) x (1 + wage growth), about 2.4 m in total."""
    result = alternative_run(across, "kobenhavn.year", "2022")
    v = result.draws.values
    expected = v["kobenhavn.spending_2022_actual"] * (1.0 + v["wage_growth"])
    np.testing.assert_allclose(result.estimates["kobenhavn"].samples, expected, rtol=1e-15)
    assert result.estimates["kobenhavn"].median == pytest.approx(1_400_000 * 1.03, rel=0.01)
    assert 2_300_000 < result.total.median < 2_500_000
    for key in ("aarhus", "odense", "aalborg"):  # the other municipalities do not move
        assert np.array_equal(result.estimates[key].samples, across.central.estimates[key].samples)


def test_aalborg_thirteen_months_is_twelve_thirteenths(across) -> None:
    """Aalborg over 13 months: the annual cost is 12/13 of the 12-month one, draw by draw."""
    result = alternative_run(across, "aalborg.period", "13-months")
    np.testing.assert_allclose(
        result.estimates["aalborg"].samples,
        across.central.estimates["aalborg"].samples * 12 / 13,
        rtol=1e-13,
    )


def test_odense_three_quarters_scales_by_the_used_share(across) -> None:
    """Odense three quarters: the cost is the used share (about 0.75) x the staff-year cost."""
    result = alternative_run(across, "odense.staff_year", "three-quarters")
    share = result.draws.values["odense.staff_years"]
    assert share.min() >= 0.6
    assert share.max() <= 0.9
    np.testing.assert_array_equal(
        result.estimates["odense"].samples, share * across.central.estimates["odense"].samples
    )


def test_aarhus_conversation_only_adds_a_third_of_caseworker_time(across) -> None:
    """Aarhus conversation only: 2 h instead of 1.5 h, caseworker time x 4/3, fees unchanged."""
    result = alternative_run(across, "aarhus.hours", "conversation-only")
    new, old = result.estimates["aarhus"], across.central.estimates["aarhus"]
    np.testing.assert_allclose(
        new.components["caseworker_time"], old.components["caseworker_time"] * 4 / 3, rtol=1e-13
    )
    assert np.array_equal(new.components["interpreter_fees"], old.components["interpreter_fees"])


def test_interpreter_billing_rules_by_hand(across) -> None:
    """Meetings of 1-1.5 h: per hour bills 2 h, hour-then-half-hours 1.5 h, time used m."""
    central = across.central.estimates["aarhus"].components["interpreter_fees"]
    half = alternative_run(across, "interpreter.billing", "hour-then-half-hours")
    used = alternative_run(across, "interpreter.billing", "time-used")
    meeting = used.draws.values["interpreted_meeting_hours"]
    np.testing.assert_allclose(
        half.estimates["aarhus"].components["interpreter_fees"], central * 1.5 / 2, rtol=1e-13
    )
    np.testing.assert_allclose(
        used.estimates["aarhus"].components["interpreter_fees"],
        central * meeting / 2,
        rtol=1e-13,
    )


def test_about_within_ten_percent_halves_the_deviation_from_240_hours(across) -> None:
    """'ca.' at 10%: Aalborg's hours deviate from 240 by half as much as at 20%, draw by draw."""
    result = alternative_run(across, "qualifier.approximate", "10pct")
    narrow = result.draws.values["aalborg.total_hours"]
    wide = across.central.draws.values["aalborg.total_hours"]
    np.testing.assert_allclose(narrow - 240.0, (wide - 240.0) / 2, atol=1e-9)


@pytest.mark.slow
@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    n=st.integers(1, 300),
    which=st.integers(0, 5),
)
def test_central_reading_reproduces_the_plain_run_bit_for_bit(bundled, seed, n, which) -> None:
    """Applying a reading's central alternative to the study changes no sample at all."""
    reading = bundled.readings[which]
    bare = attrs.evolve(bundled, readings=())
    applied = reading.central_alternative.apply(bare).run(n, seed=seed)
    plain = bundled.run(n, seed=seed)
    for key, estimate in plain.estimates.items():
        assert np.array_equal(applied.estimates[key].samples, estimate.samples)
    assert np.array_equal(
        run_readings(bundled, n, seed=seed).central.total.samples, plain.total.samples
    )


def test_envelope_spans_every_alternative(across) -> None:
    """The range across readings holds every alternative's interval, the 2022 one included."""
    envelope = across.envelope(0.9)
    low, high = envelope["total"]
    for result in across.results():
        lo, hi = result.total.interval(0.9)
        assert low <= lo
        assert hi <= high
    kbh = alternative_run(across, "kobenhavn.year", "2022").estimates["kobenhavn"]
    assert envelope["municipalities"]["kobenhavn"][1] >= kbh.interval(0.9)[1]


def test_rows_are_sorted_biggest_change_first(across) -> None:
    """The readings table leads with København 2022 and is sorted by |change|."""
    rows = across.rows(0.9)
    changes = [abs(r.change) for r in rows]
    assert changes == sorted(changes, reverse=True)
    assert (rows[0].reading, rows[0].label, rows[0].municipality) == (
        "kobenhavn.year",
        "2022",
        "kobenhavn",
    )
    assert rows[0].change == pytest.approx(rows[0].total.median - across.central.total.median)


def test_extremes_together_bracket_every_single_alternative(across) -> None:
    """All lowest readings together lie below every alternative's median; all highest above."""
    medians = [r.result.total.median for r in across.runs]
    assert across.low.total.median <= min(medians) + 1e-6
    assert across.high.total.median >= max(medians) - 1e-6


def test_json_record_follows_the_contract(across) -> None:
    """readings[i] has name, question, source, central and alternatives with totals and towns."""
    record = readings_record(across, 0.9)
    first = record["readings"][0]
    assert set(first) >= {"name", "question", "source", "central", "alternatives"}
    alt = first["alternatives"][1]
    assert set(alt) >= {"label", "rationale", "total", "municipalities"}
    assert set(alt["total"]) == {"median", "interval"}
    assert set(alt["municipalities"]) == {"kobenhavn", "aarhus", "odense", "aalborg"}
    assert set(record["envelope"]) == {"total", "municipalities"}


def test_choose_makes_an_alternative_central(bundled) -> None:
    """choose() applies the alternative and marks it central; the result validates."""
    chosen = choose(bundled, {"kobenhavn.year": "frame", "aalborg.period": "13-months"})
    assert chosen.estimator_for("kobenhavn") == ReportedSpending(kind="budget")
    assert chosen.reading("aalborg.period").central == "13-months"
    back = choose(chosen, {"aalborg.period": "12-months", "kobenhavn.year": "2023"})
    assert back.municipalities == bundled.municipalities


def test_choosing_a_reading_leaves_out_the_readings_it_makes_moot(bundled) -> None:
    """København bottom-up leaves no spending to pick a year of: kobenhavn.year goes; a
    choice that leaves every other reading's central state keeps them all."""
    chosen = choose(bundled, {"kobenhavn.scope": "dedicated-only"})
    names = {r.name for r in chosen.readings}
    assert "kobenhavn.year" not in names
    assert names == {r.name for r in bundled.readings} - {"kobenhavn.year"}
    assert chosen.estimator_for("kobenhavn").name != "reported_spending"
    kept = choose(bundled, {"odense.staff_year": "half"})
    assert [r.name for r in kept.readings] == [r.name for r in bundled.readings]


def test_choosing_another_year_rebases_the_scope_reading(bundled) -> None:
    """kobenhavn.year = 2022 keeps kobenhavn.scope, whose central alternative now reads the
    2022 spending as all guidance; its bottom-up alternative is unchanged."""
    chosen = choose(bundled, {"kobenhavn.year": "2022"})
    assert [r.name for r in chosen.readings] == [r.name for r in bundled.readings]
    scope = chosen.reading("kobenhavn.scope")
    assert scope.central_alternative.holds(chosen)
    assert scope.central_alternative.changes[0].estimator == ReportedSpending(year=2022)
    assert scope.alternative("dedicated-only") == bundled.reading("kobenhavn.scope").alternative(
        "dedicated-only"
    )


def test_two_choices_that_set_the_same_thing_are_refused(bundled) -> None:
    with pytest.raises(InvalidValueError, match=r"kobenhavn\.year = 2022"):
        choose(bundled, {"kobenhavn.year": "2022", "kobenhavn.scope": "dedicated-only"})


@pytest.mark.parametrize(
    ("chosen", "field"),
    [({"nowhere.year": "2022"}, "reading"), ({"kobenhavn.year": "1999"}, "label")],
)
def test_choose_refuses_unknown_names_and_labels(bundled, chosen, field) -> None:
    """An unknown reading or label is an error naming it."""
    with pytest.raises(InvalidValueError, match=f"'{field}'"):
        choose(bundled, chosen)


def test_a_reading_needs_two_distinct_alternatives_and_a_known_central() -> None:
    """Reading refuses one alternative, repeated labels and an unknown central label."""
    one = Alternative("a", "why", [SetQualifiers({"approximate_spread": 0.2})])
    other = Alternative("b", "why", [SetQualifiers({"approximate_spread": 0.1})])
    kwargs = {"question": "q?", "source": one_source(), "words": "ca.", "reason": "r"}
    with pytest.raises(InvalidValueError, match="two or more"):
        Reading("qualifier.approximate", alternatives=[one], central="a", **kwargs)
    with pytest.raises(InvalidValueError, match="distinct labels"):
        Reading("qualifier.approximate", alternatives=[one, one], central="a", **kwargs)
    with pytest.raises(InvalidValueError, match="'central'"):
        Reading("qualifier.approximate", alternatives=[one, other], central="c", **kwargs)
    with pytest.raises(InvalidValueError, match="'name'"):
        Reading("approximate", alternatives=[one, other], central="a", **kwargs)


def one_source():
    from repatcost.evidence import Source

    return Source(section="3")


def test_changes_refuse_what_the_study_lacks(bundled) -> None:
    """Each change names what is missing: a record, an assumption, an applicable estimator."""
    bare = attrs.evolve(bundled, readings=())
    with pytest.raises(InvalidValueError, match="'record'"):
        EditEvidence("aarhus", StaffYears, {"value": 2}).apply(bare)
    with pytest.raises(InvalidValueError, match="known assumption"):
        SetAssumptions({"wage_cots": Fixed(1)}, rationale="typo").apply(bare)
    with pytest.raises(InvalidValueError, match="'estimator'"):
        SetEstimator("odense", ReportedSpending()).apply(bare)
    with pytest.raises(InvalidValueError, match="'key'"):
        SetEstimator("roskilde", ReportedSpending()).apply(bare)


def test_applying_a_change_leaves_the_study_unchanged(bundled) -> None:
    """Changes work on copies: the original study keeps its evidence and assumptions."""
    before = attrs.evolve(bundled, readings=())
    change = SetAssumptions({"interpreter_billing_increment": Fixed(0.5)}, rationale="half")
    after = change.apply(before)
    assert before.assumptions.distribution("interpreter_billing_increment") == Fixed(1.0)
    assert after.assumptions["interpreter_billing_increment"].rationale == "half"
    assert change.holds(after)
    assert not change.holds(before)


@pytest.mark.slow
@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**32), level=st.sampled_from([0.5, 0.8, 0.9]))
def test_keeping_costs_only_gives_the_same_report_figures(bundled, seed, level) -> None:
    """``keep="costs"`` (what the report uses) gives every readings figure of ``keep="all"``,
    bit for bit, at any level, while its runs hold no draws, components or quantities."""
    full = run_readings(bundled, 2_000, seed=seed)
    light = run_readings(bundled, 2_000, seed=seed, keep="costs")
    assert readings_record(light, level) == readings_record(full, level)
    assert light.envelope(level) == full.envelope(level)
    assert light.rows(level) == full.rows(level)
    assert np.array_equal(light.central.total.samples, full.central.total.samples)
    for run in (*(r.result for r in light.runs if not r.is_central), light.low, light.high):
        assert isinstance(run, CostsResult)
        assert not any(e.components or e.quantities for e in run.estimates.values())


def test_keep_must_name_what_to_keep(bundled) -> None:
    """An unknown ``keep`` is refused, naming the parameter and the two choices; costs only
    are kept of plain Monte Carlo runs."""
    with pytest.raises(InvalidValueError, match=r"'keep'.*'all' or 'costs'"):
        run_readings(bundled, 100, seed=1, keep="some")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"'design'.*'mc' when keep='costs'"):
        run_readings(bundled, 128, seed=1, design="lhs", keep="costs")


def test_costs_kept_share_the_unchanged_municipalities_with_the_central_run(bundled) -> None:
    """Under København 2022 only København's samples differ from the central run's: the other
    municipalities' kept costs are the central run's arrays, not copies."""
    light = run_readings(bundled, 1_000, seed=3, keep="costs")
    run = next(
        r.result
        for r in light.runs
        if (r.reading.name, r.alternative.label) == ("kobenhavn.year", "2022")
    )
    shared = {
        key
        for key, estimate in run.estimates.items()
        if np.shares_memory(estimate.samples, light.central.estimates[key].samples)
    }
    assert shared == {"aarhus", "odense", "aalborg"}


def test_readings_figures_are_summarised_once_per_array(bundled, monkeypatch) -> None:
    """The readings record, envelope and rows partition each distinct samples array once
    (runs that share an earlier run's draws share its array), with the figures the
    estimates give themselves."""
    across = run_readings(bundled, 2_000, seed=2, keep="costs")
    calls: list[int] = []
    quantile = np.quantile

    def counted(samples, *args, **kwargs):
        calls.append(id(samples))
        return quantile(samples, *args, **kwargs)

    monkeypatch.setattr(np, "quantile", counted)
    record = readings_record(across, 0.9)
    across.envelope(0.9)
    across.rows(0.9)
    assert calls
    assert len(calls) == len(set(calls))
    monkeypatch.undo()
    runs = [r for r in across.runs if r.reading.name == "aalborg.period"]
    alternatives = next(r for r in record["readings"] if r["name"] == "aalborg.period")
    for run, entry in zip(runs, alternatives["alternatives"], strict=True):
        direct = run.result.estimates["aalborg"].summary(0.9)
        assert entry["municipalities"]["aalborg"]["median"] == direct.median
        assert entry["municipalities"]["aalborg"]["interval"] == list(direct.interval)


def test_readings_that_would_not_fit_in_memory_are_refused_before_running(
    bundled, monkeypatch
) -> None:
    """The runs across readings are checked against the memory budget beside the central
    run: kept as costs they fit a budget that whole runs would exceed, and the refusal
    names the sample count and the estimate."""
    import repatcost.across_readings as across_module
    import repatcost.engine as engine

    central = bundled.run(10_000, seed=1)
    runs = sum(len(r.alternatives) for r in bundled.readings) + 2
    costs = across_module._held(central) + runs * (len(bundled.municipalities) + 1)
    monkeypatch.setattr(engine, "memory_budget", lambda: engine.memory_estimate(10_000, costs))
    assert across_module.readings_around(central, keep="costs").central is central
    with pytest.raises(InvalidValueError, match=r"'n'.*fits in memory.*10,000 samples"):
        across_module.readings_around(central, keep="all")


def test_a_reading_estimated_the_cross_checks_way_shares_its_array(bundled) -> None:
    """København read as its dedicated conversations only is the central run's cross-check,
    draw for draw: kept as costs, the run holds that very array (summarised once)."""
    across = run_readings(bundled, 2_000, seed=3, keep="costs")
    run = next(r for r in across.runs if r.reading.name == "kobenhavn.scope" and not r.is_central)
    (check,) = across.central.crosschecks["kobenhavn"]
    assert run.result.estimates["kobenhavn"].samples is check.samples


def test_runs_across_readings_evaluate_only_what_a_reading_changes(bundled, monkeypatch) -> None:
    """A municipality whose model an earlier run already evaluated (same record, estimator
    and assumptions) is not evaluated again: its cost is that run's array. The figures are
    those of evaluating every municipality in every run, bit for bit."""
    from repatcost import study as study_module

    calls: list[tuple[str, ...]] = []
    evaluate = study_module.evaluate_costs

    def counted(models, *args, **kwargs):
        calls.append(tuple(models))
        return evaluate(models, *args, **kwargs)

    monkeypatch.setattr(study_module, "evaluate_costs", counted)
    light = run_readings(bundled, 2_000, seed=4, keep="costs")
    monkeypatch.undo()
    runs = len(light.results()) - 1 - sum(r.is_central for r in light.runs)
    towns = len(bundled.municipalities)
    assert sum(len(c) for c in calls) < runs * towns  # most municipalities were not evaluated
    whole = run_readings(bundled, 2_000, seed=4, keep="all")
    for mine, full in zip(light.results(), whole.results(), strict=True):
        for key, estimate in mine.estimates.items():
            assert np.array_equal(estimate.samples, full.estimates[key].samples), key


def test_run_costs_takes_given_costs_without_evaluating_them(bundled) -> None:
    """Study.run_costs(given=...) uses the given array for that municipality and evaluates
    the others exactly as without it."""
    plain = bundled.run_costs(3_000, seed=9)
    given = plain.estimates["aarhus"].samples
    again = bundled.run_costs(3_000, seed=9, given={"aarhus": given})
    assert again.estimates["aarhus"].samples is given
    for key, estimate in plain.estimates.items():
        assert np.array_equal(again.estimates[key].samples, estimate.samples), key
    assert again.estimates["aarhus"].hard_range == plain.estimates["aarhus"].hard_range
