"""Figures derived from a study run on the same draws: ratios and implied quantities.

Everything here divides or rescales the samples of one run, sample by sample, so shared
drivers are respected and the intervals are honest.

- :func:`cost_per_conversation`: annual cost / conversations held per year (held, not
  persons called in: a count of persons becomes conversations through the show-up and
  repeat assumptions).
- :func:`cost_per_repatriated`: annual cost / persons repatriated that year. **A ratio, not
  an effect**: nothing in the data says a conversation caused a repatriation. When the
  assumptions hold an ``attribution_share`` (the share of repatriations the conversations
  caused), :func:`cost_per_attributed` divides by the attributed persons instead.
- :func:`implied_quantities`: figures the source does not give but the model implies
  (conversations from persons called in or from a staff-year; the hourly cost implied by
  reported spending), each flagged when implausible against the assumptions' ranges.

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
import numpy as np

from repatcost.assumptions import Assumptions, hourly_cost
from repatcost.estimate import Estimate
from repatcost.evidence import ConversationCount, Measure, Municipality, Repatriations
from repatcost.study import StudyResult

__all__ = [
    "RATIO_CAVEAT",
    "Implied",
    "cost_per_attributed",
    "cost_per_conversation",
    "cost_per_repatriated",
    "hourly_cost_range",
    "implied_quantities",
    "recurring_and_one_off",
    "repatriated_persons",
    "total_per_conversation",
    "total_per_repatriated",
]

RATIO_CAVEAT = (
    "a ratio, not an effect: nothing in the data says a conversation caused a repatriation"
)


def _quantity(result: StudyResult, key: str, name: str, label: str) -> Estimate | None:
    estimate = result.estimates[key]
    if name not in estimate.quantities:
        return None
    ranges = result.models[key].hard_ranges()
    return Estimate(label, estimate.quantities[name], ranges[name], estimate.run)


def cost_per_conversation(result: StudyResult, key: str) -> Estimate | None:
    """Cost per conversation held (DKK), or None when the model gives no conversations or
    their count can be zero."""
    held = _quantity(result, key, "conversations", "conversations held")
    if held is None or not held.hard_range[0] > 0:
        return None
    cost = result.estimates[key]
    return (cost / held).with_notes(
        "DKK per conversation held", label=f"{cost.label}: cost per conversation"
    )


def repatriated_persons(municipality: Municipality, year: int) -> int | None:
    """Persons repatriated in ``year`` (else the latest year reported), or None."""
    records = municipality.records(Repatriations)
    if not records:
        return None
    same = [r for r in records if r.year == year]
    return (same[0] if same else max(records, key=lambda r: r.year)).persons


def cost_per_repatriated(result: StudyResult, key: str) -> Estimate | None:
    """Annual cost per repatriated person (DKK): a ratio, not an effect."""
    persons = repatriated_persons(
        result.study.municipality(key), result.study.assumptions.price_year
    )
    if not persons:
        return None
    cost = result.estimates[key]
    return (cost / float(persons)).with_notes(
        f"DKK per repatriated person ({persons} persons)",
        RATIO_CAVEAT,
        label=f"{cost.label}: cost per repatriated person",
    )


def cost_per_attributed(result: StudyResult, key: str | None = None) -> Estimate | None:
    """Cost per repatriation *attributed* to the conversations, using the assumption
    ``attribution_share``; None when the study has no such assumption. ``key=None`` gives
    the total."""
    share = result.draws.values.get("attribution_share")
    if share is None:
        return None
    low = result.study.assumptions.distribution("attribution_share").bounds[0]
    ratio = total_per_repatriated(result) if key is None else cost_per_repatriated(result, key)
    if ratio is None or not low > 0:
        return None
    high = result.study.assumptions.distribution("attribution_share").bounds[1]
    samples = ratio.samples / share
    hard = (ratio.hard_range[0] / high, ratio.hard_range[1] / low)
    return Estimate(
        ratio.label.replace("repatriated", "attributed repatriated"),
        samples,
        hard,
        ratio.run,
        notes=(
            "DKK per repatriation attributed to the conversations (by the "
            "attribution_share assumption)",
        ),
    )


def total_per_conversation(result: StudyResult) -> Estimate | None:
    """The summed cost of the municipalities with conversations / their conversations."""
    volumes = {
        k: held
        for k in result.estimates
        if (held := _quantity(result, k, "conversations", "conversations held")) is not None
        and held.hard_range[0] > 0
    }
    if not volumes:
        return None
    keys = list(volumes)
    cost, held = result.estimates[keys[0]], volumes[keys[0]]
    for key in keys[1:]:
        cost, held = cost + result.estimates[key], held + volumes[key]
    names = ", ".join(result.study.municipality(k).name for k in keys)
    return (cost / held).with_notes(
        f"DKK per conversation held, over {names}", label="Total: cost per conversation"
    )


def total_per_repatriated(result: StudyResult) -> Estimate | None:
    """The total cost / all persons repatriated: a ratio, not an effect."""
    year = result.study.assumptions.price_year
    counts = [repatriated_persons(m, year) for m in result.study.municipalities]
    if any(c is None for c in counts) or not sum(c or 0 for c in counts):
        return None
    persons = sum(c or 0 for c in counts)
    return (result.total / float(persons)).with_notes(
        f"DKK per repatriated person ({persons} persons)",
        RATIO_CAVEAT,
        label="Total: cost per repatriated person",
    )


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


def hourly_cost_range(assumptions: Assumptions) -> tuple[float, float]:
    """The hard range of the hourly cost the assumptions allow (DKK per hour)."""
    wage = assumptions.distribution("wage_cost").bounds
    overhead = assumptions.distribution("overhead_share").bounds
    hours = assumptions.distribution("productive_hours").bounds
    return (
        float(hourly_cost(wage[0], overhead[0], hours[1])),
        float(hourly_cost(wage[1], overhead[1], hours[0])),
    )


def _check(estimate: Estimate, plausible: tuple[float, float] | None, what: str) -> str | None:
    if plausible is None:
        return None
    median = estimate.median
    low, high = plausible
    if low <= median <= high:
        return None
    side = "above" if median > high else "below"
    return (
        f"implausible: the implied {what} (median {median:,.0f}) lies {side} the range "
        f"{low:,.0f}-{high:,.0f} that the assumptions or the reported figures allow"
    )


def implied_quantities(result: StudyResult, key: str) -> list[Implied]:
    """The quantities municipality ``key``'s model implies but the source does not give."""
    municipality = result.study.municipality(key)
    count = municipality.only(ConversationCount)
    out: list[Implied] = []
    held = _quantity(result, key, "conversations", f"{municipality.name}: conversations held")
    if held is not None and (count is None or count.measure is not Measure.HELD):
        plausible = None
        if count is not None:
            # persons taking part or called in bound the conversations from below/above
            persons = count.value / count.period.years
            plausible = (
                (0.0, persons * 2.0)
                if count.measure is Measure.CALLED_IN
                else (persons, persons * 2.0)
            )
        out.append(
            Implied(
                "conversations",
                held,
                "conversations per year",
                plausible,
                _check(held, plausible, "number of conversations"),
            )
        )
    rate = _quantity(
        result, key, "implied_hourly_cost", f"{municipality.name}: implied hourly cost"
    )
    if rate is not None:
        plausible_rate = hourly_cost_range(result.study.assumptions)
        out.append(
            Implied(
                "hourly_cost",
                rate,
                "DKK per hour",
                plausible_rate,
                _check(rate, plausible_rate, "hourly cost"),
            )
        )
    return out


def recurring_and_one_off(result: StudyResult, key: str) -> tuple[Estimate, Estimate]:
    """The recurring (annual) and the one-off parts of municipality ``key``'s cost.

    Their hard ranges add up the ranges of their components (a valid, possibly loose,
    bound).
    """
    estimate = result.estimates[key]
    ranges = result.models[key].hard_ranges()
    parts: dict[bool, list[str]] = {True: [], False: []}
    for name in estimate.components:
        parts[name in estimate.one_off].append(name)
    out = []
    for is_one_off, label in ((False, "recurring"), (True, "one-off")):
        names = parts[is_one_off]
        samples = (
            np.sum([estimate.components[n] for n in names], axis=0)
            if names
            else np.zeros(estimate.n)
        )
        low = sum(ranges[n][0] for n in names)
        high = sum(ranges[n][1] for n in names)
        out.append(Estimate(f"{estimate.label}: {label}", samples, (low, high), estimate.run))
    return out[0], out[1]
