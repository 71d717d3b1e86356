"""Email through SMTP, only when MAIL_SERVER is configured: no mail server is assumed.

Mail goes through an outbox: the message is stored, then sent by a background job (or at once
without a queue), so a slow or failing mail server never holds up a page, and a message is sent
once, retried when the server fails.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, g

from lms.core.jobs import background, enqueue
from lms.extensions import db
from lms.models import Outbox
from lms.models.base import utcnow


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def deliver(to: str, subject: str, body: str) -> bool:
    """Put a message in the outbox and have it sent; False when no mail server is configured.
    Commits: the job that sends it reads it from the database."""
    message = store(to, subject, body)
    if message is None:
        return False
    db.session.commit()
    enqueue(send_from_outbox, message.id)
    return True


def store(to: str, subject: str, body: str) -> Outbox | None:
    """Put a message in the outbox within the caller's transaction (None without a mail server);
    after committing, `send_stored` has it sent."""
    if not mail_enabled():
        return None
    message = Outbox(recipient=to, subject=subject, body=body)
    db.session.add(message)
    db.session.flush()
    return message


def send_stored(message_ids: list[int]) -> None:
    """Have these committed outbox messages sent (those already sent are skipped by the job)."""
    for message_id in message_ids:
        enqueue(send_from_outbox, message_id)


@background
def send_from_outbox(message_id: int) -> bool:
    """Send one stored message unless it was sent already. A failure is retried by the queue;
    without one it is logged, and the message stays in the outbox unsent."""
    message = db.session.get(Outbox, message_id)
    if message is None or message.sent_at is not None:
        return False
    message.attempts += 1
    db.session.commit()
    try:
        _smtp_send(message.recipient, message.subject, message.body)
    except (OSError, smtplib.SMTPException):
        current_app.logger.warning("could not send mail to %s", message.recipient, exc_info=True)
        if g.get("lms_worker"):
            raise  # the queue tries again later
        return False
    message.sent_at = utcnow()
    db.session.commit()
    return True


def _smtp_send(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or "no-reply@localhost"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(
        config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=15
    ) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
