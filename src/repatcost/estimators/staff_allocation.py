"""StaffAllocation: staff-years set aside x cost of a staff-year."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator, is_positive, left_out, shared, staff_year
from repatcost.estimators.conversation_time import hours_per_conversation
from repatcost.evidence import Municipality, StaffYears
from repatcost.model import CostModel, Values

__all__ = ["StaffAllocation"]


@attrs.frozen
class StaffAllocation(Estimator):
    """Staff-years x (wage cost x (1 + overhead)): a whole staff-year is paid, however used.

    Outputs: component ``staff_time``; quantities ``caseworker_hours`` (staff-years x
    productive hours) and ``conversations``, the *implied* number of conversations those hours
    buy at the hours-per-conversation assumption (the source gives no count for Odense).

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> model = StaffAllocation().build(study.municipality("odense"), study.assumptions)
    >>> low, high = model.hard_range()
    >>> low == 460_000 * 1.10 and high == 600_000 * 1.35
    True
    """

    name: ClassVar[str] = "staff_allocation"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        staff = municipality.only(StaffYears)
        if staff is None:
            raise NotApplicable(
                f"{municipality.name} reported no staff-years; add a 'staff_years' record "
                "(value in full-time equivalents) to use it."
            )
        key = f"{municipality.key}.staff_years"
        per_year = staff_year(assumptions)
        productive = shared(assumptions, "productive_hours")
        hours = hours_per_conversation(municipality, assumptions)
        implied = is_positive(hours)  # else the implied conversations are left out

        def cost(v: Values) -> dict[str, FloatArray]:
            hours_total = v[key] * productive.fn(v)
            staff_time = per_year.fn(v)  # a fresh array: the product goes into it
            np.multiply(v[key], staff_time, out=staff_time)
            out = {"staff_time": staff_time, "caseworker_hours": hours_total}
            if implied:
                out["conversations"] = hours_total / hours.fn(v)
            return out

        notes = [f"{staff.value:g} staff-year(s) set aside for {staff.purpose}"]
        if implied:
            notes += [
                "implied conversations = staff-years x productive hours / hours per conversation",
                *hours.notes,
            ]
        else:
            notes.append("no implied conversations: hours per conversation can be 0")
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs={key: staff.distribution(assumptions.qualifiers)}
            | dict(per_year.inputs)
            | dict(productive.inputs)
            | (dict(hours.inputs) if implied else {}),
            function=cost,
            components=("staff_time",),
            quantities=("caseworker_hours", "conversations") if implied else ("caseworker_hours",),
            provenance=(staff.source, *(hours.provenance if implied else ())),
            leaves_out=left_out(municipality, [self.name]),
            notes=tuple(notes),
        )
