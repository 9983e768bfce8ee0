"""Calibration of the intervals (issue 7): synthetic municipalities with a known true cost.

Each check runs the library's own estimators, through ``Study.run``, on synthetic
municipalities whose truth follows the estimator's assumptions exactly (see
``repatcost.validation.synthetic``). With N cases the coverage has a binomial standard error of
0.47 points (90%) and 0.79 points (50%) at N = 4,000, so the bands 88-92% and 47-53% are 4.2
and 3.8 standard errors wide on each side. Monte Carlo error in the interval ends (2,000
samples per estimate) does not widen them: every case has its own seed, so the errors are
independent across cases and only move the expected coverage by about 0.1 points.

The figures are printed (``pytest -s``), attached as ``record_property`` (JUnit XML) and put in
every assertion message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from repatcost.evidence import (
    ConversationCount,
    HoursPerConversation,
    Spending,
    StaffYears,
    TotalHours,
)
from repatcost.qualifiers import Qualifier
from repatcost.validation import (
    STYLES,
    Coverage,
    DropRounding,
    IgnoreSharedDraws,
    TruthLaw,
    calibrate,
    generate,
    generate_studies,
)

N = 4_000
"""Synthetic municipalities (or four-municipality studies) per calibration check."""
N_BROKEN = 2_000
"""Cases per injected-bug check."""
SAMPLES = 2_000
"""Monte Carlo samples per estimate."""
SEED = 20240222
BANDS = {0.9: (0.88, 0.92), 0.5: (0.47, 0.53)}
LABELS = (*STYLES, "total")


@pytest.fixture(scope="module")
def measured() -> Callable[[str], Coverage]:
    """Coverage per style (and of the total), computed once per module."""
    cache: dict[str, Coverage] = {}

    def get(label: str) -> Coverage:
        if label not in cache:
            cache[label] = calibrate(label, n=N, samples=SAMPLES, seed=SEED)  # type: ignore[arg-type]
            print(f"\n{cache[label]}")
        return cache[label]

    return get


def _record(record_property: Callable[[str, Any], None], coverage: Coverage) -> str:
    text = str(coverage)
    record_property(f"coverage[{coverage.label}]", text)
    return text


@pytest.mark.slow
@pytest.mark.parametrize("level", sorted(BANDS, reverse=True))
@pytest.mark.parametrize("label", LABELS)
def test_interval_coverage_is_nominal(
    measured: Callable[[str], Coverage], label: str, level: float, record_property: Any
) -> None:
    """90% intervals cover the truth 88-92% of the time and 50% intervals 47-53%."""
    coverage = measured(label)
    text = _record(record_property, coverage)
    low, high = BANDS[level]
    assert low <= coverage.covered(level) <= high, (
        f"{level:.0%} coverage out of band [{low:.0%}, {high:.0%}]: {text}; below "
        f"{coverage.below[level]:.2%}, above {coverage.above[level]:.2%}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("label", LABELS)
def test_hard_range_always_covers_the_truth(
    measured: Callable[[str], Coverage], label: str, record_property: Any
) -> None:
    """The hard range contains the true cost of every synthetic municipality and total."""
    coverage = measured(label)
    text = _record(record_property, coverage)
    assert coverage.in_hard_range == 1.0, text


@pytest.mark.slow
@pytest.mark.parametrize("label", LABELS)
def test_truth_ranks_centre_on_one_half(
    measured: Callable[[str], Coverage], label: str, record_property: Any
) -> None:
    """The truth's rank among the samples averages 0.5 within 4 standard errors (no shift)."""
    coverage = measured(label)
    text = _record(record_property, coverage)
    assert abs(coverage.mean_rank - 0.5) < 4 * math.sqrt(1 / (12 * coverage.n)), text


@pytest.mark.slow
def test_ignoring_shared_draws_breaks_the_total(record_property: Any) -> None:
    """Re-drawing wage cost etc. per municipality makes the total's intervals undercover."""
    broken = calibrate("total", n=N_BROKEN, samples=SAMPLES, seed=SEED, wrap=IgnoreSharedDraws)
    text = _record(record_property, broken)
    print(f"\ninjected bug (shared draws ignored): {text}")
    assert broken.covered(0.9) < BANDS[0.9][0], text
    assert broken.covered(0.5) < BANDS[0.5][0], text


@pytest.mark.slow
def test_dropping_the_rounding_interval_breaks_spending(record_property: Any) -> None:
    """Reading 'DKK 0.8 million' as exact makes the spending intervals far too narrow."""
    broken = calibrate("spending", n=N_BROKEN, samples=SAMPLES, seed=SEED, wrap=DropRounding)
    text = _record(record_property, broken)
    print(f"\ninjected bug (rounding dropped): {text}")
    assert broken.covered(0.9) < BANDS[0.9][0], text
    assert broken.in_hard_range < 1.0, text


@pytest.mark.slow
def test_misspecified_truth_is_detected(record_property: Any) -> None:
    """A truth twice as spread as assumed pushes the total's 90% coverage below the band."""
    wide = TruthLaw(assumption_spread=2.0, report_spread=2.0)
    coverage = calibrate("total", n=500, samples=1_000, seed=SEED, truth=wide)
    text = _record(record_property, coverage)
    assert coverage.covered(0.9) < BANDS[0.9][0], text


@pytest.mark.parametrize("style", STYLES)
def test_generation_is_reproducible(style: str) -> None:
    """The same seed gives the same evidence and truth; another seed gives others."""
    first, again, other = (generate(style, 20, seed=s) for s in (5, 5, 6))  # type: ignore[arg-type]
    assert [m.municipality for m in first] == [m.municipality for m in again]
    assert [dict(m.truth) for m in first] == [dict(m.truth) for m in again]
    assert [m.true_cost for m in first] != [m.true_cost for m in other]


def test_calibration_is_reproducible() -> None:
    """A calibration run with a fixed seed (int or Generator) repeats bit for bit."""
    runs = [
        calibrate("total_hours", n=30, samples=200, seed=s)
        for s in (3, 3, np.random.default_rng(3), np.random.default_rng(3))
    ]
    assert all(np.array_equal(run.ranks, runs[0].ranks) for run in runs[:2])  # type: ignore[arg-type]
    assert np.array_equal(runs[2].ranks, runs[3].ranks)  # type: ignore[arg-type]


def test_styles_report_like_the_source() -> None:
    """Each style produces the evidence of its source municipality, qualified as there."""
    spending = generate("spending", 50, seed=1)
    assert all(
        (s := m.municipality.only(Spending)) is not None
        and s.qualifier is Qualifier.ROUNDED
        and s.precision == 100_000
        and s.amount % 100_000 == 0
        for m in spending
    )
    talk = generate("conversation_time", 200, seed=1)
    counts = [m.municipality.only(ConversationCount) for m in talk]
    hours = [m.municipality.only(HoursPerConversation) for m in talk]
    assert {c.measure.value for c in counts if c} == {"called_in", "took_part", "held"}
    assert {h.qualifier.value for h in hours if h} == {"approximate", "cautious"}
    staff = generate("staff_allocation", 50, seed=1)
    assert all(m.municipality.only(StaffYears) is not None for m in staff)
    total = generate("total_hours", 50, seed=1)
    assert all(m.municipality.only(TotalHours) is not None for m in total)


def test_truth_given_report_follows_the_qualifier() -> None:
    """Rounded money lies in its rounding cell; a cautious figure is more often too low."""
    for m in generate("spending", 200, seed=2):
        reported = m.municipality.only(Spending)
        assert reported is not None
        assert abs(m.truth["spending"] - reported.amount) <= 50_000
    cautious = generate("conversation_time", 400, seed=2, cautious_share=1.0)
    ratios = np.array(
        [
            m.truth["hours_per_conversation"] / h.hours
            for m in cautious
            if (h := m.municipality.only(HoursPerConversation)) is not None
        ]
    )
    assert np.all((ratios >= 0.9) & (ratios <= 1.5))
    assert np.median(ratios) > 1.0


def test_members_of_a_synthetic_study_share_the_drivers() -> None:
    """Within a synthetic study the shared drivers have one true value; across studies not."""
    studies = generate_studies(5, seed=4)
    for study in studies:
        for name in ("wage_cost", "overhead_share", "productive_hours", "show_up_rate"):
            assert len({m.truth[name] for m in study.members}) == 1
    assert len({s.members[0].truth["wage_cost"] for s in studies}) == 5


def test_impossible_arguments_are_refused() -> None:
    """Unknown styles, bad counts and options for the wrong style raise ValueError."""
    with pytest.raises(ValueError, match="style"):
        generate("budget", 3, seed=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'n'"):
        generate("spending", 0, seed=1)
    with pytest.raises(ValueError, match="cautious_share"):
        generate("spending", 3, seed=1, cautious_share=0.5)
    with pytest.raises(ValueError, match="seed"):
        generate("spending", 3, seed=-1)


def test_calibrate_total_is_a_style_with_its_own_refusals() -> None:
    """``calibrate("total")`` runs synthetic four-municipality studies; ``cautious_share`` (a
    single municipality's reports) is refused for it, and an unknown style lists it."""
    coverage = calibrate("total", n=10, samples=200, seed=5)
    assert (coverage.label, coverage.n, coverage.samples) == ("total", 10, 200)
    with pytest.raises(ValueError, match="cautious_share"):
        calibrate("total", n=10, samples=200, seed=5, cautious_share=0.5)
    with pytest.raises(ValueError, match="total_hours, total"):
        calibrate("budget", n=10, samples=200, seed=5)  # type: ignore[arg-type]
