"""The synthetic-country check's machinery (the full table is scripts/national_coverage.py)."""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pytest

from repatcost.errors import InvalidValueError
from repatcost.national_prior import PRIORS
from repatcost.national_validity import (
    CountryLaw,
    CoverageRow,
    PriorCoverage,
    coverage,
    generate_country,
)

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "national_coverage.py"


def test_country_follows_its_law() -> None:
    """Without spread the cost per unit is the typical ratio times the size effect, exactly."""
    law = CountryLaw(typical_ratio=1_000.0, spread=0.0, driver_median=4.0, size_effect=-0.5)
    country = generate_country(np.random.default_rng(1), law)
    assert country.drivers.shape == (98,)
    expected = 1_000.0 * (country.drivers / 4.0) ** -0.5
    assert np.allclose(country.costs / country.drivers, expected, rtol=1e-12)
    assert country.true_total == pytest.approx(country.costs.sum(), rel=1e-12)


def test_proportional_country_has_a_median_ratio_near_the_typical() -> None:
    """Over many municipalities the median log-ratio sits at log(typical_ratio)."""
    rng = np.random.default_rng(2)
    pooled = [generate_country(rng) for _ in range(40)]
    ratios = np.concatenate([c.costs / c.drivers for c in pooled])
    assert np.median(np.log(ratios)) == pytest.approx(math.log(15_000.0), abs=0.1)
    assert np.std(np.log(ratios)) == pytest.approx(0.9, abs=0.08)


def test_coverage_row_counts_replicates() -> None:
    """A few countries: shares in [0, 1], a positive width per prior, the same seed the same
    row."""
    a = coverage("largest", replicates=6, samples=400, seed=3)
    b = coverage("largest", replicates=6, samples=400, seed=3)
    assert a == b
    assert a.replicates == 6
    assert [p.prior for p in a.by_prior] == [p.name for p in PRIORS]
    for row in a.by_prior:
        assert 0.0 <= row.covered <= 1.0
        assert row.width > 0
    assert 0.0 <= a.naive_covered <= 1.0
    assert a.covered == a.central.covered


def test_a_narrower_prior_gives_a_narrower_interval() -> None:
    """On the same countries and draws, half-normal 0.5's interval is never wider (in
    median) than half-normal 1's."""
    row = coverage("random", replicates=6, samples=400, seed=5, law=CountryLaw(spread=1.5))
    widths = {p.prior: p.width for p in row.by_prior}
    assert widths["half_normal_0.5"] <= widths["half_normal_1"]


def test_coverage_refuses_unknown_selection() -> None:
    """Only 'largest' and 'random' are selections."""
    with pytest.raises(InvalidValueError, match="largest, random"):
        coverage("smallest", replicates=2, seed=1)  # type: ignore[arg-type]


def test_standard_error_is_binomial() -> None:
    """se = sqrt(p (1 - p) / n), for the central prior or a given coverage."""
    rows = tuple(PriorCoverage(p.name, 0.9, 3.0) for p in PRIORS)
    row = CoverageRow("random", 400, 0.9, rows, 0.2)
    assert row.standard_error() == pytest.approx(0.015)
    assert row.standard_error(0.5) == pytest.approx(0.025)


def test_script_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The script on a small run: a header, one line per row (spreads 0.3, 0.9 and 1.5, the
    largest four and four at random), each with coverage and width for every prior."""
    spec = importlib.util.spec_from_file_location("national_coverage", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(["--replicates", "2", "--samples", "200", "--seed", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + len(script.ROWS)
    for spread in ("0.3", "0.9", "1.5"):
        for four in ("largest four", "four at random"):
            assert any(line.startswith(f"| {four}, spread {spread} |") for line in lines)
    for line in lines[2:]:
        cells = line.strip("|").split("|")
        assert len(cells) == 2 + len(PRIORS) + 1
        assert all(re.fullmatch(r" \d+\.\d% ± \d+\.\d% / \d+\.\d\d ", c) for c in cells[2:-1])
