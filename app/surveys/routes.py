"""Answering the survey: a start page (with or without a code), one question group per
page, sending. Anyone may answer; nothing here needs JavaScript."""

from __future__ import annotations

from dataclasses import replace

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.core.authz import authorize, require_second_factor
from app.core.edge import write
from app.core.errors import DomainError
from app.core.forms import EmptyForm, apply_domain_error
from app.extensions import limiter
from app.networks.models import BENEFIT_GROUP_LABELS
from app.surveys import answering, bp, follow_up, queries, rules, services
from app.surveys.forms import CodeForm, FreeTextForm
from app.surveys.publication import Publication
from app.surveys.publication_csv import publication_csv
from app.surveys.questions import (
    CHANNEL_QUESTION,
    CHANNELS,
    GROUP_QUESTION,
    MISSED_CHOICES,
    MISSED_QUESTION,
    SCALE,
    group_choices,
)
from app.surveys.services import today


def _survey(slug: str):
    survey = queries.survey_for_slug(slug)
    if survey is None:
        abort(404)
    return survey


def _member_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _start_page(survey, form: CodeForm, status: int = 200):
    answered = (current_user.is_authenticated
                and services.has_answered(survey, current_user.id, today()))
    return render_template("surveys/start.html", survey=survey, form=form, answered=answered,
                           empty_form=EmptyForm(),
                           may_assist=rules.can_answer_assisted(current_user)), status


@bp.route("/undersoegelse/<municipality_slug>")
def start_survey(municipality_slug: str):
    return _start_page(_survey(municipality_slug), CodeForm(formdata=None))


@bp.route("/undersoegelse/<municipality_slug>/kode/<code>")
def start_with_code(municipality_slug: str, code: str):
    """The address in a QR code: the start page with the code filled in (the code is in
    the path so that the logs show only the rule, app/core/redact.py)."""
    return _start_page(_survey(municipality_slug), CodeForm(formdata=None, code=code))


@bp.route("/undersoegelse/<municipality_slug>/start", methods=["POST"])
@limiter.limit(limit("LIMIT_SURVEY"), methods=["POST"])
def begin_answer(municipality_slug: str):
    survey = _survey(municipality_slug)
    form = CodeForm()
    if not form.validate_on_submit():
        return _start_page(survey, form, 422)
    if request.form.get("assisted"):
        authorize(rules.can_answer_assisted(current_user))
        if (redirected := require_second_factor()) is not None:
            return redirected  # a staff tool: two-factor log-in, as everywhere else
        answering.start(survey, "assisted")
    elif current_user.is_authenticated and services.has_answered(survey, current_user.id,
                                                                  today()):
        return _start_page(survey, form, 409)
    elif form.code.data:
        try:
            code = services.find_code(survey, form.code.data, today())
        except DomainError as error:
            apply_domain_error(form, error)
            return _start_page(survey, form, 422)
        answering.start(survey, "code", form.code.data, code.batch.benefit_group.value)
    elif survey.open_link and not request.form.get("med"):
        answering.start(survey, "open")
    else:
        form.code.errors = [_("Skriv koden fra dit brev.")]
        return _start_page(survey, form, 422)
    return redirect(url_for("surveys.answer_step", municipality_slug=municipality_slug, step=1))


def _step_page(survey, state, number: int, form=None, status: int = 200):
    pages = answering.steps(survey)
    step = pages[number - 1]
    answers = state.get("answers") or {}
    if step.kind == answering.FREE and not isinstance(form, FreeTextForm):
        form = FreeTextForm(formdata=None, different=answers.get("different"),
                            idea=answers.get("idea"), code=state.get("code"))
    return render_template(
        "surveys/step.html", survey=survey, step=step, number=number, total=len(pages),
        answers=answers, state=state, form=form or EmptyForm(), scale=SCALE,
        about=[("group", GROUP_QUESTION, group_choices()), ("channel", CHANNEL_QUESTION, CHANNELS),
               ("missed", MISSED_QUESTION, MISSED_CHOICES)]), status


def _state_and_step(survey, step: int):
    state = answering.current(survey)
    if state is None or not 1 <= step <= len(answering.steps(survey)):
        return None
    return state


@bp.route("/undersoegelse/<municipality_slug>/side/<int:step>")
def answer_step(municipality_slug: str, step: int):
    survey = _survey(municipality_slug)
    state = _state_and_step(survey, step)
    if state is None:
        return redirect(url_for("surveys.start_survey", municipality_slug=municipality_slug))
    return _step_page(survey, state, step)


@bp.route("/undersoegelse/<municipality_slug>/side/<int:step>", methods=["POST"])
@limiter.limit(limit("LIMIT_SURVEY"), methods=["POST"], key_func=user_key)
def save_step(municipality_slug: str, step: int):
    survey = _survey(municipality_slug)
    state = _state_and_step(survey, step)
    if state is None:
        return redirect(url_for("surveys.start_survey", municipality_slug=municipality_slug))
    pages = answering.steps(survey)
    is_free = pages[step - 1].kind == answering.FREE
    form = FreeTextForm() if is_free else EmptyForm()
    if not form.validate_on_submit():
        return _step_page(survey, state, step, form, 422)
    answering.keep(state, pages[step - 1], request.form)
    target = step - 1 if request.form.get("go") == "back" else step + 1
    if target < 1:
        return redirect(url_for("surveys.start_survey", municipality_slug=municipality_slug))
    if target <= len(pages):
        return redirect(url_for("surveys.answer_step", municipality_slug=municipality_slug,
                                step=target))
    mode = state.get("mode")
    if mode == "assisted":  # the person may have lost the role since starting
        authorize(rules.can_answer_assisted(current_user))
    typed = replace(answering.to_answer(survey, state), different=form.different.data,
                    idea=form.idea.data)
    if write(form, lambda: services.submit_answer(
            survey, typed, today(),
            code=state.get("code") if mode == "code" else None,
            member_id=_member_id() if mode != "assisted" else None,
            assisted=mode == "assisted")):
        answering.forget()
        return redirect(url_for("surveys.thanks", municipality_slug=municipality_slug,
                                hjulpet=1 if mode == "assisted" else None))
    return _step_page(survey, state, step, form, 422)


@bp.route("/undersoegelse/<municipality_slug>/tak")
def thanks(municipality_slug: str):
    return render_template("surveys/thanks.html", survey=_survey(municipality_slug),
                           assisted=bool(request.args.get("hjulpet")))


# The published results ---------------------------------------------------------------------

def _results(slug: str) -> tuple[queries.SurveyResults, Publication]:
    return queries.published(slug) or abort(404)


@bp.route("/kommuner/<municipality_slug>/tilfredshed")
def show_results(municipality_slug: str):
    """The survey's results for everyone: only closed periods, with disclosure control
    (app/surveys/publication.py). ``?maaned=YYYY-MM`` picks a period; any other value shows
    the latest."""
    found, publication = _results(municipality_slug)
    return render_template(
        "surveys/results.html", municipality=found.municipality, publication=publication,
        period=request.args.get("maaned", ""),
        group_labels={group.value: label for group, label in BENEFIT_GROUP_LABELS.items()},
        channel_labels=dict(CHANNELS),
        period_url=lambda key: url_for("surveys.show_results",
                                       municipality_slug=municipality_slug, maaned=key),
        csv_url=url_for("surveys.results_csv", municipality_slug=municipality_slug),
        **follow_up.page_context(found.survey, found.follow_ups, today()))


@bp.route("/kommuner/<municipality_slug>/tilfredshed.csv")
def results_csv(municipality_slug: str):
    """The same figures as the page, as CSV (only the header while there are none)."""
    found, publication = _results(municipality_slug)
    return Response(publication_csv(publication), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="tilfredshed-'
                             f'{found.municipality.slug}.csv"'})
