"""Rank correlations: a first look at what drives an output, from an ordinary Monte Carlo run.

The inputs are drawn exactly as :meth:`repatcost.Study.run` draws them (plain Monte Carlo,
one stream per input name), so with the same ``n`` and ``seed`` the output samples are the
run's own; no extra design is needed. Each uncertain input's Spearman rank correlation with
the output (:func:`scipy.stats.spearmanr`) says how monotonically the output follows it, with
its sign: negative for inputs the cost falls in (``productive_hours``). A squared
correlation is a rough share of the output's rank variance; for shares of the variance
itself, with intervals, use :func:`repatcost.sensitivity.sobol`.

>>> from repatcost.data import bundled_study
>>> result = rank_correlations(bundled_study(), "total", n=4000, seed=1)
>>> sizes = [abs(row.rho) for row in result.rows]
>>> sizes == sorted(sizes, reverse=True)
True
>>> [row.rho < 0 for row in result.rows if row.input == "productive_hours"]
[True]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from repatcost.distributions import Distribution
from repatcost.engine import Design, Seed, draw_inputs
from repatcost.outputs import Output
from repatcost.sensitivity import _target
from repatcost.sensitivity._result import RankedResult, fixed_notes
from repatcost.study import Study
from repatcost.tables import Table

__all__ = ["RankResult", "RankRow", "rank_correlations", "rank_correlations_of"]


@attrs.frozen
class RankRow:
    """One input's Spearman correlation with the output and its two-sided p-value."""

    input: str
    rho: float
    p_value: float


@attrs.frozen(repr=False)
class RankResult(RankedResult[RankRow]):
    """Rank correlations of one output (see module docs).

    Attributes:
        output: the output's name; ``label`` and ``unit`` describe it.
        n: Monte Carlo samples; ``seed`` their seed.
        rows: one per uncertain input, largest ``|rho|`` first (ties by name).
        fixed: inputs known exactly (not correlated).
    """

    n: int
    seed: int

    def table(self) -> Table:
        """The correlations as a :class:`~repatcost.tables.Table`.

        >>> from repatcost.data import bundled_study
        >>> rank_correlations(bundled_study(), "aalborg", n=100, seed=0).table().columns
        ('input', 'spearman_rho', 'p_value')
        """
        notes = [
            f"Spearman rank correlation of each input with the output over {self.n} "
            f"Monte Carlo samples (seed {self.seed}), the draws of Study.run.",
            *fixed_notes("Known exactly, not correlated", self.fixed),
        ]
        return Table(
            ("input", "spearman_rho", "p_value"),
            [(r.input, r.rho, r.p_value) for r in self.rows],
            title=f"Rank correlations: {self.label}",
            notes=notes,
        )


def rank_correlations(
    study: Study,
    output: str = "total",
    *,
    n: int = 10_000,
    seed: Seed = None,
    design: Design = "mc",
) -> RankResult:
    """Spearman correlations of ``output`` of ``study`` with each input (see module docs),
    on ``n`` draws of ``design`` (plain Monte Carlo, or a Sobol or Latin hypercube design)."""
    target = _target.from_study(study, output, owner="rank_correlations")
    return _rank(target, n, seed, owner="rank_correlations", design=design)


def rank_correlations_of(
    function: _target.Function,
    inputs: Mapping[str, Distribution],
    *,
    n: int = 10_000,
    seed: Seed = None,
    name: str = "model",
    unit: str = "",
) -> RankResult:
    """Spearman correlations of a plain vectorised ``function`` with each of its ``inputs``.

    >>> from repatcost.distributions import Uniform
    >>> result = rank_correlations_of(lambda v: v["a"] - 0.1 * v["b"],
    ...                               {"a": Uniform(0, 1), "b": Uniform(0, 1)}, n=500, seed=0)
    >>> [(row.input, row.rho > 0) for row in result.rows]
    [('a', True), ('b', False)]
    """
    target = _target.from_function(
        function, inputs, name=name, unit=unit, owner="rank_correlations_of"
    )
    return _rank(target, n, seed, owner="rank_correlations_of")


def _rank(target: Output, n: Any, seed: Seed, *, owner: str, design: Design = "mc") -> RankResult:
    n = _target.check_count(owner, "n", n, minimum=3)
    entropy = _target.check_seed(owner, seed)
    draws = draw_inputs(target.inputs, n, seed=entropy, design=design)
    y = _target.evaluate(target, draws.values, owner=owner)
    from scipy import stats  # imported when needed: scipy.stats is slow to import

    rows = []
    for name in _target.uncertain(target):
        x = draws.values[name]
        if np.ptp(y) == 0.0 or np.ptp(x) == 0.0:
            # A constant has no ranks to correlate: no association, by convention.
            rows.append(RankRow(name, 0.0, 1.0))
            continue
        res = stats.spearmanr(x, y)
        rows.append(RankRow(name, float(res.statistic), float(res.pvalue)))
    rows.sort(key=lambda r: (-abs(r.rho), r.input))
    return RankResult(
        target.name,
        target.label,
        target.unit,
        n,
        entropy,
        rows=tuple(rows),
        fixed=_target.fixed(target),
    )
