"""The registry of a study's outputs: every named figure defined once.

Each :class:`Output` states its inputs, a vectorised function of them, its hard range under
the inputs' bounds, its unit and its caveat. The report (on a run's draws), the sensitivity
methods (on designed inputs) and the tolerance loop all use these same objects, so a figure
cannot mean one thing in the report and another in a tornado table.

Names, for a municipality ``key`` (e.g. ``aarhus``):

Every name and unit comes from the study's declarations (:mod:`repatcost.declarations`):
its currency, its unit (``request``; ``conversation`` in the Danish pack) and its outcome.

- ``total``, ``key``: annual cost (currency per year); ``key.recurring``, ``key.one_off``:
  its parts (one-off costs are never in a cost per unit or per outcome).
- ``key.cost_per_{unit}``, ``cost_per_{unit}``: recurring cost / units at the funnel's last
  stage. **Rule**: a municipality counts when it reported a count and its model gives units
  whose hard range is above zero; the total divides the summed cost of exactly those
  municipalities by their summed units.
- ``key.cost_per_{outcome}``, ``cost_per_{outcome}`` (only when the study declares an
  outcome): annual cost / outcomes counted. **Rule**: each municipality contributes the
  count of one year, the price year (else the latest year it reported), since the cost is
  annual; the total needs every municipality to report one. A ratio, not an effect.
- ``key.cost_per_attributed_{outcome}`` and ``cost_per_attributed_{outcome}``: the same
  divided by the ``attribution_share`` assumption, when the assumptions hold one.
- ``key.{units}`` (when the source does not give them at the last stage) and
  ``key.hourly_cost`` (implied by reported spending): quantities the model implies, with a
  plausible range.

>>> from repatcost.data import bundled_study
>>> outputs = study_outputs(bundled_study())
>>> outputs["aalborg.cost_per_repatriated"].unit
'DKK per repatriated person'
>>> import numpy as np
>>> out = outputs["total"]
>>> values = {name: dist.ppf(np.array([0.5])) for name, dist in out.inputs.items()}
>>> bool(out.function(values)[0] > 1_000_000)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.assumptions import Assumptions, hourly_cost
from repatcost.distributions import Distribution, FloatArray
from repatcost.estimators.parts import per_year, volume_name
from repatcost.evidence import Figure, Municipality, Record
from repatcost.model import CostModel, Values, merge_inputs

if TYPE_CHECKING:
    from repatcost.study import Study

__all__ = [
    "DERIVED_INPUTS",
    "Evaluation",
    "Output",
    "evaluate_models",
    "hourly_cost_range",
    "model_ranges",
    "outcome_count",
    "output_names",
    "study_output",
    "study_outputs",
]

DERIVED_INPUTS: tuple[str, ...] = ("attribution_share",)
"""Assumptions some outputs read besides the models' inputs (drawn in a run when present)."""


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)


Ranges = Mapping[str, Mapping[str, tuple[float, float]]]
"""Municipality key -> :func:`model_ranges` of its model."""


def model_ranges(model: CostModel) -> dict[str, tuple[float, float]]:
    """The hard range of every output of ``model`` and of its cost (key ``""``), from one
    evaluation of the corners of its input box.

    >>> from repatcost.data import bundled_study
    >>> model = bundled_study().models()["kobenhavn"]
    >>> model_ranges(model)[""] == model.hard_range()
    True
    """
    cost, ranges = model.corner_ranges()
    return {**ranges, "": cost}


@attrs.frozen(eq=False)
class Evaluation:
    """The models of a study evaluated once on one set of input values.

    ``outputs[key]`` holds the model's outputs by name, and its cost under ``""``. Outputs
    computed from it are kept (:meth:`Output.on`), so each is computed once per draw set.
    """

    outputs: Mapping[str, Mapping[str, FloatArray]]
    values: Values
    cache: dict[str, FloatArray] = attrs.field(factory=dict, repr=False)

    def sum_of(self, keys: tuple[str, ...], name: str = "") -> FloatArray:
        """The sample-wise sum of output ``name`` ("" = cost) over the municipalities ``keys``."""
        memo = f"sum:{name}:{','.join(keys)}"
        if memo not in self.cache:
            total = self.outputs[keys[0]][name]
            for key in keys[1:]:
                total = total + self.outputs[key][name]
            self.cache[memo] = total
        return self.cache[memo]


def evaluate_models(models: Mapping[str, CostModel], values: Values) -> Evaluation:
    """Evaluate each of ``models`` once on ``values`` (arrays of one length)."""
    outputs = {}
    for key, model in models.items():
        found = model.evaluate({name: values[name] for name in model.inputs})
        outputs[key] = MappingProxyType({"": model.cost(found), **found})
    return Evaluation(MappingProxyType(outputs), values)


def _frozen(value: Mapping[str, Distribution]) -> Mapping[str, Distribution]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class Output:
    """One named output of a study (or of a plain function of named inputs).

    Attributes:
        name: the output's name (see module docs).
        label: a human label.
        unit: unit of the output values.
        inputs: every input the output depends on, name -> distribution.
        function: vectorised: input arrays (length n) -> output samples (length n).
        hard_range: what no combination of inputs within their bounds can leave (None when
            not known, e.g. for a user's function).
        caveat: how not to read it, or None.
        note: what it covers, e.g. "(19 persons)".
        plausible: for an implied quantity, the range the assumptions or reported figures
            allow.
        derive: the same function on a run already evaluated (:class:`Evaluation`).
        divides: ``(name, d)`` when the output is the output ``name`` divided by the positive
            constant ``d`` (its quantiles are those of ``name`` divided by ``d``).
    """

    name: str
    label: str
    unit: str
    inputs: Mapping[str, Distribution] = attrs.field(converter=_frozen)
    function: Callable[[Values], FloatArray] = attrs.field(repr=False)
    hard_range: tuple[float, float] | None = attrs.field(default=None, kw_only=True)
    caveat: str | None = attrs.field(default=None, kw_only=True)
    note: str = attrs.field(default="", kw_only=True)
    plausible: tuple[float, float] | None = attrs.field(default=None, kw_only=True)
    derive: Callable[[Evaluation], FloatArray] | None = attrs.field(
        default=None, kw_only=True, repr=False
    )
    divides: tuple[str, float] | None = attrs.field(default=None, kw_only=True)

    def on(self, evaluation: Evaluation) -> FloatArray:
        """The output's samples on an evaluated run, computed once and then kept."""
        if self.derive is None:
            return self.function(evaluation.values)
        if self.name not in evaluation.cache:
            evaluation.cache[self.name] = self.derive(evaluation)
        return evaluation.cache[self.name]


def hourly_cost_range(assumptions: Assumptions) -> tuple[float, float]:
    """The hard range of the hourly cost the assumptions allow (currency per hour)."""
    if "hourly_cost" in assumptions:
        low, high = assumptions.distribution("hourly_cost").bounds
        return (float(low), float(high))
    wage = assumptions.distribution("wage_cost").bounds
    overhead = assumptions.distribution("overhead_share").bounds
    hours = assumptions.distribution("productive_hours").bounds
    return (
        float(hourly_cost(wage[0], overhead[0], hours[1])),
        float(hourly_cost(wage[1], overhead[1], hours[0])),
    )


def _outcomes(municipality: Municipality) -> list[Record]:
    return [r for r in municipality.evidence if type(r).outcome_field is not None]


def outcome_count(municipality: Municipality, year: int) -> int | None:
    """The outcome counted in ``year`` (else the latest year reported), or None."""
    records = _outcomes(municipality)
    if not records:
        return None
    same = [r for r in records if getattr(r, "year", None) == year]
    chosen = same[0] if same else max(records, key=lambda r: getattr(r, "year", 0))
    return int(getattr(chosen, type(chosen).outcome_field or ""))


def counts_units(municipality: Municipality) -> Figure | None:
    """The municipality's count of units (the first record that counts them), or None."""
    return next(
        (r for r in municipality.evidence if isinstance(r, Figure) and r.counts_units), None
    )


def _ratio_range(top: tuple[float, float], bottom: tuple[float, float]) -> tuple[float, float]:
    (low, high), (d_low, d_high) = top, bottom
    return (min(low / d_low, low / d_high), max(high / d_low, high / d_high))


def _add(ranges: list[tuple[float, float]]) -> tuple[float, float]:
    return (float(sum(r[0] for r in ranges)), float(sum(r[1] for r in ranges)))


@attrs.frozen(eq=False)
class _Registry:
    """What every output definition reads: the study, its models and their hard ranges."""

    study: Study
    models: Mapping[str, CostModel]
    ranges: Ranges

    @property
    def volume(self) -> str:
        """The name of the models' quantity that counts units."""
        return volume_name(self.study.assumptions)

    def money(self, per: str = "") -> str:
        """The money unit of the study (``'GBP per year'``)."""
        return self.study.declarations.money(per)

    def make(self, name: str, label: str, unit: str, keys: tuple[str, ...], **kw: Any) -> Output:
        """An output reading the models of ``keys`` (and ``extra`` inputs)."""
        extra: Mapping[str, Distribution] = kw.pop("extra", {})
        derive: Callable[[Evaluation], FloatArray] = kw.pop("derive")
        chosen = {k: self.models[k] for k in keys}

        def function(values: Values) -> FloatArray:
            return derive(evaluate_models(chosen, values))

        inputs = merge_inputs("Output", *(m.inputs for m in chosen.values()), extra)
        return Output(name, label, unit, inputs, function, derive=derive, **kw)

    def cost_range(self, keys: tuple[str, ...]) -> tuple[float, float]:
        """The hard range of the summed cost of ``keys``."""
        return _add([self.ranges[k][""] for k in keys])

    def with_volume(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The municipalities of ``keys`` that reported a count and whose units cannot reach
        zero (units implied by an assumption alone, as Odense's conversations from a
        staff-year and assumed hours, would make the cost per unit that assumption)."""
        return tuple(
            k
            for k in keys
            if self.volume in self.models[k].quantities
            and self.ranges[k][self.volume][0] > 0
            and counts_units(self.study.municipality(k)) is not None
        )

    def persons(self, keys: tuple[str, ...]) -> int | None:
        """The outcome counted over ``keys`` (one year each), None unless all report one (or
        the study declares no outcome)."""
        if self.study.declarations.outcome is None:
            return None
        year = self.study.assumptions.price_year
        counts = [outcome_count(self.study.municipality(k), year) for k in keys]
        if any(c is None for c in counts) or not sum(c or 0 for c in counts):
            return None
        return sum(c or 0 for c in counts)


def _cost(reg: _Registry, name: str, label: str, keys: tuple[str, ...]) -> Output:
    return reg.make(
        name,
        label,
        reg.money("per year"),
        keys,
        derive=lambda ev: ev.sum_of(keys),
        hard_range=reg.cost_range(keys),
    )


def _part(reg: _Registry, key: str, one_off: bool) -> Output:
    model = reg.models[key]
    names = tuple(c for c in model.components if (c in model.one_off) == one_off)

    def derive(ev: Evaluation) -> FloatArray:
        outputs = ev.outputs[key]
        if not names:
            return np.zeros(len(outputs[""]))
        if len(names) == len(model.components):
            return outputs[""]  # the cost is exactly the sum of these components
        total = outputs[names[0]]
        for n in names[1:]:
            total = total + outputs[n]
        return total

    part = "one-off" if one_off else "recurring"
    return reg.make(
        f"{key}.{part.replace('-', '_')}",
        f"{model.label}: {part}",
        reg.money() if one_off else reg.money("per year"),
        (key,),
        derive=derive,
        hard_range=_add([reg.ranges[key][n] for n in names]) if names else (0.0, 0.0),
    )


def _recurring(
    reg: _Registry, keys: tuple[str, ...]
) -> tuple[Callable[[Evaluation], FloatArray], tuple[float, float]]:
    """The summed recurring cost of ``keys`` (one-off components left out) and its range."""
    one_off = {k: tuple(sorted(reg.models[k].one_off)) for k in keys}
    if not any(one_off.values()):
        return (lambda ev: ev.sum_of(keys)), reg.cost_range(keys)

    def derive(ev: Evaluation) -> FloatArray:
        total = ev.sum_of(keys)
        for key, names in one_off.items():
            for name in names:
                total = total - ev.outputs[key][name]
        return total

    kept = [
        reg.ranges[k][c] for k in keys for c in reg.models[k].components if c not in one_off[k]
    ]
    return derive, _add(kept) if kept else (0.0, 0.0)


def _per_unit(reg: _Registry, name: str, label: str, keys: tuple[str, ...]) -> Output | None:
    volume = reg.with_volume(keys)
    if not volume or (len(keys) == 1 and volume != keys):
        return None
    quantity = reg.volume
    held = _add([reg.ranges[k][quantity] for k in volume])
    towns = ", ".join(reg.study.municipality(k).name for k in volume)
    recurring, cost_range = _recurring(reg, volume)
    return reg.make(
        name,
        label,
        reg.money(f"per {reg.study.declarations.counted}"),
        volume,
        derive=lambda ev: recurring(ev) / ev.sum_of(volume, quantity),
        hard_range=_ratio_range(cost_range, held),
        note=_basis(reg, keys[0]) if len(keys) == 1 else f"over {towns}",
    )


def _basis(reg: _Registry, key: str) -> str:
    """Where a municipality's units come from: its count and the assumptions (the pack's
    words; nothing without a pack)."""
    from repatcost.packs import pack_of

    pack = pack_of(reg.study.assumptions)
    basis = None if pack is None else pack.basis(reg.study.municipality(key))
    return "" if basis is None else "from " + basis


def _per_outcome(reg: _Registry, name: str, label: str, keys: tuple[str, ...]) -> Output | None:
    persons = reg.persons(keys)
    decl = reg.study.declarations
    if persons is None:
        return None
    low, high = reg.cost_range(keys)
    return reg.make(
        name,
        label,
        reg.money(f"per {decl.outcome}"),
        keys,
        derive=lambda ev: ev.sum_of(keys) / float(persons),
        hard_range=(low / persons, high / persons),
        caveat=decl.ratio_caveat,
        note=f"({persons} {decl.text('outcome_counted', 'counted')})",
        divides=("total" if len(keys) > 1 else keys[0], float(persons)),
    )


def _per_attributed(reg: _Registry, ratio: Output | None) -> Output | None:
    share = DERIVED_INPUTS[0]
    if ratio is None or share not in reg.study.assumptions:
        return None
    dist = reg.study.assumptions.distribution(share)
    low, high = dist.bounds
    if not low > 0 or ratio.hard_range is None or ratio.derive is None:
        return None
    base = ratio
    decl = reg.study.declarations
    assert decl.per_outcome is not None  # an outcome ratio was made
    assert decl.per_attributed is not None
    attributed = decl.text("attributed", f"attributed {decl.outcome}")
    return Output(
        ratio.name.replace(decl.per_outcome, decl.per_attributed),
        ratio.label.replace(f"per {decl.outcome}", f"per {attributed}"),
        reg.money(f"per {attributed}"),
        {**ratio.inputs, share: dist},
        lambda values: base.function(values) / values[share],
        hard_range=(ratio.hard_range[0] / high, ratio.hard_range[1] / low),
        note=f"by the {share} assumption",
        derive=lambda ev: base.on(ev) / ev.values[share],
    )


def _units(reg: _Registry, key: str) -> Output | None:
    """The units a model implies where the source gives none at the funnel's last stage;
    plausible between what the pack's reading of the count allows, else the peers'."""
    from repatcost.packs import pack_of

    municipality = reg.study.municipality(key)
    pack = pack_of(reg.study.assumptions)
    count = counts_units(municipality)
    if reg.volume not in reg.models[key].quantities:
        return None
    bounds = None if pack is None or count is None else pack.volume_range(municipality)
    if count is not None and bounds is None:
        return None  # counted at the last stage: nothing implied
    plausible, note = _peer_range(reg, key) if bounds is None else bounds
    decl = reg.study.declarations
    what = (decl.volume, f"{municipality.name}: {decl.counted_plural}")
    unit = f"{decl.unit_plural} per year"
    out = _implied(reg, key, what, reg.volume, unit, plausible)
    return attrs.evolve(out, note=note)


def _peer_range(reg: _Registry, key: str) -> tuple[tuple[float, float] | None, str]:
    """Units a municipality without a count plausibly handles: its outcome count x the
    lowest and highest counts per outcome of the municipalities that reported both (a
    yardstick, not a model); None and why when there is none."""
    year = reg.study.assumptions.price_year
    decl = reg.study.declarations
    outcome = decl.outcome or "outcome"
    own = outcome_count(reg.study.municipality(key), year) if decl.outcome else None
    ratios = []
    for other in reg.study.municipalities:
        count, persons = counts_units(other), outcome_count(other, year)
        period = getattr(count, "period", None)
        if other.key != key and count is not None and persons and period is not None:
            ratios.append(per_year(count.reported, period) / persons)
    if not own or not ratios:
        return None, f"no range: no other municipality reports a count and {outcome}s"
    short = decl.text("outcome_short", outcome)
    names = f"counts per {outcome} elsewhere"
    return (own * min(ratios), own * max(ratios)), f"{own} {short} x {names}"


def _hourly(reg: _Registry, key: str) -> Output | None:
    if "implied_hourly_cost" not in reg.models[key].quantities:
        return None
    what = ("hourly_cost", f"{reg.study.municipality(key).name}: implied hourly cost")
    plausible = hourly_cost_range(reg.study.assumptions)
    out = _implied(reg, key, what, "implied_hourly_cost", reg.money("per hour"), plausible)
    return attrs.evolve(out, note="the hourly cost the assumptions allow")


def _implied(
    reg: _Registry,
    key: str,
    what: tuple[str, str],
    quantity: str,
    unit: str,
    plausible: tuple[float, float] | None,
) -> Output:
    """The model quantity ``quantity`` of ``key`` as the output ``key.what[0]``."""
    return reg.make(
        f"{key}.{what[0]}",
        what[1],
        unit,
        (key,),
        derive=lambda ev: ev.outputs[key][quantity],
        hard_range=reg.ranges[key][quantity],
        plausible=plausible,
    )


def _ratios(reg: _Registry, prefix: str, label: str, keys: tuple[str, ...]) -> list[Any]:
    """Cost per unit, per outcome and per attributed outcome of ``keys``."""
    decl = reg.study.declarations
    per_outcome = None
    if decl.per_outcome is not None:
        name, words = f"{prefix}{decl.per_outcome}", f"{label}: cost per {decl.outcome}"
        per_outcome = _per_outcome(reg, name, words, keys)
    per_unit = _per_unit(reg, f"{prefix}{decl.per_unit}", f"{label}: cost per {decl.unit}", keys)
    return [per_unit, per_outcome, _per_attributed(reg, per_outcome)]


def _municipality(reg: _Registry, key: str) -> list[Output | None]:
    label = reg.models[key].label
    return [
        _cost(reg, key, label, (key,)),
        _part(reg, key, one_off=False),
        _part(reg, key, one_off=True),
        *_ratios(reg, f"{key}.", label, (key,)),
        _units(reg, key),
        _hourly(reg, key),
    ]


def study_outputs(
    study: Study,
    *,
    models: Mapping[str, CostModel] | None = None,
    ranges: Ranges | None = None,
) -> dict[str, Output]:
    """Every output of ``study`` by name (see module docs), in reporting order.

    ``models`` and their hard ``ranges`` are computed when not given (a run passes its own).
    """
    models = study.models() if models is None else models
    ranges = {k: model_ranges(m) for k, m in models.items()} if ranges is None else ranges
    reg = _Registry(study, models, ranges)
    keys = tuple(models)
    found = [
        _cost(reg, "total", "Total", keys),
        *(out for key in keys for out in _municipality(reg, key)),
        *_ratios(reg, "", "Total", keys),
    ]
    return {out.name: out for out in found if out is not None}


def output_names(study: Study) -> tuple[str, ...]:
    """Every output name :func:`study_output` accepts for ``study``."""
    return tuple(study_outputs(study))


def study_output(study: Study, name: str = "total") -> Output:
    """The output ``name`` of ``study`` (see module docs)."""
    outputs = study_outputs(study)
    if name not in outputs:
        raise fail("study_output", "name", name, "one of " + ", ".join(outputs))
    return outputs[name]
