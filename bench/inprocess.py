"""The application's own time per request, in-process: no server, no network, no load tool.

Builds the app with the production settings (as bench/load.py prepares them: a content copy whose
module 1 allows endless attempts, a migrated database, two learners who have read module 1), then
calls it as a WSGI server would, with a learner's cookie, many times over, and prints the best
mean of five runs per request, in milliseconds, and the CPU time this process spent in that
run (the rest is waiting, mostly for PostgreSQL): the learner's pages as the application makes
them (answers from memory off: REPLAY_SECONDS=0), "mark complete" for a lesson done before, a
quiz submission (a new attempt each time, by the other learner), and a bare signed-in page and
form post of the same framework parts (bench/load.py's FLOOR_APP) for scale. Steadier than
bench/load.py's ratios, which also count the server, the kernel and wrk on the same two cores.

    .venv/bin/python bench/inprocess.py                      # SQLite
    .venv/bin/python bench/inprocess.py --database postgresql   # DATABASE_URL, a scratch database
    .venv/bin/python bench/inprocess.py --profile "submit quiz"  # and where that one's time goes
    SORT=tottime LINES=80 .venv/bin/python bench/inprocess.py --profile "submit quiz"
    CALLERS=local.py:310 .venv/bin/python bench/inprocess.py --profile quiz  # who calls those
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load
from bench.timing import best_run


def caller(app, environ_base: dict, cookie: str) -> Callable[..., Callable[[], None]]:
    """A function making a request function: the same request each call, but for TOKEN in the
    body, replaced by a new value each time."""

    def request(method: str, path: str, body: str = "", status: str = "200") -> Callable[[], None]:
        from werkzeug.test import EnvironBuilder

        headers = {"Cookie": cookie, "Accept-Encoding": "gzip", "Accept-Language": "en"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        base = EnvironBuilder(
            path=path, method=method, environ_base=environ_base, headers=headers
        ).get_environ()
        count = [0]

        def call() -> None:
            count[0] += 1
            data = body.replace("TOKEN", f"bench-request-{count[0]:016d}").encode()
            environ = {**base, "wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data))}
            answered: list[str] = []
            for _chunk in app(environ, lambda line, _headers, _exc=None: answered.append(line)):
                pass
            if not answered[0].startswith(status):
                raise RuntimeError(f"{method} {path} answered {answered[0]}, not {status}")

        return call

    return request


def signed_in(app, email: str, password: str):
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "email": email, "password": password}
    if client.post("/login", data=form).status_code != 302:
        raise RuntimeError("login failed")
    page = client.get("/account").text
    token = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
    return client, cookie, token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--count", type=int, default=1000, help="requests per run")
    parser.add_argument("--profile", help="profile this request (a name as printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(load.prepare(Path(tmp), args.database, replay=False, learners=1))
        from lms import create_app

        app = create_app()
        module = f"/modules/{load.MODULE}"
        client, cookie, token = signed_in(app, load.EMAIL, load.PASSWORD)
        lessons = list(dict.fromkeys(re.findall(rf"{module}/lessons/([a-z0-9-]+)",
                                                client.get(module).text)))  # fmt: skip
        request = caller(app, client.environ_base, cookie)
        # The quiz is sent by another learner, so that the measured learner's record stays a
        # learner's (thousands of attempts would weigh on their module page and catalogue).
        submitter, submitter_cookie, submitter_token = signed_in(
            app, load.submitters(1)[0], load.PASSWORD
        )
        for signed_in_client, csrf in ((client, token), (submitter, submitter_token)):
            for lesson in lessons:
                signed_in_client.post(
                    f"{module}/lessons/{lesson}/complete", data={"csrf_token": csrf}
                )
        quiz_body = load.quiz_body(submitter.get(f"{module}/quiz").text, submitter_token)
        send_quiz = caller(app, submitter.environ_base, submitter_cookie)
        page_floor, form_floor = bare_floors()
        requests = {
            "lesson": request("GET", f"{module}/lessons/{lessons[1]}"),
            "module": request("GET", module),
            "catalogue": request("GET", "/"),
            "quiz": request("GET", f"{module}/quiz"),
            "mark complete": request(
                "POST", f"{module}/lessons/{lessons[1]}/complete",
                urlencode({"csrf_token": token}), "302",
            ),
            "submit quiz": send_quiz("POST", f"{module}/quiz", quiz_body, "302"),
            load.PAGE_FLOOR: page_floor,
            load.FORM_FLOOR: form_floor,
        }  # fmt: skip
        print(f"database: {args.database}, in-process, best mean of 5 runs of {args.count}")
        print(f"{'':<20} {'time':>10} {'CPU':>10}")
        for name, call in requests.items():
            wall, cpu = best_run(call, args.count)
            print(f"{name:<20} {wall:7.3f} ms {cpu:7.3f} ms")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(lambda: [requests[args.profile]() for _ in range(args.count)])
            report = io.StringIO()
            order, lines = os.environ.get("SORT", "cumulative"), int(os.environ.get("LINES", "50"))
            stats = pstats.Stats(profile, stream=report).sort_stats(order)
            stats.print_stats(lines)
            if os.environ.get("CALLERS"):
                stats.print_callers(os.environ["CALLERS"])
            print(report.getvalue())
    return 0


def bare_floors() -> tuple[Callable[[], None], Callable[[], None]]:
    """bench/load.py's bare signed-in page and form post, signed in and ready to be called."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "floor.py").write_text(load.FLOOR_APP)
        sys.path.insert(0, tmp)
        from floor import app  # type: ignore[import-not-found]

        sys.path.remove(tmp)
    client = app.test_client()
    token = client.get("/login").text
    cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
    request = caller(app, client.environ_base, cookie)
    return request("GET", "/"), request("POST", "/", urlencode({"csrf_token": token}), "302")


if __name__ == "__main__":
    sys.exit(main())
