"""Domains and plausible bands: outside a domain is an error naming field, value and domain;
outside a band is a flag; every default declares both with a source."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repatcost import default_assumptions
from repatcost.audit import plausibility_flags
from repatcost.distributions import Fixed, Normal, Uniform
from repatcost.domains import EVIDENCE, MIN_PERIOD_DAYS, Band, Domain, latest_actual_year
from repatcost.errors import InvalidValueError
from repatcost.evidence import (
    UIM_184,
    ConversationCount,
    HoursPerConversation,
    Municipality,
    Period,
    Source,
    Spending,
    StaffYears,
    TotalHours,
)
from repatcost.scenario import ScenarioError, load_scenario
from repatcost.study import Study

DEFAULTS = default_assumptions()
SECTION = Source(section="2")
DATED = Source(section="2", document=UIM_184)


def test_every_default_declares_domain_band_and_source() -> None:
    """Each packaged assumption has a domain, a plausible band and the band's source."""
    for parameter in DEFAULTS.parameters:
        assert parameter.domain is not None, parameter.name
        band = parameter.domain.plausible
        assert band is not None, parameter.name
        assert band.source.strip(), parameter.name
        low, high = parameter.distribution.bounds
        assert band.low <= low <= high <= band.high, parameter.name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("show_up_rate", 5.0),
        ("show_up_rate", -0.5),
        ("interpreter_share", 33.0),
        ("overhead_share", -2.0),
        ("wage_growth", -1.0),
        ("hours_per_conversation", 0.0),
        ("wage_cost", -1.0),
        ("conversations_per_person", 0.5),
    ],
)
def test_override_outside_domain_is_refused(name: str, value: float) -> None:
    """``override`` refuses a value outside the domain, naming key, value and domain."""
    with pytest.raises(InvalidValueError) as err:
        DEFAULTS.override(**{name: value})
    text = str(err.value)
    assert repr(name) in text
    assert f"{value:g}" in text
    assert DEFAULTS[name].domain is not None
    assert DEFAULTS[name].domain.describe() in text


def test_distribution_reaching_outside_domain_is_refused() -> None:
    """A Normal wage cost whose range goes below zero is refused, with its range."""
    with pytest.raises(InvalidValueError, match="range -"):
        DEFAULTS.override(wage_cost=Normal(530_000.0, 300_000.0))


SHARES = [n for n in DEFAULTS if DEFAULTS[n].unit.startswith("share of")]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SHARES), st.floats(allow_nan=False, allow_infinity=False))
def test_share_domain_property(name: str, value: float) -> None:
    """A share is accepted exactly when it lies in [0, 1]; a refusal names it."""
    if 0.0 <= value <= 1.0:
        assert DEFAULTS.override(**{name: value})[name].distribution == Fixed(value)
    else:
        with pytest.raises(InvalidValueError, match=name):
            DEFAULTS.override(**{name: value})


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-1e3, 1e3),
    st.floats(-1e3, 1e3),
    st.booleans(),
    st.booleans(),
    st.floats(-2e3, 2e3),
)
def test_domain_contains_is_its_interval(
    low: float, width: float, low_open: bool, high_open: bool, value: float
) -> None:
    """``Domain.contains`` agrees with the interval it describes; ``check`` with it."""
    high = low + abs(width)
    domain = Domain(low, high, low_open=low_open, high_open=high_open)
    inside = (low < value if low_open else low <= value) and (
        value < high if high_open else value <= high
    )
    assert domain.contains(value) == inside
    if inside:
        domain.check("X", "field", value)
    else:
        with pytest.raises(InvalidValueError, match="'field'"):
            domain.check("X", "field", value)


def test_domain_refuses_non_numbers() -> None:
    """Booleans, text, NaN and infinities are outside every domain."""
    domain = Domain()
    for value in (True, "1", math.nan, math.inf, None):
        assert not domain.contains(value)  # type: ignore[arg-type]


def test_flag_words_and_hint() -> None:
    """A value above the band is flagged with the band, unit and the usual slip."""
    flag = DEFAULTS.override(hours_per_conversation=60)["hours_per_conversation"].flag()
    assert flag == (
        "hours_per_conversation 60 is outside the plausible 0.25-8 h: minutes typed as hours?"
    )
    assert DEFAULTS["hours_per_conversation"].flag() is None


def test_monthly_wage_typed_as_annual_is_flagged() -> None:
    """A monthly wage (43,300) typed as the annual wage cost is flagged, not refused."""
    flag = DEFAULTS.override(wage_cost=43_300)["wage_cost"].flag()
    assert flag is not None
    assert "monthly wage" in flag


def test_band_refuses_reversed_ends() -> None:
    """A band's high must not be below its low."""
    with pytest.raises(InvalidValueError):
        Band(2.0, 1.0)


def _count(value: float, period: Period | None = None) -> ConversationCount:
    return ConversationCount(
        value=value,
        measure="held",
        period=period or Period.calendar_year(2023),
        source=SECTION,
    )


def test_evidence_outside_domain_is_refused() -> None:
    """Counts of 1e15, negative counts and 200 hours per conversation are refused."""
    for value in (1e15, -1.0, math.inf):
        with pytest.raises(InvalidValueError, match="'value'"):
            _count(value)
    with pytest.raises(InvalidValueError, match="'hours'"):
        HoursPerConversation(hours=200.0, source=SECTION)
    with pytest.raises(InvalidValueError, match="'hours'"):
        HoursPerConversation(hours=0.0, source=SECTION)


def test_count_band_is_not_computed_from_the_input() -> None:
    """A count of a million is flagged against the national target group, a fixed band."""
    town = Municipality("Nordby", 999, evidence=(_count(1e6),))
    study = Study((town,), DEFAULTS, estimators={})
    flags = plausibility_flags(study)
    assert len(flags) == 1
    assert "nordby ConversationCount.value" in flags[0]
    assert "64,100" in flags[0]
    assert EVIDENCE["ConversationCount", "value"].plausible is not None


def test_evidence_in_band_is_not_flagged() -> None:
    """Figures like the source's are not flagged."""
    town = Municipality("Nordby", 999, evidence=(_count(120.0),))
    assert plausibility_flags(Study((town,), DEFAULTS)) == ()


def test_short_period_is_refused() -> None:
    """A count over one day would be annualised x365: refused, as is a 27-day period."""
    short = Period(date(2023, 1, 1), date(2023, 1, 1 + MIN_PERIOD_DAYS - 1))
    with pytest.raises(InvalidValueError, match="at least a month"):
        _count(120.0, short)
    with pytest.raises(InvalidValueError, match="at least a month"):
        TotalHours(hours=10.0, period=short, source=SECTION)
    month = Period(date(2023, 2, 1), date(2023, 3, 1))
    assert _count(10.0, month).period == month


def test_actual_spending_after_the_document_is_refused() -> None:
    """Actual spending dated 2150 (or 2025, after 22 Feb 2024) is refused; a budget is not."""
    assert latest_actual_year(UIM_184) == 2024  # the date the pack gives its document
    for year in (2025, 2150):
        with pytest.raises(InvalidValueError, match="'year'"):
            Spending(amount=800_000.0, year=year, source=DATED)
    budget = Spending(amount=800_000.0, year=2025, kind="budget", source=DATED)
    assert budget.year == 2025


def test_uniform_from_minus_to_plus_1e308_is_refused() -> None:
    """A uniform whose width overflows cannot be built (so no OverflowError later)."""
    with pytest.raises(InvalidValueError):
        Uniform(-1e308, 1e308)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


TOWN = """
[municipality.aarhus]
name = "Aarhus"
code = 751

[[municipality.aarhus.count]]
value = 194
measure = "took_part"
period = 2023
source = { section = "2" }
"""


def test_duplicate_names_and_codes_are_errors(tmp_path: Path) -> None:
    """Two municipalities with one name or one code are refused, each problem named."""
    twin = TOWN.replace("municipality.aarhus", "municipality.aarhus_2")
    path = _write(tmp_path, TOWN + twin)
    before = path.read_bytes()
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    paths = [p.path for p in err.value.problems]
    assert paths == ["municipality.aarhus_2.name", "municipality.aarhus_2.code"]
    assert path.read_bytes() == before


def test_scenario_override_outside_domain_names_file_key_and_domain(tmp_path: Path) -> None:
    """``interpreter_share = 33`` in a file is a problem at its key path."""
    path = _write(
        tmp_path,
        '[assumptions.interpreter_share]\ndistribution = 33\nrationale = "typo"\n'
        + TOWN.replace(
            "code = 751", 'code = 751\nestimator = ["conversation_time", "interpreter_fees"]'
        ),
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    (problem,) = err.value.problems
    assert problem.path == "assumptions.interpreter_share.distribution"
    assert "[0, 1]" in problem.expected
    assert str(path) in str(err.value)


FIGURES = {
    "ConversationCount": lambda v: _count(v),
    "HoursPerConversation": lambda v: HoursPerConversation(hours=v, source=SECTION),
    "StaffYears": lambda v: StaffYears(value=v, source=SECTION),
    "TotalHours": lambda v: TotalHours(hours=v, period=Period.calendar_year(2023), source=SECTION),
}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(FIGURES)), st.floats(-1e9, 1e9))
def test_evidence_domain_property(kind: str, value: float) -> None:
    """A figure is accepted exactly when its domain contains it; a refusal names the field."""
    field = {"HoursPerConversation": "hours", "TotalHours": "hours"}.get(kind, "value")
    domain = EVIDENCE[kind, field]
    if domain.contains(value):
        assert getattr(FIGURES[kind](value), field) == value
    else:
        with pytest.raises(InvalidValueError, match=f"'{field}'"):
            FIGURES[kind](value)
