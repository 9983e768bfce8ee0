"""What a sensitivity method analyses, and the checks every method shares.

A method works on an :class:`~repatcost.outputs.Output`: named input distributions and a
vectorised function of them. It comes either from a study (``study_output(study, name)``) or
from a plain function and its inputs (a reference model, a user's own model). Private: the
public functions validate here, then do pure maths in their own modules.

>>> from repatcost.distributions import Fixed, Uniform
>>> out = from_function(lambda v: 2.0 * v["x"], {"x": Uniform(0, 1), "k": Fixed(3)},
...                     owner="example")
>>> uncertain(out)
('x',)
>>> evaluate(out, at_medians(out, 2), owner="example").tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from repatcost._validators import fail
from repatcost.constraints import LEVEL, PROBABILITY, SEED, count
from repatcost.distributions import Distribution, FloatArray
from repatcost.engine import Seed, resolve_seed
from repatcost.model import Values
from repatcost.outputs import Output, output_names, study_output
from repatcost.study import Study

__all__ = [
    "Function",
    "at_medians",
    "check_count",
    "check_input",
    "check_level",
    "check_probability",
    "check_seed",
    "evaluate",
    "fixed",
    "freeze",
    "from_function",
    "from_study",
    "uncertain",
]

Function = Callable[[Values], FloatArray]


def from_study(study: Any, output: Any, *, owner: str) -> Output:
    """The output ``output`` of ``study``, with errors that name ``owner``'s parameters."""
    if not isinstance(study, Study):
        raise fail(owner, "study", study, "a Study (e.g. repatcost.bundled_study())")
    names = output_names(study)
    if not isinstance(output, str) or output not in names:
        raise fail(owner, "output", output, "one of " + ", ".join(names))
    return study_output(study, output)


def from_function(
    function: Any, inputs: Any, *, name: str = "model", unit: str = "", owner: str
) -> Output:
    """An :class:`Output` for a plain vectorised ``function`` of named ``inputs``."""
    if not callable(function):
        raise fail(
            owner, "function", function, "a vectorised function from {name: array} to an array"
        )
    if (
        not isinstance(inputs, Mapping)
        or not inputs
        or not all(isinstance(k, str) and k for k in inputs)
        or not all(isinstance(d, Distribution) for d in inputs.values())
    ):
        raise fail(owner, "inputs", inputs, "a non-empty mapping of names to Distributions")
    if not isinstance(name, str) or not name.strip():
        raise fail(owner, "name", name, "a non-empty string")
    if not isinstance(unit, str):
        raise fail(owner, "unit", unit, "a string")
    return Output(name, name, unit, dict(inputs), function)


def uncertain(target: Output) -> tuple[str, ...]:
    """Names of the inputs that are not known exactly, sorted."""
    return tuple(sorted(k for k, d in target.inputs.items() if not d.is_degenerate))


def fixed(target: Output) -> tuple[str, ...]:
    """Names of the inputs known exactly (degenerate distributions), sorted."""
    return tuple(sorted(k for k, d in target.inputs.items() if d.is_degenerate))


def at_medians(target: Output, size: int) -> dict[str, FloatArray]:
    """Every input at its median, as arrays of length ``size`` (fresh, writable copies)."""
    return {k: np.full(size, d.median, dtype=np.float64) for k, d in target.inputs.items()}


def freeze(values: dict[str, FloatArray]) -> Values:
    """Make every array of ``values`` read-only (a function must not change its inputs)."""
    for array in values.values():
        array.setflags(write=False)
    return values


def evaluate(target: Output, values: Values, *, owner: str) -> FloatArray:
    """The output on ``values``, checked to be one finite value per row."""
    size = len(next(iter(values.values())))
    result = np.asarray(target.function(values), dtype=np.float64)
    if result.shape != (size,) or not np.isfinite(result).all():
        raise fail(
            owner,
            "function",
            target.name,
            f"a vectorised function returning {size} finite values for {size} rows "
            f"(got shape {result.shape})",
        )
    return result


def check_probability(owner: str, field: str, value: Any) -> float:
    """A probability in [0, 1] as a float."""
    return PROBABILITY.check(owner, field, value)


def check_count(
    owner: str, field: str, value: Any, *, minimum: int, power_of_two: bool = False
) -> int:
    """A whole number >= ``minimum`` (and a power of 2 when asked)."""
    return count(minimum=minimum, power_of_two=power_of_two).check(owner, field, value)


def check_seed(owner: str, seed: Seed) -> int:
    """The integer entropy of ``seed`` (see :func:`repatcost.engine.resolve_seed`)."""
    return resolve_seed(SEED.check(owner, "seed", seed))


def check_input(owner: str, field: str, value: Any, target: Output) -> str:
    """``value`` as the name of one of ``target``'s inputs."""
    if not isinstance(value, str) or value not in target.inputs:
        raise fail(
            owner, field, value, "one of the output's inputs: " + ", ".join(sorted(target.inputs))
        )
    return value


def check_level(owner: str, value: Any, *, field: str = "level") -> float:
    """An interval level strictly between 0 and 1."""
    return LEVEL.check(owner, field, value)
