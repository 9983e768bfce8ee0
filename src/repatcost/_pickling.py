"""Pickling and deep copies of repatcost's read-only mappings.

Results hold their mappings as :class:`types.MappingProxyType` views so they cannot be changed
in place; the standard library cannot pickle (or ``copy.deepcopy``) such a view. Registering a
reduction here, once, lets a ``Study``, a ``StudyResult`` or an ``Estimate`` be pickled (sent to
another process, cached on disk) and deep-copied: the view comes back as a view of a copy.

>>> import copy, pickle, types
>>> view = types.MappingProxyType({"a": 1})
>>> pickle.loads(pickle.dumps(view)), copy.deepcopy(view)
(mappingproxy({'a': 1}), mappingproxy({'a': 1}))
"""

from __future__ import annotations

import copyreg
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["readonly"]


def readonly(data: dict[Any, Any]) -> Mapping[Any, Any]:
    """A read-only view of ``data`` (the reconstructor pickles name)."""
    return MappingProxyType(data)


def _reduce(view: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return readonly, (dict(view),)


copyreg.pickle(MappingProxyType, _reduce)
