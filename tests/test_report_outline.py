"""One outline (issue 20, item 1): the Markdown and HTML reports walk the same sections, with
the same ids in the same order, for the bundled study and for other municipalities."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

from repatcost.across_readings import run_with_readings
from repatcost.data import bundled_study
from repatcost.data.gap_finding import gap_findings
from repatcost.report import outline_markdown, render_report
from repatcost.report_answer import build_answer
from repatcost.report_html import render_html
from repatcost.report_outline import build_outline
from repatcost.report_text import money
from repatcost.scenario import load_scenario
from repatcost.sensitivity import tornado

SCENARIO = Path(__file__).parent / "scenarios" / "good" / "fifth_municipality.toml"


def _two_towns():
    """Other municipalities: Aarhus and Aalborg alone, the source read one way."""
    study = bundled_study()
    kept = tuple(m for m in study.municipalities if m.key in ("aarhus", "aalborg"))
    estimators = {k: v for k, v in study.estimators.items() if k in ("aarhus", "aalborg")}
    crosschecks = {k: v for k, v in study.crosschecks.items() if k in ("aarhus", "aalborg")}
    return attrs.evolve(
        study,
        municipalities=kept,
        estimators=estimators,
        crosschecks=crosschecks,
        readings=(),
    )


PRESS_GAZETTE = (
    Path(__file__).parents[1] / "examples" / "foi-costs-press-gazette" / "scenario.toml"
)

STUDIES = {
    "bundled": bundled_study,
    "fifth municipality": lambda: load_scenario(SCENARIO),
    "councils in GBP": lambda: load_scenario(PRESS_GAZETTE),
    "two towns, no readings": _two_towns,
}


def _outputs(study):
    result, across = (
        run_with_readings(study, 3_000, seed=7)
        if study.readings
        else (
            study.run(3_000, seed=7),
            None,
        )
    )
    report = result.report()
    if across is not None:
        report = report.with_readings(across.envelope(report.level))
    answer = build_answer(result, report, across=across, ranking=tornado(study, "total"))
    findings = gap_findings(result)
    outline = build_outline(report, across=across, findings=findings, answer=answer)
    markdown = render_report(report, "markdown", across=across, findings=findings, answer=answer)
    page = render_html(report, study, charts=(), across=across, findings=findings, answer=answer)
    return outline, markdown, page


@pytest.mark.parametrize("name", list(STUDIES))
def test_markdown_and_html_carry_the_same_sections_in_the_same_order(name) -> None:
    outline, markdown, page = _outputs(STUDIES[name]())
    assert outline.ids[0] == "summary"
    assert outline.ids[1] == "costs"
    assert len(set(outline.ids)) == len(outline.ids)
    # HTML: every section by its id, in the outline's order; charts after the costs and the
    # evidence at the end are the page's own
    ids = re.findall(r'<section id="([a-z-]+)">', page)
    assert [i for i in ids if i not in ("charts", "evidence")] == list(outline.ids)
    assert ids[ids.index("costs") + 1] == "charts"
    assert ids[-1] == "evidence"
    # Markdown: every titled section's heading, in the same order, and nothing else at ##
    headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
    assert headings == [s.title for s in outline.sections if s.title]
    assert markdown == outline_markdown(outline)


def test_a_study_without_readings_has_no_readings_section() -> None:
    outline, markdown, _ = _outputs(_two_towns())
    assert "readings" not in outline.ids
    assert "Range across readings" not in markdown
    assert "København" not in markdown
    assert "Odense" not in markdown


def test_sections_follow_what_the_study_has() -> None:
    outline, _, _ = _outputs(bundled_study())
    assert outline.ids == (
        "summary",
        "costs",
        "readings",
        "per-unit",
        "per-outcome",
        "implied",
        "triangulation",
        "findings",
        "flags",
        "not-included",
        "outputs",
    )


def _per_month(outputs: dict) -> dict:
    """The registry plus one declared output: the total per month (the total / 12)."""
    total = outputs["total"]
    low, high = total.hard_range
    extra = attrs.evolve(
        total,
        name="total_per_month",
        label="Total per month",
        unit="DKK per month",
        divides=("total", 12.0),
        hard_range=(low / 12, high / 12),
    )
    return {**outputs, extra.name: extra}


def test_an_output_added_by_one_declaration_is_in_json_markdown_and_html(monkeypatch) -> None:
    """One declaration in the registry (here added to what study_outputs returns) and the
    output is reported: JSON under outputs, Markdown and HTML in the appendix, with its
    median computed as declared (the total / 12, by hand from the total's median)."""
    import repatcost.study as study_module

    declared = study_module.study_outputs
    monkeypatch.setattr(
        study_module, "study_outputs", lambda *a, **k: _per_month(declared(*a, **k))
    )
    study = bundled_study()
    result = study.run(3_000, seed=7)
    report = result.report()
    record = json.loads(render_report(report, "json"))
    month = record["outputs"]["total_per_month"]
    assert month["median"] == pytest.approx(record["total"]["median"] / 12, rel=1e-12)
    assert month["unit"] == "DKK per month"
    assert month["label"] == "Total per month"
    row = f"| Total per month | total_per_month | DKK per month | {money(month['median'])} |"
    assert row in render_report(report, "markdown")
    page = render_html(report, study, charts=())
    assert "<td>total_per_month</td>" in page
    assert "Total per month" in page


def test_no_registry_output_is_missing_from_json_markdown_or_html() -> None:
    study = bundled_study()
    result = study.run(3_000, seed=7)
    report = result.report()
    record = json.loads(render_report(report, "json"))
    markdown = render_report(report, "markdown")
    page = render_html(report, study, charts=())
    for name, output in result.outputs.items():
        assert name in record["outputs"], name
        assert f"| {output.label} | {name} | {output.unit} |" in markdown, name
        assert f"<td>{name}</td>" in page, name


def test_a_study_in_another_currency_speaks_its_own_units() -> None:
    """The councils' study (GBP, requests): the summary and every section use its currency
    and its figures, none of the bundled study's."""
    outline, markdown, page = _outputs(load_scenario(PRESS_GAZETTE))
    first = outline.sections[0].blocks[0].text
    assert first.startswith("The figure to quote: about ")
    assert " GBP per year at " in first
    assert "DKK" not in markdown
    assert "DKK" not in page
    assert "København" not in markdown
