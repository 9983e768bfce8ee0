"""Value of information: how much would the uncertainty shrink if we knew an input exactly?

For each uncertain input (and each named group of inputs), two figures:

* the expected width of the output's interval (90% by default) once the input is known,
  compared with its width now; the *width shrink* is the difference, in the output's unit;
* the *variance shrink*: the share of the output's variance that knowing the input removes,
  1 - E[Var(Y | X_i)] / Var(Y). For a single input this is its first-order Sobol index; for
  a group, the group's closed first-order index.

Rows are ranked by width shrink, so the table answers "which figure should we ask each
municipality for next".

Method: re-run with the input fixed at several values and average. ``n`` Monte Carlo draws of
every input are made once (exactly the draws of ``Study.run(n, seed)``, so the "now" interval
is the run's own). For each candidate input (or group), the output is re-evaluated on those
same draws with the candidate set to each of ``points`` values that stand for its
distribution: the midpoints of ``points`` equal-probability strata, i.e. the quantiles
(k - 1/2) / points (for a group, a centred Latin hypercube over its members, one stratum of
each member per point). Each re-run gives a conditional sample of the output; averaging its
variance and interval width over the points estimates E[Var(Y | X)] and the expected width.
Reusing the draws (common random numbers) makes the comparisons between rows sharp, and an
input the output does not read shrinks nothing, exactly. The work is one vectorised
evaluation of ``n`` rows per candidate and point; no loop over samples.

Monte Carlo noise: with ``n`` = 4096, shares within about +/-1% of zero mean "no gain"; a
slightly negative figure is noise. Known-exactly (``Fixed``) inputs have nothing to learn and
are listed in ``fixed``.

>>> from repatcost.data import bundled_study
>>> result = value_of_information(bundled_study(), "total", n=2048, seed=1)
>>> shrinks = [row.width_shrink for row in result.rows]
>>> shrinks == sorted(shrinks, reverse=True)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.distributions import Distribution, FloatArray
from repatcost.engine import Seed, draw_inputs, stream
from repatcost.estimate import check_interval_samples, interval_quantiles
from repatcost.outputs import Output
from repatcost.sensitivity import _target
from repatcost.sensitivity._result import RankedResult, fixed_notes
from repatcost.study import Study
from repatcost.tables import Table, format_number

__all__ = ["VoiResult", "VoiRow", "value_of_information", "value_of_information_of"]

MAX_POINTS = 256
"""Most values an input is fixed at."""


@attrs.frozen
class VoiRow:
    """What knowing one input (or group of inputs) exactly would be worth.

    Attributes:
        name: the input's name, or the group's.
        members: the inputs that would become known (one for an input).
        expected_width: expected width of the interval once they are known.
        width_shrink: the width now minus ``expected_width``, in the output's unit.
        width_shrink_share: ``width_shrink`` as a share of the width now.
        variance_shrink_share: the share of the variance that knowing them removes.
    """

    name: str
    members: tuple[str, ...]
    expected_width: float
    width_shrink: float
    width_shrink_share: float
    variance_shrink_share: float

    @property
    def is_group(self) -> bool:
        """True for a named group rather than a single input."""
        return self.members != (self.name,)


@attrs.frozen(repr=False)
class VoiResult(RankedResult[VoiRow]):
    """Value of information for one output (see module docs).

    Attributes:
        output: the output's name; ``label`` and ``unit`` describe it.
        level: level of the interval; ``width`` its width now, ``variance`` the variance now.
        n: Monte Carlo draws; ``seed`` their seed; ``points`` values per input.
        rows: inputs and groups, largest width shrink first.
        fixed: inputs known exactly already.
    """

    level: float
    width: float
    variance: float
    n: int
    seed: int
    points: int

    def row(self, name: str) -> VoiRow:
        """The row of input or group ``name``.

        >>> from repatcost.distributions import Uniform
        >>> result = value_of_information_of(lambda v: v["a"] + 0 * v["b"],
        ...     {"a": Uniform(0, 1), "b": Uniform(0, 1)}, n=256, seed=0)
        >>> result.row("b").variance_shrink_share
        0.0
        """
        for row in self.rows:
            if row.name == name:
                return row
        raise fail("VoiResult.row", "name", name, "one of " + ", ".join(r.name for r in self.rows))

    def table(self) -> Table:
        """The ranking as a :class:`~repatcost.tables.Table`.

        >>> from repatcost.data import bundled_study
        >>> t = value_of_information(bundled_study(), "aalborg", n=256, seed=0).table()
        >>> t.columns
        ('input', 'expected_width_if_known', 'width_shrink', 'width_shrink_pct', \
'variance_shrink_pct')
        """
        level = f"{self.level:.0%}"
        notes = [
            f"Width of the {level} interval now: {format_number(self.width)} {self.unit}".rstrip()
            + ".",
            f"Each input fixed in turn at {self.points} quantiles on the same {self.n} draws "
            f"(seed {self.seed}); conditional widths and variances averaged.",
            "Shares within about 1% of zero are Monte Carlo noise.",
        ]
        notes += [
            f"Group {r.name}: " + ", ".join(r.members) + "." for r in self.rows if r.is_group
        ]
        notes += fixed_notes("Known exactly already", self.fixed)
        return Table(
            (
                "input",
                "expected_width_if_known",
                "width_shrink",
                "width_shrink_pct",
                "variance_shrink_pct",
            ),
            [
                (
                    r.name,
                    r.expected_width,
                    r.width_shrink,
                    100.0 * r.width_shrink_share,
                    100.0 * r.variance_shrink_share,
                )
                for r in self.rows
            ],
            title=f"Value of information: {self.label}, {level} interval"
            + (f" ({self.unit})" if self.unit else ""),
            notes=notes,
        )


def value_of_information(
    study: Study,
    output: str = "total",
    *,
    n: int = 4096,
    seed: Seed = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    level: float = 0.9,
    points: int = 16,
) -> VoiResult:
    """Value of information of every uncertain input of ``output`` (see module docs).

    ``groups`` maps a group name to the inputs that would become known together.

    >>> from repatcost.data import bundled_study
    >>> result = value_of_information(
    ...     bundled_study(), "total", n=1024, seed=2,
    ...     groups={"hourly_cost": ["wage_cost", "overhead_share", "productive_hours"]})
    >>> group = result.row("hourly_cost").variance_shrink_share
    >>> group > result.row("wage_cost").variance_shrink_share
    True
    """
    target = _target.from_study(study, output, owner="value_of_information")
    return _voi(target, n, seed, groups, level, points, owner="value_of_information")


def value_of_information_of(
    function: _target.Function,
    inputs: Mapping[str, Distribution],
    *,
    n: int = 4096,
    seed: Seed = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    level: float = 0.9,
    points: int = 16,
    name: str = "model",
    unit: str = "",
) -> VoiResult:
    """Value of information for a plain vectorised ``function`` of named ``inputs``.

    >>> from repatcost.distributions import Uniform
    >>> result = value_of_information_of(lambda v: 10 * v["a"] + v["b"],
    ...                                  {"a": Uniform(0, 1), "b": Uniform(0, 1)},
    ...                                  n=1024, seed=0)
    >>> [row.name for row in result.rows]
    ['a', 'b']
    """
    target = _target.from_function(
        function, inputs, name=name, unit=unit, owner="value_of_information_of"
    )
    return _voi(target, n, seed, groups, level, points, owner="value_of_information_of")


def _check_groups(owner: str, groups: Any, target: Output) -> dict[str, tuple[str, ...]]:
    if groups is None:
        return {}
    expected = (
        "a mapping of new group names to non-empty lists of distinct input names of the output"
    )
    if not isinstance(groups, Mapping):
        raise fail(owner, "groups", groups, expected)
    checked: dict[str, tuple[str, ...]] = {}
    for group, members in groups.items():
        if (
            not isinstance(group, str)
            or not group.strip()
            or group in target.inputs
            or isinstance(members, str)
            or not isinstance(members, Sequence)
            or not members
            or len(set(members)) != len(members)
            or not all(isinstance(m, str) and m in target.inputs for m in members)
        ):
            raise fail(owner, "groups", {group: members}, expected)
        checked[group] = tuple(members)
    return checked


def _checked(owner: str, n: Any, level: Any, points: Any) -> tuple[int, float, int]:
    """``n``, ``level`` and ``points`` checked: enough samples for the interval compared."""
    n = _target.check_count(owner, "n", n, minimum=2)
    level = _target.check_level(owner, level)
    check_interval_samples(owner, n, level)
    points = _target.check_count(owner, "points", points, minimum=2)
    if points > MAX_POINTS:
        raise fail(owner, "points", points, f"a whole number from 2 to {MAX_POINTS}")
    return n, level, points


def _voi(
    target: Output, n: Any, seed: Seed, groups: Any, level: Any, points: Any, *, owner: str
) -> VoiResult:
    n, level, points = _checked(owner, n, level, points)
    candidates: dict[str, tuple[str, ...]] = {k: (k,) for k in _target.uncertain(target)}
    candidates.update(_check_groups(owner, groups, target))
    entropy = _target.check_seed(owner, seed)
    draws = draw_inputs(target.inputs, n, seed=entropy, design="mc")
    probs = np.array(interval_quantiles(level))

    def spread(values: Mapping[str, FloatArray]) -> tuple[float, float]:
        y = _target.evaluate(target, values, owner=owner)
        low, high = np.quantile(y, probs)
        return float(high - low), float(y.var())

    width_now, variance_now = spread(draws.values)
    rows = [
        _candidate_row(
            name,
            members,
            _known_points(target, name, members, points, entropy),
            draws.values,
            spread,
            (width_now, variance_now),
        )
        for name, members in candidates.items()
    ]
    rows.sort(key=lambda r: (-r.width_shrink, -r.variance_shrink_share, r.name))
    return VoiResult(
        target.name,
        target.label,
        target.unit,
        level,
        width_now,
        variance_now,
        n,
        entropy,
        points,
        rows=tuple(rows),
        fixed=_target.fixed(target),
    )


def _candidate_row(
    name: str,
    members: tuple[str, ...],
    known: FloatArray,
    draws: Mapping[str, FloatArray],
    spread: Callable[[Mapping[str, FloatArray]], tuple[float, float]],
    now: tuple[float, float],
) -> VoiRow:
    """The row of one candidate: ``spread`` (interval width, variance) re-evaluated on the
    same ``draws`` with ``members`` fixed at each row of ``known``, averaged and compared with
    the width and variance ``now``."""
    width_now, variance_now = now
    widths = np.empty(len(known))
    variances = np.empty(len(known))
    for k in range(len(known)):
        values = dict(draws)
        for j, member in enumerate(members):
            values[member] = np.full(draws[member].shape, known[k, j])
            values[member].setflags(write=False)
        widths[k], variances[k] = spread(values)
    # Means of differences, so identical re-runs give exactly 0 at any ``points``.
    shrink = float(np.mean(width_now - widths))
    removed = float(np.mean(variance_now - variances))
    return VoiRow(
        name,
        members,
        width_now - shrink,
        shrink,
        shrink / width_now if width_now > 0 else 0.0,
        removed / variance_now if variance_now > 0 else 0.0,
    )


def _known_points(
    target: Output, name: str, members: tuple[str, ...], points: int, entropy: int
) -> FloatArray:
    """``points`` x ``len(members)`` values standing for the members' joint distribution."""
    if len(members) == 1:
        unit = ((np.arange(points) + 0.5) / points)[:, None]
    else:
        from scipy.stats import qmc  # imported when needed: scipy.stats is slow to import

        design = qmc.LatinHypercube(
            d=len(members), scramble=False, rng=stream(entropy, f"voi:{name}")
        )
        unit = design.random(points)
    return np.column_stack([target.inputs[m].ppf(unit[:, j]) for j, m in enumerate(members)])
