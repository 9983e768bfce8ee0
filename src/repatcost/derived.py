"""Figures derived from a study run on the same draws, as :class:`Estimate` values.

Every figure here is an output of the study's registry (:mod:`repatcost.outputs`, where each
is defined once with its rule, unit and caveat), computed on the run's own draws, so shared
drivers are respected and the intervals are honest. These functions hand them out as
estimates for further arithmetic; the report reads the same outputs.

- :func:`cost_per_unit`: recurring cost / units per year at the funnel's last stage (per
  conversation held in the Danish pack).
- :func:`cost_per_outcome`: annual cost / the outcome counted that year (per repatriated
  person in the Danish pack). **A ratio, not an effect.** :func:`cost_per_attributed`
  divides by the attributed outcomes instead, when the assumptions hold an
  ``attribution_share``.
- :func:`implied_quantities`: figures the source does not give but the model implies, each
  flagged when implausible against the assumptions' ranges.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(20_000, seed=1)
>>> ratio = cost_per_outcome(result, "aarhus")
>>> ratio.notes[-1]
'a ratio, not an effect: nothing in the data says a conversation caused a repatriation'
>>> [q.name for q in implied_quantities(result, "odense")]
['conversations']
"""

from __future__ import annotations

import attrs

from repatcost.estimate import Estimate
from repatcost.outputs import hourly_cost_range, outcome_count
from repatcost.study import StudyResult

__all__ = [
    "Implied",
    "cost_per_attributed",
    "cost_per_outcome",
    "cost_per_unit",
    "estimate_of",
    "hourly_cost_range",
    "implied_quantities",
    "outcome_count",
    "recurring_and_one_off",
    "total_per_outcome",
    "total_per_unit",
]


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)


def estimate_of(result: StudyResult, name: str) -> Estimate | None:
    """The registry output ``name`` on ``result``'s draws as an :class:`Estimate` (its unit,
    note and caveat as notes), or None when the study has no such output."""
    output = result.outputs.get(name)
    if output is None:
        return None
    assert output.hard_range is not None  # every study output has one
    notes = (f"{output.unit} {output.note}".strip(),) + ((output.caveat,) if output.caveat else ())
    return Estimate(
        output.label, result.samples_of(name), output.hard_range, result.draws.run, notes=notes
    )


def _named(result: StudyResult, prefix: str, name: str | None) -> Estimate | None:
    return None if name is None else estimate_of(result, f"{prefix}{name}")


def cost_per_unit(result: StudyResult, key: str) -> Estimate | None:
    """Recurring cost per unit (the study's currency), or None when the model gives no units
    or they are implied by an assumption alone (see :mod:`repatcost.outputs`)."""
    return _named(result, f"{key}.", result.study.declarations.per_unit)


def cost_per_outcome(result: StudyResult, key: str) -> Estimate | None:
    """Annual cost per outcome counted: a ratio, not an effect (None without an outcome)."""
    return _named(result, f"{key}.", result.study.declarations.per_outcome)


def cost_per_attributed(result: StudyResult, key: str | None = None) -> Estimate | None:
    """Cost per outcome *attributed* to the activity (``attribution_share``); None when the
    study has no such assumption. ``key=None`` gives the total."""
    prefix = "" if key is None else f"{key}."
    return _named(result, prefix, result.study.declarations.per_attributed)


def total_per_unit(result: StudyResult) -> Estimate | None:
    """The summed recurring cost of the municipalities with units / their units."""
    return _named(result, "", result.study.declarations.per_unit)


def total_per_outcome(result: StudyResult) -> Estimate | None:
    """The total cost / every outcome counted: a ratio, not an effect."""
    return _named(result, "", result.study.declarations.per_outcome)


@attrs.frozen
class Implied:
    """An implied quantity with its plausibility check.

    Attributes:
        name: the units (``conversations`` in the Danish pack) or ``hourly_cost``.
        estimate: its samples (same run).
        unit: e.g. "requests per year".
        plausible: the range the assumptions allow, if they say one.
        flag: why it looks implausible, or None.
    """

    name: str
    estimate: Estimate
    unit: str
    plausible: tuple[float, float] | None
    flag: str | None


def implied_quantities(result: StudyResult, key: str) -> list[Implied]:
    """The quantities municipality ``key``'s model implies but the source does not give."""
    row = next(r for r in result.report().rows if r.key == key)
    out = []
    for figure in row.implied:
        estimate = estimate_of(result, figure.name)
        assert estimate is not None
        name = figure.name.rpartition(".")[2]
        out.append(Implied(name, estimate, figure.unit, figure.plausible, figure.flag))
    return out


def recurring_and_one_off(result: StudyResult, key: str) -> tuple[Estimate, Estimate]:
    """The recurring (annual) and the one-off parts of municipality ``key``'s cost.

    Their hard ranges add up the ranges of their components (a valid, possibly loose,
    bound).
    """
    recurring = estimate_of(result, f"{key}.recurring")
    one_off = estimate_of(result, f"{key}.one_off")
    if recurring is None or one_off is None:
        raise KeyError(key)
    return recurring, one_off
