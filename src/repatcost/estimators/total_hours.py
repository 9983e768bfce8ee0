"""TotalHours: reported total caseworker hours per year x hourly cost."""

from __future__ import annotations

from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.estimators.base import Estimator, require
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import Part, counted_volume, hourly, own, per_year, volume_name
from repatcost.evidence import Municipality, TotalHours
from repatcost.model import CostModel

__all__ = ["TotalHoursEstimator"]


@attrs.frozen
class TotalHoursEstimator(Estimator):
    """Total hours reported for a period, per year, priced at the hourly cost.

    Aalborg reported about 2 hours x 120 conversations = 240 hours; the 240 is used as
    reported (read through its qualifier, centred on 240), over its period.

    Outputs: component ``caseworker_time``; quantities ``caseworker_hours`` and, when the
    municipality also reported a count at the funnel's last stage, that count per year
    (``conversations`` held in the Danish pack).

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> model = TotalHoursEstimator().build(study.municipality("aalborg"), study.assumptions)
    >>> model.inputs["aalborg.total_hours"].median
    240.0
    """

    name: ClassVar[str] = "total_hours"
    needs: ClassVar[tuple[type, ...]] = (TotalHours,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        reported = require(municipality, TotalHours)
        note = (
            f"{reported.hours:g} hours over {reported.period} ({reported.derivation}, "
            f"{reported.qualifier.value})"
        )
        hours = per_year(
            own(municipality, "total_hours", reported, assumptions, note), reported.period
        )
        quantities: dict[str, Part] = {"caseworker_hours": hours}
        held = counted_volume(municipality, assumptions)
        if held is not None:
            quantities[volume_name(assumptions)] = held
        time = hours * hourly(assumptions)
        return cost_model(self.name, municipality, {"caseworker_time": time}, quantities)
