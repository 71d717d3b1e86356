"""`lms cohorts`: run cohorts from the command line."""

from __future__ import annotations

import os
import sys
from datetime import date

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from lms.auth import service as auth_service
from lms.cohorts import importing, service
from lms.cohorts.forms import DATE_PROBLEMS
from lms.cohorts.messages import IMPORT_OUTCOMES, IMPORT_PROBLEMS, IMPORT_REASONS
from lms.core.catalogue import current_catalogue
from lms.core.guard import has_control_characters
from lms.core.urls import public_url
from lms.core.validation import cohort_dates_problem, is_language, is_time_zone
from lms.extensions import db
from lms.i18n import INTERFACE_LANGUAGES
from lms.languages import LANGUAGES
from lms.models import Cohort
from lms.records.enrolment import enrolled_counts


def terminal_language() -> str:
    """The facilitator's language from LC_ALL / LANG (such as es_CO.UTF-8), else English."""
    value = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    code = value.split(".")[0].split("_")[0].lower()
    return code if code in INTERFACE_LANGUAGES else "en"


def find_cohort(reference: str) -> Cohort:
    """A cohort by id, enrolment code or exact name."""
    query = select(Cohort)
    if reference.isdigit():
        cohort = db.session.get(Cohort, int(reference))
    else:
        cohort = db.session.scalar(query.where(Cohort.enrolment_code == reference.upper()))
        cohort = cohort or db.session.scalar(query.where(Cohort.name == reference))
    if cohort is None:
        raise click.ClickException(f"No cohort {reference!r} (give its id, code or name).")
    return cohort


@click.group()
def cohorts() -> None:
    """Cohorts: list, create, enrol learners from a CSV, add facilitators."""


@cohorts.command("list")
@with_appcontext
def list_cohorts() -> None:
    """Name, code, dates, status and learner count of every cohort."""
    rows = db.session.scalars(select(Cohort).order_by(Cohort.starts_on, Cohort.id)).all()
    if not rows:
        click.echo("No cohort yet.")
    counts = enrolled_counts(cohort.id for cohort in rows)
    for cohort in rows:
        click.echo(
            f"{cohort.id:>4}  {cohort.name}  code={cohort.enrolment_code or '-'}  "
            f"{cohort.starts_on}..{cohort.ends_on}  {service.status(cohort)}  "
            f"learners={counts[cohort.id]}"
        )


@cohorts.command("create")
@click.option("--name", required=True)
@click.option("--starts", "starts_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--ends", "ends_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--language", default="en", show_default=True, help="Default lesson language.")
@click.option("--timezone", default="UTC", show_default=True)
@click.option(
    "--module",
    "modules",
    multiple=True,
    help="A module slug, optionally with its opening date: sse-game-changer:2023-08-14. "
    "Repeat in order. Default: every module, open from the start.",
)
@click.option("--facilitator", "facilitators", multiple=True, help="A facilitator's email.")
@click.option("--published/--draft", default=False, show_default=True)
@with_appcontext
def create(name, starts_on, ends_on, language, timezone, modules, facilitators, published):
    """Create a cohort."""
    catalogue = current_catalogue()
    name = " ".join(name.split())
    if not name or len(name) > 200 or has_control_characters(name):
        raise click.BadParameter("give a name of 1 to 200 characters", param_hint="--name")
    if not is_language(language):
        raise click.BadParameter(
            f"{language!r} is not one of {', '.join(LANGUAGES)}", param_hint="--language"
        )
    if not is_time_zone(timezone):
        raise click.BadParameter(
            f"{timezone!r} is not a time zone such as America/Bogota", param_hint="--timezone"
        )
    problem = cohort_dates_problem(starts_on.date(), ends_on.date())
    if problem:
        with force_locale(terminal_language()):
            raise click.BadParameter(str(DATE_PROBLEMS[problem]), param_hint="--ends")
    plans = []
    for spec in modules or [module.slug for module in catalogue.modules]:
        slug, _, opens = spec.partition(":")
        if catalogue.get(slug) is None:
            raise click.BadParameter(f"unknown module {slug!r}", param_hint="--module")
        try:
            opens_on = date.fromisoformat(opens) if opens else None
        except ValueError:
            raise click.BadParameter(
                f"{opens!r} is not a date such as 2023-08-14", param_hint="--module"
            ) from None
        plans.append(service.ModulePlan(slug, opens_on))
    people = []
    for email in facilitators:
        user = auth_service.find_user_by_email(email)
        if user is None:
            raise click.BadParameter(f"no account for {email}", param_hint="--facilitator")
        people.append(user)
    cohort = service.create_cohort(
        name=name, language=language, starts_on=starts_on.date(), ends_on=ends_on.date(),
        timezone=timezone, modules=plans, facilitators=people, published=published,
    )  # fmt: skip
    db.session.commit()
    click.echo(f"Created cohort {cohort.id}: {cohort.name}")


@cohorts.command("add-facilitator")
@click.argument("cohort_ref", metavar="COHORT")
@click.argument("email")
@with_appcontext
def add_facilitator(cohort_ref: str, email: str) -> None:
    """Make EMAIL a facilitator of COHORT (id, code or name)."""
    cohort = find_cohort(cohort_ref)
    user = auth_service.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}; create it with `lms users create`.")
    added = service.add_facilitator(cohort, user)
    db.session.commit()
    click.echo(
        f"{user.email} {'now facilitates' if added else 'already facilitates'} {cohort.name}."
    )


@cohorts.command("import-learners")
@click.argument("cohort_ref", metavar="COHORT")
@click.argument("csv_file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Show what each row would do; write nothing.")
@with_appcontext
def import_learners(cohort_ref: str, csv_file, dry_run: bool) -> None:
    """Enrol the learners of a Moodle-style CSV file in COHORT, all or nothing."""
    cohort = find_cohort(cohort_ref)
    plan = importing.plan_import(importing.decode(csv_file.read()), cohort.id)
    with force_locale(terminal_language()):
        if plan.problem:
            click.echo(str(IMPORT_PROBLEMS[plan.problem]), err=True)
            sys.exit(1)
        if plan.unknown_columns:
            click.echo(f"ignored columns: {', '.join(plan.unknown_columns)}")
        for row in plan.rows:
            outcome = str(IMPORT_OUTCOMES[row.outcome])
            reason = f": {IMPORT_REASONS[row.reason]}" if row.reason else ""
            email = row.email or row.cells.get("email", "")
            click.echo(f"row {row.line:>5}  {email:<40} {outcome}{reason}")
    summary = {name: plan.count(name) for name in IMPORT_OUTCOMES}
    click.echo(" ".join(f"{name}={count}" for name, count in summary.items()))
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    try:
        created = importing.apply_import(plan, cohort.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Enrolled {len(plan.valid_rows)}; skipped {len(plan.error_rows)} rows in error.")
    if created:
        days = auth_service.password_link_days()
        click.echo(f"Links to set a password (single use, {days} days):")
        for user, token in created:
            click.echo(f"  {user.email}  {public_url('auth.set_password', token=token)}")
