"""The `lms` command."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.cli import cli
from lms.cohorts import service
from lms.demo import DEMO_ACCOUNTS
from lms.demo_cohort import LEARNERS
from lms.extensions import db
from lms.models import Cohort, LessonProgress, LiveSession, ModuleCompletion, User
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
    assert len(db.session.scalars(select(User)).all()) == len(DEMO_ACCOUNTS) + len(LEARNERS)
    assert db.session.scalars(select(LessonProgress)).all()


def test_the_demo_cohort_is_modelled_on_the_latin_american_course(app):
    app.test_cli_runner().invoke(cli, ["demo", "load"])
    cohort = db.session.scalar(select(Cohort))
    assert (cohort.starts_on, cohort.ends_on, cohort.timezone, cohort.language) == (
        date(2023, 8, 14), date(2023, 9, 8), "America/Bogota", "es"
    )  # fmt: skip
    assert [item.opens_on for item in cohort.modules] == [
        date(2023, 8, 14), date(2023, 8, 21), date(2023, 8, 28), date(2023, 9, 4)
    ]  # fmt: skip
    [live] = db.session.scalars(select(LiveSession)).all()
    assert live.starts_at.astimezone(ZoneInfo("America/Bogota")).date() == date(2023, 8, 31)
    assert len(live.speakers.splitlines()) == 2
    facilitator = db.session.scalar(select(User).where(User.email == "facilitator@example.org"))
    assert service.facilitates(facilitator, cohort.id)
    assert 20 <= service.enrolled_count(cohort.id) <= 30
    countries = set(db.session.scalars(select(User.country).where(User.country != "")))
    assert len(countries) >= 10
    completions = db.session.scalars(select(ModuleCompletion.user_id)).all()
    assert 0 < len(set(completions)) < service.enrolled_count(cohort.id)


def test_cohorts_commands(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(cli, ["demo", "load"])
    created = runner.invoke(
        cli,
        ["cohorts", "create", "--name", "Pilot", "--starts", "2030-01-05", "--ends", "2030-02-05",
         "--language", "es", "--timezone", "America/Lima", "--module", "sse-game-changer",
         "--module", "decent-work-and-inclusion:2030-01-12", "--facilitator",
         "facilitator@example.org", "--published"],
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    listed = runner.invoke(cli, ["cohorts", "list"])
    assert "Pilot · code " in listed.output and " · 0 learners" in listed.output
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text("email;firstname;lang\nuno@example.org;Uno;es\nbad;Mal;es\n", "utf-8")
    dry = runner.invoke(cli, ["cohorts", "import-learners", "Pilot", str(csv_file), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Row 3 · bad · Error: The email address is not valid." in dry.output
    assert "1 new account" in dry.output and "1 row with an error" in dry.output
    assert "Dry run: nothing was written." in dry.output
    assert " · 0 learners" in runner.invoke(cli, ["cohorts", "list"]).output
    real = runner.invoke(cli, ["cohorts", "import-learners", "Pilot", str(csv_file)])
    assert "1 person is enrolled.\n1 row with an error was skipped." in real.output
    assert "/set-password/" in real.output
    added = runner.invoke(cli, ["cohorts", "add-facilitator", "Pilot", "admin@example.org"])
    assert "admin@example.org now facilitates Pilot." in added.output
    missing = runner.invoke(cli, ["cohorts", "add-facilitator", "Nope", "admin@example.org"])
    assert missing.exit_code != 0


def in_spanish(runner, *args: str) -> str:
    return runner.invoke(cli, list(args), env={"LANG": "es_CO.UTF-8", "LC_ALL": ""}).output


def demo_cohort() -> str:
    """The demo cohort's id (ids are not reused on PostgreSQL: never assume 1)."""
    return str(db.session.scalar(select(Cohort.id).order_by(Cohort.id)))


def test_the_facilitator_commands_speak_the_language_of_lang(app, tmp_path):
    """LANG=es_CO.UTF-8: dates, statuses, counts and the import's reasons in Spanish."""
    runner = app.test_cli_runner()
    runner.invoke(cli, ["demo", "load"])
    spanish = in_spanish(runner, "cohorts", "list")
    assert "14 ago\u2009–\u20098 sept 2023" in spanish  # a range of Spanish dates
    assert "Inscripciones abiertas" in spanish or "En curso" in spanish or "Finalizada" in spanish
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text("email;firstname;lang\nuno@example.org;Uno;es\nbad;Mal;es\n", "utf-8")
    cohort = demo_cohort()
    dry = in_spanish(runner, "cohorts", "import-learners", cohort, str(csv_file), "--dry-run")
    assert "La dirección de correo electrónico no es válida." in dry
    assert "1 cuenta nueva" in dry
    refused = in_spanish(
        runner, "cohorts", "create", "--name", "X", "--starts", "2024-02-01", "--ends", "2024-01-01"
    )
    assert "La fecha de finalización no puede ser anterior a la fecha de inicio." in refused


def test_no_line_a_facilitator_reads_stays_in_english_under_lang_es(app, tmp_path):
    """No piece of English interface text (as the page tests look for it) in what is printed."""
    from tests.i18n.test_pages_in_every_language import english_fragments

    runner = app.test_cli_runner()
    runner.invoke(cli, ["demo", "load"])
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text(
        "email;firstname;lang;extra\nuno@example.org;Uno;es;x\nbad;Mal;es;y\n", "utf-8"
    )
    printed = "\n".join(
        in_spanish(runner, *args)
        for args in (
            ["cohorts", "list"],
            ["cohorts", "import-learners", demo_cohort(), str(csv_file), "--dry-run"],
            ["cohorts", "import-learners", demo_cohort(), str(csv_file)],
            ["cohorts", "add-facilitator", demo_cohort(), "admin@example.org"],
            ["cohorts", "add-facilitator", "Nope", "admin@example.org"],
            ["cohorts", "create", "--name", "Piloto", "--starts", "2030-01-05", "--ends",
             "2030-02-05", "--timezone", "America/Lima"],
            ["users", "create", "--email", "nuevo@example.org", "--password-stdin"],
        )
    )  # fmt: skip
    left = [fragment for fragment in english_fragments("es") if fragment in printed]
    assert left == []
