"""gunicorn's settings for `make serve` (`gunicorn -c python:lms.gunicorn_conf lms.wsgi:app`).

BIND (default 127.0.0.1:8000) and WEB_CONCURRENCY (default: two processes per core, at least two)
come from the environment. Workers are synchronous: a request is short, and any slow work goes to
a background job; a slow client is the reverse proxy's to buffer.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, 2 * (os.cpu_count() or 1)))
worker_class = "sync"
timeout = 60  # a request taking longer is stuck: its worker is replaced
graceful_timeout = 30  # on restart, requests under way may finish
max_requests = 20000  # workers are renewed now and then, not all at once
max_requests_jitter = 2000
preload_app = True  # content and assets read once, then shared by the forked workers
accesslog = os.environ.get("ACCESS_LOG")  # e.g. "-" for stdout; the proxy keeps one already
forwarded_allow_ips = "127.0.0.1"  # gunicorn's own reading of X-Forwarded-Proto, as ProxyFix
