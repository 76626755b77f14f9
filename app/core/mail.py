"""Outgoing e-mail over SMTP. Without an SMTP server a message is dropped, or in development
written to MAIL_OUTBOX; a log line names only its kind, never its body: a reset link is a key.

The message is built in the request, in the recipient's language, and handed to a background
job (app/core/jobs.py), so a slow or absent SMTP server never holds up a page and a failed
delivery is tried again.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale

from app.core import jobs

log = logging.getLogger("borgernet.mail")


@contextmanager
def url_context() -> Iterator[None]:
    """``url_for`` and the templates need a request; a command (``flask send-digests``) or a
    job worker has none, so they get one at BASE_URL. Inside a request, nothing changes."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        yield


def mailed_url(endpoint: str, **values: object) -> str:
    """An address for a mail: BASE_URL and the route, never the request's Host header."""
    with url_context():
        return current_app.config["BASE_URL"] + url_for(endpoint, **values)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail, such as a calendar invitation (``text/calendar``)."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def build_message(to: str, subject: str, template: str, locale: str = "da",
                  attachments: Sequence[Attachment] = (), headers: dict[str, str] | None = None,
                  **context) -> EmailMessage:
    """Render ``templates/email/<template>.txt`` and ``.html`` in the recipient's language.
    ``headers``: more header fields (``List-Unsubscribe``, say)."""
    with url_context(), force_locale(locale):
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
        subject = str(subject)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="borgernet.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=attachment.filename)
    return message


def send(message: EmailMessage, kind: str = "e-mail") -> None:
    """Deliver now. Call after the database commit so no mail announces a rolled-back change."""
    config = current_app.config
    if config.get("MAIL_DISABLED") or not config.get("MAIL_SERVER"):
        outbox = None if config.get("MAIL_DISABLED") else config.get("MAIL_OUTBOX")
        if outbox:
            log.info("E-mail %s not sent (no MAIL_SERVER): written to %s", kind,
                     _to_outbox(message, Path(outbox), kind))
        else:
            log.info("E-mail %s not sent: mail is off (no MAIL_SERVER)", kind)
        return
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _to_outbox(message: EmailMessage, folder: Path, kind: str) -> Path:
    """Development: the mail as a file of its own, readable by its owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{datetime.now(UTC):%Y%m%d-%H%M%S-%f}-{kind}.eml"
    path.touch(mode=0o600)
    path.write_bytes(message.as_bytes())
    return path


def deliver(raw: bytes, kind: str = "e-mail") -> None:
    """The background job: send a message built by ``build_message``."""
    send(message_from_bytes(raw, policy=policy.default), kind)


def send_mail(to: str, subject: str, template: str, locale: str = "da",
              attachments: Sequence[Attachment] = (), headers: dict[str, str] | None = None,
              **context) -> str | None:
    """Build the message now and deliver it through the job queue; call after the commit.

    Returns the job id, or None when it was delivered (or logged) at once.
    """
    message = build_message(to, subject, template, locale, attachments, headers, **context)
    return jobs.enqueue(deliver, message.as_bytes(), template, description=f"e-mail {template}")
