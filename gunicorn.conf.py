"""Gunicorn settings for Borgernet, all from the environment (gunicorn reads this file from
the working directory by itself: `gunicorn` or `gunicorn wsgi:app` in the project folder).

WEB_CONCURRENCY    worker processes (default: 2 per CPU core + 1)
GUNICORN_THREADS   threads per worker (default 1: sync workers; more gives gthread workers)
BIND / HOST, PORT  where to listen (default 127.0.0.1:8000; behind a TLS proxy)
GUNICORN_TIMEOUT   seconds before a silent worker is killed and replaced (default 30)
GUNICORN_MAX_REQUESTS  recycle a worker after this many requests (default 0: never)
LOG_FORMAT=json    gunicorn's own log lines as JSON, like the app's

Keep DB_POOL_SIZE (default 5) at least GUNICORN_THREADS: each thread may hold one database
connection; workers x (DB_POOL_SIZE + DB_MAX_OVERFLOW) must stay below PostgreSQL's
max_connections (100 by default) summed over every app server.
No access log: the app's JSON request lines carry what is needed, without addresses.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "wsgi:app"
bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"
# Sync workers, one request at a time per process, and enough processes to keep the cores busy
# while some wait for the database (gunicorn's own advice: 2 per core + 1). Measured on 2 cores
# (bench/README.md): the same throughput as 2 processes x 4 threads for cached pages and more for
# the pages that reach the database, with a p99 of 67-93 ms instead of 130-210 ms there; threads
# in one process wait for each other's Python work (the GIL) after every database answer.
# Sync workers need a buffering proxy in front (nginx does so by default) for slow clients.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Each worker imports the app itself: no database connection is shared across a fork.
preload_app = False
# The worker heartbeat on tmpfs, so a slow disk cannot make healthy workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Trust X-Forwarded-Proto (https) only from the proxy in front (a comma list of addresses).
# The client address the app (and its rate limits) sees comes from TRUSTED_PROXY_HOPS instead.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "borgernet")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    # Replaces gunicorn's defaults as a whole (it merges only the top-level keys). The root
    # logger is left to the app, which installs its own JSON handler in every worker.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "root": {"level": loglevel.upper(), "handlers": []},
        "formatters": {"json": {"()": "app.ops.logs.JsonFormatter"}},
        "handlers": {"error_console": {"class": "logging.StreamHandler", "formatter": "json",
                                       "stream": "ext://sys.stderr"}},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"],
                               "propagate": False, "qualname": "gunicorn.error"},
            "gunicorn.access": {"level": loglevel.upper(), "handlers": [], "propagate": False,
                                "qualname": "gunicorn.access"},
        },
    }
