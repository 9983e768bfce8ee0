"""Combinators: estimators built from other estimators."""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from repatcost._validators import fail
from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.estimators.base import Estimator
from repatcost.estimators.builder import as_part, assemble, first_owners
from repatcost.evidence import Municipality
from repatcost.model import CostModel, Values

__all__ = ["Sum"]


def _members(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value or not all(isinstance(m, Estimator) for m in value):
        raise fail(inst, attribute.name, value, "one or more Estimator instances")


@attrs.frozen(init=False)
class Sum(Estimator):
    """Cost parts added up: e.g. caseworker time plus interpreter fees.

    Every member must apply; their components must have distinct names. Shared inputs are
    shared (one draw), and a quantity two members both report (``conversations``) is taken
    from the first, since both compute it from the same draws.

    >>> from repatcost.data import bundled_study
    >>> from repatcost.estimators import ConversationTime, InterpreterFees
    >>> study = bundled_study()
    >>> model = Sum(ConversationTime(), InterpreterFees()).build(
    ...     study.municipality("aarhus"), study.assumptions)
    >>> model.components
    ('caseworker_time', 'interpreter_fees')
    """

    name: ClassVar[str] = "sum"
    members: tuple[Estimator, ...] = attrs.field(validator=_members)

    def __init__(self, *members: Estimator) -> None:
        self.__attrs_init__(tuple(members))

    def requires(self) -> tuple[type, ...]:
        """Every record type some member needs: all members must apply."""
        return tuple(dict.fromkeys(k for m in self.members for k in m.requires()))

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        models = [member.build(municipality, assumptions) for member in self.members]
        components: list[str] = []
        for model in models:
            for name in model.components:
                if name in components:
                    raise fail(
                        self, "members", name, "members whose cost components have distinct names"
                    )
                components.append(name)
        owners = first_owners(models)

        def cost(v: Values) -> Mapping[str, FloatArray]:
            outputs = [m.function(v) for m in models]
            out: dict[str, FloatArray] = {}
            for model, result in zip(models, outputs, strict=True):
                out |= {c: result[c] for c in model.components}
            return out | {q: outputs[i][q] for q, i in owners.items()}

        return assemble(
            " + ".join(m.method for m in models),
            municipality,
            cost,
            functools.reduce(operator.add, map(as_part, models)),
            components=components,
            quantities=owners,
            members=models,
            one_off=frozenset().union(*(m.one_off for m in models)),
            name=self.name,
        )
