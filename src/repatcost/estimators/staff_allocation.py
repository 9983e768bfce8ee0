"""StaffAllocation: staff-years set aside x cost of a staff-year."""

from __future__ import annotations

from typing import ClassVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.estimators.base import Estimator, require
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import (
    Part,
    effort_per_unit,
    is_positive,
    own,
    shared,
    staff_year,
    volume_name,
)
from repatcost.evidence import Municipality, StaffYears
from repatcost.model import CostModel

__all__ = ["StaffAllocation"]


@attrs.frozen
class StaffAllocation(Estimator):
    """Staff-years x (wage cost x (1 + overhead)): a whole staff-year is paid, however used.

    Outputs: component ``staff_time``; quantities ``caseworker_hours`` (staff-years x
    productive hours) and, where the study has an effort per unit, the *implied* number of
    units those hours buy (``conversations`` in the Danish pack, where the source gives no
    count for Odense).

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
        per_unit = effort_per_unit(municipality, assumptions)
        notes = []
        if per_unit is not None and is_positive(per_unit):
            quantities[volume_name(assumptions)] = (hours / per_unit).noted(
                "implied units = staff-years x productive hours / hours per unit"
            )
        elif per_unit is not None:
            notes.append("no implied units: the hours per unit can be 0")
        time = staff * staff_year(assumptions)
        return cost_model(self.name, municipality, {"staff_time": time}, quantities, notes=notes)
