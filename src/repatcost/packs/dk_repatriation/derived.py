"""The Danish pack's names for the general ratios of :mod:`repatcost.derived` (kept so that
code written before the pack existed keeps working).

>>> from repatcost.data import bundled_study
>>> result = bundled_study().run(2_000, seed=1)
>>> cost_per_repatriated(result, "aarhus").label
'Aarhus: cost per repatriated person'
"""

from __future__ import annotations

from repatcost.derived import cost_per_outcome, cost_per_unit, total_per_outcome, total_per_unit

__all__ = [
    "cost_per_conversation",
    "cost_per_repatriated",
    "total_per_conversation",
    "total_per_repatriated",
]

cost_per_conversation = cost_per_unit
cost_per_repatriated = cost_per_outcome
total_per_conversation = total_per_unit
total_per_repatriated = total_per_outcome
