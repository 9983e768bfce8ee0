"""Where the contract checks draw their cases from, and how a check runs over them.

A case is a municipality, an assumption set, a seed and a sample size. By default the
municipalities carry at least one record of every type the estimator declares it needs
(:meth:`~repatcost.estimators.Estimator.requires`, like scikit-learn's estimator tags), so
the cases satisfy it instead of being filtered; a case it still refuses with
:class:`~repatcost.errors.NotApplicable` is drawn again. Any other error from ``build`` is a
failure of the check.

>>> from hypothesis import given, settings
>>> from repatcost.estimators import StaffAllocation
>>> from repatcost.evidence import StaffYears
>>> @settings(max_examples=5, database=None)
... @given(Cases().strategy(StaffAllocation()))
... def every_case_has_staff_years(case):
...     assert case.municipality.records(StaffYears)
>>> every_case_has_staff_years()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck, Unsatisfiable
from hypothesis.reporting import with_reporter

from repatcost._validators import fail
from repatcost.assumptions import Assumptions
from repatcost.errors import NotApplicable
from repatcost.estimators import Estimator
from repatcost.evidence import Municipality
from repatcost.model import CostModel
from repatcost.testing import strategies
from repatcost.testing._report import CheckFailure

__all__ = ["Cases"]


def _strategy_of(
    value: Any,
    default: Callable[[], st.SearchStrategy[Any]],
    wrap: Callable[[Any], st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[Any]:
    if value is None:
        return default()
    if isinstance(value, st.SearchStrategy):
        return value
    if wrap is not None:
        return wrap(value)
    raise fail("Cases", "strategy", value, "a hypothesis strategy or None")


def _assumption_strategy(value: Any) -> st.SearchStrategy[Assumptions]:
    def wrap(base: Any) -> st.SearchStrategy[Assumptions]:
        if not isinstance(base, Assumptions):
            raise fail(
                "Cases", "assumptions", base, "an Assumptions set, a strategy of them, or None"
            )
        return strategies.assumption_sets(base=base)

    return _strategy_of(value, strategies.assumption_sets, wrap)


def _municipality_strategy(value: Any) -> st.SearchStrategy[Municipality] | None:
    if value is None or isinstance(value, st.SearchStrategy):
        return value
    raise fail("Cases", "municipalities", value, "a hypothesis strategy or None")


def _max_examples(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise fail(inst, attribute.name, value, "an integer >= 1 or None")


@attrs.frozen(repr=False)
class _Case:
    """One drawn case; its repr keeps falsifying examples short."""

    municipality: Municipality
    assumptions: Assumptions
    seed: int
    n: int
    snapshot: Any = attrs.field(default=None, eq=False)
    """What ``before_build`` saw (see :func:`_run`)."""

    def __repr__(self) -> str:
        base = strategies._defaults()
        changed = [
            f"{p.name}={p.distribution!r}"
            for p in self.assumptions.parameters
            if p.name not in base or base[p.name] != p
        ]
        if self.assumptions.qualifiers != base.qualifiers:
            changed.append(f"qualifiers={self.assumptions.qualifiers!r}")
        summary = "defaults" + (" with " + ", ".join(changed) if changed else "")
        return (
            f"Case(municipality={self.municipality!r}, assumptions=<{summary}>, "
            f"seed={self.seed}, n={self.n})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis prints a falsifying case: as :meth:`__repr__`."""
        printer.text(repr(self))


@attrs.frozen
class Cases:
    """Where the hypothesis-driven checks draw their cases from.

    Attributes:
        municipalities: a strategy of municipalities; by default
            :func:`~repatcost.testing.strategies.municipalities` with at least one record of
            every type the estimator declares it needs (:meth:`Estimator.requires`), so the
            cases satisfy it rather than being filtered.
        assumptions: a strategy of assumption sets, or an :class:`Assumptions` to vary
            around (default: :func:`~repatcost.testing.strategies.assumption_sets` of the
            packaged defaults). An estimator with assumptions of its own needs a base that
            has them.
        max_examples: hypothesis examples per check (default: the current settings profile).
    """

    municipalities: st.SearchStrategy[Municipality] | None = attrs.field(
        default=None, converter=_municipality_strategy
    )
    assumptions: st.SearchStrategy[Assumptions] = attrs.field(
        default=None, converter=_assumption_strategy
    )
    max_examples: int | None = attrs.field(default=None, validator=_max_examples)

    def strategy(self, estimator: Estimator) -> st.SearchStrategy[_Case]:
        """The strategy of cases for ``estimator``: municipality, assumptions, seed and
        sample size."""
        places = self.municipalities
        if places is None:
            places = strategies.municipalities(required=estimator.requires())
        sets = self.assumptions
        seeds, sizes = st.integers(0, 2**32 - 1), st.integers(2, 8)

        @st.composite
        def cases(draw: st.DrawFn) -> _Case:
            return _Case(draw(places), draw(sets), draw(seeds), draw(sizes))

        return cases()

    def settings(self) -> settings:
        """Hypothesis settings of one check: the current profile, no deadline, no database."""
        return settings(
            max_examples=self.max_examples or _profile().max_examples,
            deadline=None,
            database=None,
            report_multiple_bugs=False,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
        )


def _profile() -> settings:
    """The hypothesis settings profile in force."""
    current = settings.default
    return settings() if current is None else current


def _build(
    check: str, estimator: Estimator, municipality: Municipality, assumptions: Assumptions
) -> CostModel | None:
    """The model, or None when the estimator refuses the evidence on purpose."""
    try:
        model = estimator.build(municipality, assumptions)
    except NotApplicable:
        return None
    except Exception as err:  # only NotApplicable is a refusal; anything else is a bug
        raise CheckFailure(
            check,
            f"build raised {type(err).__name__}({err}); it should "
            "return a CostModel or raise NotApplicable with a reason",
        ) from err
    if not isinstance(model, CostModel):
        raise CheckFailure(check, f"build returned {type(model).__name__}, not a CostModel")
    return model


def _run(
    check: str,
    estimator: Estimator,
    cases: Cases | None,
    body: Callable[[_Case, CostModel], None],
    *,
    before_build: Callable[[_Case], Any] | None = None,
) -> None:
    """Run ``body`` on drawn cases the estimator applies to (others are rejected; if none
    applies the check fails).

    ``before_build`` runs before the model is built; its result is passed on as the case's
    ``snapshot`` (used to detect mutation by ``build`` itself).
    """
    cases = Cases() if cases is None else cases

    @cases.settings()
    @given(case=cases.strategy(estimator))
    def run(case: _Case) -> None:
        if before_build is not None:
            case = attrs.evolve(case, snapshot=before_build(case))
        model = _build(check, estimator, case.municipality, case.assumptions)
        if model is None:
            reject()  # not applicable: draw another case
        else:
            body(case, model)

    printed: list[str] = []
    try:
        with with_reporter(lambda text: printed.append(str(text))):
            run()  # what hypothesis would print goes into the failure's notes instead
    except CheckFailure as err:
        for text in printed:
            if text not in getattr(err, "__notes__", ()):
                err.add_note(text)
        raise
    except (Unsatisfiable, FailedHealthCheck) as err:
        raise CheckFailure(
            check,
            f"{estimator!r} applied to none or too few of the generated cases, so "
            "nothing was checked; declare the record types it needs (Estimator.needs) or "
            "pass municipalities= (and assumptions=) strategies that give it its evidence",
        ) from err
