"""The verdicts of a study's report as functions of its inputs, for switching values.

A :class:`Judgement` is one verdict the report prints: a *statistic* computed from the run's
draws and a rule that turns the statistic into a class. :func:`study_judgements` lists them:

- the cross-check (triangulation) of each municipality that has one: the statistic is the
  quantile of the main estimate's median in the other estimate's samples, the class
  ``consistent``, ``tension`` or ``inconsistent`` by :func:`repatcost.agreement.verdict`;
- the plausibility of each implied quantity with a plausible range (København's implied
  hourly cost, Odense's implied conversations): the statistic is the median, the class
  ``plausible`` or ``implausible (below|above)`` the range, as the report's flags;
- the ranking of every two municipalities' cost per conversation held: the statistic is
  the difference of the medians, the class which one is higher;
- the "adjust later" flag of each municipality's cost and of the total, by its interval:
  the statistic is the interval's width over the median, the class ``adjust later`` above
  the report's threshold, else ``firm`` (a report with readings also flags a range across
  readings wider than the threshold; that part is the readings', not an input's).

The statistic is evaluated on *blocks*: ``k`` copies of ``n`` draws stacked into arrays of
``k * n`` rows, one statistic per block, so a whole grid of fixed values is one evaluation.

>>> from repatcost.data import bundled_study
>>> [j.name for j in study_judgements(bundled_study(), "kobenhavn")]
['kobenhavn.crosscheck', 'kobenhavn.conversations', 'kobenhavn.hourly_cost', \
'kobenhavn.adjust_later', 'ranking: kobenhavn vs aarhus', 'ranking: kobenhavn vs aalborg']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import combinations
from types import MappingProxyType

import attrs
import numpy as np

from repatcost.agreement import verdict
from repatcost.distributions import Distribution, FloatArray
from repatcost.estimate import interval_quantiles
from repatcost.model import CostModel, Values, merge_inputs
from repatcost.outputs import Output, study_outputs
from repatcost.study import Study
from repatcost.study_report import ADJUST_LATER_THRESHOLD

__all__ = ["Judgement", "median_judgement", "study_judgements"]

Statistic = Callable[[Values, int], FloatArray]
"""Input arrays of ``k * n`` rows and ``k`` -> the ``k`` blocks' statistics."""


def _frozen(value: Mapping[str, Distribution]) -> Mapping[str, Distribution]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class Judgement:
    """One verdict: its name, the statistic in words, its inputs, the statistic and the rule.

    Attributes:
        name: e.g. ``kobenhavn.crosscheck``; the same verdict has the same name under every
            reading of the source.
        label: what it judges, in words.
        statistic: what the statistic is, in words.
        inputs: every input the statistic depends on.
        measure: blocks of draws -> one statistic per block (see module docs).
        classify: a statistic -> its class.
    """

    name: str
    label: str
    statistic: str
    inputs: Mapping[str, Distribution] = attrs.field(converter=_frozen)
    measure: Statistic = attrs.field(repr=False)
    classify: Callable[[float], str] = attrs.field(repr=False)
    about: tuple[str, ...] = ()
    """The municipality keys and output names the verdict is about (besides its name)."""


def _blocks(array: FloatArray, k: int) -> FloatArray:
    return np.asarray(array, dtype=np.float64).reshape(k, -1)


def _cost(model: CostModel, values: Values) -> FloatArray:
    return model.cost(model.evaluate({name: values[name] for name in model.inputs}))


def _crosscheck(study: Study, key: str, index: int, level: float) -> Judgement:
    main = study.model(key)
    other = study.crosscheck_models()[key][index]
    suffix = "" if index == 0 else f"[{index}]"

    def measure(values: Values, k: int) -> FloatArray:
        a, b = _blocks(_cost(main, values), k), _blocks(_cost(other, values), k)
        median = np.median(a, axis=1)[:, None]
        return np.asarray(np.mean(b < median, axis=1) + np.mean(b == median, axis=1) / 2.0)

    return Judgement(
        f"{key}.crosscheck{suffix}",
        f"{study.municipality(key).name}: {main.method} vs {other.method}",
        "quantile of the main estimate's median in the other estimate",
        merge_inputs("Judgement", main.inputs, other.inputs),
        measure,
        lambda q: verdict(min(max(float(q), 0.0), 1.0), level).value,
        (key,),
    )


def _median(output: Output) -> Statistic:
    def measure(values: Values, k: int) -> FloatArray:
        return np.asarray(np.median(_blocks(output.function(values), k), axis=1))

    return measure


def _plausibility(output: Output) -> Judgement:
    assert output.plausible is not None
    low, high = output.plausible

    def classify(median: float) -> str:
        if median > high:
            return "implausible (above)"
        return "implausible (below)" if median < low else "plausible"

    return Judgement(
        output.name,
        f"{output.label} against its plausible range {low:,.0f}-{high:,.0f}",
        f"median ({output.unit})",
        output.inputs,
        _median(output),
        classify,
        (output.name.partition(".")[0],),
    )


def _ranking(study: Study, a: Output, b: Output, keys: tuple[str, str]) -> Judgement:
    first, second = (study.municipality(k).name for k in keys)
    ma, mb = _median(a), _median(b)
    return Judgement(
        f"ranking: {keys[0]} vs {keys[1]}",
        f"cost per {study.declarations.counted}: {first} vs {second}",
        f"median of {first}'s minus median of {second}'s ({a.unit})",
        merge_inputs("Judgement", a.inputs, b.inputs),
        lambda values, k: ma(values, k) - mb(values, k),
        lambda d: f"{first} higher" if d > 0 else f"{second} higher",
        (*keys, a.name, b.name),
    )


def _adjust_later(output: Output, level: float) -> Judgement:
    """The report's "adjust later" flag: the interval at ``level`` wider than
    :data:`~repatcost.study_report.ADJUST_LATER_THRESHOLD` of the median."""
    threshold = ADJUST_LATER_THRESHOLD
    tails = interval_quantiles(level)

    def measure(values: Values, k: int) -> FloatArray:
        blocks = _blocks(output.function(values), k)
        low, median, high = np.quantile(blocks, [tails[0], 0.5, tails[1]], axis=1)
        return np.asarray((high - low) / np.where(median == 0.0, np.inf, np.abs(median)))

    return Judgement(
        f"{output.name}.adjust_later",
        f"{output.label}: adjust later when the {level:.0%} interval spans more than "
        f"{threshold:.0%} of the median (the report also flags a wide range across readings, "
        "which no single input moves)",
        "interval width / median",
        output.inputs,
        measure,
        lambda w: "adjust later" if w > threshold else "firm",
        (output.name,),
    )


def study_judgements(study: Study, of: str = "total", *, level: float = 0.9) -> list[Judgement]:
    """Every verdict of ``study``'s report (see module docs) about ``of``: a municipality
    key, an output name, a verdict's name, or ``"total"`` for all of them."""
    outputs = study_outputs(study)
    found = [
        _crosscheck(study, key, i, level)
        for key, group in study.crosschecks.items()
        for i in range(len(group))
    ]
    found += [_plausibility(out) for out in outputs.values() if out.plausible is not None]
    costs = [*(m.key for m in study.municipalities), "total"]
    found += [_adjust_later(outputs[key], level) for key in costs]
    per_unit = study.declarations.per_unit
    keys = [m.key for m in study.municipalities if f"{m.key}.{per_unit}" in outputs]
    for pair in combinations(keys, 2):
        a, b = (outputs[f"{k}.{per_unit}"] for k in pair)
        found.append(_ranking(study, a, b, pair))
    return [j for j in found if of in ("total", j.name, *j.about)]


def median_judgement(
    function: Callable[[Values], FloatArray],
    inputs: Mapping[str, Distribution],
    cuts: tuple[float, ...],
    classes: tuple[str, ...],
    *,
    name: str = "model",
) -> Judgement:
    """A verdict on the median of a plain vectorised ``function``: class ``classes[i]``
    when the median lies at or above ``cuts[i - 1]`` and below ``cuts[i]``.

    >>> from repatcost.distributions import Uniform
    >>> j = median_judgement(lambda v: v["x"], {"x": Uniform(0, 1)}, (0.5,), ("low", "high"))
    >>> j.classify(0.4), j.classify(0.5)
    ('low', 'high')
    """
    edges = np.asarray(cuts, dtype=np.float64)

    def measure(values: Values, k: int) -> FloatArray:
        return np.asarray(np.median(_blocks(function(values), k), axis=1))

    return Judgement(
        name,
        f"{name} by its median",
        "median",
        inputs,
        measure,
        lambda m: classes[int(np.searchsorted(edges, m, side="right"))],
    )
