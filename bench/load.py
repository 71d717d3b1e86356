"""How fast the learner's pages are made, beside the framework's own floor.

Starts the app under gunicorn with the production settings (sync workers), and a bare Flask "hello"
app under the same settings; logs in a learner through the login form (and 16 more, who send the
quiz in turn, as a cohort's learners would: `--submitters`); then drives each page with
wrk (Debian's `wrk` package), alternating rounds of every page with rounds of "hello" in one run,
and prints requests per second, median and 95th-percentile latency, errors, and the ratio of each
page's throughput to hello's. On SQLite (a throw-away database), or on PostgreSQL with
`--database postgresql` (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test: its
schema is rebuilt, so give it a scratch database).

    .venv/bin/python bench/load.py                      # every page, 16 connections, SQLite
    .venv/bin/python bench/load.py --database postgresql
    .venv/bin/python bench/load.py --connections 50 --pages lesson   # the latency target
    .venv/bin/python bench/load.py --without-replay   # every page made by the application

wrk asks for the same address with the same cookie again and again: after the first request, a
page is answered from memory (lms.core.replay) while nothing it shows has changed. With
`--without-replay` (REPLAY_SECONDS=0) every request is made by the application, as a page seen
for the first time, or after a change, is.

For scale, a third app under the same settings, made of the parts every signed-in request of the
application stands on (Flask, Flask-Login, the application's session cookie and form token,
Flask-WTF's CSRF check) and nothing else, no database: a bare signed-in page, a few lines of
template with a form's token ("page floor (bare)", measured in the same rounds whenever a page
is), and a bare signed-in form post, its CSRF check and a redirect ("form floor (bare)", whenever
a form is): what no page, and no form, of this stack can beat on this machine. Each page and form
is printed as a share of its floor too ("x bare"): what it keeps of the bare app's rate.

On Linux, a second table says where the two cores went in each round (bench/processor.py reads
/proc): the processor time per request of the server's processes, of PostgreSQL's, of wrk's and
of the whole machine, how busy the cores were, and for a row with a target, the processor time
per request that its target leaves the whole machine (its cores, fully busy, at target x hello
requests per second): a row whose machine time is above that cannot reach its target here,
however the time is shared out.

Targets (issue 21): lesson, module, catalogue and quiz pages at least 0.5 x hello; quiz submission
and "mark complete" at least 0.25 x hello; the lesson page's 95th percentile under 100 ms at 50
connections, with no errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import processor

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "bench@example.org", "bench password 2023"
MODULE = "sse-game-changer"
TARGETS = {
    "lesson": 0.5,
    "module": 0.5,
    "catalogue": 0.5,
    "quiz": 0.5,
    "submit quiz": 0.25,
    "mark complete": 0.25,
}
PAGE_FLOOR, FORM_FLOOR = "page floor (bare)", "form floor (bare)"
# Each page's or form's own floor, for its "x bare" ratio: what it keeps of the bare app's rate.
FLOOR_OF = {
    "lesson": PAGE_FLOOR,
    "module": PAGE_FLOOR,
    "catalogue": PAGE_FLOOR,
    "quiz": PAGE_FLOOR,
    "mark complete": FORM_FLOOR,
    "submit quiz": FORM_FLOOR,
}
# One page, or a form sent again and again by one or more senders in turn (each a session cookie
# and a body), with a fresh quiz token (TOKEN) each time.
WRK_SCRIPT = """
local method, senders = "{method}", {{ {senders} }}
local seq = 0
request = function()
  if method == "GET" then return wrk.format("GET") end
  seq = seq + 1
  local sender = senders[seq % #senders + 1]
  local token = string.format("bench%08d%05d%s", seq, math.random(0, 99999), "{salt}")
  wrk.headers["Cookie"] = sender[1]
  local filled = sender[2]:gsub("TOKEN", token)
  return wrk.format("POST", nil, nil, filled)
end
"""
# Prints the figures wrk measured as one parseable line; a request that is not a 2xx or 3xx
# answer counts as an error.
WRK_REPORT = """
local bad = 0
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local rps = summary.requests / (summary.duration / 1e6)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status + bad
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\\n", rps,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors, summary.requests))
end
"""
HELLO_APP = """
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
"""


FLOOR_APP = """
from flask import Flask, redirect, render_template
from flask_login import LoginManager, UserMixin, login_required, login_user
from flask_wtf.csrf import CSRFProtect, generate_csrf
from jinja2 import DictLoader

from lms.core import form_tokens
from lms.core.cookie_session import CookieSessions

app = Flask(__name__)
app.secret_key = "bench"
app.config["WTF_CSRF_TIME_LIMIT"] = None  # as the application's: tokens signed once per session
app.session_interface = CookieSessions()  # the application's session cookie, verified once
CSRFProtect(app)
form_tokens.init_app(app)  # the application's form token, signed once per session
login_manager = LoginManager(app)


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return User(user_id)


@app.get("/login")
def log_in():
    login_user(User("1"))
    return generate_csrf()


@app.post("/")
@login_required
def post():
    return redirect("/next")


app.jinja_loader = DictLoader({"page.html": (
    '<!doctype html><html lang="en"><title>Page</title><p>{{ current_user.id }}</p>'
    '<form method="post" action="/"><input name="csrf_token" value="{{ csrf_token() }}">'
    '<button>Sign out</button></form></html>'
)})


@app.get("/")
@login_required
def page():
    return render_template("page.html")
"""


@dataclass
class Use:
    """Processor time per request in a round, in milliseconds: the server's processes, the
    database server's (PostgreSQL), wrk's and the whole machine's; and the share of the cores'
    time that was busy."""

    server: float
    database: float | None
    wrk: float
    machine: float
    busy: float


@dataclass
class Figures:
    rps: float
    median_ms: float
    p95_ms: float
    errors: int
    requests: int
    use: Use | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


def gunicorn(app: str, port: int, env: dict, workers: int, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", app],
        env=env, cwd=cwd,
    )  # fmt: skip


def lms(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "lms"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def submitters(count: int) -> list[str]:
    """The emails of the learners who send the quiz in turn."""
    return [f"submitter{number}@example.org" for number in range(count)]


# The bench's learners, with one password, hashed once.
CREATE_LEARNERS = """
import sys
from lms import create_app
from lms.auth import service
from lms.extensions import db
with create_app().app_context():
    password_hash = service.hash_password(sys.argv[1])
    for email in sys.argv[2:]:
        service.create_user(email, email.split("@")[0], password_hash)
    db.session.commit()
"""


def prepare(folder: Path, database: str, replay: bool = True, learners: int = 0) -> dict:
    """A content copy whose module 1 allows endless quiz attempts, a migrated database, the
    learner whose pages are measured (EMAIL) and `learners` more who send the quiz (see
    `submitters`); returns the environment the app runs with."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    module_yaml = content / "modules" / "01-sse-game-changer" / "module.yaml"
    module_yaml.write_text(
        re.sub(
            r"^max_attempts: \d+", "max_attempts: 100000000", module_yaml.read_text(), flags=re.M
        )
    )
    env = {
        **os.environ,
        "SECRET_KEY": "bench",
        "CONTENT_DIR": str(content),
        "LMS_INSTANCE_PATH": str(folder),
        "REPLAY_SECONDS": "60" if replay else "0",
    }
    if database == "postgresql":
        env["DATABASE_URL"] = os.environ.get(
            "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
        )
        reset = "from lms import create_app; from lms.extensions import db; from sqlalchemy import text\napp = create_app()\nwith app.app_context():\n    db.session.execute(text('DROP SCHEMA public CASCADE')); db.session.execute(text('CREATE SCHEMA public')); db.session.commit()"  # noqa: E501
        subprocess.run([str(BIN / "python"), "-c", reset], env=env, check=True)
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    lms(env, "db", "upgrade")
    emails = [EMAIL, *submitters(learners)]
    subprocess.run([str(BIN / "python"), "-c", CREATE_LEARNERS, PASSWORD, *emails],
                   env=env, check=True)  # fmt: skip
    return env


def request(port: int, method: str, path: str, body: str = "", cookie: str = ""):
    """(status, page, cookie): the cookie the answer set, else the one sent."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Cookie": cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    cookies = [v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    return response.status, page, "; ".join(cookies) or cookie


def log_in(port: int, email: str = EMAIL) -> tuple[str, str, str]:
    """Through the login form as a browser would: the session cookie, a CSRF token and the quiz
    page, once the learner has read module 1 and sent its quiz once."""
    _status, page, cookie = request(port, "GET", "/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    status, _page, cookie = request(port, "POST", "/login", form, cookie)
    assert status == 302, "login failed"
    # Logging in starts a new session, so the forms' token is read again from a page.
    _status, page, cookie = request(port, "GET", "/account", cookie=cookie)
    token = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    for lesson in lessons(port, cookie):
        status, _page, _c = request(
            port, "POST", f"/modules/{MODULE}/lessons/{lesson}/complete",
            urlencode({"csrf_token": token}), cookie,
        )  # fmt: skip
        assert status == 302, status
    _status, quiz, _c = request(port, "GET", f"/modules/{MODULE}/quiz", cookie=cookie)
    # What wrk will send must be a graded submission (a redirect to its result), not a form
    # shown again with errors: the figures would then measure the wrong thing.
    check = "bench-check-" + re.sub(r"[^a-z0-9]", "-", email)  # a token of this learner's own
    body = quiz_body(quiz, token).replace("TOKEN", check)
    status, _page, _c = request(port, "POST", f"/modules/{MODULE}/quiz", body, cookie)
    assert status == 302, f"the quiz submission was not graded ({status})"
    return cookie, token, quiz


def floor_log_in(port: int) -> tuple[str, str]:
    """The bare app's session cookie and CSRF token."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/login")
    response = connection.getresponse()
    token = response.read().decode()
    return response.getheader("Set-Cookie").split(";")[0], token


def lessons(port: int, cookie: str) -> list[str]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", f"/modules/{MODULE}", headers={"Cookie": cookie})
    page = connection.getresponse().read().decode()
    return list(dict.fromkeys(re.findall(rf"/modules/{MODULE}/lessons/([a-z0-9-]+)", page)))


def quiz_body(quiz_page: str, token: str) -> str:
    """A full set of answers to the quiz form, with TOKEN where each request puts a fresh one,
    and the questions' language, as a browser sends them."""
    language = re.search(r'name="language" type="hidden" value="([^"]+)"', quiz_page)
    fields = [("csrf_token", token), ("token", "TOKEN"), ("language", language[1])]
    for tag in re.findall(r"<input [^>]*>", quiz_page):
        name = re.search(r'name="(q-[a-z0-9-]+)"', tag)
        value = re.search(r'value="([^"]+)"', tag)
        if name and value and not any(existing == name[1] for existing, _v in fields):
            fields.append((name[1], value[1]))
    return urlencode(fields)


def run_wrk(
    url: str, senders: list[tuple[str, str]], connections: int, duration: int, method="GET"
) -> Figures:
    """GET with the first sender's cookie (none for an anonymous page), or POST each sender's
    (cookie, body) in turn."""
    listed = ", ".join(f'{{"{cookie}", "{body}"}}' for cookie, body in senders)
    script = WRK_SCRIPT.format(method=method, senders=listed, salt=os.getpid())
    headers = ["-H", "Accept-Encoding: gzip", "-H", "Accept-Language: en"]
    if method == "GET" and senders and senders[0][0]:
        headers += ["-H", f"Cookie: {senders[0][0]}"]
    if method == "POST":
        headers += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    return wrk(url, script, connections, duration, headers)


def wrk(url: str, script: str, connections: int, duration: int, headers=()) -> Figures:
    """Run wrk with this Lua script (the report of WRK_REPORT is added) and read its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script + WRK_REPORT)
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "-s", file.name, *headers, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(file.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    rps, median, p95, errors, requests = line.split()[1:]
    return Figures(float(rps), float(median), float(p95), int(errors), int(requests))


def measured(run: Callable[[], Figures], server: int, database: bool) -> Figures:
    """The round `run` makes, with the processor time its requests took (on Linux): `server`
    is the gunicorn master whose workers answer them, `database` whether PostgreSQL's
    processes count."""
    if not processor.available():
        return run()
    database_processes = processor.named("postgres") if database else []
    servers = processor.family(server)
    before = (
        processor.seconds(servers),
        processor.seconds(database_processes),
        processor.children_seconds(),
        processor.machine(),
    )
    figures = run()
    served = processor.seconds(servers) - before[0]
    queried = processor.seconds(database_processes) - before[1]
    waited = processor.children_seconds() - before[2]
    busy, elapsed = (now - then for now, then in zip(processor.machine(), before[3], strict=True))
    per_request = 1000 / max(figures.requests, 1)
    figures.use = Use(
        served * per_request,
        queried * per_request if database else None,
        waited * per_request,
        busy * per_request,
        busy / elapsed if elapsed else 0.0,
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=5, help="seconds per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", nargs="*", help="only these pages (names as printed)")
    parser.add_argument("--without-replay", action="store_true", help="no answers from memory")
    parser.add_argument(
        "--submitters",
        type=int,
        default=16,
        help="learners who send the quiz in turn (at most 29: the login limit)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare(folder, args.database, not args.without_replay, args.submitters)
        (folder / "hello.py").write_text(HELLO_APP)
        (folder / "floor.py").write_text(FLOOR_APP)
        app_port, hello_port, floor_port = free_port(), free_port(), free_port()
        servers = [
            gunicorn("lms.wsgi:app", app_port, env, args.workers, ROOT),
            gunicorn("hello:app", hello_port, {**os.environ, "PYTHONPATH": tmp}, args.workers,
                     folder),
            gunicorn("floor:app", floor_port, {**os.environ, "PYTHONPATH": tmp},
                     args.workers, folder),
        ]  # fmt: skip
        try:
            for port in (app_port, hello_port, floor_port):
                wait_for(port)
            cookie, token, _quiz = log_in(app_port)
            senders = [log_in(app_port, email) for email in submitters(args.submitters)]
            floor_cookie, floor_token = floor_log_in(floor_port)
            base = f"http://127.0.0.1:{app_port}"
            lesson = lessons(app_port, cookie)[1]
            learner = [(cookie, "")]
            # (method, address, senders: each a session cookie and a body)
            every_page = {
                "lesson": ("GET", f"{base}/modules/{MODULE}/lessons/{lesson}", learner),
                "module": ("GET", f"{base}/modules/{MODULE}", learner),
                "catalogue": ("GET", f"{base}/", learner),
                "quiz": ("GET", f"{base}/modules/{MODULE}/quiz", learner),
                "login (anonymous)": ("GET", f"{base}/login", []),
                "mark complete": (
                    "POST", f"{base}/modules/{MODULE}/lessons/{lesson}/complete",
                    [(cookie, urlencode({"csrf_token": token}))],
                ),
                # From other learners, so that the measured learner's record stays a learner's
                # (attempts by the thousand would weigh on their module page and catalogue).
                "submit quiz": (
                    "POST", f"{base}/modules/{MODULE}/quiz",
                    [(sender, quiz_body(quiz, csrf)) for sender, csrf, quiz in senders],
                ),
                PAGE_FLOOR: (
                    "GET", f"http://127.0.0.1:{floor_port}/", [(floor_cookie, "")]
                ),
                FORM_FLOOR: (
                    "POST", f"http://127.0.0.1:{floor_port}/",
                    [(floor_cookie, urlencode({"csrf_token": floor_token}))],
                ),
            }  # fmt: skip
            wanted = set(args.pages or every_page)
            wanted |= {FLOOR_OF[name] for name in wanted if name in FLOOR_OF}  # with their floors
            pages = {name: page for name, page in every_page.items() if name in wanted}
            # The gunicorn master answering each port, for the processor time of its workers.
            master = dict(
                zip((app_port, hello_port, floor_port), (s.pid for s in servers), strict=True)
            )
            on_postgresql = args.database == "postgresql"
            hello_url = f"http://127.0.0.1:{hello_port}/"
            hello: list[Figures] = []
            results: dict[str, list[Figures]] = {name: [] for name in pages}
            for _round in range(args.rounds):
                for name, (method, url, page_senders) in pages.items():
                    hello.append(
                        measured(
                            partial(run_wrk, hello_url, [], args.connections, args.duration),
                            master[hello_port], database=False,
                        )
                    )  # fmt: skip
                    port = urlsplit(url).port
                    results[name].append(
                        measured(
                            partial(run_wrk, url, page_senders, args.connections,
                                    args.duration, method),
                            master[port], database=on_postgresql and port == app_port,
                        )
                    )  # fmt: skip
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
                server.wait()
    floor = statistics.median(figures.rps for figures in hello)
    rates = {
        name: statistics.median(figures.rps for figures in rounds)
        for name, rounds in results.items()
    }
    print(f"database: {args.database}, gunicorn --workers {args.workers} (sync), "
          f"wrk -t1 -c{args.connections}, {args.rounds} rounds of {args.duration} s, "
          f"replay {'off' if args.without_replay else 'on'}")  # fmt: skip
    print(f"{'page':<20} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7} "
          f"{'x hello':>8} {'x bare':>7}")  # fmt: skip
    print(f"{'hello (the floor)':<20} {floor:>8.0f} {'':>10} {'':>8} {'':>7} {1:>8.2f}")
    missed = []
    for name, rounds in results.items():
        rps = rates[name]
        median = statistics.median(figures.median_ms for figures in rounds)
        p95 = statistics.median(figures.p95_ms for figures in rounds)
        errors = sum(figures.errors for figures in rounds)
        ratio = rps / floor
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if ratio >= target else f"BELOW {target}")
        if target is not None and (ratio < target or errors):
            missed.append(name)
        own_floor = rates.get(FLOOR_OF.get(name, ""))
        of_floor = f"{rps / own_floor:>7.2f}" if own_floor else f"{'':>7}"
        figures = f"{rps:>8.0f} {median:>10.1f} {p95:>8.1f} {errors:>7} {ratio:>8.2f} {of_floor}"
        print(f"{name:<20} {figures} {verdict}")
    print_use(floor, hello, results)
    return 1 if missed else 0


def print_use(floor: float, hello: list[Figures], results: dict[str, list[Figures]]) -> None:
    """Each row's processor time per request (the median of its rounds) beside what its target
    leaves: at `target` x hello's rate, the machine's cores, fully busy, have `cores / rate` of
    processor time for each request, for everything the machine does for it (the server, the
    database, wrk, the kernel)."""
    if not processor.available() or any(figures.use is None for figures in hello):
        return
    cores = os.cpu_count() or 1
    print(f"\nprocessor time per request, ms ({cores} cores, from /proc): in the server's "
          "processes, PostgreSQL's, wrk's, and the whole machine's;\nhow busy the cores were; "
          "the machine's time per request at the target rate (all a request may use)")  # fmt: skip
    print(f"{'page':<20} {'server':>7} {'database':>9} {'wrk':>6} {'machine':>8} {'busy':>5} "
          f"{'target':>7}")  # fmt: skip
    for name, rounds in {"hello (the floor)": hello, **results}.items():
        uses = [figures.use for figures in rounds if figures.use is not None]
        if not uses:
            continue
        server, wrk, machine, busy = (
            statistics.median(getattr(use, part) for use in uses)
            for part in ("server", "wrk", "machine", "busy")
        )
        databases = [use.database for use in uses if use.database is not None]
        database = f"{statistics.median(databases):.2f}" if databases else "-"
        target = TARGETS.get(name)
        allowed = f"{cores / (target * floor) * 1000:>7.2f}" if target else ""
        print(f"{name:<20} {server:>7.2f} {database:>9} {wrk:>6.2f} {machine:>8.2f} "
              f"{busy:>5.0%} {allowed}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
