"""The estimator contract as named checks, and the two ways to run them.

Each ``check_*`` function tests one promise of the contract in ``DESIGN.md`` and raises
:class:`~repatcost.testing.CheckFailure` (an ``AssertionError``) naming the promise broken and
the culprit (the output, the input, the sample, the record). The checks that need evidence
draw it with hypothesis, from :class:`Cases`: a municipality, an assumption set, a seed and a
sample size; the input values are the model's own distributions sampled with that seed, a
quarter of them at the lower and a quarter at the upper end of their hard range.

:func:`check_estimator` runs every check and returns a :class:`~repatcost.testing.CheckReport`;
:func:`parametrize_with_checks` turns them into one pytest test each.

>>> from repatcost.estimators import StaffAllocation
>>> report = check_estimator(StaffAllocation(), max_examples=5)
>>> report.ok, len(report)
(True, 13)
"""

from __future__ import annotations

import copy
import random
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis.reporting import with_reporter

from repatcost._validators import fail
from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import Estimator, available, get
from repatcost.evidence import Municipality
from repatcost.model import MAX_CORNER_INPUTS, CostModel
from repatcost.testing import strategies
from repatcost.testing._report import (
    CheckFailure,
    CheckReport,
    CheckResult,
    EstimatorCheckWarning,
    Status,
)

if TYPE_CHECKING:
    from _pytest.mark import MarkDecorator

__all__ = [
    "CHECKS",
    "Cases",
    "check_build_deterministic",
    "check_does_not_mutate_inputs",
    "check_estimator",
    "check_estimator_api",
    "check_finite_nonnegative",
    "check_input_names",
    "check_monotonic",
    "check_no_global_random_state",
    "check_no_sample_loop",
    "check_not_applicable",
    "check_output_shape",
    "check_repr_and_equality",
    "check_same_inputs_same_outputs",
    "check_sample_independence",
    "parametrize_with_checks",
]

Values = dict[str, FloatArray]
Check = Callable[..., None]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_RTOL = 1e-12
"""Relative tolerance where the same arithmetic on reordered arrays may round differently."""
_MONOTONE_TOL = 1e-9
"""Relative slack of the monotonicity check (rounding, never a real fall in cost)."""


def _strategy_of(
    value: Any,
    default: Callable[[], st.SearchStrategy[Any]],
    wrap: Callable[[Any], st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Any]:
    if value is None:
        return default()
    if isinstance(value, st.SearchStrategy):
        return value
    if wrap is not None:
        return wrap(value)
    raise fail("Cases", "strategy", value, "a hypothesis strategy or None")


def _assumption_strategy(value: Any) -> st.SearchStrategy[Assumptions]:
    def wrap(base: Any) -> st.SearchStrategy[Assumptions]:
        if not isinstance(base, Assumptions):
            raise fail(
                "Cases", "assumptions", base, "an Assumptions set, a strategy of them, or None"
            )
        return strategies.assumption_sets(base=base)

    return _strategy_of(value, strategies.assumption_sets, wrap)


def _municipality_strategy(value: Any) -> st.SearchStrategy[Municipality]:
    return _strategy_of(value, strategies.municipalities)


def _max_examples(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise fail(inst, attribute.name, value, "an integer >= 1 or None")


@attrs.frozen(repr=False)
class _Case:
    """One drawn case; its repr keeps falsifying examples short."""

    municipality: Municipality
    assumptions: Assumptions
    seed: int
    n: int
    snapshot: Any = attrs.field(default=None, eq=False)
    """What ``before_build`` saw (see :func:`_run`)."""

    def __repr__(self) -> str:
        base = strategies._defaults()
        changed = [
            f"{p.name}={p.distribution!r}"
            for p in self.assumptions.parameters
            if p.name not in base or base[p.name] != p
        ]
        if self.assumptions.qualifiers != base.qualifiers:
            changed.append(f"qualifiers={self.assumptions.qualifiers!r}")
        summary = "defaults" + (" with " + ", ".join(changed) if changed else "")
        return (
            f"Case(municipality={self.municipality!r}, assumptions=<{summary}>, "
            f"seed={self.seed}, n={self.n})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis prints a falsifying case: as :meth:`__repr__`."""
        printer.text(repr(self))


@attrs.frozen
class Cases:
    """Where the hypothesis-driven checks draw their cases from.

    Attributes:
        municipalities: a strategy of municipalities (default
            :func:`~repatcost.testing.strategies.municipalities`); aim it at the evidence your
            estimator needs.
        assumptions: a strategy of assumption sets, or an :class:`Assumptions` to vary
            around (default: :func:`~repatcost.testing.strategies.assumption_sets` of the
            packaged defaults). An estimator with assumptions of its own needs a base that
            has them.
        max_examples: hypothesis examples per check (default: the current settings profile).
    """

    municipalities: st.SearchStrategy[Municipality] = attrs.field(
        default=None, converter=_municipality_strategy
    )
    assumptions: st.SearchStrategy[Assumptions] = attrs.field(
        default=None, converter=_assumption_strategy
    )
    max_examples: int | None = attrs.field(default=None, validator=_max_examples)

    def strategy(self) -> st.SearchStrategy[_Case]:
        """The strategy of cases: municipality, assumptions, seed and sample size."""
        places, sets = self.municipalities, self.assumptions
        seeds, sizes = st.integers(0, 2**32 - 1), st.integers(2, 8)

        @st.composite
        def cases(draw: st.DrawFn) -> _Case:
            return _Case(draw(places), draw(sets), draw(seeds), draw(sizes))

        return cases()

    def settings(self) -> settings:
        """Hypothesis settings of one check: the current profile, no deadline, no database."""
        return settings(
            max_examples=self.max_examples or _profile().max_examples,
            deadline=None,
            database=None,
            report_multiple_bugs=False,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.filter_too_much,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
        )


# --- helpers ------------------------------------------------------------------------------


def _profile() -> settings:
    """The hypothesis settings profile in force."""
    current = settings.default
    return settings() if current is None else current


def _build(
    check: str, estimator: Estimator, municipality: Municipality, assumptions: Assumptions
) -> CostModel | None:
    """The model, or None when the estimator refuses the evidence on purpose."""
    try:
        model = estimator.build(municipality, assumptions)
    except NotApplicable:
        return None
    except InvalidValueError as err:
        if err.owner == "CostModel":
            raise CheckFailure(check, f"build made an invalid CostModel: {err}") from err
        return None  # a deliberate refusal, worded as the house style asks
    except Exception as err:
        raise CheckFailure(
            check,
            f"build raised {type(err).__name__}({err}); it should "
            "return a CostModel or raise NotApplicable with a reason",
        ) from err
    if not isinstance(model, CostModel):
        raise CheckFailure(check, f"build returned {type(model).__name__}, not a CostModel")
    return model


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


def _run(
    check: str,
    estimator: Estimator,
    cases: Cases | None,
    body: Callable[[_Case, CostModel], None],
    *,
    before_build: Callable[[_Case], Any] | None = None,
) -> None:
    """Run ``body`` on drawn cases the estimator applies to (others are rejected; if none
    applies the check fails).

    ``before_build`` runs before the model is built; its result is passed on as the case's
    ``snapshot`` (used to detect mutation by ``build`` itself).
    """
    cases = Cases() if cases is None else cases

    @cases.settings()
    @given(case=cases.strategy())
    def run(case: _Case) -> None:
        if before_build is not None:
            case = attrs.evolve(case, snapshot=before_build(case))
        model = _build(check, estimator, case.municipality, case.assumptions)
        if model is None:
            reject()  # not applicable: draw another case
        else:
            body(case, model)

    printed: list[str] = []
    try:
        with with_reporter(lambda text: printed.append(str(text))):
            run()  # what hypothesis would print goes into the failure's notes instead
    except CheckFailure as err:
        for text in printed:
            if text not in getattr(err, "__notes__", ()):
                err.add_note(text)
        raise
    except Unsatisfiable as err:
        raise CheckFailure(
            check,
            f"{estimator!r} applied to none of the generated cases, so "
            "nothing was checked; pass municipalities= (and assumptions=) "
            "strategies that give it the evidence it needs",
        ) from err


# --- the checks ---------------------------------------------------------------------------


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
            for name in model.outputs:
                a, b = _array(first, name, case.n), _array(second, name, case.n)
                if a is not None and b is not None and not np.array_equal(a, b, equal_nan=True):
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
        for name in model.outputs:
            a, b = _array(first, name, case.n), _array(second, name, case.n)
            if a is not None and b is not None and not np.array_equal(a, b, equal_nan=True):
                i = int(np.flatnonzero(~((a == b) | (np.isnan(a) & np.isnan(b))))[0])
                raise CheckFailure(
                    check,
                    f"output {name!r} at sample {i} was {a[i]!r} and then "
                    f"{b[i]!r} for the same inputs {_at(values, i)}",
                )

    _run(check, estimator, cases, body)


def _close(a: FloatArray, b: FloatArray) -> Any:
    return np.isclose(a, b, rtol=_RTOL, atol=0.0, equal_nan=True)


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
        for name in model.outputs:
            a, b = _array(whole, name, n), _array(shuffled, name, n)
            if a is None or b is None:
                continue
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
            for name in model.outputs:
                a, b = _array(whole, name, n), _array(alone, name, 1)
                if a is None or b is None:
                    continue
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


def _global_state() -> tuple[Any, Any]:
    # the legacy global generator is exactly what this check watches
    return np.random.get_state(), random.getstate()  # noqa: NPY002


def _same_numpy_state(a: Any, b: Any) -> bool:
    return bool(a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:])


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
        for name in model.outputs:
            a, b = (_array(out, name, case.n) for out in outputs)
            if a is not None and b is not None and not np.array_equal(a, b, equal_nan=True):
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
    check_no_sample_loop,
    check_finite_nonnegative,
    check_same_inputs_same_outputs,
    check_sample_independence,
    check_monotonic,
    check_no_global_random_state,
    check_input_names,
    check_not_applicable,
)
"""Every check, in the order :func:`check_estimator` runs them."""

_BY_NAME = {c.__name__: c for c in CHECKS}


# --- running them -------------------------------------------------------------------------


def _reason(err: BaseException) -> str:
    """Why a check failed: its message (or the unexpected error), then hypothesis' notes."""
    text = err.reason if isinstance(err, CheckFailure) else f"{type(err).__name__}: {err}"
    notes = [n for n in getattr(err, "__notes__", ()) if isinstance(n, str)]
    return "\n".join([text, *notes])


def _expected(value: Mapping[str, str] | None) -> dict[str, str]:
    expected = dict(value or {})
    unknown = sorted(set(expected) - set(_BY_NAME))
    if unknown:
        raise fail(
            "check_estimator",
            "expected_failed_checks",
            unknown,
            "names of checks (" + ", ".join(_BY_NAME) + ")",
        )
    return expected


def check_estimator(
    estimator: Estimator,
    *,
    on_fail: Literal["raise", "warn"] | None = "raise",
    municipalities: st.SearchStrategy[Municipality] | None = None,
    assumptions: Assumptions | st.SearchStrategy[Assumptions] | None = None,
    max_examples: int | None = None,
    expected_failed_checks: Mapping[str, str] | None = None,
    checks: Iterable[str] | None = None,
) -> CheckReport:
    """Run every contract check on ``estimator`` and report each one.

    Args:
        estimator: an instance of the estimator to check.
        on_fail: ``"raise"`` raises :class:`~repatcost.testing.EstimatorCheckError` naming
            every failed check; ``"warn"`` issues an
            :class:`~repatcost.testing.EstimatorCheckWarning` per failed check; ``None``
            only returns the report.
        municipalities, assumptions, max_examples: where the cases come from (see
            :class:`Cases`).
        expected_failed_checks: check name -> why it is known to fail; those are reported
            as ``"xfailed"`` and do not raise.
        checks: names of the checks to run (default: all of :data:`CHECKS`).

    >>> from repatcost.estimators import ConversationTime
    >>> print(check_estimator(ConversationTime(), max_examples=3, on_fail=None,
    ...                       checks=["check_output_shape"]))
    ConversationTime(): 1 checks, 1 passed
      PASSED   check_output_shape
    """
    if on_fail not in ("raise", "warn", None):
        raise fail("check_estimator", "on_fail", on_fail, "'raise', 'warn' or None")
    cases = Cases(municipalities, assumptions, max_examples)
    expected = _expected(expected_failed_checks)
    chosen = CHECKS if checks is None else tuple(_BY_NAME[n] for n in _known(checks))
    results = []
    for check in chosen:
        name = check.__name__
        try:
            check(estimator, cases)
        except Exception as err:  # a crash in a check is a failure of the estimator
            status: Status = "xfailed" if name in expected else "failed"
            results.append(CheckResult(name, status, _reason(err)))
        else:
            results.append(
                CheckResult(name, "xpassed", expected[name])
                if name in expected
                else CheckResult(name, "passed")
            )
    report = CheckReport(repr(estimator), tuple(results))
    if on_fail == "raise":
        report.raise_for_failures()
    elif on_fail == "warn":
        for result in report.failed:
            warnings.warn(
                f"{report.estimator} {result.name}: {result.reason}",
                EstimatorCheckWarning,
                stacklevel=2,
            )
    return report


def _known(names: Iterable[str]) -> list[str]:
    chosen = list(names)
    unknown = [n for n in chosen if n not in _BY_NAME]
    if unknown:
        raise fail(
            "check_estimator", "checks", unknown, "names of checks (" + ", ".join(_BY_NAME) + ")"
        )
    return chosen


@attrs.frozen
class _BoundCheck:
    """One check with its cases, callable on an estimator (what the pytest test calls)."""

    check: Check
    cases: Cases

    def __call__(self, estimator: Estimator) -> None:
        self.check(estimator, self.cases)

    def __repr__(self) -> str:
        return self.check.__name__


def parametrize_with_checks(
    estimators: Sequence[Estimator],
    *,
    expected_failed_checks: Callable[[Estimator], Mapping[str, str]] | None = None,
    municipalities: st.SearchStrategy[Municipality] | None = None,
    assumptions: Assumptions | st.SearchStrategy[Assumptions] | None = None,
    max_examples: int | None = None,
) -> MarkDecorator:
    """A pytest ``parametrize`` mark with one test per estimator and check.

    The decorated test takes ``estimator`` and ``check`` and calls ``check(estimator)``.
    ``expected_failed_checks(estimator)`` returns check name -> reason for the checks known
    to fail on that estimator; they are marked ``xfail`` with that reason.

    Example (in a test module)::

        from repatcost.testing import parametrize_with_checks

        @parametrize_with_checks([MyEstimator()])
        def test_contract(estimator, check):
            check(estimator)
    """
    import pytest

    cases = Cases(municipalities, assumptions, max_examples)
    params = []
    for estimator in estimators:
        expected = _expected(expected_failed_checks(estimator)) if expected_failed_checks else {}
        for check in CHECKS:
            name = check.__name__
            marks = (
                [pytest.mark.xfail(reason=expected[name], strict=False)]
                if name in expected
                else []
            )
            params.append(
                pytest.param(
                    estimator, _BoundCheck(check, cases), marks=marks, id=f"{estimator!r}-{name}"
                )
            )
    return pytest.mark.parametrize(("estimator", "check"), params)
