"""The public hypothesis strategies: valid by construction, reaching the edges, strict."""

from __future__ import annotations

import inspect
import math
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from repatcost.assumptions import Assumptions, default_assumptions
from repatcost.distributions import Distribution, Fixed, LogNormal
from repatcost.domains import MIN_PERIOD_DAYS
from repatcost.evidence import (
    EVIDENCE_TYPES,
    ConversationCount,
    HoursPerConversation,
    Municipality,
    Note,
    OneOff,
    Period,
    Spending,
)
from repatcost.qualifiers import Qualifier, QualifierMapping
from repatcost.scenario import ScenarioError, load_scenario
from repatcost.testing import strategies

LOCAL = 1 if os.environ.get("CI") else 4
"""The long property runs below take their full example counts in CI (where conftest.py loads
the 'ci' profile) and a quarter of them locally, so the whole suite stays quick to run."""
MANY = settings(
    max_examples=1000 // LOCAL,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DEFAULTS = default_assumptions()
ROUGH_MAPPING = QualifierMapping(approximate_spread=1.0, cautious_below=1.0, cautious_above=5.0)


def usable(record: Any, mapping: QualifierMapping) -> None:
    """A record whose figure reads as a distribution with a finite, ordered range."""
    if hasattr(record, "distribution"):
        low, high = record.distribution(mapping).bounds
        assert math.isfinite(low)
        assert math.isfinite(high)
        assert low <= high


@pytest.mark.slow
@MANY
@given(strategies.municipalities(), strategies.qualifier_mappings())
def test_a_thousand_municipalities_are_valid_and_usable(
    m: Municipality, mapping: QualifierMapping
) -> None:
    """Generated municipalities (thousands of records) construct and read without error."""
    assert isinstance(m, Municipality)
    assert m.key[0].isalpha()
    for record in m.evidence:
        for chosen in (QualifierMapping(), mapping, ROUGH_MAPPING):
            usable(record, chosen)
    for kind in (ConversationCount, HoursPerConversation):
        assert len(m.records(kind)) <= 1  # single figures appear once by default


def check_distribution(d: Distribution, low: float, high: float) -> None:
    """Bounds inside [low, high]; samples and quantiles inside the bounds."""
    lo, hi = d.bounds
    assert low <= lo <= hi <= high
    x = d.sample(np.random.default_rng(0), 16)
    assert np.all((x >= lo) & (x <= hi))
    q = d.ppf(np.array([0.0, 0.5, 1.0]))
    assert np.all(np.isfinite(q))


@pytest.mark.slow
@settings(MANY, max_examples=500 // LOCAL)
@given(st.data())
def test_distributions_stay_inside_any_requested_bounds(data: st.DataObject) -> None:
    """Every generated distribution's hard range lies within min_value and max_value."""
    low, high = sorted(data.draw(st.lists(st.floats(-1e9, 1e9), min_size=2, max_size=2)))
    d = data.draw(strategies.distributions(min_value=low, max_value=high))
    check_distribution(d, low, high)


@pytest.mark.slow
@settings(max_examples=300 // LOCAL, deadline=None, database=None)
@given(strategies.distributions())
def test_unbounded_distributions_are_finite(d: Distribution) -> None:
    """Without bounds, distributions stay within +-1e12 and sample finitely."""
    check_distribution(d, -1e12, 1e12)


@pytest.mark.slow
@settings(max_examples=300 // LOCAL, deadline=None, database=None)
@given(strategies.assumption_sets())
def test_assumption_sets_keep_names_and_stay_in_their_domains(a: Assumptions) -> None:
    """Varied assumptions keep every default name and each range in its domain."""
    assert list(a) == list(DEFAULTS)
    assert a.price_year == DEFAULTS.price_year
    for name, (low, high) in strategies.ASSUMPTION_DOMAINS.items():
        d = a.distribution(name)
        assert d == DEFAULTS.distribution(name) or low <= d.bounds[0] <= d.bounds[1] <= high


@pytest.mark.slow
@settings(max_examples=100, deadline=None, database=None)
@given(st.data())
def test_assumption_sets_vary_unknown_names_around_their_base(data: st.DataObject) -> None:
    """A plugin's own assumption varies from half to twice its base range, keeping sign."""
    base = DEFAULTS.override(wage_growth=0.03)
    a = data.draw(
        strategies.assumption_sets(
            base=base, vary=["wage_growth"], domains={"wage_growth": (0.01, 0.06)}
        )
    )
    low, high = a.distribution("wage_growth").bounds
    assert 0.01 <= low <= high <= 0.06
    assert a.distribution("wage_cost") == DEFAULTS.distribution("wage_cost")


def generated(strategy: st.SearchStrategy[Any], n: int = 300) -> list[Any]:
    """``n`` values the strategy generates (derandomized, so the test is reproducible)."""
    seen: list[Any] = []

    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(strategy)
    def collect(value: Any) -> None:
        seen.append(value)

    collect()
    return seen


@pytest.mark.slow
def test_zero_counts_are_reached() -> None:
    """Counts of zero are generated by default (the edge 0/0 bugs hide behind)."""
    towns = generated(strategies.municipalities())
    values = [c.value for m in towns for c in m.records(ConversationCount)]
    assert 0.0 in values
    assert max(values) >= 1_000  # and not only small ones


@pytest.mark.slow
def test_degenerate_distributions_are_reached() -> None:
    """Fixed distributions appear among distributions, assumption sets and read evidence."""
    assert any(
        isinstance(d, Fixed) for d in generated(strategies.distributions(min_value=0, max_value=1))
    )
    assert any(
        p.distribution.is_degenerate and p.name != "interpreter_minimum_billing"
        for a in generated(strategies.assumption_sets())
        for p in a.parameters
    )
    hours = generated(strategies.hours_per_conversation())
    assert any(h.distribution().is_degenerate for h in hours)
    assert any(not h.distribution().is_degenerate for h in hours)


@pytest.mark.slow
def test_other_edges_are_reached() -> None:
    """Rounded ranges down to zero, month-long periods, later years and huge values appear."""
    spending = generated(strategies.spendings())
    assert any(
        s.qualifier is Qualifier.ROUNDED and s.distribution().bounds[0] == 0 < s.amount
        for s in spending
    )
    assert any(s.year > DEFAULTS.price_year for s in spending)
    shortest = MIN_PERIOD_DAYS
    assert any((p.end - p.start).days == shortest for p in generated(strategies.periods()))
    assert max(c.value for c in generated(strategies.counts(max_value=6e6))) >= 6e5
    assert any(
        isinstance(d, LogNormal)
        for d in generated(strategies.distributions(min_value=1.0, max_value=1e9))
    )


# Whole scenario files shrink slowly; a failure is reported unshrunk, with its document.
FILES = settings(deadline=None, database=None, phases=[Phase.explicit, Phase.generate])


def _no_method_applies(err: ScenarioError, document: dict[str, Any]) -> bool:
    """True when every problem is a municipality naming no estimator that none of the
    default estimators applies to (refused at load since issue 19)."""
    towns = document["municipality"]
    return all(
        p.path.endswith(".estimator")
        and "estimator" not in towns[p.path.split(".")[1]]
        and "an estimator that applies" in p.expected
        for p in err.problems
    )


@pytest.mark.slow
@settings(FILES, max_examples=60)
@given(st.data())
def test_scenario_documents_load_back_into_the_same_municipality(data: st.DataObject) -> None:
    """A municipality written as a scenario file is read back equal to itself."""
    m = data.draw(strategies.municipalities())
    assume(not m.reported_nothing)  # a file where nobody gave a figure is refused
    document = data.draw(strategies.scenario_documents(municipalities=st.just(m)))
    assert tomllib.loads(strategies.to_toml(document)) == document
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.toml"
        path.write_text(strategies.to_toml(document), encoding="utf-8")
        try:
            study = load_scenario(path)
        except ScenarioError as err:
            assert _no_method_applies(err, document), err  # noqa: PT017
            assume(False)  # evidence no default estimator prices is refused at load
    (back,) = study.municipalities
    assert (back.name, back.code, back.key) == (m.name, m.code, m.key)
    for kind in EVIDENCE_TYPES:  # a file groups records by kind, keeping their order
        assert back.records(kind) == m.records(kind)
    for name, table in document.get("assumptions", {}).items():  # every kind, exactly
        assert study.assumptions.distribution(name).to_table() == table["distribution"]


@pytest.mark.slow
@settings(FILES, max_examples=40)
@given(strategies.scenario_texts(max_municipalities=3))
def test_scenario_texts_are_accepted_by_load_scenario(text: str) -> None:
    """Generated scenario files load, with one municipality per table and its estimator."""
    document = tomllib.loads(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.toml"
        path.write_text(text, encoding="utf-8")
        try:
            study = load_scenario(path)
        except ScenarioError as err:  # nobody gave a figure, or no default method applies
            nothing = "at least one with a figure" in str(err)
            assert nothing or _no_method_applies(err, document), err  # noqa: PT017
            return
    both = (*study.municipalities, *study.unreported)
    assert sorted(m.key for m in both) == sorted(document["municipality"])
    named = {k for k, t in document["municipality"].items() if "estimator" in t}
    assert set(study.estimators) == named


@pytest.mark.parametrize(
    "make",
    [
        lambda: strategies.distributions(min_value=2, max_value=1),
        lambda: strategies.distributions(min_value=1, max_value=1, kinds=["pert"]),
        lambda: strategies.distributions(max_value=0, kinds=["lognormal"]),
        lambda: strategies.distributions(kinds=["gamma"]),
        lambda: strategies.distributions(min_value=math.inf),
        lambda: strategies.counts(min_value=-1),
        lambda: strategies.counts(min_value=0.2, max_value=0.8),
        lambda: strategies.counts(measures=[]),
        lambda: strategies.hours_per_conversation(max_value=0),
        lambda: strategies.periods(min_year=2025, max_year=2020),
        lambda: strategies.municipalities(kinds=[Note], required=[Spending]),
        lambda: strategies.municipalities(max_records=0),
        lambda: strategies.municipalities(kinds=[Period]),
        lambda: strategies.assumption_sets(vary=["no_such_assumption"]),
        lambda: strategies.assumption_sets(base=DEFAULTS.parameters),
        lambda: strategies.scenario_documents(max_municipalities=0),
    ],
)
def test_impossible_arguments_raise_at_once(make: Any) -> None:
    """Arguments that admit no valid object raise InvalidArgument when the strategy is made."""
    with pytest.raises(InvalidArgument, match="argument of"):
        make()


def test_strategy_options_are_keyword_only() -> None:
    """Every public strategy takes keyword-only arguments (hypothesis' API style)."""
    for name in strategies.__all__:
        function = getattr(strategies, name)
        if not inspect.isfunction(function) or name in ("to_toml", "scenario_entry"):
            continue
        kinds = {p.kind for p in inspect.signature(function).parameters.values()}
        assert kinds <= {inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD}, name


def test_scenario_entry_refuses_what_is_not_a_record() -> None:
    """Only evidence records have a scenario-file form."""
    with pytest.raises(InvalidArgument, match="record"):
        strategies.scenario_entry(OneOff)


def test_composite_strategies_print_under_their_own_names() -> None:
    """A falsifying example names the strategy (municipalities()), never build() or figure()."""
    for strategy, name in (
        (strategies.municipalities(), "municipalities()"),
        (strategies.assumption_sets(), "assumption_sets()"),
        (strategies.scenario_documents(), "scenario_documents()"),
        (strategies.counts(), "qualified_figures()"),
    ):
        assert repr(strategy) == name
