"""Probing a model for the contract checks: draws, calls, outputs and traps.

The input values a check feeds a model are its own distributions sampled with the case's
seed, a quarter of them at the lower and a quarter at the upper end of their hard range.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from repatcost.distributions import FloatArray
from repatcost.model import CostModel
from repatcost.testing._report import CheckFailure

Values = dict[str, FloatArray]

_RTOL = 1e-12
"""Relative tolerance where the same arithmetic on reordered arrays may round differently."""


def _values(model: CostModel, seed: int, n: int) -> Values:
    """``n`` draws of every input; a quarter at the lower, a quarter at the upper bound."""
    rng = np.random.default_rng(seed)
    values: Values = {}
    for name in sorted(model.inputs):
        dist = model.inputs[name]
        low, high = dist.bounds
        draws = np.asarray(dist.sample(rng, n), dtype=np.float64)
        pick = rng.integers(0, 4, n)
        values[name] = np.where(pick == 0, low, np.where(pick == 1, high, draws))
    return values


def _copy(values: Mapping[str, FloatArray]) -> Values:
    return {name: np.array(array, copy=True) for name, array in values.items()}


def _call(check: str, model: CostModel, values: Mapping[str, Any]) -> Mapping[str, Any]:
    """The raw outputs of the model's function, every declared output present."""
    try:
        with np.errstate(all="ignore"):
            raw = model.function(MappingProxyType(dict(values)))
    except KeyError as err:
        raise CheckFailure(
            check,
            f"the model function read input {err.args[0]!r}, which is "
            f"not among its declared inputs {sorted(model.inputs)}",
        ) from err
    except (_SampleLoopError, CheckFailure):
        raise
    except Exception as err:  # a model function never raises on its declared inputs
        raise CheckFailure(
            check, f"the model function raised {type(err).__name__}({err}) on its inputs"
        ) from err
    if not isinstance(raw, Mapping):
        raise CheckFailure(
            check,
            f"the model function returned {type(raw).__name__}, not a "
            "mapping of output name to array",
        )
    missing = [name for name in model.outputs if name not in raw]
    if missing:
        raise CheckFailure(
            check,
            f"the model function returned no {missing} (it returned "
            f"{sorted(raw)}; declared outputs {list(model.outputs)})",
        )
    return raw


def _array(raw: Mapping[str, Any], name: str, n: int) -> FloatArray | None:
    """Output ``name`` as a float array of length ``n``; None if it cannot be one."""
    try:
        return np.broadcast_to(np.asarray(raw[name], dtype=np.float64), (n,))
    except (TypeError, ValueError):
        return None


def _output_pairs(
    model: CostModel, first: Mapping[str, Any], second: Mapping[str, Any], n: int, m: int = 0
) -> Iterator[tuple[str, FloatArray, FloatArray]]:
    """Each output of ``model`` that is an array in both raw outputs (of ``n`` and of ``m``
    samples, ``m`` defaulting to ``n``): its name and the two arrays."""
    for name in model.outputs:
        a, b = _array(first, name, n), _array(second, name, m or n)
        if a is not None and b is not None:
            yield name, a, b


def _differs(a: FloatArray, b: FloatArray) -> bool:
    """True when two output arrays are not identical (NaN equals NaN)."""
    return not np.array_equal(a, b, equal_nan=True)


def _cost(model: CostModel, raw: Mapping[str, Any], n: int) -> FloatArray | None:
    total = np.zeros(n)
    for name in model.components:
        array = _array(raw, name, n)
        if array is None:
            return None
        total = total + array
    return total


def _at(values: Mapping[str, FloatArray], i: int) -> dict[str, float]:
    return {name: float(array[i]) for name, array in values.items()}


class _SampleLoopError(Exception):
    """Raised by :class:`_Trap` when code touches samples one by one."""


class _Trap(np.ndarray):
    """An input array that refuses to be iterated or indexed sample by sample."""

    input_name: str = "?"

    def __array_finalize__(self, obj: Any) -> None:
        self.input_name = getattr(obj, "input_name", "?")

    def _refuse(self, how: str) -> _SampleLoopError:
        return _SampleLoopError(f"{how} an array derived from input {self.input_name!r}")

    def __iter__(self) -> Any:
        raise self._refuse("iterated over")

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int | np.integer):
            raise self._refuse(f"took sample [{key}] of")
        return super().__getitem__(key)

    def tolist(self) -> Any:
        raise self._refuse("called tolist() on")

    def item(self, *args: Any) -> Any:
        raise self._refuse("called item() on")


def _close(a: FloatArray, b: FloatArray) -> Any:
    return np.isclose(a, b, rtol=_RTOL, atol=0.0, equal_nan=True)


def _global_state() -> tuple[Any, Any]:
    # the legacy global generator is exactly what this check watches
    return np.random.get_state(), random.getstate()  # noqa: NPY002


def _same_numpy_state(a: Any, b: Any) -> bool:
    return bool(a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:])
