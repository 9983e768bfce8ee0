"""Outputs of a study as plain vectorised functions of its named inputs.

Sensitivity analysis re-evaluates an output on designed inputs (tornado swings, Sobol
matrices, grids) rather than on the study's own draws. :func:`study_output` gives, for an
output name, the inputs it depends on and a function from input arrays to output samples.

Names: ``"total"`` (the sum of every municipality), a municipality key (``"aarhus"``), and
the ratios ``"cost_per_conversation"`` (total cost / conversations held, over the
municipalities that report a volume) and ``"cost_per_repatriated"`` (total cost / persons
repatriated: a ratio, not an effect).

>>> from repatcost.data import bundled_study
>>> out = study_output(bundled_study(), "total")
>>> out.unit
'DKK per year'
>>> import numpy as np
>>> values = {name: dist.ppf(np.array([0.5])) for name, dist in out.inputs.items()}
>>> bool(out.function(values)[0] > 1_000_000)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.distributions import Distribution, FloatArray
from repatcost.evidence import Repatriations
from repatcost.model import CostModel, Values, merge_inputs
from repatcost.study import Study

__all__ = ["RATIOS", "Output", "output_names", "study_output"]

RATIOS: tuple[str, ...] = ("cost_per_conversation", "cost_per_repatriated")
"""Names of the ratio outputs."""


def _frozen(value: Mapping[str, Distribution]) -> Mapping[str, Distribution]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class Output:
    """One output of a study as a function of its inputs.

    Attributes:
        name: the output's name (see module docs).
        label: a human label.
        unit: unit of the output values.
        inputs: every input the output depends on, name -> distribution.
        function: vectorised: input arrays (length n) -> output samples (length n).
    """

    name: str
    label: str
    unit: str
    inputs: Mapping[str, Distribution] = attrs.field(converter=_frozen)
    function: Callable[[Values], FloatArray] = attrs.field(repr=False)


def output_names(study: Study) -> tuple[str, ...]:
    """Every output name :func:`study_output` accepts for ``study``."""
    return ("total", *(m.key for m in study.municipalities), *RATIOS)


def _cost_of(models: Mapping[str, CostModel]) -> Callable[[Values], FloatArray]:
    def cost(values: Values) -> FloatArray:
        total: FloatArray | None = None
        for model in models.values():
            outputs = model.evaluate({name: values[name] for name in model.inputs})
            part = model.cost(outputs)
            total = part if total is None else total + part
        assert total is not None  # a study has at least one municipality
        return total

    return cost


def study_output(study: Study, name: str = "total") -> Output:
    """The output ``name`` of ``study`` as a function of its inputs (see module docs)."""
    models = study.models()
    if name in models:
        chosen = {name: models[name]}
        label = study.municipality(name).name
        return Output(
            name,
            label,
            "DKK per year",
            merge_inputs("Output", *(m.inputs for m in chosen.values())),
            _cost_of(chosen),
        )
    inputs = merge_inputs("Output", *(m.inputs for m in models.values()))
    cost = _cost_of(models)
    if name == "total":
        return Output(name, "Total", "DKK per year", inputs, cost)
    if name == "cost_per_conversation":
        with_volume = {k: m for k, m in models.items() if "conversations" in m.quantities}
        if not with_volume:
            raise fail(
                "study_output",
                "name",
                name,
                "an output the study can compute (no municipality has conversations)",
            )
        volume_cost = _cost_of(with_volume)

        def per_conversation(values: Values) -> FloatArray:
            held = np.zeros_like(next(iter(values.values())), dtype=np.float64)
            for model in with_volume.values():
                outputs = model.evaluate({n: values[n] for n in model.inputs})
                held = held + outputs["conversations"]
            return volume_cost(values) / held

        return Output(
            name,
            "Cost per conversation held",
            "DKK per conversation",
            merge_inputs("Output", *(m.inputs for m in with_volume.values())),
            per_conversation,
        )
    if name == "cost_per_repatriated":
        persons = sum(r.persons for m in study.municipalities for r in m.records(Repatriations))
        if persons <= 0:
            raise fail(
                "study_output",
                "name",
                name,
                "an output the study can compute (no repatriations reported)",
            )
        return Output(
            name,
            "Cost per repatriated person (a ratio, not an effect)",
            "DKK per repatriated person",
            inputs,
            lambda values: cost(values) / persons,
        )
    raise fail("study_output", "name", name, "one of " + ", ".join(output_names(study)))
