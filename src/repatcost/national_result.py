"""The national result: every driver's and every prior's estimate on one run, and its tidy form.

``to_records()`` gives one row per figure (the central figure under each prior, each driver
under the central prior, the naive ratio and the observed total) with the median, the central
50% and the 90% interval as floats; ``to_frame()`` the same as a pandas DataFrame (pandas
imported only then); a notebook shows a short repr and an HTML table of the same rows.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from repatcost._frames import records_frame
from repatcost.distributions import FloatArray
from repatcost.estimate import Estimate
from repatcost.national_population import DriverInfo, Population, study_currency
from repatcost.national_prior import ScalePrior
from repatcost.study import CostsResult, StudyResult

__all__ = ["QUANTILES", "DriverOutcome", "NationalResult"]

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
"""The quantiles every national figure is summarised by (90% and central 50% intervals)."""


@attrs.frozen(eq=False)
class DriverOutcome:
    """The national result under one driver and one prior (all share the run's draws).

    ``ratio`` holds samples of an unobserved member's variable cost per unit of driver;
    ``mu`` and ``tau`` the per-sample spread parameters.
    """

    driver: DriverInfo
    national: Estimate
    naive: Estimate
    mu: FloatArray = attrs.field(repr=False)
    tau: FloatArray = attrs.field(repr=False)
    ratio: FloatArray = attrs.field(repr=False)
    prior: ScalePrior


def quantiles(samples: FloatArray) -> dict[str, float]:
    """``median``, ``low_50``/``high_50`` and ``low_90``/``high_90`` of ``samples``."""
    q = np.quantile(samples, QUANTILES)
    keys = ("low_90", "low_50", "median", "high_50", "high_90")
    return {key: float(x) for key, x in zip(keys, q, strict=True)}


@attrs.frozen(eq=False)
class NationalResult:
    """Every driver's estimate under the central prior (``outcomes``) and the central
    driver's under every prior of the table (``priors``), on one run."""

    result: StudyResult | CostsResult = attrs.field(repr=False)
    population: Population = attrs.field(repr=False)
    outcomes: Mapping[str, DriverOutcome] = attrs.field(repr=False)
    priors: Mapping[str, DriverOutcome] = attrs.field(repr=False)
    central_name: str
    prior_name: str
    fixed: FloatArray = attrs.field(repr=False)
    observed_ids: tuple[str, ...] = attrs.field(repr=False)

    @property
    def central(self) -> DriverOutcome:
        """The outcome under the chosen (central) driver and prior."""
        return self.outcomes[self.central_name]

    @property
    def observed(self) -> Estimate:
        """The observed municipalities' total (the study's total)."""
        return self.result.total

    @property
    def currency(self) -> str:
        """The currency of every money figure."""
        return study_currency(self.result.study, self.population)

    def __repr__(self) -> str:
        q = quantiles(self.central.national.samples)
        return (
            f"<NationalResult {self.population.area}: median {q['median']:,.0f} "
            f"{self.currency}, central 50% {q['low_50']:,.0f}-{q['high_50']:,.0f}; "
            f"driver {self.central_name}, prior {self.prior_name}; {self.result.n:,} samples>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per figure (module docs); money as floats in :attr:`currency`."""
        rows = [
            self._row("national", self.central_name, name, o.national)
            for name, o in self.priors.items()
        ]
        rows += [
            self._row("national", name, self.prior_name, o.national)
            for name, o in self.outcomes.items()
            if name != self.central_name
        ]
        rows.append(self._row("naive", self.central_name, None, self.central.naive))
        rows.append(self._row("observed", None, None, self.observed))
        return rows

    def _row(
        self, figure: str, driver: str | None, prior: str | None, estimate: Estimate
    ) -> dict[str, Any]:
        central = driver == self.central_name and prior == self.prior_name
        return {
            "figure": figure,
            "driver": driver,
            "prior": prior,
            "central": central,
            **quantiles(estimate.samples),
            "currency": self.currency,
        }

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs the ``pandas`` extra)."""
        return records_frame(self.to_records())

    def _repr_html_(self) -> str:
        rows = self.to_records()
        head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{x:,.0f}</td>" if isinstance(x, float) else f"<td>{html.escape(str(x))}</td>"
                for x in row.values()
            )
            + "</tr>"
            for row in rows
        )
        title = html.escape(repr(self))
        return f"<p>{title}</p><table><tr>{head}</tr>{body}</table>"
