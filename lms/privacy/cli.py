"""`lms privacy retention [--dry-run]`: the retention job, run by a timer (deploy/)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from lms.core import audit
from lms.extensions import db
from lms.i18n import terminal_language
from lms.privacy import retention


@click.group()
def privacy() -> None:
    """Personal data: retention."""


@privacy.command("retention")
@click.option(
    "--dry-run", is_flag=True, help="List who would be notified or erased; change nothing."
)
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Notify inactive learner accounts, erase those notified long enough ago, forget old audit
    rows."""
    with force_locale(terminal_language()):
        found = retention.plan()
        if found is None:
            click.echo(_("Retention is off: set RETENTION_INACTIVE_MONTHS to turn it on."))
        else:
            for person in found.to_notify:
                click.echo(_("Notify: %(email)s (id %(id)d)", email=person.email, id=person.id))
            for person in found.to_erase:
                click.echo(_("Erase: %(email)s (id %(id)d)", email=person.email, id=person.id))
            click.echo(
                ngettext(
                    "%(num)d account to notify.",
                    "%(num)d accounts to notify.",
                    len(found.to_notify),
                )
            )
            click.echo(
                ngettext(
                    "%(num)d account to erase.", "%(num)d accounts to erase.", len(found.to_erase)
                )
            )
            if not dry_run:
                retention.run(found)
        if not dry_run:
            forgotten = audit.forget_old_events()
            db.session.commit()
            click.echo(
                ngettext(
                    "%(num)d old audit row deleted.", "%(num)d old audit rows deleted.", forgotten
                )
            )
