"""Readings: sentences of the source that can be read more than one way, as named choices.

Parameter uncertainty answers "how sure are we, given this reading of the source"; a
:class:`Reading` answers "which reading". It names one ambiguity (``kobenhavn.year``: which
year's spending describes a normal year), asks it as a question, quotes the source's words
with their section, and lists two or more :class:`Alternative` readings. Each alternative is
a set of *changes* to a copy of the study: a different estimator choice
(:class:`SetEstimator`), an edit of reported evidence (:class:`EditEvidence`), different
assumptions (:class:`SetAssumptions`) or a different reading of qualifiers such as "ca."
(:class:`SetQualifiers`). One alternative is *central*, with the reason why; the study as
given must already be in the central alternative's state, so the central reading is the
plain run.

Every alternative states its whole state (not a step from the central one), so any of them
can be chosen as the central reading (:func:`choose`).

>>> from repatcost.data import bundled_study
>>> study = bundled_study()
>>> reading = study.reading("kobenhavn.year")
>>> reading.central, [a.label for a in reading.alternatives]
('2023', ['2023', '2022', 'frame'])
>>> chosen = choose(study, {"kobenhavn.year": "2022"})
>>> chosen.estimator_for("kobenhavn").year, chosen.reading("kobenhavn.year").central
(2022, '2022')
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from repatcost._validators import fail, non_empty_text
from repatcost.distributions import Distribution
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import Estimator
from repatcost.evidence import Source, as_qualifier
from repatcost.qualifiers import Qualifier

if TYPE_CHECKING:
    from repatcost.study import Study

__all__ = [
    "CHOSEN",
    "Alternative",
    "Change",
    "EditEvidence",
    "Reading",
    "SetAssumptions",
    "SetEstimator",
    "SetQualifiers",
    "check_readings",
    "choose",
    "chosen_readings",
    "reading_phrase",
    "reading_suffix",
    "reading_title",
]

CHOSEN = "chosen by the user"
"""The reason :func:`choose` gives a reading whose central alternative the user chose."""

_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _non_empty_mapping(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise fail(inst, attribute.name, dict(value), "at least one entry")


class Change(abc.ABC):
    """One edit of a study copy: ``apply`` makes it, ``holds`` says the study already has it."""

    @abc.abstractmethod
    def apply(self, study: Study) -> Study:
        """A copy of ``study`` with the change made (``study`` is never modified)."""

    @abc.abstractmethod
    def holds(self, study: Study) -> bool:
        """True when ``study`` is already in the state this change sets (figures only)."""

    @abc.abstractmethod
    def describe(self) -> str:
        """The change in words, for reports."""


def _is_estimator(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Estimator):
        raise fail(inst, attribute.name, value, "an Estimator instance")


@attrs.frozen
class SetEstimator(Change):
    """Estimate municipality ``municipality`` with ``estimator``.

    >>> from repatcost.estimators import ReportedSpending
    >>> SetEstimator("kobenhavn", ReportedSpending(year=2022)).describe()
    'kobenhavn: estimator reported_spending (year=2022)'
    """

    municipality: str = attrs.field(validator=non_empty_text)
    estimator: Estimator = attrs.field(validator=_is_estimator)

    def apply(self, study: Study) -> Study:
        municipality = study.municipality(self.municipality)
        try:
            self.estimator.build(municipality, study.assumptions)
        except NotApplicable as err:
            raise fail(self, "estimator", self.estimator, f"one that applies ({err})") from err
        chosen = {**study.estimators, self.municipality: self.estimator}
        return attrs.evolve(study, estimators=chosen)

    def holds(self, study: Study) -> bool:
        return bool(study.estimator_for(self.municipality) == self.estimator)

    def describe(self) -> str:
        cls = type(self.estimator)
        options = [
            f"{f.name}={_plain(getattr(self.estimator, f.name))}"
            for f in (attrs.fields(cls) if attrs.has(cls) else ())
            if getattr(self.estimator, f.name) != f.default
        ]
        extra = f" ({', '.join(options)})" if options else ""
        return f"{self.municipality}: estimator {self.estimator.name}{extra}"


def _unrounded(record: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values``, dropping the record's precision when they set a qualifier other than
    ``rounded`` and no precision (a precision belongs to a rounded figure only, and a file
    cannot write None).

    >>> from repatcost.evidence import Source, Spending
    >>> rounded = Spending(amount=16e6, year=2016, qualifier="rounded", precision=1e6,
    ...                    source=Source(section="1", document="An article"))
    >>> _unrounded(rounded, {"qualifier": "approximate"})
    {'qualifier': 'approximate', 'precision': None}
    """
    out = dict(values)
    unset = "qualifier" in out and "precision" not in out and hasattr(record, "precision")
    if unset and as_qualifier(out["qualifier"]) is not Qualifier.ROUNDED:
        out["precision"] = None
    return out


@attrs.frozen
class EditEvidence(Change):
    """Set ``values`` on every ``record`` (an evidence class) of ``municipality``.

    >>> from repatcost.evidence import StaffYears
    >>> EditEvidence("odense", StaffYears, {"value": 0.75}).describe()
    'odense: StaffYears value=0.75'
    """

    municipality: str = attrs.field(validator=non_empty_text)
    record: type = attrs.field(validator=attrs.validators.instance_of(type))
    values: Mapping[str, Any] = attrs.field(converter=_frozen, validator=_non_empty_mapping)

    def _edited(self, study: Study) -> tuple[Any, list[Any]]:
        municipality = study.municipality(self.municipality)
        found: tuple[Any, ...] = municipality.records(self.record)
        if not found:
            raise fail(
                self, "record", self.record.__name__, f"a record {self.municipality} reported"
            )
        try:
            edited = [attrs.evolve(r, **_unrounded(r, self.values)) for r in found]
        except TypeError as err:
            raise fail(self, "values", dict(self.values), f"fields of the record ({err})") from err
        return municipality, edited

    def apply(self, study: Study) -> Study:
        municipality, edited = self._edited(study)
        replace = dict(zip(municipality.records(self.record), edited, strict=True))
        evidence = tuple(replace.get(r, r) for r in municipality.evidence)
        changed = attrs.evolve(municipality, evidence=evidence)
        towns = tuple(changed if m.key == changed.key else m for m in study.municipalities)
        return attrs.evolve(study, municipalities=towns)

    def holds(self, study: Study) -> bool:
        municipality, edited = self._edited(study)
        return edited == list(municipality.records(self.record))

    def describe(self) -> str:
        values = ", ".join(f"{k}={v}" for k, v in self.values.items())
        return f"{self.municipality}: {self.record.__name__} {values}"


@attrs.frozen
class SetAssumptions(Change):
    """Replace the distributions of named assumptions; the texts record why.

    >>> from repatcost.distributions import Fixed
    >>> SetAssumptions({"interpreter_billing_increment": Fixed(0.5)},
    ...                rationale="half hours", source="a bureau").describe()
    'interpreter_billing_increment = Fixed(value=0.5)'
    """

    values: Mapping[str, Distribution] = attrs.field(
        converter=_frozen, validator=_non_empty_mapping
    )
    rationale: str = attrs.field(validator=non_empty_text, kw_only=True)
    source: str = attrs.field(default="unsourced estimate", validator=non_empty_text, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for name, dist in self.values.items():
            if not isinstance(dist, Distribution):
                raise fail(self, "values", {name: dist}, "a mapping of names to Distributions")

    def _known(self, study: Study) -> None:
        for name in self.values:
            if name not in study.assumptions:
                known = ", ".join(study.assumptions)
                raise fail(self, "values", name, f"the name of a known assumption ({known})")

    def apply(self, study: Study) -> Study:
        self._known(study)
        base = study.assumptions
        changed = [
            attrs.evolve(
                base[name], distribution=dist, rationale=self.rationale, source=self.source
            )
            for name, dist in self.values.items()
        ]
        return attrs.evolve(study, assumptions=base.with_parameters(*changed))

    def holds(self, study: Study) -> bool:
        self._known(study)
        return all(study.assumptions.distribution(n) == d for n, d in self.values.items())

    def describe(self) -> str:
        return "; ".join(f"{name} = {dist!r}" for name, dist in self.values.items())


@attrs.frozen
class SetQualifiers(Change):
    """Read qualifiers differently, e.g. ``approximate_spread`` (the width of "ca.").

    >>> SetQualifiers({"approximate_spread": 0.1}).describe()
    'qualifiers: approximate_spread = 0.1'
    """

    values: Mapping[str, float] = attrs.field(converter=_frozen, validator=_non_empty_mapping)

    def _mapping(self, study: Study) -> Any:
        current = study.assumptions.qualifiers
        try:
            return current, attrs.evolve(current, **self.values)
        except TypeError as err:
            raise fail(self, "values", dict(self.values), f"qualifier settings ({err})") from err

    def apply(self, study: Study) -> Study:
        _, mapping = self._mapping(study)
        return attrs.evolve(study, assumptions=attrs.evolve(study.assumptions, qualifiers=mapping))

    def holds(self, study: Study) -> bool:
        current, mapping = self._mapping(study)
        return bool(current == mapping)

    def describe(self) -> str:
        return "qualifiers: " + ", ".join(f"{k} = {v:g}" for k, v in self.values.items())


def _changes(value: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(value)


def _all_changes(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value or not all(isinstance(c, Change) for c in value):
        raise fail(inst, attribute.name, value, "one or more Change instances")


def _label(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _LABEL.match(value):
        raise fail(inst, attribute.name, value, "a short label of a-z, 0-9, '.', '_' and '-'")


@attrs.frozen
class Alternative:
    """One way of reading an ambiguity: a label, why, and the changes that make it so.

    ``source`` names where the alternative comes from, when anything does.
    """

    label: str = attrs.field(validator=_label)
    rationale: str = attrs.field(validator=non_empty_text)
    changes: tuple[Change, ...] = attrs.field(converter=_changes, validator=_all_changes)
    source: str | None = attrs.field(default=None, kw_only=True)

    def apply(self, study: Study) -> Study:
        """A copy of ``study`` read this way."""
        for change in self.changes:
            study = change.apply(study)
        return study

    def holds(self, study: Study) -> bool:
        """True when ``study`` is already read this way."""
        return all(change.holds(study) for change in self.changes)

    def describe(self) -> str:
        """The changes in words."""
        return "; ".join(change.describe() for change in self.changes)


def _name(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise fail(
            inst, attribute.name, value, "'scope.what' (a municipality key or a shared name)"
        )


def _alternatives(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not all(isinstance(a, Alternative) for a in value):
        raise fail(inst, attribute.name, value, "a tuple of Alternative readings")
    labels = [a.label for a in value]
    if len(labels) < 2:
        raise fail(inst, attribute.name, labels, "two or more Alternative readings")
    if len(set(labels)) != len(labels):
        raise fail(inst, attribute.name, labels, "alternatives with distinct labels")


def _alternative_tuple(value: Iterable[Alternative]) -> tuple[Alternative, ...]:
    return tuple(value)


@attrs.frozen
class Reading:
    """A named ambiguity of the source and its alternative readings (see module docs).

    Attributes:
        name: ``scope.what``: a municipality key (``kobenhavn.year``) or a shared name
            (``interpreter.billing``).
        question: the ambiguity as a question.
        source: where the words are in the source document.
        words: the source's own words.
        alternatives: two or more readings, each with its changes.
        central: the label of the central alternative.
        reason: why that one is central.
    """

    name: str = attrs.field(validator=_name)
    question: str = attrs.field(validator=non_empty_text)
    source: Source = attrs.field(validator=attrs.validators.instance_of(Source))
    words: str = attrs.field(validator=non_empty_text)
    alternatives: tuple[Alternative, ...] = attrs.field(
        converter=_alternative_tuple, validator=_alternatives
    )
    central: str = attrs.field(validator=non_empty_text)
    reason: str = attrs.field(validator=non_empty_text)

    def __attrs_post_init__(self) -> None:
        if self.central not in self.labels:
            raise fail(self, "central", self.central, f"one of {', '.join(self.labels)}")

    @property
    def labels(self) -> tuple[str, ...]:
        """The alternatives' labels, in order."""
        return tuple(a.label for a in self.alternatives)

    def alternative(self, label: str) -> Alternative:
        """The alternative called ``label``."""
        for alternative in self.alternatives:
            if alternative.label == label:
                return alternative
        raise fail(self, "label", label, f"one of {', '.join(self.labels)} ({self.name})")

    @property
    def central_alternative(self) -> Alternative:
        """The central alternative."""
        return self.alternative(self.central)


def check_readings(study: Study, readings: tuple[Reading, ...]) -> None:
    """Check ``readings`` against ``study`` (a study without readings of its own).

    Names are distinct; every alternative applies (its municipality, records, assumptions
    and estimator exist and fit); the study is in the central alternative's state.
    """
    names = [r.name for r in readings if isinstance(r, Reading)]
    if len(names) != len(readings):
        raise fail("Study", "readings", readings, "a tuple of Reading records")
    if len(set(names)) != len(names):
        raise fail("Study", "readings", names, "readings with distinct names")
    for reading in readings:
        for alternative in reading.alternatives:
            try:
                alternative.apply(study)
            except (InvalidValueError, NotApplicable) as err:
                where = f"{reading.name}: alternative {alternative.label!r}"
                raise fail("Study", "readings", where, f"changes that apply ({err})") from err
        if not reading.central_alternative.holds(study):
            raise fail(
                "Study",
                "readings",
                f"{reading.name}: central {reading.central!r}",
                "the central alternative to describe the study as given "
                f"({reading.central_alternative.describe()})",
            )


def choose(study: Study, chosen: Mapping[str, str]) -> Study:
    """A copy of ``study`` read with the alternatives ``chosen`` (reading name -> label);
    each chosen alternative becomes its reading's central one.

    A reading whose central alternative a choice overrode is re-based on the choice when
    the choice only picked another estimator of the same kind (``kobenhavn.year = 2022``
    leaves ``kobenhavn.scope`` asking whether the 2022 spending is all guidance), and left
    out as moot when it picked another kind (København read as its dedicated conversations
    only, estimated bottom-up, leaves no spending for ``kobenhavn.year`` to pick a year of).

    Raises an error naming the reading or label when either is unknown, and one naming
    the choices when two chosen alternatives set the same thing.
    """
    bare = attrs.evolve(study, readings=())
    readings = list(study.readings)
    for name, label in chosen.items():
        reading = study.reading(name)
        alternative = reading.alternative(label)
        bare = alternative.apply(bare)
        i = readings.index(reading)
        readings[i] = attrs.evolve(reading, central=label, reason=CHOSEN)
    for name, label in chosen.items():
        if not study.reading(name).alternative(label).holds(bare):
            raise fail(
                "choose",
                "chosen",
                dict(chosen),
                f"alternatives that hold together: another choice changes what {name} = "
                f"{label} sets ({study.reading(name).alternative(label).describe()}); choose "
                "one of them",
            )
    kept = [r if r.name in chosen else _rebased(r, bare) for r in readings]
    return attrs.evolve(bare, readings=tuple(r for r in kept if r is not None))


def _rebased(reading: Reading, study: Study) -> Reading | None:
    """``reading`` as it applies to ``study`` after another reading's choice: itself when
    its central alternative still holds; re-based when the choice only picked another
    estimator of the same kind for it (København's 2022 spending is still all its guidance,
    or not); None when the choice makes it moot (another kind of estimator altogether)."""
    central = reading.central_alternative
    if central.holds(study):
        return reading
    changes: list[Change] = []
    for change in central.changes:
        if isinstance(change, SetEstimator) and not change.holds(study):
            now = study.estimator_for(change.municipality)
            if type(now) is not type(change.estimator):
                return None
            change = SetEstimator(change.municipality, now)
        changes.append(change)
    alternative = attrs.evolve(central, changes=tuple(changes))
    if not alternative.holds(study):
        return None
    return attrs.evolve(
        reading,
        alternatives=[alternative if a is central else a for a in reading.alternatives],
    )


def chosen_readings(study: Study) -> dict[str, str]:
    """Reading name -> the alternative the user chose (:func:`choose`), in study order."""
    return {r.name: r.central for r in study.readings if r.reason == CHOSEN}


def reading_phrase(study: Study) -> str:
    """Which reading of the source a run of ``study`` is under, for "under ..." sentences.

    >>> from repatcost.data import bundled_study
    >>> study = bundled_study()
    >>> reading_phrase(study)
    'the central reading of the source'
    >>> reading_phrase(choose(study, {"kobenhavn.year": "2022"}))
    'the reading kobenhavn.year = 2022 (chosen by the user; the central reading elsewhere)'
    """
    chosen = chosen_readings(study)
    if not chosen:
        return "the central reading of the source"
    named = ", ".join(f"{name} = {label}" for name, label in chosen.items())
    plural = "s" if len(chosen) > 1 else ""
    return f"the reading{plural} {named} ({CHOSEN}; the central reading elsewhere)"


def reading_title(study: Study) -> str:
    """``study``'s title, naming the readings the user chose when there are any.

    >>> from repatcost.data import bundled_study
    >>> reading_title(choose(bundled_study(), {"kobenhavn.year": "2022"}))[-37:]
    '2023, read with kobenhavn.year = 2022'
    """
    return study.title + reading_suffix(study)


def reading_suffix(study: Study) -> str:
    """``", read with NAME = LABEL, ..."`` naming the readings the user chose, or ``""``.

    >>> from repatcost.data import bundled_study
    >>> reading_suffix(bundled_study())
    ''
    """
    chosen = chosen_readings(study)
    if not chosen:
        return ""
    return ", read with " + ", ".join(f"{name} = {label}" for name, label in chosen.items())
