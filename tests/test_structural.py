"""Structural and parametric doubts together: readings ranked beside inputs in the tornado,
"adjust later" counting the range across readings, a chosen reading named in every output,
and changes within Monte Carlo noise shown as none."""

from __future__ import annotations

import json

import attrs
import pytest

from repatcost.across_readings import (
    NOISE_ERRORS,
    readings_around,
    readings_table,
    within_noise,
)
from repatcost.cli import main
from repatcost.data import bundled_study
from repatcost.estimate import Summary
from repatcost.readings import reading_phrase, reading_title
from repatcost.sensitivity import tornado


@pytest.fixture(scope="module")
def study():
    """The bundled study."""
    return bundled_study()


def test_tornado_ranks_readings_beside_inputs_with_their_kind(study) -> None:
    """Readings and inputs share one ranking; each row says its kind; the table has a
    kind column."""
    result = tornado(study, "total")
    kinds = {row.input: row.kind for row in result.rows}
    assert {kinds[r.name] for r in study.readings} == {"reading"}
    assert set(kinds.values()) == {"input", "reading"}
    swings = [row.swing for row in result.rows]
    assert swings == sorted(swings, reverse=True)
    assert result.rows[0].input == "kobenhavn.year"
    assert result.table().columns[1] == "kind"
    assert all(row.kind == "input" for row in tornado(study, "total", readings=False).rows)


def test_a_reading_row_is_the_output_at_medians_under_its_alternatives(study) -> None:
    """kobenhavn.year runs from the central 2023 (the all-medians base) to 2022, whose value
    is the base of the study read that way."""
    row = next(r for r in tornado(study, "total").rows if r.input == "kobenhavn.year")
    later = tornado(study.with_reading("kobenhavn.year", "2022"), "total", readings=False)
    assert (row.input_low, row.input_high) == ("2023", "2022")
    assert row.output_low == tornado(study, "total").base
    assert row.output_high == later.base
    # 2022 spending (1.4 million) moved to 2023 prices by 3% wage growth, less 2023 spending
    assert row.swing == pytest.approx(1_400_000 * 1.03 - 800_000)


def test_a_reading_that_only_widens_an_input_does_not_move_the_tornado(study) -> None:
    """The qualifier reading changes spreads, not medians: its swing is exactly 0."""
    row = next(r for r in tornado(study, "total").rows if r.input == "qualifier.approximate")
    assert row.swing == 0.0


def test_tornado_refuses_a_non_boolean_readings_flag(study) -> None:
    """readings= must be True or False."""
    with pytest.raises(ValueError, match="readings"):
        tornado(study, "total", readings="yes")


def _envelope(report, below: float, above: float) -> dict:
    """An envelope of ``below`` and ``above`` shares of each row's median around it."""

    def span(row):
        median = row.cost.summary.median
        return [median * (1 - below), median * (1 + above)]

    return {
        "municipalities": {row.key: span(row) for row in report.rows},
        "total": span(report.total),
    }


def test_adjust_later_counts_the_range_across_readings_on_both_sides_of_the_threshold(
    study,
) -> None:
    """A range across readings 51% of the median flags the row; 49% leaves it as it was."""
    report = study.run(2_000, seed=1).report()
    assert report.adjust_threshold == 0.5
    wide = report.with_readings(_envelope(report, 0.26, 0.25))
    narrow = report.with_readings(_envelope(report, 0.24, 0.25))
    assert wide.total.adjust_later
    assert wide.total.flags[0] == (
        "adjust later: the range across readings spans 51% of the median (threshold 50%)"
    )
    assert all(row.adjust_later for row in wide.rows)
    assert [r.adjust_later for r in narrow.rows] == [r.adjust_later for r in report.rows]
    assert narrow.total.flags == report.total.flags
    assert narrow.readings_counted
    assert not report.readings_counted


def test_the_bundled_total_is_flagged_by_its_readings_not_its_interval(study) -> None:
    """The total's interval is narrow, but its range across readings is wide: adjust later."""
    result = study.run(4_000, seed=1)
    report = result.report()
    counted = report.with_readings(readings_around(result).envelope(report.level))
    assert report.total.relative_width < 0.5
    assert not report.total.adjust_later
    assert counted.total.adjust_later


def test_a_chosen_reading_is_named_in_the_title_and_the_header(study, tmp_path, capsys) -> None:
    """estimate --reading kobenhavn.year=2022: Markdown title and intro, JSON title, HTML
    title all name the reading."""
    args = ["--samples", "2000", "--reading", "kobenhavn.year=2022"]
    assert main(["estimate", *args]) == 0
    markdown = capsys.readouterr().out
    title = markdown.splitlines()[0]
    assert title.endswith("read with kobenhavn.year = 2022")
    assert "under the central reading of the source" not in markdown
    assert "under the reading kobenhavn.year = 2022 (chosen by the user" in markdown
    assert main(["estimate", *args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == title.removeprefix("# ")
    page = tmp_path / "r.html"
    assert main(["report", *args, "--output", str(page)]) == 0
    assert "read with kobenhavn.year = 2022</title>" in page.read_text(encoding="utf-8")


def test_without_a_choice_the_title_and_phrase_are_the_study_own(study) -> None:
    """No reading chosen: the study's title and "the central reading of the source"."""
    assert reading_title(study) == study.title
    assert reading_phrase(study) == "the central reading of the source"
    assert study.run(500, seed=1).report().title == study.title


def test_noise_rule_on_both_sides() -> None:
    """Within two standard errors of the central median: none; beyond: a change."""
    central = Summary(1e6, 1e6, (9e5, 1.1e6), (8e5, 1.2e6), 0.9, median_se=100.0)
    assert NOISE_ERRORS == 2.0
    assert within_noise(200.0, central)
    assert within_noise(-200.0, central)
    assert not within_noise(200.5, central)
    assert not within_noise(-201.0, central)
    assert not within_noise(1.0, attrs.evolve(central, median_se=0.0))


def test_an_alternative_equal_to_the_central_reading_shows_no_change(study, capsys) -> None:
    """The "frame" reading (the same 0.8 million) shows none, in the table and the report."""
    across = readings_around(study.run(20_000, seed=0))
    frame = next(r for r in across.rows(0.9) if r.label == "frame")
    assert not frame.moves
    assert frame.change != 0.0  # measured, but within noise
    table = readings_table(across)
    row = next(r for r in table.rows if r[1] == "frame")
    assert row[5:] == (0.0, 0.0)
    assert "shown as 0" in table.notes[0]  # the table's number; the report's table says none
    assert main(["estimate", "--samples", "20000"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "| frame |" in x)
    assert "| none |" in line
    big = next(r for r in across.rows(0.9) if r.label == "2022")
    assert big.moves


def test_a_chosen_reading_is_named_in_sensitivity_tables(capsys) -> None:
    """sensitivity --reading kobenhavn.year=2022: the table's title names the reading."""
    assert main(["sensitivity", "--method", "tornado", "--reading", "kobenhavn.year=2022"]) == 0
    title = capsys.readouterr().out.splitlines()[0]
    assert title == "## Tornado: Total (DKK per year), read with kobenhavn.year = 2022"
    assert main(["sensitivity", "--method", "tornado"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "## Tornado: Total (DKK per year)"
