"""InterpreterFees: an add-on for interpreters' fees on the conversations held."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator, optional
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import Part, assumed, shared
from repatcost.evidence import Activity, ConversationCount, HoursPerConversation, Municipality
from repatcost.model import CostModel
from repatcost.packs.dk_repatriation.funnel import conversations

__all__ = ["InterpreterFees", "billed_hours", "interpreter_fees"]


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


_BILLING = ("interpreted_meeting_hours", "interpreter_minimum_billing")
_INCREMENT = "interpreter_billing_increment"


def _billed(assumptions: Assumptions) -> Part:
    """Billed hours per interpreted conversation; the increment must be a rule (one fixed
    value >= 0), not an uncertain number."""
    dist = assumed(assumptions, _INCREMENT)[_INCREMENT]
    low, high = dist.bounds
    if low != high or low < 0:
        raise NotApplicable(
            f"interpreter_fees needs '{_INCREMENT}' as one fixed value >= 0 (a billing rule, "
            f"e.g. 1 = per commenced hour, 0 = the time used); got {dist!r}."
        )
    return Part(
        assumed(assumptions, *_BILLING, _INCREMENT),
        lambda v: billed_hours(*(v[name] for name in (*_BILLING, _INCREMENT))),
    )


def interpreter_fees(municipality: Municipality, assumptions: Assumptions) -> Part:
    """Interpreter fees per year: conversations held x share interpreted x billed hours x
    fee per hour (also what reported spending is net of, for its implied hourly cost)."""
    held = conversations(municipality, assumptions)
    share, fee = (shared(assumptions, n) for n in ("interpreter_share", "interpreter_fee"))
    return held * share * _billed(assumptions) * fee


@attrs.frozen
class InterpreterFees(Estimator):
    """Interpreter fees: conversations x share interpreted x billed hours x fee per hour.

    Billed hours per interpreted conversation = max(minimum billing, meeting length rounded
    up to whole billing increments) (see :func:`billed_hours`): the police tariffs bill per
    commenced hour (increment 1), some bureaus a first hour then per commenced half hour
    (minimum 1, increment 0.5), and increment 0 bills the time used. Only the interpreter's
    fee is added, never caseworker time, so hours that already include interpreting time
    (Aalborg's) are not counted twice.

    Output: component ``interpreter_fees``; quantity ``conversations``.

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> m = InterpreterFees().build(study.municipality("aarhus"), study.assumptions)
    >>> m.components
    ('interpreter_fees',)
    """

    name: ClassVar[str] = "interpreter_fees"
    needs: ClassVar[tuple[type, ...]] = (ConversationCount,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        held = conversations(municipality, assumptions)
        notes = ["interpreter fee only: caseworker time is priced by other estimators"]
        hours = optional(municipality, HoursPerConversation)
        if hours is not None and Activity.INTERPRETING in hours.includes:
            notes.append("reported hours include interpreting time; only the fee is added")
        fees = interpreter_fees(municipality, assumptions)
        return cost_model(
            self.name,
            municipality,
            {"interpreter_fees": fees},
            {"conversations": held},
            notes=notes,
        )
