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
from flask_wtf import FlaskForm

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

    def saved(self, message: str, category: str = "success") -> None:
        """Say it is saved; then where to get help, when the text signals a crisis."""
        flash(message, category)
        if self.review is not None and self.review.crisis:
            flash(guard.crisis_help(), "warning")


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
