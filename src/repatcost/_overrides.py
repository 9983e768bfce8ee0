"""Assumption overrides in scenario files: shared ``[assumptions.NAME]`` and a municipality's
own ``[municipality.KEY.assumptions.NAME]``, and the check that every one of them is read.

Private: :mod:`repatcost.scenario` calls these while reading a file; problems go to the file's
collector with their key path. An override of a known assumption needs a distribution and a
rationale, and keeps the assumption's unit (unless given), domain and plausible band; a new
assumption needs distribution, unit, rationale and source. A name close to a known one is taken
for a typo (with a did-you-mean suggestion), and a name no estimator of the file reads is an
error, so an override can never be silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from repatcost._reader import Node, optional
from repatcost._suggest import did_you_mean
from repatcost.assumptions import UNIT_AS_DEFAULT, Assumptions, Parameter, read_parameters

__all__ = ["check_used", "read_local", "read_shared"]


def _one(node: Node, name: str, base: Assumptions) -> Parameter | None:
    """The parameter of one ``NAME = {...}`` entry, checked against ``base``'s domain."""
    known = name in base
    parent = Node({name: node.value}, node.path.rsplit(".", 1)[0], node.problems)
    found = read_parameters(parent, require_text=not known)
    if not found or not known:
        return found[0] if found else None
    parameter, old = found[0], base[name]
    unit = old.unit if parameter.unit == UNIT_AS_DEFAULT else parameter.unit

    def evolve(**changes: Any) -> Parameter:
        return attrs.evolve(parameter, **changes)

    return node.build(evolve, {name: "distribution"}, unit=unit, domain=optional(old.domain))


def _typo(node: Node, name: str, base: Assumptions) -> bool:
    """Record a problem and return True when ``name`` looks like a misspelt known name."""
    hint = did_you_mean(name, base)
    if name in base or not hint:
        return False
    node.fail(f"the name of a known assumption{hint}", value=name)
    return True


def read_shared(
    node: Node, base: Assumptions, keys: Iterable[str]
) -> tuple[Assumptions, dict[str, Node]]:
    """``base`` with the overrides and new assumptions of an ``[assumptions]`` table, and
    the node of each one read (name -> node)."""
    merged: list[Parameter] = []
    nodes: dict[str, Node] = {}
    keys = list(keys)
    for name, child in (node.table(open_keys=True) or {}).items():
        if "." in name:
            town = name.split(".", 1)[0]
            where = "" if town in keys else f"; no municipality {town!r} in this file"
            child.fail(
                "an assumption name; a municipality's own value goes under "
                f"[municipality.{town}.assumptions]{where}{did_you_mean(town, keys)}",
                value=name,
            )
        elif not _typo(child, name, base):
            parameter = _one(child, name, base)
            if parameter is not None:
                merged.append(parameter)
                nodes[name] = child
    return base.with_parameters(*merged), nodes


def read_local(node: Node, base: Assumptions) -> tuple[Parameter, ...]:
    """A municipality's own values of assumptions (``[municipality.KEY.assumptions]``): of
    shared ones, or a new one only it uses (then with unit, rationale and source)."""
    out: list[Parameter] = []
    for name, child in (node.table(open_keys=True) or {}).items():
        if _typo(child, name, base):
            continue
        parameter = _one(child, name, base)  # a new one needs unit, rationale and source
        out += [parameter] if parameter is not None else []
    return tuple(out)


def check_used(used: set[str], shared: Mapping[str, Node], local: Mapping[str, Node]) -> None:
    """Record a problem for each override no model reads.

    ``used``: every input name of every model of the file; ``shared``: name -> node of each
    ``[assumptions.NAME]``; ``local``: ``key.name`` -> node of each municipality's own. A
    shared declaration read only through a municipality's own copy of it is read.
    """
    through_own = {name.rsplit(".", 1)[-1] for name in local if name in used}
    for name, node in (*shared.items(), *local.items()):
        if name not in used and name not in through_own:
            plain = name.rsplit(".", 1)[-1]
            hint = did_you_mean(name, sorted(used))
            node.fail(
                f"an assumption an estimator of this file reads; none reads {plain!r}{hint}",
                value=plain,
            )
