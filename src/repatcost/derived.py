"""Figures derived from a study run on the same draws, as :class:`Estimate` values.

Every figure here is an output of the study's registry (:mod:`repatcost.outputs`, where each
is defined once with its rule, unit and caveat), computed on the run's own draws, so shared
drivers are respected and the intervals are honest. These functions hand them out as
estimates for further arithmetic; the report reads the same outputs.

- :func:`cost_per_conversation`: annual cost / conversations held per year.
- :func:`cost_per_repatriated`: annual cost / persons repatriated that year. **A ratio, not
  an effect.** :func:`cost_per_attributed` divides by the attributed persons instead, when
  the assumptions hold an ``attribution_share``.
- :func:`implied_quantities`: figures the source does not give but the model implies, each
  flagged when implausible against the assumptions' ranges.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(20_000, seed=1)
>>> ratio = cost_per_repatriated(result, "aarhus")
>>> ratio.notes[-1]
'a ratio, not an effect: nothing in the data says a conversation caused a repatriation'
>>> [q.name for q in implied_quantities(result, "odense")]
['conversations']
"""

from __future__ import annotations

import attrs

from repatcost.estimate import Estimate
from repatcost.outputs import RATIO_CAVEAT, hourly_cost_range, repatriated_persons
from repatcost.study import StudyResult

__all__ = [
    "RATIO_CAVEAT",
    "Implied",
    "cost_per_attributed",
    "cost_per_conversation",
    "cost_per_repatriated",
    "estimate_of",
    "hourly_cost_range",
    "implied_quantities",
    "recurring_and_one_off",
    "repatriated_persons",
    "total_per_conversation",
    "total_per_repatriated",
]


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


def cost_per_conversation(result: StudyResult, key: str) -> Estimate | None:
    """Cost per conversation held (DKK), or None when the model gives no conversations or
    their count can be zero."""
    return estimate_of(result, f"{key}.cost_per_conversation")


def cost_per_repatriated(result: StudyResult, key: str) -> Estimate | None:
    """Annual cost per repatriated person (DKK): a ratio, not an effect."""
    return estimate_of(result, f"{key}.cost_per_repatriated")


def cost_per_attributed(result: StudyResult, key: str | None = None) -> Estimate | None:
    """Cost per repatriation *attributed* to the conversations (``attribution_share``);
    None when the study has no such assumption. ``key=None`` gives the total."""
    prefix = "" if key is None else f"{key}."
    return estimate_of(result, f"{prefix}cost_per_attributed_repatriation")


def total_per_conversation(result: StudyResult) -> Estimate | None:
    """The summed cost of the municipalities with conversations / their conversations."""
    return estimate_of(result, "cost_per_conversation")


def total_per_repatriated(result: StudyResult) -> Estimate | None:
    """The total cost / all persons repatriated: a ratio, not an effect."""
    return estimate_of(result, "cost_per_repatriated")


@attrs.frozen
class Implied:
    """An implied quantity with its plausibility check.

    Attributes:
        name: ``conversations`` or ``hourly_cost``.
        estimate: its samples (same run).
        unit: e.g. "conversations per year".
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
