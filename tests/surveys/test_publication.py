"""The publication of survey results, by hand-made examples: suppression, rounding, means,
distributions, series, freezing, response rates, the CSV and the page partial."""

from __future__ import annotations

import csv
import io

import pytest
from flask import render_template
from flask_babel import force_locale

from app.surveys.disclosure import lone_hidden_lines, round5, suppress
from app.surveys.publication import HIDDEN, months_of, publish, quarter_of
from app.surveys.publication_csv import HEADER, publication_csv
from app.surveys.records import ResponseRecord, Series

QUESTIONS = [("fremdrift", "Fremdrift"), ("samlet", "Samlet tilfredshed")]
Q1 = ["2026-01", "2026-02", "2026-03"]


def answers(count: int, *, period: str = "2026-01", group: str | None = "a", channel: str | None = "phone",
            series: Series = Series.VERIFIED, progress: int | None = 4, overall: int | None = 3) -> list:
    return [ResponseRecord(period, group, channel, series, {"fremdrift": progress, "samlet": overall})
            for _ in range(count)]


def column(publication, period: str = "2026-01", key: str = "fremdrift", headline: bool = True):
    series = publication.headline if headline else publication.unverified
    results = next(r for r in series.questions if r.question.key == key)
    found = results.period(period)
    return {row.key: row.cell for row in found.rows}, found.total


def test_round5_to_the_nearest_five():
    assert [round5(n) for n in (5, 6, 7, 8, 12, 13, 17, 18, 100)] == [5, 5, 5, 10, 10, 15, 15, 20, 100]


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    counts = {"a": 3, "b": 9, "c": 7, "total": 19}
    assert suppress(counts, [["a", "b", "c", "total"]], 5) == {"a", "c"}


def test_two_small_cells_need_no_partner():
    counts = {"a": 3, "b": 2, "c": 30, "total": 35}
    assert suppress(counts, [["a", "b", "c", "total"]], 5) == {"a", "b"}


def test_secondary_suppression_runs_through_rows_and_columns_until_stable():
    # 2 x 2 with margins: hiding (r1, c1) forces a partner in its row, then in that partner's column.
    counts = {("r1", "c1"): 2, ("r1", "c2"): 20, ("r1", "t"): 22,
              ("r2", "c1"): 30, ("r2", "c2"): 6, ("r2", "t"): 36,
              ("t", "c1"): 32, ("t", "c2"): 26, ("t", "t"): 58}
    rows = [[(r, "c1"), (r, "c2"), (r, "t")] for r in ("r1", "r2", "t")]
    cols = [[("r1", c), ("r2", c), ("t", c)] for c in ("c1", "c2", "t")]
    hidden = suppress(counts, rows + cols, 5)
    assert not lone_hidden_lines(rows + cols, hidden)
    assert {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")} <= hidden


def test_fixed_members_count_but_are_never_chosen():
    hidden = suppress({"x": 9, "y": 30}, [["x", "y", "month"]], 5, fixed={"month": True})
    assert hidden == {"x"}
    with pytest.raises(ValueError):
        suppress({"x": 3}, [["x", "month"]], 5, fixed={"month": False})


def test_period_table_hides_small_cells_and_their_partner_and_rounds_each_figure():
    records = answers(12, group="a") + answers(3, group="b") + answers(7, group="c") + answers(9, group=None)
    publication = publish(records, QUESTIONS, closed_periods=["2026-01"], groups=["a", "b", "c"])
    cells, total = column(publication)
    assert cells["b"] == HIDDEN  # 3 answers
    assert cells["c"] == HIDDEN  # 7 answers, but the next-smallest of the line
    assert cells["a"].n == 10 and cells["a"].mean == 4.0
    assert cells[None].n == 10  # 9 answers
    assert total.n == 30  # round5(31), not the sum of rounded cells (20)
    assert publication.headline.answers_in("2026-01").total.n == 30
    # a group with no answers is hidden too (0 must look like 4), and so is a lone 3
    empty, _ = column(publish(answers(3, group="b"), QUESTIONS, closed_periods=["2026-01"], groups=["d"]))
    assert empty["d"] == empty["b"] == empty[None] == HIDDEN


def test_a_mean_needs_five_scored_answers_and_its_line_gets_a_partner():
    records = (answers(6, group="a", progress=None) + answers(20, group="b", progress=2)
               + answers(30, group="c", progress=5) + answers(10, group=None))
    publication = publish(records, QUESTIONS, closed_periods=["2026-01"], groups=["a", "b", "c"])
    cells, total = column(publication)
    assert cells["a"].n == 5 and cells["a"].mean is None  # 6 answers, all "ved ikke"
    assert cells[None].n == 10 and cells[None].mean is None  # partner: else the total's mean gives a away
    assert cells["b"].mean == 2.0 and cells["c"].mean == 5.0 and total.mean is not None
    overall, _ = column(publication, key="samlet")
    assert overall["a"].mean == 3.0  # each question has its own pattern


def test_a_distribution_needs_ten_answers_and_is_hidden_with_its_partner():
    records = answers(9, group="a", progress=1) + answers(12, group="b", progress=5) + answers(30, group="c")
    records += answers(40, group=None)
    publication = publish(records, QUESTIONS, closed_periods=["2026-01"], groups=["a", "b", "c"])
    cells, total = column(publication)
    assert cells["a"].mean == 1.0 and cells["a"].distribution is None
    assert cells["b"].mean == 5.0 and cells["b"].distribution is None  # partner of a
    assert cells["c"].distribution == (0, 0, 0, 100, 0, 0)
    assert total.distribution is not None and sum(total.distribution) in (99, 100, 101)


def test_ved_ikke_is_a_share_of_the_answers_and_not_in_the_mean():
    records = answers(8, progress=2) + answers(2, progress=None) + answers(10, group=None)
    cells, _ = column(publish(records, QUESTIONS, closed_periods=["2026-01"], groups=["a"]))
    assert cells["a"].mean == 2.0
    assert cells["a"].distribution == (0, 80, 0, 0, 0, 20)


def test_the_open_link_is_a_series_of_its_own():
    records = answers(20, group="a") + answers(20, group="a", series=Series.UNVERIFIED, progress=1)
    records += answers(5, group="a", series=Series.ASSISTED, progress=1) + answers(10, group=None)
    records += answers(10, group=None, series=Series.UNVERIFIED)
    publication = publish(records, QUESTIONS, closed_periods=["2026-01"], groups=["a"])
    headline, _ = column(publication)
    open_link, _ = column(publication, headline=False)
    assert headline["a"].n == 25 and headline["a"].mean == 3.4  # verified and assisted together
    assert open_link["a"].n == 20 and open_link["a"].mean == 1.0


def test_only_closed_periods_are_published_and_they_do_not_move():
    january = answers(12, group="a") + answers(3, group="b") + answers(9, group="c")
    publication = publish(january + answers(40, period="2026-02"), QUESTIONS, closed_periods=["2026-01"])
    assert publication.periods == ("2026-01",)
    later = publish(january + answers(40, period="2026-02") + answers(2, period="2026-02", group="b"),
                    QUESTIONS, closed_periods=["2026-01", "2026-02"])
    assert column(later) == column(publication)


def test_channels_per_complete_quarter_with_the_months_totals_in_their_line():
    records = [r for month in Q1 for r in answers(20, period=month, channel="phone")]
    records += answers(3, period="2026-02", channel="video")
    publication = publish(records, QUESTIONS, closed_periods=[*Q1, "2026-04"], channels=["phone", "video"])
    assert publication.quarters == ("2026-Q1",)
    quarter = publication.headline.questions[0].quarters[0]
    cells = {row.key: row.cell for row in quarter.rows}
    assert cells["video"] == HIDDEN and cells[None] == HIDDEN
    assert cells["phone"].n == 60
    assert quarter_of("2026-11") == "2026-Q4" and months_of("2026-Q4") == ("2026-10", "2026-11", "2026-12")


def test_a_lone_hidden_month_total_hides_a_channel_of_its_quarter():
    records = answers(20, period="2026-01", channel="phone") + answers(30, period="2026-03", channel="video")
    records += answers(3, period="2026-02", channel="video") + answers(10, period="2026-01", channel=None)
    publication = publish(records, QUESTIONS, closed_periods=Q1, channels=["phone", "video"])
    _, february = column(publication, period="2026-02")
    assert february == HIDDEN
    cells = {row.key: row.cell for row in publication.headline.questions[0].quarters[0].rows}
    assert cells[None] == HIDDEN  # else the channels minus January and March give February
    assert cells["phone"].n == 20 and cells["video"].n == 35


def test_response_rate_from_rounded_verified_answers_only_where_safe():
    codes = {("a", "2026-01"): 100, ("b", "2026-01"): 200}
    phone = answers(6, group=None, series=Series.ASSISTED)
    safe = publish(answers(23, group="a") + answers(30, group="b") + phone, QUESTIONS,
                   closed_periods=["2026-01"], codes_issued=codes)
    (rates,) = safe.response_rates
    assert dict(rates.rows)["a"].percent == 25 and dict(rates.rows)["b"].percent == 15
    assert rates.total.codes == 300 and rates.total.percent == 18  # round5(53) = 55 of 300

    records = answers(23, group="a") + answers(30, group="b") + answers(2, group="b", series=Series.ASSISTED)
    (rates,) = publish(records + answers(10, group="c"), QUESTIONS, closed_periods=["2026-01"],
                       codes_issued=codes).response_rates
    assert dict(rates.rows)["b"].percent is None  # 2 assisted: headline minus verified would show them
    assert dict(rates.rows)["a"].percent == 25  # c's verified answers are a second unknown of the line
    assert rates.total.percent is None  # the period's 2 assisted

    (rates,) = publish(answers(3, group="a") + answers(30, group="b") + phone, QUESTIONS,
                       closed_periods=["2026-01"], codes_issued=codes).response_rates
    assert dict(rates.rows)["a"].percent is None  # 3 verified
    assert dict(rates.rows)["b"].percent is None  # its partner: else the total gives a away
    assert rates.total.percent == 12  # round5(33) = 35 of 300


def test_csv_holds_exactly_the_published_figures():
    records = answers(12, group="a", progress=5) + answers(3, group="b", progress=1) + answers(7, group="c")
    records += answers(9, group=None)
    publication = publish(records, QUESTIONS, closed_periods=["2026-01"], groups=["a", "b", "c"])
    rows = list(csv.reader(io.StringIO(publication_csv(publication))))
    assert tuple(rows[0]) == HEADER
    progress = {row[4]: row for row in rows[1:]
                if row[0] == "verificeret_og_assisteret" and row[1] == "gruppe" and row[2] == "fremdrift"}
    assert progress["b"][5:] == ["for få svar"] + [""] * 9
    assert progress["c"][5] == "for få svar"
    assert progress["a"][5:8] == ["10", "5.0", "0"]
    assert progress["i_alt"][5] == "30"


@pytest.mark.parametrize("locale", ["da", "en"])
def test_partial_renders_tables_and_charts_in_both_languages(app, locale):
    records = [r for month in Q1 for r in answers(12, period=month, group="a", progress=3)]
    records += answers(3, group="b") + answers(20, group="c", progress=4)
    publication = publish(records, QUESTIONS, closed_periods=Q1, groups=["a", "b", "c"],
                          codes_issued={("a", "2026-01"): 40})
    with app.test_request_context(), force_locale(locale):
        html = render_template("surveys/_results.html", publication=publication, period="2026-01",
                               group_labels={"a": "Dagpenge"}, csv_url="/resultater.csv")
    too_few = "for få svar" if locale == "da" else "too few answers"
    assert html.count(too_few) >= 2
    assert 'role="img"' in html and "<title>" in html and "<desc>" in html
    assert '<table class="table' in html and "Dagpenge" in html
    assert ("3,0" if locale == "da" else "3.0") in html


def test_the_trend_charts_follow_real_questions():
    from app.surveys.publication import HEADLINE_KEYS
    from app.surveys.questions import HEADLINE, STANDARD_KEYS

    assert HEADLINE_KEYS[0] == HEADLINE
    assert set(HEADLINE_KEYS) <= set(STANDARD_KEYS)
