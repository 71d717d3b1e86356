"""Mail to account holders, in their language."""

from __future__ import annotations

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from lms.auth import service
from lms.core import mail
from lms.i18n import current_language
from lms.models import User


def send_reset_link(user: User, link: str) -> bool:
    """Email a link to choose a new password; False (and a logged warning) if unsent."""
    with force_locale(user.locale or current_language()):
        subject = _("A new password for your account")
        body = ngettext(
            "Hello %(name)s,\n\nTo choose a new password, open this link. It works once, for "
            "%(num)d hour:\n\n%(link)s\n\nIf you did not ask for it, you can ignore this "
            "message: your password stays as it is.\n",
            "Hello %(name)s,\n\nTo choose a new password, open this link. It works once, for "
            "%(num)d hours:\n\n%(link)s\n\nIf you did not ask for it, you can ignore this "
            "message: your password stays as it is.\n",
            service.password_reset_hours(),
            name=user.name,
            link=link,
        )
    return mail.deliver(user.email, subject, body)
