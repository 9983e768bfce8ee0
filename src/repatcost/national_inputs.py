"""The national estimate's inputs as rows of ``repatcost assumptions``.

The fixed-plus-variable model reads the fixed part per member (the population's pack states
it, with rationale and source) and a prior for the between-municipality scale (each prior of
the table, with its source); they are listed beside the study's own assumptions, scope
``national``. A study whose population no pack knows gets no national rows.

>>> from repatcost.audit import assumption_table
>>> from repatcost.data import bundled_study
>>> table = with_national_inputs(assumption_table(bundled_study()), bundled_study())
>>> [row[0] for row in table.rows if row[1] == "national"][:2]
['national.fixed_cost', 'national.variable_cost_per_unit']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from repatcost.errors import RepatcostError
from repatcost.national_model import CENTRAL_PRIOR
from repatcost.national_population import Population, population_for, study_currency
from repatcost.national_prior import PRIORS
from repatcost.tables import Table

if TYPE_CHECKING:
    from repatcost.study import Study

__all__ = ["national_rows", "with_national_inputs"]


_SPREADS = "the true spreads of the synthetic-country coverage check (docs/national.md)"

_PRIOR_USE = (
    "prior for the spread of the log variable cost per unit between members: it sets the "
    "upper end of the national interval"
)


def _variable_row(currency: str) -> tuple[Any, ...]:
    return (
        "national.variable_cost_per_unit", "national", "log-normal between members",
        f"{currency} per unit of the driver", "a number > 0", "not banded",
        "none: estimated from the observed members, not assumed",
        "estimated from the observed members' costs less the fixed part, per sample",
        "the part of a member's cost that scales with its driver; its typical value and "
        "spread come from the observed members", "national",
    )  # fmt: skip


def national_rows(population: Population, currency: str) -> list[tuple[Any, ...]]:
    """One row per national input (columns of :data:`repatcost.audit.ASSUMPTION_COLUMNS`)."""
    rows: list[tuple[Any, ...]] = []
    fixed = population.fixed_cost
    if fixed is not None:
        rows.append(
            (fixed.name, "national", repr(fixed.distribution), fixed.unit, "a number >= 0",
             "{:g} to {:g}".format(*fixed.distribution.bounds), fixed.source, fixed.source,
             fixed.rationale, "national")
        )  # fmt: skip
    rows.append(_variable_row(currency))
    for prior in PRIORS:
        mark = " (central)" if prior.name == CENTRAL_PRIOR else ""
        rows.append(
            (f"national.scale_prior.{prior.name}", "national", prior.label + mark,
             "log scale (tau)", "a number >= 0", "0.3 to 1.5", _SPREADS, prior.source, _PRIOR_USE,
             "national")
        )  # fmt: skip
    return rows


def with_national_inputs(table: Table, study: Study) -> Table:
    """``table`` (the study's assumptions) with the national inputs added, if a pack knows
    the study's population."""
    try:
        population = population_for(study)
    except RepatcostError:
        return table
    rows = national_rows(population, study_currency(study, population))
    return attrs.evolve(table, rows=(*table.rows, *rows))
