"""The estimator contract and the building blocks the built-in strategies share.

An estimator is a strategy: ``build(municipality, assumptions) -> CostModel``. Its ``__init__``
only stores options; ``build`` is pure (it reads, never mutates, its arguments) and raises
:class:`~repatcost.errors.NotApplicable` with an actionable reason when the evidence lacks what
it needs.

A :class:`Part` is a reusable piece of a cost function: the inputs it needs and a vectorised
function of them (conversations per year, hourly cost, price-year factor).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.distributions import Distribution, FloatArray
from repatcost.errors import NotApplicable
from repatcost.evidence import ConversationCount, Measure, Municipality, Source
from repatcost.model import CostModel, Values

__all__ = [
    "Estimator",
    "Part",
    "conversations",
    "hourly",
    "is_positive",
    "left_out",
    "positive",
    "price_factor",
    "shared",
    "staff_year",
]


_ONE = np.ones(1)
_ONE.setflags(write=False)


def left_out(municipality: Municipality, methods: Iterable[str]) -> tuple[str, ...]:
    """The municipality's notes that none of ``methods`` quantifies: what an estimate omits."""
    used = set(methods)
    return tuple(n.text for n in municipality.notes if n.covered_by not in used)


class Estimator(abc.ABC):
    """Base class of estimator strategies (see module docs).

    Subclasses set ``name`` (the registry name, used in scenario files) and implement
    ``build``.
    """

    name: ClassVar[str]

    @abc.abstractmethod
    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        """The cost model of ``municipality`` under ``assumptions``."""

    def applies(self, municipality: Municipality, assumptions: Assumptions) -> bool:
        """True when ``build`` would succeed."""
        try:
            self.build(municipality, assumptions)
        except NotApplicable:
            return False
        return True


@attrs.frozen
class Part:
    """A piece of a cost function: its inputs, a vectorised function, and what it records."""

    inputs: Mapping[str, Distribution]
    fn: Callable[[Values], FloatArray]
    notes: tuple[str, ...] = ()
    provenance: tuple[Source, ...] = ()
    decreasing: frozenset[str] = frozenset()
    """Inputs the part's value falls in; it is non-decreasing in the others."""


def shared(assumptions: Assumptions, name: str) -> Part:
    """The shared assumption ``name`` as a part (an input under its own name)."""
    dist = assumptions.distribution(name)
    return Part({name: dist}, lambda v: v[name])


def is_positive(part: Part) -> bool:
    """True when every input of ``part`` is > 0 throughout its range (safe to divide by)."""
    return all(dist.bounds[0] > 0 for dist in part.inputs.values())


def positive(part: Part, owner: str, what: str) -> Part:
    """``part`` unchanged, after checking every input it divides by is > 0 throughout;
    otherwise :class:`~repatcost.errors.NotApplicable` naming the input to change."""
    for name, dist in part.inputs.items():
        if not dist.bounds[0] > 0:
            raise NotApplicable(
                f"{owner} divides {what} by '{name}', whose range {dist.bounds} reaches 0; "
                f"give '{name}' a range above 0 to use it."
            )
    return part


def hourly(assumptions: Assumptions) -> Part:
    """Cost of a caseworker hour in DKK (see :func:`repatcost.assumptions.hourly_cost`)."""
    names = ("wage_cost", "overhead_share", "productive_hours")
    positive(shared(assumptions, "productive_hours"), "hourly cost", "the staff-year cost")
    return Part(
        {n: assumptions.distribution(n) for n in names},
        _hourly_cost,
        decreasing=frozenset({"productive_hours"}),
    )


def _staff_year_cost(v: Values) -> FloatArray:
    """:func:`~repatcost.assumptions.staff_year_cost` on arrays, into one fresh array."""
    result = np.add(1.0, v["overhead_share"])
    np.multiply(v["wage_cost"], result, out=result)
    return result


def _hourly_cost(v: Values) -> FloatArray:
    """:func:`~repatcost.assumptions.hourly_cost` on arrays, into one fresh array."""
    result = _staff_year_cost(v)
    np.divide(result, v["productive_hours"], out=result)
    return result


def staff_year(assumptions: Assumptions) -> Part:
    """Cost of one staff-year in DKK: wage cost x (1 + overhead)."""
    names = ("wage_cost", "overhead_share")
    return Part({n: assumptions.distribution(n) for n in names}, _staff_year_cost)


def price_factor(year: int, assumptions: Assumptions) -> Part:
    """Factor taking DKK of ``year`` to DKK of the price year: (1 + wage growth)^(years apart).

    For the price year itself the factor is exactly 1 and needs no input.
    """
    gap = assumptions.price_year - year
    if gap == 0:
        return Part({}, lambda v: _ONE)
    note = (
        f"DKK of {year} moved to {assumptions.price_year} prices by municipal wage growth "
        f"over {abs(gap)} year(s)"
    )
    return Part(
        {"wage_growth": assumptions.distribution("wage_growth")},
        lambda v: (1.0 + v["wage_growth"]) ** gap,
        notes=(note,),
        decreasing=frozenset({"wage_growth"}) if gap < 0 else frozenset(),
    )


_FACTORS: dict[Measure, tuple[str, ...]] = {
    Measure.CALLED_IN: ("distinct_invitation_share", "show_up_rate"),
    Measure.TOOK_PART: ("conversations_per_person",),
    Measure.HELD: (),
}
"""The assumptions that turn a count of each measure into conversations held."""

_FACTOR_NOTES = {
    "distinct_invitation_share": "invitations x share not a repeat invitation = persons invited",
    "show_up_rate": "persons invited x show-up rate = conversations held (an assumption)",
    "conversations_per_person": "persons taking part x conversations per person = "
    "conversations held",
}


def _at_most_one(inputs: Mapping[str, Distribution], factors: list[str]) -> None:
    for name in factors:
        high = inputs[name].bounds[1]
        if high > 1.0:
            raise NotApplicable(
                f"a count of persons called in gives at most one conversation per invitation, "
                f"so '{name}' must stay <= 1; its range reaches {high:g}."
            )


def conversations(municipality: Municipality, assumptions: Assumptions) -> Part:
    """Dedicated conversations held per year, from the municipality's count.

    The count is annualised by its period (``Period.years``). Persons *called in* are counted
    as invitations (some citizens are called in more than once): they become conversations
    through ``distinct_invitation_share`` and ``show_up_rate``, both at most 1, so the
    conversations never exceed the invitations. Persons *taking part* become conversations
    through ``conversations_per_person`` (a person may have had more than one); conversations
    *held* are used as they are.
    """
    count = municipality.only(ConversationCount)
    if count is None:
        raise NotApplicable(
            f"{municipality.name} reported no count of dedicated conversations or persons; add a "
            "'count' record (value, measure = called_in | took_part | held, period) to use it."
        )
    key = f"{municipality.key}.count"
    years = count.period.years
    inputs = {key: count.distribution(assumptions.qualifiers)}
    notes = [
        f"{count.value:g} {count.unit} ({count.measure.value.replace('_', ' ')}) "
        f"over {count.period}"
    ]
    if years != 1.0:
        notes.append(f"count annualised: divided by {years:.3g} years")
    factors = list(_FACTORS[count.measure])
    notes += [_FACTOR_NOTES[name] for name in factors]
    inputs |= {name: assumptions.distribution(name) for name in factors}
    if count.measure is Measure.CALLED_IN:
        _at_most_one(inputs, factors)

    def held(v: Values) -> FloatArray:
        # count / years x factors, left to right; x / 1.0 is x exactly, so a yearly count
        # skips the division, and the factors multiply in place into one fresh array
        if factors and years == 1.0:
            result = np.multiply(v[key], v[factors[0]])
            rest = factors[1:]
        else:
            result, rest = np.divide(v[key], years), factors
        for name in rest:
            np.multiply(result, v[name], out=result)
        return result

    return Part(inputs, held, tuple(notes), (count.source,))
