"""One finding per gap (issue 21, item 2): København's cross-check and implied hourly cost."""

from __future__ import annotations

import numpy as np
import pytest

from repatcost.data import bundled_study
from repatcost.data.gap_finding import gap_findings, per_invitation_hour
from repatcost.readings import choose
from repatcost.report import render_report
from repatcost.report_html import render_html


@pytest.fixture(scope="module")
def result():
    return bundled_study().run(6_000, seed=7)


@pytest.fixture(scope="module")
def finding(result):
    (only,) = gap_findings(result, n=3_000, points=5)
    return only


def test_per_invitation_hour_by_hand(result) -> None:
    """(spending - modelled interpreter fees) / (750 invitations x hours per conversation),
    draw by draw: the fees are the bottom-up cross-check's fee component on the same draws."""
    samples, invitations = per_invitation_hour(result, "kobenhavn")
    assert invitations == 750.0
    spending = result.estimates["kobenhavn"].samples
    fees = result.crosschecks["kobenhavn"][0].components["interpreter_fees"]
    hours = result.draws.values["hours_per_conversation"]
    np.testing.assert_allclose(samples, (spending - fees) / (750.0 * hours), rtol=1e-12)
    assert 400 < np.median(samples) < 560  # inside the 316-600 band, where per held is not


def test_no_per_invitation_hour_without_invitations(result) -> None:
    assert per_invitation_hour(result, "aalborg") is None


def test_the_finding_states_its_basis_scope_and_alternative(finding) -> None:
    text = "\n".join(finding.lines)
    assert finding.title.startswith("København:")
    assert "inconsistent" in finding.lines[0]
    assert "same gap seen per hour" in finding.lines[0]
    assert "numerator = spending 2023 as reported" in text
    assert "denominator = modelled conversations held" in text
    assert "750 persons called in" in text
    assert "the spending may cover more than the conversations" in text
    assert "Per invitation-hour" in text


def test_the_finding_gives_switching_values_of_both_unsourced_shares(finding) -> None:
    """At least two switching values, for the show-up rate and the repeat-invitation share,
    and one condition under which the verdict becomes consistent."""
    subs = [line.strip() for line in finding.lines if line.startswith("  ")]
    assert any(s.startswith("tension if show up rate is at least") for s in subs)
    assert any(s.startswith("tension if distinct invitation share is at least") for s in subs)
    assert any("consistent if show up rate is at least" in s for s in subs)
    assert (
        "reading kobenhavn.scope = dedicated-only: consistent (central reading: inconsistent)"
        in subs
    )


def test_no_finding_without_reported_spending_and_a_crosscheck() -> None:
    """Read as its dedicated conversations only, København has no implied hourly cost."""
    study = choose(bundled_study(), {"kobenhavn.scope": "dedicated-only"})
    assert gap_findings(study.run(2_000, seed=1), n=1_000, points=3) == []


def test_markdown_and_html_print_the_finding(result, finding) -> None:
    report = result.report()
    markdown = render_report(report, "markdown", findings=[finding])
    assert "## Findings: one per gap" in markdown
    assert "### København: the reported spending" in markdown
    assert "  - tension if show up rate" in markdown
    assert "the spending may cover more than the conversations" in markdown
    page = render_html(report, result.study, charts=[], findings=[finding])
    assert "<h3>København: the reported spending" in page
    assert "the spending may cover more than the conversations" in page
    assert "<ul><li>tension if" in page
    assert "Findings" not in render_report(report, "markdown")
    flags = markdown.split("## Flags")[1].split("## Not included")[0]
    assert "- København: the reported spending against the bottom-up estimate" in flags
    assert "hourly_cost: implausible" not in flags  # one gap, one line
    assert "triangulation:" not in flags
    assert "hourly_cost: implausible" in render_report(report, "markdown")


def test_cli_estimate_and_report_print_the_finding(capsys, tmp_path) -> None:
    from repatcost.cli import main

    assert main(["estimate", "--samples", "3000", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "### København: the reported spending" in out
    assert main(["estimate", "--samples", "3000", "--format", "json"]) == 0
    assert "Findings" not in capsys.readouterr().out
    page = tmp_path / "r.html"
    assert main(["report", "--samples", "3000", "--output", str(page)]) == 0
    assert "the spending may cover more than the conversations" in page.read_text("utf-8")
