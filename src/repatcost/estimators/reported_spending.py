"""ReportedSpending: what the municipality says it spent, or set aside, in a year."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from repatcost._validators import fail, member_of
from repatcost.assumptions import Assumptions
from repatcost.errors import NotApplicable
from repatcost.estimators.base import Estimator
from repatcost.estimators.builder import cost_model
from repatcost.estimators.parts import (
    Part,
    effort_per_unit,
    fees,
    is_positive,
    own,
    price_factor,
    volume,
    volume_name,
)
from repatcost.evidence import Municipality, Spending, SpendingKind, as_spending_kind
from repatcost.model import CostModel

__all__ = ["ReportedSpending"]


def _optional_year(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise fail(inst, attribute.name, value, "a year (an integer) or None for the latest")


@attrs.frozen
class ReportedSpending(Estimator):
    """Reported spending (or a budget frame) as the annual cost, at the study's price year.

    The amount is read through its qualifier (``0.8 million`` rounded to 0.1 million is
    Uniform(0.75, 0.85) million) and moved from its own year to the price year by the
    study's price index (else the wage-growth assumption). When the municipality also reported
    a count, the quantity ``implied_hourly_cost`` = (spending - modelled fees) / (units x
    hours per unit): fees that the pack's fee model puts inside the spending (interpreter
    fees in the Danish pack) are not staff cost; without a fee model nothing is subtracted.

    Args:
        kind: ``"actual"`` spending (default), a ``"budget"`` frame or an ``"estimate"``
            of what was spent.
        year: which year's figure; None takes the latest of that kind.

    >>> from repatcost.data import bundled_study
    >>> kbh = bundled_study().municipality("kobenhavn")
    >>> model = ReportedSpending(year=2023).build(kbh, bundled_study().assumptions)
    >>> model.hard_range()
    (750000.0, 850000.0)
    """

    name: ClassVar[str] = "reported_spending"
    needs: ClassVar[tuple[type, ...]] = (Spending,)
    kind: SpendingKind = attrs.field(
        default=SpendingKind.ACTUAL, converter=as_spending_kind, validator=member_of(SpendingKind)
    )
    year: int | None = attrs.field(default=None, validator=_optional_year)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        spending = self._record(municipality)
        note = f"{_what(spending)} as reported ({spending.scope}): {spending.reported:,.0f}"
        dated = spending.year is not None
        field = f"spending_{spending.year if dated else 'undated'}_{spending.kind.value}"
        money = own(municipality, field, spending, assumptions, note)
        year = spending.year if spending.year is not None else assumptions.price_year
        money = money * price_factor(year, assumptions)
        quantities: dict[str, Part] = {}
        implied = _implied_volume(municipality, assumptions)
        if implied is not None:
            held, hours = implied
            quantities[volume_name(assumptions)] = held
            modelled = fees(municipality, assumptions)
            staff = money if modelled is None else money - modelled
            quantities["implied_hourly_cost"] = (staff / (held * hours)).noted(
                _implied_rule(assumptions, modelled is not None)
            )
        return cost_model(self.name, municipality, {"reported_spending": money}, quantities)

    def _record(self, municipality: Municipality) -> Spending:
        """The latest record of the chosen kind (and year); NotApplicable naming it if none."""
        found = [
            s
            for s in municipality.records(Spending)
            if s.kind is self.kind and (self.year is None or s.year == self.year)
        ]
        if not found:
            year = "" if self.year is None else f" in {self.year}"
            and_year = "" if self.year is None else f" and year = {self.year}"
            kinds = {s.kind.value for s in municipality.records(Spending)}
            other = sorted(kinds - {self.kind.value})
            choose = (
                f", or choose estimator = {{name = 'reported_spending', kind = {other[0]!r}}}"
                if other
                else ""
            )
            raise NotApplicable(
                f"{municipality.name} reported no {self.kind.value} spending{year}; add a "
                f"'spending' record with kind = {self.kind.value!r}{and_year}{choose}."
            )
        return max(found, key=lambda s: -1 if s.year is None else s.year)


def _what(spending: Spending) -> str:
    """The record's kind and year in words; a year the source does not give says so.

    >>> from repatcost.evidence import Source
    >>> guess = Spending(amount=1.0, year=2015, kind="estimate", year_words="in recent years",
    ...                  source=Source(section="1", document="An article"))
    >>> _what(guess)
    "estimated spending, taken for 2015 (the source gives no year: 'in recent years')"
    >>> _what(Spending(amount=1.0, kind="estimate", source=Source(section="1")))
    'estimated spending undated (read as of the price year)'
    """
    kind = _KIND_WORDS[spending.kind]
    if spending.year is None:
        words = "" if spending.year_words is None else f": {spending.year_words!r}"
        return f"{kind} undated (read as of the price year{words})"
    if spending.year_words is None:
        return f"{kind} {spending.year}"
    return f"{kind}, taken for {spending.year} (the source gives no year: {spending.year_words!r})"


_KIND_WORDS = {
    SpendingKind.ACTUAL: "spending",
    SpendingKind.BUDGET: "budget frame",
    SpendingKind.FRAME: "frame",
    SpendingKind.ESTIMATE: "estimated spending",
}


def _implied_rule(assumptions: Assumptions, with_fees: bool) -> str:
    """The implied hourly cost's rule in the study's words (its pack's, else general)."""
    from repatcost.packs import pack_of

    pack = pack_of(assumptions)
    decl = None if pack is None else pack.declarations
    counted = "units" if decl is None else decl.counted_plural
    unit = "unit" if decl is None else decl.unit
    plural = "units" if decl is None else decl.unit_plural
    fee = "fees" if decl is None else decl.text("fees", "fees")
    less = f" - modelled {fee}" if with_fees else ""
    return (
        f"implied hourly cost = (spending{less}) / ({counted} x hours per {unit}); the "
        f"spending may cover more than the {plural}"
    )


def _implied_volume(
    municipality: Municipality, assumptions: Assumptions
) -> tuple[Part, Part] | None:
    """Units per year and hours per unit, when a count allows them (count > 0)."""
    held = volume(municipality, assumptions)
    if held is None or not is_positive(held):
        return None
    hours = effort_per_unit(municipality, assumptions)
    if hours is None or not is_positive(hours):
        return None  # a divisor can reach 0: no implied hourly cost
    return held, hours
