"""Forms for the notification settings. Shape only: the services check the values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.fields.choices import SelectChoice

from app.core.forms import Form
from app.notifications.models import Delivery
from app.notifications.topics import TOPICS

DELIVERY_LABELS = {
    Delivery.OFF: _l("Slet ikke"),
    Delivery.IN_APP: _l("Kun her på Borgernet"),
    Delivery.NOW: _l("E-mail med det samme"),
    Delivery.DAILY: _l("E-mail en gang om dagen"),
    Delivery.WEEKLY: _l("E-mail en gang om ugen"),
}


class FollowForm(Form):
    choice = HiddenField()
    next = HiddenField()


def _delivery_field(topic) -> RadioField:
    return RadioField(topic.label, default=topic.default.value,
                      choices=[SelectChoice(delivery.value, label)
                               for delivery, label in DELIVERY_LABELS.items()],
                      invalid_choice_message=_l("Vælg en af mulighederne."))


# One radio group per topic (the page shows a citizen only the citizens' topics; a topic not
# sent keeps its default and is not saved), and the titles opt-in.
SettingsForm = type("SettingsForm", (Form,), {
    "show_titles": BooleanField(
        _l("Skriv overskrifter på tråde og forslag i mine e-mails"),
        description=_l("Som standard står der kun, hvor mange nye ting der er. Så kan andre, "
                       "der ser din e-mail, ikke se, hvad du skriver om. Navnet på dit netværk "
                       "står der aldrig.")),
    **{topic.key: _delivery_field(topic) for topic in TOPICS},
})
