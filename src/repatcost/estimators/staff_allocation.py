"""StaffAllocation: staff-years set aside x cost of a staff-year."""

from __future__ import annotations

from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.estimators.base import Estimator, require
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import (
    Part,
    hours_per_conversation,
    is_positive,
    own,
    shared,
    staff_year,
)
from repatcost.evidence import Municipality, StaffYears
from repatcost.model import CostModel

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
    needs: ClassVar[tuple[type, ...]] = (StaffYears,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        record = require(municipality, StaffYears)
        note = f"{record.value:g} staff-year(s) set aside for {record.purpose}"
        staff = own(municipality, "staff_years", record, assumptions, note)
        hours = staff * shared(assumptions, "productive_hours")
        quantities: dict[str, Part] = {"caseworker_hours": hours}
        per_conversation = hours_per_conversation(municipality, assumptions)
        notes = []
        if is_positive(per_conversation):
            quantities["conversations"] = (hours / per_conversation).noted(
                "implied conversations = staff-years x productive hours / hours per conversation"
            )
        else:
            notes.append("no implied conversations: hours per conversation can be 0")
        time = staff * staff_year(assumptions)
        return cost_model(self.name, municipality, {"staff_time": time}, quantities, notes=notes)
