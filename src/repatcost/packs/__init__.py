"""Domain packs: what one kind of cost question brings to the general core.

The core (evidence, estimators, engine, study, outputs, reports) names no currency, activity
or country. A :class:`Pack` declares what a domain adds: its declarations (currency, unit,
outcome, funnel, sentences about its source), its default assumptions with their sources,
its estimators and the order they are tried in, how a count becomes units at the funnel's
last stage, its effort per unit, the fee model its reported spending is net of, the
identifier schemes of its bodies, the dates of its source documents and its bundled study.

A scenario chooses its pack by name (``domain = "dk-repatriation"``, the built-in pack for
the Danish repatriation conversations of question no. 184); a second pack can be
installed by entry point, as estimator plugins are::

    [project.entry-points."repatcost.packs"]
    uk-foi = "repatcost_foi:PACK"

A plugin cannot shadow a built-in name; one that fails to load is named in the error.

>>> "dk-repatriation" in available_packs()
True
>>> get_pack("dk-repatriation").declarations.currency
'DKK'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from datetime import date
from importlib import resources
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from repatcost._validators import fail, non_empty_text
from repatcost.constraints import Constraint
from repatcost.declarations import Declarations

if TYPE_CHECKING:
    from repatcost.assumptions import Assumptions
    from repatcost.estimators.base import Estimator
    from repatcost.estimators.parts import Part
    from repatcost.evidence import Municipality, Record

__all__ = [
    "BUILTIN_PACKS",
    "ENTRY_POINT_GROUP",
    "Pack",
    "available_packs",
    "bundled_pack",
    "bundled_scenario",
    "document_date",
    "findings_of",
    "get_pack",
    "moved",
    "pack_of",
    "packaged_files",
]

ENTRY_POINT_GROUP = "repatcost.packs"

BUILTIN_PACKS: Mapping[str, str] = MappingProxyType(
    {"dk-repatriation": "repatcost.packs.dk_repatriation:PACK"}
)
"""Built-in packs by name -> ``module:attribute`` (imported when first asked for)."""

PartHook = Callable[["Municipality", "Assumptions"], "Part | None"]
"""A pack's hook: a municipality and its assumptions -> a part, or None when it has none."""


def _mapping(value: Any) -> Any:
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


def _nothing(municipality: Municipality, assumptions: Assumptions) -> None:
    return None


def _no_range(municipality: Municipality) -> None:
    return None


def _none_noted(report: Any) -> tuple[str, ...]:
    return ()


def _no_basis(municipality: Municipality) -> str | None:
    return None


def _no_findings(result: Any) -> tuple[Any, ...]:
    return ()


@attrs.frozen
class Pack:
    """Everything one domain brings (see module docs).

    Attributes:
        name: the name a scenario chooses it by (``domain = NAME``).
        title: a line about the domain.
        declarations: currency, unit, outcome, funnel and sentences about the source.
        defaults: the packaged default assumptions file (each with rationale and source).
        estimators: the estimator classes it registers (found by name like built-ins).
        order: the estimators tried, in order, for a municipality that names none.
        records: evidence record types it adds to scenario files.
        volume: units at the funnel's last stage per year, from the municipality's count.
        counted: the same when the count was reported at that stage (no assumption needed).
        effort: effort (hours) per unit: the municipality's own figure, else the default.
        volume_range: for a count at an earlier stage of the funnel, the range of units it
            allows and why (None: the count is at the last stage, nothing is implied).
        not_counted: a report -> the costs its methods do not count, in the domain's words.
        basis: how a municipality's count becomes units, in words (None: no count).
        findings: a run -> the report's findings in the domain's words (Markdown and HTML).
        fees: the fee model its reported spending holds besides staff time, or None.
        fee_estimator: the estimator that adds those fees (the model is "in use" with it).
        schemes: identifier scheme -> the rule an id of that scheme keeps.
        documents: source documents -> their date (actual spending is dated no later).
        document: the default source document of a scenario file using the pack.
        aliases: record key -> {old field name: field name} a scenario file may still use.
        bundled: its bundled scenario file, or None.
        moved: ``module:name`` of names that lived in the core before the pack existed ->
            ``module:name`` where they live now (old import paths keep working).
    """

    name: str = attrs.field(validator=non_empty_text)
    title: str = attrs.field(validator=non_empty_text)
    declarations: Declarations
    defaults: Path | None = None
    estimators: tuple[type[Estimator], ...] = ()
    order: Callable[[], tuple[Estimator, ...]] = attrs.field(default=lambda: ())
    records: tuple[type[Record], ...] = ()
    volume: PartHook = _nothing
    counted: PartHook = _nothing
    effort: PartHook = _nothing
    volume_range: Callable[[Municipality], tuple[tuple[float, float], str] | None] = _no_range
    not_counted: Callable[[Any], tuple[str, ...]] = _none_noted
    basis: Callable[[Municipality], str | None] = _no_basis
    findings: Callable[[Any], tuple[Any, ...]] = _no_findings
    fees: PartHook | None = None
    fee_estimator: str | None = None
    schemes: Mapping[str, Constraint[Any]] = attrs.field(factory=dict, converter=_mapping)
    documents: Mapping[str, date] = attrs.field(factory=dict, converter=_mapping)
    document: str | None = None
    aliases: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=_mapping)
    bundled: Path | None = None
    moved: Mapping[str, str] = attrs.field(factory=dict, converter=_mapping)

    def default_assumptions(self) -> Assumptions:
        """The pack's default assumptions, read from :attr:`defaults`."""
        from repatcost.assumptions import Assumptions, read_assumptions

        if self.defaults is None:
            return Assumptions(domain=self.name)
        return attrs.evolve(read_assumptions(self.defaults), domain=self.name)


def _entry_points(name: str | None = None) -> list[EntryPoint]:
    found = entry_points(group=ENTRY_POINT_GROUP)
    return [p for p in found if p.name not in BUILTIN_PACKS and name in (None, p.name)]


def _load(where: str, loader: Callable[[], Any]) -> Pack:
    try:
        pack = loader()
    except Exception as err:
        raise fail(
            "packs", "plugin", where, f"a pack that imports ({type(err).__name__}: {err})"
        ) from err
    if not isinstance(pack, Pack):
        raise fail("packs", "plugin", where, "an entry point naming a repatcost.packs.Pack")
    return pack


def _builtin(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


_LOADED: dict[str, Pack] = {}


def get_pack(name: str) -> Pack:
    """The pack called ``name`` (built-in, else by entry point); an error lists the known
    names, or names the plugin that failed to load."""
    if name in _LOADED:
        return _LOADED[name]
    if name in BUILTIN_PACKS:
        pack = _load(name, lambda: _builtin(BUILTIN_PACKS[name]))
    else:
        points = _entry_points(name) if isinstance(name, str) else []
        if not points:
            raise fail("packs", "domain", name, "a known pack: " + ", ".join(available_packs()))
        point = points[0]
        pack = _load(f"{point.name} = {point.value!r}", point.load)
    if pack.name != name:
        raise fail(
            "packs", "plugin", name, f"a pack whose name is {name!r} (it says {pack.name!r})"
        )
    _LOADED[name] = pack
    return pack


def available_packs() -> tuple[str, ...]:
    """Every pack name: built-in and installed by entry point, sorted."""
    return tuple(sorted({*BUILTIN_PACKS, *(p.name for p in _entry_points())}))


def pack_of(assumptions: Assumptions) -> Pack | None:
    """The pack whose defaults ``assumptions`` are built on, None for a study without one."""
    return None if assumptions.domain is None else get_pack(assumptions.domain)


def findings_of(result: Any) -> tuple[Any, ...]:
    """The findings the run's pack states about it (none without a pack)."""
    pack = pack_of(result.study.assumptions)
    return () if pack is None else tuple(pack.findings(result))


def builtin_estimators() -> dict[str, type[Estimator]]:
    """The estimators of the built-in packs by registry name."""
    return {cls.name: cls for name in BUILTIN_PACKS for cls in get_pack(name).estimators}


def moved(module: str, name: str) -> Any:
    """The object a built-in pack now holds for the old public name ``module.name``.

    Core modules call this from ``__getattr__`` so that imports written before the pack
    existed keep working; AttributeError when no pack took that name.
    """
    old = f"{module}:{name}"
    if name.startswith("__"):  # the import system's own questions (``__path__``)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    for pack_name in BUILTIN_PACKS:
        target = get_pack(pack_name).moved.get(old)
        if target is not None:
            return _builtin(target)
    raise AttributeError(f"module {module!r} has no attribute {name!r}")


def document_date(document: str) -> date | None:
    """The date a built-in (or already loaded) pack gives ``document``, else None."""
    for name in (*BUILTIN_PACKS, *_LOADED):
        found = get_pack(name).documents.get(document)
        if found is not None:
            return found
    return None


def bundled_pack() -> Pack:
    """The pack of the bundled study (the first built-in pack with a bundled scenario)."""
    for name in BUILTIN_PACKS:
        if get_pack(name).bundled is not None:
            return get_pack(name)
    raise fail("packs", "bundled", None, "a built-in pack with a bundled scenario")


def bundled_scenario() -> Path:
    """The bundled study's scenario file."""
    path = bundled_pack().bundled
    assert path is not None  # bundled_pack has one
    return path


def packaged_files() -> tuple[Path, ...]:
    """Every data file the package ships (core data and the built-in packs' files, in any
    of their folders)."""
    folders = [Path(str(resources.files("repatcost") / "data"))]
    folders += [Path(str(resources.files("repatcost") / "packs" / p)) for p in _pack_dirs()]
    return tuple(
        sorted(
            p
            for folder in folders
            for p in folder.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc")
        )
    )


def _pack_dirs() -> list[str]:
    return [BUILTIN_PACKS[n].split(":")[0].rsplit(".", 1)[-1] for n in BUILTIN_PACKS]
