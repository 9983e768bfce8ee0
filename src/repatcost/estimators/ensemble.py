"""Ensemble: several estimators of one municipality, combined, with their agreement.

Two combination rules:

- ``"mixture"`` (default, conservative): each sample comes from one member, chosen with
  probability equal to its weight. The result's spread covers both members and the gap
  between them, so disagreement widens the interval instead of being averaged away.
- ``"average"``: the weighted sample-wise mean of the members. Appropriate only when the
  members measure the same cost with independent errors; it is narrower, and it hides
  disagreement, so reports still show the agreement figure.

The mixture picks are explicit inputs (``<key>.ensemble_pick_<i>``, Uniform(0, 1)), so the
function stays pure and the engine's seed decides them. Member *i* is taken when pick *i* is
below its conditional weight and no earlier member was taken; at the bounds of the picks
every member is reached, which keeps the hard range exact (the union of the members').

Each member's full cost is kept as the quantity ``estimate:<method>`` so reports can compute
the :mod:`~repatcost.agreement` between members on the same draws.

>>> from repatcost.data import bundled_study
>>> from repatcost.estimators import ConversationTime, InterpreterFees, ReportedSpending, Sum
>>> study = bundled_study()
>>> both = Ensemble(ReportedSpending(year=2023), Sum(ConversationTime(), InterpreterFees()))
>>> model = both.build(study.municipality("kobenhavn"), study.assumptions)
>>> model.components
('reported_spending', 'conversation_time + interpreter_fees')
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

import attrs
import numpy as np

from repatcost._validators import fail
from repatcost.assumptions import Assumptions
from repatcost.distributions import FloatArray, Uniform
from repatcost.estimators.base import Estimator
from repatcost.estimators.builder import as_part, assemble, first_owners
from repatcost.evidence import Municipality
from repatcost.model import CostFunction, CostModel, Values

__all__ = ["Ensemble"]

Method = Literal["mixture", "average"]


def _members(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if len(value) < 2 or not all(isinstance(m, Estimator) for m in value):
        raise fail(inst, attribute.name, value, "two or more Estimator instances")


def _weights(value: Sequence[float] | None) -> tuple[float, ...] | None:
    return None if value is None else tuple(float(w) for w in value)


@attrs.frozen(init=False)
class Ensemble(Estimator):
    """Several estimators of the same cost combined (see module docs).

    Args:
        *members: two or more estimators.
        weights: one non-negative weight per member (normalised); equal by default.
        method: ``"mixture"`` (default) or ``"average"``.
    """

    name: ClassVar[str] = "ensemble"
    members: tuple[Estimator, ...] = attrs.field(validator=_members)
    weights: tuple[float, ...] | None = attrs.field(converter=_weights)
    method: Method = attrs.field()

    def __init__(
        self,
        *members: Estimator,
        weights: Sequence[float] | None = None,
        method: Method = "mixture",
    ) -> None:
        self.__attrs_init__(tuple(members), weights, method)

    @weights.validator
    def _check_weights(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if len(value) != len(self.members):
            raise fail(self, "weights", value, f"{len(self.members)} weights, one per member")
        if not all(np.isfinite(w) and w >= 0 for w in value) or sum(value) <= 0:
            raise fail(self, "weights", value, "finite weights >= 0 with a positive sum")

    @method.validator
    def _check_method(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in ("mixture", "average"):
            raise fail(self, "method", value, "'mixture' or 'average'")

    @property
    def shares(self) -> tuple[float, ...]:
        """The normalised weights."""
        raw = self.weights or (1.0,) * len(self.members)
        total = sum(raw)
        return tuple(w / total for w in raw)

    def requires(self) -> tuple[type, ...]:
        """Every record type some member needs: all members must apply."""
        return tuple(dict.fromkeys(k for m in self.members for k in m.requires()))

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        models = [member.build(municipality, assumptions) for member in self.members]
        labels = [m.method for m in models]
        if len(set(labels)) != len(labels):
            raise fail(self, "members", labels, "members of different methods")
        picks = (
            {
                f"{municipality.key}.ensemble_pick_{i}": Uniform(0.0, 1.0)
                for i in range(len(models) - 1)
            }
            if self.method == "mixture"
            else {}
        )
        owners = {q: i for q, i in first_owners(models).items() if not q.startswith("estimate:")}
        weights = ", ".join(f"{s:.2f}" for s in self.shares)
        return assemble(
            f"ensemble ({self.method}): " + " | ".join(labels),
            municipality,
            _combined(models, self.shares, list(picks), self.method, owners),
            functools.reduce(operator.add, map(as_part, models)),
            components=labels,
            quantities=dict.fromkeys([*(f"estimate:{label}" for label in labels), *owners]),
            members=models,
            selectors=picks,
            notes=[f"{self.method} of {len(models)} estimates, weights {weights}"],
            name=self.name,
        )


def _combined(
    models: list[CostModel],
    shares: tuple[float, ...],
    picks: list[str],
    method: Method,
    owners: Mapping[str, int],
) -> CostFunction:
    """The ensemble's function: each member's cost as a component (weighted, or where the
    picks choose it), each member's full cost as ``estimate:<method>``, and the quantities
    of the members that own them."""
    labels = [m.method for m in models]
    conditional = _conditional(shares)

    def cost(v: Values) -> Mapping[str, FloatArray]:
        results = [m.function(v) for m in models]
        costs = [
            np.asarray(m.cost(r), dtype=np.float64) for m, r in zip(models, results, strict=True)
        ]
        out: dict[str, FloatArray] = {}
        if method == "average":
            for label, share, c in zip(labels, shares, costs, strict=True):
                out[label] = share * c
        else:
            chosen = _choose(v, picks, conditional, costs[0].shape)
            for i, (label, c) in enumerate(zip(labels, costs, strict=True)):
                out[label] = np.where(chosen == i, c, 0.0)
        for label, c in zip(labels, costs, strict=True):
            out[f"estimate:{label}"] = c
        for q, i in owners.items():
            out[q] = results[i][q]
        return out

    return cost


def _conditional(shares: tuple[float, ...]) -> tuple[float, ...]:
    """Probability of taking member i given that no earlier member was taken."""
    out = []
    remaining = 1.0
    for share in shares[:-1]:
        out.append(share / remaining if remaining > 0 else 0.0)
        remaining -= share
    return tuple(out)


def _choose(
    v: Values, picks: list[str], conditional: tuple[float, ...], shape: tuple[int, ...]
) -> FloatArray:
    """Index of the chosen member per sample (sequential binary picks, see module docs)."""
    chosen = np.full(shape, float(len(picks)))
    undecided = np.ones(shape, dtype=bool)
    for i, (name, p) in enumerate(zip(picks, conditional, strict=True)):
        take = undecided & (v[name] < p)
        chosen[take] = i
        undecided &= ~take
    return chosen
