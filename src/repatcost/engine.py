"""The engine: draw every input once per name, evaluate the models on whole arrays.

Common random numbers: an input that several models use (``wage_cost``, say) is drawn once per
run, so sample i of every municipality uses the same wage cost and a total carries the right
correlation.

Reproducibility: each input name gets its own random stream, derived from the run's seed and
the name: ``numpy.random.SeedSequence(seed, spawn_key=key)`` where ``key`` is the number of
UTF-8 bytes of the name followed by each byte (:func:`stream_key`). The key is the name itself,
not a hash of it, so two different names always get different keys (the length prefix also
keeps ``"a"`` and ``"a\\x00"`` apart); SeedSequence mixes the whole key into the stream's state,
so distinct names get independent streams. (Keys used to be the name's CRC-32, and two names
whose CRC-32 collide, such as ``"plumless"`` and ``"buckeroo"``, got identical draws.) The same
seed gives the same draws bit for bit, and adding a municipality does not change the draws of
the inputs that were already there.

Inputs known exactly (``Fixed``) are not drawn: their arrays are read-only views that store
the one value once (``numpy.broadcast_to``), so they cost no memory at any ``n``.

Designs: ``"mc"`` plain Monte Carlo (direct draws from the generator, the fastest);
``"lhs"`` Latin hypercube and ``"sobol"`` scrambled Sobol points (``scipy.stats.qmc``), mapped
through each input's ``ppf``; both use one joint design over the uncertain inputs in sorted
name order.

>>> from repatcost.distributions import Uniform
>>> draws = draw_inputs({"x": Uniform(0, 1)}, 4, seed=7)
>>> bool((draws.values["x"] == draw_inputs({"x": Uniform(0, 1)}, 4, seed=7).values["x"]).all())
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.constraints import SEED
from repatcost.distributions import Distribution, FloatArray
from repatcost.model import CostModel, Values

__all__ = [
    "CHUNK",
    "DEFAULT_SAMPLES",
    "DESIGNS",
    "Design",
    "Draws",
    "Seed",
    "check_memory",
    "draw_inputs",
    "evaluate_costs",
    "memory_budget",
    "memory_estimate",
    "resolve_seed",
    "stream",
    "stream_key",
]

DEFAULT_SAMPLES = 100_000
"""Monte Carlo samples of a run when none are asked for: :meth:`repatcost.Study.run`, the
``estimate`` and ``report`` commands and the charts of ``plot`` all use it, so a chart's median is
the report's."""

CHUNK = 1 << 16
"""Samples per chunk in :func:`evaluate_costs`: every input's chunk (0.5 MB each) is alive at
once, never its ``n`` samples."""

MEMORY_OVERHEAD = 2.0
"""Factor on the arrays a run keeps: temporaries of the model functions, sorted copies for
quantiles and the report's derived figures come on top of the kept arrays."""

FALLBACK_BUDGET = 8 * 2**30
"""Memory budget (bytes) where the machine's memory cannot be read."""


def memory_estimate(n: int, arrays: int) -> int:
    """Bytes a run of ``n`` samples that keeps ``arrays`` float arrays needs (with overhead).

    >>> memory_estimate(1_000_000, 60) / 2**20
    915.52734375
    """
    return int(n * arrays * 8 * MEMORY_OVERHEAD)


def memory_budget() -> int:
    """Bytes a run may use: three quarters of the machine's physical memory."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return FALLBACK_BUDGET
    return int(0.75 * total) if total > 0 else FALLBACK_BUDGET


def check_memory(owner: str, n: int, arrays: int, budget: int | None = None) -> None:
    """Refuse, before allocating, a run of ``n`` samples x ``arrays`` arrays over ``budget``
    (default :func:`memory_budget`); the error names the estimate and how to lower it."""
    need = memory_estimate(n, arrays)
    budget = memory_budget() if budget is None else budget
    if need > budget:
        most = max(1, int(budget // memory_estimate(1, max(arrays, 1))))
        raise fail(
            owner,
            "n",
            n,
            f"a sample count whose run fits in memory: {n:,} samples x {arrays} arrays need "
            f"about {need / 2**30:.1f} GiB, over the budget of {budget / 2**30:.1f} GiB; use "
            f"at most {most:,} samples, or Study.run_costs (chunked, costs only)",
        )


Design = Literal["mc", "lhs", "sobol"]
DESIGNS: tuple[Design, ...] = ("mc", "lhs", "sobol")

Seed = int | np.random.Generator | None
"""An integer seed, a ``numpy.random.Generator`` to take one from, or None for fresh entropy."""


def resolve_seed(seed: Seed) -> int:
    """The integer entropy of a run.

    A ``Generator`` gives one integer from its stream (advancing it); None draws fresh entropy
    from the operating system. Either way the integer is recorded, so the run can be repeated.
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**63))
    if seed is None:
        entropy = np.random.SeedSequence().entropy
        return int(entropy) % 2**63 if isinstance(entropy, int) else 0
    return int(SEED.check("draw_inputs", "seed", seed))


def stream_key(name: str) -> tuple[int, ...]:
    """The spawn key of input ``name``: its UTF-8 length, then its bytes (one-to-one).

    >>> stream_key("ab")
    (2, 97, 98)
    """
    data = name.encode("utf-8")
    return (len(data), *data)


def stream(seed: int, name: str) -> np.random.Generator:
    """The random stream of input ``name`` in a run with ``seed`` (see module docs)."""
    sequence = np.random.SeedSequence(seed, spawn_key=stream_key(name))
    return np.random.Generator(np.random.PCG64(sequence))


@attrs.frozen(eq=False)
class Draws:
    """The draws of one run: ``values[name]`` holds ``n`` samples of each input.

    ``run`` identifies the run: estimates from the same ``Draws`` may be combined sample-wise.
    """

    values: Values
    n: int
    seed: int
    design: Design
    inputs: Mapping[str, Distribution]
    run: object = attrs.field(factory=object, repr=False)


def draw_inputs(
    inputs: Mapping[str, Distribution], n: int, *, seed: Seed = None, design: Design = "mc"
) -> Draws:
    """Draw ``n`` samples of every input, once per name (see module docs)."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise fail("draw_inputs", "n", n, "an integer >= 1 (the number of samples)")
    n = int(n)
    if design not in DESIGNS:
        raise fail("draw_inputs", "design", design, f"one of {', '.join(DESIGNS)}")
    entropy = resolve_seed(seed)
    names = sorted(inputs)
    values: dict[str, FloatArray] = {}
    varying = [name for name in names if not inputs[name].is_degenerate]
    if design == "mc":
        for name in varying:
            values[name] = inputs[name].sample(stream(entropy, name), n)
    else:
        unit = _design_points(design, len(varying), n, entropy)
        for column, name in enumerate(varying):
            values[name] = inputs[name].ppf(unit[:, column])
    for array in values.values():
        array.setflags(write=False)
    for name in names:
        if name not in values:  # known exactly: one value seen n times, no memory
            values[name] = _constant(inputs[name].bounds[0], n)
    values = {name: values[name] for name in names}
    return Draws(MappingProxyType(values), n, entropy, design, MappingProxyType(dict(inputs)))


def _constant(value: float, n: int) -> FloatArray:
    """A read-only array of ``n`` copies of ``value`` that stores it once (stride 0)."""
    return np.broadcast_to(np.float64(value), (n,))


def _design_points(design: Design, dims: int, n: int, seed: int) -> FloatArray:
    if dims == 0:
        return np.empty((n, 0))
    from scipy.stats import qmc  # imported when needed: scipy.stats is slow to import

    rng = np.random.default_rng(seed)
    if design == "lhs":
        return np.asarray(qmc.LatinHypercube(d=dims, rng=rng).random(n), dtype=np.float64)
    if n & (n - 1):
        raise fail("draw_inputs", "n", n, "a power of 2 for the Sobol design")
    sobol = qmc.Sobol(d=dims, scramble=True, rng=rng)
    return np.asarray(sobol.random_base2(int(np.log2(n))), dtype=np.float64)


def _reusable(
    inputs: Mapping[str, Distribution], n: int, seed: int, known: Draws | None
) -> dict[str, FloatArray]:
    """The samples of ``known`` that drawing ``inputs`` with ``n`` and ``seed`` would repeat."""
    if known is None or (known.n, known.seed, known.design) != (n, seed, "mc"):
        return {}
    return {
        name: known.values[name]
        for name, dist in inputs.items()
        if not dist.is_degenerate and known.inputs.get(name) == dist
    }


def evaluate_costs(
    models: Mapping[str, CostModel],
    inputs: Mapping[str, Distribution],
    n: int,
    *,
    seed: int,
    chunk: int = CHUNK,
    known: Draws | None = None,
) -> dict[str, FloatArray]:
    """The cost samples of every model, evaluated ``chunk`` samples at a time (plain Monte
    Carlo); nothing else is kept, so memory is ``n`` floats per model plus one chunk of every
    input, whatever the number of inputs.

    Each input's stream continues from chunk to chunk, so for distributions that draw
    element by element (every built-in one) the samples are those of
    ``draw_inputs(inputs, n, seed=seed)`` bit for bit. An input that ``known`` (plain Monte
    Carlo draws of the same ``n`` and ``seed``) drew from the same distribution takes
    ``known``'s samples instead of being drawn again: they are the same numbers.

    >>> from repatcost.distributions import Uniform
    >>> from repatcost.model import CostModel
    >>> model = CostModel("m", "twice x", {"x": Uniform(0, 1)},
    ...                   lambda v: {"cost": 2 * v["x"]}, components=("cost",))
    >>> costs = evaluate_costs({"m": model}, model.inputs, 10, seed=3, chunk=4)
    >>> bool((costs["m"] == 2 * draw_inputs(model.inputs, 10, seed=3).values["x"]).all())
    True
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise fail("evaluate_costs", "n", n, "an integer >= 1 (the number of samples)")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise fail("evaluate_costs", "chunk", chunk, "an integer >= 1")
    names = sorted(inputs)
    reuse = _reusable(inputs, int(n), seed, known)
    streams = {
        name: stream(seed, name)
        for name in names
        if not inputs[name].is_degenerate and name not in reuse
    }
    fixed = {name: inputs[name].bounds[0] for name in names if inputs[name].is_degenerate}
    costs = {key: np.empty(int(n)) for key in models}
    for start in range(0, int(n), chunk):
        size = min(chunk, int(n) - start)
        values = {name: _constant(value, size) for name, value in fixed.items()}
        values |= {name: inputs[name].sample(rng, size) for name, rng in streams.items()}
        values |= {name: array[start : start + size] for name, array in reuse.items()}
        for key, model in models.items():
            outputs = model.evaluate({name: values[name] for name in model.inputs})
            costs[key][start : start + size] = model.cost(outputs)
    return costs
