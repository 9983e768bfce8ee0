"""ReportedSpending: what the municipality says it spent, or set aside, in a year."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import numpy as np

from repatcost._validators import fail, member_of
from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import (
    Estimator,
    Part,
    conversations,
    is_positive,
    left_out,
    price_factor,
)
from repatcost.estimators.conversation_time import hours_per_conversation
from repatcost.evidence import (
    ConversationCount,
    Municipality,
    Spending,
    SpendingKind,
    as_spending_kind,
)
from repatcost.model import CostModel, Values, merge_inputs

__all__ = ["ReportedSpending"]


def _optional_year(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise fail(inst, attribute.name, value, "a year (an integer) or None for the latest")


@attrs.frozen
class ReportedSpending(Estimator):
    """Reported spending (or a budget frame) as the annual cost, at the study's price year.

    The amount is read through its qualifier (``0.8 million`` rounded to 0.1 million is
    Uniform(0.75, 0.85) million) and moved from its own year to the price year by the
    wage-growth assumption.

    Args:
        kind: ``"actual"`` spending (default) or a ``"budget"`` frame.
        year: which year's figure; None takes the latest of that kind.

    >>> from repatcost.data import bundled_study
    >>> kbh = bundled_study().municipality("kobenhavn")
    >>> model = ReportedSpending(year=2023).build(kbh, bundled_study().assumptions)
    >>> model.hard_range()
    (750000.0, 850000.0)
    """

    name: ClassVar[str] = "reported_spending"
    kind: SpendingKind = attrs.field(
        default=SpendingKind.ACTUAL, converter=as_spending_kind, validator=member_of(SpendingKind)
    )
    year: int | None = attrs.field(default=None, validator=_optional_year)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        found = [
            s
            for s in municipality.records(Spending)
            if s.kind is self.kind and (self.year is None or s.year == self.year)
        ]
        if not found:
            which = f"{self.kind.value} spending" + (
                "" if self.year is None else f" in {self.year}"
            )
            raise NotApplicable(
                f"{municipality.name} reported no {which}; add a 'spending' record with "
                f"kind = {self.kind.value!r}"
                + ("" if self.year is None else f" and year = {self.year}")
                + "."
            )
        spending = max(found, key=lambda s: s.year)
        key = f"{municipality.key}.spending_{spending.year}_{spending.kind.value}"
        factor = price_factor(spending.year, assumptions)

        implied = _implied_volume(municipality, assumptions)

        same_year = spending.year == assumptions.price_year  # the factor is exactly 1

        def cost(v: Values) -> dict[str, FloatArray]:
            money = v[key] if same_year else v[key] * factor.fn(v)
            out = {"reported_spending": money}
            if implied is not None:
                held, hours = implied
                n_held = held.fn(v)
                out["conversations"] = n_held
                hours_held = n_held * hours.fn(v)
                out["implied_hourly_cost"] = np.divide(money, hours_held, out=hours_held)
            return out

        kind_text = "budget frame" if spending.kind is SpendingKind.BUDGET else "spending"
        extra = () if implied is None else implied
        notes = [
            f"{kind_text} {spending.year} as reported ({spending.scope}): "
            f"DKK {spending.amount_dkk:,.0f}",
            *factor.notes,
        ]
        if implied is not None:
            notes.append(
                "implied hourly cost = spending / (conversations held x hours per "
                "conversation); the spending may cover more than the conversations"
            )
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=merge_inputs(
                self.name,
                {key: spending.distribution(assumptions.qualifiers)},
                factor.inputs,
                *(part.inputs for part in extra),
            ),
            function=cost,
            components=("reported_spending",),
            decreasing=factor.decreasing,
            quantities=() if implied is None else ("conversations", "implied_hourly_cost"),
            provenance=(spending.source, *(s for part in extra for s in part.provenance)),
            leaves_out=left_out(municipality, [self.name]),
            notes=tuple(dict.fromkeys(notes + [n for part in extra for n in part.notes])),
        )


def _implied_volume(
    municipality: Municipality, assumptions: Assumptions
) -> tuple[Part, Part] | None:
    """Conversations held and hours per each, when a count allows them (count > 0)."""
    count = municipality.only(ConversationCount)
    if count is None or not count.distribution(assumptions.qualifiers).bounds[0] > 0:
        return None
    hours = hours_per_conversation(municipality, assumptions)
    held = conversations(municipality, assumptions)
    if not (is_positive(hours) and is_positive(held)):
        return None  # a divisor can reach 0: no implied hourly cost
    return held, hours
