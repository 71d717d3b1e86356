"""The `lms` command: Flask's CLI bound to this app, plus our own groups."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from babel.lists import format_list
from babel.support import Translations
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from lms import config as settings
from lms.content import ContentError, load_catalogue
from lms.i18n import terminal_language
from lms.translate import TRANSLATIONS, translate


def _create_app():
    from lms import create_app

    settings.ensure_secret_key(settings.instance_path())
    try:
        return create_app()
    except ContentError as error:
        click.echo(error.report(), err=True)
        click.echo("The application cannot start until the content is fixed.", err=True)
        sys.exit(1)


cli = FlaskGroup(create_app=_create_app, help="SSE Academy course player.")


@cli.group()
def content() -> None:
    """Course content under content/."""


@content.command("check")
@click.option(
    "--dir",
    "content_dir",
    type=click.Path(file_okay=False),
    help="The content folder, holding modules/ (default: CONTENT_DIR, or content).",
)
def content_check(content_dir: str | None) -> None:
    """Validate all the content; print one line per problem and exit 1 if there is any."""
    content_dir = content_dir or settings.from_environment().get("CONTENT_DIR")
    content_dir = content_dir or settings.defaults(settings.instance_path())["CONTENT_DIR"]
    try:
        catalogue = load_catalogue(content_dir)
    except ContentError as error:
        click.echo(error.report(), err=True)
        sys.exit(1)
    # The summary in the language of the terminal (no app here: the catalogues are read directly).
    language = terminal_language()
    words = Translations.load(str(TRANSLATIONS), [language])
    for module in catalogue.modules:
        languages = module.available_languages
        lessons = len(module.lesson_ids)
        if languages:
            line = words.ngettext(
                "Module %(number)d (%(slug)s): %(num)d lesson, available in %(languages)s.",
                "Module %(number)d (%(slug)s): %(num)d lessons, available in %(languages)s.",
                lessons,
            )
        else:
            line = words.ngettext(
                "Module %(number)d (%(slug)s): %(num)d lesson, in no language yet.",
                "Module %(number)d (%(slug)s): %(num)d lessons, in no language yet.",
                lessons,
            )
        values = {"number": module.number, "slug": module.slug, "num": lessons}
        click.echo(line % {**values, "languages": format_list(languages, locale=language)})
    if catalogue.library:
        count = len(catalogue.library.resources)
        line = words.ngettext(
            "Resource library: %(num)d resource.", "Resource library: %(num)d resources.", count
        )
        click.echo(line % {"num": count})
    click.echo(words.gettext("Content is valid."))
    _warn_about_recorded_ids(catalogue)


@content.command("packs")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("packs"),
    show_default=True,
    help="The folder to write the packs to (created if needed).",
)
@with_appcontext
def content_packs(output: Path) -> None:
    """Write every module's packs (EPUB, HTML file, printable) in every available language."""
    from flask import current_app

    from lms.packs.build import every_pack
    from lms.packs.store import pack_store

    output.mkdir(parents=True, exist_ok=True)
    modules = list(current_app.extensions["lms.catalogue"].modules)
    count = 0
    for module, language, kind in every_pack(modules):
        pack = pack_store().get(module, language, kind)
        (output / pack.filename).write_bytes(pack.body)
        count += 1
    words = Translations.load(str(TRANSLATIONS), [terminal_language()])
    line = words.ngettext(
        "%(num)d pack written to %(folder)s.", "%(num)d packs written to %(folder)s.", count
    )
    click.echo(line % {"num": count, "folder": output})


def _warn_about_recorded_ids(catalogue) -> None:
    """Ids that learners' records carry but the content no longer declares, when the database
    can be reached: renaming or removing an id without saying so in module.yaml loses progress."""
    from lms import create_app
    from lms.records.orphans import orphan_ids, orphan_warning

    database_url = settings.from_environment().get("DATABASE_URL")
    default = settings.defaults(settings.instance_path())["DATABASE_URL"]
    if database_url is None and not Path(default.removeprefix("sqlite:///")).is_file():
        return  # no database yet, so no records to check
    app = create_app({"SECRET_KEY": "content-check"}, catalogue)
    with app.app_context():
        try:
            warnings = [orphan_warning(catalogue, orphan) for orphan in orphan_ids(catalogue)]
        except SQLAlchemyError:
            click.echo("The database could not be read: recorded ids were not checked.", err=True)
            return
    for warning in warnings:
        click.echo(warning, err=True)


@cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run background jobs from the queue in Redis (REDIS_URL); keep one running per machine."""
    from lms.core import jobs

    if not jobs.queued():
        raise click.ClickException("Set REDIS_URL: without a queue, jobs run in the app itself.")
    jobs.run_worker(burst=burst)


@cli.group()
def assets() -> None:
    """The static files (style sheet, icons, fonts)."""


@assets.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def assets_export(folder: Path) -> None:
    """Write the static files, under the names the pages use, to FOLDER, for the reverse proxy
    to serve at /static/ (run it again after each upgrade)."""
    from flask import current_app

    count = current_app.extensions["lms.assets"].export(folder)
    click.echo(f"{count} files written to {folder}.")


def _register_groups() -> None:
    import lms.core.backup  # noqa: F401 - adds backup and restore to `lms db`
    from lms.cohorts.cli import cohorts
    from lms.demo import demo
    from lms.privacy.cli import privacy
    from lms.reports.cli import reports
    from lms.users import users

    for group in (users, cohorts, reports, privacy, demo, translate):
        cli.add_command(group)


_register_groups()


def main() -> None:
    cli.main(prog_name="lms")
