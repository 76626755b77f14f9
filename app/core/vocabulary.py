"""What can happen, in words: the kinds of events and audit entries, each declared by the
feature that records it.

A feature declares its kinds as constants beside its services (``app/moderation/events.py``)
and create_app hands them to ``register_kinds``; nothing registers itself on import. The
registry lives on the app (``app.extensions["event_kinds"]``). ``record_event`` and
``record_audit`` take a declared kind and refuse one the app does not know, so a kind that
was never registered fails the first test that records it. Pages and, later, notifications
read a kind's label, its link and whether it is a message to the member from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

EXTENSION = "event_kinds"


class UnknownKind(LookupError):
    """A kind was recorded or looked up that no feature registered."""


@dataclass(frozen=True)
class EventKind:
    """One kind of thing that happened, as stored in ``events.kind`` or ``audit_entries.action``.

    ``label``: the plain words for it (a lazy_gettext string). ``link(row)``: the page it is
    about, from the event or audit entry, or None. ``message(event)``: what the member the
    event is addressed to is told; a kind with one is a message to the member (shown on their
    profile), with ``link_text`` on its link. ``logged``: an action of the moderation log.
    """

    name: str
    label: Any
    link: Callable[[Any], str | None] | None = None
    message: Callable[[Any], str] | None = None
    link_text: Any = None
    logged: bool = False

    @property
    def to_member(self) -> bool:
        return self.message is not None

    def url(self, row: Any) -> str | None:
        return self.link(row) if self.link is not None else None


def register_kinds(app: Flask, *kinds: EventKind) -> None:
    """Add kinds to the app's registry; a name registered twice is a mistake."""
    registry: dict[str, EventKind] = app.extensions.setdefault(EXTENSION, {})
    for declared in kinds:
        if declared.name in registry:
            raise ValueError(f"event kind {declared.name!r} is registered twice")
        registry[declared.name] = declared


def registered() -> dict[str, EventKind]:
    return current_app.extensions.get(EXTENSION, {})


def kind(name: str) -> EventKind:
    """The registered kind of this name; UnknownKind if no feature registered it."""
    try:
        return registered()[name]
    except KeyError:
        raise UnknownKind(f"event kind {name!r} is not registered (app/__init__.py)") from None


def checked(declared: EventKind) -> str:
    """The name to store for a kind about to be recorded, once it is known to be registered
    (a bare string is refused: kinds are the constants their feature declares)."""
    if not isinstance(declared, EventKind):
        raise UnknownKind(f"record a declared EventKind, not {declared!r}")
    if registered().get(declared.name) is not declared:
        raise UnknownKind(f"event kind {declared.name!r} is not registered (app/__init__.py)")
    return declared.name


def label_of(name: str) -> str:
    """A stored kind in plain words, in the reader's language (the stored name if unknown:
    an old row must still show)."""
    found = registered().get(name)
    return str(found.label) if found is not None else name


def names_to_member() -> tuple[str, ...]:
    """The kinds that are messages to the member they are addressed to."""
    return tuple(name for name, declared in registered().items() if declared.to_member)
