"""Verdicts with stated power: each level at constructed quantiles on both sides of each edge."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repatcost.agreement import Verdict, agreement, rule, verdict
from repatcost.estimate import Estimate


@pytest.mark.parametrize(
    ("quantile", "expected"),
    [
        (0.5, Verdict.CONSISTENT),
        (0.25, Verdict.CONSISTENT),
        (0.75, Verdict.CONSISTENT),
        (0.2499, Verdict.TENSION),
        (0.7501, Verdict.TENSION),
        (0.9, Verdict.TENSION),
        (0.05, Verdict.TENSION),
        (0.95, Verdict.TENSION),
        (0.0499, Verdict.INCONSISTENT),
        (0.9501, Verdict.INCONSISTENT),
        (0.0, Verdict.INCONSISTENT),
        (1.0, Verdict.INCONSISTENT),
    ],
)
def test_verdict_at_each_side_of_each_threshold(quantile, expected) -> None:
    """0.25-0.75 consistent, 0.05-0.95 otherwise tension, outside inconsistent (level 0.9)."""
    assert verdict(quantile, 0.9) is expected


def test_the_ninetieth_percentile_is_never_consistent() -> None:
    """A figure at the other's 0.9 quantile is not consistent at any level."""
    for level in (0.5, 0.8, 0.9, 0.95, 0.99):
        assert verdict(0.9, level) is not Verdict.CONSISTENT


def test_a_narrower_level_turns_tension_into_inconsistent() -> None:
    """At level 0.8 the tension band ends at 0.9, so 0.92 is inconsistent."""
    assert verdict(0.92, 0.9) is Verdict.TENSION
    assert verdict(0.92, 0.8) is Verdict.INCONSISTENT


def test_rule_prints_the_thresholds() -> None:
    """The printed rule names the three levels and their quantile bands."""
    text = rule(0.9)
    for part in ("consistent", "tension", "inconsistent", "0.25-0.75", "0.05", "0.95"):
        assert part in text


def test_verdict_refuses_a_quantile_outside_zero_one() -> None:
    """A quantile of 1.2 is an error naming it."""
    with pytest.raises(ValueError, match="'quantile'"):
        verdict(1.2)


@pytest.mark.parametrize(
    ("position", "expected"),
    [(500, Verdict.CONSISTENT), (900, Verdict.TENSION), (980, Verdict.INCONSISTENT)],
)
def test_agreement_reads_the_quantile_off_the_other_samples(position, expected) -> None:
    """A main estimate whose median sits above k of 1000 other samples has quantile k/1000."""
    run = object()
    other = Estimate("other", np.arange(1.0, 1001.0), (1, 1000), run)
    main = Estimate("main", np.full(1000, position + 0.5), (0, 2000), run)
    result = agreement(main, other)
    assert result.reported_quantile == pytest.approx(position / 1000)
    assert result.verdict is expected
    assert result.rule == rule(0.9)


def test_ratio_is_sample_wise_with_its_interval() -> None:
    """main / other sample by sample: 2 x other gives a ratio of exactly 2."""
    run = object()
    other = Estimate("other", np.linspace(1.0, 3.0, 201), (1, 3), run)
    main = Estimate("main", other.samples * 2.0, (2, 6), run)
    result = agreement(main, other)
    assert result.ratio_median == 2.0
    assert result.ratio_interval == (2.0, 2.0)


@given(
    a=st.lists(st.floats(0, 100), min_size=5, max_size=40),
    b=st.lists(st.floats(0, 100), min_size=5, max_size=40),
)
def test_overlap_is_symmetric(a, b) -> None:
    """overlap(A, B) == overlap(B, A), and it lies in [0, 1]."""
    size = min(len(a), len(b))
    run = object()
    ea = Estimate("a", np.array(a[:size]), (0, 100), run)
    eb = Estimate("b", np.array(b[:size]), (0, 100), run)
    first, second = agreement(ea, eb).overlap, agreement(eb, ea).overlap
    assert first == pytest.approx(second)
    assert 0.0 <= first <= 1.0


def test_kobenhavn_is_in_tension_or_inconsistent(bundled) -> None:
    """København's reported 0.8 m against the bottom-up estimate is not consistent."""
    result = bundled.run(20_000, seed=4)
    main, other = result.estimates["kobenhavn"], result.crosschecks["kobenhavn"][0]
    verdict_ = agreement(main, other).verdict
    assert verdict_ in (Verdict.TENSION, Verdict.INCONSISTENT)
