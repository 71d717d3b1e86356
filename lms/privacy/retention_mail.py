"""The retention notice, emailed to the person in their own language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from lms.core import mail
from lms.core.identity import cohort_zone_of
from lms.core.urls import public_url
from lms.models import Outbox, User
from lms.timezones import suggested_zone


def store_notice(user: User, deleted_after: datetime) -> Outbox | None:
    """The notice put in the outbox within the caller's transaction (see mail.store), so that it
    is stored exactly when the notice is recorded; None without a mail server."""
    if not mail.mail_enabled():
        return None
    language = user.locale or "en"
    # The day in the person's own zone: outside a request no zone can be asked of Flask-Babel.
    zone = user.timezone or suggested_zone(cohort_zone_of(user.id), language, user.country)
    day = deleted_after.astimezone(ZoneInfo(zone)).date()
    with force_locale(language):
        date = format_date(day, "long")
        subject = _("Your account will be deleted on %(date)s", date=date)
        body = _(
            "Hello %(name)s,\n\nYour account on the SSE Academy has had no activity for a long "
            "time. It will be deleted on %(date)s, with all your progress, unless you log in or "
            'press "%(button)s" on this page:\n\n%(link)s\n',
            name=user.name,
            date=date,
            button=_("Keep my account"),
            link=public_url("privacy.my_data"),
        )
    return mail.store(user.email, subject, body)
