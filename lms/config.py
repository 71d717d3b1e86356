"""Configuration: safe local defaults, then environment variables, then explicit overrides."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def instance_path() -> str:
    """Where the SQLite database and the secret key live: instance/ beside the package."""
    return os.environ.get("LMS_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")


def defaults(instance_path: str) -> dict:
    return {
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'lms.sqlite3'}",
        "CONTENT_DIR": str(PROJECT_ROOT / "content"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # argon2id; argon2-cffi's defaults are the RFC 9106 low-memory profile (64 MiB).
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 65536,
        "ARGON2_PARALLELISM": 4,
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,  # the largest request body: a CSV of learners
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_LEVEL": 4,  # 70 bytes more than 6 on a lesson page, for 40% less time
        "COMPRESS_ALGORITHM": ["gzip", "deflate"],
        # A signed-in person's page asked for again, answered from memory (lms.core.replay):
        # for at most this long (0: never), within this much memory per process.
        "REPLAY_SECONDS": 60,
        "REPLAY_BYTES": 32 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "PASSWORD_LINK_DAYS": 14,  # how long a link to set a first password works
        "PASSWORD_RESET_HOURS": 24,  # how long a link to reset a forgotten password works
        # Rate limits (Flask-Limiter): memory:// counts per process, redis:// across all of them.
        "RATELIMIT_STORAGE_URI": "memory://",
        "JOBS_QUEUE": "lms",  # the queue's name in Redis, when REDIS_URL is set
        # Beyond these sizes a file is made by a background job, then downloaded from its page.
        "BACKGROUND_IMPORT_ROWS": 300,
        "BACKGROUND_REPORT_LEARNERS": 1000,
        "PROXY_FIX": False,  # True behind exactly one reverse proxy that sets X-Forwarded-*
        "RATELIMIT_HEADERS_ENABLED": True,  # Retry-After and X-RateLimit-* on answers
        "RATELIMIT_LOGIN": "30 per minute",  # per address, every attempt
        "RATELIMIT_LOGIN_ACCOUNT": "10 per 15 minutes",  # per account, failed attempts only
        "RATELIMIT_SIGNUP": "10 per hour",
        "RATELIMIT_RESET": "5 per hour",  # per address and per account
        "RATELIMIT_JOIN": "20 per hour",  # wrong or right codes, per address and per account
        "PUBLIC_URL": "http://127.0.0.1:5000",  # for links made outside a request
        # Privacy. Accounts with no activity for this many months are given notice, then
        # anonymised after RETENTION_NOTICE_DAYS, by `lms privacy retention` (None: never).
        "RETENTION_INACTIVE_MONTHS": None,
        "RETENTION_NOTICE_DAYS": 30,
        "AUDIT_KEEP_MONTHS": 24,  # audit rows older than this go at each retention run
        "DATA_EXPORT_HOURS": 24,  # how long the link to a person's prepared data works
        "BACKGROUND_EXPORT_RECORDS": 2000,  # beyond this, a person's data is made by a job
    }


ENVIRONMENT: dict[str, Callable[[str], object]] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "CONTENT_DIR": str,
    "SESSION_COOKIE_SECURE": lambda value: value.lower() in ("1", "true", "yes"),
    "PUBLIC_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_FROM": str,
    "MAIL_USE_TLS": lambda value: value.lower() in ("1", "true", "yes"),
    "REDIS_URL": str,
    "JOBS_QUEUE": str,
    "PROXY_FIX": lambda value: value.lower() in ("1", "true", "yes"),
    "RATELIMIT_KEY_PREFIX": str,  # for two sites sharing one Redis
    "RETENTION_INACTIVE_MONTHS": int,
    "RETENTION_NOTICE_DAYS": int,
    "AUDIT_KEEP_MONTHS": int,
    "DATA_EXPORT_HOURS": int,
    "REPLAY_SECONDS": int,
}


def from_environment() -> dict:
    found = {key: parse(os.environ[key]) for key, parse in ENVIRONMENT.items() if key in os.environ}
    if "REDIS_URL" in found:  # rate limits shared by every process
        found["RATELIMIT_STORAGE_URI"] = found["REDIS_URL"]
    return found


def database_uri(url: str) -> str:
    """psycopg 3 is our PostgreSQL driver, whatever scheme the URL was written with."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def read_secret_key(instance_path: str) -> str | None:
    path = Path(instance_path) / SECRET_KEY_FILE
    return path.read_text().strip() if path.is_file() else None


def ensure_secret_key(instance_path: str) -> None:
    """Generate the instance's secret key on first run (called by the CLI, not by create_app)."""
    if "SECRET_KEY" in os.environ:
        return
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32))
