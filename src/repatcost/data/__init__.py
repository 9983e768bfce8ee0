"""Packaged data: the bundled study (question no. 184, from its domain pack).

>>> study = bundled_study()
>>> [m.name for m in study.municipalities]
['København', 'Aarhus', 'Odense', 'Aalborg']
"""

from __future__ import annotations

from pathlib import Path

from repatcost.packs import bundled_scenario
from repatcost.study import Study

__all__ = ["BUNDLED_SCENARIO", "bundled_study"]

BUNDLED_SCENARIO: Path = bundled_scenario()
"""Path of the bundled scenario file (the four municipalities of DOMAIN.md), in its pack."""


def bundled_study() -> Study:
    """The four municipalities of question no. 184 with their default estimators."""
    from repatcost.scenario import load_scenario

    return load_scenario(BUNDLED_SCENARIO)
