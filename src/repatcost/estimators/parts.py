"""Parts: the pieces a cost model is built from.

A :class:`Part` is a vectorised function of named inputs together with what it records: the
inputs' distributions, notes in words, the sources behind it, and the inputs it *falls* in
(it is non-decreasing in every other input). Parts combine with ``*``, ``/`` and ``+``
(with each other or with positive numbers); the combination merges their inputs through
:func:`~repatcost.model.merge_inputs` (one name, one distribution), keeps their notes and
sources in order, and works out its own monotonicity: dividing by a part flips the direction
of that part's inputs. A combination that would both rise and fall in one input raises
:class:`~repatcost.errors.NotApplicable`, since its hard range would no longer be exact.

Every value here is non-negative, so these rules hold.

>>> import numpy as np
>>> from repatcost.distributions import Fixed
>>> hours = Part({"hours": Fixed(2.0)}, lambda v: v["hours"], notes=("2 hours",))
>>> rate = Part({"rate": Fixed(400.0)}, lambda v: v["rate"])
>>> per_hour = rate / hours
>>> sorted(per_hour.decreasing), per_hour.notes
(['hours'], ('2 hours',))
>>> (hours * rate).value({"hours": np.array([2.0, 3.0]), "rate": np.array([400.0, 400.0])})
array([ 800., 1200.])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, overload

import attrs
import numpy as np

from repatcost._validators import fail, str_set, str_tuple
from repatcost.assumptions import Assumptions
from repatcost.distributions import Distribution, FloatArray
from repatcost.errors import NotApplicable
from repatcost.estimators.base import optional
from repatcost.evidence import (
    EffortPerUnit,
    Figure,
    Municipality,
    Period,
    Source,
    Volume,
    source_tuple,
)
from repatcost.model import Values, merge_inputs

__all__ = [
    "ONE",
    "Part",
    "assumed",
    "counted_volume",
    "effort_per_unit",
    "fees",
    "hourly",
    "is_positive",
    "own",
    "per_year",
    "positive",
    "price_factor",
    "shared",
    "staff_year",
    "volume",
    "volume_name",
]


def _frozen(value: Mapping[str, Distribution]) -> Mapping[str, Distribution]:
    return MappingProxyType(dict(value))


class _Memo(Mapping[str, FloatArray]):
    """The input arrays of one evaluation, with the value of every part computed so far."""

    def __init__(self, values: Values) -> None:
        self._values = values
        self.cache: dict[int, FloatArray] = {}

    def __getitem__(self, name: str) -> FloatArray:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def memo(values: Values) -> Values:
    """``values`` for one evaluation in which each part is computed once, however often used."""
    return _Memo(values)


@attrs.frozen(eq=False)
class Part:
    """A vectorised function of named inputs, and what it records (see module docs).

    Attributes:
        inputs: input name -> distribution.
        fn: the function: input arrays in, one array out (never changing its inputs).
        notes: how the part was built, in words.
        provenance: the sources of the evidence it uses.
        decreasing: the inputs it falls in; it is non-decreasing in the others.
    """

    inputs: Mapping[str, Distribution] = attrs.field(converter=_frozen)
    fn: Callable[[Values], FloatArray] = attrs.field(repr=False)
    notes: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    provenance: tuple[Source, ...] = attrs.field(default=(), converter=source_tuple)
    decreasing: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)

    def __attrs_post_init__(self) -> None:
        if not self.decreasing <= set(self.inputs):
            raise fail(self, "decreasing", sorted(self.decreasing), "a subset of the inputs")

    @property
    def rising(self) -> frozenset[str]:
        """The inputs it is non-decreasing in."""
        return frozenset(self.inputs) - self.decreasing

    def value(self, values: Values) -> FloatArray:
        """The part on ``values``; within one :func:`memo` evaluation, computed once."""
        cache = values.cache if isinstance(values, _Memo) else None
        if cache is None:
            return self.fn(values)
        if id(self) not in cache:
            cache[id(self)] = self.fn(values)
        return cache[id(self)]

    def noted(self, *notes: str) -> Part:
        """The same part with ``notes`` added."""
        return attrs.evolve(self, notes=self.notes + notes)

    def __mul__(self, other: Part | float) -> Part:
        return _join(self, _as_part(other, "a factor"), np.multiply, flips=False)

    def __rmul__(self, other: float) -> Part:
        return _join(_as_part(other, "a factor"), self, np.multiply, flips=False)

    def __add__(self, other: Part | float) -> Part:
        return _join(self, _as_part(other, "a term"), np.add, flips=False)

    def __radd__(self, other: float) -> Part:
        return _join(_as_part(other, "a term"), self, np.add, flips=False)

    def __truediv__(self, other: Part | float) -> Part:
        return _join(self, _as_part(other, "a divisor", strict=True), np.divide, flips=True)

    def __sub__(self, other: Part | float) -> Part:
        """The difference (it can be negative: for quantities, never for a cost)."""
        return _join(self, _as_part(other, "a term"), np.subtract, flips=True)


def _constant(value: float) -> Part:
    array = np.full(1, value)
    array.setflags(write=False)
    return Part({}, lambda v: array)


ONE = _constant(1.0)
"""The number 1 as a part: multiplying or dividing by it gives the other part unchanged."""


def _as_part(value: Part | float, role: str, *, strict: bool = False) -> Part:
    if isinstance(value, Part):
        return value
    ok = isinstance(value, int | float) and math.isfinite(value)
    if not ok or isinstance(value, bool) or value < 0 or (strict and value == 0):
        raise fail(
            "Part", role, value, "a Part or a finite number " + ("> 0" if strict else ">= 0")
        )
    return ONE if value == 1 else _constant(float(value))


def _join(a: Part, b: Part, op: Any, *, flips: bool) -> Part:
    """``op(a, b)`` as a part; ``flips`` when the result falls as ``b`` rises (division)."""
    if b is ONE and op is not np.add:
        return a
    if a is ONE and op is np.multiply:
        return b
    up, down = (b.decreasing, b.rising) if flips else (b.rising, b.decreasing)
    rising, falling = a.rising | up, a.decreasing | down
    both = sorted(rising & falling)
    if both:
        raise NotApplicable(
            f"The cost would rise with {', '.join(both)} through one part and fall with it "
            "through another, so it is not monotone and its hard range would not be exact; "
            "estimate those parts separately."
        )

    def fn(v: Values) -> FloatArray:
        result: FloatArray = op(a.value(v), b.value(v))
        return result

    return Part(
        merge_inputs("Part", a.inputs, b.inputs),
        fn,
        tuple(dict.fromkeys(a.notes + b.notes)),
        tuple(dict.fromkeys(a.provenance + b.provenance)),
        falling,
    )


def own(
    municipality: Municipality,
    field: str,
    record: Figure,
    assumptions: Assumptions,
    note: str = "",
) -> Part:
    """A municipality's own reported figure, as the input ``<key>.<field>``."""
    key = f"{municipality.key}.{field}"
    dist = record.distribution(assumptions.qualifiers)
    return Part({key: dist}, lambda v: v[key], (note,) if note else (), (record.source,))


def assumed(assumptions: Assumptions, *names: str) -> dict[str, Distribution]:
    """The distributions of the shared assumptions ``names``; NotApplicable naming the
    missing ones when the assumption set lacks some."""
    missing = [name for name in names if name not in assumptions]
    if missing:
        raise NotApplicable(
            f"The assumptions lack {', '.join(missing)}; add "
            + ", ".join(f"[assumptions.{name}]" for name in missing)
            + " to the scenario file (distribution, unit, rationale, source) to use it."
        )
    return {name: assumptions.distribution(name) for name in names}


def shared(assumptions: Assumptions, name: str) -> Part:
    """The shared assumption ``name`` as a part (an input under its own name)."""
    return Part(assumed(assumptions, name), lambda v: v[name])


@overload
def per_year(amount: float, period: Period) -> float: ...


@overload
def per_year(amount: Part, period: Period) -> Part: ...


def per_year(amount: float | Part, period: Period) -> float | Part:
    """``amount`` over ``period`` as an amount per year: divided by the period's length in
    years (:attr:`~repatcost.evidence.Period.years`); a period of one year leaves it as it is.

    >>> from datetime import date
    >>> per_year(480.0, Period(date(2021, 1, 1), date(2023, 1, 1)))
    240.0
    """
    years = period.years
    if years == 1.0:
        return amount
    if isinstance(amount, Part):
        return (amount / years).noted(f"annualised: divided by {years:.3g} years ({period})")
    return amount / years


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
    """Cost of one staff-year: wage cost x (1 + overhead)."""
    return Part(assumed(assumptions, "wage_cost", "overhead_share"), _staff_year_cost)


def hourly(assumptions: Assumptions) -> Part:
    """Cost of a staff hour: the ``hourly_cost`` assumption when the study has one, else
    wage cost x (1 + overhead) / productive hours (:func:`repatcost.assumptions.hourly_cost`).
    """
    if "hourly_cost" in assumptions:
        return shared(assumptions, "hourly_cost")
    names = ("wage_cost", "overhead_share", "productive_hours")
    if not any(name in assumptions for name in names):
        raise NotApplicable(
            "pricing staff time needs the cost of an hour; add [assumptions.hourly_cost] (or "
            "[assumptions.wage_cost], [assumptions.overhead_share] and "
            "[assumptions.productive_hours]) to the scenario file."
        )
    positive(shared(assumptions, "productive_hours"), "hourly cost", "the staff-year cost")
    return Part(assumed(assumptions, *names), _hourly_cost, decreasing={"productive_hours"})


def price_factor(year: int, assumptions: Assumptions) -> Part:
    """Factor taking money of ``year`` to money of the price year: by the study's price
    index when it declares one, else (1 + wage growth)^(years apart).

    For the price year itself the factor is :data:`ONE` and needs no input.
    """
    gap = assumptions.price_year - year
    if gap == 0:
        return ONE
    index = assumptions.price_index
    if index is not None:
        factor = index.factor(year, assumptions.price_year)
        return _constant(factor).noted(
            f"money of {year} moved to {assumptions.price_year} prices by {index.name} "
            f"(x {factor:.4g}; {index.source})"
        )
    note = (
        f"money of {year} moved to {assumptions.price_year} prices by wage growth "
        f"over {abs(gap)} year(s)"
    )
    return Part(
        assumed(assumptions, "wage_growth"),
        lambda v: (1.0 + v["wage_growth"]) ** gap,
        notes=(note,),
        decreasing={"wage_growth"} if gap < 0 else (),
    )


def _hook(assumptions: Assumptions, name: str) -> Callable[..., Part | None] | None:
    """The hook ``name`` of the pack the assumptions belong to, None without a pack."""
    from repatcost.packs import pack_of

    pack = pack_of(assumptions)
    return None if pack is None else getattr(pack, name)


def volume_name(assumptions: Assumptions) -> str:
    """The name of the quantity that counts units: the pack's (``"conversations"`` in the
    Danish pack), else ``"volume"``."""
    from repatcost.packs import pack_of

    pack = pack_of(assumptions)
    return "volume" if pack is None else pack.declarations.volume


def _reported_volume(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """Units per year from the body's ``volume`` record, None without one."""
    found = municipality.records(Volume)
    if not found:
        return None
    if len(found) > 1:
        raise NotApplicable(
            f"{municipality.name} reports {len(found)} volumes; keep the one at the stage the "
            "cost per unit counts (a reading can hold the others)."
        )
    record = found[0]
    stage = "" if record.stage is None else f" ({record.stage})"
    note = f"{record.value:,.6g} units{stage} over {record.period} ({record.qualifier.value})"
    return per_year(own(municipality, "volume", record, assumptions, note), record.period)


def volume(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """Units at the funnel's last stage per year: the pack's reading of its own counts (the
    Danish pack turns persons called in into conversations held), else the body's
    ``volume`` record; None when nothing gives it."""
    hook = _hook(assumptions, "volume")
    found = None if hook is None else hook(municipality, assumptions)
    return _reported_volume(municipality, assumptions) if found is None else found


def counted_volume(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """Units per year when the count was reported at the funnel's last stage (no assumption
    between), else None."""
    hook = _hook(assumptions, "counted")
    found = None if hook is None else hook(municipality, assumptions)
    if found is not None:
        return found
    try:
        return _reported_volume(municipality, assumptions)
    except NotApplicable:  # several volumes: none is the one counted, the cost stands
        return None


def effort_per_unit(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """Hours per unit: the pack's reading (the Danish pack's hours per conversation), else
    the body's own ``effort_per_unit`` record, else the ``effort_per_unit`` assumption;
    None when none exists."""
    hook = _hook(assumptions, "effort")
    found = None if hook is None else hook(municipality, assumptions)
    if found is not None:
        return found
    record = optional(municipality, EffortPerUnit)
    if record is not None:
        what = ", ".join(record.includes) or "what they include is not stated"
        note = f"{record.hours:g} hours per unit ({record.qualifier.value}; {what})"
        return own(municipality, "effort_per_unit", record, assumptions, note)
    if "effort_per_unit" in assumptions:
        return shared(assumptions, "effort_per_unit")
    return None


def fees(municipality: Municipality, assumptions: Assumptions) -> Part | None:
    """The fees the pack's fee model puts inside reported spending, None without one."""
    hook = _hook(assumptions, "fees")
    return None if hook is None else hook(municipality, assumptions)
