"""SSE Academy course player."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from lms import config as settings
from lms.content import Catalogue, load_catalogue
from lms.core import form_tokens
from lms.core.application import Application
from lms.core.assets import AssetStore
from lms.core.cookie_session import CookieSessions
from lms.core.direct_reads import DirectReads
from lms.core.guard import BoundedIntegerConverter
from lms.core.identity import STAMP_BY_ID
from lms.core.page_cache import PageCache, build_version
from lms.core.replay import ReplayCache
from lms.extensions import babel, compress, csrf, db, login_manager, migrate


def create_app(config: dict | None = None, catalogue: Catalogue | None = None) -> Flask:
    """Build the app. No side effects: no migrations, no files written, no network.

    The course content is read from CONTENT_DIR unless an already loaded (immutable) catalogue is
    given. Raises lms.content.ContentError when the course content is invalid.
    """
    app = Application(
        __name__,
        instance_path=settings.instance_path(),
        instance_relative_config=True,
        static_folder=None,
    )
    app.session_interface = CookieSessions()
    app.config.from_mapping(settings.defaults(app.instance_path))
    app.config.from_mapping(settings.from_environment())
    app.config.from_mapping(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.read_secret_key(app.instance_path)
    if not app.config["SECRET_KEY"]:
        raise RuntimeError(
            "No secret key: set SECRET_KEY, or run any `lms` command once to create "
            f"{settings.SECRET_KEY_FILE} in {app.instance_path}."
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_uri(app.config["DATABASE_URL"])
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(app.config))

    app.extensions["lms.catalogue"] = catalogue or load_catalogue(app.config["CONTENT_DIR"])
    app.extensions["lms.assets"] = AssetStore(Path(__file__).parent / "static")
    app.extensions["lms.pages"] = PageCache()
    app.extensions["lms.build"] = build_version(Path(__file__).parent)
    _init_extensions(app)
    _register_blueprints(app)
    app.wsgi_app = ReplayCache(  # type: ignore[method-assign]
        app.wsgi_app,
        app.extensions["lms.direct_reads"],
        STAMP_BY_ID,
        seconds=app.config["REPLAY_SECONDS"],
        max_bytes=app.config["REPLAY_BYTES"],
    )
    app.extensions["lms.replay"] = app.wsgi_app
    if app.config["PROXY_FIX"]:
        # Trust X-Forwarded-For/-Proto/-Host from exactly one proxy: a second value would come
        # from the client, which may say anything.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    return app


def _engine_options(config: dict) -> dict:
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    return {"pool_pre_ping": True}


def _init_extensions(app: Flask) -> None:
    from lms import i18n
    from lms.core.database import configure_sqlite
    from lms.core.limits import limiter

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
        app.extensions["lms.direct_reads"] = DirectReads(db.engine)
    migrate.init_app(
        app, db, directory=str(settings.PROJECT_ROOT / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    form_tokens.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"


# Each capability's modules whose routes, handlers and hooks attach to its blueprint.
ROUTE_MODULES = (
    "lms.core.errors",
    "lms.core.guard",
    "lms.core.pages",
    "lms.core.views",
    "lms.auth.views",
    "lms.learn.views",
    "lms.quiz.views",
    "lms.library.views",
    "lms.cohorts.views",
    "lms.cohorts.learner_views",
    "lms.admin.views",
    "lms.admin.people",
    "lms.reports.views",
    "lms.certificates.views",
    "lms.privacy.views",
    "lms.packs.views",
    "lms.packs.paper_views",
)


def _register_blueprints(app: Flask) -> None:
    from lms.admin import blueprint as admin
    from lms.auth import blueprint as auth
    from lms.certificates import blueprint as certificates
    from lms.cohorts import blueprint as cohorts
    from lms.core import blueprint as core
    from lms.learn import blueprint as learn
    from lms.library import blueprint as library
    from lms.packs import blueprint as packs
    from lms.privacy import blueprint as privacy
    from lms.quiz import blueprint as quiz
    from lms.reports import blueprint as reports

    for name in ROUTE_MODULES:
        importlib.import_module(name)
    blueprints = (
        core,
        auth,
        learn,
        quiz,
        library,
        cohorts,
        admin,
        reports,
        certificates,
        privacy,
        packs,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
