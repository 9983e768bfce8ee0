"""How a reported figure and its qualifier become a distribution.

Municipalities qualify what they report: money is rounded ("0,8 mio. kr."), hours are "about"
(ca.) a value, or a "cautious estimate" (forsigtigt skøn) that is more likely too low than too
high. :class:`QualifierMapping` turns each into a distribution, by a documented rule whose
parameters a user can override:

==============  ===============================================  ============================
qualifier       distribution                                      rationale
==============  ===============================================  ============================
exact           ``Fixed(v)``                                      the figure is a count/fact
rounded to p    ``Uniform(v - p/2, v + p/2)``                     every value that rounds to v
approximate     ``PERT(v(1 - s), v, v(1 + s))``, s = 0.20         symmetric about v
cautious        ``PERT(v(1 - d), v, v(1 + u))``, d = 0.10,        skewed upward: the true value
                u = 0.50                                          is more likely above v
estimate        ``PERT(v(1 - e), v, v(1 + e))``, e = 0.50         an estimate whose method is
                                                                  unknown ("a guesstimate")
range [a, b]    ``Uniform(a, b)``                                 "10-12 hours": every value
at least v      ``PERT(v, v, v(1 + b))``, b = 0.50                "more than 1,500"
at most v       ``PERT(v(1 - b), v, v)``                          "no more than 300"
==============  ===============================================  ============================

The spreads s, d, u, e and b are unsourced estimates: the sources say only "ca.",
"forsigtigt skøn", "more than". They are the first place to look in a sensitivity table. A
record may state its own relative spread (``spread``), which replaces s, e, b (and u for a
cautious figure).

>>> mapping = QualifierMapping()
>>> mapping.distribution(800_000, Qualifier.ROUNDED, precision=100_000)
Uniform(low=750000.0, high=850000.0)
>>> mapping.distribution(2.0, Qualifier.APPROXIMATE)
PERT(low=1.6, mode=2.0, high=2.4, shape=4.0)
>>> d = mapping.distribution(1.5, Qualifier.CAUTIOUS)
>>> d.median > 1.5
True
"""

from __future__ import annotations

import enum

import attrs

from repatcost._validators import fail, ge, share
from repatcost.distributions import PERT, Distribution, Fixed, Uniform

__all__ = ["Qualifier", "QualifierMapping"]


class Qualifier(enum.Enum):
    """How precisely a figure was reported."""

    EXACT = "exact"
    ROUNDED = "rounded"
    APPROXIMATE = "approximate"
    CAUTIOUS = "cautious"
    ESTIMATE = "estimate"


@attrs.frozen
class QualifierMapping:
    """The rule from (value, qualifier) to a distribution; see the module docstring.

    Attributes:
        approximate_spread: relative half-width s of an "about" figure (share of the value).
        cautious_below: relative room d below a cautious estimate.
        cautious_above: relative room u above a cautious estimate (u > d makes it skew up).
    """

    approximate_spread: float = attrs.field(default=0.20, validator=share, kw_only=True)
    cautious_below: float = attrs.field(default=0.10, validator=share, kw_only=True)
    cautious_above: float = attrs.field(default=0.50, validator=ge(0.0), kw_only=True)
    estimate_spread: float = attrs.field(default=0.50, validator=share, kw_only=True)
    bound_spread: float = attrs.field(default=0.50, validator=share, kw_only=True)

    def bounded(
        self, value: float, *, at_least: bool = False, spread: float | None = None
    ) -> Distribution:
        """A figure reported as at least (else at most) ``value``.

        >>> QualifierMapping().bounded(1_500, at_least=True)
        PERT(low=1500.0, mode=1500.0, high=2250.0, shape=4.0)
        """
        room = self.bound_spread if spread is None else spread
        if at_least:
            return _relative_pert(value, 0.0, room)
        return _relative_pert(value, room, 0.0)

    def distribution(
        self,
        value: float,
        qualifier: Qualifier,
        *,
        precision: float | None = None,
        spread: float | None = None,
    ) -> Distribution:
        """The distribution of a figure reported as ``value`` with ``qualifier`` (``spread``:
        the record's own relative spread, replacing the qualifier's default)."""
        if qualifier is Qualifier.EXACT or value == 0.0:
            return Fixed(value)
        if qualifier is Qualifier.ROUNDED:
            if precision is None or not precision > 0:
                raise fail(self, "precision", precision, "> 0 for a rounded figure")
            low, high = max(0.0, value - precision / 2.0), value + precision / 2.0
            return Uniform(low, high) if low < high else Fixed(value)
        if qualifier is Qualifier.APPROXIMATE:
            half = self.approximate_spread if spread is None else spread
            return _relative_pert(value, half, half)
        if qualifier is Qualifier.ESTIMATE:
            half = self.estimate_spread if spread is None else spread
            return _relative_pert(value, half, half)
        if qualifier is Qualifier.CAUTIOUS:
            above = self.cautious_above if spread is None else spread
            return _relative_pert(value, self.cautious_below, above)
        raise fail(self, "qualifier", qualifier, "a Qualifier")


def _relative_pert(value: float, below: float, above: float) -> Distribution:
    low, high = value * (1.0 - below), value * (1.0 + above)
    if not low < high:  # no spread, or a value so small the spread underflows
        return Fixed(value)
    return PERT(low, value, high)
