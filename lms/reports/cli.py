"""`lms reports completion COHORT --format csv|xlsx --output FILE`."""

from __future__ import annotations

import shutil

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from lms.cohorts.cli import find_cohort
from lms.core.catalogue import cohort_modules
from lms.i18n import terminal_language
from lms.reports import exports, service


@click.group()
def reports() -> None:
    """Reports on cohorts."""


@reports.command("completion")
@click.argument("cohort_ref", metavar="COHORT")
@click.option("--format", "file_format", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def completion(cohort_ref: str, file_format: str, output: str) -> None:
    """Write the completion report of COHORT (id, code or name) to FILE."""
    cohort = find_cohort(cohort_ref)
    modules = cohort_modules(cohort)
    rows = service.report_rows(cohort, modules)
    with force_locale(terminal_language()):
        if file_format == "csv":
            with open(output, "w", encoding="utf-8", newline="") as file:
                for chunk in exports.csv_lines(rows, cohort, modules):
                    file.write(chunk)
        else:
            with exports.xlsx_file(rows, cohort, modules) as workbook, open(output, "wb") as file:
                shutil.copyfileobj(workbook, file)
        click.echo(_("Wrote %(file)s", file=output))
