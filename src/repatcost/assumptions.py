"""Named, sourced, uncertain assumptions.

A :class:`Parameter` is one assumption: a distribution with its unit, rationale and source (or
the words "unsourced estimate"). :class:`Assumptions` is an immutable named set of them plus
the price year, the price index, the qualifier mapping and the domain pack they come from;
``override`` returns a changed copy.

The core has no defaults of its own: a domain pack brings them (:mod:`repatcost.packs`;
:func:`default_assumptions` gives the bundled study's, e.g. the Danish 2023 defaults).

>>> a = default_assumptions()
>>> a.price_year
2023
>>> a["wage_cost"].unit
'DKK per staff-year'
>>> b = a.override(show_up_rate=0.8)
>>> b["show_up_rate"].distribution
Fixed(value=0.8)
>>> a["show_up_rate"].distribution.bounds
(0.5, 0.9)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from repatcost._reader import Node, Problems, load_toml, optional, read_distribution
from repatcost._suggest import did_you_mean
from repatcost._validators import fail, non_empty_text
from repatcost.constraints import YEAR, Constraint, instance_of
from repatcost.declarations import PriceIndex
from repatcost.distributions import Distribution, Fixed
from repatcost.domains import UNSOURCED, Band, Domain
from repatcost.errors import InvalidValueError
from repatcost.qualifiers import QualifierMapping

__all__ = [
    "Assumptions",
    "Parameter",
    "default_assumptions",
    "hourly_cost",
    "read_assumptions",
    "read_qualifiers",
    "staff_year_cost",
]

UNIT_AS_DEFAULT = "as in the defaults"
"""Unit recorded for an override that gives none (replaced by the overridden unit)."""


_is_distribution = instance_of(Distribution, "a Distribution (e.g. PERT(1, 2, 3))")


@attrs.frozen
class Parameter:
    """One named assumption.

    >>> Parameter("overhead_share", Fixed(0.2), unit="share of wage cost",
    ...           rationale="KL's usual practice", source="Folketinget, Beretning nr. 16")
    ... # doctest: +ELLIPSIS
    Parameter(name='overhead_share', ...)
    """

    name: str = attrs.field(validator=non_empty_text)
    distribution: Distribution = attrs.field(validator=_is_distribution)
    unit: str = attrs.field(validator=non_empty_text, kw_only=True)
    rationale: str = attrs.field(validator=non_empty_text, kw_only=True)
    source: str = attrs.field(default=UNSOURCED, validator=non_empty_text, kw_only=True)
    domain: Domain | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Domain)),
        kw_only=True,
    )
    """Hard range and plausible band (None: any finite value, as for a plugin's own)."""

    def __attrs_post_init__(self) -> None:
        if self.domain is not None:
            low, high = self.distribution.bounds
            self.domain.check_range("Assumptions", self.name, self.distribution, low, high)

    def flag(self) -> str | None:
        """Words when the distribution's range leaves the plausible band, else None.

        >>> slip = default_assumptions().override(hours_per_conversation=60)
        >>> print(slip["hours_per_conversation"].flag())
        hours_per_conversation 60 is outside the plausible 0.25-8 h: minutes typed as hours?
        """
        if self.domain is None:
            return None
        return self.domain.flag(self.name, *self.distribution.bounds)


def _parameters(value: Any) -> Any:
    """Converter: parameters as a tuple sorted by name (anything else is left to the validator)."""
    items = value.values() if isinstance(value, Mapping) else value
    if isinstance(items, str) or not isinstance(items, Iterable):
        return value
    items = tuple(items)
    if not all(isinstance(p, Parameter) for p in items):
        return items
    return tuple(sorted(items, key=lambda p: p.name))


_PARAMETERS = Constraint(
    "parameters",
    "a sequence or mapping of Parameter",
    lambda v: isinstance(v, tuple) and all(isinstance(p, Parameter) for p in v),
    tuple,
)


def _unique(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Parameter, ...]) -> None:
    _PARAMETERS(inst, attribute, value)
    names = [p.name for p in value]
    for name in names:
        if names.count(name) > 1:
            raise fail(inst, attribute.name, name, "unique parameter names")


@attrs.frozen
class Assumptions(Mapping[str, Parameter]):
    """An immutable set of named parameters, with the price year (money of that year), the
    price index that moves money between years (None: the ``wage_growth`` assumption does),
    and the name of the domain pack they come from (None: no pack).

    Behaves as a read-only mapping from name to :class:`Parameter`.
    """

    parameters: tuple[Parameter, ...] = attrs.field(
        default=(), converter=_parameters, validator=_unique
    )
    price_year: int = attrs.field(default=2023, validator=YEAR, kw_only=True)
    qualifiers: QualifierMapping = attrs.field(
        factory=QualifierMapping, validator=instance_of(QualifierMapping), kw_only=True
    )
    price_index: PriceIndex | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(instance_of(PriceIndex)),
        kw_only=True,
    )
    domain: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty_text), kw_only=True
    )

    def __getitem__(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(self)
        raise KeyError(f"No assumption named {name!r}; known assumptions: {known}.")

    def __iter__(self) -> Iterator[str]:
        return (p.name for p in self.parameters)

    def __len__(self) -> int:
        return len(self.parameters)

    def distribution(self, name: str) -> Distribution:
        """The distribution of the assumption ``name``."""
        return self[name].distribution

    def override(
        self, rationale: str = "user override", **values: Distribution | float
    ) -> Assumptions:
        """A copy with the named assumptions replaced (a number means a fixed value).

        Unknown names are refused, so a typo cannot silently leave a default in place.
        """
        replaced = dict(zip(self, self.parameters, strict=True))
        for name, value in values.items():
            if name not in replaced:
                known = ", ".join(self)
                hint = did_you_mean(name, self)
                raise fail(self, name, value, f"the name of a known assumption{hint} ({known})")
            dist = value if isinstance(value, Distribution) else _fixed(self, name, value)
            replaced[name] = attrs.evolve(
                replaced[name], distribution=dist, rationale=rationale, source="user override"
            )
        return attrs.evolve(self, parameters=tuple(replaced.values()))

    def with_parameters(self, *parameters: Parameter) -> Assumptions:
        """A copy with ``parameters`` added (or replacing those with the same name)."""
        merged = {p.name: p for p in self.parameters} | {p.name: p for p in parameters}
        return attrs.evolve(self, parameters=tuple(merged.values()))


def _fixed(owner: Any, name: str, value: Any) -> Fixed:
    """``Fixed(value)`` for the override of ``name``; a refusal names the assumption."""
    try:
        return Fixed(value)
    except (InvalidValueError, TypeError, ValueError) as err:
        expected = str(err).partition(" must be ")[2].rpartition(". Got ")[0]
        raise fail(owner, name, value, expected or "a number") from None


def staff_year_cost(wage_cost: Any, overhead_share: Any) -> Any:
    """Cost of one staff-year (the study's currency): wage cost (salary + pension) + overhead.

    Works on floats and numpy arrays alike.

    >>> staff_year_cost(530_000, 0.2)
    636000.0
    """
    return wage_cost * (1.0 + overhead_share)


def hourly_cost(wage_cost: Any, overhead_share: Any, productive_hours: Any) -> Any:
    """Cost of one caseworker hour (in the study's currency).

    Convention: productive hours per staff-year already exclude holidays, leave, sickness and
    training; the overhead covers premises, IT and management (the DUT definition), not
    meetings or administration, so nothing is counted twice.

    >>> round(hourly_cost(530_000, 0.2, 1_450), 1)
    438.6
    """
    return staff_year_cost(wage_cost, overhead_share) / productive_hours


_TEXTS = ("unit", "rationale", "source")


def read_parameters(node: Node, *, require_text: bool) -> list[Parameter]:
    """Parameters from a ``[parameter.NAME]`` style table; problems go to ``node``'s collector.

    ``require_text``: unit, rationale and source are required (a new assumption); otherwise
    only the distribution and the rationale are (an override of a known one).
    """
    out: list[Parameter] = []
    needed = ("distribution", *_TEXTS) if require_text else ("distribution", "rationale")
    allowed = tuple(k for k in (*_TEXTS, "domain", "plausible") if k not in needed)
    for name, entry in (node.table(open_keys=True) or {}).items():
        fields = entry.table(required=needed, optional=allowed)
        if fields is None or "distribution" not in fields:
            continue
        dist = read_distribution(fields["distribution"])
        texts = {k: fields[k].string() if k in fields else None for k in _TEXTS}
        if dist is None or any(texts[k] is None for k in needed if k in texts):
            continue
        unit = texts["unit"] or UNIT_AS_DEFAULT
        domain = (
            read_domain(fields["domain"], fields.get("plausible"), unit)
            if "domain" in fields
            else None
        )
        parameter = entry.build(
            Parameter,
            {name: "distribution"},
            name=name,
            distribution=dist,
            unit=unit,
            rationale=texts["rationale"] or "scenario override",
            source=texts["source"] or UNSOURCED,
            domain=optional(domain),
        )
        if parameter is not None:
            out.append(parameter)
    return out


def read_qualifiers(node: Node) -> QualifierMapping | None:
    """The qualifier mapping from a ``[qualifiers]`` table (unknown keys are problems)."""
    names = tuple(attrs.fields_dict(QualifierMapping))
    fields = node.table(optional=names)
    if fields is None:
        return None
    values = {k: v.number(min_value=0.0) for k, v in fields.items()}
    return node.build(QualifierMapping, {}, **values)


def read_price_year(node: Node) -> int | None:
    """The price year (a whole year from 1900 to 2200)."""
    return node.integer(min_value=1900, max_value=2200)


def read_domain(node: Node, plausible: Node | None, unit: str) -> Domain | None:
    """A :class:`Domain` from ``domain = {min, max, min_open, max_open}`` and ``plausible =
    {min, max, source, hint_low, hint_high}`` tables; the unit defaults to ``unit``."""
    fields = node.table(optional=("min", "max", "min_open", "max_open", "unit"))
    if fields is None:
        return None
    ends = {k: fields[k].number() for k in ("min", "max") if k in fields}
    opens = {k: fields[k].value is True for k in ("min_open", "max_open") if k in fields}
    band = _read_band(plausible) if plausible is not None else None
    shown = fields["unit"].string() if "unit" in fields else unit
    if None in ends.values() or shown is None:
        return None
    return node.build(
        Domain,
        {"low": "min", "high": "max", "low_open": "min_open", "high_open": "max_open"},
        **{{"min": "low", "max": "high"}[k]: v for k, v in ends.items()},
        **{{"min_open": "low_open", "max_open": "high_open"}[k]: v for k, v in opens.items()},
        unit=shown,
        plausible=optional(band),
    )


def _read_band(node: Node) -> Band | None:
    fields = node.table(required=("min", "max", "source"), optional=("hint_low", "hint_high"))
    if fields is None or not {"min", "max", "source"} <= set(fields):
        return None
    texts = {k: fields[k].string() for k in ("source", "hint_low", "hint_high") if k in fields}
    return node.build(
        Band,
        {"low": "min", "high": "max"},
        low=fields["min"].number(),
        high=fields["max"].number(),
        **texts,
    )


def read_assumptions(path: Path) -> Assumptions:
    """Read a full assumptions file (a pack's defaults file, e.g.
    ``packs/dk_repatriation/defaults_2023.toml``, shows the format).

    Keys: ``price_year`` and ``[parameter.NAME]`` tables (distribution, unit, rationale and
    source, all required); optional ``title`` and ``[qualifiers]`` (the qualifier mapping, as in
    a scenario file).
    """
    problems = Problems(str(path))
    data = load_toml(path, problems)
    if data is None:
        problems.raise_if_any()
    root = (
        Node(data, "", problems).table(
            required=("price_year", "parameter"), optional=("title", "qualifiers")
        )
        or {}
    )
    year = read_price_year(root["price_year"]) if "price_year" in root else None
    parameters = (
        read_parameters(root["parameter"], require_text=True) if "parameter" in root else []
    )
    mapping = read_qualifiers(root["qualifiers"]) if "qualifiers" in root else QualifierMapping()
    problems.raise_if_any()  # so below, year and mapping were read
    return Assumptions(
        tuple(parameters), price_year=year or 2023, qualifiers=mapping or QualifierMapping()
    )


def default_assumptions() -> Assumptions:
    """The defaults of the bundled study's pack (the Danish 2023 defaults, see DOMAIN.md).

    >>> default_assumptions().domain
    'dk-repatriation'
    """
    from repatcost.packs import bundled_pack

    return bundled_pack().default_assumptions()


def __getattr__(name: str) -> object:
    """Names that moved into a pack stay importable from here."""
    from repatcost.packs import moved

    return moved(__name__, name)
