"""Property test: for random answer sets (small counts on purpose), no published figure, CSV or
page shows a cell under 5 answers, directly or by subtraction, and closed periods stay put.

The checks compare each published figure with the truth computed here from the records, so
the test does not lean on the code it checks."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from flask import render_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.surveys.disclosure import lone_hidden_lines, round5
from app.surveys.publication import months_of, publish, quarter_of
from app.surveys.publication_csv import SUPPRESSED, publication_csv
from app.surveys.records import ResponseRecord, Series

QUESTIONS = [("fremdrift", "Fremdrift"), ("samlet", "Samlet")]
CLOSED = ["2026-01", "2026-02", "2026-03", "2026-04"]
PERIODS = [*CLOSED, "2026-05"]  # May is still open
GROUPS = ["dagpenge", "kontanthjaelp", None]
CHANNELS = ["phone", "video", None]
HEADLINE = (Series.VERIFIED, Series.ASSISTED)

score = st.sampled_from([1, 2, 3, 4, 5, None])
# January and dagpenge come up most, so that one cell often mixes series and small blocks.
record = st.builds(ResponseRecord, st.sampled_from([PERIODS[0]] * 4 + PERIODS),
                   st.sampled_from([GROUPS[0], *GROUPS]), st.sampled_from(CHANNELS),
                   st.sampled_from(list(Series)),
                   st.fixed_dictionaries({"fremdrift": score, "samlet": score}))
# Blocks of equal records make cells of 5-15 as likely as cells of 1-4.
block = st.tuples(record, st.integers(min_value=1, max_value=8)).map(lambda pair: [pair[0]] * pair[1])
record_sets = st.lists(block, max_size=20).map(lambda blocks: [r for b in blocks for r in b])
# Letters to most groups and months, so that response rates meet small assisted counts.
codes = st.dictionaries(st.tuples(st.sampled_from(["dagpenge", "kontanthjaelp"]), st.sampled_from(CLOSED)),
                        st.integers(min_value=1, max_value=120), min_size=3, max_size=8)


def truth(records, series):
    """The records behind each cell key of the publication."""
    cells: dict[tuple, list] = {}
    for r in records:
        if r.series not in series or r.period not in CLOSED:
            continue
        keys = (("g", r.benefit_group, r.period), ("t", r.period), ("c", r.channel, quarter_of(r.period)))
        for key in keys:
            cells.setdefault(key, []).append(r)
    return cells


def published(publication, series_results):
    """(cell key, question key or None, Cell) for every cell the publication shows."""
    for column in series_results.answers:
        for row in column.rows:
            yield ("g", row.key, column.key), None, row.cell
        yield ("t", column.key), None, column.total
    for results in series_results.questions:
        for column in results.periods:
            for row in column.rows:
                yield ("g", row.key, column.key), results.question.key, row.cell
            yield ("t", column.key), results.question.key, column.total
        for column in results.quarters:
            for row in column.rows:
                yield ("c", row.key, column.key), results.question.key, row.cell


def lines(publication):
    by_period = [[("g", g, p) for g in publication.groups] + [("t", p)] for p in publication.periods]
    by_quarter = [[("c", c, q) for c in publication.channels] + [("t", m) for m in months_of(q)]
                  for q in publication.quarters]
    return by_period + by_quarter


def check_series(publication, series_results, records, series):
    cells = truth(records, series)
    hidden: dict[str | None, set] = {}
    for key, question, cell in published(publication, series_results):
        found = cells.get(key, [])
        scores = [r.scores[question] for r in found if question and r.scores.get(question) is not None]
        pattern = (question, "n")
        if cell.suppressed:
            hidden.setdefault(pattern, set()).add(key)
            assert cell.mean is None and cell.distribution is None
            continue
        # (a) a shown count is a cell of 5 or more answers, rounded to 5; totals from the exact total
        assert len(found) >= 5 and cell.n == round5(len(found))
        if cell.mean is None:
            hidden.setdefault((question, "mean"), set()).add(key)
        else:
            assert len(scores) >= 5 and cell.mean == round(sum(scores) / len(scores), 1)
        if cell.distribution is None:
            hidden.setdefault((question, "distribution"), set()).add(key)
        else:
            assert cell.mean is not None and len(found) >= 10
            tally = [scores.count(v) for v in (1, 2, 3, 4, 5)] + [len(found) - len(scores)]
            assert cell.distribution == tuple(round(100 * c / len(found)) for c in tally)
    # (b) no line (a period's groups and total; a quarter's channels and its months' totals)
    # holds exactly one hidden figure, for counts, means and distributions alike
    for (question, kind), keys in hidden.items():
        if kind != "n":
            keys = keys | hidden.get((question, "n"), set())
        if kind == "distribution":
            keys = keys | hidden.get((question, "mean"), set())
        table = lines(publication) if question else lines(publication)[:len(publication.periods)]
        assert not lone_hidden_lines(table, keys), (question, kind)
    # the quarters' month totals are the periods' own (fixed) states
    for results in series_results.questions:
        assert {q.key for q in results.quarters} == set(publication.quarters)


def check_rates(publication, records):
    for column in publication.response_rates:
        mine = [r for r in records if r.period == column.period and r.series in HEADLINE]
        answers = {row.key: row.cell for row in publication.headline.answers_in(column.period).rows}
        unknown = 0
        for group, rate in column.rows:
            verified = sum(1 for r in mine if r.benefit_group == group and r.series is Series.VERIFIED)
            assisted = sum(1 for r in mine if r.benefit_group == group and r.series is Series.ASSISTED)
            if rate.percent is None:
                unknown += 1
                continue
            assert verified >= 5 and not answers[group].suppressed and not 1 <= assisted <= 4
            assert rate.percent == round(100 * min(round5(verified), rate.codes) / rate.codes)
        batched = {group for group, _ in column.rows}
        others = sum(1 for r in mine if r.series is Series.VERIFIED and r.benefit_group not in batched)
        unknown += others > 0
        if column.total.percent is None:
            unknown += 1
        else:
            assisted = sum(1 for r in mine if r.series is Series.ASSISTED)
            assert not 1 <= assisted <= 4
            assert not publication.headline.answers_in(column.period).total.suppressed
        assert unknown != 1  # the letters' line: groups, other groups' verified answers, total


def figures(publication) -> set[str]:
    """Every number the publication shows, as the CSV (dot) and the Danish page (comma) write it."""
    out: set[str] = set()
    for series_results in (publication.headline, publication.unverified):
        for _, _, cell in published(publication, series_results):
            if cell.n is not None:
                out.add(str(cell.n))
            if cell.mean is not None:
                out |= {f"{cell.mean:.1f}", f"{cell.mean:.1f}".replace(".", ",")}
            out |= {str(share) for share in cell.distribution or ()}
    for column in publication.response_rates:
        for rate in (*dict(column.rows).values(), column.total):
            out.add(str(rate.codes))
            if rate.percent is not None:
                out.add(str(rate.percent))
    return out


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts += [value for name, value in attrs if name in ("aria-label", "title") and value]

    def handle_data(self, data):
        self.parts.append(data)


NUMBER = re.compile(r"\d+(?:[.,]\d)?")
SCALE_AND_YEARS = {"1", "2", "3", "4", "5", "2026"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=record_sets, codes_issued=codes)
def test_no_published_figure_page_or_csv_reveals_a_small_cell(app, records, codes_issued):
    publication = publish(records, QUESTIONS, closed_periods=CLOSED, groups=GROUPS, channels=CHANNELS,
                          codes_issued=codes_issued)
    assert publication.periods == tuple(CLOSED) and publication.quarters == ("2026-Q1",)
    check_series(publication, publication.headline, records, HEADLINE)
    check_series(publication, publication.unverified, records, (Series.UNVERIFIED,))
    check_rates(publication, records)

    # (c) the CSV and the page hold no figure that the publication does not
    shown = figures(publication)
    rows = list(csv.reader(io.StringIO(publication_csv(publication))))
    for row in rows[1:]:
        for value in row[5:]:
            assert value in ("", SUPPRESSED) or value in shown, (row, value)
    hidden_cells = sum(1 for s in (publication.headline, publication.unverified)
                       for _, _, cell in published(publication, s) if cell.suppressed)
    assert sum(1 for row in rows if row[5] == SUPPRESSED) == hidden_cells
    for period in ("2026-01", "2026-04"):  # a month of the shown quarter, and one without
        with app.test_request_context():
            page = render_template("surveys/_results.html", publication=publication, period=period)
        text = _Text()
        text.feed(re.sub(r"<details.*?</details>", "", page, flags=re.S))
        for number in NUMBER.findall(" ".join(text.parts)):
            assert number in shown or number in SCALE_AND_YEARS, (period, number)

    # closed periods are frozen: May's answers, open or closed, change nothing before it
    may = [ResponseRecord("2026-05", "dagpenge", "phone", Series.VERIFIED, {"fremdrift": 1})] * 3
    later = publish(records + may, QUESTIONS, closed_periods=[*CLOSED, "2026-05"], groups=GROUPS,
                    channels=CHANNELS, codes_issued=codes_issued)
    for mine, theirs in ((publication.headline, later.headline), (publication.unverified, later.unverified)):
        assert mine.answers == later_columns(theirs.answers)
        for a, b in zip(mine.questions, theirs.questions, strict=True):
            assert a.periods == later_columns(b.periods) and a.quarters == b.quarters


def later_columns(columns):
    return tuple(column for column in columns if column.key in CLOSED)
