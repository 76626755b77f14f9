"""Personal-data and crisis checks on the text people write (posts, proposals, comments).

Three layers, from pure to glue:

1. ``check_text``, ``redact`` and ``decide`` are pure: plain strings in, plain values out.
2. ``review`` runs them over every free-text field of one submission and says what the page
   must do: ``block`` (a CPR number: refused), ``confirm`` (a phone number or an e-mail
   address: the writer chooses), ``redacted`` (the writer asked us to remove them: show the
   text again, save nothing) or ``ok`` (save).
3. ``GuardFields``, ``screen`` and ``alert_if_crisis`` tie that to a form and to the moderators.
   They touch the form object and the database session, never the request. The services that
   save text call ``alert_if_crisis`` with the review's ``Verdict``; ``core.guarded`` runs the
   whole sequence for a view and flashes.

Crisis text is never blocked or hidden: ``review`` only notes it, so the view can show the
writer where to get help and ``alert_if_crisis`` can tell the network's moderators.

Choices worth knowing (tests/core/test_guard.py pins them):
- A CPR number is six digits that form a real day and month (29 February is always allowed)
  and four more, with "-", "–" or a space between them or nothing. The modulus-11 check is not
  used: numbers issued since 2007 need not pass it.
- A phone number is eight digits starting with 2-9, alone or grouped 2-2-2-2 (space, dash or
  dot), 4-4 or 2-3-3 (space or dash), optionally after +45 or 0045. Not counted: amounts next to
  "kr."/"kroner"/"DKK"/",-", two years ("2023-2024"), an eight-digit date (31122024), CVR
  numbers, digits inside a web address, and Livslinien's own number.
- Crisis words match whole words, case-insensitively, with their common inflections. Every
  word containing "selvmord" counts, "selvmordsforebyggelse" included: a moderator glancing at
  a post about prevention costs little; missing a cry for help costs much.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import HiddenField, SubmitField

from app.core.events import Event, record_event
from app.core.vocabulary import EventKind

REDACTED = "[fjernet]"
Decision = Literal["block", "confirm", "ok"]


def _crisis_link(event: Event) -> str | None:
    """The text that signalled a crisis, as the moderation queue links it."""
    if event.data.get("url"):
        return event.data["url"]
    if event.data.get("post_id"):
        return url_for("forum.show_post", post_id=event.data["post_id"])
    if event.proposal_id:
        return url_for("proposals.show_proposal", proposal_id=event.proposal_id)
    return None


# The guard records this kind; the moderation queue shows it (create_app registers KINDS).
CRISIS_ALERT = EventKind("moderation.crisis_alert", _l("Tegn på krise i en tekst"),
                         link=_crisis_link)
KINDS = (CRISIS_ALERT,)

# --- what we look for ----------------------------------------------------------------------------

_CPR = re.compile(
    r"(?<!\d)(?<!\d[-–.,/ ])"            # not the tail of a longer number
    r"(?P<day>\d{2})(?P<month>\d{2})\d{2}[-– ]?\d{4}"
    r"(?!\d)(?![-–.,/]\d)")              # nor the head of one

_PHONE = re.compile(
    r"(?<![\d+])(?<!\d[-. ])"
    r"(?:(?:\+|00)\s?45[ -]?)?"
    r"(?P<number>[2-9]\d{7}"
    r"|[2-9]\d(?P<s1>[ .-])\d{2}(?P=s1)\d{2}(?P=s1)\d{2}"
    r"|[2-9]\d{3}[ -]\d{4}"
    r"|[2-9]\d(?P<s2>[ -])\d{3}(?P=s2)\d{3})"
    r"(?!\d)(?![-.,]\d)")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_MONEY_BEFORE = re.compile(r"(?:\bkr\.?|\bdkk|\bcvr(?:[- ]?nr)?\.?:?)\s*$", re.I)
_MONEY_AFTER = re.compile(r"^\s*(?:kr\b|kr\.|kroner\b|dkk\b|,-|mio\b|mia\b|millioner\b)", re.I)
_TWO_YEARS = re.compile(r"^(?:19|20)\d\d(?:19|20)\d\d$")
# Public helplines are never personal data, and we want people to pass them on.
_PUBLIC_NUMBERS = frozenset({"70201201"})  # Livslinien

_CRISIS_PATTERNS = (
    # Danish
    r"\w*selvmord\w*",
    r"\w*selvskad\w*",
    r"livstræt\w*",
    r"(?:tage|tager|taget|tog)\s+(?:mit|sit|dit)\s+(?:eget\s+)?liv",
    r"(?:tage|tager|taget|tog)\s+livet\s+af\s+(?:mig|sig)",
    r"(?:ende|ender|endte|afslutte|afslutter)\s+mit\s+(?:eget\s+)?liv",
    r"gøre\s+en\s+ende\s+på\s+(?:det\s+hele|mit\s+liv|livet)",
    r"ikke\s+(?:at\s+)?leve\s+(?:mere|længere)",
    r"ikke\s+(?:lyst|kræfter)\s+til\s+at\s+leve",
    r"orker\s+ikke\s+(?:at\s+)?leve",
    r"ikke\s+(?:at\s+)?være\s+her\s+(?:mere|længere)",
    r"lyst\s+til\s+at\s+dø",
    r"(?:vil|ville)\s+(?:bare|gerne)\s+dø",
    r"ønsker\s+at\s+dø",
    r"ønske\w*\s+(?:at\s+)?jeg\s+var\s+død",
    r"(?:skade|skader|skadede|skadet)\s+(?:på\s+)?mig\s+selv",
    r"gøre\s+mig\s+selv\s+fortræd",
    r"(?:skære|skærer|skar)\s+(?:i\s+)?mig\s+selv",
    r"cutt(?:e|er|ede|et|ing)",
    r"(?:slå|slår|slog)\s+mig\s+(?:selv\s+)?ihjel",
    r"(?:dræbe|dræber|dræbte)\s+mig\s+selv",
    r"hænge\s+mig\s+selv",
    r"(?:tage|tager|tog)\s+en\s+overdosis",
    # English
    r"suicid\w*",
    r"kill(?:s|ing|ed)?\s+myself",
    r"(?:end|ending|ended|take|taking)\s+my\s+(?:own\s+)?life",
    r"self[-\s]?harm\w*",
    r"harm(?:ing)?\s+myself",
    r"cut(?:ting)?\s+myself",
    r"want(?:s|ed)?\s+to\s+die",
    r"(?:don't|do\s+not|dont)\s+want\s+to\s+live",
    r"no\s+reason\s+to\s+live",
    r"better\s+off\s+dead",
)
_CRISIS = re.compile(r"\b(?:" + "|".join(_CRISIS_PATTERNS) + r")\b", re.I)


def _is_date(day: int, month: int, leap_ok: bool = True) -> bool:
    if not 1 <= month <= 12:
        return False
    last = 29 if month == 2 and leap_ok else calendar.monthrange(2001, month)[1]
    return 1 <= day <= last


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _cpr_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CPR.finditer(text)
            if _is_date(int(m.group("day")), int(m.group("month")))]


def _phone_spans(text: str) -> list[tuple[int, int]]:
    urls = [m.span() for m in _URL.finditer(text)]
    spans = []
    for match in _PHONE.finditer(text):
        start, end = match.span()
        number = _digits(match.group("number"))
        if (number in _PUBLIC_NUMBERS or _TWO_YEARS.match(number)
                or (len(match.group("number")) == 8 and number[4:6] in ("19", "20")
                    and _is_date(int(number[:2]), int(number[2:4])))
                or _MONEY_BEFORE.search(text[max(0, start - 12):start])
                or _MONEY_AFTER.match(text[end:end + 12])
                or any(a <= start < b for a, b in urls)):
            continue
        spans.append((start, end))
    return spans


def _email_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _EMAIL.finditer(text)]


_FINDERS = {"cpr": _cpr_spans, "phones": _phone_spans, "emails": _email_spans}
_KIND_ALIASES = {"cpr": "cpr", "phone": "phones", "phones": "phones", "email": "emails",
                 "emails": "emails"}


@dataclass(frozen=True)
class GuardResult:
    """What one text contains. The lists hold the matches as written."""

    cpr: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    crisis: bool = False

    @property
    def blocks(self) -> bool:
        return bool(self.cpr)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.phones or self.emails)


def check_text(text: str) -> GuardResult:
    text = text or ""
    return GuardResult(
        cpr=[text[a:b] for a, b in _cpr_spans(text)],
        phones=[text[a:b] for a, b in _phone_spans(text)],
        emails=[text[a:b] for a, b in _email_spans(text)],
        crisis=bool(_CRISIS.search(text)))


def redact(text: str, kinds: Iterable[str] = ("phones", "emails")) -> str:
    """The text with every match of these kinds ("cpr", "phones", "emails") replaced by [fjernet]."""
    spans = sorted(span for kind in {_KIND_ALIASES[k] for k in kinds}
                   for span in _FINDERS[kind](text or ""))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + REDACTED + text[end:]
    return text


def decide(result: GuardResult, confirmed: bool) -> Decision:
    """CPR is refused whatever the writer says; phone and e-mail wait for a yes."""
    if result.blocks:
        return "block"
    if result.needs_confirmation and not confirmed:
        return "confirm"
    return "ok"


def combine(results: Iterable[GuardResult]) -> GuardResult:
    results = list(results)
    return GuardResult(cpr=[m for r in results for m in r.cpr],
                       phones=[m for r in results for m in r.phones],
                       emails=[m for r in results for m in r.emails],
                       crisis=any(r.crisis for r in results))


def fingerprint(result: GuardResult) -> str:
    """A short stamp of the phone numbers and e-mails shown to the writer: "Send alligevel"
    confirms exactly those, so a number added afterwards is shown too before it is sent."""
    found = sorted({_digits(p)[-8:] for p in result.phones} | {e.lower() for e in result.emails})
    return hashlib.sha256("|".join(found).encode()).hexdigest()[:16] if found else ""


# --- one submission ------------------------------------------------------------------------------

CPR_MESSAGE = _l("Det ligner et CPR-nummer. Af hensyn til dig selv må du ikke skrive CPR-numre "
                 "her. Fjern det og prøv igen.")
PHONE_MESSAGE = _l("Det ligner et telefonnummer: %(found)s. Alle, der kan læse med, kan se det. "
                   "Vælg nedenfor, hvad du vil gøre.")
EMAIL_MESSAGE = _l("Det ligner en e-mailadresse: %(found)s. Alle, der kan læse med, kan se den. "
                   "Vælg nedenfor, hvad du vil gøre.")
BOTH_MESSAGE = _l("Det ligner et telefonnummer eller en e-mailadresse: %(found)s. Alle, der kan "
                  "læse med, kan se det. Vælg nedenfor, hvad du vil gøre.")


@dataclass(frozen=True)
class Verdict:
    """What a save needs of the review, as plain data: does the text signal a crisis? The
    service that saves the text tells the moderators (``alert_if_crisis``) when it does."""

    crisis: bool = False


NO_CRISIS = Verdict()


@dataclass(frozen=True)
class Review:
    decision: Literal["block", "confirm", "redacted", "ok"]
    results: dict[str, GuardResult]
    fingerprint: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # the redacted texts, when redacted

    @property
    def ok(self) -> bool:
        return self.decision == "ok"

    @property
    def asks(self) -> bool:
        """The writer must choose: remove the phone number or e-mail, or send anyway."""
        return self.decision == "confirm"

    @property
    def crisis(self) -> bool:
        return any(r.crisis for r in self.results.values())

    @property
    def verdict(self) -> Verdict:
        return Verdict(crisis=self.crisis)

    @property
    def help_text(self) -> Markup:
        """Where to get help, for the page shown before anything is saved."""
        return crisis_help(saved=False)

    def messages(self) -> dict[str, str]:
        """The plain explanation to show on each field that needs one."""
        shown = {}
        for name, result in self.results.items():
            if self.decision == "block" and result.blocks:
                shown[name] = str(CPR_MESSAGE)
            elif self.decision == "confirm" and result.needs_confirmation:
                found = ", ".join(dict.fromkeys(result.phones + result.emails))
                message = (BOTH_MESSAGE if result.phones and result.emails
                           else PHONE_MESSAGE if result.phones else EMAIL_MESSAGE)
                shown[name] = str(message % {"found": found})
        return shown


def review(texts: Mapping[str, str], *, send_anyway: bool = False, ack: str | None = None,
           remove: bool = False) -> Review:
    """What to do with one submission's free-text fields.

    ``send_anyway`` and ``ack`` come from the "Send alligevel" button and the stamp of what the
    writer was shown; ``remove`` from "Fjern det for mig". A CPR number blocks in every case.
    """
    results = {name: check_text(text or "") for name, text in texts.items()}
    overall = combine(results.values())
    stamp = fingerprint(overall)
    if not overall.blocks and remove:
        return Review("redacted", results, stamp, {name: redact(text or "")
                                                   for name, text in texts.items()})
    confirmed = send_anyway and (ack or "") == stamp
    return Review(decide(overall, confirmed), results, stamp)


# --- forms and moderators ------------------------------------------------------------------------

class GuardFields:
    """Mix into a FlaskForm whose text is checked: the stamp and the writer's two choices."""

    guard_ack = HiddenField()
    guard_remove = SubmitField(_l("Fjern det for mig"))
    guard_send = SubmitField(_l("Send alligevel"))


def screen(form, names: Iterable[str]) -> Review:
    """Review the form's text fields and show the outcome on the form itself: explanations on
    the fields, the redacted text in them, the new stamp in the hidden field."""
    result = review({name: getattr(form, name).data or "" for name in names},
                    send_anyway=bool(form.guard_send.data), ack=form.guard_ack.data,
                    remove=bool(form.guard_remove.data))
    for name, message in result.messages().items():
        target = getattr(form, name)
        target.errors = [*target.errors, message]
    for name, text in result.texts.items():
        getattr(form, name).data = text
    form.guard_ack.data = result.fingerprint
    return result


def alert_if_crisis(result: Review | Verdict, actor, network_id: int | None, *,
                    proposal_id: int | None = None, **target: object) -> bool:
    """Tell the network's moderators (through the event log the moderation queue reads) that
    saved text signals a crisis. The text itself is not copied into the event."""
    if not result.crisis:
        return False
    record_event(CRISIS_ALERT, actor=actor, network_id=network_id,
                 proposal_id=proposal_id, **target)
    return True


def crisis_help(saved: bool = True) -> Markup:
    """Where to get help, shown to the writer at once: on the page, and as a message after the
    text is saved (then also saying the moderators know). Every part is our own text, escaped."""
    parts = [
        escape(_l("Du skriver om noget svært. Har du brug for at tale med nogen?")),
        Markup('{} <a href="tel:+4570201201">70 201 201</a> {} '
               '<a href="https://www.livslinien.dk">livslinien.dk</a>.').format(
            _l("Ring til Livslinien på"), _l("eller skriv til dem på")),
        Markup('{} <a href="tel:112">112</a>.').format(_l("Er du i fare, så ring")),
    ]
    if saved:
        parts.append(escape(_l("Netværkets moderatorer har fået besked, så de kan holde øje.")))
    return Markup(" ").join(parts)
