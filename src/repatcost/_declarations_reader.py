"""A scenario file's study declarations: its pack, currency, unit, outcome, funnel, price
index and document (private: :mod:`repatcost.scenario` calls :func:`read_declarations`).

``domain = NAME`` chooses a pack, whose declarations and defaults the file's keys then
refine. Without ``domain`` the study has no pack: nothing of any domain is applied, and
``currency`` and ``price_year`` are required. A file with neither ``domain`` nor
``currency`` predates packs: it is read with the bundled study's pack, as it always was.
"""

from __future__ import annotations

from typing import Any

import attrs

from repatcost._reader import Node, optional
from repatcost.assumptions import Assumptions, read_price_year
from repatcost.declarations import Declarations, PriceIndex
from repatcost.errors import InvalidValueError
from repatcost.packs import Pack, available_packs, bundled_pack, get_pack

__all__ = ["DECLARATION_KEYS", "Declared", "read_declarations"]

DECLARATION_KEYS = (
    "domain",
    "currency",
    "unit",
    "unit_plural",
    "outcome",
    "outcome_plural",
    "funnel",
    "price_index",
)
"""Top-level keys of a scenario file read here (besides ``document`` and ``price_year``)."""

_TEXT_KEYS = ("currency", "unit", "unit_plural", "outcome", "outcome_plural")


@attrs.frozen
class Declared:
    """What the top of a file declares: its pack (or None), declarations, the default
    document of its sources, and the assumptions its overrides apply to."""

    pack: Pack | None
    declarations: Declarations | None
    document: str | None
    base: Assumptions


def _pack(fields: dict[str, Node]) -> Pack | None:
    if "domain" not in fields:
        return bundled_pack() if "currency" not in fields else None
    node = fields["domain"]
    name = node.string()
    if name is None:
        return None
    try:
        return get_pack(name)
    except InvalidValueError as err:
        node.fail(err.expected if "plugin" in err.field else _known(), value=name)
        return None


def _known() -> str:
    return "the name of a pack (" + ", ".join(available_packs()) + ")"


def _price_index(node: Node) -> PriceIndex | None:
    fields = node.table(required=("name", "source", "values")) or {}
    if not {"name", "source", "values"} <= set(fields):
        return None
    values_node = fields["values"]
    table = values_node.table(open_keys=True) or {}
    values: dict[int, Any] = {}
    for year, child in table.items():
        if not year.isdigit():
            child.fail("a year (e.g. 2023) as the key", value=year)
            continue
        values[int(year)] = child.number(min_value=0.0)
    name, source = fields["name"].string(), fields["source"].string()
    if None in values.values() or name is None or source is None:
        return None
    return node.build(PriceIndex, {}, name=name, source=source, values=values)


def _declarations(fields: dict[str, Node], pack: Pack | None, root: Node) -> Declarations | None:
    changes: dict[str, Any] = {k: fields[k].string() for k in _TEXT_KEYS if k in fields}
    if "funnel" in fields:
        funnel = fields["funnel"]
        stages = [c.string() for c in funnel.items()] if isinstance(funnel.value, list) else []
        if not stages:
            funnel.fail("a non-empty array of stage names, first to last")
        changes["funnel"] = tuple(s for s in stages if s is not None)
    if "price_index" in fields:
        changes["price_index"] = _price_index(fields["price_index"])
    if None in changes.values():
        return None
    if pack is None and "currency" not in changes:
        return None  # reported by read_declarations
    base = {} if pack is None else attrs.asdict(pack.declarations, recurse=False)
    if "unit" in changes or "outcome" in changes:  # derived names follow the new words
        for derived in ("unit_plural", "outcome_plural", "outcome_key", "attributed_key"):
            if derived not in changes:
                base.pop(derived, None)
    return root.build(Declarations, {}, **{k: optional(v) for k, v in {**base, **changes}.items()})


def read_declarations(fields: dict[str, Node], root: Node) -> Declared:
    """The declarations of the top-level ``fields`` of a file (problems go to ``root``)."""
    pack = _pack(fields)
    if "domain" in fields and pack is None:
        return Declared(None, None, None, Assumptions())
    declarations = _declarations(fields, pack, root)
    if pack is None:
        for key in ("currency", "price_year"):
            if key not in fields:
                root.child(key, None).fail(
                    f"a value: a study without a pack (no 'domain') declares its {key}",
                    value="<missing>",
                )
    document = fields["document"].string() if "document" in fields else None
    if document is None and pack is not None:
        document = pack.document
    base = Assumptions() if pack is None else pack.default_assumptions()
    if declarations is not None and declarations.price_index is not None:
        base = attrs.evolve(base, price_index=declarations.price_index)
    if pack is None and "price_year" in fields:
        year = read_price_year(fields["price_year"])
        base = base if year is None else attrs.evolve(base, price_year=year)
    return Declared(pack, declarations, document, base)
