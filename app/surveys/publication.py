"""The published results of a satisfaction survey: every figure the page, the CSV and (later)
the API may show, computed from ``ResponseRecord``s alone (no request, no database).

What is published, per series (see below):

- **Answers** per benefit group and period, with the period's total ("alle grupper").
- **Per question**, the same cells with the mean score (one decimal, of the 1-5 answers) and
  the distribution (whole percent of the cell's answers for 1, 2, 3, 4, 5 and "ved ikke";
  "ved ikke" includes an unanswered question).
- **Per question, per channel of the last contact, per quarter** (a quarter is shown once all
  three of its months are published). No quarter total is shown: the months' totals are.
- **Trends**: the headline questions' period totals, period by period (the same figures).
- **Response rate of the code letters**: verified answers ÷ codes issued, per batch group and
  period and for the period. The answer's own benefit group stands for the letter's group
  (an answer carries no link to its code).

Disclosure control (``app.surveys.disclosure``), in detail:

- A cell is the answers of one benefit group (or channel) in one period (or quarter).
  Its *lines* are the sums a reader could subtract: a period's groups with the period's
  total; a quarter's channels with the totals of the quarter's three months (which are
  fixed by the months' own tables). The count, the mean and the distribution each get a
  pattern: count hidden under 5 answers; mean hidden with the count or under 5 scored
  answers; distribution hidden with the mean or under 10 answers; each pattern then gets
  secondary suppression over the same lines, so a reader can neither subtract a hidden
  count nor a hidden mean (from a total's mean) nor a hidden distribution.
- Counts are rounded to 5 one by one, totals from the exact total. Means and percentages
  are computed from exact counts; they are shown only in cells whose count is shown.
- A response rate is computed from the verified count rounded to 5. It is shown for a
  group only where the group's headline count is shown, the verified answers are 5 or more
  and the group's assisted answers (headline minus verified) are none or 5 or more; the
  period's rate likewise, and with the same secondary rule over its groups, in which the
  verified answers of groups without a letter are an unknown of their own. (Assisted answers
  are never published; a reader who subtracts may learn that there were none, which tells
  nothing about anyone's answer, or a rough number of 5 or more.)

Series. The headline results are the verified series (a code from a letter) together with
the assisted series (a moderator entered the answer for someone on the phone): both are
one real person each, and leaving phone answers out would silence those who find the web
hardest. The open link and posters ("unverified": anyone, any number of times) are a
separate publication with its own suppression, never added to the headline. No figure
across the two is published, so nothing can be subtracted between them.

Freezing. Only closed periods are published (``closed_periods``): an open period would let
a reader watch a cell grow answer by answer. A period's figures depend only on that
period's records, and a quarter's only on its three months', so a closed period's figures
never change when later periods are added (a property test holds this). The page may
cache them forever; a stored snapshot is needed only if answers of a closed period could
ever be deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.surveys.disclosure import DISTRIBUTION_THRESHOLD, THRESHOLD, round5, suppress
from app.surveys.records import ResponseRecord, Series

HEADLINE_SERIES = (Series.VERIFIED, Series.ASSISTED)
# The trend charts: progress in my case (the headline) and all in all (keys of questions.py).
HEADLINE_KEYS = ("fremdrift", "samlet")
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Question:
    key: str
    label: str


@dataclass(frozen=True)
class Cell:
    """One published cell. ``n is None`` is "for få svar" and then nothing else is shown."""

    n: int | None  # answers, rounded to 5
    mean: float | None = None  # mean of the 1-5 answers, one decimal
    distribution: tuple[int, ...] | None = None  # whole percent for 1..5 and "ved ikke"

    @property
    def suppressed(self) -> bool:
        return self.n is None


HIDDEN = Cell(None)


@dataclass(frozen=True)
class Row:
    key: str | None  # benefit group or channel key; None: not given
    cell: Cell


@dataclass(frozen=True)
class Column:
    key: str  # a period "YYYY-MM" or a quarter "YYYY-Qn"
    rows: tuple[Row, ...]
    total: Cell | None  # all groups of the period; None for a quarter (months carry it)


@dataclass(frozen=True)
class QuestionResults:
    question: Question
    periods: tuple[Column, ...]  # benefit groups per period
    quarters: tuple[Column, ...]  # channels per quarter

    def period(self, key: str) -> Column | None:
        return next((column for column in self.periods if column.key == key), None)


@dataclass(frozen=True)
class SeriesResults:
    series: tuple[Series, ...]
    answers: tuple[Column, ...]  # answers per group and period (counts only)
    questions: tuple[QuestionResults, ...]

    def answers_in(self, period: str) -> Column | None:
        return next((column for column in self.answers if column.key == period), None)


@dataclass(frozen=True)
class Rate:
    codes: int  # codes issued (letters sent; not an answer count)
    percent: int | None  # rounded verified answers ÷ codes; None: "for få svar"


@dataclass(frozen=True)
class RateColumn:
    period: str
    rows: tuple[tuple[str, Rate], ...]  # batch group -> rate
    total: Rate


@dataclass(frozen=True)
class Layout:
    """The rows and columns of a publication's tables."""

    periods: tuple[str, ...]
    quarters: tuple[str, ...]
    groups: tuple[str | None, ...]
    channels: tuple[str | None, ...]


@dataclass(frozen=True)
class Publication(Layout):
    questions: tuple[Question, ...]
    headline: SeriesResults
    unverified: SeriesResults
    trends: tuple[QuestionResults, ...]  # the headline questions, from ``headline``
    response_rates: tuple[RateColumn, ...]

    @property
    def latest_period(self) -> str | None:
        return self.periods[-1] if self.periods else None


def quarter_of(period: str) -> str:
    year, month = period.split("-")
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


def months_of(quarter: str) -> tuple[str, ...]:
    year, number = quarter.split("-Q")
    first = (int(number) - 1) * 3 + 1
    return tuple(f"{year}-{month:02d}" for month in range(first, first + 3))


def score(record: ResponseRecord, key: str) -> int | None:
    value = record.scores.get(key)
    return value if value in SCALE and not isinstance(value, bool) else None


def _ordered(given: Iterable[str | None] | None, present: Iterable[str | None]) -> tuple[str | None, ...]:
    """The given keys in their order, then any other key met in the records, then None."""
    keys = list(dict.fromkeys(key for key in (given or ()) if key is not None))
    keys += sorted({key for key in present if key is not None} - set(keys))
    return (*keys, None)


def publish(records: Iterable[ResponseRecord], questions: Sequence[tuple[str, str]] | Sequence[Question], *,
            closed_periods: Iterable[str], groups: Iterable[str | None] | None = None,
            channels: Iterable[str | None] | None = None, headline_keys: Sequence[str] = HEADLINE_KEYS,
            codes_issued: Mapping[tuple[str, str], int] | None = None) -> Publication:
    """Everything that may be published from ``records`` of the ``closed_periods``.

    ``groups``/``channels`` fix the order of rows (every key met in the records is added,
    and None last). ``codes_issued`` maps (benefit group, period) to the codes sent.
    """
    periods = tuple(sorted(set(closed_periods)))
    kept = [record for record in records if record.period in set(periods)]
    asked = tuple(q if isinstance(q, Question) else Question(*q) for q in questions)
    group_keys = _ordered(groups, (record.benefit_group for record in kept))
    channel_keys = _ordered(channels, (record.channel for record in kept))
    complete = [quarter_of(p) for p in periods if set(months_of(quarter_of(p))) <= set(periods)]
    quarters = tuple(sorted(set(complete)))
    shape = _Shape(periods, quarters, group_keys, channel_keys)
    headline = shape.series(HEADLINE_SERIES, [r for r in kept if r.series in HEADLINE_SERIES], asked)
    unverified = shape.series((Series.UNVERIFIED,), [r for r in kept if r.series is Series.UNVERIFIED], asked)
    trends = tuple(results for key in headline_keys for results in headline.questions
                   if results.question.key == key)
    rates = tuple(column for column in (shape.rates(p, kept, headline, codes_issued or {}) for p in periods)
                  if column is not None)
    return Publication(periods, quarters, group_keys, channel_keys, asked, headline, unverified,
                       trends, rates)


class _Shape(Layout):
    """The cells and lines of one publication's tables, and the figures computed on them."""

    def series(self, series: tuple[Series, ...], records: list[ResponseRecord],
               questions: tuple[Question, ...]) -> SeriesResults:
        cells: dict[tuple, list[ResponseRecord]] = defaultdict(list)
        for record in records:
            cells[("g", record.benefit_group, record.period)].append(record)
            cells[("t", record.period)].append(record)
            if quarter_of(record.period) in self.quarters:
                cells[("c", record.channel, quarter_of(record.period))].append(record)
        counted = self._patterns(cells, len, THRESHOLD, frozenset())

        def count_cell(key: tuple, found: list[ResponseRecord]) -> Cell:
            return HIDDEN if key in counted else Cell(round5(len(found)))

        answers = self._columns(cells, count_cell)
        results = []
        for question in questions:
            def scored(found: list[ResponseRecord], key: str = question.key) -> int:
                return sum(1 for record in found if score(record, key) is not None)

            with_mean = self._patterns(cells, scored, THRESHOLD, counted)
            with_distribution = self._patterns(cells, len, DISTRIBUTION_THRESHOLD, with_mean)

            def cell(key: tuple, found: list[ResponseRecord], question: Question = question,
                     with_mean: frozenset = with_mean, with_distribution: frozenset = with_distribution,
                     ) -> Cell:
                if key in with_mean:
                    return count_cell(key, found)
                scores = [s for s in (score(record, question.key) for record in found) if s is not None]
                shares = None
                if key not in with_distribution:
                    tally = [scores.count(value) for value in SCALE] + [len(found) - len(scores)]
                    shares = tuple(round(100 * count / len(found)) for count in tally)
                return Cell(round5(len(found)), round(sum(scores) / len(scores), 1), shares)

            periods, quarters = self._columns(cells, cell, quarters=True)
            results.append(QuestionResults(question, periods, quarters))
        return SeriesResults(series, answers, tuple(results))

    def lines(self) -> tuple[list[list[tuple]], list[list[tuple]]]:
        by_period = [[("g", group, p) for group in self.groups] + [("t", p)] for p in self.periods]
        by_quarter = [[("c", channel, q) for channel in self.channels] + [("t", m) for m in months_of(q)]
                      for q in self.quarters]
        return by_period, by_quarter

    def _patterns(self, cells: Mapping[tuple, list], count, threshold: int, hidden: frozenset) -> frozenset:
        """Hidden cells of one pattern: the period tables first, then the quarters, whose lines
        hold the months' totals as they were published (fixed)."""
        by_period, by_quarter = self.lines()
        period_keys = [key for line in by_period for key in line]
        hidden_periods = suppress({key: count(cells.get(key, [])) for key in period_keys},
                                  by_period, threshold, hidden=hidden)
        quarter_keys = [key for line in by_quarter for key in line if key[0] == "c"]
        fixed = {key: key in hidden_periods for line in by_quarter for key in line if key[0] == "t"}
        hidden_quarters = suppress({key: count(cells.get(key, [])) for key in quarter_keys},
                                   by_quarter, threshold, hidden=hidden, fixed=fixed)
        return hidden_periods | hidden_quarters

    def _columns(self, cells: Mapping[tuple, list], make, quarters: bool = False):
        def found(key: tuple) -> list:
            return cells.get(key, [])

        periods = tuple(Column(p, tuple(Row(g, make(("g", g, p), found(("g", g, p)))) for g in self.groups),
                               make(("t", p), found(("t", p)))) for p in self.periods)
        if not quarters:
            return periods
        by_quarter = tuple(
            Column(q, tuple(Row(c, make(("c", c, q), found(("c", c, q)))) for c in self.channels), None)
            for q in self.quarters)
        return periods, by_quarter

    def rates(self, period: str, records: list[ResponseRecord], headline: SeriesResults,
              codes_issued: Mapping[tuple[str, str], int]) -> RateColumn | None:
        batches = {group: codes for (group, p), codes in codes_issued.items() if p == period and codes > 0}
        if not batches:
            return None
        mine = [r for r in records if r.period == period and r.series in HEADLINE_SERIES]
        counted = headline.answers_in(period)
        shown = {row.key: not row.cell.suppressed for row in counted.rows} if counted else {}

        def tally(series: Series, group: str | None = None, every: bool = False) -> int:
            return sum(1 for r in mine if r.series is series and (every or r.benefit_group == group))

        groups = sorted(batches)
        counts: dict[tuple, int] = {("v", g): tally(Series.VERIFIED, g) for g in groups}
        counts[("vt",)] = tally(Series.VERIFIED, every=True)
        own_rules = [("v", g) for g in groups
                     if not shown.get(g) or 1 <= tally(Series.ASSISTED, g) <= 4]
        if not (counted and counted.total and not counted.total.suppressed) \
                or 1 <= tally(Series.ASSISTED, every=True) <= 4:
            own_rules.append(("vt",))
        line = [("v", g) for g in groups] + [("vt",)]
        others = counts[("vt",)] - sum(counts[("v", g)] for g in groups)
        if others:  # verified answers from groups without a letter: an unknown of the line
            counts[("vo",)] = others
            own_rules.append(("vo",))
            line.append(("vo",))
        hidden = suppress(counts, [line], THRESHOLD, hidden=own_rules)

        def rate(key: tuple, codes: int) -> Rate:
            if key in hidden:
                return Rate(codes, None)
            return Rate(codes, round(100 * min(round5(counts[key]), codes) / codes))

        rows = tuple((g, rate(("v", g), batches[g])) for g in groups)
        return RateColumn(period, rows, rate(("vt",), sum(batches.values())))
