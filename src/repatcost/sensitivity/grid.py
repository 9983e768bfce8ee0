"""Two-way scenario grids: an output tabulated over the values of two inputs.

The classic table of a policy annex: rows are values of input ``y``, columns values of input
``x``, each cell the output with those two inputs set and every other input at its median.
By default each axis takes ``points`` values at evenly spaced quantiles from 5% to 95% of the
input's distribution (for 5 points: 5%, 27.5%, 50%, 72.5%, 95%); pass ``x_values`` or
``y_values`` for round numbers or what-if values, including values outside the input's
range (the model must accept them: a cost model refuses to return a negative cost). One
vectorised evaluation fills the whole grid.

>>> from repatcost.data import bundled_study
>>> g = grid(bundled_study(), "total", "wage_cost", "overhead_share",
...          x_values=[500_000, 550_000], y_values=[0.15, 0.25])
>>> g.values[0][0] < g.values[0][1] and g.values[0][0] < g.values[1][0]
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.distributions import Distribution
from repatcost.outputs import Output
from repatcost.sensitivity import _target
from repatcost.sensitivity._result import OutputResult
from repatcost.study import Study
from repatcost.tables import Table

__all__ = ["GridResult", "grid", "grid_of"]

MAX_POINTS = 1000
"""Most values along one axis."""


def _floats(value: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


def _rows(value: Sequence[Sequence[float]]) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(v) for v in row) for row in value)


@attrs.frozen(repr=False)
class GridResult(OutputResult):
    """An output over a grid of two inputs (see module docs).

    Attributes:
        output: the output's name; ``label`` and ``unit`` describe it.
        x: the input along the columns; ``x_values`` its values, increasing.
        y: the input along the rows; ``y_values`` its values, increasing.
        values: ``values[i][j]`` is the output at ``y_values[i]``, ``x_values[j]``.
    """

    x: str
    y: str
    x_values: tuple[float, ...] = attrs.field(converter=_floats)
    y_values: tuple[float, ...] = attrs.field(converter=_floats)
    values: tuple[tuple[float, ...], ...] = attrs.field(converter=_rows)

    def table(self) -> Table:
        """The grid as a wide :class:`~repatcost.tables.Table`: one row per ``y`` value.

        The first column holds the ``y`` values; the others are headed ``x=value``.

        >>> from repatcost.distributions import Uniform
        >>> g = grid_of(lambda v: v["a"] * v["b"], {"a": Uniform(0, 2), "b": Uniform(0, 2)},
        ...             "a", "b", x_values=[1, 2], y_values=[3, 4])
        >>> g.table().columns
        ('b', 'a=1', 'a=2')
        >>> g.table().rows
        ((3.0, 3.0, 6.0), (4.0, 4.0, 8.0))
        """
        return Table(
            (self.y, *(f"{self.x}={v}" for v in _labels(self.x_values))),
            [(yv, *row) for yv, row in zip(self.y_values, self.values, strict=True)],
            title=f"{self.label}{f' ({self.unit})' if self.unit else ''} by {self.y} (rows) "
            f"and {self.x} (columns)",
            notes=["Every other input at its median."],
        )


def _labels(values: tuple[float, ...]) -> list[str]:
    """The shortest ``g`` formatting that tells every value apart."""
    for digits in range(6, 18):
        labels = [format(v, f".{digits}g") for v in values]
        if len(set(labels)) == len(labels):
            return labels
    return [repr(v) for v in values]  # pragma: no cover - distinct floats differ at 17 digits


def grid(
    study: Study,
    output: str,
    x: str,
    y: str,
    *,
    x_values: Sequence[float] | None = None,
    y_values: Sequence[float] | None = None,
    points: int = 5,
) -> GridResult:
    """``output`` of ``study`` over a grid of inputs ``x`` and ``y`` (see module docs).

    >>> from repatcost.data import bundled_study
    >>> g = grid(bundled_study(), "aalborg", "aalborg.total_hours", "productive_hours",
    ...          points=3)
    >>> len(g.x_values), len(g.y_values)
    (3, 3)
    """
    target = _target.from_study(study, output, owner="grid")
    return _grid(target, x, y, x_values, y_values, points)


def grid_of(
    function: _target.Function,
    inputs: Mapping[str, Distribution],
    x: str,
    y: str,
    *,
    x_values: Sequence[float] | None = None,
    y_values: Sequence[float] | None = None,
    points: int = 5,
    name: str = "model",
    unit: str = "",
) -> GridResult:
    """A plain vectorised ``function`` of named ``inputs`` over a grid of ``x`` and ``y``.

    >>> from repatcost.distributions import Uniform
    >>> g = grid_of(lambda v: v["a"] + v["b"], {"a": Uniform(0, 1), "b": Uniform(0, 1)},
    ...             "a", "b", points=2)
    >>> g.x_values, g.values
    ((0.05, 0.95), ((0.1, 1.0), (1.0, 1.9)))
    """
    target = _target.from_function(function, inputs, name=name, unit=unit, owner="grid_of")
    return _grid(target, x, y, x_values, y_values, points)


def _axis(
    target: Output, name: str, field: str, values: Any, points: int
) -> np.ndarray[Any, np.dtype[np.float64]]:
    dist = target.inputs[name]
    if values is None:
        if dist.is_degenerate:
            raise fail(
                "grid",
                field,
                None,
                f"explicit values: {name!r} is known exactly ({dist.bounds[0]!r})",
            )
        return np.asarray(dist.ppf(np.linspace(0.05, 0.95, points)), dtype=np.float64)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        array = np.empty(0)
    if (
        array.ndim != 1
        or not 1 <= array.size <= MAX_POINTS
        or not np.isfinite(array).all()
        or (np.diff(array) <= 0).any()
    ):
        raise fail("grid", field, values, f"1 to {MAX_POINTS} strictly increasing finite numbers")
    return array


def _grid(target: Output, x: Any, y: Any, x_values: Any, y_values: Any, points: Any) -> GridResult:
    x = _target.check_input("grid", "x", x, target)
    y = _target.check_input("grid", "y", y, target)
    if x == y:
        raise fail("grid", "y", y, f"an input other than x ({x!r})")
    points = _target.check_count("grid", "points", points, minimum=2)
    if points > MAX_POINTS:
        raise fail("grid", "points", points, f"a whole number from 2 to {MAX_POINTS}")
    xs = _axis(target, x, "x_values", x_values, points)
    ys = _axis(target, y, "y_values", y_values, points)
    # Cell (i, j) is row i * len(xs) + j of one evaluation.
    values = _target.at_medians(target, xs.size * ys.size)
    values[x] = np.tile(xs, ys.size)
    values[y] = np.repeat(ys, xs.size)
    out = _target.evaluate(target, _target.freeze(values), owner="grid")
    return GridResult(
        target.name,
        target.label,
        target.unit,
        x,
        y,
        tuple(xs),
        tuple(ys),
        out.reshape(ys.size, xs.size).tolist(),
    )
