"""Telling new learners how to open their account: by email when a mail server is configured."""

from __future__ import annotations

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from lms.auth.service import password_link_days
from lms.core import mail
from lms.models import Cohort, Outbox, User


def send_invitation(user: User, cohort: Cohort, link: str) -> bool:
    """Email the set-password link in the learner's language, else the cohort's; False if unsent."""
    if not mail.mail_enabled():
        return False
    return mail.deliver(user.email, *_invitation(user, cohort, link))


def store_invitation(user: User, cohort: Cohort, link: str) -> Outbox | None:
    """The invitation put in the outbox within the caller's transaction (see mail.store)."""
    if not mail.mail_enabled():
        return None
    return mail.store(user.email, *_invitation(user, cohort, link))


def _invitation(user: User, cohort: Cohort, link: str) -> tuple[str, str]:
    """(subject, body) in the learner's language, else the cohort's."""
    with force_locale(user.locale or cohort.language):
        subject = _("Your place in %(cohort)s", cohort=cohort.name)
        body = ngettext(
            "Hello %(name)s,\n\nYou are enrolled in %(cohort)s. To open your account, choose a "
            "password with this link. It works once, for %(num)d day:\n\n%(link)s\n",
            "Hello %(name)s,\n\nYou are enrolled in %(cohort)s. To open your account, choose a "
            "password with this link. It works once, for %(num)d days:\n\n%(link)s\n",
            password_link_days(),
            name=user.name,
            cohort=cohort.name,
            link=link,
        )
    return subject, body
