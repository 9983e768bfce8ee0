"""InterpreterFees: an add-on for interpreters' fees on the conversations held."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator, conversations, left_out
from repatcost.evidence import Activity, HoursPerConversation, Municipality
from repatcost.model import CostModel, Values

__all__ = ["InterpreterFees", "billed_hours"]

_NAMES = (
    "interpreter_share",
    "interpreter_fee",
    "interpreted_meeting_hours",
    "interpreter_minimum_billing",
    "interpreter_billing_increment",
)


def billed_hours(meeting: FloatArray, minimum: FloatArray, increment: FloatArray) -> FloatArray:
    """Hours billed for an interpreted meeting: the meeting rounded up to whole billing
    increments (none when the increment is 0: the time used), and at least the minimum.

    >>> import numpy as np
    >>> one, half, none = np.ones(1), np.full(1, 0.5), np.zeros(1)
    >>> [float(billed_hours(np.full(1, 1.25), one, step)[0]) for step in (one, half, none)]
    [2.0, 1.5, 1.25]
    """
    stepped = increment > 0
    safe = np.where(stepped, increment, 1.0)
    billed = np.where(stepped, np.ceil(meeting / safe) * safe, meeting)
    np.maximum(minimum, billed, out=billed)
    return billed


def _billing_rule(assumptions: Assumptions) -> None:
    """The billing increment is a rule (one fixed value >= 0), not an uncertain number."""
    dist = assumptions.distribution("interpreter_billing_increment")
    low, high = dist.bounds
    if low != high or low < 0:
        raise NotApplicable(
            "interpreter_fees needs 'interpreter_billing_increment' as one fixed value >= 0 "
            f"(a billing rule, e.g. 1 = per commenced hour, 0 = the time used); got {dist!r}."
        )


@attrs.frozen
class InterpreterFees(Estimator):
    """Interpreter fees: conversations x share interpreted x billed hours x fee per hour.

    Billed hours per interpreted conversation = max(minimum billing, meeting length rounded
    up to whole billing increments) (see :func:`billed_hours`): the police tariffs bill per
    commenced hour (increment 1), some bureaus a first hour then per commenced half hour
    (minimum 1, increment 0.5), and increment 0 bills the time used. Only the interpreter's fee is
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
        _billing_rule(assumptions)

        def cost(v: Values) -> dict[str, FloatArray]:
            billed = billed_hours(
                v["interpreted_meeting_hours"],
                v["interpreter_minimum_billing"],
                v["interpreter_billing_increment"],
            )
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
