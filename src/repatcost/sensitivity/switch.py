"""Switching values: the input value, or the reading, at which a verdict of the report flips.

For each verdict (:mod:`repatcost.sensitivity.judgements`: a cross-check's consistent /
tension / inconsistent, an implied quantity's plausibility, a ranking) and each uncertain
input it depends on, the input is fixed at a value and every other input drawn as usual, on
common random numbers (the same draws for every value); the verdict's statistic is then a
function of that one value. It is scanned over the input's range (its bounds, or its 0.1%
and 99.9% quantiles when unbounded) on ``points`` evenly spaced values in one vectorised
evaluation, and every change of class between two neighbours is narrowed by bisection to
the *switching value*: below it the verdict is one class, at or above it another.

Readings: each alternative reading of the source (a copy of the study read that way, drawn
with the same seed) is judged too; the alternatives that change the verdict are rows.

``given`` fixes inputs for the whole analysis ("with no repeat invitations"), so a switching
value can be read under a stated condition.

>>> from repatcost.distributions import Uniform
>>> from repatcost.sensitivity.judgements import median_judgement
>>> inputs = {"x": Uniform(0, 10), "z": Uniform(-1, 1)}
>>> result = switching_values_of(lambda v: 2 * v["x"] + v["z"], inputs, cuts=(5.0,),
...                              classes=("low", "high"), seed=1)
>>> row = result.rows[0]
>>> row.changed, round(row.value, 1), row.before, row.after
('x', 2.5, 'low', 'high')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.distributions import Distribution, FloatArray
from repatcost.engine import Seed, draw_inputs
from repatcost.model import Values
from repatcost.sensitivity import _target
from repatcost.sensitivity._result import OutputResult
from repatcost.sensitivity.judgements import Judgement, median_judgement, study_judgements
from repatcost.study import Study
from repatcost.tables import Table

__all__ = ["SwitchResult", "SwitchRow", "Verdict", "switching_values", "switching_values_of"]

BISECTIONS = 18
"""Bisection steps per switching value: the bracket shrinks to ``2**-18`` of a grid step
(four significant digits and more for any range and grid)."""


@attrs.frozen
class SwitchRow:
    """One flip of one verdict.

    For an input, ``value`` is the switching value: the verdict is ``before`` below it and
    ``after`` at or above it. For a reading, ``value`` is the alternative's label: the
    verdict is ``before`` under the central reading and ``after`` under the alternative.
    """

    verdict: str
    changed: str
    kind: str
    """``"input"`` or ``"reading"``."""
    value: float | str
    before: str
    after: str


@attrs.frozen
class Verdict:
    """One verdict as run (every input drawn, central reading) and what was scanned."""

    name: str
    label: str
    statistic: str
    value: float
    as_run: str
    steady_inputs: tuple[str, ...]
    """Inputs scanned over their range without a flip."""
    steady_readings: tuple[str, ...] = ()
    """``reading=label`` alternatives under which the verdict stays as run."""


def _rows(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class SwitchResult(OutputResult):
    """Switching values of the verdicts about one output (see module docs).

    Attributes:
        output: what the verdicts are about (``total`` for every verdict of the report).
        verdicts: each verdict as run, with the inputs and readings that leave it alone.
        rows: one per flip: input switching values and readings that change a verdict.
        given: inputs fixed for the whole analysis.
        n: draws per evaluation; ``seed`` their seed; ``points`` the grid per input.
    """

    verdicts: tuple[Verdict, ...] = attrs.field(converter=_rows)
    rows: tuple[SwitchRow, ...] = attrs.field(converter=_rows)
    given: Mapping[str, float] = attrs.field(factory=dict)
    n: int = 0
    seed: int = 0
    points: int = 0

    def flips(self, verdict: str) -> tuple[SwitchRow, ...]:
        """The rows of the verdict called ``verdict`` (``()`` when nothing flips it)."""
        return tuple(r for r in self.rows if r.verdict == verdict)

    def table(self) -> Table:
        """One row per flip; the verdicts as run and what leaves them alone in the notes.

        >>> from repatcost.distributions import Uniform
        >>> r = switching_values_of(lambda v: v["x"], {"x": Uniform(0, 1)}, cuts=(0.5,),
        ...                         classes=("low", "high"))
        >>> r.table().columns
        ('verdict', 'as_run', 'kind', 'changed', 'value', 'before', 'after')
        """
        runs = {v.name: v.as_run for v in self.verdicts}
        rows = [
            (r.verdict, runs[r.verdict], r.kind, r.changed, r.value, r.before, r.after)
            for r in self.rows
        ]
        return Table(
            ("verdict", "as_run", "kind", "changed", "value", "before", "after"),
            rows,
            title=f"Switching values: verdicts about {self.output}",
            notes=self._notes(),
        )

    def _notes(self) -> list[str]:
        given = ", ".join(f"{k} = {v:g}" for k, v in self.given.items())
        notes = [
            "An input row: the verdict is 'before' below the value and 'after' at or above it, "
            "with that input fixed and every other drawn as usual "
            f"({self.n:,} draws, seed {self.seed}, common random numbers). A reading row: "
            "'before' under the central reading, 'after' under the alternative."
        ]
        notes += [f"Given (fixed throughout): {given}."] if given else []
        for v in self.verdicts:
            steady = ", ".join(v.steady_inputs) or "none"
            notes.append(
                f"{v.name} ({v.label}): {v.as_run} as run ({v.statistic}: {v.value:.4g}); "
                f"no flip within their ranges: {steady}"
                + (
                    f"; readings that leave it: {', '.join(v.steady_readings)}"
                    if v.steady_readings
                    else ""
                )
            )
        return notes


def _span(dist: Distribution) -> tuple[float, float]:
    low, high = dist.bounds
    if not (np.isfinite(low) and np.isfinite(high)):
        low, high = (float(x) for x in dist.ppf(np.array([0.001, 0.999])))
    return float(low), float(high)


def _read_only(array: FloatArray) -> FloatArray:
    array.setflags(write=False)
    return array


class _Scan:
    """One verdict's statistic on fixed draws, with one input set to chosen values."""

    def __init__(self, judgement: Judgement, base: Values, n: int) -> None:
        self.judgement, self.n = judgement, n
        self.base = {key: _read_only(array) for key, array in base.items()}

    def stats(self, name: str, xs: FloatArray) -> FloatArray:
        """The statistic with input ``name`` at each of ``xs`` (one block each); a single
        value reads the draws as they are, without copying them."""
        k = xs.size
        if k == 1:
            values = dict(self.base)
        else:
            values = {
                key: _read_only(np.tile(a, k)) for key, a in self.base.items() if key != name
            }
        values[name] = _read_only(np.repeat(xs, self.n))
        return np.asarray(self.judgement.measure(values, k), dtype=np.float64)

    def label(self, name: str, x: float) -> str:
        return self.judgement.classify(float(self.stats(name, np.array([x]))[0]))

    def crossing(self, name: str, low: float, high: float, below: str) -> float:
        """The switching value between ``low`` (class ``below``) and ``high`` (another)."""
        for _ in range(BISECTIONS):
            middle = (low + high) / 2.0
            if self.label(name, middle) == below:
                low = middle
            else:
                high = middle
        return high


def _input_rows(scan: _Scan, name: str, dist: Distribution, points: int) -> list[SwitchRow]:
    xs = np.linspace(*_span(dist), points)
    classes = [scan.judgement.classify(float(s)) for s in scan.stats(name, xs)]
    rows = []
    for i in range(points - 1):
        if classes[i] != classes[i + 1]:
            at = scan.crossing(name, float(xs[i]), float(xs[i + 1]), classes[i])
            after = scan.label(name, at)
            rows.append(SwitchRow(scan.judgement.name, name, "input", at, classes[i], after))
    return rows


def _draws(
    inputs: Mapping[str, Distribution], n: int, seed: int, given: Mapping[str, float]
) -> dict[str, FloatArray]:
    """``n`` draws of ``inputs`` (each name from its own stream of ``seed``, as a study run
    draws it), full arrays for inputs known exactly, and the ``given`` inputs fixed."""
    values = {k: np.asarray(v) for k, v in draw_inputs(inputs, n, seed=seed).values.items()}
    for name, dist in inputs.items():
        if name in given:
            values[name] = np.full(n, given[name])
        elif name not in values:
            values[name] = np.full(n, dist.bounds[0])
    return values


def _judge(
    judgement: Judgement,
    n: int,
    seed: int,
    given: Mapping[str, float],
    points: int,
    only: frozenset[str] | None = None,
) -> tuple[Verdict, list[SwitchRow]]:
    base = _draws(judgement.inputs, n, seed, given)
    scan = _Scan(judgement, base, n)
    value = float(judgement.measure(base, 1)[0])
    rows: list[SwitchRow] = []
    steady = []
    for name, dist in sorted(judgement.inputs.items()):
        if dist.is_degenerate or name in given or (only is not None and name not in only):
            continue
        found = _input_rows(scan, name, dist, points)
        rows += found
        steady += [] if found else [name]
    verdict = Verdict(
        judgement.name,
        judgement.label,
        judgement.statistic,
        value,
        judgement.classify(value),
        tuple(steady),
    )
    return verdict, rows


def _reading_rows(
    study: Study,
    of: str,
    verdicts: list[Verdict],
    settings: tuple[int, int, Mapping[str, float], float],
) -> tuple[list[Verdict], list[SwitchRow]]:
    """Each non-central alternative of each reading judged on the same draws."""
    n, seed, given, level = settings
    bare = attrs.evolve(study, readings=())
    steady: dict[str, list[str]] = {v.name: [] for v in verdicts}
    rows = []
    for reading in study.readings:
        for alternative in reading.alternatives:
            if alternative.label == reading.central:
                continue
            chosen = alternative.apply(bare)
            found = {j.name: j for j in study_judgements(chosen, of, level=level)}
            for v in verdicts:
                j = found.get(v.name)
                after = "n/a" if j is None else _class_of(j, n, seed, given)
                where = f"{reading.name}={alternative.label}"
                if after == v.as_run:
                    steady[v.name].append(where)
                else:
                    rows.append(
                        SwitchRow(
                            v.name, reading.name, "reading", alternative.label, v.as_run, after
                        )
                    )
    out = [attrs.evolve(v, steady_readings=tuple(steady[v.name])) for v in verdicts]
    return out, rows


def _class_of(judgement: Judgement, n: int, seed: int, given: Mapping[str, float]) -> str:
    values = _draws(judgement.inputs, n, seed, given)
    return judgement.classify(float(judgement.measure(values, 1)[0]))


def _given(owner: str, given: Any, inputs: Mapping[str, Distribution]) -> dict[str, float]:
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise fail(owner, "given", given, "a mapping of input names to numbers")
    out = {}
    for name, value in given.items():
        if name not in inputs:
            known = ", ".join(sorted(inputs))
            raise fail(owner, "given", name, f"the name of an input of the verdicts ({known})")
        low, high = inputs[name].bounds
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise fail(
                owner, f"given[{name!r}]", value, f"a number in [{low:g}, {high:g}] (its bounds)"
            )
        out[name] = float(value)
    return out


def _only(owner: str, value: Any, inputs: Mapping[str, Distribution]) -> frozenset[str] | None:
    if value is None:
        return None
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not all(n in inputs for n in names):
        known = ", ".join(sorted(inputs))
        raise fail(owner, "inputs", value, f"names of inputs of the verdicts ({known})")
    return frozenset(names)


def _analyse(
    judgements: list[Judgement],
    given: Any,
    settings: tuple[Any, Seed, Any, Any],
    owner: str,
) -> tuple[list[Verdict], list[SwitchRow], dict[str, float], int, int, int]:
    n, seed, points, scanned = settings
    n = _target.check_count(owner, "n", n, minimum=100)
    points = _target.check_count(owner, "points", points, minimum=2)
    entropy = _target.check_seed(owner, seed)
    inputs: dict[str, Distribution] = {}
    for j in judgements:
        inputs.update(j.inputs)
    fixed = _given(owner, given, inputs)
    only = _only(owner, scanned, inputs)
    verdicts, rows = [], []
    for judgement in judgements:
        verdict, found = _judge(judgement, n, entropy, fixed, points, only)
        verdicts.append(verdict)
        rows += found
    return verdicts, rows, fixed, n, entropy, points


def switching_values(
    study: Study,
    of: str = "total",
    *,
    given: Mapping[str, float] | None = None,
    n: int = 20_000,
    seed: Seed = 0,
    points: int = 17,
    level: float = 0.9,
    readings: bool = True,
    inputs: Sequence[str] | None = None,
) -> SwitchResult:
    """Switching values of every verdict of ``study``'s report about ``of`` (a municipality
    key, an implied quantity such as ``kobenhavn.hourly_cost``, or ``"total"`` for all):
    see module docs. ``readings=False`` skips the alternative readings; ``inputs`` limits
    the inputs scanned (by default every uncertain one).

    >>> from repatcost.data import bundled_study
    >>> r = switching_values(bundled_study(), "kobenhavn.hourly_cost", n=2_000, readings=False)
    >>> r.verdicts[0].as_run, sorted({row.changed for row in r.rows})[-1]
    ('implausible (above)', 'show_up_rate')
    """
    if not isinstance(study, Study):
        raise fail("switching_values", "study", study, "a Study (e.g. repatcost.bundled_study())")
    level = _target.check_level("switching_values", level)
    judgements = study_judgements(study, of, level=level) if isinstance(of, str) else []
    if not judgements:
        names = ", ".join(j.name for j in study_judgements(study, level=level))
        raise fail(
            "switching_values",
            "of",
            of,
            f"'total', a municipality key or an output with a verdict in the report, or a "
            f"verdict's name ({names})",
        )
    verdicts, rows, fixed, n, entropy, points = _analyse(
        judgements, given, (n, seed, points, inputs), "switching_values"
    )
    if readings and study.readings:
        verdicts, more = _reading_rows(study, of, verdicts, (n, entropy, fixed, level))
        rows += more
    return SwitchResult(of, f"verdicts about {of}", "", verdicts, rows, fixed, n, entropy, points)


def switching_values_of(
    function: Callable[[Values], FloatArray],
    inputs: Mapping[str, Distribution],
    *,
    cuts: tuple[float, ...],
    classes: tuple[str, ...],
    given: Mapping[str, float] | None = None,
    n: int = 20_000,
    seed: Seed = 0,
    points: int = 17,
    name: str = "model",
) -> SwitchResult:
    """Switching values of a verdict on the median of a plain vectorised ``function``:
    class ``classes[i]`` between ``cuts[i - 1]`` and ``cuts[i]`` (see module docs).

    >>> from repatcost.distributions import Uniform
    >>> r = switching_values_of(lambda v: v["a"] * 3, {"a": Uniform(0, 1)}, cuts=(1.5,),
    ...                         classes=("below", "above"), n=200)
    >>> round(r.rows[0].value, 4), r.flips("model")[0].after
    (0.5, 'above')
    """
    target = _target.from_function(function, inputs, name=name, owner="switching_values_of")
    edges = tuple(float(c) for c in cuts)
    if not edges or list(edges) != sorted(set(edges)) or not np.isfinite(edges).all():
        raise fail("switching_values_of", "cuts", cuts, "one or more increasing finite numbers")
    if len(classes) != len(edges) + 1 or not all(isinstance(c, str) and c for c in classes):
        raise fail(
            "switching_values_of",
            "classes",
            classes,
            f"{len(edges) + 1} class names (one more than cuts)",
        )
    judgement = median_judgement(
        target.function, target.inputs, edges, tuple(classes), name=target.name
    )
    verdicts, rows, fixed, n, entropy, points = _analyse(
        [judgement], given, (n, seed, points, None), "switching_values_of"
    )
    return SwitchResult(target.name, target.label, "", verdicts, rows, fixed, n, entropy, points)
