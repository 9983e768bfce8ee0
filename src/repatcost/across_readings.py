"""A run across readings: the central reading, each alternative, and the extremes together.

:func:`run_readings` runs the study as given (the central reading of every ambiguity), then
a copy of it for each alternative of each reading, one at a time, then two copies with
every reading at its lowest and at its highest alternative together. Every copy is run with
the same seed, and the engine draws each input name from its own stream of that seed, so
an input the copies share has the same draws in all of them (common random numbers): the
difference between two readings is the readings' effect alone, not Monte Carlo noise. The
central run is the plain run itself, bit for bit.

The **range across readings** (the *envelope*) runs from the lowest lower end to the highest
upper end of the intervals of every run (central, alternatives and extremes): how far the
answer goes over the named readings, with the parameters uncertain. It spans those readings
only (each alone, and all at their lowest or highest together), so it is not a bound on the
answer: a reading nobody named, or assumptions that are wrong, can lie outside it.

>>> from repatcost.data import bundled_study
>>> across = run_readings(bundled_study(), 4_000, seed=1)
>>> row = across.rows(0.9)[0]
>>> (row.reading, row.label)
('kobenhavn.year', '2022')
>>> low, high = across.envelope(0.9)["total"]
>>> bool(low <= across.central.total.interval(0.9)[0] and high >= row.total.interval[1])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.display import TableResult, money_span, shorten
from repatcost.engine import Design, Seed, check_memory
from repatcost.estimate import Estimate, Summary
from repatcost.readings import Alternative, Reading
from repatcost.study import CostsResult, Study, StudyResult
from repatcost.tables import Table, format_number

__all__ = [
    "NOISE_ERRORS",
    "NOISE_RULE",
    "AlternativeRun",
    "Keep",
    "ReadingRow",
    "ReadingsResult",
    "Run",
    "readings_around",
    "readings_record",
    "readings_table",
    "run_readings",
    "run_with_readings",
    "within_noise",
]


NOISE_ERRORS = 2.0
"""A reading's change (its median minus the central median) within this many Monte Carlo
standard errors of the central median is shown as no change: the run cannot tell it from
sampling noise (:data:`NOISE_RULE`)."""

NOISE_RULE = (
    f"a change within {NOISE_ERRORS:g} Monte Carlo standard errors of the central median is "
    "shown as none: this run cannot tell it from sampling noise"
)
"""The rule of :data:`NOISE_ERRORS`, in words for the reports."""


def within_noise(change: float, central: Summary) -> bool:
    """True when ``change`` is within :data:`NOISE_ERRORS` Monte Carlo standard errors of
    the ``central`` summary's median.

    >>> from repatcost.estimate import Summary
    >>> central = Summary(1.76e6, 1.76e6, (1.65e6, 1.88e6), (1.4e6, 2.4e6), 0.9, median_se=600.0)
    >>> within_noise(-48.0, central), within_noise(642_000.0, central)
    (True, False)
    """
    return abs(change) <= NOISE_ERRORS * central.median_se


Keep = Literal["all", "costs"]
"""What :func:`run_readings` keeps of the runs other than the central one: ``"all"`` (every
run's :class:`~repatcost.study.StudyResult`) or ``"costs"`` (each run's
:class:`~repatcost.study.CostsResult`: the municipalities' costs and their total only)."""


def _signature(study: Study, key: str) -> tuple[Any, ...]:
    """What municipality ``key``'s cost model is built from (:meth:`Study.model`): two
    studies with equal signatures build the same model, so on the same draws the same cost."""
    return (
        key,
        study.municipality(key),
        study.estimator_for(key),
        study.assumptions_for(key),
        study.local_names(key),
    )


Known = list[tuple[tuple[Any, ...], Any]]
"""Signatures of municipalities already evaluated in a run across readings, with their costs."""


def _costs(study: Study, n: int, entropy: int, earlier: list[Run], seen: Known) -> CostsResult:
    """``study.run_costs`` on the draws of ``earlier[0]`` (the central run). A municipality
    whose model an earlier run evaluated (equal :func:`_signature`) takes that cost array
    without being evaluated again; one whose samples turn out equal to an earlier run's (its
    estimate's, or a cross-check's of the central run: a reading may make that method the main
    one) shares that array (common random numbers: the same draws, held once and summarised
    once)."""
    central = earlier[0]
    assert isinstance(central, StudyResult)
    signatures = {m.key: _signature(study, m.key) for m in study.municipalities}
    given: dict[str, Any] = {}
    for key, signature in signatures.items():
        found = [samples for other, samples in seen if other == signature]
        if found:
            given[key] = found[0]
    costs = study.run_costs(n, seed=entropy, known=central.draws, given=given)
    seen += [(signatures[k], e.samples) for k, e in costs.estimates.items() if k not in given]
    estimates = {}
    for key, estimate in costs.estimates.items():
        arrays = [r.estimates[key].samples for r in earlier if key in r.estimates]
        arrays += [check.samples for check in central.crosschecks.get(key, ())]
        for samples in {id(a): a for a in arrays}.values():
            if np.array_equal(estimate.samples, samples):
                estimate = attrs.evolve(estimate, samples=samples)
                break
        estimates[key] = estimate
    return attrs.evolve(costs, estimates=estimates)


Run = StudyResult | CostsResult
"""A run of the study under some reading, kept whole or as its costs."""


@attrs.frozen(eq=False)
class AlternativeRun:
    """The run of one alternative of one reading (the central one's is the plain run)."""

    reading: Reading
    alternative: Alternative
    result: Run

    @property
    def is_central(self) -> bool:
        """True for the reading's central alternative."""
        return self.alternative.label == self.reading.central


@attrs.frozen
class ReadingRow:
    """One alternative's effect: its total and most affected municipality against central.

    ``change`` is the total's median minus the central total's median (DKK), ``relative``
    the same as a share of the central median. ``moves`` (``moves_municipality``) is False
    when the change of the total (of the municipality) is within sampling noise
    (:func:`within_noise`): reports show it as none.
    """

    reading: str
    label: str
    total: Summary
    municipality: str
    municipality_median: float
    municipality_change: float
    change: float
    relative: float
    moves: bool = attrs.field(default=True, kw_only=True)
    moves_municipality: bool = attrs.field(default=True, kw_only=True)


@attrs.frozen(eq=False, repr=False)
class ReadingsResult(TableResult):
    """The outcome of :func:`run_readings` (see module docs).

    In a notebook it shows a short repr and, as HTML, the alternatives ranked by how far
    they move the total; :meth:`to_records` and :meth:`to_frame` give that table's rows
    (one per alternative other than the central ones), and
    ``across.central.to_frame(readings=across)`` the study's frame with the ends of each
    municipality's and the total's range across readings.

    >>> from repatcost.data import bundled_study
    >>> across = run_readings(bundled_study(), 2_000, seed=1, keep="costs")
    >>> len(repr(across)) < 300, across.to_records()[0]["alternative"]
    (True, '2022')
    """

    central: StudyResult
    runs: tuple[AlternativeRun, ...]
    low: Run
    high: Run

    @staticmethod
    def _median(estimate: Estimate) -> float:
        """``estimate.median``: runs that share a municipality's draws with an earlier run
        share its array, and so its one partition
        (:func:`~repatcost.estimate.sample_quantiles`)."""
        return estimate.median

    @staticmethod
    def _summary(estimate: Estimate, level: float) -> Summary:
        """``estimate.summary(level)``, from the array's one partition."""
        return estimate.summary(level)

    def table(self) -> Table:
        """The alternatives ranked by how far they move the total (:func:`readings_table`)."""
        return readings_table(self)

    def __repr__(self) -> str:
        low, high = self.envelope(0.9)["total"]
        readings = self.central.study.readings
        return shorten(
            f"ReadingsResult({len(readings)} readings, {len(self.runs)} alternatives, "
            f"n={self.central.n:,}, seed={self.central.seed}; total median "
            f"{format_number(self._median(self.central.total))} "
            f"{self.central.study.declarations.currency} under the central "
            f"reading, 90% range across readings {money_span(low, high)})"
        )

    def results(self) -> list[Run]:
        """Every run: central, alternatives and the two extremes."""
        return [self.central, *(r.result for r in self.runs), self.low, self.high]

    def envelope(self, level: float = 0.9) -> dict[str, Any]:
        """Lowest lower end and highest upper end of the intervals over every run."""
        results = self.results()
        keys = list(self.central.estimates)
        towns = {}
        for key in keys:
            ends = [self._summary(r.estimates[key], level).interval for r in results]
            towns[key] = [min(e[0] for e in ends), max(e[1] for e in ends)]
        totals = [self._summary(r.total, level).interval for r in results]
        return {
            "total": [min(e[0] for e in totals), max(e[1] for e in totals)],
            "municipalities": towns,
        }

    def rows(self, level: float = 0.9) -> list[ReadingRow]:
        """One row per non-central alternative, biggest change of the total first."""
        base = self._median(self.central.total)
        base_towns = {k: self._median(e) for k, e in self.central.estimates.items()}
        central = self._summary(self.central.total, level)
        rows = []
        for run in self.runs:
            if run.is_central:
                continue
            medians = {k: self._median(e) for k, e in run.result.estimates.items()}
            town = max(medians, key=lambda k: (abs(medians[k] - base_towns[k]), k))
            total = self._summary(run.result.total, level)
            change = total.median - base
            rows.append(
                ReadingRow(
                    run.reading.name,
                    run.alternative.label,
                    total,
                    town,
                    medians[town],
                    medians[town] - base_towns[town],
                    change,
                    change / base if base else 0.0,
                    moves=not within_noise(change, central),
                    moves_municipality=not within_noise(
                        medians[town] - base_towns[town],
                        self._summary(self.central.estimates[town], level),
                    ),
                )
            )
        rows.sort(key=lambda r: (-abs(r.change), r.reading, r.label))
        return rows


def readings_table(across: ReadingsResult, output: str = "total", level: float = 0.9) -> Table:
    """The alternatives ranked by how far they move ``output`` (``"total"`` or a
    municipality key) from the central reading, biggest first.

    >>> from repatcost.data import bundled_study
    >>> table = readings_table(run_readings(bundled_study(), 2_000, seed=1), "aalborg")
    >>> table.rows[0][:2]
    ('interpreter.aalborg', 'on-top')
    """
    central = _of(across.central, output)
    base, noise = across._median(central), across._summary(central, level)
    rows = []
    for run in across.runs:
        if run.is_central:
            continue
        estimate = _of(run.result, output)
        low, high = across._summary(estimate, level).interval
        median = across._median(estimate)
        change = 0.0 if within_noise(median - base, noise) else median - base
        relative = change / base if base else 0.0
        rows.append((run.reading.name, run.alternative.label, median, low, high, change, relative))
    rows.sort(key=lambda r: (-abs(r[5]), r[0], r[1]))
    pct, money = f"{level:.0%}", across.central.study.declarations.money("per year")
    return Table(
        ("reading", "alternative", "median", f"{pct}_low", f"{pct}_high", "change", "relative"),
        rows,
        title=f"Readings: {output} ({money})",
        notes=(
            f"Each alternative reading of the source alone, on the same draws as the central "
            f"reading (median {base:,.0f} {money}); change = median - central median; "
            f"{NOISE_RULE.replace('shown as none', 'shown as 0')}.",
        ),
    )


def _of(result: Run, output: str) -> Any:
    return result.total if output == "total" else result.estimates[output]


def _extreme(
    study: Study, readings: tuple[Reading, ...], runs: list[AlternativeRun], lowest: bool
) -> Study:
    """``study`` with every reading at its alternative of lowest (highest) total median."""
    for reading in readings:
        own = [r for r in runs if r.reading is reading]
        pick = (min if lowest else max)(own, key=lambda r: r.result.total.median)
        if not pick.is_central:
            study = pick.alternative.apply(study)
    return study


def run_readings(
    study: Study,
    n: int = 100_000,
    *,
    seed: Seed = None,
    design: Design = "mc",
    keep: Keep = "all",
) -> ReadingsResult:
    """Run ``study`` under its central reading, each alternative and the extremes together,
    all with one seed (see module docs).

    ``keep="costs"`` (plain Monte Carlo only) runs every alternative but the central one
    with :meth:`~repatcost.study.Study.run_costs` and keeps only its costs: the same figures,
    bit for bit, in a fraction of the memory and time, which is what a report of a million
    samples needs (a dozen full runs would hold several gigabytes).

    >>> from repatcost.data import bundled_study
    >>> light = run_readings(bundled_study(), 2_000, seed=1, keep="costs")
    >>> type(light.runs[1].result).__name__, type(light.central).__name__
    ('CostsResult', 'StudyResult')
    """
    _check_keep("run_readings", keep, design)
    return readings_around(study.run(n, seed=seed, design=design), keep=keep)


def _check_keep(owner: str, keep: Any, design: Design) -> None:
    if keep not in ("all", "costs"):
        raise fail(owner, "keep", keep, "'all' or 'costs'")
    if keep == "costs" and design != "mc":
        raise fail(owner, "design", design, "'mc' when keep='costs'")


def readings_around(central: StudyResult, *, keep: Keep = "costs") -> ReadingsResult:
    """The run across the readings of ``central``'s study with ``central`` as its central
    run: every alternative and the extremes run with its sample size, seed and design.

    For a run already made, such as the one :func:`~repatcost.precision.run_to_tolerance`
    settles on; ``run_readings(study, n, seed=s)`` is ``readings_around(study.run(n,
    seed=s), keep="all")``.

    >>> from repatcost.data import bundled_study
    >>> central = bundled_study().run(1_000, seed=3)
    >>> readings_around(central).central is central
    True
    """
    draws = central.draws
    _check_keep("readings_around", keep, draws.design)
    n, entropy, design = draws.n, draws.seed, draws.design
    study = central.study
    _check_readings_memory(central, keep)
    bare = attrs.evolve(study, readings=())

    done: list[Run] = [central]
    seen: Known = [(_signature(bare, k), e.samples) for k, e in central.estimates.items()]

    def run(chosen: Study) -> Run:
        if keep == "costs":
            done.append(_costs(chosen, n, entropy, done, seen))
            return done[-1]
        return chosen.run(n, seed=entropy, design=design)

    runs = [
        AlternativeRun(
            reading,
            alternative,
            central if alternative.label == reading.central else run(alternative.apply(bare)),
        )
        for reading in study.readings
        for alternative in reading.alternatives
    ]
    extremes = []
    for lowest in (True, False):
        chosen = _extreme(bare, study.readings, runs, lowest)
        extremes.append(central if chosen is bare else run(chosen))
    return ReadingsResult(central, tuple(runs), extremes[0], extremes[1])


def _held(result: StudyResult) -> int:
    """Arrays of ``n`` floats a full run holds: its uncertain inputs, every estimate's cost,
    components and quantities, and the total."""
    inputs = sum(not d.is_degenerate for d in result.draws.inputs.values())
    estimates = result.estimates.values()
    return inputs + sum(1 + len(e.components) + len(e.quantities) for e in estimates) + 1


def _check_readings_memory(central: StudyResult, keep: Keep) -> None:
    """Refuse, before running them, readings that would not fit in memory beside
    ``central``: every run ahead holds at most each municipality's cost and the total
    (``keep="costs"``) or a whole run (``"all"``)."""
    study = central.study
    runs = sum(len(r.alternatives) for r in study.readings) + 2
    each = len(study.municipalities) + 1 if keep == "costs" else _held(central)
    check_memory("readings_around", central.draws.n, _held(central) + runs * each)


def run_with_readings(
    study: Study, n: int, *, seed: Seed = None, design: Design = "mc"
) -> tuple[StudyResult, ReadingsResult | None]:
    """The central run of ``study`` and, when it has readings, the run across them (whose
    central run it is, the others kept as their costs under plain Monte Carlo, whole under
    the other designs); None without readings.

    >>> from repatcost.data import bundled_study
    >>> result, across = run_with_readings(bundled_study(), 1_000, seed=2)
    >>> across is not None and result is across.central
    True
    """
    result = study.run(n, seed=seed, design=design)
    if not study.readings:
        return result, None
    return result, readings_around(result, keep="costs" if design == "mc" else "all")


def _interval_record(summary: Summary) -> dict[str, Any]:
    return {"median": summary.median, "interval": list(summary.interval)}


def readings_record(across: ReadingsResult, level: float = 0.9) -> dict[str, Any]:
    """The ``readings`` and ``envelope`` parts of the JSON report (shape in the README)."""
    readings: list[dict[str, Any]] = []
    for reading in across.central.study.readings:
        alternatives = []
        for run in (r for r in across.runs if r.reading is reading):
            estimates: Mapping[str, Any] = run.result.estimates
            alternatives.append(
                {
                    "label": run.alternative.label,
                    "rationale": run.alternative.rationale,
                    "source": run.alternative.source,
                    "changes": run.alternative.describe(),
                    "total": _interval_record(across._summary(run.result.total, level)),
                    "municipalities": {
                        k: _interval_record(across._summary(e, level))
                        for k, e in estimates.items()
                    },
                }
            )
        readings.append(
            {
                "name": reading.name,
                "question": reading.question,
                "source": str(reading.source),
                "words": reading.words,
                "central": reading.central,
                "reason": reading.reason,
                "alternatives": alternatives,
            }
        )
    extremes = {
        side: _interval_record(across._summary(result.total, level))
        for side, result in (("low", across.low), ("high", across.high))
    }
    return {"readings": readings, "extremes": extremes, "envelope": across.envelope(level)}
