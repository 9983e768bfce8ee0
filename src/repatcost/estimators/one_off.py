"""OneOffCost: quantified one-off costs (development, set-up), kept apart from running costs."""

from __future__ import annotations

import functools
import operator
from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.estimators.base import Estimator, require_all
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import hourly, own, price_factor
from repatcost.evidence import Municipality, OneOff
from repatcost.model import CostModel

__all__ = ["OneOffCost"]


@attrs.frozen
class OneOffCost(Estimator):
    """The sum of a municipality's quantified one-off costs, at the price year.

    An amount in DKK is moved to the price year by wage growth; hours are priced at the
    hourly cost. The component ``one_off`` is marked one-off, so reports keep it out of the
    recurring annual cost. Amounts from years on both sides of the price year would make
    the cost rise and fall with wage growth, so they are refused (NotApplicable).

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> OneOffCost().applies(study.municipality("aarhus"), study.assumptions)
    False
    """

    name: ClassVar[str] = "one_off"
    needs: ClassVar[tuple[type, ...]] = (OneOff,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        records = require_all(municipality, OneOff)
        parts = [
            own(municipality, f"one_off_{i}", r, assumptions, f"one-off: {r.description}")
            * (hourly(assumptions) if r.hours is not None else price_factor(r.year, assumptions))
            for i, r in enumerate(records)
        ]
        total = functools.reduce(operator.add, parts)
        return cost_model(self.name, municipality, {"one_off": total}, one_off=("one_off",))
