"""TotalHours: reported total caseworker hours per year x hourly cost."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator, hourly, left_out
from repatcost.evidence import ConversationCount, Municipality, TotalHours
from repatcost.model import CostModel, Values

__all__ = ["TotalHoursEstimator"]


@attrs.frozen
class TotalHoursEstimator(Estimator):
    """Total hours reported for a period, annualised, priced at the hourly cost.

    Aalborg reported about 2 hours x 120 conversations = 240 hours; the 240 is used as
    reported (read through its qualifier, centred on 240), over its period.

    Outputs: component ``caseworker_time``; quantities ``caseworker_hours`` and, when the
    municipality also reported a count of conversations held, ``conversations``.

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> model = TotalHoursEstimator().build(study.municipality("aalborg"), study.assumptions)
    >>> model.inputs["aalborg.total_hours"].median
    240.0
    """

    name: ClassVar[str] = "total_hours"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        reported = municipality.only(TotalHours)
        if reported is None:
            raise NotApplicable(
                f"{municipality.name} reported no total hours; add a 'total_hours' record "
                "(hours over a period) to use it."
            )
        key = f"{municipality.key}.total_hours"
        years = reported.period.years
        rate = hourly(assumptions)
        count = municipality.only(ConversationCount)
        held = (
            count.value / count.period.years if count and count.unit == "conversations" else None
        )

        def cost(v: Values) -> dict[str, FloatArray]:
            hours = v[key] / years
            time = rate.fn(v)  # a fresh array: the product goes into it
            np.multiply(hours, time, out=time)
            out = {"caseworker_time": time, "caseworker_hours": hours}
            if held is not None:
                out["conversations"] = np.full_like(hours, held)
            return out

        notes = [
            f"{reported.hours:g} hours over {reported.period} ({reported.derivation}, "
            f"{reported.qualifier.value})"
        ]
        if years != 1.0:
            notes.append(f"hours annualised: divided by {years:.3g} years")
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs={key: reported.distribution(assumptions.qualifiers)} | dict(rate.inputs),
            function=cost,
            components=("caseworker_time",),
            quantities=("caseworker_hours",) + (("conversations",) if held is not None else ()),
            decreasing=rate.decreasing,
            provenance=(reported.source,) + ((count.source,) if count else ()),
            leaves_out=left_out(municipality, [self.name]),
            notes=tuple(notes),
        )
