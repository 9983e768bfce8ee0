"""Validity of the estimates: synthetic municipalities with a known truth, and calibration.

:mod:`~repatcost.validation.synthetic` draws synthetic municipalities that report, partially and
with qualifiers, in the four styles of the source; :mod:`~repatcost.validation.calibration` runs
the library's own estimators on them and counts how often the intervals cover the true cost.
This validates the implementation, not the real-world assumptions (see ``docs/validity.md``).

>>> from repatcost.validation import STYLES, calibrate
>>> STYLES
('spending', 'conversation_time', 'staff_allocation', 'total_hours')
"""

from __future__ import annotations

from repatcost.validation.calibration import (
    LEVELS,
    TOTAL,
    Coverage,
    DropRounding,
    IgnoreSharedDraws,
    calibrate,
    measure_coverage,
)
from repatcost.validation.synthetic import (
    STYLES,
    Style,
    SyntheticMunicipality,
    SyntheticStudy,
    TruthLaw,
    generate,
    generate_studies,
)

__all__ = [
    "LEVELS",
    "STYLES",
    "TOTAL",
    "Coverage",
    "DropRounding",
    "IgnoreSharedDraws",
    "Style",
    "SyntheticMunicipality",
    "SyntheticStudy",
    "TruthLaw",
    "calibrate",
    "generate",
    "generate_studies",
    "measure_coverage",
]
