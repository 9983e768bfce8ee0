"""The answer first: the summary the Markdown and HTML reports open with (issue 20, item 2)."""

from __future__ import annotations

import html
import json
import re

import attrs
import pytest

from repatcost.across_readings import run_with_readings
from repatcost.cli import main
from repatcost.data import bundled_study
from repatcost.report import render_report
from repatcost.report_answer import ANSWER_TITLE, Doubt, build_answer
from repatcost.report_text import money, span
from repatcost.sensitivity import tornado

RUN = ["--samples", "3000", "--seed", "2"]


def _estimate(capsys, *args: str) -> str:
    assert main(["estimate", *RUN, *args]) == 0
    return capsys.readouterr().out


def _json(capsys, *args: str) -> dict:
    return json.loads(_estimate(capsys, "--format", "json", *args))


def _first_paragraph(markdown: str) -> str:
    """The first paragraph after the title (and the summary's heading)."""
    blocks = [b for b in markdown.split("\n\n") if b.strip()]
    assert blocks[0].startswith("# ")
    assert blocks[1] == f"## {ANSWER_TITLE}"
    return blocks[2]


def test_doubt_sentence_states_both_ends_and_the_swing() -> None:
    """Hand-computed: ends 1,000,000 and 1,642,000 are 642,000 apart."""
    reading = Doubt("reading", "k.year", "Which year?", 1_000_000.0, 1_642_000.0, "2023", "2022")
    assert reading.swing == 642_000.0
    assert reading.sentence("GBP per year") == (
        "Which year? Read as '2023', the total is 1,000,000; read as '2022', 1,640,000: "
        "642,000 GBP per year apart."
    )
    wage = Doubt("input", "wage", "wage cost (GBP per year)", 9.0, 7.0, "1", "2")
    assert wage.swing == 2.0
    assert wage.sentence("GBP").endswith(": at 1 the total is 9, at 2 it is 7: 2 GBP apart.")


def test_first_paragraph_names_the_figure_to_quote_and_the_range_across_readings(capsys) -> None:
    record = _json(capsys)
    first = _first_paragraph(_estimate(capsys))
    total = record["total"]
    currency = record["currency"]
    assert first.startswith(
        f"The figure to quote: about {money(total['median'])} {currency} per year at "
        f"{record['price_year']} prices"
    )
    assert f"Across readings it ranges over {span(record['envelope']['total'])}" in (first)
    # the two terms are explained where the reader first meets them
    assert "A reading is one way of taking a passage" in first
    assert "The range across readings runs from the lowest lower end" in first


def test_the_html_report_opens_with_the_same_answer(tmp_path, capsys) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "--output", str(out), *RUN]) == 0
    page = out.read_text(encoding="utf-8")
    first = _first_paragraph(_estimate(capsys)).replace("'", "&#x27;")
    body = page[page.index("<body>") :]
    assert re.search(r"<h1>[^<]*</h1>\n<section id=\"summary\">\n<h2>In short</h2>\n", body)
    assert f'<p id="answer">{first}</p>' in body
    assert body.index('id="answer"') < body.index("<table")


def test_a_chosen_reading_is_named_in_the_title_and_the_answer(capsys) -> None:
    markdown = _estimate(capsys, "--reading", "kobenhavn.year=2022")
    title = markdown.splitlines()[0]
    assert title.endswith("read with kobenhavn.year = 2022")
    assert "under the reading kobenhavn.year = 2022 (chosen by the user" in (
        _first_paragraph(markdown)
    )


def test_doubts_are_the_tornado_ranking_readings_beside_inputs() -> None:
    study = bundled_study()
    result, across = run_with_readings(study, 2_000, seed=4)
    ranking = tornado(study, "total")
    answer = build_answer(result, result.report(), across=across, ranking=ranking)
    assert [d.name for d in answer.doubts] == [r.input for r in ranking.rows[:2]]
    assert answer.doubts[0].kind == "reading"
    assert answer.doubts[0].swing == ranking.rows[0].swing
    first_input = next(r for r in ranking.rows if r.kind == "input")
    assert answer.largest_input is not None
    assert answer.largest_input.name == first_input.input
    doubts = answer.paragraphs()[1]
    # plain words: the reading's question, the input's label with its unit, no identifiers
    assert study.readings[0].question in doubts or any(
        r.question in doubts for r in study.readings
    )
    assert "wage cost (DKK per staff-year)" in doubts
    assert "kobenhavn.year" not in doubts
    assert "wage_cost" not in doubts


def test_without_readings_the_answer_says_so() -> None:
    study = attrs.evolve(bundled_study(), readings=())
    result = study.run(2_000, seed=1)
    report = result.report()
    answer = build_answer(result, report, ranking=tornado(study, "total"))
    first = answer.paragraphs()[0]
    assert "no range across readings" in first
    assert span(report.total.cost.summary.interval) in first
    assert all(d.kind == "input" for d in answer.doubts)
    assert answer.largest_input is None
    markdown = render_report(report, "markdown", answer=answer)
    assert _first_paragraph(markdown) == first
    assert "Across readings" not in markdown


def test_what_it_leaves_out_names_every_cost_not_counted() -> None:
    result = bundled_study().run(2_000, seed=1)
    report = result.report()
    last = build_answer(result, report).paragraphs()[-1]
    naming = [r.name for r in report.rows if r.leaves_out]
    assert naming == ["København", "Aarhus", "Odense"]
    assert "costs that København, Aarhus and Odense name but do not quantify" in last
    assert last.startswith("What it leaves out: interpreter fees (Odense, Aalborg), ")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_are_unchanged_by_the_answer(capsys, fmt) -> None:
    study = bundled_study()
    result = study.run(2_000, seed=1)
    report = result.report()
    answer = build_answer(result, report)
    assert render_report(report, fmt, answer=answer) == render_report(report, fmt)


IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+=|\b[a-z]+\.[a-z_]+ = ")
"""A name a reader should not meet: snake_case, ``field=``, ``reading.name = label``."""


def _reader_text(markdown: str) -> str:
    """The Markdown the reader meets, less the findings' switching values (which name a
    reading by its identifier when it changes a verdict) and the evidence notes' own words."""
    body = markdown.partition("## Appendix")[0]  # the appendix lists every figure by name
    return "\n".join(line for line in body.splitlines() if "reading kobenhavn." not in line)


def test_reader_facing_labels_are_plain_words(capsys, tmp_path) -> None:
    """No estimator, input or reading identifier, no ``field=value`` in the Markdown report or
    in the HTML report's tables (the identifiers stay in JSON and CSV)."""
    markdown = _reader_text(_estimate(capsys))
    assert IDENTIFIER.findall(markdown) == []
    assert "conversation time and interpreter fees" in markdown
    out = tmp_path / "r.html"
    assert main(["report", "--output", str(out), *RUN]) == 0
    page = out.read_text(encoding="utf-8")
    page = (
        page.partition('<section id="outputs">')[0]
        + page.partition('</section>\n<section id="evidence">')[2]
    )
    tables = html.unescape(
        re.sub(r"<[^>]+>", " ", "".join(re.findall(r"<table.*?</table>", page, flags=re.S)))
    )
    assert IDENTIFIER.findall(tables) == []
    assert "amount: 800,000 DKK" in tables
    assert "hours: 1.5 " in tables  # Aarhus' empty "includes" is left out
    csv = _estimate(capsys, "--format", "csv")
    assert "conversation_time + interpreter_fees" in csv


def test_each_term_is_explained_once_where_it_first_appears(capsys) -> None:
    """'reading' and 'range across readings' are explained in the summary, 'range under the
    stated bounds' and 'adjust later' in the paragraph above the cost table, each once."""
    markdown = _estimate(capsys)
    blocks = [b for b in markdown.split("\n\n") if b.strip()]
    explanations = {
        "A reading is one way": 2,  # the summary's first paragraph
        "runs from the lowest lower end to the highest upper end": 2,
        "what no combination of inputs within their stated bounds can leave": 5,
        "one to agree provisionally and settle afterwards": 5,
    }
    for words, where in explanations.items():
        assert markdown.count(words) == 1, words
        assert words in blocks[where], words
    first_use = {
        "reading": "A reading is one way",
        "range across readings": "The range across readings runs",
        "range under the stated bounds": "range under the stated bounds (what",
        "adjust later": '"Adjust later" marks',
    }
    for term, explained in first_use.items():  # explained in the paragraph it first appears
        first = next(b for b in blocks if term in b.lower())
        assert explained in first, term
