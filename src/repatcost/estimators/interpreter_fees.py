"""InterpreterFees: an add-on for interpreters' fees on the conversations held."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.estimators.base import Estimator, conversations, left_out
from repatcost.evidence import Activity, HoursPerConversation, Municipality
from repatcost.model import CostModel, Values

__all__ = ["InterpreterFees"]

_NAMES = (
    "interpreter_share",
    "interpreter_fee",
    "interpreted_meeting_hours",
    "interpreter_minimum_billing",
)


@attrs.frozen
class InterpreterFees(Estimator):
    """Interpreter fees: conversations x share interpreted x billed hours x fee per hour.

    Billed hours per interpreted conversation = max(minimum billing, meeting length rounded
    up to whole hours), as interpreters bill per commenced hour. Only the interpreter's fee is
    added, never caseworker time, so hours that already include interpreting time (Aalborg's)
    are not counted twice.

    Output: component ``interpreter_fees``; quantity ``conversations``.

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> m = InterpreterFees().build(study.municipality("aarhus"), study.assumptions)
    >>> m.components
    ('interpreter_fees',)
    """

    name: ClassVar[str] = "interpreter_fees"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        held = conversations(municipality, assumptions)

        def cost(v: Values) -> dict[str, FloatArray]:
            billed = np.ceil(v["interpreted_meeting_hours"])
            np.maximum(v["interpreter_minimum_billing"], billed, out=billed)
            n_held = held.fn(v)
            # n_held x share x billed x fee, left to right, in one fresh array
            fees = np.multiply(n_held, v["interpreter_share"])
            np.multiply(fees, billed, out=fees)
            np.multiply(fees, v["interpreter_fee"], out=fees)
            return {"interpreter_fees": fees, "conversations": n_held}

        notes = ["interpreter fee only: caseworker time is priced by other estimators"]
        hours = municipality.only(HoursPerConversation)
        if hours is not None and Activity.INTERPRETING in hours.includes:
            notes.append("reported hours include interpreting time; only the fee is added")
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=dict(held.inputs) | {n: assumptions.distribution(n) for n in _NAMES},
            function=cost,
            components=("interpreter_fees",),
            quantities=("conversations",),
            provenance=held.provenance,
            leaves_out=left_out(municipality, [self.name]),
            notes=held.notes + tuple(notes),
        )
