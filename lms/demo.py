"""`lms demo load`: demonstration accounts and progress for trying the app locally."""

from __future__ import annotations

from dataclasses import dataclass

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from lms.auth import service
from lms.core.catalogue import current_catalogue
from lms.demo_cohort import NAME as DEMO_COHORT
from lms.demo_cohort import load_demo_cohort
from lms.extensions import db
from lms.learn.service import mark_lesson_complete
from lms.models import User


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    password: str
    role: str
    locale: str
    lessons_done: int = 0  # of the first available module


# Local demonstration only: these passwords are printed on every `make run`.
DEMO_ACCOUNTS = (
    DemoAccount("learner@example.org", "Amina Diallo", "demo-learner-2023", "learner", "en", 2),
    DemoAccount(
        "estudiante@example.org", "Lucía Fernández", "demo-estudiante-2023", "learner", "es"
    ),
    DemoAccount(
        "facilitator@example.org", "Carlos Mendoza", "demo-facilitator-2023", "facilitator", "es"
    ),
    DemoAccount("admin@example.org", "Demo Administrator", "demo-admin-2023", "admin", "en"),
)


def load_demo() -> list[DemoAccount]:
    """Create the demo accounts that are missing, and the demo cohort; return the accounts
    created."""
    catalogue = current_catalogue()
    first_module = next((module for module in catalogue.modules if module.is_available), None)
    created = []
    emails = [account.email for account in DEMO_ACCOUNTS]
    existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    db.session.rollback()  # passwords are hashed with no transaction open
    hashes = {
        account.email: service.hash_password(account.password)
        for account in DEMO_ACCOUNTS
        if account.email not in existing
    }
    for account in DEMO_ACCOUNTS:
        if account.email in existing:
            continue
        user = service.create_user(
            account.email, account.name, hashes[account.email], account.role, account.locale
        )
        if first_module is not None:
            for lesson_id in first_module.lesson_ids[: account.lessons_done]:
                mark_lesson_complete(user.id, first_module, lesson_id)
        created.append(account)
    db.session.flush()
    facilitator = db.session.scalars(select(User).filter_by(email="facilitator@example.org")).one()
    spanish_learner = db.session.scalars(
        select(User).filter_by(email="estudiante@example.org")
    ).one()
    load_demo_cohort(catalogue, facilitator, extra_learners=[spanish_learner])
    db.session.commit()
    return created


@click.group()
def demo() -> None:
    """Demonstration data."""


@demo.command("load")
@with_appcontext
def load() -> None:
    """Create the demo accounts (once) and print the demo logins."""
    created = load_demo()
    click.echo(f"Demo data: {len(created)} account(s) created." if created else "Demo data ready.")
    click.echo("Demo logins (local use only):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role:<12} {account.email:<26} password: {account.password}")
    click.echo(f"Demo cohort: {DEMO_COHORT} (facilitated by facilitator@example.org).")
