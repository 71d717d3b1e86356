"""`lms cohorts`: run cohorts from the command line, in the language of the terminal (LANG)."""

from __future__ import annotations

import sys
from datetime import date

import click
from babel.lists import format_list
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth import service as auth_service
from lms.cohorts import importing, service
from lms.cohorts.forms import DATE_PROBLEMS
from lms.cohorts.messages import (
    COHORT_STATUSES,
    IMPORT_OUTCOMES,
    IMPORT_PROBLEMS,
    IMPORT_REASONS,
    import_counts,
)
from lms.core.catalogue import current_catalogue
from lms.core.guard import has_control_characters
from lms.core.urls import public_url
from lms.core.validation import cohort_dates_problem, is_language, is_time_zone
from lms.extensions import db
from lms.i18n import current_language, date_range, terminal_language
from lms.languages import LANGUAGES
from lms.models import Cohort
from lms.records.enrolment import enrolled_counts

__all__ = ["cohorts", "find_cohort", "terminal_language"]

MAX_NAME = 200


def find_cohort(reference: str) -> Cohort:
    """A cohort by id, enrolment code or exact name."""
    query = select(Cohort)
    if reference.isdigit():
        cohort = db.session.get(Cohort, int(reference))
    else:
        cohort = db.session.scalar(query.where(Cohort.enrolment_code == reference.upper()))
        cohort = cohort or db.session.scalar(query.where(Cohort.name == reference))
    if cohort is None:
        with force_locale(terminal_language()):
            message = _(
                "No cohort “%(reference)s” (give its id, code or name).", reference=reference
            )
        raise click.ClickException(message)
    return cohort


@click.group()
def cohorts() -> None:
    """Cohorts: list, create, enrol learners from a CSV, add facilitators."""


@cohorts.command("list")
@with_appcontext
def list_cohorts() -> None:
    """Name, code, dates, status and learner count of every cohort."""
    rows = db.session.scalars(select(Cohort).order_by(Cohort.starts_on, Cohort.id)).all()
    counts = enrolled_counts(cohort.id for cohort in rows)
    with force_locale(terminal_language()):
        if not rows:
            click.echo(_("No cohort yet."))
        for cohort in rows:
            learners = counts[cohort.id]
            line = ngettext(
                "%(name)s · code %(code)s · %(dates)s · %(status)s · %(num)d learner",
                "%(name)s · code %(code)s · %(dates)s · %(status)s · %(num)d learners",
                learners,
                name=cohort.name,
                code=cohort.enrolment_code or "—",
                dates=date_range(cohort.starts_on, cohort.ends_on),
                status=COHORT_STATUSES[service.status(cohort)],
            )
            click.echo(f"{cohort.id:>4}  {line}")


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
    with force_locale(terminal_language()):
        _create(name, starts_on, ends_on, language, timezone, modules, facilitators, published)


def _create(name, starts_on, ends_on, language, timezone, modules, facilitators, published):
    catalogue = current_catalogue()
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or has_control_characters(name):
        raise click.BadParameter(
            ngettext(
                "Give a name of 1 to %(num)d character.",
                "Give a name of 1 to %(num)d characters.",
                MAX_NAME,
            ),
            param_hint="--name",
        )
    if not is_language(language):
        codes = format_list(list(LANGUAGES), style="or", locale=current_language())
        raise click.BadParameter(
            _("“%(value)s” is not one of %(codes)s.", value=language, codes=codes),
            param_hint="--language",
        )
    if not is_time_zone(timezone):
        raise click.BadParameter(
            _("“%(value)s” is not a time zone such as America/Bogota.", value=timezone),
            param_hint="--timezone",
        )
    problem = cohort_dates_problem(starts_on.date(), ends_on.date())
    if problem:
        raise click.BadParameter(str(DATE_PROBLEMS[problem]), param_hint="--ends")
    plans = []
    for spec in modules or [module.slug for module in catalogue.modules]:
        slug, _colon, opens = spec.partition(":")
        if catalogue.get(slug) is None:
            raise click.BadParameter(
                _("There is no module “%(slug)s”.", slug=slug), param_hint="--module"
            )
        try:
            opens_on = date.fromisoformat(opens) if opens else None
        except ValueError:
            raise click.BadParameter(
                _("“%(value)s” is not a date such as 2023-08-14.", value=opens),
                param_hint="--module",
            ) from None
        plans.append(service.ModulePlan(slug, opens_on))
    people = []
    for email in facilitators:
        user = auth_service.find_user_by_email(email)
        if user is None:
            raise click.BadParameter(
                _("No account for %(email)s.", email=email), param_hint="--facilitator"
            )
        people.append(user)
    cohort = service.create_cohort(
        name=name, language=language, starts_on=starts_on.date(), ends_on=ends_on.date(),
        timezone=timezone, modules=plans, facilitators=people, published=published,
    )  # fmt: skip
    db.session.commit()
    click.echo(_("Created cohort %(id)d: %(name)s", id=cohort.id, name=cohort.name))


@cohorts.command("add-facilitator")
@click.argument("cohort_ref", metavar="COHORT")
@click.argument("email")
@with_appcontext
def add_facilitator(cohort_ref: str, email: str) -> None:
    """Make EMAIL a facilitator of COHORT (id, code or name)."""
    cohort = find_cohort(cohort_ref)
    user = auth_service.find_user_by_email(email)
    with force_locale(terminal_language()):
        if user is None:
            raise click.ClickException(
                _("No account for %(email)s; create it with `lms users create`.", email=email)
            )
        added = service.add_facilitator(cohort, user)
        db.session.commit()
        if added:
            message = _(
                "%(email)s now facilitates %(cohort)s.", email=user.email, cohort=cohort.name
            )
        else:
            message = _(
                "%(email)s already facilitates %(cohort)s.", email=user.email, cohort=cohort.name
            )
        click.echo(message)


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
        _import(plan, cohort, dry_run)


def _import(plan: importing.ImportPlan, cohort: Cohort, dry_run: bool) -> None:
    if plan.problem:
        click.echo(str(IMPORT_PROBLEMS[plan.problem]), err=True)
        sys.exit(1)
    if plan.unknown_columns:
        columns = format_list(plan.unknown_columns, locale=current_language())
        click.echo(
            _("These columns are not used and will be ignored: %(columns)s", columns=columns)
        )
    for row in plan.rows:
        if row.reason:
            outcome = _("Error: %(reason)s", reason=IMPORT_REASONS[row.reason])
        else:
            outcome = str(IMPORT_OUTCOMES[row.outcome])
        email = row.email or row.cells.get("email", "")
        click.echo(_("Row %(number)d · %(email)s · %(outcome)s", number=row.line, email=email,
                     outcome=outcome))  # fmt: skip
    for count in import_counts(plan):
        click.echo(count)
    if dry_run:
        click.echo(_("Dry run: nothing was written."))
        return
    try:
        created = importing.apply_import(plan, cohort.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    enrolled, skipped = len(plan.valid_rows), len(plan.error_rows)
    click.echo(ngettext("%(num)d person is enrolled.", "%(num)d people are enrolled.", enrolled))
    click.echo(
        ngettext(
            "%(num)d row with an error was skipped.",
            "%(num)d rows with an error were skipped.",
            skipped,
        )
    )
    if created:
        click.echo(
            ngettext(
                "Links to set a password (each works once, for %(num)d day):",
                "Links to set a password (each works once, for %(num)d days):",
                auth_service.password_link_days(),
            )
        )
        for user, token in created:
            click.echo(f"  {user.email}  {public_url('auth.set_password', token=token)}")
