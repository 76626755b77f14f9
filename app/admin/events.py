"""What the admin tools record: an admin opening a person's e-mail address on the account
page. The entry names the person (``subject_user_id``) and the admin (``actor_id``); the
person's export shows it as "an administrator saw your e-mail address" with the time, never
which admin. create_app registers ``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind

EMAIL_SHOWN = EventKind("account.email_shown", _l("E-mailadresse vist"), logged=True)

KINDS = (EMAIL_SHOWN,)
