"""Estimators that break the contract in one way each (for tests of the guards around plugins).

Each is the built-in ``total_hours`` estimator whose model's function is changed by one of
:data:`CHANGES`; ``bad_build`` raises in ``build`` itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import attrs
import numpy as np

from repatcost.estimators import TotalHoursEstimator

Outputs = Mapping[str, Any]
Values = Mapping[str, Any]


def _raises(out: Outputs, values: Values) -> Outputs:
    raise RuntimeError("boom")


def _writes(out: Outputs, values: Values) -> Outputs:
    for array in values.values():
        array[:] = 0.0
    return out


def _warns(out: Outputs, values: Values) -> Outputs:
    warnings.warn("this plugin is experimental", UserWarning, stacklevel=1)
    return out


CHANGES: dict[str, Callable[[Outputs, Values], Outputs]] = {
    "bad_raises": _raises,
    "bad_one_value": lambda out, v: {k: np.asarray(a)[:1] for k, a in out.items()},
    "bad_extra_value": lambda out, v: {k: np.append(a, 1.0) for k, a in out.items()},
    "bad_complex": lambda out, v: {k: np.asarray(a) + 1j for k, a in out.items()},
    "bad_object": lambda out, v: {k: np.asarray(a).astype(object) for k, a in out.items()},
    "bad_infinite": lambda out, v: {k: np.asarray(a) * np.inf for k, a in out.items()},
    "bad_writes": _writes,
    "warns": _warns,
}
"""Registry name -> how the model's outputs (given its inputs) are spoiled."""


def _spoiled(name: str) -> type[TotalHoursEstimator]:
    change = CHANGES[name]

    def build(self: Any, municipality: Any, assumptions: Any) -> Any:
        model = TotalHoursEstimator.build(self, municipality, assumptions)
        inner = model.function
        return attrs.evolve(model, function=lambda values: change(inner(values), values))

    cls = type(name.title().replace("_", ""), (TotalHoursEstimator,), {"build": build})
    cls.name = name  # type: ignore[misc]
    return attrs.frozen(cls)


SPOILED = {name: _spoiled(name) for name in CHANGES}


@attrs.frozen
class BadBuild(TotalHoursEstimator):
    """Raises in build."""

    name: ClassVar[str] = "bad_build"

    def build(self, municipality: Any, assumptions: Any) -> Any:
        raise RuntimeError("cannot build")


globals().update({cls.__name__: cls for cls in SPOILED.values()})
