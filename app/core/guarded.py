"""Saving what people write: look → personal-data guard → save → help in a crisis.

Threads, replies, post edits, proposals and comments are all saved the same way, so the
views hand it here:

1. the form is validated;
2. a "look" button (the forum's preview, the proposals' readability check) shows the text
   back and saves nothing;
3. ``guard.screen`` checks the text for CPR numbers, phone numbers and e-mail addresses and
   may ask the writer to choose (the form is shown again);
4. the commit edge runs the save, which receives the guard's ``Verdict`` as plain data: the
   service tells the network's moderators itself when the text signals a crisis;
5. after the save the view flashes its message through ``Guarded.saved``, which adds where to
   get help when the text signalled a crisis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from flask import flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from markupsafe import Markup

from app.core import guard
from app.core.edge import Written, write
from app.core.sanitize import render_user_markdown

T = TypeVar("T")
LOOK_BUTTONS = ("preview", "check")


def preview(form: FlaskForm):
    """The forum's look: the Markdown body as it will be shown."""
    return render_user_markdown(form.body.data)


@dataclass
class Guarded(Generic[T]):
    """What happened to one submission: truthy when the text was saved."""

    form: FlaskForm
    review: guard.Review | None = None
    shown: object | None = None  # what the look button showed (a preview, a readability score)
    written: Written[T] = field(default_factory=lambda: Written(False))

    def __bool__(self) -> bool:
        return bool(self.written)

    @property
    def value(self) -> T | None:
        return self.written.value

    @property
    def status(self) -> int:
        return 422 if self.form.errors else 200

    @property
    def crisis(self) -> bool:
        return self.review is not None and self.review.crisis

    def saved(self, message: str, category: str = "success", *, text_url: str | None = None
              ) -> None:
        """Say it is saved; then where to get help, when the text signals a crisis (flashed
        as "crisis": the page shows it first, in a box of its own (id "krisehjaelp"), with a
        link to the saved text at `text_url`)."""
        if self.crisis:
            help_text = guard.crisis_help()
            if text_url:
                help_text += Markup(' <a href="{}">{}</a>').format(text_url, _("Gå til din tekst"))
            flash(help_text, "crisis")
        flash(message, category)

    def land(self, url: str, anchor: str = "") -> str:
        """Where the redirect after the save goes: the top of the page when the text signals
        a crisis (the help's box is the first thing there, so it is on the screen where the
        person lands, with a link down to the text), else `url#anchor`."""
        return f"{url}#{anchor}" if anchor and not self.crisis else url


def guarded_write(form: FlaskForm, fields: Iterable[str], save: Callable[[guard.Verdict], T],
                  *, look: Callable[[FlaskForm], object] = preview) -> Guarded[T]:
    """Run the sequence above for one form; ``save(verdict)`` makes the one service call."""
    outcome: Guarded[T] = Guarded(form)
    if not form.validate_on_submit():
        return outcome
    if any(getattr(getattr(form, name, None), "data", False) for name in LOOK_BUTTONS):
        outcome.shown = look(form)
        return outcome
    outcome.review = guard.screen(form, fields)
    if outcome.review.ok:
        verdict = outcome.review.verdict
        outcome.written = write(form, lambda: save(verdict))
    return outcome
