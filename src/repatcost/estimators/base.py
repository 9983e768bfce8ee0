"""The estimator contract, and finding the evidence an estimator needs.

An estimator is a strategy: ``build(municipality, assumptions) -> CostModel``. Its ``__init__``
only stores options; ``build`` is pure (it reads, never mutates, its arguments) and raises
:class:`~repatcost.errors.NotApplicable` with an actionable reason when the evidence lacks what
it needs. ``needs`` declares the record types it cannot do without, so tests can generate
evidence it applies to (see :mod:`repatcost.testing.cases`).

>>> from repatcost.evidence import Municipality, StaffYears
>>> require(Municipality(name="Testby", code=999), StaffYears)
Traceback (most recent call last):
...
repatcost.errors.NotApplicable: Testby reported no StaffYears record; add a 'staff_years' ...
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import ClassVar, TypeVar

import attrs

from repatcost.assumptions import Assumptions
from repatcost.errors import NotApplicable
from repatcost.evidence import Figure, Municipality, Record
from repatcost.model import CostModel

__all__ = ["Estimator", "left_out", "optional", "require", "require_all"]

R = TypeVar("R", bound=Record)


class Estimator(abc.ABC):
    """Base class of estimator strategies (see module docs).

    Subclasses set ``name`` (the registry name, used in scenario files), ``needs`` (the
    record types ``build`` requires; empty for combinators, whose members decide) and
    implement ``build``.
    """

    name: ClassVar[str]
    needs: ClassVar[tuple[type, ...]] = ()

    @abc.abstractmethod
    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        """The cost model of ``municipality`` under ``assumptions``."""

    def requires(self) -> tuple[type, ...]:
        """The record types this instance cannot do without (its class's ``needs``)."""
        return tuple(self.needs)

    def applies(self, municipality: Municipality, assumptions: Assumptions) -> bool:
        """True when ``build`` would succeed."""
        try:
            self.build(municipality, assumptions)
        except NotApplicable:
            return False
        return True


def _missing(municipality: Municipality, kind: type[Record], found: int) -> NotApplicable:
    key = kind.scenario_key
    if found:
        return NotApplicable(
            f"{municipality.name} reported {found} {kind.__name__} records where this "
            f"estimator takes one; keep a single '{key}' record to use it."
        )
    shared = attrs.fields_dict(Figure)
    fields = [f.name for f in attrs.fields(kind) if f.name not in shared]
    return NotApplicable(
        f"{municipality.name} reported no {kind.__name__} record; add a '{key}' record "
        f"({', '.join(fields)}) to use it."
    )


def optional(municipality: Municipality, kind: type[R]) -> R | None:
    """The municipality's one record of type ``kind``, None if it has none;
    :class:`~repatcost.errors.NotApplicable` if it has several."""
    found = municipality.records(kind)
    if len(found) > 1:
        raise _missing(municipality, kind, len(found))
    return found[0] if found else None


def require(municipality: Municipality, kind: type[R]) -> R:
    """The municipality's one record of type ``kind``; otherwise
    :class:`~repatcost.errors.NotApplicable` naming the scenario table to add (or trim)."""
    found = optional(municipality, kind)
    if found is None:
        raise _missing(municipality, kind, 0)
    return found


def require_all(municipality: Municipality, kind: type[R]) -> tuple[R, ...]:
    """Every record of type ``kind`` (one or more), in the order reported."""
    found = municipality.records(kind)
    if not found:
        raise _missing(municipality, kind, 0)
    return found


def left_out(
    municipality: Municipality, method: str, members: Iterable[CostModel] = ()
) -> tuple[str, ...]:
    """The municipality's notes that neither ``method`` nor any of ``members`` quantifies:
    what an estimate omits."""
    kept = [n.text for n in municipality.notes if n.covered_by != method]
    for model in members:
        kept = [text for text in kept if text in model.leaves_out]
    return tuple(kept)
