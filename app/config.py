"""Configuration classes. Every setting can be overridden from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = PROJECT_ROOT / "instance"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain PostgreSQL URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_path: Path = INSTANCE_PATH) -> str:
    """Read the development secret key from the instance folder, creating it once."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


class BaseConfig:
    APP_NAME = "Borgernet"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_PATH / 'borgernet.sqlite'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL connection pool, per app-server process (see engine_options below). One
    # connection per gunicorn thread plus a little headroom; pre-ping replaces connections a
    # database restart has closed, so the pool survives one.
    DB_POOL_SIZE = _env_int("DB_POOL_SIZE", 5)
    DB_MAX_OVERFLOW = _env_int("DB_MAX_OVERFLOW", 5)
    DB_POOL_RECYCLE = _env_int("DB_POOL_RECYCLE", 1800)  # seconds
    DB_POOL_TIMEOUT = _env_int("DB_POOL_TIMEOUT", 10)  # seconds to wait for a free connection
    DB_CONNECT_TIMEOUT = _env_int("DB_CONNECT_TIMEOUT", 5)  # seconds
    # Keep bound values (e-mail addresses, texts) out of database error messages and logs.
    DB_HIDE_PARAMETERS = False
    # Seconds a client is asked to wait (Retry-After) when the database cannot be reached.
    DB_OUTAGE_RETRY_AFTER = _env_int("DB_OUTAGE_RETRY_AFTER", 30)
    # Password reset and other mailed links are built from this, never from the Host header.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")

    LANGUAGES = ("da", "en")
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    SESSION_COOKIE_NAME = "borgernet_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "borgernet_remember"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds
    EMAIL_CONFIRM_MAX_AGE = 60 * 60 * 24  # seconds: the link mailed at sign-up or change of e-mail
    HSTS = False

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    # Where people write with questions about Borgernet itself (the contact page, /om/kontakt).
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "kontakt@borgernet.example")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Borgernet <noreply@borgernet.local>")
    MAIL_TIMEOUT = 10
    # Without MAIL_SERVER a mail is dropped with a log line naming only its kind ("e-mail
    # reset_password"): no log line ever carries a body or a link. Production refuses to start
    # without MAIL_SERVER unless mail is explicitly off with MAIL_DISABLED=1 (nobody can then
    # reset a forgotten password). Development writes each mail to MAIL_OUTBOX instead.
    MAIL_DISABLED = _env_bool("MAIL_DISABLED", False)
    MAIL_OUTBOX = ""

    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Public pages for visitors who are not logged in are kept this many seconds in Redis
    # (REDIS_URL, or PAGE_CACHE_REDIS_URL); every committed write makes them stale at once.
    # 0 or no Redis: off. See app/core/pagecache.py.
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 10)
    PAGE_CACHE_REDIS_URL = os.environ.get("PAGE_CACHE_REDIS_URL", "")
    PAGE_CACHE_KEY_PREFIX = os.environ.get("PAGE_CACHE_KEY_PREFIX", "borgernet:")
    PAGE_CACHE_ENDPOINTS = frozenset({
        "pages.home", "pages.info", "networks.list_networks", "forum.show_network",
        "forum.show_thread", "proposals.list_proposals", "proposals.top_proposals",
        "proposals.show_proposal", "proposals.list_revisions",
    })
    # Rendered post cards, thread rows and empty reply forms kept in each worker's memory, keyed
    # by all they show (so never stale; app/core/fragments.py). About 0.3-4 KB each; 0: off.
    FRAGMENT_CACHE_SIZE = _env_int("FRAGMENT_CACHE_SIZE", 5000)
    # Background jobs (app/core/jobs.py): the queue lives in this Redis and `flask jobs work`
    # runs them. Without it, jobs run in the request. A failed job is tried again after each
    # of these pauses (seconds); 19 minutes in all stays inside a reset link's hour.
    JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL", "") or REDIS_URL
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "borgernet")
    JOBS_RETRY_INTERVALS: tuple[int, ...] = (10, 30, 60, 120, 300, 600)
    JOBS_TIMEOUT = 60
    # A job holds what it sends (a reset link, say): a delivered one is deleted at once, a
    # failed one is kept a week to be looked at (`flask jobs status`); its link expired long ago.
    JOBS_RESULT_TTL = 0
    JOBS_FAILURE_TTL = 60 * 60 * 24 * 7
    # How many proxies in front of the app append to X-Forwarded-For (nginx: 1). The rate
    # limits then count the client the nearest proxy saw, not the proxy. 0 (default): the
    # header is ignored, as it must be when clients can reach the app without the proxy.
    TRUSTED_PROXY_HOPS = _env_int("TRUSTED_PROXY_HOPS", 0)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    RATELIMIT_STRATEGY = "fixed-window"
    # Limits on abuse-prone endpoints (Flask-Limiter syntax).
    LIMIT_LOGIN_IP = os.environ.get("LIMIT_LOGIN_IP", "20 per 10 minutes")
    LIMIT_LOGIN_ACCOUNT = os.environ.get("LIMIT_LOGIN_ACCOUNT", "5 per 10 minutes")
    LIMIT_REGISTER = os.environ.get("LIMIT_REGISTER", "5 per hour")
    LIMIT_PASSWORD_RESET = os.environ.get("LIMIT_PASSWORD_RESET", "5 per hour")
    LIMIT_CONFIRM_RESEND = os.environ.get("LIMIT_CONFIRM_RESEND", "3 per hour")
    LIMIT_EMAIL_CHANGE = os.environ.get("LIMIT_EMAIL_CHANGE", "5 per hour")
    # Export and deletion of one's own data: each needs the password again.
    LIMIT_PRIVACY = os.environ.get("LIMIT_PRIVACY", "5 per hour")
    # An admin opening a person's e-mail address (each opening is logged): per admin.
    LIMIT_EMAIL_REVEAL = os.environ.get("LIMIT_EMAIL_REVEAL", "20 per hour")
    # A person whose export has more rows than this gets it built by the job queue, as a
    # link that works for PRIVACY_EXPORT_MAX_AGE seconds; smaller exports come at once.
    PRIVACY_EXPORT_INLINE_MAX_ROWS = _env_int("PRIVACY_EXPORT_INLINE_MAX_ROWS", 2000)
    PRIVACY_EXPORT_MAX_AGE = 60 * 60 * 24
    # A deleted profile's pseudonym can be taken again only after this many days.
    PSEUDONYM_QUARANTINE_DAYS = 90
    LIMIT_TWO_FACTOR = os.environ.get("LIMIT_TWO_FACTOR", "10 per 10 minutes")
    LIMIT_NEW_THREAD = os.environ.get("LIMIT_NEW_THREAD", "10 per hour")
    LIMIT_REPLY = os.environ.get("LIMIT_REPLY", "60 per hour")
    LIMIT_REACT = os.environ.get("LIMIT_REACT", "300 per hour")
    LIMIT_JOIN = os.environ.get("LIMIT_JOIN", "30 per hour")
    LIMIT_VOTE = os.environ.get("LIMIT_VOTE", "120 per hour")
    LIMIT_VOLUNTEER = os.environ.get("LIMIT_VOLUNTEER", "20 per hour")
    # Answering a survey: one answer is about six pages; a job centre's waiting room shares an address.
    LIMIT_SURVEY = os.environ.get("LIMIT_SURVEY", "300 per hour")

    # "text" (default) or "json": one JSON object per line, plus one line per request with
    # method, path, status and duration only (no addresses, no user ids: minimal logs).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
    # Browser cache lifetime for fingerprinted static URLs (?v=<content hash>), in seconds.
    # None: revalidate every time (development). Unfingerprinted URLs always revalidate.
    STATIC_MAX_AGE: int | None = None
    LIMIT_REPORT = "30 per hour"

    DEMO_DATA_ALLOWED = True
    REQUIRE_SECRET_KEY = False
    TESTING = False
    DEBUG = False


class DevConfig(BaseConfig):
    DEBUG = False  # the debugger would expose a console; turn it on with FLASK_DEBUG=1 if wanted
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX", str(INSTANCE_PATH / "mail"))


class TestConfig(BaseConfig):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or "sqlite://"
    )
    BASE_URL = "http://borgernet.test"
    RATELIMIT_STORAGE_URI = "memory://"
    PAGE_CACHE_SECONDS = 0  # tests of the page cache turn it on with their own Redis prefix
    JOBS_REDIS_URL = ""  # jobs run in the request; tests of the queue set their own Redis
    MAIL_SERVER = ""
    ARGON2_FAST = True


class ProdConfig(BaseConfig):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    DEMO_DATA_ALLOWED = False
    REQUIRE_SECRET_KEY = True
    PREFERRED_URL_SCHEME = "https"
    DB_HIDE_PARAMETERS = True
    STATIC_MAX_AGE = 60 * 60 * 24 * 365


CONFIGS = {"development": DevConfig, "testing": TestConfig, "production": ProdConfig}


def resolve_config(name: str | None = None) -> type[BaseConfig]:
    name = name or os.environ.get("BORGERNET_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown BORGERNET_ENV {name!r}; use one of {sorted(CONFIGS)}") from None


MIN_SECRET_KEY_LENGTH = 32


def finalise_config(config: dict, instance_path: Path) -> None:
    """Settle what depends on the final settings, then refuse an unsafe production set-up."""
    finalise_secret_key(config, instance_path)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config)
    if config.get("REQUIRE_SECRET_KEY"):  # the mark of the production configuration
        check_production_config(config)


def engine_options(config: dict) -> dict:
    """Pool settings for PostgreSQL; SQLite keeps SQLAlchemy's defaults (and works in tests)."""
    options = {"pool_pre_ping": True, **(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}
    if config.get("DB_HIDE_PARAMETERS"):
        options.setdefault("hide_parameters", True)
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        options.setdefault("pool_size", config["DB_POOL_SIZE"])
        options.setdefault("max_overflow", config["DB_MAX_OVERFLOW"])
        options.setdefault("pool_recycle", config["DB_POOL_RECYCLE"])
        options.setdefault("pool_timeout", config["DB_POOL_TIMEOUT"])
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", config["DB_CONNECT_TIMEOUT"])
        options["connect_args"] = connect_args
    return options


def check_production_config(config: dict) -> None:
    """Refuse to start the production configuration in an unsafe shape."""
    problems = []
    if len(config.get("SECRET_KEY") or "") < MIN_SECRET_KEY_LENGTH:
        problems.append(f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters "
                        "(python -c 'import secrets; print(secrets.token_hex(32))')")
    # FLASK_DEBUG is read by `flask run` after the factory, so it is checked here as well.
    if config.get("DEBUG") or _env_bool("FLASK_DEBUG", False):
        problems.append("debug mode is on (DEBUG / FLASK_DEBUG); it exposes a code console")
    if config.get("TESTING"):
        problems.append("TESTING is on")
    if not config.get("MAIL_SERVER") and not config.get("MAIL_DISABLED"):
        problems.append("MAIL_SERVER is not set; set it, or MAIL_DISABLED=1 to run without "
                        "e-mail (then nobody can reset a forgotten password)")
    if problems:
        raise RuntimeError("Refusing to start the production configuration: " + "; ".join(problems))


def finalise_secret_key(config: dict, instance_path: Path) -> None:
    """Fill SECRET_KEY from the environment, or from the instance folder outside production."""
    env_key = os.environ.get("SECRET_KEY")
    if env_key:
        config["SECRET_KEY"] = env_key
    if config.get("SECRET_KEY"):
        return
    if config.get("REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in the environment in production")
    config["SECRET_KEY"] = instance_secret_key(instance_path)
