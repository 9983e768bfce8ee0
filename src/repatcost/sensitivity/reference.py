"""Reference models with known answers, for testing sensitivity methods.

* :func:`linear_model`: Y = c + sum a_i X_i with independent inputs. No interactions, so
  S_i = ST_i = a_i^2 Var(X_i) / sum_j a_j^2 Var(X_j); an input with a_i = 0 has indices 0.
* :func:`ishigami`: Y = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ Uniform(-pi, pi), the
  standard non-linear, non-additive test (Ishigami and Homma 1990): x3 has no first-order
  effect but a total effect through its interaction with x1.

Each returns a :class:`ReferenceModel`: the inputs, a vectorised function of them (the shape
every method in :mod:`repatcost.sensitivity` takes) and the analytic indices and variance.

>>> model = ishigami()
>>> {k: round(v, 4) for k, v in model.first_order.items()}
{'x1': 0.3139, 'x2': 0.4424, 'x3': 0.0}
>>> {k: round(v, 4) for k, v in model.total_order.items()}
{'x1': 0.5576, 'x2': 0.4424, 'x3': 0.2437}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.constraints import FINITE
from repatcost.distributions import (
    Distribution,
    FloatArray,
    Uniform,
)
from repatcost.model import Values

__all__ = ["ReferenceModel", "ishigami", "linear_model", "variance_of"]


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class ReferenceModel:
    """A model with analytic Sobol indices.

    Attributes:
        name: what it is.
        inputs: input name -> distribution (independent).
        function: vectorised: ``{name: array}`` -> array.
        first_order: input name -> analytic first-order index.
        total_order: input name -> analytic total index.
        variance: the analytic variance of the output.
    """

    name: str
    inputs: Mapping[str, Distribution] = attrs.field(converter=_frozen)
    function: Callable[[Values], FloatArray] = attrs.field(repr=False)
    first_order: Mapping[str, float] = attrs.field(converter=_frozen)
    total_order: Mapping[str, float] = attrs.field(converter=_frozen)
    variance: float


def variance_of(dist: Distribution) -> float:
    """The exact variance of ``dist`` (any distribution: each carries its own).

    >>> variance_of(Uniform(0, 6))
    3.0
    """
    if not isinstance(dist, Distribution):
        raise fail("variance_of", "dist", dist, "a Distribution")
    return dist.variance


def _coefficients(coefficients: Any) -> dict[str, float]:
    """A non-empty mapping of input names to finite numbers, as floats."""
    if (
        not isinstance(coefficients, Mapping)
        or not coefficients
        or not all(isinstance(k, str) and k for k in coefficients)
        or not all(FINITE.accepts(a) for a in coefficients.values())
    ):
        expected = "a non-empty mapping of input names to finite numbers"
        raise fail("linear_model", "coefficients", coefficients, expected)
    return {k: float(a) for k, a in coefficients.items()}


def linear_model(
    coefficients: Mapping[str, float],
    inputs: Mapping[str, Distribution] | None = None,
    *,
    intercept: float = 0.0,
) -> ReferenceModel:
    """Y = intercept + sum a_i X_i with independent inputs (``Uniform(0, 1)`` by default).

    >>> model = linear_model({"a": 2.0, "b": 1.0, "c": 0.0})
    >>> {k: round(v, 3) for k, v in model.first_order.items()}
    {'a': 0.8, 'b': 0.2, 'c': 0.0}
    """
    coef = _coefficients(coefficients)
    if inputs is None:
        inputs = {k: Uniform(0.0, 1.0) for k in coefficients}
    if not isinstance(inputs, Mapping) or set(inputs) != set(coefficients):
        expected = "a mapping with one distribution per coefficient"
        raise fail("linear_model", "inputs", inputs, expected)
    start = FINITE.check("linear_model", "intercept", intercept)
    parts = {k: coef[k] ** 2 * variance_of(inputs[k]) for k in coef}
    variance = sum(parts.values())
    if not variance > 0:
        expected = "at least one non-zero coefficient on an uncertain input"
        raise fail("linear_model", "coefficients", coefficients, expected)
    shares = {k: v / variance for k, v in parts.items()}

    def function(values: Values) -> FloatArray:
        size = len(next(iter(values.values())))
        total = np.full(size, start)
        for name, a in coef.items():
            total = total + a * values[name]
        return total

    return ReferenceModel("linear", inputs, function, shares, shares, variance)


def ishigami(a: float = 7.0, b: float = 0.1) -> ReferenceModel:
    """The Ishigami function with its analytic indices (see module docs).

    >>> round(ishigami().variance, 4)
    13.8446
    """
    a, b = FINITE.check("ishigami", "a", a), FINITE.check("ishigami", "b", b)
    pi = math.pi
    v1 = 0.5 * (1.0 + b * pi**4 / 5.0) ** 2
    v2 = a * a / 8.0
    v13 = 8.0 * b * b * pi**8 / 225.0
    variance = v1 + v2 + v13

    def function(values: Values) -> FloatArray:
        x1, x2, x3 = values["x1"], values["x2"], values["x3"]
        sin1 = np.sin(x1)
        return np.asarray(sin1 + a * np.sin(x2) ** 2 + b * x3**4 * sin1, dtype=np.float64)

    inputs = {name: Uniform(-pi, pi) for name in ("x1", "x2", "x3")}
    return ReferenceModel(
        "ishigami",
        inputs,
        function,
        {"x1": v1 / variance, "x2": v2 / variance, "x3": 0.0},
        {"x1": (v1 + v13) / variance, "x2": v2 / variance, "x3": v13 / variance},
        variance,
    )
