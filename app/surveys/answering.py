"""The answering journey's pages: which questions each page holds, reading what was posted,
and the answer kept in the person's own session cookie until it is sent (then deleted)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import session

from app.surveys.models import Survey
from app.surveys.questions import (
    BENEFIT_GROUP_KEYS,
    CHANNEL_KEYS,
    DONT_KNOW,
    NOT_SAID,
    STANDARD_QUESTIONS,
    Question,
    own_key,
)
from app.surveys.services import Answer

SESSION_KEY = "survey_answer"
ABOUT, SCALE, FREE = "about", "scale", "free"
KEEP_TEXT = 1000


@dataclass(frozen=True)
class Step:
    kind: str
    questions: tuple[Question, ...] = ()


def steps(survey: Survey) -> list[Step]:
    """One question group per page: about you, two pages of the standard questions, the
    survey's own questions (if any), then the free text and sending."""
    pages = [Step(ABOUT), Step(SCALE, STANDARD_QUESTIONS[:4]), Step(SCALE, STANDARD_QUESTIONS[4:])]
    if survey.questions:
        pages.append(Step(SCALE, tuple(Question(own_key(q.id), q.text)
                                       for q in survey.questions)))
    pages.append(Step(FREE))
    return pages


def start(survey: Survey, mode: str, code: str | None = None,
          benefit_group: str | None = None) -> None:
    session[SESSION_KEY] = {"survey": survey.id, "mode": mode, "code": code,
                            "answers": {"group": benefit_group} if benefit_group else {}}


def current(survey: Survey) -> dict | None:
    state = session.get(SESSION_KEY)
    return state if isinstance(state, dict) and state.get("survey") == survey.id else None


def forget() -> None:
    session.pop(SESSION_KEY, None)


def keep(state: dict, step: Step, form) -> None:
    """Keep what this page posted (a value outside the choices is not kept)."""
    answers = dict(state.get("answers") or {})
    if step.kind == ABOUT:
        for name, allowed in (("group", BENEFIT_GROUP_KEYS | {NOT_SAID}),
                              ("channel", CHANNEL_KEYS), ("missed", {"ja", "nej"})):
            value = form.get(name)
            if value in allowed:
                answers[name] = value
    elif step.kind == SCALE:
        for question in step.questions:
            value = form.get(question.key)
            if value in {"1", "2", "3", "4", "5", DONT_KNOW}:
                answers[question.key] = value
    else:
        # Kept for going back; sending uses the posted text itself (a cookie holds ~4 kB).
        for name in ("different", "idea"):
            answers[name] = (form.get(name) or "")[:KEEP_TEXT]
        if state.get("mode") == "code":
            state["code"] = (form.get("code") or "")[:40]
    state["answers"] = answers
    session[SESSION_KEY] = state
    session.modified = True


def to_answer(survey: Survey, state: dict) -> Answer:
    answers = state.get("answers") or {}
    keys = [question.key for step in steps(survey) for question in step.questions]
    group = answers.get("group")
    missed = answers.get("missed")
    return Answer(
        benefit_group=group if group in BENEFIT_GROUP_KEYS else None,
        channel=answers.get("channel") if answers.get("channel") in CHANNEL_KEYS else None,
        missed_meeting=None if missed is None else missed == "ja",
        scores={key: int(answers[key]) if answers.get(key, DONT_KNOW) != DONT_KNOW else None
                for key in keys},
        different=answers.get("different"), idea=answers.get("idea"))
