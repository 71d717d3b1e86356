"""`lms db backup PATH` and `lms db restore PATH`: consistent copies of a live database.

SQLite: the backup API copies the database page by page while the app runs, writes still in the
write-ahead log included (copying the file would miss them). PostgreSQL: pg_dump and pg_restore,
in PostgreSQL's own custom format.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate.cli import db as db_group
from sqlalchemy.engine import make_url

from lms.extensions import db


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _plain_postgres_url() -> str:
    """The URL as the PostgreSQL tools take it (no SQLAlchemy driver in the scheme)."""
    return _url().set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise OSError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def backup(target: Path) -> None:
    url = _url()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database or "")
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        subprocess.run(  # noqa: S603 - our own settings, no shell
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target),
             _plain_postgres_url()],
            check=True, capture_output=True,
        )  # fmt: skip


def restore(source: Path) -> None:
    """Replace the database's content with a backup's (stop the app first)."""
    db.session.remove()
    db.engine.dispose()
    url = _url()
    if url.get_backend_name() == "sqlite":
        origin = sqlite3.connect(source)
        destination = sqlite3.connect(url.database or "")
        try:
            with destination:
                origin.backup(destination)
        finally:
            destination.close()
            origin.close()
    else:
        subprocess.run(  # noqa: S603 - our own settings, no shell
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--dbname", _plain_postgres_url(), str(source)],
            check=True, capture_output=True,
        )  # fmt: skip


@db_group.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the live database to PATH."""
    try:
        backup(path)
    except (sqlite3.Error, subprocess.CalledProcessError, OSError) as error:
        detail = getattr(error, "stderr", b"") or str(error).encode()
        raise click.ClickException(f"The backup failed: {detail.decode().strip()}") from None
    click.echo(f"Backup written to {path}.")


@db_group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's content with the backup at PATH (stop the app first)."""
    if not yes:
        click.confirm("Every record now in the database will be replaced. Go on?", abort=True)
    try:
        restore(path)
    except (sqlite3.Error, subprocess.CalledProcessError, OSError) as error:
        detail = getattr(error, "stderr", b"") or str(error).encode()
        raise click.ClickException(f"The restore failed: {detail.decode().strip()}") from None
    click.echo(f"Database restored from {path}.")
