"""The estimator contract as named checks.

Each ``check_*`` function tests one promise of the estimator contract
(``docs/architecture.md``) and raises :class:`~repatcost.testing.CheckFailure` (an
``AssertionError``) naming the promise broken and the culprit (the output, the input, the
sample, the record). The checks that need evidence draw it from :class:`~repatcost.testing.Cases`;
:mod:`repatcost.testing.runners` runs them all.

>>> from repatcost.estimators import StaffAllocation
>>> check_output_shape(StaffAllocation(), Cases(max_examples=3))
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from repatcost.assumptions import Assumptions
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import Estimator, available, get
from repatcost.evidence import Municipality
from repatcost.model import MAX_CORNER_INPUTS, CostModel
from repatcost.testing._probes import (
    Values,
    _at,
    _call,
    _close,
    _copy,
    _cost,
    _differs,
    _global_state,
    _output_pairs,
    _same_numpy_state,
    _SampleLoopError,
    _Trap,
    _values,
)
from repatcost.testing._report import CheckFailure
from repatcost.testing.cases import Cases, _Case, _run

__all__ = [
    "CHECKS",
    "Check",
    "check_build_deterministic",
    "check_does_not_mutate_inputs",
    "check_estimator_api",
    "check_finite_nonnegative",
    "check_input_names",
    "check_monotonic",
    "check_no_global_random_state",
    "check_no_sample_loop",
    "check_not_applicable",
    "check_output_dtype",
    "check_output_shape",
    "check_repr_and_equality",
    "check_same_inputs_same_outputs",
    "check_sample_independence",
]

Check = Callable[..., None]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_MONOTONE_TOL = 1e-9
"""Relative slack of the monotonicity check (rounding, never a real fall in cost)."""


def check_estimator_api(estimator: Estimator, cases: Cases | None = None) -> None:
    """An :class:`Estimator` instance with a registry ``name`` that maps back to its class."""
    check = "check_estimator_api"
    if not isinstance(estimator, Estimator):
        raise CheckFailure(
            check,
            f"{type(estimator).__name__} is not a subclass of repatcost.estimators.Estimator",
        )
    name = getattr(type(estimator), "name", None)
    if not isinstance(name, str) or not _NAME.match(name):
        raise CheckFailure(
            check,
            f"{type(estimator).__name__}.name must be a registry name "
            f"of lower-case letters, digits and _; got {name!r}",
        )
    if name in available() and get(name) is not type(estimator):
        raise CheckFailure(
            check,
            f"the name {name!r} is registered to {get(name).__name__}, "
            f"not {type(estimator).__name__}; choose a name of its own",
        )


def check_repr_and_equality(estimator: Estimator, cases: Cases | None = None) -> None:
    """A repr that names the class and its options; equality and hashing by value."""
    check = "check_repr_and_equality"
    text = repr(estimator)
    cls = type(estimator).__name__
    if not isinstance(text, str) or not text.startswith(cls) or " at 0x" in text:
        raise CheckFailure(check, f"repr should read like {cls}(option=...), got {text!r}")
    twin = copy.deepcopy(estimator)
    if not estimator == estimator or not twin == estimator:
        raise CheckFailure(
            check,
            f"{text} does not equal a copy of itself: compare options "
            "by value (attrs.frozen does this)",
        )
    if estimator == object() or estimator != estimator:
        raise CheckFailure(check, f"{text} compares equal to an unrelated object")
    if repr(twin) != text:
        raise CheckFailure(check, f"a copy of {text} has a different repr: {twin!r}")
    if type(estimator).__hash__ is not None and hash(twin) != hash(estimator):
        raise CheckFailure(check, f"{text} and an equal copy hash differently")


def _model_fields(model: CostModel) -> dict[str, Any]:
    return {
        f.name: getattr(model, f.name) for f in attrs.fields(CostModel) if f.name != "function"
    }


def check_build_deterministic(estimator: Estimator, cases: Cases | None = None) -> None:
    """The same evidence and assumptions (or equal copies) give the same model."""
    check = "check_build_deterministic"

    def body(case: _Case, model: CostModel) -> None:
        again = [
            estimator.build(case.municipality, case.assumptions),
            estimator.build(copy.deepcopy(case.municipality), copy.deepcopy(case.assumptions)),
        ]
        fields = _model_fields(model)
        values = _values(model, case.seed, case.n)
        first = _call(check, model, _copy(values))
        for other in again:
            for name, value in _model_fields(other).items():
                if value != fields[name]:
                    raise CheckFailure(
                        check,
                        f"building twice gave models that differ in "
                        f"{name!r}: {fields[name]!r} vs {value!r}",
                    )
            second = _call(check, other, _copy(values))
            for name, a, b in _output_pairs(model, first, second, case.n):
                if _differs(a, b):
                    raise CheckFailure(
                        check,
                        f"two builds from the same evidence give "
                        f"different {name!r} on the same inputs: {a} vs {b}",
                    )

    _run(check, estimator, cases, body)


def _first_difference(before: Any, after: Any) -> str:
    if isinstance(before, Municipality) and isinstance(after, Municipality):
        for i, (a, b) in enumerate(zip(before.evidence, after.evidence, strict=False)):
            if a != b:
                return f"evidence[{i}] {a!r} became {b!r}"
        if len(before.evidence) != len(after.evidence):
            return (
                f"its evidence went from {len(before.evidence)} to {len(after.evidence)} records"
            )
    if isinstance(before, Assumptions) and isinstance(after, Assumptions):
        for p, q in zip(before.parameters, after.parameters, strict=False):
            if p != q:
                return f"parameter {p.name!r} {p!r} became {q!r}"
    return f"{before!r} became {after!r}"


def check_does_not_mutate_inputs(estimator: Estimator, cases: Cases | None = None) -> None:
    """Neither ``build`` nor the model's function changes the evidence, the assumptions, the
    estimator or the input arrays."""
    check = "check_does_not_mutate_inputs"

    def snapshot(case: _Case) -> tuple[Any, ...]:
        twin = copy.deepcopy(estimator)
        return (
            copy.deepcopy(case.municipality),
            copy.deepcopy(case.assumptions),
            twin,
            twin == estimator,
            repr(estimator),
        )

    def compare(case: _Case, when: str) -> None:
        municipality, assumptions, twin, comparable, text = case.snapshot
        if case.municipality != municipality:
            raise CheckFailure(
                check,
                f"{when} changed the municipality: "
                + _first_difference(municipality, case.municipality),
            )
        if case.assumptions != assumptions:
            raise CheckFailure(
                check,
                f"{when} changed the assumptions: "
                + _first_difference(assumptions, case.assumptions),
            )
        if repr(estimator) != text or (comparable and twin != estimator):
            raise CheckFailure(check, f"{when} changed the estimator: {text} became {estimator!r}")

    def body(case: _Case, model: CostModel) -> None:
        compare(case, "build")
        values = _values(model, case.seed, case.n)
        kept = _copy(values)
        _call(check, model, values)
        compare(case, "evaluating the model")
        for name, array in values.items():
            if not np.array_equal(array, kept[name], equal_nan=True):
                raise CheckFailure(
                    check,
                    f"the model function changed its input array "
                    f"{name!r} in place: {kept[name]} became {array}; inputs "
                    "are shared by every model of a run",
                )

    _run(check, estimator, cases, body, before_build=snapshot)


def check_output_shape(estimator: Estimator, cases: Cases | None = None) -> None:
    """Given n draws of every input, every declared output is an array of shape (n,)."""
    check = "check_output_shape"

    def body(case: _Case, model: CostModel) -> None:
        for n in (1, case.n):
            raw = _call(check, model, _values(model, case.seed, n))
            for name in model.outputs:
                try:
                    shape = np.shape(np.asarray(raw[name], dtype=np.float64))
                except (TypeError, ValueError) as err:
                    raise CheckFailure(
                        check, f"output {name!r} is not numeric: {raw[name]!r} ({err})"
                    ) from err
                expected = (n,) if model.inputs else (1,)
                if shape != expected and not (not model.inputs and shape == ()):
                    raise CheckFailure(
                        check,
                        f"output {name!r} has shape {shape} for {n} "
                        f"input samples; expected {expected}, one value per "
                        "sample (operate on whole arrays, never loop)",
                    )

    _run(check, estimator, cases, body)


def check_output_dtype(estimator: Estimator, cases: Cases | None = None) -> None:
    """Every declared output holds real numbers (float, or integers exact as floats): never
    complex (the imaginary part would be dropped), object, boolean or text."""
    check = "check_output_dtype"

    def body(case: _Case, model: CostModel) -> None:
        raw = _call(check, model, _values(model, case.seed, case.n))
        for name in model.outputs:
            try:
                array = np.asarray(raw[name])
            except Exception as err:
                raise CheckFailure(check, f"output {name!r} is not an array ({err})") from err
            kind = array.dtype.kind
            if kind not in "fiu":
                raise CheckFailure(
                    check,
                    f"output {name!r} holds {array.dtype} values; expected real numbers "
                    "(float64)" + (": the imaginary part would be dropped" if kind == "c" else ""),
                )
            if kind in "iu" and array.size and np.abs(array.astype(object)).max() > 2**53:
                raise CheckFailure(
                    check, f"output {name!r} holds integers too large to be exact as floats"
                )

    _run(check, estimator, cases, body)


def check_no_sample_loop(estimator: Estimator, cases: Cases | None = None) -> None:
    """The model's function works on whole arrays: it never iterates over the samples."""
    check = "check_no_sample_loop"

    def body(case: _Case, model: CostModel) -> None:
        trapped = {}
        for name, array in _values(model, case.seed, case.n).items():
            trap = array.view(_Trap)
            trap.input_name = name
            trapped[name] = trap
        try:
            _call(check, model, trapped)
        except _SampleLoopError as err:
            raise CheckFailure(
                check,
                f"the model function {err}: it loops over samples in "
                "Python; use whole-array numpy operations",
            ) from err

    _run(check, estimator, cases, body)


def check_finite_nonnegative(estimator: Estimator, cases: Cases | None = None) -> None:
    """Every output is finite and every cost component >= 0, at random draws and at every
    corner of the box of input bounds; ``CostModel.evaluate`` accepts them."""
    check = "check_finite_nonnegative"

    def verify(model: CostModel, values: Values, where: str) -> None:
        n = len(next(iter(values.values()))) if values else 1
        raw = _call(check, model, values)
        for name in model.outputs:
            array = np.asarray(raw[name], dtype=np.float64)
            bad = ~np.isfinite(array)
            kind = "non-finite"
            if not bad.any() and name in model.components:
                bad, kind = array < 0, "negative"
            if bad.any():
                i = int(np.flatnonzero(bad.ravel())[0])
                inputs = _at(values, i) if array.shape == (n,) else {}
                what = "cost component" if name in model.components else "output"
                raise CheckFailure(
                    check,
                    f"{what} {name!r} is {kind} "
                    f"({float(array.ravel()[i])!r}) at {where} sample {i}, "
                    f"inputs {inputs}",
                )
        try:
            with np.errstate(all="ignore"):
                model.evaluate(values)
        except InvalidValueError as err:
            raise CheckFailure(
                check, f"CostModel.evaluate refused the outputs at {where}: {err}"
            ) from err

    def body(case: _Case, model: CostModel) -> None:
        verify(model, _values(model, case.seed, case.n), "random")
        varying = [d for d in model.inputs.values() if not d.is_degenerate]
        if len(varying) <= MAX_CORNER_INPUTS:
            verify(model, model.corners(), "corner")

    _run(check, estimator, cases, body)


def check_same_inputs_same_outputs(estimator: Estimator, cases: Cases | None = None) -> None:
    """Evaluating the same inputs twice gives identical outputs."""
    check = "check_same_inputs_same_outputs"

    def body(case: _Case, model: CostModel) -> None:
        values = _values(model, case.seed, case.n)
        first = _call(check, model, _copy(values))
        second = _call(check, model, _copy(values))
        for name, a, b in _output_pairs(model, first, second, case.n):
            if _differs(a, b):
                i = int(np.flatnonzero(~((a == b) | (np.isnan(a) & np.isnan(b))))[0])
                raise CheckFailure(
                    check,
                    f"output {name!r} at sample {i} was {a[i]!r} and then "
                    f"{b[i]!r} for the same inputs {_at(values, i)}",
                )

    _run(check, estimator, cases, body)


def check_sample_independence(estimator: Estimator, cases: Cases | None = None) -> None:
    """Output i depends only on inputs i: reordering the samples reorders the outputs, and
    each sample evaluated alone gives the same value as in the whole batch."""
    check = "check_sample_independence"

    def body(case: _Case, model: CostModel) -> None:
        if not model.inputs:
            return
        n = case.n
        values = _values(model, case.seed, n)
        whole = _call(check, model, _copy(values))
        order = np.random.default_rng(case.seed).permutation(n)
        shuffled = _call(check, model, {k: v[order] for k, v in values.items()})
        for name, a, b in _output_pairs(model, whole, shuffled, n):
            off = ~_close(a[order], b)
            if off.any():
                i = int(order[np.flatnonzero(off)[0]])
                raise CheckFailure(
                    check,
                    f"output {name!r} of sample {i} changed from "
                    f"{a[i]!r} to {b[np.flatnonzero(off)[0]]!r} when the other "
                    "samples were reordered",
                )
        for i in range(n):
            alone = _call(check, model, {k: v[i : i + 1].copy() for k, v in values.items()})
            for name, a, b in _output_pairs(model, whole, alone, n, 1):
                if not _close(a[i : i + 1], b).all():
                    raise CheckFailure(
                        check,
                        f"output {name!r} of sample {i} is {a[i]!r} in a "
                        f"batch of {n} but {b[0]!r} evaluated alone",
                    )

    _run(check, estimator, cases, body)


def check_monotonic(estimator: Estimator, cases: Cases | None = None) -> None:
    """The cost never falls when an input rises, except in the inputs the model declares
    ``decreasing``, where it never rises; ``selectors`` (an ensemble's picks) declare no
    direction and are not moved."""
    check = "check_monotonic"

    def body(case: _Case, model: CostModel) -> None:
        n = case.n
        values = _values(model, case.seed, n)
        base = _cost(model, _call(check, model, values), n)
        if base is None:
            return
        rng = np.random.default_rng(case.seed + 1)
        for name in sorted(model.inputs):
            dist = model.inputs[name]
            if dist.is_degenerate or name in model.selectors:
                continue
            high = dist.bounds[1]
            step = np.where(rng.integers(0, 3, n) == 0, 1.0, rng.uniform(0.0, 1.0, n))
            raised = dict(values)
            raised[name] = values[name] + step * (high - values[name])
            moved = _cost(model, _call(check, model, raised), n)
            if moved is None:
                return
            slack = _MONOTONE_TOL * np.maximum(np.abs(base), np.abs(moved)) + 1e-9
            falls = name in model.decreasing
            wrong = (moved > base + slack) if falls else (moved < base - slack)
            wrong &= np.isfinite(base) & np.isfinite(moved)
            if wrong.any():
                i = int(np.flatnonzero(wrong)[0])
                declared = "decreasing" if falls else "non-decreasing"
                went = "rose" if falls else "fell"
                raise CheckFailure(
                    check,
                    (
                        f"the cost {went} from {float(base[i])!r} to {float(moved[i])!r} when "
                        f"{name!r} rose from {float(values[name][i])!r} to "
                        f"{float(raised[name][i])!r} (sample {i}, inputs {_at(values, i)}), "
                        f"but the model declares it {declared} in {name!r}"
                        + (
                            ""
                            if falls
                            else "; if the cost truly falls in it, list it in CostModel.decreasing"
                        )
                    ),
                )

    _run(check, estimator, cases, body)


def check_no_global_random_state(estimator: Estimator, cases: Cases | None = None) -> None:
    """Neither ``build`` nor the model's function draws from numpy's global generator or
    Python's ``random``: their outputs do not change when those are seeded differently."""
    check = "check_no_global_random_state"

    def body(case: _Case, model: CostModel) -> None:
        values = _values(model, case.seed, case.n)
        saved = _global_state()
        outputs = []
        try:
            for seed in (1, 2):
                np.random.seed(seed)  # noqa: NPY002 - seeding it is the test
                random.seed(seed)
                before = _global_state()
                rebuilt = estimator.build(case.municipality, case.assumptions)
                outputs.append(_call(check, rebuilt, _copy(values)))
                after = _global_state()
                if not _same_numpy_state(before[0], after[0]):
                    raise CheckFailure(
                        check,
                        "build or the model function drew from numpy's "
                        "global generator (numpy.random.*); take an explicit "
                        "Generator, or better, let the engine draw the inputs",
                    )
                if before[1] != after[1]:
                    raise CheckFailure(
                        check,
                        "build or the model function drew from Python's "
                        "global 'random' module; randomness belongs to the "
                        "engine's inputs",
                    )
        finally:
            np.random.set_state(saved[0])  # noqa: NPY002 - restoring the caller's state
            random.setstate(saved[1])
        for name, a, b in _output_pairs(model, outputs[0], outputs[1], case.n):
            if _differs(a, b):
                raise CheckFailure(
                    check,
                    f"output {name!r} changed when the global random "
                    f"generators were seeded differently: {a} vs {b}",
                )

    _run(check, estimator, cases, body)


def check_input_names(estimator: Estimator, cases: Cases | None = None) -> None:
    """Inputs are namespaced: a shared assumption under its own name (with the assumption's
    distribution), a municipality's own fact as ``key.field``."""
    check = "check_input_names"

    def body(case: _Case, model: CostModel) -> None:
        key = case.municipality.key
        for name, dist in model.inputs.items():
            if name in case.assumptions:
                expected = case.assumptions.distribution(name)
                if dist != expected:
                    raise CheckFailure(
                        check,
                        f"input {name!r} is the name of a shared "
                        f"assumption but has the distribution {dist!r}, not the "
                        f"assumption's {expected!r}; name the municipality's own "
                        f"figure '{key}.{name}'",
                    )
                continue
            field = name[len(key) + 1 :] if name.startswith(key + ".") else ""
            if not _FIELD.match(field):
                raise CheckFailure(
                    check,
                    f"input {name!r} is neither a shared assumption nor "
                    f"namespaced by the municipality as '{key}.<field>' "
                    "(lower-case letters, digits and _)",
                )

    _run(check, estimator, cases, body)


def _refusal(
    check: str,
    estimator: Estimator,
    municipality: Municipality,
    assumptions: Assumptions,
    what: str,
) -> None:
    try:
        estimator.build(municipality, assumptions)
    except NotApplicable as err:
        reason = str(err).strip()
        if " " not in reason:
            raise CheckFailure(
                check,
                f"{what}: NotApplicable's reason should say what to add "
                f"in words a person can act on; got {reason!r}",
            ) from err
    except Exception as err:
        raise CheckFailure(
            check,
            f"{what}, build raised {type(err).__name__}({err}) instead of "
            "NotApplicable with a reason",
        ) from err


def check_not_applicable(estimator: Estimator, cases: Cases | None = None) -> None:
    """Missing evidence gives a model or :class:`NotApplicable` with a reason, never a
    KeyError: with no evidence at all, and with each kind of record taken away from evidence
    the estimator applies to."""
    check = "check_not_applicable"

    def body(case: _Case, model: CostModel) -> None:
        municipality = case.municipality
        kinds = dict.fromkeys(type(r) for r in municipality.evidence)
        for kind in kinds:
            fewer = attrs.evolve(
                municipality,
                evidence=tuple(r for r in municipality.evidence if not isinstance(r, kind)),
            )
            _refusal(
                check, estimator, fewer, case.assumptions, f"without its {kind.__name__} records"
            )

    def empty(case: _Case) -> None:
        _refusal(
            check,
            estimator,
            attrs.evolve(case.municipality, evidence=()),
            case.assumptions,
            "with no evidence at all",
        )

    _run(check, estimator, cases, body, before_build=empty)


CHECKS: tuple[Check, ...] = (
    check_estimator_api,
    check_repr_and_equality,
    check_build_deterministic,
    check_does_not_mutate_inputs,
    check_output_shape,
    check_output_dtype,
    check_no_sample_loop,
    check_finite_nonnegative,
    check_same_inputs_same_outputs,
    check_sample_independence,
    check_monotonic,
    check_no_global_random_state,
    check_input_names,
    check_not_applicable,
)
"""Every check, in the order :func:`~repatcost.testing.check_estimator` runs them."""
