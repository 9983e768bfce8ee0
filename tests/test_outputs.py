"""The output registry: one definition per figure, shared by the report and sensitivity."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from repatcost.data import bundled_study
from repatcost.evidence import Repatriations, Source
from repatcost.outputs import evaluate_models, output_names, study_output, study_outputs
from repatcost.sensitivity import tornado
from repatcost.study import Study

EXTRA = Repatriations(persons=40, year=2022, source=Source(section="test, not a real figure"))


def _two_years() -> Study:
    """The bundled study with one more Aarhus repatriation record, for 2022."""
    study = bundled_study()
    towns = tuple(
        attrs.evolve(m, evidence=(*m.evidence, EXTRA)) if m.key == "aarhus" else m
        for m in study.municipalities
    )
    return attrs.evolve(study, municipalities=towns)


@pytest.fixture(scope="module")
def two_years():
    """A run of the study with repatriations in two years for Aarhus."""
    return _two_years().run(20_000, seed=11)


def test_report_and_sensitivity_agree_on_cost_per_repatriated(two_years) -> None:
    """The tornado baseline (all inputs at medians) is within 3% of the report's median."""
    figure = two_years.report().total.per_outcome
    assert figure is not None
    assert tornado(_two_years(), "cost_per_repatriated").base == pytest.approx(
        figure.median, rel=0.03
    )


def test_sensitivity_divides_aarhus_by_the_report_persons(two_years) -> None:
    """Aarhus's per-person baseline is its cost baseline over the persons the report uses."""
    study = _two_years()
    report_ratio = two_years.samples_of("aarhus.cost_per_repatriated")
    persons = two_years.estimates["aarhus"].samples / report_ratio
    per_person = tornado(study, "aarhus.cost_per_repatriated").base
    assert per_person * persons[0] == pytest.approx(tornado(study, "aarhus").base, rel=1e-12)


def test_cost_per_repatriated_takes_the_price_year_only(two_years) -> None:
    """Aarhus: cost / its 2023 persons; the 2022 record of 40 persons is not added."""
    aarhus = two_years.study.municipality("aarhus")
    persons = [r.persons for r in aarhus.records(Repatriations) if r.year == 2023]
    assert len(persons) == 1
    assert persons[0] != 40
    np.testing.assert_allclose(
        two_years.samples_of("aarhus.cost_per_repatriated"),
        two_years.estimates["aarhus"].samples / persons[0],
    )


def test_total_per_conversation_covers_only_municipalities_with_positive_volume() -> None:
    """The total per conversation divides the cost of the towns with conversations held > 0
    by their conversations, the rule the per-municipality figures use."""
    result = bundled_study().run(5_000, seed=2)
    with_volume = [k for k in result.estimates if f"{k}.cost_per_conversation" in result.outputs]
    cost = sum(result.estimates[k].samples for k in with_volume)
    held = sum(result.estimates[k].quantities["conversations"] for k in with_volume)
    np.testing.assert_allclose(result.samples_of("cost_per_conversation"), cost / held)
    assert set(study_output(result.study, "cost_per_conversation").inputs) == {
        n for k in with_volume for n in result.models[k].inputs
    }


def test_every_output_is_the_same_function_on_the_run_and_on_its_inputs() -> None:
    """On a run's own draws, the sensitivity function equals the report's samples."""
    result = bundled_study().run(3_000, seed=5)
    for name, output in result.outputs.items():
        values = {n: result.draws.values[n] for n in output.inputs}
        np.testing.assert_allclose(output.function(values), result.samples_of(name), rtol=1e-12)


def test_every_output_stays_in_its_hard_range() -> None:
    """No sample of any output leaves the hard range the registry states for it."""
    result = bundled_study().run(20_000, seed=9)
    for name, output in result.outputs.items():
        assert output.hard_range is not None
        samples = result.samples_of(name)
        low, high = output.hard_range
        assert low * (1 - 1e-12) <= samples.min(), name
        assert samples.max() <= high * (1 + 1e-12), name


def test_registry_names_and_units() -> None:
    """Every name the sensitivity methods accept is a registry output with a unit."""
    study = bundled_study()
    outputs = study_outputs(study)
    assert output_names(study) == tuple(outputs)
    assert {"total", "aarhus", "cost_per_conversation", "cost_per_repatriated"} <= set(outputs)
    assert outputs["aarhus.recurring"].unit == "DKK per year"
    assert outputs["cost_per_repatriated"].caveat is not None
    assert all(o.unit for o in outputs.values())


def test_shared_models_are_evaluated_once_per_draw_set() -> None:
    """evaluate_models keeps one output set per model; outputs read it, not the inputs."""
    result = bundled_study().run(1_000, seed=1)
    evaluation = evaluate_models(result.models, result.draws.values)
    first = result.outputs["cost_per_conversation"].on(evaluation)
    assert result.outputs["cost_per_conversation"].on(evaluation) is first


def test_total_adds_costs_and_components_but_not_quantities() -> None:
    """The total is the sample-wise sum of the costs, its components add up by name, and the
    municipalities' quantities (conversations, implied hourly cost) are not summed."""
    result = bundled_study().run(2_000, seed=3)
    parts = list(result.estimates.values())
    expected = ((parts[0].samples + parts[1].samples) + parts[2].samples) + parts[3].samples
    np.testing.assert_array_equal(result.total.samples, expected)
    np.testing.assert_allclose(sum(result.total.components.values()), expected, rtol=1e-12)
    assert result.total.quantities == {}
    assert result.total.hard_range == (
        sum(p.hard_range[0] for p in parts),
        sum(p.hard_range[1] for p in parts),
    )
