"""Forms for forwarding and for the committee's steps. Shape only: services enforce the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from app.committee.models import ANSWER_LABELS, MAX_FORWARDED_COMMENTS, AnswerStatus
from app.committee.services import ANSWER_TEXT_MAX, COVER_NOTE_MAX
from app.core.forms import Form, date_field, strip, text_max


class _CommentChoices(SelectMultipleField):
    """Checkboxes of comment ids; a value that is not a number gets a plain message."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Vælg kommentarerne på listen.")) from error


class ForwardForm(Form):
    cover_note = TextAreaField(
        _l("Følgebrev til udvalget"), filters=[strip],
        description=_l("Fortæl kort, hvorfor netværket sender forslaget, og hvad I håber, "
                       "udvalget gør. Udvalget og alle, der kan se forslaget, kan læse det."),
        validators=[DataRequired(message=_l("Skriv et følgebrev til udvalget.")),
                    text_max(COVER_NOTE_MAX)])
    # The service checks that the comments belong to the proposal; the page lists them.
    comments = _CommentChoices(
        _l("Kommentarer, der viser debatten"), coerce=int, validate_choice=False,
        description=_l("Vælg højst %(max)d. Det er frivilligt.", max=MAX_FORWARDED_COMMENTS))


class MeetingDateForm(Form):
    meeting_date = date_field(_l("Dato for udvalgsmødet"), _l("Skriv datoen for mødet."))


class AnswerForm(Form):
    answer_status = RadioField(
        _l("Udvalgets beslutning"),
        choices=[SelectChoice(status.value, ANSWER_LABELS[status]) for status in AnswerStatus],
        validators=[InputRequired(message=_l("Vælg udvalgets beslutning."))],
        invalid_choice_message=_l("Vælg udvalgets beslutning."))
    answer_text = TextAreaField(
        _l("Udvalgets svar"), filters=[strip],
        description=_l("Svaret bliver vist på forslaget for alle, der kan se det. Det kan ikke "
                       "ændres bagefter. Skriv kort og klart, og brug »du« og »I«."),
        validators=[DataRequired(message=_l("Skriv udvalgets svar.")),
                    text_max(ANSWER_TEXT_MAX)])
