"""``Study``: municipalities + assumptions + an estimator each -> one run -> estimates and total.

All models of a study are evaluated on one set of draws, so every shared driver (wage cost,
overhead, productive hours, ...) is drawn once per sample and the total is the sample-wise sum
of the municipalities.

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(10_000, seed=1)
>>> [e.label for e in result.estimates.values()]
['København', 'Aarhus', 'Odense', 'Aalborg']
>>> bool((result.total.samples == sum(e.samples for e in result.estimates.values())).all())
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import numpy as np

from repatcost._guard import guarded_build
from repatcost._validators import fail, non_empty_text
from repatcost.assumptions import Assumptions, Parameter
from repatcost.constraints import count
from repatcost.declarations import Declarations
from repatcost.display import html_table, money_span, shorten
from repatcost.distributions import Distribution, FloatArray
from repatcost.engine import (
    CHUNK,
    DEFAULT_SAMPLES,
    Design,
    Draws,
    Seed,
    check_memory,
    draw_inputs,
    evaluate_costs,
    resolve_seed,
)
from repatcost.errors import NotApplicable
from repatcost.estimate import Estimate, check_interval_samples
from repatcost.estimators import (
    Estimator,
    ReportedSpending,
    StaffAllocation,
    TotalHoursEstimator,
    UnitCost,
    UnitTime,
)
from repatcost.evidence import Municipality
from repatcost.model import CostModel, merge_inputs
from repatcost.outputs import DERIVED_INPUTS, Evaluation, Output, model_ranges, study_outputs
from repatcost.readings import Reading, check_readings, choose
from repatcost.tables import Table, format_number

if TYPE_CHECKING:
    from repatcost.study_report import StudyReport


class ReadingsEnvelope(Protocol):
    """What :meth:`StudyResult.to_records` reads of a run across readings (a
    :class:`~repatcost.across_readings.ReadingsResult`): its central run and its envelope."""

    @property
    def central(self) -> StudyResult:
        """The central run."""

    def envelope(self, level: float = 0.9) -> dict[str, Any]:
        """Lowest lower end and highest upper end of the intervals over every run."""


__all__ = [
    "DEFAULT_PREFERENCE",
    "CostsResult",
    "Study",
    "StudyResult",
    "default_estimator",
    "estimate_model",
    "summed_range",
]

DEFAULT_PREFERENCE: tuple[Estimator, ...] = (
    ReportedSpending(),
    ReportedSpending(kind="estimate"),
    TotalHoursEstimator(),
    UnitCost(),
    UnitTime(),
    StaffAllocation(),
)
"""Order in which the core's strategies are tried when a municipality names none and the
study has no pack: money reported (actual, else the body's own estimate) beats hours
reported, which beat a reported cost per unit, then units priced by effort per unit, then
staff-years. A pack declares its own order
(:attr:`repatcost.packs.Pack.order`)."""


def default_estimator(municipality: Municipality, assumptions: Assumptions) -> Estimator:
    """The first strategy of the pack's order (else :data:`DEFAULT_PREFERENCE`) that applies
    to ``municipality``."""
    from repatcost.packs import pack_of

    pack = pack_of(assumptions)
    order = DEFAULT_PREFERENCE if pack is None else pack.order()
    reasons = []
    for estimator in order:
        try:
            estimator.build(municipality, assumptions)
        except NotApplicable as err:
            reasons.append(err.reason)
        else:
            return estimator
    raise NotApplicable(f"No estimator applies to {municipality.name}: " + " ".join(reasons))


def _crosscheck_map(
    value: Mapping[str, Iterable[Estimator]],
) -> Mapping[str, tuple[Estimator, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in value.items()})


def _estimator_map(value: Mapping[str, Estimator]) -> Mapping[str, Estimator]:
    return MappingProxyType(dict(value))


def _override_map(
    value: Mapping[str, Iterable[Parameter]],
) -> Mapping[str, tuple[Parameter, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in value.items()})


def _municipality_tuple(value: Iterable[Municipality]) -> tuple[Municipality, ...]:
    return tuple(value)


def _reading_tuple(value: Iterable[Reading]) -> tuple[Reading, ...]:
    return tuple(value)


def _municipalities(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    keys = [m.key for m in value if isinstance(m, Municipality)]
    if len(keys) != len(value) or not value:
        raise fail(inst, attribute.name, value, "one or more Municipality records")
    if len(set(keys)) != len(keys):
        raise fail(inst, attribute.name, keys, "municipalities with distinct keys")


def _check_unreported(study: Any, keys: list[str]) -> None:
    """Each unreported body is a Municipality with no figure and a key of its own."""
    for m in study.unreported:
        if not isinstance(m, Municipality) or not m.reported_nothing:
            raise fail(study, "unreported", m, "municipalities that reported no figure")
        if m.key in keys:
            raise fail(study, "unreported", m.key, "a key no estimated municipality has")


@attrs.frozen
class Study:
    """A set of municipalities to estimate together.

    Attributes:
        municipalities: in reporting order.
        assumptions: shared assumptions (price year, qualifier mapping).
        estimators: municipality key -> estimator; a municipality not named here gets
            :func:`default_estimator`.
        crosschecks: municipality key -> further estimators of the same cost, run on the
            same draws and reported beside the main estimate with their agreement
            (triangulation); they never change the main estimate or the total.
        title: a name for reports.
        declarations: the study's currency, unit, outcome and funnel (default: those of the
            pack its assumptions come from; required without one).
        unreported: bodies that answered with no figure (only notes, or "no figure"): they
            count among those that answered, and no cost is estimated or added for them.
        readings: the source's ambiguities, each with its alternative readings (see
            :mod:`repatcost.readings`); the study as given is every central reading.
        overrides: municipality key -> its own values of assumptions (of shared ones, or
            new ones only it reads); the models
            of that municipality draw them under ``key.name`` (``aarhus.interpreter_share``),
            independently of the shared draw.
    """

    municipalities: tuple[Municipality, ...] = attrs.field(
        converter=_municipality_tuple, validator=_municipalities
    )
    assumptions: Assumptions = attrs.field(validator=attrs.validators.instance_of(Assumptions))
    estimators: Mapping[str, Estimator] = attrs.field(
        factory=dict, converter=_estimator_map, kw_only=True
    )
    crosschecks: Mapping[str, tuple[Estimator, ...]] = attrs.field(
        factory=dict, converter=_crosscheck_map, kw_only=True
    )
    title: str = attrs.field(default="repatcost study", validator=non_empty_text, kw_only=True)
    readings: tuple[Reading, ...] = attrs.field(default=(), converter=_reading_tuple, kw_only=True)
    overrides: Mapping[str, tuple[Parameter, ...]] = attrs.field(
        factory=dict, converter=_override_map, kw_only=True
    )
    unreported: tuple[Municipality, ...] = attrs.field(
        default=(), converter=_municipality_tuple, kw_only=True
    )
    declarations: Declarations = attrs.field(
        validator=attrs.validators.instance_of(Declarations), kw_only=True
    )

    @declarations.default
    def _pack_declarations(self) -> Declarations:
        from repatcost.packs import pack_of

        pack = pack_of(self.assumptions) if isinstance(self.assumptions, Assumptions) else None
        if pack is None:
            raise fail(
                self,
                "declarations",
                None,
                "the study's Declarations (currency, unit, ...) when its assumptions come "
                "from no pack",
            )
        return pack.declarations

    def __attrs_post_init__(self) -> None:
        keys = [m.key for m in self.municipalities]
        _check_unreported(self, keys)
        for key, parameters in self.overrides.items():
            if key not in keys:
                raise fail(self, "overrides", key, f"a municipality key ({', '.join(keys)})")
            for parameter in parameters:
                if not isinstance(parameter, Parameter):
                    raise fail(self, "overrides", parameter, "Parameter instances")
        for field, mapping in (
            ("estimators", self.estimators),
            ("crosschecks", {k: e for k, group in self.crosschecks.items() for e in group}),
        ):
            for key, estimator in mapping.items():
                if key not in keys:
                    raise fail(self, field, key, f"a municipality key ({', '.join(keys)})")
                if not isinstance(estimator, Estimator):
                    raise fail(self, field, estimator, "Estimator instances")
        if self.readings:
            check_readings(attrs.evolve(self, readings=()), self.readings)

    def reading(self, name: str) -> Reading:
        """The reading called ``name`` (e.g. ``"kobenhavn.year"``)."""
        for reading in self.readings:
            if reading.name == name:
                return reading
        known = ", ".join(r.name for r in self.readings) or "none in this study"
        raise fail(self, "reading", name, f"one of {known}")

    def with_assumptions(
        self,
        assumptions: Assumptions | None = None,
        /,
        *,
        rationale: str = "user override",
        **values: Distribution | float,
    ) -> Study:
        """This study with other shared assumptions, every other setting kept (estimators,
        cross-checks, readings, overrides, title): ``assumptions`` whole, or ``values``
        replacing named ones (see :meth:`~repatcost.assumptions.Assumptions.override`).

        >>> from repatcost.data import bundled_study
        >>> study = bundled_study()
        >>> cautious = study.with_assumptions(show_up_rate=0.9, rationale="what if all came")
        >>> cautious.assumptions.distribution("show_up_rate").median
        0.9
        >>> cautious.readings == study.readings
        True
        """
        if assumptions is None:
            assumptions = self.assumptions.override(rationale, **values)
        elif values:
            raise fail(self, "with_assumptions", sorted(values), "Assumptions or values, not both")
        return attrs.evolve(self, assumptions=assumptions)

    def with_reading(self, name: str, label: str) -> Study:
        """This study read with alternative ``label`` of the reading ``name``, which becomes
        that reading's central one; every other setting kept (see
        :func:`~repatcost.readings.choose`).

        >>> from repatcost.data import bundled_study
        >>> later = bundled_study().with_reading("kobenhavn.year", "2022")
        >>> later.reading("kobenhavn.year").central, later.title == bundled_study().title
        ('2022', True)
        """
        return choose(self, {name: label})

    def without(self, *keys: str) -> Study:
        """This study without the municipalities ``keys``, with every other setting kept:
        their estimators, cross-checks and overrides go with them, and so do the readings
        whose changes concern them.

        >>> from repatcost.data import bundled_study
        >>> smaller = bundled_study().without("aalborg")
        >>> [m.key for m in smaller.municipalities], [r.name for r in smaller.readings][:2]
        (['kobenhavn', 'aarhus', 'odense'], ['kobenhavn.year', 'kobenhavn.scope'])
        """
        for key in keys:
            self.municipality(key)
        gone = set(keys)

        def kept(mapping: Mapping[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in mapping.items() if k not in gone}

        readings = tuple(
            r
            for r in self.readings
            if not any(
                getattr(c, "municipality", None) in gone for a in r.alternatives for c in a.changes
            )
        )
        return attrs.evolve(
            self,
            municipalities=tuple(m for m in self.municipalities if m.key not in gone),
            estimators=kept(self.estimators),
            crosschecks=kept(self.crosschecks),
            overrides=kept(self.overrides),
            readings=readings,
        )

    def __repr__(self) -> str:
        names = ", ".join(m.name for m in self.municipalities)
        return shorten(
            f"Study({self.title!r}, price year {self.assumptions.price_year}, "
            f"{len(self.municipalities)} municipalities: {names})"
        )

    def table(self) -> Table:
        """The municipalities: name, code, estimator, evidence records."""
        rows = []
        for m in self.municipalities:
            try:
                method = type(self.estimator_for(m.key)).__name__
            except NotApplicable:
                method = "none applies"
            rows.append((m.name, m.code, method, len(m.evidence)))
        return Table(
            ("municipality", "code", "estimator", "evidence_records"),
            rows,
            title=f"{self.title} (price year {self.assumptions.price_year})",
        )

    def _repr_html_(self) -> str:
        return html_table(self.table())

    def municipality(self, key: str) -> Municipality:
        """The municipality with ``key`` (e.g. ``"kobenhavn"``)."""
        for m in self.municipalities:
            if m.key == key:
                return m
        known = ", ".join(m.key for m in self.municipalities)
        raise fail(self, "key", key, f"one of {known}")

    def assumptions_for(self, key: str) -> Assumptions:
        """The assumptions of municipality ``key``: the shared ones and its own overrides."""
        return self.assumptions.with_parameters(*self.overrides.get(key, ()))

    def local_names(self, key: str) -> dict[str, str]:
        """Shared name -> the input name of municipality ``key``'s own copy of it.

        >>> from repatcost.data import bundled_study
        >>> bundled_study().local_names("aarhus")
        {}
        """
        return {p.name: f"{key}.{p.name}" for p in self.overrides.get(key, ())}

    def estimator_for(self, key: str) -> Estimator:
        """The estimator used for the municipality ``key``."""
        if key in self.estimators:
            return self.estimators[key]
        return default_estimator(self.municipality(key), self.assumptions_for(key))

    def model(self, key: str, estimator: Estimator | None = None) -> CostModel:
        """The model of municipality ``key`` by ``estimator`` (default: its own estimator);
        its own assumptions are drawn apart from the shared ones (see ``overrides``)."""
        estimator = self.estimator_for(key) if estimator is None else estimator
        model = guarded_build(estimator, self.municipality(key), self.assumptions_for(key))
        return model.with_input_names(self.local_names(key))

    def models(self) -> dict[str, CostModel]:
        """Municipality key -> its cost model."""
        return {m.key: self.model(m.key) for m in self.municipalities}

    def crosscheck_models(self) -> dict[str, tuple[CostModel, ...]]:
        """Municipality key -> the cost models of its cross-check estimators."""
        return {
            key: tuple(self.model(key, e) for e in group)
            for key, group in self.crosschecks.items()
        }

    def run(
        self, n: int = DEFAULT_SAMPLES, *, seed: Seed = None, design: Design = "mc"
    ) -> StudyResult:
        """Draw ``n`` samples of every input once and evaluate every municipality on them.

        Cross-check models and the assumptions outputs read besides the models
        (:data:`repatcost.outputs.DERIVED_INPUTS`) are drawn in the same run, so every figure
        of the result shares its draws. Each model's hard ranges are computed once here.
        """
        models = self.models()
        checks = self.crosscheck_models()
        extra = {
            name: self.assumptions.distribution(name)
            for name in DERIVED_INPUTS
            if name in self.assumptions
        }
        inputs = merge_inputs(
            "Study",
            *(m.inputs for m in models.values()),
            *(m.inputs for group in checks.values() for m in group),
            extra,
        )
        _check_run_memory(n, inputs, [*models.values(), *(m for g in checks.values() for m in g)])
        draws = draw_inputs(inputs, n, seed=seed, design=design)
        ranges = {key: model_ranges(model) for key, model in models.items()}
        estimates = {
            key: estimate_model(model, draws, hard_range=ranges[key][""])
            for key, model in models.items()
        }
        crosschecks = {
            key: tuple(estimate_model(m, draws) for m in group) for key, group in checks.items()
        }
        return StudyResult(self, draws, models, estimates, crosschecks, ranges=ranges)

    def run_costs(
        self,
        n: int = 100_000,
        *,
        seed: Seed = None,
        chunk: int = CHUNK,
        known: Draws | None = None,
        given: Mapping[str, FloatArray] | None = None,
    ) -> CostsResult:
        """Each municipality's cost and the total only, evaluated in chunks of samples.

        For many municipalities at many samples: memory is one array of ``n`` floats per
        municipality and one for the total (no input, component or quantity arrays), and the
        samples equal those of :meth:`run` with the same ``n`` and seed, bit for bit. Plain
        Monte Carlo only; cross-checks are not run. ``known``: the draws of another plain run
        with the same ``n`` and seed, whose samples of the inputs this study shares (same
        name, same distribution) are taken instead of drawn again (see
        :func:`~repatcost.engine.evaluate_costs`). ``given``: municipality key -> its cost
        samples, already known for this ``n`` and seed (the same model evaluated on the same
        draws in another run); those municipalities are not evaluated and their own inputs not
        drawn (the other inputs' streams do not depend on them).

        >>> from repatcost.data import bundled_study
        >>> study = bundled_study()
        >>> lean = study.run_costs(1_000, seed=2)
        >>> [round(e.median, -4) for e in lean.estimates.values()]
        [800000.0, 220000.0, 640000.0, 100000.0]
        """
        models = self.models()
        costs = dict(given or {})
        todo = {key: model for key, model in models.items() if key not in costs}
        inputs = merge_inputs("Study", *(m.inputs for m in todo.values()))
        entropy = resolve_seed(seed)
        if todo:
            costs |= evaluate_costs(todo, inputs, n, seed=entropy, chunk=chunk, known=known)
        run = object()
        estimates = {
            key: Estimate(
                model.label,
                costs[key],
                model.hard_range(),
                run,
                method=model.method,
                provenance=model.provenance,
                leaves_out=model.leaves_out,
            )
            for key, model in models.items()
        }
        return CostsResult(self, estimates, int(n), entropy)


def _check_run_memory(n: Any, inputs: Mapping[str, Any], models: list[CostModel]) -> None:
    """Refuse a run that would not fit in memory before drawing anything: its uncertain
    inputs, every model output and cost, and the total are each ``n`` floats."""
    if count(minimum=1).accepts(n):
        arrays = sum(not d.is_degenerate for d in inputs.values())
        arrays += sum(len(m.outputs) + 1 for m in models) + 1
        check_memory("Study.run", int(n), arrays)


def estimate_model(
    model: CostModel, draws: Draws, *, hard_range: tuple[float, float] | None = None
) -> Estimate:
    """Evaluate ``model`` on ``draws`` and wrap the result as an :class:`Estimate`
    (``hard_range``: the model's, when already known)."""
    outputs = model.evaluate({name: draws.values[name] for name in model.inputs})
    return Estimate(
        model.label,
        model.cost(outputs),
        model.hard_range() if hard_range is None else hard_range,
        draws.run,
        components={c: outputs[c] for c in model.components},
        quantities={q: outputs[q] for q in model.quantities},
        method=model.method,
        one_off=model.one_off,
        provenance=model.provenance,
        leaves_out=model.leaves_out,
        notes=model.notes,
    )


@attrs.frozen(eq=False)
class StudyResult:
    """The outcome of :meth:`Study.run`: one estimate per municipality and the total.

    ``ranges`` holds each model's :func:`~repatcost.outputs.model_ranges`, computed
    once by the run; :attr:`outputs` is the study's output registry on them and
    :meth:`report` the typed report, built once per level and threshold.
    """

    study: Study
    draws: Draws
    models: Mapping[str, CostModel]
    estimates: Mapping[str, Estimate]
    crosschecks: Mapping[str, tuple[Estimate, ...]] = attrs.field(factory=dict)
    ranges: Mapping[str, Mapping[str, tuple[float, float]]] = attrs.field(
        factory=dict, kw_only=True, repr=False
    )
    _reports: dict[tuple[float, float], StudyReport] = attrs.field(
        factory=dict, init=False, repr=False
    )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (and deep-copy) without the models, whose functions may be closures; they
        are rebuilt from the study, which gives the same models."""
        parts = (self.study, self.draws, dict(self.estimates), dict(self.crosschecks))
        return (_restore_result, (*parts, dict(self.ranges)))

    @functools.cached_property
    def total(self) -> Estimate:
        """The sum of all municipalities, sample by sample: its cost components are the
        municipalities' components added by name; their quantities (conversations, implied
        hourly costs) are not added up, as a sum of them means nothing."""
        first, *rest = self.estimates.values()
        samples = first.samples.copy()  # ((a + b) + c) + d, bit for bit, in one array
        components = dict(first.components)
        for estimate in rest:
            np.add(samples, estimate.samples, out=samples)
            for name, part in estimate.components.items():
                components[name] = components[name] + part if name in components else part
        items = tuple(self.estimates.values())
        return Estimate(
            "Total",
            samples,
            summed_range(items),
            first.run,
            components=components,
            method=" + ".join(e.method for e in items if e.method),
            one_off=frozenset().union(*(e.one_off for e in items)),
            provenance=tuple(dict.fromkeys(p for e in items for p in e.provenance)),
            leaves_out=tuple(dict.fromkeys(x for e in items for x in e.leaves_out)),
            notes=tuple(dict.fromkeys(x for e in items for x in e.notes)),
        )

    @functools.cached_property
    def outputs(self) -> dict[str, Output]:
        """The study's outputs by name (:func:`repatcost.outputs.study_outputs`)."""
        ranges = self.ranges or {k: model_ranges(m) for k, m in self.models.items()}
        return study_outputs(self.study, models=self.models, ranges=ranges)

    @functools.cached_property
    def evaluation(self) -> Evaluation:
        """The run's model outputs, for computing :attr:`outputs` on its draws."""
        outputs = {
            key: MappingProxyType({"": e.samples, **e.components, **e.quantities})
            for key, e in self.estimates.items()
        }
        evaluation = Evaluation(MappingProxyType(outputs), self.draws.values)
        evaluation.cache[f"sum::{','.join(self.estimates)}"] = self.total.samples
        return evaluation

    def samples_of(self, name: str) -> FloatArray:
        """The samples of the output ``name`` on this run's draws (computed once)."""
        if name not in self.outputs:
            raise fail(self, "name", name, "one of " + ", ".join(self.outputs))
        return self.outputs[name].on(self.evaluation)

    def report(self, *, level: float = 0.9, adjust_threshold: float | None = None) -> StudyReport:
        """The typed report of this run (every summary computed once, then kept)."""
        from repatcost.study_report import ADJUST_LATER_THRESHOLD, build_report

        threshold = ADJUST_LATER_THRESHOLD if adjust_threshold is None else adjust_threshold
        check_interval_samples("StudyResult.report", self.n, level)
        if (level, threshold) not in self._reports:
            self._reports[(level, threshold)] = build_report(self, level, threshold)
        return self._reports[(level, threshold)]

    def to_records(
        self, *, level: float = 0.9, readings: ReadingsEnvelope | None = None
    ) -> list[dict[str, Any]]:
        """One plain dict per municipality and the total (name, code, method, median,
        interval ends, level, unit, ratios...): the columns of ``--format csv``.

        ``readings``: the run across this study's readings around this run
        (:func:`repatcost.across_readings.readings_around`); each record then also has
        ``readings_low`` and ``readings_high``, the ends of its range across readings at
        ``level`` (see :meth:`~repatcost.across_readings.ReadingsResult.envelope`).
        """
        records = self.report(level=level).to_records()
        if readings is None:
            return records
        if readings.central is not self:
            raise fail(self, "readings", readings, "the readings run around this result")
        envelope = readings.envelope(level)
        ends = [*(envelope["municipalities"][k] for k in self.estimates), envelope["total"]]
        for record, (low, high) in zip(records, ends, strict=True):
            record.update(readings_low=float(low), readings_high=float(high))
        return records

    def to_frame(self, *, level: float = 0.9, readings: ReadingsEnvelope | None = None) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs the ``pandas`` extra); its floats
        print without scientific notation (the values are not rounded).

        >>> import pytest; _ = pytest.importorskip("pandas")
        >>> from repatcost.across_readings import readings_around
        >>> from repatcost.data import bundled_study
        >>> result = bundled_study().run(2_000, seed=1)
        >>> frame = result.to_frame(readings=readings_around(result))
        >>> bool((frame["readings_low"] <= frame["interval_low"]).all())
        True
        """
        from repatcost._frames import records_frame

        records = self.to_records(level=level, readings=readings)
        return records_frame(records, list(records[0]))

    def samples_long(self) -> dict[str, Any]:
        """The samples in long format: sample, municipality, cost, components (numpy)."""
        from repatcost.tidy import long_samples

        return long_samples(self)

    def samples_frame(self) -> Any:
        """:meth:`samples_long` as a pandas DataFrame (needs the ``pandas`` extra)."""
        from repatcost.tidy import samples_frame

        return samples_frame(self)

    def __repr__(self) -> str:
        total = self.total.summary(0.9)  # the total alone: no report is built
        return shorten(
            f"StudyResult({self.study.title!r}, n={self.n:,}, seed={self.seed}, total median "
            f"{format_number(total.median)} {self.study.declarations.currency}, "
            f"{total.level:.0%} interval "
            f"{money_span(*total.interval)})"
        )

    def _repr_html_(self) -> str:
        return self.report()._repr_html_()

    @property
    def n(self) -> int:
        """Number of samples."""
        return self.draws.n

    @property
    def seed(self) -> int:
        """The integer seed the run used (repeat the run with it)."""
        return self.draws.seed


def _restore_result(
    study: Study,
    draws: Draws,
    estimates: dict[str, Estimate],
    crosschecks: dict[str, tuple[Estimate, ...]],
    ranges: dict[str, Mapping[str, tuple[float, float]]],
) -> StudyResult:
    return StudyResult(study, draws, study.models(), estimates, crosschecks, ranges=ranges)


def summed_range(estimates: Iterable[Estimate]) -> tuple[float, float]:
    """The hard range of a sum of ``estimates``: the lower ends added in order, and the upper
    ends likewise. :attr:`StudyResult.total` and :attr:`CostsResult.total` both use it, so
    their ranges agree bit for bit.

    >>> from repatcost.data import bundled_study
    >>> result = bundled_study().run(100, seed=1)
    >>> summed_range(result.estimates.values()) == result.total.hard_range
    True
    """
    low = high = 0.0
    for estimate in estimates:
        low, high = low + estimate.hard_range[0], high + estimate.hard_range[1]
    return (low, high)


@attrs.frozen(eq=False)
class CostsResult:
    """The outcome of :meth:`Study.run_costs`: costs per municipality and their total only
    (no components, quantities or inputs, so no report; use :meth:`Study.run` for that)."""

    study: Study
    estimates: Mapping[str, Estimate]
    n: int
    seed: int

    @functools.cached_property
    def total(self) -> Estimate:
        """The sum of all municipalities, sample by sample (added in place, in order)."""
        items = list(self.estimates.values())
        samples = np.zeros(self.n)
        for estimate in items:
            samples += estimate.samples
        return Estimate("Total", samples, summed_range(items), items[0].run)
