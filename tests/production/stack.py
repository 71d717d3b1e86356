"""The production set-up, started for real in tests: app processes under gunicorn with the shipped
settings (lms.gunicorn_conf), nginx in front with the shipped site (deploy/nginx.conf, its ports and
paths adapted), PostgreSQL and Redis shared; and a small browser that keeps cookies."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from lms.config import PROJECT_ROOT

BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET_KEY = "test-secret-key"  # the test app's own: cookies it makes are good everywhere


def needs_the_production_stores() -> list[pytest.MarkDecorator]:
    """These tests run in the PostgreSQL pass of the suite (CI's), with nginx installed."""
    if os.environ.get("LMS_TEST_DATABASE") != "postgresql":
        return [pytest.mark.skip(reason="runs on PostgreSQL (the suite's second pass)")]
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if os.environ.get("CI"):
            raise RuntimeError("nginx is missing: .ci/run installs it")
        return [pytest.mark.skip(reason="nginx is not installed (apt-get install nginx-light)")]
    return []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process for port {port} ended with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def app_environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": SECRET_KEY,
        "PROXY_FIX": "true",
        **extra,
    }


@dataclass
class Backend:
    port: int
    process: subprocess.Popen

    def workers(self) -> list[int]:
        """The process ids of gunicorn's workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


@dataclass
class Stack:
    folder: Path
    proxy_port: int
    backends: list[Backend]
    nginx: subprocess.Popen
    processes: list[subprocess.Popen] = field(default_factory=list)

    def upstreams_used(self) -> list[str]:
        """The backend of each proxied request so far, in order ("127.0.0.1:PORT")."""
        log = (self.folder / "upstream.log").read_text().split()
        return [entry for entry in log if entry != "-"]

    def stop(self) -> None:
        for process in [self.nginx, *(backend.process for backend in self.backends)]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [self.nginx, *(backend.process for backend in self.backends)]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def start_backend(environment: dict[str, str], workers: int) -> Backend:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "python:lms.gunicorn_conf", "lms.wsgi:app"],
        env={**environment, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        cwd=PROJECT_ROOT,
    )
    return Backend(port, process)


def nginx_site(static: Path, backends: list[Backend], port: int) -> str:
    """deploy/nginx.conf, listening on `port`, to these backends, static files from `static`."""
    site = (PROJECT_ROOT / "deploy" / "nginx.conf").read_text()
    servers = "".join(
        f"    server 127.0.0.1:{backend.port} max_fails=3 fail_timeout=10s;\n"
        for backend in backends
    )
    site, count = re.subn(r"(?m)^    server 127\.0\.0\.1:8000 .*\n", servers, site)
    assert count == 1, "deploy/nginx.conf changed shape: adapt the test"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    return site.replace("alias /srv/sse-academy/static/;", f"alias {static}/;")


def start_stack(folder: Path, environment: dict[str, str], backends: int, workers: int) -> Stack:
    static = folder / "static"
    subprocess.run(
        [str(BIN / "lms"), "assets", "export", str(static)],
        env=environment, check=True, capture_output=True,
    )  # fmt: skip
    started = [start_backend(environment, workers) for _ in range(backends)]
    proxy_port = free_port()
    (folder / "site.conf").write_text(nginx_site(static, started, proxy_port))
    temp = folder / "nginx-temp"
    temp.mkdir()
    # nginx started by root hands its work to "nobody", who may not read the test's folder.
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    log_format upstream '$upstream_addr';
    access_log {folder}/upstream.log upstream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/site.conf;
}}
""")
    nginx = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf"),
         "-p", str(folder), "-e", str(folder / "nginx-error.log")],
    )  # fmt: skip
    stack = Stack(folder, proxy_port, started, nginx)
    try:
        for backend in started:
            wait_for(backend.port, backend.process)
        wait_for(proxy_port, nginx)
    except RuntimeError:
        stack.stop()
        raise
    return stack


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """Requests to one port, keeping cookies as a browser does; no redirect followed."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict | list) -> Answer:
        return self.request("POST", path, urlencode(form))

    def request(self, method: str, path: str, body: str | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Accept-Language": "en", "User-Agent": "stack-test"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self._keep(value)
        headers_read = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, headers_read, text)

    def _keep(self, header: str) -> None:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(
            attribute.strip().lower() in ("max-age=0",)
            or attribute.strip().lower().startswith("expires=thu, 01 jan 1970")
            for attribute in attributes
        )
        if expired or value == "":
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


def hidden_field(page: str, name: str) -> str:
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)[0]
    return re.search(r'value="([^"]+)"', field)[1]


def csrf_token(page: str) -> str:
    return hidden_field(page, "csrf_token")
