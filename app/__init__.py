"""Application factory: configuration, extensions, blueprints, error pages, commands."""

from __future__ import annotations

from flask import Flask

from app.config import PROJECT_ROOT, finalise_config, resolve_config


def create_app(config: type | dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=str(PROJECT_ROOT / "instance"))
    if isinstance(config, dict):
        app.config.from_object(resolve_config("testing" if config.get("TESTING") else None))
        app.config.update(config)
    else:
        app.config.from_object(config or resolve_config())
    finalise_config(app.config, PROJECT_ROOT / "instance")

    from app.core.pagination import IdConverter

    app.url_map.converters["id"] = IdConverter

    from app.core.control_chars import refuse_in_address

    refuse_in_address(app)  # the first before-request hook: before any lookup
    _init_extensions(app)
    _register_blueprints(app)
    _register_rules(app)
    _register_event_kinds(app)

    from app.core import redact

    redact.init_app(app)

    from app.core.errors import register_error_handlers
    from app.core.security import (
        add_security_headers,
        hide_server_version,
        keep_language_in_links,
        trust_proxy,
    )
    from app.core.templating import register_template_helpers

    register_error_handlers(app)
    add_security_headers(app)
    hide_server_version()
    keep_language_in_links(app)
    register_template_helpers(app)

    from app import cli

    cli.register(app)
    cli.register_scheduled(app)

    from app import ops
    from app.ops import cli as ops_cli

    ops_cli.register(app)
    ops.init_app(app)
    trust_proxy(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app.core.db import configure_sqlite
    from app.core.security import select_locale
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from app.accounts.services import user_for_session_token

        return user_for_session_token(token)

    with app.app_context():
        configure_sqlite(db.engine)

    from app.core import fragments, pagecache

    pagecache.init_app(app)
    fragments.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from app.accounts import bp as accounts_bp
    from app.admin import bp as admin_bp
    from app.committee import bp as committee_bp
    from app.focusgroups import bp as focusgroups_bp
    from app.forum import bp as forum_bp
    from app.moderation import bp as moderation_bp
    from app.moderation import init_app as init_moderation
    from app.networks import bp as networks_bp
    from app.notifications import bp as notifications_bp
    from app.notifications.setup import init_app as init_notifications
    from app.ops import bp as ops_bp
    from app.pages import bp as pages_bp
    from app.privacy import bp as privacy_bp
    from app.proposals import bp as proposals_bp
    from app.surveys import bp as surveys_bp

    app.register_blueprint(ops_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(networks_bp)
    app.register_blueprint(forum_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(committee_bp)
    init_moderation(app)
    app.register_blueprint(admin_bp)
    app.register_blueprint(focusgroups_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(notifications_bp)
    init_notifications(app)
    app.register_blueprint(privacy_bp)


def _register_event_kinds(app: Flask) -> None:
    """Every kind of event and audit entry, declared by the feature that records it."""
    from app.admin import events as admin_events
    from app.committee import events as committee_events
    from app.core import guard
    from app.core.vocabulary import register_kinds
    from app.focusgroups import events as focusgroup_events
    from app.forum import events as forum_events
    from app.moderation import events as moderation_events
    from app.networks import events as network_events
    from app.privacy import events as privacy_events
    from app.proposals import events as proposal_events
    from app.surveys import events as survey_events

    register_kinds(app, *guard.KINDS, *network_events.KINDS, *forum_events.KINDS,
                   *proposal_events.KINDS, *moderation_events.KINDS, *committee_events.KINDS,
                   *focusgroup_events.KINDS, *survey_events.KINDS, *admin_events.KINDS,
                   *privacy_events.KINDS)


def _register_rules(app: Flask) -> None:
    from app.accounts import rules as account_rules
    from app.admin import rules as admin_rules
    from app.committee import rules as committee_rules
    from app.core.authz import expose_rules, register_staff_check
    from app.focusgroups import rules as focusgroup_rules
    from app.forum import rules as forum_rules
    from app.moderation import rules as moderation_rules
    from app.networks import rules as network_rules
    from app.notifications import rules as notification_rules
    from app.privacy import rules as privacy_rules
    from app.proposals import rules as proposal_rules
    from app.surveys import rules as survey_rules

    expose_rules(app, accounts=account_rules, networks=network_rules, forum=forum_rules,
                 proposals=proposal_rules, moderation=moderation_rules, committee=committee_rules,
                 admin=admin_rules, focusgroups=focusgroup_rules, surveys=survey_rules,
                 notifications=notification_rules, privacy=privacy_rules)
    register_staff_check(app, account_rules.is_admin)
    register_staff_check(app, network_rules.is_any_moderator)
    register_staff_check(app, committee_rules.is_any_committee_member)
