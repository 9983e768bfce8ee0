"""Moved into the bundled study's pack (``packs/<pack>/gap_finding.py``, a pack's ``findings``
hook); the old import path keeps working."""

from __future__ import annotations


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)
