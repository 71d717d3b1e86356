"""Fixtures: a real database (SQLite, or PostgreSQL with LMS_TEST_DATABASE=postgresql), the app,
clients, logged-in people and factories for data."""

from __future__ import annotations

import contextvars
import email
import email.policy
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import flask_migrate
import pytest
from aiosmtpd.controller import Controller
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, text

from lms import create_app
from lms.auth import service as auth_service
from lms.cohorts import service as cohort_service
from lms.config import PROJECT_ROOT
from lms.content import Catalogue, Module, load_catalogue
from lms.extensions import db
from lms.models import Base, User

PASSWORD = "correct horse battery"
CHEAP_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context, hence its own `g` and database session, as in
    production, although the test itself holds an app context for its factories and checks."""

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()  # end the test's own transaction: the request may need to write
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside the request's context
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test then reads what the request committed
        return response


def _test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if os.environ.get("LMS_TEST_DATABASE") == "postgresql":
        return os.environ["TEST_DATABASE_URL"]
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def make_config(database_url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        **CHEAP_HASHING,
        **overrides,
    }


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The course content, read once per test session: it is immutable once loaded."""
    return load_catalogue(PROJECT_ROOT / "content")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> str:
    """A database built by the migrations, once per test session."""
    url = _test_database_url(tmp_path_factory)
    app = create_app(make_config(url), catalogue)
    with app.app_context():
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Whatever an earlier run of another version left, tables of its own included.
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            else:
                Base.metadata.drop_all(connection)
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app_config(database_url: str) -> dict:
    """Override in a test module to change the configuration."""
    return make_config(database_url)


@pytest.fixture
def app(app_config: dict, catalogue: Catalogue) -> Iterator[Flask]:
    """An app around the session's catalogue; a test module that needs other content overrides
    `app_config` with its own CONTENT_DIR, which is then read."""
    own_content = app_config.get("CONTENT_DIR") not in (None, str(PROJECT_ROOT / "content"))
    app = create_app(app_config, None if own_content else catalogue)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """More apps for a test (other content, other settings), their connections closed after it."""
    made: list[Flask] = []

    def make(config: dict, catalogue: Catalogue | None = None) -> Flask:
        made.append(create_app(config, catalogue))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def module1(app: Flask) -> Module:
    return app.extensions["lms.catalogue"].get("sse-game-changer")


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 100_000))

    def make(
        email: str | None = None,
        role: str = "learner",
        name: str = "Test Person",
        locale: str | None = None,
        password: str = PASSWORD,
    ) -> User:
        email = email or f"person{next(counter)}@example.org"
        db.session.commit()  # passwords are hashed with no transaction open
        user = auth_service.create_user(
            email, name, auth_service.hash_password(password), role, locale
        )
        db.session.commit()
        return user

    return make


def log_in(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def session_cookie(client: FlaskClient) -> str:
    return client.get_cookie("session").value


@pytest.fixture
def learner(make_user) -> User:
    return make_user(email="learner@example.org", name="Amina Diallo")


@pytest.fixture
def learner_client(client: FlaskClient, learner: User) -> FlaskClient:
    response = log_in(client, learner.email)
    assert response.status_code == 302
    return client


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], list[str]]:
    """Call once to start counting SQL statements; returns the live list of statements."""

    def start() -> list[str]:
        statements: list[str] = []

        @event.listens_for(db.engine, "before_cursor_execute")
        def record(_conn, _cursor, statement, *_args) -> None:
            if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                statements.append(statement)

        app.extensions["lms.direct_reads"].listeners.append(statements.append)
        return statements

    return start


@contextmanager
def no_transaction_begun() -> Iterator[None]:
    """Checks that what the block sends opens no transaction through the application's sessions
    (its statements go on connections kept aside: lms.core.direct_reads)."""
    begun: list[object] = []
    listener = lambda connection: begun.append(connection)  # noqa: E731
    event.listen(db.engine, "begin", listener)
    try:
        yield
    finally:
        event.remove(db.engine, "begin", listener)
    assert begun == [], f"{len(begun)} transaction(s) begun"


def page_without_transactions(client: FlaskClient, url: str) -> str:
    """The page, checked to have been made without a database transaction (its reads are direct
    reads: lms.core.direct_reads)."""
    with no_transaction_begun():
        response = client.get(url)
    assert response.status_code == 200
    return response.data.decode()


def complete_lessons(client: FlaskClient, module: Module, lessons=None, lang: str | None = None):
    for lesson_id in lessons if lessons is not None else module.lesson_ids:
        query = f"?lang={lang}" if lang else ""
        response = client.post(f"/modules/{module.slug}/lessons/{lesson_id}/complete{query}")
        assert response.status_code == 302


# Cohorts

ALL_MODULES = ("sse-game-changer", "decent-work-and-inclusion", "follow-up-to-the-resolution",
               "sustainable-development")  # fmt: skip


@pytest.fixture
def make_cohort(app, make_user):
    def make(facilitator=None, *, published=True, starts_on=date(2023, 8, 14),
             ends_on=date(2030, 9, 8), openings=None, slugs=ALL_MODULES,
             **details):  # fmt: skip
        facilitator = facilitator or make_user(role="facilitator")
        openings = openings or {}
        cohort = cohort_service.create_cohort(
            name=details.pop("name", "Distance course, Latin America"),
            language=details.pop("language", "es"),
            starts_on=starts_on,
            ends_on=ends_on,
            timezone=details.pop("timezone", "America/Bogota"),
            modules=[cohort_service.ModulePlan(slug, openings.get(slug)) for slug in slugs],
            facilitators=[facilitator],
            published=published,
            **details,
        )
        db.session.commit()
        return cohort

    return make


@pytest.fixture
def facilitator(make_user):
    return make_user(email="facilitator@example.org", role="facilitator", name="Carla Facilitadora")


@pytest.fixture
def facilitator_client(client, facilitator):
    assert log_in(client, facilitator.email).status_code == 302
    return client


@pytest.fixture
def cohort(make_cohort, facilitator):
    return make_cohort(facilitator)


@pytest.fixture
def queue_name() -> str:
    """A queue in the machine's Redis of this test alone."""
    return f"lms-test-{os.getpid()}-{time.time_ns()}"


# Mail


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def inbox():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    yield box
    controller.stop()
