"""``CostModel``: named uncertain inputs and a pure, vectorised function of them.

An estimator strategy turns evidence into a :class:`CostModel`. The model's ``function`` takes
a mapping from input name to an array of n draws and returns arrays of n values: cost
*components* in DKK at the price year (which add up to the model's cost) and *quantities*
(conversations, hours) that ratios and implied figures need.

Contract of the function: pure (no state, no randomness), vectorised (no loop over samples),
sample i of every output depends only on sample i of the inputs, and every output is
monotone in each input taken alone (either direction). The last property makes the hard range
exact: the extremes of an output lie at corners of the box of input bounds.

>>> import numpy as np
>>> from repatcost.distributions import Fixed, Uniform
>>> m = CostModel(
...     label="example", method="example",
...     inputs={"hours": Uniform(1.0, 3.0), "rate": Fixed(400.0)},
...     function=lambda v: {"time": v["hours"] * v["rate"]},
...     components=("time",))
>>> m.evaluate({"hours": np.array([1.0, 2.0]), "rate": np.array([400.0, 400.0])})["time"]
array([400., 800.])
>>> m.hard_range()
(400.0, 1200.0)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from repatcost._guard import call_function, checked_output, read_only
from repatcost._validators import fail, non_empty_text, str_set, str_tuple
from repatcost.distributions import Distribution, FloatArray
from repatcost.evidence import Source, source_tuple

__all__ = ["MAX_CORNER_INPUTS", "CostFunction", "CostModel", "Values", "merge_inputs"]

Values = Mapping[str, FloatArray]
"""Input name -> array of draws (all of one length)."""

CostFunction = Callable[[Values], Mapping[str, FloatArray]]
"""The vectorised function of a model."""

MAX_CORNER_INPUTS = 16
"""Most uncertain inputs one model may have for its exact hard range (2**16 corners)."""


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(value.items())))


def _names(inst: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if len(set(value)) != len(value) or not all(isinstance(v, str) and v for v in value):
        raise fail(inst, attribute.name, value, "distinct non-empty names")


def _inputs(inst: Any, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    for name, dist in value.items():
        if not isinstance(dist, Distribution):
            raise fail(inst, attribute.name, {name: dist}, "a mapping of names to Distributions")


@attrs.frozen(eq=False)
class CostModel:
    """A municipality's cost as a function of named uncertain inputs (see module docs).

    Attributes:
        label: what is estimated, e.g. the municipality's name.
        method: the estimator that built it, e.g. ``"conversation_time"``.
        inputs: input name -> distribution. Shared assumptions go by their own name
            (``wage_cost``); a municipality's own uncertain facts by ``key.field``.
        function: the vectorised function (see module docs).
        components: names of the cost components it returns, in DKK.
        quantities: names of the non-cost outputs it returns (e.g. ``conversations``).
        one_off: the components that are one-off rather than recurring annual costs.
        decreasing: the inputs the cost falls in (``productive_hours`` through the hourly
            cost); the cost is declared non-decreasing in every other input except
            ``selectors``.
        selectors: inputs that choose between alternatives (an ensemble's mixture picks);
            no monotonicity is declared for them, but their extreme values (bounds) reach
            every alternative, so the corner rule for the hard range still holds.
        quantity_only: inputs that only quantities read: the cost does not move with them
            (a combinator uses this to tell a member that ignores an input from one that
            rises in it).
        provenance: the sources of the evidence used.
        leaves_out: what the estimate does not cover, in words.
        notes: how the estimate was built, in words.
    """

    label: str = attrs.field(validator=non_empty_text)
    method: str = attrs.field(validator=non_empty_text)
    inputs: Mapping[str, Distribution] = attrs.field(converter=_frozen_mapping, validator=_inputs)
    function: CostFunction = attrs.field(repr=False)
    components: tuple[str, ...] = attrs.field(converter=str_tuple, validator=_names)
    quantities: tuple[str, ...] = attrs.field(default=(), converter=str_tuple, validator=_names)
    one_off: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    decreasing: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    selectors: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    quantity_only: frozenset[str] = attrs.field(default=frozenset(), converter=str_set)
    provenance: tuple[Source, ...] = attrs.field(default=(), converter=source_tuple)
    leaves_out: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.components:
            raise fail(self, "components", self.components, "at least one component name")
        clash = set(self.components) & set(self.quantities)
        if clash:
            raise fail(self, "quantities", sorted(clash), "names distinct from the components")
        if not self.one_off <= set(self.components):
            raise fail(self, "one_off", sorted(self.one_off), "a subset of the components")
        if not self.decreasing <= set(self.inputs):
            raise fail(self, "decreasing", sorted(self.decreasing), "a subset of the inputs")
        if not self.quantity_only <= set(self.inputs):
            raise fail(self, "quantity_only", sorted(self.quantity_only), "a subset of the inputs")
        if not self.selectors <= set(self.inputs) - self.decreasing:
            raise fail(
                self,
                "selectors",
                sorted(self.selectors),
                "a subset of the inputs, disjoint from 'decreasing'",
            )

    @property
    def outputs(self) -> tuple[str, ...]:
        """Components then quantities."""
        return self.components + self.quantities

    def evaluate(self, values: Values) -> dict[str, FloatArray]:
        """Every output of the function on ``values`` (arrays of one common length).

        The function sees read-only inputs; its outputs are checked by :mod:`repatcost._guard`
        (every declared output present, real numbers of the input length, finite, costs >= 0),
        and any failure, an exception included, is an :class:`~repatcost.errors.EstimatorError`
        naming the estimator (``method``) and what it estimates (``label``).
        """
        missing = [name for name in self.inputs if name not in values]
        if missing:
            raise fail(
                self, "values", sorted(values), f"arrays for every input; missing {missing}"
            )
        arrays = {name: np.asarray(values[name], dtype=np.float64) for name in self.inputs}
        sizes = {a.shape for a in arrays.values()}
        if len(sizes) > 1 or any(len(s) != 1 for s in sizes):
            raise fail(self, "values", sorted(sizes), "one-dimensional arrays of one length")
        n = next(iter(sizes))[0] if sizes else 1
        shown = MappingProxyType({name: read_only(a) for name, a in arrays.items()})
        who = {"method": self.method, "label": self.label}
        raw = call_function(self.function, shown, **who)
        out: dict[str, FloatArray] = {}
        for name in self.outputs:
            if name not in raw:
                raise fail(self, "function", sorted(raw), f"an output named {name!r}")
            cost = name in self.components
            out[name] = checked_output(raw[name], n, arrays, name=name, cost=cost, **who)
        return out

    def cost(self, outputs: Mapping[str, FloatArray]) -> FloatArray:
        """The model's cost: the sum of its components in ``outputs``.

        Always a fresh, writable array (callers may change it in place), bit for bit
        ``0.0 + c1 + c2 + ...``: the components are added in order into it.
        """
        shape = np.broadcast_shapes(*(np.shape(outputs[c]) for c in self.components))
        total: FloatArray = np.empty(shape)
        np.add(outputs[self.components[0]], 0.0, out=total)
        for name in self.components[1:]:
            np.add(total, outputs[name], out=total)
        return total

    def corners(self) -> dict[str, FloatArray]:
        """Every corner of the box of input bounds, as input arrays (degenerate inputs fixed)."""
        varying = [name for name, d in self.inputs.items() if not d.is_degenerate]
        if len(varying) > MAX_CORNER_INPUTS:
            raise fail(
                self,
                "inputs",
                len(varying),
                f"at most {MAX_CORNER_INPUTS} uncertain inputs for an exact hard range",
            )
        grid = np.array(list(itertools.product((0, 1), repeat=len(varying))), dtype=np.intp)
        grid = grid.reshape(2 ** len(varying), len(varying))
        size = grid.shape[0]
        corners: dict[str, FloatArray] = {}
        for name, dist in self.inputs.items():
            low, high = dist.bounds
            if name in varying:
                corners[name] = np.array([low, high])[grid[:, varying.index(name)]]
            else:
                corners[name] = np.full(size, low)
        return corners

    def with_input_names(self, renames: Mapping[str, str]) -> CostModel:
        """A copy that draws the inputs ``old -> new`` of ``renames`` under their new names.

        The function still sees the old names, so a municipality's own copy of a shared
        assumption (``aarhus.interpreter_share``) is drawn independently of the shared one.

        >>> from repatcost.distributions import Fixed
        >>> m = CostModel(label="x", method="x", inputs={"a": Fixed(2.0)},
        ...               function=lambda v: {"c": v["a"]}, components=("c",))
        >>> local = m.with_input_names({"a": "town.a"})
        >>> sorted(local.inputs), local.evaluate({"town.a": np.array([3.0])})["c"]
        (['town.a'], array([3.]))
        """
        renames = {old: new for old, new in renames.items() if old in self.inputs}
        if not renames:
            return self
        clash = sorted(set(renames.values()) & set(self.inputs))
        if clash:
            raise fail(self, "inputs", clash, "new input names not already in use")
        back = {new: old for old, new in renames.items()}
        return attrs.evolve(
            self,
            inputs={renames.get(k, k): d for k, d in self.inputs.items()},
            function=_Renamed(self.function, back),
            decreasing={renames.get(k, k) for k in self.decreasing},
            selectors={renames.get(k, k) for k in self.selectors},
            quantity_only={renames.get(k, k) for k in self.quantity_only},
        )

    def corner_ranges(self) -> tuple[tuple[float, float], dict[str, tuple[float, float]]]:
        """``(min, max)`` of the cost and of every output (components, then quantities) over
        the box of input bounds, from one evaluation of its corners."""
        outputs = self.evaluate(self.corners())
        cost = self.cost(outputs)
        spans = {name: (float(a.min()), float(a.max())) for name, a in outputs.items()}
        return (float(cost.min()), float(cost.max())), spans

    def hard_ranges(self) -> dict[str, tuple[float, float]]:
        """``(min, max)`` of every output over the box of input bounds; the cost's own range
        is :meth:`hard_range`."""
        return self.corner_ranges()[1]

    def hard_range(self) -> tuple[float, float]:
        """``(min, max)`` of the cost over the box of input bounds."""
        return self.corner_ranges()[0]


@attrs.frozen
class _Renamed:
    """A cost function reading inputs under other names (a class, so it pickles)."""

    function: CostFunction
    back: Mapping[str, str]
    """new name -> the name the function reads."""

    def __call__(self, values: Values) -> Mapping[str, FloatArray]:
        return self.function(MappingProxyType({self.back.get(k, k): v for k, v in values.items()}))


def merge_inputs(owner: str, *groups: Mapping[str, Distribution]) -> dict[str, Distribution]:
    """Union of input mappings; one name with two different distributions is an error.

    >>> from repatcost.distributions import Fixed
    >>> merge_inputs("Sum", {"a": Fixed(1)}, {"a": Fixed(1), "b": Fixed(2)})
    {'a': Fixed(value=1.0), 'b': Fixed(value=2.0)}
    """
    merged: dict[str, Distribution] = {}
    for group in groups:
        for name, dist in group.items():
            if name in merged and merged[name] != dist:
                raise fail(
                    owner,
                    "inputs",
                    name,
                    f"one distribution per input name ({merged[name]!r} vs {dist!r})",
                )
            merged[name] = dist
    return merged
