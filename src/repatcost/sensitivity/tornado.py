"""Tornado (one-at-a-time) tables: swing each input, hold the others at their medians.

For every uncertain input, the output is evaluated twice: with that input at its ``low``
quantile and at its ``high`` quantile (5% and 95% by default), every other input at its
median. The *swing* is the absolute difference of the two outputs, in the output's unit;
rows are sorted by swing, largest first (ties by name). An input the output does not depend
on has a swing of exactly 0: its two evaluations differ in nothing the function reads. Inputs
known exactly (``Fixed``) cannot swing and are listed in the notes instead of the rows.

A tornado is local: it shows each input's effect around the medians, not interactions. Use
:func:`repatcost.sensitivity.sobol` for a global picture.

The readings of a study's source (its structural doubts: which year, which period, what a
figure includes) are ranked beside its inputs (its parametric doubts), as rows of ``kind``
``"reading"``: the output is evaluated with every input at its median under each
alternative of the reading, and the row runs from the alternative giving the lowest output
(``input_low``, its label) to the one giving the highest (``input_high``). Without Monte
Carlo draws there is no sampling noise: an alternative that does not move the output at the
medians gives exactly the central value. ``tornado(study, readings=False)`` leaves them out.

>>> from repatcost.data import bundled_study
>>> result = tornado(bundled_study(), "total")
>>> swings = [row.swing for row in result.rows]
>>> swings == sorted(swings, reverse=True) and min(swings) >= 0
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from repatcost._validators import fail
from repatcost.distributions import Distribution
from repatcost.outputs import Output, study_output
from repatcost.sensitivity import _target
from repatcost.sensitivity._result import RankedResult, fixed_notes
from repatcost.study import Study
from repatcost.tables import Table, format_number

__all__ = ["READING_NOTE", "TornadoResult", "TornadoRow", "tornado", "tornado_of"]

READING_NOTE = (
    "Rows of kind 'reading': the source read each of its ways (alternatives), every input "
    "at its median; input_low and input_high name the alternatives giving the lowest and "
    "the highest output."
)
"""The tornado table's note on its reading rows."""


@attrs.frozen
class TornadoRow:
    """One input's (or one reading's) swing.

    Attributes:
        input: the input's name, or the reading's.
        input_low: the input's value at the low quantile; for a reading, the label of the
            alternative giving the lowest output.
        input_high: its value at the high quantile; for a reading, the label of the
            alternative giving the highest output.
        output_low: the output with this input at ``input_low``, the others at medians.
        output_high: the output with this input at ``input_high``, the others at medians.
        kind: ``"input"`` (a parametric doubt) or ``"reading"`` (a structural one).
    """

    input: str
    input_low: float | str
    input_high: float | str
    output_low: float
    output_high: float
    kind: str = attrs.field(default="input", kw_only=True)

    @property
    def swing(self) -> float:
        """``|output_high - output_low|``, in the output's unit.

        >>> TornadoRow("x", 1.0, 2.0, 30.0, 10.0).swing
        20.0
        """
        return abs(self.output_high - self.output_low)


@attrs.frozen(repr=False)
class TornadoResult(RankedResult[TornadoRow]):
    """A tornado table of one output (see module docs).

    Attributes:
        output: the output's name; ``label`` and ``unit`` describe it.
        low: the low quantile each input is swung to; ``high`` the high one.
        base: the output with every input at its median.
        rows: one per uncertain input, largest swing first.
        fixed: inputs known exactly (not swung).
    """

    low: float
    high: float
    base: float

    def table(self) -> Table:
        """The rows as a :class:`~repatcost.tables.Table`.

        >>> from repatcost.data import bundled_study
        >>> tornado(bundled_study(), "aalborg").table().columns[-1]
        'swing'
        """
        notes = [
            f"Each input swung from its {self.low:.0%} to its {self.high:.0%} quantile "
            f"with every other input at its median; outputs in {self.unit or 'units'}.",
            *([READING_NOTE] if any(r.kind == "reading" for r in self.rows) else []),
            f"Output with every input at its median: {format_number(self.base)}"
            + (f" {self.unit}." if self.unit else "."),
            *fixed_notes("Known exactly, not swung", self.fixed),
        ]
        return Table(
            ("input", "kind", "input_low", "input_high", "output_low", "output_high", "swing"),
            [
                (r.input, r.kind, r.input_low, r.input_high, r.output_low, r.output_high, r.swing)
                for r in self.rows
            ],
            title=f"Tornado: {self.label} ({self.unit})"
            if self.unit
            else f"Tornado: {self.label}",
            notes=notes,
        )


def tornado(
    study: Study,
    output: str = "total",
    *,
    low: float = 0.05,
    high: float = 0.95,
    readings: bool = True,
) -> TornadoResult:
    """Tornado table of ``output`` of ``study``, its readings ranked beside its inputs unless
    ``readings`` is False (see module docs).

    >>> from repatcost.data import bundled_study
    >>> result = tornado(bundled_study(), "odense", low=0.1, high=0.9)
    >>> row = next(r for r in result.rows if r.input == "wage_cost")
    >>> row.output_low < result.base < row.output_high
    True
    >>> first = tornado(bundled_study(), "total").rows[0]
    >>> first.input, first.kind, first.input_high
    ('kobenhavn.year', 'reading', '2022')
    """
    if not isinstance(readings, bool):
        raise fail("tornado", "readings", readings, "True or False")
    result = _tornado(_target.from_study(study, output, owner="tornado"), low, high)
    if not readings or not study.readings:
        return result
    rows = [*result.rows, *_reading_rows(study, output)]
    rows.sort(key=lambda r: (-r.swing, r.input))
    return attrs.evolve(result, rows=tuple(rows))


def _reading_rows(study: Study, output: str) -> list[TornadoRow]:
    """One row per reading of ``study``: ``output`` at every input's median under each of
    its alternatives, from the lowest to the highest."""
    bare = attrs.evolve(study, readings=())
    rows = []
    for reading in study.readings:
        values = {}
        for alternative in reading.alternatives:
            target = study_output(alternative.apply(bare), output)
            medians = _target.freeze(_target.at_medians(target, 1))
            values[alternative.label] = float(
                _target.evaluate(target, medians, owner="tornado")[0]
            )
        lowest = min(values, key=lambda k: (values[k], k))
        highest = max(values, key=lambda k: (values[k], k))
        rows.append(
            TornadoRow(
                reading.name,
                lowest,
                highest,
                values[lowest],
                values[highest],
                kind="reading",
            )
        )
    return rows


def tornado_of(
    function: _target.Function,
    inputs: Mapping[str, Distribution],
    *,
    low: float = 0.05,
    high: float = 0.95,
    name: str = "model",
    unit: str = "",
) -> TornadoResult:
    """Tornado table of a plain vectorised ``function`` of named ``inputs``.

    >>> from repatcost.distributions import Uniform
    >>> result = tornado_of(lambda v: 3 * v["a"] + v["b"],
    ...                     {"a": Uniform(0, 1), "b": Uniform(0, 1)}, low=0.0, high=1.0)
    >>> [(row.input, row.swing) for row in result.rows]
    [('a', 3.0), ('b', 1.0)]
    """
    target = _target.from_function(function, inputs, name=name, unit=unit, owner="tornado_of")
    return _tornado(target, low, high)


def _tornado(target: Output, low: Any, high: Any) -> TornadoResult:
    owner = "tornado"
    low = _target.check_probability(owner, "low", low)
    high = _target.check_probability(owner, "high", high)
    if not high > low:
        raise fail(owner, "high", high, f"> low ({low!r})")
    names = _target.uncertain(target)
    size = max(len(names), 1)
    q_low = {k: float(target.inputs[k].ppf(low)) for k in names}
    q_high = {k: float(target.inputs[k].ppf(high)) for k in names}
    # Two evaluations of one row per input: row i swings input i and nothing else. Low and
    # high share the row position, so an input the function ignores gives identical bits.
    at_low = _target.at_medians(target, size)
    at_high = _target.at_medians(target, size)
    for i, name in enumerate(names):
        at_low[name][i] = q_low[name]
        at_high[name][i] = q_high[name]
    out_low = _target.evaluate(target, _target.freeze(at_low), owner=owner)
    out_high = _target.evaluate(target, _target.freeze(at_high), owner=owner)
    base = _target.evaluate(target, _target.freeze(_target.at_medians(target, 1)), owner=owner)
    rows = [
        TornadoRow(name, q_low[name], q_high[name], float(out_low[i]), float(out_high[i]))
        for i, name in enumerate(names)
    ]
    rows.sort(key=lambda r: (-r.swing, r.input))
    return TornadoResult(
        target.name,
        target.label,
        target.unit,
        low,
        high,
        float(base[0]),
        rows=tuple(rows),
        fixed=_target.fixed(target),
    )
