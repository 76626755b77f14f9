"""The database after answers from a signed-in member, a code holder, a visitor and an
assisted answer: nothing in it links an answer to a person, a code, an address, a browser or
a time finer than the period; and ordering the answers and the participations by any column
(or by the order they were written) does not pair them."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import DateTime, func, inspect, select, text

from app.core.db import commit
from app.extensions import db
from app.surveys import services
from app.surveys.models import PendingResponse, SurveyCode, SurveyParticipation, SurveyResponse
from app.surveys.services import today
from tests.committee.builders import sign_in
from tests.factories import first_network, make_moderator, make_user
from tests.proposals.builders import Browser
from tests.surveys.builders import answer, answer_all_pages, make_codes, make_survey

ADDRESS, AGENT = "10.20.30.40", "Secret-Agent/1.0 (Borgers telefon)"
ANONYMOUS = (SurveyResponse, PendingResponse, SurveyParticipation, SurveyCode)


def _rows(model) -> list[dict]:
    return [dict(row._mapping) for row in db.session.execute(select(model.__table__))]


def _table_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _browser(app, user=None) -> Browser:
    browser = Browser(app, user)
    browser.client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT})
    return browser


def test_nothing_links_an_answer_to_anyone(app, app_ctx):
    survey = make_survey("Anonymkommune")
    slug = survey.municipality.slug
    code = make_codes(survey, count=2)[0]
    member = make_user(pseudonym="Hemmelig Borger", email="hemmelig@example.org")
    moderator = make_moderator(first_network(survey.municipality), pseudonym="Frivillig Hjælper",
                               totp=True)
    browsers = [(_browser(app, member), None), (_browser(app), code), (_browser(app), None)]
    helper = sign_in(app, moderator)  # assisting is a staff tool: two-factor log-in
    helper.client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT})
    for browser, _code in browsers:
        browser.token  # noqa: B018 - fetch the CSRF token before counting rows
    helper.token  # noqa: B018
    db.session.expire_all()
    before = _table_counts()

    for browser, typed in browsers:
        sent = answer_all_pages(browser, slug, typed)
        assert sent.status_code == 302 and "/tak" in sent.headers["Location"]
    assert helper.post(f"/undersoegelse/{slug}/start", {"assisted": "1"}).status_code == 302
    for n in range(1, 4):
        helper.post(f"/undersoegelse/{slug}/side/{n}", {"go": "next", "respekt": "2"})
    assert "/tak" in helper.post(f"/undersoegelse/{slug}/side/4", {"go": "send"}).headers[
        "Location"]
    db.session.expire_all()

    # Only the survey tables changed: no event, log or audit row came with an answer.
    after = _table_counts()
    changed = {name for name in after if after[name] != before[name]}
    assert changed <= {"survey_pending_responses", "survey_participations", "survey_codes"}

    # The anonymous tables have no column for a person, code, address, agent or time.
    for model in ANONYMOUS:
        columns = {column.name: column for column in model.__table__.columns}
        assert not any(isinstance(column.type, DateTime) for column in columns.values())
        assert not set(columns) & {"user_id", "ip", "user_agent", "created_at", "updated_at",
                                   "code", "answered_at"}
    assert set(SurveyParticipation.__table__.columns.keys()) == {"key", "digest"}

    secrets_ = {member.pseudonym, member.email, moderator.pseudonym, ADDRESS,
                AGENT, code, services.format_code(code), services.code_digest(code),
                services.member_digest(survey, services.period_of(survey, today()), member.id)}
    answers = _rows(PendingResponse) + _rows(SurveyResponse)
    assert len(answers) == 4
    for row in answers:
        assert re.fullmatch(r"\d{4}-\d{2}", row["period"])
        assert re.fullmatch(r"[0-9a-f]{32}", row["key"])
        flat = repr({k: v for k, v in row.items() if k != "survey_id"})
        assert not any(secret in flat for secret in secrets_), flat
        assert not any(isinstance(value, datetime) for value in row.values())
    assert {row["series"] for row in answers} == {"verified", "unverified", "assisted"}
    # The used code is gone; the other is still there; the member left one keyed hash.
    assert [row["digest"] for row in _rows(SurveyCode)] != [services.code_digest(code)]
    assert len(_rows(SurveyCode)) == 1
    [participation] = _rows(SurveyParticipation)
    assert participation["digest"] == services.member_digest(
        survey, services.period_of(survey, today()), member.id)
    assert not any(participation["key"] == row["key"] for row in answers)


def _agreement(first: list[int], second: list[int]) -> int:
    """How many positions hold the same person in two orderings."""
    return sum(a == b for a, b in zip(first, second, strict=True))


def _orderings(model, columns: list[str]) -> dict[str, str]:
    """ORDER BY clauses to try: every column, and the physical order (SQLite's rowid does
    not exist in WITHOUT ROWID tables; PostgreSQL's ctid and xmin)."""
    postgresql = db.engine.dialect.name == "postgresql"
    clauses = {name: f"{name}::text" if postgresql else name for name in columns}
    if postgresql:
        clauses |= {"ctid": "ctid", "xmin": "xmin::text::bigint, ctid"}
    else:
        with pytest.raises(Exception, match="rowid"):
            db.session.execute(text(f"SELECT rowid FROM {model.__tablename__}"))
        db.session.rollback()
    clauses["nothing"] = ""
    return clauses


def test_order_of_rows_does_not_pair_answers_with_people(app_ctx):
    """Forty members answer one after the other, each with a marker in the free text. Every
    ordering of the participations and of the answers gives person orders that agree in no
    more places than shuffled batches allow (the batch is SHUFFLE_BATCH answers)."""
    survey = make_survey()
    period = services.period_of(survey, today())
    people = [make_user(pseudonym=f"Rækkefølge {n}") for n in range(40)]
    for n, person in enumerate(people):
        services.submit_answer(survey, answer(different=f"markør {n:02d}"), today(),
                               member_id=person.id)
        commit()
    assert db.session.scalar(select(func.count()).select_from(PendingResponse)) == 0
    person_of_digest = {services.member_digest(survey, period, p.id): n
                        for n, p in enumerate(people)}

    def people_in(table: str, order: str, column: str, decode) -> list[int]:
        by = f" ORDER BY {order}" if order else ""
        return [decode(value) for value in db.session.scalars(
            text(f"SELECT {column} FROM {table}{by}"))]

    answer_orders = {
        name: people_in("survey_responses", clause, "different", lambda v: int(v[-2:]))
        for name, clause in _orderings(SurveyResponse, list(
            SurveyResponse.__table__.columns.keys())).items()}
    participation_orders = {
        name: people_in("survey_participations", clause, "digest", person_of_digest.get)
        for name, clause in _orderings(SurveyParticipation, ["key", "digest"]).items()}
    written = list(range(40))
    limit = 12  # by chance about one place per batch of SHUFFLE_BATCH (10) agrees
    for name, order in answer_orders.items():
        if name == "different":
            continue  # the marker itself
        assert _agreement(order, written) <= limit, (name, order)
        for other, people_order in participation_orders.items():
            assert _agreement(order, people_order) <= limit, (name, other)
    assert inspect(db.engine).get_table_names()  # the inspection ran on a real database


def test_the_answers_still_waiting_are_rewritten_with_every_new_answer(app_ctx):
    """Fewer answers than a batch: each new answer writes all waiting answers again under new
    random keys (in random order), so on PostgreSQL they share one writing transaction
    (xmin) and nothing tells which of them came last."""
    survey = make_survey()
    people = [make_user(pseudonym=f"Venter {n}") for n in range(services.SHUFFLE_BATCH - 1)]
    seen: set[str] = set()
    for n, person in enumerate(people, start=1):
        services.submit_answer(survey, answer(), today(), member_id=person.id)
        commit()
        keys = set(db.session.scalars(select(PendingResponse.key)))
        assert len(keys) == n and not keys & seen  # every waiting answer has a new key
        seen |= keys
        if db.engine.dialect.name == "postgresql":
            assert len(set(db.session.scalars(text(
                "SELECT xmin::text FROM survey_pending_responses")))) == 1
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0
