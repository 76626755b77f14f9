"""The production configuration refuses an unsafe start; pool and gunicorn settings."""

from __future__ import annotations

import multiprocessing
import runpy
from pathlib import Path

import pytest

from app import create_app
from app.config import BaseConfig, ProdConfig, engine_options, normalise_database_url
from app.extensions import db

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def prod_config(database_url, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)

    class Config(ProdConfig):
        SQLALCHEMY_DATABASE_URI = normalise_database_url(database_url)
        MAIL_SERVER = "smtp.example.org"

    return Config


def test_production_starts_when_safe(prod_config):
    application = create_app(prod_config)
    assert application.config["STATIC_MAX_AGE"] == 60 * 60 * 24 * 365
    assert application.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("change, message", [
    ({"DEBUG": True}, "debug"),
    ({"TESTING": True}, "TESTING"),
])
def test_production_refuses_debug_and_testing(prod_config, change, message):
    unsafe = type("Unsafe", (prod_config,), change)
    with pytest.raises(RuntimeError, match=message):
        create_app(unsafe)


def test_production_refuses_flask_debug_from_the_environment(prod_config, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="debug"):
        create_app(prod_config)


def test_production_refuses_to_run_without_a_mail_server_unless_mail_is_off(prod_config):
    without_mail = type("WithoutMail", (prod_config,), {"MAIL_SERVER": ""})
    with pytest.raises(RuntimeError, match="MAIL_SERVER is not set.*MAIL_DISABLED=1"):
        create_app(without_mail)
    application = create_app(type("MailOff", (without_mail,), {"MAIL_DISABLED": True}))
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("key", [None, "", "too-short"])
def test_production_refuses_a_missing_or_weak_secret_key(prod_config, monkeypatch, key):
    if key is None:
        monkeypatch.delenv("SECRET_KEY")
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(prod_config)


def _settings(**overrides) -> dict:
    return {name: getattr(BaseConfig, name) for name in dir(BaseConfig) if name.isupper()} | overrides


def test_pool_settings_apply_to_postgresql_only():
    postgres = engine_options(_settings(
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://u@db/borgernet", DB_POOL_SIZE=7,
        DB_MAX_OVERFLOW=3, DB_POOL_RECYCLE=600, DB_POOL_TIMEOUT=4, DB_CONNECT_TIMEOUT=2))
    assert postgres == {"pool_pre_ping": True, "pool_size": 7, "max_overflow": 3,
                        "pool_recycle": 600, "pool_timeout": 4,
                        "connect_args": {"connect_timeout": 2}}
    sqlite = engine_options(_settings(SQLALCHEMY_DATABASE_URI="sqlite://"))
    assert sqlite == {"pool_pre_ping": True}


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    for name, value in {"WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "6", "PORT": "9123",
                        "GUNICORN_TIMEOUT": "45", "LOG_FORMAT": "json"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("BIND", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert (settings["workers"], settings["threads"], settings["worker_class"]) == (3, 6, "gthread")
    assert settings["bind"] == "127.0.0.1:9123" and settings["timeout"] == 45
    assert settings["accesslog"] is None and settings["preload_app"] is False
    assert settings["logconfig_dict"]["formatters"]["json"]["()"] == "app.ops.logs.JsonFormatter"
    monkeypatch.setenv("GUNICORN_THREADS", "1")
    assert runpy.run_path(str(GUNICORN_CONF))["worker_class"] == "sync"


def test_gunicorn_defaults_are_sync_workers_two_per_core_and_one(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert settings["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert (settings["threads"], settings["worker_class"]) == (1, "sync")
