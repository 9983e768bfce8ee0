"""Combinators: estimators built from other estimators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from repatcost._validators import fail
from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.estimators.base import Estimator, left_out
from repatcost.evidence import Municipality
from repatcost.model import CostModel, Values, merge_inputs

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
        quantities = tuple(dict.fromkeys(q for m in models for q in m.quantities))
        owner = {q: next(m for m in models if q in m.quantities) for q in quantities}

        def cost(v: Values) -> Mapping[str, FloatArray]:
            outputs = [m.function(v) for m in models]
            out: dict[str, FloatArray] = {}
            for model, result in zip(models, outputs, strict=True):
                out |= {c: result[c] for c in model.components}
                out |= {q: result[q] for q in model.quantities if owner[q] is model}
            return out

        methods = [m.method for m in models]
        return CostModel(
            label=municipality.name,
            method=" + ".join(methods),
            inputs=merge_inputs("Sum", *(m.inputs for m in models)),
            function=cost,
            components=tuple(components),
            quantities=quantities,
            one_off=frozenset().union(*(m.one_off for m in models)),
            decreasing=frozenset().union(*(m.decreasing for m in models)),
            provenance=tuple(dict.fromkeys(s for m in models for s in m.provenance)),
            leaves_out=left_out(municipality, methods),
            notes=tuple(dict.fromkeys(n for m in models for n in m.notes)),
        )
