"""The background job queue (app/core/jobs.py) on the real Redis, with the real worker command
(`flask jobs work --burst`) and a real SMTP server on loopback. E-mail is the job: the
password-reset mail must reach the person even when the SMTP server is down for a while, and
the page must answer at once either way."""

from __future__ import annotations

import logging
import re
import time
import uuid

import pytest
import redis
from rq import Queue

from tests.accounts.test_password_reset import SENT, mailed_link, path_of, request_reset
from tests.accounts.test_routes import Users, text
from tests.conftest import _free_port

EMAIL = "mette@example.org"


@pytest.fixture
def users(app) -> Users:
    return Users(app)


@pytest.fixture
def queue(app, redis_url, monkeypatch):
    """A queue of this test's own on the real Redis; failed jobs are tried again after 1 s."""
    name = f"borgernet-test-{uuid.uuid4().hex}"
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", redis_url)
    monkeypatch.setitem(app.config, "JOBS_QUEUE", name)
    monkeypatch.setitem(app.config, "JOBS_RETRY_INTERVALS", (1, 1))
    connection = redis.Redis.from_url(redis_url)
    queue = Queue(name, connection=connection)
    yield queue
    for job_id in queue.failed_job_registry.get_job_ids():
        queue.failed_job_registry.remove(job_id, delete_job=True)
    queue.delete(delete_jobs=True)
    connection.delete(*connection.keys(f"rq:*{name}*") or ["-"])


@pytest.fixture
def jobs_log():
    """What app/core/jobs.py logs during the test."""
    records: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("borgernet.jobs")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def work(app) -> str:
    """What a worker does when it runs now: the due jobs, then it stops."""
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    return result.output


def status(app, exit_code: int = 0) -> str:
    result = app.test_cli_runner().invoke(args=["jobs", "status"])
    assert result.exit_code == exit_code, result.output
    return result.output


def test_the_mail_waits_on_the_queue_and_the_worker_delivers_it(app, client, users, smtp_server,
                                                                queue):
    users.add(pseudonym="Mette", email=EMAIL)
    response = request_reset(client, EMAIL)
    assert response.status_code == 302
    assert SENT in text(client.get(response.headers["Location"]))
    assert smtp_server.messages == [] and queue.count == 1
    assert "waiting 1," in status(app)

    job_id = queue.job_ids[0]
    work(app)
    assert queue.count == 0 and len(smtp_server.messages) == 1
    assert not queue.connection.exists(f"rq:job:{job_id}"), "a delivered mail is not kept"
    assert smtp_server.messages[0]["Subject"] == "Ny adgangskode til Borgernet"
    assert smtp_server.messages[0]["To"] == EMAIL
    assert client.get(path_of(mailed_link(smtp_server))).status_code == 200
    work(app)
    assert len(smtp_server.messages) == 1, "a delivered mail is not sent again"


def test_a_mail_is_tried_again_while_the_smtp_server_is_down(app, client, users, smtp_server,
                                                             queue, monkeypatch):
    users.add(pseudonym="Mette", email=EMAIL)
    smtp_port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", _free_port())  # nothing listens there
    assert request_reset(client, EMAIL).status_code == 302

    work(app)
    assert smtp_server.messages == []
    assert queue.scheduled_job_registry.count == 1, "the failed delivery waits for a new try"
    assert queue.failed_job_registry.count == 0
    assert "waiting to be tried again 1," in status(app)

    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_port)  # the server is back
    time.sleep(1.2)
    work(app)
    assert len(smtp_server.messages) == 1 and smtp_server.messages[0]["To"] == EMAIL
    assert queue.scheduled_job_registry.count == 0 and queue.failed_job_registry.count == 0


def test_a_mail_that_never_gets_through_is_kept_among_the_failed_jobs(app, client, users, queue,
                                                                      monkeypatch):
    users.add(pseudonym="Mette", email=EMAIL)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", _free_port())
    assert request_reset(client, EMAIL).status_code == 302
    for _ in range(3):  # the first try and one per pause
        work(app)
        time.sleep(1.2)
    assert queue.failed_job_registry.count == 1 and queue.scheduled_job_registry.count == 0
    told = status(app, exit_code=1)  # a monitoring check sees it
    assert "failed 1" in told
    failure = re.search(r"^failed: e-mail \S+, \d{4}-\d\d-\d\d \d\d:\d\d UTC: (.+)$", told, re.M)
    assert failure and "Connection refused" in failure.group(1), told
    assert EMAIL not in told  # nothing of what the mail held


def test_without_a_reachable_queue_the_mail_goes_at_once(app, client, users, smtp_server,
                                                         monkeypatch, jobs_log):
    users.add(pseudonym="Mette", email=EMAIL)
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", f"redis://127.0.0.1:{_free_port()}/0")
    assert request_reset(client, EMAIL).status_code == 302
    assert len(smtp_server.messages) == 1
    assert any("Job queue unreachable" in line for line in jobs_log)


def test_a_failed_mail_without_a_queue_is_logged_and_the_page_still_answers(app, client, users,
                                                                           monkeypatch, jobs_log):
    users.add(pseudonym="Mette", email=EMAIL)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", _free_port())
    response = request_reset(client, EMAIL)
    assert response.status_code == 302
    assert SENT in text(client.get(response.headers["Location"]))
    assert "Job failed: e-mail reset_password" in jobs_log


def test_the_worker_command_needs_a_queue(app):
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0 and "No job queue" in result.output
