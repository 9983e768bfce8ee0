"""Each contract check catches the estimator that breaks its promise, and names the culprit."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from typing import Any, ClassVar

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck

from repatcost.assumptions import Assumptions
from repatcost.errors import InvalidValueError, NotApplicable
from repatcost.estimators import ConversationTime, Estimator
from repatcost.evidence import ConversationCount, Municipality, StaffYears
from repatcost.model import CostModel, Values
from repatcost.testing import (
    CHECKS,
    Cases,
    CheckFailure,
    EstimatorCheckError,
    EstimatorCheckWarning,
    check_estimator,
    parametrize_with_checks,
    strategies,
)
from repatcost.testing import checks as kit

# Every case has a count, so every test estimator applies; 15 cases per check.
CASES = Cases(
    municipalities=strategies.municipalities(required=[ConversationCount]), max_examples=15
)
SHARED = ("hours_per_conversation", "wage_cost")


@attrs.frozen
class Good(Estimator):
    """A correct estimator: conversations x hours x wage cost / 1000."""

    name: ClassVar[str] = "test_good"

    def count(self, municipality: Municipality) -> ConversationCount:
        count = municipality.only(ConversationCount)
        if count is None:
            raise NotApplicable(f"{municipality.name} reported no count; add a 'count' record.")
        return count

    def inputs(self, municipality: Municipality, assumptions: Assumptions) -> dict[str, Any]:
        count = self.count(municipality)
        return {
            f"{municipality.key}.count": count.distribution(assumptions.qualifiers),
            **{name: assumptions.distribution(name) for name in SHARED},
        }

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        return lambda v: {"time": v[key] * v["hours_per_conversation"] * v["wage_cost"] / 1e3}

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        inputs = self.inputs(municipality, assumptions)
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=inputs,
            function=self.cost(f"{municipality.key}.count"),
            components=("time",),
        )


class LoopsOverSamples(Good):
    """Adds up the samples in a Python loop and returns one number."""

    name: ClassVar[str] = "test_loops"

    def cost(self, key: str) -> Callable[[Values], dict[str, Any]]:
        def total(v: Values) -> dict[str, Any]:
            result = 0.0
            for c, h in zip(v[key], v["hours_per_conversation"], strict=True):
                result += c * h
            return {"time": result}

        return total


class NegativeCost(Good):
    """Subtracts a fixed amount, so small counts cost less than nothing."""

    name: ClassVar[str] = "test_negative"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        return lambda v: {"time": v[key] * v["hours_per_conversation"] - 1_000.0}


class NaNCost(Good):
    """Divides by the count and multiplies back: 0/0 for a count of zero."""

    name: ClassVar[str] = "test_nan"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        return lambda v: {"time": v["wage_cost"] / v[key] * v[key]}


class MutatesEvidence(Good):
    """Bumps the reported count inside build."""

    name: ClassVar[str] = "test_mutates"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        count = self.count(municipality)
        object.__setattr__(count, "value", count.value + 1)
        return super().build(municipality, assumptions)


class MutatesInputArrays(Good):
    """Doubles the count array in place while computing."""

    name: ClassVar[str] = "test_in_place"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        def cost(v: Values) -> dict[str, np.ndarray]:
            np.multiply(v[key], 2.0, out=v[key])
            return {"time": v[key] * v["wage_cost"]}

        return cost


class NotMonotone(Good):
    """Divides by the hours per conversation without declaring it decreasing."""

    name: ClassVar[str] = "test_not_monotone"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        return lambda v: {"time": v[key] * v["wage_cost"] / v["hours_per_conversation"]}


class UsesGlobalRandom(Good):
    """Adds noise from numpy's global generator."""

    name: ClassVar[str] = "test_global_random"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        def cost(v: Values) -> dict[str, np.ndarray]:
            noise = np.random.uniform(1.0, 2.0, len(v[key]))  # noqa: NPY002 - the bug
            return {"time": v[key] * v["wage_cost"] * noise}

        return cost


class FreshRandomEachCall(Good):
    """Draws noise from a fresh, unseeded generator on every call."""

    name: ClassVar[str] = "test_fresh_random"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        def cost(v: Values) -> dict[str, np.ndarray]:
            noise = np.random.default_rng().uniform(1.0, 2.0, len(v[key]))
            return {"time": (v[key] + 1.0) * noise}

        return cost


class RandomBuild(Good):
    """Builds a different model each time (a random label)."""

    name: ClassVar[str] = "test_random_build"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        model = super().build(municipality, assumptions)
        tag = np.random.default_rng().integers(0, 10**9)
        return attrs.evolve(model, label=f"{model.label} #{tag}")


class DependsOnOtherSamples(Good):
    """Scales every sample by the batch mean."""

    name: ClassVar[str] = "test_batch_mean"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        return lambda v: {"time": v["wage_cost"] * (1.0 + v[key].mean())}


class NotNamespaced(Good):
    """Names the municipality's count plain 'count'."""

    name: ClassVar[str] = "test_not_namespaced"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        inputs = self.inputs(municipality, assumptions)
        inputs["count"] = inputs.pop(f"{municipality.key}.count")
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=inputs,
            function=self.cost("count"),
            components=("time",),
        )


class ShadowsAssumption(Good):
    """Puts the municipality's own count under the shared name 'wage_cost'."""

    name: ClassVar[str] = "test_shadows"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        inputs = self.inputs(municipality, assumptions)
        inputs["wage_cost"] = inputs.pop(f"{municipality.key}.count")
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs=inputs,
            function=lambda v: {"time": v["wage_cost"] * 1.0},
            components=("time",),
        )


class IndexErrorWhenMissing(Good):
    """Takes the first count record without looking: IndexError when there is none."""

    name: ClassVar[str] = "test_index_error"

    def count(self, municipality: Municipality) -> ConversationCount:
        return municipality.records(ConversationCount)[0]


class ReadsUndeclaredInput(Good):
    """Reads an input it never declared."""

    name: ClassVar[str] = "test_undeclared"

    def cost(self, key: str) -> Callable[[Values], dict[str, np.ndarray]]:
        return lambda v: {"time": v[key] * v["overhead_share"]}


class NeverApplies(Good):
    """Refuses every municipality."""

    name: ClassVar[str] = "test_never"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        raise NotApplicable("This estimator applies to nothing at all.")


class PlainClass(Estimator):
    """No attrs: identity equality and a repr with a memory address."""

    name: ClassVar[str] = "test_plain"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        return Good().build(municipality, assumptions)


class BadName(Good):
    """A registry name with a space in it."""

    name: ClassVar[str] = "Bad name"


class TakesABuiltinName(Good):
    """Claims the registry name of a built-in estimator."""

    name: ClassVar[str] = "conversation_time"


def failure(check: Callable[..., None], estimator: Estimator) -> CheckFailure:
    """The CheckFailure ``check`` raises on ``estimator`` (the test fails if none)."""
    with pytest.raises(CheckFailure) as info:
        check(estimator, CASES)
    assert info.value.check == check.__name__
    return info.value


# --- the five acceptance cases --------------------------------------------------------------


def test_sample_loop_with_wrong_shape_is_caught_by_output_shape() -> None:
    """A function that loops over samples and returns one number fails check_output_shape."""
    err = failure(kit.check_output_shape, LoopsOverSamples())
    assert "'time' has shape ()" in err.reason


def test_sample_loop_is_caught_by_no_sample_loop() -> None:
    """The same loop is named as a loop by check_no_sample_loop."""
    err = failure(kit.check_no_sample_loop, LoopsOverSamples())
    assert "iterated over" in err.reason
    assert "loops over samples" in err.reason


def test_negative_cost_is_caught_by_finite_nonnegative() -> None:
    """A cost below zero fails check_finite_nonnegative, naming the component."""
    err = failure(kit.check_finite_nonnegative, NegativeCost())
    assert "cost component 'time' is negative" in err.reason


def test_nan_cost_is_caught_by_finite_nonnegative() -> None:
    """0/0 at a zero count fails check_finite_nonnegative, naming the component."""
    err = failure(kit.check_finite_nonnegative, NaNCost())
    assert "'time' is non-finite (nan)" in err.reason


def test_mutating_the_evidence_is_caught_by_does_not_mutate_inputs() -> None:
    """Changing a record inside build fails check_does_not_mutate_inputs, naming the record."""
    err = failure(kit.check_does_not_mutate_inputs, MutatesEvidence())
    assert "build changed the municipality: evidence[" in err.reason
    assert "ConversationCount" in err.reason


def test_non_monotone_cost_is_caught_by_monotonic() -> None:
    """A cost that falls in an input not declared decreasing fails check_monotonic."""
    err = failure(kit.check_monotonic, NotMonotone())
    assert "when 'hours_per_conversation' rose" in err.reason
    assert "declares it non-decreasing" in err.reason


def test_global_random_state_is_caught_by_no_global_random_state() -> None:
    """Noise from numpy's global generator fails check_no_global_random_state."""
    err = failure(kit.check_no_global_random_state, UsesGlobalRandom())
    assert "numpy's global generator" in err.reason


# --- the other checks can fail too ------------------------------------------------------


def test_in_place_change_of_input_arrays_is_caught() -> None:
    """Writing into an input array fails check_does_not_mutate_inputs, naming the input."""
    err = failure(kit.check_does_not_mutate_inputs, MutatesInputArrays())
    assert "changed its input array" in err.reason
    assert ".count'" in err.reason


def test_fresh_randomness_is_caught_by_same_inputs_same_outputs() -> None:
    """An unseeded generator inside the function fails check_same_inputs_same_outputs."""
    failure(kit.check_same_inputs_same_outputs, FreshRandomEachCall())


def test_random_build_is_caught_by_build_deterministic() -> None:
    """Two builds from the same evidence that differ fail check_build_deterministic."""
    err = failure(kit.check_build_deterministic, RandomBuild())
    assert "differ in 'label'" in err.reason


@pytest.mark.slow
def test_dependence_on_other_samples_is_caught_by_sample_independence() -> None:
    """A batch statistic in the cost fails check_sample_independence."""
    failure(kit.check_sample_independence, DependsOnOtherSamples())


def test_plain_input_name_is_caught_by_input_names() -> None:
    """An input named 'count' (not 'key.count') fails check_input_names."""
    err = failure(kit.check_input_names, NotNamespaced())
    assert "'count' is neither a shared assumption nor namespaced" in err.reason


def test_shadowing_a_shared_assumption_is_caught_by_input_names() -> None:
    """The municipality's own figure under a shared name fails check_input_names."""
    err = failure(kit.check_input_names, ShadowsAssumption())
    assert "'wage_cost' is the name of a shared assumption" in err.reason


def test_index_error_on_missing_evidence_is_caught_by_not_applicable() -> None:
    """IndexError instead of NotApplicable fails check_not_applicable."""
    err = failure(kit.check_not_applicable, IndexErrorWhenMissing())
    assert "raised IndexError" in err.reason


def test_reading_an_undeclared_input_is_named() -> None:
    """A function reading an input it did not declare fails, naming that input."""
    err = failure(kit.check_output_shape, ReadsUndeclaredInput())
    assert "read input 'overhead_share'" in err.reason


def test_an_estimator_that_never_applies_fails_rather_than_passing_vacuously() -> None:
    """A check with no applicable case fails and says how to give it evidence."""
    with pytest.raises(CheckFailure, match="applied to none or too few of the generated cases"):
        kit.check_monotonic(NeverApplies(), attrs.evolve(CASES, max_examples=2))


class RaisesInvalidValue(Good):
    """A plugin bug: refuses evidence with an InvalidValueError, not NotApplicable."""

    name: ClassVar[str] = "test_invalid"

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        raise InvalidValueError.for_field("Plugin", "count", 1, "a bug, not a refusal")


def test_an_error_other_than_not_applicable_is_a_failure() -> None:
    """Only NotApplicable is a refusal: any other error from build fails the check."""
    err = failure(kit.check_output_shape, RaisesInvalidValue())
    assert "InvalidValueError" in err.reason


@attrs.frozen
class NeedsStaffYears(Estimator):
    """Applies only to municipalities with staff-years, and says so in ``needs``."""

    name: ClassVar[str] = "test_needs_staff"
    needs: ClassVar[tuple[type, ...]] = (StaffYears,)

    def build(self, municipality: Municipality, assumptions: Assumptions) -> CostModel:
        staff = municipality.records(StaffYears)
        if not staff:
            raise NotApplicable("No staff-years; add a 'staff_years' record.")
        key = f"{municipality.key}.staff_years"
        return CostModel(
            label=municipality.name,
            method=self.name,
            inputs={key: staff[0].distribution(assumptions.qualifiers)},
            function=lambda v: {"time": v[key] * 2.0},
            components=("time",),
        )


@pytest.mark.slow
def test_cases_satisfy_what_the_estimator_needs_without_filtering() -> None:
    """Declared needs shape the default cases; filter_too_much is no longer suppressed."""
    assert HealthCheck.filter_too_much not in Cases().settings().suppress_health_check
    report = check_estimator(NeedsStaffYears(), max_examples=20, on_fail=None)
    assert report.ok, str(report)


def test_identity_equality_and_address_repr_are_caught() -> None:
    """An estimator compared by identity, with a 0x... repr, fails check_repr_and_equality."""
    failure(kit.check_repr_and_equality, PlainClass())


@pytest.mark.parametrize("estimator", [BadName(), TakesABuiltinName()])
def test_bad_registry_names_are_caught_by_estimator_api(estimator: Estimator) -> None:
    """A malformed name, or a built-in's name, fails check_estimator_api."""
    failure(kit.check_estimator_api, estimator)


# --- the runners --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_correct_estimator_passes_every_check() -> None:
    """The control: the correct estimator passes all checks, so none is trigger-happy."""
    report = check_estimator(Good(), municipalities=CASES.municipalities, max_examples=10)
    assert report.ok
    assert [r.name for r in report] == [c.__name__ for c in CHECKS]
    assert {r.status for r in report} == {"passed"}


@pytest.mark.slow
def test_report_lists_each_check_with_its_status_and_reason() -> None:
    """The report marks the failed check, keeps its reason and passes the others."""
    report = check_estimator(
        NotMonotone(), on_fail=None, municipalities=CASES.municipalities, max_examples=10
    )
    assert [r.name for r in report.failed] == ["check_monotonic"]
    assert "hours_per_conversation" in report["check_monotonic"].reason
    assert report["check_output_shape"].status == "passed"
    assert "FAILED   check_monotonic" in str(report)


def test_on_fail_raise_names_the_failed_check() -> None:
    """on_fail='raise' raises an AssertionError naming each failed check."""
    with pytest.raises(EstimatorCheckError, match="check_finite_nonnegative") as info:
        check_estimator(
            NegativeCost(),
            municipalities=CASES.municipalities,
            max_examples=10,
            checks=["check_finite_nonnegative", "check_input_names"],
        )
    assert isinstance(info.value, AssertionError)
    assert info.value.checks == ("check_finite_nonnegative",)


def test_on_fail_warn_warns_per_failure_and_returns_the_report() -> None:
    """on_fail='warn' issues one EstimatorCheckWarning per failed check and returns."""
    with pytest.warns(EstimatorCheckWarning, match="check_finite_nonnegative"):
        report = check_estimator(
            NegativeCost(),
            on_fail="warn",
            max_examples=10,
            municipalities=CASES.municipalities,
            checks=["check_finite_nonnegative"],
        )
    assert not report.ok


def test_on_fail_none_only_returns_the_report() -> None:
    """on_fail=None neither raises nor warns."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = check_estimator(
            NegativeCost(),
            on_fail=None,
            max_examples=10,
            municipalities=CASES.municipalities,
            checks=["check_finite_nonnegative"],
        )
    assert report["check_finite_nonnegative"].status == "failed"


def test_expected_failures_are_reported_as_xfailed_and_do_not_raise() -> None:
    """A failure named in expected_failed_checks is 'xfailed', with no error."""
    report = check_estimator(
        NegativeCost(),
        max_examples=10,
        municipalities=CASES.municipalities,
        checks=["check_finite_nonnegative", "check_input_names"],
        expected_failed_checks={
            "check_finite_nonnegative": "known",
            "check_input_names": "was known",
        },
    )
    assert report["check_finite_nonnegative"].status == "xfailed"
    assert report["check_input_names"].status == "xpassed"
    assert report.ok


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("on_fail", "loudly"),
        ("checks", ["check_everything"]),
        ("expected_failed_checks", {"check_typo": "x"}),
    ],
)
def test_bad_arguments_are_refused_with_their_name(argument: str, value: Any) -> None:
    """An unknown on_fail or check name is an error naming the argument."""
    with pytest.raises(InvalidValueError, match=argument):
        check_estimator(Good(), **{argument: value})


def test_cases_refuse_a_non_strategy() -> None:
    """Cases takes strategies (or an Assumptions base), not plain values."""
    with pytest.raises(InvalidValueError, match="strategy"):
        Cases(municipalities=[1, 2])  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="max_examples"):
        Cases(max_examples=0)


def test_parametrize_with_checks_makes_one_param_per_check_with_xfail_marks() -> None:
    """One pytest param per estimator and check; expected failures carry an xfail mark."""
    mark = parametrize_with_checks(
        [Good(), ConversationTime()],
        expected_failed_checks=lambda e: {"check_monotonic": "why"} if isinstance(e, Good) else {},
    )
    names, params = mark.args
    assert names == ("estimator", "check")
    assert len(params) == 2 * len(CHECKS)
    ids = [p.id for p in params]
    assert "Good()-check_monotonic" in ids
    assert "ConversationTime()-check_input_names" in ids
    marked = {p.id: [m.kwargs.get("reason") for m in p.marks] for p in params if p.marks}
    assert marked == {"Good()-check_monotonic": ["why"]}
    assert repr(params[0].values[1]) == "check_estimator_api"


class _Terminal(io.StringIO):
    """A standard error that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "show", "shown"),
    [(_Terminal(), True, True), (_Terminal(), False, False), (io.StringIO(), True, False)],
    ids=["terminal", "progress=False", "not a terminal"],
)
def test_check_estimator_shows_progress_only_on_a_terminal_unless_silenced(
    monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, show: bool, shown: bool
) -> None:
    """A run past the threshold shows its line on a terminal; progress=False or a pipe: none."""
    monkeypatch.setattr("repatcost._progress.PROGRESS_AFTER", 0.0)
    monkeypatch.setattr("sys.stderr", stream)
    checks = ["check_output_shape", "check_same_inputs_same_outputs"]
    report = check_estimator(Good(), max_examples=5, checks=checks, progress=show)
    assert report.ok
    text = stream.getvalue()
    if shown:
        assert text.startswith("\rrepatcost: check_estimator(Good()) ... ")
        assert text.endswith("\r\033[K")
    else:
        assert text == ""
