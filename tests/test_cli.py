"""The `lms` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from lms.cli import cli
from lms.demo import DEMO_ACCOUNTS
from lms.extensions import db
from lms.models import LessonProgress, User
from tests.content.builders import valid_files, write_module

LMS = str(Path(sys.executable).with_name("lms"))


def run_lms(*args: str, env: dict | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [LMS, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def broken_content(tmp_path: Path) -> Path:
    files = valid_files()
    del files["es/second-lesson.md"]
    return write_module(tmp_path, files)


def test_content_check_passes_on_the_course():
    result = run_lms("content", "check")
    assert result.returncode == 0, result.stderr
    assert "Content is valid." in result.stdout


def test_content_check_fails_with_one_line_per_problem(tmp_path):
    result = run_lms("content", "check", "--dir", str(broken_content(tmp_path)))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].endswith(
        "module.yaml:12: lesson 'second-lesson' has no file es/second-lesson.md"
    )
    assert lines[-1] == "1 content problem found."


def test_the_app_refuses_to_start_on_invalid_content_without_a_traceback(tmp_path):
    result = run_lms("routes", env={"CONTENT_DIR": str(broken_content(tmp_path))})
    assert result.returncode == 1
    assert "has no file es/second-lesson.md" in result.stderr
    assert "Traceback" not in result.stderr


def test_users_create_reads_the_password_from_stdin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        cli,
        ["users", "create", "--email", "Fac@Example.org", "--role", "facilitator",
         "--password-stdin"],
        input="a long enough password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role) == ("fac@example.org", "facilitator")
    again = runner.invoke(
        cli,
        ["users", "create", "--email", "fac@example.org", "--password-stdin"],
        input="a long enough password\n",
    )
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_users_create_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        cli, ["users", "create", "--email", "a@example.org", "--password-stdin"], input="short\n"
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None


def test_demo_load_is_idempotent_and_prints_the_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(cli, ["demo", "load"])
    second = runner.invoke(cli, ["demo", "load"])
    assert first.exit_code == second.exit_code == 0
    for account in DEMO_ACCOUNTS:
        assert account.email in second.output
        assert account.password in second.output
    assert len(db.session.scalars(select(User)).all()) == len(DEMO_ACCOUNTS)
    assert db.session.scalars(select(LessonProgress)).all()
