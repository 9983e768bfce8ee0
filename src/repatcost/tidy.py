"""Long-format samples of a run, for users' own plots and models.

One row per sample and municipality: ``sample`` (0 to n - 1), ``municipality`` (its key),
``cost`` (DKK at the price year) and one column per cost component of any municipality
(0.0 where a municipality's model has no such component, so the components of a row add up
to its cost). Plain numpy columns; :func:`samples_frame` gives a pandas DataFrame.

>>> from repatcost.data import bundled_study
>>> columns = long_samples(bundled_study().run(100, seed=1))
>>> list(columns)[:3], len(columns["cost"])
(['sample', 'municipality', 'cost'], 400)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from repatcost.estimate import Estimate

__all__ = ["Run", "long_samples", "samples_frame"]


class Run(Protocol):
    """What the long format reads of a run (a :class:`~repatcost.study.StudyResult` is one):
    its sample count and each municipality's estimate. Named here, not imported, so that
    the study, whose results offer these frames, and this module import no circle."""

    @property
    def n(self) -> int:
        """Samples per array."""

    @property
    def estimates(self) -> Mapping[str, Estimate]:
        """Each municipality's estimate, by key."""


def long_samples(result: Run) -> dict[str, np.ndarray[Any, Any]]:
    """The run's samples in long format (see module docs), as numpy columns."""
    estimates = result.estimates
    n, keys = result.n, list(estimates)
    components = list(dict.fromkeys(c for e in estimates.values() for c in e.components))
    columns: dict[str, np.ndarray[Any, Any]] = {
        "sample": np.tile(np.arange(n, dtype=np.int64), len(keys)),
        "municipality": np.repeat(np.array(keys, dtype=object), n),
        "cost": np.concatenate([e.samples for e in estimates.values()]),
    }
    for name in components:
        columns[name] = np.concatenate(
            [e.components.get(name, np.zeros(n)) for e in estimates.values()]
        )
    return columns


def samples_frame(result: Run) -> Any:
    """:func:`long_samples` as a pandas DataFrame (needs the ``pandas`` extra)."""
    from repatcost._frames import require_pandas

    pandas = require_pandas()
    return pandas.DataFrame(long_samples(result))
