"""Calls into estimators' code, guarded: whatever a model's function does, a clear error.

The one home of what :meth:`repatcost.model.CostModel.evaluate` and
:meth:`repatcost.study.Study.model` do around user code (plugins and built-ins alike):

- the function gets read-only input arrays, so one that writes into its inputs fails at once
  instead of changing the draws every other model shares;
- an exception it raises becomes :class:`~repatcost.errors.EstimatorError`;
- each output must be real numbers (float, or integers that fit), one per sample (a single
  value is not stretched over every sample, ``n + 1`` values are not cut), finite, and costs
  must be >= 0; a non-finite output names the sample and its most extreme input, the usual
  cause (a product or reciprocal of extreme figures).

Every message names the estimator (its registry name, the model's ``method``), what it
estimates (the model's ``label``, a municipality's name) and what was wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from repatcost.errors import EstimatorError, RepatcostError

if TYPE_CHECKING:
    from repatcost.assumptions import Assumptions
    from repatcost.estimators.base import Estimator
    from repatcost.evidence import Municipality
    from repatcost.model import CostModel

__all__ = ["call_function", "checked_output", "guarded_build", "read_only"]

FloatArray = npt.NDArray[np.float64]


def _who(method: str, label: str) -> str:
    return f"estimator {method!r} for {label}"


def read_only(array: FloatArray) -> FloatArray:
    """A read-only view of ``array`` (the array itself stays writable).

    >>> view = read_only(np.zeros(2))
    >>> view.flags.writeable
    False
    """
    view = array.view()
    view.flags.writeable = False
    return view


def call_function(
    function: Callable[[Mapping[str, FloatArray]], Any],
    values: Mapping[str, FloatArray],
    *,
    method: str,
    label: str,
) -> Mapping[str, Any]:
    """``function(values)``; an exception or a result that is not a mapping becomes
    :class:`~repatcost.errors.EstimatorError` naming the estimator and its label."""
    try:
        with np.errstate(all="ignore"):  # an overflow shows as a non-finite output, named
            raw = function(values)
    except RepatcostError:
        raise
    except Exception as err:
        if isinstance(err, ValueError) and "read-only" in str(err):
            what = "wrote into its input arrays (a model must not change its inputs)"
        else:
            what = f"raised {type(err).__name__}: {err}"
        message = f"{_who(method, label)}: its model's function {what}"
        raise EstimatorError(
            message, method, "function", label, "a function that returns"
        ) from err
    if not isinstance(raw, Mapping):
        what = f"returned {type(raw).__name__}, not a mapping of output names to arrays"
        raise EstimatorError(
            f"{_who(method, label)}: its model's function {what}",
            method,
            "function",
            type(raw).__name__,
            "a mapping of output names to arrays",
        )
    return raw


def _fail(method: str, label: str, name: str, what: str, value: Any) -> EstimatorError:
    message = f"{_who(method, label)}: output {name!r} {what}"
    return EstimatorError(message, method, "function", value, what)


def _as_numbers(raw: Any, method: str, label: str, name: str) -> FloatArray:
    try:
        array = np.asarray(raw)
    except Exception as err:  # an object numpy cannot make an array of
        raise _fail(method, label, name, f"is not an array ({type(err).__name__})", raw) from err
    kind = array.dtype.kind
    if kind == "c":
        raise _fail(method, label, name, "holds complex numbers; expected real numbers", kind)
    if kind not in "fiu":
        what = f"holds {array.dtype} values; expected real numbers (float)"
        raise _fail(method, label, name, what, str(array.dtype))
    if kind in "iu" and array.size and int(np.max(np.abs(array.astype(object)))) > 2**53:
        raise _fail(method, label, name, "holds integers too large to be exact as floats", kind)
    return np.asarray(array, dtype=np.float64)


def _extreme_input(values: Mapping[str, FloatArray], i: int) -> str:
    """``'name' = value``: the input at sample ``i`` furthest from 1 in magnitude."""

    def distance(item: tuple[str, FloatArray]) -> float:
        x = abs(float(item[1][i]))
        return math.inf if x == 0 or not math.isfinite(x) else abs(math.log10(x))

    if not values:
        return ""
    name, array = max(values.items(), key=distance)
    return f"; its most extreme input there is {name!r} = {float(array[i]):g}"


def checked_output(
    raw: Any,
    n: int,
    values: Mapping[str, FloatArray],
    *,
    method: str,
    label: str,
    name: str,
    cost: bool,
) -> FloatArray:
    """Output ``name`` of a model as ``n`` finite floats (``>= 0`` when a ``cost``), or
    :class:`~repatcost.errors.EstimatorError` saying what was wrong.

    >>> checked_output([1.0, 2.0], 2, {}, method="m", label="Aarhus", name="c", cost=True)
    array([1., 2.])
    >>> checked_output([1.0], 2, {}, method="m", label="Aarhus", name="c", cost=True)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    repatcost.errors.EstimatorError: estimator 'm' for Aarhus: output 'c' has 1 values; ...
    """
    array = _as_numbers(raw, method, label, name)
    if array.shape != (n,):
        count = f"{array.size} values" if array.ndim == 1 else f"shape {array.shape}"
        raise _fail(method, label, name, f"has {count}; expected {n} (one per sample)", count)
    low, high = (float(array.min()), float(array.max())) if n else (0.0, 0.0)
    if not (math.isfinite(low) and math.isfinite(high)):
        i = int(np.flatnonzero(~np.isfinite(array))[0])
        what = f"is not finite ({array[i]}) at sample {i}{_extreme_input(values, i)}"
        raise _fail(method, label, name, what, float(array[i]))
    if cost and low < 0:
        raise _fail(method, label, name, f"is negative ({low:g}); expected costs >= 0", low)
    return array


def guarded_build(
    estimator: Estimator, municipality: Municipality, assumptions: Assumptions
) -> CostModel:
    """``estimator.build(municipality, assumptions)``: :class:`~repatcost.errors.NotApplicable`
    and the library's own errors pass; any other exception, or a result that is not a
    :class:`~repatcost.model.CostModel`, is an :class:`~repatcost.errors.EstimatorError`
    naming the estimator and the municipality."""
    from repatcost.model import CostModel

    name = str(getattr(estimator, "name", type(estimator).__name__))
    try:
        model = estimator.build(municipality, assumptions)
    except RepatcostError:
        raise
    except Exception as err:
        what = f"raised {type(err).__name__}: {err}"
        raise EstimatorError(
            f"{_who(name, municipality.name)}: its build {what}", name, "build", what, "a model"
        ) from err
    if not isinstance(model, CostModel):
        what = f"returned {type(model).__name__}, not a CostModel"
        raise EstimatorError(
            f"{_who(name, municipality.name)}: its build {what}", name, "build", what, "a model"
        )
    return model
