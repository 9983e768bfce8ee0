"""Packaged data: the bundled study of question no. 184 and the default assumptions.

>>> study = bundled_study()
>>> [m.name for m in study.municipalities]
['København', 'Aarhus', 'Odense', 'Aalborg']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from repatcost.study import Study

__all__ = ["BUNDLED_SCENARIO", "bundled_study"]

BUNDLED_SCENARIO: Path = Path(str(resources.files("repatcost") / "data" / "question_184.toml"))
"""Path of the bundled scenario file (the four municipalities of DOMAIN.md)."""


def bundled_study() -> Study:
    """The four municipalities of question no. 184 with their default estimators."""
    from repatcost.scenario import load_scenario

    return load_scenario(BUNDLED_SCENARIO)
