"""UnitTime and UnitCost: a body's volume priced by its effort per unit, or by its own cost
per unit (the general forms a council reports: "1,500 requests a year, 10-12 hours each",
"£250-300 per request")."""

from __future__ import annotations

from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator, require
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import (
    Part,
    effort_per_unit,
    hourly,
    own,
    price_factor,
    volume,
    volume_name,
)
from repatcost.evidence import CostPerUnit, Municipality, Volume
from repatcost.model import CostModel

__all__ = ["UnitCost", "UnitTime"]


def _volume(municipality: Municipality, assumptions: Assumptions, who: str) -> Part:
    found = volume(municipality, assumptions)
    if found is None:
        raise NotApplicable(
            f"{who} needs how many units {municipality.name} handled; add a 'volume' record "
            "(value, period)."
        )
    return found


@attrs.frozen
class UnitTime(Estimator):
    """Units per year x staff hours per unit x hourly cost.

    The hours per unit are the body's own ``effort_per_unit`` record, else the study's
    ``effort_per_unit`` assumption (or its pack's default); the hourly cost is the
    ``hourly_cost`` assumption, else wage cost x (1 + overhead) / productive hours. A missing
    one is NotApplicable naming the key to add.

    Outputs: component ``staff_time``; quantities the volume and ``staff_hours``.
    """

    name: ClassVar[str] = "unit_time"
    needs: ClassVar[tuple[type, ...]] = (Volume,)
    """A pack may read its own counts as the volume (the Danish pack's ``count``)."""

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        units = _volume(municipality, assumptions, self.name)
        per_unit = effort_per_unit(municipality, assumptions)
        if per_unit is None:
            raise NotApplicable(
                f"{self.name} needs the hours per unit of {municipality.name}; add an "
                "'effort_per_unit' record (hours) or [assumptions.effort_per_unit]."
            )
        hours = units * per_unit
        return cost_model(
            self.name,
            municipality,
            {"staff_time": hours * hourly(assumptions)},
            {volume_name(assumptions): units, "staff_hours": hours},
        )


@attrs.frozen
class UnitCost(Estimator):
    """Units per year x the body's own cost per unit (moved to the price year).

    Outputs: component ``unit_cost``; quantity the volume.
    """

    name: ClassVar[str] = "unit_cost"
    needs: ClassVar[tuple[type, ...]] = (CostPerUnit, Volume)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        reported = require(municipality, CostPerUnit)
        units = _volume(municipality, assumptions, self.name)
        note = f"{reported.amount:,.6g} per unit in {reported.year} ({reported.qualifier.value})"
        money = own(municipality, "cost_per_unit", reported, assumptions, note)
        money = money * price_factor(reported.year, assumptions)
        return cost_model(
            self.name,
            municipality,
            {"unit_cost": units * money},
            {volume_name(assumptions): units},
        )
