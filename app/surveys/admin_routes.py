"""The admin's survey tools: create a municipality's survey, its settings and own questions
(locked after the first answer), code batches (downloaded once), the masked free text."""

from __future__ import annotations

from functools import wraps

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.core.authz import authorize, require_second_factor
from app.core.edge import write
from app.core.forms import EmptyForm
from app.extensions import db
from app.networks.models import BENEFIT_GROUP_LABELS, BenefitGroup, Municipality
from app.surveys import bp, downloads, queries, rules, services
from app.surveys.forms import CodeBatchForm, QuestionForm, SettingsForm, SurveyForm
from app.surveys.models import Survey
from app.surveys.services import today


def admin_only(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            authorize(rules.can_manage_surveys(current_user))
        return require_second_factor() or view(*args, **kwargs)
    return wrapper


def _survey_or_404(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    return survey


def _survey_form(form: SurveyForm) -> SurveyForm:
    form.municipality.choices = [SelectChoice(id_, name) for id_, name in
                                 db.session.execute(queries.municipalities_without_survey())]
    return form


def _overview(form: SurveyForm | None = None, status: int = 200):
    form = form or _survey_form(SurveyForm(formdata=None))
    return render_template("surveys/admin/index.html", form=form,
                           rows=db.session.execute(queries.surveys_overview()).all()), status


@bp.route("/admin/undersoegelser")
@admin_only
def admin_surveys():
    return _overview()


@bp.route("/admin/undersoegelser", methods=["POST"])
@admin_only
def create_survey():
    form = _survey_form(SurveyForm())
    if form.validate_on_submit():
        municipality = db.session.get(Municipality, form.municipality.data)
        written = write(form, lambda: services.create_survey(
            municipality, form.period_months.data, form.open_link.data))
        if written:
            flash(_("Undersøgelsen er oprettet."), "success")
            return redirect(url_for("surveys.admin_survey", survey_id=written.value.id))
    return _overview(form, 422)


def _survey_page(survey: Survey, settings_form=None, question_form=None, batch_form=None,
                 status: int = 200):
    period = services.period_of(survey, today())
    return render_template(
        "surveys/admin/survey.html", survey=survey, period=period,
        settings_form=settings_form or SettingsForm(formdata=None, obj=survey),
        question_form=question_form or QuestionForm(formdata=None),
        batch_form=batch_form or CodeBatchForm(formdata=None, period=period),
        batches=queries.batches_with_use(survey), counts=queries.answer_counts(survey),
        empty_form=EmptyForm(), group_labels=BENEFIT_GROUP_LABELS), status


def _back(survey: Survey):
    return redirect(url_for("surveys.admin_survey", survey_id=survey.id))


@bp.route("/admin/undersoegelser/<id:survey_id>")
@admin_only
def admin_survey(survey_id: int):
    return _survey_page(_survey_or_404(survey_id))


@bp.route("/admin/undersoegelser/<id:survey_id>/indstillinger", methods=["POST"])
@admin_only
def change_settings(survey_id: int):
    survey = _survey_or_404(survey_id)
    form = SettingsForm()
    if form.validate_on_submit() and write(form, lambda: services.change_settings(
            survey, form.period_months.data, form.open_link.data)):
        flash(_("Indstillingerne er gemt."), "success")
        return _back(survey)
    return _survey_page(_survey_or_404(survey_id), settings_form=form, status=422)


@bp.route("/admin/undersoegelser/<id:survey_id>/spoergsmaal", methods=["POST"])
@admin_only
def add_question(survey_id: int):
    survey = _survey_or_404(survey_id)
    form = QuestionForm()
    if form.validate_on_submit() and write(form, lambda: services.add_question(
            survey, form.text.data)):
        flash(_("Spørgsmålet er tilføjet."), "success")
        return _back(survey)
    return _survey_page(_survey_or_404(survey_id), question_form=form, status=422)


@bp.route("/admin/undersoegelser/<id:survey_id>/spoergsmaal/<id:question_id>/slet",
          methods=["POST"])
@admin_only
def remove_question(survey_id: int, question_id: int):
    survey = _survey_or_404(survey_id)
    if EmptyForm().validate_on_submit() and write(None, lambda: services.remove_question(
            survey, question_id)):
        flash(_("Spørgsmålet er fjernet."), "success")
    return _back(survey)


@bp.route("/admin/undersoegelser/<id:survey_id>/koder", methods=["POST"])
@admin_only
def generate_codes(survey_id: int):
    """Make a batch and answer with its ZIP at once: the only time the codes exist."""
    survey = _survey_or_404(survey_id)
    form = CodeBatchForm()
    if form.validate_on_submit():
        group = BenefitGroup(form.benefit_group.data)
        written = write(form, lambda: services.generate_codes(
            survey, group, form.period.data, form.count.data))
        if written:
            batch, codes = written.value
            slug = survey.municipality.slug
            archive = downloads.batch_zip(
                codes, lambda code: url_for("surveys.start_with_code", municipality_slug=slug,
                                            code=code, _external=True),
                survey.municipality.name, batch.period, str(BENEFIT_GROUP_LABELS[group]),
                url_for("surveys.start_survey", municipality_slug=slug, _external=True))
            name = f"koder-{slug}-{batch.period}-{group.value}-{batch.id}.zip"
            return Response(archive, mimetype="application/zip", headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store"})
    return _survey_page(_survey_or_404(survey_id), batch_form=form, status=422)


@bp.route("/admin/undersoegelser/<id:survey_id>/fritekst")
@admin_only
def free_text(survey_id: int):
    survey = _survey_or_404(survey_id)
    period = request.args.get("periode") or services.period_of(survey, today())
    if not services.is_period(period):
        abort(404)
    return render_template("surveys/admin/free_text.html", survey=survey, period=period,
                           texts=queries.free_texts(survey, period),
                           counts=queries.answer_counts(survey))


@bp.route("/admin/undersoegelser/<id:survey_id>/plakat-qr.svg")
@admin_only
def poster_qr(survey_id: int):
    """A QR code for the waiting-room poster: the open link, no code ("unverified")."""
    survey = _survey_or_404(survey_id)
    svg = downloads.qr_svg(url_for("surveys.start_survey",
                                   municipality_slug=survey.municipality.slug, _external=True))
    return Response(svg, mimetype="image/svg+xml", headers={
        "Content-Disposition": f'attachment; filename="plakat-{survey.municipality.slug}.svg"'})
