"""OneOffCost: quantified one-off costs (development, set-up), kept apart from running costs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import Distribution, FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator, Part, hourly, left_out, price_factor
from repatcost.evidence import Municipality, OneOff
from repatcost.model import CostModel, Values

__all__ = ["OneOffCost"]


def _decreasing(parts: Iterable[Part]) -> frozenset[str]:
    """Inputs every part falls in; an input some part rises in is not declared."""
    parts = list(parts)
    falling = frozenset().union(*(p.decreasing for p in parts))
    rising = {name for p in parts for name in p.inputs if name not in p.decreasing}
    return frozenset(falling - rising)


@attrs.frozen
class OneOffCost(Estimator):
    """The sum of a municipality's quantified one-off costs, at the price year.

    An amount in DKK is moved to the price year by wage growth; hours are priced at the
    hourly cost. The component ``one_off`` is marked one-off, so reports keep it out of the
    recurring annual cost.

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> OneOffCost().applies(study.municipality("aarhus"), study.assumptions)
    False
    """

    name: ClassVar[str] = "one_off"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        records = municipality.records(OneOff)
        if not records:
            raise NotApplicable(
                f"{municipality.name} reported no quantified one-off cost (a note in words is "
                "not enough); add a 'one_off' record with amount_dkk or hours to use it."
            )
        years = {r.year for r in records if r.amount_dkk is not None}
        if years and min(years) < assumptions.price_year < max(years):
            raise NotApplicable(
                f"{municipality.name}'s one-off amounts lie both before and after the price "
                f"year {assumptions.price_year} ({sorted(years)}), so the cost would rise and "
                "fall with wage growth and its hard range would not be exact; estimate them "
                "in two studies or restate them in one year."
            )
        inputs: dict[str, Distribution] = {}
        parts: list[tuple[str, Part]] = []
        for i, record in enumerate(records):
            key = f"{municipality.key}.one_off_{i}"
            inputs[key] = record.distribution(assumptions.qualifiers)
            part = (
                hourly(assumptions)
                if record.hours is not None
                else price_factor(record.year, assumptions)
            )
            inputs |= part.inputs
            parts.append((key, part))

        def cost(v: Values) -> dict[str, FloatArray]:
            total = np.zeros_like(v[parts[0][0]])
            for key, part in parts:
                total = total + v[key] * part.fn(v)
            return {"one_off": total}

        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=inputs,
            function=cost,
            components=("one_off",),
            one_off=("one_off",),
            decreasing=_decreasing(p for _, p in parts),
            provenance=tuple(r.source for r in records),
            leaves_out=left_out(municipality, [self.name]),
            notes=tuple(f"one-off: {r.description}" for r in records),
        )
