"""`lms users`: accounts from the command line, in the language of the terminal (LANG)."""

from __future__ import annotations

import sys

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.auth import service
from lms.auth.forms import VALID_EMAIL, WEAK_PASSWORD
from lms.auth.passwords import weakness
from lms.extensions import db
from lms.i18n import terminal_language
from lms.models import ROLES

ROLE_NAMES = {
    "learner": _l("Learner"),
    "facilitator": _l("Facilitator"),
    "admin": _l("Administrator"),
}


@click.group()
def users() -> None:
    """Accounts: learners, facilitators and administrators."""


@users.command("create")
@click.option("--email", required=True, help="The person's email; also their login.")
@click.option("--name", help="Full name, as on certificates (default: the part before @).")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--locale", help="Preferred interface language, such as es.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create(
    email: str, name: str | None, role: str, locale: str | None, password_stdin: bool
) -> None:
    """Create an account (asks for the password unless --password-stdin)."""
    with force_locale(terminal_language()):
        _create(email, name, role, locale, password_stdin)


def _create(email: str, name: str | None, role: str, locale: str | None, password_stdin: bool):
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise click.BadParameter(str(VALID_EMAIL), param_hint="--email") from None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            _("Password"), hide_input=True, confirmation_prompt=_("Repeat the password")
        )
    reason = weakness(password, name or "", email)
    if reason:
        raise click.UsageError(str(WEAK_PASSWORD[reason]))
    db.session.commit()  # nothing is pending: passwords are hashed with no transaction open
    password_hash = service.hash_password(password)
    try:
        user = service.create_user(email, name or email.split("@")[0], password_hash, role, locale)
    except service.EmailTaken:
        raise click.ClickException(
            _("An account with the email %(email)s already exists.", email=email)
        ) from None
    db.session.commit()
    click.echo(
        _(
            "Account created: %(email)s (%(role)s, id %(id)d).",
            email=user.email,
            role=ROLE_NAMES[role],
            id=user.id,
        )
    )
