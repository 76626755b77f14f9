"""The published results as CSV: exactly the figures of a ``Publication``, nothing more.

One row per published cell, in long form so a spreadsheet can filter it. Comma-separated,
UTF-8, a dot as decimal mark (for machines; the page writes Danish numbers). A hidden cell
reads "for få svar" and has no other figure. Keys, not labels, name groups and channels:
``ikke_oplyst`` is an answer without one, ``i_alt`` a period's total.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from app.surveys.publication import Cell, Column, Publication, SeriesResults

SUPPRESSED = "for få svar"
HEADER = ("serie", "tabel", "spoergsmaal", "periode", "gruppe_eller_kanal", "antal_svar", "gennemsnit",
          "pct_1", "pct_2", "pct_3", "pct_4", "pct_5", "pct_ved_ikke", "koder_udsendt", "svarprocent")
SERIES_NAMES = {"headline": "verificeret_og_assisteret", "unverified": "ikke_verificeret"}


def publication_csv(publication: Publication) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(publication))
    return out.getvalue()


def _rows(publication: Publication) -> Iterator[tuple]:
    for name, results in (("headline", publication.headline), ("unverified", publication.unverified)):
        yield from _series_rows(SERIES_NAMES[name], results)
    for column in publication.response_rates:
        for key, rate in (*column.rows, ("i_alt", column.total)):
            percent = SUPPRESSED if rate.percent is None else rate.percent
            yield (SERIES_NAMES["headline"], "svarprocent", "", column.period, key,
                   "", "", "", "", "", "", "", "", rate.codes, percent)


def _series_rows(series: str, results: SeriesResults) -> Iterator[tuple]:
    for column in results.answers:
        yield from _column_rows(series, "svar", "", column)
    for question in results.questions:
        for column in question.periods:
            yield from _column_rows(series, "gruppe", question.question.key, column)
        for column in question.quarters:
            yield from _column_rows(series, "kanal", question.question.key, column)


def _column_rows(series: str, table: str, question: str, column: Column) -> Iterator[tuple]:
    cells = [("ikke_oplyst" if row.key is None else row.key, row.cell) for row in column.rows]
    if column.total is not None:
        cells.append(("i_alt", column.total))
    for key, cell in cells:
        yield (series, table, question, column.key, key, *_figures(cell), "", "")


def _figures(cell: Cell) -> tuple:
    if cell.n is None:
        return (SUPPRESSED, *([""] * 7))
    mean = "" if cell.mean is None else f"{cell.mean:.1f}"
    shares = cell.distribution or ("",) * 6
    return (cell.n, mean, *shares)
