"""Building a :class:`~repatcost.model.CostModel` from parts.

:func:`cost_model` is what an estimator's ``build`` returns: named cost components and
quantities, each a :class:`~repatcost.estimators.parts.Part`. The model's inputs, notes,
sources and ``decreasing`` inputs all come from the parts (merged through
:func:`~repatcost.model.merge_inputs`, so one input name never carries two distributions),
and its function evaluates each part once per call, however many outputs share it.

:func:`assemble` is the layer below, for combinators that bring their own function
(:class:`~repatcost.estimators.Sum`, :class:`~repatcost.estimators.Ensemble`): it takes the
parts only for what they record.

>>> from repatcost.distributions import Fixed, Uniform
>>> from repatcost.estimators.parts import Part
>>> from repatcost.evidence import Municipality
>>> town = Municipality(name="Testby", code=999)
>>> hours = Part({"testby.hours": Uniform(10, 20)}, lambda v: v["testby.hours"])
>>> rate = Part({"rate": Fixed(400)}, lambda v: v["rate"])
>>> model = cost_model("example", town, {"time": hours * rate}, {"hours": hours})
>>> model.hard_range(), model.outputs
((4000.0, 8000.0), ('time', 'hours'))
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping, Sequence

from repatcost.distributions import Distribution, FloatArray
from repatcost.estimators.base import left_out
from repatcost.estimators.parts import Part, memo
from repatcost.evidence import Municipality
from repatcost.model import CostFunction, CostModel, Values, merge_inputs

__all__ = ["as_part", "assemble", "cost_model", "first_owners"]


def as_part(model: CostModel) -> Part:
    """A member model's cost as a part: the inputs it moves with, its notes, sources and
    monotonicity."""
    return Part(
        {k: d for k, d in model.inputs.items() if k not in model.quantity_only},
        lambda v: model.cost(model.function(v)),
        model.notes,
        model.provenance,
        model.decreasing - model.quantity_only,
    )


def first_owners(models: Sequence[CostModel]) -> dict[str, int]:
    """Quantity name -> index of the first of ``models`` that reports it (members that share
    a quantity compute it from the same draws, so the first stands for all)."""
    owners: dict[str, int] = {}
    for i, model in enumerate(models):
        for name in model.quantities:
            owners.setdefault(name, i)
    return owners


def assemble(
    method: str,
    municipality: Municipality,
    function: CostFunction,
    cost: Part,
    *,
    components: Iterable[str],
    quantities: Iterable[str] = (),
    others: Iterable[Part] = (),
    members: Iterable[CostModel] = (),
    one_off: Iterable[str] = (),
    selectors: Mapping[str, Distribution] | None = None,
    notes: Iterable[str] = (),
    name: str | None = None,
) -> CostModel:
    """A model of ``municipality`` with ``function``, recording what the parts record.

    ``cost`` is the part the total cost follows (its ``decreasing`` inputs are the model's);
    ``others`` are the parts behind the quantities. ``members`` are the models a combinator
    combines: their selectors stay selectors, and a note is left out only when every member
    leaves it out. ``selectors`` are inputs of the combinator's own that choose between
    alternatives. ``name`` is the registry name notes may be covered by (default ``method``).
    """
    others, members, own = tuple(others), tuple(members), dict(selectors or {})
    parts = (cost, *others)
    chosen = frozenset(own).union(*(m.selectors for m in members))
    inputs = merge_inputs(method, *(p.inputs for p in parts), *(m.inputs for m in members), own)
    return CostModel(
        label=municipality.name,
        method=method,
        inputs=inputs,
        function=function,
        components=tuple(components),
        quantities=tuple(quantities),
        one_off=frozenset(one_off),
        decreasing=cost.decreasing - chosen,
        selectors=chosen,
        quantity_only=set(inputs) - set(cost.inputs) - chosen,
        provenance=tuple(dict.fromkeys(s for p in parts for s in p.provenance)),
        leaves_out=left_out(municipality, name or method, members),
        notes=tuple(dict.fromkeys([*(n for p in parts for n in p.notes), *notes])),
    )


def cost_model(
    method: str,
    municipality: Municipality,
    components: Mapping[str, Part],
    quantities: Mapping[str, Part] | None = None,
    *,
    one_off: Iterable[str] = (),
    notes: Iterable[str] = (),
) -> CostModel:
    """The model whose outputs are ``components`` (costs in DKK) and ``quantities``.

    The cost is the sum of the components; the model is non-decreasing in every input
    except those the sum of the components falls in. ``notes`` are added after the parts'.
    """
    quantities = dict(quantities or {})
    outputs = {**components, **quantities}

    def function(values: Values) -> dict[str, FloatArray]:
        shared = memo(values)
        return {name: part.value(shared) for name, part in outputs.items()}

    return assemble(
        method,
        municipality,
        function,
        functools.reduce(operator.add, components.values()),
        components=components,
        quantities=quantities,
        others=quantities.values(),
        one_off=one_off,
        notes=notes,
    )
